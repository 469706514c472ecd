"""A tiny bundle server on 127.0.0.1 for the download tests, with scripted misbehaviour.

It serves ``GET /api/v1/bundles/<id>`` like the portal (ranges with ``If-Range``, a strong
ETag), and each request can instead follow a *behaviour* taken from a queue:

- ``Normal()``: ranges honoured when ``If-Range`` matches the ETag, else the whole body;
- ``IgnoreRange()``: always ``200`` with the whole body;
- ``WrongStart(shift)``: a ``206`` that starts ``shift`` bytes before the requested offset;
- ``Truncate(n)``: the right headers (full Content-Length), then only ``n`` body bytes and close;
- ``Stall(n, seconds)``: ``n`` body bytes, then nothing for ``seconds``, then close;
- ``Status(code, retry_after)``: an error answer (e.g. 503 with ``Retry-After``);
- ``NewEtag()``: the bundle's ETag changes from this request on (as if republished).

Every request is logged (Range, If-Range, status, body bytes actually sent). The server runs in
a thread, stops by itself at the end of the ``with`` block, and never waits longer than asked.
"""

from __future__ import annotations

import hashlib
import threading
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

PREFIX = "/api/v1/bundles/"


@dataclass(frozen=True)
class Normal:
    pass


@dataclass(frozen=True)
class IgnoreRange:
    pass


@dataclass(frozen=True)
class WrongStart:
    shift: int = 10


@dataclass(frozen=True)
class Truncate:
    after: int


@dataclass(frozen=True)
class Stall:
    after: int
    seconds: float


@dataclass(frozen=True)
class Status:
    code: int
    retry_after: str | None = None


@dataclass(frozen=True)
class NewEtag:
    pass


Behaviour = Normal | IgnoreRange | WrongStart | Truncate | Stall | Status | NewEtag


@dataclass
class Logged:
    path: str
    range: str | None
    if_range: str | None
    authorization: str | None
    status: int
    sent: int  # body bytes written


@dataclass
class BundleServer:
    bundles: dict[str, bytes]
    behaviours: deque[Behaviour] = field(default_factory=deque)
    log: list[Logged] = field(default_factory=list)
    etag_generation: int = 0

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def script(self, *behaviours: Behaviour) -> None:
        with self._lock:
            self.behaviours.extend(behaviours)

    def etag(self, submission_id: str) -> str:
        sha = hashlib.sha256(self.bundles[submission_id]).hexdigest()
        return f'"{sha}"' if self.etag_generation == 0 else f'"{sha}-g{self.etag_generation}"'

    def body_bytes(self) -> int:
        return sum(entry.sent for entry in self.log)

    def __enter__(self) -> BundleServer:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def _next(self) -> Behaviour:
        with self._lock:
            while self.behaviours:
                behaviour = self.behaviours.popleft()
                if isinstance(behaviour, NewEtag):
                    self.etag_generation += 1
                    continue
                return behaviour
            return Normal()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def _record(self, status: int, sent: int) -> None:
                server.log.append(
                    Logged(
                        self.path,
                        self.headers.get("Range"),
                        self.headers.get("If-Range"),
                        self.headers.get("Authorization"),
                        status,
                        sent,
                    )
                )

            def _simple(self, code: int, headers: dict[str, str] | None = None) -> None:
                body = b'{"error": "x", "message": "scripted"}'
                self.send_response(code)
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(body)
                self._record(code, 0)

            def do_GET(self) -> None:
                self.close_connection = True
                if not self.path.startswith(PREFIX):
                    self._simple(404)
                    return
                submission_id = unquote(self.path[len(PREFIX) :])
                data = server.bundles.get(submission_id)
                if data is None:
                    self._simple(404)
                    return
                behaviour = server._next()
                if isinstance(behaviour, Status):
                    extra = {"Retry-After": behaviour.retry_after} if behaviour.retry_after else {}
                    self._simple(behaviour.code, extra)
                    return
                etag = server.etag(submission_id)
                size = len(data)
                start = 0
                status = 200
                range_header = self.headers.get("Range")
                if_range = self.headers.get("If-Range")
                if (
                    range_header
                    and range_header.startswith("bytes=")
                    and range_header.endswith("-")
                    and not isinstance(behaviour, IgnoreRange)
                    and (if_range is None or if_range == etag)
                ):
                    start = int(range_header[len("bytes=") : -1])
                    if start >= size:
                        self._simple(416, {"Content-Range": f"bytes */{size}"})
                        return
                    status = 206
                content_start = start
                if status == 206 and isinstance(behaviour, WrongStart):
                    content_start = max(0, start - behaviour.shift)
                body = data[content_start:]
                self.send_response(status)
                self.send_header("Content-Type", "application/zip")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Accept-Ranges", "bytes")
                self.send_header("ETag", etag)
                self.send_header("Connection", "close")
                if status == 206:
                    self.send_header("Content-Range", f"bytes {content_start}-{size - 1}/{size}")
                self.end_headers()
                limit = len(body)
                if isinstance(behaviour, Truncate | Stall):
                    limit = min(limit, behaviour.after)
                sent = 0
                try:
                    view = memoryview(body)[:limit]
                    for i in range(0, len(view), 4096):
                        self.wfile.write(view[i : i + 4096])
                        sent += len(view[i : i + 4096])
                    self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    pass
                self._record(status, sent)
                if isinstance(behaviour, Stall):
                    server._stop.wait(behaviour.seconds)

        return Handler
