"""Decoding an image artifact safely, off the GUI thread.

The declared size is read from the header *before* any pixel is decoded, so a file that claims
to be gigantic (a decompression bomb, or simply a 200-megapixel scan) is refused with a message
instead of exhausting memory. EXIF orientation is honoured (``setAutoTransform``). A small
pyramid of half-size copies is made in the worker so that zooming out stays smooth and sharp
without rescaling the full image on the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QImageReader

from assessor_app.errors import AssessorError

MAX_PIXELS = 80_000_000
"""Larger images are refused: 80 MP is ~320 MB decoded, the most a laptop should hold."""

_PYRAMID_FLOOR = 1024  # stop halving once the longer side is below this


@dataclass(frozen=True)
class DecodedImage:
    """A decoded image plus its pyramid: ``levels[k]`` is the image at scale ``0.5 ** k``."""

    levels: tuple[QImage, ...]

    @property
    def image(self) -> QImage:
        return self.levels[0]

    @property
    def size(self) -> QSize:
        return self.levels[0].size()

    def level_for(self, device_scale: float) -> QImage:
        """The smallest level still at least ``device_scale`` times the original.

        Drawing from it downsamples by at most about 2x, which bilinear filtering handles well.
        """
        chosen = self.levels[0]
        full = max(1, chosen.width())
        for level in self.levels[1:]:
            if level.width() / full < device_scale:
                break
            chosen = level
        return chosen


class ImageRefused(AssessorError):
    """The image cannot or should not be shown; ``str()`` is the message for the assessor."""


def describe_size(size: QSize) -> str:
    megapixels = size.width() * size.height() / 1_000_000
    return f"{size.width():,} × {size.height():,} pixels ({megapixels:,.0f} megapixels)"


def decode_image(path: Path, max_pixels: int = MAX_PIXELS) -> DecodedImage:
    """Read ``path`` into a :class:`DecodedImage` or raise :class:`ImageRefused`."""
    if not path.is_file():
        raise ImageRefused("The image file is missing from the submission bundle.")
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    # Qt's own guard, in MB, set just above what ``max_pixels`` RGBA pixels need.
    reader.setAllocationLimit(max(1, max_pixels * 4 // (1024 * 1024) + 16))
    if not reader.canRead():
        raise ImageRefused(
            "This file could not be read as an image: it may be damaged or in an unsupported "
            f"format ({reader.errorString()})."
        )
    declared = reader.size()
    if declared.isValid() and declared.width() * declared.height() > max_pixels:
        raise ImageRefused(
            f"This image is too large to open safely: {describe_size(declared)}. "
            f"The limit is {max_pixels / 1_000_000:,.0f} megapixels. "
            "Ask for a smaller copy of this artifact."
        )
    image = reader.read()
    if image.isNull():
        raise ImageRefused(
            "This image could not be decoded: the file may be damaged or truncated "
            f"({reader.errorString()})."
        )
    if image.width() * image.height() > max_pixels:  # formats that do not declare a size
        raise ImageRefused(
            f"This image is too large to open safely: {describe_size(image.size())}."
        )
    if image.format() not in (
        QImage.Format.Format_ARGB32_Premultiplied,
        QImage.Format.Format_RGB32,
    ):
        alpha = image.hasAlphaChannel()
        image = image.convertToFormat(
            QImage.Format.Format_ARGB32_Premultiplied if alpha else QImage.Format.Format_RGB32
        )
    levels = [image]
    while max(levels[-1].width(), levels[-1].height()) > _PYRAMID_FLOOR:
        last = levels[-1]
        levels.append(
            last.scaled(
                max(1, last.width() // 2),
                max(1, last.height() // 2),
                Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
    return DecodedImage(tuple(levels))
