"""Chinese numerals and dates as they appear in numbering and 落款.

>>> to_int("十六"), to_int("二十七"), to_int("16"), to_int("③")
(16, 27, 16, 3)
>>> to_chinese(16)
'十六'
>>> parse_date("一九九六年二月五日"), parse_date("2018年12月07日")
('1996-02-05', '2018-12-07')
"""

from __future__ import annotations

import re

import cn2an

from policysite import chars

_YEAR_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0"}
_DATE_ARABIC = re.compile(chars.DATE_ARABIC)
_DATE_CHINESE = re.compile(chars.DATE_CHINESE)


def to_int(numeral: str) -> int:
    """The value of a numbering numeral: Chinese (十六), Arabic (16, １６) or circled (③)."""
    if numeral in chars.CIRCLED:
        return chars.CIRCLED.index(numeral) + 1
    if numeral.isdigit():
        return int(numeral)  # also full-width digits
    return int(cn2an.cn2an(numeral.replace("两", "二"), "smart"))


def to_chinese(number: int) -> str:
    """16 → 十六, the way numbering writes it (十, not 一十)."""
    text = cn2an.an2cn(number, "low")
    return text[1:] if text.startswith("一十") else text


def parse_date(text: str) -> str | None:
    """The first date written in ``text`` as YYYY-MM-DD, or None."""
    match = _DATE_ARABIC.search(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return _iso(year, month, day)
    match = _DATE_CHINESE.search(text)
    if match:
        year = int("".join(_YEAR_DIGITS[c] for c in match.group(1)))
        return _iso(year, to_int(match.group(2)), to_int(match.group(3)))
    return None


def _iso(year: int, month: int, day: int) -> str | None:
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"
