"""Password hashing with argon2id; parameters from ``AuthSettings.password_hashing`` (by default
argon2-cffi's RFC 9106 low-memory profile: 64 MiB, 3 passes). A hash carries its own parameters, so
changing the profile never breaks existing passwords."""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher, Type, profiles
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from surgebench.settings import get_settings

MIN_PASSWORD_LENGTH = 10


def _profile() -> str:
    return get_settings().auth.password_hashing


@lru_cache(maxsize=4)
def hasher(profile: str) -> PasswordHasher:
    parameters = getattr(profiles, profile)
    if parameters.type is not Type.ID:
        raise ValueError(f"password hashing profile {profile!r} is not argon2id")
    return PasswordHasher.from_parameters(parameters)


@lru_cache(maxsize=4)
def _dummy_hash(profile: str) -> str:
    """Verified against when the account does not exist, so a wrong e-mail costs as long as a wrong
    password."""
    return hasher(profile).hash("surgebench-no-such-account")


def hash_password(password: str) -> str:
    return hasher(_profile()).hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        candidate = password_hash or _dummy_hash(_profile())
        return hasher(_profile()).verify(candidate, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
