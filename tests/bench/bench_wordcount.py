"""Benchmark: counting the words of a 20,000-word narrative on every keystroke.

Target: the median ``count_words`` call on a realistic 20,000-word text (about 130 KB, with
typographic quotes, dashes, bullets and no-break spaces) stays under 2 ms. Each measured call
simulates a keystroke: one character is inserted into the text, then the text is recounted.
The printout compares it with the raw baseline ``len(text.split())``, which creates one
string per word and does not apply the rule.

The file name does not match pytest's ``test_*.py`` pattern and ``tests/bench`` is in the
default ``--ignore``, so ``uv run pytest tests/bench`` collects nothing. Run it by path:

    uv run pytest tests/bench/bench_wordcount.py -s -p no:cacheprovider

(a file named on the command line is collected whatever the pattern and ``--ignore`` say), or
run every benchmark of the directory with:

    uv run pytest tests/bench -s --override-ini addopts="" -o python_files="bench_*.py"
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable

import pytest

from assessor_app.domain.wordcount import count_words, count_words_regex

TARGET_MS = 2.0
WORDS = 20_000
KEYSTROKES = 300

# Content words, plus short function words weighted as in ordinary English prose (about
# 4.7 letters a word on average, so 20,000 words come to about 130 KB).
_CONTENT_TEXT = (
    "staff students teachers school leader relationships trust rapport expectations visible "
    "approachable environment diverse ideas respected strategies timelines evaluation plan "
    "monitoring communication collaboration feedback meetings classroom community families "
    "culture professional learning instructional observations conversations consistently "
    "building weekly survey results improved participation evidence shows reflection artifact "
    "portfolio minutes agenda listening questions concerns decisions shared leadership goals "
    "well-known student-centred data-informed follow-up and/or time year term grade team "
    "parents voice needs growth data notes lesson role model tone safe open clear daily"
)
_FUNCTION_TEXT = (
    "the the the the of of of and and and to to to a a in in is is that for it as with was "
    "on be by at this are we I our they their from or an not have has but all can so which "
    "more when one also how who each what about were will my me us it's its do"
)
_VOCABULARY = _CONTENT_TEXT.split() + _FUNCTION_TEXT.split()
_SPECIAL_WORDS = (
    "don’t",
    "teachers’",
    "school’s",
    "it’s",
    "1,000",
    "2023–24",
    "15%",
    "“trust”",
    "(see",
    "e.g.",
    "Grade\u00a07",
    "p.\u00a04",
)


def realistic_narrative(words: int = WORDS, seed: int = 2024) -> str:
    """A deterministic narrative of exactly ``words`` words, shaped like a candidate's Part 1."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    written = 0
    while written < words:
        sentences = []
        bullets = rng.random() < 0.15
        for _ in range(rng.randint(3, 7)):
            length = min(rng.randint(8, 26), words - written)
            if length <= 0:
                break
            tokens: list[str] = []
            count = 0
            while count < length:
                if rng.random() < 0.05:
                    token = rng.choice(_SPECIAL_WORDS)
                    count += 2 if "\u00a0" in token else 1
                    if count > length:
                        count -= 2
                        continue
                else:
                    token = rng.choice(_VOCABULARY)
                    count += 1
                if rng.random() < 0.08:
                    token += ","
                tokens.append(token)
                if rng.random() < 0.02:
                    tokens.append("—")  # a spaced dash: no word
            tokens[0] = tokens[0][:1].upper() + tokens[0][1:]
            written += count
            sentence = " ".join(tokens).rstrip(",") + rng.choice(".....?")
            sentences.append(("• " if bullets else "") + sentence)
        paragraphs.append(("\n" if bullets else " ").join(sentences))
    return "\n\n".join(paragraphs)


def _median_ms(texts: list[str], func: Callable[[str], object]) -> float:
    times = []
    for text in texts:
        start = time.perf_counter_ns()
        func(text)
        times.append(time.perf_counter_ns() - start)
    return statistics.median(times) / 1e6


def _keystrokes(text: str, n: int, seed: int = 7) -> list[str]:
    """``n`` versions of ``text``, each with one more character typed somewhere."""
    rng = random.Random(seed)
    versions = []
    for _ in range(n):
        at = rng.randrange(len(text))
        text = text[:at] + rng.choice("etaoin ,.’") + text[at:]
        versions.append(text)
    return versions


@pytest.mark.bench
def test_count_words_on_a_20000_word_narrative() -> None:
    text = realistic_narrative()
    assert count_words(text) == WORDS
    assert count_words_regex(text) == WORDS
    versions = _keystrokes(text, KEYSTROKES)
    _median_ms(versions[:20], count_words)  # warm up
    ours = _median_ms(versions, count_words)
    baseline = _median_ms(versions, lambda t: len(t.split()))
    regex = _median_ms(versions[:30], count_words_regex)
    ascii_text = text.encode("ascii", "replace").decode("ascii")
    ascii_ms = _median_ms(_keystrokes(ascii_text, KEYSTROKES), count_words)
    print(
        f"\ncount_words, {WORDS:,} words / {len(text.encode()) / 1000:.0f} KB, "
        f"median per keystroke over {KEYSTROKES}:\n"
        f"  count_words          {ours:7.3f} ms  ({ours / baseline:.2f}x the baseline)\n"
        f"  same text as ASCII   {ascii_ms:7.3f} ms\n"
        f"  len(text.split())    {baseline:7.3f} ms  (baseline, no rule)\n"
        f"  count_words_regex    {regex:7.3f} ms  (the reference regex)"
    )
    assert ours < TARGET_MS, f"count_words took {ours:.3f} ms, target {TARGET_MS} ms"


@pytest.mark.bench
def test_count_words_on_texts_that_take_the_regex() -> None:
    """No target: Japanese, Korean and Russian texts, for the record."""
    rng = random.Random(11)
    korean = "학교 선생님 학생 관계 신뢰 계획 평가 소통 협력 피드백입니다."
    russian = "школа учитель ученики доверие план оценка «данные» — общение"
    samples = {
        "Japanese": "".join(
            rng.choice("日本語のテキストです。これは「テスト」で、学校の先生と生徒の関係を築く。")
            for _ in range(44_000)
        ),
        "Korean": " ".join(rng.choice(korean.split()) for _ in range(20_000)),
        "Russian": " ".join(rng.choice(russian.split()) for _ in range(WORDS)),
    }
    print()
    for name, text in samples.items():
        ms = _median_ms([text] * 15, count_words)
        regex = _median_ms([text] * 5, count_words_regex)
        size = len(text.encode()) / 1000
        print(
            f"  {name:9} {size:4.0f} KB {count_words(text):7,} words"
            f"  count_words {ms:6.2f} ms, count_words_regex {regex:6.2f} ms"
        )
