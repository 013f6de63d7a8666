"""What the solver benchmark measures a process and a plan by: the process's peak memory, and the
solver's independent checker's verdict on a plan (ours or a baseline's)."""

from __future__ import annotations

import re
import resource
from pathlib import Path

STATUS = Path("/proc/self/status")


def vm_hwm_mb(status_text: str) -> float | None:
    """The peak resident set size ("high water mark") in MiB from the text of /proc/<pid>/status,
    or None when the text has no VmHWM line."""
    m = re.search(r"^VmHWM:\s+(\d+)\s+kB$", status_text, re.MULTILINE)
    return int(m.group(1)) / 1024 if m else None


def peak_rss_mb() -> float:
    """This process's peak resident set size so far, in MiB: VmHWM where /proc has it, else
    ru_maxrss (KiB on Linux)."""
    try:
        peak = vm_hwm_mb(STATUS.read_text())
    except OSError:
        peak = None
    return peak if peak is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def check(problem, plan_dict: dict) -> dict:
    """Run the solver's independent checker on a plan dict; returns ok, violations and objective."""
    from surgebench.staffing.check import check_plan

    if problem is None:
        return {"ok": None, "violations": ["the problem did not parse"], "objective": None}
    if plan_dict.get("status") not in ("optimal", "feasible", "infeasible"):
        return {
            "ok": False,
            "violations": [f"no plan (status {plan_dict.get('status')!r})"],
            "objective": None,
        }
    report = check_plan(problem, plan_dict)
    return {
        "ok": report.ok,
        "violations": report.violations[:20],
        "violation_count": len(report.violations),
        "objective": dict(report.objective),
    }
