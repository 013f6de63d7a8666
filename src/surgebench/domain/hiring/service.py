"""The recruiter's list, read off the plans' stored summaries (no problem is rebuilt): every open
request's latest plan, its short roles grouped by what they ask, and the people one fixable step away."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from surgebench.domain.hiring import repository
from surgebench.domain.plans import service as plans
from surgebench.domain.surges import service as surges
from surgebench.lib.csv_files import format_rows

REASONS = {
    "status": "finish vetting",
    "vetting": "re-vet (vetting lapses)",
    "skill_level": "one level short",
    "quality": "quality just under the gate",
}


@dataclass(frozen=True)
class Shortage:
    """Seats short for one kind of person, over every open request asking for it."""

    skill: str
    min_level: int
    languages: tuple[str, ...]
    utc_offset: tuple[float, float] | None
    missing: int
    where: list[str]
    """Which requests and roles are short, e.g. "Aurora Labs · orion cycle 4 / python"."""


@dataclass(frozen=True)
class NearMiss:
    specialist_id: int
    full_name: str
    email: str
    country: str
    reasons: list[str]
    """What would let them in, per role they nearly qualify for."""


@dataclass
class HiringList:
    shortages: list[Shortage] = field(default_factory=list)
    near_misses: list[NearMiss] = field(default_factory=list)
    reason_counts: dict[str, int] = field(default_factory=dict)
    plans: int = 0


def gather(db: Session) -> HiringList:
    views = surges.list_views(db, ("open",))
    latest = plans.latest_plans(db, [v.request.id for v in views])
    labels = {f"R{v.request.id}": v.label for v in views}
    groups: dict[tuple[Any, ...], tuple[int, list[str]]] = {}
    near: dict[int, list[str]] = {}
    counts: Counter[str] = Counter()
    seen_plans = set()
    for v in views:
        plan = latest.get(v.request.id)
        if plan is None or plan.id in seen_plans or not plan.summary:
            continue
        seen_plans.add(plan.id)
        for request_key, figures in plan.summary.get("requests", {}).items():
            for role in figures["roles"]:
                missing = role["asked"] - role["filled"]
                if missing <= 0:
                    continue
                offset = tuple(role["utc_offset"]) if role.get("utc_offset") else None
                key = (role["skill"], role["min_level"], tuple(role["languages"]), offset)
                total, where = groups.get(key, (0, []))
                groups[key] = (
                    total + missing,
                    [*where, f"{labels.get(request_key, request_key)} / {role['key']}"],
                )
        for miss in plan.summary.get("near_misses", []):
            counts[miss["reason"]] += 1
            near.setdefault(int(miss["specialist"]), []).append(f"{miss['role']}: {miss['detail']}")
    people = repository.people(db, near)
    found = HiringList(
        shortages=sorted(
            (Shortage(k[0], k[1], k[2], k[3], total, where) for k, (total, where) in groups.items()),
            key=lambda s: -s.missing,
        ),
        near_misses=sorted(
            (NearMiss(sid, *people[sid], reasons) for sid, reasons in near.items() if sid in people),
            key=lambda m: m.full_name,
        ),
        reason_counts={REASONS.get(k, k): n for k, n in counts.most_common()},
        plans=len(seen_plans),
    )
    return found


NEAR_MISS_COLUMNS = ("specialist_id", "full_name", "email", "country", "what_would_let_them_in")


def near_misses_csv(db: Session) -> bytes:
    """The people one step from qualifying, with what would let them in, as CSV (with its header)."""
    rows = [
        {
            "specialist_id": m.specialist_id,
            "full_name": m.full_name,
            "email": m.email,
            "country": m.country,
            "what_would_let_them_in": "; ".join(m.reasons),
        }
        for m in gather(db).near_misses
    ]
    header = dict(zip(NEAR_MISS_COLUMNS, NEAR_MISS_COLUMNS, strict=True))
    return format_rows([header, *rows], NEAR_MISS_COLUMNS)
