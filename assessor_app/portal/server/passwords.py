"""Passwords are kept only as Argon2id hashes (argon2-cffi)."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from assessor_app.portal.server.config import PasswordPolicy

MAX_PASSWORD_CHARS = 1024


@cache
def _hasher(policy: PasswordPolicy) -> PasswordHasher:
    return PasswordHasher(
        time_cost=policy.time_cost,
        memory_cost=policy.memory_cost_kib,
        parallelism=policy.parallelism,
        type=Type.ID,
    )


@cache
def _dummy_hash(policy: PasswordPolicy) -> str:
    return _hasher(policy).hash("no such user: this hash keeps the answer time the same")


def hash_password(password: str, policy: PasswordPolicy) -> str:
    if not password:
        raise ValueError("the password is empty")
    if len(password) > MAX_PASSWORD_CHARS:
        raise ValueError(f"the password is longer than {MAX_PASSWORD_CHARS} characters")
    return _hasher(policy).hash(password)


def verify_password(stored_hash: str | None, password: str, policy: PasswordPolicy) -> bool:
    """True when ``password`` matches. ``stored_hash`` None (no such user) still costs one
    verification, so a wrong name and a wrong password take the same time."""
    if len(password) > MAX_PASSWORD_CHARS:
        return False
    try:
        password.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: it cannot be anyone's password
        password = ""
    target = stored_hash if stored_hash is not None else _dummy_hash(policy)
    try:
        ok = _hasher(policy).verify(target, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
    return ok and stored_hash is not None and password != ""
