"""`LevelSearch`: the lexicographic search, one level at a time, with the levels above fixed.

The search owns its state: the working set (`keep`, and the `WorkingModel` over it, with the cuts
found so far), the incumbent (a valid plan), the levels fixed so far and the deadline. Its knobs
are one `SolverSettings`. Per level (`solve_level`):

1. Pricing: solve the LP relaxation of the working model (`lp_engines`, a method per level), growing
   the working set by pricing (`pricing`) until no left-out pair could improve it, so the LP value
   bounds the whole problem. An LP optimum that rounds to a valid solution of the same value is
   proven optimal.
2. Cut separation: otherwise hull and rank cuts (`cuts`) the fractional optimum breaks are added
   and the LP re-solved and re-priced while the bound moves and the level's cut time lasts; the cuts
   stay for every later level and working model.
3. Dives (`dives`): SCIP with most pairs fixed looks for a solution that reaches the bound.
4. Proof (`dives.fixed_proof`): levels whose LP bound is close to the incumbent get a
   reduced-cost fixed MIP (over the working set grown by the few left-out pairs still priced within
   the slack) that proves the incumbent (or a better solution) optimal.
Every bound is rounded down to the grid of its level's coefficients (`_on_grid`).
5. Full MIP over the working set (up to a size), then the reduced-cost retry: the left-out pairs
   that could still improve join the working set and the MIP runs again.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from surgebench.staffing.backends import MipBackend, PassResult
from surgebench.staffing.bench import Bench
from surgebench.staffing.candidates import Candidates
from surgebench.staffing.cuts import hull_cuts, rank_cuts
from surgebench.staffing.dives import dive, fixed_proof, near_pairs, proof_slack
from surgebench.staffing.lpbound import safe_bound
from surgebench.staffing.model import RowKey
from surgebench.staffing.pricing import ColumnFacts
from surgebench.staffing.settings import SolverSettings
from surgebench.staffing.settle import settle
from surgebench.staffing.working import FixedLevels, Incumbent, Relaxation, WorkingModel

LEVEL_ORDER = ("fill", "continuity", "quality", "ramp", "cost")
MINIMISED = frozenset({"ramp", "cost"})

log = logging.getLogger("surgebench.staffing.solve")
"""The solve's debug log."""

Report = Callable[[str, int, int], None]
"""Called with (level, best, bound), both stated as a maximisation, as the search improves."""


@dataclass(frozen=True, kw_only=True)
class LevelOutcome:
    """How one level ended: the best solution (variables of the search's working model), the bound
    that holds for the whole problem, and whether the solution reaches it."""

    result: PassResult
    bound: int
    proven: bool


@dataclass(frozen=True, kw_only=True)
class Dives:
    """What a level's dives leave: its outcome when one reached the LP bound, and the best values
    found (the incumbent's when no dive did better)."""

    hint: list[int]
    outcome: LevelOutcome | None = None


@dataclass(frozen=True, kw_only=True)
class Priced:
    """What pricing and cut separation leave of a level: its last LP optimum (None when no LP gave
    one), the best bound any of its LPs proved for the whole problem, pricing converged or not (the
    safe bound plus every left-out pair's positive reduced cost: what a level stopped by its time
    limit reports, instead of a bound that needs no LP), and the level's outcome when the LP
    optimum was whole and so proven."""

    relaxation: Relaxation | None = None
    priced: int | None = None
    outcome: LevelOutcome | None = None


class LevelSearch:
    """The search over one problem's candidate pairs, level after level."""

    def __init__(
        self,
        bench: Bench,
        found: Candidates,
        columns: ColumnFacts,
        pins: set[tuple[int, int]],
        keep: np.ndarray,
        incumbent: Incumbent,
        deadline: float,
        settings: SolverSettings,
        report: Report,
    ) -> None:
        self.bench = bench
        self.found = found
        self.columns = columns
        self.pins = pins
        self.settings = settings
        self.deadline = deadline
        self.report = report
        self.keep = keep
        """Which candidate pairs the working set holds; it only grows."""
        self.open = np.ones(len(found.specialist), dtype=bool)
        """The pairs a later plan may still use: not settled at 0 by a level above (`settle`)."""
        self.tight: frozenset[RowKey] = frozenset()
        """Keys of the rows every later plan keeps at their cap (settled with `always`)."""
        self.always: set[tuple[int, int]] = set()
        """(specialist, role) pairs every later plan holds (settled at 1), pinned in the model."""
        self.incumbent = incumbent
        self.fixed: FixedLevels = []
        self.work = WorkingModel.over(bench, found, keep, pins, [], settings.cover_seats)
        self._relaxation: Relaxation | None = None
        """The last level's last LP optimum, which `fix` settles pairs by."""
        self.level_margin = 0.0
        """How far under their values the LP's level rows sit (`LpFirstBackend.fix`)."""
        self._grids: dict[str, int] = {}
        """Per level, the number every plan's value is a multiple of (`_on_grid`)."""

    def remaining(self) -> float:
        return self.deadline - time.perf_counter()

    def fix(self, name: str, value: int) -> None:
        """Keep `name` at `value` (stated as a maximisation) for every later level, and settle the
        pairs the level's LP proves no later plan changes (`settle`)."""
        self.fixed.append((name, value))
        relaxation = self._relaxation
        if name == LEVEL_ORDER[-1] or not self.settings.settle or relaxation is None:
            return
        settled = settle(relaxation, self.open, value, self.incumbent)
        log.debug(
            "%s fixed at %d: %d pairs settled at 0, %d at 1, %d rows at their cap (%d open)",
            name,
            value,
            len(settled.never),
            len(settled.always),
            len(settled.tight),
            int(self.open.sum()) - len(settled.never),
        )
        if not (len(settled.never) or len(settled.always) or settled.tight - self.tight):
            return
        self.tight |= settled.tight
        self.open[settled.never] = False
        spec, role = self.found.specialist, self.found.role
        self.always |= set(zip(spec[settled.always].tolist(), role[settled.always].tolist(), strict=True))
        dropped = np.isin(self.work.columns, settled.never).sum()
        size = len(self.work.columns)
        if (
            size >= self.settings.settle_rebuild_pairs
            and dropped >= self.settings.settle_rebuild_share * size
        ):
            self._rebuild()  # a much smaller model: worth building afresh
        else:
            self.work.settle_in_place(settled.never, settled.always, self.tight)

    def _grow(self, pairs: np.ndarray) -> None:
        """Add candidate pairs to the working set and rebuild the working model over it."""
        self.keep = self.keep.copy()
        self.keep[pairs] = True
        self._rebuild(warm=len(pairs) <= self.settings.warm_grow_share * len(self.work.columns))

    def _rebuild(self, warm: bool = True) -> None:
        """The working model over the kept pairs still open, with the settled ones pinned; its LP
        starts from the last one's basis when `warm` (and the engine keeps one)."""
        basis = self.work.basis() if warm else None
        self.work = WorkingModel.over(
            self.bench,
            self.found,
            self.keep & self.open,
            self.pins | self.always,
            self.work.cuts,
            self.settings.cover_seats,
            self.tight,
        )
        self.work.start_basis = basis

    def complete(self) -> bool:
        """The working set holds every pair a plan may still use."""
        return not (self.open & ~self.keep).any()

    # --- one level --------------------------------------------------------------------------------

    def solve_level(self, name: str) -> LevelOutcome | None:
        """The best solution of the level with the levels above fixed, and a bound for the whole
        problem; None when time ran out before there was any."""
        priced = self._price_and_separate(name)
        relaxation = self._relaxation = priced.relaxation
        if priced.outcome is not None:
            return priced.outcome
        if self.remaining() <= self.settings.min_level_seconds:
            return self._out_of_time(name, priced)
        work = self.work
        mip = work.mip(self.fixed)
        hint = work.hint(self.incumbent)
        if relaxation is not None and relaxation.bound is not None:
            dives = self._dives(name, mip, relaxation, relaxation.bound, hint)
            if dives.outcome is not None:
                return dives.outcome
            hint = dives.hint
            work = self._grow_for_proof(name, relaxation, hint)
            if work is not relaxation.work:
                hint = work.hint(relaxation.work.read(hint))
                mip = work.mip(self.fixed)
            proof = fixed_proof(
                work=work,
                level=name,
                relaxation=relaxation,
                hint=hint,
                fixed=self.fixed,
                open_=self.open,
                settings=self.settings,
                deadline=self.deadline,
            )
            if proof is not None:
                return LevelOutcome(result=proof, bound=proof.value, proven=True)
        return self._full_mip(name, mip, priced, hint)

    def _grow_for_proof(self, name: str, relaxation: Relaxation, hint: list[int]) -> WorkingModel:
        """The working model the fixed proof runs on: grown by the left-out pairs a better solution
        than `hint` could still use (`dives.near_pairs`), when there are some and at most
        `SolverSettings.retry_limit` of them. Measured on the alike family's quality level: with no
        pair grown the proof never ran (pairs priced within the 42-point slack were left out)."""
        work = self.work
        slack = proof_slack(relaxation, self.open, work.value(name, hint), self.settings.fixed_proof_slack)
        if slack is None or relaxation.work is not work:
            return work
        near = near_pairs(relaxation, self.open, slack)
        if not 0 < len(near) <= self.settings.retry_limit:
            return work
        log.debug(
            "%s: %d left-out pairs within the proof's slack %.2f join the working set", name, len(near), slack
        )
        self._grow(near)
        return self.work

    def _dives(
        self, name: str, mip: MipBackend, relaxation: Relaxation, lp_bound: int, hint: list[int]
    ) -> Dives:
        """The dives in turn (`SolverSettings.dives`), until one reaches the LP bound `lp_bound` or
        the best found is close enough to it for the fixed proof."""
        settings, work = self.settings, self.work
        for label in settings.dives:
            if label == "whole" and name not in settings.whole_dive_levels:
                continue
            found = dive(
                work=work,
                mip=mip,
                level=name,
                label=label,
                relaxation=relaxation,
                hint=hint,
                fixed=self.fixed,
                time_limit=min(self.remaining() * settings.dive_share, settings.dive_seconds),
            )
            if found is None:
                continue
            self.report(name, found.value, lp_bound)
            if found.value >= lp_bound:
                proven = dataclasses.replace(found, proven=True, bound=lp_bound)
                return Dives(outcome=LevelOutcome(result=proven, bound=lp_bound, proven=True), hint=hint)
            if work.value(name, found.values) > work.value(name, hint):
                hint = found.values
            if (
                proof_slack(relaxation, self.open, work.value(name, hint), settings.fixed_proof_slack)
                is not None
            ):
                break  # close enough to the bound for the reduced-cost proof: no more dives
        return Dives(hint=hint)

    def _price_and_separate(self, name: str) -> Priced:
        """Pricing rounds and cut separation; the level's outcome when the LP optimum is whole."""
        settings = self.settings
        fixed_names = [n for n, _ in self.fixed]
        relaxation: Relaxation | None = None
        priced: int | None = None
        cut_bounds: list[int] = []
        cut_started = time.perf_counter()
        cut_budget = settings.cut_share * (self.deadline - cut_started)
        if len(self.work.columns) >= settings.fresh_lp_pairs and name not in settings.lp_continue_levels:
            self.work.forget_lp()  # the last level's LP, re-solved warm, is slower than a fresh one
        method = settings.lp_methods[name]
        warm = "dual" if name in settings.lp_warm_dual_levels else "primal"
        while time.perf_counter() < self.deadline:
            round_started = time.perf_counter()
            work = self.work
            engine = work.lp(self.fixed, self.level_margin, method)
            if settings.lp_dump:
                engine.save(f"{settings.lp_dump}/{name}-{len(work.columns)}.npz", work.built.levels[name])
            built_at = time.perf_counter()
            relaxed = engine.relax(work.built.levels[name], self.remaining(), warm)
            if relaxed is None and self.remaining() > settings.min_level_seconds:
                # GLOP gave up (status in the log): once more from scratch, with room under the levels
                log.debug("%s: LP over %d pairs gave no optimum; again from scratch", name, len(work.columns))
                self.level_margin = settings.level_margin
                work.forget_lp()
                engine = work.lp(self.fixed, self.level_margin, method)
                relaxed = engine.relax(work.built.levels[name], self.remaining(), warm)
            solved_at = time.perf_counter()
            if relaxed is None:
                log.debug("%s: LP over %d pairs gave no optimum", name, len(work.columns))
                break
            values = relaxed.values
            safe = safe_bound(engine, work.built.levels[name])
            rc = self.columns.reduced_costs(safe.duals, name, fixed_names)
            tolerance = 1e-6 * np.maximum(1.0, np.abs(self.columns.coefficients[name]))
            left_out = ~self.keep & self.open
            entering = np.flatnonzero(left_out & (rc > tolerance))
            # with nothing pricing in, the pairs left out add at most their (tiny) positive prices
            bound = self._on_grid(name, math.floor(safe.value + float(np.maximum(rc[left_out], 0.0).sum())))
            if len(entering) == 0:
                self.report(name, work.value(name, work.hint(self.incumbent)), bound)
            log.debug(
                "%s: LP over %d pairs, bound %d, %d fractional, %d pairs price in "
                "(build %.2fs, LP %.2fs, pricing %.2fs)",
                name,
                len(work.columns),
                bound,
                len(engine.fractional),
                len(entering),
                built_at - round_started,
                solved_at - built_at,
                time.perf_counter() - solved_at,
            )
            priced = bound if priced is None else min(bound, priced)
            relaxation = Relaxation(
                engine=engine,
                work=work,
                values=values,
                safe=safe,
                reduced_costs=rc,
                bound=bound if len(entering) == 0 else (relaxation.bound if relaxation else None),
            )
            if len(entering) == 0:
                value = work.value(name, values)
                if value >= bound and engine.keeps_rows(values) and work.keeps_levels(self.fixed, values):
                    result = PassResult(found=True, proven=True, value=value, bound=bound, values=values)
                    outcome = LevelOutcome(result=result, bound=bound, proven=True)
                    return Priced(relaxation=relaxation, priced=priced, outcome=outcome)
                cut_bounds.append(bound)
                rounds = settings.cut_stall_rounds
                stalled = len(cut_bounds) > rounds and abs(cut_bounds[-1 - rounds] - bound) <= (
                    settings.cut_stall * max(1.0, abs(bound))
                )
                if stalled or time.perf_counter() - cut_started > cut_budget:
                    break
                hulls = hull_cuts(
                    work.built,
                    engine.raw,
                    max_seats=settings.rank_seats,
                    max_denominator=settings.hull_denominator,
                )
                cut_specs = {int(work.built.candidates.specialist[cut.rows[0]]) for cut in hulls}
                ranks = [
                    cut
                    for cut in rank_cuts(work.built, engine.raw, max_seats=settings.rank_seats)
                    if int(work.built.candidates.specialist[cut.rows[0]]) not in cut_specs
                ]
                log.debug("%s: %d hull and %d rank cuts at bound %d", name, len(hulls), len(ranks), bound)
                if not hulls and not ranks:
                    break
                for hull in hulls:
                    work.add_cut(hull.rows, hull.alpha, hull.coeffs)
                for rows, alpha in ranks:
                    work.add_cut(rows, alpha)
                continue
            # with few pairs pricing in, bring their nearest rivals too: each round rebuilds the LP
            outside = np.flatnonzero(~self.keep & self.open)
            ranked = outside[np.argsort(-rc[outside], kind="stable")]
            batch = settings.pricing_batch
            self._grow(ranked[: max(min(len(entering), batch), min(settings.pricing_neighbours, batch))])
        return Priced(relaxation=relaxation, priced=priced)

    def _on_grid(self, name: str, bound: int) -> int:
        """The bound rounded down to a multiple of the level's grid: the greatest common divisor of
        every coefficient the level can have (every candidate pair's, the working model's, and for
        ramp every ramp day's index), which every plan's value is a multiple of. The service
        family's cost level (hours 10 or 20, so every cost a multiple of 10): an LP bound of
        -502,827,898 is -502,827,900 on the grid, the value the union dive finds, now proven."""
        grid = self._grids.get(name)
        if grid is None:
            coefficients = np.concatenate(
                [
                    self.columns.coefficients[name].astype(np.int64),
                    np.asarray(self.work.built.levels[name][1], dtype=np.int64),
                    # a newcomer may start on any ramp day, in the working model or not
                    np.arange(max(len(r.ramp) for r in self.bench.problem.requests) if name == "ramp" else 0),
                ]
            )
            grid = self._grids[name] = int(np.gcd.reduce(np.abs(coefficients))) if len(coefficients) else 0
        return bound if grid <= 1 else bound // grid * grid

    def _full_mip(self, name: str, mip: MipBackend, priced: Priced, hint: list[int]) -> LevelOutcome | None:
        """The MIP over the working set, then the reduced-cost retry with the pairs that could
        still improve it; the LP bound (when pricing converged) is what the level is proven against."""
        settings, work, relaxation = self.settings, self.work, priced.relaxation
        lp_bound = relaxation.bound if relaxation is not None else None
        last = name == LEVEL_ORDER[-1]
        mip_limit = settings.last_level_mip_limit if last else settings.full_mip_limit
        if len(work.columns) > mip_limit and lp_bound is not None:
            # past this size the full MIP costs far more than it finds: keep the best dive (or incumbent)
            incumbent = work.value(name, hint)
            kept = PassResult(found=True, proven=False, value=incumbent, bound=lp_bound, values=hint)
            return LevelOutcome(result=kept, bound=lp_bound, proven=incumbent >= lp_bound)
        budget = self.remaining() if last else self.remaining() * settings.mip_share
        log.debug("%s: MIP over %d pairs for %.1fs", name, len(work.columns), budget)
        result = mip.maximise(work.built.levels[name], hint, budget)
        log.debug(
            "%s: MIP found=%s value=%d bound=%d proven=%s",
            name,
            result.found,
            result.value,
            result.bound,
            result.proven,
        )
        if not result.found or not work.keeps_levels(self.fixed, result.values):
            if lp_bound is None:
                return self._out_of_time(name, priced)
            result = PassResult(
                found=True, proven=False, value=work.value(name, hint), bound=result.bound, values=hint
            )
        elif lp_bound is not None and result.value < work.value(name, hint):
            result = PassResult(  # keep the dive's
                found=True, proven=False, value=work.value(name, hint), bound=result.bound, values=hint
            )
        if (
            relaxation is not None
            and lp_bound is not None
            and result.value < lp_bound
            and not self.complete()
        ):
            # reduced-cost fixing: a pair left out with reduced cost below (incumbent - LP bound) cannot be
            # in any solution better than the incumbent, so the MIP over the rest decides the level
            rc = relaxation.reduced_costs
            near = np.flatnonzero(~self.keep & self.open & (rc >= result.value - lp_bound - 1e-6))
            if len(near) > settings.retry_limit or self.remaining() <= settings.retry_min_seconds:
                return LevelOutcome(result=result, bound=lp_bound, proven=result.value >= lp_bound)
            start_from = work.read(result.values)
            self._grow(near)
            work = self.work
            budget = self.remaining() if last else self.remaining() * settings.mip_share
            retry = work.mip(self.fixed).maximise(work.built.levels[name], work.hint(start_from), budget)
            if retry.found and work.keeps_levels(self.fixed, retry.values):
                result = retry
                if retry.proven:
                    return LevelOutcome(result=retry, bound=retry.value, proven=True)
        complete = self.complete()
        if lp_bound is not None:
            bound = min(lp_bound, result.bound) if complete else lp_bound
        else:  # pricing unfinished: the MIP's bound holds for the whole problem only over every pair
            bound = self._priced_bound(name, priced)
            if complete:
                bound = min(bound, result.bound)
        return LevelOutcome(
            result=result, bound=bound, proven=(result.proven and complete) or result.value >= bound
        )

    def _out_of_time(self, name: str, priced: Priced) -> LevelOutcome:
        """The incumbent (a valid plan, which keeps every level above), with the best bound the
        level's LPs proved."""
        hint = self.work.hint(self.incumbent)
        value, bound = self.work.value(name, hint), self._priced_bound(name, priced)
        kept = PassResult(found=True, proven=False, value=value, bound=bound, values=hint)
        return LevelOutcome(result=kept, bound=bound, proven=value >= bound)

    def _priced_bound(self, name: str, priced: Priced) -> int:
        """The best bound for the whole problem without a converged pricing: the level's best priced
        LP, else the bound that needs no LP (every pair with a positive coefficient chosen: 0 for the
        minimised levels, stated as maximisations)."""
        loose = int(np.maximum(self.columns.coefficients[name][self.open], 0).sum())
        return loose if priced.priced is None else min(loose, priced.priced)
