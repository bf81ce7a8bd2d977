"""Memoizing on the identity of immutable values: what is compiled once per lexicon.

A :class:`~policysite.extract.lexicon.Lexicon` is frozen but holds dicts, so it cannot be hashed;
it is never changed either, so what is built from it (regexes, sorted word lists) can be kept for
as long as the same object is passed again.  :func:`per_object` does that for functions of such
values: the cache holds its arguments, so their ids stay unique while an entry lives.

>>> calls = []
>>> @per_object
... def size(words):
...     calls.append(words)
...     return len(words)
>>> words = ["市", "区"]
>>> size(words), size(words), size(["市"]), len(calls)
(2, 2, 1, 2)
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

# Entries kept per function: a run uses one lexicon and a registry or two; tests make many.
SIZE = 16

T = TypeVar("T")


@functools.lru_cache(maxsize=256)
def longest_first(words: tuple[str, ...]) -> tuple[str, ...]:
    """``sorted(words, key=len, reverse=True)``, sorted once: longest first, equals in order.

    >>> longest_first(("区", "区级", "市"))
    ('区级', '区', '市')
    """
    return tuple(sorted(words, key=len, reverse=True))


def per_object(fn: Callable[..., T]) -> Callable[..., T]:
    """``fn`` memoized on the identity of its positional arguments (the last :data:`SIZE`).

    The arguments must not change after a call: a changed dict passed again gets the old result.
    """
    cache: OrderedDict[tuple[int, ...], tuple[tuple[Any, ...], T]] = OrderedDict()
    lock = threading.Lock()

    @functools.wraps(fn)
    def wrapper(*args: Any) -> T:
        key = tuple(map(id, args))
        with lock:
            entry = cache.get(key)
            if entry is not None:
                cache.move_to_end(key)
                return entry[1]
        value = fn(*args)
        with lock:
            cache[key] = (args, value)  # holding args keeps their ids from being reused
            if len(cache) > SIZE:
                cache.popitem(last=False)
        return value

    return wrapper
