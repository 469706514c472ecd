"""Asking libVLC what its video output is rendering, without blocking the GUI thread.

libVLC 3 serves a snapshot request the next time its video output renders a picture: when a
new picture arrives, or when a paused output re-renders its picture (every 80 ms). With no
picture to render it gives up after half a second, and with no video output at all it refuses
at once (-1). A 16 x 12 snapshot costs next to nothing, so it is both a "something was
rendered" signal and, by its pixels, a way to tell a new picture from the old one.

The thumbnail goes to a private temporary directory, is read back at once and is deleted
with the probe.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal

from assessor_app.ui.tasks import run_in_background

log = logging.getLogger(__name__)

SNAPSHOT_TIMEOUT_S = 0.5  # libVLC 3 gives up on a snapshot after this long
THUMBNAIL_SIZE = (16, 12)


@dataclass(frozen=True)
class ProbeAnswer:
    code: int  # libVLC's: 0 asked, -1 no video output
    seconds: float  # how long libVLC took to answer
    thumbnail: bytes | None  # the PNG it wrote, when it wrote one

    @property
    def has_output(self) -> bool:
        return self.code == 0

    @property
    def rendered(self) -> bool:
        """A picture was rendered within libVLC's time limit."""
        return self.code == 0 and self.seconds < SNAPSHOT_TIMEOUT_S * 0.9 and bool(self.thumbnail)


class RenderProbe(QObject):
    """Snapshots on one worker thread; ``answered(token, ProbeAnswer)`` on the GUI thread."""

    answered = Signal(int, object)

    def __init__(self, player: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._player = player
        self._pool = QThreadPool(self)  # a snapshot blocks for up to half a second
        self._pool.setMaxThreadCount(1)
        self._dir = Path(tempfile.mkdtemp(prefix="assessor-vlc-probe-"))
        self._tokens = 0

    def ask(self) -> int:
        """Request a snapshot; returns the token its answer will carry."""
        self._tokens += 1
        token = self._tokens
        player = self._player
        path = self._dir / "probe.png"
        width, height = THUMBNAIL_SIZE

        def snapshot() -> ProbeAnswer:
            if player is None:
                return ProbeAnswer(-1, 0.0, None)
            path.unlink(missing_ok=True)
            started = time.monotonic()
            code = int(player.video_take_snapshot(0, str(path), width, height))
            seconds = time.monotonic() - started
            thumbnail = path.read_bytes() if code == 0 and path.exists() else None
            return ProbeAnswer(code, seconds, thumbnail)

        run_in_background(
            snapshot,
            lambda answer: self.answered.emit(token, answer),
            lambda message: self._failed(token, message),
            pool=self._pool,
        )
        return token

    def _failed(self, token: int, message: str) -> None:
        log.error("snapshot probe failed: %s", message)
        self.answered.emit(token, ProbeAnswer(-1, SNAPSHOT_TIMEOUT_S, None))

    def close(self) -> None:
        """Wait for a snapshot in progress (at most half a second) and delete the files."""
        self._pool.waitForDone(2000)
        self._player = None
        shutil.rmtree(self._dir, ignore_errors=True)
