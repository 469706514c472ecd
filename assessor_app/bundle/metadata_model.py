"""What the metadata inspector finds and what the stripper removed: plain values, no I/O.

:mod:`assessor_app.bundle.metadata` is the entry point; this module only holds the types it
returns, so the format readers beside it can share them without importing each other.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from assessor_app.domain.model import ArtifactKind
from assessor_app.errors import BundleError

MAX_VALUE_CHARS = 200
"""A finding's value is cut to this many characters: enough to recognise a name."""


class MetadataError(BundleError):
    """An artifact is damaged or locked, so its metadata cannot be read or removed.

    The message names what is wrong with the file (never a metadata value); the caller adds
    which artifact it was.
    """


def clean_value(raw: str, cap: int = MAX_VALUE_CHARS) -> str:
    """A metadata value as one printable line of at most ``cap`` characters."""
    text = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs") else ch for ch in raw
    )
    text = " ".join(text.split())
    if len(text) > cap:
        text = text[: cap - 1] + "…"
    return text


@dataclass(frozen=True)
class MetadataFinding:
    """One piece of document metadata found in a file.

    ``field`` says where it sits ("PDF author", "EXIF Artist", "XMP dc:creator", ...);
    ``value`` is the text found, cleaned and shortened ("" when it is not text, e.g. a GPS
    position or a whole XMP packet); ``names_person`` is True for fields that normally hold
    a person's name (author, artist, creator, copyright holder, camera owner), the ones the
    workstation warns about.
    """

    field: str
    value: str = ""
    names_person: bool = False


@dataclass(frozen=True)
class StripReport:
    """What :func:`assessor_app.bundle.metadata.strip` did to one file.

    ``removed`` names the fields or blocks taken out (empty: the file was left byte for byte
    as it was); ``note`` says what was deliberately left alone (e.g. container tags of a
    video, or an image format the stripper does not handle).
    """

    kind: ArtifactKind
    removed: tuple[str, ...] = ()
    note: str = ""
    bytes_before: int = 0
    bytes_after: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.removed)

    def describe(self) -> str:
        """One line for a person: "removed PDF author, XMP metadata" or why nothing was."""
        parts: list[str] = []
        if self.removed:
            parts.append("removed " + ", ".join(self.removed))
        if self.note:
            parts.append(self.note)
        return "; ".join(parts) if parts else "no identifying metadata found"


def person_names(findings: tuple[MetadataFinding, ...] | list[MetadataFinding]) -> list[str]:
    """The distinct non-empty values of the findings that name a person, in order found."""
    seen: dict[str, None] = {}
    for finding in findings:
        if finding.names_person and finding.value:
            seen.setdefault(finding.value, None)
    return list(seen)
