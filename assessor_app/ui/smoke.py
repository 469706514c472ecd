"""``assessor-app --smoke-test``: start the real app, see its main window work, quit.

Used on a freshly built package (``packaging/smoke.sh``) to prove that everything the app
loads at run time made it into the build: Qt and its platform and image plugins, the
workspace store and its Alembic migrations (a fresh data folder is migrated from nothing),
the manifest schema and the window icon. With ``--demo`` it also waits for the first sync with
the built-in portal, which exercises the bundled web server, HTTP client, signatures and
bundle import, and requires the queue to fill.

The real start-up path runs unchanged (:func:`assessor_app.ui.app.run_app`); this module only
watches it from an application-wide event filter: the main window's first paint, then its
workspace being attached (opened and migrated), then, when the workspace is signed in, the
end of the first sync. It then closes the window the normal way, so the shutdown path runs as
well. A message box (an error, the crash dialog) is recorded as a failure and answered, since
nobody is there to read it. If nothing happens in time, :mod:`faulthandler` prints where every
thread is and ends the process with exit code 1 (it needs no Python thread, so it fires even
while a modal loop holds the interpreter).
"""

from __future__ import annotations

import faulthandler
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from assessor_app import APP_ID

SMOKE_TIMEOUT_S = 120.0
POLL_MS = 100


@dataclass
class SmokeResult:
    """What the watcher saw; ``problems`` empty means the smoke test passed."""

    painted: bool = False
    workspace_attached: bool = False
    icon_loaded: bool = False
    submissions: int | None = None
    problems: list[str] = field(default_factory=list)


class StartupWatcher(QObject):
    """Follows the start-up of the main window and closes it once it is fully up."""

    def __init__(self, app: QApplication, result: SmokeResult) -> None:
        super().__init__(app)
        self._app = app
        self._result = result
        self._window: Any = None  # the MainWindow, once it has painted
        self._done = False
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._step)
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Show and isinstance(watched, QMessageBox):
            text = " ".join(t for t in (watched.text(), watched.informativeText()) if t)
            self._fail(f"the app showed a message: {text}")
            QTimer.singleShot(0, watched.reject)
        elif self._window is None and kind == QEvent.Type.Paint and isinstance(watched, QWidget):
            window = watched.window()
            if window.objectName() == "mainWindow":
                self._window = window
                failed = getattr(window, "open_failed", None)
                if failed is not None:
                    failed.connect(self._open_failed)
                # Let this paint reach the screen before looking further.
                QTimer.singleShot(0, self._painted)
        return False

    def _painted(self) -> None:
        self._result.painted = True
        self._result.icon_loaded = not self._app.windowIcon().isNull()
        if not self._result.icon_loaded:
            self._result.problems.append(f"the window icon {APP_ID}.svg did not load")
        self._poll.start()
        self._step()

    def _open_failed(self, message: str) -> None:
        self._fail(f"the workspace cannot be opened: {message}")

    def _fail(self, problem: str) -> None:
        self._result.problems.append(problem)
        if self._window is not None:
            QTimer.singleShot(0, self._finish)

    def _step(self) -> None:
        window = self._window
        if self._done or window is None or window.workspace is None:
            return  # the workspace is still being opened on its worker
        self._result.workspace_attached = True
        if window.workspace.sync_state() is not None and not self._first_sync_over(window):
            return
        self._finish()

    def _first_sync_over(self, window: Any) -> bool:
        sync_ui = getattr(window, "sync_ui", None)
        if sync_ui is None:
            return False
        controller = sync_ui.controller
        if controller.running or (controller.last_report is None and not controller.last_error):
            return False
        if controller.last_error:
            self._result.problems.append(f"the first sync failed: {controller.last_error}")
        self._result.submissions = len(window.workspace.submissions())
        if not self._result.submissions:
            self._result.problems.append("the first sync brought no submissions into the queue")
        return True

    def _finish(self) -> None:
        if self._done:
            return
        self._done = True
        self._poll.stop()
        self._app.removeEventFilter(self)
        if self._window is not None:
            self._window.close()  # the normal close: window state saved, sync shut down
        else:
            self._app.quit()


def _check_package_data(result: SmokeResult, data_dir: Path) -> None:
    """The data files the app reads by path or as package resources, checked after the run."""
    from assessor_app.bundle.manifest import manifest_schema
    from assessor_app.storage.engine import create_sqlite_engine
    from assessor_app.storage.migrate import HEAD_REVISION, current_revision, head_revision
    from assessor_app.workspace import DB_NAME

    if "properties" not in manifest_schema():
        result.problems.append("the bundle manifest schema has no properties")
    if head_revision() != HEAD_REVISION:
        result.problems.append(
            f"the shipped migrations end at {head_revision()}, the app expects {HEAD_REVISION}"
        )
    engine = create_sqlite_engine(data_dir / DB_NAME)
    try:
        stored = current_revision(engine)
    finally:
        engine.dispose()
    if stored != HEAD_REVISION:
        result.problems.append(f"the new workspace is at schema {stored}, not {HEAD_REVISION}")


def _watchdog_stream(err: TextIO | None) -> TextIO | None:
    """A stream with a real file descriptor for faulthandler (``err`` may be a StringIO, and
    a windowed program on Windows has no stderr at all); None when there is none."""
    for stream in (err, sys.__stderr__):
        try:
            if stream is not None:
                stream.fileno()
                return stream
        except (AttributeError, OSError, ValueError):
            continue
    return None


def run_smoke_test(
    data_dir: Path,
    start: Callable[[Path], int],
    *,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
    timeout_s: float | None = None,
) -> int:
    """Run ``start(data_dir)`` (the app's real start-up) under the watcher; 0 when all is well.

    ``data_dir`` is the workspace folder ``start`` opens; it should be new and empty.
    """
    from assessor_app.ui.app import make_application

    stream = _watchdog_stream(err)
    if stream is not None:
        faulthandler.dump_traceback_later(timeout_s or SMOKE_TIMEOUT_S, exit=True, file=stream)
    try:
        result = SmokeResult()
        StartupWatcher(make_application(), result)
        code = start(data_dir)
    finally:
        faulthandler.cancel_dump_traceback_later()
    if code != 0:
        result.problems.append(f"the app exited with {code}")
    if not result.painted:
        result.problems.append("the main window never painted")
    if result.workspace_attached:
        _check_package_data(result, data_dir)
    elif not result.problems:
        result.problems.append("the window closed before the workspace was opened")
    if result.problems:
        for problem in result.problems:
            print(f"smoke FAILED: {problem}", file=err)
        return 1
    queue = "" if result.submissions is None else f", {result.submissions} submission(s) synced"
    print(
        f"smoke ok (main window painted, workspace opened at the current schema{queue})",
        file=out,
    )
    return 0
