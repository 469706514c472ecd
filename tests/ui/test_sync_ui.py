"""Sync in the desktop app, end to end: the real portal on loopback, real workspaces, the real
keyring, the real main window.

Each test serves a copy of a demo portal (assessor1, assessor2, lead1, password "demo"; five
signed demo bundles assigned to everyone) with ``start_portal_in_thread``. A second workspace
of the same person plays "the other device" with the Qt-free sync API; what reached the portal
is read with ``assessor-portal scores --json``. With ``$ASSESSOR_SCREENSHOTS`` set to a folder,
screenshots of the sync panel and the conflicts dialog are saved there.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import socket
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from support.secret_service import require_secret_service

portal_server = pytest.importorskip(
    "assessor_app.portal.server",
    reason="the reference portal (assessor_app.portal.server) is not importable, so there is "
    "no real portal to sync with",
)

from assessor_app.portal.cli import main as portal_main  # noqa: E402
from assessor_app.storage.sync_store import OpState  # noqa: E402
from assessor_app.sync import credentials  # noqa: E402
from assessor_app.sync.engine import SyncEngine, SyncReport  # noqa: E402
from assessor_app.sync.session import open_client, sign_in  # noqa: E402
from assessor_app.ui.app import settings_for  # noqa: E402
from assessor_app.ui.main_window import MainWindow  # noqa: E402
from assessor_app.ui.queue_view import ID_ROLE  # noqa: E402
from assessor_app.ui.sync.conflicts_dialog import ConflictsDialog  # noqa: E402
from assessor_app.ui.sync.sign_in_dialog import SignInDialog  # noqa: E402
from assessor_app.ui.sync.sync_controller import SyncActivity, SyncController  # noqa: E402
from assessor_app.workspace import SubmissionStatus, Workspace  # noqa: E402

pytestmark = pytest.mark.slow

SYNC_MS = 60_000
USERS = ("assessor1", "assessor2", "lead1")
SHOTS = Path(os.environ["ASSESSOR_SCREENSHOTS"]) if os.environ.get("ASSESSOR_SCREENSHOTS") else None


# --- the portal ----------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("portal-template") / "portal"
    portal_server.setup_demo_portal(data)
    return data


class Portal:
    """A copy of the demo portal, served on loopback; can be stopped and started again."""

    def __init__(self, root: Path, template: Path) -> None:
        self.data = root / "portal"
        shutil.copytree(template, self.data)
        self.config = portal_server.PortalConfig(data_dir=self.data)
        self.running: Any = portal_server.start_portal_in_thread(self.config)
        self.url: str = self.running.url
        self.port = int(self.url.rsplit(":", 1)[1])

    def stop(self) -> None:
        if self.running is not None:
            self.running.stop()
            self.running = None

    def start(self) -> None:
        assert self.running is None
        self.running = portal_server.start_portal_in_thread(self.config, "127.0.0.1", self.port)

    def cli(self, *args: str, stdin: str = "") -> str:
        out, err = io.StringIO(), io.StringIO()
        old_stdin = sys.stdin
        sys.stdin = io.StringIO(stdin + "\n")
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                rc = portal_main([*args, "--data", str(self.data)])
        finally:
            sys.stdin = old_stdin
        assert rc == 0, err.getvalue()
        return out.getvalue()

    def judgments_of(self, user: str, submission_id: str) -> dict[str, str]:
        scores = json.loads(self.cli("scores", "--json"))
        return {
            j["target_id"]: j["comment"]
            for j in scores["judgments"]
            if j["user"] == user and j["submission_id"] == submission_id
        }

    def close(self, users: tuple[str, ...]) -> None:
        self.stop()
        for user in users:
            credentials.delete_token(self.url, user)


@pytest.fixture
def portal(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Portal]:
    require_secret_service()  # skips (with how to run it) before the portal is made
    running = Portal(tmp_path, request.getfixturevalue("demo_template"))
    try:
        yield running
    finally:
        running.close((*USERS, "assessor3"))


# --- workspaces and windows ----------------------------------------------------------------------
@pytest.fixture
def workspaces(tmp_path: Path) -> Iterator[dict[str, Workspace]]:
    opened: dict[str, Workspace] = {}

    class Opener(dict[str, Workspace]):
        def __missing__(self, name: str) -> Workspace:
            opened[name] = self[name] = Workspace.open(tmp_path / name)
            return opened[name]

    yield Opener()
    for ws in opened.values():
        ws.close()


@pytest.fixture
def windows(qtbot: QtBot) -> Iterator[list[MainWindow]]:
    made: list[MainWindow] = []
    yield made
    for window in made:  # before the workspaces close: the window cancels and joins its sync
        window.close()


def open_window(qtbot: QtBot, windows: list[MainWindow], ws: Workspace) -> MainWindow:
    window = MainWindow(ws, settings_for(ws.data_dir))
    qtbot.addWidget(window)
    windows.append(window)
    window.resize(1300, 800)
    window.show()
    qtbot.waitExposed(window)
    window.sync_ui.confirm = lambda _parent, _sid: True  # "Remove the withdrawn bundle?" Yes
    return window


def sync_in_window(qtbot: QtBot, window: MainWindow) -> SyncReport:
    controller = window.sync_ui.controller
    with qtbot.waitSignal(controller.finished, timeout=SYNC_MS) as done:
        assert controller.sync_now()
    report = done.args[0]
    assert isinstance(report, SyncReport)
    return report


def sync_elsewhere(ws: Workspace) -> SyncReport:
    """The other device syncs, without any window."""
    with open_client(ws) as client:
        return SyncEngine(ws, client).run()


def levels(ws: Workspace, submission_id: str) -> tuple[tuple[str, str], tuple[str, str]]:
    """((code, label) of a proficient level, (code, label) of a not-yet level)."""
    rubric = ws.submission(submission_id).manifest.rubric
    good = next(lv for lv in rubric.levels if lv.proficient)
    bad = next(lv for lv in rubric.levels if not lv.proficient)
    return (good.code, good.label), (bad.code, bad.label)


def targets(ws: Workspace, submission_id: str) -> tuple[str, ...]:
    return ws.submission(submission_id).manifest.rubric.target_ids()


def queue_ids(window: MainWindow) -> list[str]:
    model = window.queue.model
    return [str(model.index(r, 0).data(ID_ROLE)) for r in range(model.rowCount())]


def queue_status(window: MainWindow, submission_id: str) -> str:
    model = window.queue.model
    row = queue_ids(window).index(submission_id)
    return str(model.index(row, 3).data())


def save_shot(widget: QWidget, name: str) -> None:
    """Grab the widget as drawn; keep the picture when ``$ASSESSOR_SCREENSHOTS`` names a folder."""
    picture = widget.grab()
    assert not picture.isNull()
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        assert picture.save(str(SHOTS / name))


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- the tests -----------------------------------------------------------------------------------
def test_sign_in_from_the_dialog_then_sync_fills_the_queue(
    qtbot: QtBot, portal: Portal, workspaces: dict[str, Workspace], windows: list[MainWindow]
) -> None:
    ws = workspaces["a"]
    window = open_window(qtbot, windows, ws)
    sync_ui = window.sync_ui
    assert sync_ui.status.text() == "Sign in needed"
    assert sync_ui.controller.state is SyncActivity.SIGNED_OUT
    assert queue_ids(window) == []

    sync_ui.sign_in_action.trigger()
    dialog = sync_ui.sign_in_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.password.echoMode() == QLineEdit.EchoMode.Password
    qtbot.keyClicks(dialog.server, portal.url)
    qtbot.keyClicks(dialog.user, "assessor1")
    qtbot.keyClicks(dialog.password, "demo")
    # Signing in starts the first sync at once: it brings the five demo assignments.
    with qtbot.waitSignal(sync_ui.controller.finished, timeout=SYNC_MS) as done:
        qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    report = done.args[0]
    assert report.downloaded == 5 and report.up_to_date, report
    assert not dialog.isVisible() and dialog.password.text() == ""
    assert credentials.load_token(portal.url, "assessor1")
    assert len(queue_ids(window)) == 5
    assert sync_ui.status.text().startswith("Synced ")
    assert sync_ui.status.text().endswith(" · up to date")
    assert sync_ui.status.accessibleName() == "Sync status"

    # Judge, and F5 sends it: the status says it is waiting, then that it arrived.
    sid = queue_ids(window)[0]
    (good, _), _ = levels(ws, sid)
    target = targets(ws, sid)[0]
    ws.judge(sid, target, good, "sent with F5")
    window.refresh_status()
    assert sync_ui.status.text().endswith(" · 1 change waiting")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=10_000)
    with qtbot.waitSignal(sync_ui.controller.finished, timeout=SYNC_MS) as done:
        qtbot.keyClick(window, Qt.Key.Key_F5)
    assert done.args[0].acked == 1
    assert ws.pending_changes() == 0
    assert portal.judgments_of("assessor1", sid) == {target: "sent with F5"}
    assert sync_ui.status.text().endswith(" · up to date")


def test_sign_in_problems_are_said_plainly_and_the_password_is_never_kept(
    qtbot: QtBot, portal: Portal, workspaces: dict[str, Workspace]
) -> None:
    password = f"pw-{uuid.uuid4().hex}"
    portal.cli(
        "users", "add", "assessor3", "--role", "assessor", "--password-stdin", stdin=password
    )
    ws = workspaces["c"]

    def attempt(server: str, user: str, typed: str) -> SignInDialog:
        dialog = SignInDialog(ws)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.server.setText(server)
        dialog.user.setText(user)
        dialog.password.setText(typed)
        qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not dialog.busy, timeout=SYNC_MS)
        return dialog

    dialog = attempt("portal dot example", "assessor3", password)
    assert "is not a portal address" in dialog.message.text()

    dialog = attempt(f"http://127.0.0.1:{closed_port()}", "assessor3", password)
    assert dialog.message.text().startswith("The portal cannot be reached.")

    dialog = attempt(portal.url, "assessor3", "wrong")
    assert dialog.message.text() == "Wrong user name or password. Check both and try again."
    assert dialog.password.text() == "" and dialog.isVisible()
    save_shot(dialog, "sync_sign_in.png")
    assert ws.sync_state() is None  # nothing pinned by a failed sign-in

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())  # no keyring at all on this computer
    try:
        dialog = attempt(portal.url, "assessor3", password)
    finally:
        keyring.set_keyring(previous)
    assert "no secure keyring" in dialog.message.text()
    assert ws.sync_state() is None

    dialog = attempt(portal.url, "assessor3", password)
    assert not dialog.isVisible() and dialog.password.text() == ""
    state = ws.sync_state()
    assert state is not None and state.username == "assessor3"
    token = credentials.load_token(portal.url, "assessor3")
    assert token
    for root in (ws.data_dir, Path(os.environ["XDG_CONFIG_HOME"])):
        for path in root.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                assert password.encode() not in data and token.encode() not in data, path

    # The portal comes back with another signing key: refused, the pinned one is kept.
    portal.stop()
    (portal.data / "signing_key.pem").unlink()
    portal.start()
    dialog = attempt(portal.url, "assessor3", password)
    assert "not the portal this workspace belongs to" in dialog.message.text()
    assert "different signing key" in dialog.message.text()
    again = ws.sync_state()
    assert again is not None and again.signing_key == state.signing_key


def test_a_conflict_shows_both_values_and_the_person_chooses(
    qtbot: QtBot, portal: Portal, workspaces: dict[str, Workspace], windows: list[MainWindow]
) -> None:
    laptop, desktop = workspaces["laptop"], workspaces["desktop"]
    for ws in (laptop, desktop):
        sign_in(ws, portal.url, "assessor1", "demo")
    window = open_window(qtbot, windows, desktop)
    assert sync_in_window(qtbot, window).downloaded == 5
    assert sync_elsewhere(laptop).downloaded == 5

    sid = queue_ids(window)[0]
    (good, good_label), (bad, bad_label) = levels(desktop, sid)
    t1, t2 = targets(desktop, sid)[:2]
    laptop.judge(sid, t1, good, "laptop says proficient")
    laptop.judge(sid, t2, good, "laptop on t2")
    assert sync_elsewhere(laptop).up_to_date

    desktop.judge(sid, t1, bad, "desktop says not yet")
    desktop.judge(sid, t2, bad, "desktop on t2")
    report = sync_in_window(qtbot, window)
    assert report.conflicts == 2
    sync_ui = window.sync_ui
    assert sync_ui.status.text() == "2 conflicts"
    assert queue_status(window, sid) == "Conflict"

    qtbot.mouseClick(sync_ui.status, Qt.MouseButton.LeftButton)
    panel = sync_ui.panel
    assert panel is not None and panel.isVisible()
    assert panel.count_labels["conflicts"].text() == "2"
    assert panel.conflicts_button.isEnabled()
    qtbot.wait(50)
    save_shot(panel, "sync_panel.png")

    qtbot.mouseClick(panel.conflicts_button, Qt.MouseButton.LeftButton)
    dialog = sync_ui.conflicts_dialog
    assert isinstance(dialog, ConflictsDialog) and dialog.isVisible()
    assert len(dialog.cards) == 2
    rubric = desktop.submission(sid).manifest.rubric
    card1, card2 = dialog.card(sid, t1), dialog.card(sid, t2)
    assert card1 is not None and card2 is not None
    assert card1.view.target == rubric.target_label(t1)
    assert card1.view.mine_level == f"{bad_label} ({bad})"
    assert card1.view.portal_level == f"{good_label} ({good})"
    assert card1.mine_text.text() == "desktop says not yet"
    assert card1.portal_text.text() == "laptop says proficient"
    assert bad_label in card1.mine_box.findChildren(type(card1.mine_text))[0].text()
    qtbot.wait(50)
    save_shot(dialog, "sync_conflicts.png")

    qtbot.mouseClick(card1.keep_mine, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(card2.keep_theirs, Qt.MouseButton.LeftButton)
    assert not card1.keep_theirs.isEnabled() and not card2.keep_mine.isEnabled()
    assert card1.outcome.text().startswith("Kept yours")
    assert desktop.judgments(sid)[t1].comment == "desktop says not yet"
    assert desktop.judgments(sid)[t2].comment == "laptop on t2"
    assert desktop.conflicts() == []
    assert sync_ui.controller.overview.conflicts == 0
    assert queue_status(window, sid) != "Conflict"
    assert "conflict" not in sync_ui.status.text()

    assert sync_in_window(qtbot, window).up_to_date
    assert portal.judgments_of("assessor1", sid) == {
        t1: "desktop says not yet",
        t2: "laptop on t2",
    }
    assert sync_elsewhere(laptop).up_to_date
    assert laptop.judgments(sid)[t1].comment == "desktop says not yet"


def test_offline_keeps_changes_waiting_and_cancel_leaves_everything_consistent(
    qtbot: QtBot, portal: Portal, workspaces: dict[str, Workspace], windows: list[MainWindow]
) -> None:
    ws = workspaces["a"]
    sign_in(ws, portal.url, "assessor1", "demo")
    window = open_window(qtbot, windows, ws)
    sync_ui = window.sync_ui
    controller = sync_ui.controller
    assert sync_in_window(qtbot, window).up_to_date
    sid = queue_ids(window)[0]
    (good, _), _ = levels(ws, sid)
    target = targets(ws, sid)[0]

    portal.stop()
    ws.judge(sid, target, good, "written offline")
    window.refresh_status()
    with qtbot.waitSignal(controller.failed, timeout=SYNC_MS) as failed:
        assert controller.sync_now()
        assert sync_ui.status.text().startswith("Syncing…")
    assert "cannot be reached" in failed.args[0]
    assert controller.state is SyncActivity.OFFLINE
    assert sync_ui.status.text() == "Offline · 1 change waiting"
    assert ws.pending_changes() == 1
    panel = sync_ui.show_panel()
    assert panel.problem.isVisible() and "cannot be reached" in panel.problem.text()
    assert panel.title.text().startswith("Offline")
    assert panel.count_labels["pending"].text() == "1"
    save_shot(window, "sync_window_offline.png")
    save_shot(panel, "sync_panel_offline.png")

    # Cancel while the sync waits for the portal: it stops at once and keeps the change.
    assert controller.sync_now()
    assert not controller.sync_now()  # never two at once
    assert panel.cancel_button.isVisible() and panel.cancel_button.isEnabled()
    qtbot.wait(300)
    save_shot(panel, "sync_panel_syncing.png")
    started = time.monotonic()
    with qtbot.waitSignal(controller.cancelled, timeout=10_000):
        qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    assert time.monotonic() - started < 3
    assert controller.state is SyncActivity.IDLE and not controller.running
    assert not panel.progress_box.isVisible()
    [entry] = ws.outbox()
    assert entry.status is OpState.PENDING and entry.target_id == target
    assert ws.judgments(sid)[target].comment == "written offline"

    portal.start()
    report = sync_in_window(qtbot, window)
    assert report.acked == 1 and report.up_to_date
    assert portal.judgments_of("assessor1", sid) == {target: "written offline"}
    assert sync_ui.status.text().endswith(" · up to date")
    assert not panel.problem.isVisible()


def test_withdrawn_and_refused_work_is_kept_and_shown(
    qtbot: QtBot, portal: Portal, workspaces: dict[str, Workspace], windows: list[MainWindow]
) -> None:
    laptop, desktop = workspaces["laptop"], workspaces["desktop"]
    for ws in (laptop, desktop):
        sign_in(ws, portal.url, "assessor1", "demo")
    window = open_window(qtbot, windows, desktop)
    sync_in_window(qtbot, window)
    sync_elsewhere(laptop)
    sid_submitted, sid_withdrawn = queue_ids(window)[:2]

    _, (bad, _) = levels(desktop, sid_withdrawn)
    t = targets(desktop, sid_withdrawn)[0]
    desktop.judge(sid_withdrawn, t, bad, "my work stays")
    assert sync_in_window(qtbot, window).up_to_date

    # The laptop submits one submission; the desktop, not synced since, still judges it.
    for target in targets(laptop, sid_submitted):
        laptop.judge(sid_submitted, target, bad, f"feedback on {target}")
    laptop.submit(sid_submitted)
    assert sync_elsewhere(laptop).up_to_date
    late = targets(desktop, sid_submitted)[0]
    desktop.judge(sid_submitted, late, bad, "too late")
    # The other submission is withdrawn from this assessor, with work on it.
    portal.cli("unassign", sid_withdrawn, "--from", "assessor1", "--reason", "reassigned")

    report = sync_in_window(qtbot, window)
    assert report.not_accepted == 1 and report.revoked_unacknowledged == 1
    sync_ui = window.sync_ui
    assert sync_ui.status.text() == "1 change not accepted · 1 submission withdrawn"
    assert queue_status(window, sid_withdrawn) == "Revoked"

    panel = sync_ui.show_panel()
    assert panel.revoked.isVisible() and sid_withdrawn in panel.revoked.buttons
    assert panel.not_accepted_button.isEnabled()
    qtbot.mouseClick(panel.not_accepted_button, Qt.MouseButton.LeftButton)
    table = sync_ui.not_accepted_dialog
    assert table is not None and table.isVisible()
    assert table.table.rowCount() == 1
    row = [table.table.item(0, c).text() for c in range(table.table.columnCount())]
    assert row[1] == sid_submitted and row[4] == "Locked" and "too late" in row[3]
    assert "submitted" in row[5]
    assert desktop.not_accepted()[0].comment == "too late"  # kept, never dropped

    bundle_dir = desktop.submission(sid_withdrawn).bundle_dir
    qtbot.mouseClick(panel.revoked.buttons[sid_withdrawn], Qt.MouseButton.LeftButton)
    assert not bundle_dir.exists()
    assert desktop.judgments(sid_withdrawn)[t].comment == "my work stays"
    assert not panel.revoked.isVisible()
    assert sync_ui.status.text() == "1 change not accepted"
    summary = next(s for s in desktop.submissions() if s.id == sid_withdrawn)
    assert summary.status is SubmissionStatus.REVOKED


def test_the_controller_syncs_on_its_own_while_signed_in_and_never_twice_at_once(
    qtbot: QtBot, portal: Portal, workspaces: dict[str, Workspace]
) -> None:
    ws = workspaces["a"]
    controller = SyncController(ws, interval_ms=200)
    assert controller.state is SyncActivity.SIGNED_OUT
    with qtbot.waitSignal(controller.failed, timeout=1000) as failed:
        assert not controller.sync_now()
    assert "not signed in" in failed.args[0]
    qtbot.wait(500)
    assert not controller.running  # the timer does nothing while nobody is signed in

    sign_in(ws, portal.url, "assessor1", "demo")
    controller.signed_in()
    assert controller.state is SyncActivity.IDLE
    states: list[str] = []
    controller.state_changed.connect(states.append)
    with qtbot.waitSignal(controller.finished, timeout=SYNC_MS) as done:
        pass  # the timer starts it
    assert done.args[0].downloaded == 5
    assert states[:2] == ["syncing", "idle"]
    controller.set_interval(0)
    assert controller.interval_ms == 0
    assert controller.shutdown()

    # The portal no longer knows the token: sign in needed, and the timer stops trying.
    credentials.store_token(portal.url, "assessor1", "not-a-token")
    with qtbot.waitSignal(controller.failed, timeout=SYNC_MS) as failed:
        controller.sync_now()
    assert controller.state is SyncActivity.SIGNED_OUT
    assert "Sign in to a portal" in failed.args[0] and "assessor-app" not in failed.args[0]
    assert controller.shutdown()
