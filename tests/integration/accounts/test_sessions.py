"""Sign-in hardening: password hashes, session cookies, session ids, lifetime, throttling, tokens,
deactivation, CSRF and the ``next=`` redirect."""

from __future__ import annotations

from datetime import timedelta

import pytest
from litestar.testing import TestClient
from sqlalchemy import select
from tests.support import csrf_from

from surgebench.app import create_app
from surgebench.db.base import utcnow
from surgebench.db.orm import ApiToken, SignInThrottle, User, WebSession
from surgebench.db.session import unit_of_work
from surgebench.settings import AuthSettings, Settings

COOKIE = "surgebench_session"


def _post_sign_in(http: TestClient, email: str, password: str, **extra: str):  # type: ignore[no-untyped-def]
    form = http.get("/sign-in")
    return http.post(
        "/sign-in",
        data={"_csrf": csrf_from(form.text), "email": email, "password": password, **extra},
        follow_redirects=False,
    )


def _set_cookie(answer, name: str) -> str:  # type: ignore[no-untyped-def]
    headers = [h for h in answer.headers.get_list("set-cookie") if h.startswith(f"{name}=")]
    assert headers, f"no {name} cookie set"
    return headers[0]


def test_passwords_are_stored_as_argon2id_hashes(make_account, db) -> None:
    user_id, _email, password = make_account("recruiter")
    stored = db.get(User, user_id).password_hash
    assert stored.startswith("$argon2id$") and password not in stored


@pytest.mark.parametrize("secure", [False, True])
def test_session_cookie_is_httponly_samesite_and_secure_as_configured(
    engine, settings, make_account, secure
) -> None:
    _uid, email, password = make_account("recruiter")
    app = create_app(
        Settings(db=settings.db, server=settings.server, auth=AuthSettings(cookie_secure=secure))
    )
    with TestClient(app=app, base_url="https://testserver.local") as http:  # a Secure cookie needs HTTPS
        answer = _post_sign_in(http, email, password)
    assert answer.status_code in (302, 303)
    cookie = _set_cookie(answer, COOKIE).lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert ("; secure" in cookie) is secure


def test_sign_in_issues_a_new_session_id_and_sign_out_ends_it(client, make_account) -> None:
    _uid, email, password = make_account("admin")
    client.cookies.set(COOKIE, "planted-by-an-attacker")
    answer = _post_sign_in(client, email, password)
    issued = _set_cookie(answer, COOKIE).split(";")[0].split("=", 1)[1]
    assert issued != "planted-by-an-attacker"
    client.cookies.set(COOKIE, issued)
    page = client.get("/admin/users")
    assert page.status_code == 200
    assert client.post(
        "/sign-out", data={"_csrf": csrf_from(page.text)}, follow_redirects=False
    ).status_code in (302, 303)

    with TestClient(app=client.app) as stale:
        stale.cookies.set(COOKIE, issued)
        again = stale.get("/admin/users", follow_redirects=False)
    assert again.status_code in (302, 303) and again.headers["location"].startswith("/sign-in")


def test_two_sign_ins_get_different_sessions(client, make_account) -> None:
    _uid, email, password = make_account("recruiter")
    first = _set_cookie(_post_sign_in(client, email, password), COOKIE)
    second = _set_cookie(_post_sign_in(client, email, password), COOKIE)
    assert first.split(";")[0] != second.split(";")[0]


def test_expired_session_is_refused(engine, client, make_account) -> None:
    from surgebench.lib.tokens import digest, new_token

    user_id, _email, _password = make_account("admin")
    token = new_token()
    with unit_of_work(engine) as db:
        db.add(
            WebSession(
                id=digest(token),
                user_id=user_id,
                csrf_token=new_token(),
                created_at=utcnow() - timedelta(hours=13),
                expires_at=utcnow() - timedelta(hours=1),
            )
        )
    client.cookies.set(COOKIE, token)
    assert client.get("/api/users").status_code == 401
    page = client.get("/admin/users", follow_redirects=False)
    assert page.status_code in (302, 303) and page.headers["location"].startswith("/sign-in")


def test_failed_sign_ins_lock_the_account_across_instances(engine, settings, make_account) -> None:
    _uid, email, password = make_account("recruiter")
    limit = AuthSettings().max_failed_sign_ins
    with TestClient(app=create_app(settings)) as first:
        for _ in range(limit):
            assert _post_sign_in(first, email, "wrong password!").status_code == 400
    with TestClient(app=create_app(settings)) as second:
        locked = _post_sign_in(second, email.upper(), password)
    assert locked.status_code == 429
    assert COOKIE not in locked.headers.get("set-cookie", "")
    with unit_of_work(engine) as db:
        throttle = db.get(SignInThrottle, (email, "testclient"))
        assert throttle is not None and throttle.locked_until > utcnow()


def test_api_tokens_are_stored_only_as_digests(api_as, engine) -> None:
    admin = api_as("admin")
    user = admin.get("/api/users").json()[0]
    token = admin.post(f"/api/users/{user['id']}/tokens", json={"name": "script"}).json()["token"]
    with unit_of_work(engine) as db:
        stored = db.scalars(select(ApiToken.token_hash)).all()
    assert stored and all(token not in value and len(value) == 64 for value in stored)


def test_revoked_token_and_deactivated_user_are_refused(api_as, engine, settings) -> None:
    admin = api_as("admin")
    made = admin.post(
        "/api/users",
        json={
            "email": "bot@example.test",
            "full_name": "Bot",
            "role": "admin",
            "password": "a long enough pw",
        },
    ).json()
    first = admin.post(f"/api/users/{made['id']}/tokens", json={"name": "one"}).json()
    second = admin.post(f"/api/users/{made['id']}/tokens", json={"name": "two"}).json()
    with TestClient(app=create_app(settings)) as bot:
        bot.headers["Authorization"] = f"Bearer {first['token']}"
        assert bot.get("/api/users").status_code == 200
        admin.delete(f"/api/tokens/{first['id']}")
        assert bot.get("/api/users").status_code == 401
        bot.headers["Authorization"] = f"Bearer {second['token']}"
        assert bot.get("/api/users").status_code == 200
        admin.patch(f"/api/users/{made['id']}", json={"is_active": False})
        assert bot.get("/api/users").status_code == 401
        assert _post_sign_in(bot, "bot@example.test", "a long enough pw").status_code == 400


def test_deactivating_a_user_ends_their_browser_session(sign_in_as, api_as) -> None:
    recruiter = sign_in_as("recruiter")
    api_as("admin").patch(f"/api/users/{recruiter.user_id}", json={"is_active": False})
    answer = recruiter.http.get("/", follow_redirects=False)
    assert answer.status_code in (302, 303) and answer.headers["location"].startswith("/sign-in")


def test_form_post_needs_the_sessions_csrf_token(sign_in_as, make_account) -> None:
    admin = sign_in_as("admin")
    other, _email, _pw = make_account("recruiter")
    url = f"/admin/users/{other}/deactivate"
    assert admin.http.post(url, data={}, follow_redirects=False).status_code == 403
    assert admin.http.post(url, data={"_csrf": "forged"}, follow_redirects=False).status_code == 403
    assert admin.http.patch(f"/api/users/{other}", json={"full_name": "X"}).status_code == 403
    assert admin.post_form(url, follow_redirects=False).status_code == 303
    header = admin.http.patch(
        f"/api/users/{other}", json={"full_name": "X"}, headers={"X-CSRF-Token": admin.csrf}
    )
    assert header.status_code == 200


def test_sign_in_form_needs_its_double_submit_token(client, make_account) -> None:
    _uid, email, password = make_account("recruiter")
    client.get("/sign-in")
    assert client.post("/sign-in", data={"email": email, "password": password}).status_code == 403
    assert (
        client.post("/sign-in", data={"_csrf": "forged", "email": email, "password": password}).status_code
        == 403
    )
    with TestClient(app=client.app) as fresh:  # a token from the page, but no matching cookie
        token = csrf_from(client.get("/sign-in").text)
        assert (
            fresh.post("/sign-in", data={"_csrf": token, "email": email, "password": password}).status_code
            == 403
        )


@pytest.mark.parametrize(
    "target, landing",
    [
        ("/admin/users?x=1", "/admin/users?x=1"),
        ("//evil.example/", "/"),
        ("https://evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("/\t/evil.example", "/"),
        ("javascript:alert(1)", "/"),
    ],
)
def test_sign_in_redirects_only_within_the_site(client, make_account, target, landing) -> None:
    _uid, email, password = make_account("admin")
    answer = _post_sign_in(client, email, password, next=target)
    assert answer.headers["location"] == landing
