"""WOX-7 and WOX-8 over HTTP (SEED-PROMISES.md): registration data reaches only the signed-in
user and the staff in charge; the server runs behind TLS; the session cookie is an opaque random
token, HttpOnly, Secure and SameSite. On SQLite and PostgreSQL; TLS with a real server."""

from __future__ import annotations

import datetime as dt
import os
import ssl
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from seed_http import SeedSite, seed_site
from tests.servers import first_answer, free_port

ROOT = Path(__file__).resolve().parents[2]
EMAIL = "usagi.taro@example.jp"


@pytest.fixture
def site(database_url: str, tmp_path: Path) -> Iterator[SeedSite]:
    with seed_site("wox", database_url, tmp_path) as opened:
        yield opened


# -- WOX-7: visible only to the signed-in user and the staff in charge -------------------------


def test_wox7_the_signed_in_user_sees_their_registration_and_no_one_elses(
    site: SeedSite,
) -> None:
    user = site.person(EMAIL)
    other = site.person("other@example.jp")
    user_id = user.get("/api/v1/auth/session").json()["id"]

    mine = user.get("/api/v1/me")
    theirs = other.get("/api/v1/me")
    reaching = other.get(f"/api/v1/subjects/{user_id}/items", params={"purpose": "contact"})

    assert EMAIL in mine.text
    assert EMAIL not in theirs.text
    assert reaching.status_code == 403
    assert EMAIL not in reaching.text


def test_wox7_without_signing_in_nothing_is_reachable(site: SeedSite) -> None:
    user_id = site.person(EMAIL).get("/api/v1/auth/session").json()["id"]
    anonymous = site.anonymous()

    answers = [
        anonymous.get("/api/v1/me"),
        anonymous.get(f"/api/v1/subjects/{user_id}/items", params={"purpose": "contact"}),
    ]

    assert [answer.status_code for answer in answers] == [401, 401]
    assert all(EMAIL not in answer.text for answer in answers)


def test_wox7_only_the_staff_in_charge_reach_registration_data(site: SeedSite) -> None:
    user_id = site.person(EMAIL).get("/api/v1/auth/session").json()["id"]
    path = f"/api/v1/subjects/{user_id}/items"

    in_charge = site.staff("staff_in_charge").get(path, params={"purpose": "contact"})
    manager = site.staff("manager").get(path, params={"purpose": "contact"})

    assert in_charge.status_code == 200
    assert in_charge.json()["values"]["email"] == EMAIL
    assert manager.status_code == 403
    assert EMAIL not in manager.text


def test_wox7_https_answers_carry_hsts(site: SeedSite) -> None:
    answer = site.anonymous().get("/healthz")

    assert answer.headers["strict-transport-security"].startswith("max-age=")


def _self_signed(folder: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.mark.slow
def test_wox7_mamori_serve_speaks_tls(tmp_path: Path) -> None:
    cert, key = _self_signed(tmp_path)
    home, port = tmp_path / "home", free_port()
    mamori = [sys.executable, "-m", "mamori"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    subprocess.run([*mamori, "init", "--home", str(home)], check=True, capture_output=True, env=env)
    server = subprocess.Popen(
        [
            *mamori,
            "serve",
            "--policy",
            str(ROOT / "examples" / "wox" / "policy.yaml"),
            "--home",
            str(home),
            "--port",
            str(port),
            "--ssl-certfile",
            str(cert),
            "--ssl-keyfile",
            str(key),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    trusted = ssl.create_default_context(cafile=str(cert))
    try:
        answer = first_answer(f"https://localhost:{port}/healthz", verify=trusted)
        with pytest.raises(httpx.TransportError):
            httpx.get(f"http://localhost:{port}/healthz")
    finally:
        server.terminate()
        server.wait(timeout=10)

    assert answer.status_code == 200
    assert answer.headers["strict-transport-security"].startswith("max-age=")


# -- WOX-8: the session cookie identifies no one ------------------------------------------------


def test_wox8_the_session_cookie_is_an_opaque_random_token(site: SeedSite) -> None:
    first = site.anonymous()
    second = site.anonymous()
    signed_up = [
        client.post(
            "/api/v1/auth/sign-up",
            json={"values": {"email": email}, "consents": [], "language": "ja"},
        )
        for client, email in ((first, EMAIL), (second, "other@example.jp"))
    ]
    cookies = [answer.headers["set-cookie"] for answer in signed_up]
    tokens = [client.cookies["mamori_session"] for client in (first, second)]
    user_id = signed_up[0].json()["id"]

    assert all(answer.status_code == 201 for answer in signed_up)
    for cookie in cookies:
        attributes = {part.strip().lower() for part in cookie.split(";")}
        assert {"httponly", "secure", "samesite=lax"} <= attributes
    assert tokens[0] != tokens[1]
    assert all(len(token) >= 32 for token in tokens)
    assert user_id not in tokens[0]
    assert "usagi" not in tokens[0]
    assert "example" not in tokens[0]
