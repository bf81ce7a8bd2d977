"""Mechanisms and institutions (机制/制度/体系/清单/办法/程序/…制).

A mechanism is the phrase that ends in a suffix of ``data/lexicon/mechanisms.yml``.  Its left edge
is the nearest punctuation mark, left-edge word (建立健全, 的 …) or start of text.  A body at the
front is the owner and is split off; a list shares a holder word written once at its front.

>>> from policysite.extract import bodies
>>> from policysite.build import read_lexicon
>>> lex = read_lexicon("data/lexicon").compiled
>>> text = "建立科学化、差别化的乡镇政府服务绩效考核评价体系"
>>> [(h.name, h.owner) for h in find(text, lex, bodies.find(text, lex)) if h.kind == "mechanism"]
[('绩效考核评价体系', '乡镇政府')]
>>> [h.name for h in find("推行乡镇干部岗位责任制、服务承诺制、业绩评议制、失职追究制", lex)]
['岗位责任制', '服务承诺制', '业绩评议制', '失职追究制']
"""

from __future__ import annotations

import re
from dataclasses import replace

from policysite.chars import CJK, COLONS, COMMAS
from policysite.extract.hit import Hit, inside, longest_first
from policysite.extract.lexicon import Lexicon
from policysite.extract.marks import COORDINATORS
from policysite.extract.rules import Rules
from policysite.extract.words import boundaries, ends_word, starts_word, tagged

CJK_RE = re.compile(f"[{CJK}]")
# 本办法, 本实施办法, 本条例: the document itself, not a mechanism it sets up.
SELF_REFERENCE = re.compile(
    "^本(?:实施|管理|暂行|实施细则|规章)?(?:办法|条例|意见|规定|细则|方案|通知|决定|规则|制度|规范|准则"
    "|行动计划|计划|指引|导则|清单|目录)$"
)

# A name ending in a self-reference (比照本办法, 参照本规定) is the document with a verb before it.
SELF_TAIL = re.compile("本(?:实施|管理|暂行)?(?:办法|条例|意见|规定|细则|方案|规则)$")


def find(text: str, rules: Rules, hits: tuple[Hit, ...] = ()) -> tuple[Hit, ...]:
    """Add the mechanisms of ``text`` to ``hits`` (bodies must already be in ``hits``)."""
    lexicon = rules.lexicon
    if not lexicon.mechanism_suffixes:
        return tuple(hits)
    suffix_re = rules.mechanism_suffix
    found: list[Hit] = []
    pos = 0
    while True:
        m = suffix_re.search(text, pos)
        if not m:
            break
        end = _suffix_end(text, m, suffix_re)
        pos = end
        if inside(hits, m.start(), end, "citation") or inside(hits, m.start(), end, "term"):
            continue
        if any(text.startswith(word, end) for word in lexicon.not_before):
            continue
        if not ends_word(text, end, after=3):
            continue  # 社会团体制 of 社会团体制定: the suffix is inside a word
        start = _word_start(text, _left_edge(text, m.start(), lexicon), m.start(), end, lexicon)
        start = _list_start(text, start, m.start(), lexicon)
        start = _quoted_start(text, start)
        start = _formula_start(text, start)
        start = _after_lead_verbs(text, start, m.start(), lexicon)
        start = _after_handing_verb(text, start, m.start(), end, lexicon)
        start = _after_particle(text, start, m.start())
        start = _after_modal(text, start, m.start())
        start = _after_quantity(text, start, m.start())
        start = _after_body(text, start, m.start(), hits, lexicon)
        if any(h.kind == "body" and h.start <= start and end <= h.end for h in hits):
            continue  # inside a body's name
        if any(h.kind == "body" and h.start < end and m.start() < h.end
               and not (start <= h.start and h.end <= end) for h in hits):
            continue  # the suffix is part of a body's name: 档案 of 市档案行政管理部门
        if any(h.kind == "body" and h.end == end and h.start <= m.start() for h in hits):
            continue  # 报 | 区联席会议: the suffix ends a body's name, the words before are not
        hit = _named(text, start, end, lexicon, hits)
        if hit is not None and _standard_title(text, hit, lexicon):
            continue
        if hit is not None and (not hit.name.endswith(lexicon.joined_suffixes)
                                or _joined_to(text, found, hit.start, lexicon)):
            found.append(hit)
    found.extend(_systems(text, found, hits))
    found = _share_owner(text, _share_prefix(text, found, lexicon), lexicon)
    kept = tuple(h for h in hits if not _absorbed(h, found))
    return kept + tuple(found)


# Marks between the items of a list or clause, never a name's first character.
SEPARATORS = COORDINATORS + COMMAS + "；;" + COLONS


def _after_body(text: str, start: int, suffix_start: int, hits: tuple[Hit, ...],
                lexicon: Lexicon) -> int:
    """``start`` moved to the end of a body it falls in or at, and past the verbs written after it:
    a name never starts inside a body's name nor holds the body's verb (区生态环境主管部门责令
    限期移交危险废物管理台账 → 危险废物管理台账; 各单位 | 做好 | 应急预案)."""
    body = next((h for h in hits if h.kind == "body" and h.start <= start <= h.end
                 and h.end < suffix_start), None)
    if body is None or not (_verb_at(text, body.end, suffix_start)
                            or text.startswith(lexicon.lead_verbs, body.end)):
        return start  # 本地区政府 | 网站集约化…办法: the name goes on, no verb after the body
    if body.start == start and body.is_class and body.found == "shape":
        return start  # 企业收入分配制度, 产业园区平台公司认定机制: a kind of body names it
    after = _word_start(text, _left_edge(text, suffix_start, lexicon), suffix_start,
                        suffix_start, lexicon)
    start = max(body.end, after)
    while True:  # the body's verbs: 单位 | 做好 | 应急预案, 基金管理机构 | 参加 | …协调机制
        start = _after_lead_verbs(text, start, suffix_start, lexicon)
        words = tagged(text[start:suffix_start])
        if len(words) < 2 or words[0][1] != "v":
            return start
        start += len(words[0][0])


def _verb_at(text: str, at: int, end: int) -> bool:
    """Whether the first word of ``text[at:end]`` is a verb (jieba's ``v``)."""
    words = tagged(text[at:end])
    return bool(words) and words[0][1] == "v"


def _standard_title(text: str, hit: Hit, lexicon: Lexicon) -> bool:
    """Whether ``hit`` is a norm's name alone on its line (``title_suffixes``): the title of a
    standard listed in a table (化妆品皮肤病评判技术规范 above DB31/T 1234—2023), not a mention."""
    return text.strip() == hit.name and hit.name.endswith(lexicon.title_suffixes)


def _joined_to(text: str, found: list[Hit], start: int, lexicon: Lexicon) -> bool:
    """Whether the mechanism found last ends right before ``start``, a joiner between
    (议事规则 + 和 + 决策程序)."""
    return bool(found) and text[found[-1].end : start] in (*lexicon.joiners, *COORDINATORS)


# A system named by a word and 制 that no suffix of the lexicon ends: a quoted word (全面推行居民
# 住宅“楼长”制), or a name right after a verb that adopts it and before a stop (实行财务监理制。).
QUOTED_SYSTEM = re.compile("“[^”“]{1,8}”制(?![度定订作造止约服衡])")
ADOPTED_SYSTEM = re.compile(
    f"(?:实行|推行|试行|推广)(?P<name>[{CJK}]{{2,8}}?制)(?=[，。；、,;）)]|$)")


def _systems(text: str, found: list[Hit], hits: tuple[Hit, ...]) -> list[Hit]:
    """The systems of ``text`` named by a word and 制 (see ``QUOTED_SYSTEM``) that no
    mechanism, body or citation found already covers."""
    out: list[Hit] = []
    spans = [(m.start(), m.end()) for m in QUOTED_SYSTEM.finditer(text)]
    spans += [(m.start("name"), m.end("name")) for m in ADOPTED_SYSTEM.finditer(text)
              if starts_word(text, m.end("name") - 1, m.end("name"))]  # not 可复制, 编制
    for start, end in spans:
        if any(h.start < end and start < h.end and h.kind != "term"
               for h in (*found, *hits, *out)):
            continue  # a quoted term inside it gives way (“楼长” of “楼长”制)
        if not starts_word(text, start) and text[start] != "“":
            continue
        out.append(Hit("mechanism", text[start:end], start, end, found="shape"))
    return out


def _after_lead_verbs(text: str, start: int, suffix_start: int, lexicon: Lexicon) -> int:
    """``start`` moved past the verbs that publish or adopt the mechanism written first
    (定期公布测绘成果资料目录 → 测绘成果资料目录; 以下简称预案 → 预案, a bare suffix: no name)."""
    verbs = longest_first(lexicon.lead_verbs)
    while True:
        verb = next((v for v in verbs if text.startswith(v, start)
                     and start + len(v) <= suffix_start
                     and start + len(v) in _bounds(text, start, suffix_start)
                     and not text.startswith(lexicon.lead_verbs_not_before.get(v, ()),
                                             start + len(v))), None)
        if verb is None:
            return start
        start += len(verb)


# The preposition before the one a mechanism is handed to (向社会公布名单).
TO = "向"
# Suffixes of systems: a system of handing over keeps 向 and its verb (向社会公示制度).
SYSTEM_ENDINGS = ("制度", "机制", "体制", "体系", "程序", "制")


def _after_handing_verb(text: str, start: int, suffix_start: int, end: int,
                        lexicon: Lexicon) -> int:
    """``start`` moved past 向 when the name is the one addressed (向 | 省级数据安全工作协调机制 |
    报告), or past 向, the one addressed and the verb of ``handing_verbs`` after them when a list,
    catalogue or rule is handed over (向社会公布 | 不诚信企业名单); unmoved for a system of handing
    over (重大决策出台前向本级人大报告制度, 向社会公示制度)."""
    if TO not in text[start:suffix_start]:
        return start
    bounds = _bounds(text, start, suffix_start)
    to = max((at for at in range(start, suffix_start) if text[at] == TO
              and at in bounds and at + 1 in bounds), default=None)
    if to is None:
        return start
    if text.startswith(lexicon.handing_verbs, end):
        return to + 1
    if text[start:end].endswith(SYSTEM_ENDINGS):
        return start
    ends = [at + len(v) for v in lexicon.handing_verbs
            for at in range(to + 1, suffix_start) if text.startswith(v, at)]
    return max(ends, default=start)


def _bounds(text: str, start: int, end: int) -> set[int]:
    return {start + b for b in boundaries(text[start:end])}


# Bodies that are meetings: with 制度 after them they name a system (联席会议制度).
MEETINGS = ("会议",)


def _absorbed(hit: Hit, mechanisms: list[Hit]) -> bool:
    """A class of bodies found by its shape inside a mechanism's name (企业 of
    企业收入分配制度), or a meeting at its front (…联席会议 of …联席会议制度), is part of that
    name, not a mention of its own."""
    if hit.kind != "body":
        return False
    inside = [m for m in mechanisms if m.start <= hit.start and hit.end <= m.end]
    return bool(inside) and ((hit.is_class and hit.found == "shape")
                             or (hit.name.endswith(MEETINGS) and any(
                                 m.start == hit.start and m.owner is None for m in inside)))


def _word_start(text: str, start: int, suffix_start: int, end: int, lexicon: Lexicon) -> int:
    """``start`` moved to a word boundary when it is inside a word (by jieba's segmentation of a
    few characters around it): left to the word's start (偿出让制度 → 有偿出让制度, 告制度 →
    报告制度), or right past it when the word is a left edge (者突发事件应急预案 of 或者…,
    下程序 of 以下程序)."""
    window = max(0, start - 4)
    if start == 0 or not CJK_RE.match(text, start - 1):
        return start
    bounds = sorted(boundaries(text[window:end]))
    at = start - window
    if at in bounds:
        return start
    before = max(b for b in bounds if b < at)
    after = min(b for b in bounds if b > at)
    word = text[window + before : window + after]
    cut = text[window + before : start]  # 建立 of 建立联系 (an edge of two characters or more)
    if (
        word in lexicon.left_edges
        or (len(cut) > 1 and cut in lexicon.left_edges)
        or window + after > suffix_start
        or not CJK_RE.match(word)
    ):
        return window + after  # 或者, 建立联系, or 按程序 (a word that runs into the suffix)
    return window + before


def _suffix_end(text: str, m: re.Match, suffix_re: re.Pattern) -> int:
    """Where the suffix run ends: 评议制 + 度 → 评议制度; 制度 + 机制 → 制度机制."""
    end = m.end()
    for k in range(m.start() + 1, m.end()):
        longer = suffix_re.match(text, k)
        if longer and longer.end() > end:
            end = longer.end()
    while (following := suffix_re.match(text, end)) is not None:
        end = following.end()
    return end


def _left_edge(text: str, suffix_start: int, lexicon: Lexicon, tasks: bool = True) -> int:
    """Walk left from the suffix over CJK characters until an edge (see module docstring);
    ``tasks``: a joiner after a task may join two tasks of the name (not in a list's items)."""
    start = suffix_start
    joined_max = lexicon.joined_max
    limit = max(0, suffix_start - lexicon.mechanism_max_length)
    edges = longest_first(lexicon.left_edges)
    window = max(0, limit - 4)
    bounds = {window + b for b in boundaries(text[window:suffix_start])}
    after_tasks: int | None = None
    while start > limit and CJK_RE.match(text, start - 1):
        edge = next(
            (e for e in edges if text.endswith(e, 0, start)
             and ((len(e) > 1 and (start in bounds or start == suffix_start)
                  and not (tasks and _inside_noun(text, start - len(e), start, suffix_start,
                                                  bounds, window, lexicon)))
                  or ((start - 1 in bounds or start - 1 == window) and start in bounds))
             and not text.startswith(lexicon.nominal_after, start)
             and not (e == "以" and MEANS_FOR_END.match(text, start))),
            None,
        )  # an edge ends a word (执行 of 被执行人 is none), not a noun's (结构调整); a
        # one-character edge is a word of its own: 为, not the 为 of 行为; 以评促改 is a
        # name's words (by the one, further the other), not 以 + a name
        if edge is not None:
            joined = (
                (suffix_start - start <= joined_max
                 or (tasks and _joins_tasks(text, start - len(edge), window)))
                and edge in lexicon.joiners
                and start > len(edge)
                and bool(CJK_RE.match(text, start - len(edge) - 1))  # not 》及移出清单
                and not _ends_with_suffix(text[: start - len(edge)], lexicon)
                and not _listed_document(text, start - len(edge), lexicon)
                and not _suffix_after_joiner(text, start, start - len(edge), lexicon)
            )
            if joined:
                if suffix_start - start > joined_max and after_tasks is None:
                    after_tasks = start  # where the name starts if the first task has no edge
                start -= len(edge)  # 制约和监督体系: the joiner is part of one name
                continue
            return start
        start -= 1
        if start > limit and not CJK_RE.match(text, start - 1):  # where the walk would stop
            start = _inner_span(text, start, limit, lexicon) or start
    if after_tasks is not None and start <= limit:
        return after_tasks  # 占用耕地补偿和 | 补充耕地质量验收等制度: too long to be one name
    return _shared_character(text, start, lexicon)


# Words after a number that make it a count or a date, no part of a name (1次, 5年, 3个月).
COUNT_WORDS = ("次", "年", "个月", "月", "号", "条", "款", "项", "倍", "%", "％")
# A bracketed part inside a name: 事故（事件）信息上报制度, 财务监理（审价）制度.
INNER_BRACKETS = re.compile(f"[（(](?!以下|下称|简称)[{CJK}、]{{1,6}}[）)]$")  # not (以下简称…)


def _inner_span(text: str, start: int, limit: int, lexicon: Lexicon) -> int | None:
    """Where the walk goes on when ``start`` follows what is no CJK character but is inside a
    name: a number (每日24小时值班制度, 24小时2人值班制度) or a short bracketed part
    (事故（事件）信息上报制度), written between CJK characters; None when there is none."""
    if start <= limit or start >= len(text) or not CJK_RE.match(text, start):
        return None
    at = start
    while at > limit and text[at - 1].isdigit() and text[at - 1].isascii():
        at -= 1
    if at < start and (text.startswith(COUNT_WORDS, start) or text.endswith(
            tuple(lexicon.left_edges), 0, at)):
        return None  # 修订 | 1次 | 职业院校专业目录: a count or a verb's number, not the name's
    if at == start:
        bracket = INNER_BRACKETS.search(text, max(limit, start - 8), start)
        at = bracket.start() if bracket else start
    if at < start and at > limit and CJK_RE.match(text, at - 1):
        return at
    return None


def _shared_character(text: str, start: int, lexicon: Lexicon) -> int:
    """A name written after one character and 、 that share its words (建、构筑物拆除工程信用评价
    体系: 建筑物 and 构筑物; 进、出数据台账): the name starts at that character."""
    if (start >= 2 and text[start - 1] == "、" and CJK_RE.match(text, start - 2)
            and (start == 2 or not CJK_RE.match(text, start - 3)
                 or (text.endswith(tuple(lexicon.left_edges), 0, start - 2)
                     and starts_word(text, start - 2, start - 1)))):
        return start - 2  # (not 求 of 技术规范要求、设置导则: a word's last character)
    return start


def _inside_noun(text: str, at: int, end: int, suffix_start: int, bounds: set[int],
                 window: int, lexicon: Lexicon) -> bool:
    """Whether the edge word at ``at`` (to ``end``) ends a jieba word whose part before it is a
    noun and the name goes on right after it (结构 | 调整 | 指导目录: 产业结构调整指导目录 is one
    name); not an edge's own word (全面 | 落实), nor before a joiner or a list (体制改革 |
    和育人机制); never in a list's items (技术规范 | 要求、设置导则)."""
    if (at in bounds or at <= window or text.startswith(tuple(lexicon.joiners), end)
            or "、" in text[end:suffix_start]):
        return False
    if text[at:end] in lexicon.class_prefixes:
        return False  # 国家 | 有关 | 专项维修资金制度: a determiner is an edge in any word
    word_start = max(b for b in bounds if b < at)
    before = tagged(text[word_start:at])
    return (bool(before) and before[-1][1].startswith("n")
            and text[word_start:at] not in lexicon.left_edges)


# 以 X 促/代/带 Y: a set phrase inside a name (以评促改闭环管理机制, 以奖代补制度).
MEANS_FOR_END = re.compile(f"[{CJK}]{{1,2}}[促代带保]")

# Tags of a task before a joiner: 信用奖励 | 和 | 联合惩戒机制 names one mechanism of two tasks.
TASK_TAGS = ("v", "vn")


def _joins_tasks(text: str, joiner_at: int, window: int) -> bool:
    """Whether the joiner at ``joiner_at`` joins two tasks of one mechanism (停车信用奖励和联合
    惩戒机制, 信用监督和失信惩戒制度): the word before it is a task, and it ends no list of 、
    (开发模式、收入分配和激励机制 lists three things)."""
    words = tagged(text[window:joiner_at])
    if not words or not words[-1][1].startswith(TASK_TAGS):
        return False
    return "、" not in text[max(window, joiner_at - ITEM_MAX) : joiner_at]


def _listed_document(text: str, end: int, lexicon: Lexicon) -> bool:
    """Whether a noun ending in a word of ``item_not_endings`` (法规, 表) ends at ``end``: 法律、
    法规 | 和 | 医疗技术规范 lists a law before the name, 资产负债表 | 和 | 财产目录 a statement;
    验证 | 和 | 换证制度 (a task) does not."""
    if not text.endswith(lexicon.item_not_endings, 0, end):
        return False
    words = tagged(text[max(0, end - 6) : end])
    return bool(words) and words[-1][1].startswith("n") and words[-1][0].endswith(
        lexicon.item_not_endings)


def _suffix_after_joiner(text: str, start: int, joiner_at: int, lexicon: Lexicon) -> bool:
    """Whether a suffix starts right after the joiner (权力清单和 | 责任清单 …): the joiner then
    splits two mechanisms, unless it joins two tasks before a suffix that starts with one
    (建设与 | 管理规范 is one name; 建设标准和 | 管理规范 is two)."""
    starting = [s for s in lexicon.mechanism_suffixes if text.startswith(s, start)]
    return bool(starting) and (not all(_task_first(s) for s in starting)
                               or not _task_before(text, joiner_at))


def _task_before(text: str, end: int) -> bool:
    """Whether the word ending at ``end`` is a task (建设 of 可视化建设与管理规范)."""
    words = tagged(text[max(0, end - 4) : end])
    return bool(words) and words[-1][1] in TASK_TAGS


def _task_first(suffix: str) -> bool:
    """Whether ``suffix`` starts with a task a joiner may join (管理 of 管理规范: 建设与管理规范 is
    one name); 技术规范, 行动计划 and the short suffixes do not (标准和 | 技术规范)."""
    words = tagged(suffix)
    return len(words) > 1 and words[0][1] in TASK_TAGS


# The suffixes a list's items share (案情通报、案件移送制度; 分级管理、挂牌督办等机制): systems and
# rules, which tasks name; never a plan, list or norm (规划部署、应急预案 names one 预案).
SHARED_SUFFIXES = ("制度", "机制", "体制", "体系", "程序", "制", "办法", "规则", "导则", "细则")
# Items of a list before a shared suffix: at most this many, each at most ITEM_MAX characters; a
# first item this long is a noun phrase when it holds a verbal or adjectival noun.
LONG_ITEM = 6
ITEMS_MAX = 6
ITEM_MAX = 8


def _list_start(text: str, start: int, suffix_start: int, lexicon: Lexicon) -> int:
    """Where a list sharing one suffix starts: 案情通报、案件移送制度 and 案件分级管理、应急处置、
    挂牌督办等机制 are one mechanism each (the items are not mechanisms on their own); ``start``
    when the name is not the last item of such a list."""
    etc = start == suffix_start and text.endswith("等", 0, start)  # X、Y等机制
    if not etc and not (text.endswith("、", 0, start) and start < suffix_start):
        return start  # not after 、, or a bare suffix after it (体制对接、机制对接)
    suffix = next((x for x in longest_first(lexicon.mechanism_suffixes)
                   if text.startswith(x, suffix_start)), "")
    if not suffix.endswith(SHARED_SUFFIXES):
        return start  # 规划部署、应急预案: a plan, a list or a norm is named by its own words
    item_end = start - 1
    first = None
    for _ in range(ITEMS_MAX):
        item_start = item_end
        while (item_start > 0 and CJK_RE.match(text, item_start - 1)
               and text[item_start - 1] != "、"):
            item_start -= 1
        edge = max(_left_edge(text, item_end, lexicon, tasks=False), item_start)
        item = text[edge:item_end]
        if len(item) < 2 or len(item) > ITEM_MAX or _ends_with_suffix(item, lexicon):
            break  # 岗位责任制、服务承诺制: mechanisms of their own
        first = edge
        if edge > item_start or not text.endswith("、", 0, item_start):
            break  # the list's first item, after its edge word (建立 | 案情通报)
        item_end = item_start - 1
    if first is None:
        return start
    first_end = text.find("、", first, start)
    nouns: tuple[str, ...] = ("n",)
    if first_end == -1:  # one item before 等: 最低生活保障等制度 (生活 a verbal noun)
        first_end, nouns = (start - 1 if etc else suffix_start), ("n", "vn")
    elif first_end - first >= LONG_ITEM:
        nouns = ("n", "vn", "an")  # 疏散通道安全出口 (出口 vn), not 安全、卫生制度 (two tasks)
    head = tagged(text[first:first_end])
    if head and not any(t.startswith(nouns) for _, t in head):
        return start  # 公开收集、使用规则: the list's first item is no noun phrase
    items = text[first:start].split("、")[:-1]
    if any((words := tagged(item)) and words[-1][1] == "a" for item in items):
        return start  # 职责分工清晰、日常运作顺畅、…考核机制: the items are clauses, not names
    if lexicon.item_not_endings and any(i.endswith(lexicon.item_not_endings) for i in items):
        return start  # 排污许可证、环境管理台账: a licence listed before it, no item of its name
    return first


QUOTED_MAX = 12
# Suffixes that are ordinary nouns too: the words before them must end in a noun.
NOUN_SUFFIXES = ("名单", "目录", "档案", "规约")


def _quoted_start(text: str, start: int) -> int:
    """A quoted slogan right before the name is part of it: “双随机、一公开”监管工作机制."""
    if start == 0 or text[start - 1] != "”":
        return start
    opened = text.rfind("“", max(0, start - 1 - QUOTED_MAX), start - 1)
    if opened == -1 or "”" in text[opened + 1 : start - 1]:
        return start
    return opened


# A formula written right before the name is part of it: 1+X证书制度.
FORMULA = re.compile(r"[0-9A-Za-z]{1,3}(?:[+＋][0-9A-Za-z]{1,3})+$")


def _formula_start(text: str, start: int) -> int:
    m = FORMULA.search(text, max(0, start - 12), start)
    return m.start() if m else start


# Aspect particles (存在着, 完成了): the name starts after the last one.
PARTICLES = ("着", "了", "过")


def _after_particle(text: str, start: int, suffix_start: int) -> int:
    """``start`` moved past the last aspect particle before the suffix (我国职业教育还存在着
    | 体系); jieba decides whether the character is a particle (not the 过 of 过渡期)."""
    pos = start
    for word, tag in tagged(text[start:suffix_start]):
        pos += len(word)
        if word in PARTICLES and tag.startswith("u"):
            start = pos
    return start


# A count before a name (六大类 | 重点任务清单, 三项 | 制度): how many, not which.
QUANTITY = re.compile("[一二三四五六七八九十两几多数0-9]+(?:大类|类|项|个|套|批)")


def _after_quantity(text: str, start: int, suffix_start: int) -> int:
    """``start`` moved past a count written at the start of the name (梳理形成六大类重点任务清单 →
    重点任务清单), when words remain before the suffix."""
    m = QUANTITY.match(text, start)
    return m.end() if m and m.end() < suffix_start else start


# Modals and the preposition after them (评审专家应从 | 权威专家库): a name never holds a modal.
MODAL_INSIDE = re.compile("(?:应当|必须|可以|不得|应|须)[从在按由向对以经]?")


def _after_modal(text: str, start: int, suffix_start: int) -> int:
    """``start`` moved past the last modal word between it and the suffix (by jieba's cut: not
    the 应 of 应急 or 响应)."""
    matches = list(MODAL_INSIDE.finditer(text, start, suffix_start))
    if not matches:
        return start
    cuts = {start + b for b in boundaries(text[start:suffix_start])}
    for m in reversed(matches):
        if m.start() in cuts and m.end() in cuts and m.end() < suffix_start:
            return m.end()
    return start


def _ends_with_suffix(head: str, lexicon: Lexicon) -> bool:
    return any(head.endswith(s) for s in lexicon.mechanism_suffixes)


def _named(text: str, start: int, end: int, lexicon: Lexicon, hits: tuple[Hit, ...]) -> Hit | None:
    """The mechanism ``text[start:end]``, its owner body split off; ``None`` for generic words."""
    owner = next((h for h in hits if h.kind == "body" and h.start == start and h.end < end), None)
    if owner is not None and owner.is_class and owner.found == "shape":
        owner = None  # 企业收入分配制度, 博物馆运行绩效评估体系: a kind of body names the mechanism
    if owner is not None and owner.name.endswith(MEETINGS) and text[owner.end : end] == "制度":
        owner = None  # 国务院职业教育工作部际联席会议制度: the meeting's system, not its owner
    if owner is not None:
        start = owner.end
        joiner = next((j for j in lexicon.owner_joiners if text.startswith(j, start)), None)
        if joiner and end - start - len(joiner) > 2:
            start += len(joiner)
        start = _after_lead_verbs(text, start, end, lexicon)  # 行政机关 + 公布 | 名单
        while start < end and text[start] in SEPARATORS:
            start += 1  # 乡、民族乡 + 、镇人民代表大会制度: no name starts with a list's mark
    if 0 < start < end and text[start] == "年" and text[start - 1].isdigit():
        start += 1  # 2021年城市体检指标体系
    counted = COUNTED.match(text, start, end)
    if counted:
        start = counted.end()  # 四项 | 工作制度: a count of mechanisms names none of them
    name = text[start:end]
    if _generic(name, lexicon):
        return None
    found = "general" if owner is None and _general(name, lexicon) else "shape"
    return Hit("mechanism", name, start, end, owner=owner.name if owner else None, found=found)


# A count before a name (四项工作制度, 两类名单): the name starts after it.
COUNTED = re.compile("[一二三四五六七八九十两几多]+[项类种个套批条]")

# Words between the items of a name, not words of it (信息共享和交换机制).
LIST_WORDS = frozenset(("、", "和", "与", "及", "或", "的", "以及", "或者"))


def _general(name: str, lexicon: Lexicon) -> bool:
    """Whether every word before the suffix is a word of any field's procedures (信息共享机制,
    监督检查制度): a kind of mechanism, not one institution (``general_words``)."""
    head, _ = _head_and_suffix(name, lexicon)
    words = [w for w, _ in tagged(head) if w not in LIST_WORDS]
    return bool(words) and all(_of_words(w, lexicon.general_words) for w in words)


def _of_words(word: str, vocabulary: frozenset[str]) -> bool:
    """Whether ``word`` is made of words of ``vocabulary`` (内部监督 = 内部 + 监督: jieba keeps
    some pairs of general words as one word)."""
    if word in vocabulary:
        return True
    return any(word[:i] in vocabulary and _of_words(word[i:], vocabulary)
               for i in range(1, len(word)))


def _head_and_suffix(name: str, lexicon: Lexicon) -> tuple[str, str]:
    """``name`` split before its longest suffix (信息共享 + 机制); the suffix is "" when none."""
    suffix = next((x for x in longest_first(lexicon.mechanism_suffixes) if name.endswith(x)), "")
    return name[: len(name) - len(suffix)], suffix


FORMER = "原"
# 具体 before a name: the measures some body is still to make (具体许可办法, 具体实施细则).
UNMADE = "具体"


def _generic(name: str, lexicon: Lexicon) -> bool:
    """A bare suffix, a word of the stoplist, a self-reference (本办法) or a generic word with a
    suffix (管理规则, 申请程序, 遴选机制: ``generic_heads``)."""
    if name in lexicon.known_mechanisms:
        return False
    if name in lexicon.mechanism_stoplist or name in lexicon.mechanism_suffixes:
        return True
    if SELF_REFERENCE.match(name) or SELF_TAIL.search(name):
        return True  # 本办法, and a verb glued on it: 比照本办法
    head, suffix = _head_and_suffix(name, lexicon)
    if head.endswith(lexicon.suffix_not_after.get(suffix, ())):
        return True  # 应用程序: software, not a procedure
    if suffix in lexicon.suffix_heads:  # 利用档案, 项目档案: the law's subject; 诚信档案 is one
        return not head.endswith(lexicon.suffix_heads[suffix])
    if suffix in NOUN_SUFFIXES and head and not _names_a_subject(tagged(head)):
        return True  # 发布名单: a list, a catalogue or a file is named by a noun before it
    former = head.removeprefix(FORMER) if head.startswith(FORMER) else None
    if former is not None and (not former or former in lexicon.generic_heads):
        return True  # 原申请程序, 原程序: the procedure followed before, named by a generic word
    if head in lexicon.generic_heads or head.endswith("规章"):
        return True  # 内部劳动保障规章制度: an organisation's own rules, not an institution
    if head.startswith(UNMADE):
        return True  # 具体登记办法: a measure still to be made, named by nothing of its own
    return len(name) < 3


def _names_a_subject(words: tuple[tuple[str, str], ...]) -> bool:
    """Whether the words before a noun suffix name what it lists: a noun (失信被执行人名单), a set
    phrase (产业结构调整目录) or two verbs that make a noun (集中采购目录), not a verb that
    hands it over (发布名单)."""
    tag = words[-1][1]
    return (tag.startswith("n") or tag == "l"
            or (tag == "v" and len(words) > 1 and words[-2][1] == "v"))


def _share_owner(text: str, found: list[Hit], lexicon: Lexicon) -> list[Hit]:
    """乡镇政府议事规则和决策程序: the owner written once owns both."""
    out = list(found)
    for i in range(1, len(out)):
        between = text[out[i - 1].end : out[i].start]
        if (
            out[i].owner is None
            and out[i - 1].owner
            and between in (*lexicon.joiners, *COORDINATORS)
        ):
            out[i] = replace(out[i], owner=out[i - 1].owner)
    return out


def _share_prefix(text: str, found: list[Hit], lexicon: Lexicon) -> list[Hit]:
    """乡镇干部岗位责任制、服务承诺制 → the holder 乡镇干部 is written once for the whole list."""
    out = list(found)
    for i, hit in enumerate(found):
        follows = i + 1 < len(found) and text[hit.end : found[i + 1].start] in COORDINATORS
        preceded = i > 0 and text[found[i - 1].end : hit.start] in COORDINATORS
        if not follows or preceded:
            continue
        prefix = next(
            (
                p
                for p in longest_first(lexicon.shared_prefixes)
                if hit.name.startswith(p) and len(hit.name) - len(p) >= 3
            ),
            None,
        )
        if prefix:
            out[i] = replace(hit, name=hit.name[len(prefix) :], start=hit.start + len(prefix))
    return out


__all__ = ["find"]
