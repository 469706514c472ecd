"""Where the assessor left off is remembered per submission (and never sent anywhere)."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.bundles import sample_manifest

from assessor_app.errors import UnknownSubmissionError
from assessor_app.workspace import Workspace

SUBMISSION = sample_manifest().submission_id


def test_save_and_restore(imported: Workspace) -> None:
    assert imported.position(SUBMISSION) == {}
    where = {"part": "part2", "target": "eo1.2", "artifact": "a1", "page": 3, "time_ms": None}
    imported.save_position(SUBMISSION, where)
    assert imported.position(SUBMISSION) == where
    imported.save_position(SUBMISSION, {"part": "part3"})
    assert imported.position(SUBMISSION) == {"part": "part3"}
    assert imported.pending_changes() == 0  # positions are local only


def test_positions_survive_reopening(data_dir: Path, sample_bundle: Path) -> None:
    with Workspace.open(data_dir) as ws:
        ws.import_bundle(sample_bundle)
        ws.save_position(SUBMISSION, {"artifact": "a1", "page": 4, "zoom": 1.5})
    with Workspace.open(data_dir) as ws:
        assert ws.position(SUBMISSION) == {"artifact": "a1", "page": 4, "zoom": 1.5}


def test_bad_positions_are_refused(imported: Workspace) -> None:
    with pytest.raises(UnknownSubmissionError):
        imported.save_position("SUB-NONE", {})
    with pytest.raises(UnknownSubmissionError):
        imported.position("SUB-NONE")
    with pytest.raises(TypeError):
        imported.save_position(SUBMISSION, {"when": object()})
    with pytest.raises(ValueError, match=r"NaN|Out of range"):
        imported.save_position(SUBMISSION, {"time": float("nan")})
    with pytest.raises(ValueError, match="at most"):
        imported.save_position(SUBMISSION, {"blob": "x" * 70_000})
    assert imported.position(SUBMISSION) == {}
