"""No input makes the service fail: every write endpoint, walked from the route table (so endpoints
added later are covered without editing this file), gets malformed bodies and must answer below 500,
with JSON errors that name the field or the body at fault; and every operation of the API schema gets
the hostile values its schema forbids (number sizes, nesting depth, content types, row counts, ids) and
must refuse them (see the second half)."""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Iterator
from typing import Any

import msgspec

from surgebench.app import create_app
from tests.integration.routes import UNSAFE, Endpoint, endpoints

JSON = {"content-type": "application/json"}
MISSING_ID = 999_999
"""Used for endpoints that take no body, so walking them changes nothing (no revoking our own token)."""
NON_UTF8 = b"\xff\xfe\xfa bad,\x80\x81\n\xc3\x28,\x00\n"
PAGE_FIELD_GUESSES = (
    "email",
    "full_name",
    "name",
    "role",
    "client",
    "password",
    "quality",
    "hourly_rate",
    "skills",
    "languages",
    "country",
    "timezone",
    "status",
    "reason",
    "page",
    "level",
)


def _data_parameter(endpoint: Endpoint) -> Any:
    return endpoint.handler.parsed_fn_signature.parameters.get("data")


def _field_names(endpoint: Endpoint) -> list[str]:
    """The body's field names when its type says them (msgspec struct or dataclass), else likely ones."""
    parameter = _data_parameter(endpoint)
    annotation = getattr(parameter, "annotation", None)
    if isinstance(annotation, type) and issubclass(annotation, msgspec.Struct):
        return [f.encode_name for f in msgspec.structs.fields(annotation)]
    if isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
        return [f.name for f in dataclasses.fields(annotation)]
    return list(PAGE_FIELD_GUESSES)


def _json_bodies(names: list[str]) -> Iterator[tuple[str, dict[str, Any], bool]]:
    """(label, request kwargs, whether an endpoint that requires a body must refuse it)."""
    yield "invalid JSON", {"content": b'{"oops": ', "headers": JSON}, True
    yield "JSON list", {"json": []}, True
    yield "JSON number", {"json": 42}, True
    yield "JSON null", {"content": b"null", "headers": JSON}, True
    yield "JSON string", {"json": "text"}, True
    yield "empty body", {"content": b"", "headers": JSON}, True
    yield "form body instead of JSON", {"data": {"a": "b"}}, True
    yield "unknown field", {"json": {"surely_not_a_field": 1}}, False
    yield "objects for every field", {"json": {n: {"nested": [1]} for n in names}}, True
    yield "lists for every field", {"json": {n: [[]] for n in names}}, True
    yield "huge numbers", {"json": {n: 10**40 for n in names}}, True
    yield "numbers beyond 64 bits", {"json": {n: 2**63 for n in names}}, False
    yield "numbers beyond 32 bits", {"json": {n: 2**31 for n in names}}, False
    yield "huge floats", {"json": {n: 1e308 for n in names}}, False
    yield "negative numbers", {"json": {n: -(2**40) for n in names}}, False
    yield "NUL characters", {"json": {n: "a\x00b" for n in names}}, False
    yield "very long strings", {"json": {n: "x" * 20_000 for n in names}}, False
    yield (
        "multipart without the file",
        {"data": {"note": "no file"}, "files": {"other": ("a.txt", b"hi", "text/plain")}},
        False,
    )
    yield (
        "multipart with non-UTF-8 bytes",
        {"files": {n: ("bad.csv", NON_UTF8, "text/csv") for n in ("file", *names)}},
        False,
    )


def _problem(endpoint: Endpoint, label: str, answer: Any, must_refuse: bool) -> str | None:
    where = f"{endpoint.method} {endpoint.path} with {label}: {answer.status_code}"
    if answer.status_code >= 500:
        return f"{where} {answer.text[:200]}"
    if must_refuse and answer.status_code < 400:
        return f"{where} (accepted)"
    if answer.status_code >= 400:
        try:
            error = answer.json()
        except ValueError:
            return f"{where} (error is not JSON)"
        if "error" not in error:
            return f"{where} (no error code)"
        if (
            answer.status_code == 400
            and not error.get("fields")
            and "body" not in str(error.get("message", "")).lower()
        ):
            return f"{where} (error names neither a field nor the body: {error})"
    return None


def test_api_write_endpoints_survive_malformed_bodies(settings, api_as) -> None:
    admin = api_as("admin")
    walked = [e for e in endpoints(create_app(settings)) if e.is_api and e.method in UNSAFE]
    assert walked, "no API write endpoints found"
    problems = []
    for endpoint in walked:
        parameter = _data_parameter(endpoint)
        body_required = parameter is not None and not parameter.has_default
        url = endpoint.url(1 if parameter is not None else MISSING_ID)
        for label, kwargs, must_refuse in _json_bodies(_field_names(endpoint)):
            answer = admin.request(endpoint.method, url, **kwargs)
            problems.append(_problem(endpoint, label, answer, must_refuse and body_required))
        answer = admin.request(endpoint.method, endpoint.url(10**20), json={})
        problems.append(_problem(endpoint, "an id beyond 64 bits", answer, False))
    problems = [p for p in problems if p]
    assert not problems, "malformed input mishandled:\n" + "\n".join(problems)


def _form_bodies(csrf: str, names: list[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    yield "only the CSRF token", {"data": {"_csrf": csrf}}
    yield "huge numbers", {"data": {"_csrf": csrf, **{n: "9" * 400 for n in names}}}
    for number in ("1e100", "-1e100", "1e-100", "9" * 10_000):
        yield f"numbers like {number[:8]}", {"data": {"_csrf": csrf, **{n: number for n in names}}}
    rows = {
        f"{group}[{i}].{n}": "1"
        for group in ("roles", "ramp", names[0])
        for i in (1000, 10**15)
        for n in names
    }
    yield "rows numbered past any limit", {"data": {"_csrf": csrf, **rows}}
    yield "NUL characters", {"data": {"_csrf": csrf, **{n: "a\x00b" for n in names}}}
    yield "very long strings", {"data": {"_csrf": csrf, **{n: "x" * 20_000 for n in names}}}
    yield (
        "repeated fields",
        {
            "content": f"_csrf={csrf}&{names[0]}=a&{names[0]}=b".encode(),
            "headers": {"content-type": "application/x-www-form-urlencoded"},
        },
    )
    yield (
        "non-UTF-8 form bytes",
        {
            "content": f"_csrf={csrf}&{names[0]}=".encode() + b"\xff\xfe%FF%FE",
            "headers": {"content-type": "application/x-www-form-urlencoded"},
        },
    )
    yield (
        "multipart without the file",
        {"data": {"_csrf": csrf}, "files": {"other": ("a.txt", b"hi", "text/plain")}},
    )
    yield (
        "multipart with non-UTF-8 bytes",
        {"data": {"_csrf": csrf}, "files": {"file": ("bad.csv", NON_UTF8, "text/csv")}},
    )


def test_page_form_posts_survive_malformed_forms(settings, sign_in_as) -> None:
    admin = sign_in_as("admin")
    walked = [
        e
        for e in endpoints(create_app(settings))
        if not e.is_api and e.method in UNSAFE and e.path not in ("/sign-in", "/sign-out")
    ]
    assert walked, "no page form posts found"
    problems = []
    for endpoint in walked:
        url = endpoint.url(1 if _data_parameter(endpoint) is not None else MISSING_ID)
        for label, kwargs in _form_bodies(admin.csrf, _field_names(endpoint)):
            answer = admin.http.request(endpoint.method, url, follow_redirects=False, **kwargs)
            if answer.status_code >= 500:
                problems.append(f"{endpoint.method} {endpoint.path} with {label}: {answer.status_code}")
    assert not problems, "malformed form posts mishandled:\n" + "\n".join(problems)


# --- hostile values, from the API schema ---------------------------------------------------------------
#
# Every operation of the schema, walked with values built from what the schema says of it: every number
# too large, too small, too long and sent as text; bodies and values nested 1,000 deep; every content type
# the operation does not read; arrays of 1,000 rows; ids past 64 bits; query values 10,000 characters
# long. Whatever the schema forbids must be refused (4xx); nothing may answer 500; every 400 names the
# field (or the body). Built from the schema alone, so operations added later are walked as they come.

DEEP = 1_000
LONG_DIGITS = "9" * 10_000
OTHER_CONTENT_TYPES = (
    "application/json",
    "text/plain",
    "text/csv",
    "application/x-www-form-urlencoded",
    "application/xml",
    "image/png",
    "",
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"
CANDIDATE_TEXT = ("x", "2027-03-01", "someone@example.test", "IN", "en", "1", "python")


class Schemas:
    """The described API schema, with ``$ref`` resolved and a plain example for any sub-schema."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema

    def resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            node = self.schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
        return node

    def branch(self, node: dict[str, Any]) -> dict[str, Any]:
        """The schema a value takes: the first alternative that is not null (keywords beside it kept)."""
        node = self.resolve(node)
        options = node.get("oneOf") or node.get("anyOf")
        if not options:
            return node
        chosen = next((self.resolve(o) for o in options if self.resolve(o).get("type") != "null"), {})
        rest = {k: v for k, v in node.items() if k not in ("oneOf", "anyOf")}
        return {**rest, **self.branch(chosen)}

    def types(self, node: dict[str, Any]) -> set[str]:
        node = self.resolve(node)
        found = {node["type"]} if isinstance(node.get("type"), str) else set(node.get("type") or ())
        for option in node.get("oneOf") or node.get("anyOf") or ():
            found |= self.types(option)
        return found

    def example(self, node: dict[str, Any]) -> Any:
        node = self.branch(node)
        if "enum" in node:
            return node["enum"][-1]
        kind = node.get("type")
        if kind == "object" or "properties" in node:
            return {name: self.example(sub) for name, sub in node.get("properties", {}).items()}
        if kind == "array":
            return [self.example(node.get("items", {})) for _ in range(max(1, node.get("minItems", 1)))]
        if kind == "integer":
            return max(1, int(node.get("minimum", 1)))
        if kind == "number":
            return node.get("minimum", 0) or 0.5
        if kind == "boolean":
            return True
        pattern = re.compile(node.get("pattern", ""))
        fits = [t for t in CANDIDATE_TEXT if pattern.search(t) and len(t) >= node.get("minLength", 0)]
        return fits[0] if fits else "x" * max(1, node.get("minLength", 1))

    def numbers(
        self, node: dict[str, Any], at: tuple[Any, ...] = ()
    ) -> Iterator[tuple[tuple[Any, ...], dict]]:
        """(path, schema) of every number in a body of this schema (array rows: the first)."""
        branch = self.branch(node)
        if self.types(node) & {"integer", "number"}:
            yield at, branch
        for name, sub in branch.get("properties", {}).items():
            yield from self.numbers(sub, (*at, name))
        if branch.get("type") == "array":
            yield from self.numbers(branch.get("items", {}), (*at, 0))

    def arrays(
        self, node: dict[str, Any], at: tuple[Any, ...] = ()
    ) -> Iterator[tuple[tuple[Any, ...], dict]]:
        branch = self.branch(node)
        if branch.get("type") == "array":
            yield at, branch
            yield from self.arrays(branch.get("items", {}), (*at, 0))
        for name, sub in branch.get("properties", {}).items():
            yield from self.arrays(sub, (*at, name))


def _with(body: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    copied = list(body) if isinstance(body, list) else dict(body)
    copied[path[0]] = _with(copied[path[0]], path[1:], value)
    return copied


def _json(value: Any) -> bytes:
    """JSON text as a hostile client writes it (``json.dumps`` cannot write a 10,000-digit number)."""
    if isinstance(value, _Raw):
        return value.text.encode()
    if isinstance(value, dict):
        return b"{" + b",".join(_json(k) + b":" + _json(v) for k, v in value.items()) + b"}"
    if isinstance(value, list):
        return b"[" + b",".join(_json(v) for v in value) + b"]"
    return msgspec.json.encode(value)


@dataclasses.dataclass(frozen=True)
class _Raw:
    text: str


def _nested(depth: int) -> _Raw:
    return _Raw("[" * depth + "]" * depth)


def _breaks(schema: dict[str, Any], number: float) -> bool:
    """Whether the schema forbids this number (its type or its range)."""
    if "integer" in schema.get("type", "") and not float(number).is_integer():
        return True
    return number > schema.get("maximum", math.inf) or number < schema.get("minimum", -math.inf)


def _number_cases(schemas: Schemas, body_schema: dict, body: Any) -> Iterator[tuple[str, Any, bool]]:
    for path, schema in schemas.numbers(body_schema):
        where = ".".join(map(str, path)) or "body"
        only_numbers = not (schemas.types(schema) - {"integer", "number", "null"})
        for label, value, number in (
            ("1e100", _Raw("1e100"), 1e100),
            ("-1e100", _Raw("-1e100"), -1e100),
            ("1e-100", _Raw("1e-100"), 1e-100),
            ("10,000 digits", _Raw(LONG_DIGITS), 1e10000),
            ("0.5", 0.5, 0.5),
        ):
            yield f"{where} = {label}", _with(body, path, value), _breaks(schema, number)
        if only_numbers:
            yield f'{where} = "5" (text)', _with(body, path, "5"), True


def _shape_cases(schemas: Schemas, body_schema: dict, body: Any) -> Iterator[tuple[str, Any, bool]]:
    yield f"a body nested {DEEP} deep", _nested(DEEP), True
    for name in schemas.branch(body_schema).get("properties", {}):
        yield f"{name} nested {DEEP} deep", _with(body, (name,), _nested(DEEP)), True
    for path, schema in schemas.arrays(body_schema):
        row = schemas.example(schema.get("items", {}))
        too_many = schema.get("maxItems", math.inf) < DEEP or schema.get("uniqueItems", False)
        where = ".".join(map(str, path))
        yield f"{where} with {DEEP} rows", _with(body, path, [row] * DEEP), too_many


def _operations(schema: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                yield path, method.upper(), operation


def _url(path: str, number: int | str = 1) -> str:
    return re.sub(r"\{\w+\}", str(number), path)


def _requests(
    schemas: Schemas, path: str, method: str, operation: dict[str, Any]
) -> Iterator[tuple[str, dict, bool]]:
    """(label, request kwargs, whether it must be refused) for one operation."""
    url = _url(path)
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "path":
            for label, number in (("past 64 bits", 10**20), ("10,000 digits", LONG_DIGITS)):
                yield f"{parameter['name']} {label}", {"url": _url(path, number)}, True
        if parameter["in"] != "query":
            continue
        schema = schemas.branch(parameter.get("schema", {}))
        name = parameter["name"]
        values = [("10,000 characters", "x" * 10_000)]
        if schema.get("type") == "integer":
            values += [("1e100", "1e100"), ("10,000 digits", LONG_DIGITS), ("-1", "-1"), ("1.5", "1.5")]
        for label, value in values:
            forbidden = schema.get("type") == "integer" or "enum" in schema or "maxLength" in schema
            yield f"{name} = {label}", {"url": url, "params": {name: value}}, forbidden
    content = operation.get("requestBody", {}).get("content", {})
    if not content:
        return
    body = schemas.example(content["application/json"]["schema"]) if "application/json" in content else None
    payload = _json(body) if body is not None else PNG
    for media_type in (t for t in OTHER_CONTENT_TYPES if t not in content):
        headers = {"content-type": media_type} if media_type else {}
        yield (
            f"a body sent as {media_type or 'no type'}",
            {"url": url, "content": payload, "headers": headers},
            True,
        )
    if "multipart/form-data" in content:
        part = {"file": ("picture.png", PNG, "image/png")}
        yield "an image uploaded as a file", {"url": url, "files": part}, True
        yield (
            "an image uploaded as text/csv",
            {"url": url, "files": {"file": ("x.csv", PNG, "text/csv")}},
            True,
        )
    if body is None:
        return
    json_schema = content["application/json"]["schema"]
    for label, value, must_refuse in (
        *_number_cases(schemas, json_schema, body),
        *_shape_cases(schemas, json_schema, body),
    ):
        kwargs = {"url": url, "content": _json(value), "headers": JSON}
        yield label, kwargs, must_refuse


def test_every_api_operation_refuses_hostile_values_its_schema_forbids(settings, engine, api_as) -> None:
    from surgebench.lib.openapi import schema_of
    from tests.integration.portal.portal_builders import two_tenants

    two_tenants(engine)  # ids 1 name real rows, so values reach the services' own checks
    admin = api_as("admin")
    schemas = Schemas(schema_of(create_app(settings)))
    walked, problems = 0, []
    for path, method, operation in _operations(schemas.schema):
        endpoint = Endpoint(path, method, None)  # type: ignore[arg-type]
        for label, kwargs, must_refuse in _requests(schemas, path, method, operation):
            answer = admin.request(method, kwargs.pop("url"), **kwargs)
            walked += 1
            problems.append(_problem(endpoint, label, answer, must_refuse))
    problems = [p for p in problems if p]
    assert walked > 500, "the walk covered the schema"
    assert not problems, f"{len(problems)} hostile requests mishandled:\n" + "\n".join(problems)
