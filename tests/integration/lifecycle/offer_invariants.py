"""What must hold of the offers after every step, in plain SQL over the tables (and the ramp API's
figures against them):

- **One holder**: no person has two open or accepted offers on one request, and no seat (roster row) has
  two.
- **Declined or expired is never an engagement**: the person of a declined or expired offer has no live
  (not withdrawn) roster row on the request's cycle — not the offer's own row, not another — so the
  person's history never shows them engaged on it.
- **Open and accepted offers hold their seat**: the offer's roster row is live, on the request's cycle,
  the offer's person, from the offer's start day.
- **The ramp's counts are the rows**: ``GET /api/surges/{id}/ramp`` shows, per start day and in total,
  the offers in each state the table holds, the request's headcount and the open seats.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Engine, text

from tests.integration.lifecycle.world import Clients

TWO_HOLDERS = """
select request_id, specialist_id, count(*) from offers where state in ('offered', 'accepted')
group by request_id, specialist_id having count(*) > 1
"""

SEAT_TWICE = """
select engagement_id, count(*) from offers where state in ('offered', 'accepted', 'started')
group by engagement_id having count(*) > 1
"""

ENGAGED_AFTER_NO = """
select o.id, o.state, o.specialist_id, o.request_id, e.id
from offers o
join surge_requests r on r.id = o.request_id
join engagements e on e.cycle_id = r.cycle_id and e.specialist_id = o.specialist_id
where o.state in ('declined', 'expired') and e.withdrawn_on is null
"""

SEATS_OF_OPEN = """
select o.id, o.state, o.specialist_id, o.starts_on, r.cycle_id,
       e.id as row_id, e.specialist_id as row_person, e.cycle_id as row_cycle, e.starts_on as row_starts,
       e.withdrawn_on
from offers o
join surge_requests r on r.id = o.request_id
left join engagements e on e.id = o.engagement_id
where o.state in ('offered', 'accepted')
"""

COUNTS = "select request_id, starts_on, state, count(*) from offers group by request_id, starts_on, state"
HEADCOUNT = "select request_id, sum(headcount) from surge_roles group by request_id"
CAPACITY = "select request_id, day, onboarding_capacity from surge_ramp_days"


def _day(value: Any) -> str:
    return str(value)[:10]


def check_offers(engine: Engine, http: Clients) -> int:
    """Every offer invariant; raises AssertionError naming the first broken one. Returns the offers seen."""
    with engine.connect() as conn:
        two = conn.execute(text(TWO_HOLDERS)).all()
        twice = conn.execute(text(SEAT_TWICE)).all()
        engaged = conn.execute(text(ENGAGED_AFTER_NO)).all()
        seats = conn.execute(text(SEATS_OF_OPEN)).all()
        counts: dict[int, dict[tuple[str, str], int]] = defaultdict(dict)
        for request, starts, state, n in conn.execute(text(COUNTS)):
            counts[request][(_day(starts), state)] = int(n)
        headcount = {r: int(n) for r, n in conn.execute(text(HEADCOUNT))}
        capacity: dict[int, dict[str, int]] = defaultdict(dict)
        for request, d, c in conn.execute(text(CAPACITY)):
            capacity[request][_day(d)] = int(c)
    assert not two, f"people with two open or accepted offers on one request (request, person, n): {two}"
    assert not twice, f"seats held by two offers (roster row, n): {twice}"
    assert not engaged, (
        "declined or expired offers whose person is still on the cycle's roster "
        f"(offer, state, person, request, live roster row): {engaged}"
    )
    for s in seats:
        assert s.row_id is not None and s.withdrawn_on is None, (
            f"{s.state} offer {s.id} of person {s.specialist_id} has no live roster row "
            f"(row {s.row_id}, withdrawn on {s.withdrawn_on})"
        )
        assert (s.row_person, s.row_cycle, _day(s.row_starts)) == (
            s.specialist_id,
            s.cycle_id,
            _day(s.starts_on),
        ), (
            f"{s.state} offer {s.id} (person {s.specialist_id}, cycle {s.cycle_id}, from {s.starts_on}) "
            f"holds roster row {s.row_id} of person {s.row_person}, cycle {s.row_cycle}, from {s.row_starts}"
        )
    for request, by in counts.items():
        _ramp_shows_the_rows(http, request, by, headcount.get(request, 0), capacity[request])
    return sum(sum(by.values()) for by in counts.values())


def _ramp_shows_the_rows(
    http: Clients, request: int, by: dict[tuple[str, str], int], headcount: int, capacity: dict[str, int]
) -> None:
    answer = http.pm.get(f"/api/surges/{request}/ramp")
    assert answer.status_code == 200, answer.text[:500]
    shown = answer.json()

    def n(*states: str, on: str | None = None) -> int:
        return sum(v for (d, s), v in by.items() if s in states and (on is None or d == on))

    holding, deciding = n("accepted", "started"), n("offered")
    expected = {
        "headcount": headcount,
        "holding": holding,
        "deciding": deciding,
        "open_seats": max(headcount - holding - deciding, 0),
        "offers": sum(by.values()),
    }
    assert {k: shown[k] for k in expected} == expected, (
        f"the ramp of request {request} shows { ({k: shown[k] for k in expected}) }; the rows say {expected}"
    )
    days = sorted({*capacity, *(d for d, _s in by)})
    rows = [
        {
            "day": d,
            "capacity": capacity.get(d, 0),
            "offered": n("offered", "accepted", "declined", "expired", "started", "withdrawn", on=d),
            "deciding": n("offered", on=d),
            "accepted": n("accepted", on=d),
            "declined": n("declined", on=d),
            "expired": n("expired", on=d),
            "started": n("started", on=d),
        }
        for d in days
    ]
    assert shown["days"] == rows, (
        f"the ramp of request {request} shows days {shown['days']}; the rows say {rows}"
    )
