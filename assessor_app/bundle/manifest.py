"""manifest.json (format version 1) to and from the shared model, plus the semantic checks that
a JSON Schema cannot express (unique ids, references between sections).

The JSON layout is specified in ``docs/bundle-format.md`` and ``manifest.schema.json``; the
reader validates against the schema *before* calling :func:`manifest_from_json`, so this module
may assume the shapes are right and concentrates on meaning.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any

from assessor_app.domain.model import (
    Artifact,
    ArtifactKind,
    Citation,
    Credential,
    Detail,
    Evidence,
    Level,
    Manifest,
    NarrativePart,
    NarrativeSection,
    Outcome,
    Part,
    PartKind,
    Prompt,
    Rubric,
)
from assessor_app.errors import ManifestError

FORMAT_NAME = "assessor-bundle"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"


@cache
def manifest_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of manifest.json, shipped beside this module."""
    text = resources.files(__package__).joinpath("manifest.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


# --- model -> JSON ---------------------------------------------------------------------------
def _drop_none(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None and v != ""}


def manifest_to_json(m: Manifest) -> dict[str, Any]:
    rubric = m.rubric
    return {
        "format": FORMAT_NAME,
        "format_version": m.format_version,
        "submission_id": m.submission_id,
        **_drop_none({"created": m.created, "due": m.due}),
        "credential": _drop_none(
            {
                "id": m.credential.id,
                "title": m.credential.title,
                "version": m.credential.version,
                "stack": m.credential.stack,
                "overview": m.credential.overview,
            }
        ),
        "rubric": {
            "levels": [
                _drop_none(
                    {
                        "code": lv.code,
                        "label": lv.label,
                        "proficient": lv.proficient,
                        "description": lv.description,
                    }
                )
                for lv in rubric.levels
            ],
            "parts": [
                _drop_none(
                    {
                        "id": p.id,
                        "title": p.title,
                        "kind": p.kind.value,
                        "instructions": p.instructions,
                        "min_words": p.min_words,
                        "prompts": [{"id": q.id, "text": q.text} for q in p.prompts] or None,
                    }
                )
                for p in rubric.parts
            ],
            "outcomes": [
                {
                    "id": o.id,
                    "title": o.title,
                    "details": [{"id": d.id, "text": d.text} for d in o.details],
                }
                for o in rubric.outcomes
            ],
        },
        "narratives": [
            {
                "part_id": n.part_id,
                "sections": [
                    _drop_none({"prompt_id": s.prompt_id, "text": s.text}) | {"text": s.text}
                    for s in n.sections
                ],
            }
            for n in m.narratives
        ],
        "artifacts": [
            _drop_none(
                {
                    "id": a.id,
                    "path": a.path,
                    "title": a.title,
                    "kind": a.kind.value,
                    "media_type": a.media_type,
                    "size": a.size,
                    "sha256": a.sha256,
                    "page_count": a.page_count,
                    "duration_ms": a.duration_ms,
                }
            )
            for a in m.artifacts
        ],
        "evidence": [
            {
                "detail_id": e.detail_id,
                "explanation": e.explanation,
                "citations": [
                    _drop_none(
                        {
                            "artifact": c.artifact_id,
                            "page": c.page,
                            "page_end": c.page_end,
                            "start_ms": c.start_ms,
                            "end_ms": c.end_ms,
                            "note": c.note,
                        }
                    )
                    for c in e.citations
                ],
            }
            for e in m.evidence
        ],
        # Top-level "x-..." extension keys: kept as they came, ignored by this app.
        **{k: v for k, v in m.extra.items() if k.startswith("x-")},
    }


# --- JSON -> model ---------------------------------------------------------------------------
def manifest_from_json(data: dict[str, Any]) -> Manifest:
    """Build the model from schema-valid JSON, then check what the schema cannot."""
    r = data["rubric"]
    rubric = Rubric(
        levels=tuple(
            Level(lv["code"], lv["label"], bool(lv["proficient"]), lv.get("description", ""))
            for lv in r["levels"]
        ),
        parts=tuple(
            Part(
                id=p["id"],
                title=p["title"],
                kind=PartKind(p["kind"]),
                instructions=p.get("instructions", ""),
                min_words=p.get("min_words"),
                prompts=tuple(Prompt(q["id"], q["text"]) for q in p.get("prompts", ())),
            )
            for p in r["parts"]
        ),
        outcomes=tuple(
            Outcome(o["id"], o["title"], tuple(Detail(d["id"], d["text"]) for d in o["details"]))
            for o in r["outcomes"]
        ),
    )
    c = data["credential"]
    manifest = Manifest(
        format_version=int(data["format_version"]),
        submission_id=data["submission_id"],
        credential=Credential(
            c["id"], c["title"], c["version"], c.get("stack", ""), c.get("overview", "")
        ),
        rubric=rubric,
        narratives=tuple(
            NarrativePart(
                n["part_id"],
                tuple(NarrativeSection(s.get("prompt_id"), s["text"]) for s in n["sections"]),
            )
            for n in data.get("narratives", ())
        ),
        artifacts=tuple(
            Artifact(
                id=a["id"],
                path=a["path"],
                title=a["title"],
                kind=ArtifactKind(a["kind"]),
                media_type=a["media_type"],
                size=int(a["size"]),
                sha256=a["sha256"].lower(),
                page_count=a.get("page_count"),
                duration_ms=a.get("duration_ms"),
            )
            for a in data.get("artifacts", ())
        ),
        evidence=tuple(
            Evidence(
                detail_id=e["detail_id"],
                explanation=e.get("explanation", ""),
                citations=tuple(
                    Citation(
                        artifact_id=ct["artifact"],
                        page=ct.get("page"),
                        page_end=ct.get("page_end"),
                        start_ms=ct.get("start_ms"),
                        end_ms=ct.get("end_ms"),
                        note=ct.get("note", ""),
                    )
                    for ct in e.get("citations", ())
                ),
            )
            for e in data.get("evidence", ())
        ),
        created=data.get("created", ""),
        due=data.get("due"),
        extra={k: v for k, v in data.items() if k.startswith("x-")},
    )
    check_semantics(manifest)
    return manifest


def _duplicates(ids: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    dups: list[str] = []
    for i in ids:
        if i in seen and i not in dups:
            dups.append(i)
        seen.add(i)
    return dups


def check_semantics(m: Manifest) -> None:
    """Raise :class:`ManifestError` naming the first inconsistency the schema cannot catch."""
    if m.format_version != FORMAT_VERSION:
        raise ManifestError(
            f"bundle format version {m.format_version} is not supported "
            f"(this app reads version {FORMAT_VERSION}); update the app"
        )
    rubric = m.rubric
    level_dups = _duplicates(lv.code for lv in rubric.levels)
    if level_dups:
        raise ManifestError(f"rubric level code {level_dups[0]!r} appears twice")
    if not any(lv.proficient for lv in rubric.levels):
        raise ManifestError("the rubric has no proficient level, so nothing could be earned")
    target_ids = [p.id for p in rubric.parts] + [o.id for o in rubric.outcomes]
    target_ids += [d.id for o in rubric.outcomes for d in o.details]
    dups = _duplicates(target_ids)
    if dups:
        raise ManifestError(f"rubric id {dups[0]!r} is used twice")
    prompt_dups = _duplicates(q.id for p in rubric.parts for q in p.prompts)
    if prompt_dups:
        raise ManifestError(f"prompt id {prompt_dups[0]!r} is used twice")
    parts = {p.id: p for p in rubric.parts}
    for n in m.narratives:
        part = parts.get(n.part_id)
        if part is None:
            raise ManifestError(f"narrative for unknown part {n.part_id!r}")
        if part.kind is not PartKind.NARRATIVE:
            raise ManifestError(f"part {n.part_id!r} is not a narrative part but has narrative")
        prompts = {q.id for q in part.prompts}
        for s in n.sections:
            if s.prompt_id is not None and s.prompt_id not in prompts:
                raise ManifestError(f"narrative answers unknown prompt {s.prompt_id!r}")
    if dups := _duplicates(n.part_id for n in m.narratives):
        raise ManifestError(f"part {dups[0]!r} has two narratives")
    if dups := _duplicates(a.id for a in m.artifacts):
        raise ManifestError(f"artifact id {dups[0]!r} is used twice")
    if dups := _duplicates(a.path for a in m.artifacts):
        raise ManifestError(f"artifact path {dups[0]!r} is used twice")
    artifacts = {a.id: a for a in m.artifacts}
    detail_ids = {d.id for d in rubric.details()}
    if dups := _duplicates(e.detail_id for e in m.evidence):
        raise ManifestError(f"detail {dups[0]!r} has two evidence entries")
    for e in m.evidence:
        if e.detail_id not in detail_ids:
            raise ManifestError(f"evidence for unknown detail {e.detail_id!r}")
        for ct in e.citations:
            artifact = artifacts.get(ct.artifact_id)
            if artifact is None:
                raise ManifestError(
                    f"detail {e.detail_id!r} cites artifact {ct.artifact_id!r}, "
                    "which is not in the bundle"
                )
            _check_citation_shape(e.detail_id, ct, artifact)


def _check_citation_shape(detail_id: str, ct: Citation, artifact: Artifact) -> None:
    where = f"citation of {ct.artifact_id!r} for detail {detail_id!r}"
    if ct.page is not None and ct.start_ms is not None:
        raise ManifestError(f"{where} names both a page and a time")
    if ct.page_end is not None and (ct.page is None or ct.page_end < ct.page):
        raise ManifestError(f"{where} has a page range that ends before it starts")
    if ct.end_ms is not None and (ct.start_ms is None or ct.end_ms < ct.start_ms):
        raise ManifestError(f"{where} has a time range that ends before it starts")
    if ct.page is not None and artifact.kind is not ArtifactKind.PDF:
        raise ManifestError(f"{where} cites a page of a {artifact.kind.value}")
    if ct.start_ms is not None and not artifact.kind.is_timed:
        raise ManifestError(f"{where} cites a time in a {artifact.kind.value}")
