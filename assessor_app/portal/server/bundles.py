"""Importing bundles: strip metadata, verify, sign, store under ``<data>/bundles/<sha256>.zip``.

Before anything is signed, identifying document metadata (PDF author, EXIF, XMP, ...) is
removed from every artifact and the manifest's sizes and hashes are recomputed
(:mod:`assessor_app.bundle.anonymize`); the import result reports what was removed.

The portal publishes each bundle signed: the zip is rewritten with ``manifest.json`` byte for
byte as it came, then ``manifest.sig`` (base64 of the Ed25519 signature of
``assessor-bundle-v1:<sha256 of manifest.json>``), then every artifact, with fixed timestamps,
so the same bundle always gives the same signed bytes. The signed zip is verified again with
the workstation's own reader and signature check before it is stored: the portal cannot
publish a bundle the workstation would refuse. Its SHA-256 is the download's ETag and the
``bundle.sha256`` of the change feed.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError as DbIntegrityError

from assessor_app.atomic_files import put_in_place, temporary_file_in
from assessor_app.bundle.anonymize import ArtifactStripped, strip_bundle
from assessor_app.bundle.manifest import MANIFEST_NAME
from assessor_app.bundle.names import SIGNATURE_NAME
from assessor_app.bundle.reader import VerifiedBundle, verify_bundle
from assessor_app.bundle.signature import encode_signature, verify_signature
from assessor_app.errors import BundleError
from assessor_app.portal.server import audit
from assessor_app.portal.server.db import Submission, read_session, utc_now, write_session
from assessor_app.portal.server.errors import PortalError
from assessor_app.portal.server.portal import Portal
from assessor_app.portal.server.signing import SigningKey
from assessor_app.portal.server.versions import lock_counter

_FIXED_TIME = (2020, 1, 1, 0, 0, 0)
_CHUNK = 1 << 20


@dataclass(frozen=True)
class ImportedBundle:
    submission_id: str
    bundle_sha256: str
    size: int
    created: bool  # False: the same bundle was already on the portal
    # What metadata stripping did to each artifact before the bundle was signed.
    stripped: tuple[ArtifactStripped, ...] = ()


def import_bundle(portal: Portal, source: Path, *, actor: str = "command-line") -> ImportedBundle:
    """Strip identifying document metadata from every artifact of ``source``
    (:func:`assessor_app.bundle.anonymize.strip_bundle`: the manifest's sizes and hashes are
    recomputed), then verify, sign, store and record the clean bundle as
    :func:`_import_clean` does. The result's ``stripped`` says what was removed per artifact.
    """
    bundle_dir = portal.config.bundle_dir
    bundle_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".strip-", dir=bundle_dir) as work:
        clean = strip_bundle(source, Path(work))
        done = _import_clean(portal, clean.path, actor=actor)
    return dataclasses.replace(done, stripped=clean.artifacts)


def write_signed_bundle(source: Path, out: Path, key: SigningKey, verified: VerifiedBundle) -> None:
    """Copy the verified bundle ``source`` to ``out`` with the portal's ``manifest.sig``."""
    signature = encode_signature(key.sign_manifest(verified.manifest_sha256))
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(out, "w") as dst:
        infos = {info.orig_filename: info for info in src.infolist()}
        manifest = zipfile.ZipInfo(MANIFEST_NAME, _FIXED_TIME)
        manifest.compress_type = zipfile.ZIP_DEFLATED
        manifest.external_attr = 0o644 << 16
        dst.writestr(manifest, src.read(infos[MANIFEST_NAME]))
        sig = zipfile.ZipInfo(SIGNATURE_NAME, _FIXED_TIME)
        sig.compress_type = zipfile.ZIP_STORED
        sig.external_attr = 0o644 << 16
        dst.writestr(sig, signature)
        for artifact in sorted(verified.manifest.artifacts, key=lambda a: a.path):
            info = infos[artifact.path]
            entry = zipfile.ZipInfo(artifact.path, _FIXED_TIME)
            entry.compress_type = info.compress_type
            entry.external_attr = 0o644 << 16
            entry.file_size = info.file_size  # lets zipfile switch to ZIP64 when needed
            with src.open(info) as reader, dst.open(entry, "w") as writer:
                shutil.copyfileobj(reader, writer, _CHUNK)


def _import_clean(portal: Portal, source: Path, *, actor: str = "command-line") -> ImportedBundle:
    """Verify ``source``, sign it, store it and record its submission (with its audit event,
    by ``actor``). Importing the same bundle again (signed or not) changes nothing; another
    bundle for a submission id that is already on the portal is refused. Raises
    :class:`PortalError` (or a BundleError)."""
    verified = verify_bundle(source)
    sid = verified.manifest.submission_id
    existing = _existing(portal, sid)
    if existing is not None:
        if existing.manifest_sha256 != verified.manifest_sha256:
            raise PortalError(
                f"submission {sid} is already on the portal with different content; "
                "it cannot be replaced"
            )
        if portal.bundle_path(existing.bundle_sha256).is_file():
            return ImportedBundle(sid, existing.bundle_sha256, existing.bundle_size, False)

    bundle_dir = portal.config.bundle_dir
    bundle_dir.mkdir(parents=True, exist_ok=True)
    with temporary_file_in(bundle_dir, prefix=".import-", suffix=".zip") as tmp:
        write_signed_bundle(source, tmp, portal.signing_key, verified)
        try:
            signed = verify_bundle(tmp)
            verify_signature(portal.signing_key.public_key_raw, signed)
        except BundleError as exc:  # a bug here, not in the bundle
            raise PortalError(f"the signed copy of {sid} does not verify: {exc}") from exc
        final = portal.bundle_path(signed.bundle_sha256)
        put_in_place(tmp, final)
    size = final.stat().st_size
    if existing is not None:  # the row is there but its file was lost: put it back
        if signed.bundle_sha256 != existing.bundle_sha256:
            final.unlink(missing_ok=True)
            raise PortalError(
                f"the stored bundle of {sid} is missing and its signed copy now differs "
                "(was the signing key replaced?)"
            )
        return ImportedBundle(sid, signed.bundle_sha256, size, False)
    manifest_json = _manifest_text(final)
    credential = signed.manifest.credential
    try:
        with write_session(portal.engine) as session:
            lock_counter(session)  # orders the audit trail with every other writer
            session.add(
                Submission(
                    id=sid,
                    bundle_sha256=signed.bundle_sha256,
                    bundle_size=size,
                    manifest_sha256=signed.manifest_sha256,
                    manifest_json=manifest_json,
                    credential_id=credential.id,
                    credential_title=credential.title,
                    credential_version=credential.version,
                    due=signed.manifest.due,
                    imported_at=utc_now(),
                )
            )
            session.flush()
            audit.record(
                session,
                actor=actor,
                action="import",
                submission_id=sid,
                detail={
                    "bundle_sha256": signed.bundle_sha256,
                    "size": size,
                    "credential": credential.id,
                    "credential_version": credential.version,
                },
            )
    except DbIntegrityError:  # imported at the same moment by someone else
        again = _existing(portal, sid)
        if again is None or again.manifest_sha256 != signed.manifest_sha256:
            raise PortalError(
                f"submission {sid} was imported meanwhile with different content"
            ) from None
        return ImportedBundle(sid, again.bundle_sha256, again.bundle_size, False)
    return ImportedBundle(sid, signed.bundle_sha256, size, True)


def _existing(portal: Portal, submission_id: str) -> Submission | None:
    with read_session(portal.engine) as session:
        return session.scalar(select(Submission).where(Submission.id == submission_id))


def _manifest_text(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        return zf.read(MANIFEST_NAME).decode("utf-8")
