"""Small operations on Chinese policy text, each written once and built from :mod:`chars`.

>>> sentence("各区要结合实际。乡镇党委负责，乡镇政府配合；区级部门指导。", 8)
'乡镇党委负责，乡镇政府配合；'
"""

from __future__ import annotations

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
