"""Screenshots of the narrative pane for a visual check (not a test).

    uv run python tests/ui/screenshot_narrative.py [OUT_DIR]

Builds a workspace in a temp dir, imports the sample bundle and a richer demo bundle (five
prompts, paragraphs, one prompt left unanswered, text tied to no prompt), and saves the pane
at 700x800: ``narrative.png`` (sample, Part 1), ``narrative_part3.png``,
``narrative_overview.png``, ``narrative_demo.png`` and ``narrative_demo_end.png`` (top and end
of the demo's Part 1), ``narrative_find.png`` (find bar open, a selection counted) and
``narrative_dark.png`` (a dark palette).
"""

from __future__ import annotations

import dataclasses
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtGui import QColor, QPalette, QTextCursor
from PySide6.QtWidgets import QApplication
from support.bundles import make_pdf, sample_manifest, write_sample_bundle

from assessor_app.bundle.writer import write_bundle
from assessor_app.domain.model import (
    Manifest,
    NarrativePart,
    NarrativeSection,
    Prompt,
)
from assessor_app.ui.scoring.narrative_pane import NarrativePane
from assessor_app.ui.scoring.session import ScoringSession
from assessor_app.workspace import Workspace

PROMPTS = (
    Prompt("p1", "What relationship did you set out to strengthen, and why did it matter?"),
    Prompt("p2", "How did you make yourself visible and approachable to staff?"),
    Prompt("p3", "How did you invite ideas that differ from your own?"),
    Prompt("p4", "What plan did you write, with what timeline and measures?"),
    Prompt("p5", "What would you do differently next time?"),
)

ANSWERS = {
    "p1": [
        "Our middle school had grown into three separate staff rooms that rarely spoke to each "
        "other. New teachers told me in their first-month check-ins that they did not know who "
        "to ask for help with a difficult class, and two of them left before the winter break.",
        "I chose to work on the link between grade-level teams and the support staff, because "
        "that is where a student who is struggling is first noticed and most often lost.",
    ],
    "p2": [
        "I moved my morning work to a table in the shared workroom for six weeks and kept a "
        "visible sign-up sheet for fifteen-minute conversations. I joined each team's planning "
        "meeting once a month as a listener, and closed every visit by naming one thing I would "
        "follow up on before the next one.",
    ],
    "p3": [
        "Staff meetings now open with a round in which each team brings one practice that is "
        "working and one that is not. Disagreement is recorded on the board next to the idea it "
        "answers, so nobody has to win the room to be heard.",
        "An anonymous form stays open all term; its answers are read aloud, unedited, at the "
        "start of the following meeting.",
    ],
    "p4": [
        "The plan sets three measures: attendance at the shared planning hour, the number of "
        "referrals made jointly by a teacher and a counsellor, and a short climate survey in "
        "October, February and May. Each measure has an owner and a date for review.",
    ],
}


def demo_manifest() -> Manifest:
    base = sample_manifest("SUB-DEMO-0007")
    part1 = dataclasses.replace(
        base.rubric.parts[0],
        instructions="Answer each guiding question in turn. Refer to your own school and "
        "your own actions; the answers together must reach the minimum.",
        min_words=1000,
        prompts=PROMPTS,
    )
    rubric = dataclasses.replace(base.rubric, parts=(part1, *base.rubric.parts[1:]))
    sections = [NarrativeSection(pid, "\n\n".join(paras)) for pid, paras in ANSWERS.items()]
    sections.append(NarrativeSection(None, "Word count and references are on the last page."))
    narratives = (NarrativePart("part1", tuple(sections)), base.narratives[1])
    credential = dataclasses.replace(
        base.credential,
        title="Building Internal Relationships",
        overview="The educator builds trusting relationships with students and staff, makes "
        "room for ideas that differ, and plans how those relationships will be sustained.",
    )
    return dataclasses.replace(base, credential=credential, rubric=rubric, narratives=narratives)


def dark_palette(palette: QPalette) -> QPalette:
    dark = QPalette(palette)
    for role, color in (
        (QPalette.ColorRole.Window, "#232427"),
        (QPalette.ColorRole.WindowText, "#e6e6e6"),
        (QPalette.ColorRole.Base, "#1c1d20"),
        (QPalette.ColorRole.Text, "#e6e6e6"),
        (QPalette.ColorRole.Button, "#2d2e32"),
        (QPalette.ColorRole.ButtonText, "#e6e6e6"),
        (QPalette.ColorRole.Highlight, "#4f8fd6"),
        (QPalette.ColorRole.PlaceholderText, "#9a9a9a"),
    ):
        dark.setColor(role, QColor(color))
    return dark


def shoot(pane: NarrativePane, path: Path) -> None:
    QApplication.processEvents()
    pane.grab().save(str(path))
    print(path)


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp")
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        workspace = Workspace.open(Path(tmp) / "workspace")
        try:
            sample = workspace.import_bundle(write_sample_bundle(Path(tmp) / "sample.zip"))
            demo_zip = Path(tmp) / "demo.zip"
            write_bundle(demo_zip, demo_manifest(), {"artifacts/a1.pdf": make_pdf(6)})
            demo = workspace.import_bundle(demo_zip)

            session = ScoringSession(workspace, sample)
            pane = NarrativePane(session)
            pane.resize(700, 800)
            pane.show()
            shoot(pane, out / "narrative.png")
            pane.show_part("part3")
            shoot(pane, out / "narrative_part3.png")
            pane.show_overview()
            shoot(pane, out / "narrative_overview.png")
            pane.close()
            session.close()

            session = ScoringSession(workspace, demo)
            pane = NarrativePane(session)
            pane.resize(700, 800)
            pane.show()
            shoot(pane, out / "narrative_demo.png")
            pane.set_scroll_fraction(1.0)
            shoot(pane, out / "narrative_demo_end.png")
            pane.set_scroll_fraction(0.0)
            cursor = QTextCursor(pane.view.document())
            start = pane.view.document().toRawText().index("I moved my morning")
            cursor.setPosition(start)
            cursor.setPosition(start + 160, QTextCursor.MoveMode.KeepAnchor)
            pane.view.setTextCursor(cursor)
            pane.find_text("staff")
            shoot(pane, out / "narrative_find.png")
            pane.find_bar.close_bar()
            pane.set_scroll_fraction(0.0)
            pane.setPalette(dark_palette(pane.palette()))
            shoot(pane, out / "narrative_dark.png")
            pane.close()
            session.close()
        finally:
            workspace.close()
    del app


if __name__ == "__main__":
    main()
