"""The app factory: the notice at / and /notice.md in the reader's language, and /healthz."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pytest
from fastapi import APIRouter, Depends
from fastapi.testclient import TestClient

from mamori.api import create_app, current_policy
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
