"""The built-in demo: a reference portal on loopback with sample submissions, and a fresh
workspace signed in to it as a demo assessor.

``assessor-app --demo`` calls :func:`start_demo`, opens the app on the returned workspace and
stops the portal when the app closes. Everything lives under one throw-away folder that is
wiped at each start, so the demo never touches the person's own workspace or settings.

The demo's sign-in token is kept in an in-memory keyring for the life of the process (a
loopback portal with published demo passwords has nothing worth protecting, and the demo
should leave no entry in the person's real keyring). The real app never uses it.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

from assessor_app.portal.server import setup_demo_portal, start_portal_in_thread
from assessor_app.portal.server.demo_lead_setup import seed_lead_demo
from assessor_app.portal.server.portal import open_portal
from assessor_app.portal.server.runner import RunningPortal
from assessor_app.sync.session import sign_in
from assessor_app.workspace import Workspace

DEMO_ASSESSOR = "assessor1"
# Who the demo can sign in as: two assessors on the same five submissions, and their lead,
# who also has five submissions that two other assessors scored blind, ready to reconcile.
DEMO_LEAD = "lead1"
DEMO_USERS = ("assessor1", "assessor2", DEMO_LEAD)


class DemoMemoryKeyring(KeyringBackend):
    """A keyring that keeps secrets in this process's memory only (demo mode only)."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self._items.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("no such demo secret")


@dataclass
class DemoEnvironment:
    workspace_dir: Path
    portal: RunningPortal
    username: str

    def stop(self) -> None:
        self.portal.stop()


def start_demo(root: Path, out: TextIO, user: str = DEMO_ASSESSOR) -> DemoEnvironment:
    """Wipe ``root``, build the demo portal in it, serve it on loopback, and sign a fresh
    workspace in as ``user`` (one of :data:`DEMO_USERS`). The app's first sync then downloads
    the bundles."""
    if user not in DEMO_USERS:
        raise ValueError(f"no demo user {user!r}: use one of {', '.join(DEMO_USERS)}")
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    print("Preparing the demo portal (sample credentials, submissions and media)…", file=out)
    demo = setup_demo_portal(root / "portal")
    if user == DEMO_LEAD:  # only the lead needs the pre-scored work: it costs a few seconds
        with open_portal(demo.config) as portal:
            seed_lead_demo(portal, demo.passwords[DEMO_LEAD])
    running = start_portal_in_thread(demo.config)
    try:
        keyring.set_keyring(DemoMemoryKeyring())
        workspace_dir = root / "workspace"
        with Workspace.open(workspace_dir) as workspace:
            sign_in(workspace, running.url, user, demo.passwords[user])
    except BaseException:
        running.stop()
        raise
    print(
        f"Demo portal on {running.url} with {len(demo.submission_ids)} submissions; "
        f"signed in as {user}.",
        file=out,
    )
    return DemoEnvironment(workspace_dir, running, user)
