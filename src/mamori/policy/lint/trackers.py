"""Rules on cookies and information-gathering modules (Telecommunications Business Act Art. 27-12;
ePrivacy Directive Art. 5(3))."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from mamori.policy.lint._registry import Hit, rule
from mamori.policy.model import Policy

__all__: list[str] = []

_CNIL_MAX_LIFETIME = timedelta(days=395)
"""Thirteen months, the longest lifetime the CNIL accepts for a tracker."""
_TRACKER_LAWS = (
    ("JP", "Telecommunications Business Act Art. 27-12"),
    ("EU", "ePrivacy Directive Art. 5(3)"),
)


@rule(
    "TBA-27-12-TRACKER-FACTS",
    severity="warning",
    citation="Telecommunications Business Act Art. 27-12; ePrivacy Directive Art. 5(3)",
    fix="add the missing fact to the cookie or module",
)
def tracker_facts(policy: Policy) -> Iterator[Hit]:
    """A cookie or module does not say what it sends, to whom, for what, or for how long.

    For each tag or SDK that sends a user's information to someone, the operator publishes what
    is sent, the recipient and the recipient's purposes (Japan, if the service is covered), and
    a tracker's lifetime is part of the information before consent (EU).
    """
    laws = [law for jurisdiction, law in _TRACKER_LAWS if jurisdiction in policy.jurisdictions]
    cite = "; ".join(laws) or None
    for key, cookie in policy.cookies.items():
        if cookie.lifetime is None:
            yield Hit(
                ("cookies", key),
                f"cookie '{key}' does not say how long it lasts",
                fix="give lifetime: a duration (P13M) or session",
                citation=cite,
            )
    for key, module in policy.modules.items():
        path = ("modules", key)
        if not module.sends:
            yield Hit((*path, "sends"), f"module '{key}' does not say what it sends", citation=cite)
        if not module.provider_purposes:
            yield Hit(
                path,
                f"module '{key}' does not say what its provider uses the data for",
                fix="list the provider's purposes in provider_purposes",
                citation=cite,
            )
        if module.policy_url is None:
            yield Hit(
                path,
                f"module '{key}' gives no address of its provider's privacy policy",
                fix="give the provider's policy_url",
                citation=cite,
            )


@rule(
    "EPRIVACY-5-3-NOT-ESSENTIAL",
    severity="warning",
    citation="ePrivacy Directive Art. 5(3); Loi Informatique et Libertés art. 82",
    fix="give the cookie the category of the module that uses it",
    jurisdictions=("EU",),
)
def essential_cookie_of_tracker(policy: Policy) -> Iterator[Hit]:
    """A cookie marked essential that a non-essential module uses.

    Only strictly necessary storage is exempt from consent; a cookie that serves analytics or
    advertising needs consent before it is set, and Mamori asks only for non-essential ones.
    """
    for module_key, module in policy.modules.items():
        if module.category == "essential":
            continue
        for index, cookie_key in enumerate(module.cookies):
            cookie = policy.cookies.get(cookie_key)
            if cookie is not None and cookie.category == "essential":
                yield Hit(
                    ("modules", module_key, "cookies", index),
                    f"cookie '{cookie_key}' is marked essential but serves the "
                    f"{module.category} module '{module_key}'",
                )


@rule(
    "CNIL-COOKIE-LIFETIME",
    severity="warning",
    citation="CNIL Recommendation 2020-092; ePrivacy Directive Art. 5(3)",
    fix="limit the cookie's lifetime to 13 months (P13M)",
    jurisdictions=("EU",),
)
def cookie_lifetime(policy: Policy) -> Iterator[Hit]:
    """A cookie that lasts longer than 13 months.

    Consent to a tracker is asked again at least every 13 months, and an exempt analytics
    cookie may not last longer.
    """
    for key, cookie in policy.cookies.items():
        lifetime = cookie.lifetime
        if isinstance(lifetime, timedelta) and lifetime > _CNIL_MAX_LIFETIME:
            yield Hit(
                ("cookies", key, "lifetime"),
                f"cookie '{key}' lasts {lifetime.days} days",
            )
