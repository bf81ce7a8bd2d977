"""Word boundaries from jieba's segmentation: where a name may start or end.

A name never starts or ends inside a word: 偿出让制度 (cut from 有偿出让制度) starts inside 有偿,
社会团体制 (from 社会团体制定) ends inside 制定.  :func:`boundaries` gives the positions between
words of a short stretch of text (jieba's dictionary, no HMM, so the result does not depend on
what was segmented before).

>>> sorted(boundaries("实行有偿出让制度"))
[0, 2, 4, 6, 8]
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

from policysite.chars import CJK

_CJK = re.compile(f"[{CJK}]")


@functools.lru_cache(maxsize=65536)
def boundaries(text: str) -> frozenset[int]:
    """The offsets of ``text`` where one word ends and the next begins (0 and len included)."""
    out = {0}
    pos = 0
    for word in _tokenizer().lcut(text, HMM=False):
        pos += len(word)
        out.add(pos)
    return frozenset(out)


def starts_word(text: str, pos: int, end: int | None = None) -> bool:
    """Whether a word starts at ``pos``: true after a non-CJK character, else by jieba's cut of
    a few characters around it (from ``pos - 4`` to ``end``, by default ``pos + 6``)."""
    if pos == 0 or not _CJK.match(text, pos - 1):
        return True
    window = max(0, pos - 4)
    return pos - window in boundaries(text[window : pos + 6 if end is None else end])


def ends_word(text: str, pos: int, after: int = 4) -> bool:
    """Whether a word ends at ``pos``: true before a non-CJK character or the end, else by
    jieba's cut of the six characters before it and ``after`` characters after it."""
    if pos >= len(text) or not _CJK.match(text, pos):
        return True
    window = max(0, pos - 6)
    return pos - window in boundaries(text[window : pos + after])


_TAUGHT: dict[str, str] = {}


def teach(vocabulary: Mapping[str, str]) -> None:
    """Add words jieba's dictionary lacks, with their part-of-speech tag (托育 vn, 长途 b), so
    that they are cut and tagged as one word; idempotent (a word taught once stays).  Every
    :class:`~policysite.extract.rules.Rules` teaches its lexicon's words when it is made, so
    extraction always cuts with them; the tokenizer is one per process, so a word stays taught
    for the rest of it (the bundled lexicon's words are the only ones the tests teach)."""
    new = {w: t for w, t in vocabulary.items() if _TAUGHT.get(w) != t}
    if not new:
        return
    tokenizer = _tokenizer()
    for word, tag in new.items():
        tokenizer.add_word(word, tag=tag)
        _TAUGHT[word] = tag
    _forget_cuts()


_SPLIT: set[str] = set()


def split(vocabulary: tuple[str, ...]) -> None:
    """Remove words of jieba's dictionary that cut across a name's words (符合国家 → 符合 | 国家:
    符合 | 国家安全标准; 油管线 of 航油管线), so that the text is cut otherwise; idempotent, like
    :func:`teach`."""
    new = [w for w in vocabulary if w not in _SPLIT]
    if not new:
        return
    tokenizer = _tokenizer()
    for word in new:
        tokenizer.del_word(word)
        _SPLIT.add(word)
    _forget_cuts()


def _forget_cuts() -> None:
    """Drop the cuts made with the dictionary as it was (after :func:`teach` or :func:`split`)."""
    boundaries.cache_clear()
    tagged.cache_clear()


def words(text: str) -> list[str]:
    """``text`` cut into words."""
    return list(_tokenizer().lcut(text, HMM=False))


@functools.lru_cache(maxsize=65536)
def tagged(text: str) -> tuple[tuple[str, str], ...]:
    """``text`` cut into (word, part-of-speech tag) pairs (jieba's tags: n noun, v verb, vn verbal
    noun, p preposition, c conjunction, d adverb, r pronoun, u particle …)."""
    return tuple((w.word, w.flag) for w in _pos_tokenizer().lcut(text, HMM=False))


@functools.cache
def _pos_tokenizer():
    import jieba.posseg

    return jieba.posseg.POSTokenizer(_tokenizer())


@functools.cache
def _tokenizer():
    import jieba

    jieba.setLogLevel(60)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer
