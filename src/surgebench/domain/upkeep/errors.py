"""Named errors of scheduled upkeep."""

from surgebench.lib.errors import Conflict, NotFound


class UnknownScheduledJob(NotFound):
    code = "unknown_scheduled_job"


class ScheduledJobAlreadyRunning(Conflict):
    """A manual run asked for at the moment a run of the same job already holds (two clicks, or two
    instances, at one clock moment): the run that holds it goes on; this one does nothing."""

    code = "scheduled_job_already_running"
