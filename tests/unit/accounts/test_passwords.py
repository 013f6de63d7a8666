"""Password hashing: argon2id with production parameters by default; hashes verify across profiles."""

from __future__ import annotations

from argon2 import PasswordHasher, Type

from surgebench.domain.accounts.password_service import hasher, verify_password
from surgebench.settings import AuthSettings


def test_production_profile_is_argon2id_with_64_mib_and_three_passes(monkeypatch) -> None:
    monkeypatch.delenv("SURGEBENCH_PASSWORD_HASHING", raising=False)
    parameters = hasher(AuthSettings().password_hashing)._parameters
    assert (parameters.type, parameters.memory_cost, parameters.time_cost) == (Type.ID, 65536, 3)


def test_wrong_password_and_missing_hash_do_not_verify() -> None:
    stored = hasher("CHEAPEST").hash("correct horse battery")
    assert verify_password(stored, "correct horse battery")
    assert not verify_password(stored, "correct horse batterz")
    assert not verify_password(None, "correct horse battery")
    assert not verify_password("not-a-hash", "correct horse battery")


def test_hashes_made_with_other_parameters_still_verify() -> None:
    stronger = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash("an older password")
    assert verify_password(stronger, "an older password")
