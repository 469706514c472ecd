"""The portal client's handling of answers: validation, retries, backoff, errors.

These need answers the real portal does not give on demand (a 503 with Retry-After, a body
that is not JSON, a dropped connection), so they use httpx's MockTransport; the end-to-end
tests run the same client against the real portal.
"""

from __future__ import annotations

import json
import random
import threading
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from assessor_app.errors import (
    InvalidCredentialsError,
    NotSignedInError,
    PortalProtocolError,
    PortalRequestError,
    PortalUnreachableError,
    SyncCancelledError,
)
from assessor_app.sync.client import (
    PayloadTooLargeError,
    PortalClient,
    RetryPolicy,
    normalize_server,
    parse_retry_after,
)
from assessor_app.sync.protocol import (
    AssignmentChange,
    JudgmentChange,
    OpStatus,
    RevokedChange,
    SubmittedChange,
)

SERVER = "http://portal.test"
SHA = "a" * 64
KEY = "A" * 43 + "="  # base64 of 32 zero-ish bytes

Handler = Callable[[httpx.Request], httpx.Response]


def feed(changes: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"epoch": "e1", "cursor": 9, "more": False, "changes": changes, **extra}


class Script:
    """Answers requests from a list, recording each request; past the end: the last answer."""

    def __init__(self, *answers: httpx.Response | Exception) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        return answer


def client_for(
    handler: Handler, *, attempts: int = 4, token: str | None = "tok"
) -> tuple[PortalClient, list[float]]:
    sleeps: list[float] = []
    c = PortalClient(
        SERVER,
        token,
        transport=httpx.MockTransport(handler),
        retry=RetryPolicy(max_attempts=attempts, base_delay=1.0, max_delay=8.0),
        sleep=sleeps.append,
        rng=random.Random(1),
    )
    return c, sleeps


def ok(body: Any, status: int = 200, **headers: str) -> httpx.Response:
    return httpx.Response(status, json=body, headers=headers)


def test_every_change_type_is_parsed_and_unknown_types_are_skipped() -> None:
    body = feed(
        [
            {
                "type": "assignment",
                "version": 17,
                "submission_id": "MC-1",
                "role": "assessor",
                "state": "open",
                "credential": {"id": "c", "title": "T", "version": "1"},
                "due": "2026-12-15",
                "bundle": {"size": 10, "sha256": SHA},
            },
            {"type": "judgment", "version": 21, "submission_id": "MC-1", "target_id": "t",
             "level": "P", "comment": "ok"},
            {"type": "judgment", "version": 22, "submission_id": "MC-1", "target_id": "u",
             "level": None, "comment": ""},
            {"type": "submitted", "version": 30, "submission_id": "MC-1"},
            {"type": "revoked", "version": 31, "submission_id": "MC-2", "reason": "reassigned"},
            {"type": "something-new", "version": 32, "submission_id": "MC-2"},
        ]
    )  # fmt: skip
    script = Script(ok(body))
    c, _ = client_for(script)
    page = c.changes(5, 100)
    assert [type(ch) for ch in page.changes] == [
        AssignmentChange,
        JudgmentChange,
        JudgmentChange,
        SubmittedChange,
        RevokedChange,
    ]
    assert page.skipped == 1 and page.cursor == 9 and not page.more and not page.reset
    request = script.requests[0]
    assert request.url.path == "/api/v1/changes"
    assert dict(request.url.params) == {"since": "5", "limit": "100"}
    assert request.headers["Authorization"] == "Bearer tok"


@pytest.mark.parametrize(
    "body",
    [
        b"<html>proxy error</html>",
        json.dumps({"epoch": "e1", "cursor": "9", "more": False, "changes": []}).encode(),
        json.dumps(feed([{"type": "judgment", "version": -1, "submission_id": "x"}])).encode(),
        json.dumps(feed([{"type": "assignment", "version": 1, "submission_id": "x",
                          "role": "a", "state": "open", "credential": {"id": "c"},
                          "bundle": {"size": 1, "sha256": "not-hex"}}])).encode(),
    ],
)  # fmt: skip
def test_an_unexpected_body_is_retried_like_a_502_then_reported(body: bytes) -> None:
    script = Script(httpx.Response(200, content=body))
    c, sleeps = client_for(script, attempts=3)
    with pytest.raises(PortalProtocolError, match="answered something unexpected"):
        c.changes(0)
    assert len(script.requests) == 3 and len(sleeps) == 2


def test_a_bad_body_once_then_a_good_one_succeeds() -> None:
    script = Script(httpx.Response(200, content=b"{"), ok(feed([])))
    c, _ = client_for(script)
    assert c.changes(0).changes == ()


def test_429_and_503_wait_at_least_retry_after() -> None:
    script = Script(
        ok({"error": "busy", "message": "later"}, 429, **{"Retry-After": "7"}),
        ok({"error": "busy", "message": "later"}, 503, **{"Retry-After": "12"}),
        ok(feed([])),
    )
    c, sleeps = client_for(script)
    c.changes(0)
    assert len(script.requests) == 3
    assert sleeps[0] >= 7 and sleeps[1] >= 12


def test_a_retry_after_too_long_to_wait_for_is_reported_at_once() -> None:
    script = Script(ok({"error": "busy", "message": "maintenance"}, 503, **{"Retry-After": "3600"}))
    c, sleeps = client_for(script)
    with pytest.raises(PortalUnreachableError, match="busy for the next 3600 s"):
        c.changes(0)
    assert sleeps == []


@pytest.mark.parametrize("status", [500, 502, 504])
def test_server_errors_back_off_exponentially_with_jitter_then_give_up(status: int) -> None:
    script = Script(ok({"error": "oops", "message": "internal"}, status))
    c, sleeps = client_for(script, attempts=5)
    with pytest.raises(PortalUnreachableError, match=r"had a problem: internal"):
        c.changes(0)
    assert len(script.requests) == 5
    steps = [1.0, 2.0, 4.0, 8.0]
    assert len(sleeps) == 4
    for slept, step in zip(sleeps, steps, strict=True):
        assert step / 2 <= slept <= step


def test_connection_errors_are_retried_and_reported_in_one_line() -> None:
    script = Script(httpx.ConnectError("Connection refused"))
    c, sleeps = client_for(script, attempts=3)
    with pytest.raises(PortalUnreachableError) as info:
        c.changes(0)
    assert "cannot be reached" in str(info.value) and "\n" not in str(info.value)
    assert len(sleeps) == 2
    script = Script(httpx.ReadTimeout("slow"), ok(feed([])))
    c, _ = client_for(script)
    assert c.changes(0).cursor == 9


def test_401_means_sign_in_again_and_is_not_retried() -> None:
    script = Script(ok({"error": "unauthenticated", "message": "token revoked"}, 401))
    c, sleeps = client_for(script)
    with pytest.raises(NotSignedInError, match="login"):
        c.changes(0)
    assert len(script.requests) == 1 and sleeps == []


def test_a_wrong_password_is_its_own_error() -> None:
    script = Script(ok({"error": "invalid_credentials", "message": "no"}, 401))
    c, _ = client_for(script, token=None)
    with pytest.raises(InvalidCredentialsError, match="user name or password"):
        c.login("assessor1", "wrong", "laptop")
    assert json.loads(script.requests[0].content) == {
        "username": "assessor1",
        "password": "wrong",
        "device": "laptop",
    }
    assert "Authorization" not in script.requests[0].headers


def test_login_returns_the_token_and_the_portals_identity() -> None:
    body = {
        "token": "t-1",
        "user": {"name": "assessor1", "role": "assessor"},
        "portal": {"id": "p-1", "epoch": "e-1", "signing_key": KEY},
    }
    c, _ = client_for(Script(ok(body)), token=None)
    result = c.login("assessor1", "demo", "laptop")
    assert (result.token, result.username, result.role, result.portal_id, result.epoch) == (
        "t-1",
        "assessor1",
        "assessor",
        "p-1",
        "e-1",
    )
    assert c.token == "t-1" and len(result.signing_key_raw) == 32
    bad = {**body, "portal": {**body["portal"], "signing_key": "c2hvcnQ="}}
    c, _ = client_for(Script(ok(bad)), token=None, attempts=1)
    with pytest.raises(PortalProtocolError, match="signing key"):
        c.login("assessor1", "demo", "laptop")


def test_other_refusals_are_reported_without_retrying() -> None:
    script = Script(ok({"error": "precondition_required", "message": "base_version"}, 428))
    c, sleeps = client_for(script)
    with pytest.raises(PortalRequestError, match=r"base_version \(428 precondition_required\)"):
        c.push_ops([{"op_id": "a", "kind": "judge"}])
    assert sleeps == []
    c, _ = client_for(Script(ok({"error": "too_large", "message": "x"}, 413)))
    with pytest.raises(PayloadTooLargeError):
        c.push_ops([{"op_id": "a", "kind": "judge"}])


def test_op_results_must_answer_exactly_the_ops_sent() -> None:
    ops = [{"op_id": "a"}, {"op_id": "b"}]
    good = {
        "results": [
            {"op_id": "a", "status": "applied", "version": 40},
            {"op_id": "b", "status": "conflict",
             "server": {"level": "N", "comment": "x", "version": 35}},
        ]
    }  # fmt: skip
    c, _ = client_for(Script(ok(good)))
    a, b = c.push_ops(ops)
    assert (a.status, a.version) == (OpStatus.APPLIED, 40)
    assert b.status is OpStatus.CONFLICT and b.server is not None and b.server.version == 35
    short = {"results": [{"op_id": "a", "status": "applied", "version": 40}]}
    c, _ = client_for(Script(ok(short)), attempts=1)
    with pytest.raises(PortalProtocolError, match="exactly the ops sent"):
        c.push_ops(ops)
    odd = {"results": [{"op_id": "a", "status": "maybe"}, {"op_id": "b", "status": "locked"}]}
    c, _ = client_for(Script(ok(odd)), attempts=1)
    with pytest.raises(PortalProtocolError, match="unknown status"):
        c.push_ops(ops)
    with pytest.raises(ValueError, match="500"):
        c.push_ops([{"op_id": str(i)} for i in range(501)])


def test_cancel_stops_a_wait() -> None:
    cancel = threading.Event()
    script = Script(ok({"error": "busy", "message": "later"}, 503, **{"Retry-After": "100"}))
    c = PortalClient(
        SERVER, "t", transport=httpx.MockTransport(script), cancel=cancel, retry=RetryPolicy()
    )
    threading.Timer(0.1, cancel.set).start()
    with pytest.raises(SyncCancelledError):
        c.changes(0)
    assert len(script.requests) == 1


def test_server_addresses_and_retry_after_values() -> None:
    assert normalize_server(" https://portal.example.org/ ") == "https://portal.example.org"
    assert normalize_server("http://127.0.0.1:8000/base") == "http://127.0.0.1:8000/base"
    for bad in ("portal.example.org", "ftp://x", "https://x/?a=1"):
        with pytest.raises(PortalRequestError):
            normalize_server(bad)
    assert parse_retry_after("5") == 5.0
    assert parse_retry_after(None) is None and parse_retry_after("soon") is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
