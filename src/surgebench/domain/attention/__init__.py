"""What needs attention before it bites: people on the rosters of running or coming cycles who can no
longer work them to the end (vetting lapsing before the cycle ends, suspended, offboarded) — for program
managers, with the re-plan one click away — and the people to re-vet, soonest first, for recruiters."""
