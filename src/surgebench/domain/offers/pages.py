"""The answer page: a person with no account opens the link from their offer and accepts, or declines
with a reason; on the first day the same link says they started. The page shows this offer only. Forms
carry the double-submit CSRF token (as the sign-in form does); wrong links are throttled per address."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from litestar import Request, get, post
from litestar.datastructures import Cookie
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Redirect, Template
from sqlalchemy.orm import Session

from surgebench.db.orm import Offer
from surgebench.domain.accounts.guards import managers, public, staff_only
from surgebench.domain.accounts.service import source_address
from surgebench.domain.audit.service import Actor
from surgebench.domain.offers import link_service as links
from surgebench.domain.offers import ramp_service as ramp
from surgebench.domain.offers import routes, service
from surgebench.domain.surges import routes as surge_routes
from surgebench.lib.clock import AppClock
from surgebench.lib.csrf import PRE_SESSION_CSRF_COOKIE
from surgebench.lib.deps import DB, CurrentPrincipal
from surgebench.lib.forms import form_list, form_text
from surgebench.lib.templating import page
from surgebench.lib.tokens import new_token
from surgebench.settings import Settings

FormBody = URLEncodedBody[dict[str, Any]]
DONE = {
    "accepted": "Thank you: you accepted. See you on your first day.",
    "declined": "Thank you for telling us: the seat goes to someone else.",
    "started": "Welcome aboard: your start is recorded.",
}


def _answer_page(request: Request, token: str, offer: links.OfferSeen, notice: str | None = None) -> Template:
    settings: Settings = request.app.state.settings
    csrf = request.cookies.get(PRE_SESSION_CSRF_COOKIE) or new_token()
    response = page(
        request,
        "offers/answer.html",
        offer=offer,
        token=token,
        notice=notice,
        reasons=service.REASON_LABELS,
    )
    response.context["csrf_token"] = csrf
    response.headers.update({"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"})
    response.cookies.append(
        Cookie(
            key=PRE_SESSION_CSRF_COOKIE,
            value=csrf,
            httponly=True,
            samesite="strict",
            secure=settings.auth.cookie_secure,
            path="/",
        )
    )
    return response


def _open(
    request: Request, clock: AppClock, token: str, act: Callable[[Session, Offer, datetime], object]
) -> links.OfferSeen:
    now = clock.now()
    settings: Settings = request.app.state.settings
    source = source_address(request.client.host if request.client else None)

    def run(db: Session, offer: Offer) -> links.OfferSeen:
        act(db, offer, now)
        return links.seen(offer, now)

    return links.with_offer(request.app.state.engine, token, source, now, settings.auth, run)


@get(
    routes.ANSWER.path, name=routes.ANSWER.name, guards=[public], include_in_schema=False, sync_to_thread=True
)
def answer_page(request: Request, clock: AppClock, token: FromPath[str]) -> Template:
    offer = _open(request, clock, token, lambda db, offer, now: None)
    return _answer_page(request, token, offer)


@post(routes.ANSWER.path, guards=[public], include_in_schema=False, sync_to_thread=True)
def answer(request: Request, clock: AppClock, token: FromPath[str], data: FormBody) -> Template:
    choice, reason, note = form_text(data, "answer"), form_text(data, "reason"), form_text(data, "note")
    offer = _open(
        request,
        clock,
        token,
        lambda db, offer, now: service.answer(db, service.LINK, offer, choice, reason, note, now),
    )
    return _answer_page(request, token, offer, DONE.get(offer.state))


@post(
    routes.STARTED.path,
    name=routes.STARTED.name,
    guards=[public],
    include_in_schema=False,
    sync_to_thread=True,
)
def started(request: Request, clock: AppClock, token: FromPath[str]) -> Template:
    offer = _open(
        request, clock, token, lambda db, offer, now: service.start(db, service.LINK, offer, now.date())
    )
    return _answer_page(request, token, offer, DONE["started"])


route_handlers: list[Any] = [answer_page, answer, started]


# ------------------------------------------------------------------ the manager's side


@get(
    routes.RAMP_FRAGMENT.path,
    name=routes.RAMP_FRAGMENT.name,
    guards=[staff_only],
    include_in_schema=False,
    sync_to_thread=True,
)
def ramp_fragment(request: Request, db: DB, clock: AppClock, request_id: FromPath[int]) -> Template:
    """The live-ramp section alone, which the request page fetches again every 30 s."""
    return page(request, "offers/ramp_fragment.html", live=ramp.live(db, request_id, clock.today()))


@post(
    routes.TERMS_FORM.path,
    name=routes.TERMS_FORM.name,
    guards=[managers],
    include_in_schema=False,
    sync_to_thread=True,
)
def terms_form(db: DB, principal: CurrentPrincipal, request_id: FromPath[int], data: FormBody) -> Redirect:
    service.set_terms(
        db,
        Actor.of(principal),
        request_id,
        form_text(data, "answer_hours"),
        form_text(data, "program_name"),
        form_text(data, "backfill"),
    )
    return Redirect(
        path=f"{surge_routes.REQUEST.url(request_id=request_id)}?notice=offer_terms", status_code=303
    )


@post(
    routes.STARTED_FORM.path,
    name=routes.STARTED_FORM.name,
    guards=[managers],
    include_in_schema=False,
    sync_to_thread=True,
)
def started_form(
    db: DB, principal: CurrentPrincipal, clock: AppClock, request_id: FromPath[int], data: FormBody
) -> Redirect:
    ids = [int(v) for v in form_list(data, "offer") if v.isdigit() and len(v) < 10]
    service.start_many(db, Actor.of(principal), request_id, ids, clock.today())
    return Redirect(path=f"{surge_routes.REQUEST.url(request_id=request_id)}?notice=started", status_code=303)


route_handlers += [ramp_fragment, terms_form, started_form]
