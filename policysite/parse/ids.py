"""Stage 4: draft tree → frozen nodes with ids derived from numbering (README, "Node ids"),
and the document's own id: from its 文号 when it has one, else from its title.
"""

from __future__ import annotations

import re

from policysite.model import Node
from policysite.numerals import to_int
from policysite.parse.tree import Draft
from policysite.slug import document_slug, slug

_DECREE = re.compile(r"^(.{1,20}?)令第([0-9]{1,5})号$")

# Id segment of each node kind (README, "Node ids").
ID_PREFIX = {
    "chapter": "ch",
    "subchapter": "sec",
    "article": "a",
    "section": "s",
    "clause": "c",
    "provision": "x",
    "item": "i",
    "subitem": "si",
    "point": "pt",
    "preamble": "pre",
    "closing": "end",
    "note": "note",
    "contents": "toc",
    "attachment": "att",
}
_SINGLE_IDS = {
    "title": "title",
    "doc_number": "docno",
    "addressee": "to",
    "signature": "sign",
    "date": "date",
    "attachment_list": "annex",
}


def document_id(title: str, doc_number: str | None) -> str:
    """The id a document gets unless data/ already holds it under another (build keeps ids):
    from its 文号 (a 令 number too), else from its title.

    >>> document_id("中华人民共和国个人所得税法实施条例", "国令第707号")
    'guoling-707'
    """
    decree = _DECREE.match(doc_number or "")
    if decree:
        return f"{slug(decree.group(1) + '令').replace('-', '')}-{int(decree.group(2))}"
    return document_slug(title, doc_number)


def freeze(drafts: list[Draft], prefix: str = "", own_text: bool = True) -> tuple[Node, ...]:
    """Give every draft its id (derived from numbering) and freeze the tree.

    ``own_text``: whether the parent has text of its own; an article that has only a heading
    (第一条（目的）) has no 款 of its own, so its first paragraph is 款 1 (``-k1``).
    """
    used: dict[str, int] = {}
    counters: dict[str, int] = {} if own_text else {"paragraph": -1}
    nodes = []
    parent_is_article = prefix.rsplit("-", 1)[-1].startswith("a") and prefix[-1:].isdigit()
    for draft in drafts:
        segment = _segment(draft, counters, parent_is_article)
        node_id = f"{prefix}-{segment}" if prefix else segment
        if node_id in used:
            used[node_id] += 1
            node_id = f"{node_id}-{used[node_id]}"
        else:
            used[node_id] = 1
        nodes.append(
            Node(
                id=node_id,
                kind=draft.kind,
                marker=draft.marker,
                num=draft.num,
                heading=draft.heading,
                text=draft.text,
                line=draft.line,
                title=draft.title,
                children=freeze(draft.children, node_id,
                                own_text=draft.kind != "article" or bool(draft.text)),
            )
        )
    return tuple(nodes)


def _segment(draft: Draft, counters: dict[str, int], in_article: bool) -> str:
    if draft.kind in _SINGLE_IDS:
        counters[draft.kind] = counters.get(draft.kind, 0) + 1
        n = counters[draft.kind]
        return _SINGLE_IDS[draft.kind] + (str(n) if n > 1 else "")
    if draft.num is not None:
        return f"{ID_PREFIX[draft.kind]}{to_int(draft.num)}"
    counters[draft.kind] = counters.get(draft.kind, 0) + 1
    n = counters[draft.kind]
    if draft.kind == "paragraph":
        # 款 of an article count from 2: the article's own text is its first 款.
        return f"k{n + 1}" if in_article else f"p{n}"
    return f"{ID_PREFIX.get(draft.kind, draft.kind)}{n}"
