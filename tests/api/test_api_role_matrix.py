"""The role × endpoint matrix, generated from the route table: for every API route and every
kind of caller (anonymous, a person, each staff role of the policy), the answer is a refusal
exactly when the route's requirements and the policy's roles say so."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient
from tests.api.conftest import STAFF_ROLES, Clients

from mamori.api.auth import RequirePermission, require_staff, require_subject
from mamori.policy import Policy

# Rules that mean "not for you"; anything else (404, 409, 422, a purpose the register refuses)
# means the route let the caller in.
_GATE_RULES = {"unauthenticated", "permission", "staff_only", "subject_only"}


@dataclass(frozen=True)
class Requirement:
    signed_in: bool
    staff: bool
    subject: bool
    permission: str | None


def requirement(route: APIRoute) -> Requirement:
    calls = set()
    pending = list(route.dependant.dependencies)
    while pending:
        dependant = pending.pop()
        calls.add(dependant.call)
        pending.extend(dependant.dependencies)
    permissions = [call.permission for call in calls if isinstance(call, RequirePermission)]
    staff = require_staff in calls or bool(permissions)
    subject = require_subject in calls
    signed_in = (
        staff
        or subject
        or any(getattr(call, "__name__", "") == "current_principal" for call in calls)
    )
    return Requirement(signed_in, staff, subject, permissions[0] if permissions else None)


def api_routes(app: FastAPI) -> list[tuple[str, str, APIRoute]]:
    return [
        (method, context.path, context.route)
        for context in iter_route_contexts(app.router.routes)
        if isinstance(context.route, APIRoute) and context.path.startswith("/api/v1")
        for method in sorted(set(context.methods or ()) - {"HEAD"})
        if not context.path.startswith("/api/v1/auth")
    ]


def expected_refusal(need: Requirement, caller: str, policy: Policy) -> bool:
    if caller == "anonymous":
        return need.signed_in
    if caller == "person":
        return need.staff
    role = policy.roles[STAFF_ROLES[caller]]
    if need.subject:
        return True
    return need.permission is not None and need.permission not in role.permissions


def call(client: TestClient, method: str, path: str) -> tuple[int, str | None]:
    concrete = re.sub(r"\{[^}]+\}", "x1", path)
    answer = client.request(method, concrete, json={})
    rule = None
    if answer.headers.get("content-type", "").startswith("application/json"):
        body = answer.json()
        rule = body.get("rule") if isinstance(body, dict) else None
    return answer.status_code, rule


@pytest.mark.parametrize("caller", ["anonymous", "person", *STAFF_ROLES])
def test_each_cell_is_allowed_or_refused_as_the_roles_say(clients: Clients, caller: str) -> None:
    if caller == "anonymous":
        client = clients.anonymous()
    elif caller == "person":
        client = clients.person()
    else:
        client = clients.staff(caller)
    policy = clients.shop.policy
    wrong: list[str] = []
    routes = api_routes(clients.app)
    assert len(routes) > 30

    for method, path, route in routes:
        if (method, path) == ("DELETE", "/api/v1/me"):
            continue  # ends the person's account: its own test below
        status, rule = call(client, method, path)
        refused = status in (401, 403) and rule in _GATE_RULES
        if refused != expected_refusal(requirement(route), caller, policy):
            wrong.append(f"{method} {path}: {status} {rule}")

    assert wrong == []


def test_deleting_an_account_is_for_the_person_only(clients: Clients) -> None:
    officer = clients.staff("officer")

    answer = officer.delete("/api/v1/me")

    assert answer.status_code == 403
    assert answer.json()["rule"] == "subject_only"
