"""The agreement dashboard's building blocks: a summary card, a sortable table of groups
and a tab page with a chart over its table."""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assessor_app.domain.agreement import AgreementSummary, describe
from assessor_app.ui.lead.agreement_groups import Group
from assessor_app.ui.lead.charts import AgreementChart, ChartRow, value_text
from assessor_app.ui.scoring.tones import Tones, css

SORT_ROLE = Qt.ItemDataRole.UserRole + 1


def bold(label: QLabel, scale: float = 1.0) -> QLabel:
    font = QFont(label.font())
    font.setBold(True)
    if scale != 1.0:
        font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    return label


class SummaryCard(QFrame):
    """A framed number with its title and a one-line reading under it."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("summaryCard")
        self.title = QLabel(title)
        self.value = bold(QLabel("—"), 1.8)
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        spacing = self.fontMetrics().height() // 3
        layout.setContentsMargins(spacing * 3, spacing * 2, spacing * 3, spacing * 2)
        layout.setSpacing(spacing)
        layout.addWidget(self.title)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        layout.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName(title)
        tones = Tones.of(self.palette())
        self.title.setStyleSheet(f"color: {css(tones.muted)};")
        self.caption.setStyleSheet(f"color: {css(tones.muted)};")
        self.setStyleSheet(
            "QFrame#summaryCard { background: palette(base); border: 1px solid palette(mid);"
            " border-radius: 6px; }"
        )

    def show_value(self, value: str, caption: str) -> None:
        self.value.setText(value)
        self.caption.setText(caption)
        self.setAccessibleDescription(f"{value}. {caption}")


class _SortItem(QTableWidgetItem):
    """A cell shown as text and sorted by a number (nan last)."""

    def __init__(self, text: str, key: float | str) -> None:
        super().__init__(text)
        self.setData(SORT_ROLE, key)
        self.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine, theirs = self.data(SORT_ROLE), other.data(SORT_ROLE)
        if isinstance(mine, float) and isinstance(theirs, float):
            if math.isnan(mine) or math.isnan(theirs):
                return not math.isnan(mine) and math.isnan(theirs)
            return mine < theirs
        return str(mine).casefold() < str(theirs).casefold()


class AgreementTable(QTableWidget):
    """Groups as rows: label, submissions, n, percent, kappa, AC1, and the note on kappa."""

    def __init__(self, subject: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headers = (
            subject.capitalize(),
            "Submissions",
            "Compared (n)",
            "Percent agreement",
            "Cohen's kappa",
            "Gwet's AC1",
            "Note",
        )
        self.setColumnCount(len(self.headers))
        self.setHorizontalHeaderLabels(list(self.headers))
        self.setAccessibleName(f"Agreement by {subject} (table)")
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(len(self.headers) - 1, QHeaderView.ResizeMode.Stretch)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_groups(self, rows: Sequence[Group]) -> None:
        self.setSortingEnabled(False)
        self.setRowCount(len(rows))
        for r, group in enumerate(rows):
            s = group.summary
            label = _SortItem(group.full_label, group.full_label)
            label.setToolTip(group.full_label)
            cells = [
                label,
                _SortItem(str(group.submissions), float(group.submissions)),
                _SortItem(str(s.n), float(s.n)),
                _SortItem(value_text(0, s.percent), s.percent),
                _SortItem(value_text(1, s.kappa), s.kappa),
                _SortItem(value_text(2, s.ac1), s.ac1),
                _SortItem(s.kappa_note, s.kappa_note),
            ]
            cells[4].setToolTip(f"Cohen's kappa {describe(s.kappa)}")
            cells[5].setToolTip(f"Gwet's AC1 {describe(s.ac1)}")
            cells[6].setToolTip(s.kappa_note)
            for column in range(1, 6):
                cells[column].setTextAlignment(
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                )
            for column, cell in enumerate(cells):
                self.setItem(r, column, cell)
        self.setSortingEnabled(True)
        self.resizeColumnsToContents()
        width = self.fontMetrics().averageCharWidth()
        self.setColumnWidth(0, min(max(self.columnWidth(0), width * 16), width * 48))
        self._fit_height()

    def _fit_height(self) -> None:
        rows = self.rowCount()
        height = self.horizontalHeader().sizeHint().height() + 2 * self.frameWidth()
        line = self.fontMetrics().height()
        height += sum(self.rowHeight(r) for r in range(rows)) if rows else line
        scroll = self.horizontalScrollBar()
        height += scroll.sizeHint().height() if scroll.isVisible() else 0
        self.setFixedHeight(height + 2)

    def cell_text(self, row: int, header: str) -> str:
        item = self.item(row, self.headers.index(header))
        return item.text() if item is not None else ""


class AgreementPage(QScrollArea):
    """One tab: a chart over a table, scrolled together."""

    def __init__(self, subject: str, intro: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.chart = AgreementChart(subject)
        self.table = AgreementTable(subject)
        body = QWidget()
        layout = QVBoxLayout(body)
        spacing = self.fontMetrics().height() // 2
        layout.setContentsMargins(spacing, spacing, spacing, spacing)
        layout.setSpacing(spacing)
        layout.addWidget(self.intro)
        layout.addWidget(self.chart)
        layout.addWidget(self.table)
        layout.addStretch(1)
        self.setWidget(body)
        self.setAccessibleName(f"Agreement by {subject}")

    def set_groups(self, rows: Sequence[Group]) -> None:
        self.chart.set_rows(
            [
                ChartRow(g.label, g.summary.n, _values(g.summary), g.group, g.summary.kappa_note)
                for g in rows
            ]
        )
        self.table.set_groups(rows)


def _values(s: AgreementSummary) -> tuple[float, float, float]:
    return (s.percent, s.kappa, s.ac1)
