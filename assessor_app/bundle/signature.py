"""The portal's signature of a bundle: Ed25519 over ``assessor-bundle-v1:<sha256 of manifest>``.

``manifest.json`` lists every artifact's size and SHA-256, so signing the manifest's hash signs
the whole bundle. The signature travels in the zip as ``manifest.sig``, the base64 text of the
64-byte signature (see ``docs/bundle-format.md``, section 1, and ``docs/sync-protocol.md``,
"Bundle signatures"). The reader only parses it (:attr:`VerifiedBundle.signature`);
:func:`verify_signature` checks it against the public key pinned when the workspace signed in.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import TYPE_CHECKING

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from assessor_app.bundle.names import MAX_SIGNATURE_BYTES, SIGNATURE_NAME
from assessor_app.errors import BundleSignatureError

if TYPE_CHECKING:
    from assessor_app.bundle.reader import VerifiedBundle

__all__ = [
    "SIGNATURE_BYTES",
    "SIGNING_CONTEXT",
    "decode_signature",
    "encode_signature",
    "signing_message",
    "verify_signature",
]

SIGNING_CONTEXT = "assessor-bundle-v1:"
SIGNATURE_BYTES = 64  # an Ed25519 signature
PUBLIC_KEY_BYTES = 32  # a raw Ed25519 public key
_SHA256_HEX = re.compile(r"[0-9a-f]{64}")

NOT_SIGNED = "The bundle carries no portal signature"
WRONG_KEY = "The bundle is not signed by the portal you signed in to"


def signing_message(manifest_sha256: str) -> bytes:
    """The bytes the portal signs: ``assessor-bundle-v1:<sha256 hex of manifest.json>``."""
    if not _SHA256_HEX.fullmatch(manifest_sha256):
        raise ValueError("manifest_sha256 must be 64 lowercase hex digits")
    return f"{SIGNING_CONTEXT}{manifest_sha256}".encode("ascii")


def encode_signature(signature: bytes) -> bytes:
    """The content of ``manifest.sig`` for a raw 64-byte signature."""
    if len(signature) != SIGNATURE_BYTES:
        raise ValueError(f"an Ed25519 signature has {SIGNATURE_BYTES} bytes, not {len(signature)}")
    return base64.b64encode(signature)


def decode_signature(data: bytes) -> bytes:
    """The raw signature from the bytes of ``manifest.sig`` (base64, surrounding ASCII
    whitespace allowed), or :class:`BundleSignatureError` naming what is wrong."""
    if len(data) > MAX_SIGNATURE_BYTES:
        raise BundleSignatureError(
            f"{SIGNATURE_NAME} is {len(data):,} bytes (limit {MAX_SIGNATURE_BYTES:,})"
        )
    try:
        raw = base64.b64decode(data.strip(b" \t\r\n"), validate=True)
    except (binascii.Error, ValueError):
        raise BundleSignatureError(f"{SIGNATURE_NAME} is not base64 text") from None
    if len(raw) != SIGNATURE_BYTES:
        raise BundleSignatureError(
            f"{SIGNATURE_NAME} holds {len(raw)} bytes, not a {SIGNATURE_BYTES}-byte signature"
        )
    return raw


def verify_signature(public_key_raw: bytes, bundle: VerifiedBundle) -> None:
    """Check ``bundle``'s signature with the portal's raw 32-byte Ed25519 public key.

    Raises :class:`BundleSignatureError` when the bundle has no signature or it was not made
    with this key (or the manifest changed since it was signed).
    """
    if bundle.signature is None:
        raise BundleSignatureError(NOT_SIGNED)
    if len(public_key_raw) != PUBLIC_KEY_BYTES:
        raise ValueError(f"an Ed25519 public key has {PUBLIC_KEY_BYTES} bytes")
    key = Ed25519PublicKey.from_public_bytes(public_key_raw)
    try:
        key.verify(bundle.signature, signing_message(bundle.manifest_sha256))
    except (InvalidSignature, ValueError):
        raise BundleSignatureError(WRONG_KEY) from None
