"""Named errors of the plans domain."""

from surgebench.lib.errors import Conflict, DomainError, NotFound, ValidationFailed


class PlanNotFound(NotFound):
    code = "plan_not_found"


class PlanNotReady(Conflict):
    """Still solving, or the solve failed: nothing to approve or read yet."""

    code = "plan_not_ready"


class PlanOutdated(Conflict):
    """The request changed since the plan was made, or a newer version exists: plan again."""

    code = "plan_outdated"


class AlreadyApproved(Conflict):
    code = "already_approved"


class ApprovalConflict(Conflict):
    """The database no longer allows the plan (someone was booked, offboarded or re-vetted since);
    ``details`` names each person and the rule they now break."""

    code = "approval_conflict"


class NothingToReplan(Conflict):
    code = "nothing_to_replan"


class InvalidPlanQuery(ValidationFailed):
    code = "invalid_filter"


class TooManyPlans(DomainError):
    """The user already has as many plans queued or solving as one user may (``PLANS_PER_USER``)."""

    status_code = 429
    code = "too_many_plans"
