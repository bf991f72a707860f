"""The person's pages: sign up, sign in, and their own space (my data, consents, who read and
who received it, requests). Every page acts as the signed-in person on their own id only."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from mamori.api.auth import Principal, admitted, now_of
from mamori.api.sessions import client_of, end_session, link_page, start_session
from mamori.consent import ConsentTarget
from mamori.errors import AccessDeniedError, MamoriError
from mamori.policy import Policy
from mamori.portal._forms import form_of
from mamori.portal._i18n import locale_of, notice_language_of
from mamori.portal._pages import page, policy_of, signed_in_or_none, to, words
from mamori.register import Register

__all__ = ["router"]

router = APIRouter(prefix="/portal", include_in_schema=False)


def _register(request: Request) -> Register:
    register: Register = request.app.state.register
    return register


async def _person(request: Request) -> Principal:
    principal = await admitted(request, signed_in_or_none(request))
    if not principal.is_subject:
        raise AccessDeniedError("sign in as the person", rule="subject_only")
    return principal


Me = Annotated[Principal, Depends(_person)]


@router.get("", response_class=HTMLResponse)
def home(request: Request) -> Response:
    principal = signed_in_or_none(request)
    if principal is not None:
        return to("/portal/me" if principal.is_subject else "/portal/staff")
    return page(request, "home.html", title=words(request)("portal"))


@router.get("/versions", response_class=HTMLResponse)
def versions(request: Request) -> HTMLResponse:
    from mamori.versions import history

    with _register(request).engine.connect() as connection:
        entries = sorted(history(connection), key=lambda entry: entry.seq, reverse=True)
    return page(request, "versions.html", title=words(request)("versions"), versions=entries)


@router.get("/sign-in", response_class=HTMLResponse)
def sign_in_form(request: Request) -> HTMLResponse:
    return page(request, "sign_in.html", title=words(request)("sign_in"))


@router.post("/sign-in", response_class=HTMLResponse)
async def sign_in(request: Request) -> Response:
    from mamori.accounts import sign_in_subject

    form = await form_of(request)
    try:
        subject_id = sign_in_subject(
            _register(request),
            form.text("email"),
            form.text("password"),
            client=client_of(request),
            now=now_of(request),
        )
    except MamoriError as error:
        return page(
            request, "sign_in.html", title=words(request)("sign_in"), error=error, status=401
        )
    response = to("/portal/me")
    start_session(request, response, "subject", subject_id)
    return response


@router.post("/sign-in/link", response_class=HTMLResponse)
async def send_link(request: Request) -> Response:
    from mamori.accounts import issue_sign_in_link

    form = await form_of(request)
    try:
        issue_sign_in_link(
            _register(request),
            form.text("email"),
            client=client_of(request),
            base_url=link_page(request),
            now=now_of(request),
            locale=locale_of(request, policy_of(request)),
        )
    except MamoriError as error:
        return page(
            request, "sign_in.html", title=words(request)("sign_in"), error=error, status=400
        )
    return to("/portal/sign-in", notice="link_sent")


@router.get("/sign-in/link", response_class=HTMLResponse)
def redeem_link(request: Request, token: str = "") -> Response:
    from mamori.accounts import redeem_sign_in_link

    try:
        subject_id = redeem_sign_in_link(_register(request), token, now=now_of(request))
    except MamoriError as error:
        return page(
            request, "sign_in.html", title=words(request)("sign_in"), error=error, status=401
        )
    response = to("/portal/me")
    start_session(request, response, "subject", subject_id)
    return response


@router.get("/sign-up", response_class=HTMLResponse)
def sign_up_form(request: Request) -> HTMLResponse:
    return _sign_up_page(request)


@router.post("/sign-up", response_class=HTMLResponse)
async def sign_up(request: Request) -> Response:
    from mamori.accounts import sign_up as register_person
    from mamori.accounts import sign_up_point

    policy = policy_of(request)
    found = sign_up_point(policy)
    form = await form_of(request)
    if found is None:
        return _sign_up_page(request, status=404)
    _, point = found
    values = {key: form.text(key) for key in point.items if form.text(key) != ""}
    consents = [key for key in point.purposes if form.checked(f"consent:{key}")]
    try:
        subject_id = register_person(
            _register(request), values, consents, notice_language_of(request, policy)
        )
    except MamoriError as error:
        return _sign_up_page(request, error=error, status=400)
    response = to("/portal/me")
    start_session(request, response, "subject", subject_id)
    return response


@router.post("/sign-out")
async def sign_out(request: Request) -> Response:
    await admitted(request, signed_in_or_none(request))
    response = to("/portal")
    end_session(request, response)
    return response


@router.get("/me", response_class=HTMLResponse)
def my_data(request: Request, me: Me) -> HTMLResponse:
    from mamori.selfservice import my_data as read_mine

    with _register(request).session() as session:
        mine = read_mine(session, me.actor)
    return page(request, "me.html", title=words(request)("my_data"), mine=mine)


@router.post("/me", response_class=HTMLResponse)
async def correct(request: Request, me: Me) -> Response:
    from mamori.selfservice import correct as correct_mine
    from mamori.selfservice import my_data as read_mine

    form = await form_of(request)
    register = _register(request)
    with register.session() as session:
        mine = read_mine(session, me.actor)
    # Only what changed is written: an untouched field is not a correction.
    changed = {
        entry.key: form.text(entry.key)
        for entry in mine.items
        if entry.editable
        and form.has(entry.key)
        and form.text(entry.key) != (entry.value.reveal() if entry.value is not None else "")
    }
    if changed:
        try:
            with register.session() as session:
                correct_mine(session, me.actor, changed)
        except MamoriError as error:
            return page(
                request,
                "me.html",
                title=words(request)("my_data"),
                mine=mine,
                error=error,
                status=400,
            )
    return to("/portal/me", notice="saved")


@router.post("/me/items/{item_key}/delete")
async def delete_item(request: Request, me: Me, item_key: str) -> Response:
    from mamori.selfservice import delete_items

    with _register(request).session() as session:
        delete_items(session, me.actor, [item_key])
    return to("/portal/me", notice="saved")


@router.post("/me/delete")
async def delete_account(request: Request, me: Me) -> Response:
    from mamori.selfservice import delete_account as erase_mine
    from mamori.selfservice import my_data as read_mine

    form = await form_of(request)
    if not form.checked("confirm"):
        with _register(request).session() as session:
            mine = read_mine(session, me.actor)
        error = AccessDeniedError(
            "tick the box to confirm that the account is to be deleted", rule="confirm"
        )
        return page(
            request, "me.html", title=words(request)("my_data"), mine=mine, error=error, status=400
        )
    with _register(request).session() as session:
        erase_mine(session, me.actor, now=now_of(request))
    response = to("/portal")
    end_session(request, response)
    return response


@router.get("/me/export")
def export(request: Request, me: Me, format: str = "json") -> Response:
    return RedirectResponse(f"/api/v1/me/export?format={format}", status_code=307)


@router.get("/me/consents", response_class=HTMLResponse)
def consents(request: Request, me: Me) -> HTMLResponse:
    from mamori.consent import consent_targets, history, status

    policy = policy_of(request)
    with _register(request).engine.connect() as connection:
        states = status(connection, policy, me.actor.id)
        events = history(connection, me.actor.id)
    return page(
        request,
        "consents.html",
        title=words(request)("my_consents"),
        states=states,
        events=sorted(events, key=lambda event: event.recorded_at, reverse=True),
        labels=_target_labels(policy, consent_targets(policy).values()),
    )


@router.post("/me/consents")
async def change_consent(request: Request, me: Me) -> Response:
    from mamori.consent import Collected, record

    form = await form_of(request)
    decision = form.text("decision")
    if decision not in ("given", "withdrawn", "refused"):
        raise AccessDeniedError("decision is given, withdrawn or refused", rule="form")
    how = Collected(
        "web_form",
        notice_language_of(request, policy_of(request)),
        foreign_information=form.checked("foreign_information"),
    )
    with _register(request).session() as session:
        record(session, me.actor, me.actor.id, [form.text("target")], decision, how)  # type: ignore[arg-type]
    return to("/portal/me/consents", notice="saved")


@router.get("/me/access", response_class=HTMLResponse)
def who_read(request: Request, me: Me) -> HTMLResponse:
    from mamori.selfservice import who_read_my_data

    with _register(request).session() as session:
        entries = who_read_my_data(session, me.actor)
    return page(request, "access.html", title=words(request)("who_read"), entries=entries)


@router.get("/me/recipients", response_class=HTMLResponse)
def who_received(request: Request, me: Me) -> HTMLResponse:
    from mamori.selfservice import who_received_my_data

    with _register(request).session() as session:
        records = who_received_my_data(session, me.actor)
    return page(request, "recipients.html", title=words(request)("who_received"), records=records)


@router.get("/me/requests", response_class=HTMLResponse)
def my_requests(request: Request, me: Me) -> HTMLResponse:
    return _requests_page(request, me)


@router.post("/me/requests", response_class=HTMLResponse)
async def file_mine(request: Request, me: Me) -> Response:
    from mamori.rights import file_request

    form = await form_of(request)
    try:
        with _register(request).session() as session:
            file_request(
                session,
                me.actor,
                me.actor.id,
                form.text("kind"),
                channel="online",
                form=form.text("form") or None,
            )
    except MamoriError as error:
        return _requests_page(request, me, error=error, status=400)
    return to("/portal/me/requests", notice="saved")


def _requests_page(
    request: Request, me: Principal, *, error: MamoriError | None = None, status: int = 200
) -> HTMLResponse:
    from mamori.selfservice import my_requests as requests_of_mine

    with _register(request).session() as session:
        mine = requests_of_mine(session, me.actor)
    policy = policy_of(request)
    return page(
        request,
        "requests.html",
        title=words(request)("my_requests"),
        requests=mine,
        kinds=policy.rights.request_kinds,
        error=error,
        status=status,
    )


def _target_labels(
    policy: Policy, targets: Iterable[ConsentTarget]
) -> dict[str, Mapping[str, str] | str]:
    """What each consent target is called in the policy; a cookie category by its name."""
    labels: dict[str, Mapping[str, str] | str] = {}
    for target in targets:
        if target.kind == "purpose":
            labels[target.name] = policy.purposes[target.key].label
        elif target.kind == "provision":
            labels[target.name] = policy.provisions[target.key].label
        elif target.kind == "module":
            labels[target.name] = policy.modules[target.key].label
        else:
            labels[target.name] = target.key
    return labels


def _sign_up_page(
    request: Request, *, error: MamoriError | None = None, status: int = 200
) -> HTMLResponse:
    from mamori.accounts import sign_up_point

    policy = policy_of(request)
    found = sign_up_point(policy)
    point = found[1] if found is not None else None
    items: list[Any] = []
    purposes: list[Any] = []
    if point is not None:
        items = [(key, policy.items[key]) for key in point.items]
        purposes = [(key, policy.purposes[key]) for key in point.purposes]
    return page(
        request,
        "sign_up.html",
        title=words(request)("sign_up"),
        point=point,
        items=items,
        purposes=purposes,
        error=error,
        status=status,
    )
