"""The ToUnicode repair, on hand-written maps shaped like the ones MuPDF writes."""

from __future__ import annotations

import re

from assessor_app.results.pdf_text_layer import rewrite_to_unicode

HEAD = (
    "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
    "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
)
TAIL = "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"


def _entries(cmap: str) -> dict[int, str]:
    pairs = re.findall(r"<([0-9A-F]{4})> <([0-9A-F]*)>", cmap)
    return {int(src, 16): bytes.fromhex(dst).decode("utf-16-be") for src, dst in pairs}


def test_ligatures_in_ranges_and_single_entries_become_letters() -> None:
    cmap = (
        HEAD
        + "3 beginbfrange\n<0000> <0001> <0020>\n<006d> <006e> <fb01>\n"
        + "<0070> <0071> [<0041> <fb00>]\nendbfrange\n"
        + "2 beginbfchar\n<00e6> <fb03>\n<00e7> <00e9>\nendbfchar"
        + TAIL
    )
    repaired = rewrite_to_unicode(cmap)
    assert repaired is not None
    assert repaired.startswith(HEAD) and repaired.endswith(TAIL)
    assert _entries(repaired) == {
        0x00: " ",
        0x01: "!",
        0x6D: "fi",
        0x6E: "fl",
        0x70: "A",
        0x71: "ff",
        0xE6: "ffi",
        0xE7: "é",
    }


def test_bare_code_points_past_ffff_become_utf16_and_glyph_zero_says_so() -> None:
    cmap = HEAD + "2 beginbfchar\n<0005> <1f600>\n<0006> <1d11e>\nendbfchar" + TAIL
    repaired = rewrite_to_unicode(cmap)
    assert repaired is not None
    assert "<0005> <D83DDE00>" in repaired
    assert _entries(repaired) == {0x00: "\ufffd", 0x05: "😀", 0x06: "𝄞"}


def test_a_map_that_needs_nothing_is_left_alone() -> None:
    cmap = HEAD + "1 beginbfrange\n<0000> <0005> <0041>\nendbfrange" + TAIL
    assert rewrite_to_unicode(cmap) is None
    assert rewrite_to_unicode("not a cmap at all") is None


def test_long_maps_are_written_in_blocks_of_one_hundred() -> None:
    cmap = HEAD + "1 beginbfrange\n<0001> <00fa> <0041>\nendbfrange" + TAIL
    repaired = rewrite_to_unicode(cmap)
    assert repaired is not None
    counts = [int(n) for n in re.findall(r"(\d+) beginbfchar", repaired)]
    assert counts == [100, 100, 51]  # 250 glyphs plus glyph 0
    assert len(_entries(repaired)) == 251
