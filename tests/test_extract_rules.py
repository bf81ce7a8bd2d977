"""Extraction rules, one case each, from tests/cases/extract.yml (text → expected mentions)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from policysite.extract import find_mentions, load_lexicon
from policysite.registry import Registry

ROOT = Path(__file__).resolve().parent.parent
CASES = yaml.safe_load((ROOT / "tests/cases/extract.yml").read_text(encoding="utf-8"))
LEXICON = load_lexicon(ROOT / "data/lexicon")
REGISTRY = Registry()


def _expected(case: dict) -> list[dict]:
    """The case's expectations with names and owners turned into ids."""
    out = []
    for e in case["expect"]:
        row = {"text": e["text"], "id": REGISTRY.id_for(case["kind"], e.get("name", e["text"]))}
        if "owner" in e:
            row["owner"] = REGISTRY.id_for("body", e["owner"])
        row.update({k: e[k] for k in ("role", "modal") if k in e})
        out.append(row)
    return out


@pytest.mark.parametrize("case", CASES, ids=[c["rule"] for c in CASES])
def test_rule(case):
    mentions = [m for m in find_mentions(case["text"], LEXICON, REGISTRY) if m.kind == case["kind"]]
    expected = _expected(case)
    found = [
        {
            "text": m.text,
            "id": m.id,
            **{k: getattr(m, k) for k in ("owner", "role", "modal") if k in e},
        }
        for m, e in zip(mentions, expected, strict=False)
    ]
    assert [m.text for m in mentions] == [e["text"] for e in expected]
    assert found == expected


@pytest.mark.parametrize("case", CASES, ids=[c["rule"] for c in CASES])
def test_span_is_the_written_text(case):
    for mention in find_mentions(case["text"], LEXICON, REGISTRY):
        assert case["text"][mention.start : mention.end] == mention.text
