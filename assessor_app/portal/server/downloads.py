"""Bundle downloads: which bytes to send for a GET or HEAD, with ``Range`` and ``If-Range``.

Only single ranges are served (``bytes=N-``, ``bytes=N-M``, ``bytes=-K``); a header that is not
one of these is ignored and the whole bundle is sent, as RFC 9110 allows. ``If-Range`` must be
the strong ETag, compared byte for byte; anything else (another ETag, a weak one, a date)
sends the whole bundle with 200, which tells the client to restart from zero. A range that
starts at or past the end answers 416 with ``Content-Range: bytes */<size>``. HEAD and other
methods ignore ``Range`` (RFC 9110 defines ranges for GET only).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

_RANGE = re.compile(r"bytes=(\d{0,19})-(\d{0,19})")
_CHUNK = 256 * 1024


@dataclass(frozen=True)
class Plan:
    status: int  # 200, 206 or 416
    start: int
    end: int  # inclusive; start > end for an empty body

    @property
    def length(self) -> int:
        return max(self.end - self.start + 1, 0)


def etag_of(sha256: str) -> str:
    return f'"{sha256}"'


def plan_download(
    method: str, size: int, etag: str, range_header: str | None, if_range: str | None
) -> Plan:
    whole = Plan(200, 0, size - 1)
    if method != "GET" or range_header is None:
        return whole
    match = _RANGE.fullmatch(range_header.strip())
    if match is None or match.group(1) == match.group(2) == "":
        return whole  # not a single byte range: ignored
    if if_range is not None and if_range.strip() != etag:
        return whole
    first, last = match.group(1), match.group(2)
    if first == "":  # the last K bytes
        suffix = int(last)
        if suffix == 0:
            return Plan(416, 0, -1)
        return Plan(206, max(size - suffix, 0), size - 1)
    start = int(first)
    end = size - 1 if last == "" else min(int(last), size - 1)
    if last != "" and int(last) < start:
        return whole  # an invalid range is ignored
    if start >= size:
        return Plan(416, 0, -1)
    return Plan(206, start, end)


def file_chunks(path: Path, start: int, length: int) -> Iterator[bytes]:
    """``length`` bytes of ``path`` from ``start``, in chunks."""
    with path.open("rb") as fh:
        fh.seek(start)
        left = length
        while left > 0:
            chunk = fh.read(min(_CHUNK, left))
            if not chunk:
                return
            left -= len(chunk)
            yield chunk
