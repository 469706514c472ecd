"""Opening a PDF for the viewer: errors an assessor can read, page geometry, words.

PyMuPDF is not thread-safe: MuPDF keeps one global context, and the Python binding holds the
GIL for the whole of every call. So every thread of the viewer opens its *own* Document, and
every call into PyMuPDF from the viewer (rendering a page, searching a page, reading words)
goes through ``MUPDF_LOCK``, one page-sized piece of work at a time. This costs no speed (the
GIL already serialises the calls) and keeps two threads from ever interleaving inside MuPDF.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

import pymupdf

log = logging.getLogger(__name__)

MUPDF_LOCK = threading.RLock()
"""Held around every PyMuPDF call made by the viewer's threads."""

FALLBACK_PAGE_SIZE = (612.0, 792.0)  # US Letter, for a page whose size cannot be read

Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 in PDF points, display orientation


class PdfOpenError(Exception):
    """The PDF cannot be shown. ``str(error)`` is a sentence written for the assessor."""


@dataclass(frozen=True)
class Word:
    """One word of a page as PyMuPDF extracts it, in display (rotated) coordinates."""

    rect: Rect
    text: str
    block: int
    line: int
    index: int


def open_pdf(path: Path) -> pymupdf.Document:
    """Open ``path`` as a PDF, or raise :class:`PdfOpenError` with a readable reason.

    The caller owns the document and must use it from one thread only.
    """
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise PdfOpenError(f"The file “{path.name}” is missing.") from None
    except OSError as exc:
        raise PdfOpenError(f"The file “{path.name}” cannot be read ({exc.strerror}).") from None
    if size == 0:
        raise PdfOpenError(f"The file “{path.name}” is empty (0 bytes).")
    with MUPDF_LOCK:
        try:
            doc = pymupdf.open(path, filetype="pdf")
        except pymupdf.FileDataError:
            raise PdfOpenError(
                f"“{path.name}” is not a readable PDF: it may be damaged or incomplete."
            ) from None
        except Exception as exc:
            log.exception("PyMuPDF could not open %s", path)
            raise PdfOpenError(f"“{path.name}” could not be opened ({exc}).") from None
        if doc.needs_pass:
            doc.close()
            raise PdfOpenError(f"“{path.name}” is password-protected, so it cannot be shown here.")
        if doc.page_count == 0:
            doc.close()
            raise PdfOpenError(f"“{path.name}” has no pages.")
    return doc


def page_sizes(doc: pymupdf.Document) -> list[tuple[float, float]]:
    """Width and height in points of every page as displayed (rotation applied)."""
    sizes: list[tuple[float, float]] = []
    with MUPDF_LOCK:
        for index in range(doc.page_count):
            try:
                rect = doc.load_page(index).rect
            except Exception:
                log.exception("Cannot read the size of page %d", index + 1)
                sizes.append(sizes[-1] if sizes else FALLBACK_PAGE_SIZE)
                continue
            width, height = float(rect.width), float(rect.height)
            if width <= 0 or height <= 0:
                sizes.append(sizes[-1] if sizes else FALLBACK_PAGE_SIZE)
            else:
                sizes.append((width, height))
    return sizes


def to_display(rect: pymupdf.Rect, page: pymupdf.Page) -> Rect:
    """Text coordinates are unrotated; turn them into the orientation the page is shown in."""
    if page.rotation:
        rect = rect * page.rotation_matrix
    rect.normalize()
    return (float(rect.x0), float(rect.y0), float(rect.x1), float(rect.y1))


class PageWords:
    """Words per page for text selection, read lazily and kept. One thread only (the GUI)."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._doc: pymupdf.Document | None = None
        self._words: dict[int, list[Word]] = {}

    def words(self, index: int) -> list[Word]:
        """The words of page ``index`` (0-based) in reading order; empty when unreadable."""
        cached = self._words.get(index)
        if cached is not None:
            return cached
        found: list[Word] = []
        try:
            if self._doc is None:
                self._doc = open_pdf(self._path)
            with MUPDF_LOCK:
                page = self._doc.load_page(index)
                for x0, y0, x1, y1, text, block, line, word in page.get_text("words", sort=True):
                    rect = to_display(pymupdf.Rect(x0, y0, x1, y1), page)
                    found.append(Word(rect, str(text), int(block), int(line), int(word)))
        except PdfOpenError as exc:
            log.warning("No words for page %d: %s", index + 1, exc)
        except Exception:
            log.exception("Cannot read the words of page %d", index + 1)
        self._words[index] = found
        return found

    def close(self) -> None:
        if self._doc is not None:
            with MUPDF_LOCK:
                self._doc.close()
            self._doc = None
        self._words.clear()


def words_text(words: list[Word]) -> str:
    """Words as text, in the order given: one line per PyMuPDF line, words joined by spaces."""
    lines: list[str] = []
    current: tuple[int, int] | None = None
    for word in words:
        if (word.block, word.line) != current:
            lines.append(word.text)
            current = (word.block, word.line)
        else:
            lines[-1] += " " + word.text
    return "\n".join(lines)
