"""Rule 1, eligibility: each function answers one question for every specialist at once.

Every function takes the columnar `Bench`, the request and the role, and returns a boolean
numpy array: True where the specialist passes that rule.
"""

from __future__ import annotations

import numpy as np

from surgebench.staffing.bench import Bench
from surgebench.staffing.problem import Request, Role


def vetted_status(bench: Bench, request: Request, role: Role) -> np.ndarray:
    """Only specialists whose status is "vetted" may be assigned."""
    return bench.vetted


def vetting_valid_through_cycle(bench: Bench, request: Request, role: Role) -> np.ndarray:
    """Vetting must still be valid on the request's last day (vetting_expires >= ends_on)."""
    return bench.vetting_expires >= bench.facts(request).ends_on


def skill_at_min_level(bench: Bench, request: Request, role: Role) -> np.ndarray:
    """The specialist has the role's skill at min_level or above (a missing skill is level 0)."""
    return bench.skills[role.skill] >= role.min_level


def quality_gate(bench: Bench, request: Request, role: Role) -> np.ndarray:
    """The specialist's quality for the role — `skill_quality` in the role's skill when given, else
    `quality` — is at least the role's min_quality."""
    return bench.quality_for(role.skill) >= role.min_quality


def speaks_role_languages(bench: Bench, request: Request, role: Role) -> np.ndarray:
    """Every language the role asks for is among the specialist's languages."""
    mask = np.ones(len(bench), dtype=bool)
    for lang in role.languages:
        mask &= bench.languages[lang]
    return mask


def utc_offset_in_range(bench: Bench, request: Request, role: Role) -> np.ndarray:
    """The specialist's zone, at noon UTC on the first ramp date, is inside the role's [lo, hi] offset."""
    if role.utc_offset is None:
        return np.ones(len(bench), dtype=bool)
    lo, hi = role.utc_offset
    offset = bench.facts(request).utc_offset
    return (offset >= lo) & (offset <= hi)


def available_before_ramp_ends(bench: Bench, request: Request, role: Role) -> np.ndarray:
    """The specialist is available no later than the request's last ramp date."""
    return bench.available_from <= bench.facts(request).last_ramp


def not_excluded(bench: Bench, request: Request, role: Role) -> np.ndarray:
    """Nobody barred by hand from the request (its `excluded` list) may take it."""
    return ~bench.facts(request).excluded
