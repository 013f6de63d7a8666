"""The OpenAPI schema tells the truth about every operation, with no per-handler work: each one documents
the error answers the service really gives (``{error, message, fields?, details?}``, see ``lib/errors``)
instead of Litestar's default ``{status_code, detail}`` 400. Every streamed API answer (a handler
returning ``Stream``) is a CSV download and is documented as ``text/csv``.

Which errors an operation documents: 400, 401 and 403 always (bad input, not signed in, role not
allowed); 404 when its path names something (``{id}``) or it writes (a body may name something that does
not exist); 409 and 503 when it writes (a conflict with the current state; the write lock was not had in
time); 409 for every operation (reads too: a plan not ready yet). Integer ids in paths are 1…2³¹−1
(PostgreSQL ``integer``), and request bodies that refuse unknown fields say so
(``additionalProperties: false``); 408 and 415 when it reads a body (the body did not arrive in time,
``lib.http.BodyDeadline``; a JSON body needs a JSON content type, ``lib.json_body``). A handler adds
more with ``opt={"errors": (429,)}``, and documents a request body that Litestar cannot see (one read by
a dependency, such as a CSV upload) with ``opt={"request_body": {...}}``."""

from __future__ import annotations

import copy
import re
from typing import Any

import msgspec
from litestar import Litestar, Request
from litestar.openapi.plugins import JsonRenderPlugin, SwaggerRenderPlugin
from litestar.response import Stream
from litestar.routes import HTTPRoute


def documented(**constraints: Any) -> msgspec.Meta:
    """Constraints the service checks, stated in the schema only (``min_length``, ``maximum``…): msgspec
    enforcing them would refuse a body at its first bad field, while the services name every bad field
    at once. State only what the service refuses without exception, never more (the conformance walk
    sends input the schema forbids and expects it refused)."""
    return msgspec.Meta(extra_json_schema={"extra": constraints})


ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error", "message"],
    "properties": {
        "error": {"type": "string", "description": "A stable code, e.g. validation_failed, not_found."},
        "message": {"type": "string", "description": "What went wrong, in plain words."},
        "fields": {
            "type": "object",
            "additionalProperties": {"type": "string"},
            "description": "Field (or body, or query parameter) → what is wrong with it.",
        },
        "details": {"description": "More about the error, e.g. the people an approval conflicts on."},
    },
}
DESCRIPTIONS = {
    400: "The input is not acceptable; `fields` names each problem.",
    401: "Not signed in (no valid bearer token or session).",
    403: "Signed in, but this role may not do this (or a session's CSRF token is missing).",
    404: "Nothing with that id (or not one the caller may see).",
    405: "The path does not serve this method; `Allow` lists the ones it does.",
    408: "The body did not arrive in time (`SURGEBENCH_BODY_TIMEOUT_SECONDS` with nothing sent); the "
    "connection is closed.",
    409: "Conflicts with the current state (a taken e-mail, a plan no longer valid, …).",
    413: "The upload is larger than the service accepts (the message gives the limit).",
    415: "The body is not of a type this operation reads (JSON needs `Content-Type: application/json`).",
    429: "Too many attempts, or too much work queued; try again after `Retry-After` seconds.",
    503: "The service is busy (the write lock was not had in time); try again shortly.",
}
UNSAFE = {"post", "put", "patch", "delete"}
_PARAM = re.compile(r"\{\w+\}")


MAX_ID = 2**31 - 1
"""Ids are PostgreSQL ``integer`` columns: a larger id can name nothing (and PostgreSQL refuses it)."""


def errors_of(path: str, method: str, extra: tuple[int, ...] = (), *, has_body: bool = False) -> list[int]:
    codes = {400, 401, 403, 409, *extra}
    if has_body:
        codes.update((408, 415))
    if _PARAM.search(path) or method in UNSAFE:
        codes.add(404)
    if method in UNSAFE:
        codes.add(503)
    return sorted(codes)


def _strict_structs() -> dict[str, type[msgspec.Struct]]:
    """The request bodies that refuse unknown fields (msgspec ``forbid_unknown_fields``), by name."""
    found: dict[str, type[msgspec.Struct]] = {}
    pending = list(msgspec.Struct.__subclasses__())
    while pending:
        struct = pending.pop()
        pending.extend(struct.__subclasses__())
        if getattr(struct.__struct_config__, "forbid_unknown_fields", False):
            found[struct.__name__] = struct
    return found


_ITEM_CONSTRAINTS = {"minLength", "maxLength", "pattern", "minimum", "maximum", "enum", "format"}


def _arrays(node: dict[str, Any]) -> list[dict[str, Any]]:
    """The array schemas a property may be: itself, or its ``oneOf``/``anyOf`` alternatives."""
    options = [node, *node.get("oneOf", ()), *node.get("anyOf", ())]
    return [option for option in options if option.get("type") == "array"]


def _restore_item_constraints(component: dict[str, Any], struct: type[msgspec.Struct]) -> None:
    """Litestar drops the constraints of list items (``list[Annotated[str, Meta(min_length=1)]]`` came
    out as ``items: {type: string}``, so ``competitors: [""]`` looked valid and was refused); msgspec's
    own schema of the struct keeps them, and they are copied back."""
    (_ref,), components = msgspec.json.schema_components([struct], ref_template="#/components/schemas/{name}")
    exact = components[struct.__name__].get("properties", {})
    for name, prop in component.get("properties", {}).items():
        items = [a["items"] for a in _arrays(exact.get(name, {})) if "items" in a]
        constraints = {k: v for k, v in (items[0] if items else {}).items() if k in _ITEM_CONSTRAINTS}
        for array in _arrays(prop) if constraints else ():
            array["items"] = {**array.get("items", {}), **constraints}
        _restore_bounds(prop, exact.get(name, {}))


_BOUNDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")


def _restore_bounds(prop: dict[str, Any], exact: dict[str, Any]) -> None:
    """Litestar drops a bound of 0 (``Meta(ge=0)`` on an optional field came out with its maximum only, so
    ``cooldown_days: -1`` looked valid and was refused); msgspec's own schema keeps it."""
    stated = [prop, *prop.get("oneOf", ()), *prop.get("anyOf", ())]
    for option in [exact, *exact.get("anyOf", ()), *exact.get("oneOf", ())]:
        for bound in _BOUNDS:
            if bound in option and not any(bound in s for s in stated):
                prop[bound] = option[bound]


def _is_default_error(response: dict[str, Any]) -> bool:
    schema = response.get("content", {}).get("application/json", {}).get("schema", {})
    return "status_code" in schema.get("properties", {})


def describe(
    schema: dict[str, Any], opts: dict[tuple[str, str], dict[str, Any]], schema_path: str = "/api/schema"
) -> dict[str, Any]:
    """The schema with every operation's error answers (and declared request bodies) filled in."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR_SCHEMA
    for name, struct in _strict_structs().items():
        if name in components:
            components[name]["additionalProperties"] = False
            _restore_item_constraints(components[name], struct)
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path in [p for p in schema.get("paths", {}) if p.startswith(schema_path)]:
        del schema["paths"][path]  # the schema's own pages are not part of the API
    for path, item in schema.get("paths", {}).items():
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            opt = opts.get((path, method), {})
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "path" and parameter.get("schema", {}).get("type") == "integer":
                    parameter["schema"].update(minimum=1, maximum=MAX_ID)
            responses = operation.setdefault("responses", {})
            for code in [c for c, r in responses.items() if c.startswith("4") and _is_default_error(r)]:
                del responses[code]
            if "request_body" in opt:
                operation["requestBody"] = opt["request_body"]
            has_body = "requestBody" in operation
            for code in errors_of(path, method, tuple(opt.get("errors", ())), has_body=has_body):
                responses[str(code)] = {"description": DESCRIPTIONS[code], "content": error}
            if opt.get("csv_download") and "200" in responses:
                responses["200"]["content"] = {"text/csv": {"schema": {"type": "string"}}}
    return schema


def _opts_by_operation(app: Litestar) -> dict[tuple[str, str], dict[str, Any]]:
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for route in app.routes:
        if isinstance(route, HTTPRoute):
            for handler in route.route_handlers:
                opt = dict(handler.opt or {})
                if handler.parsed_fn_signature.return_type.annotation is Stream:
                    opt.setdefault("csv_download", True)
                for method in handler.http_methods:
                    found[(route.path_format, method.lower())] = opt
    return found


def schema_of(app: Litestar) -> dict[str, Any]:
    """The app's API schema as ``/api/schema/openapi.json`` serves it (for tests that walk it)."""
    return describe(copy.deepcopy(app.openapi_schema.to_schema()), _opts_by_operation(app))


def described(request: Request, schema: dict[str, Any]) -> dict[str, Any]:
    """``describe`` applied once per app (the framework builds the schema once; so do we)."""
    app = request.app
    if not app.state.get("openapi_described"):
        schema_path = request.url.path.rsplit("/", 1)[0]  # the router serving openapi.json and the pages
        describe(schema, _opts_by_operation(app), schema_path)
        app.state["openapi_described"] = True
    return schema


class JsonSchema(JsonRenderPlugin):
    """``/api/schema/openapi.json``, described (render plugins are the framework's hook for it)."""

    def render(self, request: Request, openapi_schema: dict[str, Any]) -> bytes:
        return super().render(request, described(request, openapi_schema))


class SwaggerPage(SwaggerRenderPlugin):
    """The Swagger page, showing the same described schema."""

    def render(self, request: Request, openapi_schema: dict[str, Any]) -> bytes:
        return super().render(request, described(request, openapi_schema))
