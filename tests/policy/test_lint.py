"""The law lint as a library: what the onplanetz example gets, and how findings are made."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lint_edits import EU_ONLY, EXAMPLE, onplanetz, variant

from mamori.policy import load_policy_source
from mamori.policy.lint import SEVERITIES, Finding, _registry, check_policy, rules, rules_markdown

DOCS = Path(__file__).resolve().parents[2] / "docs" / "lint.md"

ONPLANETZ_FINDINGS = {
    ("APPI-32-PUBLIC-FACTS", "organization.address"),
    ("APPI-32-PUBLIC-FACTS", "organization.representative"),
    ("APPI-27-5-JOINT-USE-FACTS", "joint_use_note"),
    ("APPI-32-REQUEST-KINDS", "rights.request_kinds"),
    ("TBA-27-12-TRACKER-FACTS", "cookies.site_cookie"),
    ("TBA-27-12-TRACKER-FACTS", "modules.google_analytics"),
    ("APPI-23-SECURITY-KINDS", "security_measures"),
    ("APPI-29-RECIPIENT-UNNAMED", "provisions.third_party_offers.recipient_description"),
}


def _pairs(findings: list[Finding]) -> set[tuple[str, str]]:
    return {(finding.rule, finding.location) for finding in findings}


def test_onplanetz_gets_exactly_the_findings_its_text_deserves() -> None:
    assert _pairs(check_policy(onplanetz())) == ONPLANETZ_FINDINGS


def test_onplanetz_has_no_error_level_finding() -> None:
    assert all(finding.severity != "error" for finding in check_policy(onplanetz()))


def test_findings_name_their_place_in_the_file_when_given_the_source_map() -> None:
    policy, source_map = load_policy_source(EXAMPLE)
    address = next(
        f for f in check_policy(policy, source_map) if f.location == "organization.address"
    )
    # organization.address is absent: the place is that of its nearest ancestor, organization.
    assert address.place == f"{EXAMPLE}:{source_map.locate(('organization',))[0]}:1"


def test_findings_have_no_place_without_a_source_map() -> None:
    assert all(finding.place is None for finding in check_policy(onplanetz()))


def test_findings_come_most_severe_first() -> None:
    policy = variant({"provisions.third_party_offers.basis": "sale"})
    ranks = [SEVERITIES.index(finding.severity) for finding in check_policy(policy)]
    assert ranks == sorted(ranks)


def test_a_finding_serialises_with_its_path_place_article_and_fix() -> None:
    policy, source_map = load_policy_source(EXAMPLE)
    finding = check_policy(policy, source_map)[0]
    assert finding.to_dict() == {
        "rule": finding.rule,
        "severity": finding.severity,
        "message": finding.message,
        "path": finding.location,
        "place": finding.place,
        "citation": finding.citation,
        "fix": finding.fix,
    }


def test_paths_print_list_indices_in_brackets() -> None:
    policy = variant({"rights.fees": [{"request": "correction", "amount": 500}]})
    fee = next(f for f in check_policy(policy) if f.rule == "APPI-38-FEE-NOT-ALLOWED")
    assert fee.location == "rights.fees[0]"


def test_japanese_rules_do_not_run_on_a_policy_under_the_gdpr_only() -> None:
    findings = check_policy(variant(EU_ONLY))
    assert not [f for f in findings if f.rule.startswith("APPI-32")]


def test_the_citation_names_only_the_laws_that_apply() -> None:
    tracker = next(f for f in check_policy(onplanetz()) if f.rule == "TBA-27-12-TRACKER-FACTS")
    assert "ePrivacy" not in tracker.citation


def test_a_rule_that_fails_becomes_an_error_finding_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_registry, "_REGISTRY", dict(_registry._REGISTRY))

    @_registry.rule("TEST-BROKEN", severity="info", citation="none", fix="none")
    def broken(policy: object) -> list[_registry.Hit]:
        """A rule with a bug."""
        raise KeyError("boom")

    broken_findings = [f for f in check_policy(onplanetz()) if f.rule == "TEST-BROKEN"]
    assert [f.severity for f in broken_findings] == ["error"]


def test_rule_ids_are_stable_upper_case_words() -> None:
    for registered in rules():
        assert re.fullmatch(r"[A-Z][A-Z0-9]*(-[A-Z0-9]+)+", registered.id), registered.id


def test_every_rule_has_a_summary_a_citation_and_a_fix() -> None:
    for registered in rules():
        assert registered.summary, registered.id
        assert registered.citation, registered.id
        assert registered.fix, registered.id


def test_a_rule_id_cannot_be_registered_twice() -> None:
    with pytest.raises(ValueError, match="twice"):
        _registry.rule("SOC-2-UNUSED-ITEM", severity="info", citation="x", fix="x")(
            lambda policy: []
        )


def test_docs_lint_md_lists_the_rules_as_the_registry_has_them() -> None:
    # Regenerate with: python -m mamori.policy.lint, pasted between the rules markers.
    assert rules_markdown() in DOCS.read_text(encoding="utf-8")


def test_a_rule_of_both_laws_cites_only_the_gdpr_on_an_eu_only_policy() -> None:
    policy = variant(EU_ONLY, {"rights.refusal_grounds": []})
    refusal = next(f for f in check_policy(policy) if f.rule == "OP-15-REFUSAL-GROUNDS")
    assert refusal.citation == "OP-15; GDPR Art. 12(5)"
