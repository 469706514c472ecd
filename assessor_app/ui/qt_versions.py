"""The versions of the Qt bindings and of the Qt libraries they run on.

Importing QtCore only loads the library: no QApplication is created and no display is needed,
so ``assessor-app --version`` can call this on a headless machine.
"""

from __future__ import annotations


def qt_versions() -> dict[str, str]:
    """``{"PySide6": bindings version, "Qt": runtime library version}``."""
    import PySide6
    from PySide6 import QtCore

    return {"PySide6": str(PySide6.__version__), "Qt": str(QtCore.qVersion())}
