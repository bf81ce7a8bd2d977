"""Short references: a body the document names in full, written later by the tail of its name.

上海市人民代表大会常务委员会 is 常务委员会 two articles later; 上海市青浦区土地储备成本认定工作小组
is 工作小组.  A name's short forms are its tails in jieba's words (工作小组, 成本认定工作小组 …),
never one word alone (会议, 办公室 stand for many bodies) unless it is an organ of the lexicon
(主席团, 常务委员会 — also when jieba joins it to the word before: 人民代表大会常务委员会), and the
lexicon's short forms of an ending (``short_tails``: 人民代表大会 → 大会, 常务委员会 → 常委会).
A short form refers to the one body of the document that has it: a tail two of its bodies
share (委员会 when the document names two committees) refers to neither.  Never a short form:
a bare type of body (部门, 单位, 人民政府); a tail that ends with a class head (文物行政管理部门,
工作机构 name a kind of body wherever no place stands before them); one that starts with a
level or relative word (市民政局 is resolved by its place, not here).  Written after a class
word (各委员会, 有关专门委员会) it is a class, not this body; after a type of body (试点地区政府 +
办公厅) it is an organ of another body.
"""

from __future__ import annotations

from collections.abc import Iterable

from policysite.extract.hit import longest_first
from policysite.extract.lexicon import Lexicon
from policysite.extract.words import ends_word, starts_word, tagged

# Words of these part-of-speech tags never start a short form: conjunctions, prepositions,
# particles, verbs (和改革委员会, 的办公室).
NOT_FIRST_TAGS = ("c", "p", "u", "v", "d", "r", "m", "q")
# Bare types that stand for any body of their kind, never for one named before (the class
# heads — 部门, 单位, 机构 … — are kept out as endings, one-character types by length).
GENERIC = ("人民政府", "政府", "机关")


def short_forms(
    names: Iterable[str], lexicon: Lexicon, places: tuple[str, ...] = ()
) -> dict[str, str]:
    """``{short form: full name}`` for the bodies ``names`` (one document's, not classes),
    longest short form first (found before the tail inside it).  A tail several bodies share
    refers to the one of the document's own place (``places``, the most local first:
    上海市人民代表大会常务委员会 in a Shanghai document that also names 县人民代表大会常务委员会),
    else to none."""
    owners: dict[str, set[str]] = {}
    for name in names:
        for tail in _tails(name, lexicon):
            owners.setdefault(tail, set()).add(name)
    for tail, full in owners.items():  # 市级认定委员会 beside 土壤污染责任人认定委员会: a
        # level's one of the committee the document names in full, not another body
        at_level = {n for n in full if n.endswith(tail) and n[: -len(tail)] in lexicon.levels}
        if len(full - at_level) == 1:
            owners[tail] = full - at_level
    out = {}
    for tail, full in sorted(owners.items(), key=lambda o: (-len(o[0]), o[0])):
        for place in ("", *places):
            here = [n for n in full if n.startswith(place)]
            if len(here) == 1:
                out[tail] = here[0]
                break
    return out


def _tails(name: str, lexicon: Lexicon) -> set[str]:
    """The short forms ``name`` may be written as: its tails in jieba's words, and the organ a
    word of it ends with and what follows it; none of them a bare type, a class, a kind of
    department or a place."""
    words = tagged(name)
    out: set[str] = set()
    single = (*lexicon.organs, *(h for h in lexicon.named_heads if not h.endswith("公司")))
    for k in range(1, len(words)):
        if words[k][1] in NOT_FIRST_TAGS and words[k][0] not in lexicon.name_verbs:
            continue  # 和改革委员会; but 认定委员会 (a task inside a name)
        if k == len(words) - 1 and words[k][0] not in single:
            continue  # one word (会议, 办公室) stands for many bodies; an organ (主席团), or
            # the head of one body's name (联席会议, 委员会) when only one body has it, for one
        out.add("".join(w for w, _ in words[k:]))
    for k, (word, _) in enumerate(words):
        # an organ jieba joins to the word before: 人民代表大会常务委员会 (+ 主任会议)
        rest = "".join(w for w, _ in words[k + 1 :])
        out.update(o + rest for o in lexicon.organs if word.endswith(o) and o != word)
    out.update(short for full, short in lexicon.short_tails.items() if name.endswith(full)
               and starts_word(name, len(name) - len(full)))  # not 监督管理委员会 → 管委会
    blocked = (*lexicon.level_words, *lexicon.relative_prefixes, *lexicon.class_prefixes)
    kinds = tuple(t for t in out if _department_kind(t, lexicon))  # and the tails inside them
    return {
        t for t in out
        if len(t) >= 2
        and not t.startswith(blocked)
        and t not in GENERIC
        and not t.endswith(lexicon.class_heads)  # 文物行政管理部门, 工作机构: a kind of body
        and not any(k.endswith(t) for k in kinds)  # 生态环境局, 资源局 of 规划资源局
        and t not in lexicon.actor_heads
        and t not in lexicon.not_bodies
    }


def _department_kind(tail: str, lexicon: Lexicon) -> bool:
    """Whether ``tail`` is a stem and a type with no level (生态环境局, 规划资源局): a document
    covering two levels (市、区生态环境局) writes the bare kind for the one of either level."""
    kind = next((t for t in longest_first(tuple(lexicon.types))
                 if tail.endswith(t) and len(tail) > len(t)), None)
    if kind is None:
        return False
    rest = tail[: -len(kind)]
    stems = longest_first(tuple(lexicon.stems))
    while rest:
        stem = next((s for s in stems if rest.startswith(s)), None)
        if stem is None:
            return False
        rest = rest[len(stem):].lstrip("和")
    return True


def occurrences(text: str, short: str, lexicon: Lexicon) -> list[int]:
    """Where ``short`` is written in ``text`` as a word of its own, not after a class word or
    another body's type."""
    out, pos = [], text.find(short)
    types = longest_first(tuple(lexicon.types))  # after 试点地区政府, 办公厅 is that body's
    while pos != -1:
        end = pos + len(short)
        if (starts_word(text, pos) and ends_word(text, end)
                and not text.endswith(lexicon.class_prefixes, 0, pos)
                and not text.endswith(types, 0, pos)):
            out.append(pos)
        pos = text.find(short, end)
    return out
