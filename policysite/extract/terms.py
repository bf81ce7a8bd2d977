"""Terms worth a glossary entry: expressions in quotation marks — “三重一大”, “一票否决” — and
the terms a document defines (本办法所称应急抢险救灾工程，是指…).

The mention covers the expression without its quotation marks.  A quoted short form the text
introduces for a name (以下简称“认定委员会”) is an abbreviation of that name, not a term.

>>> from policysite.extract.lexicon import Lexicon
>>> [(h.name, h.start) for h in find("不得对乡镇设置“一票否决”事项", Lexicon().compiled)]
[('一票否决', 8)]
>>> [h.name for h in find("本办法所称土地储备成本，是指依法给予补偿的费用", Lexicon().compiled)]
['土地储备成本']
>>> [h.name for h in find("（二）修缮工程是指为保护文物所必需的维修", Lexicon().compiled)]
['修缮工程']
>>> [h.name for h in find("本规定所指的不可移动文物，是本区的文物保护单位", Lexicon().compiled)]
['不可移动文物']
>>> find("成立认定委员会（以下简称“认定委员会”）", Lexicon().compiled)
()
"""

from __future__ import annotations

import re

from policysite.chars import CJK
from policysite.extract.hit import Hit
from policysite.extract.marks import QUOTE_PAIRS
from policysite.extract.rules import Rules


def _quoted(opening: str, closing: str) -> re.Pattern:
    if opening == closing:  # the ASCII " pairs with itself: take the spans between pairs
        return re.compile(
            f"{re.escape(opening)}(?P<term>[^{re.escape(opening)}\\n]+){re.escape(closing)}"
        )
    return re.compile(
        f"{re.escape(opening)}(?P<term>[^{re.escape(opening + closing)}\\n]+)" + re.escape(closing)
    )


# One pattern per pair of quotation marks.
QUOTED = tuple(_quoted(opening, closing) for opening, closing in QUOTE_PAIRS.items())
# A quoted short form of a name: （以下简称“X”）, 下称“X”.
_SHORT_FORM_BEFORE = re.compile(r"(简称|以下称|下称)\s*$")
# A definition: 本办法所称(的)X，是指… / 本规定所称X是指… (the document's own word for itself).
DEFINED = re.compile(
    r"(?:本(?:实施)?(?:办法|规定|条例|意见|方案|细则|通知|决定|规则|准则|法)|前款|本条|本章)所(?:称|指)的?"
    r"(?P<term>[^，,。；;：:“”\s]{2,20}?)(?:[，,]?(?:主要)?(?:是指|指|包括)|[，,]是)"
)
# A paragraph or item that opens by defining a word: 修缮工程是指… / （一）迁移工程，是指…
OPENING_DEFINITION = re.compile(
    f"^(?:[（(]?[一二三四五六七八九十0-9]{{1,3}}[）).、．]\\s*)?(?P<term>[{CJK}]{{2,15}}?)[，,]?是指"
)


def find(text: str, rules: Rules, hits: tuple[Hit, ...] = ()) -> tuple[Hit, ...]:
    """Add the quoted terms of ``text`` to ``hits``."""
    lexicon = rules.lexicon
    found: list[Hit] = []
    for pattern in QUOTED:
        for m in pattern.finditer(text):
            term = m.group("term")
            if term.strip() != term or len(term) > lexicon.term_max_length:
                continue
            if term in lexicon.term_stoplist:
                continue
            if _SHORT_FORM_BEFORE.search(text, 0, m.start()):
                continue  # an abbreviation of the name before it (extract/bodies links it)
            found.append(Hit("term", term, m.start("term"), m.end("term"), found="shape"))
    for m in (*DEFINED.finditer(text), *OPENING_DEFINITION.finditer(text)):
        if not any(h.overlaps(m.start("term"), m.end("term")) for h in found):
            found.append(Hit("term", m.group("term"), m.start("term"), m.end("term"),
                             found="shape"))
    return tuple(hits) + tuple(sorted(found, key=lambda h: h.start))
