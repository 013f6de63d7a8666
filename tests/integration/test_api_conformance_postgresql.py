"""The API conforms to its live OpenAPI schema on PostgreSQL (see ``api_conformance``)."""

from __future__ import annotations

import pytest

from tests.integration.api_conformance import walk_the_api


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_every_api_operation_conforms_to_its_schema_for_every_role(engine, settings, make_account) -> None:
    walk_the_api(engine, settings, make_account)
