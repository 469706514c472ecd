"""The demo bundles: written by the real CLI, byte-for-byte repeatable, verified by the real
reader, complete (every detail cited), and true to their citations (the cited page holds the
quoted phrase; a cited time lands inside the scene the note names)."""

from __future__ import annotations

import contextlib
import io
import itertools
import json
import re
import shutil
import subprocess
import sys
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pymupdf
import pytest

from assessor_app.bundle.reader import verify_bundle
from assessor_app.domain.model import ArtifactKind, Manifest, PartKind
from assessor_app.domain.wordcount import count_words
from assessor_app.portal.cli import main
from assessor_app.portal.demo import media_path, write_demo_bundles
from assessor_app.portal.demo_content import SUBMISSIONS
from assessor_app.portal.demo_content.media import MEDIA_SEGMENTS

QUOTED = re.compile(r"“([^”]+)”")


@dataclass(frozen=True)
class Written:
    paths: list[Path]
    stdout: str
    manifests: dict[str, Manifest]  # submission id -> manifest as read back by the reader


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Written:
    """One run of ``assessor-portal demo-bundles`` shared by the tests of this module."""
    outdir = tmp_path_factory.mktemp("demo") / "bundles"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["demo-bundles", str(outdir)]) == 0
    paths = sorted(outdir.iterdir())
    manifests = {}
    for path in paths:
        manifest = verify_bundle(path).manifest
        manifests[manifest.submission_id] = manifest
    return Written(paths, out.getvalue(), manifests)


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


def _pdfs(path: Path, manifest: Manifest) -> dict[str, pymupdf.Document]:
    with zipfile.ZipFile(path) as zf:
        return {
            a.id: pymupdf.open(stream=zf.read(a.path), filetype="pdf")
            for a in manifest.artifacts
            if a.kind is ArtifactKind.PDF
        }


def _is_bar_blue(fill: object) -> bool:
    """The first series colour of the demo charts (#2E6B9E)."""
    if not isinstance(fill, tuple) or len(fill) != 3:
        return False
    return all(abs(c - v / 255) < 0.01 for c, v in zip(fill, (0x2E, 0x6B, 0x9E), strict=True))


def _bundle_of(written: Written, submission_id: str) -> Path:
    return next(p for p in written.paths if p.name.startswith(submission_id))


# --- writing ---------------------------------------------------------------------------------
def test_cli_writes_five_bundles_across_three_credentials(written: Written) -> None:
    assert len(written.paths) >= 5
    assert {p.suffix for p in written.paths} == {".zip"}
    ids = set(written.manifests)
    assert all(re.fullmatch(r"MC-[0-9A-Z]{4}-[0-9A-Z]{4}", i) for i in ids)
    assert ids == {s.submission_id for s in SUBMISSIONS}
    assert len({m.credential.id for m in written.manifests.values()}) >= 3
    lines = written.stdout.strip().splitlines()
    assert len(lines) == len(written.paths) + 1
    assert all(any(i in line for i in ids) for line in lines[:-1])
    assert lines[-1].startswith(f"{len(written.paths)} demo bundles")


def test_same_bytes_every_time(written: Written, tmp_path: Path) -> None:
    again = write_demo_bundles(tmp_path / "again")
    assert sorted(p.name for p in again) == [p.name for p in written.paths]
    for path in again:
        assert path.read_bytes() == (written.paths[0].parent / path.name).read_bytes(), path.name


def test_cli_reports_an_unwritable_outdir_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    for outdir in (blocker, blocker / "below"):
        assert main(["demo-bundles", str(outdir)]) == 2
        err = capsys.readouterr().err
        assert err.startswith("assessor-portal: error: cannot write to ")
        assert len(err.strip().splitlines()) == 1


def test_python_dash_m_runs_the_same_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "assessor_app.portal", "demo-bundles", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert "OUTDIR" in result.stdout


# --- completeness ----------------------------------------------------------------------------
def test_every_detail_has_evidence_with_a_citation_and_an_explanation(written: Written) -> None:
    for manifest in written.manifests.values():
        for detail in manifest.rubric.details():
            evidence = manifest.evidence_for(detail.id)
            assert evidence is not None, (manifest.submission_id, detail.id)
            assert evidence.citations, (manifest.submission_id, detail.id)
            assert len(evidence.explanation.split()) >= 10, (manifest.submission_id, detail.id)
        for outcome in manifest.rubric.outcomes:
            assert 2 <= len(outcome.details) <= 4


def test_credentials_are_modelled_on_the_program(written: Written) -> None:
    by_title = {m.credential.title: m for m in written.manifests.values()}
    bir = by_title["Building Internal Relationships"].rubric
    assert len(bir.outcomes) == 4
    assert [lv.code for lv in bir.levels] == ["P", "N"]
    assert [lv.proficient for lv in bir.levels] == [True, False]
    part1, part2, part3 = bir.parts
    assert (part1.min_words, len(part1.prompts), part2.kind, part3.min_words) == (
        1000,
        5,
        PartKind.PORTFOLIO,
        500,
    )
    assert len(by_title["Communication Standards"].rubric.outcomes) == 5
    pilot = by_title["Data-Informed Decision Making"]
    assert "pilot" in pilot.credential.version
    assert [p.kind for p in pilot.rubric.parts] == [
        PartKind.NARRATIVE,
        PartKind.PORTFOLIO,
        PartKind.NARRATIVE,
        PartKind.NARRATIVE,
    ]
    assert [p.min_words for p in pilot.rubric.parts] == [800, None, 750, 400]


def test_word_counts_fall_on_both_sides_of_the_minimums(written: Written) -> None:
    counts: dict[tuple[str, str], tuple[int, int]] = {}
    for manifest in written.manifests.values():
        for part in manifest.rubric.parts:
            if part.min_words is None:
                continue
            narrative = manifest.narrative(part.id)
            assert narrative is not None, (manifest.submission_id, part.id)
            counts[(manifest.submission_id, part.id)] = (
                count_words(narrative.text),
                part.min_words,
            )
    above = counts[("MC-7K2Q-91PX", "bir-part1")]
    below = counts[("MC-3HDW-48TN", "bir-part1")]
    assert above[0] > above[1] == 1000
    assert 700 <= below[0] < below[1] == 1000
    assert counts[("MC-9JMF-63EZ", "cs-part3")][0] < 500
    short = {key for key, (n, minimum) in counts.items() if n < minimum}
    assert short == {("MC-3HDW-48TN", "bir-part1"), ("MC-9JMF-63EZ", "cs-part3")}


# --- citations -------------------------------------------------------------------------------
def test_cited_pages_hold_the_quoted_evidence(written: Written) -> None:
    checked = 0
    for sid, manifest in written.manifests.items():
        docs = _pdfs(_bundle_of(written, sid), manifest)
        for evidence in manifest.evidence:
            for citation in evidence.citations:
                if citation.page is None:
                    continue
                doc = docs[citation.artifact_id]
                last = citation.last_page or citation.page
                if last > doc.page_count:
                    continue  # the deliberate bad citation, tested below
                phrases = QUOTED.findall(citation.note)
                assert phrases, (sid, evidence.detail_id, citation.note)
                pages = [_norm(doc[n - 1].get_text()) for n in range(citation.page, last + 1)]
                for phrase in phrases:
                    where = (sid, evidence.detail_id, citation.locator(), phrase)
                    assert any(_norm(phrase) in text for text in pages), where
                    assert _norm(phrase) in _norm(evidence.explanation), where
                checked += 1
    assert checked >= 60


def test_exactly_one_citation_points_past_the_end_of_its_document(written: Written) -> None:
    bad = []
    for sid, verified in ((p.name, verify_bundle(p)) for p in written.paths):
        for problem in verified.citation_problems:
            bad.append((sid, problem.detail_id, problem.citation.locator(), problem.message))
    assert len(bad) == 1
    sid, detail, locator, message = bad[0]
    assert (sid, detail, locator) == ("MC-3HDW-48TN.zip", "bir-3.3", "p. 14")
    assert "9 pages" in message


def test_timed_citations_land_inside_the_scene_their_note_names(written: Written) -> None:
    kinds = set()
    for manifest in written.manifests.values():
        for evidence in manifest.evidence:
            for citation in evidence.citations:
                if citation.start_ms is None:
                    continue
                artifact = manifest.artifact(citation.artifact_id)
                assert artifact is not None and artifact.duration_ms is not None
                kinds.add(artifact.kind)
                end = citation.end_ms if citation.end_ms is not None else citation.start_ms
                assert 0 <= citation.start_ms <= end <= artifact.duration_ms
                segments = {s.label: s for s in MEDIA_SEGMENTS[Path(artifact.path).name]}
                named = [segments[label] for label in QUOTED.findall(citation.note)]
                assert named, citation.note
                for segment in named:
                    assert citation.start_ms < segment.end_ms, citation.note
                    assert end > segment.start_ms, citation.note
                if len(named) == 1:  # one scene named: the whole range is inside it
                    assert named[0].start_ms <= citation.start_ms
                    assert end <= named[0].end_ms
    assert kinds == {ArtifactKind.VIDEO, ArtifactKind.AUDIO}


# --- the files themselves --------------------------------------------------------------------
def test_pdfs_are_real_multi_page_documents_without_identity(written: Written) -> None:
    landscape = charts = 0
    for sid, manifest in written.manifests.items():
        for artifact_id, doc in _pdfs(_bundle_of(written, sid), manifest).items():
            artifact = manifest.artifact(artifact_id)
            assert artifact is not None
            assert doc.page_count == artifact.page_count >= 2
            meta = doc.metadata
            assert meta is not None
            for key in ("author", "creator", "producer", "subject", "keywords"):
                assert meta[key] == "", (sid, artifact_id, key)
            assert meta["title"] == artifact.title
            assert re.fullmatch(r"D:\d{14}Z", meta["creationDate"])
            assert doc.get_xml_metadata() == ""
            for page in doc:
                assert page.get_text().strip(), (sid, artifact_id, page.number)
                landscape += page.rect.width > page.rect.height
                bars = [d for d in page.get_drawings() if _is_bar_blue(d.get("fill"))]
                charts += len(bars) >= 3
    assert landscape >= 10
    assert charts >= 5


def test_no_personal_names_or_honorifics(written: Written) -> None:
    honorific = re.compile(r"\b(Mr|Mrs|Ms|Miss|Dr|Mx)\.?\s+[A-Z]")
    for path in written.paths:
        with zipfile.ZipFile(path) as zf:
            texts = [zf.read("manifest.json").decode()]
            for name in zf.namelist():
                if name.endswith(".pdf"):
                    texts.extend(p.get_text() for p in pymupdf.open(stream=zf.read(name)))
        for text in texts:
            assert not honorific.search(text), (path.name, honorific.search(text))


def test_media_files_match_their_manifests(written: Written) -> None:
    ffprobe = shutil.which("ffprobe")
    if ffprobe is None:
        pytest.skip("ffprobe is not installed")
    seen: dict[str, int] = {}
    for manifest in written.manifests.values():
        for artifact in manifest.artifacts:
            if artifact.kind.is_timed:
                assert artifact.duration_ms is not None
                seen[Path(artifact.path).name] = artifact.duration_ms
    assert len(seen) == 2
    for name, duration_ms in seen.items():
        path = media_path(name)
        probe = json.loads(
            subprocess.run(
                [ffprobe, "-v", "error", "-show_format", "-show_streams", "-of", "json", str(path)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )
        assert abs(float(probe["format"]["duration"]) * 1000 - duration_ms) <= 50, name
        codecs = {s["codec_type"]: s["codec_name"] for s in probe["streams"]}
        if name.endswith(".webm"):
            assert codecs["video"] in {"vp8", "vp9"} and codecs["audio"] in {"vorbis", "opus"}
            assert path.stat().st_size <= 1_500_000
            assert 20_000 <= duration_ms <= 40_500
            keys = subprocess.run(
                [
                    ffprobe,
                    "-v",
                    "error",
                    "-select_streams",
                    "v",
                    "-skip_frame",
                    "nokey",
                    "-show_entries",
                    "frame=pts_time",
                    "-of",
                    "csv=p=0",
                    str(path),
                ],
                check=True,
                capture_output=True,
                text=True,
            ).stdout.split()
            times = [float(t) for t in keys] + [duration_ms / 1000]
            assert max(b - a for a, b in itertools.pairwise(times)) <= 5.0
        else:
            assert codecs == {"audio": codecs["audio"]} and codecs["audio"] in {"vorbis", "opus"}
            assert path.stat().st_size <= 300_000
