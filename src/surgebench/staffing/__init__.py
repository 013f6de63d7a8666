"""The staffing solver: a pure function from a surge problem to a plan (no web, no database).

Modules, in the order data flows through them:

- `problem`     frozen problem facts read from `surge-problem/1` JSON (`parse_problem`, `load_problem`)
- `fields`      typed JSON field readers raising `ProblemError` with the offending path
- `bench`       the specialists as numpy columns, plus per-request facts (returning, competitor history)
- `rules`       the rule catalogue: one small function per business rule, in the contract's order
- `candidates`  eligible (specialist, role) pairs and the exact dominance reduction
- `model`       the optimisation model as linear rows, built in blocks headed by the rule they encode
- `cuts`        valid inequalities beyond the rules: conflict cliques, hour covers, rank and hull cuts
- `backends`    hands the model to OR-Tools (SCIP MIP, CP-SAT for pin cores) and holds the LP relaxation
- `lp_engines`  the LP engines: GLOP, and HiGHS (simplex or interior point, with a basis kept between solves)
- `pricing`     column generation: reduced costs of the pairs left out of the working model
- `greedy`      a quick valid plan to start from (and to return if time runs out first)
- `pins`        rule 8: whether the pins can be kept, and which ones are at fault
- `objective`   the five lexicographic levels as plain functions of the assignments
- `settings`    `SolverSettings`: every knob of the search in one frozen, documented value
- `working`     the working model: a growing subset of the pairs, its cuts, LP and MIP engines
- `search`      `LevelSearch`: one lexicographic level at a time — pricing, cut separation, full MIP
- `dives`       MIPs with most pairs fixed, and the reduced-cost fixed proof
- `solve`       `solve(problem) -> Plan`: lexicographic passes, start dates, shortfall
- `shortfall`   unfilled roles and the first reason each specialist could not take them
- `plan`        frozen plan results and `surge-plan/1` JSON in and out (`parse_plan`)
- `check`       `check_plan`: an independent verification of a plan from its assignments
- `explain`     why a specialist holds, or does not hold, each role
- `commands`    the `solve`, `check` and `explain` click commands
- `generate`    seeded random problems for measuring the solver
"""
