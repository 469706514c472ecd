"""The first run in the main window: when the welcome page shows, and what each of its
choices does (sign in, try the demo, import a bundle, not now).

The page shows once a workspace is attached that no portal was ever signed in to, unless the
person already chose (``welcome_done`` in the settings) or the app runs as the demo. Signing
in, importing and "Not now" set ``welcome_done``; trying the demo does not (the person's own
workspace still asks next time). The demo is started by a callable the command line hands in
(the ui never imports the portal), then the window switches to the demo workspace and stops
the demo when it is done.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject

from assessor_app.ui.tasks import run_in_background

if TYPE_CHECKING:
    from assessor_app.ui.main_window import MainWindow
    from assessor_app.ui.welcome.welcome_page import WelcomePage

DEMO_BUSY = "Preparing the demo: sample credentials, submissions and media…"


class DemoHandle(Protocol):
    """A running built-in demo (``assessor_app.demo.DemoEnvironment``)."""

    workspace_dir: Path

    def stop(self) -> None: ...


class FirstRun(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.page: WelcomePage | None = None
        self.demo_env: DemoHandle | None = None

    def needed(self) -> bool:
        w = self.window
        return (
            not w.demo
            and not w.app_settings.settings.welcome_done
            and w.workspace is not None
            and w.workspace.sync_state() is None
        )

    def show(self) -> WelcomePage:
        from assessor_app.ui.welcome.welcome_page import WelcomePage

        w = self.window
        assert w.workspace is not None
        if self.page is None:
            self.page = WelcomePage(w.workspace, w, demo_available=w.demo_starter is not None)
            self.page.signed_in.connect(self._signed_in)
            self.page.demo_requested.connect(self.start_demo)
            self.page.import_requested.connect(self._import)
            self.page.skipped.connect(self._done)
            w.pages.addWidget(self.page)
        w.pages.setCurrentWidget(self.page)
        self.page.setFocus()
        return self.page

    def close(self) -> None:
        w = self.window
        if self.page is not None:
            w.pages.removeWidget(self.page)
            self.page.deleteLater()
            self.page = None
        w.pages.setCurrentWidget(w.queue)
        w.queue.setFocus()

    def _done(self) -> None:
        self.window.app_settings.update(welcome_done=True)
        self.close()

    def _signed_in(self, _result: object) -> None:
        w = self.window
        warnings = list(self.page.warnings) if self.page is not None else []
        self._done()
        if warnings:
            w.notify("Signed in", "\n\n".join(warnings))
        if w.sync_ui is not None:
            w.sync_ui.controller.signed_in()
            w.sync_ui.controller.sync_now()  # bring the assignments in right away
        w.refresh_status()

    def _import(self) -> None:
        paths = self.window.ask_bundle_paths()
        if paths:
            self._done()
            self.window.import_bundles(paths)

    def start_demo(self) -> None:
        """Start the built-in portal and a demo workspace, and switch the window to it (the
        person's own workspace is closed, untouched, and opens again next time)."""
        w = self.window
        starter = w.demo_starter
        if starter is None or self.demo_env is not None:
            return
        if self.page is not None:
            self.page.set_busy(DEMO_BUSY)
        w.statusBar().showMessage("Preparing the demo…")

        def done(environment: DemoHandle) -> None:
            if w.closing:
                environment.stop()
                return
            self.demo_env = environment
            self.close()
            w.detach_workspace()
            w.open_workspace(environment.workspace_dir, sync_on_start=True, demo=True)

        def failed(message: str) -> None:
            w.statusBar().clearMessage()
            if self.page is not None:
                self.page.set_busy(None)
                self.page.show_message(f"The demo could not start: {message}")

        run_in_background(starter, done, failed)

    def stop_demo(self) -> None:
        if self.demo_env is not None:
            demo, self.demo_env = self.demo_env, None
            demo.stop()
