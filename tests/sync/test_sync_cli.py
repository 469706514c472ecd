"""The sync command's terminal output: a progress bar on a terminal, plain lines otherwise."""

from __future__ import annotations

import io

from assessor_app.cli import _ProgressPrinter
from assessor_app.sync.engine import SyncProgress, SyncReport


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_the_bar_is_redrawn_in_place() -> None:
    stream = Terminal()
    printer = _ProgressPrinter(stream)
    printer(SyncProgress("pull"))
    printer(SyncProgress("download", 3, 5, 12_400_000, 24_800_000, "MC-1"))
    printer(SyncProgress("download", 3, 5, 12_400_000, 24_800_000, "MC-1"))  # same: no redraw
    printer(SyncProgress("download", 5, 5, 24_800_000, 24_800_000, None))
    printer.finish()
    assert stream.getvalue() == (
        "\r[#####-----] 3/5 bundles 12.4 MB\r[##########] 5/5 bundles 24.8 MB\n"
    )


def test_elsewhere_plain_lines_one_per_finished_bundle() -> None:
    stream = io.StringIO()
    printer = _ProgressPrinter(stream)
    printer(SyncProgress("push"))
    printer(SyncProgress("pull"))
    printer(SyncProgress("pull"))
    printer(SyncProgress("download", 0, 2, 500, 3000, "MC-1"))
    printer(SyncProgress("download", 1, 2, 1000, 3000, None))
    printer(SyncProgress("download", 2, 2, 3000, 3000, None))
    printer.finish()
    assert stream.getvalue().splitlines() == [
        "sending changes",
        "receiving changes",
        "downloaded 1/2 bundles (1.0 kB)",
        "downloaded 2/2 bundles (3.0 kB)",
    ]


def test_the_report_says_why_it_is_not_up_to_date() -> None:
    report = SyncReport(
        sent=3,
        acked=1,
        applied=2,
        conflicts=1,
        not_accepted=1,
        pending=0,
        downloaded=0,
        download_failures=(("MC-1", "checksum"),),
    )
    assert not report.up_to_date
    assert report.reason() == (
        "1 conflict(s) to resolve; 1 change(s) not accepted by the portal; "
        "1 bundle download(s) failed"
    )
    clean = SyncReport(0, 0, 0, 0, 0, 0, 0)
    assert clean.up_to_date and clean.reason() == ""
