"""Take the lead's screenshots (reconcile view, agreement dashboard) from the real demo.

The demo portal is started as ``assessor-app --demo --demo-user lead1`` does: five
submissions already scored blind by two demo assessors are released to ``lead1``. The
workspace syncs once, then the window opens a submission that is ready to reconcile, the
lead accepts a few judgments, and the screen is grabbed. Run from the project root on an X
display (a virtual one is fine)::

    Xvfb :55 -screen 0 1600x1000x24 &
    DISPLAY=:55 QT_QPA_PLATFORM=xcb uv run python docs/screenshots/capture_lead.py
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from capture import HEIGHT, WIDTH, grab, run_steps  # the sibling script

from assessor_app.demo import DEMO_LEAD, start_demo
from assessor_app.sync.engine import SyncEngine
from assessor_app.sync.session import open_client
from assessor_app.ui.app import make_application, settings_for
from assessor_app.ui.main_window import MainWindow
from assessor_app.workspace import Workspace

READY = "MC-L6QT-82HD"  # the demo lead's submission with the most disagreements


def main() -> int:
    app = make_application()
    with tempfile.TemporaryDirectory(prefix="assessor-lead-shots-") as tmp:
        demo = start_demo(Path(tmp) / "demo", sys.stdout, DEMO_LEAD)
        try:
            with Workspace.open(demo.workspace_dir) as ws:
                with open_client(ws) as client:
                    SyncEngine(ws, client).run()
                window = MainWindow(ws, settings_for(demo.workspace_dir), demo=True)
                window.setGeometry(0, 0, WIDTH, HEIGHT)
                window.show()
                steps: list[tuple[int, Callable[[], None]]] = []

                def reconcile() -> None:
                    window.open_submission(READY)
                    view = window.scoring
                    assert view is not None
                    session = view.session
                    # Accept assessor A where both agree on the first few details, so the
                    # picture shows decided rows beside open disagreements.
                    scores = ws.blind_scores(READY)
                    assert scores is not None
                    first, second = scores
                    for target in session.rubric.target_ids()[:6]:
                        a, b = first.judgments.get(target), second.judgments.get(target)
                        if a is not None and b is not None and a.level == b.level and a.level:
                            session.judge(target, a.level, a.comment)
                    view.rubric.focus_list()

                def dashboard() -> None:
                    window.show_queue()
                    assert window.lead_ui is not None
                    window.lead_ui.show_dashboard()

                def grab_dashboard() -> None:
                    assert window.lead_ui is not None
                    dialog = window.lead_ui.dashboard
                    assert dialog is not None
                    dialog.setGeometry(60, 40, 1480, 920)

                steps += [
                    (1500, grab("lead-queue.png")),
                    (300, reconcile),
                    (2500, grab("reconcile.png")),
                    (300, dashboard),
                    (300, grab_dashboard),
                    (1500, grab("dashboard.png")),
                    (300, window.close),
                    (200, app.quit),
                ]
                run_steps(steps)
        finally:
            demo.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
