"""The audit log, read back: newest first, filtered, paginated, admins only; changes shown old → new."""

from __future__ import annotations

from surgebench.db.session import unit_of_work
from surgebench.domain.audit.service import Actor, record


def _seed(engine, count: int) -> None:  # type: ignore[no-untyped-def]
    with unit_of_work(engine) as db:
        for n in range(count):
            record(
                db,
                Actor.system("cli"),
                "update" if n % 2 else "create",
                "specialist",
                n % 3,
                {"hourly_rate_cents": [n, n + 100]},
            )


def test_api_lists_entries_newest_first_with_filters_and_pages(api_as, engine) -> None:
    _seed(engine, 7)
    admin = api_as("admin")
    everything = admin.get("/api/audit", params={"entity_type": "specialist"}).json()
    assert everything["total"] == 7
    ids = [e["id"] for e in everything["items"]]
    assert ids == sorted(ids, reverse=True)
    assert everything["items"][0]["changes"] == {"hourly_rate_cents": [6, 106]}

    one_entity = admin.get("/api/audit", params={"entity_type": "specialist", "entity_id": "1"}).json()
    assert {e["entity_id"] for e in one_entity["items"]} == {"1"} and one_entity["total"] == 2
    updates = admin.get("/api/audit", params={"action": "update", "actor": "CLI"}).json()
    assert updates["total"] == 3 and {e["action"] for e in updates["items"]} == {"update"}

    second = admin.get("/api/audit", params={"entity_type": "specialist", "per_page": 3, "page": 2}).json()
    assert [e["id"] for e in second["items"]] == ids[3:6]
    assert admin.get("/api/audit", params={"page": 0}).status_code == 400
    assert admin.get("/api/audit", params={"per_page": 10_000}).status_code == 400


def test_audit_log_is_for_admins_only(api_as) -> None:
    assert api_as("program_manager").get("/api/audit").status_code == 403


def test_audit_page_shows_changes_old_to_new_and_filters(sign_in_as, engine) -> None:
    _seed(engine, 3)
    admin = sign_in_as("admin")
    page = admin.http.get("/admin/audit", params={"entity_type": "specialist", "action": "update"})
    assert page.status_code == 200
    assert "hourly_rate_cents" in page.text and '1</span> → <span class="new">101' in page.text
    assert "1 entry" in page.text
    empty = admin.http.get("/admin/audit", params={"actor": "nobody@example.test"})
    assert "Nothing recorded for these filters" in empty.text


def test_audit_page_paginates(sign_in_as, engine) -> None:
    _seed(engine, 120)
    admin = sign_in_as("admin")
    first = admin.http.get("/admin/audit", params={"entity_type": "specialist"})
    assert "page 1 of 3" in first.text and "older →" in first.text
    last = admin.http.get("/admin/audit", params={"entity_type": "specialist", "page": 3})
    assert "page 3 of 3" in last.text and "older →" not in last.text
