"""The API does what its OpenAPI schema says, for every operation in the live schema (so operations added
later are covered with no edit here): Schemathesis' coverage phase (every boundary and every kind of
invalid value the schema implies: each enum value, minimum and maximum and one past them, missing
required fields, wrong types, …) as an admin, then its generated examples (valid and invalid) as every
role. Every answer must be below 500 and conform to the schema (status code, content type, headers,
body); schema-invalid input must be refused. Schema-valid input may still be refused (400) for a rule the
schema cannot state because it depends on the data (a skill, client or program that must exist, a cycle
that must end after it starts), so instead of Schemathesis' "valid data accepted" check such a refusal
must name the field at fault. The walk runs on demo-like data (``DEMO_SPECIALISTS``). Bounded per
operation so the whole walk takes a minute or two per engine (SQLite, demo data: 161–166 s at load 8–10).
One test file per engine (``test_api_conformance_*.py``) so the two walks run on different test
workers."""

from __future__ import annotations

from datetime import date

import schemathesis
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as examples
from hypothesis.errors import Unsatisfiable
from litestar.testing import TestClient
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from surgebench.db.session import unit_of_work
from surgebench.demo.loader import load_demo
from surgebench.domain.accounts import service as accounts
from surgebench.domain.audit.service import Actor

ROLES = ("admin", "program_manager", "recruiter", "client")
EXAMPLES_PER_OPERATION = 6
"""Per operation and generation mode (valid, invalid); every example is sent as each of the roles.
Measured: 6 keeps the walk near a minute per engine on a busy 2-core machine (10 took two); every
operation, mode and role is still covered, only fewer values each."""
NOT_CHECKED = [positive_data_acceptance]
"""Replaced by "a refusal of schema-valid input names the field at fault" (see the module docstring)."""
COVERAGE_ROLE = "admin"
"""The coverage phase's cases (about 2,800) are sent as the role that may call every staff operation:
as every role they took four times as long, and what the other roles may call is the route-guard
walk's proof (and the examples' below, sent as every role)."""
DEMO_SPECIALISTS = 40
"""The walk runs on demo-like data (the demo's reference data, accounts, clients, programs, past cycles and
a small bench), so the ids it sends find rows and the operations past their 404 are walked too."""
SPARE_ACCOUNTS, SPARE_TOKENS = 3, 20
"""Accounts and tokens made before the walk's own, so the ids the walk sends (1, 2, …) deactivate and
revoke those, not the walk's own."""


def _tokens(engine, make_account) -> dict[str, str]:  # type: ignore[no-untyped-def]
    spare = [make_account("recruiter")[0] for _ in range(SPARE_ACCOUNTS)][0]
    with unit_of_work(engine) as db:
        user = accounts.get_user(db, spare)
        for n in range(SPARE_TOKENS):
            accounts.create_api_token(db, Actor.system("test"), user, f"spare {n}")
    tokens = {}
    for role in ROLES:
        user_id, _email, _password = make_account(role, "aurora-labs" if role == "client" else None)
        with unit_of_work(engine) as db:
            user = accounts.get_user(db, user_id)
            tokens[role] = accounts.create_api_token(db, Actor.system("test"), user, "conformance")
    return tokens


def _first_line(exc: BaseException) -> str:
    return " | ".join(line.strip() for line in str(exc).splitlines() if line.strip())[:400]


def walk_the_api(engine, settings, make_account) -> None:  # type: ignore[no-untyped-def]
    """Every operation of the live schema, both generation modes, every role; fails listing every
    operation/mode/role that does not conform."""
    from surgebench.app import create_app

    with unit_of_work(engine) as db:
        load_demo(db, specialists=DEMO_SPECIALISTS, seed=7, today=date.today())
    tokens = _tokens(engine, make_account)
    bearer = {role: {"Authorization": f"Bearer {token}"} for role, token in tokens.items()}
    app = create_app(settings)
    loaded = schemathesis.openapi.from_asgi("/api/schema/openapi.json", app, headers=bearer["admin"])
    operations = [result.ok() for result in loaded.get_all_operations()]
    assert len(operations) > 10, "the walk found the API's operations"
    failures: dict[str, str] = {}
    for operation in operations:
        _cover(loaded, operation, bearer[COVERAGE_ROLE], failures)
        for mode in GenerationMode:
            try:
                _walk(operation, mode, bearer, failures)
            except Unsatisfiable:  # nothing to make invalid (an operation without parameters or body)
                assert mode is GenerationMode.NEGATIVE, operation.label
    report = "\n".join(f"{where}: {what}" for where, what in sorted(failures.items()))
    assert not failures, f"{len(failures)} operation/mode/role combinations fail:\n{report}"
    # The walk kept its token: had it revoked it, every answer after that was a 401 and proved nothing.
    with TestClient(app=create_app(settings)) as http:
        assert http.get("/api/users", headers=bearer["admin"]).status_code == 200, "the walk kept its token"


def _cover(loaded, operation, headers: dict[str, str], failures: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    """Schemathesis' coverage phase for one operation: every case it derives from the schema."""
    config = loaded.config.generation_for(operation=operation, phase="coverage")
    cases = loaded.iter_coverage_cases(
        operation, generation_modes=list(GenerationMode), generation_config=config
    )
    for case in cases:
        mode = case.meta.generation.mode if case.meta else GenerationMode.POSITIVE
        _call(case, headers, f"{operation.label} [coverage {mode.value}, {COVERAGE_ROLE}]", mode, failures)


def _call(
    case,
    headers: dict[str, str],
    where: str,
    mode: GenerationMode,  # type: ignore[no-untyped-def]
    failures: dict[str, str],
) -> None:
    try:
        answer = case.call_and_validate(headers=headers, excluded_checks=NOT_CHECKED)
    except (Exception, BaseExceptionGroup) as exc:  # every failure is collected, then reported
        failures.setdefault(where, _first_line(exc))
        return
    refused = answer.status_code == 400 and not answer.json().get("fields")
    if mode is GenerationMode.POSITIVE and refused:
        failures.setdefault(where, f"schema-valid input refused naming no field: {answer.text[:300]}")


def _walk(
    operation,
    mode: GenerationMode,
    bearer: dict[str, dict[str, str]],  # type: ignore[no-untyped-def]
    failures: dict[str, str],
) -> None:
    @examples(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def call(case) -> None:  # type: ignore[no-untyped-def]
        for role in ROLES:
            _call(case, bearer[role], f"{operation.label} [{mode.value}, {role}]", mode, failures)

    call()
