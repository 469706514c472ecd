"""How far two assessors agree: percent agreement, Cohen's kappa and Gwet's AC1.

Each function takes the two assessors' level codes as two equally long sequences, item by
item: ``a[i]`` and ``b[i]`` are the levels the two gave the same target of the same
submission. Level codes are opaque strings from the rubric; nothing here knows one.
``docs/agreement.md`` explains the numbers for lead assessors.

Choices made here, in one place:

* **Unequal lengths** are a programming error: :class:`ValueError` naming both lengths.
* **No items** (two empty sequences): every coefficient is ``float('nan')``, "not
  available", never a :class:`ZeroDivisionError`. ``nan`` compares unequal to everything,
  so callers test it with :func:`math.isnan`.
* **Exact arithmetic.** Proportions are computed as :class:`fractions.Fraction` and turned
  into a float only at the end, so a chance agreement of exactly 1 is recognised as such
  and identical inputs give exactly 1.0, whatever the number of items.
* **Kappa when chance agreement is 1.** That happens only when both assessors gave every
  item one and the same level; then observed agreement is 1 too and kappa's formula reads
  0/0. We report 1.0: the assessors agreed on everything, there was just no variety to
  test it against (:func:`summarize` says so in its note).
* **AC1 with a single category.** AC1 divides by ``q - 1``, q being the number of levels.
  With one level in all (no ``categories`` given and both assessors used the same single
  level) we report 1.0 for the same reason. With two or more levels AC1's chance
  agreement is at most ``1/q``, so it never divides by zero.
* **Categories.** ``categories`` should be every level code of the rubric, so a level
  nobody used still counts in AC1's q. Codes found in the data but missing from
  ``categories`` are added rather than refused, so q is never smaller than the number of
  levels actually used; duplicates count once. Kappa does not depend on unused levels
  (they add nothing to its chance agreement) and accepts ``categories`` only so that all
  three functions are called alike.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

__all__ = [
    "FEW_ITEMS",
    "LANDIS_KOCH_NOTE",
    "PARADOX_AGREEMENT",
    "PARADOX_GAP",
    "PARADOX_SHARE",
    "AgreementSummary",
    "band",
    "cohen_kappa",
    "describe",
    "gwet_ac1",
    "percent_agreement",
    "summarize",
]

# When summarize() warns about the kappa paradox: observed agreement at least this high...
PARADOX_AGREEMENT = 0.80
# ...one level making up at least this share of all ratings (both assessors together)...
PARADOX_SHARE = 0.80
# ...and kappa at least this far below AC1. All three are rules of thumb, not statistics.
PARADOX_GAP = 0.20
# Fewer items than this and summarize() says the coefficients are only a rough sign.
FEW_ITEMS = 10

LANDIS_KOCH_NOTE = (
    "Bands after Landis & Koch (1977): a widely used convention for reading kappa-like "
    "coefficients, not a statistical test."
)

# (upper bound inclusive, band name); values above 0.80 up to 1.0 are "almost perfect".
_BANDS: tuple[tuple[float, str], ...] = (
    (0.20, "slight"),
    (0.40, "fair"),
    (0.60, "moderate"),
    (0.80, "substantial"),
)
_BAND_RANGES = {
    "slight": "0.00–0.20",
    "fair": "0.21–0.40",
    "moderate": "0.41–0.60",
    "substantial": "0.61–0.80",
    "almost perfect": "0.81–1.00",
}


@dataclass(frozen=True)
class _Tally:
    """The counts every coefficient is built from."""

    n: int
    agreed: int  # items where a[i] == b[i]
    count_a: Counter[str]  # level -> how often assessor a gave it
    count_b: Counter[str]

    @property
    def observed(self) -> Fraction:
        return Fraction(self.agreed, self.n)

    def kappa_chance(self) -> Fraction:
        """Chance agreement as kappa sees it: each assessor keeps their own level mix."""
        return Fraction(
            sum(self.count_a[k] * self.count_b[k] for k in self.count_a), self.n * self.n
        )

    def pooled(self, level: str) -> Fraction:
        """Share of all 2n ratings that are ``level``."""
        return Fraction(self.count_a[level] + self.count_b[level], 2 * self.n)

    def levels(self, categories: Sequence[str] | None) -> list[str]:
        """``categories`` (deduplicated, in order) plus any other code found in the data."""
        seen = dict.fromkeys(categories or ())
        seen.update(dict.fromkeys(sorted(self.count_a | self.count_b)))
        return list(seen)


def _tally(a: Sequence[str], b: Sequence[str]) -> _Tally:
    if len(a) != len(b):
        raise ValueError(
            "agreement needs one level per item from each assessor, but got "
            f"{len(a)} levels from the first and {len(b)} from the second"
        )
    agreed = sum(1 for x, y in zip(a, b, strict=True) if x == y)
    return _Tally(len(a), agreed, Counter(a), Counter(b))


def _percent(t: _Tally) -> float:
    return math.nan if t.n == 0 else float(t.observed)


def _kappa(t: _Tally) -> float:
    if t.n == 0:
        return math.nan
    chance = t.kappa_chance()
    if chance == 1:  # both gave every item the same single level, so observed is 1 too
        return 1.0
    return float((t.observed - chance) / (1 - chance))


def _ac1(t: _Tally, categories: Sequence[str] | None) -> float:
    if t.n == 0:
        return math.nan
    levels = t.levels(categories)
    q = len(levels)
    if q == 1:  # one level in all: every item agrees, nothing to correct for
        return 1.0
    chance = sum((t.pooled(k) * (1 - t.pooled(k)) for k in levels), Fraction(0)) / (q - 1)
    return float((t.observed - chance) / (1 - chance))


def percent_agreement(a: Sequence[str], b: Sequence[str]) -> float:
    """The share of items on which both assessors gave the same level, from 0.0 to 1.0.

    ``nan`` for no items; :class:`ValueError` when the lengths differ.
    """
    return _percent(_tally(a, b))


def cohen_kappa(
    a: Sequence[str], b: Sequence[str], categories: Sequence[str] | None = None
) -> float:
    """Cohen's kappa: agreement beyond what chance would give, from -1.0 to 1.0.

    ``kappa = (po - pe) / (1 - pe)`` where ``po`` is the observed agreement and
    ``pe = sum over levels k of pa(k) * pb(k)``, ``pa(k)`` being the share of items
    assessor a put at level k (likewise ``pb``). 1.0 is perfect agreement, 0.0 no better
    than chance, below 0 worse than chance.

    ``categories`` does not change kappa (a level nobody used adds 0 to ``pe``); it is
    accepted so the three functions are called alike. ``nan`` for no items; 1.0 when both
    assessors gave every item the same single level (``pe`` = 1, see the module notes).
    """
    del categories  # unused levels contribute nothing to kappa
    return _kappa(_tally(a, b))


def gwet_ac1(a: Sequence[str], b: Sequence[str], categories: Sequence[str] | None = None) -> float:
    """Gwet's AC1: agreement beyond chance, with a chance term that uneven levels cannot inflate.

    ``AC1 = (po - pe) / (1 - pe)`` with ``pe = sum over levels k of pi(k) * (1 - pi(k))``
    divided by ``q - 1``, where ``pi(k)`` is the share of all ratings (both assessors
    together) at level k and ``q`` the number of levels. Pass ``categories`` = every level
    code of the rubric so that a level nobody used still counts in q; codes in the data but
    not in ``categories`` are added. From -1.0 to 1.0; ``nan`` for no items; 1.0 when there
    is only one level in all (see the module notes).
    """
    return _ac1(_tally(a, b), categories)


@dataclass(frozen=True)
class AgreementSummary:
    """The three numbers for one pair of rating sequences, and what to make of kappa.

    ``percent``, ``kappa`` and ``ac1`` are ``nan`` when ``n`` is 0. ``kappa_note`` is a plain
    sentence for a lead assessor when kappa should not be read on its own (no items, no
    variety in the levels, the kappa paradox, very few items), else ``""``.
    """

    n: int
    percent: float
    kappa: float
    ac1: float
    kappa_note: str


def summarize(
    a: Sequence[str], b: Sequence[str], categories: Sequence[str] | None = None
) -> AgreementSummary:
    """All three coefficients at once, with a note on reading kappa.

    The note warns of the *kappa paradox* when observed agreement is at least
    :data:`PARADOX_AGREEMENT`, one level makes up at least :data:`PARADOX_SHARE` of all
    ratings, and kappa is at least :data:`PARADOX_GAP` below AC1: kappa then treats most of
    the agreement as luck and looks poor although the assessors nearly always agreed.
    """
    t = _tally(a, b)
    percent, kappa, ac1 = _percent(t), _kappa(t), _ac1(t, categories)
    return AgreementSummary(t.n, percent, kappa, ac1, _kappa_note(t, percent, kappa, ac1))


def _kappa_note(t: _Tally, percent: float, kappa: float, ac1: float) -> str:
    if t.n == 0:
        return "No items were rated by both assessors yet, so there is nothing to compare."
    if t.kappa_chance() == 1:
        (level,) = t.count_a
        items = "the only item" if t.n == 1 else f"all {t.n} items"
        return (
            f"Both assessors gave {items} the same level (“{level}”). They agree "
            "completely, but with no variety in the levels there is nothing to correct for "
            "chance: kappa is shown as 1.00 by convention, not measured."
        )
    levels = sorted(t.count_a | t.count_b)
    top = max(levels, key=lambda k: (t.pooled(k), k))
    share = float(t.pooled(top))
    if percent >= PARADOX_AGREEMENT and share >= PARADOX_SHARE and ac1 - kappa >= PARADOX_GAP:
        return (
            f"Kappa ({kappa:.2f}) understates agreement here: the assessors agreed on "
            f"{percent:.0%} of items, but {share:.0%} of all ratings were “{top}”. When one "
            "level dominates, kappa counts most agreement as luck (the “kappa paradox”). "
            f"Read percent agreement and AC1 ({ac1:.2f}) instead."
        )
    if t.n < FEW_ITEMS:
        return (
            f"Only {t.n} items: a single changed judgment moves kappa a lot, so treat it as "
            "a rough sign."
        )
    return ""


def band(value: float) -> str:
    """The Landis & Koch band of a kappa-like coefficient (kappa or AC1), in words.

    "less than chance" below 0, then "slight" up to 0.20, "fair" up to 0.40, "moderate" up
    to 0.60, "substantial" up to 0.80 and "almost perfect" above. The value is first rounded
    to two decimals, so the band always matches the two-decimal number shown beside it
    (0.204 reads 0.20, "slight"); upper bounds are inclusive. "not available" for ``nan``.
    The bands are a convention (:data:`LANDIS_KOCH_NOTE`), not a test. Not meant for
    percent agreement.
    """
    if math.isnan(value):
        return "not available"
    value = _shown(value)
    if value < 0:
        return "less than chance"
    for upper, name in _BANDS:
        if value <= upper:
            return name
    return "almost perfect"


def _shown(value: float) -> float:
    """``value`` rounded to two decimals as displayed; -0.0 becomes 0.0."""
    return round(value, 2) + 0.0


def describe(value: float) -> str:
    """A kappa-like coefficient in plain words, e.g. "0.59: moderate agreement beyond chance".

    Uses :func:`band`; the text states the band's range and that the bands are a
    convention. ``nan`` reads "not available (no items to compare)".
    """
    if math.isnan(value):
        return "not available (no items to compare)"
    name, value = band(value), _shown(value)
    if name == "less than chance":
        return (
            f"{value:.2f}: less agreement than chance alone would give "
            "(below 0; Landis & Koch convention)"
        )
    return (
        f"{value:.2f}: {name} agreement beyond chance "
        f"({_BAND_RANGES[name]} in the Landis & Koch convention, a rule of thumb)"
    )
