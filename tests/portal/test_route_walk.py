"""An authorization walk over every route of the portal's app, as each assessor, the lead,
the admin and an anonymous caller, once both blind scores were released to the lead and an
identity report was filed: no assessor ever receives the other assessor's judgments,
comments, timestamps, versions, name, or whether they submitted, nor anything of the lead's.

The routes are read from the app itself (``app.routes``); a route this walk does not know
fails the test until a caller for it is added below.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from lead_world import (
    A_WORDS,
    B_WORDS,
    LEAD_WORDS,
    blind_ops,
    judge_and_submit,
    lead_judge,
)
from sqlalchemy import select
from support.portal import (
    GUESSED,
    S1,
    S2,
    S3,
    Api,
    World,
    clear,
    judge,
    new_id,
    password_of,
    submit,
)

from assessor_app.portal.server.db import IdentityReport, User, read_session
from assessor_app.portal.server.portal import open_portal
from assessor_app.portal.server.scores import all_scores

ROLES = ("assessorA", "assessorB", "lead1", "admin1", "anonymous")
SIDS = (S1, S2, S3, GUESSED)
A_NOTE, B_NOTE = "Sandpiper-crest-1184", "Juniper-quarry-2290"
ISO_TIME = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")
Caller = Callable[[Api, str], None]


def _ops_for(sid: str, name: str) -> list[dict[str, Any]]:
    """Every kind of op against ``sid``: judge, clear, submit, identity report, reassign."""
    note = A_NOTE if name == "assessorA" else B_NOTE
    return [
        judge(sid, "eo1.1", "P", f"walk by {name}"),
        lead_judge(sid, "eo1.2", "N", "walk", f"{LEAD_WORDS} walk rationale"),
        clear(sid, "eo2.1"),
        {"op_id": new_id(), "kind": "report_identity", "submission_id": sid,
         "where": "walk", "note": f"{note} walk"},
        {"op_id": new_id(), "kind": "reassign", "submission_id": sid,
         "from_user": "assessorB", "to_user": "nobody"},
        submit(sid),
    ]  # fmt: skip


def _changes(api: Api, _name: str) -> None:
    top = api.request("GET", "/api/v1/changes").json().get("cursor", 0) or 0
    for since in range(0, int(top) + 3):
        api.request("GET", "/api/v1/changes", params={"since": since})
        api.request("GET", "/api/v1/changes", params={"since": since, "limit": 1})
    api.request("GET", "/api/v1/changes", params={"since": 10**12})


def _ops(api: Api, name: str) -> None:
    for sid in SIDS:
        api.post_ops(*_ops_for(sid, name))
    # replays of the other assessor's op ids, and the base of someone else's row
    for other in ("assessorA", "assessorB"):
        api.post_ops(*blind_ops(other))
    api.post_ops(judge(S1, "eo1.1", "P", "", base=1))


def _bundle(method: str) -> Caller:
    def call(api: Api, _name: str) -> None:
        for sid in SIDS:
            path = f"/api/v1/bundles/{sid}"
            api.request(method, path)
            api.request(method, path, headers={"Range": "bytes=10-"})
            api.request(method, path, headers={"Range": "bytes=-5", "If-Range": '"nope"'})

    return call


def _login(api: Api, name: str) -> None:
    user = name if name != "anonymous" else "assessorB"
    api.request("POST", "/api/v1/login", json={"username": user, "password": "wrong"})
    if name != "anonymous":
        own = {"username": name, "password": password_of(name), "device": "walk"}
        api.request("POST", "/api/v1/login", json=own)


CALLERS: dict[tuple[str, str], Caller] = {
    ("GET", "/api/v1/openapi.json"): lambda api, _n: (
        api.request("GET", "/api/v1/openapi.json") and None
    ),
    ("HEAD", "/api/v1/openapi.json"): lambda api, _n: (
        api.request("HEAD", "/api/v1/openapi.json") and None
    ),
    ("POST", "/api/v1/login"): _login,
    ("GET", "/api/v1/changes"): _changes,
    ("POST", "/api/v1/ops"): _ops,
    ("GET", "/api/v1/assessors"): lambda api, _n: api.request("GET", "/api/v1/assessors") and None,
    ("GET", "/api/v1/bundles/{submission_id}"): _bundle("GET"),
    ("HEAD", "/api/v1/bundles/{submission_id}"): _bundle("HEAD"),
    # last: it ends the caller's session
    ("POST", "/api/v1/logout"): lambda api, _n: api.request("POST", "/api/v1/logout") and None,
}


def _routes(world: World) -> set[tuple[str, str]]:
    found = set()
    for route in world.running.app.routes:
        for method in getattr(route, "methods", None) or ():
            found.add((method, getattr(route, "path", "")))
    return found


def _numbers(raw: bytes) -> set[int]:
    """Every ``version`` in a JSON answer, and a feed's ``cursor`` when it carried changes."""
    try:
        data = json.loads(raw)
    except ValueError:
        return set()
    found: set[int] = set()
    if isinstance(data, dict) and data.get("changes"):
        found.add(data["cursor"])

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "version" and isinstance(value, int):
                    found.add(value)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(data)
    return found


def _traces(world: World, name: str) -> tuple[set[bytes], set[int]]:
    """What belongs to ``name`` alone: its words, timestamps and notes, and its versions."""
    with open_portal(world.config) as portal:
        scores = all_scores(portal)
        with read_session(portal.engine) as session:
            reports = session.scalars(
                select(IdentityReport)
                .join(User, User.id == IdentityReport.reporter_id)
                .where(User.name == name)
            ).all()
    words: set[bytes] = {name.encode()}
    versions: set[int] = set()
    for a in scores["assignments"]:
        if a["user"] == name:
            versions.add(a["version"])
            if a["submitted_at"]:
                words.add(a["submitted_at"].encode())
    for j in scores["judgments"]:
        if j["user"] == name:
            versions.add(j["version"])
            words.add(j["updated_at"].encode())
            if j["comment"]:
                words.add(j["comment"].encode())
    for r in reports:
        versions.add(r.version)
        words.add(r.note.encode())
    return words, versions


def test_every_route_as_every_role_keeps_the_assessors_blind(world: World) -> None:
    routes = _routes(world)
    assert routes == set(CALLERS), (
        f"routes the walk does not cover: {sorted(routes - set(CALLERS))}; "
        f"callers of routes that are gone: {sorted(set(CALLERS) - routes)}"
    )
    # both assessors submitted (released), each filed an identity report, the lead judged
    judge_and_submit(world, "assessorA")
    judge_and_submit(world, "assessorB")
    for name, note in (("assessorA", A_NOTE), ("assessorB", B_NOTE)):
        filed = world.as_(name).op(
            {"op_id": new_id(), "kind": "report_identity", "submission_id": S1,
             "where": "Portfolio p. 2", "note": note}
        )  # fmt: skip
        assert filed["status"] == "applied"
    lead = world.as_("lead1")
    assert lead.op(lead_judge(S1, "eo1.1", "N", "Minutes.", f"{LEAD_WORDS} why"))["status"] == (
        "applied"
    )
    lead_seen_before = lead.changes(0)
    assert {c["type"] for c in lead_seen_before["changes"]} >= {"blind_scores", "identity_report"}

    for name in ROLES:
        api = world.as_(name)
        api.raw.clear()
        for key in CALLERS:
            CALLERS[key](api, name)

    a_words, a_versions = _traces(world, "assessorA")
    b_words, b_versions = _traces(world, "assessorB")
    lead_words = {LEAD_WORDS.encode()}
    for me, other_words, other_versions in (
        ("assessorA", b_words, b_versions),
        ("assessorB", a_words, a_versions),
    ):
        raw = world.as_(me).raw
        everything = b"\n".join(raw)
        for secret in other_words | lead_words:
            assert secret not in everything, (me, secret)
        answers = b"\n".join(r for r in raw if not r.startswith(b'{"openapi"'))  # not the schema
        for marker in (b"blind_scores", b"identity_report", b"submitted_at", b"updated_at",
                       b"reported_at"):  # fmt: skip
            assert marker not in answers, (me, marker)
        assert b'"released":true' not in everything.replace(b" ", b"")
        assert ISO_TIME.search(b"\n".join(r for r in raw if r.startswith(b'{"'))) is None, me
        seen: set[int] = set()
        for one in raw:
            seen |= _numbers(one)
        assert not (seen & other_versions), (me, sorted(seen & other_versions))
    # the walk reached what it was meant to: the lead sees both, the admin the names
    lead_raw = b"\n".join(world.as_("lead1").raw)
    assert A_WORDS.encode() in lead_raw and B_WORDS.encode() in lead_raw
    assert A_NOTE.encode() in lead_raw and B_NOTE.encode() in lead_raw
    assert b"assessorB" in b"\n".join(world.as_("admin1").raw)
    # anonymous: nothing but the document and a refused login
    anonymous = world.as_("anonymous")
    for key in CALLERS:
        anonymous.raw.clear()
        CALLERS[key](anonymous, "anonymous")
        bodies = [r for r in anonymous.raw if r.startswith(b'{"')]
        if key[1] in ("/api/v1/openapi.json",):
            continue
        assert all(b'"error"' in body for body in bodies), key
        assert not any(w in b"".join(anonymous.raw) for w in a_words | b_words)
