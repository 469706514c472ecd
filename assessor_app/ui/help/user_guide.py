"""Help ▸ User guide: ``docs/user-guide.md`` rendered with Qt's own Markdown support
(``QTextDocument.setMarkdown``), screenshots included, in a plain reading window.

The guide is looked for in the packaged resources (``_resources/docs``) first, then in the
source tree's ``docs/`` folder. Images are found relative to the guide's folder and scaled
down to the window's width; links to other places open in the web browser.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextCursor, QTextDocument, QTextImageFormat
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from assessor_app.ui.app import resource_dir

GUIDE_NAME = "user-guide.md"
MAX_IMAGE_WIDTH = 760


def find_user_guide() -> Path | None:
    """The guide's path, or None when this installation has none."""
    package = Path(__file__).resolve().parents[2]
    for folder in (
        resource_dir() / "docs",
        package / "_resources" / "docs",
        package.parent / "docs",
    ):
        if (folder / GUIDE_NAME).is_file():
            return folder / GUIDE_NAME
    return None


def fit_images(document: QTextDocument, max_width: int) -> int:
    """Scale every image in ``document`` down to at most ``max_width`` pixels wide (keeping
    its proportions); returns how many images the document has."""
    found = 0
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fmt = fragment.charFormat()
            if fragment.isValid() and fmt.isImageFormat():
                found += 1
                image_format = fmt.toImageFormat()
                image = document.resource(
                    QTextDocument.ResourceType.ImageResource, QUrl(image_format.name())
                )
                size = getattr(image, "size", None)
                natural = size() if callable(size) else None
                if natural is not None and natural.width() > max_width:
                    scaled = QTextImageFormat(image_format)
                    scaled.setWidth(max_width)
                    scaled.setHeight(natural.height() * max_width / natural.width())
                    cursor = QTextCursor(document)
                    cursor.setPosition(fragment.position())
                    cursor.setPosition(
                        fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor
                    )
                    cursor.setCharFormat(scaled)
            it += 1
        block = block.next()
    return found


class UserGuideDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, *, guide: Path | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("userGuide")
        self.setWindowTitle("User guide")
        self.setAccessibleName("User guide")
        self.browser = QTextBrowser(self)
        self.browser.setAccessibleName("User guide text")
        self.browser.setOpenExternalLinks(True)
        self.path = guide or find_user_guide()
        if self.path is None:
            self.browser.setMarkdown(
                "# User guide not found\n\nThis installation has no user guide "
                f"({GUIDE_NAME}). It is in the `docs` folder of the app's source."
            )
            self.images = 0
        else:
            folder = self.path.parent
            self.browser.setSearchPaths([str(folder)])
            document = self.browser.document()
            document.setBaseUrl(QUrl.fromLocalFile(str(folder) + "/"))
            self.browser.setMarkdown(self.path.read_text(encoding="utf-8"))
            self.images = fit_images(document, MAX_IMAGE_WIDTH)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        metrics = self.fontMetrics()
        self.resize(max(MAX_IMAGE_WIDTH + 80, metrics.horizontalAdvance("M") * 60), 820)
        self.browser.setFocus()
