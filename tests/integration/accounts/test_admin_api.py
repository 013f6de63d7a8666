"""Administering accounts and API tokens over JSON: admins only, field messages, 404s, audited."""

from __future__ import annotations

from sqlalchemy import select

from surgebench.db.orm import ApiToken, AuditEntry

NEW = {"email": "Ada@Example.test", "full_name": "Ada L", "role": "recruiter", "password": "a long enough pw"}


def test_admin_creates_lists_reads_and_updates_an_account(api_as) -> None:
    admin = api_as("admin")
    created = admin.post("/api/users", json=NEW)
    assert created.status_code == 201, created.text
    user = created.json()
    assert user["email"] == "ada@example.test" and user["is_active"] and user["client"] is None
    assert "password" not in created.text and "hash" not in created.text
    assert any(u["id"] == user["id"] for u in admin.get("/api/users").json())
    assert admin.get(f"/api/users/{user['id']}").json()["full_name"] == "Ada L"

    changed = admin.patch(f"/api/users/{user['id']}", json={"role": "client", "client": "aurora-labs"})
    assert changed.status_code == 200, changed.text
    assert changed.json()["role"] == "client" and changed.json()["client"] == "aurora-labs"
    back = admin.patch(f"/api/users/{user['id']}", json={"role": "program_manager"})
    assert back.json()["client"] is None, "leaving the client role detaches the account from its client"


def test_client_account_needs_exactly_one_client_organisation(api_as) -> None:
    admin = api_as("admin")
    missing = admin.post("/api/users", json={**NEW, "role": "client"})
    assert missing.status_code == 400 and "client" in missing.json()["fields"]
    unknown = admin.post("/api/users", json={**NEW, "role": "client", "client": "no-such-client"})
    assert unknown.status_code == 400 and "client" in unknown.json()["fields"]
    staff_with_client = admin.post("/api/users", json={**NEW, "client": "aurora-labs"})
    assert staff_with_client.status_code == 400 and "client" in staff_with_client.json()["fields"]
    ok = admin.post("/api/users", json={**NEW, "role": "client", "client": "meridian-ai"})
    assert ok.status_code == 201 and ok.json()["client"] == "meridian-ai"


def test_bad_account_input_gets_a_message_per_field(api_as) -> None:
    admin = api_as("admin")
    answer = admin.post(
        "/api/users", json={**NEW, "email": "not-an-email", "full_name": " ", "password": "short"}
    )
    assert answer.status_code == 400
    assert set(answer.json()["fields"]) == {"email", "full_name", "password"}
    bad_role = admin.post("/api/users", json={**NEW, "role": "overlord"})
    assert bad_role.status_code == 400 and "role" in str(bad_role.json())
    too_long = admin.post("/api/users", json={**NEW, "full_name": "x" * 500})
    assert too_long.status_code == 400 and "full_name" in too_long.json()["fields"]


def test_duplicate_email_is_a_conflict_on_the_email_field(api_as) -> None:
    admin = api_as("admin")
    assert admin.post("/api/users", json=NEW).status_code == 201
    again = admin.post("/api/users", json={**NEW, "email": "ADA@example.test"})
    assert again.status_code == 409 and again.json()["fields"] == {"email": "already in use"}


def test_unknown_ids_are_404(api_as) -> None:
    admin = api_as("admin")
    assert admin.get("/api/users/999999").status_code == 404
    assert admin.patch("/api/users/999999", json={"full_name": "X"}).status_code == 404
    assert admin.post("/api/users/999999/tokens", json={"name": "x"}).status_code == 404
    assert admin.delete("/api/tokens/999999").status_code == 404


def test_only_admins_administer_accounts(api_as) -> None:
    recruiter = api_as("recruiter")
    assert recruiter.get("/api/users").status_code == 403
    assert recruiter.post("/api/users", json=NEW).status_code == 403


def test_last_active_admin_cannot_be_demoted_or_deactivated(api_as, engine) -> None:
    admin = api_as("admin")
    me = admin.get("/api/users").json()[0]
    assert me["role"] == "admin"
    demoted = admin.patch(f"/api/users/{me['id']}", json={"role": "recruiter"})
    assert demoted.status_code == 409 and "role" in demoted.json()["fields"]
    assert admin.patch(f"/api/users/{me['id']}", json={"is_active": False}).status_code == 409


def test_token_is_shown_once_listed_without_secret_and_revoked(api_as, db) -> None:
    admin = api_as("admin")
    user = admin.post("/api/users", json=NEW).json()
    made = admin.post(f"/api/users/{user['id']}/tokens", json={"name": "nightly import"})
    assert made.status_code == 201
    token = made.json()["token"]
    listed = admin.get(f"/api/users/{user['id']}/tokens")
    assert listed.json()[0]["name"] == "nightly import" and token not in listed.text
    revoked = admin.delete(f"/api/tokens/{made.json()['id']}")
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    assert admin.delete(f"/api/tokens/{made.json()['id']}").status_code == 200, (
        "revoking twice changes nothing"
    )
    assert db.scalar(select(ApiToken.revoked_at).where(ApiToken.id == made.json()["id"])) is not None


def test_every_account_change_is_audited_without_secrets(api_as, db) -> None:
    admin = api_as("admin")
    user = admin.post("/api/users", json=NEW).json()
    admin.patch(f"/api/users/{user['id']}", json={"full_name": "Ada Lovelace", "is_active": False})
    made = admin.post(f"/api/users/{user['id']}/tokens", json={"name": "ci"}).json()
    admin.delete(f"/api/tokens/{made['id']}")

    entries = db.scalars(
        select(AuditEntry).where(AuditEntry.actor_label.like("admin-%")).order_by(AuditEntry.id)
    ).all()
    assert [(e.action, e.entity_type) for e in entries] == [
        ("create", "user"),
        ("deactivate", "user"),
        ("create", "api_token"),
        ("revoke", "api_token"),
    ]
    assert entries[1].changes == {"full_name": ["Ada L", "Ada Lovelace"], "is_active": [True, False]}
    everything = str([e.changes for e in db.scalars(select(AuditEntry)).all()])
    assert (
        NEW["password"] not in everything and "argon2" not in everything and made["token"] not in everything
    )


def test_staff_list_client_organisations(api_as) -> None:
    listed = api_as("program_manager").get("/api/clients")
    assert listed.status_code == 200
    assert {c["slug"] for c in listed.json()} >= {"aurora-labs", "meridian-ai"}
    assert api_as("client", "aurora-labs").get("/api/clients").status_code == 403


def test_reactivating_an_account_does_not_revive_its_old_api_tokens(api_as) -> None:
    admin = api_as("admin")
    user_id = admin.post(
        "/api/users",
        json={
            "email": "script@example.test",
            "full_name": "Script",
            "role": "recruiter",
            "password": "long enough pw",
        },
    ).json()["id"]
    token = admin.post(f"/api/users/{user_id}/tokens", json={"name": "nightly"}).json()["token"]
    script = {"Authorization": f"Bearer {token}"}
    assert admin.get("/api/skills", headers=script).status_code == 200

    assert admin.patch(f"/api/users/{user_id}", json={"is_active": False}).status_code == 200
    assert admin.patch(f"/api/users/{user_id}", json={"is_active": True}).status_code == 200

    assert admin.get("/api/skills", headers=script).status_code == 401
    assert all(t["revoked_at"] for t in admin.get(f"/api/users/{user_id}/tokens").json())


def test_names_with_control_characters_are_refused_naming_the_field(api_as) -> None:
    admin = api_as("admin")
    answer = admin.post(
        "/api/users",
        json={
            "email": "ctl@example.test",
            "full_name": "A\r\nB\u0000\u001b[",
            "role": "recruiter",
            "password": "long enough pw",
        },
    )
    assert answer.status_code == 400
    problem = answer.json()["fields"]["full_name"]
    assert problem == "must not contain control characters (U+000D at character 2)"
