"""Signing in and out, and the portal's answers to malformed, oversized and failing requests:
always the JSON error body, never a traceback."""

from __future__ import annotations

import base64
import threading
import uuid
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from support.portal import S1, World, fast_config, judge, login, password_of, populate

from assessor_app.portal.server import PortalConfig, start_portal_in_thread
from assessor_app.portal.server import feed as feed_module
from assessor_app.portal.server.db import User, read_session
from assessor_app.portal.server.portal import open_portal
from assessor_app.portal.server.users import add_user


def _is_error(response: httpx.Response, status: int, code: str | None = None) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error", "message"}, body
    assert isinstance(body["message"], str) and body["message"]
    assert "\n" not in body["message"] and "Traceback" not in response.text
    if code is not None:
        assert body["error"] == code, body


def test_login_returns_token_user_and_portal_identity(world: World) -> None:
    response = login(world.url, "assessorA")
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"token", "user", "portal"}
    assert data["user"] == {"name": "assessorA", "role": "assessor"}
    assert set(data["portal"]) == {"id", "epoch", "signing_key"}
    uuid.UUID(data["portal"]["id"])
    uuid.UUID(data["portal"]["epoch"])
    key = base64.b64decode(data["portal"]["signing_key"])
    assert key == world.running.portal.signing_key.public_key_raw
    assert response.headers["cache-control"] == "no-store"
    assert login(world.url, "lead1").json()["user"]["role"] == "lead"


def test_wrong_password_and_unknown_user_get_the_same_answer(world: World) -> None:
    wrong = login(world.url, "assessorA", "not-the-password")
    unknown = login(world.url, "nobody", "not-the-password")
    _is_error(wrong, 401, "invalid_credentials")
    assert wrong.json() == unknown.json()


def test_missing_garbage_and_revoked_tokens_are_401(world: World) -> None:
    for headers in ({}, {"Authorization": "Bearer nonsense"}, {"Authorization": "Basic abc"}):
        response = httpx.get(f"{world.url}/api/v1/changes", headers=headers)
        _is_error(response, 401, "unauthenticated")
        assert response.headers["www-authenticate"] == "Bearer"
    token = login(world.url, "assessorA").json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    assert httpx.get(f"{world.url}/api/v1/changes", headers=auth).status_code == 200
    assert httpx.post(f"{world.url}/api/v1/logout", headers=auth).status_code == 204
    _is_error(httpx.get(f"{world.url}/api/v1/changes", headers=auth), 401, "unauthenticated")
    # the other tokens of the same person still work
    assert world.as_("assessorA").changes()["changes"]


def test_passwords_are_stored_as_argon2id_only(tmp_path: Path) -> None:
    config = PortalConfig(data_dir=tmp_path / "p")  # the real, default cost
    with open_portal(config) as portal:
        add_user(portal, "someone", "assessor", "correct horse battery staple")
        with read_session(portal.engine) as session:
            stored = session.scalar(select(User.password_hash))
    assert stored is not None and stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert "correct horse" not in stored


MALFORMED: list[tuple[str, str, dict[str, object]]] = [
    ("GET", "/api/v1/changes?since=-1", {}),
    ("GET", "/api/v1/changes?since=abc", {}),
    ("GET", "/api/v1/changes?limit=0", {}),
    ("GET", "/api/v1/changes?since=99999999999999999999999", {}),
    ("POST", "/api/v1/ops", {"content": b"{not json"}),
    ("POST", "/api/v1/ops", {"json": {"ops": "all of them"}}),
    ("POST", "/api/v1/ops", {"json": ["a list"]}),
    ("POST", "/api/v1/ops", {"json": {}}),
    ("POST", "/api/v1/login", {"json": {"username": "x"}}),
    ("POST", "/api/v1/login",
     {"content": b"\xff\xfe", "headers": {"content-type": "application/json"}}),
]  # fmt: skip


def test_malformed_requests_answer_400_not_422(world: World) -> None:
    api = world.as_("assessorA")
    for method, path, kw in MALFORMED:
        response = api.request(method, path, **kw)  # type: ignore[arg-type]
        assert response.status_code == 400, (method, path, kw, response.text)
        _is_error(response, 400, "bad_request")


def test_limit_above_the_maximum_is_capped(world: World) -> None:
    assert world.as_("assessorA").changes(0, limit=1_000_000)["more"] is False


def test_too_many_ops_or_too_large_a_body_answer_413(world: World) -> None:
    api = world.as_("assessorA")
    many = [judge(S1, "eo1.1", "P") for _ in range(501)]
    _is_error(api.post_ops(*many), 413, "request_too_large")
    assert api.post_ops(*many[:500]).status_code == 200
    huge = judge(S1, "eo1.1", "N", "x" * (9 * 1024 * 1024))
    _is_error(api.post_ops(huge), 413, "request_too_large")


def test_unknown_paths_and_methods_answer_json(world: World) -> None:
    api = world.as_("assessorA")
    _is_error(api.request("GET", "/api/v1/nothing-here"), 404, "not_found")
    _is_error(api.request("DELETE", "/api/v1/changes"), 405, "method_not_allowed")


def test_an_unexpected_failure_is_a_json_500_without_traceback(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kw: object) -> None:
        raise RuntimeError("secret internals /etc/portal")

    monkeypatch.setattr(feed_module, "changes", broken)
    response = world.as_("assessorA").request("GET", "/api/v1/changes")
    _is_error(response, 500, "internal_error")
    assert "secret" not in response.text and "RuntimeError" not in response.text


def test_overload_answers_503_with_retry_after(
    tmp_path: Path, sample_bundles: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = fast_config(tmp_path / "p", max_concurrent_requests=1, retry_after_seconds=7)
    populate(config, sample_bundles)
    entered, release = threading.Event(), threading.Event()
    real = feed_module.changes

    def slow(*args: object, **kw: object) -> object:
        entered.set()
        release.wait(10)
        return real(*args, **kw)  # type: ignore[arg-type]

    with start_portal_in_thread(config) as running:
        token = login(running.url, "assessorA").json()["token"]
        auth = {"Authorization": f"Bearer {token}"}
        monkeypatch.setattr(feed_module, "changes", slow)
        first: list[int] = []
        thread = threading.Thread(
            target=lambda: first.append(
                httpx.get(f"{running.url}/api/v1/changes", headers=auth, timeout=20).status_code
            )
        )
        thread.start()
        assert entered.wait(10)
        busy = httpx.get(f"{running.url}/api/v1/changes", headers=auth)
        release.set()
        thread.join(20)
    _is_error(busy, 503, "busy")
    assert busy.headers["retry-after"] == "7"
    assert first == [200]


def test_openapi_document_is_served(world: World) -> None:
    response = httpx.get(f"{world.url}/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/v1/login", "/api/v1/logout", "/api/v1/changes", "/api/v1/ops",
            "/api/v1/bundles/{submission_id}"} <= set(paths)  # fmt: skip
    assert {"get", "head"} <= set(paths["/api/v1/bundles/{submission_id}"])
    assert password_of("assessorA") not in response.text
