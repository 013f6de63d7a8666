"""Reading HTML form bodies (``URLEncodedBody[dict[str, Any]]``): a field may be missing, repeated (a
list) or, from a hostile client, not text at all. These helpers always give text or a list of text."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def form_text(data: Mapping[str, Any], name: str) -> str:
    """The field's text ("" when missing; the last value when repeated)."""
    value = data.get(name, "")
    if isinstance(value, list):
        value = value[-1] if value else ""
    return value.strip() if isinstance(value, str) else ""


def form_list(data: Mapping[str, Any], name: str) -> list[str]:
    """Every value of a repeated field (a multi-select or checkboxes), blanks dropped."""
    value = data.get(name, [])
    values = value if isinstance(value, list) else [value]
    return [v.strip() for v in values if isinstance(v, str) and v.strip()]
