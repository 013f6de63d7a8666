"""The folding rule a client's view of the team's make-up goes through: no group of one to four people
is ever shown, and "other" is never one to four people unless it is a whole small role."""

from __future__ import annotations

import random

from surgebench.domain.portal.makeup_service import MIN_GROUP, OTHER, Group, fold


def _people(**groups: int) -> list[frozenset[str]]:
    return [frozenset({name}) for name, n in groups.items() for _ in range(n)]


def test_groups_of_five_or_more_are_shown_largest_first() -> None:
    assert fold(_people(IN=6, PH=5)) == [Group("IN", 6), Group("PH", 5)]


def test_groups_under_five_go_to_other() -> None:
    assert fold(_people(IN=6, PH=3, BR=2, KE=1)) == [Group("IN", 6), Group(OTHER, 6)]


def test_an_other_of_one_to_four_takes_the_smallest_shown_group_with_it() -> None:
    assert fold(_people(IN=7, PH=5, BR=2)) == [Group("IN", 7), Group(OTHER, 7)]


def test_folding_goes_on_until_other_is_five_or_more() -> None:
    # other 1 → takes PH (5) → 6: IN stays
    assert fold(_people(IN=9, PH=5, BR=1)) == [Group("IN", 9), Group(OTHER, 6)]


def test_a_single_big_group_beside_a_small_rest_is_folded_to_the_total() -> None:
    assert fold(_people(IN=6, BR=1)) == [Group(OTHER, 7)]


def test_a_role_under_five_people_shows_only_its_size() -> None:
    assert fold(_people(IN=4)) == [Group(OTHER, 4)]
    assert fold(_people(IN=2, BR=1)) == [Group(OTHER, 3)]


def test_nobody_gives_no_groups() -> None:
    assert fold([]) == []


def test_among_equal_groups_the_last_by_name_is_folded_first() -> None:
    assert fold(_people(IN=5, PH=5, BR=2)) == [Group("IN", 5), Group(OTHER, 7)]


def test_languages_count_a_person_once_in_other_however_many_folded_languages_they_speak() -> None:
    speakers = [frozenset({"en", "hi", "ta"})] * 3 + [frozenset({"en"})] * 3
    assert fold(speakers) == [Group(OTHER, 6)]  # other = 3 people (hi, ta) < 5 → en folded too
    many = [frozenset({"en", "hi"})] * 5 + [frozenset({"en", "ta", "de"})] * 5 + [frozenset({"fr"})]
    # hi, ta, de 5 each; other = the fr speaker alone → ta (last by name of the smallest) is folded:
    # other = the ta speakers and the fr speaker, 6 people, each once
    assert fold(many) == [Group("en", 10), Group("de", 5), Group("hi", 5), Group(OTHER, 6)]


def test_no_random_make_up_ever_shows_a_group_of_one_to_four() -> None:
    rng = random.Random(22)
    for _ in range(2_000):
        size = rng.randint(0, 40)
        values = [
            frozenset(rng.sample("ABCDEFG", rng.randint(1 if rng.random() < 0.8 else 0, 3)))
            for _ in range(size)
        ]
        found = fold(values)
        for g in found:
            small_total = g.name == OTHER and len(found) == 1 and g.people == size
            assert g.people >= MIN_GROUP or small_total, (values, found)
        named = [g for g in found if g.name != OTHER]
        for g in named:
            assert g.people == sum(1 for v in values if g.name in v)


def test_only_shown_countries_are_named_over_the_cap_never_other() -> None:
    from surgebench.domain.portal.makeup_service import RoleMakeUp

    countries = fold(_people(IN=6, PH=5, BR=3, KE=2))  # other = BR 3 + KE 2 = 5
    role = RoleMakeUp(1, 1, "python", 16, 4, countries, [], [])
    assert countries == [Group("IN", 6), Group("PH", 5), Group(OTHER, 5)]
    assert role.over_cap == ["IN", "PH"]
    assert RoleMakeUp(1, 1, "python", 16, None, countries, [], []).over_cap == []
