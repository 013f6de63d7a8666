"""Scheduled upkeep: the jobs that keep the bench and the cycles true by themselves (vetting lapses,
cycles moving on their dates), each scheduled slot run exactly once across every instance, with a ledger
an admin can read and a run-now button."""
