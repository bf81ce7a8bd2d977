"""The "nothing is lost" invariant, as a function tests and ingest both call.

Every character of the decoded source that is not whitespace appears, in order, either in the
document tree (a node's ``marker``, ``heading`` or ``text``) or in ``dropped``.

>>> from policysite.clean import clean
>>> from policysite.parse import parse
>>> text = "标题的通知\\n一、总则\\n扫一扫在手机打开当前页"
>>> lost_characters(text, parse(clean(text), "x.txt")) is None
True
"""

from __future__ import annotations

import unicodedata

from policysite.model import Document


def visible(text: str) -> str:
    """``text`` without whitespace and without invisible format characters (U+200B…)."""
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) != "Cf")


def lost_characters(source_text: str, document: Document, part: int | None = None) -> str | None:
    """None when the invariant holds, else a description of the first difference.

    For a multi-part document pass the text of one part and its ``part`` number.
    """
    fragments: list[tuple[int, int, int, str]] = []
    for node in document.walk():
        if part is not None and node.part != part:
            continue
        text = "".join(x for x in (node.marker, node.heading, node.text) if x)
        if text:
            fragments.append((node.line, 1, 0, text))
    for dropped in document.dropped:
        if part is not None and dropped.part != part:
            continue
        order = 0 if not dropped.column else 2
        fragments.append((dropped.line, order, dropped.column or 0, dropped.text))
    fragments.sort(key=lambda f: f[:3])
    rebuilt = visible("".join(f[3] for f in fragments))
    expected = visible(source_text)
    if rebuilt == expected:
        return _check_invisible(source_text, document, part)
    at = next((i for i, (a, b) in enumerate(zip(rebuilt, expected, strict=False)) if a != b),
              min(len(rebuilt), len(expected)))
    return (f"source and data differ at visible character {at}: source has "
            f"{expected[at:at + 20]!r}, data has {rebuilt[at:at + 20]!r}")


def _check_invisible(source_text: str, document: Document, part: int | None) -> str | None:
    """Invisible format characters are not in the tree; they must all be in ``dropped``."""
    def count(text: str) -> int:
        return sum(1 for c in text if unicodedata.category(c) == "Cf" and not c.isspace())

    in_source = count(source_text)
    in_dropped = sum(count(d.text) for d in document.dropped if part is None or d.part == part)
    in_tree = sum(count("".join(x for x in (n.marker, n.heading, n.text) if x))
                  for n in document.walk() if part is None or n.part == part)
    if in_source != in_dropped + in_tree:
        return (f"{in_source} invisible characters in the source, {in_dropped + in_tree} "
                "accounted for in the data")
    return None
