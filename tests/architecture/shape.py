"""The shape of the tree (DEVELOPERS.md, "Layers") as data and as the list of what breaks it.

Each function returns every break it finds, allowed or not; ``test_shape.py`` holds them to the
allowlists below, and ``benchmarks/shape_counts.py`` counts them.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from tests.architecture.source import PACKAGE, TEMPLATES, Module, modules

LAYERS = frozenset(
    {
        "errors",  # the domain's errors (subclasses of lib.errors)
        "schemas",  # JSON bodies, query and form parsing, what goes out
        "repository",  # every query
        "service",  # rules and transitions; never commits
        "controllers",  # JSON handlers
        "pages",  # HTML handlers
        "routes",  # what app.py mounts
        "guards",  # who may call a handler (accounts)
        "middleware",  # who is calling (accounts)
        "jobs",  # background and scheduled job handlers
        "commands",  # the command line
    }
)
"""A domain module is named by its layer: ``service.py``, or ``<topic>_<layer>.py`` (``admin_pages.py``,
``problem_repository.py``) when one layer of a domain needs more than one module."""

SEVEN_PARTS = frozenset({"errors", "schemas", "repository", "service", "controllers", "pages", "routes"})
"""The parts every domain with an API and pages has (counted, not required: ``home`` has only pages)."""

ENTRY_LAYERS = frozenset({"controllers", "pages", "routes", "commands", "jobs"})
"""Entry points (called by the app, the job runner or the command line, never by a service): they may
compose the services of several domains. ``routes`` is the exception as an import: it holds the domain's
paths as ``Route`` constants and imports its handlers only inside ``handlers()``, so any module of any
domain may import it to build a link or a redirect."""

DOMAIN_ORDER = (
    "audit",
    "accounts",
    "jobs",
    "outbox",
    "skills",
    "clients",
    "specialists",
    "programs",
    "engagements",
    "outcomes",
    "surges",
    "offers",
    "plans",
    "attention",
    "hiring",
    "upkeep",
    "imports",
    "portal",
    "home",
)
"""Domains from the bottom up. A service, repository or any other module below the entry layers imports
only domains before its own; an entry point may compose any domain's services (and read its repository,
schemas and errors), but never imports another domain's entry points."""

FRAMEWORKS = ("litestar", "sqlalchemy", "jinja2", "surgebench.app", "surgebench.db", "surgebench.domain")
"""What the solver (``staffing/``) never imports: it is a pure function of frozen data."""


@dataclass(frozen=True, order=True)
class Break:
    module: str
    """Short dotted name, ``domain.plans.service``."""
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.module}:{self.line}: {self.what}"


def layer_of(module: Module) -> str | None:
    """The layer a domain module's name says, or None."""
    leaf = module.leaf
    if leaf in LAYERS:
        return leaf
    suffix = leaf.rsplit("_", 1)[-1]
    return suffix if "_" in leaf and suffix in LAYERS else None


def _domain_modules() -> list[Module]:
    return [m for m in modules() if m.domain and m.leaf != m.domain]


def misnamed_modules() -> list[str]:
    """Domain modules whose name does not say their layer."""
    return sorted(m.short for m in _domain_modules() if layer_of(m) is None)


def sql_outside_repositories() -> list[Break]:
    """Statements built or run in ``domain/`` or ``lib/`` outside a repository module."""
    found = []
    for module in modules():
        in_scope = module.domain is not None or module.short.startswith("lib")
        if in_scope and layer_of(module) != "repository":
            found += [Break(module.short, line, what) for line, what in module.sql()]
    return sorted(found)


def _target(imported: str) -> tuple[str | None, Module | None]:
    """(domain, module) an import names inside ``surgebench.domain``."""
    parts = imported.split(".")
    if parts[:2] != ["surgebench", "domain"] or len(parts) < 3:
        return None, None
    from tests.architecture.source import modules_by_name

    return parts[2], modules_by_name().get(".".join(parts[:4]))


def import_rule_breaks() -> list[Break]:
    """Every import that goes against the direction of the layers."""
    found: list[Break] = []
    rank = {name: i for i, name in enumerate(DOMAIN_ORDER)}
    for module in modules():
        short = module.short
        for line, imported in module.imports():
            top = imported.split(".")
            if short.startswith("lib") and imported.startswith(("surgebench.domain", "surgebench.app")):
                found.append(Break(short, line, f"lib/ imports {imported}"))
            if short.startswith("staffing") and any(
                imported == f or imported.startswith(f + ".") for f in FRAMEWORKS
            ):
                found.append(Break(short, line, f"the solver imports {imported}"))
            if module.domain is None:
                continue
            if top[:2] == ["surgebench", "app"]:
                found.append(Break(short, line, f"a domain imports {imported}"))
            domain, target = _target(imported)
            if domain is None:
                continue
            target_layer = layer_of(target) if target is not None and target.domain else None
            if target_layer == "routes":
                continue  # a domain's paths by name (Route constants, no handler imported): anyone may link
            layer = layer_of(module)
            entry = layer in ENTRY_LAYERS
            if not entry and target_layer in ENTRY_LAYERS:
                found.append(Break(short, line, f"a {layer or 'module'} imports the entry point {imported}"))
            if domain == module.domain:
                continue
            if entry:
                if target_layer in ENTRY_LAYERS:
                    found.append(Break(short, line, f"an entry point imports another domain's {imported}"))
            elif rank.get(domain, len(rank)) >= rank.get(module.domain, len(rank)):
                found.append(Break(short, line, f"imports {imported}, a domain above or beside its own"))
    return sorted(set(found))


HTTP_DECORATORS = frozenset({"get", "post", "put", "patch", "delete", "route"})
"""Litestar's route decorators."""

STATIC_LINKS = frozenset({"/static/site.css"})
"""The only paths a template may write out: static assets (``create_static_files_router``), not routes."""


def route_decorators(module: Module) -> list[tuple[int, ast.Call]]:
    """(line, decorator) of every route handler in the module."""
    return [
        (node.lineno, d)
        for node in ast.walk(module.tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        for d in node.decorator_list
        if isinstance(d, ast.Call) and isinstance(d.func, ast.Name) and d.func.id in HTTP_DECORATORS
    ]


def _path_argument(call: ast.Call) -> ast.expr | None:
    """The path a route decorator or a ``Redirect`` is given: its first argument or ``path=``."""
    return call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "path"), None)


def is_literal_path(node: ast.expr | None) -> bool:
    """A path written out: ``"/plans"``, ``f"/plans/{plan.id}"`` (an f-string starting with one)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.startswith("/")
    if isinstance(node, ast.JoinedStr) and node.values:
        first = node.values[0]
        return isinstance(first, ast.Constant) and str(first.value).startswith("/")
    return False


def route_constants(domain: str) -> dict[str, tuple[str, str]]:
    """The ``Route`` constants of a domain's ``routes.py``, by constant: ``PLAN = Route("plans.plan", "/p")``
    gives ``{"PLAN": ("plans.plan", "/p")}``."""
    from tests.architecture.source import modules_by_name

    module = modules_by_name().get(f"surgebench.domain.{domain}.routes")
    found = {}
    for node in module.tree.body if module else []:
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Name)
            and node.value.func.id == "Route"
            and len(node.value.args) == 2
            and all(isinstance(a, ast.Constant) for a in node.value.args)
        ):
            name, path = (a.value for a in node.value.args)
            found.update({t.id: (name, path) for t in node.targets if isinstance(t, ast.Name)})
    return found


def _route_paths(module: Module) -> list[tuple[int, str]]:
    """(line, path) of every route handler: a literal, or ``routes.X.path`` looked up in its domain."""
    constants = route_constants(module.domain) if module.domain else {}
    found = []
    for line, call in route_decorators(module):
        path = _path_argument(call)
        if isinstance(path, ast.Constant) and isinstance(path.value, str):
            found.append((line, path.value))
        elif (
            isinstance(path, ast.Attribute)
            and path.attr == "path"
            and isinstance(path.value, ast.Attribute)
            and path.value.attr in constants
        ):
            found.append((line, constants[path.value.attr][1]))
    return found


def literal_route_paths() -> list[Break]:
    """Route decorators given a string as their path instead of ``routes.X.path``."""
    found = []
    for module in modules():
        for line, call in route_decorators(module):
            path = _path_argument(call)
            if isinstance(path, ast.Constant | ast.JoinedStr):
                found.append(Break(module.short, line, f"the route path {ast.unparse(path)}"))
    return sorted(found)


def literal_redirects() -> list[Break]:
    """``Redirect(path="/…")`` instead of ``Redirect(path=routes.X.url(…))``."""
    found = []
    for module in modules():
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Redirect":
                path = _path_argument(node)
                if is_literal_path(path):
                    found.append(Break(module.short, node.lineno, f"Redirect to {ast.unparse(node)}"))
    return sorted(found)


def literal_template_links() -> list[str]:
    """``href="/…"`` and ``action="/…"`` in templates, but for ``STATIC_LINKS``: links are built by route name
    (``url_for("plans.plan", plan_id=p.id)``)."""
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            for link in re.findall(r'(?:href|action)="(/[^"]*)"', line):
                if link not in STATIC_LINKS:
                    found.append(f"{path.relative_to(TEMPLATES)}:{number}: {link}")
    return found


def route_names_outside_their_domain() -> list[str]:
    """``Route`` constants whose name does not start with their domain (``plans.…`` in ``plans/routes``)."""
    from tests.architecture.source import domains

    return sorted(
        f"domain.{d}.routes.{constant}: {name}"
        for d in domains()
        for constant, (name, _) in route_constants(d).items()
        if not name.startswith(f"{d}.")
    )


def routes_in_the_wrong_layer() -> list[Break]:
    """JSON routes (``/api/…``) outside ``controllers``, HTML routes in ``controllers``."""
    found = []
    for module in modules():
        layer = layer_of(module) if module.domain else None
        for line, path in _route_paths(module):
            api = path == "/api" or path.startswith("/api/")
            if layer == "pages" and api:
                found.append(Break(module.short, line, f"the JSON route {path} in a pages module"))
            if layer == "controllers" and not api:
                found.append(Break(module.short, line, f"the page route {path} in a controllers module"))
    return sorted(found)


def pages_catching_domain_errors() -> list[Break]:
    """``except DomainError`` in a pages module: a refused action is answered through
    ``lib.templating.refusals`` and the app's one handler instead."""
    found = []
    for module in modules():
        if module.domain and layer_of(module) == "pages":
            for node in ast.walk(module.tree):
                if isinstance(node, ast.ExceptHandler) and node.type is not None:
                    if "DomainError" in ast.unparse(node.type):
                        found.append(Break(module.short, node.lineno, f"except {ast.unparse(node.type)}"))
    return sorted(found)


def _url_for_calls(text: str) -> list[tuple[int, str, set[str]]]:
    """(line, route name, keyword names) of every ``url_for("name", key=…)`` in a template."""
    found = []
    for match in re.finditer(r"url_for\(\s*['\"]([\w.]+)['\"]", text):
        depth, end = 1, match.end()
        while depth and end < len(text):
            depth += {"(": 1, ")": -1}.get(text[end], 0)
            end += 1
        # the words of a parenthesised value are not keywords of the call
        arguments = re.sub(r"\([^()]*\)", "", text[match.end() : end - 1])
        line = text.count("\n", 0, match.start()) + 1
        found.append((line, match.group(1), set(re.findall(r"(\w+)\s*=(?!=)", arguments))))
    return found


def template_links_to_no_route() -> list[str]:
    """``url_for`` calls naming no route, or not giving exactly the route's path parameters."""
    from tests.architecture.source import domains

    params = {
        name: set(re.findall(r"\{(\w+)", path))
        for d in domains()
        for name, path in route_constants(d).values()
    }
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        where = path.relative_to(TEMPLATES)
        for line, name, given in _url_for_calls(path.read_text()):
            if "name" in given:
                found.append(f"{where}:{line}: a path parameter called name (url_for's own first parameter)")
            elif name not in params:
                found.append(f"{where}:{line}: no route named {name}")
            elif given != params[name]:
                found.append(f"{where}:{line}: {name} takes {sorted(params[name])}, given {sorted(given)}")
    return found


IGNORE = re.compile(r"#\s*type:\s*ignore(?P<codes>\[[a-z0-9-, ]+\])?(?P<rest>.*)$")


def unexplained_type_ignores() -> list[str]:
    """``path:line`` of every ``# type: ignore`` in src that does not name its error code and say why
    (``# type: ignore[code]  # why``): an ignore that says neither hides whatever comes later."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            m = IGNORE.search(line)
            if m and not (m.group("codes") and re.match(r"\s*#\s*\S", m.group("rest"))):
                found.append(f"{path.relative_to(PACKAGE)}:{number}")
    return found
