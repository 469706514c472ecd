"""The results CSV, read back with csv.reader: columns, rows, UTF-8 and formula injection."""

from __future__ import annotations

import csv
import dataclasses
import io
from pathlib import Path

import pytest
from result_samples import FINALIZED_AT, LEAD_EARNED, SECRETS, judgments
from support.bundles import sample_manifest

from assessor_app.domain.model import Level, Manifest, Outcome
from assessor_app.results.csv_export import (
    COLUMNS,
    safe_cell,
    write_results_csv,
    write_results_csv_file,
)
from assessor_app.results.final import FinalResult, final_result


def _read(text: str) -> list[dict[str, str]]:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert tuple(rows[0]) == COLUMNS
    return [dict(zip(COLUMNS, row, strict=True)) for row in rows[1:]]


def test_one_row_per_submission_per_target_in_reading_order(
    earned_manifest: Manifest,
    earned: FinalResult,
    not_yet_manifest: Manifest,
    not_yet: FinalResult,
) -> None:
    out = io.StringIO(newline="")
    written = write_results_csv([(earned_manifest, earned), (not_yet_manifest, not_yet)], out)
    rows = _read(out.getvalue())
    targets = list(earned_manifest.rubric.target_ids())
    assert written == len(rows) == 2 * len(targets)
    assert [r["target_id"] for r in rows] == targets * 2
    first = rows[0]
    assert first == {
        "submission_id": "SUB-EARN-0001",
        "credential_id": "cred-test",
        "credential_title": "Test Credential",
        "credential_version": "2026.1",
        "result": "earned",
        "finalized_at": FINALIZED_AT,
        "target_id": "part1",
        "target_label": "Part 1 – Overview questions",
        "outcome": "",
        "level": "P",
        "level_label": "Proficient",
    }
    by_key = {(r["submission_id"], r["target_id"]): r for r in rows}
    detail = by_key[("SUB-NYET-0002", "eo1.2")]
    assert detail["result"] == "not_yet"
    assert detail["target_label"] == "EO1 · detail 1.2"
    assert detail["outcome"] == "Sets shared expectations"
    assert (detail["level"], detail["level_label"]) == ("N", "Not yet proficient")
    assert by_key[("SUB-NYET-0002", "part3")]["level"] == "N"
    assert out.getvalue().endswith("\r\n")


def test_no_feedback_rationale_or_assessor_reaches_the_csv(
    not_yet_manifest: Manifest, not_yet: FinalResult
) -> None:
    out = io.StringIO(newline="")
    write_results_csv([(not_yet_manifest, not_yet)], out)
    text = out.getvalue()
    for secret in SECRETS:
        assert secret not in text
    for decision in not_yet.decisions.values():
        if decision.feedback:
            assert decision.feedback not in text


def _hostile_manifest() -> Manifest:
    manifest = sample_manifest("SUB-HOST-0003", full_reflection=True)
    rubric = manifest.rubric
    levels = (
        dataclasses.replace(rubric.levels[0], label="@SUM(1+1)"),
        Level("N", "-2+3", False),
    )
    outcomes = (
        dataclasses.replace(rubric.outcomes[0], title='=HYPERLINK("http://x.invalid","go")'),
        Outcome("eo2", "\tTabbed start", rubric.outcomes[1].details),
    )
    credential = dataclasses.replace(manifest.credential, title="+cmd|' /C calc'!A0")
    return dataclasses.replace(
        manifest,
        credential=credential,
        rubric=dataclasses.replace(rubric, levels=levels, outcomes=outcomes),
    )


def test_cells_a_spreadsheet_would_run_get_a_leading_quote() -> None:
    manifest = _hostile_manifest()
    lead = dict(judgments(LEAD_EARNED), **{"eo2.1": ("N", "Collect it twice a term.")})
    final = final_result(manifest, lead, FINALIZED_AT)
    out = io.StringIO(newline="")
    write_results_csv([(manifest, final)], out)
    rows = _read(out.getvalue())
    assert {r["credential_title"] for r in rows} == {"'+cmd|' /C calc'!A0"}
    assert {r["level_label"] for r in rows} == {"'@SUM(1+1)", "'-2+3"}
    outcomes = {r["target_id"]: r["outcome"] for r in rows}
    assert outcomes["eo1.1"] == '\'=HYPERLINK("http://x.invalid","go")'
    assert outcomes["eo2.1"] == "'\tTabbed start"
    assert outcomes["part1"] == ""
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a=b", "a=b"),
        ("'quoted", "'quoted"),
        ("", ""),
        ("Évaluation – “ok”", "Évaluation – “ok”"),
    ],
)
def test_safe_cell(value: str, written: str) -> None:
    assert safe_cell(value) == written


def test_the_file_is_utf8_without_bom_and_replaced_whole(
    tmp_path: Path, earned_manifest: Manifest, earned: FinalResult
) -> None:
    credential = dataclasses.replace(earned_manifest.credential, title="Équipe “Führung” 協働")
    manifest = dataclasses.replace(earned_manifest, credential=credential)
    final = dataclasses.replace(earned, credential=credential)
    path = tmp_path / "results.csv"
    path.write_text("old contents")
    written = write_results_csv_file([(manifest, final)], path)
    data = path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    rows = _read(data.decode("utf-8"))
    assert written == len(rows) == 5
    assert rows[0]["credential_title"] == "Équipe “Führung” 協働"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results.csv"]


def test_an_empty_export_is_the_header_alone() -> None:
    out = io.StringIO(newline="")
    assert write_results_csv([], out) == 0
    assert out.getvalue() == ",".join(COLUMNS) + "\r\n"


def test_a_result_paired_with_the_wrong_manifest_is_refused(
    not_yet_manifest: Manifest, earned: FinalResult
) -> None:
    with pytest.raises(ValueError, match="SUB-EARN-0001, the manifest for SUB-NYET-0002"):
        write_results_csv([(not_yet_manifest, earned)], io.StringIO())
