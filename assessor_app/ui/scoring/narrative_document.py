"""The narrative of one part as a read-only document: prompts as headings, answers below.

Built once per part (and again only when the palette or the font changes). For each prompt of
the part: the prompt as a set-off heading with its answer's word count, then the candidate's
sections for that prompt in order, or a muted "No answer to this prompt"; sections tied to no
prompt come last under "Other text". Every number shown comes from
:func:`~assessor_app.domain.wordcount.count_words`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtGui import QFont, QTextBlockFormat, QTextDocument, QTextListFormat

from assessor_app.domain.model import Manifest, NarrativePart, NarrativeSection, Part, PartKind
from assessor_app.domain.wordcount import WordCountStatus, count_words, word_count_status
from assessor_app.ui.scoring.narrative_writer import (
    ANSWER,
    HEADING,
    LABEL,
    NOTICE,
    PROMPT_ID,
    ROLE,
    DocumentWriter,
    Style,
    new_document,
    paragraphs,
    words,
)

__all__ = [
    "ANSWER",
    "HEADING",
    "LABEL",
    "NOTICE",
    "NO_ANSWER",
    "OTHER_TEXT",
    "PROMPT_ID",
    "PartDocument",
    "Style",
    "answer_text_between",
    "block_role",
    "build_overview_document",
    "build_part_document",
    "words",
]

NO_ANSWER = "No answer to this prompt"
OTHER_TEXT = "Other text"
NO_TEXT = "No text was submitted for this part."


@dataclass
class PartDocument:
    """A built document plus the counts it shows (``part`` None: the overview)."""

    document: QTextDocument
    part: Part | None
    total: int = 0
    status: WordCountStatus | None = None
    prompt_counts: dict[str, int] = field(default_factory=dict)
    unanswered: tuple[str, ...] = ()


def _header(w: DocumentWriter, title: str, meta: str, instructions: str) -> None:
    w.paragraph(title, w.block(HEADING, bottom=0.2, line_height=120), w.char(size=2, bold=True))
    if meta:
        w.paragraph(meta, w.block(LABEL, bottom=0.5), w.char(size=-1, color=w.style.muted))
    if instructions:
        for para in paragraphs(instructions):
            w.paragraph(para, w.block(LABEL, bottom=0.4), w.char(italic=True))
    w.rule()


def _part_meta(part: Part) -> str:
    bits = []
    if part.min_words is not None:
        bits.append(f"Minimum {words(part.min_words)}")
    if part.prompts:
        n = len(part.prompts)
        bits.append(f"{n} guiding prompt{'s' if n != 1 else ''}")
    return "  ·  ".join(bits)


def build_part_document(
    part: Part, narrative: NarrativePart | None, style: Style, base: QFont
) -> PartDocument:
    doc = new_document(base)
    w = DocumentWriter(doc, style)
    total = count_words(narrative.text) if narrative is not None else 0
    status = word_count_status(total, part.min_words)
    _header(w, part.title, _part_meta(part), part.instructions)

    sections = list(narrative.sections) if narrative is not None else []
    prompt_ids = {p.id for p in part.prompts}
    counts: dict[str, int] = {}
    unanswered: list[str] = []
    label_fmt = w.char(size=-1, bold=True, color=style.accent, caps=True)
    count_fmt = w.char(size=-1, color=style.muted)
    heading_fmt = w.char(size=1, bold=True)

    for n, prompt in enumerate(part.prompts, start=1):
        answers = [s for s in sections if s.prompt_id == prompt.id]
        count = count_words("\n\n".join(s.text for s in answers))
        counts[prompt.id] = count
        answered = count > 0
        tally = words(count) if answered else "no answer"
        w.callout(
            [
                [(f"Prompt {n} of {len(part.prompts)}", label_fmt), (f"   ·   {tally}", count_fmt)],
                [(prompt.text, heading_fmt)],
            ],
            [LABEL, HEADING],
            prompt_id=prompt.id,
            anchor=f"prompt-{prompt.id}",
        )
        if answered:
            w.answer(answers, prompt.id)
        else:
            unanswered.append(prompt.id)
            w.notice(NO_ANSWER, prompt.id)

    other = [s for s in sections if s.prompt_id is None or s.prompt_id not in prompt_ids]
    if other and part.prompts:
        count = count_words("\n\n".join(s.text for s in other))
        w.callout(
            [[(OTHER_TEXT, heading_fmt), (f"   ·   {words(count)}", count_fmt)]],
            [HEADING],
            anchor="other-text",
            neutral=True,
        )
        w.answer(other)
    elif other:
        w.answer(other)
    if not sections and not part.prompts:
        w.notice(NO_TEXT)
    return PartDocument(doc, part, total, status, counts, tuple(unanswered))


def build_overview_document(
    manifest: Manifest, totals: dict[str, int], style: Style, base: QFont
) -> PartDocument:
    doc = new_document(base)
    w = DocumentWriter(doc, style)
    cred = manifest.credential
    meta = "  ·  ".join(b for b in (f"Version {cred.version}", cred.stack) if b)
    _header(w, cred.title, meta, "")
    if cred.overview:
        w.answer([NarrativeSection(None, cred.overview)])
    w.paragraph(
        "Parts of this submission",
        w.block(HEADING, top=1.0, bottom=0.4, line_height=120),
        w.char(size=1, bold=True),
    )
    muted = w.char(color=style.muted)
    small_muted = w.char(size=-1, color=style.muted)
    for part in manifest.rubric.parts:
        w.paragraph(part.title, w.block(HEADING, top=0.8, bottom=0.15), w.char(bold=True))
        if part.kind is PartKind.NARRATIVE:
            status = word_count_status(totals.get(part.id, 0), part.min_words)
            color = (
                style.muted if part.min_words is None else style.met if status.met else style.short
            )
            bits = [(status.text, w.char(size=-1, color=color))]
            if part.prompts:
                bits.append((f"  ·  {len(part.prompts)} prompts", small_muted))
            w.runs(bits, w.block(LABEL, bottom=0.3))
        else:
            w.paragraph(
                "Portfolio: evidence cited per detail",
                w.block(LABEL, bottom=0.3),
                small_muted,
            )
        for para in paragraphs(part.instructions):
            w.paragraph(para, w.block(LABEL, bottom=0.3), muted)
        if part.prompts:
            list_fmt = QTextListFormat()
            list_fmt.setStyle(QTextListFormat.Style.ListDecimal)
            list_fmt.setIndent(1)
            text_list = None
            for prompt in part.prompts:
                w.paragraph(prompt.text, w.block(LABEL, bottom=0.2), w.char())
                if text_list is None:
                    text_list = w.cursor.createList(list_fmt)
                else:
                    text_list.add(w.cursor.block())
    return PartDocument(doc, None)


def block_role(block_format: QTextBlockFormat) -> str:
    value = block_format.property(ROLE)
    return value if isinstance(value, str) else ""


def answer_text_between(document: QTextDocument, start: int, end: int) -> str:
    """The candidate's words between two document positions (prompts and labels left out).

    Cost is proportional to the blocks inside the range, not to the document.
    """
    if end < start:
        start, end = end, start
    if start == end:
        return ""
    pieces: list[str] = []
    block = document.findBlock(start)
    while block.isValid() and block.position() < end:
        if block_role(block.blockFormat()) == ANSWER:
            offset = block.position()
            text = block.text()
            pieces.append(text[max(0, start - offset) : max(0, end - offset)])
        block = block.next()
    return "\n".join(pieces)
