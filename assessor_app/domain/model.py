"""The submission model every layer shares: credential, rubric, narrative, artifacts, evidence.

Plain frozen dataclasses, no I/O. ``bundle`` turns manifest JSON into these and back; the store
keeps the manifest JSON and rebuilds them; the UI only reads them.

Ids are opaque strings chosen by the bundle writer. Inside one rubric every part id, outcome id
and detail id is unique, so a *judgment target* (a detail or a part) is named by its id alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class ArtifactKind(StrEnum):
    PDF = "pdf"
    VIDEO = "video"
    AUDIO = "audio"
    IMAGE = "image"

    @property
    def is_timed(self) -> bool:
        return self in (ArtifactKind.VIDEO, ArtifactKind.AUDIO)


class PartKind(StrEnum):
    NARRATIVE = "narrative"  # written text in the bundle, may carry a word minimum
    PORTFOLIO = "portfolio"  # the evidence itself: artifacts cited per detail


@dataclass(frozen=True)
class Level:
    """One proficiency level of the rubric, e.g. ``P`` / "Proficient"."""

    code: str
    label: str
    proficient: bool
    description: str = ""


@dataclass(frozen=True)
class Prompt:
    """A guiding question of a narrative part."""

    id: str
    text: str


@dataclass(frozen=True)
class Part:
    """A part of the submission (Part 1 overview, Part 2 portfolio, Part 3 reflection, ...)."""

    id: str
    title: str
    kind: PartKind
    instructions: str = ""
    min_words: int | None = None
    prompts: tuple[Prompt, ...] = ()

    @property
    def is_judged(self) -> bool:
        """Narrative parts get a judgment of their own; the portfolio is judged per detail."""
        return self.kind is PartKind.NARRATIVE


@dataclass(frozen=True)
class Detail:
    id: str
    text: str


@dataclass(frozen=True)
class Outcome:
    """An essential outcome with its details."""

    id: str
    title: str
    details: tuple[Detail, ...]


@dataclass(frozen=True)
class Rubric:
    levels: tuple[Level, ...]
    parts: tuple[Part, ...]
    outcomes: tuple[Outcome, ...]

    def level(self, code: str) -> Level | None:
        return next((lv for lv in self.levels if lv.code == code), None)

    def details(self) -> tuple[Detail, ...]:
        return tuple(d for o in self.outcomes for d in o.details)

    def judged_parts(self) -> tuple[Part, ...]:
        return tuple(p for p in self.parts if p.is_judged)

    def target_ids(self) -> tuple[str, ...]:
        """Everything that needs a judgment, in reading order: judged parts, then details."""
        return tuple(p.id for p in self.judged_parts()) + tuple(d.id for d in self.details())

    def outcome_of(self, detail_id: str) -> Outcome | None:
        return next((o for o in self.outcomes if any(d.id == detail_id for d in o.details)), None)

    def target_label(self, target_id: str) -> str:
        """A short human label: "Part 1" title, or "EO2 · 2.3"-style detail position."""
        for p in self.parts:
            if p.id == target_id:
                return p.title
        for oi, o in enumerate(self.outcomes, start=1):
            for di, d in enumerate(o.details, start=1):
                if d.id == target_id:
                    return f"EO{oi} · detail {oi}.{di}"
        return target_id


@dataclass(frozen=True)
class Credential:
    id: str
    title: str
    version: str
    stack: str = ""
    overview: str = ""


@dataclass(frozen=True)
class NarrativeSection:
    """The candidate's answer to one prompt (``prompt_id`` None: text not tied to a prompt)."""

    prompt_id: str | None
    text: str


@dataclass(frozen=True)
class NarrativePart:
    part_id: str
    sections: tuple[NarrativeSection, ...]

    @property
    def text(self) -> str:
        return "\n\n".join(s.text for s in self.sections)


@dataclass(frozen=True)
class Artifact:
    """A file of the portfolio. ``path`` is relative to the bundle root (POSIX separators)."""

    id: str
    path: str
    title: str
    kind: ArtifactKind
    media_type: str
    size: int
    sha256: str
    page_count: int | None = None  # PDFs
    duration_ms: int | None = None  # video and audio


@dataclass(frozen=True)
class Citation:
    """Where the candidate says the evidence is: pages of a document or a span of media.

    Pages are 1-based and inclusive. Times are milliseconds from the start.
    """

    artifact_id: str
    page: int | None = None
    page_end: int | None = None
    start_ms: int | None = None
    end_ms: int | None = None
    note: str = ""

    @property
    def is_page(self) -> bool:
        return self.page is not None

    @property
    def is_time(self) -> bool:
        return self.start_ms is not None

    @property
    def last_page(self) -> int | None:
        return self.page_end if self.page_end is not None else self.page

    def locator(self) -> str:
        """ "p. 4", "pp. 4–6", "01:02.500", "01:02–01:30"."""
        if self.page is not None:
            if self.page_end is not None and self.page_end != self.page:
                return f"pp. {self.page}–{self.page_end}"
            return f"p. {self.page}"
        if self.start_ms is not None:
            start = format_timestamp(self.start_ms)
            if self.end_ms is not None:
                return f"{start}–{format_timestamp(self.end_ms)}"
            return start
        return "whole artifact"


@dataclass(frozen=True)
class Evidence:
    """The candidate's evidence for one detail: citations plus their explanation."""

    detail_id: str
    citations: tuple[Citation, ...]
    explanation: str


@dataclass(frozen=True)
class Manifest:
    """Everything a bundle says about one anonymized submission."""

    format_version: int
    submission_id: str
    credential: Credential
    rubric: Rubric
    narratives: tuple[NarrativePart, ...]
    artifacts: tuple[Artifact, ...]
    evidence: tuple[Evidence, ...]
    created: str = ""  # ISO 8601 UTC, when the portal built the bundle
    due: str | None = None  # ISO 8601 date the assessment is due, when the portal sets one
    extra: dict[str, object] = field(default_factory=dict, compare=False, hash=False)

    def artifact(self, artifact_id: str) -> Artifact | None:
        return next((a for a in self.artifacts if a.id == artifact_id), None)

    def narrative(self, part_id: str) -> NarrativePart | None:
        return next((n for n in self.narratives if n.part_id == part_id), None)

    def evidence_for(self, detail_id: str) -> Evidence | None:
        return next((e for e in self.evidence if e.detail_id == detail_id), None)


def format_timestamp(ms: int, *, millis: bool = False) -> str:
    """``mm:ss`` (or ``h:mm:ss``), with ``.mmm`` when ``millis`` or when not whole seconds."""
    ms = max(0, int(ms))
    seconds, rest = divmod(ms, 1000)
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    text = f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes:02d}:{seconds:02d}"
    if millis or rest:
        text += f".{rest:03d}"
    return text
