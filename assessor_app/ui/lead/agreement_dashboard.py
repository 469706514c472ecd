"""How far assessors agree, for the lead: per credential, per detail and per assessor pair.

The lead picks a credential (or all) and a period (last 30 days, this year, all time, or two
dates). The dashboard reads ``Workspace.agreement_records`` for the period, one record per
target of each submission whose two blind scores were released to this lead, and shows the
number of compared judgments, percent agreement, Cohen's kappa and Gwet's AC1
(:func:`assessor_app.domain.agreement.summarize`), as cards, charts and sortable tables, with
plain-language notes on reading each number and a visible warning where kappa misleads.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from assessor_app.domain.agreement import LANDIS_KOCH_NOTE, AgreementSummary, band
from assessor_app.domain.model import Rubric
from assessor_app.errors import AssessorError
from assessor_app.ui.lead import agreement_groups as groups
from assessor_app.ui.lead.agreement_groups import Group, RecordLike
from assessor_app.ui.lead.agreement_pages import AgreementPage, SummaryCard, bold
from assessor_app.ui.lead.charts import (
    LevelDistributionChart,
    LevelKey,
    value_text,
)
from assessor_app.ui.lead.period import Preset, period_for, period_text
from assessor_app.ui.scoring.tones import Tones, css
from assessor_app.workspace import Workspace

ALL_CREDENTIALS = ""
EMPTY_TITLE = "No reconciled submissions in this period"

EXPLANATION = f"""
<h3>Reading the numbers</h3>
<p><b>Compared (n)</b> — how many judgments the two assessors both made: one per detail or
part of each submission. Fewer than about ten, and a single changed judgment moves every
number a lot.</p>
<p><b>Percent agreement</b> — how often the two assessors chose the same level. Easy to read,
but it does not allow for luck: two assessors who mark nearly everything “Proficient” agree
most of the time whatever they look at.</p>
<p><b>Cohen's kappa</b> — agreement after taking away what chance alone would give, judged
from how often each assessor uses each level. 1 is perfect agreement, 0 is no better than
chance, below 0 is worse than chance. When almost every judgment is the same level, kappa
can be low although the assessors nearly always agree; the dashboard warns you when that
happens.</p>
<p><b>Gwet's AC1</b> — also agreement beyond chance, but its estimate of chance stays small
when one level dominates, so it does not collapse in that case. Read it beside kappa; when
they differ a lot, one level dominates.</p>
<p>Words such as “moderate” or “substantial” follow a common convention: slight up to 0.20,
fair up to 0.40, moderate up to 0.60, substantial up to 0.80, almost perfect above.
{LANDIS_KOCH_NOTE}</p>
<p>The numbers come from the blind scores released to you, dated by their release. A detail
that one assessor left unjudged is not compared.</p>
"""


class AgreementDashboard(QDialog):
    """The dashboard dialog; ``today`` is injectable so tests can fix the calendar."""

    def __init__(
        self,
        workspace: Workspace,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self._today = today
        self._records: list[RecordLike] = []
        self._rubrics: dict[str, Rubric | None] = {}
        self._updating = False
        self.setWindowTitle("Agreement between assessors")
        self.setAccessibleName("Agreement dashboard")
        self.setSizeGripEnabled(True)

        self._build_filters()
        self._build_summary()
        self._build_tabs()
        self._build_empty()

        self.explanation = QTextBrowser()
        self.explanation.setAccessibleName("What the numbers mean")
        self.explanation.setHtml(EXPLANATION)
        self.explanation.setOpenLinks(False)
        self.explanation.setMinimumWidth(self.fontMetrics().averageCharWidth() * 34)

        self.content = content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addLayout(self.cards_row)
        content_layout.addWidget(self.kappa_warning)
        content_layout.addWidget(self.tabs, 1)
        self.pages = QStackedWidget()
        self.pages.addWidget(content)
        self.pages.addWidget(self.empty)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.pages)
        self.splitter.addWidget(self.explanation)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName("Close the dashboard")

        layout = QVBoxLayout(self)
        layout.addLayout(self.filters_row)
        layout.addWidget(self.period_label)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(buttons)
        width = self.fontMetrics().averageCharWidth()
        self.resize(width * 190, self.fontMetrics().height() * 46)
        self.splitter.setSizes([width * 150, width * 40])

        self.set_preset(Preset.LAST_30_DAYS)

    # --- building -------------------------------------------------------------------------
    def _build_filters(self) -> None:
        self.credential = QComboBox()
        self.credential.setAccessibleName("Credential")
        self.credential.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.credential.addItem("All credentials", ALL_CREDENTIALS)
        self.preset = QComboBox()
        self.preset.setAccessibleName("Period")
        for preset in Preset:
            self.preset.addItem(preset.label, preset.value)
        self.since = QDateEdit()
        self.until = QDateEdit()
        for edit, name in ((self.since, "From date"), (self.until, "To date")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            edit.setAccessibleName(name)
        credential_label = QLabel("&Credential:")
        credential_label.setBuddy(self.credential)
        preset_label = QLabel("&Period:")
        preset_label.setBuddy(self.preset)
        since_label = QLabel("&From:")
        since_label.setBuddy(self.since)
        until_label = QLabel("&To:")
        until_label.setBuddy(self.until)

        row = QHBoxLayout()
        row.addWidget(credential_label)
        row.addWidget(self.credential, 2)
        row.addSpacing(self.fontMetrics().averageCharWidth() * 3)
        row.addWidget(preset_label)
        row.addWidget(self.preset)
        row.addWidget(since_label)
        row.addWidget(self.since)
        row.addWidget(until_label)
        row.addWidget(self.until)
        row.addStretch(1)
        self.filters_row = row
        self.period_label = QLabel()
        self.period_label.setAccessibleName("Period shown")
        self.period_label.setWordWrap(True)

        self.credential.currentIndexChanged.connect(lambda _i: self._show())
        self.preset.currentIndexChanged.connect(self._preset_chosen)
        self.since.dateChanged.connect(self._dates_edited)
        self.until.dateChanged.connect(self._dates_edited)

    def _build_summary(self) -> None:
        self.card_n = SummaryCard("Compared judgments")
        self.card_percent = SummaryCard("Percent agreement")
        self.card_kappa = SummaryCard("Cohen's kappa")
        self.card_ac1 = SummaryCard("Gwet's AC1")
        self.cards_row = QGridLayout()
        for column, card in enumerate(
            (self.card_n, self.card_percent, self.card_kappa, self.card_ac1)
        ):
            self.cards_row.addWidget(card, 0, column)
            self.cards_row.setColumnStretch(column, 1)
        self.kappa_warning = QLabel()
        self.kappa_warning.setWordWrap(True)
        self.kappa_warning.setTextFormat(Qt.TextFormat.PlainText)
        self.kappa_warning.setAccessibleName("Warning about kappa")
        tones = Tones.of(self.palette())
        pad = self.fontMetrics().height() // 3
        self.kappa_warning.setStyleSheet(
            f"color: palette(text); background: {css(tones.tint(tones.warning, self.palette()))};"
            f" border: 1px solid {css(tones.warning)}; border-radius: 4px; padding: {pad}px;"
        )
        self.kappa_warning.setVisible(False)

    def _build_tabs(self) -> None:
        self.by_detail = AgreementPage(
            "detail",
            "Each detail and judged part: how often the two assessors chose the same level.",
        )
        self.by_pair = AgreementPage(
            "assessor pair", "Each pair of assessors who scored the same submissions."
        )
        self.by_credential = AgreementPage("credential", "Each credential as a whole.")
        self.levels_chart = LevelDistributionChart()
        self.levels_note = QLabel(
            "The share of each level every assessor gave. An assessor who gives one level far "
            "more often than the others is worth a conversation, and makes kappa less telling."
        )
        self.levels_note.setWordWrap(True)
        levels_page = QWidget()
        levels_layout = QVBoxLayout(levels_page)
        levels_layout.addWidget(self.levels_note)
        levels_layout.addWidget(self.levels_chart)
        levels_layout.addStretch(1)
        levels_page.setAccessibleName("Levels given by each assessor")

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Agreement views")
        self.tabs.addTab(self.by_detail, "By &detail")
        self.tabs.addTab(self.by_pair, "By assessor &pair")
        self.tabs.addTab(self.by_credential, "By cr&edential")
        self.tabs.addTab(levels_page, "&Levels given")

    def _build_empty(self) -> None:
        self.empty = QWidget()
        self.empty_title = bold(QLabel(EMPTY_TITLE), 1.3)
        self.empty_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_text = QLabel()
        self.empty_text.setWordWrap(True)
        self.empty_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self.empty)
        layout.addStretch(1)
        layout.addWidget(self.empty_title)
        layout.addWidget(self.empty_text)
        layout.addStretch(2)
        self.empty.setAccessibleName(EMPTY_TITLE)

    # --- period ---------------------------------------------------------------------------
    def set_preset(self, preset: Preset) -> None:
        index = self.preset.findData(preset.value)
        if index == self.preset.currentIndex():
            self._preset_chosen(index)
        else:
            self.preset.setCurrentIndex(index)

    def set_dates(self, since: date, until: date) -> None:
        """Choose two dates (the period becomes "Chosen dates")."""
        self._updating = True
        try:
            self.since.setDate(QDate(since.year, since.month, since.day))
            self.until.setDate(QDate(until.year, until.month, until.day))
        finally:
            self._updating = False
        self._dates_edited()

    def period(self) -> tuple[date | None, date | None]:
        preset = Preset(self.preset.currentData())
        if preset is Preset.CUSTOM:
            return self.since.date().toPython(), self.until.date().toPython()  # type: ignore[return-value]
        return period_for(preset, self._today())

    def _preset_chosen(self, _index: int) -> None:
        preset = Preset(self.preset.currentData())
        if preset is not Preset.CUSTOM:
            since, until = period_for(preset, self._today())
            self._updating = True
            try:
                self.until.setDate(_qdate(until or self._today()))
                self.since.setDate(_qdate(since or self._earliest() or self._today()))
            finally:
                self._updating = False
        self.reload()

    def _dates_edited(self) -> None:
        if self._updating:
            return
        custom = self.preset.findData(Preset.CUSTOM.value)
        if self.preset.currentIndex() != custom:
            self.preset.blockSignals(True)
            self.preset.setCurrentIndex(custom)
            self.preset.blockSignals(False)
        self.reload()

    def _earliest(self) -> date | None:
        records = self.workspace.agreement_records()
        days = [r.released_at[:10] for r in records if r.released_at]
        return date.fromisoformat(min(days)) if days else None

    # --- data -----------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the records of the period again and show them."""
        since, until = self.period()
        self._records = list(
            self.workspace.agreement_records(
                since=since.isoformat() if since else None,
                until=until.isoformat() if until else None,
            )
        )
        self._fill_credentials()
        self._show()

    def _fill_credentials(self) -> None:
        current = self.credential.currentData()
        titles = {r.credential_id: r.credential_title for r in self._records}
        self.credential.blockSignals(True)
        self.credential.clear()
        self.credential.addItem("All credentials", ALL_CREDENTIALS)
        for credential_id, title in sorted(titles.items(), key=lambda kv: kv[1].casefold()):
            self.credential.addItem(title, credential_id)
        index = self.credential.findData(current)
        self.credential.setCurrentIndex(max(0, index))
        self.credential.blockSignals(False)

    def selected_records(self) -> list[RecordLike]:
        chosen = self.credential.currentData()
        return [r for r in self._records if not chosen or r.credential_id == chosen]

    def _rubric(self, credential_id: str) -> Rubric | None:
        if credential_id not in self._rubrics:
            rubric = None
            for record in self._records:
                if record.credential_id != credential_id:
                    continue
                try:
                    rubric = self.workspace.submission(record.submission_id).manifest.rubric
                except AssessorError:
                    continue
                break
            self._rubrics[credential_id] = rubric
        return self._rubrics[credential_id]

    def _categories(self, credential_id: str) -> list[str]:
        rubric = self._rubric(credential_id)
        return [level.code for level in rubric.levels] if rubric else []

    def _show(self) -> None:
        since, until = self.period()
        records = self.selected_records()
        chosen = self.credential.currentText()
        self.period_label.setText(
            f"{chosen}, {period_text(since, until)}: blind scores released to you in this "
            "period, compared judgment by judgment."
        )
        if not groups.comparable(records):
            self.pages.setCurrentWidget(self.empty)
            self.empty_text.setText(
                f"Nothing to compare in {period_text(since, until)} ({chosen}). Agreement "
                "appears here once both assessors of a submission have submitted and their "
                "scores are released to you. Choose a longer period, or “All time”."
            )
            self.kappa_warning.setVisible(False)
            return
        self.pages.setCurrentWidget(self.content)
        credential_ids = sorted({r.credential_id for r in records})
        single = credential_ids[0] if len(credential_ids) == 1 else None
        categories = self._categories(single) if single else self._all_categories(credential_ids)
        overall = groups.summary_of(records, categories)
        self._show_cards(overall, records)
        self.by_detail.set_groups(self._detail_groups(records, credential_ids))
        self.by_pair.set_groups(groups.by_pair(records, categories))
        self.by_credential.set_groups(groups.by_credential(records, self._categories))
        self._show_levels(records, credential_ids)

    def _all_categories(self, credential_ids: Sequence[str]) -> list[str]:
        seen: dict[str, None] = {}
        for credential_id in credential_ids:
            seen.update(dict.fromkeys(self._categories(credential_id)))
        return list(seen)

    def _detail_groups(
        self, records: Sequence[RecordLike], credential_ids: Sequence[str]
    ) -> list[Group]:
        if len(credential_ids) == 1:
            rubric = self._rubric(credential_ids[0])
            order = list(rubric.target_ids()) if rubric else None
            return groups.by_detail(
                records, self._categories(credential_ids[0]), order, target_labels(rubric)
            )
        found: list[Group] = []
        titles = {r.credential_id: r.credential_title for r in records}
        for credential_id in sorted(credential_ids, key=lambda c: titles[c].casefold()):
            mine = [r for r in records if r.credential_id == credential_id]
            rubric = self._rubric(credential_id)
            order = list(rubric.target_ids()) if rubric else None
            for group in groups.by_detail(
                mine, self._categories(credential_id), order, target_labels(rubric)
            ):
                found.append(
                    Group(
                        f"{credential_id}/{group.key}",
                        group.label,
                        group.summary,
                        group.submissions,
                        titles[credential_id],
                    )
                )
        return found

    def _show_cards(self, overall: AgreementSummary, records: Sequence[RecordLike]) -> None:
        submissions = len({r.submission_id for r in groups.comparable(records)})
        left_out = groups.skipped(records)
        caption = f"from {submissions} submission{'s' if submissions != 1 else ''}"
        if left_out:
            caption += f"; {left_out} left out (an assessor gave no level)"
        self.card_n.show_value(str(overall.n), caption)
        self.card_percent.show_value(
            value_text(0, overall.percent), "of judgments on the same level"
        )
        self.card_kappa.show_value(value_text(1, overall.kappa), _reading(overall.kappa))
        self.card_ac1.show_value(value_text(2, overall.ac1), _reading(overall.ac1))
        note = overall.kappa_note
        self.kappa_warning.setText(f"⚠  {note}" if note else "")
        self.kappa_warning.setVisible(bool(note))

    def _show_levels(self, records: Sequence[RecordLike], credential_ids: Sequence[str]) -> None:
        keys: dict[str, LevelKey] = {}
        for credential_id in credential_ids:
            rubric = self._rubric(credential_id)
            for level in rubric.levels if rubric else ():
                keys.setdefault(level.code, LevelKey(level.code, level.label, level.proficient))
        counts = groups.level_counts(records)
        for tally in counts.values():
            for code in sorted(tally):
                keys.setdefault(code, LevelKey(code, code, None))
        self.levels_chart.set_data(list(keys.values()), list(counts.items()))

    # --- for tests and the screen reader --------------------------------------------------
    def showing_empty(self) -> bool:
        return self.pages.currentWidget() is self.empty


def target_labels(rubric: Rubric | None) -> dict[str, str]:
    """target id -> what the lead reads: a part's title, "1.2 <detail text>" for a detail."""
    if rubric is None:
        return {}
    labels = {part.id: part.title for part in rubric.judged_parts()}
    for oi, outcome in enumerate(rubric.outcomes, start=1):
        for di, detail in enumerate(outcome.details, start=1):
            labels[detail.id] = f"{oi}.{di} {detail.text}"
    return labels


def _reading(value: float) -> str:
    name = band(value)
    if name in ("not available", "less than chance"):
        return name.capitalize()
    return f"{name.capitalize()} agreement beyond chance"


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)
