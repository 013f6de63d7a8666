"""Named errors of the engagements domain."""

from surgebench.lib.errors import NotFound, ValidationFailed


class EngagementNotFound(NotFound):
    code = "engagement_not_found"


class InvalidEngagement(ValidationFailed):
    code = "invalid_engagement"
