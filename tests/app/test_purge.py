"""Purge for travel, for real: a portal on loopback, a workspace that syncs with it (bundles
downloaded, signed and verified), judged and submitted work acknowledged by the portal, then
the files of what was submitted and synced long enough are removed from disk, and nothing of
the assessor's own is lost."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session
from support.bundles import judge_all_submittable, write_sample_bundle
from support.portal import S1, S2, S3, World, fast_config, password_of, populate, serve_world

from assessor_app.errors import BundleMissingError
from assessor_app.purge import (
    PURGED_KEY,
    describe,
    is_purged,
    purge_synced_bundles,
    purged_ids,
    synced_since,
)
from assessor_app.storage.models import SubmissionRow
from assessor_app.storage.sync_store import BundleStatus
from assessor_app.sync.client import PortalClient
from assessor_app.sync.engine import SyncEngine
from assessor_app.workspace import SubmissionStatus, Workspace

pytestmark = pytest.mark.slow


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    bundles = tmp_path / "bundles"
    bundles.mkdir()
    made = {sid: write_sample_bundle(bundles / f"{sid}.zip", sid) for sid in (S1, S2, S3)}
    config = fast_config(tmp_path / "portal")
    populate(config, made)
    yield from serve_world(config)


@pytest.fixture
def synced(world: World, data_dir: Path) -> Iterator[tuple[Workspace, PortalClient]]:
    """assessorA's workspace, signed in (token kept in the client, not a keyring) and synced."""
    client = PortalClient(world.url)
    ws = Workspace.open(data_dir)
    try:
        who = client.login("assessorA", password_of("assessorA"), device="purge test")
        ws.set_sync_identity(world.url, who.username, who.portal_id, who.signing_key, who.epoch)
        report = SyncEngine(ws, client).run()
        assert report.downloaded == 2, report
        yield ws, client
    finally:
        client.close()
        ws.close()


def files_of(ws: Workspace, sid: str) -> Path:
    return ws.submission(sid).bundle_dir


def test_submitted_and_synced_files_go_after_n_days_and_the_work_stays(
    synced: tuple[Workspace, PortalClient],
) -> None:
    ws, client = synced
    judge_all_submittable(ws, S1)
    ws.save_position(S1, {"target": "eo1.2", "page": 3})
    ws.submit(S1)
    ws.judge(S2, "part1", "P")  # S2 is still being worked on
    folder = files_of(ws, S1)
    assert any(folder.rglob("*.pdf"))
    before = ws.judgments(S1)

    # Submitted but not synced yet: the files stay, whatever the age.
    far = datetime.now(UTC) + timedelta(days=365)
    assert purge_synced_bundles(ws, 14, now=far).removed == ()
    assert folder.is_dir()

    report = SyncEngine(ws, client).run()
    assert report.up_to_date, report.reason()
    assert set(synced_since(ws)) == {S1}

    # Synced, but for less than the 14 days: kept.
    assert purge_synced_bundles(ws, 14, now=datetime.now(UTC) + timedelta(days=13)).removed == ()
    assert folder.is_dir()
    # 0 days means never.
    assert purge_synced_bundles(ws, 0, now=far).removed == ()

    done = purge_synced_bundles(ws, 14, now=datetime.now(UTC) + timedelta(days=15))
    assert done.removed == (S1,)
    assert done.bytes_freed > 0
    assert "1 submitted and synced" in describe(done)
    assert not folder.exists()
    assert files_of(ws, S2).is_dir()  # the open submission keeps its files

    # The assessor's own records are all there; opening says why the files are gone.
    assert ws.judgments(S1) == before
    assert ws.position(S1)["target"] == "eo1.2" and PURGED_KEY in ws.position(S1)
    statuses = {s.id: s.status for s in ws.submissions()}
    assert statuses[S1] is SubmissionStatus.SUBMITTED
    assert is_purged(ws, S1) and not is_purged(ws, S2)
    assert purged_ids(ws) == {S1}
    with pytest.raises(BundleMissingError):
        ws.submission(S1)

    # The next sync does not download it again, and a second purge has nothing to do.
    again = SyncEngine(ws, client).run()
    assert again.downloaded == 0 and again.up_to_date
    assert not folder.exists()
    assert purge_synced_bundles(ws, 14, now=far).removed == ()


def test_a_workspace_that_never_synced_is_never_purged(tmp_path: Path, data_dir: Path) -> None:
    bundle = write_sample_bundle(tmp_path / "usb.zip", "SUB-USB-0001")
    with Workspace.open(data_dir) as ws:
        ws.import_bundle(bundle)
        judge_all_submittable(ws, "SUB-USB-0001")
        ws.submit("SUB-USB-0001")
        far = datetime.now(UTC) + timedelta(days=365)
        assert purge_synced_bundles(ws, 1, now=far).removed == ()
        assert ws.submission("SUB-USB-0001").bundle_dir.is_dir()


def test_a_purged_submission_reopened_by_the_portal_is_downloaded_again(
    synced: tuple[Workspace, PortalClient],
) -> None:
    ws, client = synced
    judge_all_submittable(ws, S1)
    ws.submit(S1)
    assert SyncEngine(ws, client).run().up_to_date
    purge_synced_bundles(ws, 1, now=datetime.now(UTC) + timedelta(days=2))
    assert is_purged(ws, S1)

    # The portal reopens it (a lead sent it back): here it shows as not submitted any more.
    with Session(ws.engine) as s, s.begin():
        row = s.get(SubmissionRow, S1)
        assert row is not None
        row.locked = False
        row.submitted_at = None
    report = purge_synced_bundles(ws, 1, now=datetime.now(UTC) + timedelta(days=2))
    assert report.restored == (S1,)
    assert PURGED_KEY not in ws.position(S1)
    pending = {a.submission_id: a.bundle_status for a in ws.bundles_to_download()}
    assert pending == {S1: BundleStatus.PENDING}
    assert SyncEngine(ws, client).run().downloaded == 1
    assert files_of(ws, S1).is_dir()
