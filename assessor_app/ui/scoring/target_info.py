"""What the scoring panes say about one judgment target, read from the session.

Pure reads over :class:`ScoringSession`: the status of a target, why it needs attention, and the
labels the list and the detail view share. No widgets here.
"""

from __future__ import annotations

from dataclasses import dataclass

from assessor_app.domain.citations import CitationProblem
from assessor_app.domain.decision import has_feedback
from assessor_app.domain.model import Detail, Outcome, Part
from assessor_app.ui.scoring.session import ScoringSession
from assessor_app.ui.scoring.tones import TargetStatus


@dataclass(frozen=True)
class Located:
    """A target with its place in the rubric: a judged part, or a detail under its outcome."""

    target_id: str
    part: Part | None = None
    outcome: Outcome | None = None
    outcome_number: int = 0
    detail: Detail | None = None
    detail_number: int = 0

    @property
    def number(self) -> str:
        """ "1.2" for the second detail of EO1; "" for parts."""
        return f"{self.outcome_number}.{self.detail_number}" if self.detail else ""

    @property
    def row_text(self) -> str:
        if self.part is not None:
            return self.part.title
        assert self.detail is not None
        return f"{self.number}  {self.detail.text}"

    @property
    def spoken(self) -> str:
        if self.part is not None:
            return self.part.title
        assert self.detail is not None and self.outcome is not None
        return f"Detail {self.number} of EO{self.outcome_number}: {self.detail.text}"


def outcome_heading(number: int, outcome: Outcome) -> str:
    return f"EO{number}  {outcome.title}"


def locate(session: ScoringSession, target_id: str) -> Located:
    rubric = session.rubric
    for part in rubric.judged_parts():
        if part.id == target_id:
            return Located(target_id, part=part)
    for oi, outcome in enumerate(rubric.outcomes, start=1):
        for di, detail in enumerate(outcome.details, start=1):
            if detail.id == target_id:
                return Located(target_id, None, outcome, oi, detail, di)
    return Located(target_id)


def status_of(session: ScoringSession, target_id: str) -> TargetStatus:
    state = session.state(target_id)
    if state.level is None:
        return TargetStatus.UNJUDGED
    level = session.rubric.level(state.level)
    return TargetStatus.PROFICIENT if level and level.proficient else TargetStatus.NOT_YET


def needs_feedback(session: ScoringSession, target_id: str) -> bool:
    """A not-yet judgment whose feedback is still blank."""
    return status_of(session, target_id) is TargetStatus.NOT_YET and not has_feedback(
        session.state(target_id).comment
    )


def problems_of(session: ScoringSession, target_id: str) -> list[CitationProblem]:
    return [p for p in session.submission.citation_problems if p.detail_id == target_id]


def warnings_of(session: ScoringSession, target_id: str) -> list[str]:
    """Why a row carries a warning mark, one short sentence each."""
    found: list[str] = []
    if needs_feedback(session, target_id):
        found.append("Feedback is missing")
    problems = problems_of(session, target_id)
    if len(problems) == 1:
        found.append(f"Citation problem: {problems[0].message}")
    elif problems:
        found.append(f"{len(problems)} citation problems")
    return found
