"""Click "Plan" to the plan on screen, over real HTTP, stage by stage; then the flow's other pages.

    .venv/bin/python benchmarks/bench_plan.py [--bench demo large] [--runs 5] [--postgres]
    .venv/bin/python benchmarks/bench_plan.py --managers 20 --bench large --postgres   # many at once

Starts ``surgebench serve`` (one process, running its own jobs, no scheduler) on a database holding the
demo bench (``surgebench fixtures load``: 20,000 people, kept in ``DEMO_SQLITE``) or the 200,000-person
bench with years of history (``bench_surge.py``'s builder, kept in its ``REUSE_SQLITE``; with
``--postgres`` both live in PostgreSQL databases instead). A 1,000-seat surge request is made on the
bench's Orion programme, then each run does what a manager's browser does: POST the plan, then load the
plan page as the page itself asks (its ``<meta http-equiv="refresh">`` or its ``data-poll-ms`` schedule)
until the plan is ready, the last load being the plan on screen. Each stage's seconds come from the plan's
job (``summary.seconds``: reading the records, building, checking, solving, storing; the wait for a
worker is the job's start less its creation); rendering is the last page load; "polling" is what is
left of the wall clock. The median of ``--runs`` runs, its share of the whole and its ratio to the solve.
Then the flow's pages on the last plan (median of five loads): the surge page, the plan page, the next
page of its people, *why* (the first ask, then again), compare with the plan before, the
programme page, the bench list (its first page and page 50 by quality), a profile, the problem's download.
The first plan after a write to the bench reads it whole (the worker's snapshot of it is stale); the runs
after it use the snapshot: the runs' line shows both. The machine's load average is printed before and after.

``--managers N`` instead starts two instances over one PostgreSQL and has N managers (one request each)
click "Plan" within a minute, loading pages meanwhile: the queue wait of each plan, the time to the last
plan, and the slowest page seen while they solved. No assertions: the figures are for reading."""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_surge  # noqa: E402

import surgebench  # noqa: E402
from surgebench.db import migrate  # noqa: E402
from surgebench.db.session import get_engine, unit_of_work  # noqa: E402
from surgebench.domain.audit.service import Actor  # noqa: E402

DEMO_SQLITE = Path(tempfile.gettempdir()) / "surgebench_bench_plan_demo.db"
POSTGRES_ADMIN_URL = bench_surge.POSTGRES_ADMIN_URL
STAGES = ("wait", "read", "build", "check", "solve", "summarise", "store", "render", "polling")
LABELS = {
    "wait": "waiting for a worker",
    "read": "reading the records",
    "build": "building the problem",
    "check": "checking the contract",
    "solve": "solving",
    "summarise": "the plan's figures",
    "store": "storing",
    "render": "rendering the page",
    "polling": "until the page looked",
}
OLD_NAMES = {"store_problem": "store", "validate": "check"}
"""Stage names of the code before the stages were split (its ``build`` also holds the reading)."""
META_REFRESH = re.compile(r'<meta http-equiv="refresh" content="([0-9.]+)"')
POLL_MS = re.compile(r'data-poll-ms="([0-9, ]+)"')
POLL_URL = re.compile(r'data-poll-url="([^"]+)"')


# ------------------------------------------------------------------------------------- databases


def demo_url(postgres: bool) -> str:
    if postgres:
        return _postgres_database("surgebench_plan_demo")
    return f"sqlite:///{DEMO_SQLITE}"


def large_url(postgres: bool) -> str:
    if postgres:
        return _postgres_database(bench_surge.POSTGRES_DB)
    return bench_surge._reused_sqlite(200_000)


def _postgres_database(name: str) -> str:
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)


def prepare_demo(url: str) -> None:
    """The demo as ``surgebench fixtures load`` loads it (once: a database that has it is kept)."""
    from surgebench.demo.loader import load_demo

    migrate.upgrade(url)
    if bench_surge.counts(url)[0]:
        return
    started = time.perf_counter()
    with unit_of_work(get_engine(url)) as db:
        load_demo(db, specialists=20_000, seed=7)
    print(f"demo loaded in {time.perf_counter() - started:.0f} s")


def prepare_large(url: str) -> None:
    filled = bench_surge.prepare(url, 200_000)
    if filled is not None:
        print(f"200,000-person bench filled in {filled:.0f} s")


def make_manager(url: str, tag: str) -> str:
    """A program manager's API token (a new manager each time: the plans-per-user limit is per user)."""
    from surgebench.domain.accounts import service as accounts

    actor = Actor.system("benchmark")
    with unit_of_work(get_engine(url)) as db:
        user = accounts.create_user(
            db,
            actor,
            email=f"bench-plan-{tag}-{time.time_ns()}@example.test",
            full_name="Bench PM",
            role="program_manager",
            password="correct horse battery staple",
        )
        return accounts.create_api_token(db, actor, user, "bench")


def job_times(url: str, plan_id: int) -> tuple[float, float]:
    """(seconds the plan's job waited for a worker, seconds from its creation to its end)."""
    with get_engine(url).connect() as conn:
        created, started, finished = conn.execute(
            text(
                "SELECT j.created_at, j.started_at, j.finished_at FROM jobs j "
                "JOIN plans p ON p.job_id = j.id WHERE p.id = :p"
            ),
            {"p": plan_id},
        ).one()
    as_time = _as_datetime
    return (
        (as_time(started) - as_time(created)).total_seconds(),
        (as_time(finished) - as_time(created)).total_seconds(),
    )


def _as_datetime(value):  # type: ignore[no-untyped-def]
    from datetime import datetime

    return datetime.fromisoformat(value) if isinstance(value, str) else value


# ---------------------------------------------------------------------------------------- servers


@contextmanager
def server(url: str, port: int, log: Path):  # type: ignore[no-untyped-def]
    """``surgebench serve`` on ``port``, running jobs, without the scheduler; stopped on leaving."""
    env = {
        **os.environ,
        "PYTHONPATH": str(Path(surgebench.__file__).resolve().parents[1]),
        "SURGEBENCH_DATABASE_URL": url,
        "SURGEBENCH_PORT": str(port),
        "SURGEBENCH_SCHEDULER": "0",
        "SURGEBENCH_RUN_JOBS": "1",
    }
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", "from surgebench.cli import main; main()", "serve"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(300):
                try:
                    if httpx.get(f"{base}/health", timeout=1).status_code < 500:
                        break
                except httpx.HTTPError:
                    pass
                if process.poll() is not None:
                    raise RuntimeError(f"the server stopped: see {log}")
                time.sleep(0.1)
            yield base
        finally:
            process.terminate()
            process.wait(30)


# ---------------------------------------------------------------------------------------- one plan


@dataclass
class Run:
    total: float
    stages: dict[str, float]
    plan_id: int
    loads: int
    solve_status: str
    fill: int


def follow_as_the_page_does(http: httpx.Client, plan_id: int, page: str) -> tuple[int, str, float]:
    """Load the plan page again as a browser showing ``page`` (a solving plan's page) would until the plan
    is no longer solving: its meta refresh (every load the whole page) or its script (the progress
    fragment at ``data-poll-url`` on the ``data-poll-ms`` schedule, then the whole page once). Returns
    the loads made, the last page and the seconds it took."""
    loads = 0
    while True:
        if (url := POLL_URL.search(page)) and (m := POLL_MS.search(page)):
            waits = [int(x) for x in m.group(1).replace(" ", "").split(",")]
            while True:
                time.sleep(waits[min(loads, len(waits) - 1)] / 1000)
                loads += 1
                if _status(http.get(url.group(1)).text) != "solving":
                    break
        else:
            m = META_REFRESH.search(page)
            time.sleep(float(m.group(1)) if m else 1.0)
        t = time.perf_counter()
        page = http.get(f"/plans/{plan_id}").text
        render = time.perf_counter() - t
        loads += 1
        if _status(page) != "solving":
            return loads, page, render


def _status(html: str) -> str | None:
    found = re.search(r'data-plan-status="(\w+)"', html)
    return found.group(1) if found else None


def plan_once(http: httpx.Client, url: str, request_id: int) -> Run:
    started = time.perf_counter()
    answer = http.post(f"/api/surges/{request_id}/plans", json={})
    assert answer.status_code == 202, answer.text[:300]
    plan_id = answer.json()["id"]
    t = time.perf_counter()
    page = http.get(f"/plans/{plan_id}")
    render = time.perf_counter() - t
    assert page.status_code == 200, page.text[:300]
    loads = 1
    if _status(page.text) == "solving":
        more, _last, render = follow_as_the_page_does(http, plan_id, page.text)
        loads += more
    total = time.perf_counter() - started
    plan = http.get(f"/api/plans/{plan_id}").json()
    assert plan["status"] == "ready", plan.get("error")
    stages = {OLD_NAMES.get(k, k): float(v) for k, v in (plan["summary"].get("seconds") or {}).items()}
    stages["wait"], _whole = job_times(url, plan_id)
    stages["render"] = render
    stages["polling"] = max(0.0, total - sum(stages.values()))
    return Run(total, stages, plan_id, loads, plan["solve_status"], plan["objective"]["fill"])


def print_stages(title: str, runs: list[Run]) -> None:
    total = statistics.median(r.total for r in runs)
    solve = statistics.median(r.stages.get("solve", 0.0) for r in runs)
    print(f'\n{title}: click "Plan" to the plan on screen, median of {len(runs)} runs')
    print(f"{'stage':<26} {'seconds':>8} {'share':>7} {'× solve':>8}")
    for key in STAGES:
        s = statistics.median(r.stages.get(key, 0.0) for r in runs)
        ratio = s / solve if solve else float("nan")
        print(f"{LABELS[key]:<26} {s:>8.3f} {s / total:>7.1%} {ratio:>8.2f}")
    print(f"{'plan on screen':<26} {total:>8.3f} {1:>7.0%} {total / solve if solve else 0:>8.2f}")
    print(
        "runs: "
        + ", ".join(f"{r.total:.2f} s ({r.loads} loads)" for r in runs)
        + f" · {runs[-1].solve_status}, fill {runs[-1].fill:,}"
    )


def timed(http: httpx.Client, path: str, times: int = 5) -> tuple[float, int]:
    seconds = []
    code = 0
    for _ in range(times):
        t = time.perf_counter()
        answer = http.get(path)
        seconds.append(time.perf_counter() - t)
        code = answer.status_code
    return statistics.median(seconds), code


def print_pages(http: httpx.Client, request_id: int, runs: list[Run], someone: int) -> None:
    plan_id, older = runs[-1].plan_id, runs[-2].plan_id if len(runs) > 1 else runs[-1].plan_id
    print("page (median of 5 loads, the first why alone)      ms  status")
    t = time.perf_counter()
    first = http.get(f"/plans/{plan_id}/why", params={"specialist": str(someone)})
    rows = [("why, first ask", (time.perf_counter() - t, first.status_code))]
    rows += [
        ("why, again", timed(http, f"/plans/{plan_id}/why?specialist={someone}")),
        ("surge page", timed(http, f"/surges/{request_id}")),
        ("plan page", timed(http, f"/plans/{plan_id}")),
        ("plan page, people page 5", timed(http, f"/plans/{plan_id}?page=5")),
        ("people API, page 20", timed(http, f"/api/plans/{plan_id}/people?page=20&sort=quality")),
        ("compare with the plan before", timed(http, f"/plans/{plan_id}/compare?other={older}")),
        ("programme page", timed(http, f"/programs/{program_of(http, request_id)}")),
        ("bench list", timed(http, "/bench")),
        ("bench list, sorted by quality, page 50", timed(http, "/bench?sort=quality&order=desc&page=50")),
        ("specialist profile", timed(http, f"/bench/{someone}")),
        ("problem.json download", timed(http, f"/api/plans/{plan_id}/problem.json", 3)),
    ]
    for label, (seconds, code) in rows:
        print(f"{label:<46} {seconds * 1000:>7.0f}  {code}")


def program_of(http: httpx.Client, request_id: int) -> int:
    """The programme of the request (read from the surge page's link to it)."""
    found = re.search(r'href="/programs/(\d+)"', http.get(f"/surges/{request_id}").text)
    return int(found.group(1)) if found else 0


def someone_not_chosen(url: str, plan_id: int) -> int:
    """A vetted specialist the plan did not choose (the *why* a manager asks most)."""
    with get_engine(url).connect() as conn:
        return conn.scalar(
            text(
                "SELECT id FROM specialists WHERE status = 'vetted' AND id NOT IN "
                "(SELECT specialist_id FROM plan_assignments WHERE plan_id = :p) "
                "ORDER BY id LIMIT 1 OFFSET 77"
            ),
            {"p": plan_id},
        )


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def cleanup(url: str) -> None:
    """What a run wrote: bench_surge's cleanup, and the cycles the surge requests made (from the ramp's
    first day on; the benches' own cycles all end before it)."""
    bench_surge.cleanup(get_engine(url))
    with get_engine(url).begin() as conn:
        conn.execute(text("DELETE FROM cycles WHERE starts_on >= :d"), {"d": bench_surge.RAMP_START})


def bench_one(name: str, url: str, runs: int, port: int) -> None:
    cleanup(url)
    request_id = bench_surge.create_requests(get_engine(url), [bench_surge.thousand_seat_ask()])[0]
    token = make_manager(url, name)
    get_engine(url).dispose()
    try:
        with server(url, port, Path(tempfile.gettempdir()) / f"bench_plan_{name}.log") as base:
            with httpx.Client(
                base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=600
            ) as http:
                http.get(f"/surges/{request_id}")  # the server's first page (templates, caches) not counted
                print(f"\n{name} ({bench_surge.counts(url)[0]:,} people) · {load()}")
                done = [plan_once(http, url, request_id) for _ in range(runs)]
                print_stages(name, done)
                print_pages(http, request_id, done, someone_not_chosen(url, done[-1].plan_id))
                print(load())
    finally:
        cleanup(url)


# --------------------------------------------------------------------------------- many managers


@dataclass
class Managers:
    asked: dict[int, float] = field(default_factory=dict)
    done: dict[int, float] = field(default_factory=dict)
    slowest_page: float = 0.0
    pages: int = 0
    failed: list[str] = field(default_factory=list)


def bench_managers(url: str, managers: int, spread: float, ports: tuple[int, int]) -> None:
    """``managers`` managers, one 1,000-seat request each (alternating the bench's models), click "Plan"
    spread over ``spread`` seconds against two instances; each then loads its plan page as the page asks."""
    engine = get_engine(url)
    cleanup(url)
    request_ids = []
    for i, (client, model) in enumerate(programs_for(url, managers)):
        ask = bench_surge.thousand_seat_ask(f"R{i + 1}", client, model)
        request_ids += bench_surge.create_requests(engine, [ask], cycle=9)
    tokens = [make_manager(url, f"m{i}") for i in range(managers)]
    engine.dispose()
    out = Managers()
    logs = Path(tempfile.gettempdir())
    try:
        with (
            server(url, ports[0], logs / "bench_plan_a.log") as a,
            server(url, ports[1], logs / "bench_plan_b.log") as b,
        ):
            print(f"\n{managers} managers on two instances · {load()}")
            started = time.perf_counter()
            threads = [
                threading.Thread(
                    target=_manager,
                    args=(
                        (a, b)[i % 2],
                        tokens[i],
                        request_ids[i],
                        started + spread * i / managers,
                        started,
                        out,
                    ),
                )
                for i in range(managers)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            last = max(out.done.values()) if out.done else float("nan")
            waits = _queue_waits(url, request_ids)
            print(f"plans done: {len(out.done)} of {managers}; failed: {out.failed[:3]}")
            print(f"asked from 0 to {max(out.asked.values()):.1f} s; the last plan on screen at {last:.1f} s")
            print(
                f"queue wait (job start less creation): median {statistics.median(waits):.2f} s, "
                f"max {max(waits):.2f} s; by instance: {_by_worker(url, request_ids)}"
            )
            print(f"pages loaded while solving: {out.pages}, the slowest {out.slowest_page * 1000:.0f} ms")
            print(load())
    finally:
        cleanup(url)


def programs_for(url: str, count: int) -> list[tuple[str, str]]:
    """``count`` (client, model) programmes, one request each (two requests of one model would be two
    cycles on the same dates): the bench's own first, then new ones of its two clients (no history)."""
    from surgebench.domain.programs.service import create_program

    with get_engine(url).connect() as conn:
        found = [
            tuple(row)
            for row in conn.execute(
                text(
                    "SELECT c.slug, m.name FROM programs p JOIN client_models m ON m.id = p.model_id "
                    "JOIN clients c ON c.id = m.client_id ORDER BY p.id"
                )
            )
        ]
    clients = ("aurora-labs", "meridian-ai")
    with unit_of_work(get_engine(url)) as db:
        for i in range(len(found), count):
            found.append((clients[i % 2], f"bench-{i:02d}"))
            create_program(db, Actor.system("benchmark"), *found[-1])
    return found[:count]


def _manager(base: str, token: str, request_id: int, at: float, origin: float, out: Managers) -> None:
    time.sleep(max(0.0, at - time.perf_counter()))
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=600) as http:
        out.asked[request_id] = time.perf_counter() - origin
        answer = http.post(f"/api/surges/{request_id}/plans", json={})
        if answer.status_code != 202:
            out.failed.append(f"{answer.status_code} {answer.text[:100]}")
            return
        plan_id = answer.json()["id"]
        t = time.perf_counter()
        page = http.get(f"/plans/{plan_id}").text
        out.slowest_page = max(out.slowest_page, time.perf_counter() - t)
        loads, status = 1, _status(page)
        if status == "solving":
            more, page, seconds = follow_as_the_page_does(http, plan_id, page)
            out.slowest_page = max(out.slowest_page, seconds)
            loads, status = loads + more, _status(page)
        out.pages += loads
        if status != "ready":
            out.failed.append(f"plan {plan_id}: {status}")
            return
        out.done[request_id] = time.perf_counter() - origin


THESE_PLANS = (
    "FROM jobs j JOIN plans p ON p.job_id = j.id JOIN plan_requests r ON r.plan_id = p.id "
    "WHERE r.request_id = ANY(:requests)"
)
"""The jobs of this run's plans (its requests are new: the requests of an earlier run are cleaned up)."""


def _queue_waits(url: str, request_ids: list[int]) -> list[float]:
    with get_engine(url).connect() as conn:
        rows = conn.execute(
            text(f"SELECT j.created_at, j.started_at {THESE_PLANS} AND j.started_at IS NOT NULL"),
            {"requests": request_ids},
        ).all()
    return [(_as_datetime(s) - _as_datetime(c)).total_seconds() for c, s in rows] or [float("nan")]


def _by_worker(url: str, request_ids: list[int]) -> dict[str, int]:
    with get_engine(url).connect() as conn:
        rows = conn.execute(
            text(f"SELECT j.worker, count(*) {THESE_PLANS} GROUP BY j.worker"), {"requests": request_ids}
        ).all()
    return {str(w).split(":")[1] if w else "-": n for w, n in rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", nargs="+", choices=("demo", "large"), default=["demo", "large"])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--postgres", action="store_true", help="the benches in PostgreSQL, not SQLite")
    parser.add_argument("--managers", type=int, default=0, help="N managers at once on two instances")
    parser.add_argument("--spread", type=float, default=60.0, help="seconds over which the managers click")
    parser.add_argument("--port", type=int, default=8731)
    args = parser.parse_args()
    if args.managers:
        url = large_url(True) if "large" in args.bench else demo_url(True)
        (prepare_large if "large" in args.bench else prepare_demo)(url)
        bench_managers(url, args.managers, args.spread, (args.port, args.port + 1))
        return
    for name in args.bench:
        url = demo_url(args.postgres) if name == "demo" else large_url(args.postgres)
        (prepare_demo if name == "demo" else prepare_large)(url)
        bench_one(name, url, args.runs, args.port)


if __name__ == "__main__":
    main()
