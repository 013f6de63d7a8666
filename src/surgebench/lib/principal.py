"""Who is making a request: resolved once per request by the auth middleware, read by guards."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

Role = Literal["admin", "program_manager", "recruiter", "client"]
ROLES: tuple[Role, ...] = get_args(Role)


def as_role(value: str) -> Role:
    """A role as stored (the users table's check constraint holds it to ``ROLES``), typed as one."""
    if value not in ROLES:
        raise ValueError(f"not a role: {value!r}")
    return value


@dataclass(frozen=True, slots=True)
class Principal:
    user_id: int
    email: str
    full_name: str
    role: Role
    client_id: int | None
    via: Literal["session", "token"]
    session_id: str | None = None
    csrf_token: str | None = None
    """The session's synchronizer token; every unsafe request made with the session cookie must carry it."""

    @property
    def label(self) -> str:
        return self.email
