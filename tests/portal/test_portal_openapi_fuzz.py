"""Schemathesis drives the portal's published OpenAPI document with generated requests (as
assessor A): every answer must match the document, and none may be a 5xx."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from support.portal import World

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed")


def test_every_answer_matches_the_document(world: World) -> None:
    schema = schemathesis.openapi.from_url(f"{world.url}/api/v1/openapi.json")
    headers = {"Authorization": f"Bearer {world.as_('assessorA').token}"}
    tested = []
    for found in schema.get_all_operations():
        operation = found.ok()
        if operation.path == "/api/v1/logout":
            continue  # would end the session the other cases use

        @given(case=operation.as_strategy())
        @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
        def check(case: Any) -> None:
            case.call_and_validate(base_url=world.url, headers=headers)

        check()
        tested.append(f"{operation.method.upper()} {operation.path}")
    assert len(tested) >= 5, tested
