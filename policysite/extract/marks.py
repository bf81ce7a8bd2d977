"""Named character classes used by the extractors, built from :mod:`policysite.chars`.

>>> import re
>>> re.findall(cls(COORDINATORS), "市、区级机关")
['、']
"""

from __future__ import annotations

from policysite.chars import (
    COLONS,
    COMMAS,
    ENUM_COMMA,
    L_LENTICULAR,
    L_QUOTE,
    L_TITLE,
    LPAREN,
    R_LENTICULAR,
    R_QUOTE,
    R_TITLE,
    RPAREN,
    SENTENCE_STOPS,
    cls,
)

__all__ = [
    "CLAUSE_STOPS",
    "COLONS",
    "COORDINATORS",
    "DOC_NUMBER_CLOSE",
    "DOC_NUMBER_OPEN",
    "ENUM_COMMA",
    "LPAREN",
    "L_QUOTE",
    "L_TITLE",
    "MARKER_SEPARATORS",
    "QUOTE_PAIRS",
    "RPAREN",
    "R_QUOTE",
    "R_TITLE",
    "SENTENCE_STOPS",
    "cls",
]

# A clause ends at a sentence stop or a comma: roles are read inside one clause.
CLAUSE_STOPS = SENTENCE_STOPS + COMMAS + COLONS
# Items of a coordinated list of names: 市、区级机关.
COORDINATORS = ENUM_COMMA
# Separators between labelled groups inside an explicit marker: （牵头单位：…；配合单位：…）
MARKER_SEPARATORS = "；;"
# The year bracket of a 文号: 国发〔2024〕3号, 劳社部发[2008]3号, 国办发（2018）12号.
DOC_NUMBER_OPEN = L_LENTICULAR + LPAREN
DOC_NUMBER_CLOSE = R_LENTICULAR + RPAREN
# Opening quote → closing quote.  The ASCII double quote closes itself.
QUOTE_PAIRS = dict(zip(L_QUOTE, R_QUOTE, strict=True))
# Characters that may stand inside a name in a bracket: 村(居)民委员会, 办公厅（室）.
NAME_BRACKETS = LPAREN + RPAREN
# Title marks, for excluding spans inside a cited title.
TITLE_MARKS = L_TITLE + R_TITLE
