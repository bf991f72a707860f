"""`must_report`: the four APPI triggers and the encryption exemption; the GDPR's risk
judgement; each reason named with its source."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from mamori.incidents import Incident, must_report
from mamori.policy import Policy

LEARNED = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def incident(**fields: object) -> Incident:
    base = Incident(
        id="i1",
        kind="leak",
        status="open",
        learned_at=LEARNED,
        recorded_at=LEARNED,
        occurred_at=None,
        items=("email",),
        persons_estimate=10,
        summary="A mailing list was sent with every address visible.",
        encrypted=False,
        wrongful=False,
        gdpr_risk="unlikely",
        gdpr_risk_reason="addresses of ten persons, sent to each other",
    )
    return replace(base, **fields)  # type: ignore[arg-type]


def test_a_small_leak_of_ordinary_items_is_not_reportable_under_the_appi(
    clinic_policy: Policy,
) -> None:
    found = must_report(incident(), clinic_policy)
    assert not found.appi_report
    assert found.keys == ("appi.no_trigger", "gdpr.unlikely_risk")
    assert not found.must_report


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({"items": ("email", "health")}, "appi.sensitive"),
        ({"items": ("card",)}, "appi.financial_harm"),
        ({"wrongful": True}, "appi.wrongful_act"),
        ({"persons_estimate": 1001}, "appi.over_1000_persons"),
    ],
)
def test_each_trigger_requires_a_report_and_a_notice_naming_itself(
    clinic_policy: Policy, fields: dict[str, object], key: str
) -> None:
    found = must_report(incident(**fields), clinic_policy)
    assert found.appi_report
    assert found.appi_notify_persons
    assert [reason.key for reason in found.reasons if reason.law == "APPI"] == [key]


def test_the_reason_names_the_items_that_trigger_it(clinic_policy: Policy) -> None:
    found = must_report(incident(items=("card", "email", "health")), clinic_policy)
    by_key = {reason.key: reason for reason in found.reasons}
    assert by_key["appi.sensitive"].items == ("health",)
    assert by_key["appi.sensitive"].source == "規則7(1)"
    assert by_key["appi.financial_harm"].items == ("card",)


def test_exactly_1000_persons_is_not_over_1000(clinic_policy: Policy) -> None:
    assert not must_report(incident(persons_estimate=1000), clinic_policy).appi_report


def test_high_grade_encryption_exempts_from_the_appi_report(clinic_policy: Policy) -> None:
    found = must_report(incident(items=("health",), encrypted=True), clinic_policy)
    assert not found.appi_report
    assert not found.appi_notify_persons
    assert found.keys[:2] == ("appi.sensitive", "appi.high_grade_encryption")
    assert found.reasons[1].effect == "exempt"


def test_an_unjudged_gdpr_risk_means_report(clinic_policy: Policy) -> None:
    found = must_report(incident(gdpr_risk=None, gdpr_risk_reason=None), clinic_policy)
    assert found.gdpr_report
    assert "gdpr.risk_not_assessed" in found.keys


def test_unlikely_risk_is_not_reported_and_keeps_the_operators_reason(
    clinic_policy: Policy,
) -> None:
    found = must_report(incident(), clinic_policy)
    reason = next(reason for reason in found.reasons if reason.law == "GDPR")
    assert (reason.key, reason.effect) == ("gdpr.unlikely_risk", "no_report")
    assert reason.detail == "addresses of ten persons, sent to each other"


def test_a_high_risk_means_telling_the_persons_unless_encrypted(clinic_policy: Policy) -> None:
    high = must_report(incident(gdpr_risk="high", gdpr_risk_reason="cards"), clinic_policy)
    assert high.gdpr_report
    assert high.gdpr_notify_persons
    encrypted = must_report(incident(gdpr_risk="high", encrypted=True), clinic_policy)
    assert encrypted.gdpr_report
    assert not encrypted.gdpr_notify_persons
    assert "gdpr.encrypted" in encrypted.keys


def test_only_the_policys_jurisdictions_are_assessed(clinic_policy: Policy) -> None:
    japan_only = clinic_policy.model_copy(update={"jurisdictions": ["JP"]})
    found = must_report(incident(gdpr_risk=None), japan_only)
    assert not found.gdpr_applies
    assert not any(reason.law == "GDPR" for reason in found.reasons)
