"""The building blocks of the reading documents: roles, palette-derived style, a writer.

:class:`DocumentWriter` appends styled blocks with QTextCursor, never from HTML, so the
candidate's text is always plain text. Every block carries a *role* (``ROLE`` user property):
the candidate's own words are ``ANSWER`` blocks. Font sizes are relative
(``FontSizeAdjustment``), so changing the document's default font zooms everything together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtGui import (
    QColor,
    QFont,
    QPalette,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFrameFormat,
    QTextLength,
    QTextTableCellFormat,
    QTextTableFormat,
)

from assessor_app.domain.model import NarrativeSection
from assessor_app.ui.scoring.tones import Tones

ROLE = QTextFormat.Property.UserProperty + 1
PROMPT_ID = QTextFormat.Property.UserProperty + 2

ANSWER = "answer"
HEADING = "heading"
LABEL = "label"
NOTICE = "notice"

LINE_HEIGHT_PERCENT = 140
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")


def words(n: int) -> str:
    return f"{n:,} word" if n == 1 else f"{n:,} words"


def paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs; a single newline stays a line break inside one."""
    out = []
    for chunk in _PARAGRAPH_BREAK.split(text.replace("\r\n", "\n")):
        chunk = chunk.strip("\n")
        if chunk.strip():
            out.append(chunk.replace("\n", "\u2028"))
    return out


@dataclass(frozen=True)
class Style:
    """Colours and spacing of the reading view, from the palette and the base font."""

    text: QColor
    muted: QColor
    accent: QColor
    callout: QColor
    neutral_callout: QColor
    met: QColor
    short: QColor
    rule: QColor
    em: float  # the base font's pixel height, for margins

    @classmethod
    def of(cls, palette: QPalette, base: QFont) -> Style:
        tones = Tones.of(palette)
        accent = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)
        em = base.pixelSize() if base.pixelSize() > 0 else base.pointSizeF() * 96 / 72
        return cls(
            text=palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Text),
            muted=tones.muted,
            accent=accent,
            callout=tones.tint(accent, palette, 0.10),
            neutral_callout=tones.tint(tones.muted, palette, 0.10),
            met=tones.proficient,
            rule=tones.tint(tones.muted, palette, 0.45),
            short=tones.error,
            em=float(em),
        )


class DocumentWriter:
    """Appends styled blocks to a document, reusing the empty block a new document starts with."""

    def __init__(self, document: QTextDocument, style: Style) -> None:
        self.doc = document
        self.style = style
        self.cursor = QTextCursor(document)
        self._fresh = True

    # --- formats --------------------------------------------------------------------------
    def block(
        self,
        role: str,
        *,
        top: float = 0.0,
        bottom: float = 0.7,
        indent: float = 0.0,
        line_height: int = LINE_HEIGHT_PERCENT,
        prompt_id: str = "",
    ) -> QTextBlockFormat:
        fmt = QTextBlockFormat()
        fmt.setProperty(ROLE, role)
        if prompt_id:
            fmt.setProperty(PROMPT_ID, prompt_id)
        fmt.setLineHeight(line_height, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        fmt.setTopMargin(top * self.style.em)
        fmt.setBottomMargin(bottom * self.style.em)
        if indent:
            fmt.setLeftMargin(indent * self.style.em)
        return fmt

    def char(
        self,
        *,
        size: int = 0,
        bold: bool = False,
        italic: bool = False,
        color: QColor | None = None,
        caps: bool = False,
    ) -> QTextCharFormat:
        fmt = QTextCharFormat()
        if size:
            fmt.setProperty(QTextFormat.Property.FontSizeAdjustment, size)
        if bold:
            fmt.setFontWeight(QFont.Weight.DemiBold)
        if italic:
            fmt.setFontItalic(True)
        if caps:
            fmt.setFontCapitalization(QFont.Capitalization.AllUppercase)
            fmt.setFontLetterSpacingType(QFont.SpacingType.AbsoluteSpacing)
            fmt.setFontLetterSpacing(0.6)
        fmt.setForeground(color if color is not None else self.style.text)
        return fmt

    # --- content --------------------------------------------------------------------------
    def paragraph(self, text: str, block: QTextBlockFormat, char: QTextCharFormat) -> None:
        if self._fresh:
            self.cursor.setBlockFormat(block)
            self.cursor.setBlockCharFormat(char)
            self._fresh = False
        else:
            self.cursor.insertBlock(block, char)
        self.cursor.insertText(text, char)

    def runs(self, parts: list[tuple[str, QTextCharFormat]], block: QTextBlockFormat) -> None:
        """One paragraph made of differently formatted runs."""
        first_text, first_fmt = parts[0]
        self.paragraph(first_text, block, first_fmt)
        for text, fmt in parts[1:]:
            self.cursor.insertText(text, fmt)

    def callout(
        self,
        lines: list[list[tuple[str, QTextCharFormat]]],
        roles: list[str],
        prompt_id: str = "",
        anchor: str = "",
        *,
        neutral: bool = False,
    ) -> None:
        """A tinted box with an accent bar on its left: how a prompt is set off from answers."""
        s = self.style
        table_fmt = QTextTableFormat()
        table_fmt.setBorder(0)
        table_fmt.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_None)
        table_fmt.setCellSpacing(0)
        table_fmt.setCellPadding(0)
        table_fmt.setBorderCollapse(True)
        table_fmt.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
        table_fmt.setTopMargin(1.4 * s.em)
        table_fmt.setBottomMargin(0.8 * s.em)
        table = self.cursor.insertTable(1, 1, table_fmt)
        cell = table.cellAt(0, 0)
        cell_fmt = QTextTableCellFormat()
        cell_fmt.setBackground(s.neutral_callout if neutral else s.callout)
        cell_fmt.setLeftBorder(max(3.0, 0.25 * s.em))
        cell_fmt.setLeftBorderBrush(s.muted if neutral else s.accent)
        cell_fmt.setLeftBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
        for side in ("Top", "Right", "Bottom"):
            getattr(cell_fmt, f"set{side}Border")(0)
        cell_fmt.setLeftPadding(0.9 * s.em)
        cell_fmt.setRightPadding(0.9 * s.em)
        cell_fmt.setTopPadding(0.55 * s.em)
        cell_fmt.setBottomPadding(0.55 * s.em)
        cell.setFormat(cell_fmt)
        cursor = cell.firstCursorPosition()
        for i, (line, role) in enumerate(zip(lines, roles, strict=True)):
            block = self.block(role, bottom=0.15, line_height=125, prompt_id=prompt_id)
            if i == 0:
                cursor.setBlockFormat(block)
            else:
                cursor.insertBlock(block)
            for j, (text, fmt) in enumerate(line):
                if anchor and i == len(lines) - 1 and j == 0:
                    fmt = QTextCharFormat(fmt)
                    fmt.setAnchor(True)
                    fmt.setAnchorNames([anchor])
                cursor.insertText(text, fmt)
        self.cursor = QTextCursor(self.doc)
        self.cursor.movePosition(QTextCursor.MoveOperation.End)
        self._fresh = True

    def answer(self, sections: list[NarrativeSection], prompt_id: str = "") -> None:
        body = self.block(ANSWER, prompt_id=prompt_id)
        fmt = self.char()
        for section in sections:
            for para in paragraphs(section.text):
                self.paragraph(para, body, fmt)

    def rule(self) -> None:
        """A hairline across the column: a one-cell table with only a top border."""
        s = self.style
        table_fmt = QTextTableFormat()
        table_fmt.setBorder(0)
        table_fmt.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_None)
        table_fmt.setCellSpacing(0)
        table_fmt.setCellPadding(0)
        table_fmt.setBorderCollapse(True)
        table_fmt.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
        table_fmt.setTopMargin(0.5 * s.em)
        table_fmt.setBottomMargin(0.2 * s.em)
        table = self.cursor.insertTable(1, 1, table_fmt)
        cell = table.cellAt(0, 0)
        cell_fmt = QTextTableCellFormat()
        cell_fmt.setTopBorder(1)
        cell_fmt.setTopBorderBrush(s.rule)
        cell_fmt.setTopBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
        for side in ("Left", "Right", "Bottom"):
            getattr(cell_fmt, f"set{side}Border")(0)
        cell.setFormat(cell_fmt)
        block = self.block(LABEL, bottom=0, line_height=1)
        block.setLineHeight(1, QTextBlockFormat.LineHeightTypes.FixedHeight.value)
        cell.firstCursorPosition().setBlockFormat(block)
        self.cursor = QTextCursor(self.doc)
        self.cursor.movePosition(QTextCursor.MoveOperation.End)
        self._fresh = True

    def notice(self, text: str, prompt_id: str = "") -> None:
        self.paragraph(
            text,
            self.block(NOTICE, prompt_id=prompt_id, indent=0.9),
            self.char(italic=True, color=self.style.muted),
        )


def new_document(base: QFont) -> QTextDocument:
    doc = QTextDocument()
    doc.setDefaultFont(base)
    doc.setUndoRedoEnabled(False)
    doc.setDocumentMargin(0)
    return doc
