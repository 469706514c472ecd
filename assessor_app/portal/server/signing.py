"""The portal's Ed25519 signing key: made on first start in ``<data>/signing_key.pem``
(PKCS#8 PEM, mode 0600), then the same key for the life of the data folder. Clients pin its
public key at their first sign-in, so losing it means every client must be re-paired.

A bundle's signature is over ``assessor-bundle-v1:<sha256 hex of manifest.json>``
(:func:`assessor_app.bundle.signature.signing_message`).
"""

from __future__ import annotations

import base64
import contextlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from assessor_app.atomic_files import fsync_directory, fsync_file, temporary_file_in
from assessor_app.bundle.signature import signing_message
from assessor_app.portal.server.errors import PortalError


@dataclass(frozen=True)
class SigningKey:
    private_key: Ed25519PrivateKey

    @property
    def public_key_raw(self) -> bytes:
        """The raw 32-byte public key (what the login answer carries, base64)."""
        return self.private_key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )

    @property
    def public_key_b64(self) -> str:
        return base64.b64encode(self.public_key_raw).decode("ascii")

    def sign_manifest(self, manifest_sha256: str) -> bytes:
        """The 64-byte signature of a bundle whose manifest.json has this SHA-256."""
        return self.private_key.sign(signing_message(manifest_sha256))

    def verify_manifest(self, manifest_sha256: str, signature: bytes) -> bool:
        try:
            self.private_key.public_key().verify(signature, signing_message(manifest_sha256))
        except InvalidSignature:
            return False
        return True


def _create(path: Path) -> None:
    """Write a new key next to ``path`` and link it into place: never a half-written key, and
    of two portals starting at once exactly one key wins (a link, unlike a rename, never
    replaces a key that is already there)."""
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    with temporary_file_in(path.parent, prefix=".signing_key-", suffix="") as tmp:  # mode 0600
        tmp.write_bytes(pem)
        fsync_file(tmp)
        with contextlib.suppress(FileExistsError):
            os.link(tmp, path)
    fsync_directory(path.parent)


def load_or_create_signing_key(path: Path) -> SigningKey:
    """The key at ``path``, created first when there is none."""
    try:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            _create(path)
        mode = path.stat().st_mode
        if os.name != "nt" and mode & 0o077:
            path.chmod(stat.S_IRUSR | stat.S_IWUSR)
        data = path.read_bytes()
    except OSError as exc:
        raise PortalError(
            f"cannot read or create the signing key {path}: {exc.strerror or exc}"
        ) from exc
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise PortalError(f"{path} is not a readable private key") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise PortalError(f"{path} is not an Ed25519 private key")
    return SigningKey(key)
