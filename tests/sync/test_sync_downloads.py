"""Resumable, verified bundle downloads against a local server that misbehaves on purpose."""

from __future__ import annotations

import hashlib
import random
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.bundle_server import (
    BundleServer,
    IgnoreRange,
    NewEtag,
    Stall,
    Status,
    Truncate,
    WrongStart,
)
from support.bundles import make_pdf, sample_manifest

from assessor_app.bundle.writer import write_bundle
from assessor_app.errors import (
    DownloadError,
    DownloadStalledError,
    PortalUnreachableError,
    SyncCancelledError,
)
from assessor_app.storage.sync_store import Assignment, BundleStatus
from assessor_app.sync.client import PortalClient, RetryPolicy
from assessor_app.sync.downloads import BundleDownloader
from assessor_app.sync.protocol import AssignmentState
from assessor_app.workspace import Workspace

SID = "SUB-DL-0001"


@pytest.fixture(scope="module")
def bundle_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    # Incompressible padding after the PDF's end makes a bundle of some 60 kB: many reads.
    path = tmp_path_factory.mktemp("dl") / "b.zip"
    pdf = make_pdf(6) + random.Random(7).randbytes(60_000)
    write_bundle(path, sample_manifest(SID), {"artifacts/a1.pdf": pdf})
    data = path.read_bytes()
    assert len(data) > 60_000
    return data


@pytest.fixture
def server(bundle_bytes: bytes) -> Iterator[BundleServer]:
    with BundleServer({SID: bundle_bytes}) as srv:
        yield srv


@pytest.fixture
def client(server: BundleServer) -> Iterator[PortalClient]:
    sleeps: list[float] = []
    with PortalClient(
        server.url,
        "tok-123",
        retry=RetryPolicy(max_attempts=3, base_delay=0.01, max_delay=0.05),
        sleep=sleeps.append,
    ) as c:
        yield c


def assignment(data: bytes, *, size: int | None = None, sha: str | None = None) -> Assignment:
    return Assignment(
        submission_id=SID,
        role="assessor",
        state=AssignmentState.OPEN,
        credential_id="cred-test",
        credential_title="Test Credential",
        credential_version="2026.1",
        due=None,
        bundle_size=len(data) if size is None else size,
        bundle_sha256=hashlib.sha256(data).hexdigest() if sha is None else sha,
        bundle_status=BundleStatus.PENDING,
        bundle_error=None,
        version=1,
        revoked_reason=None,
        revoke_acknowledged=False,
    )


def downloader(
    client: PortalClient, ws: Workspace, *, attempts: int = 3, stall: float = 5.0
) -> BundleDownloader:
    return BundleDownloader(client, ws, stall_timeout=stall, attempts=attempts)


def leftovers(ws: Workspace) -> list[str]:
    folder = ws.downloads_dir
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_a_plain_download_is_verified_imported_and_cleaned_up(
    workspace: Workspace, server: BundleServer, client: PortalClient, bundle_bytes: bytes
) -> None:
    seen: list[tuple[int, int]] = []
    got = downloader(client, workspace).download(
        assignment(bundle_bytes), progress=lambda d, t: seen.append((d, t))
    )
    assert got == SID
    assert [s.id for s in workspace.submissions()] == [SID]
    assert leftovers(workspace) == []
    assert [(e.status, e.range, e.sent) for e in server.log] == [(200, None, len(bundle_bytes))]
    assert server.log[0].authorization == "Bearer tok-123"
    assert seen[-1] == (len(bundle_bytes), len(bundle_bytes))
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_a_truncated_body_is_resumed_and_only_the_rest_is_sent_again(
    workspace: Workspace, server: BundleServer, client: PortalClient, bundle_bytes: bytes
) -> None:
    cut = 9_000
    server.script(Truncate(cut))
    assert downloader(client, workspace).download(assignment(bundle_bytes)) == SID
    first, second = server.log
    assert (first.status, first.sent) == (200, cut)
    assert second.range == f"bytes={cut}-"
    assert second.if_range == server.etag(SID)
    assert (second.status, second.sent) == (206, len(bundle_bytes) - cut)
    assert server.body_bytes() == len(bundle_bytes)  # nothing transferred twice
    assert leftovers(workspace) == []


def test_a_part_left_by_an_earlier_run_is_resumed(
    workspace: Workspace, server: BundleServer, client: PortalClient, bundle_bytes: bytes
) -> None:
    a = assignment(bundle_bytes)
    cut = 12_345
    server.script(Truncate(cut))
    with pytest.raises(PortalUnreachableError, match=r"ended early|broke off"):
        downloader(client, workspace, attempts=1).download(a)
    part = downloader(client, workspace).part_path(a)
    assert part.stat().st_size == cut
    assert workspace.submissions() == []  # nothing imported from half a bundle

    assert downloader(client, workspace).download(a) == SID
    assert server.log[-1].range == f"bytes={cut}-"
    assert server.log[-1].sent == len(bundle_bytes) - cut
    assert server.body_bytes() == len(bundle_bytes)
    assert leftovers(workspace) == []


def test_a_200_to_a_range_request_restarts_from_zero(
    workspace: Workspace, server: BundleServer, client: PortalClient, bundle_bytes: bytes
) -> None:
    server.script(Truncate(5_000), IgnoreRange())
    assert downloader(client, workspace).download(assignment(bundle_bytes)) == SID
    assert [e.status for e in server.log] == [200, 200]
    assert server.log[1].range == "bytes=5000-"
    assert server.log[1].sent == len(bundle_bytes)
    assert leftovers(workspace) == []


def test_a_206_with_the_wrong_start_deletes_the_part_and_fails(
    workspace: Workspace, server: BundleServer, client: PortalClient, bundle_bytes: bytes
) -> None:
    server.script(Truncate(5_000), WrongStart(shift=100))
    with pytest.raises(DownloadError, match="wrong part"):
        downloader(client, workspace).download(assignment(bundle_bytes))
    assert leftovers(workspace) == []  # no .part, no .etag
    assert workspace.submissions() == []


def test_a_changed_etag_means_the_whole_bundle_again(
    workspace: Workspace, server: BundleServer, client: PortalClient, bundle_bytes: bytes
) -> None:
    server.script(Truncate(7_000), NewEtag())
    assert downloader(client, workspace).download(assignment(bundle_bytes)) == SID
    _first, second = server.log
    assert second.if_range is not None and second.if_range != server.etag(SID)
    assert (second.status, second.sent) == (200, len(bundle_bytes))


def test_a_republished_bundle_that_differs_from_the_feed_is_refused(
    workspace: Workspace, server: BundleServer, client: PortalClient, bundle_bytes: bytes
) -> None:
    a = assignment(bundle_bytes)
    server.bundles[SID] = bundle_bytes[:-1] + bytes([bundle_bytes[-1] ^ 0xFF])
    with pytest.raises(DownloadError, match="checksum"):
        downloader(client, workspace).download(a)
    assert leftovers(workspace) == []
    assert workspace.submissions() == []


def test_the_feeds_size_caps_what_is_written(
    workspace: Workspace, server: BundleServer, client: PortalClient, bundle_bytes: bytes
) -> None:
    a = assignment(bundle_bytes, size=len(bundle_bytes) - 100)
    with pytest.raises(DownloadError, match="more bytes"):
        downloader(client, workspace).download(a)
    assert leftovers(workspace) == []
    assert workspace.submissions() == []


def test_a_stalled_transfer_is_aborted_and_resumes_later(
    workspace: Workspace, server: BundleServer, client: PortalClient, bundle_bytes: bytes
) -> None:
    a = assignment(bundle_bytes)
    server.script(Stall(after=8_192, seconds=5))
    with pytest.raises(DownloadStalledError, match="no bytes"):
        downloader(client, workspace, attempts=1, stall=0.3).download(a)
    part = downloader(client, workspace).part_path(a)
    assert part.stat().st_size == 8_192
    assert downloader(client, workspace, stall=5).download(a) == SID
    assert server.log[-1].range == "bytes=8192-"


def test_busy_and_failing_servers_are_retried_then_given_up(
    workspace: Workspace, server: BundleServer, client: PortalClient, bundle_bytes: bytes
) -> None:
    server.script(Status(503, "0"), Status(502))
    assert downloader(client, workspace).download(assignment(bundle_bytes)) == SID
    assert [e.status for e in server.log] == [503, 502, 200]

    server.bundles["SUB-OTHER"] = b"x"
    server.script(Status(500), Status(500), Status(500))
    other = Assignment(**{**assignment(b"x").__dict__, "submission_id": "SUB-OTHER"})
    with pytest.raises(PortalUnreachableError, match="had a problem"):
        downloader(client, workspace, attempts=3).download(other)


def test_cancel_stops_and_keeps_the_part(
    workspace: Workspace, server: BundleServer, client: PortalClient, bundle_bytes: bytes
) -> None:
    a = assignment(bundle_bytes)
    cancel = threading.Event()
    server.script(Stall(after=8_192, seconds=10))  # the read blocks: cancel must not wait

    def progress(done: int, _total: int) -> None:
        if done > 0:
            threading.Timer(0.2, cancel.set).start()

    started = time.monotonic()
    with pytest.raises(SyncCancelledError):
        downloader(client, workspace, stall=10).download(a, progress=progress, cancel=cancel)
    assert time.monotonic() - started < 3
    part = downloader(client, workspace).part_path(a)
    kept = part.stat().st_size
    assert 0 < kept < len(bundle_bytes)
    assert workspace.submissions() == []
    assert downloader(client, workspace).download(a) == SID
    assert server.log[-1].range == f"bytes={kept}-"
    assert server.log[-1].sent == len(bundle_bytes) - kept


def test_a_complete_download_left_by_a_crash_is_imported_without_a_request(
    workspace: Workspace, server: BundleServer, client: PortalClient, bundle_bytes: bytes
) -> None:
    a = assignment(bundle_bytes)
    d = downloader(client, workspace)
    final = d.part_path(a).with_suffix(".zip")
    final.parent.mkdir(parents=True, exist_ok=True)
    final.write_bytes(bundle_bytes)
    assert d.download(a) == SID
    assert server.log == []
    assert leftovers(workspace) == []


def test_a_part_for_an_older_bundle_is_discarded(
    workspace: Workspace, server: BundleServer, client: PortalClient, bundle_bytes: bytes
) -> None:
    d = downloader(client, workspace)
    old = assignment(bundle_bytes, sha="0" * 64)
    stale = d.part_path(old)
    stale.parent.mkdir(parents=True, exist_ok=True)
    stale.write_bytes(b"old bytes")
    assert d.download(assignment(bundle_bytes)) == SID
    assert not stale.exists()
    assert leftovers(workspace) == []


def test_a_part_without_its_etag_is_not_resumed_blindly(
    workspace: Workspace, server: BundleServer, client: PortalClient, bundle_bytes: bytes
) -> None:
    a = assignment(bundle_bytes)
    d = downloader(client, workspace)
    part = d.part_path(a)
    part.parent.mkdir(parents=True, exist_ok=True)
    part.write_bytes(bundle_bytes[:3000])  # no .etag beside it
    assert d.download(a) == SID
    assert server.log[0].range is None
    assert server.log[0].sent == len(bundle_bytes)


def test_bad_download_cases_never_leave_an_imported_bundle(
    tmp_path: Path, bundle_bytes: bytes
) -> None:
    """Each bad sequence ends cleanly failed (nothing imported, no part for the broken-server
    case) or verified; never half-imported."""
    cases = [
        ((Truncate(100), WrongStart(50)), "fail"),
        ((Truncate(100), Truncate(100), Truncate(100)), "fail"),
        ((Truncate(100), IgnoreRange(), Truncate(20_000)), "ok"),
        ((Truncate(3000), NewEtag(), Truncate(4000)), "ok"),
    ]
    for index, (script, expected) in enumerate(cases):
        with (
            BundleServer({SID: bundle_bytes}) as srv,
            Workspace.open(tmp_path / f"w{index}") as ws,
            PortalClient(
                srv.url, "t", retry=RetryPolicy(3, 0.01, 0.02), sleep=lambda _s: None
            ) as c,
        ):
            srv.script(*script)
            d = BundleDownloader(c, ws, stall_timeout=5, attempts=3)
            try:
                d.download(assignment(bundle_bytes))
                outcome = "ok"
            except (DownloadError, PortalUnreachableError):
                outcome = "fail"
            assert outcome == expected, (index, script, srv.log)
            if outcome == "ok":
                assert [s.id for s in ws.submissions()] == [SID]
                assert leftovers(ws) == []
            else:
                assert ws.submissions() == []
                if any(isinstance(b, WrongStart) for b in script):
                    assert leftovers(ws) == []
