"""A known-good bundle as raw entries, and helpers to build altered copies of it."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from assessor_app.bundle.manifest import manifest_to_json
from assessor_app.bundle.writer import write_bundle
from assessor_app.domain.model import Manifest
from support.bundles import make_pdf, sample_manifest
from support.rawzip import RawEntry, build_zip, read_entries


@functools.cache
def _good() -> tuple[bytes, Manifest]:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "good.zip"
        manifest = write_bundle(out, sample_manifest(), {"artifacts/a1.pdf": make_pdf(6)})
        return out.read_bytes(), manifest


def good_bytes() -> bytes:
    return _good()[0]


def good_manifest() -> Manifest:
    return _good()[1]


def good_entries() -> list[RawEntry]:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "good.zip"
        path.write_bytes(good_bytes())
        return read_entries(path)


def manifest_json() -> dict[str, Any]:
    return json.loads(json.dumps(manifest_to_json(good_manifest())))


def manifest_bytes(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1).encode()


def with_manifest(entries: list[RawEntry], data: object | bytes) -> list[RawEntry]:
    raw = data if isinstance(data, bytes) else manifest_bytes(data)
    return [
        RawEntry("manifest.json", raw, method=8) if e.name == "manifest.json" else e
        for e in entries
    ]


def bundle(entries: list[RawEntry]) -> bytes:
    return build_zip(entries)


def plus(*extra: RawEntry) -> bytes:
    """The good bundle with ``extra`` entries appended."""
    return build_zip([*good_entries(), *extra])


def pdf_bytes() -> bytes:
    return next(e.data for e in good_entries() if e.name == "artifacts/a1.pdf")


def snapshot(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


def assert_rejected(
    tmp_path: Path,
    data: bytes,
    expected: type[Exception],
    limits: Any = None,
    match: str | None = None,
) -> str:
    """``data`` is rejected by both verify and extract with exactly ``expected``; the message is
    one safe line; extraction leaves the parent directory as it was and writes nowhere else.
    Returns the message."""
    from assessor_app.bundle.limits import DEFAULT_LIMITS
    from assessor_app.bundle.reader import extract_bundle, verify_bundle

    limits = limits or DEFAULT_LIMITS
    work = tmp_path / "case"
    (work / "in").mkdir(parents=True)
    source = work / "in" / "bundle.zip"
    source.write_bytes(data)
    parent = work / "ws" / "bundles"
    parent.mkdir(parents=True)
    (parent / "keep.txt").write_text("kept")
    outside = tmp_path.parent
    before_outside = {p.name for p in outside.iterdir()}
    before = snapshot(work)

    messages = []
    for run in (
        lambda: verify_bundle(source, limits),
        lambda: extract_bundle(source, parent / "SUB-1", limits),
    ):
        try:
            run()
        except Exception as exc:  # checked below
            assert type(exc) is expected, f"{type(exc).__name__}: {exc}"
            messages.append(str(exc))
        else:
            raise AssertionError(f"accepted, expected {expected.__name__}")
    assert snapshot(work) == before
    assert {p.name for p in outside.iterdir()} == before_outside
    assert not (work / "ws" / "evil.txt").exists()
    assert messages[0] == messages[1]
    message = messages[0]
    assert "\n" not in message and "\r" not in message
    assert all(ch.isprintable() for ch in message), repr(message)
    assert len(message) < 400
    if match is not None:
        assert match in message, message
    return message
