"""Self-references: 本办法, 本条例, 本意见, 本规定, 本通知, 本方案 … name the document they are
written in (or the attached document they are written in), not a mechanism or a cited document.

They are not entities: the document page links each one to the top of the document — or of the
attachment it is written in — so a reader of 「本办法所称…」 reaches the 办法 itself.

>>> spans("本办法自2022年1月1日起施行。依照本实施办法执行，基本规定不变。")
[(0, 3), (19, 24)]
"""

from __future__ import annotations

import re

from policysite.extract.words import starts_word

SELF_REFERENCE = re.compile(
    "本(?:实施|管理|暂行|试行)?"
    "(?:实施细则|办法|条例|意见|规定|通知|方案|决定|细则|规则|规程|批复|通告|公告|决议|纲要|计划)"
)


def spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` refers to its own document: ``[(start, end), …]``, in order.

    本 must start a word (基本规定, 根本办法 are not self-references), and the reference must
    end one (本规定所称 yes; 本意见书 no).
    """
    out = []
    for m in SELF_REFERENCE.finditer(text):
        start, end = m.start(), m.end()
        if not starts_word(text, start, end + 2):
            continue
        if end < len(text) and text[end] in "书稿单表":
            continue
        out.append((start, end))
    return out
