"""Write a submission bundle: one zip with manifest.json first, then the artifacts it lists.

Used by the portal and the demo. The writer computes each artifact's size and SHA-256 itself
(callers cannot get them wrong), writes deterministically (fixed timestamps, sorted entries)
so the same submission always gives the same bytes, and replaces the target atomically.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import IO

from assessor_app.atomic_files import put_in_place
from assessor_app.bundle.manifest import MANIFEST_NAME, check_semantics, manifest_to_json
from assessor_app.bundle.names import collision_key
from assessor_app.bundle.schema import validate_manifest_json
from assessor_app.domain.model import Artifact, Manifest

# Media formats that are already compressed gain nothing from deflate.
_STORED_PREFIXES = ("video/", "audio/", "image/jpeg", "image/png", "image/webp")
_FIXED_TIME = (2020, 1, 1, 0, 0, 0)
_CHUNK = 1 << 20


def _sha256_and_size(source: Path | bytes) -> tuple[str, int]:
    digest = hashlib.sha256()
    if isinstance(source, bytes):
        digest.update(source)
        return digest.hexdigest(), len(source)
    size = 0
    with source.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def finalize_manifest(manifest: Manifest, files: Mapping[str, Path | bytes]) -> Manifest:
    """Fill every artifact's size and SHA-256 from the file that will be written."""
    missing = [a.path for a in manifest.artifacts if a.path not in files]
    if missing:
        raise ValueError(f"no file given for artifact path {missing[0]!r}")
    extra = set(files) - {a.path for a in manifest.artifacts}
    if extra:
        raise ValueError(f"file {sorted(extra)[0]!r} is not an artifact of the manifest")
    artifacts = []
    for artifact in manifest.artifacts:
        sha, size = _sha256_and_size(files[artifact.path])
        artifacts.append(dataclasses.replace(artifact, sha256=sha, size=size))
    final = dataclasses.replace(manifest, artifacts=tuple(artifacts))
    check_semantics(final)
    # Never write a bundle the reader would refuse: same schema, same name rules.
    validate_manifest_json(manifest_to_json(final))
    keys: dict[str, str] = {}
    for artifact in final.artifacts:
        other = keys.setdefault(collision_key(artifact.path), artifact.path)
        if other != artifact.path:
            raise ValueError(f"artifact paths {other!r} and {artifact.path!r} differ only in case")
    return final


def _copy_checked(source: Path, dst: IO[bytes], artifact: Artifact) -> None:
    """Copy ``source`` while hashing it: a file that changed since it was hashed fails."""
    digest = hashlib.sha256()
    size = 0
    with source.open("rb") as src:
        while chunk := src.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
            dst.write(chunk)
    if size != artifact.size or digest.hexdigest() != artifact.sha256:
        raise ValueError(f"{str(source)!r} changed while the bundle was being written")


def write_bundle(out: Path, manifest: Manifest, files: Mapping[str, Path | bytes]) -> Manifest:
    """Write ``out`` (atomically) and return the manifest as written, sizes and hashes filled.

    ``files`` maps each artifact's bundle path to a file on disk or its bytes.
    """
    final = finalize_manifest(manifest, files)
    manifest_bytes = json.dumps(manifest_to_json(final), ensure_ascii=False, indent=2).encode()
    out.parent.mkdir(parents=True, exist_ok=True)
    # A fixed temporary name made by zipfile, not a private 0600 one: the bundle keeps the
    # permissions the umask gives a new file.
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        with zipfile.ZipFile(tmp, "w") as zf:
            info = zipfile.ZipInfo(MANIFEST_NAME, _FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, manifest_bytes)
            for artifact in sorted(final.artifacts, key=lambda a: a.path):
                info = zipfile.ZipInfo(artifact.path, _FIXED_TIME)
                stored = artifact.media_type.startswith(_STORED_PREFIXES)
                info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                source = files[artifact.path]
                if isinstance(source, bytes):
                    zf.writestr(info, source)
                else:
                    # A known size lets zipfile switch to ZIP64 for files over 2 GiB.
                    info.file_size = artifact.size
                    with zf.open(info, "w") as dst:
                        _copy_checked(source, dst, artifact)
        put_in_place(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return final
