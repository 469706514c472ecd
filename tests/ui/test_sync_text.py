"""What the sync status item and panel say, for each state (no window, no portal)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from assessor_app.sync.engine import SyncProgress
from assessor_app.ui.sync.sync_controller import _ProgressThrottle
from assessor_app.ui.sync.sync_text import (
    Tone,
    local_time,
    problem_text,
    progress_text,
    state_title,
    status_line,
)
from assessor_app.workspace import SyncOverview

NOW = datetime.now(UTC)
SIGNED_IN = SyncOverview(
    signed_in=True,
    server_url="https://portal.example.org",
    username="assessor1",
    last_sync_at=NOW.isoformat().replace("+00:00", "Z"),
    last_error=None,
    pending_ops=0,
    conflicts=0,
    not_accepted=0,
    revoked_unacknowledged=0,
    bundles_to_download=0,
    bundles_failed=0,
)
HHMM = f"{NOW.astimezone():%H:%M}"


def test_up_to_date_says_when() -> None:
    line = status_line("idle", SIGNED_IN)
    assert line.text == f"Synced {HHMM} · up to date" and line.tone is Tone.NORMAL
    assert state_title("idle", SIGNED_IN) == "Up to date"


def test_changes_waiting_offline_and_after_an_error() -> None:
    waiting = replace(SIGNED_IN, pending_ops=3)
    assert status_line("idle", waiting).text == f"Synced {HHMM} · 3 changes waiting"
    offline = status_line("offline", waiting)
    assert offline.text == "Offline · 3 changes waiting" and offline.tone is Tone.PROBLEM
    assert status_line("offline", SIGNED_IN).text == "Offline · nothing waiting"
    error = status_line("error", replace(SIGNED_IN, pending_ops=1), last_error="Boom.")
    assert error.text == "Sync problem · 1 change waiting" and error.detail.startswith("Boom.")


def test_syncing_shows_the_bundles() -> None:
    p = SyncProgress("download", 2, 5, 10, 100, "MC-1")
    assert status_line("syncing", SIGNED_IN, p).text == "Syncing… 2/5 bundles"
    assert status_line("syncing", SIGNED_IN, SyncProgress("push")).text == (
        "Syncing… sending changes"
    )
    assert progress_text(None) == "starting"


def test_what_needs_the_person_comes_first() -> None:
    assert status_line("signed_out", SIGNED_IN).text == "Sign in needed"
    assert status_line("signed_out", replace(SIGNED_IN, pending_ops=2)).text == (
        "Sign in needed · 2 changes waiting"
    )
    busy = replace(SIGNED_IN, conflicts=2, not_accepted=1, revoked_unacknowledged=1)
    line = status_line("idle", busy)
    assert line.text == "2 conflicts · 1 change not accepted · 1 submission withdrawn"
    assert line.tone is Tone.ATTENTION
    assert status_line("idle", replace(SIGNED_IN, conflicts=1)).text == "1 conflict"
    assert state_title("idle", busy).startswith("Waiting for you: 2 conflicts")


def test_never_synced_and_bundles_to_fetch() -> None:
    fresh = replace(SIGNED_IN, last_sync_at=None, bundles_to_download=2)
    assert status_line("idle", fresh).text == (
        "Not synced yet · nothing waiting, 2 bundles to download"
    )


@pytest.mark.parametrize(
    ("iso", "expected"),
    [
        (None, None),
        ("not a time", None),
        ("2026-03-03T09:05:00Z", "3 Mar"),  # not today: the date too
    ],
)
def test_local_time(iso: str | None, expected: str | None) -> None:
    shown = local_time(iso, today=date(2026, 6, 1))
    if expected is None:
        assert shown is None
    else:
        assert shown is not None and shown.startswith(expected)


def test_problems_in_plain_words_then_details() -> None:
    text = problem_text("offline", "The portal at X cannot be reached (refused).")
    assert text.startswith("The portal could not be reached")
    assert text.endswith("Details: The portal at X cannot be reached (refused).")
    assert problem_text("idle", "old") == ""


def test_progress_is_throttled_but_never_loses_a_step() -> None:
    clock = [0.0]
    seen: list[SyncProgress] = []
    throttle = _ProgressThrottle(seen.append, 0.1, clock=lambda: clock[0])
    throttle(SyncProgress("download", 0, 2, 1, 100, "A"))
    throttle(SyncProgress("download", 0, 2, 2, 100, "A"))  # too soon: dropped
    clock[0] = 0.2
    throttle(SyncProgress("download", 0, 2, 3, 100, "A"))
    throttle(SyncProgress("download", 1, 2, 50, 100, None))  # a bundle finished: always
    assert [p.bytes_done for p in seen] == [1, 3, 50]
