"""Small operations on Chinese policy text, each written once and built from :mod:`chars`.

>>> sentence("各区要结合实际。乡镇党委负责，乡镇政府配合；区级部门指导。", 8)
'乡镇党委负责，乡镇政府配合；'
"""

from __future__ import annotations

import re
from collections import Counter

from policysite import chars


def sentence_bounds(
    text: str, start: int, end: int | None = None, stops: str = chars.SENTENCE_STOPS
) -> tuple[int, int]:
    """Where the sentence holding ``text[start:end]`` begins and ends, its stop included.

    A sentence ends at any of ``stops`` (。！？； by default); it begins after the last stop
    before ``start``, and ends at the first stop at or after ``end`` (``start`` if not given).

    >>> text = "各区要结合实际。乡镇党委负责；乡镇政府配合"
    >>> sentence_bounds(text, 8, 12), sentence_bounds(text, 15)
    ((8, 15), (15, 21))
    >>> text[slice(*sentence_bounds(text, 0, stops=chars.FULL_STOP))]
    '各区要结合实际。'
    """
    begin = max(text.rfind(stop, 0, start) for stop in stops) + 1
    after = start if end is None else end
    ends = [i for i in (text.find(stop, after) for stop in stops) if i >= 0]
    return begin, (min(ends) + 1 if ends else len(text))


def sentence(
    text: str, start: int, end: int | None = None, stops: str = chars.SENTENCE_STOPS
) -> str:
    """The sentence holding ``text[start:end]``, as written (its stop included).

    >>> sentence("第一句。市民政局负责。", 6)
    '市民政局负责。'
    """
    begin, finish = sentence_bounds(text, start, end, stops)
    return text[begin:finish]


def sentence_spans(text: str, stops: str = chars.SENTENCE_STOPS) -> list[tuple[int, int]]:
    """``(start, end)`` of every sentence of ``text`` in order, each ending after its stop (the
    last one at the end of the text); together they cover the text.

    >>> text = "各区要结合实际。乡镇党委负责；其余"
    >>> [text[a:b] for a, b in sentence_spans(text)]
    ['各区要结合实际。', '乡镇党委负责；', '其余']
    """
    spans, start = [], 0
    for i, char in enumerate(text):
        if char in stops or i == len(text) - 1:
            spans.append((start, i + 1))
            start = i + 1
    return spans


def full_width_parens(text: str) -> str:
    """Half-width parentheses as the full-width ones: one spelling for one name.

    >>> full_width_parens("村(居)民委员会")
    '村（居）民委员会'
    """
    return text.translate(chars.TO_FULL_WIDTH_PARENS)


# A line that ends a paragraph: a sentence stop, a colon or a closing bracket or quote at its end.
ENDS_PARAGRAPH = re.compile(chars.cls(chars.SENTENCE_STOPS + chars.COLONS + "）)》”") + r"$")
# A line that starts a numbered part (一、 （一） 1. 第一条): never the rest of the line before it.
NUMBERED_START = re.compile(
    rf"^({chars.CN_DIGIT}+、|{chars.cls(chars.LPAREN)}|[0-9０-９]{{1,3}}[.．、]|第{chars.CN_DIGIT}+[章节条])"
)
# Marks no paragraph starts with: a line cut before one continues the line before it, whatever
# that one ends with (…“雷人雷语” | 、“不互动无服务”…).
NEVER_STARTS = tuple(
    chars.SENTENCE_STOPS + chars.COMMAS + "、" + chars.COLONS + chars.RPAREN + "》”’"
)
# A line at least this share of the wrap width fills it.
FULL_LINE = 0.85


def runs_on(previous: str, line: str, width: int) -> bool:
    """Whether ``line`` continues ``previous``: it filled the width and ended no sentence (or
    ``line`` starts with a mark no paragraph starts with), and ``line`` starts no numbered part.

    >>> runs_on("各区要结合实际，科学谋划总体安排，", "明确工作任务。", 17)
    True
    >>> runs_on("各区要结合实际，科学谋划总体安排。", "明确工作任务。", 17)
    False
    >>> runs_on("信息发布不严谨，“僵尸”、“雷人雷语”", "、“不互动无服务”等现象", 19)
    True
    """
    if len(previous) < FULL_LINE * width or NUMBERED_START.match(line):
        return False
    return not ENDS_PARAGRAPH.search(previous) or line.startswith(NEVER_STARTS)


# Hard-wrapped text (copied from a PDF or an e-mail): at least this many lines, and this share of
# the lines of some length, are cut at one width (or one character less, where a mark was moved).
WRAPPED_LINES_MIN = 5
WRAPPED_SHARE = 0.3
WRAP_WIDTH_MIN = 15


def wrap_width(lines: list[str]) -> int | None:
    """The width the text was hard-wrapped at, if it was: the commonest length of its longer
    lines, when enough of them have it; else None (one paragraph per line).

    >>> wrap_width(["一二三四五六七八九十一二三四五六七八九十"] * 6 + ["短句。"])
    20
    >>> wrap_width(["各区要结合实际。", "乡镇党委负责，乡镇政府配合，区级部门指导。"]) is None
    True
    """
    long = [len(line) for line in lines if len(line) >= WRAP_WIDTH_MIN]
    if len(long) < WRAPPED_LINES_MIN:
        return None
    counts = Counter(long)
    width = max(counts, key=lambda n: (counts[n] + counts[n - 1], n))
    cut = counts[width] + counts[width - 1]
    if cut < WRAPPED_LINES_MIN or cut < WRAPPED_SHARE * len(long):
        return None
    return width
