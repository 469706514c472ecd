"""Helpers of the portal tests: a real portal served on loopback from a thread, with four
people and three sample submissions (:func:`make_world`), HTTP clients (httpx) signed in as
each person (:class:`Api`), and builders of ops. The fixtures are in tests/portal/conftest.py.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from assessor_app.portal.server import (
    PasswordPolicy,
    PortalConfig,
    RunningPortal,
    start_portal_in_thread,
)
from assessor_app.portal.server.assignments import assign
from assessor_app.portal.server.bundles import import_bundle
from assessor_app.portal.server.portal import open_portal
from assessor_app.portal.server.users import add_user

# Argon2id still, at a cost that lets a test sign in a dozen times in well under a second.
FAST_PASSWORDS = PasswordPolicy(time_cost=1, memory_cost_kib=64, parallelism=1)

S1, S2, S3 = "SUB-SHARED-0001", "SUB-AONLY-0002", "SUB-NOBODY-0003"
GUESSED = "SUB-GUESS-9999"
TARGETS = ("part1", "part3", "eo1.1", "eo1.2", "eo2.1")
PEOPLE = {
    "assessorA": "assessor",
    "assessorB": "assessor",
    "lead1": "lead",
    "admin1": "admin",
}


def password_of(name: str) -> str:
    return f"pw-{name}-secret"


def fast_config(data_dir: Path, db_url: str | None = None, **kw: Any) -> PortalConfig:
    return PortalConfig(data_dir=data_dir, db_url=db_url, passwords=FAST_PASSWORDS, **kw)


# --- ops ---------------------------------------------------------------------------------------
def new_id() -> str:
    return str(uuid.uuid4())


def judge(
    sid: str,
    target: str,
    level: str,
    comment: str = "",
    base: int | None = 0,
    op_id: str | None = None,
) -> dict[str, Any]:
    op: dict[str, Any] = {
        "op_id": op_id or new_id(),
        "kind": "judge",
        "submission_id": sid,
        "target_id": target,
        "level": level,
        "comment": comment,
    }
    if base is not None:
        op["base_version"] = base
    return op


def clear(sid: str, target: str, base: int = 0, op_id: str | None = None) -> dict[str, Any]:
    return {
        "op_id": op_id or new_id(),
        "kind": "clear",
        "submission_id": sid,
        "target_id": target,
        "base_version": base,
    }


def submit(sid: str, op_id: str | None = None) -> dict[str, Any]:
    return {"op_id": op_id or new_id(), "kind": "submit", "submission_id": sid}


def submittable(sid: str, comment: str = "Write the reflection at its full length.") -> list[Any]:
    """Judgments that make the sample submittable (Part 3 is short: not yet, with feedback)."""
    ops = [judge(sid, t, "P") for t in ("part1", "eo1.1", "eo1.2", "eo2.1")]
    ops.append(judge(sid, "part3", "N", comment))
    return ops


# --- clients -----------------------------------------------------------------------------------
class Api:
    """An httpx client of the running portal, signed in as one person (or anonymous)."""

    def __init__(self, url: str, token: str | None = None) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.http = httpx.Client(base_url=url, headers=headers, timeout=30)
        self.token = token
        self.raw: list[bytes] = []  # every response body this client received

    def request(self, method: str, path: str, **kw: Any) -> httpx.Response:
        response = self.http.request(method, path, **kw)
        self.raw.append(response.content)
        self.raw.append(str(dict(response.headers)).encode())
        return response

    def changes(self, since: int = 0, limit: int | None = None) -> dict[str, Any]:
        params: dict[str, Any] = {"since": since}
        if limit is not None:
            params["limit"] = limit
        response = self.request("GET", "/api/v1/changes", params=params)
        assert response.status_code == 200, response.text
        data: dict[str, Any] = response.json()
        return data

    def all_changes(self) -> list[dict[str, Any]]:
        return list(self.changes(0)["changes"])

    def post_ops(self, *ops: Any) -> httpx.Response:
        return self.request("POST", "/api/v1/ops", json={"ops": list(ops)})

    def ops(self, *ops: Any) -> list[dict[str, Any]]:
        response = self.post_ops(*ops)
        assert response.status_code == 200, response.text
        results: list[dict[str, Any]] = response.json()["results"]
        assert len(results) == len(ops)
        return results

    def op(self, op: Any) -> dict[str, Any]:
        return self.ops(op)[0]

    def close(self) -> None:
        self.http.close()


def login(url: str, name: str, password: str | None = None) -> httpx.Response:
    return httpx.post(
        f"{url}/api/v1/login",
        json={"username": name, "password": password or password_of(name), "device": "test"},
        timeout=30,
    )


@dataclass
class World:
    running: RunningPortal
    config: PortalConfig
    clients: dict[str, Api] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return self.running.url

    def as_(self, name: str) -> Api:
        if name not in self.clients:
            if name == "anonymous":
                self.clients[name] = Api(self.url)
            else:
                response = login(self.url, name)
                assert response.status_code == 200, response.text
                self.clients[name] = Api(self.url, response.json()["token"])
        return self.clients[name]

    def close(self) -> None:
        for client in self.clients.values():
            client.close()
        self.running.stop()


def populate(config: PortalConfig, bundles: dict[str, Path]) -> None:
    """S1: A, B and the lead; S2: A only; S3: imported, nobody's."""
    with open_portal(config) as portal:
        for name, role in PEOPLE.items():
            add_user(portal, name, role, password_of(name))
        for path in bundles.values():
            import_bundle(portal, path)
        for name in ("assessorA", "assessorB", "lead1"):
            assign(portal, S1, name)
        assign(portal, S2, "assessorA", due="2026-12-24")


def make_world(tmp_path: Path, bundles: dict[str, Path], db_url: str | None) -> Iterator[World]:
    config = fast_config(tmp_path / "portal", db_url)
    populate(config, bundles)
    yield from serve_world(config)


def serve_world(config: PortalConfig) -> Iterator[World]:
    world = World(start_portal_in_thread(config), config)
    try:
        yield world
    finally:
        world.close()


def copy_world(template: PortalConfig, tmp_path: Path, db_url: str | None) -> PortalConfig:
    """A copy of a populated portal: its data folder (signing key, bundles, SQLite database)
    copied, and ``db_url`` (a copy of the template's PostgreSQL database) when given."""
    data = tmp_path / "portal"
    shutil.copytree(template.data_dir, data)
    return fast_config(data, db_url)
