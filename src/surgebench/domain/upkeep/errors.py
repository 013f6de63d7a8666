"""Named errors of scheduled upkeep."""

from surgebench.lib.errors import NotFound


class UnknownScheduledJob(NotFound):
    code = "unknown_scheduled_job"
