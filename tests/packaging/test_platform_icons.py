"""packaging/make_icons.py: the Windows .ico and macOS .icns rendered from the app's SVG are
well-formed containers that Qt's own readers decode at every size."""

from __future__ import annotations

import runpy
import struct
from pathlib import Path
from types import SimpleNamespace

from PySide6.QtCore import QSize
from PySide6.QtGui import QImage, QImageReader

ROOT = Path(__file__).resolve().parents[2]


def _make_icons() -> SimpleNamespace:
    """packaging/make_icons.py's functions and constants (it is a script, not a module)."""
    return SimpleNamespace(**runpy.run_path(str(ROOT / "packaging" / "make_icons.py")))


def test_ico_and_icns_hold_every_size(qapp: object, tmp_path: Path) -> None:
    make_icons = _make_icons()
    ico, icns = make_icons.write_icons(tmp_path)

    data = ico.read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind, count) == (0, 1, len(make_icons.ICO_SIZES))
    reader = QImageReader(str(ico))
    sizes = []
    for index in range(reader.imageCount()):
        assert reader.jumpToImage(index)
        image = reader.read()
        assert not image.isNull(), reader.errorString()
        sizes.append(image.width())
    assert sorted(sizes) == sorted(make_icons.ICO_SIZES)

    data = icns.read_bytes()
    assert data[:4] == b"icns"
    assert struct.unpack_from(">I", data, 4)[0] == len(data)
    reader = QImageReader(str(icns))
    assert reader.imageCount() == len(make_icons.ICNS_TYPES)
    largest = max(make_icons.ICNS_TYPES)
    found = set()
    for index in range(reader.imageCount()):
        assert reader.jumpToImage(index)
        image = reader.read()
        assert not image.isNull(), reader.errorString()
        found.add(image.width())
    assert found == set(make_icons.ICNS_TYPES)
    assert largest == 1024


def test_rendered_icon_is_drawn_not_blank(qapp: object) -> None:
    make_icons = _make_icons()
    png = make_icons.render_png(make_icons.SVG, 64)
    image = QImage.fromData(png, "PNG")
    assert image.size() == QSize(64, 64)
    centre = image.pixelColor(32, 32)
    corner = image.pixelColor(0, 0)
    assert centre.alpha() == 255  # the icon's body
    assert corner.alpha() < 255  # rounded corners stay transparent
