"""The bench as columns: one numpy array per specialist attribute, built once per problem.

Rules evaluate a whole column at a time (`quality >= min_quality` for every specialist at once),
so eligibility for 200,000 specialists costs a handful of vector operations per role.

Quality depends on the role: a specialist's `skill_quality[skill]`, where given for the role's
skill, replaces `quality` (the contract's rule 1 and quality level). Most problems give none, so
the columns hold `quality` and, per skill a role asks for, only the people who name that skill
(`SkillQuality`); `quality_for`, `quality_milli_for` and `pair_quality_milli` put them together.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from operator import attrgetter

import numpy as np
from numpy.typing import DTypeLike

from surgebench.staffing.problem import Problem, Request, Specialist, zone


def utc_offset_hours(timezone: str, day_ordinal: int) -> float:
    """The zone's UTC offset in hours at noon UTC on the given day (fractional for half-hour zones)."""
    noon = datetime.fromordinal(day_ordinal).replace(hour=12, tzinfo=UTC)
    offset = noon.astimezone(zone(timezone)).utcoffset()
    return offset.total_seconds() / 3600 if offset is not None else 0.0


class RequestFacts:
    """Per-request columns derived from history and the ramp (computed once, read by rules)."""

    def __init__(self, bench: Bench, request: Request) -> None:
        n = len(bench.ids)
        self.ramp_ordinals = np.array([d.date.toordinal() for d in request.ramp], dtype=np.int64)
        self.capacity = np.array([d.onboarding_capacity for d in request.ramp], dtype=np.int64)
        self.first_ramp = int(self.ramp_ordinals[0])
        self.last_ramp = int(self.ramp_ordinals[-1])
        self.ends_on = request.ends_on.toordinal()
        # earliest ramp index with date >= available_from (== len(ramp) when none)
        self.earliest = np.searchsorted(self.ramp_ordinals, bench.available_from, side="left")
        history = bench.history
        self.returning = np.zeros(n, dtype=bool)
        same = (
            (history.client == bench.code_of_client(request.client))
            & (history.model == bench.code_of_model(request.model))
            & (history.cycle == request.cycle - 1)
        )
        self.returning[history.specialist[same]] = True
        self.competitor_history = np.zeros(n, dtype=bool)
        rivals = [bench.code_of_client(client) for client in set(request.competitors)]
        recent = (history.ended == RUNNING) | (self.first_ramp - history.ended < request.cooldown_days)
        self.competitor_history[history.specialist[np.isin(history.client, rivals) & recent]] = True
        self.excluded = np.zeros(n, dtype=bool)
        for specialist_id in request.excluded:
            self.excluded[bench.index[specialist_id]] = True
        offsets = np.array(
            [utc_offset_hours(tz, self.first_ramp) for tz in bench.timezones], dtype=np.float64
        )
        self.utc_offset = offsets[bench.timezone] if len(bench.timezones) else np.zeros(n)
        self._ramp_index = {day.date: t for t, day in enumerate(request.ramp)}

    def ramp_index(self, day: date) -> int | None:
        """The index of `day` in the ramp, or None when it is not a ramp day."""
        return self._ramp_index.get(day)


RUNNING = np.iinfo(np.int64).max
"""`History.ended` of an engagement that is still running."""


class History:
    """Every engagement of every specialist as columns (clients and models as codes)."""

    def __init__(
        self,
        specialist: np.ndarray,
        client: np.ndarray,
        model: np.ndarray,
        cycle: np.ndarray,
        ended: np.ndarray,
        clients: list[str],
        models: list[str],
    ) -> None:
        self.specialist, self.client, self.model, self.cycle, self.ended = (
            specialist,
            client,
            model,
            cycle,
            ended,
        )
        self.clients, self.models = clients, models

    @classmethod
    def of(cls, specialists: Sequence[Specialist]) -> History:
        specialist: list[int] = []
        clients: list[str] = []
        models: list[str] = []
        cycles: list[int] = []
        ended: list[int] = []
        for i, s in enumerate(specialists):
            for h in s.history:
                specialist.append(i)
                clients.append(h.client)
                models.append(h.model)
                cycles.append(h.cycle)
                ended.append(RUNNING if h.ended_on is None else h.ended_on.toordinal())
        client_names, client = _codes(clients)
        model_names, model = _codes(models)
        return cls(
            np.array(specialist, dtype=np.int64),
            client,
            model,
            np.array(cycles, dtype=np.int64),
            np.array(ended, dtype=np.int64),
            client_names,
            model_names,
        )


@dataclass(frozen=True)
class SkillQuality:
    """The people who give their quality in one skill (`skill_quality`): specialist indices in
    ascending order, with that quality and round(1000 × it)."""

    specialist: np.ndarray
    quality: np.ndarray
    milli: np.ndarray

    def lookup(self, specialist: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(positions in `specialist` of the people listed here, their positions here)."""
        at = np.minimum(np.searchsorted(self.specialist, specialist), len(self.specialist) - 1)
        hit = self.specialist[at] == specialist
        return np.flatnonzero(hit), at[hit]


class Bench:
    """Columnar view of a `Problem`'s specialists plus cached per-request facts."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        specialists = problem.specialists
        self.ids = [s.id for s in specialists]
        self.index = {sid: i for i, sid in enumerate(self.ids)}
        n = len(specialists)

        def column(attribute: str, dtype: DTypeLike) -> np.ndarray:
            return np.fromiter(map(attrgetter(attribute), specialists), dtype=dtype, count=n)

        self.vetted = np.array([s.status == "vetted" for s in specialists], dtype=bool)
        self.vetting_expires = np.fromiter(
            map(date.toordinal, map(attrgetter("vetting_expires"), specialists)), dtype=np.int64, count=n
        )
        self.available_from = np.fromiter(
            map(date.toordinal, map(attrgetter("available_from"), specialists)), dtype=np.int64, count=n
        )
        self.free_hours = column("weekly_hours", np.int64) - column("committed_hours", np.int64)
        self.quality = column("quality", np.float64)
        """`quality`: every specialist's quality for a role whose skill they give no quality in."""
        # round() of each value, as the contract says (numpy's rounding of x.5 differs in places)
        self.quality_milli = np.array([round(1000 * q) for q in self.quality.tolist()], dtype=np.int64)
        self.rate_cents = np.array([round(100 * s.hourly_rate) for s in specialists], dtype=np.int64)
        self.countries, self.country = _codes([s.country for s in specialists])
        self.timezones, self.timezone = _codes([s.timezone for s in specialists])
        wanted_skills = {role.skill for r in problem.requests for role in r.roles}
        wanted_languages = {lang for r in problem.requests for role in r.roles for lang in role.languages}
        self.skills = {skill: np.zeros(n, dtype=np.int8) for skill in wanted_skills}
        self.languages = {lang: np.zeros(n, dtype=bool) for lang in wanted_languages}
        named: dict[str, tuple[list[int], list[float]]] = {}
        for i, s in enumerate(specialists):
            for skill, level in s.skills.items():
                levels = self.skills.get(skill)
                if levels is not None:
                    levels[i] = level
            for lang in s.languages:
                speaks = self.languages.get(lang)
                if speaks is not None:
                    speaks[i] = True
            if s.skill_quality:
                for skill, q in s.skill_quality.items():
                    if skill in wanted_skills:
                        people, qualities = named.setdefault(skill, ([], []))
                        people.append(i)
                        qualities.append(q)
        self.skill_quality = {
            skill: SkillQuality(
                np.array(people, dtype=np.int64),
                np.array(qualities, dtype=np.float64),
                np.array([round(1000 * q) for q in qualities], dtype=np.int64),
            )
            for skill, (people, qualities) in named.items()
        }
        """Per skill a role asks for, the people who give their quality in it (none in most problems)."""
        self.history = History.of(specialists)
        self._facts: dict[str, RequestFacts] = {}
        self.roles = [role for request in problem.requests for role in request.roles]
        """Every role of the problem by global index (requests in order, their roles in order)."""
        self.role_request = np.array(
            [r for r, request in enumerate(problem.requests) for _ in request.roles], dtype=np.int64
        )
        self.role_hours = np.array([role.hours_per_week for role in self.roles], dtype=np.int64)
        self._role_asks = {
            skill: np.array([role.skill == skill for role in self.roles], dtype=bool)
            for skill in self.skill_quality
        }
        """Per skill someone gives a quality in: which roles (global index) ask for it."""
        self.ramp_stride = 1 + max((len(request.ramp) for request in problem.requests), default=0)
        """More than the longest ramp: (request, ramp index) keys are request × stride + index."""

    def __len__(self) -> int:
        return len(self.ids)

    def quality_for(self, skill: str, specialist: np.ndarray | None = None) -> np.ndarray:
        """Quality for a role asking for `skill`, of every specialist (or of those indexed)."""
        return _with_named(self.quality, self.skill_quality.get(skill), False, specialist)

    def quality_milli_for(self, skill: str, specialist: np.ndarray | None = None) -> np.ndarray:
        """round(1000 × quality) for a role asking for `skill`, of every specialist (or of those
        indexed): what one seat adds to the quality level."""
        return _with_named(self.quality_milli, self.skill_quality.get(skill), True, specialist)

    def pair_quality_milli(self, specialist: np.ndarray, role: np.ndarray) -> np.ndarray:
        """round(1000 × quality) of (specialist, global role index) pairs, each for its role."""
        milli: np.ndarray = self.quality_milli[specialist]
        for skill, named in self.skill_quality.items():
            rows = np.flatnonzero(self._role_asks[skill][role])
            if len(rows):
                found, at = named.lookup(specialist[rows])
                milli[rows[found]] = named.milli[at]
        return milli

    def code_of_client(self, client: str) -> int:
        """The client's code in `history` (-1 when no engagement names it)."""
        return _code_in(self.history.clients, client)

    def code_of_model(self, model: str) -> int:
        return _code_in(self.history.models, model)

    def facts(self, request: Request) -> RequestFacts:
        facts = self._facts.get(request.id)
        if facts is None:
            facts = self._facts[request.id] = RequestFacts(self, request)
        return facts


def _with_named(
    base: np.ndarray, named: SkillQuality | None, milli: bool, specialist: np.ndarray | None
) -> np.ndarray:
    """`base` (a column over every specialist) with the quality (or, `milli`, round(1000 × it)) of
    the people `named`, for every specialist or for those `specialist` indexes."""
    values: np.ndarray = base if specialist is None else base[specialist]
    if named is None:
        return values
    given = named.milli if milli else named.quality
    if specialist is None:
        values = values.copy()
        values[named.specialist] = given
    else:
        found, at = named.lookup(specialist)
        values[found] = given[at]
    return values


def _codes(values: list[str]) -> tuple[list[str], np.ndarray]:
    names = sorted(set(values))
    code_of = {name: i for i, name in enumerate(names)}
    return names, np.array(list(map(code_of.__getitem__, values)), dtype=np.int32)


def _code_in(names: list[str], name: str) -> int:
    """Index of `name` in the sorted `names`, or -1."""
    at = bisect.bisect_left(names, name)
    return at if at < len(names) and names[at] == name else -1
