"""What makes extraction fast must not change what it finds (no timings here: see ``make bench``).

``bodies.find`` looks only where one of the rules' regexes matches (``_Starts``) instead of at
every character; the rules and regexes are built once per lexicon and registry.  These tests
hold the fast paths to the slow ones they replace.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policysite.build import read_document
from policysite.extract import bodies, find_hits, load_lexicon
from policysite.extract.cache import longest_first, per_object
from policysite.extract.hit import inside
from policysite.registry import Entry, Registry

ROOT = Path(__file__).resolve().parent.parent
LEXICON = load_lexicon(ROOT / "data/lexicon")
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
# Names a registry teaches, so that the known-name rule has more than the lexicon's names.
TAUGHT = Registry(
    entries=(
        Entry("body", "shi-xinfangju", "市信访局", "市信访局", aliases=("市信访办",), level="市"),
        Entry("body", "lianheguo", "联合国", "联合国", provenance="curated"),  # no rule finds it
    )
)
# Characters the rules care about, for generated texts.
ALPHABET = (
    "市区县乡镇省各有关民政财政公安部门局委员会办公厅政府人大"
    "、，。及和等《》（）()北京甘肃军区信访办联合国"
)


def _texts() -> list[str]:
    return [
        text
        for path in SEEDS
        for node in read_document(path).walk()
        for text in (node.heading, node.text)
        if text
    ]


def _every_position(text: str, lexicon, hits=(), known=None) -> list[tuple[int, list]]:
    """``best_at`` at every character, as ``bodies.find`` did before it skipped ahead."""
    rules = bodies._rules(lexicon, known or bodies._NO_NAMES)
    out = []
    for pos in range(len(text)):
        if bodies._in_title(text, pos) or inside(hits, pos, pos + 1, "citation"):
            continue
        group = rules.best_at(text, pos)
        if group:
            out.append((pos, group))
    return out


@pytest.mark.parametrize("known", [None, TAUGHT.body_names()], ids=["lexicon", "taught"])
def test_bodies_start_only_where_a_rule_matches(known):
    """Every position where a rule finds a body is one that ``_Starts`` stops at."""
    rules = bodies._rules(LEXICON, known or bodies._NO_NAMES)
    for text in _texts():
        starts = bodies._Starts(rules, text)
        for pos, _ in _every_position(text, LEXICON, known=known):
            assert starts.next(pos) == pos, (text, pos)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60))
def test_bodies_start_anywhere_a_rule_matches(text):
    known = TAUGHT.body_names()
    starts = bodies._Starts(bodies._rules(LEXICON, known), text)
    for pos, _ in _every_position(text, LEXICON, known=known):
        assert starts.next(pos) == pos


def test_a_taught_name_no_rule_finds():
    text = "支持联合国开展工作"
    assert [h.name for h in bodies.find(text, LEXICON, (), TAUGHT.body_names())] == ["联合国"]


def test_rules_built_once_per_lexicon_and_names():
    known = TAUGHT.body_names()
    assert bodies._rules(LEXICON, known) is bodies._rules(LEXICON, known)
    assert bodies._rules(LEXICON, known) is not bodies._rules(LEXICON, bodies._NO_NAMES)


def test_same_hits_from_an_equal_registry():
    """A registry is read once; a new registry with the same entries finds the same."""
    again = Registry(entries=TAUGHT.entries)
    for text in _texts()[:200]:
        assert find_hits(text, LEXICON, TAUGHT) == find_hits(text, LEXICON, again)


def test_per_object_keys_on_identity():
    calls = []

    @per_object
    def size(words):
        calls.append(words)
        return len(words)

    first, equal = ["市"], ["市"]
    assert (size(first), size(first), size(equal)) == (1, 1, 1)
    assert len(calls) == 2


def test_longest_first_is_a_stable_sort():
    words = ("区", "市级", "县", "区级", "乡")
    assert longest_first(words) == tuple(sorted(words, key=len, reverse=True))
