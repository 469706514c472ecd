"""Start the desktop app: settings, log file, QApplication, look and feel, the main window, and
then the workspace.

Start-up order, for a window on screen fast: the main window is shown and painted as an empty
shell first ("Opening workspace…"); the workspace (SQLite through SQLAlchemy, the sync engine
on httpx, the manifest schema) is opened on a worker after that first paint and attached to
the window when it is ready (:meth:`MainWindow.open_workspace`). Nothing heavy is imported
before the first paint.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QMessageBox

from assessor_app import APP_ID, APP_NAME, __version__
from assessor_app.settings import SettingsStore

if TYPE_CHECKING:
    from assessor_app.ui.welcome.first_run import DemoHandle

log = logging.getLogger(__name__)

CRASH_TITLE = "Something went wrong"
CRASH_TEXT = (
    "An unexpected error occurred. Every judgment you made has been saved: each one is "
    "written to disk the moment you make it."
)


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


_system_point_size: float | None = None


def apply_font_size(points: int | None) -> None:
    """The application's font size in points; None goes back to the system's size."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    global _system_point_size
    if _system_point_size is None:
        _system_point_size = app.font().pointSizeF()
    font = QFont(app.font())
    font.setPointSizeF(float(points) if points is not None else _system_point_size)
    app.setFont(font)


def apply_video_output(choice: str) -> None:
    """Before the QApplication exists: "x11" runs the app on X11 (XWayland under Wayland) so
    libVLC can draw video into its window; an explicit ``QT_QPA_PLATFORM`` always wins."""
    if choice == "x11" and sys.platform.startswith("linux"):
        if not os.environ.get("QT_QPA_PLATFORM"):
            os.environ["QT_QPA_PLATFORM"] = "xcb"


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


def crash_text(kind: type[BaseException], exc: BaseException) -> str:
    from assessor_app.logging_setup import PRIVACY, current_log_file

    where = current_log_file()
    details = PRIVACY.scrub(f"{kind.__name__}: {exc}")  # what the dialog shows is cleaned too
    log_line = f"\n\nThe details are in the log file {where}." if where is not None else ""
    return f"{CRASH_TEXT}{log_line}\n\n{details}"


def install_crash_dialog() -> None:
    """An uncaught exception (in a slot too) is logged and a dialog says the work is saved."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        log.error("uncaught exception:\n%s", "".join(traceback.format_exception(kind, exc, tb)))
        if QApplication.instance() is None:
            return
        QMessageBox.critical(None, CRASH_TITLE, crash_text(kind, exc))

    sys.excepthook = hook


def run_app(
    data_dir: Path,
    *,
    demo: bool = False,
    demo_starter: Callable[[], DemoHandle] | None = None,
) -> int:
    """Run the desktop app on the workspace in ``data_dir`` until its window closes.

    ``demo_starter`` (given by the command line, which may import the portal) starts the
    built-in demo for the welcome screen's "Try the demo"; the window stops it at the end.
    """
    from assessor_app.logging_setup import configure_logging
    from assessor_app.ui.main_window import MainWindow

    configure_logging()
    log.info("%s %s starting%s", APP_NAME, __version__, " (demo)" if demo else "")
    store = SettingsStore.load()
    if demo:  # the demo never changes the person's own settings
        store.writable = False
    apply_video_output(store.settings.video_output)
    app = make_application()
    if store.settings.font_size is not None:
        apply_font_size(store.settings.font_size)
    install_crash_dialog()
    window = MainWindow(
        None, settings_for(data_dir), demo=demo, app_settings=store, demo_starter=demo_starter
    )

    def cannot_open(message: str) -> None:
        QMessageBox.critical(window, APP_NAME, f"The workspace cannot be opened.\n\n{message}")
        app.exit(2)

    window.open_failed.connect(cannot_open)
    window.show()
    window.open_workspace(data_dir, sync_on_start=True, welcome=not demo)
    try:
        return app.exec()
    finally:
        window.finish()
