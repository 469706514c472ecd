"""Final results as CSV for program records: one row per submission per rubric target.

Columns (in this order, after a header row):

``submission_id, credential_id, credential_title, credential_version, result, finalized_at,
target_id, target_label, outcome, level, level_label``

* ``result`` is ``earned`` or ``not_yet`` and repeats on every row of a submission.
* ``target_label`` is the workstation's short label ("Part 3 – Reflection", "EO2 · detail
  2.3"); ``outcome`` is the essential outcome's title for a detail and empty for a part.
* ``level`` is the rubric's level code, ``level_label`` its label; both empty if not judged.

Rows follow the rubric's reading order (judged parts, then details). Feedback, rationale and
anything about the assessors are not exported.

**Spreadsheet formula injection.** A cell whose text starts with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return would be read as a formula (or a formula's start) by Excel,
LibreOffice and Google Sheets. Such a cell is written with a single quote ``'`` in front, the
usual convention that makes spreadsheets show the text as text. The quote is part of the
value in the file: a program that reads the CSV and needs the exact text strips one leading
``'`` from a cell whose next character is one of those six.

Encoding: the caller's text stream decides; open files with ``encoding="utf-8"`` and
``newline=""`` (as :func:`write_results_csv_file` does). Lines end with CRLF (RFC 4180).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from assessor_app.atomic_files import write_bytes_atomically
from assessor_app.domain.model import Manifest
from assessor_app.results.final import FinalResult, check_matches

__all__ = ["COLUMNS", "FORMULA_STARTS", "safe_cell", "write_results_csv", "write_results_csv_file"]

COLUMNS = (
    "submission_id",
    "credential_id",
    "credential_title",
    "credential_version",
    "result",
    "finalized_at",
    "target_id",
    "target_label",
    "outcome",
    "level",
    "level_label",
)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """``value``, with a ``'`` in front when a spreadsheet would take it for a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _rows(manifest: Manifest, final: FinalResult) -> Iterable[tuple[str, ...]]:
    rubric = manifest.rubric
    credential = manifest.credential
    for target_id in rubric.target_ids():
        decision = final.decisions.get(target_id)
        code = (decision.level or "") if decision else ""
        level = rubric.level(code) if code else None
        outcome = rubric.outcome_of(target_id)
        yield (
            final.submission_id,
            credential.id,
            credential.title,
            credential.version,
            final.result,
            final.finalized_at,
            target_id,
            rubric.target_label(target_id),
            outcome.title if outcome else "",
            code,
            level.label if level else "",
        )


def write_results_csv(results: Iterable[tuple[Manifest, FinalResult]], out: TextIO) -> int:
    """Write the header and one row per submission per target to ``out``; returns the
    number of data rows. ValueError if a final result does not belong to its manifest."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    written = 0
    for manifest, final in results:
        check_matches(manifest, final)
        for row in _rows(manifest, final):
            writer.writerow([safe_cell(cell) for cell in row])
            written += 1
    return written


def write_results_csv_file(results: Iterable[tuple[Manifest, FinalResult]], path: Path) -> int:
    """:func:`write_results_csv` into ``path`` as UTF-8 (no byte order mark), atomically."""
    buffer = io.StringIO(newline="")
    written = write_results_csv(results, buffer)
    write_bytes_atomically(path, buffer.getvalue().encode("utf-8"))
    return written
