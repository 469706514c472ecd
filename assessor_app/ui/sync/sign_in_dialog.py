"""Sign in to a portal: its address, the user name and the password. The sign-in runs on a
worker thread (:func:`assessor_app.sync.session.sign_in`, the same steps as ``assessor-app
login``); only the token the portal hands out is kept, in the OS keyring. The password is used
for that one request and never stored: the field is cleared once it has been used."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assessor_app.errors import (
    AssessorError,
    InvalidCredentialsError,
    KeyringUnavailableError,
    PortalIdentityError,
    PortalUnreachableError,
)
from assessor_app.sync.client import RetryPolicy
from assessor_app.sync.session import SignedIn, sign_in
from assessor_app.ui.tasks import run_in_background
from assessor_app.workspace import Workspace

ERROR_ON_LIGHT, ERROR_ON_DARK = "#a8322a", "#ff8a80"  # readable red on either background

# A person is waiting: give up on an unreachable portal after a second try, not after five.
SIGN_IN_RETRY = RetryPolicy(max_attempts=2, base_delay=0.5, max_delay=2.0, max_retry_after=10.0)


def explain(error: AssessorError) -> str:
    """What went wrong, in words that say what to do."""
    if isinstance(error, InvalidCredentialsError):
        return "Wrong user name or password. Check both and try again."
    if isinstance(error, PortalUnreachableError):
        return (
            "The portal cannot be reached. Check its address and your network connection, "
            f"then try again. ({error})"
        )
    if isinstance(error, PortalIdentityError):
        return f"Not signed in: this is not the portal this workspace belongs to. {error}"
    if isinstance(error, KeyringUnavailableError):
        return (
            "Not signed in: there is no secure keyring on this computer to keep the sign-in "
            f"in (it is never written to a file). {error}"
        )
    return str(error)


class SignInDialog(QDialog):
    """Emits ``signed_in(SignedIn)`` and closes when the portal accepted the sign-in."""

    signed_in = Signal(object)

    def __init__(
        self,
        workspace: Workspace,
        parent: QWidget | None = None,
        *,
        retry: RetryPolicy | None = SIGN_IN_RETRY,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.retry = retry
        self.busy = False
        self.setObjectName("signInDialog")
        self.setWindowTitle("Sign in to a portal")
        self.setAccessibleName("Sign in to a portal")

        state = workspace.sync_state()
        self.server = QLineEdit(state.server_url if state else "", self)
        self.server.setPlaceholderText("https://portal.example.org")
        self.server.setAccessibleName("Portal address")
        self.user = QLineEdit(state.username if state else "", self)
        self.user.setAccessibleName("User name")
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password")
        self.message = QLabel(self)
        self.message.setObjectName("signInMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setAccessibleName("Sign-in message")
        self.message.setVisible(False)
        note = QLabel(
            "Only the portal's sign-in token is kept, in this computer's keyring; your password "
            "is never stored.",
            self,
        )
        note.setWordWrap(True)
        if state is not None:
            note.setText(
                note.text() + f" This workspace belongs to {state.username} on portal "
                f"{state.portal_id}."
            )

        form = QFormLayout()
        form.addRow("Portal &address", self.server)
        form.addRow("&User name", self.user)
        form.addRow("&Password", self.password)
        self.buttons = QDialogButtonBox(self)
        self.sign_in_button = QPushButton("Sign in", self)
        self.sign_in_button.setDefault(True)
        self.buttons.addButton(self.sign_in_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 34)
        (self.password if state else self.server).setFocus()

    def submit(self) -> None:
        if self.busy:
            return
        server, user = self.server.text().strip(), self.user.text().strip()
        password = self.password.text()
        missing = [
            (field, what)
            for field, what, value in (
                (self.server, "the portal's address", server),
                (self.user, "your user name", user),
                (self.password, "your password", password),
            )
            if not value
        ]
        if missing:
            self._show(f"Enter {missing[0][1]}.")
            missing[0][0].setFocus()
            return
        self._set_busy(True)
        self._show("Signing in…", error=False)
        workspace, retry = self.workspace, self.retry

        def work() -> SignedIn | AssessorError:
            try:
                return sign_in(workspace, server, user, password, retry=retry)
            except AssessorError as exc:
                return exc

        run_in_background(work, self._done, self._failed)

    def _done(self, result: SignedIn | AssessorError) -> None:
        self._set_busy(False)
        if isinstance(result, SignedIn):
            self.password.clear()
            self.message.setVisible(False)
            self.signed_in.emit(result)
            self.accept()
            return
        self._show(explain(result))
        if isinstance(result, InvalidCredentialsError):
            self.password.clear()
            self.password.setFocus()

    def _failed(self, message: str) -> None:
        self._set_busy(False)
        self._show(f"Not signed in: {message}")

    def _show(self, text: str, *, error: bool = True) -> None:
        self.message.setText(text)
        dark = self.palette().color(QPalette.ColorRole.Window).lightness() < 128
        color = ERROR_ON_DARK if dark else ERROR_ON_LIGHT
        self.message.setStyleSheet(f"color: {color};" if error else "")
        self.message.setVisible(True)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for widget in (self.server, self.user, self.password, self.sign_in_button):
            widget.setEnabled(not busy)
        self.sign_in_button.setText("Signing in…" if busy else "Sign in")
