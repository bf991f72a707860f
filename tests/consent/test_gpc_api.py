"""The API declares its support of Global Privacy Control."""

from __future__ import annotations

from fastapi.testclient import TestClient

from mamori.api import create_app
from mamori.policy import Policy


def test_well_known_gpc_says_the_signal_is_honoured(shop_policy: Policy) -> None:
    client = TestClient(create_app(shop_policy))
    response = client.get("/.well-known/gpc.json")
    assert response.status_code == 200
    assert response.json() == {"gpc": True, "lastUpdate": "2026-01-01"}
