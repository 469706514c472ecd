"""Agreement between two assessors: known answers worked by hand, degenerate input, properties.

Every expected number below is worked out in the comment above it from the table's counts,
as exact fractions; the code computes exact fractions too, so the floats must match to the
last bit or nearly. A second, deliberately plain implementation built on a confusion matrix
(``reference``) checks the module on random data.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessor_app.domain.agreement import (
    FEW_ITEMS,
    LANDIS_KOCH_NOTE,
    AgreementSummary,
    band,
    cohen_kappa,
    describe,
    gwet_ac1,
    percent_agreement,
    summarize,
)


def from_table(cells: dict[tuple[str, str], int]) -> tuple[list[str], list[str]]:
    """Rating sequences from a contingency table: (level of a, level of b) -> item count."""
    a: list[str] = []
    b: list[str] = []
    for (level_a, level_b), count in cells.items():
        a += [level_a] * count
        b += [level_b] * count
    return a, b


def close(expected: Fraction) -> object:
    return pytest.approx(float(expected), rel=1e-12, abs=1e-15)


# --- known answers -------------------------------------------------------------------------
# Two levels, 50 items. a\b    Y    N  | a
#                        Y    20    5  | 25
#                        N    10   15  | 25
#                        b    30   20  | 50
# observed po = (20 + 15) / 50 = 35/50 = 0.7
# kappa:  pe = (25/50)(30/50) + (25/50)(20/50) = 0.30 + 0.20 = 0.5
#         kappa = (0.7 - 0.5) / (1 - 0.5) = 0.2 / 0.5 = 0.4
# AC1:    pi(Y) = (25 + 30) / 100 = 0.55, pi(N) = (25 + 20) / 100 = 0.45, q = 2
#         pe = [0.55 * 0.45 + 0.45 * 0.55] / (2 - 1) = 0.495
#         AC1 = (0.7 - 0.495) / (1 - 0.495) = 0.205 / 0.505 = 41/101 ≈ 0.40594
TWO_BY_TWO = from_table({("Y", "Y"): 20, ("Y", "N"): 5, ("N", "Y"): 10, ("N", "N"): 15})


def test_two_by_two_fifty_items() -> None:
    a, b = TWO_BY_TWO
    assert len(a) == 50
    assert percent_agreement(a, b) == close(Fraction(7, 10))
    assert cohen_kappa(a, b) == close(Fraction(2, 5))
    assert gwet_ac1(a, b) == close(Fraction(41, 101))


# Three levels, 100 items. a\b   E    P    N  | a
#                          E    20    5    0  | 25
#                          P    10   40    5  | 55
#                          N     0    5   15  | 20
#                          b    30   50   20  | 100
# po = (20 + 40 + 15) / 100 = 0.75
# kappa:  pe = 0.25*0.30 + 0.55*0.50 + 0.20*0.20 = 0.075 + 0.275 + 0.040 = 0.39
#         kappa = (0.75 - 0.39) / 0.61 = 36/61 ≈ 0.59016
# AC1:    pi(E) = 55/200 = 0.275, pi(P) = 105/200 = 0.525, pi(N) = 40/200 = 0.20
#         sum pi(1 - pi) = 0.275*0.725 + 0.525*0.475 + 0.20*0.80
#                        = 0.199375 + 0.249375 + 0.16 = 0.60875 = 487/800
#         q = 3: pe = 487/1600 = 0.304375
#         AC1 = (0.75 - 0.304375) / 0.695625 = 0.445625 / 0.695625 = 713/1113 ≈ 0.64061
#         (445625/695625: divide by 125 -> 3565/5565, by 5 -> 713/1113 = 23*31 / 3*7*53)
# With a fourth rubric level "B" nobody used, q = 4 and pi(B) = 0 adds nothing to the sum:
#         pe = 487/2400, 1 - pe = 1913/2400, po - pe = 1800/2400 - 487/2400 = 1313/2400
#         AC1 = 1313/1913 ≈ 0.68636, while kappa stays 36/61 (B adds 0 * 0 to its pe).
THREE_LEVELS = from_table(
    {
        ("E", "E"): 20,
        ("E", "P"): 5,
        ("P", "E"): 10,
        ("P", "P"): 40,
        ("P", "N"): 5,
        ("N", "P"): 5,
        ("N", "N"): 15,
    }
)


def test_three_levels_hundred_items() -> None:
    a, b = THREE_LEVELS
    assert len(a) == 100
    assert percent_agreement(a, b) == close(Fraction(3, 4))
    assert cohen_kappa(a, b) == close(Fraction(36, 61))
    assert gwet_ac1(a, b) == close(Fraction(713, 1113))
    assert gwet_ac1(a, b, categories=["E", "P", "N"]) == close(Fraction(713, 1113))


def test_an_unused_rubric_level_counts_in_ac1_but_not_in_kappa() -> None:
    a, b = THREE_LEVELS
    levels = ["E", "P", "N", "B"]
    assert gwet_ac1(a, b, categories=levels) == close(Fraction(1313, 1913))
    assert cohen_kappa(a, b, categories=levels) == close(Fraction(36, 61))
    summary = summarize(a, b, categories=levels)
    assert summary == AgreementSummary(
        n=100,
        percent=0.75,
        kappa=float(Fraction(36, 61)),
        ac1=float(Fraction(1313, 1913)),
        kappa_note="",  # balanced levels and 100 items: nothing to warn about
    )


def test_categories_are_deduplicated_and_codes_missing_from_them_are_added() -> None:
    a, b = THREE_LEVELS
    # "N" is used but not listed: it is added, so q is still 3 (E, P, N), as is a duplicate.
    assert gwet_ac1(a, b, categories=["E", "P", "P"]) == close(Fraction(713, 1113))
    assert gwet_ac1(a, b, categories=[]) == close(Fraction(713, 1113))


# The kappa paradox, 50 items, nearly everything proficient.
#                          a\b   P    N  | a
#                          P    45    3  | 48
#                          N     2    0  |  2
#                          b    47    3  | 50
# po = 45/50 = 0.90
# kappa:  pe = 0.96*0.94 + 0.04*0.06 = 0.9024 + 0.0024 = 0.9048
#         kappa = (0.90 - 0.9048) / (1 - 0.9048) = -0.0048 / 0.0952 = -48/952 = -6/119 ≈ -0.0504
# AC1:    pi(P) = 95/100 = 0.95, pi(N) = 0.05; pe = 2 * 0.95 * 0.05 / 1 = 0.095
#         AC1 = (0.90 - 0.095) / 0.905 = 0.805 / 0.905 = 161/181 ≈ 0.8895
# 90% agreement, kappa below zero, AC1 high: kappa misleads when one level dominates.
PARADOX = from_table({("P", "P"): 45, ("P", "N"): 3, ("N", "P"): 2})


def test_kappa_paradox_high_agreement_negative_kappa_high_ac1() -> None:
    a, b = PARADOX
    assert percent_agreement(a, b) == close(Fraction(9, 10))
    assert cohen_kappa(a, b) == close(Fraction(-6, 119))
    assert gwet_ac1(a, b, categories=["P", "N"]) == close(Fraction(161, 181))
    assert percent_agreement(a, b) >= 0.9
    assert cohen_kappa(a, b) < 0 < 0.85 < gwet_ac1(a, b)


def test_summary_warns_about_the_kappa_paradox_in_plain_words() -> None:
    a, b = PARADOX
    summary = summarize(a, b, categories=["P", "N"])
    assert summary.n == 50
    assert (summary.percent, summary.kappa, summary.ac1) == (
        percent_agreement(a, b),
        cohen_kappa(a, b),
        gwet_ac1(a, b, ["P", "N"]),
    )
    # 95 of the 100 ratings are "P": the share quoted in the note.
    assert summary.kappa_note == (
        "Kappa (-0.05) understates agreement here: the assessors agreed on 90% of items, "
        "but 95% of all ratings were “P”. When one level dominates, kappa counts most "
        "agreement as luck (the “kappa paradox”). Read percent agreement and AC1 (0.89) "
        "instead."
    )


# Gwet's published example (the cont3x3abstractors table of his irrCAC package, 100 items):
#                          a\b   Ect  AIU  NIU | a
#                          Ect    13    0    0 | 13
#                          AIU     0   20    7 | 27
#                          NIU     0    4   56 | 60
#                          b      13   24   63 | 100
# po = (13 + 20 + 56) / 100 = 0.89
# kappa:  pe = 0.13*0.13 + 0.27*0.24 + 0.60*0.63 = 0.0169 + 0.0648 + 0.378 = 0.4597
#         kappa = 0.4303 / 0.5403 = 4303/5403 ≈ 0.79641  (irrCAC reports 0.796)
# AC1:    pi = 0.13, (0.27 + 0.24)/2 = 0.255, (0.60 + 0.63)/2 = 0.615
#         sum pi(1 - pi) = 0.13*0.87 + 0.255*0.745 + 0.615*0.385
#                        = 0.1131 + 0.189975 + 0.236775 = 0.53985; pe = 0.53985 / 2 = 0.269925
#         AC1 = (0.89 - 0.269925) / 0.730075 = 0.620075 / 0.730075 = 24803/29203 ≈ 0.84933
#         (irrCAC reports 0.8493305)
ABSTRACTORS = from_table(
    {
        ("Ect", "Ect"): 13,
        ("AIU", "AIU"): 20,
        ("AIU", "NIU"): 7,
        ("NIU", "AIU"): 4,
        ("NIU", "NIU"): 56,
    }
)


def test_gwet_published_example() -> None:
    a, b = ABSTRACTORS
    assert percent_agreement(a, b) == close(Fraction(89, 100))
    assert cohen_kappa(a, b) == close(Fraction(4303, 5403))
    assert gwet_ac1(a, b) == close(Fraction(24803, 29203))
    assert round(cohen_kappa(a, b), 3) == 0.796
    assert round(gwet_ac1(a, b), 7) == 0.8493305


def test_complete_disagreement_on_two_levels_is_minus_one() -> None:
    # a = P N, b = N P: po = 0; kappa pe = 0.5*0.5 + 0.5*0.5 = 0.5 -> (0 - 0.5)/0.5 = -1
    # AC1: pi(P) = pi(N) = 0.5, pe = 2 * 0.25 / 1 = 0.5 -> -1 as well.
    assert percent_agreement(["P", "N"], ["N", "P"]) == 0.0
    assert cohen_kappa(["P", "N"], ["N", "P"]) == -1.0
    assert gwet_ac1(["P", "N"], ["N", "P"]) == -1.0


def test_one_assessor_always_giving_the_same_level() -> None:
    # a = 10 x P; b = 8 x P, 2 x N. po = 0.8
    # kappa: pe = 1.0 * 0.8 + 0 * 0.2 = 0.8 -> (0.8 - 0.8) / 0.2 = 0
    # AC1: pi(P) = 18/20 = 0.9, pi(N) = 0.1, pe = 2 * 0.09 = 0.18 -> 0.62 / 0.82 = 31/41
    a = ["P"] * 10
    b = ["P"] * 8 + ["N"] * 2
    assert cohen_kappa(a, b) == 0.0
    assert gwet_ac1(a, b) == close(Fraction(31, 41))
    # Same picture as the paradox: 80% agreement, kappa 0, AC1 0.76 -> the note warns.
    assert "kappa paradox" in summarize(a, b).kappa_note


# --- degenerate input ----------------------------------------------------------------------
def test_no_items_gives_nan_everywhere_never_zero_division() -> None:
    assert math.isnan(percent_agreement([], []))
    assert math.isnan(cohen_kappa([], []))
    assert math.isnan(gwet_ac1([], [], categories=["P", "N"]))
    summary = summarize([], [], categories=["P", "N"])
    assert summary.n == 0
    assert all(math.isnan(x) for x in (summary.percent, summary.kappa, summary.ac1))
    assert summary.kappa_note == (
        "No items were rated by both assessors yet, so there is nothing to compare."
    )


def test_all_one_level_is_complete_agreement_by_convention() -> None:
    a = b = ["P"] * 7
    # kappa's pe = 1 * 1 = 1: the formula reads 0/0, and the module defines kappa = 1.0.
    assert percent_agreement(a, b) == 1.0
    assert cohen_kappa(a, b) == 1.0
    # No categories: q = 1, AC1 divides by q - 1 = 0, defined as 1.0 too.
    assert gwet_ac1(a, b) == 1.0
    # With the rubric's two levels AC1 is computed: pi(P) = 1, pe = 0, AC1 = (1 - 0) / 1.
    assert gwet_ac1(a, b, categories=["P", "N"]) == 1.0
    note = summarize(a, b, categories=["P", "N"]).kappa_note
    assert note.startswith("Both assessors gave all 7 items the same level (“P”).")
    assert "by convention" in note
    assert summarize(["N"], ["N"]).kappa_note.startswith(
        "Both assessors gave the only item the same level (“N”)."
    )


@pytest.mark.parametrize("function", [cohen_kappa, gwet_ac1, summarize])
def test_unequal_lengths_name_both_lengths(function: Callable[..., object]) -> None:
    with pytest.raises(ValueError) as raised:
        function(["P", "P", "N"], ["P", "N"])
    assert str(raised.value) == (
        "agreement needs one level per item from each assessor, but got 3 levels from the "
        "first and 2 from the second"
    )


def test_percent_agreement_unequal_lengths() -> None:
    with pytest.raises(ValueError, match="got 0 levels from the first and 1 from the second"):
        percent_agreement([], ["P"])


def test_few_items_get_a_caution() -> None:
    # 4 items: P P N N vs P N N N -> po = 0.75, not skewed, so the note is about size.
    summary = summarize(["P", "P", "N", "N"], ["P", "N", "N", "N"])
    assert FEW_ITEMS > 4
    assert summary.kappa_note == (
        "Only 4 items: a single changed judgment moves kappa a lot, so treat it as a rough sign."
    )


# --- reading a coefficient -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (-0.3, "less than chance"),
        (-0.004, "slight"),  # shown as 0.00
        (0.0, "slight"),
        (0.20, "slight"),
        (0.204, "slight"),  # shown as 0.20
        (0.21, "fair"),
        (0.40, "fair"),
        (0.41, "moderate"),
        (0.60, "moderate"),
        (0.61, "substantial"),
        (0.80, "substantial"),
        (0.81, "almost perfect"),
        (1.0, "almost perfect"),
        (math.nan, "not available"),
    ],
)
def test_landis_koch_bands(value: float, expected: str) -> None:
    assert band(value) == expected


def test_describe_states_the_band_and_that_it_is_a_convention() -> None:
    assert describe(float(Fraction(36, 61))) == (
        "0.59: moderate agreement beyond chance "
        "(0.41–0.60 in the Landis & Koch convention, a rule of thumb)"
    )
    assert describe(float(Fraction(-6, 119))) == (
        "-0.05: less agreement than chance alone would give (below 0; Landis & Koch convention)"
    )
    assert describe(-0.004).startswith("0.00: slight")
    assert describe(math.nan) == "not available (no items to compare)"
    assert "convention" in LANDIS_KOCH_NOTE and "not a statistical test" in LANDIS_KOCH_NOTE


# --- an independent implementation and properties ------------------------------------------
def reference(
    a: Sequence[str], b: Sequence[str], categories: Sequence[str] = ()
) -> tuple[float, float, float]:
    """Percent, kappa and AC1 the textbook way: a q x q matrix of proportions, in floats."""
    levels = sorted(set(categories) | set(a) | set(b))
    index = {level: i for i, level in enumerate(levels)}
    q, n = len(levels), len(a)
    matrix = [[0.0] * q for _ in range(q)]
    for x, y in zip(a, b, strict=True):
        matrix[index[x]][index[y]] += 1 / n
    rows = [sum(matrix[i]) for i in range(q)]
    columns = [sum(matrix[i][j] for i in range(q)) for j in range(q)]
    observed = sum(matrix[i][i] for i in range(q))
    chance_kappa = sum(rows[i] * columns[i] for i in range(q))
    kappa = (
        1.0 if math.isclose(chance_kappa, 1.0) else (observed - chance_kappa) / (1 - chance_kappa)
    )
    if q == 1:
        return observed, kappa, 1.0
    pooled = [(rows[i] + columns[i]) / 2 for i in range(q)]
    chance_ac1 = sum(p * (1 - p) for p in pooled) / (q - 1)
    return observed, kappa, (observed - chance_ac1) / (1 - chance_ac1)


LEVELS = ["E", "P", "N", "B"]
pairs = st.lists(st.tuples(st.sampled_from(LEVELS), st.sampled_from(LEVELS)), max_size=60)
skewed_pairs = st.lists(
    st.tuples(
        st.sampled_from(["P"] * 9 + ["N"]),
        st.sampled_from(["P"] * 9 + ["N"]),
    ),
    min_size=1,
    max_size=80,
)


def unzip(items: list[tuple[str, str]]) -> tuple[list[str], list[str]]:
    return [x for x, _ in items], [y for _, y in items]


@given(st.one_of(pairs, skewed_pairs), st.sampled_from([None, LEVELS]))
def test_matches_the_confusion_matrix_reference(
    items: list[tuple[str, str]], categories: list[str] | None
) -> None:
    a, b = unzip(items)
    summary = summarize(a, b, categories)
    if not items:
        assert math.isnan(summary.percent) and math.isnan(summary.kappa)
        return
    percent, kappa, ac1 = reference(a, b, categories or ())
    assert summary.percent == pytest.approx(percent, abs=1e-9)
    assert summary.kappa == pytest.approx(kappa, abs=1e-9)
    assert summary.ac1 == pytest.approx(ac1, abs=1e-9)


@given(pairs, st.sampled_from([None, LEVELS]))
def test_symmetric_in_the_two_assessors(
    items: list[tuple[str, str]], categories: list[str] | None
) -> None:
    a, b = unzip(items)
    forward, backward = summarize(a, b, categories), summarize(b, a, categories)
    for x, y in [
        (forward.percent, backward.percent),
        (forward.kappa, backward.kappa),
        (forward.ac1, backward.ac1),
    ]:
        assert x == y or (math.isnan(x) and math.isnan(y))


@given(st.one_of(pairs, skewed_pairs), st.sampled_from([None, LEVELS]))
def test_ranges(items: list[tuple[str, str]], categories: list[str] | None) -> None:
    a, b = unzip(items)
    summary = summarize(a, b, categories)
    if not items:
        return
    assert 0.0 <= summary.percent <= 1.0
    assert -1.0 <= summary.kappa <= 1.0
    assert -1.0 <= summary.ac1 <= 1.0
    # Correcting for chance never raises agreement above what was observed.
    assert summary.kappa <= summary.percent


@given(st.lists(st.sampled_from(LEVELS), min_size=1, max_size=60), st.sampled_from([None, LEVELS]))
def test_identical_ratings_give_one(ratings: list[str], categories: list[str] | None) -> None:
    assert percent_agreement(ratings, list(ratings)) == 1.0
    assert cohen_kappa(ratings, list(ratings), categories) == 1.0
    assert gwet_ac1(ratings, list(ratings), categories) == 1.0


@given(
    st.one_of(pairs, skewed_pairs).flatmap(lambda xs: st.tuples(st.just(xs), st.permutations(xs)))
)
def test_order_of_items_does_not_matter(
    both: tuple[list[tuple[str, str]], list[tuple[str, str]]],
) -> None:
    original, shuffled = both
    first, second = summarize(*unzip(original)), summarize(*unzip(shuffled))
    assert first.kappa_note == second.kappa_note
    for x, y in [
        (first.percent, second.percent),
        (first.kappa, second.kappa),
        (first.ac1, second.ac1),
    ]:
        assert x == y or (math.isnan(x) and math.isnan(y))


@given(pairs)
def test_kappa_ignores_unused_levels(items: list[tuple[str, str]]) -> None:
    a, b = unzip(items)
    with_unused = cohen_kappa(a, b, categories=[*LEVELS, "unused"])
    without = cohen_kappa(a, b)
    assert with_unused == without or (math.isnan(with_unused) and math.isnan(without))
