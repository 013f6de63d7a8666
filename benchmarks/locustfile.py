"""The busy office, for ``load_test.py``: recruiters and managers browsing the bench (pages and API), editing
specialists, and one importer re-importing a large file all the time. Accounts and the file come from the
JSON file named by ``SURGEBENCH_LOAD_ACCOUNTS`` (written by ``load_test.py``)."""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import threading
import time

from locust import HttpUser, between, task

SETUP = json.loads(open(os.environ["SURGEBENCH_LOAD_ACCOUNTS"], encoding="utf-8").read())
_ACCOUNTS = itertools.cycle(SETUP["accounts"])
_LOCK = threading.Lock()
_CSRF = re.compile(r'name="_csrf" value="([^"]*)"')
FILTERS = [
    "",
    "?country=IN",
    "?status=vetted&sort=quality&order=desc",
    "?skill=coding.python&min_level=3",
    "?language=hi&page=2",
    "?q=an",
    "?available_by=2026-12-31&sort=hourly_rate",
]


def _next_account() -> dict:
    with _LOCK:
        return next(_ACCOUNTS)


class Staff(HttpUser):
    """Signs in through the page, then browses the bench (HTML and JSON) and edits specialists."""

    weight = 49
    wait_time = between(0.5, 2.0)

    def on_start(self) -> None:
        account = _next_account()
        self.api = {"Authorization": f"Bearer {account['token']}"}
        form = self.client.get("/sign-in", name="GET /sign-in")
        found = _CSRF.search(form.text)
        self.client.post(
            "/sign-in",
            name="POST /sign-in",
            allow_redirects=False,
            data={
                "_csrf": found.group(1) if found else "",
                "email": account["email"],
                "password": account["password"],
            },
        )
        landing = self.client.get("/", name="GET /")
        found = _CSRF.search(landing.text)
        self.csrf = found.group(1) if found else ""

    @task(4)
    def bench_page(self) -> None:
        self.client.get(f"/bench{random.choice(FILTERS)}", name="GET /bench (page)")

    @task(3)
    def bench_api(self) -> None:
        self.client.get(
            f"/api/specialists{random.choice(FILTERS)}", headers=self.api, name="GET /api/specialists"
        )

    @task(2)
    def specialist_page(self) -> None:
        self.client.get(f"/bench/{random.randint(1, SETUP['specialists'])}", name="GET /bench/{id} (page)")

    @task(2)
    def edit(self) -> None:
        sid = random.randint(1, SETUP["specialists"])
        self.client.patch(
            f"/api/specialists/{sid}",
            headers=self.api,
            name="PATCH /api/specialists/{id}",
            json={"weekly_hours": random.randint(20, 40)},
        )


class Importer(HttpUser):
    """One recruiter importing the same large file again and again (each import overlaps the others' work)."""

    weight = 1
    fixed_count = 1
    wait_time = between(1, 2)

    def on_start(self) -> None:
        self.api = {"Authorization": f"Bearer {_next_account()['token']}", "Content-Type": "text/csv"}
        self.file = open(SETUP["import_file"], "rb").read()

    @task
    def import_file(self) -> None:
        queued = self.client.post(
            "/api/specialists/import", data=self.file, headers=self.api, name="POST /api/specialists/import"
        )
        if queued.status_code != 202:
            return
        url = queued.json()["api_url"]
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            job = self.client.get(url, headers=self.api, name="GET /api/jobs/{id}").json()
            if job["status"] in ("succeeded", "failed"):
                if job["status"] == "failed":
                    self.environment.events.request.fire(
                        request_type="JOB",
                        name="import job",
                        response_time=0,
                        response_length=0,
                        exception=RuntimeError(str(job["outcome"])[:200]),
                        context={},
                    )
                return
            time.sleep(1)
