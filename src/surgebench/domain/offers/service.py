"""The rules of an offer, from the approval that makes it to the first day.

- **Made** by the approval that writes a new seat to the roster (``offer_seats``, in the approval's own
  transaction, with its message in the outbox): the role, hours, start, rate, the program's name as the
  request shows it, and a deadline — the request's answer window (default 24 h), never past the start of
  the seat's first day (a seat starting today: the end of today).
- **Answered** once, through the link (``answer``) or by a vendor through the API (``answer_offer``):
  accepted, or declined with a reason. A decline withdraws the roster row (it counts nowhere) and
  excludes the person from the request, so no backfill offers them the seat again.
- **Expired** by the schedule when nobody answered by the deadline (``expire_due``): the same as a decline
  with no reason.
- **Started**: on or after the first day the person (same link) or a manager (in bulk) says so.
- **Withdrawn** when the seat is taken away before an answer, or after an acceptance but before the first
  day (a re-plan no longer holds it, a removal).

The link's token is ``secrets.token_urlsafe(32)``; only its SHA-256 is kept with the offer. Wrong links
are counted per source address in the sign-in throttle's table (its own key), with the same doubling
lockouts."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from surgebench.db.orm import Engagement, Offer, OfferTerms
from surgebench.db.orm.offers import BACKFILL_MODES, DECLINE_REASONS
from surgebench.domain.accounts import repository as throttles
from surgebench.domain.audit.service import Actor, record
from surgebench.domain.offers import mail_service as mail
from surgebench.domain.offers import repository, routes
from surgebench.domain.offers.errors import InvalidAnswer, OfferClosed, OfferNotFound, TooManyTries
from surgebench.domain.outbox import repository as outbox
from surgebench.domain.surges import service as surges
from surgebench.domain.surges.service import RequestView
from surgebench.lib.fields import FieldInvalid, parse_text
from surgebench.lib.tokens import digest, new_token
from surgebench.settings import AuthSettings

ANSWERS = ("accept", "decline")
REASON_LABELS = {"busy": "Busy", "rate": "The rate", "not_interested": "Not interested", "other": "Other"}
LINK = Actor.system("offer link")
EXPIRY = Actor.system("offer expiry")
THROTTLE_KEY = "(offer links)"
"""The sign-in throttle's row key for wrong offer links (never an e-mail address: it has no ``@``)."""
DEFAULT_ANSWER_HOURS = 24


@dataclass(frozen=True)
class Terms:
    answer_hours: int = DEFAULT_ANSWER_HOURS
    program_name: str | None = None
    backfill: str = "approval"


@dataclass(frozen=True)
class NewSeat:
    """A seat an approval just wrote to the roster, and who it goes to."""

    engagement_id: int
    specialist_id: int
    full_name: str
    email: str
    role_id: int
    skill_id: str
    level: int
    starts_on: date
    weekly_hours: int
    hourly_rate_cents: int
    returning: bool


# ------------------------------------------------------------------ terms


def terms_of(db: Session, request_id: int) -> Terms:
    found = repository.terms(db, request_id)
    if found is None:
        return Terms()
    return Terms(found.answer_hours, found.program_name, found.backfill)


def set_terms(
    db: Session, actor: Actor, request_id: int, answer_hours: object, program_name: object, backfill: object
) -> Terms:
    """Change what the request's offers say and how its open seats are filled again (every problem named
    at once)."""
    surges.view(db, request_id)  # 404 for a missing request
    problems: dict[str, str] = {}
    hours = DEFAULT_ANSWER_HOURS
    try:
        hours = int(str(answer_hours).strip()) if str(answer_hours or "").strip() else DEFAULT_ANSWER_HOURS
        if not 1 <= hours <= 336:
            problems["answer_hours"] = "must be 1 to 336 hours"
    except ValueError:
        problems["answer_hours"] = "must be a whole number of hours"
    name = None
    try:
        name = parse_text(program_name, max_length=200, required=False) or None
    except FieldInvalid as exc:
        problems["program_name"] = str(exc)
    mode = str(backfill or "approval")
    if mode not in BACKFILL_MODES:
        problems["backfill"] = f"must be one of {', '.join(BACKFILL_MODES)}"
    if problems:
        raise InvalidAnswer("The offer terms are not valid.", fields=problems)
    before = terms_of(db, request_id)
    row = repository.terms(db, request_id, lock=True)
    if row is None:
        row = OfferTerms(request_id=request_id)
        db.add(row)
    row.answer_hours, row.program_name, row.backfill = hours, name, mode
    db.flush()
    after = Terms(hours, name, mode)
    changes = {
        k: [getattr(before, k), getattr(after, k)] for k in ("answer_hours", "program_name", "backfill")
    }
    record(db, actor, "offer_terms", "surge_request", request_id, changes)
    return after


# ------------------------------------------------------------------ made by the approval


def deadline_for(now: datetime, starts_on: date, answer_hours: int) -> datetime:
    """The answer window, never past the start of the seat's first day; for a seat whose first day has
    already begun, the end of that day."""
    first_day = datetime.combine(starts_on, time(0), tzinfo=UTC)
    deadline = min(now + timedelta(hours=answer_hours), first_day)
    if deadline <= now:
        deadline = min(now + timedelta(hours=answer_hours), first_day + timedelta(days=1))
    return deadline


def offer_seats(
    db: Session,
    actor: Actor,
    v: RequestView,
    seats: Sequence[NewSeat],
    plan_id: int,
    now: datetime,
    public_url: str,
) -> int:
    """One offer per new seat, each with its message in the outbox (the caller's transaction)."""
    if not seats:
        return 0
    terms = terms_of(db, v.request.id)
    program_name = terms.program_name or v.cycle.program.name
    skills = repository.skill_names(db, {s.skill_id for s in seats})
    rows, links = [], {}
    for seat in seats:
        token = new_token()
        hashed = digest(token)
        role_name = f"{skills.get(seat.skill_id, seat.skill_id)} (level {seat.level}+)"
        deadline = deadline_for(now, seat.starts_on, terms.answer_hours)
        rows.append(
            {
                "request_id": v.request.id,
                "engagement_id": seat.engagement_id,
                "specialist_id": seat.specialist_id,
                "role_id": seat.role_id,
                "plan_id": plan_id,
                "state": "offered",
                "role_name": role_name[:200],
                "starts_on": seat.starts_on,
                "weekly_hours": seat.weekly_hours,
                "hourly_rate_cents": seat.hourly_rate_cents,
                "program_name": program_name[:200],
                "is_returning": seat.returning,
                "deadline": deadline,
                "offered_at": now,
                "token_hash": hashed,
                "updated_at": now,
            }
        )
        links[hashed] = (seat, role_name, deadline, public_url.rstrip("/") + routes.ANSWER.url(token=token))
    ids = repository.add_many(db, rows)
    messages = []
    for hashed, (seat, role_name, deadline, link) in links.items():
        messages.append(
            {
                "message_id": f"<offer-{ids[hashed]}.{hashed[:12]}@surgebench>",
                "recipient": seat.email,
                "subject": mail.subject(role_name, program_name, seat.starts_on),
                "body": mail.body(
                    full_name=seat.full_name,
                    role_name=role_name,
                    program_name=program_name,
                    starts_on=seat.starts_on,
                    weekly_hours=seat.weekly_hours,
                    hourly_rate_cents=seat.hourly_rate_cents,
                    returning=seat.returning,
                    deadline=deadline,
                    link=link,
                ),
                "offer_id": ids[hashed],
                "state": "pending",
                "attempts": 0,
                "created_at": now,
            }
        )
    outbox.add_many(db, messages)
    record(db, actor, "offer", "surge_request", v.request.id, {"plan_id": plan_id, "offers": len(rows)})
    return len(rows)


def withdraw_seats(db: Session, engagement_ids: Sequence[int], now: datetime) -> int:
    """Seats taken away: their open offers close (the link then says so), and so do accepted ones whose
    person had not started (their roster row is withdrawn: there is no seat left to hold, and the ramp
    must count it open again). Someone who started and leaves keeps their offer as it was."""
    found = repository.holding(db, engagement_ids)
    open_ = [o.id for o in found if o.state == "offered"]
    repository.set_state(db, open_, "withdrawn", now)
    gone = [
        o
        for o in found
        if o.state == "accepted"
        and (row := db.get(Engagement, o.engagement_id)) is not None
        and row.withdrawn_on is not None
    ]
    for offer in gone:
        offer.state = "withdrawn"  # its answered_at stays the time it was accepted
    return len(open_) + len(gone)


# ------------------------------------------------------------------ the link


def refuse_while_locked(db: Session, source: str, now: datetime) -> None:
    throttle = throttles.throttle_for_update(db, THROTTLE_KEY, source)
    if throttle is not None and throttle.locked_until is not None and throttle.locked_until > now:
        wait = math.ceil((throttle.locked_until - now).total_seconds())
        raise TooManyTries(
            f"Too many wrong links from your address. Try again in {wait} seconds.", retry_after=wait
        )


def count_wrong_link(db: Session, source: str, now: datetime, settings: AuthSettings) -> None:
    """A wrong link from ``source``: past ``max_failed_sign_ins`` in a row the source waits, twice as
    long each time (the sign-in rule, on its own key)."""
    failures, lockouts = throttles.count_failed_sign_in(
        db, THROTTLE_KEY, source, now, since=now - settings.throttle_memory
    )
    if failures >= settings.max_failed_sign_ins:
        until = now + min(settings.lockout * 2**lockouts, settings.max_lockout)
        throttles.lock_out(db, THROTTLE_KEY, source, until, restart_count=True)


def by_link(db: Session, token: str, *, lock: bool = False) -> Offer | None:
    if not token or len(token) > 100:
        return None
    return repository.by_hash(db, digest(token), lock=lock)


def closed_because(offer: Offer, now: datetime) -> str | None:
    """Why the offer takes no answer now, in the person's words; None while it does."""
    if offer.state == "withdrawn":
        return "This seat was filled otherwise (the plan changed), so the offer is closed."
    if offer.state == "expired" or (offer.state == "offered" and now >= offer.deadline):
        return (
            f"The answer was due by {offer.deadline:%A %d %B %Y, %H:%M} UTC: the offer has expired and "
            "its seat goes to someone else."
        )
    if offer.state in ("accepted", "started"):
        return f"You already accepted this offer{' and started' if offer.state == 'started' else ''}."
    if offer.state == "declined":
        return "You already declined this offer."
    return None


def answer(
    db: Session, actor: Actor, offer: Offer, choice: object, reason: object, note: object, now: datetime
) -> Offer:
    """Accept, or decline with a reason: once, before the deadline."""
    if choice not in ANSWERS:
        raise InvalidAnswer("Say accept or decline.", fields={"answer": "one of accept, decline"})
    if choice == "decline" and reason not in DECLINE_REASONS:
        raise InvalidAnswer("Say why you decline.", fields={"reason": f"one of {', '.join(DECLINE_REASONS)}"})
    try:
        why = parse_text(note, max_length=500, required=False) or None
    except FieldInvalid as exc:
        raise InvalidAnswer("The note is not valid.", fields={"note": str(exc)}) from None
    closed = closed_because(offer, now)
    if closed is not None:
        raise OfferClosed(closed)
    offer.answered_at = now
    if choice == "accept":
        offer.state = "accepted"
        record(db, actor, "accept", "offer", offer.id, {"state": ["offered", "accepted"]})
        return offer
    offer.state, offer.decline_reason, offer.decline_note = "declined", str(reason), why
    _free_the_seat(db, actor, offer, f"declined the offer: {REASON_LABELS[str(reason)].lower()}", now)
    record(db, actor, "decline", "offer", offer.id, {"state": ["offered", "declined"], "reason": reason})
    return offer


def _free_the_seat(db: Session, actor: Actor, offer: Offer, why: str, now: datetime) -> None:
    """A declined or expired offer was never an engagement: its roster row is withdrawn (it counts
    nowhere) and the person is kept out of the request's backfill."""
    engagement = db.get(Engagement, offer.engagement_id, with_for_update=True)
    if engagement is not None and engagement.withdrawn_on is None and engagement.ends_on is None:
        engagement.withdrawn_on, engagement.end_reason = now.date(), why
    if surges.view(db, offer.request_id).request.status == "approved":
        surges.exclude_person(db, actor, offer.request_id, offer.specialist_id, why, statuses=("approved",))


def start(db: Session, actor: Actor, offer: Offer, today: date) -> Offer:
    """The person started: from the first day on, an accepted offer only."""
    if offer.state == "started":
        raise OfferClosed(f"Already marked as started on {offer.started_on}.")
    if offer.state != "accepted":
        raise OfferClosed(
            closed_because(offer, datetime.combine(today, time(0), tzinfo=UTC)) or "Accept first."
        )
    if today < offer.starts_on:
        raise OfferClosed(f"The first day is {offer.starts_on:%A %d %B %Y}: mark the start from then.")
    offer.state, offer.started_on = "started", today
    record(db, actor, "start", "offer", offer.id, {"state": ["accepted", "started"], "started_on": today})
    return offer


def start_many(db: Session, actor: Actor, request_id: int, offer_ids: Sequence[int], today: date) -> int:
    """A manager marks who started (all or none: every offer that cannot be is named)."""
    problems: dict[str, str] = {}
    found = []
    for offer_id in dict.fromkeys(offer_ids):
        offer = repository.get(db, offer_id, lock=True)
        if offer is None or offer.request_id != request_id:
            problems[str(offer_id)] = "no such offer on this request"
        elif offer.state != "accepted":
            problems[str(offer_id)] = f"is {offer.state}, not accepted"
        elif today < offer.starts_on:
            problems[str(offer_id)] = f"starts on {offer.starts_on}"
        else:
            found.append(offer)
    if problems or not found:
        raise InvalidAnswer(
            "These offers cannot be marked as started.", fields=problems or {"offers": "none given"}
        )
    for offer in found:
        start(db, actor, offer, today)
    return len(found)


def answer_by_id(
    db: Session,
    actor: Actor,
    request_id: int,
    offer_id: int,
    choice: object,
    reason: object,
    note: object,
    now: datetime,
) -> Offer:
    """A vendor relays a person's answer through the API (the same rules as the link)."""
    offer = repository.get(db, offer_id, lock=True)
    if offer is None or offer.request_id != request_id:
        raise OfferNotFound(f"There is no offer {offer_id} on surge request {request_id}.")
    return answer(db, actor, offer, choice, reason, note, now)


# ------------------------------------------------------------------ the schedule


def expire_due(db: Session, now: datetime) -> dict[str, object]:
    """Offers nobody answered by their deadline expire, freeing their seats for the backfill."""
    due = repository.due_to_expire(db, now)
    for offer in due:
        offer.state, offer.answered_at = "expired", now
        _free_the_seat(db, EXPIRY, offer, "did not answer the offer in time", now)
        record(db, EXPIRY, "expire", "offer", offer.id, {"state": ["offered", "expired"]})
    return {"expired": len(due), "requests": sorted({o.request_id for o in due})[:20]}
