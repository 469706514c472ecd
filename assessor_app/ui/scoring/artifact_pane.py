"""The artifact side of the scoring view: pick an artifact, see it, land on what is cited.

One viewer per artifact kind is created on first use (PDF, media, image) and reused. A citation
request from the session switches to the cited artifact and hands the page or time to its
viewer; problems (a page past the end, a time past the media's end) are shown by the viewer.
When an artifact's own metadata still names a person (an author left in a PDF, a photo's
EXIF artist), a warning strip above the viewer says so (:mod:`.metadata_warning`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from assessor_app.domain.model import Artifact, ArtifactKind, Citation, format_timestamp
from assessor_app.ui.scoring.metadata_warning import MetadataWarning, metadata_names
from assessor_app.ui.scoring.session import ScoringSession
from assessor_app.ui.viewers.image_view import ImageViewer
from assessor_app.ui.viewers.pdf_view import PdfViewer
from assessor_app.ui.viewers.video_view import MediaViewer


def artifact_caption(artifact: Artifact) -> str:
    if artifact.kind is ArtifactKind.PDF and artifact.page_count:
        extent = f"{artifact.page_count} page{'s' if artifact.page_count != 1 else ''}"
    elif artifact.duration_ms is not None:
        extent = format_timestamp(artifact.duration_ms)
    else:
        extent = artifact.kind.value
    return f"{artifact.title}  ·  {artifact.kind.value.upper()}  ·  {extent}"


class ArtifactPane(QWidget):
    """Shows one artifact at a time; ``position_changed`` fires when page or time moves."""

    position_changed = Signal()

    def __init__(self, session: ScoringSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._artifacts = list(session.manifest.artifacts)
        self._pdf: PdfViewer | None = None
        self._media: MediaViewer | None = None
        self._image: ImageViewer | None = None
        self._current: Artifact | None = None
        self._page = 0
        self._time_ms = 0
        self._metadata_names: dict[str, list[str]] = {}  # artifact id -> names, read once

        self.picker = QComboBox(self)
        self.picker.setAccessibleName("Artifact")
        self.picker.setToolTip("The artifacts of this portfolio")
        for artifact in self._artifacts:
            self.picker.addItem(artifact_caption(artifact), artifact.id)
        self.picker.currentIndexChanged.connect(self._picked)

        self.stack = QStackedWidget(self)
        self.placeholder = QLabel("This portfolio has no artifacts.", self)
        self.placeholder.setWordWrap(True)
        self.stack.addWidget(self.placeholder)

        top = QHBoxLayout()
        top.addWidget(QLabel("Artifact:", self))
        top.addWidget(self.picker, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        self.metadata_warning = MetadataWarning(self)
        layout.addWidget(self.metadata_warning)
        layout.addWidget(self.stack, 1)

        session.citation_requested.connect(self.show_citation)
        if self._artifacts:
            self.open_artifact(self._artifacts[0].id)

    # --- state for restoring where the assessor left off ----------------------------------
    def position(self) -> dict[str, object]:
        return {
            "artifact": self._current.id if self._current else None,
            "page": self._page,
            "time_ms": self._time_ms,
        }

    def restore(self, position: dict[str, object]) -> None:
        artifact_id = position.get("artifact")
        if not isinstance(artifact_id, str) or self.session.manifest.artifact(artifact_id) is None:
            return
        artifact = self.open_artifact(artifact_id)
        if artifact is None:
            return
        page, time_ms = position.get("page"), position.get("time_ms")
        if artifact.kind is ArtifactKind.PDF and isinstance(page, int) and page >= 1:
            if self._pdf is not None:
                self._pdf.go_to_page(page)
        elif artifact.kind.is_timed and isinstance(time_ms, int) and self._media is not None:
            self._media.seek(time_ms)

    # --- opening --------------------------------------------------------------------------
    def current_artifact(self) -> Artifact | None:
        return self._current

    def open_artifact(self, artifact_id: str) -> Artifact | None:
        artifact = self.session.manifest.artifact(artifact_id)
        if artifact is None:
            return None
        if self._current is not None and self._current.id == artifact.id:
            return artifact
        self._current = artifact
        index = self.picker.findData(artifact.id)
        if index >= 0 and index != self.picker.currentIndex():
            self.picker.blockSignals(True)
            self.picker.setCurrentIndex(index)
            self.picker.blockSignals(False)
        path = self.session.submission.artifact_path(artifact.id)
        self._warn_about_metadata(artifact, path)
        if artifact.kind is ArtifactKind.PDF:
            viewer = self._pdf_viewer()
            viewer.open(path, artifact.title)
        elif artifact.kind.is_timed:
            media = self._media_viewer()
            media.open(path, artifact.title, artifact.duration_ms)
        else:
            image = self._image_viewer()
            image.open(path, artifact.title)
        self._page, self._time_ms = 1, 0
        self.position_changed.emit()
        return artifact

    def show_citation(self, citation: Citation) -> bool:
        artifact = self.open_artifact(citation.artifact_id)
        if artifact is None:
            return False
        if citation.page is not None and self._pdf is not None:
            return self._pdf.show_citation(citation.page, citation.page_end)
        if citation.start_ms is not None and self._media is not None:
            return self._media.show_citation(citation.start_ms, citation.end_ms)
        return True

    def _warn_about_metadata(self, artifact: Artifact, path: Path) -> None:
        """Show the names the file's metadata still carries (read from its headers once, about
        a millisecond for a PDF; nothing is stored or logged)."""
        names = self._metadata_names.get(artifact.id)
        if names is None:
            names = self._metadata_names[artifact.id] = metadata_names(path, artifact.kind)
        self.metadata_warning.show_names(artifact.kind, names)

    def _picked(self, index: int) -> None:
        artifact_id = self.picker.itemData(index)
        if isinstance(artifact_id, str):
            self.open_artifact(artifact_id)

    # --- viewers, made on first use -------------------------------------------------------
    def _pdf_viewer(self) -> PdfViewer:
        if self._pdf is None:
            self._pdf = PdfViewer(self)
            self._pdf.current_page_changed.connect(self._page_moved)
            self.stack.addWidget(self._pdf)
        self.stack.setCurrentWidget(self._pdf)
        return self._pdf

    def _media_viewer(self) -> MediaViewer:
        if self._media is None:
            self._media = MediaViewer(self)
            self._media.time_changed.connect(self._time_moved)
            self.stack.addWidget(self._media)
        self.stack.setCurrentWidget(self._media)
        return self._media

    def _image_viewer(self) -> ImageViewer:
        if self._image is None:
            self._image = ImageViewer(self)
            self.stack.addWidget(self._image)
        self.stack.setCurrentWidget(self._image)
        return self._image

    def _page_moved(self, page: int) -> None:
        self._page = page
        self.position_changed.emit()

    def _time_moved(self, time_ms: int) -> None:
        self._time_ms = time_ms
        self.position_changed.emit()

    def prefetch_cited_pages(self) -> None:
        """Warm the PDF cache with every cited page of the current document."""
        if self._pdf is None or self._current is None:
            return
        pages = sorted(
            {
                p
                for e in self.session.manifest.evidence
                for c in e.citations
                if c.artifact_id == self._current.id and c.page is not None
                for p in range(c.page, (c.last_page or c.page) + 1)
            }
        )
        self._pdf.prefetch_pages(pages)

    def close_viewers(self) -> None:
        for viewer in (self._pdf, self._media):
            if viewer is not None:
                viewer.close_document()
