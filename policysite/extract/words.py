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


@functools.lru_cache(maxsize=65536)
def boundaries(text: str) -> frozenset[int]:
    """The offsets of ``text`` where one word ends and the next begins (0 and len included)."""
    out = {0}
    pos = 0
    for word in _tokenizer().lcut(text, HMM=False):
        pos += len(word)
        out.add(pos)
    return frozenset(out)


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
