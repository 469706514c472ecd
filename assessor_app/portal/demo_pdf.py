"""Render demo documents (:class:`~assessor_app.portal.demo_content.spec.Document`) to PDF.

A deliberately small layout engine over PyMuPDF: headings, paragraphs with bold and italic
runs, bullet and numbered lists, tables, call-out boxes and horizontal bar charts drawn with
vector shapes. Text goes through ``TextWriter`` with the built-in Helvetica faces (subset and
embedded), which keeps every character extractable as written: no ligatures, so "staff" on
the page is found by a search for "staff".

Each page is laid out on its own and must fit: content that would run off the page raises
:class:`LayoutError` instead of flowing on, because citations name pages and the demo data
decides what is on each one. Output is byte-for-byte repeatable (fixed metadata, no new file
id, no XMP).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, TypeAlias

import pymupdf

from assessor_app.portal.demo_content.spec import BarChart, Document, Page

# PyMuPDF's own annotations are partial (many functions are untyped), so its objects are
# handled as Any here and strict mypy checks this module's logic rather than PyMuPDF's stubs.
_mu: Any = pymupdf
_Page: TypeAlias = Any
_Doc: TypeAlias = Any
_Rect: TypeAlias = Any
_Font: TypeAlias = Any
_Writer: TypeAlias = Any

LETTER = (612.0, 792.0)
SLIDE = (720.0, 405.0)

_INK = (0.13, 0.15, 0.17)
_MUTED = (0.42, 0.45, 0.50)
_RULE = (0.80, 0.82, 0.85)
_TABLE_HEAD = (0.92, 0.94, 0.96)
_TABLE_BAND = (0.975, 0.98, 0.985)
_CALLOUT = (0.95, 0.96, 0.98)
_SERIES_COLOURS = ("#2E6B9E", "#E39B3A", "#5E9E6E")

_FONTS: dict[tuple[bool, bool], _Font] = {}


class LayoutError(ValueError):
    """A page's content does not fit on the page."""


def _font(bold: bool = False, italic: bool = False) -> _Font:
    key = (bold, italic)
    if key not in _FONTS:
        name = {(False, False): "helv", (True, False): "hebo", (False, True): "heit"}.get(
            key, "hebi"
        )
        _FONTS[key] = _mu.Font(name)
    return _FONTS[key]


_ADVANCES: dict[tuple[bool, bool, str], float] = {}


def _width(text: str, size: float, bold: bool = False, italic: bool = False) -> float:
    """Advance width of ``text`` (TextWriter does not kern, so this is exact)."""
    total = 0.0
    for ch in text:
        key = (bold, italic, ch)
        advance = _ADVANCES.get(key)
        if advance is None:
            advance = _ADVANCES[key] = float(_font(bold, italic).glyph_advance(ord(ch)))
        total += advance
    return total * size


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    value = hex_colour.lstrip("#")
    r, g, b = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return (r, g, b)


# --- inline text -----------------------------------------------------------------------------
@dataclass(frozen=True)
class _Run:
    text: str
    bold: bool
    italic: bool


_INLINE = re.compile(r"(\*\*.+?\*\*|\*[^*\s][^*]*?\*)")


def _runs(text: str, *, bold: bool = False) -> list[_Run]:
    runs: list[_Run] = []
    for piece in _INLINE.split(text):
        if not piece:
            continue
        if piece.startswith("**") and piece.endswith("**") and len(piece) > 4:
            runs.append(_Run(piece[2:-2], True, False))
        elif piece.startswith("*") and piece.endswith("*") and len(piece) > 2:
            runs.append(_Run(piece[1:-1], bold, True))
        else:
            runs.append(_Run(piece, bold, False))
    return runs


def _plain(text: str) -> str:
    return "".join(r.text for r in _runs(text))


class _Canvas:
    """One page being drawn. Text is collected in writers (a new one whenever the colour
    changes, so the content stream keeps reading order) and written out at :meth:`finish`,
    on top of the shapes."""

    def __init__(self, page: _Page) -> None:
        self.page = page
        self._shape = page.new_shape()
        self._writers: list[tuple[tuple[float, float, float], _Writer]] = []

    def rect(
        self,
        rect: _Rect,
        *,
        fill: tuple[float, float, float] | None,
        colour: tuple[float, float, float] | None = None,
        width: float = 0.6,
    ) -> None:
        self._shape.draw_rect(rect)
        self._shape.finish(color=colour, fill=fill, width=width if colour else 0)

    def line(
        self,
        start: tuple[float, float],
        end: tuple[float, float],
        colour: tuple[float, float, float],
        width: float,
    ) -> None:
        self._shape.draw_line(start, end)
        self._shape.finish(color=colour, width=width)

    def dot(
        self, centre: tuple[float, float], radius: float, colour: tuple[float, float, float]
    ) -> None:
        self._shape.draw_circle(centre, radius)
        self._shape.finish(color=None, fill=colour, width=0)

    def text(
        self,
        x: float,
        y: float,
        text: str,
        size: float,
        colour: tuple[float, float, float] = _INK,
        *,
        bold: bool = False,
        italic: bool = False,
    ) -> None:
        if not self._writers or self._writers[-1][0] != colour:
            self._writers.append((colour, _mu.TextWriter(self.page.rect, color=colour)))
        self._writers[-1][1].append((x, y), text, font=_font(bold, italic), fontsize=size)

    def finish(self) -> None:
        self._shape.commit()
        for colour, writer in self._writers:
            writer.write_text(self.page, color=colour)
        self._writers.clear()


def _wrap(runs: list[_Run], width: float, size: float) -> list[list[_Run]]:
    """Greedy word wrap of styled runs into lines no wider than ``width``."""
    words: list[_Run] = []
    for run in runs:
        for token in re.findall(r"\S+\s*|\s+", run.text):
            words.append(_Run(token, run.bold, run.italic))
    lines: list[list[_Run]] = [[]]
    used = 0.0
    for word in words:
        w = _width(word.text.rstrip(), size, word.bold, word.italic)
        advance = _width(word.text, size, word.bold, word.italic)
        if lines[-1] and used + w > width:
            lines.append([])
            used = 0.0
        if not lines[-1] and not word.text.strip():
            continue
        lines[-1].append(word)
        used += advance
    return [line for line in lines if line]


def _draw_lines(
    canvas: _Canvas,
    lines: list[list[_Run]],
    x: float,
    y: float,
    size: float,
    leading: float,
    colour: tuple[float, float, float],
    *,
    align_right_at: float | None = None,
) -> float:
    """Draw wrapped lines with the first baseline at ``y + size``; return the y below them."""
    baseline = y + size
    for line in lines:
        # merge neighbouring words of one style into one string so extraction keeps spaces
        merged: list[_Run] = []
        for word in line:
            if merged and (merged[-1].bold, merged[-1].italic) == (word.bold, word.italic):
                merged[-1] = _Run(merged[-1].text + word.text, word.bold, word.italic)
            else:
                merged.append(word)
        if merged:
            last = merged[-1]
            merged[-1] = _Run(last.text.rstrip(), last.bold, last.italic)
        cx = x
        if align_right_at is not None:
            total = sum(_width(r.text, size, r.bold, r.italic) for r in merged)
            cx = align_right_at - total
        for run in merged:
            canvas.text(cx, baseline, run.text, size, colour, bold=run.bold, italic=run.italic)
            cx += _width(run.text, size, run.bold, run.italic)
        baseline += leading
    return y + leading * len(lines)


# --- blocks ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Style:
    body: float
    h1: float
    h2: float
    h3: float
    small: float
    gap: float


_LETTER_STYLE = _Style(body=10.0, h1=17.0, h2=12.5, h3=10.5, small=8.5, gap=7.0)
_SLIDE_STYLE = _Style(body=15.0, h1=22.0, h2=17.0, h3=15.0, small=11.0, gap=9.0)


def _blocks(markup: str) -> list[list[str]]:
    """Split markup into blocks: runs of list/table lines stay together."""
    blocks: list[list[str]] = []
    for chunk in re.split(r"\n\s*\n", markup.strip()):
        lines = [ln.strip() for ln in chunk.strip().splitlines() if ln.strip()]
        if lines:
            blocks.append(lines)
    return blocks


class _Flow:
    """Lays blocks out top to bottom inside ``rect``."""

    def __init__(
        self,
        canvas: _Canvas,
        rect: _Rect,
        style: _Style,
        accent: tuple[float, float, float],
    ) -> None:
        self.canvas = canvas
        self.rect = rect
        self.style = style
        self.accent = accent
        self.y = rect.y0

    def _need(self, height: float, what: str) -> None:
        if self.y + height > self.rect.y1 + 0.5:
            raise LayoutError(f"page content does not fit (at {what!r})")

    def markup(self, markup: str) -> None:
        for block in _blocks(markup):
            self.block(block)

    def block(self, lines: list[str]) -> None:
        first = lines[0]
        if first.startswith("|"):
            self.table(lines)
        elif first.startswith("- "):
            self.items([ln[2:] for ln in lines], numbered=False)
        elif re.match(r"\d+\.\s", first):
            self.items([re.sub(r"^\d+\.\s+", "", ln) for ln in lines], numbered=True)
        elif first.startswith("> "):
            self.callout(" ".join(ln.removeprefix("> ") for ln in lines))
        elif first.startswith("~ "):
            self.paragraph(
                " ".join(ln.removeprefix("~ ") for ln in lines), self.style.small, _MUTED
            )
        elif first.startswith("#"):
            for line in lines:
                level = len(line) - len(line.lstrip("#"))
                self.heading(line.lstrip("#").strip(), level)
        else:
            self.paragraph(" ".join(lines), self.style.body, _INK)

    def heading(self, text: str, level: int) -> None:
        size = {1: self.style.h1, 2: self.style.h2}.get(level, self.style.h3)
        colour = self.accent if level < 3 else _INK
        lines = _wrap(_runs(text, bold=True), self.rect.width, size)
        height = size * 1.25 * len(lines)
        if self.y > self.rect.y0:
            self.y += self.style.gap * (0.8 if level == 1 else 0.5)
        self._need(height, text)
        self.y = _draw_lines(self.canvas, lines, self.rect.x0, self.y, size, size * 1.25, colour)
        if level == 1:
            self.canvas.line((self.rect.x0, self.y + 3), (self.rect.x1, self.y + 3), _RULE, 0.8)
            self.y += 6
        self.y += self.style.gap * 0.5

    def paragraph(self, text: str, size: float, colour: tuple[float, float, float]) -> None:
        lines = _wrap(_runs(text), self.rect.width, size)
        leading = size * 1.38
        self._need(leading * len(lines), text[:40])
        self.y = _draw_lines(self.canvas, lines, self.rect.x0, self.y, size, leading, colour)
        self.y += self.style.gap

    def items(self, items: list[str], *, numbered: bool) -> None:
        size = self.style.body
        leading = size * 1.38
        indent = size * 1.6
        for n, item in enumerate(items, start=1):
            lines = _wrap(_runs(item), self.rect.width - indent, size)
            self._need(leading * len(lines), item[:40])
            if numbered:
                self.canvas.text(self.rect.x0 + 2, self.y + size, f"{n}.", size, _INK)
            else:
                r = size * 0.17
                cy = self.y + size * 0.68
                cx = self.rect.x0 + size * 0.5
                self.canvas.dot((cx, cy), r, self.accent)
            self.y = _draw_lines(
                self.canvas, lines, self.rect.x0 + indent, self.y, size, leading, _INK
            )
            self.y += size * 0.25
        self.y += self.style.gap * 0.7

    def callout(self, text: str) -> None:
        size = self.style.body
        leading = size * 1.38
        pad = size * 0.8
        lines = _wrap(_runs(text), self.rect.width - 2 * pad - 4, size)
        height = leading * len(lines) + 2 * pad - (leading - size) + 2
        self._need(height, text[:40])
        box = _mu.Rect(self.rect.x0, self.y, self.rect.x1, self.y + height)
        self.canvas.rect(box, fill=_CALLOUT)
        self.canvas.rect(_mu.Rect(box.x0, box.y0, box.x0 + 3.5, box.y1), fill=self.accent)
        _draw_lines(self.canvas, lines, box.x0 + pad + 4, box.y0 + pad, size, leading, _INK)
        self.y = box.y1 + self.style.gap

    def table(self, rows_src: list[str]) -> None:
        rows = [[c.strip() for c in ln.strip().strip("|").split("|")] for ln in rows_src]
        weights: list[float] | None = None
        if len(rows) > 1 and all(c.startswith("=") for c in rows[1]):
            weights = [float(c[1:]) for c in rows[1]]
            rows = [rows[0], *rows[2:]]
        ncols = max(len(r) for r in rows)
        rows = [r + [""] * (ncols - len(r)) for r in rows]
        if weights is None:
            weights = [max(4.0, max(len(_plain(r[i])) for r in rows) ** 0.7) for i in range(ncols)]
        total = sum(weights)
        widths = [self.rect.width * w / total for w in weights]
        size = self.style.body - (1.0 if self.style is _LETTER_STYLE else 2.0)
        leading = size * 1.3
        pad = 4.0
        for index, row in enumerate(rows):
            head = index == 0
            wrapped = [
                _wrap(_runs(cell, bold=head), widths[i] - 2 * pad, size)
                for i, cell in enumerate(row)
            ]
            height = max(len(w) for w in wrapped) * leading + 2 * pad - (leading - size) + 2
            self._need(height, row[0][:40])
            x = self.rect.x0
            fill = _TABLE_HEAD if head else (_TABLE_BAND if index % 2 == 0 else None)
            for i, lines in enumerate(wrapped):
                cell = _mu.Rect(x, self.y, x + widths[i], self.y + height)
                self.canvas.rect(cell, fill=fill, colour=_RULE, width=0.6)
                _draw_lines(self.canvas, lines, x + pad, self.y + pad, size, leading, _INK)
                x += widths[i]
            self.y += height
        self.y += self.style.gap

    def chart(self, chart: BarChart) -> None:
        size = self.style.small
        bar = 13.0 if self.style is _LETTER_STYLE else 12.0
        group_gap = 12.0 if self.style is _LETTER_STYLE else 9.0
        nseries = len(chart.series)
        band = nseries * bar + group_gap
        label_w = self.rect.width * 0.34
        plot_x0 = self.rect.x0 + label_w + 8
        plot_x1 = self.rect.x1 - 34
        top = self.y + size * 1.3 + 6 + (size * 1.6 if nseries > 1 else 0)
        height = (top - self.y) + band * len(chart.categories) + size * 2.2
        self._need(height, chart.title)
        # title and legend
        self.canvas.text(
            self.rect.x0, self.y + size * 1.15, chart.title, size * 1.15, _INK, bold=True
        )
        if nseries > 1:
            lx = self.rect.x0
            ly = self.y + size * 1.3 + 4
            for k, series in enumerate(chart.series):
                colour = _rgb(_SERIES_COLOURS[k % len(_SERIES_COLOURS)])
                self.canvas.rect(_mu.Rect(lx, ly, lx + 8, ly + 8), fill=colour)
                self.canvas.text(lx + 11, ly + 7.5, series.label, size, _MUTED)
                lx += 11 + _width(series.label, size) + 16
        # grid
        bottom = top + band * len(chart.categories)
        steps = round(chart.maximum / chart.step)
        for s in range(steps + 1):
            value = s * chart.step
            gx = plot_x0 + (plot_x1 - plot_x0) * value / chart.maximum
            self.canvas.line((gx, top - 2), (gx, bottom), _RULE, 0.5)
            label = f"{value:g}{chart.unit}"
            tw = _width(label, size * 0.9)
            self.canvas.text(gx - tw / 2, bottom + size + 2, label, size * 0.9, _MUTED)
        # bars
        for c, category in enumerate(chart.categories):
            y0 = top + c * band + group_gap / 2
            lines = _wrap(_runs(category), label_w, size)
            text_h = size * 1.2 * len(lines)
            _draw_lines(
                self.canvas,
                lines,
                self.rect.x0,
                y0 + (nseries * bar - text_h) / 2 - 1,
                size,
                size * 1.2,
                _INK,
                align_right_at=self.rect.x0 + label_w,
            )
            for k, series in enumerate(chart.series):
                value = series.values[c]
                colour = _rgb(_SERIES_COLOURS[k % len(_SERIES_COLOURS)])
                by = y0 + k * bar
                bx1 = plot_x0 + (plot_x1 - plot_x0) * value / chart.maximum
                self.canvas.rect(_mu.Rect(plot_x0, by + 1, bx1, by + bar - 1), fill=colour)
                self.canvas.text(
                    bx1 + 3, by + bar - 2.5, f"{value:g}{chart.unit}", size * 0.9, _INK
                )
        self.canvas.line((plot_x0, top - 2), (plot_x0, bottom), _MUTED, 0.7)
        self.y += height + self.style.gap


# --- documents -------------------------------------------------------------------------------
def _letter_page(doc: _Doc, spec: Document, page: Page, number: int, total: int) -> None:
    pg = doc.new_page(width=LETTER[0], height=LETTER[1])
    canvas = _Canvas(pg)
    accent = _rgb(spec.accent)
    canvas.text(54, 40, spec.header, 8, _MUTED)
    canvas.line((54, 47), (558, 47), accent, 1.2)
    label = f"Page {number} of {total}"
    canvas.text(558 - _width(label, 8), 764, label, 8, _MUTED)
    canvas.text(54, 764, spec.title, 8, _MUTED)
    canvas.line((54, 752), (558, 752), _RULE, 0.5)
    flow = _Flow(canvas, _mu.Rect(54, 66, 558, 740), _LETTER_STYLE, accent)
    _fill(flow, page)
    canvas.finish()


def _slide_page(doc: _Doc, spec: Document, page: Page, number: int, total: int) -> None:
    pg = doc.new_page(width=SLIDE[0], height=SLIDE[1])
    canvas = _Canvas(pg)
    accent = _rgb(spec.accent)
    body = page.body.strip()
    title = ""
    if body.startswith("# "):
        title, _, body = body.partition("\n")
        title = title[2:].strip()
    if number == 1:  # title slide: full accent background
        canvas.rect(pg.rect, fill=accent)
        canvas.rect(_mu.Rect(0, 300, SLIDE[0], 306), fill=(1, 1, 1))
        lines = _wrap(_runs(title, bold=True), 600, 28)
        _draw_lines(canvas, lines, 48, 150, 28, 34, (1, 1, 1))
        flow = _Flow(canvas, _mu.Rect(48, 318, 672, 390), _SLIDE_STYLE, (1, 1, 1))
        for block in _blocks(body):
            flow.paragraph(" ".join(block).removeprefix("~ "), 13, (1, 1, 1))
        canvas.finish()
        return
    canvas.rect(_mu.Rect(0, 0, SLIDE[0], 62), fill=accent)
    lines = _wrap(_runs(title, bold=True), 640, 21)
    _draw_lines(canvas, lines[:1], 36, 18, 21, 26, (1, 1, 1))
    if len(lines) > 1:
        raise LayoutError(f"slide title too long: {title!r}")
    canvas.text(36, 392, spec.header, 9, _MUTED)
    label = f"{number} / {total}"
    canvas.text(684 - _width(label, 9), 392, label, 9, _MUTED)
    canvas.line((36, 378), (684, 378), _RULE, 0.5)
    flow = _Flow(canvas, _mu.Rect(36, 80, 684, 370), _SLIDE_STYLE, accent)
    _fill(flow, Page(body, page.chart, page.after))
    canvas.finish()


def _fill(flow: _Flow, page: Page) -> None:
    flow.markup(page.body)
    if page.chart is not None:
        flow.chart(page.chart)
    if page.after:
        flow.markup(page.after)


def render(spec: Document, *, date: str = "D:20250101000000Z") -> bytes:
    """The PDF bytes of ``spec``. ``date`` (PDF date string) is written as both metadata dates.

    The metadata carries the document title only: no author, creator or producer.
    """
    doc = _mu.open()
    total = len(spec.pages)
    draw = _slide_page if spec.layout == "slides" else _letter_page
    for number, page in enumerate(spec.pages, start=1):
        try:
            draw(doc, spec, page, number, total)
        except LayoutError as exc:
            raise LayoutError(f"{spec.filename} page {number}: {exc}") from None
    doc.subset_fonts()
    doc.set_metadata(
        {
            "title": spec.title,
            "author": "",
            "subject": "",
            "keywords": "",
            "creator": "",
            "producer": "",
            "creationDate": date,
            "modDate": date,
        }
    )
    doc.del_xml_metadata()
    data = doc.tobytes(garbage=3, deflate=True, no_new_id=True)
    doc.close()
    return bytes(data)
