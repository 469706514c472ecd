"""The periods the agreement dashboard offers: last 30 days, this year, everything, or dates
the lead picks. No Qt here."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

LAST_DAYS = 30


class Preset(StrEnum):
    LAST_30_DAYS = "last_30_days"
    THIS_YEAR = "this_year"
    ALL = "all"
    CUSTOM = "custom"

    @property
    def label(self) -> str:
        return {
            Preset.LAST_30_DAYS: f"Last {LAST_DAYS} days",
            Preset.THIS_YEAR: "This year",
            Preset.ALL: "All time",
            Preset.CUSTOM: "Chosen dates",
        }[self]


def period_for(preset: Preset, today: date) -> tuple[date | None, date | None]:
    """(from, to), both inclusive; None leaves that end open. CUSTOM has no dates of its own."""
    if preset is Preset.LAST_30_DAYS:
        return today - timedelta(days=LAST_DAYS - 1), today
    if preset is Preset.THIS_YEAR:
        return date(today.year, 1, 1), today
    return None, None


def day_text(day: date) -> str:
    """ "7 Mar 2026" (portable: no platform-specific strftime flags)."""
    return f"{day.day} {day:%b %Y}"


def period_text(since: date | None, until: date | None) -> str:
    """ "1 Mar 2026 – 30 Mar 2026", "up to 30 Mar 2026", "all time"."""
    if since is None and until is None:
        return "all time"
    if since is None:
        assert until is not None
        return f"up to {day_text(until)}"
    if until is None:
        return f"since {day_text(since)}"
    return f"{day_text(since)} – {day_text(until)}"
