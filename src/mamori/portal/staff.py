"""The staff console: the request queue and each request's steps, provisions (declared, or a
legal exception with its justification), records, the audit log and its verification,
entrustees, joint use and modules, and incidents with their deadlines and notices. Each action
runs as the signed-in staff member, whose roles the policy checks as for the API."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from mamori.api.auth import Principal, admitted, now_of
from mamori.api.sessions import client_of, start_session
from mamori.errors import AccessDeniedError, MamoriError
from mamori.portal._forms import Form, form_of
from mamori.portal._pages import page, policy_of, signed_in_or_none, to, words
from mamori.register import Register, has_permission

__all__ = ["router"]

router = APIRouter(prefix="/portal/staff", include_in_schema=False)


def _register(request: Request) -> Register:
    register: Register = request.app.state.register
    return register


async def _staff(request: Request) -> Principal:
    principal = await admitted(request, signed_in_or_none(request))
    if principal.is_subject:
        raise AccessDeniedError("this is the staff console", rule="staff_only")
    return principal


StaffUser = Annotated[Principal, Depends(_staff)]


def _require(request: Request, staff: Principal, permission: str) -> None:
    if not has_permission(policy_of(request), staff.actor, permission):
        raise AccessDeniedError(
            f"this needs a role with the permission {permission}", rule="permission"
        )


@router.get("/sign-in", response_class=HTMLResponse)
def sign_in_form(request: Request) -> HTMLResponse:
    return page(request, "staff_sign_in.html", title=words(request)("staff_sign_in"))


@router.post("/sign-in", response_class=HTMLResponse)
async def sign_in(request: Request) -> Response:
    from mamori.accounts import verify_staff_password
    from mamori.api.auth import now_of

    form = await form_of(request)
    try:
        account = verify_staff_password(
            _register(request),
            form.text("staff_id"),
            form.text("password"),
            client=client_of(request),
            now=now_of(request),
        )
    except MamoriError as error:
        return page(
            request,
            "staff_sign_in.html",
            title=words(request)("staff_sign_in"),
            error=error,
            status=401,
        )
    response = to("/portal/staff")
    start_session(request, response, "staff", account.id)
    return response


@router.get("", response_class=HTMLResponse)
def queue(request: Request, staff: StaffUser) -> HTMLResponse:
    from mamori.api.auth import now_of
    from mamori.rights import queue as request_queue

    _require(request, staff, "requests.handle")
    with _register(request).engine.connect() as connection:
        entries = request_queue(connection, now_of(request))
    return page(request, "staff_queue.html", title=words(request)("queue"), entries=entries)


@router.get("/requests/{request_id}", response_class=HTMLResponse)
def request_page(request: Request, staff: StaffUser, request_id: str) -> HTMLResponse:
    return _request_page(request, staff, request_id)


@router.post("/requests/{request_id}/{step}", response_class=HTMLResponse)
async def request_step(request: Request, staff: StaffUser, request_id: str, step: str) -> Response:
    form = await form_of(request)
    try:
        with _register(request).session() as session:
            _run_step(session, staff, request_id, step, form)
    except MamoriError as error:
        return _request_page(request, staff, request_id, error=error, status=error.http_status)
    return to(f"/portal/staff/requests/{request_id}", notice="saved")


def _run_step(session: Any, staff: Principal, request_id: str, step: str, form: Form) -> None:
    from mamori import rights

    actor = staff.actor
    if step == "verify":
        rights.verify_identity(session, actor, request_id, form.text("method"))
    elif step == "fee":
        rights.settle_fee(session, actor, request_id, reference=form.text("reference") or None)
    elif step == "start":
        rights.start(session, actor, request_id)
    elif step == "fulfil":
        rights.fulfil_request(session, actor, request_id)
    elif step == "refuse":
        rights.refuse(session, actor, request_id, form.text("ground"), form.text("reason"))
    else:
        raise AccessDeniedError(f"no step '{step}'", rule="form")


def _request_page(
    request: Request,
    staff: Principal,
    request_id: str,
    *,
    error: MamoriError | None = None,
    status: int = 200,
) -> HTMLResponse:
    from mamori.rights import show

    with _register(request).session() as session:
        found = show(session, staff.actor, request_id)
    policy = policy_of(request)
    return page(
        request,
        "staff_request.html",
        title=f"{words(request)('queue')}: {found.id}",
        entry=found,
        methods=[method.kind for method in policy.rights.verification],
        grounds=list(policy.rights.refusal_grounds),
        error=error,
        status=status,
    )


@router.get("/provisions", response_class=HTMLResponse)
def provisions(request: Request, staff: StaffUser) -> HTMLResponse:
    _require(request, staff, "provisions.run")
    return _provisions_page(request)


@router.post("/provisions", response_class=HTMLResponse)
async def run_provision(request: Request, staff: StaffUser) -> Response:
    from mamori.provision import AdHocRecipient, provide

    _require(request, staff, "provisions.run")
    form = await form_of(request)
    subject_ids = [line.strip() for line in form.text("subject_ids").splitlines() if line.strip()]
    exception = form.text("exception")
    try:
        with _register(request).session() as session:
            if exception:
                done = provide(
                    session,
                    staff.actor,
                    subject_ids,
                    exception=exception,
                    recipient=AdHocRecipient(name=form.text("recipient_name")),
                    items=form.texts("items"),
                    justification=form.text("justification"),
                    requester_reference=form.text("requester_reference"),
                )
            else:
                done = provide(session, staff.actor, subject_ids, provision=form.text("provision"))
    except MamoriError as error:
        return _provisions_page(request, error=error, status=error.http_status)
    # The values go to the recipient through the API (or the CLI), not to a web page.
    return _provisions_page(request, result={"provided": done.provided, "skipped": done.skipped})


def _provisions_page(
    request: Request,
    *,
    error: MamoriError | None = None,
    status: int = 200,
    result: dict[str, Any] | None = None,
) -> HTMLResponse:
    policy = policy_of(request)
    return page(
        request,
        "staff_provisions.html",
        title=words(request)("provisions"),
        provisions=policy.provisions,
        exceptions=policy.legal_exceptions,
        items=policy.items,
        result=result,
        error=error,
        status=status,
    )


@router.get("/records", response_class=HTMLResponse)
def records(request: Request, staff: StaffUser) -> HTMLResponse:
    from mamori.provision import list_records

    _require(request, staff, "records.read")
    with _register(request).engine.connect() as connection:
        found = list_records(connection)
    return page(request, "staff_records.html", title=words(request)("records"), records=found)


@router.get("/audit", response_class=HTMLResponse)
def audit(request: Request, staff: StaffUser, subject_id: str | None = None) -> HTMLResponse:
    _require(request, staff, "audit.read")
    register = _register(request)
    events = register.audit.query(
        register.engine, subject_id=subject_id or None, newest_first=True, limit=200
    )
    report = register.audit.verify(register.engine) if request.query_params.get("verify") else None
    return page(
        request, "staff_audit.html", title=words(request)("audit"), events=events, report=report
    )


@router.get("/sharing", response_class=HTMLResponse)
def sharing(request: Request, staff: StaffUser) -> HTMLResponse:
    from mamori.provision import entrustees_of, sharing_for, supervision_log

    policy = policy_of(request)
    with _register(request).engine.connect() as connection:
        log = supervision_log(connection)
    return page(
        request,
        "staff_sharing.html",
        title=words(request)("sharing"),
        entrustees=entrustees_of(policy),
        sharing=sharing_for(policy, policy.items),
        log=log,
    )


@router.get("/security", response_class=HTMLResponse)
def security(request: Request, staff: StaffUser) -> HTMLResponse:
    """The policy's security measures and the officer in charge (OP-14), as the notice
    states them; `mamori doctor` checks the deployment itself."""
    policy = policy_of(request)
    return page(
        request,
        "staff_security.html",
        title=words(request)("security"),
        measures=policy.security_measures,
        officer=policy.organization.privacy_officer,
    )


@router.get("/incidents", response_class=HTMLResponse)
def incidents(request: Request, staff: StaffUser) -> HTMLResponse:
    return _incidents_page(request, staff)


@router.post("/incidents/{incident_id}/notify", response_class=HTMLResponse)
async def notify_incident(request: Request, staff: StaffUser, incident_id: str) -> Response:
    """Queue a notice to every person concerned not yet told, each in their own language, with
    where they can ask (the form's, else the policy's contact)."""
    from mamori.incidents import notify_affected

    form = await form_of(request)
    try:
        with _register(request).session() as session:
            notify_affected(session, staff.actor, incident_id, contact=form.text("contact") or None)
    except MamoriError as error:
        return _incidents_page(request, staff, error=error, status=error.http_status)
    return to("/portal/staff/incidents", notice="notices_queued")


def _incidents_page(
    request: Request, staff: Principal, *, error: MamoriError | None = None, status: int = 200
) -> HTMLResponse:
    from mamori.incidents import list_incidents

    # A session, not a bare connection: listing incidents is audited (and refused unless the
    # role has incidents.manage).
    with _register(request).session() as session:
        entries = list_incidents(session, staff.actor, now=now_of(request))
    return page(
        request,
        "staff_incidents.html",
        title=words(request)("incidents"),
        entries=entries,
        error=error,
        status=status,
    )
