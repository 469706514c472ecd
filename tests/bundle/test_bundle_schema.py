"""manifest.schema.json matches what the writer writes, is strict, and explains violations."""

from __future__ import annotations

import copy
import dataclasses
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from support.bundle_cases import manifest_json
from support.bundles import sample_manifest

from assessor_app.bundle.manifest import manifest_schema, manifest_to_json
from assessor_app.bundle.schema import (
    _ecma_to_python,
    load_manifest_json,
    parse_manifest,
    validate_manifest_json,
)
from assessor_app.domain.model import (
    Artifact,
    ArtifactKind,
    Citation,
    Credential,
    Evidence,
    Level,
    Manifest,
    NarrativeSection,
)
from assessor_app.errors import ManifestError


def _finalized(m: Manifest) -> Manifest:
    arts = tuple(dataclasses.replace(a, size=10, sha256="ab" * 32) for a in m.artifacts)
    return dataclasses.replace(m, artifacts=arts)


def _maximal() -> Manifest:
    """Every optional field present, so every property of the schema is exercised."""
    m = sample_manifest()
    video = Artifact(
        "v1", "artifacts/v1.webm", "Clip", ArtifactKind.VIDEO, "video/webm", 0, "", duration_ms=4000
    )
    rubric = dataclasses.replace(
        m.rubric, levels=(Level("P", "Proficient", True, "Shown."), *m.rubric.levels[1:])
    )
    evidence = (
        Evidence("eo1.1", (Citation("a1", page=2, page_end=3, note="see table"),), "Shown."),
        Evidence("eo2.1", (Citation("v1", start_ms=0, end_ms=1000, note="intro"),), "Clip."),
    )
    narratives = (
        dataclasses.replace(m.narratives[0], sections=(NarrativeSection("q1", "text"),)),
        *m.narratives[1:],
    )
    return _finalized(
        dataclasses.replace(
            m,
            credential=Credential("c1", "Title", "1.0", "Stack", "Overview"),
            rubric=rubric,
            narratives=narratives,
            artifacts=(*m.artifacts, video),
            evidence=evidence,
            extra={"x-portal": {"batch": 3}},
        )
    )


def _walk_keys(
    data: Any, schema: dict[str, Any], root: dict[str, Any], path: str, seen: dict[str, set[str]]
) -> None:
    """Collect, per schema object, the keys the writer wrote anywhere in the document."""
    if "$ref" in schema:
        target = root
        for part in schema["$ref"].lstrip("#/").split("/"):
            target = target[part]
        _walk_keys(data, target, root, schema["$ref"], seen)
        return
    if isinstance(data, dict):
        props = schema["properties"]
        seen.setdefault(path, set()).update(k for k in data if not k.startswith("x-"))
        for key, value in data.items():
            if key in props:
                _walk_keys(value, props[key], root, f"{path}.{key}", seen)
    elif isinstance(data, list):
        for item in data:
            _walk_keys(item, schema["items"], root, f"{path}[]", seen)


def _properties_at(root: dict[str, Any], path: str) -> set[str]:
    node: Any = root
    if path.startswith("#/"):
        for part in path[2:].split("/"):
            node = node[part]
        return set(node["properties"])
    for part in path.split(".")[1:]:
        node = node["properties"][part.rstrip("[]")]
        if part.endswith("[]"):
            node = node["items"]
    return set(node["properties"])


def test_schema_is_valid_draft_2020_12() -> None:
    schema = manifest_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_schema_has_a_property_for_every_field_the_writer_writes() -> None:
    data = manifest_to_json(_maximal())
    validate_manifest_json(data)
    schema = manifest_schema()
    seen: dict[str, set[str]] = {}
    _walk_keys(data, schema, schema, "manifest", seen)
    assert len(seen) == 13  # every object type of the format
    for path, written in seen.items():
        assert written == _properties_at(schema, path), path


@pytest.mark.parametrize(
    "manifest",
    [
        pytest.param(_finalized(sample_manifest()), id="sample"),
        pytest.param(_maximal(), id="maximal"),
        pytest.param(
            _finalized(dataclasses.replace(sample_manifest(), created="", due=None)), id="no-dates"
        ),
    ],
)
def test_writer_output_validates_and_parses_back(manifest: Manifest) -> None:
    data = manifest_to_json(manifest)
    validate_manifest_json(data)
    parsed = parse_manifest(json.dumps(data).encode())
    assert parsed == manifest
    assert parsed.extra == manifest.extra


def _set(path: str, value: object) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        node: Any = data
        keys = [int(k) if k.lstrip("-").isdigit() else k for k in path.split(".")]
        for key in keys[:-1]:
            node = node[key]
        node[keys[-1]] = value

    return change


def _delete(path: str) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        node: Any = data
        keys = [int(k) if k.isdigit() else k for k in path.split(".")]
        for key in keys[:-1]:
            node = node[key]
        del node[keys[-1]]

    return change


VIOLATIONS: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    (
        "detail-id-space",
        _set("rubric.outcomes.1.details.0.id", "bad id"),
        "manifest.json, rubric.outcomes[1].details[0].id: 'bad id' is not valid: expected an id",
    ),
    ("submission-id-traversal", _set("submission_id", "../x"), "submission_id: '../x' is not"),
    ("submission-id-newline", _set("submission_id", "SUB-1\n"), "submission_id: 'SUB-1\\n'"),
    ("submission-id-too-long", _set("submission_id", "S" * 65), "submission_id:"),
    ("submission-id-empty", _set("submission_id", ""), "submission_id: '' is not valid"),
    ("sha-uppercase", _set("artifacts.0.sha256", "AB" * 32), "artifacts[0].sha256:"),
    ("sha-short", _set("artifacts.0.sha256", "ab"), "expected a SHA-256"),
    ("path-absolute", _set("artifacts.0.path", "/artifacts/a1.pdf"), "artifacts[0].path:"),
    ("path-outside-artifacts", _set("artifacts.0.path", "docs/a1.pdf"), "artifacts[0].path:"),
    ("path-dotdot", _set("artifacts.0.path", "artifacts/../a1.pdf"), "artifacts[0].path:"),
    ("path-dot", _set("artifacts.0.path", "artifacts/./a1.pdf"), "artifacts[0].path:"),
    ("path-backslash", _set("artifacts.0.path", "artifacts\\a1.pdf"), "artifacts[0].path:"),
    ("path-device", _set("artifacts.0.path", "artifacts/con.pdf"), "artifacts[0].path:"),
    ("path-trailing-dot", _set("artifacts.0.path", "artifacts/a1."), "artifacts[0].path:"),
    ("path-hidden", _set("artifacts.0.path", "artifacts/.a1.pdf"), "artifacts[0].path:"),
    ("path-directory", _set("artifacts.0.path", "artifacts/"), "artifacts[0].path:"),
    ("path-newline", _set("artifacts.0.path", "artifacts/a1.pdf\n"), "artifacts[0].path:"),
    ("media-type-upper", _set("artifacts.0.media_type", "Application/PDF"), "media_type:"),
    (
        "media-type-wrong-for-pdf",
        _set("artifacts.0.media_type", "image/png"),
        "artifacts[0].media_type: must be 'application/pdf', found 'image/png'",
    ),
    (
        "duration-on-pdf",
        _set("artifacts.0.duration_ms", 1000),
        "artifacts[0]: field 'duration_ms' is not allowed for kind 'pdf'",
    ),
    ("kind-unknown", _set("artifacts.0.kind", "docx"), "'docx' is not one of 'pdf', 'video'"),
    ("page-zero", _set("evidence.0.citations.0.page", 0), "citations[0].page: 0 is less than 1"),
    ("page-float", _set("evidence.0.citations.0.page", 2.0), "expected integer, found a number"),
    ("page-string", _set("evidence.0.citations.0.page", "2"), "expected integer, found a string"),
    ("size-bool", _set("artifacts.0.size", True), "expected integer, found a boolean"),
    ("size-negative", _set("artifacts.0.size", -1), "size: -1 is less than 0"),
    (
        "start-negative",
        _set("evidence.0.citations.0", {"artifact": "a1", "start_ms": -5}),
        "start_ms: -5 is less than 0",
    ),
    (
        "page-end-alone",
        _set("evidence.0.citations.0", {"artifact": "a1", "page_end": 3}),
        "has 'page_end' but no 'page'",
    ),
    (
        "end-ms-alone",
        _set("evidence.0.citations.0", {"artifact": "a1", "end_ms": 3}),
        "has 'end_ms' but no 'start_ms'",
    ),
    ("format-wrong", _set("format", "zip"), "format: must be 'assessor-bundle'"),
    ("format-version-string", _set("format_version", "1"), "format_version: expected integer"),
    (
        "unexpected-top-level",
        _set("colour", "red"),
        "unexpected field 'colour' (extension keys must start with 'x-')",
    ),
    ("unexpected-in-artifact", _set("artifacts.0.owner", "x"), "artifacts[0]: unexpected field"),
    ("bad-extension-key", _set("x-", 1), "unexpected field 'x-'"),
    ("missing-title", _delete("credential.title"), "credential: missing required field 'title'"),
    ("missing-rubric", _delete("rubric"), "manifest.json: missing required field 'rubric'"),
    ("missing-evidence", _delete("evidence"), "missing required field 'evidence'"),
    ("levels-empty", _set("rubric.levels", []), "rubric.levels: needs at least 1 item"),
    ("details-empty", _set("rubric.outcomes.0.details", []), "details: needs at least 1 item"),
    ("title-control-char", _set("credential.title", "Title\x1b[31m"), "credential.title:"),
    ("title-empty", _set("credential.title", ""), "credential.title: must not be empty"),
    ("title-too-long", _set("credential.title", "t" * 501), "longer than 500 characters"),
    (
        "narrative-too-long",
        _set("narratives.0.sections.0.text", "w" * 1_000_001),
        "narratives[0].sections[0].text: is longer than 1000000 characters",
    ),
    ("narrative-nul", _set("narratives.0.sections.0.text", "a\x00b"), "sections[0].text:"),
    (
        "too-many-levels",
        _set(
            "rubric.levels",
            [{"code": f"L{i}", "label": "x", "proficient": True} for i in range(17)],
        ),
        "rubric.levels: has 17 items, more than 16",
    ),
    ("created-not-iso", _set("created", "yesterday"), "created: 'yesterday' is not valid"),
    ("due-datetime", _set("due", "2026-12-15T00:00:00Z"), "due:"),
    ("min-words-negative", _set("rubric.parts.0.min_words", -1), "min_words: -1 is less than 0"),
    ("part-kind", _set("rubric.parts.1.kind", "essay"), "rubric.parts[1].kind:"),
    ("prompts-empty", _set("rubric.parts.0.prompts", []), "prompts: needs at least 1 item"),
    ("evidence-not-list", _set("evidence", {}), "evidence: expected array, found an object"),
]


@pytest.mark.parametrize(
    ("change", "expected"), [pytest.param(c, e, id=i) for i, c, e in VIOLATIONS]
)
def test_schema_violations_give_readable_one_line_messages(
    change: Callable[[dict[str, Any]], None], expected: str
) -> None:
    data = manifest_json()
    change(data)
    with pytest.raises(ManifestError) as caught:
        validate_manifest_json(data)
    message = str(caught.value)
    assert expected in message
    assert "\n" not in message and message.isprintable() and len(message) < 300


def test_huge_text_is_never_echoed() -> None:
    data = manifest_json()
    data["narratives"][0]["sections"][0]["text"] = "secret " * 200_000
    with pytest.raises(ManifestError) as caught:
        validate_manifest_json(data)
    assert "secret" not in str(caught.value)


def test_extension_keys_are_allowed_at_the_top_level_only() -> None:
    data = manifest_json()
    data["x-portal.batch"] = [1, {"a": None}]
    validate_manifest_json(data)
    data["artifacts"][0]["x-note"] = "no"
    with pytest.raises(ManifestError, match="artifacts\\[0\\]: unexpected field 'x-note'"):
        validate_manifest_json(data)


def test_extension_key_with_trailing_newline_is_refused() -> None:
    data = manifest_json()
    data["x-a\n"] = 1
    with pytest.raises(ManifestError):
        validate_manifest_json(data)


def test_semantic_errors_come_after_the_schema() -> None:
    data = manifest_json()
    data["rubric"]["outcomes"][1]["details"][0]["id"] = "eo1.1"
    with pytest.raises(ManifestError, match=r"rubric id 'eo1\.1' is used twice"):
        parse_manifest(json.dumps(data).encode())


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b'{"a": 1, "a": 2}', "'a' appears twice"),
        (b'{"a": {"b": 1, "b": 1}}', "'b' appears twice"),
        (b'{"a": Infinity}', "Infinity is not a JSON number"),
        (b'{"a": -Infinity}', "-Infinity is not a JSON number"),
        (b'{"a": NaN}', "NaN is not a JSON number"),
        (b'{"a": "\\ud800"}', "surrogate"),
        (b'{"a": ' + b"9" * 5000 + b"}", "not usable JSON"),
        (b"\xef\xbb\xbf{}", "byte order mark"),
        (b"\xc3\x28", "not valid UTF-8"),
        (b"", "not valid JSON"),
        (b"[" * 33 + b"]" * 33, "nested more than 32"),
    ],
)
def test_strict_json(raw: bytes, expected: str) -> None:
    with pytest.raises(ManifestError) as caught:
        load_manifest_json(raw)
    assert expected in str(caught.value)
    assert "\n" not in str(caught.value)


def test_json_nesting_limit_is_exact() -> None:
    load_manifest_json(b"[" * 32 + b"]" * 32)


def test_ecma_dollar_is_end_of_string() -> None:
    assert _ecma_to_python("^a$") == r"^a\Z"
    assert _ecma_to_python(r"^[$]\$x$") == r"^[$]\$x\Z"
    assert _ecma_to_python("^(?!x$)a$") == r"^(?!x\Z)a\Z"


def test_manifest_json_helper_is_independent() -> None:
    a = manifest_json()
    b = copy.deepcopy(a)
    a["submission_id"] = "changed"
    assert manifest_json() == b


def test_the_documented_examples_are_valid(repo_root: Path) -> None:
    text = (repo_root / "docs" / "bundle-format.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```json\n(.*?)```", text, re.S)
    example = json.loads(blocks[0])
    manifest = parse_manifest(json.dumps(example).encode())
    assert manifest.extra == {"x-portal": {"batch": "2026-02"}}
    pilot = json.loads("{" + blocks[1] + "}")["parts"]
    example["rubric"]["parts"] = pilot
    example["narratives"] = []
    manifest = parse_manifest(json.dumps(example).encode())
    assert [p.min_words for p in manifest.rubric.judged_parts()] == [800, 600, 400]
