"""Running the portal: in the foreground (``assessor-portal serve``) or in a background thread
on a free loopback port (:func:`start_portal_in_thread`: tests, and the desktop ``--demo``)."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field

import uvicorn
from fastapi import FastAPI

from assessor_app.portal.server.app import create_app
from assessor_app.portal.server.config import PortalConfig
from assessor_app.portal.server.errors import PortalError
from assessor_app.portal.server.portal import Portal

START_TIMEOUT_S = 20.0


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port`` (port 0: a free one). Raises PortalError."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise PortalError(f"cannot listen on {host}:{port}: {exc.strerror}") from exc
    family, kind, proto, _name, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise PortalError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    sock.set_inheritable(True)
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


def uvicorn_server(app: FastAPI, *, log_level: str = "warning") -> uvicorn.Server:
    config = uvicorn.Config(
        app,
        log_level=log_level,
        access_log=False,
        lifespan="on",
        server_header=False,
        timeout_graceful_shutdown=5,
    )
    return uvicorn.Server(config)


@dataclass
class RunningPortal:
    """A portal serving on loopback from a background thread. ``url`` has no trailing slash
    (``http://127.0.0.1:PORT``); :meth:`stop` shuts it down and waits for the thread."""

    url: str
    app: FastAPI
    server: uvicorn.Server
    thread: threading.Thread
    _stopped: bool = field(default=False, repr=False)

    @property
    def portal(self) -> Portal:
        portal: Portal = self.app.state.portal
        return portal

    def stop(self, timeout: float = 10.0) -> None:
        if self._stopped:
            return
        self._stopped = True
        self.server.should_exit = True
        self.thread.join(timeout)

    def __enter__(self) -> RunningPortal:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def start_portal_in_thread(
    config: PortalConfig, host: str = "127.0.0.1", port: int = 0
) -> RunningPortal:
    """Open the portal of ``config`` and serve it from a daemon thread; returns once it
    accepts connections. Raises :class:`PortalError` when it cannot open or listen."""
    app = create_app(config)
    try:
        sock = bind_socket(host, port)
    except PortalError:
        app.state.portal.close()
        raise
    server = uvicorn_server(app)
    url = url_of(sock)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name=f"portal {url}", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT_S
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            thread.join(5)
            sock.close()
            app.state.portal.close()
            raise PortalError(f"the portal did not start on {url}")
        time.sleep(0.01)
    return RunningPortal(url=url, app=app, server=server, thread=thread)
