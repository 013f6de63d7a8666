"""A client learns only what it is shown, on PostgreSQL (see ``personal_data``)."""

from __future__ import annotations

import pytest

from tests.integration.portal.personal_data import walk_both_worlds


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_no_answer_to_a_client_depends_on_anything_it_is_not_shown(
    engine, settings, sign_in_as, api_as
) -> None:
    walk_both_worlds(engine, settings, sign_in_as, api_as)
