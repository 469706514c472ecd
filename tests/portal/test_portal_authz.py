"""Who may do what: every role against every endpoint (including ids that are someone
else's, nobody's or guessed), and blindness: nothing of assessor A's work ever reaches
assessor B (or the lead, before both assessors submitted) in any answer B can obtain."""

from __future__ import annotations

import json
import re
from typing import Any

from support.portal import GUESSED, S1, S2, S3, TARGETS, Api, World, clear, judge, new_id, submit

ROLES = ("anonymous", "assessorA", "assessorB", "lead1", "admin1")


def _status_of_op(api: Api, sid: str) -> object:
    response = api.post_ops(judge(sid, "eo1.1", "P", "matrix"))
    if response.status_code != 200:
        return response.status_code
    return response.json()["results"][0]["status"]


def test_authorization_matrix(world: World) -> None:
    expected: dict[str, dict[str, object]] = {
        "anonymous": {"changes": 401, "ops S1": 401, "ops S2": 401, "ops S3": 401,
                      "ops guessed": 401, "GET S1": 401, "HEAD S1": 401, "GET S2": 401,
                      "GET S3": 401, "GET guessed": 401, "RANGE S2": 401, "openapi": 200,
                      "logout": 401},
        "assessorA": {"changes": 200, "ops S1": "applied", "ops S2": "applied",
                      "ops S3": "forbidden", "ops guessed": "forbidden", "GET S1": 200,
                      "HEAD S1": 200, "GET S2": 200, "GET S3": 404, "GET guessed": 404,
                      "RANGE S2": 206, "openapi": 200, "logout": 204},
        "assessorB": {"changes": 200, "ops S1": "applied", "ops S2": "forbidden",
                      "ops S3": "forbidden", "ops guessed": "forbidden", "GET S1": 200,
                      "HEAD S1": 200, "GET S2": 404, "GET S3": 404, "GET guessed": 404,
                      "RANGE S2": 404, "openapi": 200, "logout": 204},
        "lead1": {"changes": 200, "ops S1": "locked", "ops S2": "forbidden",
                  "ops S3": "forbidden", "ops guessed": "forbidden", "GET S1": 200,
                  "HEAD S1": 200, "GET S2": 404, "GET S3": 404, "GET guessed": 404,
                  "RANGE S2": 404, "openapi": 200, "logout": 204},
        "admin1": {"changes": 200, "ops S1": "forbidden", "ops S2": "forbidden",
                   "ops S3": "forbidden", "ops guessed": "forbidden", "GET S1": 404,
                   "HEAD S1": 404, "GET S2": 404, "GET S3": 404, "GET guessed": 404,
                   "RANGE S2": 404, "openapi": 200, "logout": 204},
    }  # fmt: skip
    actual: dict[str, dict[str, object]] = {}
    for role in ROLES:
        api = world.as_(role)
        row: dict[str, object] = {
            "changes": api.request("GET", "/api/v1/changes").status_code,
            "ops S1": _status_of_op(api, S1),
            "ops S2": _status_of_op(api, S2),
            "ops S3": _status_of_op(api, S3),
            "ops guessed": _status_of_op(api, GUESSED),
        }
        for sid, label in ((S1, "S1"), (S2, "S2"), (S3, "S3"), (GUESSED, "guessed")):
            row[f"GET {label}"] = api.request("GET", f"/api/v1/bundles/{sid}").status_code
        row["HEAD S1"] = api.request("HEAD", f"/api/v1/bundles/{S1}").status_code
        row["RANGE S2"] = api.request(
            "GET", f"/api/v1/bundles/{S2}", headers={"Range": "bytes=3-"}
        ).status_code
        row["openapi"] = api.request("GET", "/api/v1/openapi.json").status_code
        row["logout"] = api.request("POST", "/api/v1/logout").status_code
        actual[role] = {key: row[key] for key in expected[role]}
    assert actual == expected


A_COMMENT = "Zebra-quartz-7731: the agenda on page two does not name the norms"


def _numbers(raw: bytes) -> set[int]:
    """Every version number in a JSON answer: each ``version`` anywhere, and a feed's
    ``cursor`` unless the feed is empty (then it only echoes the caller's own ``since``)."""
    found: set[int] = set()
    keys = ("version",)
    try:
        data = json.loads(raw)
    except ValueError:
        return found
    if isinstance(data, dict) and data.get("changes"):
        found.add(data["cursor"])

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in keys and isinstance(value, int):
                    found.add(value)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(data)
    return found


def test_nothing_of_assessor_a_reaches_assessor_b(world: World) -> None:
    a = world.as_("assessorA")
    # A judges every target with distinctive words, clears and re-judges one, and submits.
    a_ops = [judge(S1, t, "N", f"{A_COMMENT} ({t})") for t in TARGETS]
    results = a.ops(*a_ops)
    cleared = a.op(clear(S1, "eo2.1", base=results[-1]["version"]))
    rejudged = a.op(judge(S1, "eo2.1", "N", f"{A_COMMENT} again", base=cleared["version"]))
    submitted = a.op(submit(S1))
    assert submitted["status"] == "applied"
    a_versions = {r["version"] for r in [*results, cleared, rejudged, submitted]}
    a_versions |= {c["version"] for c in a.all_changes() if c["submission_id"] == S1}

    for name in ("assessorB", "lead1"):
        other = world.as_(name)
        other.raw.clear()
        # everything this person can ask: the feed from every cursor, in pages ...
        feed = other.changes(0)
        for since in range(0, max(a_versions) + 2):
            other.changes(since)
            other.changes(since, limit=1)
        other.changes(10**9)
        if name == "lead1":
            # the scores are not released (B has not submitted): the lead's ops are refused
            # with the same answer whatever A did
            held = other.ops(*[judge(S1, t, "N", "Own feedback.") for t in TARGETS])
            assert {r["status"] for r in held} == {"locked"}
            assert other.op(submit(S1))["status"] == "locked"
        else:
            # ... ops on the same targets: their own rows are empty, so these apply (no conflict
            # with A's values), then unchanged and conflict answers about their own rows only
            first = other.ops(*[judge(S1, t, "N", "Own feedback.") for t in TARGETS])
            assert [r["status"] for r in first] == ["applied"] * len(TARGETS)
            assert (
                other.op(judge(S1, "eo1.1", "N", "Own feedback.", base=0))["status"] == "unchanged"
            )
            conflict = other.op(judge(S1, "eo1.1", "P", "", base=0))
            assert conflict["status"] == "conflict"
            assert conflict["server"]["comment"] == "Own feedback."
            assert other.op(clear(S1, "eo1.2", base=first[3]["version"]))["status"] == "applied"
            refused = other.op(
                submit(S1)
            )  # their own eo1.2 is cleared; A's work counts for nothing
            assert refused["status"] == "invalid" and "detail 1.2: not judged" in refused["message"]
        # replays of A's op ids answer nothing of A's
        for op in a_ops:
            assert other.op(op)["status"] == "invalid"
        other.op(judge(S2, "eo1.1", "N", "x"))  # A's other submission: forbidden
        # ... and the bundle endpoints
        other.request("GET", f"/api/v1/bundles/{S1}")
        other.request("HEAD", f"/api/v1/bundles/{S1}")
        other.request("GET", f"/api/v1/bundles/{S1}", headers={"Range": "bytes=5-"})
        other.request("GET", f"/api/v1/bundles/{S2}")
        other.request("HEAD", f"/api/v1/bundles/{S2}")

        everything = b"\n".join(other.raw)
        assert b"Zebra-quartz" not in everything, name
        assert re.search(rb'"state":\s*"submitted"', everything) is None, name
        assert b'"type":"submitted"' not in everything.replace(b" ", b""), name
        seen: set[int] = set()
        for raw in other.raw:
            seen |= _numbers(raw)
        assert not (seen & a_versions), (name, sorted(seen & a_versions))
        assert all(c["type"] != "judgment" or c["comment"] != A_COMMENT for c in feed["changes"])
        # the other person's assignment is still open for them
        states = [c["state"] for c in other.all_changes() if c["type"] == "assignment"]
        assert states == ["open"]
    # and A's own view is intact
    assert [c["type"] for c in a.all_changes() if c["submission_id"] == S1][-2:] == [
        "assignment",
        "submitted",
    ]
    assert new_id() != new_id()
