"""format_summary and run_verify (``assessor-app bundle verify PATH``)."""

from __future__ import annotations

import dataclasses
import io
import os
from pathlib import Path

import pytest
from support.bundle_cases import plus
from support.bundles import make_pdf, sample_manifest, with_video, write_sample_bundle
from support.rawzip import RawEntry

from assessor_app.bundle import summary
from assessor_app.bundle.reader import verify_bundle
from assessor_app.bundle.summary import format_summary, run_verify
from assessor_app.bundle.writer import write_bundle
from assessor_app.domain.model import Artifact, ArtifactKind


def _run(path: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_verify(path, out, err)
    return code, out.getvalue(), err.getvalue()


def test_summary_of_the_sample_bundle(tmp_path: Path) -> None:
    text = format_summary(verify_bundle(write_sample_bundle(tmp_path / "b.zip")))
    lines = text.splitlines()
    assert len(lines) <= 25
    assert lines[0] == "Submission   SUB-TEST-0001"
    assert "Test Credential (cred-test), version 2026.1; stack: Test stack" in text
    assert "created 2026-11-01T09:00:00Z, due 2026-12-15" in text
    assert "Part 1 – Overview questions  narrative  131 / 120 words — minimum met" in text
    assert "Part 3 – Reflection" in text and "6 / 60 words — 54 short" in text
    assert "Part 2 – Evidence" in text and "portfolio  evidence for 3 of 3 details" in text
    assert "2 essential outcomes, 3 details" in text
    assert "  a1  pdf       6 pages" in text and "Meeting agenda" in text
    assert "Citations    3 in 3 evidence entries; 1 cannot be followed as written" in text
    assert lines[-2] == "Citation problems (1)"
    assert lines[-1] == (
        "  EO2 · detail 2.1 (eo2.1): cites p. 9 but Meeting agenda has only 6 pages"
    )


def test_summary_shows_durations_and_a_clean_bundle_has_no_problem_section(
    tmp_path: Path,
) -> None:
    video = tmp_path / "clip.webm"
    video.write_bytes(os.urandom(2000))
    manifest, files = with_video(sample_manifest(page_count=12), video)
    audio = Artifact(
        "au1",
        "artifacts/au1.mp3",
        "Interview",
        ArtifactKind.AUDIO,
        "audio/mpeg",
        0,
        "",
        duration_ms=3_723_500,
    )
    manifest = dataclasses.replace(manifest, artifacts=(*manifest.artifacts, audio))
    write_bundle(
        tmp_path / "b.zip",
        manifest,
        {**files, "artifacts/a1.pdf": make_pdf(12), audio.path: b"ID3 fake"},
    )
    text = format_summary(verify_bundle(tmp_path / "b.zip"))
    assert "00:04" in text  # the 4 s video
    assert "1:02:03.500" in text  # the audio
    assert "12 pages" in text
    assert "Citation problems" not in text
    assert "0 cannot be followed" in text


def test_summary_caps_long_lists(tmp_path: Path) -> None:
    base = sample_manifest()
    extra = tuple(
        Artifact(
            f"x{i}", f"artifacts/x{i}.png", f"Image {i}", ArtifactKind.IMAGE, "image/png", 0, ""
        )
        for i in range(30)
    )
    manifest = dataclasses.replace(base, artifacts=(*base.artifacts, *extra))
    files: dict[str, Path | bytes] = {a.path: b"png" for a in extra}
    files["artifacts/a1.pdf"] = make_pdf(6)
    write_bundle(tmp_path / "b.zip", manifest, files)
    text = format_summary(verify_bundle(tmp_path / "b.zip"))
    assert "... and 19 more" in text
    assert len(text.splitlines()) <= 35


def test_run_verify_good_bundle(tmp_path: Path) -> None:
    code, out, err = _run(write_sample_bundle(tmp_path / "b.zip"))
    assert code == 0
    assert err == ""
    assert out.startswith("Submission   SUB-TEST-0001\n")
    assert "Citation problems (1)" in out


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(b"not a zip", "not a zip file", id="not-a-zip"),
        pytest.param(plus(RawEntry("../evil.txt", b"x")), "'../evil.txt' climbs out", id="slip"),
        pytest.param(plus(RawEntry("notes.txt", b"x")), "not in the manifest", id="extra-file"),
        pytest.param(
            plus(RawEntry("artifacts/\x1b[2J\x1b[1;1Hbundle OK\n.pdf", b"x")),
            "U+001B",
            id="terminal-forgery",
        ),
    ],
)
def test_run_verify_bad_bundle_prints_one_line(tmp_path: Path, data: bytes, expected: str) -> None:
    path = tmp_path / "bad.zip"
    path.write_bytes(data)
    code, out, err = _run(path)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.endswith("\n")
    assert err.startswith("bundle rejected: ")
    assert expected in err
    assert "\x1b" not in err and "Traceback" not in err


@pytest.mark.parametrize("kind", ["missing", "directory"])
def test_run_verify_unreadable_path(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "nope.zip" if kind == "missing" else tmp_path
    code, out, err = _run(path)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("cannot read ")
    assert "Traceback" not in err


def test_run_verify_fifo_does_not_block(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, _out, err = _run(fifo)
    assert code == 2 and "not a regular file" in err


def test_run_verify_unexpected_error_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(path: Path) -> None:
        raise TypeError("a bug\nwith two lines")

    monkeypatch.setattr(summary, "verify_bundle", broken)
    code, out, err = _run(write_sample_bundle(tmp_path / "b.zip"))
    assert code == 2 and out == ""
    assert err.count("\n") == 1
    assert "internal error, TypeError: a bug\\x0awith two lines" in err


def test_run_verify_lets_keyboard_interrupt_through(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(path: Path) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(summary, "verify_bundle", interrupted)
    with pytest.raises(KeyboardInterrupt):
        _run(write_sample_bundle(tmp_path / "b.zip"))


def test_run_verify_on_a_console_without_unicode(tmp_path: Path) -> None:
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="ascii")
    code = run_verify(write_sample_bundle(tmp_path / "b.zip"), out, io.StringIO())
    out.flush()
    assert code == 0
    assert b"Part 1 ? Overview questions" in raw.getvalue()
