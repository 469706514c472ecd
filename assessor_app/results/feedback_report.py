"""The candidate's feedback report as a PDF, laid out with PyMuPDF's Story (HTML and CSS).

Text is real, extractable text in reading order (no images of text), laid out on US Letter
pages with 1-inch margins and flowed across as many pages as the feedback needs. Fonts are
MuPDF's built-in ones: the base-14 sans (Nimbus Sans) for Latin text, with MuPDF's bundled
Noto and Droid fallbacks for Greek, Cyrillic, CJK, Arabic, Hebrew and symbols, all embedded
as subsets. The text layer is repaired (:mod:`.pdf_text_layer`) so that ligatures and
characters past U+FFFF copy, search and read aloud as written.

For readers and assistive technology the file has a title shown in the window bar
(``DisplayDocTitle``), the document language, an outline (bookmarks) with an entry per
section and per target, unfolded and shown when the file opens, and "Page n of N" on every
page; text is dark on white (contrast above 12:1), 11 pt or larger apart from the footer.
It is not a tagged PDF: PyMuPDF cannot write the structure tree PDF/UA asks for.

Nothing in the file identifies a person: the title is the credential and the opaque
submission code, the metadata has no author, a neutral creator and producer and no dates, and
there is no XMP. The report itself shows levels and feedback only, never an assessor's name,
the lead's rationale or when a single judgment was made. The file is written atomically.

PyMuPDF is imported when a report is made, not when this module is imported.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from assessor_app.atomic_files import write_bytes_atomically
from assessor_app.domain.model import Manifest
from assessor_app.results.final import FinalResult, check_matches
from assessor_app.results.pdf_text_layer import repair_text_layer
from assessor_app.results.report_html import REPORT_CSS, Heading, report_html

__all__ = ["PRODUCER", "feedback_report_pdf", "report_file_name", "write_feedback_report"]

PRODUCER = "Assessor Workstation"
_LANGUAGE = "en"
_PAGE_SIZE = "letter"
_MARGIN = 72.0  # 1 inch
_FOOTER_GAP = 24.0  # between the text area and the footer baseline
_FOOTER_SIZE = 9.0
_FOOTER_COLOUR = (0.24, 0.27, 0.31)
_MAX_PAGES = 5000  # a guard against a layout that never finishes


def report_file_name(final: FinalResult) -> str:
    """A file name for the report made of the submission code only, e.g.
    ``feedback-MC-7K2Q-91PX.pdf`` (submission ids are ASCII letters, digits, ``._-``)."""
    safe = "".join(
        ch if ch.isascii() and (ch.isalnum() or ch in "._-") else "_" for ch in final.submission_id
    )
    return f"feedback-{safe}.pdf"


def _layout(mu: Any, html: str) -> tuple[bytes, dict[str, tuple[int, float]]]:
    """Flow ``html`` over as many pages as it needs; the PDF, and for each element id the
    page (from 0) and the top of the element on it."""
    story = mu.Story(html=html, user_css=REPORT_CSS)
    page_rect = mu.paper_rect(_PAGE_SIZE)
    text_area = mu.Rect(
        _MARGIN, _MARGIN, page_rect.width - _MARGIN, page_rect.height - _MARGIN - _FOOTER_GAP
    )
    placed: dict[str, tuple[int, float]] = {}

    def note_position(position: Any) -> None:
        if position.id and position.open_close & 1 and position.id not in placed:
            placed[position.id] = (position.page, float(position.rect[1]))

    buffer = io.BytesIO()
    writer = mu.DocumentWriter(buffer)
    more, page = 1, 0
    while more:
        if page >= _MAX_PAGES:
            raise ValueError(f"the feedback report would run past {_MAX_PAGES} pages")
        device = writer.begin_page(page_rect)
        more, _ = story.place(text_area)
        story.element_positions(note_position, {"page": page})
        story.draw(device)
        writer.end_page()
        page += 1
    writer.close()
    return buffer.getvalue(), placed


def _add_footers(mu: Any, doc: Any, submission_id: str) -> None:
    total = doc.page_count
    for number, page in enumerate(doc, start=1):
        baseline = page.rect.height - _MARGIN + _FOOTER_SIZE
        left = f"Submission {submission_id}"
        right = f"Page {number} of {total}"
        width = mu.get_text_length(right, fontname="helv", fontsize=_FOOTER_SIZE)
        for x, text in ((_MARGIN, left), (page.rect.width - _MARGIN - width, right)):
            page.insert_text(
                (x, baseline), text, fontname="helv", fontsize=_FOOTER_SIZE, color=_FOOTER_COLOUR
            )


def _add_outline(
    mu: Any, doc: Any, outline: tuple[Heading, ...], placed: dict[str, tuple[int, float]]
) -> None:
    toc = []
    for heading in outline:
        page, top = placed.get(heading.anchor, (0, _MARGIN))
        to = {"kind": mu.LINK_GOTO, "to": mu.Point(_MARGIN, top), "zoom": 0}
        toc.append([heading.level, heading.text, page + 1, to])
    doc.set_toc(toc, collapse=0)  # every entry unfolded


def _set_document_info(doc: Any, title: str) -> None:
    doc.set_metadata(
        {
            "title": title,
            "author": "",
            "subject": "Feedback on a micro-credential submission",
            "keywords": "",
            "creator": PRODUCER,
            "producer": PRODUCER,
            "creationDate": "",
            "modDate": "",
            "trapped": "",
        }
    )
    doc.del_xml_metadata()
    catalog = doc.pdf_catalog()
    doc.xref_set_key(catalog, "Info", "null")  # a stray copy the document writer leaves
    doc.xref_set_key(catalog, "Lang", f"({_LANGUAGE})")
    doc.xref_set_key(catalog, "ViewerPreferences", "<</DisplayDocTitle true>>")
    doc.xref_set_key(catalog, "PageMode", "/UseOutlines")


def feedback_report_pdf(manifest: Manifest, final: FinalResult) -> bytes:
    """The report as PDF bytes (see the module docstring)."""
    import pymupdf  # here, not at the top: importing this module stays cheap

    mu: Any = pymupdf
    check_matches(manifest, final)
    text = report_html(manifest, final)
    laid_out, placed = _layout(mu, text.html)
    doc = mu.open("pdf", laid_out)
    try:
        doc.subset_fonts()  # only the glyphs used: about half the size
        repair_text_layer(doc)
        _add_footers(mu, doc, manifest.submission_id)
        _add_outline(mu, doc, text.outline, placed)
        _set_document_info(doc, text.title)
        return bytes(doc.tobytes(garbage=3, deflate=True, no_new_id=True))
    finally:
        doc.close()


def write_feedback_report(manifest: Manifest, final: FinalResult, path: Path | str) -> Path:
    """Write the feedback report of ``final`` to ``path`` atomically; returns the path.

    Raises ValueError when ``final`` is not the result of ``manifest``'s submission.
    """
    return write_bytes_atomically(Path(path), feedback_report_pdf(manifest, final))
