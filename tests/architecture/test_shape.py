"""The shape of the tree (DEVELOPERS.md, "Layers") holds: every domain module is named by its layer, SQL
is built and run only in repositories, and imports go one way — lib/ knows no domain, no domain knows the
app, the solver knows no framework, a service or repository never reaches an entry point, and a domain's
lower layers import only the domains below it."""

from __future__ import annotations

import re

from tests.architecture.shape import (
    DOMAIN_ORDER,
    Break,
    import_rule_breaks,
    literal_redirects,
    literal_route_paths,
    literal_template_links,
    misnamed_modules,
    pages_catching_domain_errors,
    route_names_outside_their_domain,
    routes_in_the_wrong_layer,
    sql_outside_repositories,
    template_links_to_no_route,
    unexplained_type_ignores,
)
from tests.architecture.source import TEMPLATES, domains

NOT_YET_RENAMED: set[str] = set()
"""Modules named before the layers were, each to be renamed to its layer; empty since every one was
renamed. Never add to it: name a new module by its layer."""

SQL_ALLOWED = {
    # The job listener's LISTEN runs on a psycopg connection of its own, outside SQLAlchemy (no pool, no
    # transaction): there is no session for a repository to take.
    ("domain.jobs.wakeup_service", ".execute()"),
}

IMPORTS_ALLOWED: set[tuple[str, str]] = set()
"""(module, what) of an import allowed against the layers, each with its reason; none today."""


def _unexpected(found: list[Break], allowed: set[tuple[str, str]]) -> list[str]:
    return [str(b) for b in found if (b.module, b.what) not in allowed]


def test_every_domain_module_is_named_by_its_layer() -> None:
    assert sorted(set(misnamed_modules()) - NOT_YET_RENAMED) == []


def test_the_list_of_modules_to_rename_only_shrinks() -> None:
    assert sorted(NOT_YET_RENAMED - set(misnamed_modules())) == []


def test_sql_is_built_and_run_only_in_repositories() -> None:
    assert _unexpected(sql_outside_repositories(), SQL_ALLOWED) == []


def test_imports_go_down_the_layers() -> None:
    assert _unexpected(import_rule_breaks(), IMPORTS_ALLOWED) == []


def test_every_allowance_is_still_needed() -> None:
    found = {(b.module, b.what) for b in [*sql_outside_repositories(), *import_rule_breaks()]}
    assert sorted((SQL_ALLOWED | IMPORTS_ALLOWED) - found) == []


def test_every_domain_has_its_place_in_the_order() -> None:
    assert sorted(set(domains()) - set(DOMAIN_ORDER)) == []


def test_json_is_served_by_controllers_and_html_by_pages() -> None:
    assert [str(b) for b in routes_in_the_wrong_layer()] == []


CATCHES_ALLOWED = {
    # A re-plan's ramp start is parsed by lib.fields (FieldInvalid, not a DomainError) and both refusals
    # redirect with their code (``invalid_date`` for the date).
    ("domain.plans.pages", "except (DomainError, FieldInvalid)"),
}


def test_pages_answer_refusals_through_the_one_handler() -> None:
    assert _unexpected(pages_catching_domain_errors(), CATCHES_ALLOWED) == []


def _template_lines(pattern: str) -> list[str]:
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        if path.parent.name == "_partials":
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if re.search(pattern, line):
                found.append(f"{path.relative_to(TEMPLATES)}:{number}")
    return found


def test_templates_ask_the_guards_what_a_principal_may_do() -> None:
    """``may("managers")`` (the guards' own roles), never a list of roles written in a template."""
    assert _template_lines(r"principal\.role\s*(?:==|!=|in |not in )") == []


def test_lists_sort_and_page_with_the_shared_macros() -> None:
    """``_partials/lists.html``: one sort_link, one pager."""
    assert _template_lines(r'macro sort_link|<nav class="pager"') == []


def test_handlers_take_their_path_from_the_domains_routes() -> None:
    """``@get(routes.PLAN.path, name=routes.PLAN.name, …)``: a path is written once, in ``routes.py``."""
    assert [str(b) for b in literal_route_paths()] == []


def test_redirects_go_to_a_route_by_name() -> None:
    """``Redirect(path=routes.PLAN.url(plan_id=p.id))``, a query appended if need be."""
    assert [str(b) for b in literal_redirects()] == []


def test_templates_build_links_from_route_names() -> None:
    """``href="{{ url_for('plans.plan', plan_id=p.id) }}"``; only static assets are written out."""
    assert literal_template_links() == []


def test_each_route_is_named_after_its_domain() -> None:
    assert route_names_outside_their_domain() == []


def test_template_links_name_a_route_with_its_parameters() -> None:
    """A misspelt route name or a missing path parameter fails here, not when the page is first shown."""
    assert template_links_to_no_route() == []


def test_forms_carry_the_csrf_token_through_the_forms_macros() -> None:
    """``csrf()``/``post_form`` from ``_partials/forms.html``, never the hidden input written out."""
    assert _template_lines(r'name="\{\{ csrf_field \}\}"') == []


STATUS_CHECKS_ALLOWED: set[str] = set()
"""``template:line`` of a status compared in a template, each with its reason; none: the service hands the
template what the user may do and the words to show."""


def test_templates_are_told_what_a_status_means_not_left_to_compare_it() -> None:
    assert sorted(set(_template_lines(r"status\s*(?:==|!=|in |not in )")) - STATUS_CHECKS_ALLOWED) == []


def test_every_type_ignore_names_its_error_and_says_why() -> None:
    """``# type: ignore[code]  # why``: the checker's complaint it silences, and why it is wrong here."""
    assert unexplained_type_ignores() == []
