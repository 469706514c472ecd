"""The sign-in token, kept in the OS keyring and nowhere else.

Service ``assessor-workstation``, user ``<server URL>|<username>`` (``docs/sync-protocol.md``).
Only the token the portal hands out at login is stored, never the password. When no secure
keyring is available (no Secret Service / Keychain / Windows Credential Locker, or only a
plaintext "alternative" backend) sign-in stops with
:class:`~assessor_app.errors.KeyringUnavailableError`: there is no fallback to a file.
"""

from __future__ import annotations

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

from assessor_app.errors import KeyringUnavailableError

SERVICE = "assessor-workstation"

# Backends that keep nothing (fail, null) or keep it in a readable file (keyrings.alt).
_REFUSED_MODULES = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")

HOW_TO_FIX = (
    "start and unlock the desktop keyring (GNOME Keyring or KWallet on Linux), then sign in "
    "again; the token is never written to a plain file"
)


def account(server: str, username: str) -> str:
    """The keyring user name of a sign-in."""
    return f"{server}|{username}"


def _backends(backend: KeyringBackend) -> list[KeyringBackend]:
    """The members of a chain of backends (keyring's ChainerBackend), else the backend."""
    inner = getattr(backend, "backends", None)
    if isinstance(inner, list | tuple) and inner:
        return list(inner)
    return [backend]


def _name(backend: object) -> str:
    return f"{type(backend).__module__}.{type(backend).__qualname__}"


def secure_backend() -> KeyringBackend:
    """The OS keyring backend, or :class:`KeyringUnavailableError` when it is missing or
    would keep secrets in a plain file."""
    try:
        backend = keyring.get_keyring()
    except (keyring.errors.KeyringError, OSError) as error:
        raise KeyringUnavailableError(
            f"The OS keyring cannot be used ({error}); {HOW_TO_FIX}."
        ) from error
    members = _backends(backend)
    # A chain of backends writes to its first (highest priority) member: use that one alone,
    # so a token is never read from or written to a lower, plaintext member.
    first = members[0]
    if _name(first).startswith(_REFUSED_MODULES):
        found = ", ".join(_name(m) for m in members)
        raise KeyringUnavailableError(
            f"No secure OS keyring is available to keep the sign-in (found {found}); {HOW_TO_FIX}."
        )
    return first


def store_token(server: str, username: str, token: str) -> None:
    backend = secure_backend()
    try:
        backend.set_password(SERVICE, account(server, username), token)
    except (keyring.errors.KeyringError, OSError) as error:
        raise KeyringUnavailableError(
            f"The sign-in could not be saved in the OS keyring ({error or type(error).__name__}); "
            f"{HOW_TO_FIX}."
        ) from error


def load_token(server: str, username: str) -> str | None:
    """The stored token, or None when there is none."""
    backend = secure_backend()
    try:
        token = backend.get_password(SERVICE, account(server, username))
    except (keyring.errors.KeyringError, OSError) as error:
        raise KeyringUnavailableError(
            f"The OS keyring could not be read ({error or type(error).__name__}); {HOW_TO_FIX}."
        ) from error
    return token if token else None


def delete_token(server: str, username: str) -> bool:
    """Forget the token; False when there was none."""
    backend = secure_backend()
    try:
        backend.delete_password(SERVICE, account(server, username))
    except keyring.errors.PasswordDeleteError:
        return False
    except (keyring.errors.KeyringError, OSError) as error:
        raise KeyringUnavailableError(
            f"The OS keyring could not be changed ({error or type(error).__name__}); {HOW_TO_FIX}."
        ) from error
    return True
