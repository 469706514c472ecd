"""The current target, read-only: what is judged, and the candidate's evidence for it.

For a detail: its outcome and text, the candidate's citations as numbered buttons (a click asks
the session to open the citation in the viewer), each citation's problem beside it, and the
candidate's explanation. For a judged part: its title, instructions, guiding questions and word
minimum, with the candidate's own word count.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from assessor_app.domain.model import Citation
from assessor_app.domain.wordcount import count_words
from assessor_app.ui.scoring.session import ScoringSession
from assessor_app.ui.scoring.target_info import Located, locate, problems_of
from assessor_app.ui.scoring.tones import Tones, css, warning_icon

_BY_MOUSE = Qt.TextInteractionFlag.TextSelectableByMouse
_BY_KEYBOARD = _BY_MOUSE | Qt.TextInteractionFlag.TextSelectableByKeyboard


def citation_text(session: ScoringSession, citation: Citation) -> str:
    """ "p. 4 · Meeting agenda", "01:12–01:40 · Staff meeting clip".

    The locator comes first: it is what the assessor scans for, and a long title is what a
    narrow panel cuts off.
    """
    artifact = session.manifest.artifact(citation.artifact_id)
    title = artifact.title if artifact else citation.artifact_id
    return f"{citation.locator()} · {title}"


def _label(text: str = "", *, wrap: bool = True, selectable: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if selectable:  # by mouse: only the explanation takes keyboard focus
        label.setTextInteractionFlags(_BY_MOUSE)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    return label


class CitationButton(QPushButton):
    """A button whose text is elided to its width (the full text is in the tooltip)."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = text
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 12)
        pad = max(2, self.fontMetrics().height() // 4)
        self.setStyleSheet(f"QPushButton {{ text-align: left; padding: {pad}px {pad * 2}px; }}")
        self.setText(text)

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        room = self.width() - self.iconSize().width() - self.fontMetrics().averageCharWidth() * 5
        self.setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, room))


class DetailView(QWidget):
    """Shows ``session.current_target``; citation clicks go to ``session.request_citation``.

    Text labels keep their text as their accessible name (so screen readers read the content);
    their accessible description says what the text is.
    """

    citations_changed = Signal()  # the citation buttons were rebuilt (tab order changes)

    def __init__(self, session: ScoringSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._buttons: list[CitationButton] = []
        self._problem_labels: list[QLabel] = []
        self._citations: list[Citation] = []
        self.setAccessibleName("Current detail")

        self._context = _label(selectable=True)  # "EO1 · Sets shared expectations"
        self._context.setAccessibleDescription("Essential outcome")
        self._title = _label(selectable=True)
        title_font = QFont(self.font())
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.15)
        self._title.setFont(title_font)
        self._title.setAccessibleDescription("What is judged")
        self._body = _label(selectable=True)  # part instructions / prompts
        self._body.setAccessibleDescription("Instructions of the part")
        self._words = _label()
        self._words.setAccessibleDescription("Word count of the candidate's text")

        self._evidence_heading = self._heading("Evidence cited by the candidate")
        self._citation_box = QVBoxLayout()
        self._citation_box.setSpacing(self.fontMetrics().height() // 4)
        self._no_citations = _label("The candidate cited no evidence for this detail.")
        self._explanation_heading = self._heading("Candidate's explanation")
        self._explanation = _label(selectable=True)
        self._explanation.setAccessibleDescription(
            "The candidate's explanation of how the evidence shows the detail"
        )
        self._explanation.setTextInteractionFlags(_BY_KEYBOARD)
        self._explanation.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        layout = QVBoxLayout(self)
        spacing = self.fontMetrics().height() // 2
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(spacing // 2)
        layout.addWidget(self._context)
        layout.addWidget(self._title)
        layout.addWidget(self._body)
        layout.addWidget(self._words)
        layout.addSpacing(spacing)
        layout.addWidget(self._evidence_heading)
        layout.addLayout(self._citation_box)
        layout.addWidget(self._no_citations)
        layout.addSpacing(spacing)
        layout.addWidget(self._explanation_heading)
        layout.addWidget(self._explanation)
        layout.addStretch(1)

        self._restyle()
        session.current_target_changed.connect(self.show_target)
        self.show_target(session.current_target)

    def _heading(self, text: str) -> QLabel:
        label = _label(text)
        font = QFont(self.font())
        font.setBold(True)
        label.setFont(font)
        return label

    # --- public ---------------------------------------------------------------------------
    def citation_buttons(self) -> list[CitationButton]:
        return list(self._buttons)

    def focus_widgets(self) -> list[QWidget]:
        """The focusable widgets in tab order."""
        return [*self._buttons, self._explanation]

    def open_citation(self, index: int) -> bool:
        if not 0 <= index < len(self._citations):
            return False
        self._session.request_citation(self._citations[index])
        return True

    def show_target(self, target_id: str) -> None:
        located = locate(self._session, target_id)
        if located.part is not None:
            self._show_part(located)
        else:
            self._show_detail(located)
        self.citations_changed.emit()

    # --- parts ----------------------------------------------------------------------------
    def _show_part(self, located: Located) -> None:
        part = located.part
        assert part is not None
        self._context.setText("Narrative part · judged as a whole")
        self._title.setText(part.title)
        lines = [part.instructions] if part.instructions else []
        if part.prompts:
            lines += ["", "Guiding questions:"] if lines else ["Guiding questions:"]
            lines += [f"{n}. {prompt.text}" for n, prompt in enumerate(part.prompts, start=1)]
        self._body.setText("\n".join(lines))
        self._body.setVisible(bool(lines))
        narrative = self._session.manifest.narrative(part.id)
        written = count_words(narrative.text) if narrative else 0
        words = f"The candidate wrote {written:,} word{'s' if written != 1 else ''}"
        if part.min_words:
            short = part.min_words - written
            words = f"Minimum {part.min_words:,} words. " + words
            words += f" — {short:,} short." if short > 0 else "."
            color = self._tones.warning if short > 0 else self._tones.muted
        else:
            words += "."
            color = self._tones.muted
        self._words.setText(words)
        self._words.setStyleSheet(f"color: {css(color)};")
        self._words.setVisible(True)
        self._set_citations([], {})
        for widget in (self._evidence_heading, self._no_citations):
            widget.setVisible(False)
        self._explanation_heading.setVisible(False)
        self._explanation.setVisible(False)

    # --- details --------------------------------------------------------------------------
    def _show_detail(self, located: Located) -> None:
        session = self._session
        if located.detail is None or located.outcome is None:
            self._context.setText("")
            self._title.setText(located.target_id)
        else:
            self._context.setText(f"EO{located.outcome_number} · {located.outcome.title}")
            self._title.setText(f"{located.number}  {located.detail.text}")
        self._body.setVisible(False)
        self._words.setVisible(False)
        evidence = session.manifest.evidence_for(located.target_id)
        citations = list(evidence.citations) if evidence else []
        problems = problems_of(session, located.target_id)
        messages = {
            index: problem.message
            for index, citation in enumerate(citations)
            for problem in problems
            if problem.citation == citation
        }
        self._set_citations(citations, messages)
        self._evidence_heading.setVisible(True)
        self._no_citations.setVisible(not citations)
        explanation = evidence.explanation.strip() if evidence else ""
        self._explanation_heading.setVisible(True)
        self._explanation.setVisible(True)
        self._explanation.setText(explanation or "The candidate wrote no explanation.")
        self._explanation.setEnabled(bool(explanation))

    def _set_citations(self, citations: list[Citation], problems: dict[int, str]) -> None:
        while self._citation_box.count():
            child = self._citation_box.takeAt(0)
            widget = child.widget() if child is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self._buttons = []
        self._problem_labels = []
        self._citations = citations
        for index, citation in enumerate(citations):
            self._citation_box.addWidget(self._citation_row(index, citation, problems.get(index)))

    def _citation_row(self, index: int, citation: Citation, problem: str | None) -> QWidget:
        text = citation_text(self._session, citation)
        number = f"{index + 1}  " if index < 9 else ""
        button = CitationButton(number + text)
        artifact = self._session.manifest.artifact(citation.artifact_id)
        timed = artifact is not None and artifact.kind.is_timed
        if problem:
            button.setIcon(warning_icon(self, self._tones))
        else:
            pixmap = (
                QStyle.StandardPixmap.SP_MediaPlay if timed else QStyle.StandardPixmap.SP_FileIcon
            )
            button.setIcon(self.style().standardIcon(pixmap))
        tip = f"Open {text} in the viewer"
        if index < 9:
            tip += f" (citation {index + 1})"
        if citation.note:
            tip += f"\nCandidate's note: {citation.note}"
        if problem:
            tip += f"\nProblem: {problem}"
        button.setToolTip(tip)
        button.setAccessibleName(f"Citation {index + 1}: {text}")
        button.setAccessibleDescription(
            f"Citation problem: {problem}. Opens the viewer anyway."
            if problem
            else "Opens the cited evidence in the viewer"
        )
        button.clicked.connect(lambda _=False, c=citation: self._session.request_citation(c))
        self._buttons.append(button)

        row = QWidget()
        column = QVBoxLayout(row)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(self.fontMetrics().height() // 6)
        column.addWidget(button)
        if problem:
            label = _label(f"⚠ {problem[0].upper()}{problem[1:]}", selectable=True)
            label.setStyleSheet(f"color: {css(self._tones.warning)};")
            label.setAccessibleDescription(f"Problem with citation {index + 1}")
            label.setContentsMargins(self.fontMetrics().averageCharWidth() * 2, 0, 0, 0)
            column.addWidget(label)
            self._problem_labels.append(label)
        return row

    def problem_labels(self) -> list[QLabel]:
        """The warnings shown under citations of the current detail."""
        return list(self._problem_labels)

    def _restyle(self) -> None:
        self._tones = Tones.of(self.palette())
        self._context.setStyleSheet(f"color: {css(self._tones.muted)};")

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "_context"):
            self._restyle()
            self.show_target(self._session.current_target)
