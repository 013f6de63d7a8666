"""Plans: the solver's answers to surge requests, kept as numbered versions — solved as background jobs,
read as a manager reads them (figures per role, ramp, countries, people, shortfall, why anyone is in or
out), compared, and approved into the cycle's roster under row locks."""
