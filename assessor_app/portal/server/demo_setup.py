"""A demo portal: three people and the demo bundles, ready to score (``assessor-portal
demo-setup``; the desktop app's ``--demo`` mode calls :func:`setup_demo_portal`).

``assessor1`` and ``assessor2`` (assessors) each get every demo submission, ``lead1`` (lead)
leads them all; every password is ``demo``. Running it again changes nothing.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from assessor_app.portal.server.assignments import assign
from assessor_app.portal.server.bundles import import_bundle
from assessor_app.portal.server.config import PortalConfig
from assessor_app.portal.server.db import Submission, read_session
from assessor_app.portal.server.portal import Portal, open_portal
from assessor_app.portal.server.users import Role, add_user, find_user

DEMO_PASSWORD = "demo"


@dataclass(frozen=True)
class DemoUser:
    name: str
    role: str
    password: str


DEMO_USERS = (
    DemoUser("assessor1", Role.ASSESSOR.value, DEMO_PASSWORD),
    DemoUser("assessor2", Role.ASSESSOR.value, DEMO_PASSWORD),
    DemoUser("lead1", Role.LEAD.value, DEMO_PASSWORD),
)


@dataclass(frozen=True)
class DemoPortal:
    config: PortalConfig
    users: tuple[DemoUser, ...]
    submission_ids: tuple[str, ...]

    @property
    def passwords(self) -> dict[str, str]:
        """user name -> password."""
        return {u.name: u.password for u in self.users}


def setup_demo_portal(
    data_dir: Path, *, db_url: str | None = None, config: PortalConfig | None = None
) -> DemoPortal:
    """Make (or complete) the demo portal in ``data_dir``; idempotent. Raises PortalError
    (and OSError, BundleError, DemoMediaMissing for a broken installation)."""
    from assessor_app.portal.demo_content import SUBMISSIONS

    config = config or PortalConfig(data_dir=Path(data_dir), db_url=db_url)
    ids = tuple(s.submission_id for s in SUBMISSIONS)
    with open_portal(config) as portal:
        for user in DEMO_USERS:
            if find_user(portal, user.name) is None:
                add_user(portal, user.name, user.role, user.password)
        if not _all_imported(portal, ids):
            _import_demo_bundles(portal)
        for sid in ids:
            for user in DEMO_USERS:
                assign(portal, sid, user.name)
    return DemoPortal(config=config, users=DEMO_USERS, submission_ids=ids)


def _all_imported(portal: Portal, ids: tuple[str, ...]) -> bool:
    with read_session(portal.engine) as session:
        found = set(session.scalars(select(Submission.id).where(Submission.id.in_(ids))))
    return found == set(ids) and all(
        portal.bundle_path(sha).is_file() for sha in _bundle_shas(portal, ids)
    )


def _bundle_shas(portal: Portal, ids: tuple[str, ...]) -> list[str]:
    with read_session(portal.engine) as session:
        return list(session.scalars(select(Submission.bundle_sha256).where(Submission.id.in_(ids))))


def _import_demo_bundles(portal: Portal) -> None:
    from assessor_app.portal.demo import write_demo_bundles  # renders PDFs: PyMuPDF

    with tempfile.TemporaryDirectory(prefix="demo-bundles-") as tmp:
        for path in write_demo_bundles(Path(tmp)):
            import_bundle(portal, path)
