"""No input makes the service fail: every write endpoint, walked from the route table (so endpoints
added later are covered without editing this file), gets malformed bodies and must answer below 500,
with JSON errors that name the field or the body at fault."""

from __future__ import annotations

import dataclasses
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
