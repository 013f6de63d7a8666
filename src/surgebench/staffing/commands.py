"""Command line doors to the solver: `solve`, `check`, `explain` (attached to the `surgebench` group).

Bad problem files print one line naming the place and exit with status 2; `check` exits 1 when the
plan breaks a rule. `python -m surgebench.staffing.commands ...` runs them without the main CLI.
"""

from __future__ import annotations

import json
import sys
import time
from typing import NoReturn, TextIO

import click

from surgebench.staffing.check import check_plan
from surgebench.staffing.explain import explain as explain_plan
from surgebench.staffing.explain import render
from surgebench.staffing.fields import ProblemError
from surgebench.staffing.plan import Plan, PlanError, parse_plan
from surgebench.staffing.problem import Problem, load_problem
from surgebench.staffing.settings import DEFAULT_TIME_LIMIT
from surgebench.staffing.solve import ProgressEvent
from surgebench.staffing.solve import solve as solve_problem

EXIT_INVALID_INPUT = 2


def _fail(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_INVALID_INPUT)


def _read_problem(stream: TextIO) -> Problem:
    try:
        return load_problem(stream.read())
    except ProblemError as error:
        _fail(f"{getattr(stream, 'name', 'problem')}: {error}")
    except UnicodeDecodeError:
        _fail(f"{getattr(stream, 'name', 'problem')}: not UTF-8 text")


def _read_plan(stream: TextIO) -> Plan:
    name = getattr(stream, "name", "plan")
    try:
        return parse_plan(json.loads(stream.read()))
    except json.JSONDecodeError as error:
        _fail(f"{name}: malformed JSON at line {error.lineno}, column {error.colno}: {error.msg}")
    except PlanError as error:
        _fail(f"{name}: {error}")


def _progress(event: ProgressEvent) -> None:
    proven = " (proven)" if event.proven else ""
    click.echo(
        f"[{event.elapsed:7.2f}s] {event.level:<10} best {event.best:>14,} bound {event.bound:>14,}{proven}",
        err=True,
    )


@click.command("solve")
@click.argument("problem_file", type=click.File("r"))
@click.option(
    "-o", "--output", type=click.File("w"), default="-", show_default=True, help="Plan file (- = stdout)."
)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0),
    default=DEFAULT_TIME_LIMIT,
    show_default=True,
    help="Seconds.",
)
@click.option("--quiet", is_flag=True, help="No progress on stderr.")
def solve(problem_file: TextIO, output: TextIO, time_limit: float, quiet: bool) -> None:
    """Solve PROBLEM_FILE (- = stdin) and write the plan."""
    started = time.perf_counter()
    problem = _read_problem(problem_file)
    remaining = max(0.0, time_limit - (time.perf_counter() - started))
    plan = solve_problem(problem, time_limit=remaining, progress=None if quiet else _progress)
    json.dump(plan.to_json(), output, indent=1)
    output.write("\n")
    if not quiet:
        click.echo(
            f"{plan.status}: {len(plan.assignments)} assignments, objective {plan.objective}", err=True
        )
        for pin in plan.infeasible_pins:
            click.echo(f"  pin {pin.specialist} -> {pin.request}/{pin.role}: {pin.reason}", err=True)


@click.command("check")
@click.argument("problem_file", type=click.File("r"))
@click.argument("plan_file", type=click.File("r"))
def check(problem_file: TextIO, plan_file: TextIO) -> None:
    """Check PLAN_FILE against PROBLEM_FILE: exit 0 if valid, 1 if it breaks a rule."""
    problem = _read_problem(problem_file)
    report = check_plan(problem, _read_plan(plan_file))
    for violation in report.violations:
        click.echo(violation)
    for note in report.notes:
        click.echo(f"note: {note}")
    click.echo("objective: " + ", ".join(f"{k}={v}" for k, v in report.objective.items()))
    click.echo("valid" if report.ok else f"{len(report.violations)} violation(s)")
    sys.exit(0 if report.ok else 1)


@click.command("explain")
@click.argument("problem_file", type=click.File("r"))
@click.argument("plan_file", type=click.File("r"))
@click.option("--specialist", "specialist_id", required=True, help="Specialist id.")
def explain(problem_file: TextIO, plan_file: TextIO, specialist_id: str) -> None:
    """Explain, per request and role, why a specialist is or is not in the plan."""
    problem = _read_problem(problem_file)
    plan = _read_plan(plan_file)
    try:
        explanations = explain_plan(problem, plan, specialist_id)
    except KeyError:
        _fail(f"unknown specialist {specialist_id!r}")
    click.echo(render(explanations))


commands = [solve, check, explain]


@click.group()
def main() -> None:
    """The staffing solver's commands."""


for _command in commands:
    main.add_command(_command)

if __name__ == "__main__":
    main()
