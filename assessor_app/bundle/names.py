"""Zip entry names: which are safe to become files, and how to show them in one line.

Entry names are chosen by whoever built the archive, so they are checked before anything else
and never printed raw: :func:`show` escapes and truncates them so a name cannot forge terminal
output (escape sequences, line breaks, right-to-left overrides) or flood a message.
"""

from __future__ import annotations

import re
import unicodedata

# Device names Windows opens instead of a file, whatever the extension ("nul.txt" too).
_WINDOWS_DEVICES = frozenset(
    ["con", "prn", "aux", "nul", "conin$", "conout$"]
    + [f"com{c}" for c in "123456789¹²³"]
    + [f"lpt{c}" for c in "123456789¹²³"]
)
_WINDOWS_FORBIDDEN = frozenset('<>"|?*')
# Cc: controls (NUL, ESC, C1 controls); Cf: invisible format characters (bidi overrides,
# zero-width joiners); Zl/Zp: line and paragraph separators; Cs: lone surrogates.
_BAD_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
_DRIVE = re.compile(r"[A-Za-z]:")

# The one entry besides manifest.json that the manifest does not list: the portal's signature
# of manifest.json (base64 text, see :mod:`assessor_app.bundle.signature`).
SIGNATURE_NAME = "manifest.sig"
MAX_SIGNATURE_BYTES = 1024


def show(name: str, cap: int = 100) -> str:
    """``name`` quoted, ASCII-only (everything else escaped) and at most about ``cap`` chars."""
    text = ascii(name)
    if len(text) > cap:
        text = text[: max(cap - 3, 8)] + "..."
    return text


def one_line(text: str, cap: int = 200) -> str:
    """Any message (e.g. from the stdlib, which may quote entry names) as one safe line."""
    safe = text.encode("ascii", "backslashreplace").decode("ascii")
    safe = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in safe)
    if len(safe) > cap:
        safe = safe[: cap - 3] + "..."
    return safe


def name_problem(name: str, max_chars: int = 512) -> str | None:
    """Why the zip entry ``name`` must not be extracted, or None when it is a safe relative path.

    A trailing ``/`` marks a directory entry and is allowed.
    """
    if not name:
        return "has an empty name"
    if len(name) > max_chars:
        return f"has a name longer than {max_chars} characters"
    if "\x00" in name:
        return "contains a NUL character"
    for ch in name:
        if unicodedata.category(ch) in _BAD_CATEGORIES:
            return f"contains the control or invisible character U+{ord(ch):04X}"
    if name.startswith(("\\\\", "//")):
        return "is a UNC (network) path"
    if _DRIVE.match(name):
        return "starts with a drive letter"
    if name.startswith("/"):
        return "is an absolute path"
    if "\\" in name:
        return "contains a backslash"
    if ":" in name:
        return "contains ':' (a drive or an NTFS alternate data stream)"
    if any(ch in _WINDOWS_FORBIDDEN for ch in name):
        return "contains a character Windows forbids in file names"
    body = name[:-1] if name.endswith("/") else name
    for segment in body.split("/"):
        if segment == "":
            return "has an empty path segment"
        if segment == "..":
            return "climbs out of the bundle with '..'"
        if segment == ".":
            return "has a '.' path segment"
        if segment.endswith((".", " ")):
            return "has a path segment ending in a dot or a space"
        stem = segment.split(".", 1)[0].rstrip(" ").casefold()
        if stem in _WINDOWS_DEVICES:
            return f"uses the Windows device name {show(stem.upper())}"
    return None


def collision_key(name: str) -> str:
    """Names with equal keys name the same file on some file system (case-insensitive, or
    normalising Unicode as macOS does), so a bundle may hold at most one of them."""
    key = unicodedata.normalize("NFKC", name)
    key = unicodedata.normalize("NFKC", key.casefold())
    return key.rstrip("/")


def parent_dirs(name: str) -> list[str]:
    """``a/b/c.pdf`` -> ``["a", "a/b"]``."""
    segments = name.rstrip("/").split("/")
    return ["/".join(segments[:i]) for i in range(1, len(segments))]
