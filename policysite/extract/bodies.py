"""Responsible bodies (责任主体): 市民政局, 乡镇政府, 各区, 村(居)民委员会 …

Three ways to find one, longest match first (rules and word lists in ``data/lexicon/bodies.yml``):

1. a known name from the lexicon, or a name or alias from the registry (curation adds aliases);
2. a built name: ``[level prefix] [stem]* type-suffix`` — 市 + 民政 + 局, 区 + 职能 + 部门;
3. a collective: 各 + level word — 各区.

Coordinated level words expand: 市、区级机关 → 市级机关 (written 市) + 区级机关.

>>> from policysite.extract.lexicon import load_lexicon
>>> lex = load_lexicon("data/lexicon")
>>> [h.name for h in find("有计划地选派市、区级机关干部", lex)]
['市级机关', '区级机关']
"""

from __future__ import annotations

import re

from policysite.extract.hit import Hit, alternation, inside
from policysite.extract.lexicon import Lexicon
from policysite.extract.marks import CLAUSE_STOPS, COORDINATORS, NAME_BRACKETS

# Longest place name written before a level word in a list (甘肃省 in …、甘肃省人民政府).
PLACE_MAX = 5

_FULL_WIDTH = str.maketrans({"(": "（", ")": "）"})


def find(
    text: str, lexicon: Lexicon, hits: tuple[Hit, ...] = (), known: dict | None = None
) -> tuple[Hit, ...]:
    """Add the bodies of ``text`` to ``hits``.

    ``known`` maps more names (the registry's names and aliases) to their (level, type).
    """
    names = dict(lexicon.known_bodies)
    names.update(known or {})
    known_re = re.compile(alternation(names))
    built_re = re.compile(
        f"(?P<level>{alternation(lexicon.levels)})?"
        f"(?P<stems>(?:{alternation(lexicon.stems)})*)"
        f"(?P<type>{alternation(lexicon.types)})"
    )
    collective_re = re.compile(
        re.escape(lexicon.collective_prefix) + f"(?:{alternation(lexicon.level_words)})"
    )
    normal_known = {normal_name(k): v for k, v in names.items()}
    found: list[Hit] = []
    pos = 0
    while pos < len(text):
        if inside(hits, pos, pos + 1, "citation") and _in_title(text, pos):
            pos += 1
            continue
        best = _best_at(text, pos, lexicon, known_re, built_re, collective_re, normal_known)
        if best is None:
            pos += 1
            continue
        found.extend(_expand_left(text, best, lexicon, found))
        found.append(best)
        pos = best.end
    return tuple(hits) + tuple(_grouped(text, sorted(found, key=lambda h: h.start), lexicon))


def normal_name(text: str) -> str:
    """The canonical spelling of a body name: full-width brackets.

    >>> normal_name("村(居)民委员会")
    '村（居）民委员会'
    """
    return text.translate(_FULL_WIDTH)


def _best_at(text, pos, lexicon, known_re, built_re, collective_re, normal_known) -> Hit | None:
    candidates: list[Hit] = []
    m = known_re.match(text, pos)
    if m:
        name = normal_name(m.group())
        level, type_ = normal_known.get(name, ("generic", "部门"))
        candidates.append(Hit("body", name, pos, m.end(), level=level, type=type_))
    m = built_re.match(text, pos)
    if m and _valid_built(m, lexicon):
        level = lexicon.levels.get(m.group("level") or "", "generic")
        candidates.append(
            Hit(
                "body",
                normal_name(m.group()),
                pos,
                m.end(),
                level=level,
                type=lexicon.types[m.group("type")],
            )
        )
    m = collective_re.match(text, pos)
    if m:
        word = m.group()[len(lexicon.collective_prefix) :]
        candidates.append(
            Hit(
                "body",
                m.group(),
                pos,
                m.end(),
                level=lexicon.levels.get(word, "generic"),
                type="政府",
            )
        )
    candidates = [c for c in candidates if c.name not in lexicon.body_stoplist]
    if not candidates:
        return None
    best = max(candidates, key=lambda h: h.end)
    if any(
        text.startswith(stop, pos) and len(stop) > best.end - pos for stop in lexicon.body_stoplist
    ):
        return None
    return best


def _valid_built(m: re.Match, lexicon: Lexicon) -> bool:
    level, stems, type_ = m.group("level"), m.group("stems"), m.group("type")
    if not level and not stems:
        return False
    return not (type_ in lexicon.needs_level and not level)


def _level_of(name: str, lexicon: Lexicon) -> tuple[str, str]:
    """Split ``name`` into its level prefix and the rest (区级机关 → 区级, 机关)."""
    for prefix in sorted(lexicon.levels, key=len, reverse=True):
        if name.startswith(prefix) and len(name) > len(prefix):
            return prefix, name[len(prefix) :]
    return "", name


def _expand_left(text: str, body: Hit, lexicon: Lexicon, found: list[Hit]) -> list[Hit]:
    """Bodies written as bare level words before ``body``: 市、区级机关 → 市级机关."""
    prefix, rest = _level_of(body.name, lexicon)
    word = next(
        (w for w in sorted(lexicon.level_words, key=len, reverse=True) if prefix.startswith(w)),
        None,
    )
    if word is None:
        return []
    tail = prefix[len(word) :]  # 区级 → 级
    out: list[Hit] = []
    pos = body.start
    while pos > 0 and text[pos - 1] in COORDINATORS:
        item_end = pos - 1
        item = _list_item(text, item_end, lexicon)
        if item is None or inside(found, item_end - len(item), item_end, "body"):
            break
        start = item_end - len(item)
        out.append(
            Hit(
                "body",
                normal_name(item + tail + rest),
                start,
                item_end,
                level=lexicon.levels.get(_level_word(item, lexicon), body.level),
                type=body.type,
            )
        )
        pos = start
    return list(reversed(out))


def _list_item(text: str, end: int, lexicon: Lexicon) -> str | None:
    """The list item ending at ``end`` if it ends in a level word: 市, 甘肃省."""
    word = _level_word(text[max(0, end - PLACE_MAX) : end], lexicon)
    if word is None:
        return None
    start = end
    while (
        start > 0 and end - start < PLACE_MAX and text[start - 1] not in COORDINATORS + CLAUSE_STOPS
    ):
        start -= 1
    whole = text[start:end]
    bounded = start == 0 or text[start - 1] in COORDINATORS + CLAUSE_STOPS
    return whole if bounded and len(whole) <= PLACE_MAX else word


def _level_word(item: str, lexicon: Lexicon) -> str | None:
    for word in sorted(lexicon.level_words, key=len, reverse=True):
        if item.endswith(word):
            return word
    return None


def _grouped(text: str, bodies: list[Hit], lexicon: Lexicon) -> list[Hit]:
    """Give bodies joined by 、 和 及 与 (and a trailing 等) one group number."""
    from dataclasses import replace

    joins = set(COORDINATORS) | {"和", "及", "与", "以及", "或", "等"}
    out: list[Hit] = []
    group = -1
    for i, hit in enumerate(bodies):
        if i and text[bodies[i - 1].end : hit.start] in joins | {""}:
            out.append(replace(hit, group=out[-1].group))
            continue
        group += 1
        out.append(replace(hit, group=group))
    return out


def _in_title(text: str, pos: int) -> bool:
    """Whether ``pos`` is inside 《…》 (bodies named in a title are not mentions)."""
    from policysite.extract.marks import L_TITLE, R_TITLE

    opened = text.rfind(L_TITLE, 0, pos + 1)
    return opened != -1 and text.find(R_TITLE, opened) >= pos


__all__ = ["NAME_BRACKETS", "find", "normal_name"]
