"""The sign-in ``next=`` target stays on this site."""

from __future__ import annotations

import pytest

from surgebench.domain.accounts.pages import _safe_next


@pytest.mark.parametrize("target", ["/bench", "/admin/users?page=2", "/jobs/3#top"])
def test_same_site_paths_are_kept(target: str) -> None:
    assert _safe_next(target) == target


@pytest.mark.parametrize(
    "target",
    [
        None,
        "",
        "//evil.example",
        "https://evil.example/x",
        "/\\evil.example",
        "\\\\evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        "javascript:alert(1)",
        "evil.example",
    ],
)
def test_other_hosts_and_tricks_land_on_the_start(target: str | None) -> None:
    assert _safe_next(target) == "/"
