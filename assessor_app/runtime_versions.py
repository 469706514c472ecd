"""The versions of the app and of the native libraries it runs on, for support and About.

Nothing here imports Qt, PyMuPDF or libVLC at import time: each is loaded inside
:func:`runtime_versions`, and a library that cannot be loaded is reported as such instead of
raising, so ``assessor-app --version`` always answers, also on a machine without VLC or
without a display. Qt and libVLC are asked through the ui layer (the only layer allowed to
load them).
"""

from __future__ import annotations

import platform

from assessor_app import APP_NAME, __version__

LIBVLC_MISSING = "not found — install VLC"


def _qt() -> dict[str, str]:
    try:
        from assessor_app.ui.qt_versions import qt_versions

        return qt_versions()
    except ImportError as exc:  # no Qt libraries, or a system library Qt needs is missing
        reason = f"not available ({exc})"
        return {"PySide6": reason, "Qt": reason}


def _mupdf() -> dict[str, str]:
    try:
        import pymupdf
    except ImportError as exc:
        reason = f"not available ({exc})"
        return {"PyMuPDF": reason, "MuPDF": reason}
    return {"PyMuPDF": str(pymupdf.VersionBind), "MuPDF": str(pymupdf.VersionFitz)}


def _libvlc() -> str:
    from assessor_app.ui.viewers.vlc_runtime import libvlc_version

    return libvlc_version() or LIBVLC_MISSING


def runtime_versions() -> dict[str, str]:
    """Component name -> version, in the order they are best shown.

    Keys: the app's name, ``Python``, ``PySide6``, ``Qt``, ``PyMuPDF``, ``MuPDF``, ``libVLC``.
    ``libVLC`` is :data:`LIBVLC_MISSING` when no usable libVLC was found.
    """
    versions = {APP_NAME: __version__, "Python": platform.python_version()}
    versions.update(_qt())
    versions.update(_mupdf())
    versions["libVLC"] = _libvlc()
    return versions
