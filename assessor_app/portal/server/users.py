"""People and their tokens: adding users (command line), signing in and out (HTTP)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select, update

from assessor_app.portal.server.db import Token, User, read_session, utc_now, write_session
from assessor_app.portal.server.errors import PortalError
from assessor_app.portal.server.passwords import hash_password, verify_password
from assessor_app.portal.server.portal import Portal
from assessor_app.portal.server.tokens import new_token, token_hash

USER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
MAX_DEVICE_CHARS = 200


class Role(StrEnum):
    ASSESSOR = "assessor"  # scores its own assignments
    LEAD = "lead"  # reconciles the two assessors' scores of the submissions it leads
    ADMIN = "admin"  # administers the portal from the command line; holds no assignments


@dataclass(frozen=True)
class Caller:
    """The signed-in person a request acts for."""

    user_id: int
    name: str
    role: Role


def add_user(portal: Portal, name: str, role: Role | str, password: str) -> None:
    """Add a user. Raises :class:`PortalError` for a bad name, role or password, or a name
    already taken."""
    if not USER_NAME.fullmatch(name):
        raise PortalError(
            f"{name!r} is not a usable user name (1-64 letters, digits, '.', '_', '@', '-', "
            "starting with a letter or digit)"
        )
    try:
        role = Role(role)
    except ValueError:
        raise PortalError(f"unknown role {role!r}: use assessor, lead or admin") from None
    try:
        hashed = hash_password(password, portal.config.passwords)
    except ValueError as exc:
        raise PortalError(str(exc)) from None
    with write_session(portal.engine) as session:
        if session.scalar(select(User.id).where(User.name == name)) is not None:
            raise PortalError(f"user {name!r} already exists")
        session.add(User(name=name, role=role.value, password_hash=hashed, created_at=utc_now()))


def find_user(portal: Portal, name: str) -> Caller | None:
    with read_session(portal.engine) as session:
        user = session.scalar(select(User).where(User.name == name))
        return None if user is None else Caller(user.id, user.name, Role(user.role))


def enabled_assessors(portal: Portal) -> list[str]:
    """The names of the enabled users of role assessor, sorted."""
    with read_session(portal.engine) as session:
        return list(
            session.scalars(
                select(User.name)
                .where(User.role == Role.ASSESSOR.value, User.disabled.is_(False))
                .order_by(User.name)
            )
        )


def _clean(text: str, limit: int) -> str:
    """Printable text only (no NUL, no lone surrogates), at most ``limit`` characters."""
    kept = "".join(ch for ch in text[:limit] if ch.isprintable() and not 0xD800 <= ord(ch) < 0xE000)
    return kept


def login(portal: Portal, name: str, password: str, device: str) -> tuple[str, Caller] | None:
    """A new token for ``name``/``password``, or None (the same for a wrong name and a wrong
    password). The password is checked outside any transaction: Argon2 takes a while."""
    stored: str | None = None
    caller: Caller | None = None
    if USER_NAME.fullmatch(name):
        with read_session(portal.engine) as session:
            user = session.scalar(select(User).where(User.name == name, User.disabled.is_(False)))
            if user is not None:
                stored = user.password_hash
                caller = Caller(user.id, user.name, Role(user.role))
    if not verify_password(stored, password, portal.config.passwords) or caller is None:
        return None
    token = new_token()
    with write_session(portal.engine) as session:
        session.add(
            Token(
                token_hash=token_hash(token),
                user_id=caller.user_id,
                device=_clean(device, MAX_DEVICE_CHARS),
                created_at=utc_now(),
            )
        )
    return token, caller


def caller_for_token(portal: Portal, token: str) -> Caller | None:
    with read_session(portal.engine) as session:
        row = session.execute(
            select(User.id, User.name, User.role)
            .join(Token, Token.user_id == User.id)
            .where(
                Token.token_hash == token_hash(token),
                Token.revoked_at.is_(None),
                User.disabled.is_(False),
            )
        ).first()
    return None if row is None else Caller(row.id, row.name, Role(row.role))


def logout(portal: Portal, token: str) -> None:
    with write_session(portal.engine) as session:
        session.execute(
            update(Token)
            .where(Token.token_hash == token_hash(token), Token.revoked_at.is_(None))
            .values(revoked_at=utc_now())
        )
