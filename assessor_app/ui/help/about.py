"""Help ▸ About: what the app is, and the versions of Qt, MuPDF and libVLC it runs on (the
same list ``assessor-app --version`` prints), for anyone asked to report a problem."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QMessageBox, QWidget

from assessor_app import APP_NAME, __version__


def about_html(versions: dict[str, str]) -> str:
    rows = "".join(
        f"<tr><td>{escape(name)}</td><td>&nbsp;{escape(value)}</td></tr>"
        for name, value in versions.items()
        if name != APP_NAME
    )
    return (
        f"<h3>{escape(APP_NAME)} {escape(__version__)}</h3>"
        "<p>Blind, offline scoring of micro-credential submissions.</p>"
        f"<table>{rows}</table>"
    )


def show_about(parent: QWidget) -> None:
    from assessor_app.runtime_versions import runtime_versions

    QMessageBox.about(parent, f"About {APP_NAME}", about_html(runtime_versions()))
