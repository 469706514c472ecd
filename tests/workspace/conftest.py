"""Fixtures of the workspace tests: a sample bundle file and an open workspace with it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from support.bundles import sample_manifest, write_sample_bundle
from support.lead_data import assignment_json, feed, pin, released_json
from support.signed_bundles import new_key

from assessor_app.workspace import Workspace

SUBMISSION = sample_manifest().submission_id


@pytest.fixture(scope="session")
def sample_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_sample_bundle(tmp_path_factory.mktemp("bundles") / "sample.zip", SUBMISSION)


@pytest.fixture
def workspace(data_dir: Path) -> Iterator[Workspace]:
    with Workspace.open(data_dir) as ws:
        yield ws


@pytest.fixture
def imported(workspace: Workspace, sample_bundle: Path) -> Workspace:
    assert workspace.import_bundle(sample_bundle) == SUBMISSION
    return workspace


# --- a lead's device (tests/workspace/test_lead_*.py) ---------------------------------------------
@pytest.fixture(scope="module")
def key() -> Ed25519PrivateKey:
    """The portal's signing key, pinned by the devices of these tests."""
    return new_key()


@pytest.fixture
def lead(imported: Workspace, key: Ed25519PrivateKey, sample_bundle: Path) -> Workspace:
    """The sample, on the device of its lead (assigned, scores not released yet)."""
    pin(imported, key, "lead1")
    feed(imported, [assignment_json(10, bundle=sample_bundle)])
    return imported


@pytest.fixture
def released(lead: Workspace, sample_bundle: Path) -> Workspace:
    """The same, after a sync brought both assessors' released scores."""
    feed(lead, released_json(12, sample_bundle))
    return lead
