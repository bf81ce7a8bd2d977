"""What makes extraction fast must not change what it finds (no timings here: see ``make bench``).

``bodies.find`` looks only where one of the rules' regexes matches (``_Starts``) instead of at
every character; the rules and regexes are compiled once per lexicon and taught names
(:class:`policysite.extract.rules.Rules`).  These tests
hold the fast paths to the slow ones they replace.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policysite.build import read_document, read_lexicon
from policysite.extract import Rules, bodies, find_hits
from policysite.extract.hit import inside, longest_first
from policysite.registry import Entry, Registry

ROOT = Path(__file__).resolve().parent.parent
LEXICON = read_lexicon(ROOT / "data/lexicon")
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
# Names a registry teaches, so that the known-name rule has more than the lexicon's names.
TAUGHT = Registry(
    entries=(
        Entry("body", "shi-xinfangju", "市信访局", "市信访局", aliases=("市信访办",), level="市"),
        Entry("body", "lianheguo", "联合国", "联合国", provenance="curated"),  # no rule finds it
    )
)
TAUGHT_RULES = Rules.of(LEXICON, TAUGHT.body_names())
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
    rules = Rules.of(lexicon, known).bodies
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
    rules = Rules.of(LEXICON, known).bodies
    for text in _texts():
        starts = bodies._Starts(rules, text)
        for pos, _ in _every_position(text, LEXICON, known=known):
            assert starts.next(pos) == pos, (text, pos)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60))
def test_bodies_start_anywhere_a_rule_matches(text):
    known = TAUGHT.body_names()
    starts = bodies._Starts(TAUGHT_RULES.bodies, text)
    for pos, _ in _every_position(text, LEXICON, known=known):
        assert starts.next(pos) == pos


def test_a_taught_name_no_rule_finds():
    text = "支持联合国开展工作"
    assert [h.name for h in bodies.find(text, TAUGHT_RULES)] == ["联合国"]


def test_rules_compiled_once_per_object():
    assert TAUGHT_RULES.bodies is TAUGHT_RULES.bodies
    assert Rules.of(LEXICON) is Rules.of(LEXICON, {}) is LEXICON.compiled
    assert TAUGHT_RULES.bodies is not LEXICON.compiled.bodies


def test_same_hits_from_an_equal_registry():
    """Rules compiled again from a registry with the same entries find the same."""
    again = Rules.of(LEXICON, Registry(entries=TAUGHT.entries).body_names())
    for text in _texts()[:200]:
        assert find_hits(text, TAUGHT_RULES) == find_hits(text, again)


def test_longest_first_is_a_stable_sort():
    words = ("区", "市级", "县", "区级", "乡")
    assert longest_first(words) == tuple(sorted(words, key=len, reverse=True))
