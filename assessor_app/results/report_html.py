"""The feedback report's content as HTML for PyMuPDF's Story layout (no PyMuPDF here).

The report speaks to the candidate: the credential and the opaque submission code (never a
name), the overall result in plain words, then every judged narrative part and every detail
of every essential outcome with its level and feedback, in the rubric's reading order.

Everything that comes from a bundle or a judgment is escaped, and control characters other
than line breaks and tabs are dropped, so no text can change the markup. Section (``h2``) and
target (``h3``) headings carry ids, listed with their text in :attr:`ReportText.outline`;
:mod:`.feedback_report` finds where each landed and builds the PDF outline from them.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from assessor_app.domain.decision import narrative_word_counts, overall_result
from assessor_app.domain.model import Manifest, Rubric
from assessor_app.results.final import Decision, FinalResult, parse_finalized_at

__all__ = ["REPORT_CSS", "Heading", "ReportText", "report_html", "report_title"]

REPORT_CSS = """
body { font-family: sans-serif; font-size: 11pt; line-height: 1.4; color: #1a1a1a; margin: 0; }
h1 { font-size: 20pt; margin: 0 0 4pt 0; }
h2 { font-size: 15pt; margin: 18pt 0 6pt 0; padding-bottom: 2pt;
     border-bottom: 1pt solid #9aa3ad; }
h3 { font-size: 12.5pt; margin: 14pt 0 3pt 0; }
p { margin: 0 0 6pt 0; }
.subtitle { font-size: 12pt; color: #333333; }
.meta { font-size: 10pt; color: #3d4650; }
.result { border: 1.5pt solid #3d4650; padding: 8pt; margin: 12pt 0 6pt 0; }
.result h2 { margin-top: 0; }
ul { margin: 0 0 6pt 0; padding-left: 18pt; }
li { margin: 0 0 3pt 0; }
.statement { font-style: italic; color: #333333; }
.level { font-weight: bold; }
.words { font-size: 10pt; color: #3d4650; }
.none { color: #3d4650; font-style: italic; }
"""

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


@dataclass(frozen=True)
class Heading:
    """An outline entry: ``level`` 1 for a section, 2 for a target; ``anchor`` is the id of
    its heading element in the HTML."""

    level: int
    anchor: str
    text: str


@dataclass(frozen=True)
class ReportText:
    """The report's HTML, the metadata title and the outline that go with it."""

    title: str
    html: str
    outline: tuple[Heading, ...]


def _heading(outline: list[Heading], level: int, anchor: str, text: str) -> str:
    """The ``h2`` (level 1) or ``h3`` (level 2) element, noted in ``outline``."""
    outline.append(Heading(level, anchor, _clean(text)))
    tag = f"h{level + 1}"
    return f'<{tag} id="{anchor}">{_esc(text)}</{tag}>'


def report_title(manifest: Manifest) -> str:
    """The document title: credential and submission code, nothing about the candidate."""
    return f"{manifest.credential.title} — feedback report, submission {manifest.submission_id}"


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROL.sub("", text)


def _esc(text: str) -> str:
    return html.escape(_clean(text), quote=True)


def _paragraphs(text: str) -> str:
    """Feedback as paragraphs: a blank line starts a new one, a single line break stays."""
    chunks = [c.strip() for c in _PARAGRAPH_BREAK.split(_clean(text).strip())]
    return "".join(
        "<p>" + "<br/>".join(html.escape(line) for line in chunk.split("\n")) + "</p>"
        for chunk in chunks
        if chunk
    )


def _level_line(rubric: Rubric, decision: Decision | None) -> str:
    code = decision.level if decision else None
    if not code:
        return '<p class="level">Level: not judged</p>'
    level = rubric.level(code)
    label = level.label if level else code
    return f'<p class="level">Level: {_esc(label)}</p>'


def _feedback(decision: Decision | None) -> str:
    body = _paragraphs(decision.feedback) if decision else ""
    return body or '<p class="none">No further feedback.</p>'


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _finalized_date(final: FinalResult) -> str:
    """The day only (no time of day), in English whatever the process locale."""
    moment = parse_finalized_at(final.finalized_at)
    return f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year}"


def _result_block(manifest: Manifest, final: FinalResult, outline: list[Heading]) -> str:
    rubric = manifest.rubric
    if final.earned:
        return (
            '<div class="result">'
            + _heading(outline, 1, "result", "Result: earned")
            + "<p>The credential is earned. Every judged part of the submission and every detail "
            "of every essential outcome was found proficient.</p></div>"
        )
    judgments = {t: (d.level, d.feedback) for t, d in final.decisions.items()}
    counts = narrative_word_counts(manifest)
    outcome = overall_result(rubric, judgments, word_counts=counts)
    minimums = {p.id: p.min_words for p in rubric.judged_parts()}
    reasons = []
    for target_id in rubric.target_ids():
        why = []
        if target_id in outcome.not_proficient:
            decision = final.decisions.get(target_id)
            level = rubric.level(decision.level) if decision and decision.level else None
            why.append(level.label if level else str(decision.level if decision else ""))
        if target_id in outcome.below_minimum:
            why.append(f"{counts[target_id]:,} of the {minimums[target_id]:,} words required")
        if why:
            reasons.append(
                f"<li>{_esc(rubric.target_label(target_id))}: {_esc('; '.join(why))}</li>"
            )
    if reasons:  # empty only when the result came from elsewhere with other levels
        why_text = (
            "<p>The credential is not yet earned. These parts of the submission need more "
            f"work:</p><ul>{''.join(reasons)}</ul>"
            "<p>The feedback below says what each of them needs.</p>"
        )
    else:
        why_text = "<p>The credential is not yet earned. The feedback below says why.</p>"
    return (
        '<div class="result">'
        + _heading(outline, 1, "result", "Result: not yet earned")
        + why_text
        + "</div>"
    )


def _parts_section(manifest: Manifest, final: FinalResult, outline: list[Heading]) -> str:
    rubric = manifest.rubric
    parts = rubric.judged_parts()
    if not parts:
        return ""
    counts = narrative_word_counts(manifest)
    out = [_heading(outline, 1, "parts", "Narrative parts")]
    for n, part in enumerate(parts, start=1):
        decision = final.decisions.get(part.id)
        out.append(_heading(outline, 2, f"part-{n}", rubric.target_label(part.id)))
        out.append(_level_line(rubric, decision))
        if part.min_words is not None:
            out.append(
                f'<p class="words">Length: {counts.get(part.id, 0):,} words '
                f"(minimum {part.min_words:,})</p>"
            )
        out.append(_feedback(decision))
    return "".join(out)


def _outcomes_section(manifest: Manifest, final: FinalResult, outline: list[Heading]) -> str:
    rubric = manifest.rubric
    out = []
    for oi, outcome in enumerate(rubric.outcomes, start=1):
        title = f"Essential outcome {oi}: {outcome.title}"
        out.append(_heading(outline, 1, f"eo-{oi}", title))
        for di, detail in enumerate(outcome.details, start=1):
            decision = final.decisions.get(detail.id)
            label = rubric.target_label(detail.id)
            out.append(_heading(outline, 2, f"eo-{oi}-{di}", label))
            out.append(f'<p class="statement">{_esc(detail.text)}</p>')
            out.append(_level_line(rubric, decision))
            out.append(_feedback(decision))
    return "".join(out)


def report_html(manifest: Manifest, final: FinalResult) -> ReportText:
    """The whole report for ``final`` (which must belong to ``manifest``)."""
    credential = manifest.credential
    head = (
        f'<h1 id="title">{_esc(credential.title)}</h1>'
        f'<p class="subtitle">Feedback report for submission {_esc(manifest.submission_id)}</p>'
        f'<p class="meta">Credential {_esc(credential.id)}, version {_esc(credential.version)}'
        f" · finalized {_esc(_finalized_date(final))}</p>"
    )
    outline: list[Heading] = []
    body = (
        head
        + _result_block(manifest, final, outline)
        + _parts_section(manifest, final, outline)
        + _outcomes_section(manifest, final, outline)
    )
    return ReportText(report_title(manifest), f"<body>{body}</body>", tuple(outline))
