"""What the window shows of purged work: the queue says "files removed (synced)" and opening
it explains why instead of failing. Real portal on loopback, real sync, real purge."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from support.bundles import judge_all_submittable, write_sample_bundle
from support.portal import S1, S2, World, fast_config, password_of, populate, serve_world

from assessor_app.purge import purge_synced_bundles
from assessor_app.sync.client import PortalClient
from assessor_app.sync.engine import SyncEngine
from assessor_app.ui.app import settings_for
from assessor_app.ui.main_window import PURGED_NOTE, MainWindow
from assessor_app.workspace import Workspace


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    bundles = tmp_path / "portal-bundles"
    bundles.mkdir()
    made = {sid: write_sample_bundle(bundles / f"{sid}.zip", sid) for sid in (S1, S2)}
    config = fast_config(tmp_path / "portal")
    populate(config, made)
    yield from serve_world(config)


def test_the_queue_and_opening_say_the_files_were_removed(
    qtbot: QtBot, world: World, data_dir: Path
) -> None:
    with Workspace.open(data_dir) as ws, PortalClient(world.url) as client:
        who = client.login("assessorA", password_of("assessorA"), device="test")
        ws.set_sync_identity(world.url, who.username, who.portal_id, who.signing_key, who.epoch)
        SyncEngine(ws, client).run()
        judge_all_submittable(ws, S1)
        ws.submit(S1)
        assert SyncEngine(ws, client).run().up_to_date
        assert purge_synced_bundles(ws, 14, now=datetime.now(UTC) + timedelta(days=20)).removed

        window = MainWindow(ws, settings_for(data_dir))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        model = window.queue.model
        statuses = {model.row_id(r): str(model.index(r, 3).data()) for r in range(model.rowCount())}
        assert statuses[S1] == f"Submitted · {PURGED_NOTE}"
        assert statuses[S2] == "New"

        told: list[str] = []

        def read_message() -> None:
            box = QApplication.activeModalWidget()
            if isinstance(box, QMessageBox):
                told.append(box.text())
                box.accept()
            else:
                QTimer.singleShot(50, read_message)

        QTimer.singleShot(50, read_message)
        window.open_submission(S1)
        assert told and "removed from this computer to save space" in told[0]
        assert "judgments and feedback are kept" in told[0]
        assert window.scoring is None and window.pages.currentWidget() is window.queue
        window.open_submission(S2)  # the open one still opens
        assert window.scoring is not None
        window.close()
