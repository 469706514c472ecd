"""The shapes the demo content is written in: documents as pages of light markup, media
references, and one submission per module.

Evidence and narratives use the shared model (:mod:`assessor_app.domain.model`) directly;
only what a bundle does not carry as such (how a PDF page looks, which committed media file
an artifact is) has a type here.

Page markup, one block per paragraph (blocks are separated by blank lines)::

    # Heading 1            ## Heading 2            ### Heading 3
    - bullet item          (consecutive "- " lines form one list)
    1. numbered item
    | cell | cell |        (consecutive "|" lines form a table; the first row is the header;
    |=2|=5|                 an optional row of "=N" cells gives relative column widths)
    > call-out box
    ~ small muted line     (dates, locations, "prepared by" roles)
    anything else          a paragraph; **bold** and *italic* work inside any text
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assessor_app.domain.model import Credential, Evidence, NarrativePart, Rubric


@dataclass(frozen=True)
class Series:
    label: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class BarChart:
    """A horizontal bar chart drawn with vector shapes (one bar per series per category)."""

    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    maximum: float = 100.0
    unit: str = "%"
    step: float = 25.0


@dataclass(frozen=True)
class Page:
    """One page (or slide): markup, then an optional chart, then more markup."""

    body: str
    chart: BarChart | None = None
    after: str = ""


@dataclass(frozen=True)
class Document:
    """A PDF of the portfolio. ``layout`` is "letter" (portrait) or "slides" (16:9 landscape).

    ``header`` runs along the top of every page; for slides it is the deck's footer line.
    ``accent`` is the colour of headings, rules and slide title bands.
    """

    artifact_id: str
    filename: str
    title: str
    header: str
    pages: tuple[Page, ...]
    layout: str = "letter"
    accent: str = "#1F3A5F"


@dataclass(frozen=True)
class Media:
    """A committed recording from ``resources/media`` placed in the bundle as an artifact."""

    artifact_id: str
    resource: str  # file name inside resources/media
    title: str
    kind: str  # "video" or "audio"
    media_type: str
    duration_ms: int


@dataclass(frozen=True)
class Submission:
    """Everything one demo bundle holds, before the PDFs are rendered."""

    submission_id: str
    credential: Credential
    rubric: Rubric
    summary: str  # one line for people running the demo: who wrote it, what is special
    narratives: tuple[NarrativePart, ...]
    documents: tuple[Document, ...]
    evidence: tuple[Evidence, ...]
    media: tuple[Media, ...] = ()
    created: str = ""
    due: str | None = None
    features: tuple[str, ...] = field(default=())  # e.g. "part1-below-minimum"
