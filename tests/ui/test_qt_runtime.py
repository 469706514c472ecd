"""Guards against known-broken Qt bindings for our Python."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_void_qt_calls_keep_none_refcount(qtbot) -> None:
    # PySide6 6.12.0 on CPython 3.11 decremented None's refcount on each void call, which
    # aborts the interpreter ("none_dealloc") after a few thousand UI updates.
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("x")
    assert sys.getrefcount(None) >= before - 10
