"""The specialist JSON API: create, read, partial update, offboard — with named field errors,
case-insensitive e-mail conflicts and an audit entry for every change."""

from __future__ import annotations

from tests.integration.specialists.bench_builders import THE_BENCH, add_specialist

NEW = {
    "email": "Zoe@Example.test",
    "full_name": "Zoe Nkosi",
    "country": "ZA",
    "timezone": "Africa/Johannesburg",
    "languages": ["zu", "en"],
    "skills": {"medicine.general": 4, "lang.en": 5},
    "weekly_hours": 25,
    "quality": 0.82,
    "hourly_rate": "45.5",
}


def test_recruiter_creates_reads_patches_and_offboards_a_specialist(api_as) -> None:
    api = api_as("recruiter")
    created = api.post("/api/specialists", json=NEW)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["status"] == "applicant" and body["languages"] == ["en", "zu"] and body["quality"] == "0.820"
    assert body["skills"] == {"lang.en": 5, "medicine.general": 4} and body["hourly_rate"] == "45.50"
    sid = body["id"]
    patched = api.patch(
        f"/api/specialists/{sid}", json={"skills": {"medicine.general": 5}, "committed_hours": 10}
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["skills"] == {"medicine.general": 5} and patched.json()["full_name"] == "Zoe Nkosi"
    offboarded = api.post(f"/api/specialists/{sid}/offboard")
    assert offboarded.status_code == 200 and offboarded.json()["offboarded_at"]
    again = api.post(f"/api/specialists/{sid}/offboard")
    assert again.status_code == 409 and again.json()["error"] == "already_offboarded"
    assert api.get(f"/api/specialists/{sid}").json()["status"] == "offboarded"


def test_patch_with_bad_fields_names_each_and_changes_nothing(api_as, engine) -> None:
    ana = add_specialist(engine, **THE_BENCH["ana"])
    api = api_as("admin")
    answer = api.patch(
        f"/api/specialists/{ana}",
        json={
            "full_name": "X",
            "country": "ZZ",
            "languages": ["xx"],
            "vetting_expires": "31/12/2027",
            "hourly_rate": -1,
        },
    )
    assert answer.status_code == 400
    assert set(answer.json()["fields"]) == {"country", "languages", "vetting_expires", "hourly_rate"}
    assert api.get(f"/api/specialists/{ana}").json()["full_name"] == "Ana Iyer"
    unknown = api.patch(f"/api/specialists/{ana}", json={"shoe_size": 44})
    assert unknown.status_code == 400


def test_create_requires_fields_and_email_is_unique_case_insensitively(api_as, engine) -> None:
    add_specialist(engine, **THE_BENCH["ana"])
    api = api_as("recruiter")
    missing = api.post("/api/specialists", json={"full_name": "Nobody"})
    assert missing.status_code == 400
    assert {"email", "country", "timezone", "weekly_hours", "quality", "hourly_rate"} <= set(
        missing.json()["fields"]
    )
    taken = api.post("/api/specialists", json={**NEW, "email": "ANA@example.TEST"})
    assert taken.status_code == 409 and "email" in taken.json()["fields"]


def test_unknown_id_is_404_and_program_managers_cannot_write(api_as, engine) -> None:
    ana = add_specialist(engine, **THE_BENCH["ana"])
    manager = api_as("program_manager")
    assert manager.get("/api/specialists/424242").status_code == 404
    assert manager.get(f"/api/specialists/{ana}").status_code == 200
    assert manager.patch(f"/api/specialists/{ana}", json={"full_name": "X"}).status_code == 403
    assert manager.post("/api/specialists", json=NEW).status_code == 403
    assert manager.post(f"/api/specialists/{ana}/offboard").status_code == 403
    recruiter = api_as("recruiter")
    assert recruiter.patch("/api/specialists/424242", json={"full_name": "X"}).status_code == 404
    assert recruiter.post("/api/specialists/424242/offboard").status_code == 404


def test_the_schema_states_the_body_rules_and_one_past_each_bound_is_refused(api_as) -> None:
    api = api_as("recruiter")
    schemas = api.get("/api/schema/openapi.json").json()["components"]["schemas"]
    stated = schemas["SpecialistWrite"]["properties"]
    bounds = {
        name: (stated[name].get("minimum"), stated[name].get("maximum"))
        for name in ("weekly_hours", "committed_hours", "quality", "hourly_rate")
    }
    assert bounds == {
        "weekly_hours": (0, 168),
        "committed_hours": (0, 168),
        "quality": (0, 1),
        "hourly_rate": (0, 100_000),
    }
    assert (stated["full_name"]["minLength"], stated["full_name"]["maxLength"]) == (1, 200)
    for name, (low, high) in bounds.items():
        for past in (low - 1, high + 1):
            refused = api.post("/api/specialists", json={**NEW, name: past})
            assert refused.status_code == 400 and name in refused.json()["fields"], (name, past, refused.text)
    padded = api.post("/api/specialists", json={**NEW, "full_name": " " + "x" * 200})
    assert padded.status_code == 400 and "full_name" in padded.json()["fields"]
