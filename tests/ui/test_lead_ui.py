"""LeadUi on a real lead workspace: the view it picks, the Lead menu, exports of finalized
results (files written by :mod:`assessor_app.results`, named by the opaque code only), and
the queue's lead columns."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import pymupdf
import pytest
from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot
from support.lead_data import SCORES_A, SCORES_B
from support.lead_workspace import LeadDevice, Released

from assessor_app.ui.lead.lead_ui import LeadUi
from assessor_app.ui.lead.reconcile_view import ReconcileView
from assessor_app.ui.lead.results_export import Issuer
from assessor_app.ui.queue_view import COLUMNS, LEAD_COLUMNS, QueueView
from assessor_app.ui.scoring.scoring_view import ScoringView
from assessor_app.ui.scoring.session import ScoringSession
from assessor_app.workspace import Workspace

EARNED, NOT_YET, WAITING, OPEN = "SUB-LEAD-0001", "SUB-LEAD-0002", "SUB-LEAD-0003", "SUB-LEAD-0004"
TARGETS = ("part1", "part3", "eo1.1", "eo1.2", "eo2.1")
ISSUER = Issuer(
    "https://badges.example.org/issuers/leadership",
    "Leadership Micro-credential Program",
    "https://evidence.example.org/portfolios/",
)


class Exports:
    """Answers the save dialog with ``folder``/<proposed name> and records what was asked."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.proposed: list[str] = []
        self.informed: list[str] = []

    def choose(self, _title: str, proposed: Path, _filter: str) -> Path:
        self.proposed.append(proposed.name)
        return self.folder / proposed.name

    def inform(self, _title: str, text: str) -> None:
        self.informed.append(text)


@pytest.fixture
def workspace(tmp_path: Path, data_dir: Path) -> Iterator[Workspace]:
    """Four led submissions: finalized earned, finalized not yet, waiting, released."""
    with Workspace.open(data_dir) as ws:
        device = LeadDevice(
            ws, tmp_path / "bundles", [EARNED, NOT_YET, WAITING, OPEN], full_reflection=True
        )
        device.add(
            [
                Released(EARNED),
                Released(NOT_YET),
                Released(WAITING, released=False),
                Released(OPEN),
            ]
        )
        for target in TARGETS:
            ws.judge(EARNED, target, "P", "", rationale="Both the agenda and minutes show it.")
        ws.submit(EARNED)
        for target in TARGETS:
            level, comment = SCORES_A[target]
            ws.judge(NOT_YET, target, level, comment, rationale="A read the evidence right.")
        ws.submit(NOT_YET)
        yield ws


@pytest.fixture
def exports(tmp_path: Path) -> Exports:
    folder = tmp_path / "out"
    folder.mkdir()
    return Exports(folder)


@pytest.fixture
def lead_ui(workspace: Workspace, exports: Exports, qtbot: QtBot) -> Iterator[LeadUi]:
    window = QMainWindow()
    qtbot.addWidget(window)
    selected: list[str | None] = [None]
    ui = LeadUi(
        workspace,
        window,
        selected_submission=lambda: selected[0],
        choose_path=exports.choose,
        inform=exports.inform,
        ask_issuer=lambda _previous: ISSUER,
    )
    ui.select = lambda sid: selected.__setitem__(0, sid)  # type: ignore[attr-defined]
    ui.host_window = window  # type: ignore[attr-defined]  # pytest-qt keeps a weak reference
    yield ui
    ui.close_dialogs()


def test_the_view_follows_the_role(workspace: Workspace, lead_ui: LeadUi, qtbot: QtBot) -> None:
    session = ScoringSession(workspace, WAITING)
    view = lead_ui.view_for(session)
    qtbot.addWidget(view)
    assert isinstance(view, ReconcileView)
    view.close_session()


def test_a_file_import_gets_the_scoring_view(tmp_path: Path, data_dir: Path, qtbot: QtBot) -> None:
    from support.bundles import write_sample_bundle

    with Workspace.open(data_dir) as ws:
        sid = ws.import_bundle(write_sample_bundle(tmp_path / "a.zip"))
        window = QMainWindow()
        qtbot.addWidget(window)
        ui = LeadUi(ws, window)
        view = ui.view_for(ScoringSession(ws, sid))
        assert isinstance(view, ScoringView) and not isinstance(view, ReconcileView)
        view.close_session()


def test_the_lead_menu(lead_ui: LeadUi) -> None:
    texts = [a.text() for a in lead_ui.menu.actions()]
    assert texts[:2] == ["&Agreement dashboard…", "&Identity reports…"]
    assert [a.text() for a in lead_ui.export_menu.actions() if a.text()] == [
        "Export feedback &report (PDF)…",
        "Export Open &Badges result (JSON)…",
        "Export results (&CSV)…",
    ]
    assert lead_ui.menu.title() == "&Lead"
    assert set(lead_ui.actions()) >= {lead_ui.dashboard_action, lead_ui.report_identity_action}


def test_exports_are_enabled_by_what_is_finalized(lead_ui: LeadUi) -> None:
    lead_ui.select(WAITING)  # type: ignore[attr-defined]
    lead_ui.update_actions()
    assert not lead_ui.export_report_action.isEnabled()
    assert not lead_ui.export_badge_action.isEnabled()
    assert lead_ui.export_csv_action.isEnabled()
    lead_ui.select(NOT_YET)  # type: ignore[attr-defined]
    lead_ui.update_actions()
    assert lead_ui.export_report_action.isEnabled()
    assert not lead_ui.export_badge_action.isEnabled()  # only when earned
    lead_ui.select(EARNED)  # type: ignore[attr-defined]
    lead_ui.update_actions()
    assert lead_ui.export_badge_action.isEnabled()


def test_feedback_report_pdf(lead_ui: LeadUi, exports: Exports) -> None:
    lead_ui.select(NOT_YET)  # type: ignore[attr-defined]
    path = lead_ui.export_report()
    assert path == exports.folder / f"feedback-{NOT_YET}.pdf"
    assert exports.proposed == [f"feedback-{NOT_YET}.pdf"]
    with pymupdf.open(path) as doc:
        text = "".join(page.get_text() for page in doc)
    assert NOT_YET in text
    assert SCORES_A["eo2.1"][1] in text  # the final feedback the candidate reads
    assert "assessor1" not in text and "A read the evidence right." not in text  # no rationale


def test_open_badges_json_only_when_earned(lead_ui: LeadUi, exports: Exports) -> None:
    lead_ui.select(NOT_YET)  # type: ignore[attr-defined]
    assert lead_ui.export_badge() is None
    assert "did not earn the credential" in exports.informed[-1]
    assert list(exports.folder.iterdir()) == []

    lead_ui.select(EARNED)  # type: ignore[attr-defined]
    path = lead_ui.export_badge()
    assert path == exports.folder / f"badge-{EARNED}.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    assert "OpenBadgeCredential" in document["type"]
    assert document["issuer"]["name"] == ISSUER.issuer_name
    text = path.read_text(encoding="utf-8")
    assert "assessor1" not in text and "assessor2" not in text
    assert "Both the agenda and minutes show it." not in text  # no rationale


def test_results_csv_of_every_finalized_submission(lead_ui: LeadUi, exports: Exports) -> None:
    path = lead_ui.export_csv()
    assert path is not None and path.parent == exports.folder
    assert path.name.startswith("finalized-results-") and path.suffix == ".csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    ids = {row[0] for row in rows[1:]}
    assert ids == {EARNED, NOT_YET}
    assert len(rows) == 1 + 2 * len(TARGETS)


def test_queue_shows_the_lead_columns(workspace: Workspace, qtbot: QtBot) -> None:
    queue = QueueView()
    qtbot.addWidget(queue)
    queue.set_submissions(workspace.submissions())
    model = queue.model
    rows = {
        model.data(model.index(r, 0)): [model.data(model.index(r, c)) for c in range(len(COLUMNS))]
        for r in range(model.rowCount())
    }
    status, role, disagreements = 3, LEAD_COLUMNS[0], LEAD_COLUMNS[1]
    assert rows[WAITING][status] == "Waiting for assessors"
    assert rows[EARNED][status] == "Reconciled"
    assert rows[OPEN][status] == "Ready to reconcile"
    assert [rows[s][role] for s in (EARNED, NOT_YET, WAITING)] == ["Lead"] * 3
    disagree = sum(1 for t in TARGETS if SCORES_A[t][0] != SCORES_B[t][0])
    assert rows[EARNED][disagreements] == str(disagree)
    assert rows[WAITING][disagreements] == "—"
    assert all(not queue.table.isColumnHidden(c) for c in LEAD_COLUMNS)


def test_the_main_window_wires_the_lead_ui(workspace: Workspace, qtbot: QtBot) -> None:
    """In the real window: the Lead menu sits before Help, a led submission opens in the
    reconcile view, and "Report identity exposed…" is in the Scoring menu."""
    from assessor_app.ui.app import settings_for
    from assessor_app.ui.main_window import MainWindow

    window = MainWindow(workspace, settings_for(workspace.data_dir))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.lead_ui is not None
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles.index(window.lead_ui.menu.title()) == titles.index("&Help") - 1
    assert window.lead_ui.report_identity_action in window.score_menu.actions()
    window.open_submission(OPEN)
    assert isinstance(window.scoring, ReconcileView)
    assert window.windowTitle().startswith(OPEN)
    window.show_queue()
    window.detach_workspace()
    assert window.lead_ui is None
    assert all(a.text() != "&Lead" for a in window.menuBar().actions())


def test_a_lead_sees_the_lead_menu(lead_ui: LeadUi) -> None:
    lead_ui.update_actions()
    assert lead_ui.menu.menuAction().isVisible()
