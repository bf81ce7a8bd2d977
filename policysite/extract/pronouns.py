"""Bodies named by a pronoun in letters and replies: 我局, 本委 stand for the issuer; 你局, 贵委,
你区 for the addressee (主送).

A pronoun stands for a body only when exactly one issuer (or addressee) fits the word after it:
我局 needs one issuer whose name ends in 局, 你区 one addressee that is a district government.
Places take only the addressee's pronouns (你区, 贵市): 本市 and 我区 name the place, not a
body.  The words are in ``data/lexicon/bodies.yml`` (``pronouns``).

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

from policysite.extract.hit import Hit, alternation
from policysite.extract.lexicon import Lexicon


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
            fitting = {h.name: h for h in bodies if not h.is_class and h.name.endswith(endings)}
            if len(fitting) != 1:
                continue  # none, or two issuers that fit: 我局 is ambiguous
            (body,) = fitting.values()
            for pronoun in lexicon.pronoun_persons.get(person, ()):
                out[pronoun + word] = body
    return out


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
