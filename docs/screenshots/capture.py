"""Take the screenshots used in the README and the docs, from the real app on demo data.

Run on an X display (a virtual one is fine), from the project root::

    Xvfb :55 -screen 0 1600x1000x24 &
    DISPLAY=:55 QT_QPA_PLATFORM=xcb uv run python docs/screenshots/capture.py

The whole screen is grabbed (not the widget), so the video frame that libVLC draws into its
own native window is in the picture too.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from assessor_app.portal.demo import write_demo_bundles
from assessor_app.ui.app import make_application, settings_for
from assessor_app.ui.main_window import MainWindow
from assessor_app.workspace import Workspace

OUT = Path(__file__).resolve().parent
WIDTH, HEIGHT = 1600, 1000
PDF_SUBMISSION, PDF_TARGET = "MC-7K2Q-91PX", "bir-1.1"
VIDEO_SUBMISSION, VIDEO_TARGET = "MC-7K2Q-91PX", "bir-3.2"
BAD_SUBMISSION = "MC-3HDW-48TN"


def grab(name: str) -> Callable[[], None]:
    """A step that saves the whole screen (native video windows included) as ``name``."""

    def take() -> None:
        shot = QApplication.primaryScreen().grabWindow(0, 0, 0, WIDTH, HEIGHT)
        shot.save(str(OUT / name))
        print(f"wrote {OUT / name}")

    return take


def run_steps(steps: list[tuple[int, Callable[[], None]]]) -> None:
    """Schedule ``steps`` (wait in ms after the previous one, action) and run the loop."""
    delay = 0
    for wait, step in steps:
        delay += wait
        QTimer.singleShot(delay, step)
    QApplication.exec()


def main() -> int:
    app = make_application()
    with tempfile.TemporaryDirectory(prefix="assessor-shots-") as tmp:
        data = Path(tmp) / "workspace"
        with Workspace.open(data) as ws:
            for bundle in write_demo_bundles(Path(tmp) / "bundles"):
                ws.import_bundle(bundle)
            window = MainWindow(ws, settings_for(data), demo=True)
            window.setGeometry(0, 0, WIDTH, HEIGHT)
            window.show()
            steps: list[tuple[int, Callable[[], None]]] = []

            def open_citation(submission: str, target: str, index: int = 0) -> Callable[[], None]:
                def run() -> None:
                    if window.scoring is None or window.scoring.session.submission_id != submission:
                        window.open_submission(submission)
                    assert window.scoring is not None
                    window.scoring.session.set_current_target(target)
                    window.scoring.rubric.open_citation(index)

                return run

            def judge_some() -> None:
                assert window.scoring is not None
                session = window.scoring.session
                for target in session.rubric.target_ids()[:4]:
                    session.set_level(target, "P")
                session.set_current_target(PDF_TARGET)

            steps = [
                (800, grab("queue.png")),
                (200, lambda: window.open_submission(PDF_SUBMISSION)),
                (300, judge_some),
                (300, open_citation(PDF_SUBMISSION, PDF_TARGET)),
                (2500, grab("scoring-pdf.png")),
                (200, open_citation(VIDEO_SUBMISSION, VIDEO_TARGET, 1)),
                (4000, grab("scoring-video.png")),
                (200, window.show_queue),
                (200, lambda: window.open_submission(BAD_SUBMISSION)),
                (300, open_citation(BAD_SUBMISSION, "bir-3.3")),
                (2500, grab("bad-citation.png")),
                (200, window.show_queue),
                (100, window.close),
                (100, app.quit),
            ]
            run_steps(steps)
    return 0


if __name__ == "__main__":
    if QApplication.instance() is None and "--help" in sys.argv:
        print(__doc__)
        raise SystemExit(0)
    raise SystemExit(main())
