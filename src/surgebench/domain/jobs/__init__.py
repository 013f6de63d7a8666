"""Background jobs: queue, claim (compare-and-set, safe across instances), run with progress kept in
the database, cancel, report. Imports and solves use it, in lanes so a solve never holds up an import."""
