"""The real Secret Service keyring for tests (gnome-keyring in a dbus session, as CI runs it).

:func:`require_secret_service` skips the test with the reason when none is reachable; on CI
(``CI=true``), where ``.ci/run`` starts one, a missing Secret Service fails the test instead.
"""

from __future__ import annotations

import os
import uuid

import keyring
import pytest
from keyring.backend import KeyringBackend

HOW = (
    "no Secret Service reachable: run the tests inside `dbus-run-session -- sh -c 'printf pw | "
    "gnome-keyring-daemon --unlock --components=secrets >/dev/null; uv run pytest ...'`"
)


def require_secret_service() -> KeyringBackend:
    reason = None
    chosen = keyring.get_keyring()
    members = getattr(chosen, "backends", None) or [chosen]
    backend = members[0]
    name = f"{type(backend).__module__}.{type(backend).__qualname__}"
    if not name.startswith("keyring.backends.SecretService"):
        reason = f"{HOW} (the keyring backend is {name})"
    else:
        probe = f"probe-{uuid.uuid4()}"
        try:
            backend.set_password("assessor-workstation-test", probe, "x")
            backend.delete_password("assessor-workstation-test", probe)
        except keyring.errors.KeyringError as error:
            reason = f"{HOW} ({error})"
    if reason is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must provide a Secret Service keyring: {reason}")
        pytest.skip(reason)
    return backend
