"""Symbol fonts (Symbol, Wingdings, Wingdings 2 and 3, Webdings) to real Unicode, shared by the PPTX and DOCX readers.

Office stores a character drawn from a symbol font as its byte code in the font, either as is (U+0020-U+00FF in a
run whose font is the symbol font) or moved into the private-use area (U+F020-U+F0FF, as ``a:sym``/``w:sym`` and
Word's symbol dialog write it). A browser has no such font, so those code points show as empty boxes or wrong
letters. ``map_symbol`` turns them into the Unicode characters the fonts' published code charts show.

The tables below are facts, not code: for each font, the Unicode code point of every byte 0x20-0xFF, sixteen to a
row ("-" where the font has no glyph or Unicode has no equivalent). They follow the fonts' code charts as Unicode
encoded them (Adobe's Symbol mapping published by the Unicode consortium; the Wingdings and Webdings glyphs added
in Unicode 6.0-7.0), in the correspondence collected by the dingbat-to-unicode project (BSD-2-Clause).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

_FIRST = 0x20
_ROWS: dict[str, tuple[str, ...]] = {
    "symbol": (
        "20 21 2200 23 2203 25 26 220D 28 29 2A 2B 2C 2212 2E 2F",
        "30 31 32 33 34 35 36 37 38 39 3A 3B 3C 3D 3E 3F",
        "2245 391 392 3A7 394 395 3A6 393 397 399 3D1 39A 39B 39C 39D 39F",
        "3A0 398 3A1 3A3 3A4 3A5 3C2 3A9 39E 3A8 396 5B 2234 5D 22A5 5F",
        "203E 3B1 3B2 3C7 3B4 3B5 3C6 3B3 3B7 3B9 3D5 3BA 3BB 3BC 3BD 3BF",
        "3C0 3B8 3C1 3C3 3C4 3C5 3D6 3C9 3BE 3C8 3B6 7B 7C 7D 7E -",
        "- - - - - - - - - - - - - - - -",
        "- - - - - - - - - - - - - - - -",
        "20AC 3D2 2032 2264 2044 221E 192 2663 2666 2665 2660 2194 2190 2191 2192 2193",
        "B0 B1 2033 2265 D7 221D 2202 2022 F7 2260 2261 2248 2026 23D0 23AF 21B5",
        "2135 2111 211C 2118 2297 2295 2205 2229 222A 2283 2287 2284 2282 2286 2208 2209",
        "2220 2207 AE A9 2122 220F 221A 22C5 AC 2227 2228 21D4 21D0 21D1 21D2 21D3",
        "25CA 3008 AE A9 2122 2211 239B 239C 239D 23A1 23A2 23A3 23A7 23A8 23A9 23AA",
        "- 3009 222B 2320 23AE 2321 239E 239F 23A0 23A4 23A5 23A6 23AB 23AC 23AD -",
    ),
    "webdings": (
        "20 1F577 1F578 1F572 1F576 1F3C6 1F396 1F587 1F5E8 1F5E9 1F5F0 1F5F1 1F336 1F397 1F67E 1F67C",
        "1F5D5 1F5D6 1F5D7 23F4 23F5 23F6 23F7 23EA 23E9 23EE 23ED 23F8 23F9 23FA 1F5DA 1F5F3",
        "1F6E0 1F3D7 1F3D8 1F3D9 1F3DA 1F3DC 1F3ED 1F3DB 1F3E0 1F3D6 1F3DD 1F6E3 1F50D 1F3D4 1F441 1F442",
        "1F3DE 1F3D5 1F6E4 1F3DF 1F6F3 1F56C 1F56B 1F568 1F508 1F394 1F395 1F5EC 1F67D 1F5ED 1F5EA 1F5EB",
        "2B94 2714 1F6B2 2B1C 1F6E1 1F4E6 1F6F1 2B1B 1F691 1F6C8 1F6E9 1F6F0 1F7C8 1F574 2B24 1F6E5",
        "1F694 1F5D8 1F5D9 2753 1F6F2 1F687 1F68D 26F3 29B8 2296 1F6AD 1F5EE 23D0 1F5EF 1F5F2 -",
        "1F6B9 1F6BA 1F6C9 1F6CA 1F6BC 1F47D 1F3CB 26F7 1F3C2 1F3CC 1F3CA 1F3C4 1F3CD 1F3CE 1F698 1F5E0",
        "1F6E2 1F4B0 1F3F7 1F4B3 1F46A 1F5E1 1F5E2 1F5E3 272F 1F584 1F585 1F583 1F586 1F5B9 1F5BA 1F5BB",
        "1F575 1F570 1F5BD 1F5BE 1F4CB 1F5D2 1F5D3 1F56E 1F4DA 1F5DE 1F5DF 1F5C3 1F5C2 1F5BC 1F3AD 1F39C",
        "1F398 1F399 1F3A7 1F4BF 1F39E 1F4F7 1F39F 1F3AC 1F4FD 1F4F9 1F4FE 1F4FB 1F39A 1F39B 1F4FA 1F4BB",
        "1F5A5 1F5A6 1F5A7 1F579 1F3AE 1F57B 1F57C 1F4DF 1F581 1F580 1F5A8 1F5A9 1F5BF 1F5AA 1F5DC 1F512",
        "1F513 1F5DD 1F4E5 1F4E4 1F573 1F323 1F324 1F325 1F326 2601 1F328 1F327 1F329 1F32A 1F32C 1F32B",
        "1F31C 1F321 1F6CB 1F6CF 1F37D 1F378 1F6CE 1F6CD 24C5 267F 1F6C6 1F588 1F393 1F5E4 1F5E5 1F5E6",
        "1F5E7 1F6EA 1F43F 1F426 1F41F 1F415 1F408 1F66C 1F66E 1F66D 1F66F 1F5FA 1F30D 1F30F 1F30E 1F54A",
    ),
    "wingdings": (
        "20 1F589 2702 2701 1F453 1F56D 1F56E 1F56F 1F57F 2706 1F582 1F583 1F4EA 1F4EB 1F4EC 1F4ED",
        "1F5C0 1F5C1 1F5CE 1F5CF 1F5D0 1F5C4 231B 1F5AE 1F5B0 1F5B2 1F5B3 1F5B4 1F5AB 1F5AC 2707 270D",
        "1F58E 270C 1F58F 1F44D 1F44E 261C 261E 261D 261F 1F590 263A 1F610 2639 1F4A3 1F571 1F3F3",
        "1F3F1 2708 263C 1F322 2744 1F546 271E 1F548 2720 2721 262A 262F 1F549 2638 2648 2649",
        "264A 264B 264C 264D 264E 264F 2650 2651 2652 2653 1F670 1F675 26AB 1F53E 25FC 1F78F",
        "1F790 2751 2752 1F79F 29EB 25C6 2756 2B29 2327 2BB9 2318 1F3F5 1F3F6 1F676 1F677 25AF",
        "1F10B 2780 2781 2782 2783 2784 2785 2786 2787 2788 2789 1F10C 278A 278B 278C 278D",
        "278E 278F 2790 2791 2792 2793 1F662 1F660 1F661 1F663 1F65E 1F65C 1F65D 1F65F 2219 2022",
        "2B1D 2B58 1F786 1F788 1F78A 1F78B 1F53F 25AA 1F78E 1F7C1 1F7C5 2605 1F7CB 1F7CF 1F7D3 1F7D1",
        "2BD0 2316 2BCE 2BCF 2BD1 272A 2730 1F550 1F551 1F552 1F553 1F554 1F555 1F556 1F557 1F558",
        "1F559 1F55A 1F55B 2BB0 2BB1 2BB2 2BB3 2BB4 2BB5 2BB6 2BB7 1F66A 1F66B 1F655 1F654 1F657",
        "1F656 1F650 1F651 1F652 1F653 232B 2326 2B98 2B9A 2B99 2B9B 2B88 2B8A 2B89 2B8B 1F868",
        "1F86A 1F869 1F86B 1F86C 1F86D 1F86F 1F86E 1F878 1F87A 1F879 1F87B 1F87C 1F87D 1F87F 1F87E 21E6",
        "21E8 21E7 21E9 2B04 21F3 2B01 2B00 2B03 2B02 1F8AC 1F8AD 1F5F6 2713 1F5F7 1F5F9 -",
    ),
    "wingdings 2": (
        "20 1F58A 1F58B 1F58C 1F58D 2704 2700 1F57E 1F57D 1F5C5 1F5C6 1F5C7 1F5C8 1F5C9 1F5CA 1F5CB",
        "1F5CC 1F5CD 1F4CB 1F5D1 1F5D4 1F5B5 1F5B6 1F5B7 1F5B8 1F5AD 1F5AF 1F5B1 1F592 1F593 1F598 1F599",
        "1F59A 1F59B 1F448 1F449 1F59C 1F59D 1F59E 1F59F 1F5A0 1F5A1 1F446 1F447 1F5A2 1F5A3 1F591 1F5F4",
        "1F5F8 1F5F5 2611 2BBD 2612 2BBE 2BBF 1F6C7 29B8 1F671 1F674 1F672 1F673 203D 1F679 1F67A",
        "1F67B 1F666 1F664 1F665 1F667 1F65A 1F658 1F659 1F65B 24EA 2460 2461 2462 2463 2464 2465",
        "2466 2467 2468 2469 24FF 2776 2777 2778 2779 277A 277B 277C 277D 277E 277F -",
        "2609 1F315 263D 263E 2E3F 271D 1F547 1F55C 1F55D 1F55E 1F55F 1F560 1F561 1F562 1F563 1F564",
        "1F565 1F566 1F567 1F668 1F669 22C5 1F784 2981 25CF 25CB 1F785 1F787 1F789 2299 29BF 1F78C",
        "1F78D 25FE 25A0 25A1 1F791 1F792 1F793 1F794 25A3 1F795 1F796 1F797 1F798 2B29 2B25 25C7",
        "1F79A 25C8 1F79B 1F79C 1F79D 1F79E 2B2A 2B27 25CA 1F7A0 25D6 25D7 2BCA 2BCB 2BC0 2BC1",
        "2B1F 2BC2 2B23 2B22 2BC3 2BC4 1F7A1 1F7A2 1F7A3 1F7A4 1F7A5 1F7A6 1F7A7 1F7A8 1F7A9 1F7AA",
        "1F7AB 1F7AC 1F7AD 1F7AE 1F7AF 1F7B0 1F7B1 1F7B2 1F7B3 1F7B4 1F7B5 1F7B6 1F7B7 1F7B8 1F7B9 1F7BA",
        "1F7BB 1F7BC 1F7BD 1F7BE 1F7BF 1F7C0 1F7C2 1F7C4 1F7C6 1F7C9 1F7CA 2736 1F7CC 1F7CE 1F7D0 1F7D2",
        "2739 1F7C3 1F7C7 272F 1F7CD 1F7D4 2BCC 2BCD 203B 2042 - - - - - -",
    ),
    "wingdings 3": (
        "20 2B60 2B62 2B61 2B63 2B66 2B67 2B69 2B68 2B70 2B72 2B71 2B73 2B76 2B78 2B7B",
        "2B7D 2B64 2B65 2B6A 2B6C 2B6B 2B6D 2B4D 2BA0 2BA1 2BA2 2BA3 2BA4 2BA5 2BA6 2BA7",
        "2B90 2B91 2B92 2B93 2B80 2B83 2B7E 2B7F 2B84 2B86 2B85 2B87 2B8F 2B8D 2B8E 2B8C",
        "2B6E 2B6F 238B 2324 2303 2325 2423 237D 21EA 2BB8 1F8A0 1F8A1 1F8A2 1F8A3 1F8A4 1F8A5",
        "1F8A6 1F8A7 1F8A8 1F8A9 1F8AA 1F8AB 1F850 1F852 1F851 1F853 1F854 1F855 1F857 1F856 1F858 1F859",
        "25B2 25BC 25B3 25BD 25C0 25B6 25C1 25B7 25E3 25E2 25E4 25E5 1F780 1F782 1F781 -",
        "1F783 2BC5 2BC6 2BC7 2BC8 2B9C 2B9E 2B9D 2B9F 1F810 1F812 1F811 1F813 1F814 1F816 1F815",
        "1F817 1F818 1F81A 1F819 1F81B 1F81C 1F81E 1F81D 1F81F 1F800 1F802 1F801 1F803 1F804 1F806 1F805",
        "1F807 1F808 1F80A 1F809 1F80B 1F820 1F822 1F824 1F826 1F828 1F82A 1F82C 1F89C 1F89D 1F89E 1F89F",
        "1F82E 1F830 1F832 1F834 1F836 1F838 1F83A 1F839 1F83B 1F898 1F89A 1F899 1F89B 1F83C 1F83E 1F83D",
        "1F83F 1F840 1F842 1F841 1F843 1F844 1F846 1F845 1F847 2BA8 2BA9 2BAA 2BAB 2BAC 2BAD 2BAE",
        "2BAF 1F860 1F862 1F861 1F863 1F864 1F865 1F867 1F866 1F870 1F872 1F871 1F873 1F874 1F875 1F877",
        "1F876 1F880 1F882 1F881 1F883 1F884 1F885 1F887 1F886 1F890 1F892 1F891 1F893 1F894 1F896 1F895",
        "1F897 - - - - - - - - - - - - - - -",
    ),
}
"""Per font (lower case), rows of sixteen hexadecimal code points for bytes 0x20, 0x21, ... 0xFF."""
_PUA_BASE = 0xF000
PRIVATE_USE = range(0xF020, 0xF100)
"""Where Office puts a symbol font's bytes (U+F000 plus the byte)."""
_PRIVATE_USE_CHAR = re.compile("[\uf020-\uf0ff]")


def has_private_use(text: str) -> bool:
    """Return True when ``text`` holds a character in ``PRIVATE_USE`` (one regex scan, not a loop per letter:
    every run of every deck is checked)."""
    return _PRIVATE_USE_CHAR.search(text) is not None


def symbol_font(typeface: str | None) -> str | None:
    """Return the table key of a symbol font (``"wingdings 2"``), or None when ``typeface`` is no symbol font
    we know (any other font's text is ordinary Unicode)."""
    key = " ".join((typeface or "").lower().split())
    return key if key in _ROWS else None


@cache
def _table(font: str) -> dict[int, str]:
    table: dict[int, str] = {}
    for row, line in enumerate(_ROWS[font]):
        for column, cell in enumerate(line.split()):
            if cell != "-":
                table[_FIRST + row * 16 + column] = chr(int(cell, 16))
    return table


ARROW_DIRECTIONS = (("NORTH WEST", "\u2196"), ("NORTH EAST", "\u2197"), ("SOUTH EAST", "\u2198"),
                    ("SOUTH WEST", "\u2199"), ("LEFT RIGHT", "\u2194"), ("UP DOWN", "\u2195"),
                    ("LEFTWARDS", "\u2190"), ("RIGHTWARDS", "\u2192"), ("UPWARDS", "\u2191"),
                    ("DOWNWARDS", "\u2193"))
"""Arrows outside the Basic Multilingual Plane (Supplemental Arrows-C, Ornamental Dingbats) are missing from
most phones' and LMS browsers' fonts, so they would show as the very boxes this mapping removes: they become the
plain arrow of their direction, which every font has."""


def map_symbol(font: str, char: str) -> str | None:
    """Return the Unicode character for ``char`` drawn in symbol font ``font`` (a key from ``symbol_font``), or
    None when it has none. ``char`` is the font's byte either as U+0020-U+00FF or moved to U+F020-U+F0FF. A
    rarely supported arrow comes back as the plain arrow of its direction (``ARROW_DIRECTIONS``)."""
    code = ord(char)
    byte = code - _PUA_BASE if code in PRIVATE_USE else code
    mapped = _table(font).get(byte)
    return _common_arrow(mapped) if mapped else mapped


def _common_arrow(char: str) -> str:
    if len(char) != 1 or ord(char) <= 0xFFFF:
        return char
    name = unicodedata.name(char, "")
    if "ARROW" not in name:
        return char
    return next((plain for direction, plain in ARROW_DIRECTIONS if direction in name), char)


def map_symbol_text(font: str, text: str, whole: bool) -> tuple[str, list[str]]:
    """Return ``text`` with the characters drawn in symbol font ``font`` replaced by Unicode, and the private-use
    characters that have no mapping (dropped from the text).

    ``whole`` says the run's own font is the symbol font, so its U+0020-U+00FF characters are the font's bytes
    too; otherwise (``a:sym``, Word's ``w:sym`` fonts) only private-use characters are the font's.
    """
    out: list[str] = []
    unmapped: list[str] = []
    for char in text:
        code = ord(char)
        if code in PRIVATE_USE or (whole and _FIRST <= code <= 0xFF):
            mapped = map_symbol(font, char)
            if mapped is not None:
                out.append(mapped)
            elif code in PRIVATE_USE or code >= 0x7F:
                unmapped.append(char)
            else:
                out.append(char)
        else:
            out.append(char)
    return "".join(out), unmapped


def describe_code(char: str) -> str:
    """Return how a message names a symbol character: its code point and its byte in the font, e.g.
    ``U+F0E0, byte 0xE0``."""
    code = ord(char)
    byte = code - _PUA_BASE if code in PRIVATE_USE else code
    return f"U+{code:04X}, byte 0x{byte:02X}" if byte <= 0xFF else f"U+{code:04X}"
