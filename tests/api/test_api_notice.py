"""The app factory: the notice at / and /notice.md in the reader's language, and /healthz."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pytest
from fastapi import APIRouter, Depends
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from mamori.anonymize import ReleaseRecord, record_release
from mamori.api import create_app, current_policy
from mamori.db import create_engine
from mamori.errors import NotFoundError
from mamori.policy import Policy, load_policy

ONPLANETZ = Path(__file__).resolve().parents[2] / "examples" / "onplanetz" / "policy.yaml"


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy(ONPLANETZ)


@pytest.fixture(scope="module")
def client(policy: Policy) -> TestClient:
    return TestClient(create_app(policy))


def test_notice_is_served_in_the_policy_default_language(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["content-language"] == "ja"
    assert '<html lang="ja">' in response.text


def test_lang_parameter_chooses_the_language(client: TestClient) -> None:
    response = client.get("/", params={"lang": "en"}, headers={"Accept-Language": "ja"})
    assert response.headers["content-language"] == "en"
    assert "<h1>Privacy policy</h1>" in response.text


def test_accept_language_prefers_a_language_the_policy_is_written_in(client: TestClient) -> None:
    response = client.get("/", headers={"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.8"})
    assert response.headers["content-language"] == "en"


def test_accept_language_alone_may_choose_a_translated_language(client: TestClient) -> None:
    response = client.get("/", headers={"Accept-Language": "fr-CA, de;q=0.5"})
    assert response.headers["content-language"] == "fr"
    assert "Cette politique n'est pas rédigée en français" in response.text


def test_accept_language_quality_zero_is_a_refusal(client: TestClient) -> None:
    response = client.get("/", headers={"Accept-Language": "en;q=0, fr;q=bad"})
    assert response.headers["content-language"] == "ja"


def test_an_unknown_lang_is_a_422(client: TestClient) -> None:
    assert client.get("/", params={"lang": "de"}).status_code == 422


def test_the_page_has_a_language_switch(client: TestClient) -> None:
    text = client.get("/", params={"lang": "en"}).text
    assert '<a href="?lang=ja" lang="ja" hreflang="ja">日本語</a>' in text
    assert 'hreflang="en" aria-current="page">English</a>' in text
    assert "?lang=fr" not in text  # onplanetz is not written in French


def test_the_page_may_load_nothing_but_its_inline_style(client: TestClient) -> None:
    headers = client.get("/").headers
    assert headers["content-security-policy"].startswith("default-src 'none'")
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["vary"] == "Accept-Language"


def test_markdown_notice(client: TestClient) -> None:
    response = client.get("/notice.md", params={"lang": "en"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/markdown; charset=utf-8"
    assert response.text.startswith("# Privacy policy\n")


def test_healthz_names_the_policy(client: TestClient, policy: Policy) -> None:
    assert client.get("/healthz").json() == {
        "status": "ok",
        "policy": "onplanetz",
        "version": "2018-10-05",
        "content_hash": policy.content_hash,
    }


def test_routers_can_be_added_and_reach_the_policy(policy: Policy) -> None:
    router = APIRouter()

    @router.get("/policy-name")
    def policy_name(current: Annotated[Policy, Depends(current_policy)]) -> dict[str, str]:
        return {"name": current.name}

    @router.get("/missing")
    def missing() -> None:
        raise NotFoundError("no subject 's-1'")

    client = TestClient(create_app(policy, routers=[router]))
    assert client.get("/policy-name").json() == {"name": "onplanetz"}
    response = client.get("/missing")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "no subject 's-1'"}


# -- with the register's engine: the recorded APPI announcements are published ----------------


def _record_anonymously_processed(engine: Engine, items: list[str], created_at: str) -> None:
    with engine.begin() as connection:
        record_release(
            connection,
            ReleaseRecord(
                kind="anonymously_processed",
                items=("gender",),
                records=800,
                announcement={"created_at": created_at, "items": items},
            ),
        )


def test_the_notice_publishes_what_the_register_recorded(policy: Policy, engine: Engine) -> None:
    _record_anonymously_processed(engine, ["gender", "年代"], "2026-04-01T10:00:00+09:00")
    client = TestClient(create_app(policy, engine=engine))
    page = client.get("/", params={"lang": "ja"}).text
    assert '<h2 id="anonymously_processed-title">10. 匿名加工情報</h2>' in page
    assert "<td>性別、年代</td>" in page
    assert "<td>第三者には提供していません</td>" in page
    markdown = client.get("/notice.md", params={"lang": "en"}).text
    assert "| April 1, 2026 | Gender, 年代 | Not provided to third parties |" in markdown


def test_a_set_recorded_after_a_page_was_served_shows_at_the_next_request(
    policy: Policy, engine: Engine
) -> None:
    client = TestClient(create_app(policy, engine=engine))
    assert "Anonymously processed information" not in client.get("/notice.md").text
    _record_anonymously_processed(engine, ["birth_year"], "2026-05-02T10:00:00+09:00")
    assert "| 2026年5月2日 | 生まれ年 |" in client.get("/notice.md").text


def test_without_an_engine_the_notice_shows_the_policy_alone(client: TestClient) -> None:
    assert "anonymously_processed" not in client.get("/", params={"lang": "en"}).text


def test_a_database_the_notice_cannot_read_is_a_clear_error(
    policy: Policy, database_url: str
) -> None:
    empty = create_engine(database_url)  # no schema: the releases table is missing
    try:
        response = TestClient(create_app(policy, engine=empty)).get("/")
    finally:
        empty.dispose()
    assert response.status_code == 500
    assert response.json()["code"] == "config_error"
    assert "cannot read the records the notice publishes" in response.json()["message"]
