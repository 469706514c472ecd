"""The demo portal's work for ``lead1``: five submissions already scored blind by
``assessor3`` and ``assessor4`` and released to the lead (see :mod:`assessor_app.portal.demo_lead`).

Everything goes through the portal's own paths: bundle import (stripping, signing, audit),
assignment, and the two assessors' judge and submit ops (whose second submit releases the
scores). Running it again changes nothing: the op ids are fixed, so they replay.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from sqlalchemy import select

from assessor_app.bundle.reader import verify_bundle
from assessor_app.bundle.writer import write_bundle
from assessor_app.portal.demo_lead import LEAD_COPIES, PAIR, judge_ops, lead_demo_submissions
from assessor_app.portal.server.assignments import assign
from assessor_app.portal.server.bundles import import_bundle
from assessor_app.portal.server.db import Submission, read_session
from assessor_app.portal.server.errors import PortalError
from assessor_app.portal.server.ops import apply_ops
from assessor_app.portal.server.portal import Portal
from assessor_app.portal.server.users import Role, add_user, find_user

LEAD = "lead1"


def seed_lead_demo(portal: Portal, password: str) -> tuple[str, ...]:
    """Import, assign and score the lead's demo submissions; return their ids."""
    from assessor_app.portal.demo import bundle_name, demo_manifest
    from assessor_app.portal.demo_content import SUBMISSIONS

    for name in PAIR:
        if find_user(portal, name) is None:
            add_user(portal, name, Role.ASSESSOR.value, password)
    copies = lead_demo_submissions(SUBMISSIONS)
    ids = tuple(s.submission_id for s in copies)
    with read_session(portal.engine) as session:
        present = set(session.scalars(select(Submission.id).where(Submission.id.in_(ids))))
    with tempfile.TemporaryDirectory(prefix="demo-lead-") as tmp:
        for submission in copies:
            if submission.submission_id in present:
                continue
            manifest, files = demo_manifest(submission)
            path = Path(tmp) / bundle_name(submission.submission_id)
            write_bundle(path, manifest, files)
            import_bundle(portal, path)
    for sid in ids:
        for name in (*PAIR, LEAD):
            assign(portal, sid, name)
    for sid in ids:
        manifest = verify_bundle(portal.bundle_path(_sha(portal, sid))).manifest
        for name in PAIR:
            caller = find_user(portal, name)
            if caller is None:  # pragma: no cover - added above
                raise PortalError(f"demo user {name} is missing")
            for result in apply_ops(portal, caller, judge_ops(manifest, name)):
                if result.get("status") not in ("applied", "unchanged"):
                    raise PortalError(f"demo scores for {sid} were refused: {result}")
    return ids


def _sha(portal: Portal, submission_id: str) -> str:
    with read_session(portal.engine) as session:
        sha = session.scalar(select(Submission.bundle_sha256).where(Submission.id == submission_id))
    if sha is None:
        raise PortalError(f"demo submission {submission_id} was not imported")
    return str(sha)


__all__ = ["LEAD", "LEAD_COPIES", "seed_lead_demo"]
