"""Every hostile archive the reader must refuse, each built byte by byte.

Each case is rejected by verify_bundle and extract_bundle with HostileBundleError, leaves the
extraction parent as it was and writes nothing anywhere else (see ``assert_rejected``).
"""

from __future__ import annotations

import stat
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from support.bundle_cases import assert_rejected, good_entries, pdf_bytes, plus
from support.rawzip import (
    DIRECTORY,
    SYMLINK,
    RawEntry,
    assemble,
    build_zip,
    central_record,
    end_record,
    local_record,
    replace,
)

from assessor_app.bundle.limits import GiB, Limits, MiB
from assessor_app.bundle.names import collision_key, name_problem, show
from assessor_app.errors import HostileBundleError

A1 = "artifacts/a1.pdf"


def named(name: str | bytes, data: bytes = b"evil") -> Callable[[], bytes]:
    return lambda: plus(RawEntry(name, data))


def altered(**changes: object) -> Callable[[], bytes]:
    """The good bundle with the listed artifact's entry changed."""
    return lambda: build_zip(replace(good_entries(), A1, **changes))


def mode(file_type: int) -> int:
    return (file_type | 0o644) << 16


def overlapping() -> bytes:
    """Entry B's local record lies inside entry A's stored data: B's bytes are read twice."""
    inner = RawEntry("artifacts/b.bin", b"B" * 64)
    inner_record = local_record(inner)
    outer_data = b"prefix" + inner_record + b"suffix"
    outer = RawEntry("artifacts/a.bin", outer_data)
    body = b""
    placed = []
    for e in good_entries():
        placed.append((e, len(body)))
        body += local_record(e)
    outer_at = len(body)
    body += local_record(outer)
    inner_at = outer_at + 30 + len(outer.name_bytes()) + len(b"prefix")
    placed += [(outer, outer_at), (inner, inner_at)]
    return assemble(body, placed)


def aliased_header() -> bytes:
    """Two directory entries pointing at one local header (the classic overlap bomb)."""
    entries = good_entries()
    body = b""
    placed = []
    for e in entries:
        placed.append((e, len(body)))
        body += local_record(e)
    pdf_at = next(offset for e, offset in placed if e.name == A1)
    twin = RawEntry("artifacts/twin.pdf", pdf_bytes())
    return assemble(body, [*placed, (twin, pdf_at)])


def into_central_directory() -> bytes:
    """The last entry's declared compressed size runs on into the central directory."""
    entries = good_entries()
    body = b""
    central = b""
    for e in entries:
        if e.name == A1:
            payload = zlib.compressobj(6, zlib.DEFLATED, -15)
            packed = payload.compress(e.data) + payload.flush()
            e = RawEntry(A1, e.data, method=8, payload=packed, compress_size=len(packed) + 40)
        central += central_record(e, len(body))
        record = local_record(e)
        body += record
    return body + central + end_record(len(entries), len(central), len(body))


def many_entries() -> bytes:
    extra = [RawEntry(f"artifacts/f{i}.bin") for i in range(1999)]
    return build_zip([*good_entries(), *extra])


def declared_huge(n: int, size: int) -> Callable[[], bytes]:
    def build() -> bytes:
        extra = [
            RawEntry(f"artifacts/big{i}.bin", b"", method=8, file_size=size, crc=0)
            for i in range(n)
        ]
        return build_zip([*good_entries(), *extra])

    return build


def real_bomb() -> bytes:
    return plus(RawEntry("artifacts/zeros.bin", bytes(4 * MiB), method=8))


NO_RATIO = Limits(max_compression_ratio=1e15)

CASES: list[tuple[str, Callable[[], bytes], Limits | None, str]] = [
    # path traversal and absolute paths
    ("zip-slip", named("../evil.txt"), None, "'..'"),
    ("zip-slip-nested", named("artifacts/../../evil.txt"), None, "'..'"),
    ("zip-slip-deep", named("../../../../../../../../tmp/evil.txt"), None, "'..'"),
    ("zip-slip-listed-prefix", named("artifacts/../manifest.json"), None, "'..'"),
    ("absolute", named("/tmp/evil.txt"), None, "absolute"),
    ("drive-letter", named("C:/evil.txt"), None, "drive"),
    ("drive-relative", named("c:evil.txt"), None, "drive"),
    ("unc-backslash", named("\\\\server\\share\\evil.txt"), None, "UNC"),
    ("unc-forward", named("//server/share/evil.txt"), None, "UNC"),
    ("backslash", named("artifacts\\evil.txt"), None, "backslash"),
    ("backslash-slip", named("..\\..\\evil.txt"), None, "backslash"),
    # control and invisible characters
    ("nul-truncation", altered(name="artifacts/a1.pdf\x00.exe"), None, "NUL"),
    ("nul-raw-bytes", named(b"artifacts/x\x00y.pdf"), None, "NUL"),
    ("escape-sequence", named("artifacts/\x1b[2J\x1b[31mevil.pdf"), None, "U+001B"),
    ("newline", named("artifacts/a\nbundle OK.pdf"), None, "U+000A"),
    ("carriage-return", named("artifacts/a\r.pdf"), None, "U+000D"),
    ("tab", named("artifacts/a\t.pdf"), None, "U+0009"),
    ("delete", named("artifacts/a\x7f.pdf"), None, "U+007F"),
    ("c1-csi", named("artifacts/a\x9b31m.pdf"), None, "U+009B"),
    ("bidi-override", named("artifacts/evil\u202efdp.exe"), None, "U+202E"),
    ("zero-width", named("artifacts/a1\u200b.pdf"), None, "U+200B"),
    ("line-separator", named("artifacts/a\u2028.pdf"), None, "U+2028"),
    # Windows device names, with and without extension
    ("reserved-con", named("CON"), None, "'CON'"),
    ("reserved-con-ext", named("artifacts/con.pdf"), None, "'CON'"),
    ("reserved-prn", named("prn"), None, "'PRN'"),
    ("reserved-aux-ext", named("AUX.txt"), None, "'AUX'"),
    ("reserved-nul-dir", named("nul/x.pdf"), None, "'NUL'"),
    ("reserved-com1", named("COM1"), None, "'COM1'"),
    ("reserved-com9-ext", named("artifacts/com9.log"), None, "'COM9'"),
    ("reserved-lpt1", named("LPT1"), None, "'LPT1'"),
    ("reserved-lpt9-double-ext", named("artifacts/Lpt9.tar.gz"), None, "'LPT9'"),
    ("reserved-stem-space", named("artifacts/CON .pdf"), None, "'CON'"),
    ("reserved-superscript", named("artifacts/COM\u00b9.pdf"), None, "device name"),
    ("reserved-conin", named("CONIN$"), None, "device name"),
    # names Windows alters or refuses
    ("trailing-dot", named("artifacts/a2.pdf."), None, "dot or a space"),
    ("trailing-space", named("artifacts/a2.pdf "), None, "dot or a space"),
    ("trailing-dot-dir", named("artifacts./a2.pdf"), None, "dot or a space"),
    ("dot-segment", named("artifacts/./a2.pdf"), None, "'.'"),
    ("empty-segment", named("artifacts//a2.pdf"), None, "empty path segment"),
    ("alternate-data-stream", named("artifacts/a1.pdf:Zone.Identifier"), None, "':'"),
    ("windows-forbidden-char", named("artifacts/a?.pdf"), None, "forbids"),
    ("empty-name", named(""), None, "empty name"),
    ("overlong-name", named("artifacts/" + "a" * 600), None, "longer than"),
    # names that collide on case-insensitive or normalising file systems
    ("duplicate-name", named(A1, b"a second body"), None, "twice"),
    ("duplicate-manifest", named("manifest.json", b"{}"), None, "twice"),
    ("case-collision", named("artifacts/A1.pdf"), None, "collide"),
    ("case-collision-manifest", named("MANIFEST.JSON"), None, "collide"),
    ("case-collision-dir", named("Artifacts/a1.pdf"), None, "collide"),
    (
        "nfc-nfd-collision",
        lambda: plus(RawEntry("artifacts/caf\u00e9.pdf"), RawEntry("artifacts/cafe\u0301.pdf")),
        None,
        "collide",
    ),
    (
        "nfkc-ligature-collision",
        lambda: plus(RawEntry("artifacts/\ufb01le.pdf"), RawEntry("artifacts/file.pdf")),
        None,
        "collide",
    ),
    ("nfkc-fullwidth-collision", named("\uff41rtifacts/a1.pdf"), None, "collide"),
    (
        "casefold-sharp-s-collision",
        lambda: plus(RawEntry("artifacts/stra\u00dfe.pdf"), RawEntry("artifacts/STRASSE.pdf")),
        None,
        "collide",
    ),
    ("file-directory-clash", named("artifacts/a1.pdf/inner.pdf"), None, "directory"),
    # links and special files
    (
        "symlink",
        lambda: plus(RawEntry("artifacts/link", b"/etc/passwd", external_attr=SYMLINK)),
        None,
        "symbolic link",
    ),
    ("symlink-listed-artifact", altered(external_attr=SYMLINK), None, "symbolic link"),
    (
        "symlink-directory-entry",
        lambda: plus(RawEntry("artifacts/", external_attr=SYMLINK)),
        None,
        "symbolic link",
    ),
    ("fifo", altered(external_attr=mode(stat.S_IFIFO)), None, "special file"),
    ("char-device", altered(external_attr=mode(stat.S_IFCHR)), None, "special file"),
    ("block-device", altered(external_attr=mode(stat.S_IFBLK)), None, "special file"),
    ("socket", altered(external_attr=mode(stat.S_IFSOCK)), None, "special file"),
    ("file-marked-directory", altered(external_attr=DIRECTORY), None, "marked otherwise"),
    (
        "directory-entry-with-data",
        lambda: plus(RawEntry("artifacts/", b"data", external_attr=DIRECTORY)),
        None,
        "carries data",
    ),
    # encryption
    ("encrypted", altered(flags=0x1), None, "encrypted"),
    ("encrypted-strong", altered(flags=0x41), None, "encrypted"),
    ("encrypted-local-header-only", altered(local_flags=0x1), None, "encrypted"),
    # counts and sizes
    ("too-many-entries", many_entries, None, "entries (limit 2,000)"),
    (
        "too-many-entries-custom-limit",
        lambda: plus(RawEntry("artifacts/x")),
        Limits(max_entries=2),
        "entries (limit 2)",
    ),
    (
        "central-directory-too-large",
        lambda: plus(RawEntry("artifacts/x")),
        Limits(max_central_directory_bytes=120),
        "central directory",
    ),
    ("file-over-cap-declared", declared_huge(1, 3 * GiB), NO_RATIO, "unpacks to 3,221,225,472"),
    ("file-over-cap-real", lambda: plus(), Limits(max_file_bytes=1000), "limit 1,000"),
    ("total-over-cap-declared", declared_huge(5, 2 * GiB - 1), NO_RATIO, "more than"),
    ("total-over-cap-real", lambda: plus(), Limits(max_total_bytes=5000), "more than 5,000"),
    ("compression-ratio-real", real_bomb, None, "zip bomb"),
    ("compression-ratio-declared", declared_huge(1, 500 * MiB), None, "zip bomb"),
    # overlapping entries and headers that disagree with the directory
    ("overlapping-entries", overlapping, None, "overlap"),
    ("aliased-local-header", aliased_header, None, "local header"),
    ("overlaps-central-directory", into_central_directory, None, "central directory"),
    ("local-name-differs", altered(local_name=b"artifacts/evil.exe"), None, "local header"),
    ("local-sizes-differ", altered(local_sizes=(10, 10)), None, "local header"),
]


@pytest.mark.parametrize(
    ("build", "limits", "match"),
    [pytest.param(build, limits, match, id=case) for case, build, limits, match in CASES],
)
def test_hostile_bundle_is_rejected(
    tmp_path: Path, build: Callable[[], bytes], limits: Limits | None, match: str
) -> None:
    assert_rejected(tmp_path, build(), HostileBundleError, limits, match)


def test_hostile_names_are_escaped_in_messages(tmp_path: Path) -> None:
    message = assert_rejected(
        tmp_path, named("artifacts/\x1b]0;owned\x07\n\u202eevil" + "x" * 500)(), HostileBundleError
    )
    assert "\x1b" not in message and "\u202e" not in message
    assert "\\x1b" in message
    assert len(message) < 200


def test_directory_entries_that_lead_to_listed_files_are_tolerated(tmp_path: Path) -> None:
    from assessor_app.bundle.reader import extract_bundle, verify_bundle

    data = plus(RawEntry("artifacts/", external_attr=DIRECTORY))
    path = tmp_path / "b.zip"
    path.write_bytes(data)
    verify_bundle(path)
    verified = extract_bundle(path, tmp_path / "out")
    assert verified.artifact_path("a1").read_bytes() == pdf_bytes()


@pytest.mark.parametrize(
    "name",
    [
        "artifacts/a1.pdf",
        "manifest.json",
        "artifacts/",
        "a/b/c.d.e",
        "artifacts/x-y_z.v2.pdf",
        "artifacts/caf\u00e9.pdf",
        "artifacts/console.pdf",
        "artifacts/com10.pdf",
        "con-notes.txt",
    ],
)
def test_safe_names_pass(name: str) -> None:
    assert name_problem(name) is None


def test_collision_key_folds_case_and_normalisation() -> None:
    assert collision_key("A/\u00c9") == collision_key("a/E\u0301")
    assert collision_key("\ufb01") == collision_key("FI")
    assert collision_key("artifacts/") == collision_key("ARTIFACTS")


def test_show_escapes_and_caps() -> None:
    assert show("\x1b[31m") == "'\\x1b[31m'"
    assert len(show("x" * 1000)) <= 100
    assert show("\u202e").isascii()
