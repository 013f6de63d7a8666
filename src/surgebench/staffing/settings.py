"""`SolverSettings`: every tuning knob of the search in one frozen, documented value.

`solve(problem, settings=SolverSettings(...))` takes one; tests pass their own instead of patching
modules. None of these changes *what* is optimal — the contract decides that — only how the search
gets there and how the time is shared. Each field says what it does and, where it was measured, why
it has its value (the S, M and L benches are `benchmarks/instances.py`; L is 200,000 specialists).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

DEFAULT_TIME_LIMIT = 60.0
"""Seconds a solve may take when the caller names no limit (`solve`, `surgebench solve`)."""


@dataclass(frozen=True)
class SolverSettings:
    # --- before the search -------------------------------------------------------------------------
    dominance_passes: int = 4
    """Most rounds of the dominance reduction (`candidates`): each round can make more people
    candidates for a single role, and so more of them dominated; it stops earlier when a round
    drops nothing."""
    greedy_chunk: int = 2_000
    """Pairs the greedy start looks at in bulk before one at a time (`Occupancy.open_seats`): on the
    1M bench a bulk look costs about a millisecond and saves the one-at-a-time look for most pairs."""
    pin_core_pins: int = 40
    """An infeasible set of pins (CP-SAT's core) of at most this many pins is shrunk to a minimal one
    by deletion (`pins`), a larger one is named as it is. The deletion was one CP-SAT solve per pin
    when 40 was chosen; it is now a direct count of the pinned seats (cheap), so the number only keeps
    the pins named the same. CP-SAT itself runs within the solve's deadline."""

    # --- the working set (column generation, see `pricing`) --------------------------------------
    working_set: int = 60_000
    """Benches with more candidate pairs than this solve over a working set grown by pricing;
    smaller ones put every pair in the model from the start."""
    seed_per_seat: int = 3
    seed_extra: int = 10
    """The first working set holds, per role, its best `seed_per_seat × headcount + seed_extra`
    candidates (returning first, then quality, then rate), plus the pins and the greedy plan."""
    pricing_batch: int = 60_000
    """Most left-out pairs (best reduced cost first) one pricing round adds to the working set.
    Every round rebuilds the model and its LP from scratch, and on the 1M family one LP over
    160-230k pairs takes 30-60 s: its quality LP over 163k pairs prices 82k pairs in. At 20,000 a
    round the level took two more LPs (183k pairs 52 s, 203k 56 s) and ran out of time with 45k
    still pricing in; at 60,000 the second LP (223k pairs, 59 s) left 350 and the third 3."""
    pricing_neighbours: int = 5_000
    """Pairs added per pricing round even when fewer price in (the best reduced costs next in line):
    each round rebuilds the model, so a few more pairs per round save rounds."""

    settle: bool = True
    """Carry reduced-cost fixing from each decided level to the levels below (see `settle`)."""
    settle_rebuild_share: float = 0.3
    settle_rebuild_pairs: int = 10_000
    """A settlement that drops at least this share of a working model of at least this many pairs
    rebuilds the model without them; otherwise it is applied in place (bounds and row sides), which
    keeps the LP warm. Measured on M (5k pairs): rebuilding after every level took the solve from
    0.33 s to 0.5 s; on L the quality settlement drops half of a 29.6k-pair working model and the
    rebuilt one solves ramp and cost several times faster."""

    # --- the LP ---------------------------------------------------------------------------------
    level_margin: float = 0.5
    """LP rows that keep a level at its value V say ≥ V - level_margin once an LP at exactly V gave
    no optimum (see `LpFirstBackend.fix`): any margin below 1 keeps the same whole plans."""
    min_level_seconds: float = 0.05
    """A level (and a failed LP's second try from scratch) starts only with more than this left
    before the deadline; with less the solve keeps the plan it has."""
    fresh_lp_pairs: int = 20_000
    """Working models of at least this many pairs get a fresh LP for each level instead of re-solving
    the last level's LP with the new level row and objective. Measured on the 1M family (163k
    pairs): continuity's LP 22.5 s re-solved, 8.3 s fresh; quality's first LP 43.5 s vs 31.2 s. On
    L (29.6k pairs, medians of 3, load 1.2-1.8): cost proven 6.61 s vs 5.94 s into the levels
    (quality 5.30 vs 4.69), though continuity takes 0.15 s more (the rebuild). M's working model
    (5k pairs) is below the threshold."""
    lp_methods: Mapping[str, str] = field(
        default_factory=lambda: MappingProxyType(
            {
                "fill": "glop",
                "continuity": "glop",
                "quality": "highs-dual",
                "ramp": "highs-dual",
                "cost": "highs-dual",
            }
        )
    )
    """How each level's LP is solved when it starts without a basis (`lp_engines.ENGINES`). Measured
    on the 1M family's LPs, cold (163-228k pairs, `benchmarks/lp_methods.py time`): fill GLOP 3.6 s,
    HiGHS interior point 17.6 s, primal simplex 43 s, dual simplex 210 s; continuity GLOP 9.5 s,
    interior point 15 s, primal over 60 s; quality GLOP 47 s, HiGHS dual simplex 12 s, interior
    point 44 s; cost HiGHS dual simplex 26 s, GLOP 61 s, interior point 67 s. A HiGHS LP that has a
    basis goes on from it with the primal simplex (`HighsLp.solve`)."""

    lp_continue_levels: frozenset[str] = frozenset({"ramp", "cost"})
    """Levels whose LP goes on from the last level's, whatever the size: on HiGHS from its optimal
    basis, which the new level row and objective leave primal feasible. 1M family: ramp from
    quality's optimum 0.15 s, fresh 18.7 s (GLOP) to over 90 s (HiGHS dual simplex); cost from
    ramp's optimum 5.9 s (dual simplex) or 68 s (primal), fresh 26-28 s (HiGHS dual simplex)."""
    lp_warm_dual_levels: frozenset[str] = frozenset({"cost"})
    """Levels whose LP goes on from a basis with the dual simplex; the others with the primal. 1M
    family: quality's working model grown by 45 pairs, 0.6 s primal vs 6.3 s dual; cost's grown by
    1,221 pairs, 4.2 s dual vs 15.6 s primal (and 5.9 s vs 68 s from ramp's optimum)."""
    lp_dump: str | None = None
    """A folder to write every LP a level solves to (`LpFirstBackend.save`), for
    `benchmarks/lp_methods.py`; None writes nothing."""
    warm_grow_share: float = 0.1
    """A working model grown by at most this share of its pairs starts its LP from the last basis
    (HiGHS); a larger growth starts cold. 1M family, quality: grown by 45 pairs to 228k, 21.8 s cold,
    0.6 s from the basis; grown by 60k to 223k, 17-20 s cold, over 40 s from the basis."""

    # --- cut separation (see `cuts`) --------------------------------------------------------------
    cut_share: float = 0.25
    """Most of a level's remaining time spent in rank-cut separation rounds."""
    cut_stall: float = 1e-6
    cut_stall_rounds: int = 3
    """Separation stops once the bound moved by at most `cut_stall` (relative) over this many rounds."""
    cover_seats: int = 16
    """Specialists with more candidate seats than this get no hour-cover rows (the enumeration is
    exponential in the seats)."""
    rank_seats: int = 12
    """Rank-cut separation looks at most this many seats of one specialist (2^n subsets)."""
    hull_denominator: int = 6
    """A hull cut's normal (`cuts.hull_cuts`, an LP's vertex) is used when a factor up to this makes it
    whole; on the alike family every normal was whole at factor 1 or 2 (A + B + C + 2D ≤ 2)."""

    # --- dives: MIPs with most pairs fixed, after a fractional LP optimum --------------------------
    dives: tuple[str, ...] = ("fractional", "union", "whole", "agreed")
    """Dives tried in turn, until one reaches the LP bound or gets close enough for the fixed proof.
    "fractional" (only the pairs of specialists the LP splits are open) is a MIP of a few hundred
    pairs: on the alike family's quality level (after hull cuts) it found 7,190,467 in 0.9 s, where
    union's best was 7,190,466 in 10 s, and so came within the fixed proof's slack.
    Measured on L's quality level: union finds the optimum in 0.9-1.2 s, whole in 3.4-4.2 s (it was
    first until settling). Rerunning the union dive around each new incumbent gained 20 quality
    points and cost the later levels' dives the time they needed."""
    whole_dive_levels: frozenset[str] = frozenset({"fill", "continuity", "quality"})
    """Levels that try the "whole" dive. On the M and L benches it never found a solution on ramp or
    cost (fixing every whole LP pair leaves the level rows unmet)."""
    dive_share: float = 1 / 6
    dive_seconds: float = 15.0
    """One dive gets at most this share of the remaining time, and at most these seconds."""

    # --- proofs -------------------------------------------------------------------------------------
    fixed_proof_slack: float = 1e-5
    """The reduced-cost fixed proof MIP runs only when the LP bound is this close (relative) to the
    incumbent; further away too few variables can be fixed for it to finish."""
    fixed_proof_seconds: float = 15.0
    fixed_proof_share: float = 0.25
    """The fixed proof MIP gets at most these seconds and this share of the remaining time."""
    fixed_proof_min_seconds: float = 0.5
    """The fixed proof MIP is not started with fewer seconds than this to run in."""
    full_mip_limit: int = 20_000
    """Working models with more pairs than this skip the full MIP after the dives. Measured on L
    (29,612-pair working set): the cost MIP proves the working-set optimum in ~36 s, but its
    reduced-cost retry then overran a 120 s limit."""
    last_level_mip_limit: int = 40_000
    """The last level (cost) runs the full MIP up to this many pairs: nothing after it needs the time.
    Measured on L (29,612 pairs, hour-cover rows in): it finds a cheaper plan than the dives."""
    mip_share: float = 0.5
    """Share of the remaining time the full MIP (and its retry) gets on levels above the last."""
    retry_limit: int = 5_000
    """The reduced-cost retry runs only when at most this many left-out pairs could still improve the
    level; more make a MIP that neither finishes nor leaves time for the levels below (measured on L:
    81k pairs, ~50 s without proof). The LP bound stands otherwise."""
    retry_min_seconds: float = 1.0
    """Nor does it run with this many seconds or fewer left before the deadline."""


DEFAULT_SETTINGS = SolverSettings()
