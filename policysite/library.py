"""All documents and the entity registry, held together for the pages and the checks.

Pure: :mod:`policysite.build` reads the files and hands their contents here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from policysite.model import NUMBERED_KINDS, Document, Node

if TYPE_CHECKING:
    from policysite.extract.lexicon import Lexicon
    from policysite.registry import Entry, Registry


@dataclass(frozen=True)
class Library:
    documents: tuple[Document, ...]
    registry: Registry | None = None  # set once extraction has run (data/registry/ exists)
    lexicon: Lexicon | None = None  # data/lexicon/: modal words, read per sentence by 培训 pages

    def document(self, doc_id: str) -> Document:
        for doc in self.documents:
            if doc.id == doc_id:
                return doc
        raise KeyError(doc_id)

    def entity(self, kind: str, entity_id: str) -> Entry | None:
        """The registry entry for a mention, or None when there is no registry or no entry."""
        if self.registry is None:
            return None
        return self.registry.get(kind, entity_id)

    def clause_count(self, doc: Document) -> int:
        """Numbered provisions a reader can cite: numbered nodes with text of their own, or
        with no numbered children (五、加强组织保障 holding (十六)…(二十) is not one)."""
        return sum(
            1
            for n in doc.walk()
            if n.marker
            and n.kind in COUNTED_KINDS
            and (n.text or not any(c.marker for c in n.children))
        )


def newest_first(documents: Iterable[Document]) -> list[Document]:
    """Documents in the order the library lists them: newest 成文日期 first, undated last, then
    by title (reversed, as the date).

    >>> from policysite.model import Source
    >>> dated = [("a", "甲", "2019-01-01"), ("b", "乙", None), ("c", "丙", "2024-05-06")]
    >>> docs = [Document(i, t, Source("f", "", "utf-8"), date=d) for i, t, d in dated]
    >>> [d.id for d in newest_first(docs)]
    ['c', 'a', 'b']
    """
    return sorted(documents, key=lambda d: (d.date or "0000", d.title), reverse=True)


# Node kinds counted as "clauses" on the library page: numbered provisions of any level (a
# chapter or section heading of a regulation is not one).
COUNTED_KINDS = NUMBERED_KINDS - {"chapter", "subchapter"}


def display_heading(node: Node, snippet: int = 24) -> str:
    """The heading a reader sees for a node: marker + heading, or marker + start of the text.

    >>> node = Node(id="s5-c18", kind="clause", marker="(十八)", heading="健全激励保障机制。")
    >>> display_heading(node)
    '(十八)健全激励保障机制'
    """
    marker = node.marker or ""
    if node.heading:
        gap = " " if marker.startswith("第") else ""  # 第二章 城乡融合, as regulations print it
        return f"{marker}{gap}{node.heading.rstrip('。.')}".strip()
    text = (node.text or "").strip()
    if node.kind in ("article",):
        cut = text[:snippet] + ("…" if len(text) > snippet else "")
        return f"{marker} {cut}".strip()
    if text:
        cut = text[:snippet] + ("…" if len(text) > snippet else "")
        return f"{marker}{cut}"
    return marker or node.kind
