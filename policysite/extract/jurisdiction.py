"""Jurisdiction: a body named relative to the document's place gets the place's name.

市民政局 in a document of 北京市 is 北京市民政局; 区政府 in a document of 上海市青浦区 is
上海市青浦区人民政府 — so the same words in two cities' documents are two registry entries.
The place is read from the document's issuers, else its title, else its first paragraphs
(a front matter's 发布单位).  Documents with no place (central documents) keep the names as
written.  Rules and the list of official long forms (政府 → 人民政府, 发展改革委 →
发展和改革委员会 …) are in ``data/lexicon/bodies.yml`` (``relative_prefixes``, ``long_forms``).

A body is a CLASS, not one body, when it starts with a class word (各区政府, 有关部门,
县级以上地方人民政府, 同级财政部门 …): classes are never resolved, they keep their written name.

>>> from dataclasses import replace
>>> from policysite.extract.lexicon import Lexicon
>>> lex = Lexicon(relative_prefixes={"市": "city", "区": "local", "本市": "city"},
...     long_forms={"政府": "人民政府"}, places=("上海", "北京"))
>>> place = place_in(["上海市青浦区人民政府办公室"], lex.compiled)
>>> place
Place(city='上海市', local='青浦区', statute=False)
>>> resolve("区政府", place, lex), resolve("市民政局", place, lex)
('上海市青浦区人民政府', '上海市民政局')
>>> resolve("市民政局", place_in(["北京市人民政府"], lex.compiled), lex)
'北京市民政局'
>>> resolve("市委", place, Lexicon(relative_prefixes={"市": "city"}, party_prefix="中共"))
'中共上海市委员会'
>>> resolve("区公安分局", place, replace(lex, police_branches=("公安分局",)))
'上海市公安局青浦分局'
>>> resolve("区政府", place_in(["上海市人民政府办公厅"], lex.compiled), lex)  # no district
'区政府'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from policysite.chars import CJK
from policysite.extract.hit import alternation, longest_first
from policysite.extract.lexicon import Lexicon
from policysite.extract.rules import Rules

# Words after a district name that show it names the issuing government or one of its organs.
_ORGAN = f"[{CJK}]{{0,10}}?(?:人民政府|政府|人大|政协|党委|委员会|[局委办厅])"
# A town or street of a district, named without its district: 彭浦镇政府, 临汾路街道办事处.
TOWN = re.compile(f"^(?P<town>[{CJK}]{{2,4}}?(?:镇|乡|街道))(?P<rest>人民政府|政府|办事处)$")
# A province's document writes 市 for each of its cities (市人民政府: a class), not for itself.
OTHER_LEVEL = {"市": ("省", "自治区"), "省": ("市",), "区": ("县",), "县": ("区",)}
# The party committee of a level, written 市委 / 区委: its name is 中共 + place + 委员会.
PARTY_COMMITTEE = "委"
# Texts that start with these are central: the document has no place of its own.
_CENTRAL = ("国务院", "中共中央", "中央", "全国人民代表大会", "中华人民共和国", "国家")
# A front matter's label before the issuer: 发布单位: 上海市…
_LABEL = re.compile(r"^(?:发布单位|发文机关|制发机关)\s*[:：]\s*")


@dataclass(frozen=True)
class Place:
    """Where a document's issuer governs: a city or province, and a district or county in it."""

    city: str | None = None  # 上海市, 北京市, 浙江省
    local: str | None = None  # 青浦区, 临安市 (a county-level city), 某县
    # a statute (条例, 法) names a department by its field on purpose (市卫生健康部门: whichever
    # organ does that work), so its field names are not tied to today's organ
    statute: bool = False

    def prefix(self, scope: str) -> str | None:
        """The name written before a body of ``scope`` (city | local)."""
        if scope == "city":
            return self.city
        if scope == "local" and self.local:
            return (self.city or "") + self.local
        return None


def place_in(texts: Iterable[str], rules: Rules) -> Place | None:
    """The place of the first text that starts with one (上海市青浦区人民政府 → 上海市 + 青浦区).

    A text starting with a central organ (国务院, 中共中央 …) means no place: the document is
    central, and a place it mentions later is not its own.
    """
    if not rules.lexicon.places:
        return None
    pattern = rules.place
    for text in texts:
        text = _LABEL.sub("", (text or "").strip())
        if text.startswith(_CENTRAL):
            return None
        m = pattern.match(text)
        if m:
            return Place(m.group("city"), _local(text, m, rules))
    return None


def _local(text: str, m: re.Match, rules: Rules) -> str | None:
    """The district the match names, or None when its level word starts another word
    (上海市 + 绿化和市 | 容管理局: 市容, not a city called 绿化和) or it holds a conjunction."""
    local = m.group("local")
    if not local:
        return None
    after = rules.lexicon.relative_not_before.get(local[-1], ())
    if any(c in local for c in "和与及、") or text.startswith(tuple(after), m.end("local")):
        return None
    return local


# A city or county not in the lexicon's places, named by its government at the start of an
# issuer's name or the title: 临安市人民政府办公室 → 临安市, 长沙县人民政府 → 长沙县.
_OWN_GOVERNMENT = re.compile(f"^(?P<city>[{CJK}]{{2,3}}?[市县])(?=人民政府|政府)")
# A district or county of such a city, named by the city and its government or an organ of it:
# 深圳市南山区人民政府, 杭州市余杭区发展和改革局 → 深圳市 + 南山区.
_CITY_DISTRICT = re.compile(
    f"^(?P<city>[{CJK}]{{2,3}}?市)(?P<local>[{CJK}]{{2,3}}?[区县])(?={_ORGAN})"
)
# An issuer that is an organ of such a city, named in full: 广州市城市管理局 → 广州市 (issuers
# only: a title goes on after the organ's name).
_CITY_ORGAN = re.compile(
    f"^(?P<city>[{CJK}]{{2,3}}?市)(?=[{CJK}]{{1,12}}?(?:局|委员会|委|办公室|办|厅)$)"
)
# Words ending in 区 that name a kind of area, not a district: 城区, 开发区 …
_AREA_WORDS = ("城区", "市区", "郊区", "园区", "景区", "社区", "小区", "辖区", "开发区", "新区",
               "片区")


# Titles of statutes: they name departments by their field on purpose (see ``Place.statute``).
STATUTES = ("条例", "法")


def document_place(document, rules: Rules) -> Place | None:
    """The place of ``document`` (:func:`_own_place`), marked a statute's when its title is one
    of ``STATUTES``."""
    place = _own_place(document, rules)
    if place is not None and document.title.endswith(STATUTES):
        return replace(place, statute=True)
    return place


def _own_place(document, rules: Rules) -> Place | None:
    """The place of ``document``: its issuers, its title, else its first paragraphs; else a
    city, a city's district or a county whose government (or its organ) issued it
    (临安市人民政府办公室, 深圳市南山区人民政府, 长沙县人民政府)."""
    place = _listed_place(document, rules)
    if place is not None or not rules.lexicon.places:
        return place
    for text in (*document.issuers, document.title):
        text = (text or "").strip()
        if text.startswith(_CENTRAL) or text.startswith(tuple(rules.lexicon.class_prefixes)):
            return None
        m = _CITY_DISTRICT.match(text)
        if m and not m.group("local").endswith(_AREA_WORDS):
            return Place(m.group("city"), m.group("local"))
        m = _OWN_GOVERNMENT.match(text)
        if m and m.group("city").endswith("县"):
            return Place(None, m.group("city"))  # a county's: 县X is its own, 市X/省X are not
        if m:
            return Place(m.group("city"))
        m = _CITY_ORGAN.match(text) if text in document.issuers else None
        if m and not text[m.end():].startswith(tuple(rules.lexicon.relative_not_before["市"])):
            return Place(m.group("city"))
    return None


def _listed_place(document, rules: Rules) -> Place | None:
    texts = [*document.issuers, document.title]
    for i, node in enumerate(document.walk()):
        if i >= 12:
            break
        texts.extend(t for t in (node.heading, node.text) if t)
    return place_in(texts, rules)


def resolve(name: str, place: Place | None, lexicon: Lexicon) -> str:
    """``name`` with a relative prefix (市, 区, 本市 …) replaced by the place it stands for; a
    town of the document's district (彭浦镇政府) gets the district's name before it."""
    if place is None:
        return name
    town = TOWN.match(name)
    if (town and place.local and not town.group("town").startswith(tuple(lexicon.class_prefixes))
            and town.group("town") not in lexicon.level_words):  # not 各乡镇人民政府, a class
        rest = long_form(town.group("rest"), lexicon)
        return f"{place.prefix('local')}{town.group('town')}{rest}"
    for prefix in longest_first(tuple(lexicon.relative_prefixes)):
        if not name.startswith(prefix) or len(name) <= len(prefix):
            continue
        rest = name[len(prefix) :]
        if rest.startswith(tuple(lexicon.relative_not_before.get(prefix, ()))):
            return name  # 市场监管部门: 市场 is a word, not 市 + 场
        if rest.startswith(("级", "属", "所属", "各", "有关", "相关", "直属", "内", "外")):
            return name  # 市级机关, 市属单位, 区各部门: a class
        full = place.prefix(lexicon.relative_prefixes[prefix])
        scope = lexicon.relative_prefixes[prefix]
        own = place.city if scope == "city" else place.local
        if not full or (own and own.endswith(OTHER_LEVEL.get(prefix[-1], ()))):
            return name  # 市人民政府 in a province's document: every city's, a class; 省 in a
            # city's: no province of its own; 区 in a county's, 县 in a district's: the same
        if rest == PARTY_COMMITTEE and lexicon.party_prefix:  # 市委 → 中共上海市委员会
            return f"{lexicon.party_prefix}{full}委员会"
        organ = lexicon.party_organs.get(rest[len(PARTY_COMMITTEE):])
        if rest.startswith(PARTY_COMMITTEE) and organ and lexicon.party_prefix:
            return f"{lexicon.party_prefix}{full}委员会{organ}"  # 区委组织部 → 中共…区委员会组织部
        if (rest in lexicon.police_branches and prefix.endswith("区") and place.city
                and place.local and place.local.endswith("区")):  # a branch of the city's bureau
            # (a county's police is a bureau of its own: 县公安局 stays the county's)
            return f"{place.city}公安局{place.local[:-1]}分局"
        organ = rest if place.statute else _organ_of_function(rest, lexicon)
        return full + long_form(organ, lexicon)
    return name


# A body named by its field and 部门 (规划资源部门, 房屋管理部门), and the types of the organ that
# does that work, tried in order (规划资源 + 局, 住房城乡建设管理 + 委). Not the legal style of
# 主管部门 / 行政管理部门 / 行政部门 (市交通主管部门): a law names the competent department,
# whichever organ it is at the time.
FUNCTION_ENDING = "部门"
LEGAL_ENDINGS = ("主管部门", "行政管理部门", "行政部门")
ORGAN_TYPES = ("局", "委", "办")


def _organ_of_function(rest: str, lexicon: Lexicon) -> str:
    """The organ a place's body named by its function is (市 + 规划资源部门 → 规划资源局, whose long
    form is 规划和自然资源局): the first of ``ORGAN_TYPES`` that gives a short name of
    ``long_forms``; else ``rest`` unchanged (市场监管部门 stays: no 市场监管委).

    >>> from policysite.build import read_lexicon
    >>> lex = read_lexicon("data/lexicon")
    >>> _organ_of_function("规划资源部门", lex), _organ_of_function("有关部门", lex)
    ('规划资源局', '有关部门')
    >>> _organ_of_function("政府部门", lex)  # not 政府办 (人民政府办公室)
    '政府部门'
    """
    if (not rest.endswith(FUNCTION_ENDING) or rest.endswith(LEGAL_ENDINGS)
            or rest in lexicon.generic_class_heads):
        return rest  # (政府部门: the government's departments, not 政府 + 办)
    stem = rest[: -len(FUNCTION_ENDING)]
    organ = next((stem + t for t in ORGAN_TYPES if stem + t in lexicon.long_forms
                  and not lexicon.long_forms[stem + t].endswith(COORDINATING)), None)
    return organ or rest


# Committees that coordinate a field's departments, not the department doing its work: 消防部门 is
# the fire service, not the 消防安全委员会 (消防委).
COORDINATING = ("安全委员会",)


def long_form(rest: str, lexicon: Lexicon) -> str:
    """The official long form of a body name after its place: 政府办公室 → 人民政府办公室."""
    for short in longest_first(tuple(lexicon.long_forms)):
        full = lexicon.long_forms[short]
        if full == short and rest.startswith(short):
            return rest  # a word kept as written: 政府采购 + 中心 is no 人民政府
        if rest.startswith(full) or rest.startswith(("员会", "公室", "公厅"), len(short)):
            continue  # written in full already: 发展改革委 + 员会, 政府办 + 公室
        if rest.startswith(short):
            return full + rest[len(short) :]
    return rest


def is_class(name: str, lexicon: Lexicon) -> bool:
    """Whether ``name`` names a class of bodies (各区政府, 有关部门, 县级以上地方人民政府)."""
    return name.startswith(tuple(lexicon.class_prefixes))


def place_pattern(places: tuple[str, ...]) -> re.Pattern:
    """The regex :func:`place_in` matches (compiled once, by ``Rules.place``)."""
    return re.compile(
        f"(?P<city>(?:{alternation(places)})(?:市|省|自治区)?)"
        f"(?:(?P<local>[{CJK}]{{1,4}}?(?:区|县|市))(?={_ORGAN})|(?=[{CJK}]))"
    )
