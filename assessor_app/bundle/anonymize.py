"""Strip identifying metadata from every artifact of a bundle and write the clean bundle.

The portal calls :func:`strip_bundle` before it signs a bundle: the bundle is verified and
extracted into a work folder, each artifact is stripped in place
(:func:`assessor_app.bundle.metadata.strip`), and, when anything was removed, a new bundle is
written with :func:`assessor_app.bundle.writer.write_bundle`, which recomputes every
artifact's size and SHA-256 in the manifest. A bundle with nothing to remove is used as it
came, byte for byte. Stripping is deterministic, so importing the same bundle again gives the
same clean bundle.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assessor_app.bundle.metadata import MetadataError, StripReport, strip
from assessor_app.bundle.names import show
from assessor_app.bundle.reader import extract_bundle
from assessor_app.bundle.writer import write_bundle

__all__ = ["ArtifactStripped", "StrippedBundle", "strip_bundle"]


@dataclass(frozen=True)
class ArtifactStripped:
    """What was done to one artifact: its id, bundle path and report."""

    artifact_id: str
    path: str
    report: StripReport


@dataclass(frozen=True)
class StrippedBundle:
    """``path`` is the bundle to sign: the source itself when nothing was removed, else the
    clean bundle written into the work folder."""

    path: Path
    artifacts: tuple[ArtifactStripped, ...]

    @property
    def changed(self) -> bool:
        return any(a.report.changed for a in self.artifacts)


def strip_bundle(source: Path, work: Path) -> StrippedBundle:
    """Strip every artifact of the bundle ``source``, using the empty folder ``work``.

    Raises a BundleError when the bundle does not verify, :class:`MetadataError` naming the
    artifact when one is damaged or locked, and OSError when ``work`` cannot be written. The
    caller removes ``work`` (the returned path may lie inside it).
    """
    verified = extract_bundle(source, work / "files")
    done: list[ArtifactStripped] = []
    files: dict[str, Path | bytes] = {}
    for artifact in verified.manifest.artifacts:
        path = verified.artifact_path(artifact.id)
        try:
            report = strip(path, artifact.kind)
        except MetadataError as exc:
            raise MetadataError(f"artifact {show(artifact.path)}: {exc}") from None
        done.append(ArtifactStripped(artifact.id, artifact.path, report))
        files[artifact.path] = path
    result = StrippedBundle(Path(source), tuple(done))
    if not result.changed:
        return result
    clean = work / "stripped.zip"
    write_bundle(clean, verified.manifest, files)
    return StrippedBundle(clean, result.artifacts)
