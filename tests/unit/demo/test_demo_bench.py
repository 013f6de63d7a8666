"""The generated demo bench: deterministic per seed, valid by the specialists' own field rules, and
shaped like a real post-training bench."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from statistics import mean

import pytest

from surgebench.demo.bench import DEFAULT_TODAY, email_part, generate_bench
from surgebench.demo.csv_rows import to_csv_row
from surgebench.demo.population import COUNTRIES, NAMES, PROFILES
from surgebench.demo.reference import skills_by_area
from surgebench.domain.specialists.record_schemas import CSV_COLUMNS
from surgebench.domain.specialists.validation_schemas import parse_record
from surgebench.lib.iso import LANGUAGES_639_1, zones_by_country

TAXONOMY = skills_by_area()
KNOWN_SKILLS = {skill for ids in TAXONOMY.values() for skill in ids}
AREA_OF = {skill: area for area, ids in TAXONOMY.items() for skill in ids}


@pytest.fixture(scope="module")
def bench():
    return list(generate_bench(2_000, seed=7))


def test_same_seed_gives_the_same_bench() -> None:
    assert list(generate_bench(300, seed=11)) == list(generate_bench(300, seed=11))


def test_different_seed_gives_a_different_bench() -> None:
    first, second = list(generate_bench(300, seed=11)), list(generate_bench(300, seed=12))
    assert first != second
    assert sum(a != b for a, b in zip(first, second, strict=True)) > 250


def test_reference_date_moves_the_dates_and_nothing_else() -> None:
    later = DEFAULT_TODAY + timedelta(days=10)
    for a, b in zip(generate_bench(50, 3), generate_bench(50, 3, today=later), strict=True):
        assert (a.email, a.skills, a.hourly_rate) == (b.email, b.skills, b.hourly_rate)
        if a.available_from is not None:
            assert b.available_from == a.available_from + timedelta(days=10)


def test_every_record_passes_validation_through_its_csv_form(bench) -> None:
    for record in bench:
        row = to_csv_row(record)
        assert tuple(row) == CSV_COLUMNS
        parsed, errors = parse_record(row, KNOWN_SKILLS)
        assert errors == {}, (record, errors)
        assert parsed == record


def test_csv_row_uses_the_canonical_forms(bench) -> None:
    record = next(r for r in bench if len(r.languages) > 1 and len(r.skills) > 1 and r.available_from is None)
    row = to_csv_row(record)
    assert row["languages"] == ";".join(sorted(record.languages))
    assert row["skills"] == ";".join(f"{skill}:{level}" for skill, level in sorted(record.skills))
    assert row["available_from"] == ""
    assert len(row["quality"].split(".")[1]) == 3 and len(row["hourly_rate"].split(".")[1]) == 2


def test_emails_are_unique_lower_case_and_numbered(bench) -> None:
    emails = [r.email for r in bench]
    assert len(set(emails)) == len(emails)
    for number, email in enumerate(emails, 1):
        assert email == email.lower() and email.isascii() and email.endswith(f".{number}@example.org")


def test_email_part_folds_names_to_plain_ascii() -> None:
    assert email_part("Łukasz") == "lukasz"
    assert email_part("Nguyễn") == "nguyen"
    assert email_part("Đặng") == "dang"
    assert email_part("Dela Cruz") == "dela-cruz"
    assert email_part("van der Merwe") == "van-der-merwe"


def test_time_zone_and_name_fit_the_country(bench) -> None:
    names_of = {c.code: NAMES[c.names] for c in COUNTRIES}
    for record in bench:
        assert record.timezone in zones_by_country()[record.country]
        first_names, last_names = names_of[record.country]
        assert any(record.full_name.startswith(first + " ") for first in first_names)
        assert any(record.full_name.endswith(" " + last) for last in last_names)


def test_countries_are_weighted_toward_where_vendors_recruit(bench) -> None:
    countries = Counter(r.country for r in bench)
    assert countries.most_common(1)[0][0] == "IN"
    assert len(countries) >= 18
    assert countries["US"] > countries["DE"]


def test_most_work_in_english_with_a_local_language_and_some_a_third(bench) -> None:
    assert sum("en" in r.languages for r in bench) / len(bench) > 0.85
    assert sum(len(r.languages) >= 2 for r in bench) / len(bench) > 0.6
    assert any(len(r.languages) == 3 for r in bench)
    assert all(set(r.languages) <= LANGUAGES_639_1 for r in bench)


def test_skills_are_one_to_four_with_levels_mostly_solid_and_few_experts(bench) -> None:
    assert {len(r.skills) for r in bench} <= {1, 2, 3, 4}
    levels = Counter(level for r in bench for _, level in r.skills)
    total = sum(levels.values())
    assert (levels[2] + levels[3] + levels[4]) / total > 0.8
    assert 0 < levels[5] / total < 0.1


def _areas_a_profile_allows(profile) -> set[str]:  # type: ignore[no-untyped-def]
    sources = [*profile.primary, *(source for source, _ in profile.extra)]
    return {AREA_OF.get(source, source) for source in sources}


def test_skills_come_from_one_kind_of_specialist(bench) -> None:
    """A doctor has medicine skills (maybe biology), not a scatter across the taxonomy."""
    allowed = [_areas_a_profile_allows(p) for p in PROFILES]
    for record in bench:
        areas = {AREA_OF[skill] for skill, _ in record.skills}
        assert any(areas <= profile_areas for profile_areas in allowed), record.skills
    doctors = [r for r in bench if any(AREA_OF[s] == "medicine" for s, _ in r.skills)]
    assert doctors
    assert all(AREA_OF[s] in {"medicine", "science", "writing"} for r in doctors for s, _ in r.skills)


def test_language_skills_are_for_languages_the_specialist_speaks(bench) -> None:
    for record in bench:
        for skill, _ in record.skills:
            if skill.startswith("lang."):
                assert skill.removeprefix("lang.") in record.languages


def test_status_mix_is_mostly_vetted_with_few_offboarded(bench) -> None:
    share = {status: count / len(bench) for status, count in Counter(r.status for r in bench).items()}
    assert share["vetted"] > 0.6
    assert 0 < share["offboarded"] < share["suspended"] < share["vetting"]
    assert share["applicant"] > 0


def test_vetting_expiries_spread_over_two_years_with_some_already_expired(bench) -> None:
    expiries = [r.vetting_expires for r in bench if r.status == "vetted"]
    assert all(e is not None for e in expiries)
    earliest, latest = DEFAULT_TODAY - timedelta(days=120), DEFAULT_TODAY + timedelta(days=730)
    assert all(earliest <= e <= latest for e in expiries)
    assert 0.05 < sum(e < DEFAULT_TODAY for e in expiries) / len(expiries) < 0.3
    assert all(r.vetting_expires is None for r in bench if r.status == "applicant")


def test_most_are_available_within_thirty_days(bench) -> None:
    soon = [
        r
        for r in bench
        if r.available_from is not None and r.available_from <= DEFAULT_TODAY + timedelta(days=30)
    ]
    assert len(soon) / len(bench) > 0.75


def test_hours_quality_and_rates_are_plausible(bench) -> None:
    hours = Counter(r.weekly_hours for r in bench)
    assert set(hours) <= set(range(10, 41)) and hours.most_common(1)[0][0] in (20, 30, 40)
    qualities = [float(r.quality) for r in bench]
    assert all(0 <= q <= 1 for q in qualities) and 0.75 < mean(qualities) < 0.85  # Beta(8, 2): mean 0.8
    rate = {code: mean(float(r.hourly_rate) for r in bench if r.country == code) for code in ("US", "IN")}
    assert rate["US"] > 2 * rate["IN"]
    medicine = mean(float(r.hourly_rate) for r in bench if any(AREA_OF[s] == "medicine" for s, _ in r.skills))
    writing = mean(float(r.hourly_rate) for r in bench if all(AREA_OF[s] == "writing" for s, _ in r.skills))
    assert medicine > 1.5 * writing


def test_population_tables_only_name_real_zones_languages_and_skills() -> None:
    for country in COUNTRIES:
        assert {zone for zone, _ in country.zones} <= set(zones_by_country()[country.code]), country.code
        assert {code for code, _ in country.local_languages} <= LANGUAGES_639_1
        assert country.names in NAMES
    for profile in PROFILES:
        for source in [*profile.primary, *(s for s, _ in profile.extra)]:
            assert source in TAXONOMY or source in KNOWN_SKILLS, source
