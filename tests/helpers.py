"""Small helpers shared by the tests (not fixtures)."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

from policysite.clean import clean
from policysite.model import Document
from policysite.parse import parse


def parse_text(source: str, path: str = "test.txt", errors: str = "warn") -> Document:
    """Parse a dedented Chinese source text."""
    return parse(clean(textwrap.dedent(source).strip("\n")), path, errors=errors)


def outline(doc: Document) -> list[tuple]:
    """(id, kind, marker, heading, text) for every node, in reading order."""
    return [(n.id, n.kind, n.marker, n.heading, n.text) for n in doc.walk()]


def assert_parses(source: str, expected: list[tuple]) -> Document:
    doc = parse_text(source)
    assert outline(doc) == expected
    return doc


PROJECT = Path(__file__).resolve().parents[1]


def scratch_project(root: Path) -> Path:
    """A copy of the project's site config (mkdocs.yml, docs/, data/lexicon) in ``root``, to
    ingest other texts into and build from without touching the working tree."""
    shutil.copytree(PROJECT / "docs", root / "docs")
    shutil.copy(PROJECT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(PROJECT / "data" / "lexicon", root / "data" / "lexicon")
    return root
