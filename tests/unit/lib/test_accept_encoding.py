"""Which clients get a stored gzip document as it is: those naming gzip (or ``*``) with a weight above 0."""

from __future__ import annotations

import pytest

from surgebench.lib.http import accepts_gzip


@pytest.mark.parametrize(
    "header",
    ["gzip", "gzip, deflate, br", "deflate, GZIP;q=0.5", "x-gzip", "*", "br;q=1, *;q=0.1", "gzip ; q=1.0"],
)
def test_a_client_naming_gzip_or_any_coding_gets_gzip(header: str) -> None:
    assert accepts_gzip(header)


@pytest.mark.parametrize(
    "header",
    [None, "", "identity", "br, deflate", "gzip;q=0", "*, gzip;q=0", "gzip;q=0.0, *;q=1", "gzip;q=x"],
)
def test_a_client_that_does_not_name_gzip_or_refuses_it_gets_plain_content(header: str | None) -> None:
    assert not accepts_gzip(header)
