"""The word-count rule of docs/word-count.md, its fast path, and the minimum status line."""

from __future__ import annotations

import ast
import bisect
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessor_app.domain import wordcount
from assessor_app.domain.wordcount import (
    WordCountStatus,
    count_words,
    count_words_in_range,
    count_words_regex,
    word_count_status,
)

# Every separator, written out here rather than taken from the code.
SEPARATORS = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000\u200b"
)
# Invisible or joining characters that must not split a word.
NOT_SEPARATORS = "\u00ad\u2060\u200c\u200d\ufeff\u180e"
# The CJK ranges of the rule, as numbers (independent of the code's regex).
CJK_RANGES = (
    (0x3005, 0x3007),
    (0x3021, 0x3029),
    (0x3031, 0x3035),
    (0x3038, 0x303C),
    (0x3041, 0x3096),
    (0x309D, 0x309F),
    (0x30A1, 0x30FA),
    (0x30FC, 0x30FF),
    (0x31F0, 0x31FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xAC00, 0xD7A3),
    (0xF900, 0xFAFF),
    (0xFF66, 0xFF9D),
    (0x1AFF0, 0x1B16F),
    (0x20000, 0x3FFFD),
)


def both(text: str) -> int:
    """The count, after checking that the fast path and the regex agree on it."""
    forced = wordcount._count_fast(text, max_fixes=None)
    reference = count_words_regex(text)
    assert forced == reference, (text, forced, reference)
    assert count_words(text) == reference
    return reference


# --- the documented examples ---------------------------------------------------------------
def _doc_examples() -> list[tuple[str, int, str]]:
    doc = Path(__file__).resolve().parents[2] / "docs" / "word-count.md"
    rows = []
    for line in doc.read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(r"\| `(\".*\")` \| (\d+) \| (.*) \|", line)
        if match:
            rows.append((ast.literal_eval(match[1]), int(match[2]), match[3]))
    return rows


DOC_EXAMPLES = _doc_examples()


def test_the_doc_has_its_examples_table() -> None:
    assert len(DOC_EXAMPLES) >= 35


@pytest.mark.parametrize(("text", "words", "why"), DOC_EXAMPLES, ids=[r[2] for r in DOC_EXAMPLES])
def test_documented_example(text: str, words: int, why: str) -> None:
    assert both(text) == words, why


# --- rule 1: separators --------------------------------------------------------------------
@pytest.mark.parametrize("sep", list(SEPARATORS), ids=[f"U+{ord(c):04X}" for c in SEPARATORS])
def test_every_separator_separates(sep: str) -> None:
    assert both(f"one{sep}two") == 2
    assert both(f"{sep}one{sep}{sep}two{sep}") == 2
    assert both(sep * 3) == 0


@pytest.mark.parametrize(
    "char", list(NOT_SEPARATORS), ids=[f"U+{ord(c):04X}" for c in NOT_SEPARATORS]
)
def test_invisible_joiners_do_not_separate(char: str) -> None:
    assert both(f"one{char}two") == 1
    assert both(char) == 0  # and alone they are no word


def test_the_separator_list_is_complete() -> None:
    """Nothing else in Unicode separates: the list above is the whole rule."""
    found = {chr(cp) for cp in range(0x110000) if chr(cp).isspace()} | {"\u200b"}
    assert found == set(SEPARATORS)


def test_line_breaks_of_every_kind() -> None:
    assert both("one\r\ntwo\rthree\nfour\u2028five\u2029six") == 6


# --- rule 2: what joins a run --------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "well-known",
        "and/or",
        "don't",
        "don’t",
        "1,000",
        "3.14",
        "2023–24",
        "self—aware",
        "student‐centred",  # U+2010 hyphen
        "‘quoted’",
        "«guillemets»",
        "(parenthesised)",
        "[1]",
        "#hashtag",
        "@mention",
        "https://example.org/path?q=1",
        "name@example.org",
        "C++",
        "C#",
        "x²",
        "$5",
        "50%",
        "A+",
        "U.S.A.",
        "rock'n'roll",
        "Ph.D.",
        "naïve",
        "Zoë",
        "Ærø",
        "straße",
        "ǅemal",
        "ʻokina",
        "a̐b̈",
        "e\u0301cole",
        "a\u200db",
        "great🙂",
        "🙂great",
        "👩‍🏫teacher",
    ],
)
def test_punctuation_and_symbols_inside_a_run_do_not_split(text: str) -> None:
    assert both(text) == 1
    assert both(f"{text} {text}") == 2


@pytest.mark.parametrize(
    "text",
    [
        "•",
        "—",
        "–",
        "-",
        "&",
        "...",
        "…",
        "***",
        "#",
        "§",
        "¶",
        "©",
        "™",
        "→",
        "✓",
        "🙂",
        "👩‍🏫",
        "_",
        "__init__"[:2],
        "\u0301",
        "\u20dd",
        "\ufe0f",
        "\ufffd",
        "\ue000",
        "\U000f0000",
        "\x00",
        "\x7f",
        "|",
        "~",
        "^",
        "¿?",
        "¡!",
        "«»",
        "“”",
        "''",
        '"',
        "ﾞ",
        "ﾟ",
        "・",
        "。",
        "、",
        "「」",
        "〜",
        "゛",
        "\u3099",
        "\ud800",
        "\udfff",
    ],
)
def test_runs_without_a_letter_or_digit_are_no_words(text: str) -> None:
    assert both(text) == 0
    assert both(f"word {text} word") == 2


@pytest.mark.parametrize(
    "text",
    [
        "a",
        "Z",
        "7",
        "é",
        "ß",
        "ǅ",
        "ʰ",
        "ª",
        "²",
        "½",
        "Ⅻ",
        "٣",
        "९",
        "〇",
        "Ж",
        "ω",
        "א",
        "ب",
        "क",
        "ก",
        "ა",
        "Ա",
        "ᐊ",
        "ꓐ",
        "𝐀",
        "𝟘",
        "𐌰",
        "ｶ",
        "Ａ",
        "１",
    ],
)
def test_a_single_letter_or_digit_is_a_word(text: str) -> None:
    assert both(text) == 1
    assert both(f"({text})") == 1


def test_numbers_of_every_kind_count() -> None:
    assert both("1,043 words, 2.5 hours, 3½ days, ⅔ done, №5") == 9


def test_scripts_written_with_spaces() -> None:
    assert both("Здравствуйте, как дела?") == 3
    assert both("Καλημέρα κόσμε") == 2
    assert both("שלום עולם") == 2
    assert both("مرحبا بالعالم") == 2
    assert both("नमस्ते दुनिया") == 2  # vowel signs (Mc/Mn) stay in their word


def test_scripts_written_without_spaces_are_one_run() -> None:
    assert both("สวัสดีครับ") == 1  # documented limit: no dictionary
    assert both("สวัสดี\u200bครับ") == 2  # a zero-width space marks the break


# --- rule 4: CJK -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("日本語です", 5),
        ("日本語 です", 5),
        ("Hello世界", 3),
        ("世界Hello", 3),
        ("Hello世界World", 4),
        ("hello-世界-world", 4),  # the hyphens stick to the Latin pieces
        ("-世-", 1),  # pieces without a letter are no words
        ("第3章", 3),
        ("2024年4月1日", 6),
        ("世界。", 2),
        ("「テスト」", 3),
        ("これは「テスト」です、ＡＢＣ１２３。", 9),  # ＡＢＣ１２３ is one fullwidth run
        ("コーヒー", 4),
        ("ゝゞヽヾ々〆〇", 7),
        ("ｶﾞｷﾞ", 2),
        ("ガギ", 2),
        ("ｶ\u3099", 1),
        ("한국어 텍스트입니다.", 9),
        ("中文，中文。", 4),
        ("𠀋𪚲", 2),  # extension B ideographs (outside the BMP)
        ("豈更", 2),  # compatibility ideographs
        ("ㄅㄆ", 1),  # bopomofo is not in the rule's list: one alphabetic run
        ("각", 1),  # conjoining jamo: a run, not syllables
    ],
)
def test_cjk_characters_are_words(text: str, words: int) -> None:
    assert both(text) == words


def test_unassigned_code_points_in_cjk_ranges_are_no_words() -> None:
    unassigned = "".join(
        chr(cp)
        for lo, hi in CJK_RANGES
        for cp in range(lo, hi + 1, 97)
        if unicodedata.category(chr(cp)) == "Cn"
    )
    assert unassigned  # the ranges do contain some
    assert both(unassigned) == 0
    assert both(f"a{unassigned}b") == 1


# --- every code point ----------------------------------------------------------------------
_CJK_STARTS = [lo for lo, _ in CJK_RANGES]


def _expected_kind(cp: int) -> str:
    char = chr(cp)
    if char.isspace() or cp == 0x200B:
        return "separator"
    if unicodedata.category(char)[0] in "LN" and cp not in (0xFF9E, 0xFF9F):
        index = bisect.bisect_right(_CJK_STARTS, cp) - 1
        return "cjk" if index >= 0 and cp <= CJK_RANGES[index][1] else "alnum"
    return "other"


# Words in " c " and in " ac a" ... for one character c of each kind: a unique pair per kind.
_ALONE = {"separator": 0, "alnum": 1, "cjk": 1, "other": 0}
_BETWEEN_LETTERS = {"separator": 2, "alnum": 1, "cjk": 3, "other": 1}


BLOCK = 32  # the fast path removes distinct characters one by one: small blocks are cheaper


def _blocks_to_check() -> list[int]:
    """Block starts: all of planes 0-3 and 14; every 64th block of the unassigned planes."""
    starts = []
    for start in range(0, 0x110000, BLOCK):
        plane = start >> 16
        if plane <= 3 or plane == 14 or (start // BLOCK) % 64 == 0:
            starts.append(start)
    return starts


def test_every_code_point_by_both_paths() -> None:
    """Each character lands in its class on the fast path and in the regex.

    Per block of code points, two texts whose counts add up the characters' classes (a
    miscounted character would have to be cancelled by another in both texts).
    """
    mismatches = []
    for start in _blocks_to_check():
        chars = [chr(cp) for cp in range(start, start + BLOCK)]
        kinds = [_expected_kind(cp) for cp in range(start, start + BLOCK)]
        alone = " ".join(chars)
        between = " ".join(f"a{c}a" for c in chars)
        expect_alone = sum(_ALONE[k] for k in kinds)
        expect_between = sum(_BETWEEN_LETTERS[k] for k in kinds)
        for text, expected in ((alone, expect_alone), (between, expect_between)):
            fast = wordcount._count_fast(text, max_fixes=None)
            regex = count_words_regex(text)
            if fast != expected or regex != expected:
                mismatches.append((hex(start), expected, fast, regex))
    assert mismatches == []


def test_the_planes_skipped_above_hold_no_letters() -> None:
    """Planes 4-13 are unassigned and 15-16 private use: sampling them is enough."""
    for cp in range(0x40000, 0x110000, 61):
        if not 0xE0000 <= cp < 0xF0000:
            assert unicodedata.category(chr(cp)) in ("Cn", "Co")


# --- the fast path and its fallback --------------------------------------------------------
def test_non_latin_scripts_stay_on_the_fast_path() -> None:
    cyrillic = " ".join([chr(cp) for cp in range(0x0410, 0x0450)] * 3)  # 64 letters
    assert wordcount._count_fast(cyrillic) == count_words_regex(cyrillic) == 192
    japanese = "日本語のテキストです。これは「テスト」です、ＡＢＣ１２３。" * 500
    assert wordcount._count_fast(japanese) == count_words_regex(japanese) == 9_500


def test_many_characters_misread_by_their_lead_byte_take_the_regex() -> None:
    marks = "".join(f"a{chr(cp)} " for cp in range(0x0300, 0x0300 + 40))  # combining marks
    assert wordcount._count_fast(marks) is None
    assert count_words(marks) == 40
    assert wordcount._count_fast(marks, max_fixes=None) == 40


def test_distinct_characters_found_both_ways() -> None:
    text = "é’—\u00a0世界🙂Ж"
    expected = sorted(c.encode() for c in set(text))
    small = text.encode()
    large = small * (wordcount._SMALL_NON_ASCII // len(small) + 1)
    assert len(large) > wordcount._SMALL_NON_ASCII
    assert sorted(wordcount._distinct(small)) == expected  # removed one by one
    assert sorted(wordcount._distinct(large)) == expected  # through a set
    table = "".join(chr(cp) for cp in range(0x0400, 0x0400 + 200)).encode()  # many distinct
    assert len(table) <= wordcount._SMALL_NON_ASCII
    assert sorted(wordcount._distinct(table)) == sorted(
        table.decode()[i].encode() for i in range(200)
    )


def test_latin_text_with_a_few_special_characters_stays_fast() -> None:
    text = "The candidate’s “plan” — in 3\u00a0phases, p.\u00a04 — is well‑known. " * 50
    assert wordcount._count_fast(text) == count_words_regex(text) == 500


def test_characters_misread_by_their_lead_byte_are_replaced() -> None:
    # Replacements keep the length, so bytes.replace works in place.
    assert wordcount._fixes("©".encode(), None) == [(b"\xc2\xa9", b"\0\0")]
    assert wordcount._fixes("\u0301".encode(), None) == [(b"\xcc\x81", b"\0\0")]
    assert wordcount._fixes("\u202f".encode(), None) == [(b"\xe2\x80\xaf", b"   ")]
    assert wordcount._fixes("ꓐ".encode(), None) == [(b"\xea\x93\x90", b"aaa")]
    assert wordcount._fixes("世".encode(), None) == []
    assert wordcount._fixes("\U00020b9f".encode(), None) == [(b"\xf0\xa0\xae\x9f", b" a  ")]
    # No-break space, letters, quotes and dashes are as their lead byte guesses.
    assert wordcount._fixes("\u00a0é’—".encode(), None) == []
    assert wordcount._fixes("ÀÁÂ".encode(), 0) == []
    assert wordcount._fixes("©®°".encode(), 2) is None


def test_string_kinds_give_the_same_counts() -> None:
    """Python keeps ASCII, Latin-1, UCS-2 and UCS-4 strings apart; the count must not care."""
    base = "one two-three, four"
    for extra in ("", "é", "—", "𝐀"):
        assert both(base + " " + extra) == 3 + (extra in ("é", "𝐀"))


# --- properties ----------------------------------------------------------------------------
INTERESTING = (
    list(SEPARATORS)
    + list(NOT_SEPARATORS)
    + list("aZé1²-—–/'’,.•&_日本アー・。가ｶﾞЖ🙂\u0301\u3099")
    + ["\U00020b9f", "\U0001f469", "\U0001f3eb", "\ud800"]
)
chars = st.one_of(st.sampled_from(INTERESTING), st.characters())
texts = st.text(alphabet=chars, max_size=60)
separator_runs = st.text(alphabet=st.sampled_from(SEPARATORS), min_size=1, max_size=4)
SPLIT = re.compile(r"[\s\u200b]+")


@settings(max_examples=400)
@given(texts)
def test_fast_path_agrees_with_the_regex(text: str) -> None:
    assert wordcount._count_fast(text, max_fixes=None) == count_words_regex(text)
    assert count_words(text) == count_words_regex(text)


@given(texts, separator_runs, texts)
def test_count_is_additive_over_separated_texts(left: str, sep: str, right: str) -> None:
    assert count_words(left + sep + right) == count_words(left) + count_words(right)


@given(texts, st.lists(separator_runs, min_size=1), separator_runs, separator_runs)
def test_extra_white_space_changes_nothing(
    text: str, gaps: list[str], before: str, after: str
) -> None:
    tokens = [t for t in SPLIT.split(text) if t]
    spaced = before + "".join(tok + gaps[i % len(gaps)] for i, tok in enumerate(tokens)) + after
    assert count_words(spaced) == count_words(text) == count_words(" ".join(tokens))


@given(texts)
def test_never_more_words_than_non_separator_characters(text: str) -> None:
    assert count_words(text) <= len(SPLIT.sub("", text))


@given(texts, st.integers(0, 70), st.integers(0, 70))
def test_count_in_range_is_the_count_of_the_slice(text: str, start: int, end: int) -> None:
    assert count_words_in_range(text, start, end) == count_words(text[start:end])


# --- ranges --------------------------------------------------------------------------------
def test_count_in_range() -> None:
    text = "Building internal relationships takes time."
    assert count_words_in_range(text, 0) == 5
    assert count_words_in_range(text, 9, 31) == 2  # "internal relationships"
    assert count_words_in_range(text, 11, 20) == 2  # "ternal re": cut words still count
    assert count_words_in_range(text, 8, 9) == 0  # the space alone
    assert count_words_in_range(text, -5) == 1  # "time."
    assert count_words_in_range(text, 30, 10) == 0


# --- the minimum ---------------------------------------------------------------------------
def test_status_minimum_met() -> None:
    assert word_count_status(1043, 1000) == WordCountStatus(
        1043, 1000, True, 0, "1,043 / 1,000 words — minimum met"
    )


def test_status_exactly_the_minimum_is_met() -> None:
    status = word_count_status(500, 500)
    assert (status.met, status.shortfall) == (True, 0)
    assert status.text == "500 / 500 words — minimum met"


def test_status_short() -> None:
    assert word_count_status(812, 1000) == WordCountStatus(
        812, 1000, False, 188, "812 / 1,000 words — 188 short"
    )
    assert word_count_status(0, 1000).text == "0 / 1,000 words — 1,000 short"


def test_status_without_minimum() -> None:
    assert word_count_status(12, None) == WordCountStatus(12, None, True, 0, "12 words")
    assert word_count_status(1, None).text == "1 word"
    assert word_count_status(0, None).text == "0 words"
    assert word_count_status(20_000, None).text == "20,000 words"


def test_status_minimum_zero_is_always_met() -> None:
    status = word_count_status(0, 0)
    assert status.met and status.shortfall == 0


@pytest.mark.parametrize(("count", "minimum"), [(-1, 10), (5, -1)])
def test_status_rejects_negative_numbers(count: int, minimum: int) -> None:
    with pytest.raises(ValueError, match="negative"):
        word_count_status(count, minimum)


def test_status_is_frozen() -> None:
    status = word_count_status(3, 5)
    with pytest.raises(AttributeError):
        status.count = 4  # type: ignore[misc]


@given(st.integers(0, 10**6), st.none() | st.integers(0, 10**6))
def test_status_shortfall_property(count: int, minimum: int | None) -> None:
    status = word_count_status(count, minimum)
    assert status.count == count and status.minimum == minimum
    if minimum is None:
        assert status.met and status.shortfall == 0
    else:
        assert status.met == (count >= minimum)
        assert status.shortfall == max(0, minimum - count)
        assert f"{count:,} / {minimum:,} words — " in status.text
