"""The role of each body in its clause, and the modal strength of every mention's sentence.

Rules and word lists are in ``data/lexicon/roles.yml``.  In order, for each group of
coordinated bodies:

1. an explicit marker （牵头单位：…；配合单位：…）, a paragraph that is only a 、 list of bodies
   (a task table's unit cell: they lead), 在 X 的指导下 / 接受 X 的监督 (X oversees);
2. a word right before: 对 → target, 由 → lead, 向/经 → oversight, 会同 → support;
3. the first role word after, in the same clause: 负责/要/会同/委托 → lead, 配合 → support,
   指导/监督 → oversight (a subject, a comma, then its duty: the next clause's word);
4. a verb right before: 支持 X → target;
5. else mention.

>>> from policysite.extract import bodies
>>> from policysite.build import read_lexicon
>>> lex = read_lexicon("data/lexicon").compiled
>>> text = "加强区政府对乡镇政府经常性指导和监督。"
>>> [(h.name, h.role) for h in find(text, lex, bodies.find(text, lex))]
[('区政府', 'oversight'), ('乡镇政府', 'target')]
"""

from __future__ import annotations

import re
from dataclasses import replace

from policysite.extract.bodies import JOINS as BODY_JOINS
from policysite.extract.hit import Hit, longest_first
from policysite.extract.lexicon import Lexicon
from policysite.extract.marks import (
    CLAUSE_STOPS,
    MARKER_SEPARATORS,
    RPAREN,
    SENTENCE_STOPS,
    cls,
)
from policysite.extract.rules import Rules
from policysite.extract.words import tagged
from policysite.model import MODALS
from policysite.text import sentence

# Stands in for a masked character (a body, mechanism or term inside a clause being read).
MASK = "\x00"
# Where the bodies after a marker label end: （牵头单位：…；配合单位：…）
MARKER_END_RE = re.compile(cls(MARKER_SEPARATORS + RPAREN + SENTENCE_STOPS))


def find(text: str, rules: Rules, hits: tuple[Hit, ...] = ()) -> tuple[Hit, ...]:
    """Give every body in ``hits`` a role and every hit the modal of its sentence."""
    if not hits:
        return ()
    lexicon = rules.lexicon
    explicit = _explicit_roles(text, rules)
    masked = _masked(text, hits)
    roles: dict[int, str] = {}
    listed = _unit_list(masked, hits)
    for members in _groups(text, hits):
        role = "lead" if listed else _inferred(text, masked, members, rules)
        for member in members:
            roles[id(member)] = _explicit_at(explicit, member) or role
    out = []
    for hit in hits:
        modal = modal_of(sentence_at(text, hit.start), lexicon)
        out.append(
            replace(hit, role=roles.get(id(hit)) if hit.kind == "body" else None, modal=modal)
        )
    return tuple(out)


# What stands between the bodies of a list of units (a task table's 推进单位 cell): 、 and spaces.
UNIT_LIST_RE = re.compile(f"[{MASK}、 ]+")


def _unit_list(masked: str, hits: tuple[Hit, ...]) -> bool:
    """Whether the text is nothing but bodies in a 、 list (区规划资源局、区商务委、大宁集团): the
    units a task table charges with the task on its row, who lead it. One body alone is a
    signature, bodies without 、 a joint one."""
    bodies = [h for h in hits if h.kind == "body"]
    return (len(bodies) > 1 and len(hits) == len(bodies) and "、" in masked
            and UNIT_LIST_RE.fullmatch(masked.strip()) is not None)


# Words joining coordinated bodies (they share a role): the body rules' joiners, 或者, and nothing.
JOINS = (*BODY_JOINS, "或者", "")


def _groups(text: str, hits: tuple[Hit, ...]) -> list[list[Hit]]:
    """The bodies of ``hits`` by coordinated group: the groups the body rules numbered, and each
    body no rule grouped (``group`` -1: classes found by their shape) with the body right before
    it when only a joiner stands between (施工单位、监理单位; 国家机关、社会团体), else alone
    (建设单位应当委托 | 监理单位: the subject and the object are two groups)."""
    bodies = sorted((h for h in hits if h.kind == "body"), key=lambda h: h.start)
    numbered: dict[int, list[Hit]] = {}
    alone: list[list[Hit]] = []
    previous: Hit | None = None
    current: list[Hit] | None = None  # the group the body before went to
    for hit in bodies:
        if hit.group >= 0:
            current = numbered.setdefault(hit.group, [])
        elif not (previous is not None and current is not None
                  and text[previous.end : hit.start] in JOINS):
            current = []
            alone.append(current)
        current.append(hit)  # 国家机关、社会团体…: an ungrouped class joins the group before it
        previous = hit
    return [numbered[g] for g in sorted(numbered)] + [group for group in alone if group]


def modal_of(sentence: str, lexicon: Lexicon) -> str | None:
    """The strongest modal word of ``sentence`` (order of :data:`policysite.model.MODALS`).

    >>> from policysite.build import read_lexicon
    >>> modal_of("各区要结合实际，不得对乡镇设置“一票否决”事项", read_lexicon("data/lexicon"))
    '要'
    """
    for word in longest_first(lexicon.not_modal):
        sentence = sentence.replace(word, MASK * len(word))
    for modal in MODALS:
        if any(s in sentence for s in lexicon.modals.get(modal, (modal,))):
            return modal
    return None


def sentence_at(text: str, pos: int) -> str:
    """The sentence of ``text`` around ``pos`` (split at 。；！？), with its stop."""
    return sentence(text, pos)


def _explicit_roles(text: str, rules: Rules) -> list[tuple[int, int, str]]:
    """Spans after a marker label （牵头单位：…；配合单位：…）, with the label's role."""
    lexicon = rules.lexicon
    if not lexicon.role_markers:
        return []
    spans = []
    for m in rules.role_labels.finditer(text):
        end = MARKER_END_RE.search(text, m.end())
        spans.append(
            (m.end(), end.start() if end else len(text), lexicon.role_markers[m.group("label")])
        )
    return spans


def _explicit_at(spans: list[tuple[int, int, str]], hit: Hit) -> str | None:
    return next((role for start, end, role in spans if start <= hit.start < end), None)


def _masked(text: str, hits: tuple[Hit, ...]) -> str:
    """``text`` with bodies, mechanisms, terms and citations blanked: their words are not verbs."""
    chars = list(text)
    for hit in hits:
        for i in range(hit.start, hit.end):
            chars[i] = MASK
    return "".join(chars)


def _inferred(text: str, masked: str, members: list[Hit], rules: Rules) -> str:
    lexicon = rules.lexicon
    first = min(members, key=lambda h: h.start)
    last = max(members, key=lambda h: h.end)
    clause_start = max(text.rfind(c, 0, first.start) for c in CLAUSE_STOPS) + 1
    before = text[clause_start : first.start]
    after = _clause_after(masked, last.end, lexicon)
    tail = rules.list_tail.match(text, last.end)  # 国家机关、个体工商户等单位 | ，应当…
    comma_at = tail.end() if tail and after == tail.group() else last.end
    if not before.strip() and after in ("", text[last.end : comma_at]) and text.startswith(
            SUBJECT_COMMAS, comma_at):
        # 供水、供电、有线电视等单位，应当依法承担…: the subject, a comma, then its duty — after
        # an adverbial clause if one stands between (…机构，在上级…的领导下，负责…)
        following = _clause_after(masked, comma_at + 1, lexicon)
        if lexicon.adverbials and following.startswith(lexicon.adverbials):
            next_comma = min((i for i in (masked.find(c, comma_at + 1) for c in SUBJECT_COMMAS)
                              if i != -1), default=-1)
            if next_comma != -1:
                following = _clause_after(masked, next_comma + 1, lexicon)
        if following.startswith(rules.role_words):
            after = following
    before_masked = masked[clause_start : first.start]
    if rules.overseeing.match(after) and lexicon.overseen_in and OTHER_BODIES.sub(
            "", before_masked).endswith(lexicon.overseen_in):
        return "oversight"  # 在 X(、Y或者Z) 的指导下, 接受 X 的监督: X oversees
    role = None if after.startswith(("的", "自身")) else _first_role_word(after, rules)
    joined = LISTED_BEFORE.search(before_masked)
    if joined and MASK in joined.group():
        # 向 X 或者 | Y 申请复议: a group after other bodies and a joiner shares their word
        before = before[: joined.start()]
    for said, words in lexicon.before.items():
        if any(before.endswith(w) for w in words):
            # 由 X 责令改正, 由 X 处…罚款: the body that enforces oversees (由 names who acts;
            # the act says how)
            if before.endswith("由") and (role == "oversight" or any(
                    w in after or w in before for w in lexicon.sanctions)):
                return "oversight"
            return said
    acted_upon = any(before.endswith(w) for w in lexicon.acted_upon)
    if role == "oversight" and acted_upon and "对" not in after:
        return "target"  # 强化乡镇政府监督管理: the body is the one overseen
    opened = masked.rfind("对", clause_start, first.start)
    if (opened != -1 and MASK not in masked[opened : first.start]
            and not after.startswith(("、", "和", "及"))
            and (role or _first_role_word(after, rules)) == "oversight"):
        return "target"  # 对 | 本行业的企业 | 的职业教育工作进行管理、指导: inside what is overseen
    if role:
        return role
    if acted_upon:
        return "target"
    if (not before.strip() and after.strip(MASK + " ") and not after.startswith(NOT_SUBJECT)
            and not _noun_after(text, last.end)):
        return "lead"  # 各街镇对辖区内的文物每月巡查: the clause's subject acts
    return "mention"


# Bodies (masked) and joiners written between 在 and the group: 在 X 或者 | Y 的指导下.
# The same, ending in a joiner (向 X 或者 | Y), not a name the group is inside
# (向 | 本级人大报告制度).
JOINER_WORDS = "|".join(
    map(re.escape, longest_first(tuple(j for j in JOINS if j not in ("", "等"))))
)
OTHER_BODIES = re.compile(f"(?:[{MASK}]|{JOINER_WORDS})+$")
LISTED_BEFORE = re.compile(f"(?:[{MASK}]|{JOINER_WORDS})*(?:{JOINER_WORDS})$")

# A comma between a clause-initial subject and its verb.
SUBJECT_COMMAS = ("，", ",")


def _noun_after(text: str, pos: int) -> bool:
    """Whether the word right after ``pos`` is a noun (业主大会 + 会议, 总公司 + 法定代表人: the
    body describes the noun, it is no subject)."""
    words = tagged(text[pos : pos + 6])
    return bool(words) and words[0][1].startswith("n")


# What right after a body at a clause's start makes it no subject: 的 (饭店的法定代表人), a joiner
# to a word that is no body (单位和个人), a bracket, a place or scope word (档案馆中).
NOT_SUBJECT = ("的", "自身", "和", "与", "及", "或", "、", "等", "之", "（", "(", "中", "内", "外",
               "以外", "以上", "以下", "所", "：", ":")


def _clause_after(masked: str, pos: int, lexicon: Lexicon) -> str:
    end = len(masked)
    for stop in CLAUSE_STOPS:
        i = masked.find(stop, pos)
        if i != -1:
            end = min(end, i)
    after = masked[pos:end]
    for word in lexicon.clause_breaks:
        i = after.find(word)
        if i > 0:
            after = after[:i]
    for word in longest_first(lexicon.not_modal):
        after = after.replace(word, MASK * len(word))
    return after


def _first_role_word(after: str, rules: Rules) -> str | None:
    """The role of the first role word of ``after``; a modal of a duty (应当, 要:
    ``Rules.duty_modal_words``) gives way to the role word written right after it and the adverbs
    of ``predicate_adverbs``, the clause's verb (应当审核, 应当依法审查 → oversight)."""
    lexicon = rules.lexicon
    found = sorted((after.find(word), -len(word), word, role)
                   for role, words in lexicon.after.items() for word in words
                   if word in after)
    if not found:
        return None
    at, length, word, role = found[0]
    modal_words = rules.duty_modal_words
    if word in modal_words:
        pos = at - length
        while adverb := next((a for a in lexicon.predicate_adverbs
                              if after.startswith(a, pos)), None):
            pos += len(adverb)
        verb = next((f for f in found[1:] if f[2] not in modal_words and f[0] == pos), None)
        if verb is not None:
            return verb[3]
    later = [f for f in found[1:] if f[0] > at]
    if (role == "lead" and word in CARRIERS  # 负责…的日常监督: a duty whose work is oversight
            and any(f[3] == "oversight" for f in later)
            and not any(f[3] == "lead" and f[2] not in modal_words and f[2] not in CARRIERS
                        for f in later)):
        return "oversight"
    return role


# Lead words that carry a duty whose kind the words after them say (负责审核 → oversight).
CARRIERS = ("负责", "承担")


