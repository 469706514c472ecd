"""Bundles signed like the portal signs them (``manifest.sig`` beside ``manifest.json``), made
with the public pieces only: :func:`assessor_app.bundle.signature.signing_message` and an
Ed25519 key from ``cryptography``."""

from __future__ import annotations

import base64
import hashlib
import shutil
import zipfile
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from assessor_app.bundle.signature import encode_signature, signing_message


def new_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def public_b64(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def signed_copy(source: Path, out: Path, key: Ed25519PrivateKey) -> Path:
    """``source`` with a ``manifest.sig`` made by ``key`` added."""
    shutil.copyfile(source, out)
    with zipfile.ZipFile(out) as zf:
        manifest_sha = hashlib.sha256(zf.read("manifest.json")).hexdigest()
    signature = encode_signature(key.sign(signing_message(manifest_sha)))
    with zipfile.ZipFile(out, "a") as zf:
        info = zipfile.ZipInfo("manifest.sig", (2026, 1, 1, 0, 0, 0))
        info.external_attr = 0o644 << 16
        zf.writestr(info, signature)
    return out
