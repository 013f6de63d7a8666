"""The working model of one solve: a subset of the candidate pairs and the model built over it.

The working set only grows (pricing and the reduced-cost retry add pairs), and every rank cut found
so far (`cuts.rank_cuts`, as candidate pairs and α) is carried into each new working model. Also the
solver engines over it with the levels above fixed (`_engine`, `_lp_engine` keeps one LP across
levels), and reading values to and from candidate pairs (`_hint`, `_read`, `_value`, `_keeps_levels`).
Used by `levels` (one lexicographic level) and `solve` (the passes over all levels).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from surgebench.staffing.backends import LpFirstBackend, MipBackend
from surgebench.staffing.bench import Bench
from surgebench.staffing.candidates import Candidates
from surgebench.staffing.model import StaffingModel, build_model


@dataclass
class _Working:
    """The working model: which candidate pairs it holds, and the model built over them."""

    columns: np.ndarray
    built: StaffingModel
    found: Candidates
    lp: LpFirstBackend | None = None
    lp_fixed: int = 0
    """How many level fixes the cached LP already holds."""
    cuts: list = field(default_factory=list)
    """Rank cuts found so far, as (candidate pairs, α); shared by every working model of one solve."""


def _working_model(bench: Bench, found: Candidates, keep: np.ndarray, pins, cuts=()) -> _Working:
    """The model over the kept pairs, with every rank cut found so far (`cuts`: candidate pairs, α)
    whose pairs are all kept (the working set only grows, so that is every one)."""
    subset = Candidates(found.specialist[keep], found.role[keep], found.roles, found.total)
    work = _Working(
        np.flatnonzero(keep),
        build_model(bench, subset, pins),
        subset,
        cuts=cuts if isinstance(cuts, list) else list(cuts),
    )
    if cuts:
        row_of = {int(c): i for i, c in enumerate(work.columns.tolist())}
        for k, (pairs, alpha) in enumerate(cuts):
            if all(c in row_of for c in pairs):
                _add_cut(work, [row_of[c] for c in pairs], alpha, k)
    return work


def _add_cut(work: _Working, rows: list[int], alpha: int, k: int) -> None:
    built = work.built
    s = int(built.candidates.specialist[rows[0]])
    built.model.add(f"rank({s}, {k})", ("rank", s, k), [built.assign[i] for i in rows], None, None, alpha)
    if work.lp is not None:
        work.lp.add_row(built.model.rows[-1])


def _hint(work: _Working, chosen: set[int], starts: dict) -> list[int]:
    values = [0] * len(work.built.model.names)
    for row, column in enumerate(work.columns.tolist()):
        if column in chosen:
            values[work.built.assign[row]] = 1
    for key, var in work.built.starts.items():
        values[var] = starts.get(key, 0)
    return values


def _read(work: _Working, values: list[int]) -> tuple[set[int], dict]:
    chosen = {int(work.columns[row]) for row, var in enumerate(work.built.assign) if values[var]}
    return chosen, {key: values[var] for key, var in work.built.starts.items()}


def _engine(work: _Working, fixed: list[tuple[str, int]], kind: str):
    engine = LpFirstBackend(work.built.model) if kind == "lp" else MipBackend(work.built.model, "SCIP")
    for i in work.built.pins:
        engine.fix_var(work.built.assign[i], 1)
    for level_name, value in fixed:
        if kind == "lp":
            engine.fix(work.built.levels[level_name], value, ("level", level_name))
        else:
            engine.fix(work.built.levels[level_name], value)
    return engine


def _lp_engine(work: _Working, fixed: list[tuple[str, int]]) -> LpFirstBackend:
    """The working model's LP, built once and kept across levels (new level fixes appended)."""
    if work.lp is None:
        work.lp = _engine(work, fixed, "lp")
    else:
        for level_name, value in fixed[work.lp_fixed :]:
            work.lp.fix(work.built.levels[level_name], value, ("level", level_name))
    work.lp_fixed = len(fixed)
    return work.lp


def _value(work: _Working, name: str, values: list[int]) -> int:
    vars_, coeffs = work.built.levels[name]
    return sum(c * values[i] for i, c in zip(vars_, coeffs, strict=True))


def _keeps_levels(work: _Working, fixed: list[tuple[str, int]], values: list[int]) -> bool:
    """Every level above is still at its optimum: the model's rows do not hold the level fixes (only
    the solver engines do), so a rounded LP point must be checked against them exactly."""
    return all(_value(work, level_name, values) >= best for level_name, best in fixed)
