"""How much a bundle may hold before the reader refuses it.

Every limit is checked against the zip's central directory *before* any entry is opened, and
again while the bytes stream (the reader never trusts a header's size). A bundle over any limit
is rejected whole with :class:`~assessor_app.errors.HostileBundleError` (the manifest's own cap
gives :class:`~assessor_app.errors.ManifestError`).
"""

from __future__ import annotations

from dataclasses import dataclass

KiB = 1024
MiB = 1024 * KiB
GiB = 1024 * MiB


@dataclass(frozen=True)
class Limits:
    max_entries: int = 2_000
    """Entries in the zip, manifest and directory entries included."""

    max_file_bytes: int = 2 * GiB
    """Uncompressed size of any one entry."""

    max_total_bytes: int = 8 * GiB
    """Uncompressed size of all entries together."""

    max_compression_ratio: float = 200.0
    """Uncompressed / compressed size, checked for entries of at least ``ratio_min_bytes``."""

    ratio_min_bytes: int = 1 * MiB
    """Entries smaller than this may compress as well as they like (a page of repeated text
    compresses ~1000:1 and costs nothing to unpack)."""

    max_manifest_bytes: int = 8 * MiB
    """Uncompressed size of manifest.json."""

    max_central_directory_bytes: int = 4 * MiB
    """Size of the zip's central directory, checked before the stdlib parses it (a huge
    directory would otherwise cost memory before the entry count could be checked)."""

    max_name_chars: int = 512
    """Length of an entry name."""

    max_json_depth: int = 32
    """Nesting of arrays and objects in manifest.json (format version 1 needs 6)."""

    def __post_init__(self) -> None:
        for name in (
            "max_entries",
            "max_file_bytes",
            "max_total_bytes",
            "ratio_min_bytes",
            "max_manifest_bytes",
            "max_central_directory_bytes",
            "max_name_chars",
            "max_json_depth",
        ):
            if int(getattr(self, name)) < 0:
                raise ValueError(f"Limits.{name} must not be negative")
        if self.max_compression_ratio < 1:
            raise ValueError("Limits.max_compression_ratio must be at least 1")


DEFAULT_LIMITS = Limits()
