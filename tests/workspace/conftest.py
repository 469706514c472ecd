"""Fixtures of the workspace tests: a sample bundle file and an open workspace with it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.bundles import sample_manifest, write_sample_bundle

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
