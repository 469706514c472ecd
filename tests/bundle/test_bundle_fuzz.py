"""Property tests: damaged bundles and random manifests only ever end in a BundleError (or are
accepted), and nothing is ever written outside the staging area."""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.bundle_cases import good_bytes, good_entries, manifest_json, snapshot, with_manifest
from support.rawzip import build_zip

from assessor_app.bundle.reader import extract_bundle, verify_bundle
from assessor_app.bundle.schema import parse_manifest
from assessor_app.domain.model import Manifest
from assessor_app.errors import BundleError, ManifestError

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=2_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@cache
def _hot_spots() -> tuple[tuple[int, int], ...]:
    """Byte ranges where a change is most interesting: every header and the directory."""
    data = good_bytes()
    spots = []
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for info in zf.infolist():
            spots.append((info.header_offset, info.header_offset + 30 + len(info.filename)))
        spots.append((zf.start_dir, len(data)))
    return tuple(spots)


@st.composite
def damaged(draw: st.DrawFn) -> bytes:
    data = bytearray(good_bytes())
    for _ in range(draw(st.integers(1, 6))):
        if draw(st.booleans()):
            start, end = draw(st.sampled_from(_hot_spots()))
            offset = draw(st.integers(start, end - 1))
        else:
            offset = draw(st.integers(0, len(data) - 1))
        data[offset] = draw(st.integers(0, 255))
    if draw(st.integers(0, 4)) == 0:
        data = data[: draw(st.integers(0, len(data)))]
    return bytes(data)


def _check_bundle(data: bytes, extract: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        work = root / "work"
        (work / "ws").mkdir(parents=True)
        source = work / "b.zip"
        source.write_bytes(data)
        before = snapshot(root)
        try:
            verified = (
                extract_bundle(source, work / "ws" / "SUB") if extract else verify_bundle(source)
            )
        except BundleError as exc:
            message = str(exc)
            assert message and "\n" not in message and message.isprintable()
            assert snapshot(root) == before
        else:
            after = snapshot(root) - before
            if extract:
                assert verified.root == work / "ws" / "SUB"
                assert all(p.startswith("work/ws/SUB") for p in after), after
            else:
                assert after == set()


@FAST
@given(damaged())
def test_damaged_bundle_is_accepted_or_rejected_cleanly(data: bytes) -> None:
    _check_bundle(data, extract=False)


@settings(max_examples=40, deadline=None)
@given(damaged())
def test_damaged_bundle_extracts_fully_or_not_at_all(data: bytes) -> None:
    _check_bundle(data, extract=True)


@FAST
@given(st.binary(max_size=400))
def test_random_bytes_are_rejected(data: bytes) -> None:
    _check_bundle(data, extract=False)


# --- manifests -------------------------------------------------------------------------------
_TEXT = st.text(
    st.characters(codec="utf-8") | st.sampled_from("./\\:\x00\n\u202e\u00e9 aA0-_"), max_size=12
)
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | _TEXT
    | st.sampled_from(["", "a1", "eo1.1", "pdf", "video", "narrative", "P", "0" * 64])
)
JSON = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=12,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _paths(value, (*prefix, i))
    return found


@st.composite
def mutated_manifest(draw: st.DrawFn) -> dict[str, Any]:
    data = manifest_json()
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(data)
        path = draw(st.sampled_from(paths))
        parent: Any = data
        for key in path[:-1]:
            parent = parent[key]
        if draw(st.integers(0, 3)) == 0:
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(JSON)
    return data


def _parse(raw: bytes) -> None:
    try:
        result = parse_manifest(raw)
    except ManifestError as exc:
        assert str(exc) and "\n" not in str(exc) and str(exc).isprintable()
    else:
        assert isinstance(result, Manifest)


@FAST
@given(JSON)
def test_random_json_is_a_manifest_error(data: Any) -> None:
    _parse(json.dumps(data).encode())


@FAST
@given(mutated_manifest())
def test_mutated_manifest_parses_or_is_a_manifest_error(data: dict[str, Any]) -> None:
    _parse(json.dumps(data, ensure_ascii=False).encode("utf-8", "surrogatepass"))


@FAST
@given(st.binary(max_size=300))
def test_random_manifest_bytes(raw: bytes) -> None:
    _parse(raw)


@settings(max_examples=60, deadline=None)
@given(mutated_manifest())
def test_mutated_manifest_in_a_bundle(data: dict[str, Any]) -> None:
    raw = json.dumps(data, ensure_ascii=False).encode("utf-8", "surrogatepass")
    _check_bundle(build_zip(with_manifest(good_entries(), raw)), extract=False)


def test_unmutated_manifest_is_fine() -> None:
    _parse(json.dumps(manifest_json()).encode())


@pytest.mark.slow
@SLOW
@given(damaged())
def test_damaged_bundle_long_run(data: bytes) -> None:
    _check_bundle(data, extract=False)


@pytest.mark.slow
@SLOW
@given(mutated_manifest())
def test_mutated_manifest_long_run(data: dict[str, Any]) -> None:
    _parse(json.dumps(data, ensure_ascii=False).encode("utf-8", "surrogatepass"))
