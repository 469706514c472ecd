"""The first screen of a new workspace: three ways to begin.

- **Sign in to a portal**: its address, the user name and the password; the sign-in runs on
  a worker (:func:`assessor_app.sync.session.sign_in`, as ``assessor-app login`` does) and
  only the token the portal hands out is kept, in the OS keyring;
- **Try the demo**: the built-in demo portal with sample submissions, as ``--demo`` starts it;
- **Import a bundle file**: a submission handed over on a USB stick.

The window shows it when no portal was ever signed in to from this workspace and the person
has not yet chosen (``welcome_done`` in the settings). Failures are said in words that say what
to do (:func:`assessor_app.ui.welcome.sign_in_errors.explain_sign_in`).
"""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from assessor_app import APP_NAME
from assessor_app.errors import AssessorError, InvalidCredentialsError
from assessor_app.ui.sync.sign_in_dialog import ERROR_ON_DARK, ERROR_ON_LIGHT, SIGN_IN_RETRY
from assessor_app.ui.tasks import run_in_background
from assessor_app.ui.welcome.sign_in_errors import explain_sign_in
from assessor_app.workspace import Workspace

CONTENT_WIDTH_EM = 44


class WelcomePage(QWidget):
    signed_in = Signal(object)  # SignedIn
    demo_requested = Signal()
    import_requested = Signal()
    skipped = Signal()

    def __init__(
        self, workspace: Workspace, parent: QWidget | None = None, *, demo_available: bool = True
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.busy = False
        self.warnings: list[str] = []
        self._warn_lock = threading.Lock()
        self.setObjectName("welcomePage")
        self.setAccessibleName("Welcome")

        title = QLabel(f"<h2>Welcome to {APP_NAME}</h2>")
        title.setTextFormat(Qt.TextFormat.RichText)
        intro = QLabel(
            "Score micro-credential submissions blind and offline: every judgment is saved on "
            "this computer the moment you make it and sent to your portal when you are online. "
            "How would you like to begin?"
        )
        intro.setWordWrap(True)

        # -- sign in -----------------------------------------------------------------------
        self.server = QLineEdit()
        self.server.setPlaceholderText("https://portal.example.org")
        self.server.setAccessibleName("Portal address")
        self.user = QLineEdit()
        self.user.setAccessibleName("User name")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password")
        self.password.returnPressed.connect(self.submit)
        self.sign_in_button = QPushButton("Sign in")
        self.sign_in_button.setDefault(True)
        self.sign_in_button.setAccessibleName("Sign in to the portal")
        self.sign_in_button.clicked.connect(self.submit)
        self.message = QLabel()
        self.message.setObjectName("welcomeMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setAccessibleName("Sign-in message")
        self.message.setVisible(False)
        form = QFormLayout()
        form.addRow("Portal &address", self.server)
        form.addRow("&User name", self.user)
        form.addRow("&Password", self.password)
        sign_in_box = QGroupBox("Sign in to a portal")
        sign_in_layout = QVBoxLayout(sign_in_box)
        sign_in_layout.addWidget(self._text("Your organisation gave you its address and a name."))
        sign_in_layout.addLayout(form)
        sign_in_layout.addWidget(self.message)
        sign_in_layout.addWidget(
            self._text(
                "Only the portal's sign-in token is kept, in this computer's keyring; your "
                "password is never stored."
            )
        )
        sign_in_layout.addWidget(self.sign_in_button, alignment=Qt.AlignmentFlag.AlignRight)

        # -- demo and import ---------------------------------------------------------------
        self.demo_button = QPushButton("Try the demo")
        self.demo_button.setAccessibleName("Try the demo")
        self.demo_button.clicked.connect(self.demo_requested)
        demo_box = self._choice(
            "Try the demo",
            "A practice portal on this computer with five sample submissions. Nothing you do "
            "there touches your own workspace.",
            self.demo_button,
        )
        demo_box.setVisible(demo_available)
        self.import_button = QPushButton("Import a bundle file…")
        self.import_button.setAccessibleName("Import a bundle file")
        self.import_button.clicked.connect(self.import_requested)
        import_box = self._choice(
            "Import a bundle file",
            "Someone handed you a submission bundle (a .zip file), for example on a USB stick.",
            self.import_button,
        )
        self.skip_button = QPushButton("Not now: go to the queue")
        self.skip_button.setFlat(True)
        self.skip_button.setAccessibleName("Skip the welcome")
        self.skip_button.clicked.connect(self.skipped)
        self.busy_label = QLabel()
        self.busy_label.setObjectName("welcomeBusy")
        self.busy_label.setWordWrap(True)
        self.busy_label.setVisible(False)

        column = QWidget()
        column.setMaximumWidth(self.fontMetrics().horizontalAdvance("M") * CONTENT_WIDTH_EM)
        column_layout = QVBoxLayout(column)
        column_layout.addWidget(title)
        column_layout.addWidget(intro)
        column_layout.addSpacing(8)
        column_layout.addWidget(sign_in_box)
        row = QHBoxLayout()
        row.addWidget(demo_box)
        row.addWidget(import_box)
        column_layout.addLayout(row)
        column_layout.addWidget(self.busy_label)
        column_layout.addWidget(self.skip_button, alignment=Qt.AlignmentFlag.AlignRight)
        column_layout.addStretch()
        holder = QWidget()
        centred = QHBoxLayout(holder)
        centred.addStretch()
        centred.addWidget(column, 10)
        centred.addStretch()
        scroll = QScrollArea(self)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 24, 0, 0)
        outer.addWidget(scroll)
        self.setFocusProxy(self.server)
        self.setTabOrder(self.server, self.user)
        self.setTabOrder(self.user, self.password)
        self.setTabOrder(self.password, self.sign_in_button)

    # -- pieces ------------------------------------------------------------------------------
    @staticmethod
    def _text(text: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        return label

    def _choice(self, title: str, text: str, button: QPushButton) -> QGroupBox:
        box = QGroupBox(title)
        layout = QVBoxLayout(box)
        layout.addWidget(self._text(text))
        layout.addWidget(button, alignment=Qt.AlignmentFlag.AlignRight)
        return box

    # -- signing in --------------------------------------------------------------------------
    def submit(self) -> None:
        if self.busy:
            return
        server, user = self.server.text().strip(), self.user.text().strip()
        password = self.password.text()
        for field, what, value in (
            (self.server, "the portal's address", server),
            (self.user, "your user name", user),
            (self.password, "your password", password),
        ):
            if not value:
                self.show_message(f"Enter {what}.")
                field.setFocus()
                return
        self.set_busy("Signing in…")
        workspace = self.workspace
        with self._warn_lock:
            self.warnings.clear()

        def warn(message: str) -> None:
            with self._warn_lock:
                self.warnings.append(message)

        def work() -> object:
            from assessor_app.sync.session import sign_in

            try:
                return sign_in(workspace, server, user, password, retry=SIGN_IN_RETRY, warn=warn)
            except AssessorError as exc:
                return exc

        run_in_background(work, self._done, self._failed)

    def _done(self, result: object) -> None:
        self.set_busy(None)
        if isinstance(result, AssessorError):
            self.show_message(explain_sign_in(result))
            if isinstance(result, InvalidCredentialsError):
                self.password.clear()
                self.password.setFocus()
            return
        self.password.clear()
        self.message.setVisible(False)
        self.signed_in.emit(result)

    def _failed(self, message: str) -> None:
        self.set_busy(None)
        self.show_message(f"Not signed in: {message}")

    # -- state -------------------------------------------------------------------------------
    def show_message(self, text: str, *, error: bool = True) -> None:
        self.message.setText(text)
        dark = self.palette().color(QPalette.ColorRole.Window).lightness() < 128
        colour = ERROR_ON_DARK if dark else ERROR_ON_LIGHT
        self.message.setStyleSheet(f"color: {colour};" if error else "")
        self.message.setVisible(True)

    def set_busy(self, text: str | None) -> None:
        """Disable every choice while something runs; ``text`` says what (None: done)."""
        self.busy = text is not None
        for widget in (
            self.server,
            self.user,
            self.password,
            self.sign_in_button,
            self.demo_button,
            self.import_button,
            self.skip_button,
        ):
            widget.setEnabled(not self.busy)
        self.sign_in_button.setText("Signing in…" if text == "Signing in…" else "Sign in")
        self.busy_label.setText(text or "")
        self.busy_label.setVisible(self.busy and text != "Signing in…")
