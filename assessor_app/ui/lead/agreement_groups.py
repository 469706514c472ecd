"""The agreement dashboard's arithmetic: records grouped by credential, by detail and by
assessor pair, each group summarised with :func:`assessor_app.domain.agreement.summarize`.

No Qt here. A record is one target of one released submission with the two blind levels
(``Workspace.agreement_records``); a record where either assessor left the target unjudged
cannot be compared and is counted apart (``skipped``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from assessor_app.domain.agreement import AgreementSummary, summarize


class RecordLike(Protocol):
    """What the dashboard reads of an ``AgreementRecord``."""

    @property
    def submission_id(self) -> str: ...
    @property
    def credential_id(self) -> str: ...
    @property
    def credential_title(self) -> str: ...
    @property
    def target_id(self) -> str: ...
    @property
    def target_label(self) -> str: ...
    @property
    def assessor_a(self) -> str: ...
    @property
    def assessor_b(self) -> str: ...
    @property
    def level_a(self) -> str | None: ...
    @property
    def level_b(self) -> str | None: ...
    @property
    def released_at(self) -> str: ...


@dataclass(frozen=True)
class Group:
    """One row of a dashboard table: what it groups, and the summary of its pairs of levels."""

    key: str
    label: str
    summary: AgreementSummary
    submissions: int  # distinct submissions among its records
    group: str = ""  # what it belongs to when rows of several kinds are listed (a credential)

    @property
    def full_label(self) -> str:
        return f"{self.group} · {self.label}" if self.group else self.label


def comparable(records: Iterable[RecordLike]) -> list[RecordLike]:
    """The records where both assessors gave a level."""
    return [r for r in records if r.level_a and r.level_b]


def summary_of(
    records: Sequence[RecordLike], categories: Sequence[str] | None = None
) -> AgreementSummary:
    rows = comparable(records)
    return summarize(
        [r.level_a or "" for r in rows], [r.level_b or "" for r in rows], categories or None
    )


def _grouped(
    records: Iterable[RecordLike],
    key: Callable[[RecordLike], str],
    label: Callable[[RecordLike], str],
    categories: Sequence[str] | None,
    order: Sequence[str] | None = None,
) -> list[Group]:
    buckets: dict[str, list[RecordLike]] = {}
    labels: dict[str, str] = {}
    for record in comparable(records):
        k = key(record)
        buckets.setdefault(k, []).append(record)
        labels.setdefault(k, label(record))
    if order:
        rank = {k: i for i, k in enumerate(order)}
        keys = sorted(buckets, key=lambda k: (rank.get(k, len(rank)), labels[k].casefold()))
    else:
        keys = sorted(buckets, key=lambda k: labels[k].casefold())
    return [
        Group(
            k,
            labels[k],
            summary_of(buckets[k], categories),
            len({r.submission_id for r in buckets[k]}),
        )
        for k in keys
    ]


def pair_key(record: RecordLike) -> str:
    first, second = sorted((record.assessor_a, record.assessor_b))
    return f"{first} · {second}"


def by_credential(
    records: Iterable[RecordLike], categories_of: Callable[[str], Sequence[str]] | None = None
) -> list[Group]:
    """One group per credential, titled; AC1 counts each credential's own rubric levels."""
    buckets: dict[str, list[RecordLike]] = {}
    for record in records:
        buckets.setdefault(record.credential_id, []).append(record)
    groups = []
    for credential_id, rows in buckets.items():
        categories = categories_of(credential_id) if categories_of else None
        groups.extend(
            _grouped(rows, lambda r: r.credential_id, lambda r: r.credential_title, categories)
        )
    return sorted(groups, key=lambda g: g.label.casefold())


def by_detail(
    records: Iterable[RecordLike],
    categories: Sequence[str] | None = None,
    order: Sequence[str] | None = None,
    labels: Mapping[str, str] | None = None,
) -> list[Group]:
    """One group per target (detail or judged part), in ``order`` (rubric order) if given,
    named by ``labels`` (target id -> text) where given, else by the record's label."""
    names = labels or {}
    return _grouped(
        records,
        lambda r: r.target_id,
        lambda r: names.get(r.target_id, r.target_label),
        categories,
        order,
    )


def by_pair(records: Iterable[RecordLike], categories: Sequence[str] | None = None) -> list[Group]:
    """One group per pair of assessors (names in alphabetical order)."""
    return _grouped(records, pair_key, pair_key, categories)


def level_counts(records: Iterable[RecordLike]) -> dict[str, Counter[str]]:
    """assessor -> how often they gave each level (unjudged targets not counted)."""
    counts: dict[str, Counter[str]] = {}
    for r in records:
        for name, level in ((r.assessor_a, r.level_a), (r.assessor_b, r.level_b)):
            tally = counts.setdefault(name, Counter())
            if level:
                tally[level] += 1
    return dict(sorted(counts.items()))


def skipped(records: Iterable[RecordLike]) -> int:
    """Records left out because an assessor gave no level."""
    return sum(1 for r in records if not (r.level_a and r.level_b))
