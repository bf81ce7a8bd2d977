"""Named character classes for Chinese policy text.  Parser code builds its patterns from these
names; no bare ``"[。！？]"`` elsewhere.

>>> import re
>>> bool(re.fullmatch(CN_DIGIT + "+", "二十三"))
True
"""

from __future__ import annotations

# Brackets, full- and half-width.
LPAREN = "（("  # U+FF08 FULLWIDTH LEFT PARENTHESIS, ASCII (
RPAREN = "）)"  # U+FF09, ASCII )
L_LENTICULAR = "〔[［【"  # 〔 U+3014 (文号 year bracket), ASCII [, ［ U+FF3B, 【 U+3010
R_LENTICULAR = "〕]］】"
L_TITLE = "《"  # U+300A book-title mark: cited documents
R_TITLE = "》"
L_QUOTE = "“‘「『\""  # quotation marks that open a term
R_QUOTE = "”’」』\""

# Stops and separators.
SENTENCE_STOPS = "。！？；!?;"  # end a sentence (； ends a clause-sentence in policy text)
FULL_STOP = "。"
ENUM_COMMA = "、"  # U+3001 ideographic enumeration comma: 一、 and lists 市、区级机关
COMMAS = "，,"
COLONS = "：:"
DOTS = ".．"  # ASCII full stop and U+FF0E FULLWIDTH FULL STOP (1. 1．)
IDEOGRAPHIC_SPACE = "\u3000"

# Numerals.
CN_DIGIT = "[零〇一二三四五六七八九十百千两]"  # Chinese numerals as written in numbering
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"  # U+2460…U+2473
ASCII_DIGIT = "[0-9]"
FULLWIDTH_DIGIT = "[０-９]"

# Invisible characters removed by cleaning (recorded, never silently lost).
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"  # ZWSP, ZWNJ, ZWJ, WORD JOINER, BOM/ZWNBSP

# CJK unified ideographs (basic block and extension A).
CJK = "\u3400-\u4dbf\u4e00-\u9fff"


def cls(chars: str) -> str:
    """A regex character class for the characters of ``chars``.

    >>> cls(LPAREN)
    '[（(]'
    """
    escaped = "".join("\\" + c if c in "\\]^-[" else c for c in chars)
    return f"[{escaped}]"
