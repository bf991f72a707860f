"""Self-service over HTTP (SOC-9, WOX-7, AZ-10): a signed-in person sees, corrects, deletes and
downloads their own data, follows their requests and consents; never another's (IDOR)."""

from __future__ import annotations

import csv
import io

from tests.api.conftest import Clients


def test_a_person_sees_only_their_own_data(clients: Clients) -> None:
    alice = clients.person(email="alice@example.org")
    bob = clients.person(email="bob@example.org")

    mine = alice.get("/api/v1/me")
    theirs = bob.get("/api/v1/me")

    assert mine.status_code == theirs.status_code == 200
    assert "alice@example.org" in mine.text
    assert "bob@example.org" not in mine.text
    assert "alice@example.org" not in theirs.text


def test_a_person_corrects_and_deletes_a_voluntary_item(clients: Clients) -> None:
    person = clients.person(postal_code="1500001")

    corrected = person.patch("/api/v1/me", json={"values": {"postal_code": "1000001"}})
    after_correction = person.get("/api/v1/me").text
    deleted = person.delete("/api/v1/me/items/postal_code")
    after_deletion = person.get("/api/v1/me").text

    assert corrected.status_code == 200
    assert "1000001" in after_correction
    assert deleted.status_code == 200
    assert "1000001" not in after_deletion


def test_a_required_item_cannot_be_deleted(clients: Clients) -> None:
    person = clients.person()

    answer = person.delete("/api/v1/me/items/name")

    assert answer.status_code in (403, 409, 422)
    assert "New Person" in person.get("/api/v1/me").text


def test_a_person_downloads_everything_as_json_and_csv(clients: Clients) -> None:
    person = clients.person(email="export@example.org")

    as_json = person.get("/api/v1/me/export", params={"format": "json"})
    as_csv = person.get("/api/v1/me/export", params={"format": "csv"})

    assert as_json.status_code == as_csv.status_code == 200
    assert "export@example.org" in as_json.text
    assert as_json.headers["content-disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(as_csv.text)))
    assert any("export@example.org" in row for row in rows)


def test_a_person_withdraws_a_consent_and_gets_a_receipt(clients: Clients) -> None:
    person = clients.person()

    withdrawn = person.post(
        "/api/v1/me/consents",
        json={"targets": ["newsletter"], "decision": "withdrawn", "language": "en"},
    )
    states = {entry["target"]: entry["state"] for entry in person.get("/api/v1/me/consents").json()}
    event_id = withdrawn.json()[0]["id"]
    receipt = person.get(f"/api/v1/me/consents/receipts/{event_id}")

    assert withdrawn.status_code == 201
    assert states["newsletter"] == "withdrawn"
    assert receipt.status_code == 200
    assert receipt.json()["version"] == "KI-CR-v1.1.0"


def test_a_person_cannot_read_another_persons_receipt(clients: Clients) -> None:
    alice = clients.person(email="alice@example.org")
    bob = clients.person(email="bob@example.org")
    event_id = alice.get("/api/v1/me/consents/history").json()[0]["id"]

    answer = bob.get(f"/api/v1/me/consents/receipts/{event_id}")

    assert answer.status_code == 404
    assert "alice" not in answer.text


def test_a_person_reaches_no_staff_route_with_another_persons_id(clients: Clients) -> None:
    person = clients.person()

    answers = [
        person.get("/api/v1/subjects/m1"),
        person.get("/api/v1/subjects/m1/items", params={"purpose": "service"}),
        person.get("/api/v1/subjects/m1/consents"),
        person.post(
            "/api/v1/requests", json={"subject_id": "m1", "kind": "deletion", "channel": "online"}
        ),
    ]

    assert [answer.status_code for answer in answers] == [403, 403, 403, 403]
    assert all("m1@example.org" not in answer.text for answer in answers)


def test_a_person_files_and_follows_a_request(clients: Clients) -> None:
    person = clients.person()

    filed = person.post("/api/v1/me/requests", json={"kind": "disclosure"})
    mine = person.get("/api/v1/me/requests").json()

    assert filed.status_code == 201
    assert [entry["id"] for entry in mine] == [filed.json()["id"]]
    assert mine[0]["channel"] == "online"


def test_a_person_sees_who_read_their_data(clients: Clients) -> None:
    person = clients.person()
    me = person.get("/api/v1/auth/session").json()["id"]
    clients.staff("officer").get(f"/api/v1/subjects/{me}/items", params={"purpose": "service"})

    entries = person.get("/api/v1/me/access").json()

    assert any(entry["purpose"] == "service" for entry in entries)


def test_deleting_the_account_erases_it_and_ends_the_session(clients: Clients) -> None:
    person = clients.person(email="leaving@example.org")
    me = person.get("/api/v1/auth/session").json()["id"]

    deleted = person.delete("/api/v1/me")
    officer_view = clients.staff("officer").get(
        f"/api/v1/subjects/{me}/items", params={"purpose": "service"}
    )

    assert deleted.status_code == 204
    assert person.get("/api/v1/me").status_code == 401
    assert officer_view.status_code == 404
    assert "leaving@example.org" not in officer_view.text
