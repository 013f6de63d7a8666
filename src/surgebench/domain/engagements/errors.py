"""Named errors of the engagements domain."""

from surgebench.lib.errors import Conflict, NotFound, ValidationFailed


class EngagementNotFound(NotFound):
    code = "engagement_not_found"


class InvalidEngagement(ValidationFailed):
    code = "invalid_engagement"


class OnLiveRoster(Conflict):
    """The engagement is on the roster of a cycle that has not closed: only the surge flow changes it."""

    code = "on_live_roster"
