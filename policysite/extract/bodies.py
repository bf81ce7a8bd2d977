"""Responsible bodies (责任主体): 市民政局, 乡镇政府, 各区, 村(居)民委员会 …

Rules and word lists are in ``data/lexicon/bodies.yml``.  At each position the longest of:

1. a known name from the lexicon, or a name or alias from the registry (curation adds aliases);
2. a built name: ``[level prefix] [stem]* type-suffix`` — 市 + 民政 + 局, 区 + 职能 + 部门;
3. a collective: 各/有关 + level words — 各区; 有关省、自治区、直辖市及军区 (four bodies);
4. coordinated stems before one type — 宣传、网信、公安等部门 (three bodies);
5. place names before a place type — 沈阳、北京、广州军区 (three bodies).

Then, to the left of a built name: a place name in a list (…、甘肃省人民政府) or a district or area
written before it (宝山区政府, 临港新片区管委会) joins it, and bare level words joined by 、 和 或者
expand (市、区级机关 → 市级机关, written 市, + 区级机关).  To the right: a congress's organs join
it (市人民代表大会常务委员会代表工作机构), and a body after 及其 belongs to it (市人民代表大会及其
常务委员会 → 市人民代表大会常务委员会).

>>> from policysite.build import read_lexicon
>>> lex = read_lexicon("data/lexicon").compiled
>>> [h.name for h in find("有计划地选派市、区级机关干部", lex)]
['市级机关', '区级机关']
>>> [h.name for h in find("接受宣传、网信部门的指导", lex)]
['宣传部门', '网信部门']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cached_property

from policysite.chars import CJK
from policysite.extract.hit import Hit, alternation, inside, longest_first, with_bracketed_start
from policysite.extract.lexicon import Lexicon
from policysite.extract.marks import (
    CLAUSE_STOPS,
    COORDINATORS,
    L_TITLE,
    NAME_BRACKETS,
    R_TITLE,
)
from policysite.extract.marks import cls as char_class
from policysite.extract.rules import Rules
from policysite.extract.words import ends_word, starts_word, tagged
from policysite.text import full_width_parens

# Longest place name in a 、 list (广西壮族自治区); the first item of a list, bounded only by the
# start of the clause, may be at most FIRST_PLACE_MAX long (北京市, not 有计划地选派市).
PLACE_MAX = 8
FIRST_PLACE_MAX = 4
# Words joining the members of a coordinated group of bodies (they share a role).
JOINS = (*COORDINATORS, "和", "及", "与", "以及", "或", "等")
# Words joining the items of a collective: 有关省、自治区、直辖市及军区.
LIST_JOINS = (*COORDINATORS, "及", "和")
# Between 等 and the type a list shares: a count (等四部门) or a describing clause
# (等负有消防监管职能的部门).
BETWEEN_ETC_AND_TYPE = f"[一二三四五六七八九十两几]+个?|[{CJK}]{{2,12}}?的"
# A department word written before a 等-list's first stem: at most this long, jieba's words
# tagged as nouns or as these (vn 应急/教育, j 房管/环保, l 城乡建设).
EARLIER_ITEM_MAX = 8
DEPARTMENT_TAGS = ("vn", "j", "l")
# Characters that cannot be inside a place name of a list item.
NOT_IN_PLACE = tuple("与和及之的对向由经在所应报未将交提请按照依据或并等其该本会同是指为从")



def find(text: str, compiled: Rules, hits: tuple[Hit, ...] = ()) -> tuple[Hit, ...]:
    """Add the bodies of ``text`` to ``hits`` (``compiled.taught``: names editors taught)."""
    lexicon = compiled.lexicon
    rules = compiled.bodies
    found: list[Hit] = []
    starts = _Starts(rules, text)
    pos = starts.next(0)
    while pos < len(text):
        if (_in_title(text, pos) or inside(hits, pos, pos + 1, "citation")
                or _inside_area(text, pos, lexicon)):
            pos = starts.next(pos + 1)
            continue
        group = rules.best_at(text, pos)
        if not group:
            pos = starts.next(pos + 1)
            continue
        first = _with_district(text, _with_place(text, group[0], lexicon), lexicon)
        found.extend(_expand_left(text, group[0], first.start, lexicon, found))
        group = [first, *group[1:]]
        found.extend(group)
        pos = starts.next(group[-1].end)
    found = _carried(text, found, compiled)
    found = owned(text, _with_organs(text, _without_members(text, found, lexicon), lexicon),
                  lexicon)
    found = [with_bracketed_start(text, h) for h in found]
    return tuple(hits) + tuple(_grouped(text, sorted(found, key=lambda h: h.start)))


def _inside_area(text: str, pos: int, lexicon: Lexicon) -> bool:
    """Whether ``pos`` cuts an area's name (``area_words``: 辖区 of 本辖区村民委员会, no 区…)."""
    return any(text.startswith(w, pos - i) and not text.endswith(lexicon.level_words, 0, pos - i)
               for w in lexicon.area_words for i in range(1, len(w)) if i <= pos)  # 市辖区 is one


# 及其 between two bodies: the second is the first's (县级以上人民政府及其有关部门).
OWNED = "及其"


def owned(text: str, found: list[Hit], lexicon: Lexicon) -> list[Hit]:
    """A body written after 及其 belongs to the body before: 市人民代表大会及其常务委员会 →
    市人民代表大会常务委员会 (a class after 及其 stays the class it names: 有关部门)."""
    out = sorted(found, key=lambda h: (h.start, h.end))
    for i, hit in enumerate(out):
        if hit.kind != "body" or hit.is_class or text.startswith(("其他", "其它"), hit.start) or (
                hit.name.startswith(tuple(lexicon.class_prefixes))):
            continue  # a class stays one (…及其有关部门 → 有关部门); 及其他 is no 及其
        start = hit.start + 1 if text.startswith("其", hit.start) else hit.start
        if not i or not text.endswith(OWNED, 0, start):
            continue
        owner = next((h for h in reversed(out[:i]) if h.kind == "body"), None)
        if owner is None or owner.end != start - len(OWNED) or hit.name.startswith(owner.name):
            continue  # not right after its owner, or named with it already
        bare = hit.name[1:] if hit.name.startswith("其") else hit.name
        shared = next((k for k in range(min(len(owner.name), len(bare)), 1, -1)
                       if owner.name.endswith(bare[:k])), 0)
        bare = bare[shared:]  # 有关地方人民政府 + 地方人民政府应急管理部门: the government once
        out[i] = replace(hit, name=normal_name(owner.name + bare), start=start,
                         is_class=owner.is_class or hit.is_class)
    return out


def _without_members(text: str, found: list[Hit], lexicon: Lexicon) -> list[Hit]:
    """No body inside the member suffix written after a body (区政府有关委、办、局: not 有关委):
    the suffix makes the class of that body's departments (see ``member_suffixes``)."""
    spans = [(h.end, h.end + len(s)) for h in found for s in lexicon.member_suffixes
             if text.startswith(s, h.end)]
    return [h for h in found if not any(a <= h.start < b for a, b in spans)]


def _with_organs(text: str, found: list[Hit], lexicon: Lexicon) -> list[Hit]:
    """A congress or committee and its organ written right after it are one body: 市人民代表大会
    + 常务委员会 + 代表工作机构, 市人民代表大会 + 主席团 (``organs`` in the lexicon); a body found
    on the organ's words alone gives way."""
    out = sorted(found, key=lambda h: h.start)
    for i, hit in enumerate(out):
        if hit.type not in lexicon.organ_owners or hit.name != text[hit.start : hit.end]:
            continue
        end = hit.end
        while organ := next((o for o in longest_first(lexicon.organs) if text.startswith(o, end)),
                            None):
            end += len(organ)
        if end == hit.end:
            continue
        out[i] = replace(hit, name=normal_name(text[hit.start : end]), end=end)
    return [h for h in out if not any(o is not h and o.start < h.start < o.end for o in out)]


# How far a listed item may run (区发展改革委、建设管理委、…、房屋土地征收补偿指挥部办公室).
ITEM_MAX = 20


def _carried(text: str, found: list[Hit], compiled: Rules) -> list[Hit]:
    """Items of a list that share the place of its first body: 区发展改革委、建设管理委、财政局 →
    区建设管理委, 区财政局 (each would need a level word on its own)."""
    lexicon = compiled.lexicon
    prefixes = longest_first(tuple(lexicon.relative_prefixes))
    out = list(found)
    for hit in sorted(found, key=lambda h: h.start):
        written = text[hit.start : hit.end]
        prefix = next((p for p in prefixes if written.startswith(p)), None)
        if prefix is None or hit.is_class or hit.name != written:
            continue
        pos = hit.end
        while True:
            sep = next((j for j in LIST_JOINS if text.startswith(j, pos)), None)
            if sep is None or text.startswith(OWNED, pos):
                break  # 市人民代表大会及其常务委员会: its organ, not a list item
            start = pos + len(sep)
            existing = next((b for b in out if b.kind == "body" and b.start == start), None)
            if existing is not None:
                pos = existing.end
                continue
            if text.startswith(lexicon.places, start):
                break  # 市人民政府和上海警备区: an item that names its own place shares none
            probe = prefix + text[start : start + ITEM_MAX]
            best = compiled.bodies.best_at(probe, 0)
            if not best or best[0].end <= len(prefix) + 1 or best[0].is_class:
                break
            end = start + best[0].end - len(prefix)
            if any(b.overlaps(start, end) for b in out):
                break
            out.append(replace(best[0], start=start, end=end))
            pos = end
    return out


def normal_name(text: str) -> str:
    """The canonical spelling of a body name: full-width brackets.

    >>> normal_name("村(居)民委员会")
    '村（居）民委员会'
    """
    return full_width_parens(text)


@dataclass(frozen=True)
class BodyRules:
    lexicon: Lexicon
    known: dict
    canonical: dict  # written → canonical name (各直属机构 → 国务院各直属机构; aliases)
    known_re: re.Pattern
    open_re: re.Pattern
    type_re: re.Pattern
    built_re: re.Pattern
    collective_re: re.Pattern
    stems_re: re.Pattern
    place_re: re.Pattern

    @classmethod
    def of(cls, lexicon: Lexicon, extra: Mapping[str, tuple[str, str, str]]) -> BodyRules:
        names = dict(lexicon.known_bodies)
        canonical = dict(lexicon.body_names)
        for written, value in extra.items():  # the registry's names and aliases
            names[written] = (value[0], value[1])
            if value[2] != written:
                canonical[normal_name(written)] = value[2]
        levels, stems, types = (
            alternation(lexicon.levels),
            alternation(lexicon.stems),
            alternation(lexicon.types),
        )
        words = alternation((*lexicon.level_words, *lexicon.collective_words))
        joins = alternation(LIST_JOINS)
        return cls(
            lexicon=lexicon,
            known={normal_name(k): v for k, v in names.items()},
            canonical=canonical,
            known_re=re.compile(alternation(names)),
            type_re=re.compile(f"(?:{types})(?![{CJK}])"),
            built_re=re.compile(
                f"{_place(lexicon)}"
                f"(?P<level>{levels})?(?P<of>的(?=人民政府))?(?P<stems>(?:{stems})*)"
                f"(?P<type>{_types(lexicon)})"
            ),
            open_re=re.compile(
                f"{_place(lexicon)}(?P<level>{levels})"
                f"(?P<free>[{CJK}]{{1,{lexicon.open_max}}}?)"
                f"(?P<type>{_types(lexicon, lexicon.open_types)})"
            ),
            collective_re=re.compile(
                f"(?P<prefix>{alternation(lexicon.collective_prefixes)})"
                f"(?P<items>(?:{words})(?:(?:{joins})(?:{words}))*)"
                f"(?!(?:{joins})?(?:{words})|{types}|{stems}|[（(])"
            ),
            stems_re=re.compile(
                f"(?P<items>(?:{stems})(?:{alternation(COORDINATORS)}(?:{stems}))*)"
                f"(?:(?P<etc>等)(?P<between>{BETWEEN_ETC_AND_TYPE})?)?(?P<type>{types})"
            ),
            place_re=re.compile(
                f"(?P<items>[{CJK}]{{2,4}}(?:{alternation(COORDINATORS)}[{CJK}]{{2,4}})*?)"
                f"(?P<type>{alternation(lexicon.place_types)})"
            ),
        )

    @cached_property
    def not_before_types(self) -> tuple[str, ...]:
        """The types of ``type_not_before``, longest first (人民政府 before 政府)."""
        return longest_first(tuple(self.lexicon.type_not_before))

    @cached_property
    def anchors(self) -> tuple[re.Pattern, ...]:
        """One regex per rule of :meth:`best_at` that matches wherever the rule can find a body.

        The rules' regexes that start with optional parts (a place name, a level) are put
        behind a look-ahead for the first characters of the words that can start a body there,
        so that searching skips other characters quickly.
        """
        lex = self.lexicon
        party = (lex.party_prefix,) if lex.party_prefix else ()
        after_stop = f"(?<={char_class(BEFORE_PLACES)})"
        return (
            self.known_re,
            # _built needs a level or a stem, so the body starts with one or with 中共 or a place
            _starting(self.built_re, (*party, *lex.places, *lex.levels, *lex.stems)),
            _starting(self.open_re, (*party, *lex.places, *lex.levels)),
            self.collective_re,
            self.stems_re,
            # a list of places starts the text or follows a stop, 、 or 和 (see _places)
            re.compile(f"(?:^|{after_stop})(?:{self.place_re.pattern})"),
        )

    def best_at(self, text: str, pos: int) -> list[Hit]:
        """The longest group of bodies starting at ``pos`` (empty if none)."""
        groups = [
            self._known(text, pos),
            self._built(text, pos),
            self._open(text, pos),
            self._collective(text, pos),
            self._stems(text, pos),
            self._places(text, pos),
        ]
        groups = [
            g for g in groups if g and not any(h.name in self.lexicon.body_stoplist for h in g)
        ]
        if not groups:
            return []
        best = max(groups, key=lambda g: g[-1].end)  # first of equals: known before built
        stop = next((s for s in self.lexicon.body_stoplist if text.startswith(s, pos)), None)
        return [] if stop and len(stop) >= best[-1].end - pos else best

    def _known(self, text: str, pos: int) -> list[Hit]:
        m = self.known_re.match(text, pos)
        if not m:
            return []
        name = normal_name(m.group())
        end = m.end()
        if text.startswith(_banned_after(name, self.lexicon, self.not_before_types), end):
            return []  # 各部 of 各部署, 市政府 of 本市政府采购: the type begins another word
        level, type_ = self.known.get(name, ("generic", "部门"))
        name = self.canonical.get(name, name)
        suffix = self.type_re.match(text, end)  # 国务院各部门 + 办公厅
        if suffix:
            name, end, type_ = (
                name + suffix.group(),
                suffix.end(),
                self.lexicon.types[suffix.group()],
            )
        return [Hit("body", name, pos, end, level=level, type=type_, found="known")]

    def _built(self, text: str, pos: int) -> list[Hit]:
        m = self.built_re.match(text, pos)
        if not m:
            return []
        level, stems, type_ = m.group("level"), m.group("stems"), m.group("type")
        if not level and not stems:
            return []
        if (not stems and type_ in LEVEL_NOT_BEFORE and not m.group("place")
                and (level or "").endswith(tuple(PLACE_LEVELS))):
            return []  # 本市单位: the units in the city, no body named by its level
        if (m.group("place") or m.group("party")) and not level:
            return []  # 北京军区 is the place-list rule's; 中共 needs a level
        if type_ in self.lexicon.needs_level and not level:
            if type_ not in BARE_KINDS or not stems or not _after_function_word(text, pos):
                return []  # 区发展改革委、财政局: a list item shares the level of the first
            # 生态环境局 written bare: the bureau of whichever level the text means, a class
            return [Hit("body", normal_name(m.group()), pos, m.end(), level="generic",
                        type=self.lexicon.types[type_], is_class=True)]
        verb = next((v for v in self.lexicon.verb_stems if (stems or "").startswith(v)), None)
        if verb and not level and (len(stems) > len(verb) or len(type_) > 2
                                   or type_ not in VERB_STEM_TYPES):
            return self._built(text, pos + len(verb))  # 组织 | 兵役机关, 组织 | 社会组织
        inside = next(((stems.find(v), v) for v in self.lexicon.verb_stems
                       if stems and stems.find(v) > 0), None)
        if inside and stems[: inside[0]].endswith(("人民政府", "政府")) and (
                len(stems) > inside[0] + len(inside[1]) or len(type_) > 2):
            # 县级以上地方人民政府 | 组织 | 兵役机关: the government that organises them
            return self._built(text[: m.start("stems") + inside[0]], pos)
        if m.group("of") and (not level or stems):
            return []  # 乡、民族乡、镇的人民政府: 的 only between a level and its government
        inner = re.search("(?<=.)(?:有关|相关)", stems or "")
        cut = m.start("stems") + inner.start() if inner else 0
        if inner and text.startswith(self.lexicon.member_suffixes, cut):
            return self._built(text[:cut], pos)  # 区政府 | 有关委、办、局: its departments
        if inner and not stems[: inner.start()].endswith(("人民政府", "政府", "党委", "军队")):
            # 组织 | 相关单位, 县人民政府 | 组织 | 有关行政管理部门: not one name (but
            # 县级以上各级人民政府有关部门 is one: the relevant departments of that government)
            cut = m.start("stems") + inner.start()
            return self._built(text[:cut], pos) if cut < m.end() else []
        name = normal_name(m.group())
        if m.group("of"):
            name = name[: m.start("of") - pos] + name[m.end("of") - pos :]
        return [
            Hit(
                "body",
                name,
                pos,
                m.end(),
                level=self.lexicon.levels.get(level or "", "generic"),
                type=self.lexicon.types[type_],
            )
        ]

    def _open(self, text: str, pos: int) -> list[Hit]:
        """A level, a short free name and an open type: 市乡村振兴领导小组."""
        if not self.lexicon.open_types:
            return []
        m = self.open_re.match(text, pos)
        if not m or any(w in m.group("free") for w in self.lexicon.open_not):
            return []
        if any(t in m.group("free") for t in self.lexicon.types if len(t) > 1):
            return []  # 乡镇人民政府责令业主委员会: two bodies joined through a verb
        level, type_ = m.group("level"), m.group("type")
        return [
            Hit(
                "body",
                normal_name(m.group()),
                pos,
                m.end(),
                level=self.lexicon.levels.get(level, "generic"),
                type=self.lexicon.types.get(type_, "部门"),
                found="shape",
            )
        ]

    def _collective(self, text: str, pos: int) -> list[Hit]:
        m = self.collective_re.match(text, pos)
        if not m or text.startswith(LEVEL_RANGES, m.end()):
            return []  # 有关县 | 级以上地方人民政府: the level starts a range, not a body
        prefix = m.group("prefix")
        out: list[Hit] = []
        for item in _items(text, m.start("items"), m.end("items"), LIST_JOINS):
            start, end = item
            word = text[start:end]
            if not ends_word(text, end):
                break  # 有关村 | 庄、集镇: the level word starts a longer word (村庄), no body
            out.append(
                Hit(
                    "body",
                    prefix + word,
                    pos if not out else start,
                    end,
                    level=self.lexicon.levels.get(word, "generic"),
                    type=self.lexicon.types.get(word, "政府"),
                )
            )
        return out

    def _stems(self, text: str, pos: int) -> list[Hit]:
        m = self.stems_re.match(text, pos)
        if not m or m.group("type") in self.lexicon.needs_level:
            return []
        items = _items(text, m.start("items"), m.end("items"), tuple(COORDINATORS))
        if len(items) < 2 and not m.group("etc"):
            return []  # a single stem is the built rule's
        if any(self.lexicon.stands_alone(text[i:j]) for i, j in items[:-1]):
            return []  # 人民政府、监察委员会, 机关、学校等单位: an item that is a type or a class
            # of actors on its own is a body of its own
        last = items[-1][0]
        if any(text.startswith(s, last) and last + len(s) > m.end() for s in self.lexicon.stems):
            return []  # 交通、公安机关交通管理等部门: the type word is inside a longer stem
        type_ = m.group("type")
        own = self.etc_type_re.match(text, m.end()) if len(items) > 1 else None
        if own:  # 应急、建管、消防救援机构等部门: the last has its own type, the others the list's
            last_type = own.group("type")
            return self._with_list_level(text, [*_listed(text, items[:-1], items[-2][1], last_type,
                             self.lexicon.types[last_type]),
                    Hit("body", text[items[-1][0] : m.end()], items[-1][0], m.end(),
                        level="generic", type=self.lexicon.types[type_])])
        earlier = self._earlier_items(text, m.start()) if m.group("etc") else []
        listed = _listed(text, [*earlier, *items], m.end(), type_, self.lexicon.types[type_])
        return self._with_list_level(text, listed)

    def _with_list_level(self, text: str, listed: list[Hit]) -> list[Hit]:
        """A one-character level written before a list's first item is every item's (区应急、
        建管等部门 → 区应急部门, 区建管部门): a word of its own, right before the first item or
        the first word of it."""
        if len(listed) < 2:
            return listed
        first = listed[0]
        words = tagged(text[max(0, first.start - 6) : first.end])
        pos, level_at = max(0, first.start - 6), None
        for word, _ in words:
            if word in self.lexicon.relative_prefixes and len(word) == 1 and (
                    pos == first.start - 1 or pos == first.start):
                level_at = pos
            pos += len(word)
        if level_at is None or (level_at and text[level_at - 1] in COORDINATORS):
            return listed  # 市、区住房城乡建设管理、交通等部门: two levels, each item's both
        level = text[level_at]
        out = [replace(first, name=level + first.name.removeprefix(level), start=level_at)]
        return out + [replace(h, name=level + h.name) for h in listed[1:]]

    @cached_property
    def etc_type_re(self) -> re.Pattern:
        """等 and a type word right after a listed body's own type (…消防救援机构 + 等部门)."""
        return re.compile(f"等(?P<type>{_types(self.lexicon)})")

    def _earlier_items(self, text: str, start: int) -> list[tuple[int, int]]:
        """The items of a 等-list written before the first lexicon stem, back to the clause's
        start: department words jieba reads as nouns (规划资源、文物、商务、语言文字和城管执法等
        部门); the first item keeps only the nouns that end its words (深化 | 教育、民政等部门)."""
        out: list[tuple[int, int]] = []
        join = text[start - 1 : start]
        while start > 0 and (join in COORDINATORS or (join in ("和", "及") and not out)):
            end = start - 1
            begin = end
            while begin > 0 and end - begin < EARLIER_ITEM_MAX and text[begin - 1] not in (
                    *COORDINATORS, *CLAUSE_STOPS, "（", "(", "）", ")", "》", "“", "”"):
                begin -= 1
            words = tagged(text[begin:end])
            kept = 0
            for word, tag in reversed(words):
                if not (tag.startswith("n") or tag in DEPARTMENT_TAGS) or (
                        word in self.lexicon.class_not_in):
                    break  # 管理部门 + 会同 (jieba: n) | 市建设: a verb that joins two bodies
                kept += len(word)
            item = text[end - kept : end]
            if not kept or item.endswith(self.lexicon.mechanism_suffixes):
                break  # 完善 | 制度: a mechanism is no department
            if item in self.known or self.lexicon.stands_alone(item) or item.endswith(
                    tuple(self.lexicon.types)):
                break  # 人民银行、财政等部门: a body of its own, not a kind of department;
                # 城市管理部门和 | 广播电视、教育等部门: one with its own type word
            out.insert(0, (end - kept, end))
            if kept < end - begin or begin == 0 or text[begin - 1] not in COORDINATORS:
                break  # the first item: words before it are no department's
            start, join = begin, text[begin - 1 : begin]
        return out

    def _places(self, text: str, pos: int) -> list[Hit]:
        if not self.lexicon.place_types or (
            pos and text[pos - 1] not in BEFORE_PLACES
        ):
            return []
        m = self.place_re.match(text, pos)
        if not m:
            return []
        type_ = m.group("type")
        items = _items(text, m.start("items"), m.end("items"), tuple(COORDINATORS))
        return _listed(text, items, m.end(), type_, self.lexicon.types.get(type_, "军队"))


# What a list of place-type bodies follows: the start, a stop, 、 or a one-character join
# (市人民政府和上海警备区).
BEFORE_PLACES = COORDINATORS + CLAUSE_STOPS + "和及与"


def _starting(pattern: re.Pattern, words: tuple[str, ...]) -> re.Pattern:
    """``pattern`` where it starts with the first character of one of ``words``."""
    first = {w[0] for w in words if w}
    for side in (NAME_BRACKETS[:2], NAME_BRACKETS[2:]):  # alternation() matches either width
        if first & set(side):
            first |= set(side)
    if not first:
        return re.compile("(?!)")
    return re.compile(f"(?={char_class(''.join(sorted(first)))})(?:{pattern.pattern})")


class _Starts:
    """The positions of ``text`` where a rule of :meth:`BodyRules.best_at` matches, in order.

    Elsewhere ``best_at`` finds nothing, so :func:`find` looks only here.  Each rule's regex is
    searched for in C and its next match kept until the scan passes it.
    """

    def __init__(self, rules: BodyRules, text: str) -> None:
        self.text = text
        self.patterns = rules.anchors
        self.ahead = [-1] * len(self.patterns)  # next match of each pattern, once searched

    def next(self, pos: int) -> int:
        """The first position from ``pos`` on where a rule matches; ``len(text)`` if none."""
        end = best = len(self.text)
        for i, pattern in enumerate(self.patterns):
            at = self.ahead[i]
            if at < pos:
                m = pattern.search(self.text, pos)
                at = self.ahead[i] = m.start() if m else end
            best = min(best, at)
        return best


def _place(lexicon: Lexicon) -> str:
    """Optional 中共 and place name before a level prefix (中共北京市委, 北京市民政局)."""
    party = (
        f"(?P<party>{re.escape(lexicon.party_prefix)})?" if lexicon.party_prefix else "(?P<party>)"
    )
    return f"{party}(?P<place>{alternation(lexicon.places)})?"


def _types(lexicon: Lexicon, types: Iterable[str] | None = None) -> str:
    """The type suffixes (or ``types``), longest first, each with a lookahead for the words it must
    not start (部 but not 部署; 指挥部 as 部: 两级防汛指挥部署 is a deployment, no 防汛指挥部)."""
    endings = longest_first(tuple(lexicon.type_not_before))
    parts = []
    for type_ in sorted(lexicon.types if types is None else types, key=lambda t: (-len(t), t)):
        banned = _banned_after(type_, lexicon, endings)
        ahead = f"(?!{alternation(banned)})" if banned else ""
        parts.append(re.escape(type_) + ahead)
    return "|".join(parts)


def _banned_after(name: str, lexicon: Lexicon, endings: tuple[str, ...]) -> tuple[str, ...]:
    """The words ``name`` must not run into: ``type_not_before`` of the longest of ``endings`` (its
    keys, longest first) the name ends with (各部 of 各部署, 市政府 of 本市政府采购)."""
    ending = next((e for e in endings if name.endswith(e)), "")
    return lexicon.type_not_before.get(ending, ())


def _items(text: str, start: int, end: int, joins: tuple[str, ...]) -> list[tuple[int, int]]:
    """Spans of the items of ``text[start:end]`` separated by ``joins``."""
    spans, item_start, pos = [], start, start
    while pos < end:
        join = next((j for j in longest_first(joins) if text.startswith(j, pos)), None)
        if join:
            spans.append((item_start, pos))
            pos += len(join)
            item_start = pos
        else:
            pos += 1
    spans.append((item_start, end))
    return [s for s in spans if s[1] > s[0]]


def _level_of(name: str, lexicon: Lexicon) -> tuple[str, str]:
    """Split ``name`` into its level prefix and the rest (区级机关 → 区级, 机关), after any
    place name (甘肃省人民政府 → 省, 人民政府)."""
    if lexicon.party_prefix and name.startswith(lexicon.party_prefix):
        name = name[len(lexicon.party_prefix) :]
    place = next((p for p in longest_first(lexicon.places) if name.startswith(p)), "")
    if place and any(name.startswith(lv, len(place)) for lv in lexicon.level_words):
        name = name[len(place) :]
    for prefix in longest_first(tuple(lexicon.levels)):
        if name.startswith(prefix) and len(name) > len(prefix):
            return prefix, name[len(prefix) :]
    return "", name


# jieba's tags of a district's name: a place (宝山区, 浦东新区), or a personal name it takes them
# for (徐汇区 nr, 崇明 nrt)
PLACE_TAGS = ("ns", "nr", "nrt")
# the level words a named district or county is written with before a relative body
DISTRICT_LEVELS = ("区", "县")


def _with_district(text: str, body: Hit, lexicon: Lexicon) -> Hit:
    """宝山区政府, 崇明区规划土地局: the district written before a body named relative to its
    level is the body's place (``local``), not part of another word."""
    level = text[body.start : body.start + 1]
    if body.start == 0 or level not in DISTRICT_LEVELS or body.name != text[body.start : body.end]:
        return body
    region = next((r for r in lexicon.regions if text.endswith(r + "地", 0, body.start)), None)
    if region:  # 华东地区管理局: a national agency's regional office, no district's body
        start = body.start - len(region) - 1
        name = text[start : body.end]
        agency = next((a for a in longest_first(tuple(lexicon.region_agencies))
                       if text.endswith(a, 0, start)), None)
        if agency:  # 民航 + 华东地区管理局 → 中国民用航空华东地区管理局
            start -= len(agency)
            name = lexicon.region_agencies[agency] + name
        return replace(body, name=name, start=start, level="中央")
    window = max(0, body.start - 5)
    pos = window
    for word, tag in tagged(text[window : body.start + 1]):
        start, pos = pos, pos + len(word)
        if tag not in PLACE_TAGS or (start == window and window > 0):
            continue
        if pos == body.start + 1 and len(word) >= 3:  # 宝山区 | 政府
            return replace(body, start=start, local=word)
        if pos == body.start and len(word) == 2:  # 崇明 | 区 | 规划土地局
            return replace(body, start=start, local=word + level)
    area = _area_before(text, body.start, lexicon)
    return replace(body, start=area[0], local=area[1]) if area else body


# jieba's tags of the words naming an area before its 区 (临港 | 新 | 片区, 虹桥 | 商务区)
AREA_TAGS = ("ns", "nr", "nrt", "nt", "nz", "n", "a", "j")
AREA_MAX = 8
# two-character words that end an area's name (other area words are longer: 工业区, 商务区, 开发区)
AREA_WORDS = ("新区", "片区", "园区")


def _area_before(text: str, level_at: int, lexicon: Lexicon) -> tuple[int, str] | None:
    """临港新片区管委会, 虹桥商务区管委会: when the 区 at ``level_at`` ends a longer word (片区,
    商务区, 开发区), it is no district level but the end of an area's name — (where the name
    starts, the name) — else None."""
    window = max(0, level_at - AREA_MAX)
    words = list(tagged(text[window : level_at + 1]))
    if not words or not (len(words[-1][0]) >= 3 or words[-1][0] in AREA_WORDS) or (
            words[-1][1] == "r" or words[-1][0][:-1] in lexicon.class_not_in):
        return None  # 区 stands alone (a level) or ends a determiner (各区, 本区, 辖区, 所在区)
    start = level_at + 1 - len(words[-1][0])
    for word, tag in reversed(words[:-1]):
        if (tag not in AREA_TAGS or word in lexicon.class_not_in or start - len(word) < window
                or (start - len(word) == window and window > 0)):
            break  # 报 | 虹桥商务区管委会
        start -= len(word)
    return start, text[start : level_at + 1]


def _with_place(text: str, body: Hit, lexicon: Lexicon) -> Hit:
    """…、甘肃省人民政府: the place name written before a level word in a 、 list joins the body."""
    prefix, _ = _level_of(body.name, lexicon)
    if prefix not in lexicon.level_words:
        return body
    start = body.start
    while start > 0 and body.start - start < PLACE_MAX and re.match(f"[{CJK}]", text[start - 1]):
        start -= 1
    place = text[start : body.start]
    if not place or start == 0 or text[start - 1] not in COORDINATORS:
        return body
    if any(c in place for c in NOT_IN_PLACE) or place in lexicon.levels:
        return body
    if place in lexicon.class_not_in:
        return body  # 指导、督促 | 区绿化管理部门: a governing verb is no place
    if _verb_in(place + prefix) and _verb_in(text[max(0, start - 1 - PLACE_MAX) : start - 1], 0):
        return body  # 拒绝、妨碍 | 市交通行政管理部门: a list of verbs, no place (涉农区 is one)
    return replace(body, name=normal_name(place + body.name), start=start)


def _verb_in(words: str, last: int = 1) -> bool:
    """Whether the word before the last ``last`` words of ``words`` is a verb (jieba's ``v``): of a
    place name with its level (妨碍 | 市, but also 涉农 | 区), or the list item before one (拒绝).
    A name jieba reads as one word is a place (开封市, though 开封 is a verb)."""
    found = tagged(words)
    return len(found) > last and found[-last - 1][1] == "v"


# Levels with no bureaus or commissions (乡镇 has a 党委 and offices, not a 局 or 委).
TOWN_LEVELS = ("乡镇", "村")
NOT_TOWN_TYPES = ("局", "厅", "署", "委")


def _expand_left(text: str, body: Hit, start: int, lexicon: Lexicon, found: list[Hit]) -> list[Hit]:
    """Bodies written as level words before ``body`` (written from ``start``, with its place name):
    市、区级机关 → 市级机关; 北京市、甘肃省人民政府 → 北京市人民政府."""
    prefix, rest = _level_of(body.name, lexicon)
    word = _level_word(prefix, lexicon, at_start=True)
    if word is None:
        return []
    tail = prefix[len(word) :]  # 区级 → 级; 区（县） → nothing
    if tail.startswith(tuple(NAME_BRACKETS)):
        tail = ""
    out: list[Hit] = []
    pos = start
    while True:
        join = _join_before(text, pos)
        if join is None:
            break
        item_end = pos - len(join)
        item = _list_item(text, item_end, lexicon)
        if item is None or inside(found, item_end - len(item), item_end, "body"):
            break
        if join not in COORDINATORS and (
            (item not in lexicon.relative_prefixes and item not in lexicon.level_words)
            or not starts_word(text, item_end - len(item))
        ):
            break  # 市和区（县）土地管理部门, 直辖市和计划单列市税务局, but not 城市和区…
        start = item_end - len(item)
        bare = item
        for collective in lexicon.collective_prefixes:
            if bare.startswith(collective) and len(bare) > len(collective):
                bare, start = bare[len(collective) :], start + len(collective)
        level = lexicon.levels.get(_level_word(bare, lexicon) or "", body.level)
        if level in TOWN_LEVELS and rest.endswith(NOT_TOWN_TYPES) and not rest.endswith("党委"):
            bare_start = item_end - len(bare)  # 各街镇、区规划资源局: a township has no bureau
            collective = next((c for c in lexicon.collective_prefixes
                               if text.endswith(c, 0, bare_start)), "")
            if collective:  # 各街镇 is a class of its own
                out.append(Hit("body", collective + bare, bare_start - len(collective), item_end,
                               level=level, type="政府"))
            break
        out.append(
            Hit(
                "body",
                normal_name(bare + tail + rest),
                start,
                item_end,
                level=level,
                type=body.type,
            )
        )
        pos = item_end - len(item)
    return list(reversed(out))


def _after_function_word(text: str, pos: int) -> bool:
    """Whether ``pos`` follows the start, a mark other than 、, or a word that governs a body
    (由, 会同, 向): no word of a name stands before it (规划 | 土地局 ends another name)."""
    if pos == 0 or (not re.match(f"[{CJK}]", text[pos - 1]) and text[pos - 1] not in "、/"):
        return True
    return text.endswith(GOVERNING_WORDS, 0, pos)


# What makes a level the start of a range of levels (县级以上, 省级以下), not a body of its own.
LEVEL_RANGES = ("级以上", "级以下", "以上", "以下", "级")

# Words after which a bare kind of bureau stands on its own (由生态环境局, 会同规划资源局).
GOVERNING_WORDS = ("由", "会同", "向", "经", "报", "报送", "交", "送", "请", "对", "在", "将", "并")


# Types that a level alone before them does not make a body's name (本市单位, 市机构).
LEVEL_NOT_BEFORE = ("单位", "机构", "组织")
PLACE_LEVELS = "市区县省镇乡"  # (有关单位, 其他单位 are classes)

# Types whose stem written bare, with no level, names the kind of department (生态环境局).
BARE_KINDS = ("局",)


# Words joining a bare level word to the body after it: 市、区级机关; 市和区（县）土地管理部门.
LEVEL_JOINS = (*COORDINATORS, "或者", "和", "或", "及")


def _join_before(text: str, pos: int) -> str | None:
    return next((j for j in LEVEL_JOINS if pos > len(j) and text.endswith(j, 0, pos)), None)


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
    area = _area_before(text, end - 1, lexicon) if word == "区" else None
    if area:  # 嘉定工业区、菊园新区管委会: 区 ends an area's name
        return text[area[0] : end]
    if any(c in whole for c in NOT_IN_PLACE) or not re.fullmatch(f"[{CJK}]+", whole):
        return word
    if len(whole) - len(word) == 1:  # 由省: a place name has two characters at least
        return word
    if any(w in lexicon.class_not_in or w in lexicon.role_verbs
           for w, _ in tagged(whole[: -len(word)])):
        return word  # 征求 | 区, 协助 | 乡: a verb governing a body is no place (涉农区 is a class)
    if start > 0 and text[start - 1] in COORDINATORS:
        return whole
    if (start == 0 or text[start - 1] in CLAUSE_STOPS) and len(whole) <= FIRST_PLACE_MAX:
        return whole
    return word


def _level_word(item: str, lexicon: Lexicon, at_start: bool = False) -> str | None:
    for word in longest_first(lexicon.level_words):
        if item.startswith(word) if at_start else item.endswith(word):
            return word
    return None


def _grouped(text: str, bodies: list[Hit]) -> list[Hit]:
    """Give bodies joined by 、 和 及 与 等 one group number (they share a role)."""
    out: list[Hit] = []
    group = -1
    for i, hit in enumerate(bodies):
        if i and text[bodies[i - 1].end : hit.start] in (*JOINS, ""):
            out.append(replace(hit, group=out[-1].group))
            continue
        group += 1
        out.append(replace(hit, group=group))
    return out


# The types a verb stem names a department with (组织部门, 组织部); before another type it is the
# verb (组织 | 人大代表).
VERB_STEM_TYPES = ("部门", "部")


def _in_title(text: str, pos: int) -> bool:
    """Whether ``pos`` is inside 《…》 (bodies named in a title are not mentions)."""
    opened = text.rfind(L_TITLE, 0, pos + 1)
    return opened != -1 and text.find(R_TITLE, opened) >= pos


def _listed(text: str, items, end_of_list: int, type_: str, body_type: str) -> list[Hit]:
    """One generic body per listed name sharing a type word (发展改革、财政部门 → two);
    the last one's span runs to the end of the list, where the type word stands.  政府部门
    after a list is each one's 部门 (卫生计生、民政等政府部门 → 卫生计生部门, 民政部门)."""
    if type_ == "政府部门":
        type_ = "部门"
    return [
        Hit(
            "body",
            text[start:end] + type_,
            start,
            end_of_list if i == len(items) - 1 else end,
            level="generic",
            type=body_type,
        )
        for i, (start, end) in enumerate(items)
    ]
