"""The app's log file, and the filter that keeps candidate content and identity out of it.

:func:`configure_logging` writes to ``assessor-app.log`` in the per-user log folder
(platformdirs; ``~/.local/state/assessor-workstation/log`` on Linux), rotated at 1 MB with five
old files kept. Both the desktop app and the command line call it at start. No Qt here.

What may be in the log: opaque submission codes, credential ids, counts, states, error types
and the app's own messages. What must never be: narrative text, feedback, file names from
bundles, author or other metadata of a submission. :class:`PrivacyFilter` sits on the file
handler and rewrites every record before it is written:

- texts the app registered as sensitive (:func:`protect`, :func:`protect_submission`: the
  narratives, artifact paths and titles, evidence explanations and notes, manifest metadata,
  and feedback as it is written) are replaced wherever they, or a sentence or line of them,
  appear;
- whatever was not registered is caught by shape: SQLAlchemy's ``[parameters: ...]`` (the
  bound values of a failed statement, feedback included), quoted strings of 40 characters or
  more, paths inside a workspace's ``bundles`` folder, names of document and media files, and
  e-mail addresses.

Exceptions are formatted and filtered like messages, so a traceback that carries a value in
its message is cleaned too.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assessor_app.domain.model import Manifest

APP_DIR_NAME = "assessor-workstation"
LOG_FILE = "assessor-app.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(threadName)s] %(message)s"

REMOVED = "[removed]"
MIN_FRAGMENT = 12  # shorter pieces of prose are not matched on their own (common words)
MIN_METADATA = 3  # metadata values (names, e-mails, ids of people) are matched from 3 chars

_SPLIT = re.compile(r"(?<=[.!?;:])\s+|\n+")
_SQL_PARAMETERS = re.compile(r"\[parameters: .*?(?=\n\(Background on this error|\Z)", re.DOTALL)
_LONG_QUOTED = re.compile(r"'[^'\n]{40,}'|\"[^\"\n]{40,}\"")
_BUNDLE_PATH = re.compile(r"(bundles[/\\][^/\\\s'\"]+)[/\\][^\s'\",)]+")
_TOKEN = re.compile(r"[^\s/\\'\"()\[\],;]+")
_DOCUMENT_SUFFIX = re.compile(
    r"\.(?:pdf|docx?|pptx?|xlsx?|odt|ods|odp|rtf|txt|md|html?|csv|"
    r"mp4|m4v|webm|mkv|mov|avi|mpe?g|mp3|wav|m4a|aac|ogg|oga|opus|flac|"
    r"png|jpe?g|gif|bmp|tiff?|heic|webp|svg|zip)\.?$",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+")


def _file_name_removed(match: re.Match[str]) -> str:
    token = match.group()
    return "[file name removed]" if _DOCUMENT_SUFFIX.search(token) else token


class PrivacyFilter(logging.Filter):
    """Rewrites each record so that no registered or content-shaped text reaches the file."""

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._fragments: set[str] = set()
        self._ordered: list[str] = []  # longest first, so a sentence goes before its words
        self._formatter = logging.Formatter()

    # -- what to protect ---------------------------------------------------------------------
    def protect(self, texts: Iterable[str], *, min_length: int = MIN_FRAGMENT) -> None:
        """Never write these texts, nor any sentence or line of them that is at least
        ``min_length`` characters long."""
        added = False
        with self._lock:
            for text in texts:
                if not isinstance(text, str):
                    continue
                pieces = [text.strip(), *(p.strip() for p in _SPLIT.split(text))]
                for piece in pieces:
                    if len(piece) >= min_length and piece not in self._fragments:
                        self._fragments.add(piece)
                        added = True
            if added:
                self._ordered = sorted(self._fragments, key=len, reverse=True)

    def forget_all(self) -> None:
        with self._lock:
            self._fragments.clear()
            self._ordered = []

    # -- cleaning ----------------------------------------------------------------------------
    def scrub(self, text: str) -> str:
        with self._lock:
            ordered = self._ordered
        for fragment in ordered:
            if fragment in text:
                text = text.replace(fragment, REMOVED)
        text = _SQL_PARAMETERS.sub("[parameters removed]", text)
        text = _BUNDLE_PATH.sub(rf"\1/{REMOVED}", text)
        text = _TOKEN.sub(_file_name_removed, text)
        text = _LONG_QUOTED.sub(f"'{REMOVED}'", text)
        return _EMAIL.sub("[e-mail removed]", text) if "@" in text else text

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed record still gets written, cleaned
            message = f"{record.msg!s} {record.args!r}"
        record.msg = self.scrub(message)
        record.args = None
        if record.exc_info:
            record.exc_text = self._formatter.formatException(record.exc_info)
            record.exc_info = None
        if record.exc_text:
            record.exc_text = self.scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = self.scrub(record.stack_info)
        return True


PRIVACY = PrivacyFilter()


def protect(texts: Iterable[str], *, min_length: int = MIN_FRAGMENT) -> None:
    """Register texts that must never be written to the log (see :class:`PrivacyFilter`)."""
    PRIVACY.protect(texts, min_length=min_length)


def _strings_in(value: object) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings_in(key)
            yield from _strings_in(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings_in(item)


def protect_submission(manifest: Manifest) -> None:
    """Register what a submission's bundle holds about the candidate and their work."""
    prose: list[str] = []
    for part in manifest.narratives:
        prose.extend(section.text for section in part.sections)
    for artifact in manifest.artifacts:
        prose.append(artifact.title)
        path = artifact.path
        prose.extend((path, path.rsplit("/", 1)[-1]))
    for evidence in manifest.evidence:
        prose.append(evidence.explanation)
        prose.extend(c.note for c in evidence.citations)
    PRIVACY.protect(prose)
    # Metadata (author, names, e-mails): short values count too.
    names = [s for s in _strings_in(manifest.extra) if len(s.strip()) >= MIN_METADATA]
    PRIVACY.protect(names, min_length=MIN_METADATA)
    PRIVACY.protect(
        (a.path.rsplit("/", 1)[-1] for a in manifest.artifacts), min_length=MIN_METADATA
    )


def log_dir() -> Path:
    """The per-user folder of the log files."""
    from platformdirs import user_log_path

    return user_log_path(APP_DIR_NAME, appauthor=False)


_handler: logging.Handler | None = None


def configure_logging(folder: Path | None = None, *, level: int = logging.INFO) -> Path | None:
    """Send the app's log records to the rotating, filtered file in ``folder`` (default
    :func:`log_dir`) and return the file's path; None when the folder cannot be written (the
    app then runs without a log file rather than not at all). Calling it again replaces the
    handler made before."""
    import logging.handlers  # socket, pickle, queue: not needed before a log file is opened

    global _handler
    folder = log_dir() if folder is None else folder
    path = folder / LOG_FILE
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
        )
    except OSError as exc:
        logging.getLogger(__name__).warning("no log file in %s: %s", folder, exc)
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(PRIVACY)
    handler.setLevel(level)
    root = logging.getLogger()
    if _handler is not None:
        root.removeHandler(_handler)
        _handler.close()
    _handler = handler
    root.addHandler(handler)
    if root.level > level or root.level == logging.NOTSET:
        root.setLevel(level)
    # Request lines of the HTTP stack name URLs only, but say nothing a person needs.
    for noisy in ("httpx", "httpcore", "multipart", "PIL"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return path


def shutdown_logging() -> None:
    """Detach and close the file handler (tests; the app lets the interpreter do it)."""
    global _handler
    if _handler is not None:
        logging.getLogger().removeHandler(_handler)
        _handler.close()
        _handler = None


def current_log_file() -> Path | None:
    handler = _handler
    if isinstance(handler, logging.FileHandler):
        return Path(handler.baseFilename)
    return None
