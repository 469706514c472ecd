"""The strip above an artifact that still names a person in its document metadata.

The portal removes such metadata before it signs a bundle; a bundle imported from a file, or
signed by an older portal, may still carry it. The names come from the file's headers
(:func:`assessor_app.bundle.metadata.inspect`, nothing rendered) and are shown here only:
never logged.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from assessor_app.bundle.metadata import MetadataError, inspect, person_names
from assessor_app.domain.model import ArtifactKind
from assessor_app.ui.scoring.tones import Tones, css

ACCESSIBLE_NAME = "Author metadata warning"
_MAX_NAMES = 3
_NOUNS = {
    ArtifactKind.PDF: "document",
    ArtifactKind.IMAGE: "image",
    ArtifactKind.VIDEO: "recording",
    ArtifactKind.AUDIO: "recording",
}


def metadata_names(path: Path, kind: ArtifactKind) -> list[str]:
    """The person names the artifact file's metadata carries; [] when none or unreadable
    (a damaged file is the viewer's to report)."""
    try:
        return person_names(inspect(path, kind))
    except (MetadataError, OSError):
        return []


def warning_text(kind: ArtifactKind, names: list[str]) -> str:
    shown = "; ".join(names[:_MAX_NAMES])
    if len(names) > _MAX_NAMES:
        shown += f" and {len(names) - _MAX_NAMES} more"
    return (
        f"This {_NOUNS[kind]} still carries author metadata: {shown}.  "
        "Report identity exposed if it names the candidate."
    )


class MetadataWarning(QLabel):
    """Hidden until :meth:`show_names` gets names; plain text only (names are untrusted)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._styling = False
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setAccessibleName(ACCESSIBLE_NAME)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a keyboard user can reach and read it
        self._restyle()
        self.setVisible(False)

    def show_names(self, kind: ArtifactKind, names: list[str]) -> None:
        if not names:
            self.clear()
            self.setAccessibleDescription("")
            self.setVisible(False)
            return
        text = warning_text(kind, names)
        self.setText(text)
        self.setAccessibleDescription(text)
        self.setVisible(True)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and not self._styling:
            self._restyle()

    def _restyle(self) -> None:
        # The colours come from the surroundings' palette: this label's own palette is
        # changed by the style sheet set here, which would otherwise restyle it again.
        parent = self.parentWidget()
        palette = parent.palette() if parent is not None else QApplication.palette()
        tones = Tones.of(palette)
        pad = self.fontMetrics().height() // 3
        sheet = (
            f"background: {css(tones.tint(tones.warning, palette, 0.2))};"
            f" border: 1px solid {css(tones.warning)}; border-radius: 4px; padding: {pad}px;"
        )
        if sheet != self.styleSheet():
            self._styling = True
            try:
                self.setStyleSheet(sheet)
            finally:
                self._styling = False
