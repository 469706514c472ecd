"""Fixtures of the sync tests: sample bundles, an open workspace, a pinned portal identity."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from support.bundles import write_sample_bundle
from support.e2e_portal import Harness
from support.secret_service import require_secret_service
from support.signed_bundles import new_key, public_b64
from support.sync_data import EPOCH, PORTAL_ID, SERVER, SUBMISSION

from assessor_app.workspace import Workspace


@pytest.fixture(scope="session")
def sample_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_sample_bundle(tmp_path_factory.mktemp("bundles") / "sample.zip", SUBMISSION)


@pytest.fixture(scope="session")
def portal_key() -> Ed25519PrivateKey:
    return new_key()


@pytest.fixture
def workspace(data_dir: Path) -> Iterator[Workspace]:
    with Workspace.open(data_dir) as ws:
        yield ws


@pytest.fixture
def imported(workspace: Workspace, sample_bundle: Path) -> Workspace:
    assert workspace.import_bundle(sample_bundle) == SUBMISSION
    return workspace


@pytest.fixture
def pinned(imported: Workspace, portal_key: Ed25519PrivateKey) -> Workspace:
    """The imported sample, then signed in to a (pretend) portal: identity pinned."""
    imported.set_sync_identity(SERVER, "assessor1", PORTAL_ID, public_b64(portal_key), EPOCH)
    return imported


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo portal's data folder, made once; each end-to-end test serves a copy."""
    from assessor_app.portal.server import setup_demo_portal

    data = tmp_path_factory.mktemp("portal-template") / "portal"
    setup_demo_portal(data)
    return data


@pytest.fixture
def h(tmp_path: Path, demo_template: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Harness]:
    """The demo portal served on loopback, and both sides' command lines (real keyring)."""
    require_secret_service()
    harness = Harness(tmp_path, demo_template, monkeypatch)
    try:
        yield harness
    finally:
        harness.close()
