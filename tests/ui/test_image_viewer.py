"""The image viewer: real files made with QImage, crafted headers for the refusals."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from assessor_app.ui.viewers.image_decode import decode_image
from assessor_app.ui.viewers.image_view import ImageViewer


def _image(width: int, height: int) -> QImage:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#3465a4"))
    painter = QPainter(image)
    painter.fillRect(0, 0, width // 2, height, QColor("#cc0000"))  # red left half: orientation
    painter.end()
    return image


def _save(image: QImage, path: Path, fmt: str) -> Path:
    assert image.save(str(path), fmt)
    return path


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def _png_declaring(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` x ``height`` with only a few bytes of pixel data."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")
    )


def _with_exif_orientation(jpeg: bytes, orientation: int) -> bytes:
    """Insert an APP1 Exif segment holding only the Orientation tag right after SOI."""
    tiff = b"MM\x00\x2a" + struct.pack(">I", 8)
    ifd = struct.pack(">H", 1) + struct.pack(">HHIHH", 0x0112, 3, 1, orientation, 0)
    ifd += struct.pack(">I", 0)
    payload = b"Exif\x00\x00" + tiff + ifd
    segment = b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload
    assert jpeg[:2] == b"\xff\xd8"
    return jpeg[:2] + segment + jpeg[2:]


@pytest.fixture
def viewer(qtbot: QtBot) -> ImageViewer:
    widget = ImageViewer()
    qtbot.addWidget(widget)
    widget.resize(400, 300)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _open(qtbot: QtBot, viewer: ImageViewer, path: Path, title: str = "Artifact") -> bool:
    with qtbot.waitSignal(viewer.loaded, timeout=10_000) as blocker:
        viewer.open(path, title)
    return bool(blocker.args[0])


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_opens_png_and_jpeg(qtbot: QtBot, viewer: ImageViewer, tmp_path: Path, fmt: str) -> None:
    path = _save(_image(120, 80), tmp_path / f"photo.{fmt.lower()}", fmt)
    assert _open(qtbot, viewer, path, "Classroom photo")
    assert viewer.has_image()
    assert viewer.message() == ""
    assert (viewer.image_size().width(), viewer.image_size().height()) == (120, 80)
    # small image: fit shows it at 100 %, never enlarged
    assert viewer.is_fit()
    assert viewer.zoom() == pytest.approx(1.0)


def test_exif_orientation_is_honoured(qtbot: QtBot, viewer: ImageViewer, tmp_path: Path) -> None:
    plain = _save(_image(60, 20), tmp_path / "plain.jpg", "JPEG")
    rotated = tmp_path / "rotated.jpg"
    rotated.write_bytes(_with_exif_orientation(plain.read_bytes(), 6))  # 6: rotate 90° CW
    assert _open(qtbot, viewer, rotated)
    size = viewer.image_size()
    assert (size.width(), size.height()) == (20, 60)
    # rotated clockwise: the red left half is now on top
    image = decode_image(rotated).image
    assert QColor(image.pixel(10, 5)).red() > 150
    assert QColor(image.pixel(10, 55)).blue() > 100


def test_corrupt_file_gives_a_message(qtbot: QtBot, viewer: ImageViewer, tmp_path: Path) -> None:
    good = _save(_image(200, 200), tmp_path / "good.png", "PNG").read_bytes()
    broken = tmp_path / "broken.png"
    broken.write_bytes(good[: len(good) // 3])  # a truncated download
    assert not _open(qtbot, viewer, broken)
    assert not viewer.has_image()
    assert "damaged" in viewer.message() or "could not" in viewer.message()

    garbage = tmp_path / "garbage.jpg"
    garbage.write_bytes(b"this is not an image at all" * 10)
    assert not _open(qtbot, viewer, garbage)
    assert "could not be read as an image" in viewer.message()

    assert not _open(qtbot, viewer, tmp_path / "missing.png")
    assert "missing" in viewer.message()


def test_oversized_image_is_refused_before_decoding(
    qtbot: QtBot, viewer: ImageViewer, tmp_path: Path
) -> None:
    huge = tmp_path / "huge.png"
    huge.write_bytes(_png_declaring(20_000, 20_000))  # 400 megapixels declared, ~100 bytes
    assert not _open(qtbot, viewer, huge)
    assert "too large" in viewer.message()
    assert "20,000 × 20,000" in viewer.message()
    assert not viewer.has_image()


def test_a_new_open_replaces_a_refusal(qtbot: QtBot, viewer: ImageViewer, tmp_path: Path) -> None:
    huge = tmp_path / "huge.png"
    huge.write_bytes(_png_declaring(20_000, 20_000))
    assert not _open(qtbot, viewer, huge)
    good = _save(_image(50, 40), tmp_path / "good.png", "PNG")
    assert _open(qtbot, viewer, good)
    assert viewer.message() == ""


def test_zoom_in_out_fit_and_shortcuts(qtbot: QtBot, viewer: ImageViewer, tmp_path: Path) -> None:
    path = _save(_image(1600, 1200), tmp_path / "scan.png", "PNG")
    assert _open(qtbot, viewer, path)
    fit = viewer.zoom()
    assert viewer.is_fit()
    assert fit < 0.5  # 1600 px shown in a 400 px window

    viewer.zoom_in()
    assert viewer.zoom() == pytest.approx(fit * 1.25)
    assert not viewer.is_fit()
    viewer.zoom_out()
    viewer.zoom_out()
    assert viewer.zoom() == pytest.approx(fit / 1.25)
    viewer.set_zoom(1.0)
    assert viewer.zoom() == pytest.approx(1.0)
    scroll = viewer._scroll
    assert scroll.horizontalScrollBar().maximum() > 0  # larger than the window: scrollable

    viewer.activateWindow()
    scroll.setFocus()
    qtbot.waitUntil(scroll.hasFocus)
    qtbot.keyClick(scroll, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert viewer.is_fit()
    assert viewer.zoom() == pytest.approx(fit)
    qtbot.keyClick(scroll, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert viewer.zoom() == pytest.approx(fit * 1.25)
    qtbot.keyClick(scroll, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert viewer.zoom() == pytest.approx(fit)

    # Ctrl+wheel zooms; a plain wheel scrolls instead
    center = QPointF(scroll.viewport().rect().center())
    event = QWheelEvent(
        center,
        QPointF(scroll.viewport().mapToGlobal(center.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(scroll.viewport(), event)
    assert viewer.zoom() == pytest.approx(fit * 1.25)


def test_zoom_keeps_the_image_sharp_on_high_dpi(tmp_path: Path) -> None:
    """The pyramid level used for drawing is chosen in device pixels."""
    path = _save(_image(4096, 2048), tmp_path / "big.png", "PNG")
    decoded = decode_image(path)
    assert len(decoded.levels) >= 3
    # at 25 % on a 2x screen the image is drawn at 50 % of its device size: the half level
    assert decoded.level_for(0.25 * 2).width() == 2048
    assert decoded.level_for(0.25 * 1).width() == 1024
    assert decoded.level_for(1.0).width() == 4096
