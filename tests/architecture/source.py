"""The source tree read as data: every module of ``src/surgebench`` with its syntax tree, the modules it
imports and the places it builds SQL. ``test_shape.py`` holds the tree to the shape in DEVELOPERS.md
("Layers"); ``benchmarks/shape_counts.py`` prints the counts the shape is measured by."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"
PACKAGE = SRC / "surgebench"
TEMPLATES = ROOT / "templates"

SQL_BUILDERS = frozenset(
    {"select", "insert", "update", "delete", "text", "union", "union_all", "exists", "bindparam", "literal"}
)
"""Names from ``sqlalchemy`` (or ``sqlalchemy.dialects.*``) that build a statement."""
SQL_CALLS = frozenset({"execute", "query", "scalars", "scalar", "exec_driver_sql"})
"""Methods of a session or connection that run SQL."""


@dataclass(frozen=True)
class Module:
    name: str
    """Dotted name, ``surgebench.domain.plans.service``."""
    path: Path
    tree: ast.Module

    @property
    def short(self) -> str:
        return self.name.removeprefix("surgebench.")

    @property
    def domain(self) -> str | None:
        parts = self.name.split(".")
        return parts[2] if len(parts) > 3 and parts[1] == "domain" else None

    @property
    def leaf(self) -> str:
        return self.name.rsplit(".", 1)[-1]

    def imports(self) -> list[tuple[int, str]]:
        """(line, module) for every import: ``from a.b import c`` gives ``a.b.c`` when ``c`` is a module
        of the package, ``a.b`` otherwise."""
        found: list[tuple[int, str]] = []
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Import):
                found += [(node.lineno, alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    child = f"{node.module}.{alias.name}"
                    found.append((node.lineno, child if child in modules_by_name() else node.module))
        return found

    def sql(self) -> list[tuple[int, str]]:
        """(line, what) for every statement built and every statement run."""
        found: list[tuple[int, str]] = []
        for node in ast.walk(self.tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "sqlalchemy":
                found += [
                    (node.lineno, f"imports {alias.name}")
                    for alias in node.names
                    if alias.name in SQL_BUILDERS
                ]
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in SQL_CALLS
                and not (isinstance(node.func.value, ast.Name) and node.func.value.id in {"re", "regex"})
            ):
                found.append((node.lineno, f".{node.func.attr}()"))
        return found


@cache
def modules() -> tuple[Module, ...]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found.append(Module(".".join(parts), path, ast.parse(path.read_text(), str(path))))
    return tuple(found)


@cache
def modules_by_name() -> dict[str, Module]:
    return {m.name: m for m in modules()}


def domains() -> list[str]:
    return sorted({m.domain for m in modules() if m.domain})
