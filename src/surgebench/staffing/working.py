"""The working model of one solve: a subset of the candidate pairs and the model built over it.

The working set only grows (pricing and the reduced-cost retry add pairs); every rank cut found so
far (`cuts.rank_cuts`, kept as candidate pairs and α in one list shared by every working model of the
solve) is carried into each new working model. `WorkingModel` also builds the solver engines with the
levels above fixed (`mip`, and `lp`, which keeps one LP across levels) and translates between solver
values and an `Incumbent` (the chosen candidate pairs and start counts). A `Relaxation` is a level's
LP optimum over one working model, as the search, the dives and `settle` read it.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

import numpy as np

from surgebench.staffing.backends import Basis, LpFirstBackend, MipBackend
from surgebench.staffing.bench import Bench
from surgebench.staffing.candidates import Candidates
from surgebench.staffing.lpbound import Bound
from surgebench.staffing.model import RowKey, StaffingModel, build_model

log = logging.getLogger("surgebench.staffing.solve")

FixedLevels = list[tuple[str, int]]
"""The levels decided so far, in order, each with the value every later plan must keep."""


@dataclass(frozen=True)
class Incumbent:
    """A valid plan in candidate terms: chosen candidate pairs and start counts per
    (request, earliest ramp index, ramp index)."""

    chosen: frozenset[int]
    starts: dict[tuple[int, int, int], int]


@dataclass(frozen=True)
class Cut:
    """A cut of one specialist's seats: Σ coeffs · (these candidate pairs) ≤ alpha; a rank cut
    (`cuts.rank_cuts`) has every coefficient 1 (`coeffs` empty), a hull cut (`cuts.hull_cuts`) its own."""

    pairs: tuple[int, ...]
    alpha: int
    coeffs: tuple[int, ...] = ()

    def weights(self) -> tuple[int, ...]:
        return self.coeffs or (1,) * len(self.pairs)


@dataclass
class WorkingModel:
    """The model over the kept candidate pairs (`columns`), with every cut whose pairs it holds."""

    columns: np.ndarray
    built: StaffingModel
    cuts: list[Cut]
    """Every cut found in this solve, shared with the working models before and after this one."""
    tight: frozenset[RowKey] = frozenset()
    """Keys of the rows every later plan keeps at their cap (`settle`)."""
    start_basis: Basis | None = None
    """Where this model's first LP starts: the basis of the model it was rebuilt from
    (`LevelSearch._rebuild`); used once."""
    _lp: LpFirstBackend | None = None
    _lp_fixed: int = 0
    """How many level fixes the cached LP already holds."""
    _row_of: dict[int, int] = field(default_factory=dict)

    @classmethod
    def over(
        cls,
        bench: Bench,
        found: Candidates,
        keep: np.ndarray,
        pins: set[tuple[int, int]],
        cuts: list[Cut],
        cover_seats: int,
        tight: frozenset[RowKey] = frozenset(),
    ) -> WorkingModel:
        """The model over the pairs `keep` marks, with every cut of `cuts`. A cut's pairs are all
        kept, or left out because no later plan may use them (settled at 0 by reduced-cost fixing):
        the cut over the rest still holds, and is added unless it can no longer bind. Rows whose
        key is in `tight` hold at their cap exactly (`settle`)."""
        subset = Candidates(found.specialist[keep], found.role[keep], found.roles, found.total)
        built = build_model(bench, subset, pins, cover_seats=cover_seats)
        for row in built.model.rows:
            if row.key in tight and row.hi is not None:
                row.lo = row.hi
        work = cls(np.flatnonzero(keep), built, cuts, tight)
        if cuts:
            row_of = work.row_of
            for k, cut in enumerate(cuts):
                kept = [(row_of[c], w) for c, w in zip(cut.pairs, cut.weights(), strict=True) if c in row_of]
                if sum(w for _row, w in kept) > cut.alpha:
                    work._add_row(k, [row for row, _w in kept], cut.alpha, [w for _row, w in kept])
        return work

    @property
    def row_of(self) -> dict[int, int]:
        """Candidate pair -> row of this working model."""
        if not self._row_of:
            self._row_of = {int(c): i for i, c in enumerate(self.columns.tolist())}
        return self._row_of

    def add_cut(self, rows: list[int], alpha: int, coeffs: list[int] | None = None) -> None:
        """Add a cut over working rows (coefficients 1 unless given): kept for every later working
        model too."""
        self.cuts.append(Cut(tuple(int(self.columns[i]) for i in rows), alpha, tuple(coeffs or ())))
        self._add_row(len(self.cuts) - 1, rows, alpha, coeffs)

    def _add_row(self, k: int, rows: list[int], alpha: int, coeffs: list[int] | None = None) -> None:
        built = self.built
        s = int(built.candidates.specialist[rows[0]])
        key = ("rank", s, k)
        lo = alpha if key in self.tight else None
        built.model.add(f"rank({s}, {k})", key, [built.assign[i] for i in rows], coeffs, lo, alpha)
        if self._lp is not None:
            self._lp.add_row(built.model.rows[-1])

    # --- values ---------------------------------------------------------------------------------

    def hint(self, incumbent: Incumbent) -> list[int]:
        """The incumbent as values of this model's variables."""
        values = [0] * len(self.built.model.names)
        chosen = incumbent.chosen
        for row, column in enumerate(self.columns.tolist()):
            if column in chosen:
                values[self.built.assign[row]] = 1
        for key, var in self.built.starts.items():
            values[var] = incumbent.starts.get(key, 0)
        return values

    def read(self, values: list[int]) -> Incumbent:
        """Values of this model's variables as an incumbent."""
        assign = self.built.assign
        chosen = frozenset(int(self.columns[row]) for row, var in enumerate(assign) if values[var])
        return Incumbent(chosen, {key: values[var] for key, var in self.built.starts.items()})

    def value(self, level: str, values: list[int]) -> int:
        """The level's value (stated as a maximisation) at these variable values."""
        vars_, coeffs = self.built.levels[level]
        return sum(c * values[i] for i, c in zip(vars_, coeffs, strict=True))

    def keeps_levels(self, fixed: FixedLevels, values: list[int]) -> bool:
        """Every level above is still at its optimum: the model's rows do not hold the level fixes
        (only the solver engines do), so a rounded LP point must be checked against them exactly."""
        return all(self.value(level, values) >= best for level, best in fixed)

    # --- engines --------------------------------------------------------------------------------

    def mip(self, fixed: FixedLevels) -> MipBackend:
        """A fresh SCIP model of the working model with the pins and the levels above fixed."""
        started = time.perf_counter()
        engine = MipBackend(self.built.model, "SCIP")
        for i in self.built.pins:
            engine.fix_var(self.built.assign[i], 1)
        for level, value in fixed:
            engine.fix(self.built.levels[level], value)
        log.debug(
            "SCIP model of %d variables, %d rows built in %.2fs",
            len(self.built.model.names),
            len(self.built.model.rows),
            time.perf_counter() - started,
        )
        return engine

    def settle_in_place(self, never: np.ndarray, always: np.ndarray, tight: frozenset[RowKey]) -> None:
        """Settle pairs and rows in this model (and its LP, which stays warm): `never` and `always`
        are candidate pairs held at 0 and 1, rows keyed in `tight` held at their cap."""
        model = self.built.model
        lp = self._lp
        for pairs, value in ((never, 0), (always, 1)):
            rows = [self.row_of.get(int(column)) for column in pairs.tolist()]
            held = [self.built.assign[row] for row in rows if row is not None]
            for var in held:
                model.lower[var] = model.upper[var] = value
            if lp is not None:
                lp.fix_vars(held, value)
        for row in model.rows:
            if row.key in tight and row.hi is not None:
                row.lo = row.hi
        self.tight = tight
        if lp is not None:
            lp.tighten(tight)

    def forget_lp(self) -> None:
        """Drop the cached LP: the next `lp` builds it afresh (no warm start)."""
        self._lp = None
        self.start_basis = None

    def basis(self) -> Basis | None:
        """The basis of this model's last LP optimum (or the one it was to start from)."""
        found = self._lp.basis() if self._lp is not None else None
        return found or self.start_basis

    def lp(self, fixed: FixedLevels, margin: float = 0.0, method: str = "glop") -> LpFirstBackend:
        """The working model's LP by `method` (`lp_engines.ENGINES`), built once and kept across levels
        (new level fixes appended); its level rows say ≥ value - `margin` (`LpFirstBackend.fix`)."""
        lp = self._lp
        fresh = lp is None or lp.method != method
        if lp is None or fresh:
            lp = self._lp = LpFirstBackend(self.built.model, margin=margin, method=method)
            lp.fix_vars([self.built.assign[i] for i in self.built.pins], 1)
            self._lp_fixed = 0
        for level, value in fixed[self._lp_fixed :]:
            lp.fix(self.built.levels[level], value, ("level", level))
        self._lp_fixed = len(fixed)
        if fresh and self.start_basis is not None:
            started = lp.start_from(self.start_basis)
            self.start_basis = None
            log.debug("LP over %d pairs starts from the last basis: %s", len(self.columns), started)
        return lp


@dataclass(frozen=True, kw_only=True)
class Relaxation:
    """A level's LP optimum over a working model: the LP's engine and the model it was solved over,
    its values rounded, its bound and reduced costs safe from the engine's tolerances (`lpbound`),
    and the reduced cost of every candidate pair at its prices (`pricing`). `bound` is what it
    proves for the whole problem: None while pairs still priced in."""

    engine: LpFirstBackend
    work: WorkingModel
    values: list[int]
    safe: Bound
    reduced_costs: np.ndarray
    bound: int | None = None
