"""Terms worth a glossary entry: expressions in quotation marks — “三重一大”, “一票否决”.

The mention covers the expression without its quotation marks.

>>> from policysite.extract.lexicon import Lexicon
>>> [(h.name, h.start) for h in find("不得对乡镇设置“一票否决”事项", Lexicon().compiled)]
[('一票否决', 8)]
"""

from __future__ import annotations

import re

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
            found.append(Hit("term", term, m.start("term"), m.end("term"), found="shape"))
    return tuple(hits) + tuple(sorted(found, key=lambda h: h.start))
