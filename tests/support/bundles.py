"""Small, valid submissions and bundles for tests: a 2-outcome rubric, one PDF, one video.

Everything is built from real files: the PDF is made with PyMuPDF (one line of known text per
page), the video with ffmpeg when a test asks for it.
"""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from pathlib import Path

import pymupdf

from assessor_app.bundle.writer import write_bundle
from assessor_app.domain.model import (
    Artifact,
    ArtifactKind,
    Citation,
    Credential,
    Detail,
    Evidence,
    Level,
    Manifest,
    NarrativePart,
    NarrativeSection,
    Outcome,
    Part,
    PartKind,
    Prompt,
    Rubric,
)
from assessor_app.workspace import Workspace

LEVELS = (
    Level("P", "Proficient", True, "Every element is clearly and compellingly shown."),
    Level("N", "Not yet proficient", False, "The evidence does not yet show the detail."),
)


def make_pdf(pages: int = 6, label: str = "Evidence") -> bytes:
    doc = pymupdf.open()
    for n in range(1, pages + 1):
        page = doc.new_page(width=595, height=842)
        page.insert_text((72, 100), f"{label} page {n}", fontsize=18)
        page.insert_text((72, 140), f"Marker text for page {n}.", fontsize=11)
    data = doc.tobytes()
    doc.close()
    return bytes(data)


def make_video(path: Path, seconds: int = 4) -> Path:
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise RuntimeError("ffmpeg is needed to make test video")
    subprocess.run(
        [
            ffmpeg,
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            f"testsrc2=size=160x120:rate=25:duration={seconds}",
            "-c:v",
            "libvpx",
            "-b:v",
            "200k",
            "-g",
            "250",
            str(path),
        ],
        check=True,
    )
    return path


def sample_manifest(
    submission_id: str = "SUB-TEST-0001", page_count: int = 6, *, full_reflection: bool = False
) -> Manifest:
    """The sample; Part 3 is 6 words of a 60-word minimum unless ``full_reflection``."""
    rubric = Rubric(
        levels=LEVELS,
        parts=(
            Part(
                "part1",
                "Part 1 – Overview questions",
                PartKind.NARRATIVE,
                "Answer each.",
                120,
                (
                    Prompt("q1", "What did you set out to change?"),
                    Prompt("q2", "Who was involved?"),
                ),
            ),
            Part("part2", "Part 2 – Evidence", PartKind.PORTFOLIO, "Cite pages and times."),
            Part("part3", "Part 3 – Reflection", PartKind.NARRATIVE, "Reflect.", 60, ()),
        ),
        outcomes=(
            Outcome(
                "eo1",
                "Sets shared expectations",
                (
                    Detail("eo1.1", "Co-writes norms with staff."),
                    Detail("eo1.2", "Models the norms in meetings."),
                ),
            ),
            Outcome(
                "eo2", "Monitors the plan", (Detail("eo2.1", "Collects feedback on a schedule."),)
            ),
        ),
    )
    words = " ".join(["evidence"] * 130)
    reflection = (
        " ".join(["reflection"] * 64) if full_reflection else "Too short to meet the minimum."
    )
    return Manifest(
        format_version=1,
        submission_id=submission_id,
        credential=Credential("cred-test", "Test Credential", "2026.1", "Test stack", "Overview."),
        rubric=rubric,
        narratives=(
            NarrativePart(
                "part1", (NarrativeSection("q1", words), NarrativeSection("q2", "Staff."))
            ),
            NarrativePart("part3", (NarrativeSection(None, reflection),)),
        ),
        artifacts=(
            Artifact(
                "a1",
                "artifacts/a1.pdf",
                "Meeting agenda",
                ArtifactKind.PDF,
                "application/pdf",
                0,
                "",
                page_count=page_count,
            ),
        ),
        evidence=(
            Evidence("eo1.1", (Citation("a1", page=2),), "The agenda on p. 2 shows the norms."),
            Evidence("eo1.2", (Citation("a1", page=3, page_end=4),), "Minutes, pp. 3-4."),
            Evidence("eo2.1", (Citation("a1", page=page_count + 3),), "Past the end, on purpose."),
        ),
        created="2026-11-01T09:00:00Z",
        due="2026-12-15",
    )


def write_sample_bundle(
    out: Path,
    submission_id: str = "SUB-TEST-0001",
    pages: int = 6,
    *,
    full_reflection: bool = False,
) -> Path:
    manifest = sample_manifest(submission_id, page_count=pages, full_reflection=full_reflection)
    write_bundle(out, manifest, {"artifacts/a1.pdf": make_pdf(pages)})
    return out


def with_video(manifest: Manifest, video: Path) -> tuple[Manifest, dict[str, Path]]:
    """The sample manifest plus a video artifact cited at 1.5 s for detail eo2.1."""
    art = Artifact(
        "v1",
        "artifacts/v1.webm",
        "Staff meeting clip",
        ArtifactKind.VIDEO,
        "video/webm",
        0,
        "",
        duration_ms=4000,
    )
    evidence = tuple(
        dataclasses.replace(e, citations=(Citation("v1", start_ms=1500, end_ms=2500),))
        if e.detail_id == "eo2.1"
        else e
        for e in manifest.evidence
    )
    return (
        dataclasses.replace(manifest, artifacts=(*manifest.artifacts, art), evidence=evidence),
        {"artifacts/v1.webm": video},
    )


def judge_all_submittable(workspace: Workspace, submission_id: str = "SUB-TEST-0001") -> None:
    """Judge every target of the sample so that it can be submitted: proficient everywhere
    except Part 3, which is short of its minimum and so gets "not yet" with feedback."""
    for target in ("part1", "eo1.1", "eo1.2", "eo2.1"):
        workspace.judge(submission_id, target, "P")
    workspace.judge(submission_id, "part3", "N", "Write the reflection at the required length.")
