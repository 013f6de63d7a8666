"""Rules every free-text value follows, whatever field it is in and whichever engine stores it."""

from __future__ import annotations

import re

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
"""C0 and C1 controls (NUL, CR, LF, TAB, ESC, …), DEL, and the Unicode line and paragraph separators.
PostgreSQL refuses NUL in text and SQLite stores it, so the same input got different answers; CR, LF
and ESC in a name break CSV exports, logs and terminals. No name, e-mail or label needs any of them."""


NO_CONTROL_CHARACTERS = "^[^\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029]*$"
"""``CONTROL_CHARACTERS`` refused, as a JSON Schema pattern (stated on every text field of the API)."""


def control_character_problem(value: str) -> str | None:
    """A plain message naming the first control character and where it is, or ``None``."""
    found = CONTROL_CHARACTERS.search(value)
    if found is None:
        return None
    code = f"U+{ord(found.group()):04X}"
    return f"must not contain control characters ({code} at character {found.start() + 1})"


def display_name(full_name: str) -> str:
    """What a client is shown of a person's name: the first name and the initial of the family name,
    ``"Asha Verma"`` → ``"Asha V."``; a single name stays as it is."""
    parts = full_name.split()
    if not parts:
        return ""
    return parts[0] if len(parts) == 1 else f"{parts[0]} {parts[-1][0]}."


def possessive(name: str) -> str:
    """``Meridian AI`` → ``Meridian AI's``; a name ending in s takes the apostrophe alone
    (``Aurora Labs'``)."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"
