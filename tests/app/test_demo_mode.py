"""``assessor-app --demo``: a real portal on loopback, a fresh workspace signed in to it, and a
first sync that brings down every sample submission, verified and signed."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from assessor_app.demo import DEMO_ASSESSOR, DemoMemoryKeyring, start_demo
from assessor_app.sync.engine import SyncEngine
from assessor_app.sync.session import open_client
from assessor_app.workspace import Workspace


@pytest.fixture
def restore_keyring() -> Iterator[None]:
    before = keyring.get_keyring()
    yield
    keyring.set_keyring(before)


def test_demo_starts_a_portal_signs_in_and_syncs(tmp_path: Path, restore_keyring: None) -> None:
    out = io.StringIO()
    demo = start_demo(tmp_path / "demo", out)
    try:
        backend = keyring.get_keyring()
        assert isinstance(backend, DemoMemoryKeyring)
        tokens = list(backend._items.values())
        assert len(tokens) == 1
        assert demo.portal.url.startswith("http://127.0.0.1:")
        with Workspace.open(demo.workspace_dir) as ws:
            state = ws.sync_state()
            assert state is not None and state.username == DEMO_ASSESSOR
            with open_client(ws) as client:
                report = SyncEngine(ws, client).run()
            assert report.up_to_date, report.reason()
            assert report.downloaded == 5
            assert {s.id for s in ws.submissions()} == {
                "MC-7K2Q-91PX",
                "MC-3HDW-48TN",
                "MC-R8VA-20LC",
                "MC-9JMF-63EZ",
                "MC-XT5B-07QG",
            }
        assert "signed in as assessor1" in out.getvalue()
    finally:
        demo.stop()
    # The demo's token is kept in memory only: no file under the demo folder holds it.
    for path in (tmp_path / "demo").rglob("*"):
        if path.is_file():
            assert tokens[0].encode() not in path.read_bytes(), path


def test_a_second_start_begins_fresh(tmp_path: Path, restore_keyring: None) -> None:
    root = tmp_path / "demo"
    (root / "workspace").mkdir(parents=True)
    (root / "leftover.txt").write_text("from an earlier run")
    demo = start_demo(root, io.StringIO())
    demo.stop()
    assert not (root / "leftover.txt").exists()
