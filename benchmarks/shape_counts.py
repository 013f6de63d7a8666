"""How far the tree is from the shape in DEVELOPERS.md ("Layers"): the counts of issue 19, printed.

    PYTHONPATH=src python benchmarks/shape_counts.py

Each line is one count; run it before and after a change to the shape. The rules themselves are
enforced by ``tests/architecture/test_shape.py``; this only measures (nothing is asserted).
"""

from __future__ import annotations

import ast
import re
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.architecture.shape import (  # noqa: E402
    HTTP_DECORATORS,
    LAYERS,
    SEVEN_PARTS,
    import_rule_breaks,
    literal_redirects,
    literal_route_paths,
    literal_template_links,
    misnamed_modules,
    pages_catching_domain_errors,
    routes_in_the_wrong_layer,
    sql_outside_repositories,
)
from tests.architecture.source import PACKAGE, TEMPLATES, domains, modules  # noqa: E402


def _handlers() -> list[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    found = []
    for module in modules():
        for node in ast.walk(module.tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and any(
                isinstance(d, ast.Call) and isinstance(d.func, ast.Name) and d.func.id in HTTP_DECORATORS
                for d in node.decorator_list
            ):
                found.append((module.leaf, node))
    return found


def _templates() -> list[tuple[Path, str]]:
    return [(p, p.read_text()) for p in sorted(TEMPLATES.rglob("*.html"))]


def _grep(pattern: str) -> int:
    return sum(len(re.findall(pattern, text)) for _, text in _templates())


def page_handler_lines() -> list[int]:
    return [
        (fn.end_lineno or fn.lineno) - fn.body[0].lineno + 1
        for leaf, fn in _handlers()
        if leaf.endswith("pages")
    ]


def type_ignores(*folders: str) -> int:
    return sum(
        path.read_text().count("type: ignore") for folder in folders for path in (ROOT / folder).rglob("*.py")
    )


def ruff_format_would_change() -> int:
    ruff = Path(sys.executable).with_name("ruff")
    done = subprocess.run(
        [str(ruff), "format", "--check", "src", "tests", "benchmarks"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    found = re.search(r"(\d+) files? would be reformatted", done.stdout + done.stderr)
    return int(found.group(1)) if found else 0


def main() -> None:
    every = domains()
    domain_modules = [m for m in modules() if m.domain and m.leaf != m.domain]
    complete = [d for d in every if SEVEN_PARTS <= {m.leaf for m in modules() if m.domain == d}]
    lines = page_handler_lines()
    rows = [
        (f"domains with all seven parts ({', '.join(sorted(SEVEN_PARTS))})", f"{len(complete)}/{len(every)}"),
        (
            f"domain modules not named by layer ({', '.join(sorted(LAYERS))}, or <topic>_<layer>)",
            f"{len(misnamed_modules())}/{len(domain_modules)}",
        ),
        (
            "SQL outside repositories: modules (statements)",
            f"{len({b.module for b in sql_outside_repositories()})} ({len(sql_outside_repositories())})",
        ),
        ("imports breaking the layer rules", len(import_rule_breaks())),
        ("JSON routes in pages, HTML routes in controllers", len(routes_in_the_wrong_layer())),
        ("inline handler paths", len(literal_route_paths())),
        ("literal redirect paths", len(literal_redirects())),
        ('literal links in templates (href/action="/…", static assets aside)', len(literal_template_links())),
        ("sort_link macros defined", _grep(r"macro sort_link")),
        ("pagers written out (nav.pager)", _grep(r'<nav class="pager"')),
        ("CSRF inputs written by hand", _grep(r'name="\{\{ csrf_field \}\}"') - 1),
        ("status-string comparisons in templates", _grep(r"status\s*(?:==|!=|in |not in )")),
        ("role checks in templates", _grep(r"principal\.role\s*(?:==|!=|in |not in )")),
        ("page handlers", len(lines)),
        ("page handler lines: median", statistics.median(lines) if lines else 0),
        ("page handlers over 10 lines", sum(n > 10 for n in lines)),
        ("`except DomainError` blocks in pages", len(pages_catching_domain_errors())),
        ("`# type: ignore` in src", type_ignores("src")),
        ("`# type: ignore` in src, tests, benchmarks", type_ignores("src", "tests", "benchmarks")),
        ("files `ruff format` would change", ruff_format_would_change()),
    ]
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")


if __name__ == "__main__":
    assert PACKAGE.is_dir()
    main()
