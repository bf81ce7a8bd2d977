"""All documents and the entity registry, held together for the pages and the checks.

Pure: :mod:`policysite.build` reads the files and hands their contents here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from policysite.model import Document, Node


@dataclass(frozen=True)
class Library:
    documents: tuple[Document, ...]
    registry: Any = None  # policysite.registry.Registry once extraction has run
    settings: dict[str, Any] = field(default_factory=dict)

    def document(self, doc_id: str) -> Document:
        for doc in self.documents:
            if doc.id == doc_id:
                return doc
        raise KeyError(doc_id)

    def entity(self, kind: str, entity_id: str) -> Any:
        """The registry entry for a mention, or None when there is no registry or no entry."""
        if self.registry is None:
            return None
        return self.registry.get(kind, entity_id)

    def search_words(self) -> list[str]:
        """Entity names and aliases, so search segments 容错纠错机制 as one word."""
        if self.registry is None:
            return []
        words = {
            w
            for e in self.registry.entries
            if not e.suppressed
            for w in (e.name, *e.aliases)
            if len(w) >= 2
        }
        return sorted(words)

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


# Node kinds counted as "clauses" on the library page: numbered provisions of any level.
COUNTED_KINDS = ("section", "clause", "article", "item", "subitem", "point", "provision")


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
