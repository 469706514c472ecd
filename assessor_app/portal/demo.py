"""Write the demo bundles: five anonymized submissions across three credentials, with real
multi-page PDFs and the committed demo recordings.

The content is in :mod:`assessor_app.portal.demo_content`; this module renders each document
with :mod:`assessor_app.portal.demo_pdf`, builds the manifest and hands both to
:func:`assessor_app.bundle.writer.write_bundle`, which fills in sizes and hashes. The same call
always produces the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from assessor_app.bundle.manifest import FORMAT_VERSION
from assessor_app.bundle.writer import write_bundle
from assessor_app.domain.model import Artifact, ArtifactKind, Manifest
from assessor_app.portal.demo_content import SUBMISSIONS
from assessor_app.portal.demo_content.spec import Submission
from assessor_app.portal.demo_pdf import render

BUNDLE_SUFFIX = ".zip"


class DemoMediaMissing(RuntimeError):
    """The committed demo recordings are not where the package expects them."""


def _resource_dir() -> Path:
    """The top-level ``resources`` folder: ``assessor_app/_resources`` in an installed wheel
    (hatch force-include), ``<checkout>/resources`` in a source checkout."""
    package = Path(__file__).resolve().parents[1]
    for candidate in (package / "_resources", package.parent / "resources"):
        if (candidate / "media").is_dir():
            return candidate
    raise DemoMediaMissing(
        f"demo media not found: neither {package / '_resources'} nor "
        f"{package.parent / 'resources'} has a media folder"
    )


def media_path(resource: str) -> Path:
    """The path of a committed demo recording (``resources/media/<resource>``)."""
    path = _resource_dir() / "media" / resource
    if not path.is_file():
        raise DemoMediaMissing(f"demo media file missing: {path}")
    return path


def _pdf_date(created: str) -> str:
    """``2026-03-16T14:20:00Z`` -> ``D:20260316142000Z`` (PDF date string)."""
    digits = "".join(ch for ch in created if ch.isdigit())[:14]
    return f"D:{digits.ljust(14, '0')}Z"


def demo_manifest(submission: Submission) -> tuple[Manifest, dict[str, Path | bytes]]:
    """The manifest (sizes and hashes still empty) and the files of one demo submission."""
    artifacts: list[Artifact] = []
    files: dict[str, Path | bytes] = {}
    date = _pdf_date(submission.created)
    for doc in submission.documents:
        path = f"artifacts/{doc.filename}"
        artifacts.append(
            Artifact(
                id=doc.artifact_id,
                path=path,
                title=doc.title,
                kind=ArtifactKind.PDF,
                media_type="application/pdf",
                size=0,
                sha256="",
                page_count=len(doc.pages),
            )
        )
        files[path] = render(doc, date=date)
    for media in submission.media:
        path = f"artifacts/{media.resource}"
        artifacts.append(
            Artifact(
                id=media.artifact_id,
                path=path,
                title=media.title,
                kind=ArtifactKind(media.kind),
                media_type=media.media_type,
                size=0,
                sha256="",
                duration_ms=media.duration_ms,
            )
        )
        files[path] = media_path(media.resource)
    manifest = Manifest(
        format_version=FORMAT_VERSION,
        submission_id=submission.submission_id,
        credential=submission.credential,
        rubric=submission.rubric,
        narratives=submission.narratives,
        artifacts=tuple(artifacts),
        evidence=submission.evidence,
        created=submission.created,
        due=submission.due,
    )
    return manifest, files


def bundle_name(submission_id: str) -> str:
    return f"{submission_id}{BUNDLE_SUFFIX}"


def write_demo_bundles(
    outdir: Path,
    *,
    on_written: Callable[[Path, Manifest], None] | None = None,
) -> list[Path]:
    """Write every demo bundle into ``outdir`` (created if needed); return their paths.

    ``on_written`` is called after each bundle with its path and the manifest as written.
    Raises :class:`OSError` when ``outdir`` cannot be created or written, and
    :class:`DemoMediaMissing` when the committed recordings cannot be found.
    """
    outdir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for submission in SUBMISSIONS:
        manifest, files = demo_manifest(submission)
        out = outdir / bundle_name(submission.submission_id)
        final = write_bundle(out, manifest, files)
        written.append(out)
        if on_written is not None:
            on_written(out, final)
    return written
