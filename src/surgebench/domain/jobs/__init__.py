"""Background jobs: queue, claim (compare-and-set, safe across instances), run with progress kept in
the database, report. Imports use it now; solver runs will too."""
