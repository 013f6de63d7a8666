"""Account administration pages: create with field messages, edit, deactivate, tokens shown once."""

from __future__ import annotations

import re

from sqlalchemy import select

from surgebench.db.orm import User


def test_admin_creates_an_account_through_the_form(sign_in_as, db) -> None:
    admin = sign_in_as("admin")
    listing = admin.http.get("/admin/users")
    assert listing.status_code == 200 and "Aurora" in listing.text  # client organisations from the database
    made = admin.post_form(
        "/admin/users",
        {
            "email": "pm@example.test",
            "full_name": "Pat M",
            "role": "program_manager",
            "client": "",
            "password": "a long enough pw",
        },
        follow_redirects=False,
    )
    assert made.status_code == 303
    assert db.scalar(select(User.role).where(User.email == "pm@example.test")) == "program_manager"


def test_invalid_account_form_is_re_rendered_with_field_messages(sign_in_as) -> None:
    admin = sign_in_as("admin")
    answer = admin.post_form(
        "/admin/users",
        {"email": "nope", "full_name": "C", "role": "client", "client": "", "password": "short"},
    )
    assert answer.status_code == 400
    flagged = set(re.findall(r'data-field="(\w+)"', answer.text))
    assert flagged == {"email", "client", "password"}
    assert 'value="nope"' in answer.text, "what was typed is kept"


def test_admin_deactivates_reactivates_and_edits_an_account(sign_in_as, make_account, db) -> None:
    admin = sign_in_as("admin")
    user_id, _email, _pw = make_account("recruiter")
    assert admin.post_form(f"/admin/users/{user_id}/deactivate", follow_redirects=False).status_code == 303
    assert "Reactivate" in admin.http.get(f"/admin/users/{user_id}").text
    assert admin.post_form(f"/admin/users/{user_id}/reactivate", follow_redirects=False).status_code == 303
    edited = admin.post_form(
        f"/admin/users/{user_id}",
        {"full_name": "Renamed", "role": "client", "client": "meridian-ai"},
        follow_redirects=False,
    )
    assert edited.status_code == 303
    db.rollback()  # end the read transaction: see what the command committed
    user = db.get(User, user_id)
    assert (user.full_name, user.role, user.is_active) == ("Renamed", "client", True)


def test_new_token_is_shown_once_then_only_listed_and_can_be_revoked(sign_in_as, make_account) -> None:
    admin = sign_in_as("admin")
    user_id, _email, _pw = make_account("recruiter")
    made = admin.post_form(f"/admin/users/{user_id}/tokens", {"name": "nightly import"})
    assert made.status_code == 201
    token = re.search(r'<code class="token">([^<]+)</code>', made.text).group(1)
    again = admin.http.get(f"/admin/users/{user_id}")
    assert "nightly import" in again.text and token not in again.text
    token_id = re.search(r"/admin/tokens/(\d+)/revoke", again.text).group(1)
    assert admin.post_form(f"/admin/tokens/{token_id}/revoke", follow_redirects=False).status_code == 303
    assert "revoked" in admin.http.get(f"/admin/users/{user_id}").text


def test_unknown_account_page_is_404(sign_in_as) -> None:
    assert sign_in_as("admin").http.get("/admin/users/999999").status_code == 404


def test_new_account_form_proposes_the_least_privileged_role(sign_in_as) -> None:
    form = sign_in_as("admin").http.get("/admin/users").text
    assert '<option value="client" selected>' in form
    assert '<option value="admin" selected>' not in form
