"""The one sentence splitter (policysite/text.py), against a plain reference: a text is a run of
sentences, each ending at its stop (。！？；), and every position belongs to exactly one."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from policysite import chars
from policysite.text import full_width_parens, sentence, sentence_bounds

ALPHABET = st.sampled_from(list("市民政局要负责乡镇(（)）" + chars.SENTENCE_STOPS + " \u3000"))


def _reference(text: str, pos: int) -> str:
    """Cut the text into sentences (each with its stop), return the one holding ``pos``."""
    stops = re.escape(chars.SENTENCE_STOPS)
    offset = 0
    for piece in re.findall(f"[^{stops}]*[{stops}]|[^{stops}]+$", text):
        if offset <= pos < offset + len(piece) or (pos == len(text) == offset + len(piece)
                                                   and piece[-1] not in chars.SENTENCE_STOPS):
            return piece
        offset += len(piece)
    return ""  # the end of a text whose last sentence is closed


@settings(max_examples=500, deadline=None)
@given(st.text(ALPHABET, max_size=40), st.data())
def test_sentence_is_the_sentence_holding_the_position(text, data):
    pos = data.draw(st.integers(0, len(text)))
    assert sentence(text, pos) == _reference(text, pos)


@settings(max_examples=300, deadline=None)
@given(st.text(ALPHABET, max_size=40), st.data())
def test_a_span_without_a_stop_is_in_the_sentence_of_its_start(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    if not any(c in chars.SENTENCE_STOPS for c in text[start:end]):
        assert sentence_bounds(text, start, end) == sentence_bounds(text, start)


def test_first_sentence_up_to_a_full_stop_only():
    text = "统筹推进，加强指导；确保落实。其他要求。"
    assert sentence(text, 0, stops=chars.FULL_STOP) == "统筹推进，加强指导；确保落实。"
    assert sentence(text, 0) == "统筹推进，加强指导；"


def test_parentheses_are_made_full_width_only():
    assert full_width_parens("村(居)民委员会〔2018〕") == "村（居）民委员会〔2018〕"
