"""Placeholder replaced by the jobs implementation."""


def start_runner(engine):  # type: ignore[no-untyped-def]
    return None
