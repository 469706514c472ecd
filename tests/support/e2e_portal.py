"""A demo portal on loopback for end-to-end tests, and helpers that drive both sides as
people do: ``assessor-portal`` for the administrator and ``assessor-app`` (its CLI, with the
real keyring) for each workstation. Used by tests/sync/test_sync_e2e.py and
test_lead_e2e.py; the ``demo_template`` and ``h`` fixtures are in tests/sync/conftest.py."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from assessor_app.cli import main as app_main
from assessor_app.portal.cli import main as portal_main
from assessor_app.portal.server import PortalConfig, RunningPortal, start_portal_in_thread
from assessor_app.sync import credentials
from assessor_app.workspace import Workspace


@dataclass
class Run:
    rc: int
    out: str
    err: str


class Harness:
    """A portal serving a copy of the demo data, and helpers to drive both sides."""

    def __init__(self, root: Path, template: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.root = root
        self.data = root / "portal"
        shutil.copytree(template, self.data)
        self.config = PortalConfig(data_dir=self.data)
        self.monkeypatch = monkeypatch
        self.running: RunningPortal | None = start_portal_in_thread(self.config)
        self.url = self.running.url
        self.port = int(self.url.rsplit(":", 1)[1])
        self.signed_in: list[tuple[str, str]] = []

    # -- the portal ----------------------------------------------------------------------------
    def stop(self) -> None:
        if self.running is not None:
            self.running.stop()
            self.running = None

    def start(self) -> None:
        assert self.running is None
        self.running = start_portal_in_thread(self.config, "127.0.0.1", self.port)
        assert self.running.url == self.url

    def portal(self, *args: str, stdin: str = "") -> Run:
        return self._run(portal_main, [*args, "--data", str(self.data)], stdin)

    def scores(self) -> dict[str, Any]:
        run = self.portal("scores", "--json")
        assert run.rc == 0, run.err
        data: dict[str, Any] = json.loads(run.out)
        return data

    def judgments_of(self, user: str, submission_id: str | None = None) -> list[dict[str, Any]]:
        return [
            j
            for j in self.scores()["judgments"]
            if j["user"] == user and (submission_id is None or j["submission_id"] == submission_id)
        ]

    # -- the workstation -----------------------------------------------------------------------
    def ws_dir(self, name: str) -> Path:
        return self.root / name

    def app(self, ws: str, *args: str, stdin: str = "") -> Run:
        return self._run(app_main, ["--data-dir", str(self.ws_dir(ws)), *args], stdin)

    def login(self, ws: str, user: str, password: str = "demo") -> Run:
        run = self.app(
            ws, "login", "--server", self.url, "--user", user, "--password-stdin", stdin=password
        )
        if run.rc == 0:
            self.signed_in.append((self.url, user))
        return run

    def sync(self, ws: str) -> Run:
        return self.app(ws, "sync")

    @contextlib.contextmanager
    def open(self, ws: str) -> Iterator[Workspace]:
        with Workspace.open(self.ws_dir(ws)) as opened:
            yield opened

    def _run(self, fn: Any, argv: list[str], stdin: str) -> Run:
        out, err = io.StringIO(), io.StringIO()
        self.monkeypatch.setattr(sys, "stdin", io.StringIO(stdin + "\n"))
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            rc = fn(argv)
        return Run(rc, out.getvalue(), err.getvalue())

    def close(self) -> None:
        self.stop()
        for server, user in self.signed_in:
            with contextlib.suppress(Exception):
                credentials.delete_token(server, user)
