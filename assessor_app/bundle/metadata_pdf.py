"""PDF metadata with PyMuPDF: the document information dictionary and the XMP packet.

Read: every entry of the trailer's information dictionary except the dates and the trapping
flag (Title, Author, Subject, Keywords, Creator, Producer and any custom key such as Company),
the same standard entries when a writer put an information dictionary into the catalog, and
the catalog's XMP metadata stream. Removed: those entries and the XMP stream; the file is then
saved anew with garbage collection (not as an incremental update), so the old objects, and
older revisions of them kept by earlier incremental saves, are gone from the bytes. A file
with earlier revisions, or one that had to be repaired, is rewritten that way even when its
current metadata is clean.

Out of scope, left as they are: names of embedded files and attachments, annotation authors,
XMP streams attached to pages or images rather than the document, and names in the visible
page content.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from assessor_app.bundle.metadata_fields import xmp_findings
from assessor_app.bundle.metadata_model import MetadataError, MetadataFinding, clean_value
from assessor_app.bundle.names import one_line

_KEPT_KEYS = frozenset({"CreationDate", "ModDate", "Trapped"})
_PERSON_KEYS = frozenset({"Author", "LastModifiedBy", "Manager", "Owner"})
_STANDARD_KEYS = ("Title", "Author", "Subject", "Keywords", "Creator", "Producer")
_T = TypeVar("_T")


@contextlib.contextmanager
def _opened(path: Path) -> Iterator[Any]:
    import pymupdf  # heavy; only when a PDF is actually read

    mu: Any = pymupdf
    try:
        doc = mu.open(str(path), filetype="pdf")
    except Exception as exc:  # noqa: BLE001 - MuPDF raises RuntimeError, FzError*, ValueError
        reason = str(exc).replace(f"'{path}'", "").replace(str(path), "")
        raise MetadataError(f"not a readable PDF ({one_line(reason, 120)})") from None
    try:
        if doc.needs_pass:
            raise MetadataError(
                "the PDF is password-protected, so its metadata cannot be read or removed"
            )
        yield doc
    finally:
        doc.close()


def _value(entry: tuple[str, str]) -> str:
    kind, value = entry
    if kind == "string":
        return clean_value(value)
    if kind == "name":
        return clean_value(value.lstrip("/"))
    return ""


def _info_entries(doc: Any) -> tuple[int | None, list[tuple[str, str]]]:
    """The information dictionary's object number (None when it is inline or absent) and
    its (key, value) entries that are not dates."""
    kind, ref = doc.xref_get_key(-1, "Info")
    if kind == "xref":
        xref = int(ref.split()[0])
        keys = [k for k in doc.xref_get_keys(xref) if k not in _KEPT_KEYS]
        return xref, [(k, _value(doc.xref_get_key(xref, k))) for k in keys]
    if kind == "dict":
        entries = [(k, _value(doc.xref_get_key(-1, f"Info/{k}"))) for k in _STANDARD_KEYS]
        return None, [(k, v) for k, v in entries if v]
    return None, []


def _catalog_entries(doc: Any) -> list[tuple[str, str]]:
    """Standard entries of an information dictionary put (against the standard) into the
    catalog; MuPDF does that for a new document, with its own name as the producer only."""
    catalog = doc.pdf_catalog()
    if doc.xref_get_key(catalog, "Info")[0] != "dict":
        return []
    entries = [(k, _value(doc.xref_get_key(catalog, f"Info/{k}"))) for k in _STANDARD_KEYS]
    return [(k, v) for k, v in entries if v and k != "Producer"]


def _findings(doc: Any) -> tuple[list[MetadataFinding], list[str]]:
    findings: list[MetadataFinding] = []
    removed: list[str] = []
    _xref, entries = _info_entries(doc)
    for key, value in entries:
        if value:  # an empty entry says nothing (it goes too when the file is stripped)
            findings.append(MetadataFinding(f"PDF {key}", value, key in _PERSON_KEYS))
            removed.append(f"PDF {key}")
    for key, value in _catalog_entries(doc):
        findings.append(MetadataFinding(f"PDF catalog {key}", value, key in _PERSON_KEYS))
        removed.append(f"PDF catalog {key}")
    if doc.xref_get_key(doc.pdf_catalog(), "Metadata")[0] != "null":
        try:
            xmp = doc.get_xml_metadata()
        except Exception:  # noqa: BLE001 - not a stream: nothing to read, still removed
            xmp = ""
        findings.extend(xmp_findings(xmp.encode("utf-8", "replace")))
        removed.append("XMP metadata")
    return findings, removed


_REF = re.compile(r"\b(\d+)\s+\d+\s+R\b")
_UNREFERENCED_BY_DESIGN = ("/ObjStm", "/XRef")


def _unreferenced_objects(doc: Any) -> int:
    """How many objects nothing reaches from the trailer: old values a writer replaced
    without collecting garbage (an orphaned information dictionary still names its author).
    Object and cross-reference streams are not counted; they are unreferenced by design."""
    count = doc.xref_length()
    seen: set[int] = set()
    todo = [int(n) for n in _REF.findall(doc.pdf_trailer(compressed=True))]
    while todo:
        xref = todo.pop()
        if xref in seen or not 0 < xref < count:
            continue
        seen.add(xref)
        todo.extend(int(n) for n in _REF.findall(doc.xref_object(xref, compressed=True)))
    orphans = 0
    for xref in range(1, count):
        if xref in seen or doc.xref_object(xref, compressed=True) == "null":
            continue
        kind, value = doc.xref_get_key(xref, "Type")
        if not (kind == "name" and value in _UNREFERENCED_BY_DESIGN):
            orphans += 1
    return orphans


def _guarded(action: str, path: Path, work: Callable[[], _T]) -> _T:
    """Run ``work``; MuPDF's own errors (of several exception types) become one line."""
    try:
        return work()
    except MetadataError:
        raise
    except Exception as exc:  # noqa: BLE001 - MuPDF raises RuntimeError, FzError*, ValueError
        reason = str(exc).replace(f"'{path}'", "").replace(str(path), "")
        raise MetadataError(f"the PDF {action} ({one_line(reason, 120)})") from None


def inspect_pdf(path: Path) -> list[MetadataFinding]:
    with _opened(path) as doc:
        return _guarded("has a damaged structure", path, lambda: _findings(doc)[0])


def strip_pdf(path: Path, out: Path) -> list[str]:
    """Write ``path`` without its metadata to ``out``; return what was removed (empty: nothing
    was found and ``out`` was not written).

    A file with earlier revisions (incremental updates), unreferenced objects, or one MuPDF
    had to repair is rewritten even when its current metadata is clean: an old information
    dictionary can still sit in its bytes.
    """
    with _opened(path) as doc:
        removed = _guarded("has a damaged structure", path, lambda: _plan(doc))
        if removed:
            _guarded("could not be saved without its metadata", path, lambda: _rewrite(doc, out))
    return removed


def _plan(doc: Any) -> list[str]:
    removed = _findings(doc)[1]
    if doc.version_count > 1:
        removed.append("earlier revisions")
    if doc.is_repaired:
        removed.append("unreferenced objects (damaged file repaired)")
    elif _unreferenced_objects(doc):
        removed.append("unreferenced objects")
    return removed


def _rewrite(doc: Any, out: Path) -> None:
    xref, entries = _info_entries(doc)
    if xref is not None:
        for key, _value_text in entries:
            doc.xref_set_key(xref, key, "null")
    elif entries:
        doc.xref_set_key(-1, "Info", "null")
    if _catalog_entries(doc):
        doc.xref_set_key(doc.pdf_catalog(), "Info", "null")
    if doc.xref_get_key(doc.pdf_catalog(), "Metadata")[0] != "null":
        doc.xref_set_key(doc.pdf_catalog(), "Metadata", "null")
    # A full rewrite with garbage collection: unreferenced objects (the old values) are
    # dropped; the file id is kept so the same input always gives the same bytes.
    doc.save(str(out), garbage=3, no_new_id=True)
