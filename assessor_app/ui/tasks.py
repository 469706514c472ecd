"""Background work with results delivered on the GUI thread.

``run_in_background(fn, on_done, on_error)`` runs ``fn`` on Qt's global thread pool. The worker
catches every exception and always reports back: the result goes to ``on_done``, an expected
:class:`AssessorError` or ``OSError`` to ``on_error`` as a one-line message, and anything else
to ``on_error`` with its type named (and the traceback logged) so that a failing worker is never
silent. Callbacks run on the GUI thread because the signal's receiver lives there.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from assessor_app.errors import AssessorError

log = logging.getLogger(__name__)


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(str)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay

    @Slot()
    def run(self) -> None:
        try:
            result = self._fn()
        except AssessorError as exc:
            self._relay.failed.emit(str(exc))
        except OSError as exc:
            self._relay.failed.emit(exc.strerror or str(exc))
        except Exception as exc:
            log.exception("background task failed")
            self._relay.failed.emit(f"Unexpected {type(exc).__name__}: {exc}")
        else:
            self._relay.done.emit(result)


_live: set[_Relay] = set()


def run_in_background(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[str], None],
    *,
    pool: QThreadPool | None = None,
) -> None:
    relay = _Relay()  # created on the calling (GUI) thread, so its slots run there
    _live.add(relay)

    def finish_ok(result: object) -> None:
        _live.discard(relay)
        on_done(result)

    def finish_error(message: str) -> None:
        _live.discard(relay)
        on_error(message)

    relay.done.connect(finish_ok)
    relay.failed.connect(finish_error)
    (pool or QThreadPool.globalInstance()).start(_Task(fn, relay))
