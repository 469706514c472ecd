"""The finalized submissions as :class:`~assessor_app.results.final.FinalResult`, for the
program office's CSV (``assessor-portal results --csv``), written by
:mod:`assessor_app.results.csv_export`.

Each comes from the ``results`` row stored when the lead finalized: the levels and the
feedback as finalized, never the rationale or anything about the assessors.
"""

from __future__ import annotations

import json

from sqlalchemy import select

from assessor_app.bundle.manifest import manifest_from_json
from assessor_app.domain.model import Manifest
from assessor_app.portal.server.db import FinalResultRow, Submission, read_session
from assessor_app.portal.server.portal import Portal
from assessor_app.results.final import Decision, FinalResult, ResultValue


def final_results(portal: Portal) -> list[tuple[Manifest, FinalResult]]:
    """Every finalized submission with its manifest, ordered by submission id."""
    out = []
    with read_session(portal.engine) as session:
        rows = session.execute(
            select(FinalResultRow, Submission.manifest_json)
            .join(Submission, Submission.id == FinalResultRow.submission_id)
            .order_by(FinalResultRow.submission_id)
        ).all()
    for row, manifest_json in rows:
        manifest = manifest_from_json(json.loads(manifest_json))
        levels: dict[str, str | None] = json.loads(row.levels_json)
        feedback: dict[str, str] = json.loads(row.feedback_json or "{}")
        result: ResultValue = "earned" if row.result == "earned" else "not_yet"
        final = FinalResult(
            submission_id=row.submission_id,
            credential=manifest.credential,
            result=result,
            finalized_at=row.finalized_at,
            decisions={
                target: Decision(level, feedback.get(target, ""))
                for target, level in levels.items()
            },
        )
        out.append((manifest, final))
    return out
