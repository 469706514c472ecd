"""The first-run welcome page on the real main window: when it shows, "Not now", importing a
bundle through the real file dialog, trying the real demo, signing in to a real portal, and
the messages for a wrong password, an unreachable portal, a certificate this computer does
not trust, and a clock that is hours off (servers on loopback, the real keyring)."""

from __future__ import annotations

import datetime as dt
import email.utils
import http.server
import ssl
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit
from pytestqt.qtbot import QtBot
from support.bundles import write_sample_bundle
from support.portal import S1, S2, World, fast_config, password_of, populate, serve_world
from support.secret_service import require_secret_service

from assessor_app.settings import SettingsStore
from assessor_app.sync import credentials
from assessor_app.ui.app import settings_for
from assessor_app.ui.main_window import MainWindow
from assessor_app.workspace import Workspace

WAIT_MS = 60_000


# --- helpers ---------------------------------------------------------------------------------
def open_window(
    qtbot: QtBot, data_dir: Path, store: SettingsStore | None = None, **kw: object
) -> MainWindow:
    window = MainWindow(
        None, settings_for(data_dir), app_settings=store or SettingsStore.load(), **kw
    )  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.resize(1300, 860)
    with qtbot.waitSignal(window.workspace_attached, timeout=WAIT_MS):
        window.open_workspace(data_dir, sync_on_start=True, welcome=True)
        window.show()
    return window


@pytest.fixture
def windows() -> Iterator[list[MainWindow]]:
    made: list[MainWindow] = []
    yield made
    for window in made:
        window.close()
        window.finish()


def self_signed(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


class TlsServer:
    """HTTPS on loopback with a certificate nobody trusts; its clock ``skew_s`` off."""

    def __init__(self, folder: Path, skew_s: float = 0.0) -> None:
        skew = skew_s

        class Handler(http.server.BaseHTTPRequestHandler):
            def date_time_string(self, timestamp: float | None = None) -> str:
                return email.utils.formatdate(time.time() + skew, usegmt=True)

            def do_GET(self) -> None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_POST = do_GET

            def log_message(self, *_args: object) -> None:
                pass

        cert, key = self_signed(folder)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.url = f"https://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    bundles = tmp_path / "portal-bundles"
    bundles.mkdir()
    made = {sid: write_sample_bundle(bundles / f"{sid}.zip", sid) for sid in (S1, S2)}
    config = fast_config(tmp_path / "portal")
    populate(config, made)
    yield from serve_world(config)


def sign_in_with(qtbot: QtBot, window: MainWindow, server: str, user: str, password: str) -> str:
    page = window.welcome
    assert page is not None
    page.server.setText(server)
    page.user.setText(user)
    page.password.setText(password)
    page.sign_in_button.click()
    qtbot.waitUntil(lambda: window.welcome is None or not page.busy, timeout=WAIT_MS)
    if window.welcome is None:  # signed in: the page is gone
        return ""
    return page.message.text() if page.message.isVisible() else ""


# --- when it shows ---------------------------------------------------------------------------
def test_first_run_shows_the_welcome_and_not_now_remembers(
    qtbot: QtBot, data_dir: Path, windows: list[MainWindow]
) -> None:
    window = open_window(qtbot, data_dir)
    windows.append(window)
    assert window.welcome is not None
    assert window.pages.currentWidget() is window.welcome
    assert window.welcome.server.hasFocus() or window.welcome.isVisible()
    window.welcome.skip_button.click()
    assert window.welcome is None and window.pages.currentWidget() is window.queue
    assert SettingsStore.load().settings.welcome_done
    window.close()

    again = open_window(qtbot, data_dir)
    windows.append(again)
    assert again.welcome is None and again.pages.currentWidget() is again.queue


def test_import_a_bundle_from_the_welcome(
    qtbot: QtBot, tmp_path: Path, data_dir: Path, windows: list[MainWindow]
) -> None:
    bundle = write_sample_bundle(tmp_path / "handed-over.zip", "SUB-USB-0001")
    window = open_window(qtbot, data_dir)
    windows.append(window)
    assert window.welcome is not None

    def pick_file() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QFileDialog):
            name_box = dialog.findChild(QLineEdit, "fileNameEdit")
            assert name_box is not None
            name_box.setText(str(bundle))  # typed into the file name box, then Enter
            QTest.keyClick(name_box, Qt.Key.Key_Return)
        if isinstance(QApplication.activeModalWidget(), QFileDialog) or dialog is None:
            QTimer.singleShot(100, pick_file)  # not shown yet, or not accepted yet

    QTimer.singleShot(50, pick_file)
    window.welcome.import_button.click()
    qtbot.waitUntil(lambda: window.queue.model.rowCount() == 1, timeout=WAIT_MS)
    assert window.welcome is None
    assert SettingsStore.load().settings.welcome_done


def test_try_the_demo_switches_to_the_demo_workspace(
    qtbot: QtBot, tmp_path: Path, data_dir: Path, windows: list[MainWindow]
) -> None:
    import io

    from assessor_app.demo import start_demo

    before = keyring.get_keyring()
    try:
        window = open_window(
            qtbot, data_dir, demo_starter=lambda: start_demo(tmp_path / "demo", io.StringIO())
        )
        windows.append(window)
        assert window.welcome is not None and window.welcome.demo_button.isVisible()
        with qtbot.waitSignal(window.workspace_attached, timeout=WAIT_MS):
            window.welcome.demo_button.click()
        assert window.demo and window.windowTitle().endswith("(demo)")
        assert window.workspace is not None
        assert window.workspace.data_dir == tmp_path / "demo" / "workspace"
        qtbot.waitUntil(lambda: window.queue.model.rowCount() == 5, timeout=WAIT_MS)
        assert not SettingsStore.load().settings.welcome_done  # the real workspace still asks
    finally:
        keyring.set_keyring(before)
    # The person's own workspace was closed untouched: it opens again.
    Workspace.open(data_dir).close()


# --- signing in --------------------------------------------------------------------------------
def test_sign_in_from_the_welcome_fills_the_queue(
    qtbot: QtBot, world: World, data_dir: Path, windows: list[MainWindow]
) -> None:
    require_secret_service()
    window = open_window(qtbot, data_dir)
    windows.append(window)
    try:
        assert sign_in_with(qtbot, window, world.url, "assessorA", password_of("assessorA")) == ""
        assert window.welcome is None
        qtbot.waitUntil(lambda: window.queue.model.rowCount() == 2, timeout=WAIT_MS)
        assert SettingsStore.load().settings.welcome_done
    finally:
        credentials.delete_token(world.url, "assessorA")


def test_sign_in_problems_are_said_plainly(
    qtbot: QtBot, tmp_path: Path, world: World, data_dir: Path, windows: list[MainWindow]
) -> None:
    require_secret_service()
    window = open_window(qtbot, data_dir)
    windows.append(window)

    said = sign_in_with(qtbot, window, world.url, "assessorA", "not the password")
    assert said.startswith("Wrong user name or password")
    assert window.welcome is not None and window.welcome.password.text() == ""

    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    said = sign_in_with(qtbot, window, f"http://127.0.0.1:{closed}", "assessorA", "x")
    assert said.startswith("The portal cannot be reached")

    honest = TlsServer(tmp_path)
    try:
        said = sign_in_with(qtbot, window, honest.url, "assessorA", "x")
    finally:
        honest.stop()
    assert "security certificate" in said and "could not be verified" in said
    assert "clock" not in said

    skewed_dir = tmp_path / "skewed"
    skewed_dir.mkdir()
    skewed = TlsServer(skewed_dir, skew_s=3 * 3600)
    try:
        said = sign_in_with(qtbot, window, skewed.url, "assessorA", "x")
    finally:
        skewed.stop()
    assert "This computer's clock is 3.0 hours behind the portal's" in said
    assert window.workspace is not None and window.workspace.sync_state() is None
