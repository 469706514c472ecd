"""manifest.sig: the reader accepts exactly one, at the top level, small and well formed, and
exposes it; verify_signature checks it against a portal's public key."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from support.bundle_cases import assert_rejected, good_entries, manifest_json, with_manifest
from support.rawzip import DIRECTORY, RawEntry, build_zip

from assessor_app.bundle.reader import extract_bundle, verify_bundle
from assessor_app.bundle.signature import signing_message, verify_signature
from assessor_app.errors import BundleSignatureError, HostileBundleError, IntegrityError

KEY = Ed25519PrivateKey.generate()
PUBLIC = KEY.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _manifest_raw(entries: list[RawEntry]) -> bytes:
    return next(e.data for e in entries if e.name == "manifest.json")


def _signed(
    entries: list[RawEntry], key: Ed25519PrivateKey = KEY, text: bytes | None = None
) -> bytes:
    digest = hashlib.sha256(_manifest_raw(entries)).hexdigest()
    sig = text if text is not None else base64.b64encode(key.sign(signing_message(digest)))
    first, *rest = entries
    return build_zip([first, RawEntry("manifest.sig", sig), *rest])


def _write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "bundle.zip"
    path.write_bytes(data)
    return path


def test_signing_message_is_the_documented_string() -> None:
    assert signing_message("ab" * 32) == b"assessor-bundle-v1:" + b"ab" * 32
    with pytest.raises(ValueError):
        signing_message("AB" * 32)


def test_a_signed_bundle_verifies_and_exposes_the_signature(tmp_path: Path) -> None:
    entries = good_entries()
    path = _write(tmp_path, _signed(entries))
    verified = verify_bundle(path)
    assert verified.manifest_sha256 == hashlib.sha256(_manifest_raw(entries)).hexdigest()
    assert verified.signature is not None and len(verified.signature) == 64
    verify_signature(PUBLIC, verified)
    extracted = extract_bundle(path, tmp_path / "out")
    assert extracted.signature == verified.signature
    assert not (tmp_path / "out" / "manifest.sig").exists()  # not part of the submission


def test_an_unsigned_bundle_has_no_signature(tmp_path: Path) -> None:
    verified = verify_bundle(_write(tmp_path, build_zip(good_entries())))
    assert verified.signature is None
    assert len(verified.manifest_sha256) == 64
    with pytest.raises(BundleSignatureError, match=r"^The bundle carries no portal signature$"):
        verify_signature(PUBLIC, verified)


def test_another_key_or_an_altered_manifest_fails(tmp_path: Path) -> None:
    other = verify_bundle(_write(tmp_path, _signed(good_entries(), Ed25519PrivateKey.generate())))
    with pytest.raises(
        BundleSignatureError, match=r"^The bundle is not signed by the portal you signed in to$"
    ):
        verify_signature(PUBLIC, other)
    # the signature of the original manifest beside an altered one
    entries = good_entries()
    digest = hashlib.sha256(_manifest_raw(entries)).hexdigest()
    sig = base64.b64encode(KEY.sign(signing_message(digest)))
    data = manifest_json()
    data["credential"]["title"] = "Altered title"
    altered = with_manifest(entries, data)
    first, *rest = altered
    path = _write(tmp_path, build_zip([first, RawEntry("manifest.sig", sig), *rest]))
    with pytest.raises(BundleSignatureError, match="not signed by the portal"):
        verify_signature(PUBLIC, verify_bundle(path))


@pytest.mark.parametrize(
    ("text", "match"),
    [
        (b"not base64 at all!", "not base64"),
        (base64.b64encode(b"x" * 63), "holds 63 bytes"),
        (base64.b64encode(b"x" * 64) + b"=" * 1100, "limit 1,024"),
        (b"", "holds 0 bytes"),
    ],
    ids=["not-base64", "short", "too-large", "empty"],
)
def test_malformed_signature_entries_reject_the_bundle(
    tmp_path: Path, text: bytes, match: str
) -> None:
    assert_rejected(tmp_path, _signed(good_entries(), text=text), BundleSignatureError, match=match)


def test_signature_whitespace_is_tolerated(tmp_path: Path) -> None:
    entries = good_entries()
    digest = hashlib.sha256(_manifest_raw(entries)).hexdigest()
    text = base64.b64encode(KEY.sign(signing_message(digest))) + b"\n"
    verify_signature(PUBLIC, verify_bundle(_write(tmp_path, _signed(entries, text=text))))


_SIG = base64.b64encode(b"x" * 64)


@pytest.mark.parametrize(
    ("extra", "error", "match"),
    [
        ([RawEntry("manifest.sig", _SIG), RawEntry("manifest.sig", _SIG)], HostileBundleError,
         "appears twice"),
        ([RawEntry("artifacts/manifest.sig", _SIG)], IntegrityError, "not in the manifest"),
        ([RawEntry("manifest.sig/", external_attr=DIRECTORY)], IntegrityError, "holds no listed"),
        ([RawEntry("Manifest.SIG", _SIG)], IntegrityError, "not in the manifest"),
    ],
    ids=["twice", "nested", "directory", "other-case"],
)  # fmt: skip
def test_only_one_top_level_manifest_sig_is_allowed(
    tmp_path: Path, extra: list[RawEntry], error: type[Exception], match: str
) -> None:
    assert_rejected(tmp_path, build_zip([*good_entries(), *extra]), error, match=match)


def test_manifest_sha256_is_of_the_raw_manifest_bytes(tmp_path: Path) -> None:
    entries = with_manifest(good_entries(), json.dumps(manifest_json(), indent=4).encode())
    verified = verify_bundle(_write(tmp_path, build_zip(entries)))
    assert verified.manifest_sha256 == hashlib.sha256(_manifest_raw(entries)).hexdigest()
