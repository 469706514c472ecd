"""Word counting for narrative parts, with one rule everywhere (see ``docs/word-count.md``).

The rule, in short:

* A *separator* is any character ``str.isspace()`` accepts (ASCII white space, the no-break
  spaces U+00A0, U+2007, U+202F, the other Unicode spaces, line and paragraph separators)
  plus the zero-width space U+200B.
* A *word* is a maximal run of non-separator characters that contains at least one letter or
  digit (Unicode categories L* and N*). Hyphens, dashes, slashes, apostrophes, commas and other
  punctuation inside a run do not split it; a run of punctuation or symbols alone is no word.
* A CJK character (a Han ideograph, a hiragana or katakana letter, a Hangul syllable) is a word
  by itself and also ends the run around it: ``"Hello世界"`` is ``Hello`` + ``世`` + ``界``.
  The halfwidth sound marks U+FF9E and U+FF9F count like the combining marks they stand for:
  they belong to the run but make no word.

Counts are over plain text: the bundle carries narratives as plain text, so no markup is
stripped here.

How it is fast: a regular expression cannot meet the 2 ms budget for a 20,000-word text in
CPython (``\\S+`` alone costs about 3 ms on 130 KB, the whole rule about 20 ms), so
:func:`count_words` maps the text onto a three-letter byte alphabet with ``bytes.translate``
(``a`` letter or digit, space separator, ``c`` CJK character, everything else deleted) and
counts the places where words start with ``bytes.count``; all of that runs in C. A non-ASCII
character is classified by a guess from its UTF-8 lead byte; the few characters present that
the guess gets wrong (``«``, ``©``, a combining accent, ...) are replaced by ASCII of their
kind first. A text with more than 32 such characters takes the plain regex
(:func:`count_words_regex`), which is the reference definition: the tests check the fast path
against it on every code point and on random texts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache

__all__ = [
    "WordCountStatus",
    "count_words",
    "count_words_in_range",
    "count_words_regex",
    "word_count_status",
]

# Code-point ranges of the scripts whose characters are words by themselves. A character in
# these ranges is a CJK word only if it is also a letter or a digit, so punctuation such as
# U+30FB KATAKANA MIDDLE DOT and unassigned code points never count.
_CJK_RANGES = (
    "\u3005-\u3007"  # 々 〆 〇
    "\u3021-\u3029"  # Hangzhou numerals
    "\u3031-\u3035"  # vertical kana repeat marks
    "\u3038-\u303c"  # 〸 〹 〺 〻 〼
    "\u3041-\u3096"  # hiragana
    "\u309d-\u309f"  # ゝ ゞ ゟ
    "\u30a1-\u30fa"  # katakana
    "\u30fc-\u30ff"  # ー ヽ ヾ ヿ
    "\u31f0-\u31ff"  # katakana phonetic extensions
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uac00-\ud7a3"  # Hangul syllables
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\uff66-\uff9d"  # halfwidth katakana
    "\U0001aff0-\U0001b16f"  # kana extended, supplement and small kana
    "\U00020000-\U0003fffd"  # CJK extensions B and later, compatibility supplement
)
_SEPARATORS = r"\s\u200b"
_HALFWIDTH_MARKS = "\uff9e\uff9f"

# --- the reference definition: plain regular expressions ----------------------------------
_IS_SEPARATOR = re.compile(rf"[{_SEPARATORS}]").match
_IS_ALNUM = re.compile(rf"[^\W_{_HALFWIDTH_MARKS}]").match  # L* and N*, nothing else
_IS_IN_CJK_RANGES = re.compile(rf"[{_CJK_RANGES}]").match

_CJK_WORD = rf"[{_CJK_RANGES}](?<=[^\W_])"  # a letter or digit inside the CJK ranges
# A run character that is neither a separator nor a CJK word.
_IN_RUN = rf"(?:[^{_SEPARATORS}{_CJK_RANGES}]|[{_CJK_RANGES}](?<![^\W_]))"
_ALNUM_OUTSIDE_CJK = rf"[^\W_{_CJK_RANGES}{_HALFWIDTH_MARKS}]"
# The empty group makes findall return the shared empty string instead of one new string
# per word.
_WORD_RE = re.compile(rf"(?:{_CJK_WORD}|{_IN_RUN}*?{_ALNUM_OUTSIDE_CJK}{_IN_RUN}*)()")


def count_words_regex(text: str) -> int:
    """The number of words in ``text``, by the plain regular expression.

    Same result as :func:`count_words` for every string (the tests check it on every code
    point and on random texts); several times slower on long texts.
    """
    return len(_WORD_RE.findall(text))


# --- the fast path: a byte alphabet counted in C ------------------------------------------
class _Kind(IntEnum):
    SEPARATOR = 0
    ALNUM = 1
    CJK = 2
    OTHER = 3


def _kind(char: str) -> _Kind:
    if _IS_SEPARATOR(char):
        return _Kind.SEPARATOR
    if _IS_ALNUM(char):
        return _Kind.CJK if _IS_IN_CJK_RANGES(char) else _Kind.ALNUM
    return _Kind.OTHER


# What a character becomes after the translation: its kind's byte, or nothing.
_OUTPUT = {_Kind.SEPARATOR: b" ", _Kind.ALNUM: b"a", _Kind.CJK: b"c", _Kind.OTHER: b""}
# What a non-ASCII character is replaced with before the translation when its lead byte would
# classify it wrongly: ASCII of the same length (``bytes.replace`` is fastest in place), that
# the translation then reads as intended. NUL is deleted like any other non-word character,
# and a CJK character (never shorter than 3 bytes) becomes a word between two separators.
_REPLACEMENT = {_Kind.SEPARATOR: b" ", _Kind.ALNUM: b"a", _Kind.CJK: b" a ", _Kind.OTHER: b"\0"}


def _replacement_for(kind: _Kind, length: int) -> bytes:
    if kind is _Kind.CJK:
        return _REPLACEMENT[kind].ljust(length)
    return _REPLACEMENT[kind] * length


def _lead_byte_kind(lead: int) -> _Kind:
    """The usual kind of the characters whose UTF-8 encoding starts with ``lead`` (>= 0x80).

    Only speed depends on this guess: every character present whose kind differs is replaced
    before the translation.
    """
    if lead == 0xC2:  # U+0080-U+00BF: mostly signs, but the no-break space is the common one
        return _Kind.SEPARATOR
    if 0xC3 <= lead <= 0xE1:  # U+00C0-U+1FFF: Latin, Greek, Cyrillic, ..., Indic letters
        return _Kind.ALNUM
    if 0xE3 <= lead <= 0xED:  # U+3000-U+DFFF: kana, ideographs, Hangul
        return _Kind.CJK
    # Continuation bytes, U+2000-U+2FFF (punctuation, symbols), private use, U+F000-U+FFFF,
    # supplementary planes (emoji, historic scripts), bytes that never occur in UTF-8.
    return _Kind.OTHER


def _build_table() -> tuple[bytes, bytes]:
    table = bytearray(range(256))
    delete = bytearray()
    for byte in range(256):
        kind = _kind(chr(byte)) if byte < 0x80 else _lead_byte_kind(byte)
        out = _OUTPUT[kind]
        if out:
            table[byte] = out[0]
        else:
            delete.append(byte)
    return bytes(table), bytes(delete)


_TABLE, _DELETE = _build_table()
_ASCII_BYTES = bytes(range(0x80))
# Up to this many bytes of non-ASCII text, distinct characters are removed one by one.
_SMALL_NON_ASCII = 8192
_MAX_REMOVALS = 64  # then the rest goes through a set: removals cost a pass each
# Past this many characters that need a replacement pass, the regex is cheaper.
_MAX_FIXES = 32


@lru_cache(maxsize=4096)
def _replacement(encoded: bytes) -> bytes | None:
    """The ASCII replacement for one UTF-8-encoded character, or None when none is needed."""
    kind = _kind(encoded.decode("utf-8", "surrogatepass"))
    if kind is _lead_byte_kind(encoded[0]):
        return None
    return _replacement_for(kind, len(encoded))


def _sequence_length(lead: int) -> int:
    return 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4


def _distinct(non_ascii: bytes) -> list[bytes]:
    """The distinct characters of ``non_ascii`` (UTF-8 without ASCII), each UTF-8-encoded.

    A little non-ASCII text (English with its quotes and dashes) is searched by removing one
    character at a time, a few passes in C; more (a non-Latin script) goes through a set,
    about 70 ns a character.
    """
    found: list[bytes] = []
    rest = non_ascii
    if len(rest) <= _SMALL_NON_ASCII:
        while rest and len(found) < _MAX_REMOVALS:
            encoded = rest[: _sequence_length(rest[0])]
            rest = rest.replace(encoded, b"")  # UTF-8 never matches across characters
            found.append(encoded)
    if rest:
        chars = set(rest.decode("utf-8", "surrogatepass"))
        found.extend(char.encode("utf-8", "surrogatepass") for char in chars)
    return found


def _fixes(non_ascii: bytes, max_fixes: int | None) -> list[tuple[bytes, bytes]] | None:
    """Replacements for the characters of ``non_ascii`` that their lead byte misclassifies.

    None when more than ``max_fixes`` characters need one: then the regex costs less than
    one replacement pass over the text for each.
    """
    fixes = []
    for encoded in _distinct(non_ascii):
        replacement = _replacement(encoded)
        if replacement is not None:
            fixes.append((encoded, replacement))
    if max_fixes is not None and len(fixes) > max_fixes:
        return None
    return fixes


def _count_translated(out: bytes) -> int:
    """Words in a string over ``a`` (letter or digit), space and ``c`` (CJK character)."""
    words = out.count(b" a") + out.startswith(b"a")
    if b"c" in out:
        words += out.count(b"c") + out.count(b"ca")
    return words


def _count_fast(text: str, max_fixes: int | None = _MAX_FIXES) -> int | None:
    """The count by byte translation, or None when the text needs the regex to stay fast.

    ``max_fixes=None`` forces the fast path whatever the text (the tests use it).
    """
    if text.isascii():
        return _count_translated(text.encode("ascii").translate(_TABLE, _DELETE))
    data = text.encode("utf-8", "surrogatepass")
    fixes = _fixes(data.translate(None, _ASCII_BYTES), max_fixes)
    if fixes is None:
        return None
    for encoded, replacement in fixes:
        data = data.replace(encoded, replacement)
    return _count_translated(data.translate(_TABLE, _DELETE))


def count_words(text: str) -> int:
    """The number of words in ``text`` by the rule of ``docs/word-count.md``."""
    fast = _count_fast(text)
    return count_words_regex(text) if fast is None else fast


def count_words_in_range(text: str, start: int, end: int | None = None) -> int:
    """Words in ``text[start:end]``, counted as if that slice were the whole text.

    A word cut by either end of the range counts if the part inside has a letter or digit,
    as in a word processor's count of a selection.
    """
    return count_words(text[start:end])


# --- the minimum ---------------------------------------------------------------------------
@dataclass(frozen=True)
class WordCountStatus:
    """A count against a part's word minimum, with the line the UI shows."""

    count: int
    minimum: int | None
    met: bool
    shortfall: int
    text: str


def word_count_status(count: int, minimum: int | None) -> WordCountStatus:
    """``1,043 / 1,000 words — minimum met``, ``812 / 1,000 words — 188 short``, ``12 words``."""
    if count < 0:
        raise ValueError(f"a word count cannot be negative: {count}")
    if minimum is not None and minimum < 0:
        raise ValueError(f"a word minimum cannot be negative: {minimum}")
    if minimum is None:
        noun = "word" if count == 1 else "words"
        return WordCountStatus(count, None, True, 0, f"{count:,} {noun}")
    shortfall = max(0, minimum - count)
    verdict = "minimum met" if shortfall == 0 else f"{shortfall:,} short"
    return WordCountStatus(
        count, minimum, shortfall == 0, shortfall, f"{count:,} / {minimum:,} words — {verdict}"
    )
