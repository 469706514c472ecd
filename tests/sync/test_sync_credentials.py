"""The sign-in token lives in the OS keyring only: a real Secret Service round trip, and a
clear refusal when only an insecure or no backend is there."""

from __future__ import annotations

import uuid

import keyring
import keyring.backends.fail
import keyring.backends.null
import pytest
from support.secret_service import require_secret_service

from assessor_app.errors import KeyringUnavailableError
from assessor_app.sync import credentials


def test_a_token_round_trips_through_the_real_secret_service() -> None:
    backend = require_secret_service()
    server = f"http://127.0.0.1:9/{uuid.uuid4().hex}"
    assert credentials.load_token(server, "assessor1") is None
    credentials.store_token(server, "assessor1", "tok-secret-1")
    try:
        assert credentials.load_token(server, "assessor1") == "tok-secret-1"
        # Under the documented service and user names, where other tools can find it.
        stored = backend.get_password("assessor-workstation", f"{server}|assessor1")
        assert stored == "tok-secret-1"
        assert credentials.load_token(server, "assessor2") is None
        credentials.store_token(server, "assessor1", "tok-secret-2")  # a new sign-in replaces
        assert credentials.load_token(server, "assessor1") == "tok-secret-2"
    finally:
        assert credentials.delete_token(server, "assessor1") is True
    assert credentials.load_token(server, "assessor1") is None
    assert credentials.delete_token(server, "assessor1") is False


@pytest.mark.parametrize(
    "backend", [keyring.backends.fail.Keyring(), keyring.backends.null.Keyring()]
)
def test_no_keyring_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, backend: object) -> None:
    monkeypatch.setattr(keyring, "get_keyring", lambda: backend)
    for call in (
        lambda: credentials.store_token("http://x", "u", "t"),
        lambda: credentials.load_token("http://x", "u"),
    ):
        with pytest.raises(KeyringUnavailableError, match="never written to a plain file"):
            call()


# Plain classes, not KeyringBackend subclasses: keyring registers every subclass as a
# candidate backend for the whole process.
class PlaintextKeyring:
    """Stands in for keyrings.alt's file backend (which keeps secrets readable on disk)."""

    def set_password(self, service: str, username: str, password: str) -> None:
        raise AssertionError("must never be used")

    def get_password(self, service: str, username: str) -> str | None:
        raise AssertionError("must never be used")

    def delete_password(self, service: str, username: str) -> None:
        raise AssertionError("must never be used")


PlaintextKeyring.__module__ = "keyrings.alt.file"


def test_a_plaintext_backend_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keyring, "get_keyring", lambda: PlaintextKeyring())
    with pytest.raises(KeyringUnavailableError, match=r"keyrings\.alt\.file"):
        credentials.store_token("http://x", "u", "t")


class MemoryKeyring:
    def __init__(self) -> None:
        self.items: dict[tuple[str, str], str] = {}

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def delete_password(self, service: str, username: str) -> None:
        del self.items[(service, username)]


def test_in_a_chain_only_the_first_secure_backend_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    secure = MemoryKeyring()
    chain = Chain([secure, PlaintextKeyring()])
    monkeypatch.setattr(keyring, "get_keyring", lambda: chain)
    credentials.store_token("http://x", "u", "t")
    assert secure.items == {("assessor-workstation", "http://x|u"): "t"}
    chain.backends.reverse()
    with pytest.raises(KeyringUnavailableError):
        credentials.store_token("http://x", "u", "t")


class Chain:
    """Like keyring's ChainerBackend: members in priority order."""

    def __init__(self, backends: list[object]) -> None:
        self.backends = backends
