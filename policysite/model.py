"""Plain data passed between the pipeline stages: the data contract, stated once.

clean → parse → extract → store → pages → build.  Every stage takes and returns these frozen
dataclasses (or plain strings); none of them touches files except :mod:`policysite.build`.

This module is the single source of the contract: the dataclass fields below and the
vocabularies (node kinds, mention kinds, roles, modal words in their order, mention fields,
provenances).  The JSON Schema (``policysite/schema/document.schema.json``) takes its enums from
these constants when it is loaded (:func:`policysite.store.document_schema`), and
``tests/test_contract.py`` fails when the schema file, the YAML (de)serialisation in
:mod:`policysite.store` and these dataclasses disagree.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

# Node kinds, in the vocabulary of the data contract (README, "Data").
STRUCTURE_KINDS = (
    "section",  # 一、
    "clause",  # （一） (一)
    "item",  # 1. 1．
    "subitem",  # （1）
    "point",  # ①
    "chapter",  # 第一章
    "subchapter",  # 第一节
    "article",  # 第一条
    "paragraph",  # 款: an unnumbered paragraph inside an article or section
    "provision",  # 项: （一） inside an article
)
FRAME_KINDS = (
    "title",
    "doc_number",
    "addressee",
    "preamble",
    "closing",
    "signature",
    "date",
    "note",  # （此件公开发布） （本文有删减） 通过日期 lines
    "attachment_list",  # 附件：…
    "contents",  # a regulation's 目录 and the chapters it lists, one node per line
    "attachment",  # an attached document carried by a wrapper 通知
)
NODE_KINDS = STRUCTURE_KINDS + FRAME_KINDS
# Numbered kinds a reader sees as headings (permalinks, TOC, search sections, 任务分工表 rows).
NUMBERED_KINDS = frozenset(STRUCTURE_KINDS) - {"paragraph"}
HEADED_KINDS = NUMBERED_KINDS | {"attachment"}

MENTION_KINDS = ("body", "mechanism", "citation", "term")
ROLES = ("lead", "support", "oversight", "target", "mention")
# Modal words, strongest first: a sentence's modal is the first of these it contains, and a row
# of the 任务分工表 shows the first of these among its sentences.
MODALS = ("必须", "应当", "要", "不得", "鼓励", "可以")
# The modal words that set a duty (必须 … 不得); the ones after them encourage or permit.
DUTY_MODALS = MODALS[: MODALS.index("鼓励")]
MENTION_FIELDS = ("heading", "text")  # the Node field a Mention's offsets point into
# The reader that extracted a source's text (policysite/sources/): plain text, Markdown with front
# matter, a saved web page, Word, PDF.
SOURCE_FORMATS = ("text", "markdown", "html", "docx", "pdf")
PROVENANCES = ("extracted", "curated")  # who made a mention: the extractor or an editor

# Each named enum of the JSON Schema ($defs/<name>) and the constant it is made from.
SCHEMA_ENUMS: dict[str, tuple[str, ...]] = {
    "node_kind": NODE_KINDS,
    "mention_kind": MENTION_KINDS,
    "role": ROLES,
    "modal": MODALS,
    "mention_field": MENTION_FIELDS,
    "provenance": PROVENANCES,
    "source_format": SOURCE_FORMATS,
}


@dataclass(frozen=True)
class Mention:
    """One mention of a registry entity inside a node.

    ``start``/``end`` are character offsets into ``node.<field>`` (``field`` is ``heading`` or
    ``text``), so ``getattr(node, field)[start:end] == text`` always holds.
    """

    kind: str  # one of MENTION_KINDS
    id: str  # registry id (ASCII slug)
    text: str  # exactly as written in the node
    start: int
    end: int
    field: str = "text"  # one of MENTION_FIELDS
    role: str | None = None  # bodies only: one of ROLES
    modal: str | None = None  # strongest modal word of the sentence: one of MODALS
    owner: str | None = (
        None  # mechanisms: body id of the owner prefix (乡镇政府服务绩效考核评价体系)
    )
    provenance: str = "extracted"  # one of PROVENANCES


@dataclass(frozen=True)
class Node:
    """One element of a document tree, in reading order.

    ``marker`` + ``heading`` + ``text`` hold the source line(s) of the node exactly (whitespace
    between them aside).  ``line`` is the 1-based source line where the node starts.
    """

    id: str
    kind: str  # one of NODE_KINDS
    marker: str | None = None
    num: str | None = None
    heading: str | None = None
    text: str | None = None
    line: int = 0
    part: int | None = None  # part number of a multi-part article the node came from
    children: tuple[Node, ...] = ()
    mentions: tuple[Mention, ...] = ()
    title: str | None = None  # attachments: the attached document's title

    def walk(self) -> Iterator[Node]:
        """Yield this node and every descendant, in reading order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Dropped:
    """A source line removed by cleaning, with the reason."""

    line: int
    text: str
    reason: str
    part: int | None = None
    column: int | None = None  # set when only part of the line was dropped


@dataclass(frozen=True)
class Source:
    file: str
    sha256: str
    encoding: str
    part: int | None = None
    format: str = "text"  # one of SOURCE_FORMATS: the reader that extracted the text


@dataclass(frozen=True)
class Warning_:
    """A recoverable oddity found while reading a source (a skipped number, an odd heading)."""

    file: str
    line: int
    message: str


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    source: Source
    parts: tuple[int, ...] = ()
    missing_parts: tuple[int, ...] = ()
    doc_number: str | None = None
    issuers: tuple[str, ...] = ()
    date: str | None = None  # YYYY-MM-DD (成文日期 / 落款)
    published: str | None = None  # 发布日期
    topic: str | None = None  # 主题分类
    index_number: str | None = None  # 索引号
    addressees: tuple[str, ...] = ()
    attachments: tuple[str, ...] = ()  # 附件 list / documents a wrapper 印发s
    sources: tuple[Source, ...] = ()  # every part's source, in part order (multi-part articles)
    dropped: tuple[Dropped, ...] = ()
    body: tuple[Node, ...] = ()
    warnings: tuple[Warning_, ...] = field(default=(), compare=False)

    def walk(self) -> Iterator[Node]:
        """Yield every node of the body, in reading order."""
        for node in self.body:
            yield from node.walk()

    def node(self, node_id: str) -> Node:
        for node in self.walk():
            if node.id == node_id:
                return node
        raise KeyError(node_id)
