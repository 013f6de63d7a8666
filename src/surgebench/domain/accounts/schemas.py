"""JSON shapes of the accounts API. Request bodies refuse unknown fields, so a typo is an error."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal, TypeVar

import msgspec

from surgebench.db.orm import ApiToken, User
from surgebench.domain.accounts.service import UNCHANGED, AccountChanges, _Unchanged
from surgebench.lib.openapi import documented
from surgebench.lib.principal import as_role
from surgebench.lib.text import NO_CONTROL_CHARACTERS

RoleName = Literal["admin", "program_manager", "recruiter", "client"]


_EMAIL_PART = "[^@\\s\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029]+"
EMAIL_TEXT = f"^\\s*{_EMAIL_PART}@{_EMAIL_PART}\\.{_EMAIL_PART}\\s*$"
"""``accounts.service.EMAIL_RE`` on the text as sent (surrounding spaces are dropped before it is read), with
no control character (``lib.text.CONTROL_CHARACTERS``, refused too)."""
Email = Annotated[str, documented(min_length=3, max_length=254, pattern=EMAIL_TEXT)]
Name = Annotated[str, documented(min_length=1, max_length=200, pattern=NO_CONTROL_CHARACTERS)]
Password = Annotated[str, documented(min_length=10, max_length=1024)]
TokenName = Annotated[str, documented(min_length=1, max_length=100, pattern=NO_CONTROL_CHARACTERS)]


class UserOut(msgspec.Struct):
    id: int
    email: str
    full_name: str
    role: RoleName
    client: str | None
    """Slug of the client organisation (client accounts only)."""
    is_active: bool
    created_at: datetime

    @classmethod
    def of(cls, user: User) -> UserOut:
        return cls(
            user.id,
            user.email,
            user.full_name,
            as_role(user.role),
            user.client.slug if user.client else None,
            user.is_active,
            user.created_at,
        )


class UserCreate(msgspec.Struct, forbid_unknown_fields=True):
    email: Email
    full_name: Name
    role: RoleName
    password: Password
    """Initial password (at least 10 characters); never stored or logged in clear."""
    client: str | None = None
    """Client organisation slug; required exactly when ``role`` is ``client``."""


class UserPatch(msgspec.Struct, forbid_unknown_fields=True):
    """Only the fields present change. ``client: null`` detaches a (non-client) account."""

    full_name: Name | msgspec.UnsetType = msgspec.UNSET
    role: RoleName | msgspec.UnsetType = msgspec.UNSET
    is_active: bool | msgspec.UnsetType = msgspec.UNSET
    client: str | None | msgspec.UnsetType = msgspec.UNSET


class TokenCreate(msgspec.Struct, forbid_unknown_fields=True):
    name: TokenName
    """What the token is for, e.g. ``nightly import``."""


class TokenOut(msgspec.Struct):
    """A token's description; the token itself is never shown again after it is created."""

    id: int
    user_id: int
    name: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    @classmethod
    def of(cls, row: ApiToken) -> TokenOut:
        return cls(row.id, row.user_id, row.name, row.created_at, row.last_used_at, row.revoked_at)


class NewTokenOut(msgspec.Struct):
    id: int
    user_id: int
    name: str
    token: str
    """The bearer token. Shown this once only: store it now."""


def changes_from(patch: UserPatch) -> AccountChanges:
    return AccountChanges(
        role=_keep(patch.role),
        full_name=_keep(patch.full_name),
        is_active=_keep(patch.is_active),
        client=_keep(patch.client),
    )


T = TypeVar("T")


def _keep(value: T | msgspec.UnsetType) -> T | _Unchanged:
    """A field the patch leaves out is unchanged."""
    return UNCHANGED if isinstance(value, msgspec.UnsetType) else value
