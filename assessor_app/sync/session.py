"""Signing in to a portal and opening a signed-in client: the steps the CLI and the desktop
app share (``docs/sync-protocol.md``, "Authentication").

:func:`sign_in` checks that a secure OS keyring exists before the password leaves the machine,
logs in, refuses a portal that does not match what the workspace is pinned to (signing out
again so no unused token stays alive), keeps the token in the keyring, pins the portal, and
forgets the token of a previous server address. The password is used for the one request
and never stored.

:func:`open_client` is the start of every sync: the pinned portal and its token from the
keyring, as a :class:`~assessor_app.sync.client.PortalClient`.

Qt-free, blocking: the desktop app calls both on a worker thread.
"""

from __future__ import annotations

import logging
import platform
import threading
from collections.abc import Callable
from dataclasses import dataclass

from assessor_app.errors import (
    AssessorError,
    ClockSkewError,
    NotSignedInError,
    PortalCertificateError,
)
from assessor_app.storage.sync_store import SyncState
from assessor_app.sync import credentials
from assessor_app.sync.client import (
    PortalClient,
    RetryPolicy,
    normalize_server,
    server_clock_offset,
)
from assessor_app.workspace import Workspace

log = logging.getLogger(__name__)

DEFAULT_SIGN_IN_HINT = "sign in to the portal again"
MAX_CLOCK_SKEW_S = 5 * 60


def clock_skew_message(offset: float) -> str:
    """``offset`` (the portal's clock minus this computer's, in seconds) in words."""
    minutes = round(abs(offset) / 60)
    span = f"{minutes} minutes" if minutes < 120 else f"{abs(offset) / 3600:.1f} hours"
    side = "behind" if offset > 0 else "ahead of"
    return (
        f"This computer's clock is {span} {side} the portal's. Set the date, time and time "
        "zone right (automatic time is best)"
    )


@dataclass(frozen=True)
class SignedIn:
    """The outcome of a sign-in: who, where, and the identity now pinned."""

    server: str
    username: str
    role: str
    state: SyncState


def device_name() -> str:
    """The name the portal shows for this computer's sign-in."""
    return (platform.node() or "workstation")[:100]


def sign_in(
    workspace: Workspace,
    server: str,
    username: str,
    password: str,
    *,
    device: str | None = None,
    retry: RetryPolicy | None = None,
    warn: Callable[[str], None] | None = None,
) -> SignedIn:
    """Sign ``workspace`` in to the portal at ``server`` as ``username``.

    Raises the app's errors with messages a person can act on: ``PortalRequestError`` (not a
    portal address), ``KeyringUnavailableError``, ``InvalidCredentialsError``,
    ``PortalUnreachableError``, ``PortalIdentityError`` (another portal, user or signing key
    than the pinned one), ``PortalCertificateError``, and ``ClockSkewError`` when the
    certificate check failed and this computer's clock is more than five minutes off the
    portal's. ``warn`` hears about problems that do not stop the sign-in (a clock that is off
    by more than five minutes, a failed sign-out).
    """
    server = normalize_server(server)
    credentials.secure_backend()  # no keyring: stop before the password leaves the machine
    with PortalClient(server, retry=retry) as client:
        try:
            result = client.login(username, password, device=device or device_name())
        except PortalCertificateError as exc:
            offset = server_clock_offset(server)
            if offset is not None and abs(offset) > MAX_CLOCK_SKEW_S:
                raise ClockSkewError(
                    f"{clock_skew_message(offset)}, then sign in again: with a wrong clock the "
                    f"portal's certificate cannot be checked. {exc}"
                ) from exc
            raise
        if client.clock_offset is not None and abs(client.clock_offset) > MAX_CLOCK_SKEW_S:
            message = f"{clock_skew_message(client.clock_offset)}; times shown may be off."
            log.warning(message)
            if warn is not None:
                warn(message)
        try:
            workspace.check_sync_identity(
                server, result.username, result.portal_id, result.signing_key
            )
        except AssessorError:
            try:
                client.logout()  # do not leave an unused token alive on the portal
            except AssessorError as exc:
                message = f"could not sign out again: {exc}"
                log.warning(message)
                if warn is not None:
                    warn(message)
            raise
        previous = workspace.sync_state()
        credentials.store_token(server, result.username, result.token)
        state = workspace.set_sync_identity(
            server, result.username, result.portal_id, result.signing_key, result.epoch
        )
        if previous is not None and previous.server_url != server:
            credentials.delete_token(previous.server_url, previous.username)
    return SignedIn(server=server, username=result.username, role=result.role, state=state)


def open_client(
    workspace: Workspace,
    *,
    cancel: threading.Event | None = None,
    retry: RetryPolicy | None = None,
    sign_in_hint: str = DEFAULT_SIGN_IN_HINT,
) -> PortalClient:
    """A client of the portal ``workspace`` is pinned to, with the token from the keyring.

    Raises :class:`NotSignedInError` (ending in ``sign_in_hint``) when the workspace never
    signed in or the keyring holds no token for it, and ``KeyringUnavailableError``.
    """
    state = workspace.sync_state()
    if state is None:
        raise NotSignedInError(f"This workspace is not signed in to a portal; {sign_in_hint}.")
    token = credentials.load_token(state.server_url, state.username)
    if token is None:
        raise NotSignedInError(
            f"No sign-in for {state.username} on {state.server_url} in the OS keyring; "
            f"{sign_in_hint}."
        )
    return PortalClient(state.server_url, token, cancel=cancel, retry=retry)
