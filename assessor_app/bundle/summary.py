"""A one-screen text summary of a verified bundle, and ``assessor-app bundle verify PATH``."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import TextIO

from assessor_app.bundle.names import one_line, show
from assessor_app.bundle.reader import VerifiedBundle, verify_bundle
from assessor_app.domain.model import Artifact, ArtifactKind, PartKind, format_timestamp
from assessor_app.domain.wordcount import count_words, word_count_status
from assessor_app.errors import BundleError

EXIT_OK = 0
EXIT_REJECTED = 2
_MAX_ARTIFACT_LINES = 12
_MAX_PROBLEM_LINES = 15


def _clean(text: str, cap: int = 70) -> str:
    """Bundle text for a terminal: non-printable characters replaced, long text cut."""
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return text if len(text) <= cap else text[: cap - 1] + "…"


def _size(n: int) -> str:
    value = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{int(value)} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    raise AssertionError("unreachable")


def _artifact_extent(a: Artifact) -> str:
    if a.kind is ArtifactKind.PDF:
        if a.page_count is None:
            return "pages ?"
        return f"{a.page_count} page{'s' if a.page_count != 1 else ''}"
    if a.kind.is_timed:
        return format_timestamp(a.duration_ms) if a.duration_ms is not None else "length ?"
    return "image"


def format_summary(v: VerifiedBundle) -> str:
    m = v.manifest
    rubric = m.rubric
    lines: list[str] = []
    lines.append(f"Submission   {_clean(m.submission_id)}")
    credential = f"{_clean(m.credential.title)} ({_clean(m.credential.id, 64)})"
    credential += f", version {_clean(m.credential.version, 64)}"
    if m.credential.stack:
        credential += f"; stack: {_clean(m.credential.stack, 40)}"
    lines.append(f"Credential   {credential}")
    dates = [f"created {_clean(m.created, 40)}"] if m.created else []
    if m.due:
        dates.append(f"due {_clean(m.due, 20)}")
    if dates:
        lines.append(f"Dates        {', '.join(dates)}")
    lines.append(f"Bundle       sha256 {v.bundle_sha256}")

    details = rubric.details()
    with_evidence = {e.detail_id for e in m.evidence if e.citations or e.explanation}
    lines.append("")
    lines.append(f"Parts ({len(rubric.parts)})")
    width = min(max((len(_clean(p.title, 44)) for p in rubric.parts), default=0), 44)
    for part in rubric.parts:
        title = _clean(part.title, 44).ljust(width)
        if part.kind is PartKind.NARRATIVE:
            narrative = m.narrative(part.id)
            if narrative is None:
                status = "no text in the bundle"
                if part.min_words:
                    status += f" (minimum {part.min_words:,} words)"
            else:
                status = word_count_status(count_words(narrative.text), part.min_words).text
            lines.append(f"  {title}  narrative  {status}")
        else:
            lines.append(
                f"  {title}  portfolio  evidence for {len(with_evidence & {d.id for d in details})}"
                f" of {len(details)} details"
            )

    levels = ", ".join(
        f"{_clean(lv.code, 16)} {_clean(lv.label, 30)}{' (proficient)' if lv.proficient else ''}"
        for lv in rubric.levels
    )
    lines.append("")
    lines.append(
        f"Rubric       {len(rubric.outcomes)} essential outcome"
        f"{'s' if len(rubric.outcomes) != 1 else ''}, {len(details)} detail"
        f"{'s' if len(details) != 1 else ''}; levels: {levels}"
    )

    total = sum(a.size for a in m.artifacts)
    lines.append(f"Artifacts    {len(m.artifacts)} ({_size(total)})")
    shown = m.artifacts[:_MAX_ARTIFACT_LINES]
    id_width = max((len(_clean(a.id, 20)) for a in shown), default=0)
    for a in shown:
        lines.append(
            f"  {_clean(a.id, 20):<{id_width}}  {a.kind.value:<5}  {_artifact_extent(a):>10}  "
            f"{_size(a.size):>9}  {_clean(a.title, 50)}"
        )
    if len(m.artifacts) > _MAX_ARTIFACT_LINES:
        lines.append(f"  ... and {len(m.artifacts) - _MAX_ARTIFACT_LINES} more")

    citations = sum(len(e.citations) for e in m.evidence)
    problems = v.citation_problems
    lines.append(
        f"Citations    {citations} in {len(m.evidence)} evidence entr"
        f"{'ies' if len(m.evidence) != 1 else 'y'}; "
        f"{len(problems)} cannot be followed as written"
    )
    if problems:
        lines.append("")
        lines.append(f"Citation problems ({len(problems)})")
        for p in problems[:_MAX_PROBLEM_LINES]:
            label = _clean(rubric.target_label(p.detail_id), 40)
            lines.append(f"  {label} ({_clean(p.detail_id, 64)}): {_clean(p.message, 100)}")
        if len(problems) > _MAX_PROBLEM_LINES:
            lines.append(f"  ... and {len(problems) - _MAX_PROBLEM_LINES} more")
    return "\n".join(lines) + "\n"


def _emit(stream: TextIO, text: str) -> None:
    """Write even to a console whose encoding lacks some characters (e.g. '–' on cp437)."""
    try:
        stream.write(text)
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "ascii"
        stream.write(text.encode(encoding, "replace").decode(encoding, "replace"))
    stream.flush()


def run_verify(path: Path, out: TextIO, err: TextIO) -> int:
    """``assessor-app bundle verify PATH``: the summary and 0, or one line on ``err`` and 2."""
    path = Path(path)
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a FIFO would block the open below
            raise IsADirectoryError(0, "not a regular file")
        with path.open("rb"):
            pass
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        _emit(err, f"cannot read {show(str(path), 200)}: {one_line(reason, 100)}\n")
        return EXIT_REJECTED
    try:
        verified = verify_bundle(path)
    except BundleError as exc:
        _emit(err, f"bundle rejected: {one_line(str(exc), 300)}\n")
        return EXIT_REJECTED
    except Exception as exc:  # noqa: BLE001 - a bug must still not print a traceback here
        detail = one_line(f"{type(exc).__name__}: {exc}", 200)
        _emit(err, f"bundle rejected: could not be checked (internal error, {detail})\n")
        return EXIT_REJECTED
    _emit(out, format_summary(verified))
    return EXIT_OK
