"""Abbreviations a document defines: 上海市交通委员会（以下简称“市交通委”）.

The short form becomes an alias of the full name in that document: every place it is written
after the definition is a mention of the full name's entity (at the definition, the full name right
before it is the mention, as readers count it).  Nothing carries over to other
documents — 市交通委 defined in one document says nothing about another.

>>> [(d.short, d.start) for d in definitions("上海市交通委员会（以下简称“市交通委”）负责。")]
[('市交通委', 8)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# （以下简称“X”） / （简称X） / ，以下简称“X”，: the short form X and where the definition starts.
DEFINITION = re.compile(
    r"(?P<open>[（(]|[，,]\s*)(?:以下)?简称[：:]?\s*[“\"「‘]?(?P<short>[^”\"」’）)，,。；\s]{2,20})[”\"」’]?"
)


@dataclass(frozen=True)
class Definition:
    short: str
    start: int  # where the bracket or comma opens: the full name ends here
    end: int  # the end of the short form


def definitions(text: str) -> list[Definition]:
    """The abbreviations defined in ``text``."""
    return [
        Definition(m.group("short"), m.start(), m.end("short")) for m in DEFINITION.finditer(text)
    ]


def shortens(short: str, full: str) -> bool:
    """Whether ``short`` can abbreviate ``full``: its characters stand in it in order (市交通委 of
    上海市交通委员会), so 《名录》 written after …名录》及移出清单 is not 移出清单's short form.

    >>> shortens("市交通委", "上海市交通委员会"), shortens("《名录》", "移出清单")
    (True, False)
    """
    rest = iter(full)
    return all(c in rest for c in short.strip("《》“”\"「」"))


def occurrences(text: str, short: str) -> list[int]:
    """Where ``short`` is written in ``text``."""
    out, pos = [], text.find(short)
    while pos != -1:
        out.append(pos)
        pos = text.find(short, pos + len(short))
    return out


# One-character levels a short form may start with, and what joins them in a list of levels.
LEVELS = "市区县镇乡"
LEVEL_JOINERS = re.compile(r"(?:、|或者|或|和|及)(?:区（县）|区县|[区县镇乡])")


def level_list_occurrences(text: str, short: str) -> list[int]:
    """Where ``short``'s level is written first in a list of levels sharing its tail: the 市 of
    市、区综合杆管理部门 and 市或区综合杆管理机构 is 市综合杆管理部门 / 市综合杆管理机构.

    >>> level_list_occurrences("市、区综合杆管理部门应当", "市综合杆管理部门")
    [0]
    """
    if len(short) < 3 or short[0] not in LEVELS:
        return []
    level, tail = short[0], short[1:]
    pattern = re.escape(level) + f"(?={LEVEL_JOINERS.pattern}{re.escape(tail)})"
    return [m.start() for m in re.finditer(pattern, text)]
