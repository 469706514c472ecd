"""Words for sync: what the status bar and the sync panel say, in one place (no widgets).

Everything here is a pure function of the controller's state, the workspace's
:class:`~assessor_app.workspace.SyncOverview` and the current
:class:`~assessor_app.sync.engine.SyncProgress`, so it is tested without a window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from assessor_app.sync.engine import SyncProgress
from assessor_app.workspace import SyncOverview


class Tone(StrEnum):
    NORMAL = "normal"
    BUSY = "busy"
    ATTENTION = "attention"  # the person has something to do (conflicts, sign in, ...)
    PROBLEM = "problem"  # offline or an error: their work is safe, sync is not happening


@dataclass(frozen=True)
class StatusLine:
    text: str  # short, for the status bar
    detail: str  # one or two sentences, for the tooltip and screen readers
    tone: Tone


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def local_time(iso: str | None, today: date | None = None) -> str | None:
    """A UTC ISO time as the person's local clock shows it: "14:02", or "3 Mar 14:02" when it
    is not today. None when there is no time or it cannot be read."""
    if not iso:
        return None
    try:
        when = datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return None
    if when.date() == (today or datetime.now().astimezone().date()):
        return f"{when:%H:%M}"
    return f"{when.day} {when:%b %H:%M}"


def human_bytes(n: int) -> str:
    if n >= 1_000_000_000:
        return f"{n / 1_000_000_000:.1f} GB"
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB"
    return f"{n / 1000:.0f} kB"


def progress_text(p: SyncProgress | None) -> str:
    """What a running sync is doing: "sending changes", "2/5 bundles", ..."""
    if p is None:
        return "starting"
    if p.phase == "push":
        return "sending changes"
    if p.phase == "pull":
        return "receiving changes"
    if p.bundles_total:
        return f"{p.bundles_done}/{p.bundles_total} bundles"
    return "checking bundles"


def waiting_text(overview: SyncOverview) -> str:
    n = overview.pending_ops
    return "nothing waiting" if n == 0 else f"{plural(n, 'change')} waiting"


def todo_parts(overview: SyncOverview) -> list[str]:
    """What the person has to look at, most important first."""
    parts = []
    if overview.conflicts:
        parts.append(plural(overview.conflicts, "conflict"))
    if overview.not_accepted:
        parts.append(plural(overview.not_accepted, "change") + " not accepted")
    if overview.revoked_unacknowledged:
        parts.append(plural(overview.revoked_unacknowledged, "submission") + " withdrawn")
    if overview.bundles_failed:
        parts.append(plural(overview.bundles_failed, "download") + " failed")
    return parts


def status_line(
    state: str,
    overview: SyncOverview,
    progress: SyncProgress | None = None,
    last_error: str | None = None,
) -> StatusLine:
    """The status bar's words for the controller's ``state`` (a ``SyncActivity`` value)."""
    waiting = waiting_text(overview)
    todo = todo_parts(overview)
    synced = local_time(overview.last_sync_at)
    kept = "Your work is saved on this computer."
    if state == "syncing":
        return StatusLine(
            f"Syncing… {progress_text(progress)}",
            "Sending your changes and receiving assignments; you can keep working.",
            Tone.BUSY,
        )
    if state == "signed_out":
        return StatusLine(
            "Sign in needed" + (f" · {waiting}" if overview.pending_ops else ""),
            f"Not signed in to a portal ({waiting}). {kept} Click to sign in.",
            Tone.ATTENTION,
        )
    if state == "offline":
        return StatusLine(
            f"Offline · {waiting}",
            f"The portal could not be reached; sync will try again. {kept}",
            Tone.PROBLEM,
        )
    if state == "error":
        return StatusLine(
            f"Sync problem · {waiting}",
            f"{last_error or overview.last_error or 'The last sync stopped.'} {kept}",
            Tone.PROBLEM,
        )
    if todo:
        return StatusLine(
            " · ".join(todo),
            "Sync needs you: open the sync panel to choose what to keep. " + kept,
            Tone.ATTENTION,
        )
    when = f"Synced {synced}" if synced else "Not synced yet"
    if overview.up_to_date and synced:
        return StatusLine(
            f"{when} · up to date",
            "Your changes are on the portal and your assignments are on this computer.",
            Tone.NORMAL,
        )
    if overview.bundles_to_download:
        waiting += f", {plural(overview.bundles_to_download, 'bundle')} to download"
    return StatusLine(f"{when} · {waiting}", f"{kept} Sync sends it to the portal.", Tone.NORMAL)


def state_title(state: str, overview: SyncOverview) -> str:
    """The headline of the sync panel."""
    if state == "syncing":
        return "Syncing…"
    if state == "signed_out":
        return "Not signed in"
    if state == "offline":
        return "Offline: the portal cannot be reached"
    if state == "error":
        return "The last sync stopped"
    if todo := todo_parts(overview):
        return "Waiting for you: " + " · ".join(todo)
    if overview.up_to_date:
        return "Up to date"
    return "Changes waiting to be sent"


PLAIN_PROBLEMS = {
    "offline": "The portal could not be reached: the network or the portal is down.",
    "signed_out": "The portal needs you to sign in again.",
    "error": "The last sync stopped before it was done.",
}


def problem_text(state: str, error: str | None) -> str:
    """The sync panel's explanation of a failed sync: plain words first, then the details."""
    if state not in PLAIN_PROBLEMS or not error:
        return ""
    return (
        f"{PLAIN_PROBLEMS[state]} Your work is saved on this computer and nothing is lost; "
        f"sync tries again by itself, or press Sync now.\n\nDetails: {error}"
    )
