"""Repair the text layer of a PDF written by MuPDF's HTML layout, so that copying, searching
and screen readers get the text that was written.

Each embedded font has a ``ToUnicode`` map from glyph codes to text. Three things in the maps
MuPDF writes need mending; the glyphs, and so the look of the pages, stay as they are:

* **Ligatures.** Latin text is shaped with the font's standard ligatures, and the map says
  such a glyph is U+FB01 "ﬁ" and friends, so "proficient" reads as "proﬁcient". PDF lets a
  glyph map to several characters: the glyphs of U+FB00–U+FB06 now map to their letters.
* **Characters beyond U+FFFF** (emoji, rare CJK, mathematical letters) are written as a bare
  code point (``<1F600>``) where the format wants UTF-16 (``<D83DDE00>``); readers then
  pick up a wrong character. They are re-encoded.
* **Missing glyphs.** A character no built-in font has is drawn with glyph 0 (an empty box),
  which has no entry, so extraction yields U+0000. Glyph 0 now maps to U+FFFD, the
  replacement character, which says honestly that something could not be shown.

The map is written back as plain ``bfchar`` entries, which every PDF reader understands.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

__all__ = ["repair_text_layer", "rewrite_to_unicode"]

_LIGATURES = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB00, 0xFB07)}
_SECTION = re.compile(r"\d+\s+begin(bfchar|bfrange)\b(.*?)\bend\1", re.DOTALL)
_TOKEN = re.compile(r"<([0-9A-Fa-f]*)>|(\[)|(\])")
_CHUNK = 100  # entries per bfchar block, the limit the CMap format sets
_NOTDEF = "\ufffd"


def _decode(hex_text: str) -> str:
    """A destination string: UTF-16BE when it is whole 16-bit units, else (as MuPDF writes
    characters past U+FFFF) one bare code point."""
    if len(hex_text) % 4 == 0:
        return bytes.fromhex(hex_text).decode("utf-16-be", errors="replace")
    code = int(hex_text, 16)
    return chr(code) if code <= 0x10FFFF else _NOTDEF


def _encode(text: str) -> str:
    return text.encode("utf-16-be", errors="replace").hex().upper()


def _tokens(body: str) -> list[str | list[str]]:
    """Hex strings, with ``[...]`` arrays as lists."""
    out: list[str | list[str]] = []
    array: list[str] | None = None
    for match in _TOKEN.finditer(body):
        hex_text, opening, closing = match.groups()
        if opening:
            array = []
        elif closing:
            if array is not None:
                out.append(array)
            array = None
        elif array is not None:
            array.append(hex_text)
        else:
            out.append(hex_text)
    return out


def _mapping(cmap: str) -> tuple[dict[tuple[int, int], str], bool]:
    """(source code, its byte length) -> text, from every bfchar and bfrange section, and
    whether any destination was a bare code point rather than UTF-16."""
    mapped: dict[tuple[int, int], str] = {}
    bare = False
    for kind, body in _SECTION.findall(cmap):
        tokens = _tokens(body)
        if kind == "bfchar":
            for src, dst in zip(tokens[0::2], tokens[1::2], strict=False):
                if isinstance(src, str) and isinstance(dst, str) and src:
                    bare = bare or len(dst) % 4 != 0
                    mapped[(int(src, 16), len(src) // 2)] = _decode(dst)
            continue
        for lo, hi, dst in zip(tokens[0::3], tokens[1::3], tokens[2::3], strict=False):
            if not isinstance(lo, str) or not isinstance(hi, str) or not lo or not hi:
                continue
            width = len(lo) // 2
            for offset, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                if isinstance(dst, list):
                    if offset < len(dst):
                        bare = bare or len(dst[offset]) % 4 != 0
                        mapped[(code, width)] = _decode(dst[offset])
                elif dst:
                    bare = bare or len(dst) % 4 != 0
                    text = _decode(dst)
                    last = min(ord(text[-1]) + offset, 0x10FFFF)
                    mapped[(code, width)] = text[:-1] + chr(last)
    return mapped, bare


def rewrite_to_unicode(cmap: str) -> str | None:
    """``cmap`` repaired (see the module docstring), or None when it needs nothing."""
    sections = list(_SECTION.finditer(cmap))
    if not sections:
        return None
    mapped, bare = _mapping(cmap)
    width = min((w for _code, w in mapped), default=2)
    has_ligature = any(ch in _LIGATURES for text in mapped.values() for ch in text)
    if not (bare or has_ligature) and (0, width) in mapped:
        return None
    mapped.setdefault((0, width), _NOTDEF)
    entries = [
        f"<{code:0{w * 2}X}> <{_encode(''.join(_LIGATURES.get(ch, ch) for ch in text))}>"
        for (code, w), text in sorted(mapped.items())
    ]
    blocks = []
    for start in range(0, len(entries), _CHUNK):
        chunk = entries[start : start + _CHUNK]
        blocks.append(f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar")
    head, tail = cmap[: sections[0].start()], cmap[sections[-1].end() :]
    return head + "\n".join(blocks) + tail


def repair_text_layer(doc: Any) -> int:
    """Repair every font's ToUnicode map in the PyMuPDF document ``doc``; returns how many
    maps were rewritten."""
    seen: set[int] = set()
    rewritten = 0
    for xref in range(1, doc.xref_length()):
        kind, value = doc.xref_get_key(xref, "ToUnicode")
        if kind != "xref":
            continue
        target = int(value.split()[0])
        if target in seen:
            continue
        seen.add(target)
        repaired = rewrite_to_unicode(doc.xref_stream(target).decode("latin-1"))
        if repaired is not None:
            doc.update_stream(target, repaired.encode("latin-1"))
            rewritten += 1
    return rewritten
