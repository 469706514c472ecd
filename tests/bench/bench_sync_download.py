"""Benchmark: bundle download over loopback with the app's BundleDownloader, against curl.

Run on demand:

    uv run pytest tests/bench/bench_sync_download.py -s --override-ini addopts=""

A portal (in its own process, so the client's GIL does not slow the server) serves one signed
~64 MiB bundle (one random "video" artifact, stored). Two benchmarks:

1. throughput: ``BundleDownloader._fetch`` (the one-request transfer: GET, write to the
   ``.part``, fsync) vs ``curl -o`` of the same URL with the same Authorization header (also
   shown with an fsync of curl's file added, the fairer baseline). Median of ROUNDS runs.
2. resume: a download cancelled (cancel event fired from the progress callback) at ~half,
   then resumed with ``BundleDownloader.download``; a counting TCP proxy between the client and
   the portal measures the bytes actually on the wire in each attempt.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
import socket
import statistics
import subprocess
import threading
import time
from pathlib import Path

import pytest
from support.bundles import sample_manifest
from support.portal_process import PortalProcess

from assessor_app.bundle.writer import write_bundle
from assessor_app.domain.model import Artifact, ArtifactKind, Citation
from assessor_app.errors import SyncCancelledError
from assessor_app.portal.server import PasswordPolicy, PortalConfig
from assessor_app.portal.server.assignments import assign
from assessor_app.portal.server.bundles import import_bundle
from assessor_app.portal.server.portal import open_portal
from assessor_app.portal.server.users import add_user
from assessor_app.storage.sync_store import Assignment, BundleStatus
from assessor_app.sync.client import PortalClient
from assessor_app.sync.downloads import BundleDownloader
from assessor_app.workspace import Workspace

pytestmark = pytest.mark.bench

ARTIFACT = 64 * 1024 * 1024
ROUNDS = 5
FAST = PasswordPolicy(time_cost=1, memory_cost_kib=64, parallelism=1)
USER, PASSWORD = "bench1", "pw-bench1-secret"


class CountingProxy:
    """A TCP proxy on 127.0.0.1 counting the bytes each connection carries server->client."""

    def __init__(self, target_port: int) -> None:
        self.target = ("127.0.0.1", target_port)
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.down: list[int] = []  # bytes server->client, one entry per connection
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._accept = threading.Thread(target=self._serve, daemon=True)
        self._accept.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            server = socket.create_connection(self.target)
            index = len(self.down)
            self.down.append(0)
            for src, dst, count in ((client, server, False), (server, client, True)):
                t = threading.Thread(
                    target=self._pump, args=(src, dst, index if count else None), daemon=True
                )
                t.start()
                self._threads.append(t)

    def _pump(self, src: socket.socket, dst: socket.socket, index: int | None) -> None:
        try:
            while data := src.recv(256 * 1024):
                if index is not None:
                    self.down[index] += len(data)
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self._stop.set()
        self._accept.join(5)
        self.sock.close()
        for t in self._threads:
            t.join(5)


def _make_portal(tmp: Path) -> tuple[Path, str]:
    base = sample_manifest("SUB-BIGDL-0001")
    art = Artifact(
        "v1", "artifacts/v1.webm", "Clip", ArtifactKind.VIDEO, "video/webm", 0, "",
        duration_ms=60_000,
    )  # fmt: skip
    evidence = tuple(
        dataclasses.replace(e, citations=(Citation("v1", start_ms=1000),)) for e in base.evidence
    )
    manifest = dataclasses.replace(base, artifacts=(art,), evidence=evidence)
    source = tmp / "big.zip"
    write_bundle(source, manifest, {art.path: os.urandom(ARTIFACT)})
    data = tmp / "portal"
    config = PortalConfig(data_dir=data, passwords=FAST)
    with open_portal(config) as portal:
        add_user(portal, USER, "assessor", PASSWORD)
        import_bundle(portal, source)
        assign(portal, manifest.submission_id, USER)
    source.unlink()
    return data, manifest.submission_id


def _assignment(client: PortalClient) -> Assignment:
    page = client.changes(0)
    change = next(c for c in page.changes if type(c).__name__ == "AssignmentChange")
    return Assignment(
        submission_id=change.submission_id,
        role=change.role,
        state=change.state,
        credential_id=change.credential_id,
        credential_title=change.credential_title,
        credential_version=change.credential_version,
        due=change.due,
        bundle_size=change.bundle_size,
        bundle_sha256=change.bundle_sha256,
        bundle_status=BundleStatus.PENDING,
        bundle_error=None,
        version=change.version,
        revoked_reason=None,
        revoke_acknowledged=False,
    )


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    tmp = tmp_path_factory.mktemp("dl")
    data, sid = _make_portal(tmp)
    proc = PortalProcess(data)
    try:
        yield proc, sid, tmp
    finally:
        proc.stop()


def _signed_in(url: str) -> PortalClient:
    client = PortalClient(url)
    result = client.login(USER, PASSWORD, "bench")
    client.token = result.token
    return client


def test_download_vs_curl(portal, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    curl = shutil.which("curl") or ("/usr/bin/curl" if Path("/usr/bin/curl").exists() else None)
    if curl is None:
        pytest.skip("curl is not installed (/usr/bin/curl missing)")
    proc, sid, _ = portal
    client = _signed_in(proc.url)
    workspace = Workspace.open(tmp_path / "ws")
    try:
        a = _assignment(client)
        size = a.bundle_size
        mb = size / 1e6
        downloader = BundleDownloader(client, workspace)
        part, etag_file, _final = downloader._names(a)
        workspace.downloads_dir.mkdir(exist_ok=True)
        url = f"{proc.url}/api/v1/bundles/{sid}"
        out = tmp_path / "curl.zip"
        auth = f"Authorization: Bearer {client.token}"

        def app() -> float:
            part.unlink(missing_ok=True)
            etag_file.unlink(missing_ok=True)
            start = time.perf_counter()
            downloader._fetch(a, part, etag_file, None, None)
            elapsed = time.perf_counter() - start
            assert part.stat().st_size == size
            return elapsed

        def run_curl(fsync: bool) -> float:
            out.unlink(missing_ok=True)
            start = time.perf_counter()
            subprocess.run(
                [curl, "-sS", "--fail", "-o", str(out), "-H", auth,
                 "-H", "Accept-Encoding: identity", url],
                check=True,
            )  # fmt: skip
            if fsync:
                _fsync(out)
            elapsed = time.perf_counter() - start
            assert out.stat().st_size == size
            return elapsed

        app()  # warm-up (page cache of the portal's file, connection)
        run_curl(False)
        t_app, t_curl, t_curl_fs = [], [], []
        for _ in range(ROUNDS):  # interleaved, so drift hits all alike
            t_app.append(app())
            t_curl.append(run_curl(False))
            t_curl_fs.append(run_curl(True))
        m_app, m_curl, m_fs = (statistics.median(t) for t in (t_app, t_curl, t_curl_fs))
        print(f"\nbundle download over loopback, {mb:.1f} MB, median of {ROUNDS} runs")
        print(f"{'client':<38}{'median s':>10}{'MB/s':>9}{'best MB/s':>11}{'app/this':>10}")
        for name, m, ts in (
            ("curl -o (baseline)", m_curl, t_curl),
            ("curl -o + fsync", m_fs, t_curl_fs),
            ("BundleDownloader._fetch (+fsync)", m_app, t_app),
        ):
            print(f"{name:<38}{m:>10.3f}{mb / m:>9.0f}{mb / min(ts):>11.0f}{m / m_app:>9.2f}x")
        print(
            f"app/curl throughput = {m_curl / m_app:.2f}x "
            f"(vs curl+fsync {m_fs / m_app:.2f}x; target >= 0.8x)"
        )
    finally:
        client.close()
        workspace.close()


def test_resume_retransfer(portal, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    proc, _sid, _ = portal
    port = int(proc.url.rsplit(":", 1)[1])
    proxy = CountingProxy(port)
    direct = _signed_in(proc.url)
    client = PortalClient(f"http://127.0.0.1:{proxy.port}", direct.token)
    workspace = Workspace.open(tmp_path / "ws")
    try:
        a = _assignment(direct)
        size = a.bundle_size
        downloader = BundleDownloader(client, workspace)
        cancel = threading.Event()
        seen: list[int] = []

        def progress(have: int, total: int) -> None:
            seen.append(have)
            if have >= total // 2:
                cancel.set()

        with pytest.raises(SyncCancelledError):
            downloader.download(a, progress=progress, cancel=cancel)
        part = downloader.part_path(a)
        kept = part.stat().st_size
        wire1 = sum(proxy.down)
        conns1 = len(proxy.down)

        starts: list[int] = []

        def progress2(have: int, total: int) -> None:
            if not starts:
                starts.append(have)

        start = time.perf_counter()
        assert downloader.download(a, progress=progress2) == a.submission_id
        elapsed = time.perf_counter() - start
        wire2 = sum(proxy.down) - wire1
        missing = size - kept
        overhead2 = wire2 - missing  # headers and anything sent twice
        wasted1 = wire1 - kept  # bytes the 1st attempt received but did not keep
        print(f"\nresumed download of a {size / 1e6:.1f} MB bundle (via a counting proxy)")
        print(f"{'':<46}{'bytes':>14}{'MiB':>9}")
        rows = (
            ("bundle size", size),
            ("1st attempt: on the wire (server->client)", wire1),
            ("1st attempt: kept in the .part", kept),
            ("1st attempt: received but dropped", wasted1),
            ("resume: Range start asked", starts[0] if starts else -1),
            ("resume: missing part", missing),
            ("resume: on the wire", wire2),
            ("resume: re-transferred beyond the missing", overhead2),
        )
        for name, n in rows:
            print(f"{name:<46}{n:>14,}{n / 2**20:>9.2f}")
        print(
            f"connections: {conns1} for the 1st attempt, {len(proxy.down) - conns1} for the "
            f"resume (login and feed bypass the proxy); resume + verify + import took"
            f" {elapsed:.2f} s; "
            f"target: re-transferred < 1 MiB -> {'OK' if overhead2 < 2**20 else 'MISSED'}"
        )
        assert starts and starts[0] == kept
        assert overhead2 < 2**20
    finally:
        client.close()
        direct.close()
        proxy.close()
        workspace.close()
