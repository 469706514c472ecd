"""A small HTTP/1.1 fault-injecting proxy on loopback, in front of a real portal.

Each request is read whole, then handled by the :class:`Fault` the plan picks for it:

- ``PASS``: forward, relay the answer;
- ``RESET_BEFORE``: reset the client's connection without forwarding (nothing applied);
- ``RESET_AFTER``: forward (the portal may apply the op), then reset: the client never sees
  the answer;
- ``TRUNCATE``: forward, relay the headers and half of the body, then close;
- ``STALL``: forward, relay the headers and half of the body, wait ``stall`` seconds, close;
- ``ERROR_500``, ``BUSY_503`` (``Retry-After: 1``), ``GARBAGE`` (a 200 that is not JSON):
  answered by the proxy itself, not forwarded.

The plan: :meth:`FaultProxy.script` queues faults for requests whose path starts with a
prefix (consumed one per matching request), :meth:`FaultProxy.set_plan` installs a function
``(index, method, path) -> Fault | None`` (index counts every request). Anything unplanned
passes. Every connection carries one request (``Connection: close``); :attr:`log` records
``(time, method, path, fault)``. Loopback only; :meth:`stop` closes everything.
"""

from __future__ import annotations

import contextlib
import enum
import socket
import struct
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

MAX_REQUEST = 16 * 1024 * 1024
MAX_RESPONSE = 64 * 1024 * 1024
IO_TIMEOUT = 15.0


class Fault(enum.StrEnum):
    PASS = "pass"
    RESET_BEFORE = "reset_before"
    RESET_AFTER = "reset_after"
    TRUNCATE = "truncate"
    STALL = "stall"
    ERROR_500 = "500"
    BUSY_503 = "503"
    GARBAGE = "garbage"


@dataclass(frozen=True)
class Logged:
    at: float
    method: str
    path: str
    fault: Fault


Plan = Callable[[int, str, str], "Fault | None"]


def _reset(conn: socket.socket) -> None:
    """Close with RST (SO_LINGER 0) rather than FIN."""
    with contextlib.suppress(OSError):
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        conn.close()


def _read_head(conn: socket.socket) -> tuple[bytes, bytes] | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
        if len(data) > MAX_REQUEST:
            return None
    head, _, rest = data.partition(b"\r\n\r\n")
    return head, rest


def _content_length(head: bytes) -> int:
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value.strip())
    return 0


def _canned(status: str, body: bytes, ctype: str, extra: str = "") -> bytes:
    return (
        f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n"
        f"{extra}Connection: close\r\n\r\n"
    ).encode() + body


class FaultProxy:
    def __init__(self, upstream: str, *, stall: float = 2.0) -> None:
        hostport = upstream.split("://", 1)[-1].rstrip("/")
        host, _, port = hostport.rpartition(":")
        assert host in ("127.0.0.1", "localhost"), "loopback upstreams only"
        self.upstream = ("127.0.0.1", int(port))
        self.stall = stall
        self.log: list[Logged] = []
        self._lock = threading.Lock()
        self._scripts: list[tuple[str, deque[Fault]]] = []
        self._plan: Plan | None = None
        self._count = 0
        self._stop = threading.Event()
        self._conns: set[socket.socket] = set()
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self._listener.settimeout(0.2)
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._threads: list[threading.Thread] = []
        self._acceptor = threading.Thread(target=self._accept, name="fault-proxy", daemon=True)
        self._acceptor.start()

    # -- the plan ---------------------------------------------------------------------------------
    def script(self, prefix: str, *faults: Fault) -> None:
        with self._lock:
            self._scripts.append((prefix, deque(faults)))

    def set_plan(self, plan: Plan | None) -> None:
        with self._lock:
            self._plan = plan

    def clear(self) -> None:
        with self._lock:
            self._scripts.clear()
            self._plan = None

    def _choose(self, method: str, path: str) -> Fault:
        with self._lock:
            index = self._count
            self._count += 1
            for prefix, queue in self._scripts:
                if path.startswith(prefix) and queue:
                    return queue.popleft()
            plan = self._plan
        if plan is not None:
            return plan(index, method, path) or Fault.PASS
        return Fault.PASS

    def faults_seen(self, fault: Fault) -> list[Logged]:
        return [entry for entry in self.log if entry.fault is fault]

    # -- serving ----------------------------------------------------------------------------------
    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _addr = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(IO_TIMEOUT)
            with self._lock:
                self._conns.add(conn)
                self._threads = [t for t in self._threads if t.is_alive()]
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            self._handle(conn)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                conn.close()
            with self._lock:
                self._conns.discard(conn)

    def _handle(self, conn: socket.socket) -> None:
        got = _read_head(conn)
        if got is None:
            return
        head, body = got
        length = _content_length(head)
        if length > MAX_REQUEST:
            return
        while len(body) < length:
            chunk = conn.recv(65536)
            if not chunk:
                return
            body += chunk
        request_line = head.split(b"\r\n", 1)[0].decode("latin-1")
        method, path, _ = [*request_line.split(" "), "", ""][:3]
        fault = self._choose(method, path)
        self.log.append(Logged(time.monotonic(), method, path, fault))

        if fault is Fault.RESET_BEFORE:
            _reset(conn)
            return
        if fault is Fault.ERROR_500:
            conn.sendall(
                _canned(
                    "500 Internal Server Error",
                    b'{"error": "internal_error", "message": "injected fault"}',
                    "application/json",
                )
            )
            return
        if fault is Fault.BUSY_503:
            conn.sendall(
                _canned(
                    "503 Service Unavailable",
                    b'{"error": "busy", "message": "injected: busy"}',
                    "application/json",
                    "Retry-After: 1\r\n",
                )
            )
            return
        if fault is Fault.GARBAGE:
            conn.sendall(_canned("200 OK", b"<html>not a portal at all</html>", "text/html"))
            return

        answer = self._forward(head, body)
        if fault is Fault.RESET_AFTER:
            _reset(conn)
            return
        if fault in (Fault.TRUNCATE, Fault.STALL):
            rhead, _, rbody = answer.partition(b"\r\n\r\n")
            conn.sendall(rhead + b"\r\n\r\n" + rbody[: len(rbody) // 2])
            if fault is Fault.STALL:
                self._stop.wait(self.stall)
            return
        conn.sendall(answer)

    def _forward(self, head: bytes, body: bytes) -> bytes:
        lines = [
            line
            for line in head.split(b"\r\n")
            if line.split(b":", 1)[0].strip().lower() not in (b"connection", b"keep-alive")
        ]
        lines.append(b"Connection: close")
        with socket.create_connection(self.upstream, timeout=IO_TIMEOUT) as up:
            up.sendall(b"\r\n".join(lines) + b"\r\n\r\n" + body)
            chunks: list[bytes] = []
            total = 0
            while True:
                chunk = up.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
                total += len(chunk)
                if total > MAX_RESPONSE:
                    break
        return b"".join(chunks)

    def stop(self) -> None:
        self._stop.set()
        with contextlib.suppress(OSError):
            self._listener.close()
        self._acceptor.join(5)
        with self._lock:
            conns = list(self._conns)
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.close()
        for thread in list(self._threads):
            thread.join(5)

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()
