"""Classes of bodies named by what they do: 项目主管部门, 承包单位, 土地储备机构, 第三方评估机构.

A head word of ``class_heads`` (单位, 部门, 机构 …) with the words written before it that
describe the body (项目, 承包, 土地储备, 第三方评估): jieba cuts the text before the head into
words, and the name takes them from the right while they are not a word of ``class_not_in``
(verbs that govern a body — 确定, 委托, 提交 —, prepositions, particles, modals) and while
jieba tags them as nouns or verbal nouns (查处民办非企业单位 → 民办非企业单位).  A class is
a kind of body, not one body: the hits are marked ``is_class``.  ``named_heads`` (委员会,
工作小组) work the same way but name one body (专家评审委员会, a building's 业主委员会), with
the verbs of its task inside (``name_verbs``: 责任人认定委员会).  ``actor_heads`` (企业, 学校,
博物馆) are classes that may also stand alone, unless they describe the noun after them
(博物馆基础设施).  An existing body ending at the head (主管部门 found by the body rules) is
widened (项目主管部门), or joined to the government before it (国务院 + 测绘 + 行政主管部门).

>>> from policysite.extract.lexicon import Lexicon
>>> lex = Lexicon(class_heads=("单位", "主管部门"), class_not_in=("确定", "由", "牵头"))
>>> [h.name for h in find("由项目主管部门牵头，直接确定承包单位。", lex.compiled)]
['项目主管部门', '承包单位']
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace

from policysite.chars import CJK
from policysite.extract.bodies import owned
from policysite.extract.hit import Hit, inside, longest_first
from policysite.extract.lexicon import Lexicon
from policysite.extract.marks import COLONS
from policysite.extract.rules import Rules
from policysite.extract.words import ends_word, starts_word, tagged
from policysite.model import MODALS

# At most this many characters before the head word, in at most this many words: classes
# (项目主管部门), then names of one body (应急抢险救灾工程专家评审委员会).
PREFIX_MAX = 12
WORDS_MAX = 5
NAMED_PREFIX_MAX = 18
NAMED_WORDS_MAX = 8
CJK_RUN = re.compile(f"[{CJK}]+$")
# jieba part-of-speech tags of words that may describe a body: nouns, verbal nouns (评审),
# idioms and abbreviations (抢险救灾), distinguishing words (专用); and words tagged otherwise.
NAME_TAGS = ("n", "vn", "an", "l", "i", "j", "b", "h", "s")  # h: a prefix such as 非 (非居民企业);
# s: a place word (境外, 口岸, 空中: 境外公证机构)
# With a verb inside (应急抢险指挥机构, 项目审价审计单位), the describing words are at most
# this long.
VERB_PREFIX_MAX = 6


def find(text: str, rules: Rules, hits: tuple[Hit, ...] = ()) -> tuple[Hit, ...]:
    """Add the classes of bodies in ``text`` to ``hits`` (after the body rules)."""
    lexicon = rules.lexicon
    if not lexicon.class_heads and not lexicon.named_heads:
        return tuple(hits)
    out = list(hits)
    for m in rules.class_heads.finditer(text):
        end = m.end()
        if not ends_word(text, end):
            continue  # 部门 of 部门规章: the head is inside a longer word
        if text.startswith(CLASS_NOT_BEFORE, end):
            continue  # 部门间, 部门联合: the bodies' relation, not a body
        if text.endswith(ACROSS, 0, m.start()):
            continue  # 跨部门 (共享), 跨单位: across bodies, an adverb, not a body
        if m.group() in VERB_HEADS and (not _ends_clause_part(text, end)
                                        or text.endswith(VERB_AFTER, 0, m.start())):
            continue  # 定期组织选派, 部门组织对申请, 市招标投标办组织的: the verb, not the noun
        if inside(out, m.start(), end, "citation") or inside(out, m.start(), end, "term"):
            continue
        existing = next((h for h in out if h.kind == "body" and h.end == end), None)
        if existing is not None and existing.start == m.start():
            _with_government(text, existing, out, rules)  # 国务院 + 国防科技工业 + 主管部门
            if existing not in out:
                continue
        if existing is not None and existing.start < m.start():
            # a body already spans more than the head (市财政部门); a generic one written
            # without a place takes the describing words before it: 应急抢险 + 指挥机构
            wider = _widened(text, existing, out, rules)
            if wider is not None:
                out[out.index(existing)] = wider
            else:
                _with_government(text, existing, out, rules)
            continue
        actor = m.group() in lexicon.actor_heads
        generic = actor or m.group() in lexicon.class_heads
        limits = (PREFIX_MAX, WORDS_MAX) if generic else (NAMED_PREFIX_MAX, NAMED_WORDS_MAX)
        if generic:  # a task after a noun may describe the class (项目 + 承担 + 单位)
            start = _prefix_start(text, m.start(), rules.class_not_in - rules.class_verbs,
                                  *limits, verbs_inside=not actor, verb_alone=not actor,
                                  modifiers=rules.modifier_verbs)
            while start < m.start() and not text.startswith(tuple(lexicon.class_heads), start):
                verb = next((v for v in rules.class_verbs_longest_first
                             if text.startswith(v, start)), None)
                if verb is None or (start + len(verb) == m.start() and _starts_clause_part(
                        text, start) and _ends_clause_part(text, end)):
                    break  # 使用单位应当…: a clause's subject, the task alone names the class
                start += len(verb)  # else never starts with the task (提交 | 使用单位)
        else:  # one body: verbs of its task are part of its name (土壤污染责任人认定委员会)
            start = _prefix_start(text, m.start(), rules.class_not_in - rules.name_verbs,
                                  *limits, verbs_inside=True, verb_max=NAMED_PREFIX_MAX,
                                  verbs=rules.name_verbs)
        if actor:
            if start == m.start() and not starts_word(text, start):
                continue  # 国企业 …: the head starts inside a word
            if m.group() in DESCRIBING and (text.endswith(AS_WORDS, 0, start) or any(
                    tag.startswith((*HEAD_PHRASE_TAGS, "an"))
                    for _, tag in tagged(text[end : end + 4])[:1])):
                continue  # 第三方 + 评估结果: it describes the noun; 作为 | 第三方: a role
            if text.startswith(COMPOUND_TAILS, end) or _before_head(text, end, lexicon):
                continue  # 企业 of 企业事业单位, 法人 of 法人社会团体: one class, named by the
                # head after it (社会团体 + 管理机构 too); before other nouns it is mentioned
                # (职业院校 + 教学条件)
            start = _class_word_start(text, start)  # 各博物馆, 其他金融机构
            if text[start : m.start()] in SCOPES:
                start = m.start()  # 负责全国 | 博物馆: the scope of a duty, not a kind of museum
        group = next((g for g in GROUP_MARKS if text.endswith(g, 0, start)), None)
        if group and (actor or not generic):  # 太原钢铁（集团）有限公司: one company's name
            named = _prefix_start(text, start - len(group), rules.class_not_in, PREFIX_MAX,
                                  WORDS_MAX)
            if named < start - len(group):
                start, generic = named, False
        if generic and not actor and start < m.start():
            start = _joined_objects(text, start, m.start(), rules)
            level = BRACKETED_LEVEL.search(text, max(0, start - 6), start)
            if level and level.end() == start and starts_word(text, level.start()):
                start = level.start()  # 区（县） + 公路管理机构: every district's (or county's)
            start = _class_word_start(text, start)  # 相关 + 管理单位, 各 + 成员单位
        if not actor and start == m.start():
            if (not text.startswith(WITH_PERSONS, end) or UNITS.match(text, max(0, start - 3))
                    or text.endswith("的", 0, start)):
                continue  # a bare head (单位, 部门) is not a body; 有关部门和单位: _with_units;
                # 涉及…的单位和个人: the parties a clause describes
            start = _class_word_start(text, start, ANY_WORDS)  # 任何单位和个人: a class of actors
        before = next((h for h in out if h.kind == "body" and h.end == m.start()
                       and h is not existing and not h.is_class), None)
        if before is not None and not generic:  # 国务院 + 常务会议: one body of another's
            out.remove(before)
            out.append(replace(before, name=text[before.start:end], end=end, found="shape"))
            continue
        overlapping = [h for h in out if h is not existing and h.overlaps(start, m.start())]
        gov = overlapping[0] if len(overlapping) == 1 else None
        if (existing is None and gov is not None and gov.kind == "body"
                and gov.name.endswith(GOVERNMENTS) and gov.end < m.start()):
            # 国务院 + 证券监督管理 + 机构: the government's department, named by its task
            task = Hit("body", text[gov.end:end], gov.end, end, level="generic", type="单位",
                       found="shape")  # one body of one government, a class of a class
            out.append(task)
            _with_government(text, task, out, rules)
            if task in out:
                out.remove(task)
            continue
        if overlapping:
            continue
        name = text[start:end]
        if name in lexicon.body_stoplist or (end < len(text) and text[end] in COLONS):
            continue  # 责任单位：区政府 — a label, not a body
        if existing is not None:
            out[out.index(existing)] = replace(
                existing, name=name, start=start, is_class=generic, found="shape"
            )
        else:
            out.append(Hit("body", name, start, end, level="generic", type="单位",
                           is_class=generic, found="shape"))
    _charged(text, out)
    _group_companies(text, out, rules)
    _listed_offices(text, out, rules)
    _government_list(text, out, rules)
    _after_class_word(text, out, lexicon)
    out.extend(_role_nouns(text, rules, out))
    _passive(text, out)
    _with_alternative(text, out, rules)
    _bracketed_committee(text, out)
    _session_organ(text, out, rules)
    out.extend(_with_units(text, out))
    out.extend(_listed(text, rules, out))
    out.extend(_bare_organs(text, out))
    _former(text, out, rules)
    _every_level(text, out)
    return tuple(owned(text, out, lexicon))


EVERY_LEVEL = "各级"


def _every_level(text: str, found: list[Hit]) -> None:
    """A body written as found right after 各级 is the class of them at every level (各级登记管理
    机关, 各级军事机关, 各级国家机关), as 各级人民政府 is."""
    for i, hit in enumerate(found):
        if (hit.kind == "body" and text.endswith(EVERY_LEVEL, 0, hit.start)
                and hit.name == text[hit.start : hit.end]):
            found[i] = replace(hit, name=EVERY_LEVEL + hit.name,
                               start=hit.start - len(EVERY_LEVEL),
                               is_class=True,
                               found="stem" if hit.found == "known" else hit.found)


# 原 before a class: the body that acted before (原审批机关, 原用人单位, 原备案公安机关).
FORMER = "原"
FORMER_MAX = 10  # characters between 原 and the head's end
FORMER_TAGS = ("v", "vn", "n", "nr", "nz", "j", "l")
FORMER_HEADS = ("机关", "公安机关", "学校")
COPULAS = ("是", "为", "系", "属")  # 原是机关…职工的: what a person was, no body


def _former(text: str, found: list[Hit], rules: Rules) -> None:
    """A class written with 原 and the task that made it that body (原审批机关, 原建造单位,
    原就读学校, 原单位) is one class with 原 in its name: what stands in ``found`` inside it
    (公安机关 of 原备案公安机关, 联系原选举单位) gives way to it.  原 is a word of its own (not
    原则, 草原)."""
    if FORMER not in text:
        return
    lexicon = rules.lexicon
    heads = longest_first((*lexicon.class_heads, *lexicon.actor_heads, *lexicon.named_heads,
                           *FORMER_HEADS))
    for m in re.finditer(FORMER, text):
        at = m.start()
        if at and CJK_RUN.match(text[at - 1]) and not starts_word(text, at):
            continue
        words = tagged(text[at : at + FORMER_MAX + 1])
        if not words or words[0][0] != FORMER:
            continue  # 原则, 原材料: 原 starts a longer word
        end, name_end = at + 1, None
        for word, tag in words[1:]:
            if not tag.startswith(FORMER_TAGS) or word in MODALS or word in COPULAS:
                break  # (a verb after 原 is the task that made the body: 原审批机关)
            end += len(word)
            if end - at > FORMER_MAX:
                break
            if text[at + 1 : end].endswith(heads) and ends_word(text, end):
                name_end = end
                break
        if name_end is None:
            continue
        inner = [h for h in found if h.kind == "body" and h.start < name_end and at < h.end]
        if any(h.end > name_end or (h.start == at + 1 and not h.is_class) for h in inner) or (
                inside(found, at, name_end, "citation")):
            continue  # a longer name holds it; 原市建设委员会: one former body, not a class
        for h in inner:
            found.remove(h)
        found.append(Hit("body", text[at:name_end], at, name_end, level="generic", type="单位",
                         is_class=True, found="shape"))


# A group company written by its short name in a list or at a clause's start (大宁集团, 置业集团):
# a few words and 集团 right after a separator; longer phrases before 集团 name a kind of
# grouping (示范性职业教育集团), no body.
GROUP_COMPANY = re.compile(f"(?:^|(?<=[、，。；：（(]))[{CJK}]{{2,4}}?集团")


def _group_companies(text: str, found: list[Hit], rules: Rules) -> None:
    for m in GROUP_COMPANY.finditer(text):
        if any(w in rules.class_not_in for w, _ in tagged(m.group()[:-2])):
            continue  # 组建集团: a verb and its object
        if not ends_word(text, m.end()):
            continue  # 集团公司, 集团化: the word goes on
        if not any(h.overlaps(m.start(), m.end()) for h in found):
            found.append(Hit("body", m.group(), m.start(), m.end(), level="generic",
                             type="公司", found="shape"))


# A district's or city's office written by its short name as an item of a list of bodies
# (区旧改总办, 区成套办, 区“两旧”专班): a level, a few words (or a quoted name) and an office type.
LISTED_OFFICE = re.compile(
    f"(?:^|(?<=[、，,]))(?P<level>[区市县])(?:“[^”]{{1,6}}”|[{CJK}]{{1,5}}?)(?:总办|办|专班)"
    f"(?=[、，,。；]|$)"
)


def _listed_offices(text: str, found: list[Hit], rules: Rules) -> None:
    """Add the offices a list of bodies names by short name (区规划资源局、区旧改总办、区成套办):
    an item beside a body found, starting with a level and ending in 办 or 专班."""
    for m in LISTED_OFFICE.finditer(text):
        if any(h.overlaps(m.start(), m.end()) for h in found if h.kind != "term"):
            continue
        if any(w in rules.class_not_in for w, _ in tagged(m.group()[1:])):
            continue  # 市、区要加强督办: a verb phrase, no office
        beside = any(h.kind == "body" and (h.end == m.start() - 1 or h.start == m.end() + 1)
                     for h in found)
        if beside:  # a quoted word inside its name (“两旧”) is no term of its own there
            found[:] = [h for h in found if not (h.kind == "term" and h.overlaps(m.start(),
                                                                                 m.end()))]
            found.append(Hit("body", m.group(), m.start(), m.end(),
                             level=rules.lexicon.levels.get(m.group("level"), "generic"),
                             type="部门", found="shape"))


def _after_class_word(text: str, found: list[Hit], lexicon: Lexicon) -> None:
    """A generic body (no place) written right after a class word is that class (有关 + 企事业
    单位 → 有关企事业单位): the class word is part of its name, as for 有关部门."""
    for i, hit in enumerate(found):
        if (hit.kind != "body" or hit.name.startswith(tuple(lexicon.class_prefixes))
                or text[hit.start : hit.end] != hit.name
                or hit.name.startswith(tuple(lexicon.places))):
            continue
        word = next((w for w in BEFORE_BODY if text.endswith(w, 0, hit.start)), None)
        if word is None or not starts_word(text, hit.start - len(word)):
            continue
        if any(h is not hit and h.kind == "body" and h.overlaps(hit.start - len(word), hit.start)
               for h in found):
            continue
        found[i] = replace(hit, name=word + hit.name, start=hit.start - len(word), is_class=True)


# The units a task is done to, named by it in the passive: 被审计单位, 被约谈单位, 被挂牌督办单位.
PASSIVE = re.compile(f"被(?P<task>[{CJK}]{{2,4}}?)(?:单位|企业|机构)")
NOT_IN_TASK = "的和与及或、其该本"


def _passive(text: str, found: list[Hit]) -> None:
    """Add the classes named by a task in the passive (被约谈单位): the units it is done to; a
    body found inside one (审计单位 of 被审计单位) gives way."""
    for m in PASSIVE.finditer(text):
        if any(c in m.group("task") for c in NOT_IN_TASK) or not ends_word(text, m.end()):
            continue
        _take_span(found, Hit("body", m.group(), m.start(), m.end(), level="generic",
                              type="单位", is_class=True, found="shape"))


# An alternative in brackets inside a class's name: 项目（法人）单位, 财务监理（审价）机构.
BRACKETED = re.compile(f"（[{CJK}]{{1,4}}）(?:单位|机构|企业)")


def _with_alternative(text: str, found: list[Hit], rules: Rules) -> None:
    """A class whose name holds a bracketed alternative right before its head (项目（法人）单位):
    one class, and no body inside it (法人 of 项目（法人）单位)."""
    for m in BRACKETED.finditer(text):
        start = _prefix_start(text, m.start(), rules.class_not_in, PREFIX_MAX, WORDS_MAX,
                              verbs_inside=True)
        if start == m.start() or not ends_word(text, m.end()):
            continue
        _take_span(found, Hit("body", text[start : m.end()], start, m.end(), level="generic",
                              type="单位", is_class=True, found="shape"))


# A zone's management committee in brackets after a body, standing where that body does in a zone:
# 各街镇（管委会）, 区政府（管委会）.
BRACKETED_COMMITTEE = re.compile("（(?P<committee>管委会|管理委员会)）")


def _bracketed_committee(text: str, found: list[Hit]) -> None:
    """The class of the zones' committees written in brackets after a body (各街镇（管委会））."""
    for m in BRACKETED_COMMITTEE.finditer(text):
        if not any(h.kind == "body" and h.end == m.start() for h in found):
            continue
        if any(h.kind == "body" and h.overlaps(m.start("committee"), m.end("committee"))
               for h in found):
            continue
        found.append(Hit("body", m.group("committee"), m.start("committee"), m.end("committee"),
                         level="generic", type="政府", is_class=True, found="shape"))


# A people's congress written with its term: 上海市第十届人民代表大会常务委员会 is the same body as
# 上海市人民代表大会常务委员会 (the term dates the act, it names no other body).
SESSION = "第[一二三四五六七八九十]+届"
ORGANS_WITH_TERM = ("人民代表大会常务委员会", "人民代表大会")


def _session_organ(text: str, found: list[Hit], rules: Rules) -> None:
    """The congress of a place written with its term (上海市第十届人民代表大会常务委员会): one
    mention of the place's congress, spanning the words as written."""
    places = rules.lexicon.places
    if not places or "届" not in text:
        return
    for m in _session_pattern(tuple(places)).finditer(text):
        _take_span(found, Hit("body", m.group("place") + m.group("organ"), m.start(), m.end(),
                              level="省", type="人大", found="known"))


@functools.lru_cache(maxsize=8)
def _session_pattern(places: tuple[str, ...]) -> re.Pattern:
    """The regex of a place's congress written with its term, built once per lexicon."""
    return re.compile(f"(?P<place>(?:{'|'.join(map(re.escape, places))})(?:市|省|自治区)?)"
                      f"{SESSION}(?P<organ>{'|'.join(ORGANS_WITH_TERM)})")


def _take_span(found: list[Hit], hit: Hit) -> None:
    """Add ``hit`` in place of the bodies found inside its span (审计单位 of 被审计单位), unless
    another body runs across its edge."""
    inside = [h for h in found if h.kind == "body" and hit.start <= h.start and h.end <= hit.end]
    if any(h.kind == "body" and h.overlaps(hit.start, hit.end) and h not in inside
           for h in found):
        return
    for h in inside:
        found.remove(h)
    found.append(hit)


def _widened(text: str, existing: Hit, found: list[Hit], rules: Rules) -> Hit | None:
    """``existing`` with the words that describe it before it (审价 + 审计单位 → 审价审计单位),
    when it is a generic body written without a place or class word; else None."""
    lexicon = rules.lexicon
    written = text[existing.start : existing.end]
    if existing.found == "known" or existing.name != written:
        return None
    if written.startswith((*lexicon.relative_prefixes, *lexicon.class_prefixes,
                           *lexicon.level_words)):
        return None
    if existing.start and not ends_word(text, existing.start):
        return None  # the body starts inside a word (未|经消防救援机构): not widened
    start = _prefix_start(text, existing.start, rules.class_not_in, PREFIX_MAX, WORDS_MAX,
                          verbs_inside=True)
    if start >= existing.start:
        return None
    prefix = text[start : existing.start]
    looks_like_level = any(prefix.startswith(p) and prefix[len(p) :].startswith(tuple(after))
                           for p, after in lexicon.relative_not_before.items())  # 市政工程
    relative = prefix.startswith(tuple(lexicon.relative_prefixes)) and not looks_like_level
    if prefix.startswith(lexicon.level_words) and not relative and not looks_like_level:
        return None  # 自治区 + …: the body rules name a body of that level
    if any(h.overlaps(start, existing.start) for h in found if h is not existing):
        return None
    # 市 + 测绘 + 行政主管部门: the level's department named by its task, a class as the rest
    return replace(existing, name=text[start : existing.end], start=start, is_class=True,
                   found="shape")


GOVERNMENTS = ("人民政府", "国务院", "政府")


def _with_government(text: str, existing: Hit, found: list[Hit], rules: Rules) -> None:
    """A government, the words of a task and a department are one body: 国务院 + 测绘地理信息 +
    行政主管部门, 县级以上人民政府 + 测绘地理信息 + 行政主管部门 (in ``found``, in place); the
    other governments of its list take the same department (省、自治区、直辖市人民政府…部门)."""
    written = text[existing.start : existing.end]
    if existing.found == "known" or existing.name != written:
        return
    start = _prefix_start(text, existing.start, rules.class_not_in, PREFIX_MAX, WORDS_MAX,
                          verbs_inside=True)
    if start >= existing.start:
        return
    gov = next((h for h in found if h.kind == "body" and h is not existing
                and h.overlaps(start, existing.start)), None)
    if (gov is None or gov.end > existing.start or not gov.name.endswith(GOVERNMENTS)
            or any(h.overlaps(gov.end, existing.start) for h in found if h is not gov)):
        return
    department = text[gov.end : existing.end]
    merged = replace(gov, name=gov.name + department, end=existing.end, found="shape",
                     is_class=gov.is_class or existing.is_class, type=existing.type)
    found[found.index(gov)] = merged
    found.remove(existing)
    for i in _listed_before(text, found, gov):  # 省、自治区、直辖市人民政府 + 测绘…部门
        found[i] = replace(found[i], name=found[i].name + department, type=existing.type)
    _departments_after(text, found, merged, gov.name, rules)


def _departments_after(text: str, found: list[Hit], first: Hit, government: str,
                       rules: Rules) -> None:
    """The departments listed after ``first`` (a department of ``government``) with no
    government of their own are the same government's: 国务院建设…部门、人事行政主管部门,
    国务院人力资源社会保障行政部门、教育行政部门 (in ``found``, in place)."""
    pos = first.end
    while text.startswith("、", pos):
        item = next((h for h in found if h.kind == "body" and h.start == pos + 1
                     and h.name == text[h.start : h.end] and h.name.endswith(DEPARTMENT_HEADS)
                     and not h.name.startswith(GOVERNMENTS)), None)
        if item is None or _level_word_start(text, item.start, rules):
            break
        found[found.index(item)] = replace(item, name=government + item.name,
                                           is_class=first.is_class, found="shape")
        pos = item.end


def _government_list(text: str, found: list[Hit], rules: Rules) -> None:
    """A government before a list of stems that share the department after the last one:
    国务院财政、税务主管部门 → 国务院财政主管部门, 国务院税务主管部门 (in ``found``, in place;
    the first item's span starts at the government).  A hit the list rule made for an item
    (财政 + 部门) gives way."""
    stems = rules.stems_longest_first
    for last in [h for h in found if h.kind == "body" and h.name == text[h.start : h.end]]:
        if last not in found:
            continue  # taken into an earlier list's names
        stem = next((s for s in stems if last.name.startswith(s)), None)
        if stem is None or len(last.name) == len(stem):
            continue
        head, pos, items = last.name[len(stem) :], last.start, []
        while text.endswith("、", 0, pos):
            item = next((s for s in stems if text.endswith(s, 0, pos - 1)), None)
            if item is None:
                break
            pos -= 1 + len(item)
            items.append((pos, item))
        gov = next((h for h in found if h.kind == "body" and h.end == pos and h is not last
                    and h.name.endswith(GOVERNMENTS)), None)
        if gov is None or not items:
            continue
        spans = [(gov.start if start == pos else start, start + len(item), item)
                 for start, item in items]
        found[:] = [h for h in found if h is not gov and h is not last
                    and not any(h.overlaps(a, b) for a, b, _ in spans)]
        found.append(replace(last, name=gov.name + last.name, found="shape"))
        found.extend(Hit("body", gov.name + item + head, a, b, level=gov.level, type=last.type,
                         is_class=gov.is_class, found="shape", group=last.group)
                     for a, b, item in spans)
    for first in sorted((h for h in found if h.kind == "body" and h.name.startswith("国务院")
                         and h.name.endswith(DEPARTMENT_HEADS)), key=lambda h: h.start):
        _departments_after(text, found, first, "国务院", rules)  # a department found whole


# The heads of a government's departments named by their task (教育行政部门, 证券监督管理机构).
DEPARTMENT_HEADS = ("部门", "机构")


# A government's department named by its charge: 省人民政府 + 负责国防科技工业管理的部门.
CHARGED = re.compile(f"负责[{CJK}]{{2,16}}?的(?:行政主管部门|主管部门|行政部门|部门|机构)")


def _charged(text: str, found: list[Hit]) -> None:
    """A government and the department of it named by what it is charged with are one class of
    bodies (县级以上地方人民政府负责环境保护的部门); the other governments of its list take the
    same department (省、自治区、直辖市人民政府负责…的部门). In ``found``, in place."""
    for gov in sorted((h for h in found if h.kind == "body"), key=lambda h: -h.start):
        m = CHARGED.match(text, gov.end)
        if not m or not gov.name.endswith(GOVERNMENTS) or gov not in found:
            continue
        if any(h.overlaps(m.start(), m.end()) for h in found if h.kind != "term"):
            continue
        department = m.group()
        found[found.index(gov)] = replace(gov, name=gov.name + department, end=m.end(),
                                          is_class=True, found="shape", type="部门")
        for i in _listed_before(text, found, gov):
            if not CHARGED.match(text, found[i].end):  # not one with a department of its own
                found[i] = replace(found[i], name=found[i].name + department, is_class=True,
                                   type="部门")


def _listed_before(text: str, found: list[Hit], gov: Hit) -> list[int]:
    """Where the governments listed before ``gov`` in its group are in ``found`` (省、自治区、
    of 省、自治区、直辖市人民政府…): they share the department written after it — back to one
    written with its own government word (区和县人民政府以及市人民政府其他有关主管部门: the
    department is the city government's only)."""
    listed = sorted((i for i, h in enumerate(found)
                     if h.kind == "body" and gov.group >= 0 and h.group == gov.group
                     and h.end <= gov.start and h.name.endswith(GOVERNMENTS)),
                    key=lambda i: found[i].start)
    out: list[int] = []
    for i in reversed(listed):
        if text[found[i].start : found[i].end].endswith(GOVERNMENTS):
            break  # written in full: a government of its own, not a level sharing gov's
        out.append(i)
    return out


def _level_word_start(text: str, pos: int, rules: Rules) -> bool:
    """Whether a level or class word starts at ``pos`` (省…, 有关…): the item names its own."""
    lexicon = rules.lexicon
    return text.startswith((*lexicon.levels, *lexicon.class_prefixes), pos)


def _role_nouns(text: str, rules: Rules, found: list[Hit]) -> list[Hit]:
    """Bodies named by the role they play (牵头单位, 责任部门, 成员单位, 责任主体), as classes,
    with the words that describe them (文物安全 + 责任单位); not a label (责任单位：)."""
    lexicon = rules.lexicon
    if not lexicon.role_nouns:
        return []
    out: list[Hit] = []
    for m in rules.role_nouns.finditer(text):
        inner = [h for h in found if h.kind == "body" and h.found == "shape"
                 and m.start() < h.start and h.end <= m.end()]
        if any(h.overlaps(m.start(), m.end()) for h in (*found, *out) if h not in inner):
            continue
        for h in inner:  # 银行 of 承办银行, 代理机构 of 采购代理机构: the role noun is the name
            found.remove(h)
        if m.end() < len(text) and text[m.end()] in COLONS:
            continue
        start = _prefix_start(text, m.start(), rules.class_not_in, PREFIX_MAX, WORDS_MAX)
        actor = next((h for h in found if h.kind == "body" and h.end == m.start()
                      and h.is_class and h.found == "shape"), None)
        if actor is not None:  # 社会团体 + 登记管理机关: the class of body it serves names it
            found.remove(actor)
            start = actor.start
        elif any(h.overlaps(start, m.start()) for h in (*found, *out)):
            start = m.start()
        out.append(Hit("body", text[start : m.end()], start, m.end(), level="generic",
                       type="单位", is_class=True, found="shape"))
    return out


# 各有关部门和单位, 有关部门、单位, 本市有关机关、组织: the bare 单位 (组织) shares the class word
# of the 部门 (机关) before it.
UNITS = re.compile("(?P<head>部门|机关)(?:和|及|与|、|以及)(?P<unit>单位|组织)")


CLASS_WORDS = ("各", "有关", "相关", "其他")
# The class word of a body that the bare unit after it shares, after the place it may start with
# (有关, 本市有关, 各相关).
SHARED_CLASS_WORD = re.compile(f"(?:本?[市区县省])?(?:{'|'.join(CLASS_WORDS)})")
GROUP_MARKS = ("（集团）", "(集团)", "集团")
# Class words an actor takes (各博物馆, 各类社会组织), longest first.
ACTOR_CLASS_WORDS = longest_first((*CLASS_WORDS, "各类", "各有关", "各相关"))
CLASS_NOT_BEFORE = ("间", "之间", "联合")
# Heads that are verbs too (组织): a head only where a name may end — before a mark, a modal,
# a conjunction or 负责 (行业组织应当, 任何组织或者个人, 培训评价组织。).
VERB_HEADS = ("组织",)
# An office or bureau's last character before 组织: the office organises (市招标投标办组织的培训).
VERB_AFTER = ("办", "局", "委", "厅")
AFTER_NAME = (*MODALS, "应", "须", "和", "或者", "或", "及", "与", "以及", "等", "在", "的", "负责")


def _starts_clause_part(text: str, start: int) -> bool:
    """Whether a name may start at ``start``: the text starts, or a mark is before it."""
    return start == 0 or not re.match(f"[{CJK}]", text[start - 1])


def _ends_clause_part(text: str, end: int) -> bool:
    """Whether a name may end at ``end``: the text ends, or a mark, a modal or a conjunction
    follows (的 only when no verb of a clause follows: 组织的名称, not 组织的地方性法规草案)."""
    if end >= len(text) or not re.match(f"[{CJK}]", text[end]):
        return True
    return text.startswith(AFTER_NAME, end) and not text.startswith("的地方", end)


# A bare head before these is an actor (单位和个人, 任何组织或者个人), with a class word before it.
WITH_PERSONS = ("和个人", "或者个人", "或个人", "、个人", "及个人", "以及个人", "与个人")
ANY_WORDS = longest_first((*ACTOR_CLASS_WORDS, "任何"))
# Class words a body without a place takes when written right before it (有关企事业单位,
# 相关市级行业主管部门, 其他的专门机构), longest first.
BEFORE_BODY = longest_first((*ACTOR_CLASS_WORDS, "其他的", "其它的"))


def _with_units(text: str, found: list[Hit]) -> list[Hit]:
    """The 单位 of 「有关部门和单位」: a class named with the 部门's class word (有关单位; 各有关
    部门和单位 too, as readers name it; 各部门和单位 → 各单位); the 组织 of 「本市有关机关、组织」
    the same way (本市有关组织)."""
    out: list[Hit] = []
    for m in UNITS.finditer(text):
        start, end = m.start("unit"), m.end()
        if not ends_word(text, end):
            continue  # 单位 of 单位负责人: a longer word
        body = next((h for h in found if h.kind == "body" and h.end == m.end("head")), None)
        if body is None or any(h.overlaps(start, end) for h in found):
            continue
        word = text[body.start : body.end][: -len(m.group("head"))]
        if not SHARED_CLASS_WORD.match(word):
            continue  # 财政部门和单位: no class word to share
        if word.startswith("各") and len(word) > 1:
            word = word[1:]  # 各有关部门和单位: the units share 有关, not 各 (有关单位)
        if text.endswith("本", 0, body.start) and word[:1] in "省市区县":
            word = "本" + word  # 本 + 市有关机关、组织: 本市有关组织, as the organs are named
        out.append(Hit("body", word + m.group("unit"), start, end, level="generic", type="单位",
                       is_class=True, found="shape", group=body.group))
    return out


# A bare 机关 first in a list of classes (机关、团体、企业事业单位): the class of state organs.
BARE_ORGAN = re.compile("机关(?=、)")


def _bare_organs(text: str, found: list[Hit]) -> list[Hit]:
    """The bare 机关 that opens a list of classes of bodies (机关、团体、企业事业单位; 幼儿园和
    机关、企业): a class, as the items after it; never inside a word (兵役机关)."""
    out: list[Hit] = []
    for m in BARE_ORGAN.finditer(text):
        if not starts_word(text, m.start()) or any(h.overlaps(m.start(), m.end()) for h in found):
            continue
        if not any(h.kind == "body" and h.level == "generic" and h.start == m.end() + 1
                   for h in found):
            continue
        out.append(Hit("body", "机关", m.start(), m.end(), level="generic", type="机关",
                       is_class=True, found="shape"))
    return out


# 发展改革、住房城乡建设管理、交通、水务等部门: items of a list sharing one head word.
LIST = re.compile(
    f"(?P<items>(?:[{CJK}]{{2,10}}、)+[{CJK}]{{2,8}}?)"
    f"(?:(?P<etc>等(?:(?:(?!的)[{CJK}]){{2,8}}?(?=有关|相关))?)|(?P<others>(?:以及|及|和)(?:其他|其它)))?"
    f"(?:综合管理|职能|行政主管|主管|有关|相关)?(?P<kind>行政管理|管理)?(?P<head>部门|单位|企业|机构|行业组织)"
)
# Heads of actors a list shares only after 等 and when every item is a noun (交通运输、物流寄递、
# 保安服务等行业组织 → 交通运输行业组织 …), never after an item that is a body itself.
ACTOR_LIST_HEADS = ("企业", "机构", "行业组织")
# Items that are tasks rather than names (勘察、设计、施工、监理单位) are taken only before 单位,
# each at most this long and none a verb that governs a body (指导、督促单位 is no list of units);
# without 等 each must be one verb.
TASK_ITEM_MAX = 4
PERSON_ENDINGS = "人者员"


# Scopes written right before an actor's head (全国博物馆): the duty's reach, not the class's
# name; with words between (全国保安服务行业协会) they name one body.
SCOPES = ("全国", "全省", "全市", "全区", "全县")


def _known_item(hit: Hit, spans: list[tuple[int, int]], rules: Rules, text: str) -> bool:
    """Whether ``hit`` is a known body written as one item of the list (海关 of 公安、海关等部门),
    not a body with a head of its own (业务主管部门、挂靠单位 is no list sharing 单位) — or a
    body inside an item that is a stem of the lexicon (公安机关 of 交通、公安机关交通管理等部门)."""
    if any(a <= hit.start and hit.end <= b and (a, b) != (hit.start, hit.end)
           and text[a:b] in rules.lexicon.stems for a, b in spans):
        return True
    return (hit.found == "known" and (hit.start, hit.end) in spans
            and not hit.name.endswith(tuple(rules.lexicon.class_heads)))


def _shared_level(first: str, rules: Rules) -> str:
    """The relative level word the list's first item starts with, when the rest is a stem (市 of
    市旅游、规划等部门): every item is then that level's department; else ''."""
    for prefix in longest_first(tuple(rules.lexicon.relative_prefixes)):
        if first.startswith(prefix) and first[len(prefix):] in rules.lexicon.stems:
            return prefix
    return ""


def _is_task(item: str) -> bool:
    """Whether ``item`` is one verb (勘察, 监理): without 等, only tasks name the units of a list
    (饭店、旅游定点单位 lists a kind of place and a kind of unit)."""
    words = tagged(item)
    return len(words) == 1 and words[0][1] in ("v", "vn")


# The joiners before a list's last item (工商、劳动保障和统计等有关行政管理部门).
LAST_JOINS = ("和", "及")


def _last_items(text: str, start: int, end: int, stems: set[str]) -> list[tuple[int, int]]:
    """The last item of a list, or two when a joiner splits it into two stems (劳动保障和统计);
    one stem holding a joiner stays whole (文化和旅游)."""
    item = text[start:end]
    if item in stems:
        return [(start, end)]
    for join in LAST_JOINS:
        at = item.find(join)
        if at > 0 and item[:at] in stems and item[at + len(join):] in stems:
            return [(start, start + at), (start + at + len(join), end)]
    return [(start, end)]


def _listed(text: str, rules: Rules, found: list[Hit]) -> list[Hit]:
    """One class per item of a list sharing a head (交通、水务等部门 → 交通部门, 水务部门), when
    every item is a stem of the lexicon or all nouns; the first item loses the verb before it."""
    out: list[Hit] = []
    stems = set(rules.lexicon.stems)
    replaced: list[Hit] = []
    search_from = 0
    while (m := LIST.search(text, search_from)) is not None:
        search_from = m.end()
        if m.start() and text[m.start() - 1] == "、":
            continue  # the rest of a longer list that was blocked (…、区档案局等部门)
        spans, pos = [], m.start("items")
        for item in m.group("items").split("、"):
            spans.append((pos, pos + len(item)))
            pos += len(item) + 1
        spans[-1:] = _last_items(text, *spans[-1], stems)
        last = spans[-1][0]
        if m.group("head") in ACTOR_LIST_HEADS and not (m.group("etc") and all(
                tagged(text[a:b])[-1][1].startswith(NAME_TAGS)
                and not text[a:b].endswith(rules.class_endings)
                for a, b in spans)):
            continue  # 园区管理、入驻企业; 使用单位、科学技术研究机构: not one head shared
        # a body found on the last item alone (宣传等部门, 监理单位) gives way to the whole list
        others = m.start("others") if m.group("others") else -1  # 公安、卫生及其他有关部门
        tail = [h for h in found if h.kind == "body" and h.start >= last and h.end <= m.end()
                and (m.group("etc") or all(_is_task(text[a:b]) for a, b in spans[1:]))
                and others == -1]
        kept = [h for h in found if h.kind == "body" and others != -1 and h.start > others]
        blocking = [h for h in (*found, *out) if h.kind in ("body", "citation", "term")
                    and h.overlaps(m.start(), m.end()) and h not in tail and h not in kept
                    and not _known_item(h, spans, rules, text)]
        if blocking:  # the list may start after what blocks it (“双随机、一公开”监管、教育…)
            search_from = max(m.start() + 1, min(h.end for h in blocking))
            continue
        first_start, first_end = spans[0]
        stem = next((w for w in rules.stems_longest_first
                     if text.endswith(w, first_start, first_end)), "")
        start = first_end - len(stem)  # 会同 | 发展改革: a stem ends the item, whatever jieba says
        words = tagged(text[first_start:start])
        tasks = m.group("head") == "单位"
        for word, tag in reversed(words):
            if tasks and word not in rules.class_not_in and first_end - start + len(word) <= (
                TASK_ITEM_MAX
            ):
                start -= len(word)  # 包括 | 检测鉴定、勘察…等单位
                continue
            if not (tag.startswith(NAME_TAGS) or word in stems) or tasks or (
                    word in rules.class_not_in):
                break  # 会同 (a verb jieba may tag as a noun) | 发展改革
            start -= len(word)
        while start < first_end and not starts_word(text, start):
            start += 1  # 通|报市食品药品监督管理: the pattern's window began inside a word
        if first_end - start < 2:
            continue
        spans[0] = (start, first_end)
        head = (m.group("kind") or "") + m.group("head")  # 投资、土地管理部门 → 投资管理部门
        if any(text[b - 1] in PERSON_ENDINGS for _, b in spans):
            continue  # 实际责任人、单位责任人、上级单位: people, not kinds of body
        if not all(
            text[a:b] in stems or _shared_level(text[a:b], rules)
            or all(t.startswith(NAME_TAGS) for _, t in tagged(text[a:b]))
            or (tasks and b - a <= TASK_ITEM_MAX and text[a:b] not in rules.class_not_in
                and (m.group("etc") or _is_task(text[a:b])))
            for a, b in spans
        ):
            continue
        replaced.extend(tail)
        replaced.extend(h for h in found if _known_item(h, spans, rules, text))
        known = rules.lexicon.known_bodies
        level = _shared_level(text[spans[0][0] : spans[0][1]], rules)
        for i, (a, b) in enumerate(spans):  # the last one with 等部门, as the body rules do
            end = m.end() if i == len(spans) - 1 and others == -1 else b
            item = text[a:b]
            if level:  # 市旅游、规划等行政管理部门: 市旅游… and 市规划…, each one body
                bare = item[len(level):] if i == 0 else item
                out.append(Hit("body", level + bare + head, a, end,
                               level=rules.lexicon.levels.get(level, "generic"), type="部门"))
                continue
            if item in known:  # 人民银行等部门: a body of its own, not a kind of department
                name = rules.lexicon.body_names.get(item, item)
                out.append(Hit("body", name, a, b, level=known[item][0], type=known[item][1],
                               found="known"))
                continue
            if rules.lexicon.stands_alone(item):  # 机关、学校等单位: classes themselves
                out.append(Hit("body", item, a, b, level="generic", type="部门", is_class=True,
                               found="shape"))
                continue
            out.append(Hit("body", item + head, a, end, level="generic", type="部门",
                           is_class=True, found="shape"))
    for hit in replaced:
        if hit in found:
            found.remove(hit)
    return out


def _prefix_start(
    text: str, head_start: int, not_in: frozenset[str], prefix_max: int, words_max: int,
    verbs_inside: bool = False, verb_max: int = VERB_PREFIX_MAX,
    verbs: frozenset[str] | None = None, verb_alone: bool = False,
    modifiers: frozenset[str] = frozenset(),
) -> int:
    """Where the describing words before the head start (``head_start`` when there are none).

    ``verbs_inside``: verbs may describe the body too (应急 + 抢险 + 指挥机构, 项目 + 审价 + 审计
    + 单位) as long as the name does not start with one (调动 + 文博单位 is a verb and its object).
    ``verb_alone``: a verb that is the only describing word names the class by its task (排污单位,
    施工单位, 监理单位).  ``modifiers``: verbs that describe like nouns, even first (停车 of
    停车设施经营单位, 停车服务企业).
    """
    window_start = max(0, head_start - prefix_max - 4)
    window = text[window_start:head_start]
    run = CJK_RUN.search(window)
    if not run:
        return head_start
    head = text[head_start : head_start + 4]
    pieces = tagged(run.group() + head)  # with the head: 承包单位 is one word
    offset = head_start - len(run.group())  # where the run starts in ``text``
    ends, pos = [], offset
    for word, tag in pieces:
        ends.append((pos, word, tag))
        pos += len(word)
    start = head_start
    inside_word = next((p for p, w, _ in ends if p < head_start and p + len(w) >= head_start + 2),
                       None)  # 承包单位 is one word; 指法 | 人 cuts through 法人: not taken
    if inside_word is not None:
        start = inside_word  # the head ends a longer word: take all of it
    before = [(p, w, t) for p, w, t in ends if p + len(w) <= start]
    taken: list[str] = []
    for n, (_, word, tag) in enumerate(reversed(before)):
        if word in modifiers:
            tag = "n"  # 停车 (设施): a task that names a kind of thing
        governs = word in not_in or (  # 全面推行 (a verb), not 技术推广 (a noun)
            len(word) > 2 and word[-2:] in not_in and not tag.startswith("n"))
        if n >= words_max or governs or head_start - (start - len(word)) > prefix_max:
            break
        if len(word) > 2 and word[:2] in not_in and not tag.startswith("n"):
            start -= len(word) - 2  # 明确 | 责任 | 区自律组织: jieba's word starts with a verb
            taken.append("n")
            break
        verb = verbs_inside and tag == "v" and (verbs is None or word in verbs)
        left = before[len(before) - n - 2] if len(before) - n - 2 >= 0 else None
        if tag == "q" and left is not None and left[2].startswith(("n", "vn")):
            tag = "n"  # 综合 | 杆 | 管理机构: a noun jieba reads as a measure word after a noun
        if not (tag.startswith(NAME_TAGS) or verb or (tag == "a" and word in NAME_ADJECTIVES)) or (
                tag == "s" and word.endswith("内")):  # 高 | 能级企业: a one-character adjective
            break  # a verb, preposition, adverb, pronoun, 区内 (where, not what) …: not the name
        if run.start() == 0 and start - len(word) == window_start and window_start:
            break  # the run goes on beyond the window: the word may be cut
        start -= len(word)
        taken.append(tag)
    alone = verb_alone and len(taken) == 1 and (
        len(before) == 1 or before[-2][2].startswith(FUNCTION_TAGS))  # 由 | 施工单位
    while taken and ((taken[-1] == "v" and not alone)
                     or _cut_char(text, start, before, len(taken))
                     or _governs_noun(before, len(taken), verbs)):
        start += len(before[len(before) - len(taken)][1])  # not a verb, not 微 of 小微
        taken.pop()
    taken_at = len(before) - len(taken)
    if (taken and taken_at > 0 and before[taken_at - 1][1] in SELF_WORDS
            and before[taken_at][1] in SELF_AREAS and len(taken) > 1):
        start += len(before[taken_at][1])  # 本 | 地区 | 病原微生物…专家委员会: 本地区 says where
        taken.pop()
        if taken and before[taken_at + 1][1] in AREA_SIDES:
            start += len(before[taken_at + 1][1])  # 本地区 | 内 | 企业
            taken.pop()
    if "v" in taken and head_start - start > verb_max:
        return _prefix_start(text, head_start, not_in | (verbs or frozenset()), prefix_max,
                             words_max)
    return start


# 本 and an area before a class say where it is (组成本地区 | 病原微生物实验室…专家委员会).
SELF_WORDS = ("本", "该")
SELF_AREAS = ("地区", "区域", "行政区域", "辖区", "系统", "行业", "领域")
AREA_SIDES = ("内", "外")

# A level written with its alternative in brackets before a class: 区（县）, 乡(镇), 县（市、区）.
BRACKETED_LEVEL = re.compile(
    r"[省市区县乡镇](?:（[市区县乡镇街道、]{1,5}）|\([市区县乡镇街道、]{1,5}\))$")

# Written right before a class head, these make it say "across" bodies (跨部门协同).
ACROSS = ("跨",)

# Joiners of two things one task is done to (建筑垃圾和工程渣土 + 运输单位).
OBJECT_JOINERS = ("和", "与", "及")
OBJECT_MAX = 6
# Verbs jieba tags as nouns that govern the things after them (办理 | 建筑垃圾和…).
OBJECT_NOT_IN = ("办理", "处理", "收集", "处置")


def _joined_objects(text: str, start: int, head_start: int, rules: Rules) -> int:
    """``start`` moved over a thing joined to the first the class's task is done to: 建筑垃圾 +
    和 + 工程渣土运输单位 is one class, the units that carry both (not 工程渣土运输单位 and a
    建筑垃圾 of its own); the words before the joiner are nouns naming no body (施工单位 和
    监理单位 are two classes), the words after it hold the task (运输)."""
    joiner = next((j for j in OBJECT_JOINERS if text.endswith(j, 0, start)), None)
    if joiner is None:
        return start
    second = tagged(text[start:head_start])
    if not any(t in ("v", "vn") for _, t in second) or not second[0][1].startswith(("n", "j")):
        return start  # 国家机关和企业事业单位: no task after the joiner; 监督管理和运输单位: no
        # second thing before the task
    end = start - len(joiner)
    run = CJK_RUN.search(text, max(0, end - OBJECT_MAX), end)
    if run is None:
        return start
    words = tagged(run.group())
    first = end
    for word, tag in reversed(words):
        if (word in rules.class_not_in or word in OBJECT_NOT_IN or not tag.startswith(("n", "j"))
                or len(word) < 2
                or end - (first - len(word)) > OBJECT_MAX):
            break
        first -= len(word)
    things = text[first:end]
    lexicon = rules.lexicon
    if first == end or things.endswith((*lexicon.class_heads, *lexicon.actor_heads,
                                        *lexicon.named_heads, *lexicon.types,
                                        *lexicon.full_name_heads, *lexicon.mechanism_suffixes,
                                        *PERSONS)):
        return start  # 施工单位和监理单位, 检查人员和保安从业单位: two parties, not two things
    before = tagged(text[max(0, first - 4) : first]) if first and CJK_RUN.match(
        text[first - 1]) else ()
    if (before and before[-1][1].startswith(("n", "j")) and before[-1][0] not in rules.class_not_in
            and not before[-1][0].startswith(("本", "全"))
            and before[-1][0] not in ("内", "外", "中")):  # 本市, 范围内 + 建筑垃圾和…: a scope
        return start  # 不动产权 + 证书和房屋调查机构: the joined words end a longer noun
    return first


# Words that end the names of persons, not things (检查人员, 申请人, 经营者).
PERSONS = ("人员", "人", "者", "员", "民")


def _governs_noun(before: list, n_taken: int, verbs: frozenset[str] | None) -> bool:
    """Whether the name's first word is a verb of a task with a noun after it: the verb governs
    the noun (监督 | 业主委员会), where a name puts the task after its object (专家评审委员会)."""
    if n_taken < 2:
        return False
    first = len(before) - n_taken
    word, tag = before[first][1], before[first][2]
    after = before[first + 1][2]
    return verbs is not None and word in verbs and tag in ("v", "vn") and after.startswith("n")


# Tags of function words (conjunctions, prepositions, particles, pronouns, punctuation): a verb
# after one of them may name a class by its task (由 + 施工单位, 和 + 监理单位).
FUNCTION_TAGS = ("c", "p", "u", "r", "x")


# Words after an actor head that make one class with it (企业 + 事业单位).
COMPOUND_TAILS = ("事业单位", "事业组织")
# Actors that name a class alone only where no noun follows (委托第三方进行…, 委托第三方的方式):
# before a noun they describe it (第三方评估结果), after 作为 they say what a body acts as.
DESCRIBING = ("第三方",)
AS_WORDS = ("作为", "成为", "担任")


def _before_head(text: str, end: int, lexicon: Lexicon) -> bool:
    """Whether the nouns after ``end`` end in the head of a class (社会 团体, 管理 机构)."""
    heads = (*lexicon.actor_heads, *lexicon.class_heads)
    phrase = ""
    for word, tag in tagged(text[end : end + 8]):
        if not tag.startswith(HEAD_PHRASE_TAGS) or word in VERB_HEADS or len(word) < 2:
            return False  # 经 (n to jieba) of 基金会经业务主管部门 is a preposition
        phrase += word
        if phrase.endswith(heads):
            return True
    return False


# Tags of the words between an actor and the class head it describes (法人 + 社会 团体).
HEAD_PHRASE_TAGS = ("n", "vn", "l", "j")


def _class_word_start(text: str, start: int, words: tuple[str, ...] = ACTOR_CLASS_WORDS) -> int:
    """``start`` moved left over a class word written right before it (各, 有关, 其他 …)."""
    for word in words:
        if text.endswith(word, 0, start):
            return start - len(word)
    return start


def _cut_char(text: str, start: int, before: list, n_taken: int) -> bool:
    """Whether the name's first word is one character cut from the words before it (微 of
    小微企业): a character stands before it in the same run and jieba did not join them."""
    _, word, tag = before[len(before) - n_taken]
    return (len(word) == 1 and word not in LEVEL_CHARS and tag != "h"
            and word not in NAME_ADJECTIVES  # 高 of 一批高能级企业 is no cut
            and start > 0
            and bool(CJK_RUN.match(text[start - 1])))  # h: a prefix (非 of 非居民企业) is no cut


# One-character adjectives that start a class (高能级企业, 大模型企业, 新单位); not 好 of 做好.
NAME_ADJECTIVES = ("高", "大", "小", "新", "老")
LEVEL_CHARS = "省市区县乡镇村"  # 报 | 区土地储备成本认定工作小组: a level word starts a name
