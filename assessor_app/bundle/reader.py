"""Read a submission bundle without trusting it.

:func:`verify_bundle` checks everything and writes nothing; :func:`extract_bundle` does the same
checks and streams the files into a fresh staging directory beside ``dest``, then renames it
into place. The order of work:

1. The end-of-central-directory record is read by hand, so an oversized central directory or
   entry count is refused before :mod:`zipfile` builds objects for it.
2. Every entry's central-directory record is checked (name, type, flags, method, sizes, ratio)
   and its local header is read: the name must agree, and no two entries' data may overlap each
   other or the central directory.
3. manifest.json is read with a size cap, parsed strictly and validated (schema, then meaning).
4. The entry list must equal the manifest's artifact list, sizes included; the one other entry
   allowed is the portal's signature ``manifest.sig`` at the top level (read, with a cap of
   1 KiB, into :attr:`VerifiedBundle.signature`; checking it is
   :func:`assessor_app.bundle.signature.verify_signature`'s job).
5. Each artifact streams through SHA-256 (and, when extracting, into its file), read with a cap
   of its declared size + 1; short, long or altered data rejects the bundle.

Any failure raises a :class:`~assessor_app.errors.BundleError` subclass whose message is one
line, names the entry (escaped, truncated) and carries no candidate content; an extraction that
fails leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import itertools
import os
import shutil
import stat
import struct
import tempfile
import threading
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from assessor_app.bundle.limits import DEFAULT_LIMITS, Limits
from assessor_app.bundle.manifest import MANIFEST_NAME
from assessor_app.bundle.metadata import MetadataFinding, bundle_metadata_findings
from assessor_app.bundle.names import (
    MAX_SIGNATURE_BYTES,
    SIGNATURE_NAME,
    collision_key,
    name_problem,
    one_line,
    parent_dirs,
    show,
)
from assessor_app.bundle.schema import parse_manifest
from assessor_app.bundle.signature import decode_signature
from assessor_app.domain.citations import CitationProblem, citation_problems
from assessor_app.domain.model import Artifact, Manifest
from assessor_app.errors import (
    BundleFormatError,
    BundleSignatureError,
    HostileBundleError,
    IntegrityError,
    ManifestError,
)

__all__ = ["VerifiedBundle", "extract_bundle", "verify_bundle"]

_CHUNK = 1 << 20
# Everything zipfile (and the OS under it) raises for a damaged archive.
_ZIP_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    OSError,
    EOFError,
    ValueError,
    struct.error,
    NotImplementedError,
    OverflowError,
    IndexError,
    KeyError,
    RuntimeError,
    zlib.error,
)

_EOCD = struct.Struct("<4s4H2LH")
_EOCD_SIG = b"PK\x05\x06"
_EOCD64_LOCATOR = struct.Struct("<4sLQL")
_EOCD64_LOCATOR_SIG = b"PK\x06\x07"
_EOCD64 = struct.Struct("<4sQ2H2L4Q")
_EOCD64_SIG = b"PK\x06\x06"
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_LOCAL_SIG = b"PK\x03\x04"

_FLAG_ENCRYPTED = 0x01
_FLAG_DATA_DESCRIPTOR = 0x08
_FLAG_PATCHED = 0x20
_FLAG_STRONG_ENCRYPTION = 0x40
_FLAG_UTF8 = 0x800
_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflate"}


@dataclass(frozen=True)
class VerifiedBundle:
    """A bundle that passed every check. ``root`` is where it was extracted (None after
    :func:`verify_bundle`); it holds ``manifest.json`` and every artifact at its path.

    ``manifest_sha256`` is the SHA-256 (hex) of the ``manifest.json`` bytes, what the portal
    signs; ``signature`` the raw 64-byte signature from ``manifest.sig``, or None when the
    bundle has none. The reader does not check the signature: see
    :func:`assessor_app.bundle.signature.verify_signature`.
    """

    manifest: Manifest
    root: Path | None
    bundle_sha256: str
    citation_problems: tuple[CitationProblem, ...]
    manifest_sha256: str = ""
    signature: bytes | None = None

    @functools.cached_property
    def metadata_findings(self) -> dict[str, tuple[MetadataFinding, ...]]:
        """Artifact id -> the document metadata its extracted file still carries (author,
        creator, EXIF, XMP, ...; see :mod:`assessor_app.bundle.metadata`), read from the
        files' headers without rendering anything, on first use. Empty for every artifact
        after :func:`verify_bundle`, which keeps no files."""
        if self.root is None:
            return {a.id: () for a in self.manifest.artifacts}
        return bundle_metadata_findings(self.root, self.manifest)

    def artifact_path(self, artifact_id: str) -> Path:
        """The extracted file of ``artifact_id``.

        Raises ValueError when the bundle was only verified (no files on disk) and KeyError
        when the manifest has no such artifact.
        """
        if self.root is None:
            raise ValueError("the bundle was verified, not extracted: it has no files on disk")
        artifact = self.manifest.artifact(artifact_id)
        if artifact is None:
            raise KeyError(artifact_id)
        return self.root.joinpath(*artifact.path.split("/"))


@dataclass(frozen=True)
class _Plan:
    manifest: Manifest
    manifest_raw: bytes
    files: tuple[tuple[Artifact, zipfile.ZipInfo], ...]
    signature: bytes | None


# --- public API ------------------------------------------------------------------------------
def verify_bundle(path: Path, limits: Limits = DEFAULT_LIMITS) -> VerifiedBundle:
    """Check every entry of the bundle at ``path`` (each streamed and hashed); write nothing."""
    with _open_bundle(Path(path)) as fh, _bundle_sha256(fh) as bundle_sha:
        with _open_zip(fh, limits) as zf:
            plan = _inspect(fh, zf, limits)
            for artifact, info in plan.files:
                for _chunk in _verified_chunks(zf, info, artifact):
                    pass
        return _result(plan, None, bundle_sha())


def extract_bundle(path: Path, dest: Path, limits: Limits = DEFAULT_LIMITS) -> VerifiedBundle:
    """Verify the bundle at ``path`` and extract it to the directory ``dest``.

    ``dest`` must not exist (FileExistsError); its parent is created when missing. The files
    are written into a fresh ``.staging-*`` directory beside ``dest`` (same file system), hashed
    while they stream, fsynced, and the staging directory is renamed to ``dest`` only when all
    of them matched. On any failure the staging directory is removed and the exception is
    raised: a BundleError for the bundle, OSError for the disk (e.g. disk full).
    """
    dest = Path(dest)
    if dest.exists() or dest.is_symlink():
        raise FileExistsError(f"extraction target already exists: {show(str(dest), 200)}")
    with (
        _open_bundle(Path(path)) as fh,
        _bundle_sha256(fh) as bundle_sha,
        _open_zip(fh, limits) as zf,
    ):
        plan = _inspect(fh, zf, limits)
        parent = dest.parent
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=parent))
        try:
            _extract_into(staging, zf, plan)
            digest = bundle_sha()
            if dest.exists() or dest.is_symlink():
                raise FileExistsError(
                    f"extraction target appeared meanwhile: {show(str(dest), 200)}"
                )
            staging.rename(dest)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    _fsync_dir(dest.parent)
    return _result(plan, dest, digest)


# --- opening ---------------------------------------------------------------------------------
@contextlib.contextmanager
def _open_bundle(path: Path) -> Iterator[io.BufferedReader]:
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            raise BundleFormatError(f"{show(str(path), 200)} is not a regular file")
        fh = path.open("rb")
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise BundleFormatError(f"cannot open bundle {show(str(path), 200)}: {reason}") from exc
    with fh:
        yield fh


@contextlib.contextmanager
def _bundle_sha256(fh: io.BufferedReader) -> Iterator[Callable[[], str]]:
    """SHA-256 of the whole bundle file. Where the OS has ``pread`` it runs on a second thread
    while the entries stream (hashlib and pread release the GIL), which takes verification
    from about 3x to about 2x the cost of one SHA-256 pass; elsewhere it runs first."""
    fd = fh.fileno()
    stop = threading.Event()
    outcome: list[str | OSError] = []

    def run() -> None:
        digest = hashlib.sha256()
        offset = 0
        try:
            while chunk := os.pread(fd, _CHUNK, offset):
                if stop.is_set():  # the bundle was rejected meanwhile; nobody will ask
                    return
                digest.update(chunk)
                offset += len(chunk)
            outcome.append(digest.hexdigest())
        except OSError as exc:
            outcome.append(exc)

    def result() -> str:
        if thread is not None:
            thread.join()
        value = outcome[0]
        if isinstance(value, OSError):
            raise BundleFormatError(f"cannot read the bundle: {one_line(str(value))}") from value
        return value

    thread: threading.Thread | None = None
    if hasattr(os, "pread"):
        thread = threading.Thread(target=run, name="bundle-sha256", daemon=True)
        thread.start()
    else:  # Windows: no positional reads; hash it all first
        try:
            fh.seek(0)
            outcome.append(hashlib.file_digest(fh, "sha256").hexdigest())
            fh.seek(0)
        except OSError as exc:
            outcome.append(exc)
    try:
        yield result
    finally:
        stop.set()
        if thread is not None:
            thread.join()


@contextlib.contextmanager
def _open_zip(fh: io.BufferedReader, limits: Limits) -> Iterator[zipfile.ZipFile]:
    # Before zipfile parses the central directory (and builds an object per entry): its size.
    _entries, cd_size = _end_record(fh)
    if cd_size > limits.max_central_directory_bytes:
        raise HostileBundleError(
            f"the zip's central directory is {cd_size:,} bytes "
            f"(limit {limits.max_central_directory_bytes:,})"
        )
    try:
        zf = zipfile.ZipFile(fh)
    except _ZIP_ERRORS as exc:
        raise BundleFormatError(
            f"not a readable zip file ({one_line(str(exc) or type(exc).__name__)})"
        ) from exc
    with zf:
        yield zf


# --- the checks before any entry is read ------------------------------------------------------
def _end_record(fh: io.BufferedReader) -> tuple[int, int]:
    """(entry count, central directory size) from the end record, found as zipfile finds it."""
    try:
        size = fh.seek(0, os.SEEK_END)
        tail_start = max(size - (1 << 16) - _EOCD.size, 0)
        fh.seek(tail_start)
        tail = fh.read()
    except OSError as exc:
        raise BundleFormatError(f"cannot read the bundle: {one_line(str(exc))}") from exc
    if len(tail) >= _EOCD.size and tail[-_EOCD.size :][:4] == _EOCD_SIG and tail[-2:] == b"\0\0":
        at = len(tail) - _EOCD.size
    else:
        at = tail.rfind(_EOCD_SIG)
        if at < 0 or len(tail) - at < _EOCD.size:
            raise BundleFormatError(
                "not a zip file, or truncated (no end-of-central-directory record)"
            )
    fields = _EOCD.unpack_from(tail, at)
    entries, cd_size = fields[4], fields[5]
    locator_at = at - _EOCD64_LOCATOR.size
    if locator_at >= 0:
        sig, _disk, _offset, _disks = _EOCD64_LOCATOR.unpack_from(tail, locator_at)
        record_at = locator_at - _EOCD64.size
        if sig == _EOCD64_LOCATOR_SIG and record_at >= 0:
            record = _EOCD64.unpack_from(tail, record_at)
            if record[0] == _EOCD64_SIG:
                entries, cd_size = record[7], record[8]
    return int(entries), int(cd_size)


def _inspect(fh: io.BufferedReader, zf: zipfile.ZipFile, limits: Limits) -> _Plan:
    entries, _cd_size = _end_record(fh)
    infos = zf.infolist()
    count = max(entries, len(infos))
    if count > limits.max_entries:
        raise HostileBundleError(f"the bundle has {count:,} entries (limit {limits.max_entries:,})")

    files: dict[str, zipfile.ZipInfo] = {}
    dirs: dict[str, zipfile.ZipInfo] = {}
    keys: dict[str, str] = {}
    total = 0
    for info in infos:
        name = info.orig_filename
        _check_entry(info, limits)
        if name in files or name in dirs:
            raise HostileBundleError(f"entry {show(name)} appears twice")
        key = collision_key(name)
        if key in keys:
            raise HostileBundleError(
                f"entries {show(keys[key])} and {show(name)} collide "
                "when case or Unicode normalisation is ignored"
            )
        keys[key] = name
        (dirs if name.endswith("/") else files)[name] = info
        total += info.file_size
        if total > limits.max_total_bytes:
            raise HostileBundleError(
                f"the bundle unpacks to more than {limits.max_total_bytes:,} bytes"
            )
    _check_file_dir_clashes(files)
    _check_layout(fh, zf, infos)

    manifest, raw = _read_manifest(zf, files, limits)
    matched = _match_entries(manifest, files, dirs)
    return _Plan(manifest, raw, matched, _read_signature(zf, files))


def _check_entry(info: zipfile.ZipInfo, limits: Limits) -> None:
    name = info.orig_filename
    problem = name_problem(name, limits.max_name_chars)
    if problem is not None:
        raise HostileBundleError(f"entry {show(name)} {problem}")
    if info.flag_bits & (_FLAG_ENCRYPTED | _FLAG_STRONG_ENCRYPTION):
        raise HostileBundleError(f"entry {show(name)} is encrypted")
    if info.flag_bits & _FLAG_PATCHED:
        raise BundleFormatError(f"entry {show(name)} uses compressed patch data")
    if info.compress_type not in _METHODS:
        raise BundleFormatError(
            f"entry {show(name)} uses compression method {info.compress_type} "
            "(bundles use stored or deflate)"
        )
    mode = info.external_attr >> 16
    file_type = stat.S_IFMT(mode)
    if file_type == stat.S_IFLNK:
        raise HostileBundleError(f"entry {show(name)} is a symbolic link")
    if file_type not in (0, stat.S_IFREG, stat.S_IFDIR):
        raise HostileBundleError(
            f"entry {show(name)} is a special file (mode {oct(mode)}), not a regular file"
        )
    is_dir = name.endswith("/")
    if file_type and (file_type == stat.S_IFDIR) != is_dir:
        what = "a directory" if is_dir else "a file"
        raise HostileBundleError(f"entry {show(name)} is named as {what} but marked otherwise")
    if is_dir and (info.file_size or info.compress_size):
        raise HostileBundleError(f"directory entry {show(name)} carries data")
    if info.file_size > limits.max_file_bytes:
        raise HostileBundleError(
            f"entry {show(name)} unpacks to {info.file_size:,} bytes "
            f"(limit {limits.max_file_bytes:,})"
        )
    if info.compress_type == zipfile.ZIP_STORED and info.compress_size != info.file_size:
        raise BundleFormatError(f"stored entry {show(name)} has two different sizes")
    if info.file_size >= limits.ratio_min_bytes:
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > limits.max_compression_ratio:
            raise HostileBundleError(
                f"entry {show(name)} compresses {ratio:,.0f}:1 "
                f"(limit {limits.max_compression_ratio:,.0f}:1), a zip bomb"
            )


def _check_file_dir_clashes(files: dict[str, zipfile.ZipInfo]) -> None:
    """``a`` as a file and ``a/b`` as another file cannot both exist on disk."""
    file_keys = {collision_key(n): n for n in files}
    for name in files:
        for parent in parent_dirs(name):
            clash = file_keys.get(collision_key(parent))
            if clash is not None:
                raise HostileBundleError(
                    f"entry {show(clash)} is a file but {show(name)} needs it to be a directory"
                )


def _check_layout(fh: io.BufferedReader, zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    """Local headers agree with the central directory; entries' bytes are disjoint."""
    spans: list[tuple[int, int, str]] = []
    try:
        file_size = fh.seek(0, os.SEEK_END)
        for info in infos:
            name = info.orig_filename
            if info.header_offset < 0:
                raise BundleFormatError(
                    f"entry {show(name)} points outside the file (truncated or damaged)"
                )
            fh.seek(info.header_offset)
            header = fh.read(_LOCAL.size)
            if len(header) != _LOCAL.size or header[:4] != _LOCAL_SIG:
                raise BundleFormatError(
                    f"entry {show(name)} has no local header where the directory says "
                    "(truncated or damaged)"
                )
            fields = _LOCAL.unpack(header)
            flags, csize, usize, name_len, extra_len = (
                fields[3],
                fields[8],
                fields[9],
                fields[10],
                fields[11],
            )
            local_name = fh.read(name_len)
            if flags & (_FLAG_ENCRYPTED | _FLAG_STRONG_ENCRYPTION):
                raise HostileBundleError(f"entry {show(name)} is encrypted")
            encoding = "utf-8" if info.flag_bits & _FLAG_UTF8 else "cp437"
            try:
                same_name = local_name == name.encode(encoding)
            except UnicodeEncodeError:
                same_name = False
            if not same_name:
                raise HostileBundleError(
                    f"entry {show(name)} has a different name in its local header "
                    f"({show(local_name.decode('utf-8', 'replace'))})"
                )
            sized = not flags & _FLAG_DATA_DESCRIPTOR and 0xFFFFFFFF not in (csize, usize)
            if sized and (csize, usize) != (info.compress_size, info.file_size):
                raise HostileBundleError(
                    f"entry {show(name)} declares other sizes in its local header"
                )
            start = info.header_offset
            end = start + _LOCAL.size + name_len + extra_len + info.compress_size
            if end > file_size:
                raise BundleFormatError(f"entry {show(name)} runs past the end of the file")
            spans.append((start, end, name))
    except OSError as exc:
        raise BundleFormatError(f"cannot read the bundle: {one_line(str(exc))}") from exc
    spans.sort()
    for (_s1, end1, name1), (start2, _e2, name2) in itertools.pairwise(spans):
        if start2 < end1:
            raise HostileBundleError(f"entries {show(name1)} and {show(name2)} overlap")
    if spans and spans[-1][1] > zf.start_dir:
        raise HostileBundleError(f"entry {show(spans[-1][2])} overlaps the central directory")


def _read_manifest(
    zf: zipfile.ZipFile, files: dict[str, zipfile.ZipInfo], limits: Limits
) -> tuple[Manifest, bytes]:
    info = files.get(MANIFEST_NAME)
    if info is None:
        raise ManifestError(f"the bundle has no {MANIFEST_NAME} at its top level")
    if info.file_size > limits.max_manifest_bytes:
        raise ManifestError(
            f"{MANIFEST_NAME} is {info.file_size:,} bytes (limit {limits.max_manifest_bytes:,})"
        )
    raw = b"".join(_capped_chunks(zf, info, info.file_size))
    return parse_manifest(raw, limits.max_json_depth), raw


def _read_signature(zf: zipfile.ZipFile, files: dict[str, zipfile.ZipInfo]) -> bytes | None:
    info = files.get(SIGNATURE_NAME)
    if info is None:
        return None
    if info.file_size > MAX_SIGNATURE_BYTES:
        raise BundleSignatureError(
            f"{SIGNATURE_NAME} is {info.file_size:,} bytes (limit {MAX_SIGNATURE_BYTES:,})"
        )
    return decode_signature(b"".join(_capped_chunks(zf, info, info.file_size)))


def _match_entries(
    manifest: Manifest, files: dict[str, zipfile.ZipInfo], dirs: dict[str, zipfile.ZipInfo]
) -> tuple[tuple[Artifact, zipfile.ZipInfo], ...]:
    listed = {a.path: a for a in manifest.artifacts}
    for artifact in manifest.artifacts:  # the schema allows only safe paths; check anyway
        problem = name_problem(artifact.path)
        if problem is not None or artifact.path.endswith("/"):
            raise ManifestError(f"artifact {show(artifact.id)} path {problem or 'is a directory'}")
    for name in files:
        if name not in (MANIFEST_NAME, SIGNATURE_NAME) and name not in listed:
            raise IntegrityError(f"{show(name)} is in the bundle but not in the manifest")
    needed_dirs = {d for path in listed for d in parent_dirs(path)}
    for name in dirs:
        if name.rstrip("/") not in needed_dirs:
            raise IntegrityError(
                f"directory entry {show(name)} is in the bundle but holds no listed file"
            )
    matched: list[tuple[Artifact, zipfile.ZipInfo]] = []
    for artifact in manifest.artifacts:
        info = files.get(artifact.path)
        if info is None:
            raise IntegrityError(
                f"{show(artifact.path)} (artifact {show(artifact.id)}) is listed in the "
                "manifest but missing from the bundle"
            )
        if info.file_size != artifact.size:
            raise IntegrityError(
                f"{show(artifact.path)} is {info.file_size:,} bytes in the zip but "
                f"{artifact.size:,} in the manifest"
            )
        matched.append((artifact, info))
    return tuple(matched)


# --- streaming -------------------------------------------------------------------------------
def _capped_chunks(zf: zipfile.ZipFile, info: zipfile.ZipInfo, size: int) -> Iterator[bytes]:
    """The entry's bytes, failing if there are more or fewer than ``size``."""
    name = info.orig_filename
    seen = 0
    try:
        with zf.open(info) as src:
            while True:
                chunk = src.read(min(_CHUNK, size + 1 - seen))
                if not chunk:
                    break
                seen += len(chunk)
                if seen > size:
                    raise IntegrityError(f"{show(name)} holds more than its {size:,} bytes")
                yield chunk
    except _ZIP_ERRORS as exc:
        raise BundleFormatError(
            f"entry {show(name)} is corrupt ({one_line(str(exc) or type(exc).__name__, 120)})"
        ) from exc
    if seen != size:
        raise IntegrityError(f"{show(name)} holds {seen:,} bytes, not {size:,}")


def _verified_chunks(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, artifact: Artifact
) -> Iterator[bytes]:
    digest = hashlib.sha256()
    for chunk in _capped_chunks(zf, info, artifact.size):
        digest.update(chunk)
        yield chunk
    if digest.hexdigest() != artifact.sha256:
        raise IntegrityError(
            f"{show(artifact.path)} does not match its SHA-256 in the manifest (altered or damaged)"
        )


# --- writing ---------------------------------------------------------------------------------
def _extract_into(staging: Path, zf: zipfile.ZipFile, plan: _Plan) -> None:
    made_dirs: list[Path] = [staging]
    _write_file(staging / MANIFEST_NAME, iter((plan.manifest_raw,)))
    for artifact, info in plan.files:
        target = staging
        for segment in artifact.path.split("/")[:-1]:
            target = target / segment
            if not target.is_dir():
                target.mkdir()
                made_dirs.append(target)
        target = target / artifact.path.rsplit("/", 1)[-1]
        # The names were checked already; this is a last guard against writing elsewhere.
        if os.path.commonpath([staging, target]) != str(staging) or target == staging:
            raise HostileBundleError(f"entry {show(artifact.path)} would leave the staging area")
        _write_file(target, _verified_chunks(zf, info, artifact))
    for directory in reversed(made_dirs):
        _fsync_dir(directory)


def _write_file(target: Path, chunks: Iterator[bytes]) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    flags |= getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(target, flags, 0o644)
    with os.fdopen(fd, "wb") as out:
        for chunk in chunks:
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())


def _fsync_dir(path: Path) -> None:
    if os.name == "nt":  # directories cannot be opened for fsync on Windows
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _result(plan: _Plan, root: Path | None, bundle_sha: str) -> VerifiedBundle:
    return VerifiedBundle(
        manifest=plan.manifest,
        root=root,
        bundle_sha256=bundle_sha,
        citation_problems=tuple(citation_problems(plan.manifest)),
        manifest_sha256=hashlib.sha256(plan.manifest_raw).hexdigest(),
        signature=plan.signature,
    )
