"""Start-up: process start to the first painted window, against a bare PySide6 window.

Run on demand (the suite's Xvfb gives a real display)::

    uv run pytest tests/bench/bench_startup.py -s --override-ini addopts=""

Each case runs in a fresh Python process; the time is from just before the process is
spawned to the moment the window's first paint event ends, as the child reports it with the
wall clock. Cases: a bare ``QWidget`` (the floor: interpreter + Qt start-up), the app's main
window on an empty workspace, and on a workspace holding 500 assignments (the queue loaded).
Targets: app/bare at most 2x; with 500 assignments, printed for the record. The window is
painted as a shell first and the workspace opened after that paint, as the app starts; the
time until the workspace is attached and the queue filled is printed too.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from support.bundles import write_sample_bundle

from assessor_app.workspace import Workspace

pytestmark = pytest.mark.bench

RUNS = 5
ASSIGNMENTS = 500

_PAINT_PROBE = textwrap.dedent(
    """
    import sys, time
    from PySide6.QtCore import QEvent, QObject, QTimer
    {setup}
    class FirstPaint(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint and obj is window:
                QTimer.singleShot(0, lambda: (print(time.time(), flush=True), app.quit()))
                obj.removeEventFilter(self)
            return False
    probe = FirstPaint()
    window.installEventFilter(probe)
    window.show()
    app.exec()
    """
)

BARE = _PAINT_PROBE.format(
    setup=textwrap.dedent(
        """
        from PySide6.QtWidgets import QApplication, QWidget
        app = QApplication([])
        window = QWidget()
        window.resize(1200, 800)
        """
    )
)

# As ``run_app`` starts: the window is shown as a shell and the workspace is opened on a
# worker after the first paint (``MainWindow.open_workspace``).
_APP_SETUP = textwrap.dedent(
    """
    from pathlib import Path
    from assessor_app.ui.app import make_application, settings_for
    from assessor_app.ui.main_window import MainWindow
    app = make_application([])
    data = Path(sys.argv[1])
    window = MainWindow(None, settings_for(data))
    window.resize(1200, 800)
    window.open_workspace(data)
    """
)
APP = _PAINT_PROBE.format(setup=_APP_SETUP)

# The same start, timed until the workspace is attached and the queue filled.
QUEUE_READY = textwrap.dedent(
    """
    import sys, time
    from PySide6.QtCore import QTimer
    {setup}
    def ready():
        print(time.time(), window.queue.model.rowCount(), flush=True)
        window.close()
        window.finish()
        app.quit()
    window.workspace_attached.connect(lambda: QTimer.singleShot(0, ready))
    window.show()
    app.exec()
    """
).format(setup=_APP_SETUP)


def _time_to_paint(script: str, *args: str) -> float:
    start = time.time()
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return float(done.stdout.strip().splitlines()[-1].split()[0]) - start


def _median(script: str, *args: str) -> float:
    _time_to_paint(script, *args)  # warm the OS file cache
    return statistics.median(_time_to_paint(script, *args) for _ in range(RUNS))


@pytest.fixture(scope="module")
def full_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("startup")
    data = root / "workspace"
    with Workspace.open(data) as ws:
        for n in range(ASSIGNMENTS):
            bundle = write_sample_bundle(root / "b.zip", f"SUB-BENCH-{n:04d}", pages=2)
            ws.import_bundle(bundle)
    return data


def test_startup_to_first_paint(tmp_path: Path, full_workspace: Path) -> None:
    Workspace.open(tmp_path / "empty").close()  # an existing workspace, as on every later start
    bare = _median(BARE)
    empty = _median(APP, str(tmp_path / "empty"))
    loaded = _median(APP, str(full_workspace))
    ready_empty = _median(QUEUE_READY, str(tmp_path / "empty"))
    ready_loaded = _median(QUEUE_READY, str(full_workspace))
    print()
    print(f"{'case':<44}{'median s':>10}{'vs bare':>10}")
    print(f"{'bare PySide6 QWidget':<44}{bare:>10.3f}{1.0:>10.2f}")
    print(f"{'main window, empty workspace':<44}{empty:>10.3f}{empty / bare:>10.2f}")
    print(
        f"{f'main window, {ASSIGNMENTS} assignments in the queue':<44}{loaded:>10.3f}"
        f"{loaded / bare:>10.2f}"
    )
    for label, value in (
        ("queue ready, empty workspace", ready_empty),
        (f"queue ready, {ASSIGNMENTS} assignments", ready_loaded),
    ):
        print(f"{label:<44}{value:>10.3f}{value / bare:>10.2f}")
    assert empty / bare <= 2.0, f"start-up is {empty / bare:.2f}x a bare window (target 2x)"
