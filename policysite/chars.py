"""Named character classes for Chinese policy text.  Parser code builds its patterns from these
names; no bare ``"[。！？]"`` elsewhere.

>>> import re
>>> bool(re.fullmatch(CN_DIGIT + "+", "二十三"))
True
>>> re.fullmatch(DATE_CHINESE, "一九九六年二月五日").groups()
('一九九六', '二', '五')
>>> re.fullmatch(DATE_ARABIC, "2018年 12月7日").groups()
('2018', '12', '7')
>>> "村(居)民委员会".translate(TO_FULL_WIDTH_PARENS)
'村（居）民委员会'
"""

from __future__ import annotations

# Brackets, full- and half-width.
LPAREN = "（("  # U+FF08 FULLWIDTH LEFT PARENTHESIS, ASCII (
RPAREN = "）)"  # U+FF09, ASCII )
# 〔 U+3014 (文号 year bracket), ASCII [, ［ U+FF3B, 【 U+3010, ﹝ U+FE5D (small), 〖 U+3016
L_LENTICULAR = "〔[［【﹝〖"
R_LENTICULAR = "〕]］】﹞〗"
L_TITLE = "《"  # U+300A book-title mark: cited documents
R_TITLE = "》"
L_QUOTE = "“‘「『\""  # quotation marks that open a term
R_QUOTE = "”’」』\""
# Half-width parentheses written as the full-width ones policy text uses: 村(居)民委员会 and
# 村（居）民委员会 are one name.  ``text.translate(TO_FULL_WIDTH_PARENS)``.
TO_FULL_WIDTH_PARENS = str.maketrans({"(": "（", ")": "）"})

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

# Dates as written in a 落款 or 成文日期 line, each part a group (year, month, day):
# 2018年12月7日 (spaces allowed between the parts) and 一九九六年二月五日.
CN_YEAR_DIGIT = "[〇零○一二三四五六七八九]"  # 〇 U+3007 and ○ U+25CB WHITE CIRCLE both write zero
CN_MONTH_DAY = "[一二三四五六七八九十]{1,3}"
DATE_ARABIC = r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
DATE_CHINESE = f"({CN_YEAR_DIGIT}{{4}})年({CN_MONTH_DAY})月({CN_MONTH_DAY})日"

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
