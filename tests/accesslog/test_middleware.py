"""AccessLogMiddleware on a tiny Starlette app: each request's metadata is logged in the
background and flushed at shutdown; X-Forwarded-For counts only from a trusted proxy."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from mamori.accesslog import AccessLog, AccessLogMiddleware, read_log
from mamori.register import Actor, Register
from tests.accesslog.conftest import AGENT, SOC_ADMIN, STAFF


async def hello(request: Request) -> PlainTextResponse:
    return PlainTextResponse("hello")


def _app(log: AccessLog, **options: object) -> Starlette:
    app = Starlette(routes=[Route("/news/{n}", hello)])
    app.add_middleware(AccessLogMiddleware, access_log=log, cookie="sid", **options)  # type: ignore[arg-type]
    return app


def _read(register: Register, actor: Actor, purpose: str) -> list[dict[str, str]]:
    with register.session() as session:
        return [entry.values for entry in read_log(session, actor, purpose)]


def test_each_request_is_logged_and_flushed_at_shutdown(wox: Register) -> None:
    log = AccessLog(wox, interval=30)
    headers = {"user-agent": AGENT, "cookie": "sid=abc123; other=1"}
    with TestClient(_app(log), client=("198.51.100.20", 5000)) as client:
        assert client.get("/news/1?email=x@example.org", headers=headers).text == "hello"
        assert client.get("/news/2", headers=headers).status_code == 200
    rows = _read(wox, STAFF, "usage_analysis")
    assert [row["page"] for row in rows] == ["/news/1", "/news/2"]
    assert rows[0] == {
        "ip": "198.51.100.20",
        "cookie": "abc123",
        "user_agent": AGENT,
        "page": "/news/1",
    }


def test_forwarded_for_is_ignored_from_an_untrusted_peer(wox: Register) -> None:
    log = AccessLog(wox)
    with TestClient(_app(log), client=("198.51.100.20", 5000)) as client:
        client.get("/news/1", headers={"x-forwarded-for": "192.0.2.1"})
    assert _read(wox, STAFF, "usage_analysis")[0]["ip"] == "198.51.100.20"


def test_forwarded_for_is_honoured_from_a_trusted_proxy_and_truncated(wox: Register) -> None:
    log = AccessLog(wox, truncate_ip=True)
    app = _app(log, trusted_proxies=["10.0.0.0/8"])
    with TestClient(app, client=("10.1.2.3", 5000)) as client:
        client.get("/news/1", headers={"x-forwarded-for": "192.0.2.77, 10.0.0.9"})
    assert _read(wox, STAFF, "usage_analysis")[0]["ip"] == "192.0.2.0"


def test_a_linked_point_records_the_subject_the_app_names(soc: Register) -> None:
    log = AccessLog(soc)
    app = _app(log, subject=lambda scope: "m-7")
    with TestClient(app, client=("198.51.100.20", 5000)) as client:
        client.get("/news/1")
    with soc.session() as session:
        (entry,) = read_log(session, SOC_ADMIN, "violation_prevention")
    assert entry.subject_id == "m-7"
    assert entry.values == {"page": "/news/1"}


def test_a_peer_that_is_no_ip_address_logs_no_address(wox: Register) -> None:
    log = AccessLog(wox)
    with TestClient(_app(log)) as client:  # the test client's peer is "testclient"
        client.get("/news/1")
    (row,) = _read(wox, STAFF, "usage_analysis")
    assert "ip" not in row
