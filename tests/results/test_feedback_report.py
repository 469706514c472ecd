"""The feedback report PDF, read back with PyMuPDF: content, privacy, layout and Unicode."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from pathlib import Path

import pymupdf
import pytest
from result_samples import FINALIZED_AT, LEAD_EARNED, LEAD_NOT_YET, SECRETS, judgments

from assessor_app.domain.model import Manifest
from assessor_app.results.feedback_report import (
    PRODUCER,
    feedback_report_pdf,
    report_file_name,
    write_feedback_report,
)
from assessor_app.results.final import FinalResult, final_result
from assessor_app.results.report_html import report_title


def _flat(text: str) -> str:
    """Text with every run of white space as one space (lines wrap anywhere)."""
    return " ".join(text.split())


def _text(path: Path) -> str:
    with pymupdf.open(path) as doc:
        return _flat(" ".join(page.get_text() for page in doc))


def _every_object(path: Path) -> str:
    """Every object and every decompressed stream of the file, as text."""
    with pymupdf.open(path) as doc:
        parts = [doc.pdf_trailer()]
        for xref in range(1, doc.xref_length()):
            parts.append(doc.xref_object(xref))
            if doc.xref_is_stream(xref):
                parts.append((doc.xref_stream(xref) or b"").decode("latin-1"))
        return "\n".join(parts)


def test_the_report_shows_every_target_with_level_and_feedback(
    tmp_path: Path, earned_manifest: Manifest, earned: FinalResult
) -> None:
    path = write_feedback_report(earned_manifest, earned, tmp_path / "report.pdf")
    text = _text(path)
    rubric = earned_manifest.rubric
    assert "Test Credential" in text
    assert "Feedback report for submission SUB-EARN-0001" in text
    assert "Result: earned" in text
    assert "The credential is earned." in text
    assert "finalized 20 November 2026" in text
    for outcome in rubric.outcomes:
        assert outcome.title in text
    for target_id in rubric.target_ids():
        assert rubric.target_label(target_id) in text
        feedback = LEAD_EARNED[target_id][1]
        if feedback:
            assert _flat(feedback) in text
    for detail in rubric.details():
        assert detail.text in text
    assert text.count("Level: Proficient") == len(rubric.target_ids())
    assert "No further feedback." in text  # part3 was judged proficient without feedback


def test_a_not_yet_report_says_why_in_plain_words(
    tmp_path: Path, not_yet_manifest: Manifest, not_yet: FinalResult
) -> None:
    text = _text(write_feedback_report(not_yet_manifest, not_yet, tmp_path / "r.pdf"))
    assert "Result: not yet earned" in text
    assert "The credential is not yet earned." in text
    assert "Part 3 – Reflection: Not yet proficient; 6 of the 60 words required" in text
    assert "EO1 · detail 1.2: Not yet proficient" in text
    assert "Length: 6 words (minimum 60)" in text
    for target_id, (_level, feedback, _why) in LEAD_NOT_YET.items():
        if feedback:
            assert feedback in text, target_id
    assert text.count("Level: Not yet proficient") == 2


def test_nothing_identifies_an_assessor_or_the_lead(
    tmp_path: Path, not_yet_manifest: Manifest, not_yet: FinalResult
) -> None:
    path = write_feedback_report(not_yet_manifest, not_yet, tmp_path / "r.pdf")
    text, raw = _text(path), _every_object(path)
    for secret in SECRETS:
        assert secret not in text
        assert secret not in raw
        assert secret.encode("utf-16-be").hex().upper() not in raw.upper()
    assert "10:15" not in text  # the day of finalizing, never a time of day


def test_metadata_is_neutral_with_no_author(
    tmp_path: Path, earned_manifest: Manifest, earned: FinalResult
) -> None:
    path = write_feedback_report(earned_manifest, earned, tmp_path / "r.pdf")
    with pymupdf.open(path) as doc:
        meta = doc.metadata
        assert meta is not None
        assert meta["title"] == report_title(earned_manifest)
        assert meta["title"] == "Test Credential — feedback report, submission SUB-EARN-0001"
        assert meta["author"] == ""
        assert meta["producer"] == PRODUCER and meta["creator"] == PRODUCER
        assert meta["creationDate"] == "" and meta["modDate"] == ""
        assert doc.get_xml_metadata() == ""
        catalog = doc.pdf_catalog()
        assert doc.xref_get_key(catalog, "Lang") == ("string", "en")
        assert "DisplayDocTitle true" in doc.xref_get_key(catalog, "ViewerPreferences")[1]


def test_the_outline_has_every_section_and_target(
    tmp_path: Path, earned_manifest: Manifest, earned: FinalResult
) -> None:
    path = write_feedback_report(earned_manifest, earned, tmp_path / "r.pdf")
    rubric = earned_manifest.rubric
    with pymupdf.open(path) as doc:
        toc = doc.get_toc()
    titles = [title for _level, title, _page in toc]
    assert titles[:2] == ["Result: earned", "Narrative parts"]
    assert "Essential outcome 2: Monitors the plan" in titles
    for target_id in rubric.target_ids():
        assert rubric.target_label(target_id) in titles
    assert {level for level, _title, _page in toc} == {1, 2}


def test_five_thousand_words_of_feedback_flow_over_numbered_pages(
    tmp_path: Path, earned_manifest: Manifest
) -> None:
    words = [f"word{n:04d}" for n in range(5000)]
    paragraphs = "\n\n".join(" ".join(words[i : i + 250]) for i in range(0, 5000, 250))
    lead = judgments(LEAD_EARNED)
    lead["eo1.2"] = ("P", paragraphs)
    final = final_result(earned_manifest, lead, FINALIZED_AT)
    path = write_feedback_report(earned_manifest, final, tmp_path / "long.pdf")
    with pymupdf.open(path) as doc:
        pages = doc.page_count
        assert pages >= 8
        for number, page in enumerate(doc, start=1):
            page_text = page.get_text()
            assert f"Page {number} of {pages}" in page_text
            assert "Submission SUB-EARN-0001" in page_text
            for x0, y0, x1, y1, *_rest in page.get_text("blocks"):
                assert x0 >= 68 and x1 <= page.rect.width - 68, (number, x0, x1)
                assert y0 >= 68 and y1 <= page.rect.height - 40, (number, y0, y1)
        text = _flat(" ".join(page.get_text() for page in doc))
    found = re.findall(r"word\d{4}", text)
    assert found == words  # every word, once, in order, across the page breaks


ODD = (
    "Naïve café façade, São Paulo, Zürich, Øresund, Łódź — “curly” ‘quotes’ … "
    "Ελληνικά, Русский, 中文反馈, 日本語, 한국어; office, fluffy, affluent, reflection; "
    "math ≤ ≥ → √ ½; <b>not markup</b> & </p><script>x</script>"
)


def test_odd_unicode_and_markup_come_out_as_written(
    tmp_path: Path, earned_manifest: Manifest
) -> None:
    lead = judgments(LEAD_EARNED)
    lead["eo2.1"] = ("P", ODD + "\x00\x07 music 𝄞 math 𝔘, Arabic مرحبا, Hebrew שלום, e\u0301 🙂")
    final = final_result(earned_manifest, lead, FINALIZED_AT)
    path = write_feedback_report(earned_manifest, final, tmp_path / "u.pdf")
    text = _text(path)
    assert ODD in text  # includes the ligature-prone words spelt with plain letters
    assert not {"\ufb00", "\ufb01", "\ufb02", "\ufb03", "\ufb04"} & set(text)
    assert "Level: Proficient" in text
    assert "music 𝄞 math 𝔘" in text  # past U+FFFF, read back as written
    # What a reader gets from the fonts' ToUnicode maps (MuPDF's default extraction shows
    # the raw glyph number where the map says U+FFFD, so ask it not to).
    flags = pymupdf.TEXTFLAGS_TEXT & ~pymupdf.TEXT_CID_FOR_UNKNOWN_UNICODE
    with pymupdf.open(path) as doc:
        mapped = "".join(page.get_text(flags=flags) for page in doc)
    assert "\x00" not in mapped and "\x07" not in mapped


def test_unicode_in_the_credential_title_reaches_title_and_text(
    tmp_path: Path, earned_manifest: Manifest, earned: FinalResult
) -> None:
    credential = dataclasses.replace(earned_manifest.credential, title="Équipe “Führung” 協働")
    manifest = dataclasses.replace(earned_manifest, credential=credential)
    final = dataclasses.replace(earned, credential=credential)
    path = write_feedback_report(manifest, final, tmp_path / "t.pdf")
    assert "Équipe “Führung” 協働" in _text(path)
    with pymupdf.open(path) as doc:
        assert doc.metadata is not None
        assert doc.metadata["title"].startswith("Équipe “Führung” 協働 — feedback report")


def test_the_file_is_replaced_atomically(
    tmp_path: Path, earned_manifest: Manifest, earned: FinalResult
) -> None:
    target = tmp_path / "out" / "nested" / "report.pdf"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"an older report")
    assert write_feedback_report(earned_manifest, earned, target) == target
    assert target.read_bytes().startswith(b"%PDF-")
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.pdf"]


def test_a_result_of_another_submission_writes_nothing(
    tmp_path: Path, not_yet_manifest: Manifest, earned: FinalResult
) -> None:
    target = tmp_path / "report.pdf"
    with pytest.raises(ValueError, match="SUB-EARN-0001, the manifest for SUB-NYET-0002"):
        write_feedback_report(not_yet_manifest, earned, target)
    assert list(tmp_path.iterdir()) == []


def test_the_same_result_gives_the_same_bytes(
    earned_manifest: Manifest, earned: FinalResult
) -> None:
    assert feedback_report_pdf(earned_manifest, earned) == feedback_report_pdf(
        earned_manifest, earned
    )


def test_the_file_name_is_the_submission_code(earned: FinalResult) -> None:
    assert report_file_name(earned) == "feedback-SUB-EARN-0001.pdf"
    odd = dataclasses.replace(earned, submission_id="a/b c")
    assert report_file_name(odd) == "feedback-a_b_c.pdf"


def test_importing_the_csv_and_badge_modules_does_not_import_pymupdf() -> None:
    code = (
        "import sys\n"
        "import assessor_app.results.csv_export, assessor_app.results.open_badges\n"
        "import assessor_app.results.feedback_report\n"
        "print(sorted(m for m in ('pymupdf', 'fitz', 'PySide6') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_a_not_yet_result_with_nothing_to_list_still_says_not_yet(
    tmp_path: Path, earned_manifest: Manifest, earned: FinalResult
) -> None:
    # A result decided elsewhere (the portal) can disagree with the levels it carries.
    odd = dataclasses.replace(earned, result="not_yet")
    text = _text(write_feedback_report(earned_manifest, odd, tmp_path / "r.pdf"))
    assert "Result: not yet earned" in text
    assert "The credential is not yet earned. The feedback below says why." in text
