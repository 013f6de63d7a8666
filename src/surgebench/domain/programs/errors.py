"""Named errors of the programs domain."""

from surgebench.lib.errors import Conflict, NotFound, ValidationFailed


class ProgramNotFound(NotFound):
    code = "program_not_found"


class CycleDatesFixed(Conflict):
    code = "cycle_dates_fixed"


class CycleNotFound(NotFound):
    code = "cycle_not_found"


class InvalidProgram(ValidationFailed):
    code = "invalid_program"


class ProgramExists(Conflict):
    """The client already has a program on that model (one program per model)."""

    code = "program_exists"


class InvalidCycle(ValidationFailed):
    code = "invalid_cycle"


class CycleOverlaps(Conflict):
    """A cycle's dates overlap another cycle of the same program, or its number is out of date order."""

    code = "cycle_overlaps"


class CycleStatusBackward(Conflict):
    """Cycle statuses only move forward: planned → staffing → active → closed."""

    code = "cycle_status_backward"


class InvalidTeamFilter(ValidationFailed):
    code = "invalid_filter"
