"""What an extractor finds before ids are given: a :class:`Hit` names its entity by name.

The registry turns names into ids at the end (:func:`policysite.extract.extract`), so the
extractors never need to know about ids, curation or other documents.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from policysite.chars import CJK


@dataclass(frozen=True)
class Hit:
    """One mention found in one string: ``text[start:end]`` is what is written.

    ``name`` is the canonical name of the entity, which may differ from the written text:
    in 市、区级机关 the hit on 市 is named 市级机关.
    """

    kind: str  # body | mechanism | citation | term
    name: str
    start: int
    end: int
    role: str | None = None
    modal: str | None = None
    owner: str | None = None  # mechanisms: name of the owner body
    level: str | None = None  # bodies
    type: str | None = None  # bodies
    issuer: str | None = None  # citations: the body written before 《…》
    group: int = -1  # bodies written as one coordinated group share a role (-1: alone)
    is_class: bool = False  # bodies: a class of bodies (各区政府, 有关部门), not one body
    local: str | None = None  # bodies: the district written before a relative name (宝山区 + 政府)
    alias: str | None = None  # the short form a document defined for this name (以下简称)
    # how: known (a known name), stem (lexicon stems/types), shape (form only), general (form
    # only, and general words only: 信息共享机制)
    found: str = "stem"

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


def inside(hits: tuple[Hit, ...] | list[Hit], start: int, end: int, kind: str) -> bool:
    """Whether ``[start, end)`` overlaps a hit of ``kind``."""
    return any(h.kind == kind and h.overlaps(start, end) for h in hits)


def alternation(words) -> str:
    """A regex alternation of ``words``, longest first, brackets of either width matching alike.

    >>> alternation(["村(居)民委员会", "各区"])
    '村[（(]居[）)]民委员会|各区'
    """
    import re

    from policysite.extract.marks import NAME_BRACKETS, cls

    parts = []
    for word in sorted(set(words), key=lambda w: (-len(w), w)):
        parts.append(
            "".join(
                cls(NAME_BRACKETS[:2])
                if c in NAME_BRACKETS[:2]
                else cls(NAME_BRACKETS[2:])
                if c in NAME_BRACKETS[2:]
                else re.escape(c)
                for c in word
            )
        )
    return "|".join(parts) if parts else "(?!)"


@functools.lru_cache(maxsize=256)
def longest_first(words: tuple[str, ...]) -> tuple[str, ...]:
    """``sorted(words, key=len, reverse=True)``, sorted once: longest first, equals in order.

    >>> longest_first(("区", "区级", "市"))
    ('区级', '区', '市')
    """
    return tuple(sorted(words, key=len, reverse=True))


# A name that opens with a bracketed place: 中国（上海）自由贸易试验区临港新片区管理委员会.
BRACKETED_START = re.compile(f"[{CJK}]{{2,4}}[（(][{CJK}]{{2,4}}$")


def with_bracketed_start(text: str, hit: Hit) -> Hit:
    """A body found from inside a bracket that its name opens with (上海）自由贸易试验区…管理委员会
    of 中国（上海）自由贸易试验区…) starts before the bracket: a name holds no lone ）."""
    close = next((i for i, c in enumerate(text[hit.start : hit.end]) if c in "）)"), None)
    if close is None or any(c in "（(" for c in text[hit.start : hit.start + close]):
        return hit
    m = BRACKETED_START.search(text, max(0, hit.start - 8), hit.start + close)
    if m is None:
        return hit
    start = m.start()
    name = hit.name
    if name == text[hit.start : hit.end]:
        name = text[start : hit.end]
    elif name.endswith(text[hit.start : hit.end]):
        name = name[: len(name) - (hit.end - hit.start)] + text[start : hit.end]
    return replace(hit, start=start, name=name)
