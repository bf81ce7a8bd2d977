"""Plain data passed between the pipeline stages.

clean → parse → extract → store → pages → build.  Every stage takes and returns these frozen
dataclasses (or plain strings); none of them touches files except :mod:`policysite.build`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

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
    "attachment",  # an attached document carried by a wrapper 通知
    "heading",  # an unnumbered heading line, e.g. 进一步支持文化企业发展的规定 inside an attachment
)
NODE_KINDS = STRUCTURE_KINDS + FRAME_KINDS
# Numbered kinds a reader sees as headings (permalinks, TOC, search sections, 任务分工表 rows).
NUMBERED_KINDS = frozenset(STRUCTURE_KINDS) - {"paragraph"}
HEADED_KINDS = NUMBERED_KINDS | {"attachment"}

MENTION_KINDS = ("body", "mechanism", "citation", "term")
ROLES = ("lead", "support", "oversight", "target", "mention")
MODALS = ("必须", "应当", "要", "不得", "鼓励", "可以")


@dataclass(frozen=True)
class Mention:
    """One mention of a registry entity inside a node.

    ``start``/``end`` are character offsets into ``node.<field>`` (``field`` is ``heading`` or
    ``text``), so ``getattr(node, field)[start:end] == text`` always holds.
    """

    kind: str  # body | mechanism | citation | term
    id: str  # registry id (ASCII slug)
    text: str  # exactly as written in the node
    start: int
    end: int
    field: str = "text"
    role: str | None = None  # bodies only: lead | support | oversight | target | mention
    modal: str | None = None  # strongest modal word of the sentence: 必须 应当 要 不得 鼓励 可以
    owner: str | None = (
        None  # mechanisms: body id of the owner prefix (乡镇政府服务绩效考核评价体系)
    )
    provenance: str = "extracted"  # extracted | curated


@dataclass(frozen=True)
class Node:
    """One element of a document tree, in reading order.

    ``marker`` + ``heading`` + ``text`` hold the source line(s) of the node exactly (whitespace
    between them aside).  ``line`` is the 1-based source line where the node starts.
    """

    id: str
    kind: str
    marker: str | None = None
    num: str | None = None
    heading: str | None = None
    text: str | None = None
    line: int = 0
    part: int | None = None  # part number of a multi-part article the node came from
    children: tuple[Node, ...] = ()
    mentions: tuple[Mention, ...] = ()
    title: str | None = None  # attachments: the attached document's title

    def walk(self):
        """Yield this node and every descendant, in reading order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def with_children(self, children: tuple[Node, ...]) -> Node:
        return replace(self, children=children)


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
    format: str = "text"  # text | markdown | html | docx | pdf (the reader that extracted the text)


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

    def walk(self):
        """Yield every node of the body, in reading order."""
        for node in self.body:
            yield from node.walk()

    def node(self, node_id: str) -> Node:
        for node in self.walk():
            if node.id == node_id:
                return node
        raise KeyError(node_id)
