"""The agreement dashboard over a real lead workspace with a known data set.

Every number the dashboard shows is checked against :func:`assessor_app.domain.agreement.
summarize` computed here from the levels the test fed in (not from the dashboard's records),
for the whole selection, per detail and per assessor pair, in several periods.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from support.lead_workspace import LeadDevice, Released

from assessor_app.domain.agreement import AgreementSummary, summarize
from assessor_app.ui.lead.agreement_dashboard import EMPTY_TITLE, AgreementDashboard
from assessor_app.ui.lead.charts import value_text
from assessor_app.ui.lead.period import Preset
from assessor_app.workspace import Workspace

TODAY = date(2026, 12, 20)
TARGETS = ("part1", "part3", "eo1.1", "eo1.2", "eo2.1")  # rubric order
LEVELS = ["P", "N"]


def scores(levels: str) -> dict[str, tuple[str, str]]:
    """ "PNPPN" -> the five targets with those levels (feedback where not yet)."""
    return {
        t: (lv, "" if lv == "P" else f"Show more for {t}.")
        for t, lv in zip(TARGETS, levels, strict=True)
    }


# submission -> (A's levels, B's levels, names, release day, credential)
DATA: dict[str, tuple[str, str, tuple[str, str], str, str]] = {
    "SUB-D-01": ("PNPPN", "PPNPP", ("assessor1", "assessor2"), "2026-12-02", "cred-test"),
    "SUB-D-02": ("PPPPP", "PPPPN", ("assessor1", "assessor3"), "2026-12-10", "cred-test"),
    "SUB-D-03": ("NNPPP", "NNPPP", ("assessor2", "assessor3"), "2026-12-19", "cred-test"),
    "SUB-D-04": ("PPPPP", "NNNNN", ("assessor1", "assessor2"), "2026-03-01", "cred-test"),
    "SUB-D-05": ("PNPNP", "PNPNN", ("assessor1", "assessor2"), "2025-06-30", "cred-test"),
    # A second credential where nearly everything is "P": the kappa paradox.
    "SUB-O-01": ("PPPPP", "PPPPP", ("assessor1", "assessor2"), "2026-12-05", "cred-other"),
    "SUB-O-02": ("PPPPP", "PPPPP", ("assessor1", "assessor2"), "2026-12-06", "cred-other"),
    "SUB-O-03": ("PPPNP", "PPPPP", ("assessor1", "assessor2"), "2026-12-07", "cred-other"),
}
TITLES = {"cred-test": "Test Credential", "cred-other": "Other Credential"}


@pytest.fixture
def workspace(tmp_path: Path, data_dir: Path) -> Iterator[Workspace]:
    with Workspace.open(data_dir) as ws:
        device = LeadDevice(ws, tmp_path / "bundles", list(DATA))
        device.add(
            [
                Released(
                    sid,
                    scores(a),
                    scores(b),
                    submitted=(f"{day}T08:00:00Z", f"{day}T09:30:00Z"),
                    names=names,
                    credential_id=credential,
                    credential_title=TITLES[credential],
                )
                for sid, (a, b, names, day, credential) in DATA.items()
            ]
        )
        yield ws


@pytest.fixture
def dashboard(workspace: Workspace, qtbot: QtBot) -> AgreementDashboard:
    d = AgreementDashboard(workspace, today=lambda: TODAY)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    return d


def expected(
    submissions: Sequence[str], target: str | None = None, pair: tuple[str, str] | None = None
) -> AgreementSummary:
    """summarize() over the fed levels of ``submissions`` (one target, one pair, or all)."""
    a: list[str] = []
    b: list[str] = []
    for sid in submissions:
        levels_a, levels_b, names, _day, _credential = DATA[sid]
        if pair is not None and tuple(sorted(names)) != pair:
            continue
        for index, t in enumerate(TARGETS):
            if target is None or t == target:
                a.append(levels_a[index])
                b.append(levels_b[index])
    return summarize(a, b, LEVELS)


def in_period(first: str, last: str, credential: str | None = None) -> list[str]:
    return [
        sid
        for sid, (_a, _b, _names, day, cred) in DATA.items()
        if first <= day <= last and (credential is None or cred == credential)
    ]


def card_values(d: AgreementDashboard) -> tuple[str, str, str, str]:
    return (
        d.card_n.value.text(),
        d.card_percent.value.text(),
        d.card_kappa.value.text(),
        d.card_ac1.value.text(),
    )


def shown(summary: AgreementSummary) -> tuple[str, str, str, str]:
    return (
        str(summary.n),
        value_text(0, summary.percent),
        value_text(1, summary.kappa),
        value_text(2, summary.ac1),
    )


def choose_credential(d: AgreementDashboard, credential_id: str) -> None:
    d.credential.setCurrentIndex(d.credential.findData(credential_id))


def test_last_30_days_overall_matches_the_domain(dashboard: AgreementDashboard) -> None:
    assert dashboard.preset.currentData() == Preset.LAST_30_DAYS.value
    assert dashboard.period() == (date(2026, 11, 21), TODAY)
    subs = in_period("2026-11-21", "2026-12-20")
    assert len(subs) == 6
    overall = expected(subs)
    assert card_values(dashboard) == shown(overall)
    assert dashboard.card_n.caption.text() == "from 6 submissions"
    assert [dashboard.credential.itemText(i) for i in range(dashboard.credential.count())] == [
        "All credentials",
        "Other Credential",
        "Test Credential",
    ]


def test_per_detail_and_per_pair_match_the_domain(dashboard: AgreementDashboard) -> None:
    choose_credential(dashboard, "cred-test")
    subs = in_period("2026-11-21", "2026-12-20", "cred-test")
    assert subs == ["SUB-D-01", "SUB-D-02", "SUB-D-03"]
    assert card_values(dashboard) == shown(expected(subs))

    table = dashboard.by_detail.table
    labels = [table.cell_text(r, "Detail") for r in range(table.rowCount())]
    assert labels == [
        "Part 1 – Overview questions",
        "Part 3 – Reflection",
        "1.1 Co-writes norms with staff.",
        "1.2 Models the norms in meetings.",
        "2.1 Collects feedback on a schedule.",
    ]
    for row, target in enumerate(TARGETS):
        s = expected(subs, target=target)
        assert (
            table.cell_text(row, "Compared (n)"),
            table.cell_text(row, "Percent agreement"),
            table.cell_text(row, "Cohen's kappa"),
            table.cell_text(row, "Gwet's AC1"),
        ) == shown(s)
        assert table.cell_text(row, "Note") == s.kappa_note
    chart = dashboard.by_detail.chart.rows()
    assert [r.label for r in chart] == labels
    for row, target in zip(chart, TARGETS, strict=True):
        s = expected(subs, target=target)
        assert row.n == s.n
        assert _same(row.values, (s.percent, s.kappa, s.ac1))

    pairs = dashboard.by_pair.table
    names = [pairs.cell_text(r, "Assessor pair") for r in range(pairs.rowCount())]
    assert names == [
        "assessor1 · assessor2",
        "assessor1 · assessor3",
        "assessor2 · assessor3",
    ]
    for row, name in enumerate(names):
        first, second = name.split(" · ")
        s = expected(subs, pair=(first, second))
        assert pairs.cell_text(row, "Compared (n)") == str(s.n)
        assert pairs.cell_text(row, "Cohen's kappa") == value_text(1, s.kappa)
        assert pairs.cell_text(row, "Gwet's AC1") == value_text(2, s.ac1)


def test_levels_given_per_assessor(dashboard: AgreementDashboard) -> None:
    choose_credential(dashboard, "cred-test")
    rows = dict(dashboard.levels_chart.rows())
    assert rows == {
        # assessor1: A on D-01 (PNPPN) and D-02 (PPPPP)
        "assessor1": {"P": 8, "N": 2},
        # assessor2: B on D-01 (PPNPP), A on D-03 (NNPPP)
        "assessor2": {"P": 7, "N": 3},
        # assessor3: B on D-02 (PPPPN) and D-03 (NNPPP)
        "assessor3": {"P": 7, "N": 3},
    }
    assert (
        "assessor1, n = 10: Proficient 8 (80 %)" in dashboard.levels_chart.accessibleDescription()
    )


def test_a_visible_warning_where_kappa_misleads(dashboard: AgreementDashboard) -> None:
    choose_credential(dashboard, "cred-other")
    s = expected(["SUB-O-01", "SUB-O-02", "SUB-O-03"])
    assert s.kappa < 0.2 < s.ac1  # nearly all agree, kappa looks poor
    assert "kappa paradox" in s.kappa_note
    assert dashboard.kappa_warning.isVisible()
    assert dashboard.kappa_warning.text() == f"⚠  {s.kappa_note}"
    choose_credential(dashboard, "cred-test")
    note = expected(in_period("2026-11-21", "2026-12-20", "cred-test")).kappa_note
    assert dashboard.kappa_warning.isVisible() == bool(note)


def test_presets_and_chosen_dates_filter_the_period(dashboard: AgreementDashboard) -> None:
    dashboard.set_preset(Preset.THIS_YEAR)
    assert dashboard.period() == (date(2026, 1, 1), TODAY)
    subs = in_period("2026-01-01", "2026-12-20")
    assert "SUB-D-04" in subs and "SUB-D-05" not in subs
    assert card_values(dashboard) == shown(expected(subs))

    dashboard.set_preset(Preset.ALL)
    assert dashboard.period() == (None, None)
    assert card_values(dashboard) == shown(expected(list(DATA)))
    assert dashboard.since.date().toPython() == date(2025, 6, 30)  # the earliest release

    dashboard.set_dates(date(2026, 12, 5), date(2026, 12, 10))
    assert dashboard.preset.currentData() == Preset.CUSTOM.value
    subs = in_period("2026-12-05", "2026-12-10")
    assert subs == ["SUB-D-02", "SUB-O-01", "SUB-O-02", "SUB-O-03"]
    assert card_values(dashboard) == shown(expected(subs))
    assert "5 Dec 2026 – 10 Dec 2026" in dashboard.period_label.text()


def test_an_empty_period_says_so(dashboard: AgreementDashboard) -> None:
    dashboard.set_dates(date(2026, 7, 1), date(2026, 7, 31))
    assert dashboard.showing_empty()
    assert dashboard.empty_title.text() == EMPTY_TITLE == "No reconciled submissions in this period"
    assert dashboard.empty_title.isVisible()
    assert "1 Jul 2026 – 31 Jul 2026" in dashboard.empty_text.text()
    assert dashboard.kappa_warning.isHidden()
    dashboard.set_preset(Preset.LAST_30_DAYS)
    assert not dashboard.showing_empty()


def test_accessible_names(dashboard: AgreementDashboard) -> None:
    for widget in (
        dashboard.credential,
        dashboard.preset,
        dashboard.since,
        dashboard.until,
        dashboard.tabs,
        dashboard.by_detail.table,
        dashboard.by_detail.chart,
        dashboard.levels_chart,
        dashboard.explanation,
    ):
        assert widget.accessibleName()
    assert "Percent agreement" in dashboard.by_detail.chart.accessibleDescription()


def _same(got: Sequence[float], want: Sequence[float]) -> bool:
    return all((math.isnan(x) and math.isnan(y)) or x == y for x, y in zip(got, want, strict=True))
