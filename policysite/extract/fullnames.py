"""Bodies named in full after their province or city: 上海市房地产交易中心, 上海市测绘院,
上海市质量监督检验技术研究院, 上海申通地铁集团有限公司.

An institution's official name is its place and what it is, ending in a head word of
``full_name_heads`` (中心, 总站, 院, 有限公司, 管理局 …).  When a place of the lexicon's ``places``
(上海, 上海市, 浙江省) is followed, within ``full_name_max`` characters, by words jieba tags as
describing words (nouns, verbal nouns, abbreviations, distinguishing words; a one-character verb
of a brand name: 申 | 通) ending in such a head, the span is one body — found by its shape, so it
needs no stem of the lexicon.  A word of ``class_not_in`` (负责, 会同, 加强 …), a particle, a
pronoun, a preposition or a second place ends the name (a verbal noun of ``class_not_in`` does
not: 监督 of 质量监督总站); 和 joins two words of one name (上海市交通运输和港口管理局) unless a
place or level follows it (上海市教委和区教育局 is two bodies).  The longest such name wins,
unless it ends with a word of ``full_name_not_heads`` (网站, 副中心); the bodies found inside it
give way (卫生管理局 of 上海市环境卫生管理局), and a body found already from the same start that
reaches as far stays.

>>> from policysite.extract.lexicon import Lexicon
>>> lex = Lexicon(places=("上海",), full_name_heads=("中心", "院"), full_name_max=16,
...               class_not_in=("负责",))
>>> [h.name for h in find("上海市房地产交易中心负责，上海市测绘院配合。", lex.compiled)]
['上海市房地产交易中心', '上海市测绘院']
"""

from __future__ import annotations

import re

from policysite.extract.hit import Hit, alternation, longest_first, with_bracketed_start
from policysite.extract.rules import Rules
from policysite.extract.words import ends_word, tagged

# jieba's tags of the words inside an institution's name: nouns of every kind, verbal nouns
# (监督, 检验, 设计), abbreviations (j: 房地产), idioms, distinguishing words (b: 公共),
# adjectives (a) and latin letters (eng).
NAME_TAGS = ("n", "nr", "nrt", "nrfg", "ns", "nt", "nz", "ng", "vn", "j", "l", "i", "b", "a", "an",
             "eng")
# Nouns and verbal nouns stay inside a name even where a word of ``class_not_in`` governs a body
# elsewhere (监督 of 上海市建设工程安全质量监督总站, 指导 of 绿化管理指导站).
NOUN_TAGS = ("n", "vn", "nt", "nz", "ns", "j")
# One-character verbs may stand in a brand name (申通: 申 v, 通 v); longer verbs end the name.
VERB_TAGS = ("v", "vg")
# The joiner inside one body's name (上海市交通运输和港口管理局, 上海市规划和自然资源局).
INNER_AND = "和"
# Brackets inside a name: 上海久事（集团）有限公司.
BRACKETS = ("（", "）", "(", ")")
# A place word ending so is a second place inside the name (和县 of …管理局和县工商分局).
LEVEL_ENDINGS = ("省", "市", "县", "区")
# The level of a body named after its place: a province's or a city's.
LEVELS = {"省": "省", "自治区": "省", "市": "市"}


def find(text: str, rules: Rules, hits: tuple[Hit, ...] = ()) -> tuple[Hit, ...]:
    """Add the bodies named in full after their place to ``hits`` (after the other bodies)."""
    lexicon = rules.lexicon
    if not lexicon.places or not lexicon.full_name_heads:
        return tuple(hits)
    out = list(hits)
    for m in _place_re(tuple(lexicon.places)).finditer(text):
        end = _name_end(text, m.end(), rules)
        if end is None:
            continue
        start = m.start()
        if any(h.kind != "body" and h.overlaps(start, end) for h in out):
            continue  # a cited title, a mechanism or a term holds part of it
        if any(h.kind == "body" and h.start <= start and h.end >= end for h in out):
            continue  # found already, as long (上海市人民政府办公厅)
        if any(h.kind == "body" and h.start < start < h.end for h in out):
            continue  # starts inside another body's name
        head = next(h for h in longest_first(lexicon.full_name_heads)
                    if text.endswith(h, start, end))
        out = [h for h in out if not (h.kind == "body" and start <= h.start and h.end <= end)]
        out.append(Hit("body", text[start:end], start, end,
                       level=LEVELS.get(m.group("level") or "", "省"),
                       type=lexicon.types.get(head, "单位"), found="shape"))
    out = [with_bracketed_start(text, h) if h.kind == "body" else h for h in out]
    return tuple(sorted(out, key=lambda h: (h.start, h.end, h.kind)))


def _place_re(places: tuple[str, ...]) -> re.Pattern:
    return re.compile(f"(?:{alternation(places)})(?P<level>省|自治区|市)?")


def _name_end(text: str, pos: int, rules: Rules) -> int | None:
    """Where the longest name after the place at ``pos`` ends, or None."""
    lexicon = rules.lexicon
    limit = pos + lexicon.full_name_max
    words = tagged(text[pos:limit])
    end, best = pos, None
    heads = tuple(lexicon.full_name_heads)
    for i, (word, tag) in enumerate(words):
        if word in BRACKETS:
            end += len(word)
            continue
        first = end == pos
        following = words[i + 1][0] if i + 1 < len(words) else ""
        if word == INNER_AND and not first and following and not following.startswith(
                (*lexicon.places, *LEVEL_ENDINGS, *lexicon.level_words)):
            end += len(word)  # 上海市交通运输 | 和 | 港口管理局; not …委和 | 区教育局
            continue
        if (word in lexicon.places or (word in rules.class_not_in and tag not in NOUN_TAGS)
                or not (tag in NAME_TAGS or (tag in VERB_TAGS and len(word) == 1))
                or (not first and tag == "ns" and word.endswith(LEVEL_ENDINGS))
                or (first and word in lexicon.level_words)):
            break  # 负责, 会同: a verb governs the name; 上海市 | 和 | 上海市, …管理局 | 和县: a
            # second place (a district only right after the city); 北京市 | 街道办事处: a level
        end += len(word)
        if (word.endswith(heads) and not (first and word in heads)  # 上海市 | 中心城区
                and not text.endswith(tuple(lexicon.full_name_not_heads), pos, end)
                and (end < limit or ends_word(text, end))):
            best = end
    if best is None or best - pos < 2:
        return None
    return best
