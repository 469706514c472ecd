"""Start the desktop app: QApplication, look and feel, settings, workspace, main window."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QMessageBox

from assessor_app import APP_ID, APP_NAME, __version__
from assessor_app.errors import AssessorError
from assessor_app.workspace import Workspace

log = logging.getLogger(__name__)


def resource_dir() -> Path:
    """``resources/`` in a source checkout, ``assessor_app/_resources`` in a wheel."""
    package = Path(__file__).resolve().parents[1]
    for candidate in (package / "_resources", package.parent / "resources"):
        if candidate.is_dir():
            return candidate
    return package.parent / "resources"


def dark_palette() -> QPalette:
    palette = QPalette()
    base, window, text = QColor(30, 32, 36), QColor(42, 44, 49), QColor(225, 227, 230)
    roles = {
        QPalette.ColorRole.Window: window,
        QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base,
        QPalette.ColorRole.AlternateBase: QColor(38, 40, 45),
        QPalette.ColorRole.ToolTipBase: window,
        QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.Text: text,
        QPalette.ColorRole.Button: window,
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.BrightText: QColor(255, 110, 110),
        QPalette.ColorRole.Highlight: QColor(64, 120, 200),
        QPalette.ColorRole.HighlightedText: QColor(255, 255, 255),
        QPalette.ColorRole.Link: QColor(110, 170, 240),
        QPalette.ColorRole.PlaceholderText: QColor(140, 144, 150),
    }
    for role, color in roles.items():
        palette.setColor(role, color)
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(120, 122, 128))
    return palette


def apply_look(app: QApplication) -> None:
    """Fusion everywhere (consistent metrics), dark when the system asks for dark."""
    app.setStyle("Fusion")
    hints = QGuiApplication.styleHints()

    def follow(scheme: Qt.ColorScheme) -> None:
        app.setPalette(dark_palette() if scheme == Qt.ColorScheme.Dark else QPalette())

    follow(hints.colorScheme())
    hints.colorSchemeChanged.connect(follow)


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("assessor-workstation")
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("assessor-workstation")
    app.setDesktopFileName(APP_ID)
    icon = resource_dir() / "icons" / f"{APP_ID}.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    apply_look(app)
    return app


def settings_for(data_dir: Path) -> QSettings:
    """Window state lives beside the workspace, so a demo never disturbs real settings."""
    return QSettings(str(data_dir / "window-state.ini"), QSettings.Format.IniFormat)


def install_crash_dialog() -> None:
    """An uncaught exception says the work is saved (every judgment is committed when made)."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        log.error("uncaught exception:\n%s", "".join(traceback.format_exception(kind, exc, tb)))
        if QApplication.instance() is None:
            return
        QMessageBox.critical(
            None,
            "Something went wrong",
            "An unexpected error occurred. Every judgment you made has been saved.\n\n"
            f"{kind.__name__}: {exc}",
        )

    sys.excepthook = hook


def run_app(data_dir: Path, *, demo: bool = False) -> int:
    from assessor_app.ui.main_window import MainWindow

    app = make_application()
    install_crash_dialog()
    try:
        workspace = Workspace.open(data_dir)
    except AssessorError as exc:
        QMessageBox.critical(None, APP_NAME, f"The workspace cannot be opened.\n\n{exc}")
        return 2
    with workspace:
        window = MainWindow(workspace, settings_for(data_dir), demo=demo)
        window.show()
        window.sync_on_start()
        return app.exec()
