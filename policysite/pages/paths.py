"""Where each generated page lives (paths relative to ``docs/``) and links between them."""

from __future__ import annotations

import posixpath

ENTITY_DIRS = {"body": "bodies", "mechanism": "mechanisms", "citation": "citations"}
GLOSSARY = "glossary.md"
HOME = "index.md"
DOCUMENTS_INDEX = "documents/index.md"


def document_page(doc_id: str) -> str:
    return f"documents/{doc_id}.md"


def tasks_page(doc_id: str) -> str:
    """The 任务分工表 of a document."""
    return f"tasks/{doc_id}.md"


def tasks_table(doc_id: str, ext: str) -> str:
    """The 任务分工表 download of a document: ``csv`` or ``xlsx``."""
    return f"tasks/{doc_id}.{ext}"


def entity_page(kind: str, entity_id: str) -> str:
    if kind == "term":
        return f"{GLOSSARY}#{entity_id}"
    return f"{ENTITY_DIRS[kind]}/{entity_id}.md"


def entity_index(kind: str) -> str:
    return GLOSSARY if kind == "term" else f"{ENTITY_DIRS[kind]}/index.md"


def relative(from_page: str, target: str) -> str:
    """A relative link from the page ``from_page`` to ``target`` (which may carry ``#anchor``).

    >>> relative("documents/a.md", "bodies/b.md")
    '../bodies/b.md'
    >>> relative("documents/a.md", "documents/a.md#s1")
    '#s1'
    """
    path, _, anchor = target.partition("#")
    if path == from_page and anchor:
        return f"#{anchor}"
    rel = posixpath.relpath(path, posixpath.dirname(from_page) or ".")
    return f"{rel}#{anchor}" if anchor else rel


def clause_link(from_page: str, doc_id: str, node_id: str) -> str:
    return relative(from_page, f"{document_page(doc_id)}#{node_id}")
