"""Resumable, verified bundle downloads (``docs/sync-protocol.md``, "Bundle download").

For an assignment from the change feed, :meth:`BundleDownloader.download`:

1. writes to ``<data>/downloads/<name>.part`` and keeps the strong ETag of those bytes in
   ``<name>.etag`` beside it;
2. resumes a part with ``Range: bytes=N-`` and ``If-Range: <etag>``; a ``200`` answer means
   "start again from zero"; a ``206`` that does not start at ``N`` (or covers another size) is
   a broken server: the part is deleted and the download fails; a ``416`` restarts from zero;
3. aborts a transfer that sends no bytes for ``stall_timeout`` seconds (the read timeout) and
   never writes more bytes than the feed announced;
4. retries transient failures (connection lost, truncated body, stall, 5xx, 429/503 with
   ``Retry-After``) a bounded number of times, each time resuming from what is on disk;
5. checks size and SHA-256 against the **change feed's** values (never the download's own
   headers), fsyncs the file, renames it atomically to ``<name>.zip``, fsyncs the folder;
6. imports it with :meth:`Workspace.import_bundle` (which verifies the bundle and, once the
   workspace is signed in, its signature with the pinned key), then deletes the zip.

A crash at any point leaves either a part (resumed next time), a complete zip (verified and
imported next time), or the imported bundle. Cancelling (a :class:`threading.Event`) keeps the
part for the next run.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from assessor_app.atomic_files import put_in_place
from assessor_app.errors import (
    DownloadError,
    DownloadStalledError,
    PortalRequestError,
    PortalUnreachableError,
    SyncCancelledError,
)
from assessor_app.storage.sync_store import Assignment
from assessor_app.sync.client import PortalClient, TransientError
from assessor_app.workspace import Workspace, download_stem

log = logging.getLogger(__name__)

DEFAULT_STALL_TIMEOUT = 30.0
DEFAULT_ATTEMPTS = 4
HASH_BLOCK = 1024 * 1024

ProgressFn = Callable[[int, int], None]

_CONTENT_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+|\*)")


class _Restart(Exception):
    """The part cannot be resumed: start again from zero (counts as an attempt)."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(HASH_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def _strong_etag(value: str | None) -> str | None:
    if value is None or value.startswith("W/") or not value.startswith('"'):
        return None
    return value


def _is_set(event: threading.Event | None) -> bool:
    return event is not None and event.is_set()


def _interrupt(response: httpx.Response) -> None:
    """Wake a read blocked on ``response``'s socket: shutting the socket down does (closing
    it from another thread does not, on Linux)."""
    stream = response.extensions.get("network_stream")
    sock = stream.get_extra_info("socket") if stream is not None else None
    if isinstance(sock, socket.socket):
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


@contextmanager
def _closed_on_cancel(response: httpx.Response, cancel: threading.Event | None) -> Iterator[None]:
    """Close ``response`` as soon as ``cancel`` is set, so a read blocked on a slow portal
    returns at once (with an error the caller turns into :class:`SyncCancelledError`)."""
    if cancel is None:
        yield
        return
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            if cancel.wait(0.1):
                if not done.is_set():
                    _interrupt(response)
                return

    watcher = threading.Thread(target=watch, name="download-cancel", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        done.set()
        watcher.join()


def _unlink(*paths: Path) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


class BundleDownloader:
    """Downloads assigned bundles into a workspace, one at a time."""

    def __init__(
        self,
        client: PortalClient,
        workspace: Workspace,
        *,
        stall_timeout: float = DEFAULT_STALL_TIMEOUT,
        attempts: int = DEFAULT_ATTEMPTS,
    ) -> None:
        self.client = client
        self.workspace = workspace
        self.stall_timeout = stall_timeout
        self.attempts = attempts

    # -- file names ------------------------------------------------------------------------------
    def _names(self, a: Assignment) -> tuple[Path, Path, Path]:
        base = f"{download_stem(a.submission_id)}-{a.bundle_sha256[:16]}"
        folder = self.workspace.downloads_dir
        return folder / f"{base}.part", folder / f"{base}.etag", folder / f"{base}.zip"

    def part_path(self, a: Assignment) -> Path:
        return self._names(a)[0]

    def _drop_stale(self, a: Assignment, keep: tuple[Path, ...]) -> None:
        """Files of this submission for another bundle hash (the portal published a new one)."""
        for path in self.workspace.downloads_dir.glob(f"{download_stem(a.submission_id)}-*"):
            if path not in keep:
                _unlink(path)

    # -- the download ----------------------------------------------------------------------------
    def download(
        self,
        a: Assignment,
        *,
        progress: ProgressFn | None = None,
        cancel: threading.Event | None = None,
    ) -> str:
        """Download, verify and import ``a``'s bundle; return its submission id.

        Raises :class:`DownloadError` (bad size or hash, broken server; nothing imported),
        :class:`DownloadStalledError`, bundle errors from the import, and the client's errors
        (:class:`PortalUnreachableError`, :class:`NotSignedInError`, cancel).
        """
        folder = self.workspace.downloads_dir
        folder.mkdir(exist_ok=True)
        part, etag_file, final = self._names(a)
        self._drop_stale(a, (part, etag_file, final))

        if final.exists():  # a crash came between the rename and the import
            if final.stat().st_size == a.bundle_size and _sha256(final) == a.bundle_sha256:
                return self._import(final)
            _unlink(final)

        attempt = 0
        while True:
            attempt += 1
            self.client.check_cancelled()
            try:
                self._fetch(a, part, etag_file, progress, cancel)
                break
            except TransientError as transient:
                if attempt >= self.attempts:
                    raise transient.error from None
                self.client.pause(attempt, transient.retry_after)
            except _Restart:
                if attempt >= self.attempts:
                    raise DownloadError(
                        f"The download of bundle {a.submission_id} kept restarting; try again "
                        "later."
                    ) from None

        if part.stat().st_size != a.bundle_size or _sha256(part) != a.bundle_sha256:
            _unlink(part, etag_file)
            raise DownloadError(
                f"The downloaded bundle {a.submission_id} does not match the portal's checksum; "
                "it was discarded. Sync again to download it anew."
            )
        put_in_place(part, final)
        _unlink(etag_file)
        return self._import(final)

    def _import(self, final: Path) -> str:
        try:
            return self.workspace.import_bundle(final)
        finally:
            _unlink(final)

    def _fetch(
        self,
        a: Assignment,
        part: Path,
        etag_file: Path,
        progress: ProgressFn | None,
        cancel: threading.Event | None,
    ) -> None:
        """Bring ``part`` to the announced size (one request), or raise."""
        size = a.bundle_size
        have = part.stat().st_size if part.exists() else 0
        etag = etag_file.read_text(encoding="ascii").strip() if etag_file.exists() else None
        if have > size or (have and not etag):
            _unlink(part, etag_file)
            have, etag = 0, None
        if have == size and part.exists():
            return  # complete already; the hash check decides
        if progress is not None:
            progress(have, size)
        try:
            with (
                self.client.bundle_stream(
                    a.submission_id, offset=have, etag=etag, stall_timeout=self.stall_timeout
                ) as response,
                _closed_on_cancel(response, cancel),
            ):
                have = self._start(a, response, part, etag_file, have)
                with part.open("ab") as fh:
                    for chunk in response.iter_raw():
                        if cancel is not None and cancel.is_set():
                            raise SyncCancelledError(
                                "Sync cancelled; the download resumes next time."
                            )
                        if have + len(chunk) > size:
                            fh.close()
                            _unlink(part, etag_file)
                            raise DownloadError(
                                f"The portal sent more bytes of bundle {a.submission_id} than "
                                "the change feed announced; the download was discarded."
                            )
                        fh.write(chunk)
                        have += len(chunk)
                        if progress is not None:
                            progress(have, size)
                    fh.flush()
                    os.fsync(fh.fileno())
        except (httpx.HTTPError, httpx.StreamError) as error:
            if _is_set(cancel):  # the cancel watcher closed the response under the read
                raise SyncCancelledError(
                    "Sync cancelled; the download resumes next time."
                ) from None
            if isinstance(error, httpx.TimeoutException):
                raise TransientError(
                    DownloadStalledError(
                        f"The portal sent no bytes of bundle {a.submission_id} for "
                        f"{self.stall_timeout:g} s; the download stopped (it resumes next time)."
                    )
                ) from error
            raise TransientError(
                PortalUnreachableError(
                    f"The download of bundle {a.submission_id} broke off "
                    f"({error or type(error).__name__}); it resumes next time."
                )
            ) from error
        except PortalRequestError as error:
            raise DownloadError(str(error)) from error
        if have < size and _is_set(cancel):
            raise SyncCancelledError("Sync cancelled; the download resumes next time.")
        if have < size:
            raise TransientError(
                PortalUnreachableError(
                    f"The download of bundle {a.submission_id} ended early ({have:,} of "
                    f"{size:,} bytes); it resumes next time."
                )
            )

    def _start(
        self, a: Assignment, response: httpx.Response, part: Path, etag_file: Path, have: int
    ) -> int:
        """Check the answer's status against the request; return where the body starts
        (the part is truncated to it)."""
        status = response.status_code
        if status == 416:
            _unlink(part, etag_file)
            raise _Restart()
        if status == 200:
            # The whole bundle: from zero, whether or not we asked for a range.
            with part.open("wb"):
                pass
            etag = _strong_etag(response.headers.get("ETag"))
            if etag is None:
                _unlink(etag_file)
            else:
                tmp = etag_file.with_suffix(".etag-new")
                tmp.write_text(etag, encoding="ascii")
                tmp.replace(etag_file)
            return 0
        # 206
        match = _CONTENT_RANGE.fullmatch(response.headers.get("Content-Range", "").strip())
        start = int(match.group(1)) if match else None
        total = match.group(3) if match else None
        if start != have or (total is not None and total != "*" and int(total) != a.bundle_size):
            _unlink(part, etag_file)
            raise DownloadError(
                f"The portal sent the wrong part of bundle {a.submission_id} (asked from byte "
                f"{have:,}, got {response.headers.get('Content-Range', 'no Content-Range')!r}); "
                "the partial download was discarded."
            )
        return have
