"""Every route states who may call it, and the statement holds: a walk over the whole route table, so
routes added later are covered without editing this file."""

from __future__ import annotations

from surgebench.app import create_app
from surgebench.domain.accounts import guards
from surgebench.domain.accounts.guards import ALL_ROLES
from tests.integration.routes import Endpoint, endpoints

NAMED_GUARDS = {guards.public, guards.admin_only, guards.staff_only, guards.recruiters, guards.signed_in}


def _is_known_guard(guard: object) -> bool:
    return guard in NAMED_GUARDS or getattr(guard, "__qualname__", "").startswith("requires_role.")


def _routes(settings) -> list[Endpoint]:  # type: ignore[no-untyped-def]
    return list(endpoints(create_app(settings)))


def _guarded(settings) -> list[Endpoint]:  # type: ignore[no-untyped-def]
    return [e for e in _routes(settings) if e.guards and e.guards[0] is not guards.public]


def test_every_route_has_exactly_one_known_guard(settings) -> None:
    found = _routes(settings)
    assert any(e.path == "/api/users" for e in found), "the walk found the application's routes"
    wrong = [
        f"{e.method} {e.path}: {e.guards}"
        for e in found
        if len(e.guards) != 1 or not _is_known_guard(e.guards[0])
    ]
    assert not wrong, "routes without exactly one known guard:\n" + "\n".join(wrong)


def test_only_allow_listed_routes_are_public(settings) -> None:
    public = [e for e in _routes(settings) if e.guards and e.guards[0] is guards.public]
    assert {e.path for e in public} >= {"/sign-in", "/health"}
    stray = [f"{e.method} {e.path}" for e in public if not e.public_allowed]
    assert not stray, f"public routes outside the allow-list: {stray}"


def test_anonymous_requests_to_guarded_routes_are_refused(client, settings) -> None:
    refused_wrongly = []
    for endpoint in _guarded(settings):
        answer = client.request(endpoint.method, endpoint.url(), follow_redirects=False)
        if endpoint.is_api:
            ok = answer.status_code == 401
        else:
            ok = answer.status_code in (302, 303) and answer.headers.get("location", "").startswith(
                "/sign-in"
            )
        if not ok:
            refused_wrongly.append(f"{endpoint.method} {endpoint.url()} -> {answer.status_code}")
    assert not refused_wrongly, "anonymous requests not refused:\n" + "\n".join(refused_wrongly)


def _outsider(allowed: frozenset[str]) -> str | None:
    """A role the guard does not admit (a client for staff routes), or None if every role may call it."""
    outside = [role for role in ("client", "recruiter", "program_manager", "admin") if role not in allowed]
    return outside[0] if outside else None


def test_requests_from_roles_a_route_does_not_admit_are_forbidden(settings, api_as, sign_in_as) -> None:
    api_clients: dict[str, object] = {}
    browsers: dict[str, object] = {}
    checked, not_forbidden = 0, []
    for endpoint in _guarded(settings):
        role = _outsider(endpoint.guards[0].roles)
        if role is None:
            assert endpoint.guards[0].roles == frozenset(ALL_ROLES)
            continue
        client_slug = "aurora-labs" if role == "client" else None
        if endpoint.is_api:
            if role not in api_clients:
                api_clients[role] = api_as(role, client_slug)
            http = api_clients[role]
            answer = http.request(endpoint.method, endpoint.url(), follow_redirects=False)  # type: ignore[attr-defined]
        else:
            if role not in browsers:
                browsers[role] = sign_in_as(role, client_slug)
            browser = browsers[role]
            data = {"_csrf": browser.csrf} if endpoint.method != "GET" else None  # type: ignore[attr-defined]
            answer = browser.http.request(endpoint.method, endpoint.url(), data=data, follow_redirects=False)  # type: ignore[attr-defined]
        checked += 1
        if answer.status_code != 403:
            not_forbidden.append(f"{role}: {endpoint.method} {endpoint.url()} -> {answer.status_code}")
    assert checked, "no role-restricted routes found"
    assert not not_forbidden, "wrong-role requests not forbidden:\n" + "\n".join(not_forbidden)


def test_openapi_schema_is_served_to_staff_only(client, api_as) -> None:
    assert client.get("/api/schema/openapi.json").status_code == 401
    assert api_as("client", "aurora-labs").get("/api/schema/openapi.json").status_code == 403
    answer = api_as("recruiter").get("/api/schema/openapi.json")
    assert answer.status_code == 200
    paths = answer.json()["paths"]
    assert {"/api/users", "/api/users/{user_id}", "/api/audit", "/api/clients"} <= set(paths)
    assert not any(not p.startswith("/api/") and p != "/health" for p in paths), (
        "pages stay out of the schema"
    )
