"""Bodies named by a pronoun in letters and replies: 我局, 本委 stand for the issuer; 你局, 贵委,
你区 for the addressee (主送).

A pronoun stands for a body only when exactly one issuer (or addressee) fits the word after it:
我局 needs one issuer whose name ends in 局, 你区 one addressee that is a district government.
Places take only the addressee's pronouns (你区, 贵市): 本市 and 我区 name the place, not a
body.  The words are in ``data/lexicon/bodies.yml`` (``pronouns``).  A bureau's own document
also writes its type bare for itself (报局审核, 局规划发展处: :func:`bare_occurrences`).

>>> from policysite.extract.hit import Hit
>>> from policysite.extract.lexicon import Lexicon
>>> lex = Lexicon(pronoun_persons={"self": ("我", "本"), "addressee": ("你", "贵")},
...     pronoun_bodies={"局": ("局",)}, pronoun_places={"区": ("区人民政府",)})
>>> issuer = Hit("body", "上海市规划和自然资源局", 0, 11)
>>> addressee = Hit("body", "上海市宝山区人民政府", 0, 5)
>>> found = referents([issuer], [addressee], lex)
>>> sorted(found)
['你区', '我局', '本局', '贵区']
>>> [(start, hit.name) for start, _, hit in occurrences("你区的任务由我局核定。", found, lex)]
[(0, '上海市宝山区人民政府'), (6, '上海市规划和自然资源局')]
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace

from policysite.chars import CJK
from policysite.extract.hit import Hit, alternation
from policysite.extract.lexicon import Lexicon
from policysite.extract.words import ends_word, starts_word, tagged


def referents(
    issuers: Iterable[Hit], addressees: Iterable[Hit], lexicon: Lexicon
) -> dict[str, Hit]:
    """``{pronoun as written: the body it stands for}`` (我局 → the issuing 局)."""
    out: dict[str, Hit] = {}
    persons = (
        ("self", list(issuers), lexicon.pronoun_bodies),
        ("addressee", list(addressees), {**lexicon.pronoun_bodies, **lexicon.pronoun_places}),
    )
    for person, bodies, words in persons:
        for word, endings in words.items():
            body = _the_one(bodies, endings)
            if body is None:
                continue  # none, or two issuers that fit: 我局 is ambiguous
            for pronoun in lexicon.pronoun_persons.get(person, ()):
                out[pronoun + word] = body
    return out


def _the_one(bodies: Iterable[Hit], endings: str | tuple[str, ...]) -> Hit | None:
    """The one body (not a class) whose name ends with ``endings``; None for none or two."""
    fitting = {h.name: h for h in bodies if not h.is_class and h.name.endswith(endings)}
    return next(iter(fitting.values())) if len(fitting) == 1 else None


def occurrences(
    text: str, found: Mapping[str, Hit], lexicon: Lexicon
) -> list[tuple[int, int, Hit]]:
    """Where a pronoun of ``found`` is written in ``text``, with its body: not before a character
    that makes the last one part of another word (本局面 is not 本局)."""
    if not found:
        return []
    out = []
    for m in _pattern(tuple(found)).finditer(text):
        word = m.group()
        after = text[m.end() : m.end() + 1]
        if after and after in lexicon.type_not_before.get(word[-1], ()):
            continue
        out.append((m.start(), m.end(), found[word]))
    return out


@functools.lru_cache(maxsize=64)
def _pattern(words: tuple[str, ...]) -> re.Pattern:
    """The regex of a document's pronouns, built once for all its paragraphs."""
    return re.compile(alternation(words))


# Types an issuing bureau, commission or department writes bare for itself: 报局审核, 由局规划
# 发展处汇总 (a bureau's own document).  Before 各, 属 or 相关 the word names the bureau's units
# (局属各单位, 局相关处室).
BARE_SELF = ("局", "委", "厅")
BARE_NOT_BEFORE = ("各", "属", "长", "相关", "有关", "机关")
# A division of the bureau written after the bare word: 局 + 规划发展处, 局 + 办公室.
DIVISION = re.compile(f"[{CJK}]{{0,12}}?(?:办公室|处|室)")


def bare_self(issuers: Iterable[Hit], level: str | None = None) -> dict[str, Hit]:
    """``{bare type: the issuer}`` when exactly one issuer's name ends with that type
    (上海市绿化和市容管理局 → 局); with the issuer's ``level`` (市, 区, 省) the type written after
    it too, for a bureau or department (市局, 省厅: 上海市市场监督管理局 in its own document; not
    市委, the city's party committee)."""
    issuers = list(issuers)
    out = {word: body for word in BARE_SELF if (body := _the_one(issuers, word)) is not None}
    if level:
        out.update({level + word: body for word, body in list(out.items())
                    if word in LEVEL_SELF and body.name.endswith(word)})
    return out


# Bare types written after the issuer's level for itself (市局, 区局, 省厅).
LEVEL_SELF = ("局", "厅")


def bare_occurrences(
    text: str, found: Mapping[str, Hit], lexicon: Lexicon
) -> list[tuple[int, int, Hit]]:
    """Where a bare type of ``found`` is a word of its own (报 | 局 | 审核, not 布局 or 局面),
    with the issuer; followed by a division (局规划发展处) the span is the division of it."""
    out = []
    for word, body in found.items():
        pos = text.find(word)
        while pos != -1:
            end = pos + len(word)
            after = text[end : end + 1]
            if (starts_word(text, pos) and ends_word(text, end) and not _named_before(text, pos)
                    and after not in lexicon.type_not_before.get(word[-1], ())
                    and not text.startswith(BARE_NOT_BEFORE, end)):
                division = DIVISION.match(text, end)
                if division and division.end() > end + 1 and _division_ends(
                        text, division.end(), lexicon):
                    name = body.name + text[end : division.end()]
                    out.append((pos, division.end(), replace(body, name=name, found="shape")))
                    out.extend(_listed_divisions(text, division.end(), body, lexicon))
                else:
                    out.append((pos, end, body))
            pos = text.find(word, end)
    return out


# Tags of a word that names the body a bare type ends (环保市容 + 局: another bureau, not the
# issuer): nouns, verbal nouns, abbreviations.
NAMING_TAGS = ("n", "vn", "j")


def _named_before(text: str, pos: int) -> bool:
    """Whether the word right before ``pos`` names a body with the type after it (环保市容局), so
    the type is no bare self-reference (报 | 局 | 审核)."""
    if pos == 0 or not re.match(f"[{CJK}]", text[pos - 1]):
        return False
    window = max(0, pos - 4)
    at, last = window, None
    for word, tag in tagged(text[window : pos + 1]):  # with the type: 监理 | 由 | 局, not 理由
        if at + len(word) == pos:
            last = (word, tag)
        at += len(word)
    # a one-character word is a verb or preposition jieba tags as a noun (报, 经); a word ending in
    # one of GOVERNING_CHARS is jieba's cut across it (监理 | 由 | 局 cut as 监 | 理由 | 局)
    return (last is not None and len(last[0]) > 1 and last[1].startswith(NAMING_TAGS)
            and not last[0].endswith(GOVERNING_CHARS))


# Characters that govern a body written after them (由局委派, 经局同意), whatever word jieba
# makes of them with the character before.
GOVERNING_CHARS = tuple("由经报向对交送请")


# More divisions of the same bureau listed after one: 局财务处会同规划发展处、监察室.
LISTED_DIVISION = re.compile(f"(?:、|和|及|与|会同)(?P<division>[{CJK}]{{1,12}}?(?:办公室|处|室))")


def _listed_divisions(
    text: str, pos: int, body: Hit, lexicon: Lexicon
) -> list[tuple[int, int, Hit]]:
    """The divisions listed right after a division of ``body`` (the bureau): each is its too."""
    out = []
    while (m := LISTED_DIVISION.match(text, pos)) and _division_ends(text, m.end(), lexicon) and (
            not m.group("division").startswith(BARE_SELF)):  # 和 | 局法规处: its own
        name = body.name + m.group("division")
        out.append((m.start("division"), m.end(), replace(body, name=name, found="shape")))
        pos = m.end()
    return out


def _division_ends(text: str, end: int, lexicon: Lexicon) -> bool:
    """Whether a division's name ends at ``end``: a word ends there, and 处 is no verb's first
    character (处理, 处置)."""
    return ends_word(text, end) and text[end : end + 1] not in lexicon.type_not_before.get("处", ())


# A body that sets up an office: 工作专班下设办公室, 联席会议（以下简称“区联席会议”），下设办公室.
SETS_UP_OFFICE = re.compile("下设(?:一个)?办公室")
OFFICE = "办公室"
SENTENCE_ENDS = "。；;！？"
# All that may stand between the body and its 下设办公室: an aside (（以下简称“区联席会议”）) and a
# comma — another word is another subject (区建管委，领导小组下设办公室).
ASIDE = re.compile("[（(][^）)]*[）)]")
GAP_MARKS = "，, "


def office_of(
    fields: Iterable[tuple[str, Iterable[Hit]]], defined: Mapping[str, Hit]
) -> Hit | None:
    """The office of the one body a document says sets one up (X下设办公室): the nearest body
    named before 下设 in its sentence (the full name of a short form ``defined`` there).  None
    when no body, or two, set up an office."""
    setters: dict[str, Hit] = {}
    for text, hits in fields:
        for m in SETS_UP_OFFICE.finditer(text):
            short = next((s for s in defined if text.endswith(s, 0, m.start())), None)
            if short is not None:  # 领导小组 + 下设办公室: the short form a definition named
                setters[defined[short].name] = defined[short]
                continue
            sentence = max(text.rfind(c, 0, m.start()) for c in SENTENCE_ENDS) + 1
            before = [h for h in hits if h.kind == "body" and not h.is_class
                      and sentence <= h.start and h.end <= m.start()
                      and not ASIDE.sub("", text[h.end : m.start()]).strip(GAP_MARKS)]
            if before:
                body = max(before, key=lambda h: h.end)
                body = defined.get(text[body.start : body.end], body)
                setters[body.name] = body
    if len(setters) != 1:
        return None
    (body,) = setters.values()
    return replace(body, name=body.name + OFFICE, found="shape", alias=None, is_class=False)


def office_occurrences(text: str, office: Hit) -> list[tuple[int, int, Hit]]:
    """Where 办公室 is written as a word of its own (由 | 办公室 | 整理; 联席会议（办公室）), the
    office the document's body set up."""
    out = []
    pos = text.find(OFFICE)
    while pos != -1:
        end = pos + len(OFFICE)
        if not text.startswith("下设", pos - 2) and starts_word(text, pos) and ends_word(text, end):
            out.append((pos, end, office))
        pos = text.find(OFFICE, end)
    return out
