"""The narrative pane: the written parts of a submission, read like a document.

A tab per narrative part of the rubric, after a first "Overview" tab with the credential and
the list of parts. Each part is a read-only document built once and cached with its word
counts (:mod:`narrative_document`); the bar below shows the part's count against its minimum
and the selection's count, recounted on every selection change from the selected answer text
only (never the whole part), so it stays smooth on very long parts. Ctrl+F finds in the text;
Ctrl+=, Ctrl+-, Ctrl+0 and Ctrl+wheel zoom.

The pane subscribes to the :class:`ScoringSession`: when the current judgment target becomes a
narrative part, the pane shows that part. It never writes to the session, and it logs nothing
of the candidate's text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import QTabBar, QVBoxLayout, QWidget

from assessor_app.domain.model import Part, PartKind
from assessor_app.domain.wordcount import WordCountStatus, count_words, word_count_status
from assessor_app.ui.scoring.find_bar import FindBar, TextFinder
from assessor_app.ui.scoring.narrative_document import (
    PartDocument,
    Style,
    answer_text_between,
    build_overview_document,
    build_part_document,
)
from assessor_app.ui.scoring.reading_view import ReadingView
from assessor_app.ui.scoring.tones import Tones, warning_icon
from assessor_app.ui.scoring.word_count_bar import WordCountBar

if TYPE_CHECKING:
    from assessor_app.ui.scoring.session import ScoringSession

OVERVIEW = ""  # the key of the overview tab (``current_part_id()`` gives None for it)


def short_title(part: Part) -> str:
    """ "Part 1 – Overview questions" → "Part 1" (the full title is the tab's tooltip)."""
    for dash in (" – ", " — ", " - ", ": "):
        if dash in part.title:
            return part.title.split(dash, 1)[0].strip()
    return part.title


class NarrativePane(QWidget):
    part_changed = Signal(str)  # the part id shown; "" for the overview

    def __init__(self, session: ScoringSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        manifest = session.manifest
        self._parts = {p.id: p for p in session.rubric.parts if p.kind is PartKind.NARRATIVE}
        self._totals: dict[str, int] = {}  # per-part totals, counted once
        for part_id in self._parts:
            narrative = manifest.narrative(part_id)
            self._totals[part_id] = count_words(narrative.text) if narrative is not None else 0
        self._docs: dict[str, PartDocument] = {}
        self._scroll: dict[str, float] = {}
        self._current: str | None = None  # part id or OVERVIEW; None before the first show
        self._last_selection: tuple[int, int] | None = None

        self.tabs = QTabBar(self)
        self.tabs.setAccessibleName("Narrative parts")
        self.tabs.setDocumentMode(True)
        self.tabs.setExpanding(False)
        self.tabs.setUsesScrollButtons(True)
        self.tabs.setElideMode(Qt.TextElideMode.ElideRight)
        self._keys: list[str] = [OVERVIEW, *self._parts]
        self.tabs.addTab("Overview")
        self.tabs.setTabToolTip(0, manifest.credential.title)
        for part in self._parts.values():
            self.tabs.addTab(short_title(part))

        self.view = ReadingView(self)
        self.find_bar = FindBar(self)
        self.find_bar.hide()
        self.finder = TextFinder(self.view, self.find_bar)
        self.count_bar = WordCountBar(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.tabs)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_bar)
        self.setFocusProxy(self.view)

        self.tabs.currentChanged.connect(self._tab_changed)
        self.view.selectionChanged.connect(self._selection_changed)
        self._shortcuts()
        session.current_target_changed.connect(self._target_changed)

        self._update_tabs()
        start = session.current_target
        self._show(start if start in self._parts else OVERVIEW)

    # --- public API -----------------------------------------------------------------------
    def show_part(self, part_id: str) -> None:
        """Show a narrative part (ids of other parts and unknown ids are ignored)."""
        if part_id in self._parts:
            self._show(part_id)

    def show_overview(self) -> None:
        self._show(OVERVIEW)

    def current_part_id(self) -> str | None:
        return self._current or None

    def part_ids(self) -> list[str]:
        return list(self._parts)

    def part_document(self, part_id: str | None = None) -> PartDocument:
        """The built document of a part (default: the one shown); for tests and tools."""
        return self._document(part_id if part_id is not None else (self._current or OVERVIEW))

    def find_text(self, text: str) -> int:
        """Open the find bar with ``text``, highlight every match, return how many there are."""
        self.find_bar.open_with(text)
        return self.finder.search(text)

    def match_count(self) -> int:
        return self.finder.match_count()

    def selection_word_count(self) -> int:
        cursor = self.view.textCursor()
        document = self.view.document()
        return count_words(
            answer_text_between(document, cursor.selectionStart(), cursor.selectionEnd())
        )

    def scroll_fraction(self) -> float:
        return self.view.scroll_fraction()

    def set_scroll_fraction(self, fraction: float) -> None:
        self.view.set_scroll_fraction(fraction)

    def zoom_by(self, steps: int) -> None:
        self.view.zoom_by(steps)

    def reset_zoom(self) -> None:
        self.view.zoom_by(-self.view.zoom_level())

    def zoom_level(self) -> int:
        return self.view.zoom_level()

    # --- showing a part -------------------------------------------------------------------
    def _tab_changed(self, index: int) -> None:
        if 0 <= index < len(self._keys):
            self._show(self._keys[index])

    def _document(self, key: str) -> PartDocument:
        built = self._docs.get(key)
        if built is None:
            font = self.view.reading_font()
            style = Style.of(self.palette(), font)
            manifest = self.session.manifest
            if key == OVERVIEW:
                built = build_overview_document(manifest, self._totals, style, font)
            else:
                narrative = manifest.narrative(key)
                built = build_part_document(self._parts[key], narrative, style, font)
            built.document.setParent(self)
            self._docs[key] = built
        return built

    def _show(self, key: str) -> None:
        if key == self._current:
            return
        if self._current is not None:
            self._scroll[self._current] = self.view.scroll_fraction()
        self._current = key
        index = self._keys.index(key)
        if self.tabs.currentIndex() != index:
            self.tabs.blockSignals(True)
            self.tabs.setCurrentIndex(index)
            self.tabs.blockSignals(False)
        built = self._document(key)
        self._last_selection = None
        self.view.show_document(built.document, self._scroll.get(key, 0.0))
        self.view.setAccessibleDescription(built.part.title if built.part else "Overview")
        self._show_counts(built)
        self.finder.refresh()
        self.part_changed.emit(key)

    def _status(self, part: Part) -> WordCountStatus:
        return word_count_status(self._totals[part.id], part.min_words)

    def _show_counts(self, built: PartDocument) -> None:
        if built.part is not None:
            self.count_bar.show_status(built.status, len(built.unanswered))
        elif not self._parts:
            self.count_bar.show_status(None)
        else:
            short = [short_title(p) for p in self._parts.values() if not self._status(p).met]
            if short:
                text = f"Below the word minimum: {', '.join(short)}"
                self.count_bar.show_summary(text, ok=False)
            else:
                self.count_bar.show_summary("Every narrative part meets its word minimum", ok=True)
        self.count_bar.show_selection(None)

    def _update_tabs(self) -> None:
        """Flag, with an icon and a tooltip, parts below their minimum or with a blank prompt."""
        tones = Tones.of(self.palette())
        manifest = self.session.manifest
        for index, part in enumerate(self._parts.values(), start=1):
            status = self._status(part)
            narrative = manifest.narrative(part.id)
            sections = narrative.sections if narrative is not None else ()
            answered = {s.prompt_id for s in sections if count_words(s.text) > 0}
            missing = sum(1 for p in part.prompts if p.id not in answered)
            flagged = not status.met or missing > 0
            self.tabs.setTabIcon(index, warning_icon(self, tones) if flagged else QIcon())
            tip = f"{part.title}\n{status.text}"
            if missing:
                tip += f"\n{missing} prompt{'s' if missing != 1 else ''} not answered"
            self.tabs.setTabToolTip(index, tip)

    # --- selection ------------------------------------------------------------------------
    def _selection_changed(self) -> None:
        cursor = self.view.textCursor()
        span = (cursor.selectionStart(), cursor.selectionEnd())
        if span == self._last_selection:
            return
        self._last_selection = span
        if span[0] == span[1]:
            self.count_bar.show_selection(None)
        else:
            text = answer_text_between(self.view.document(), *span)
            self.count_bar.show_selection(count_words(text))

    # --- wiring ---------------------------------------------------------------------------
    def _shortcuts(self) -> None:
        bindings = (
            (QKeySequence.StandardKey.Find, self.finder.open),
            (QKeySequence.StandardKey.FindNext, lambda: self.finder.step(1)),
            (QKeySequence.StandardKey.FindPrevious, lambda: self.finder.step(-1)),
            (QKeySequence.StandardKey.ZoomIn, lambda: self.zoom_by(1)),
            (QKeySequence("Ctrl+="), lambda: self.zoom_by(1)),
            (QKeySequence.StandardKey.ZoomOut, lambda: self.zoom_by(-1)),
            (QKeySequence("Ctrl+0"), self.reset_zoom),
        )
        for keys, slot in bindings:
            shortcut = QShortcut(keys, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def _target_changed(self, target_id: str) -> None:
        if target_id in self._parts:
            self._show(target_id)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self._rebuild()

    def _rebuild(self) -> None:
        """Colours and spacing are baked into the documents: build them again."""
        if self._current is None:
            return
        key, fraction = self._current, self.view.scroll_fraction()
        old, self._docs = self._docs, {}
        self._current = None
        self._show(key)
        self.view.set_scroll_fraction(fraction)
        for built in old.values():
            built.document.deleteLater()
        self._update_tabs()
