"""What a trainer needs to know about each clause of a document, read from the clause data.

A *unit* is what a reader sees as one clause: a numbered node (section, clause, article …) with
its own text and unnumbered paragraphs, or an unnumbered paragraph, preamble or closing at the
top of the document.  Each unit's text is split into sentences; each sentence carries its modal
word (:func:`policysite.extract.roles.modal_of`, the extractor's own rule) and the mentions in it.

>>> from policysite.model import Document, Node, Source
>>> node = Node(id="s1", kind="section", marker="一、", heading="总则",
...             text="各区要落实。可以试点。")
>>> doc = Document(id="d", title="通知", source=Source("x.txt", "0", "utf-8"), body=(node,))
>>> [(s.text, s.modal) for s in units(doc, EMPTY_LEXICON)[0].sentences]
[('各区要落实。', '要'), ('可以试点。', '可以')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from policysite.extract.lexicon import Lexicon, lexicon_from_dict
from policysite.extract.roles import modal_of
from policysite.library import Library, display_heading
from policysite.model import DUTY_MODALS, NUMBERED_KINDS, Document, Mention, Node
from policysite.text import sentence_spans

# Modal words that set an obligation (counted in the outline); 鼓励/可以 only allow.
OBLIGATIONS = DUTY_MODALS
EMPTY_LEXICON = lexicon_from_dict({})
_FRAME_LABELS = {"preamble": "导语", "closing": "结语", "paragraph": "正文"}
# Top-level nodes that are part of the text a trainer reads (the frame — title, 文号, 主送,
# 落款, 日期 — is not).
_TEXT_KINDS = ("preamble", "closing", "paragraph")


@dataclass(frozen=True)
class Sentence:
    node: Node  # the node whose text holds it (the unit's node or one of its paragraphs)
    start: int  # offsets into node.text
    end: int
    text: str
    modal: str | None
    mentions: tuple[Mention, ...]  # mentions inside [start, end) of node.text

    def offset(self, mention: Mention) -> tuple[int, int]:
        """The mention's span inside :attr:`text`."""
        return mention.start - self.start, mention.end - self.start


@dataclass(frozen=True)
class Unit:
    node: Node
    depth: int  # 0 for top-level units
    label: str  # (十八)健全激励保障机制 / 第五条 … / 导语
    number: str  # the number alone, unique in the document: (十八), 二（一）, 第五条
    heading: str | None  # the heading alone, without its 。
    sentences: tuple[Sentence, ...]
    attachment: str | None = None  # title of the attached document the unit belongs to

    @property
    def anchor(self) -> str:
        return self.node.id

    @property
    def title(self) -> str:
        """The clause's number and heading ((十八)健全激励保障机制), or its number alone when it
        has no heading of its own (第五条), or what an unnumbered paragraph is (导语)."""
        if self.heading or self.node.kind in _TEXT_KINDS:
            return self.label
        return self.number

    @property
    def text(self) -> str:
        """The unit's own text (its text and unnumbered paragraphs)."""
        return "".join(s.text for s in self.sentences)

    @property
    def obligations(self) -> tuple[Sentence, ...]:
        return tuple(s for s in self.sentences if s.modal in OBLIGATIONS)


def lexicon_of(library: Library) -> Lexicon:
    """The lexicon ``build.load_library`` read from ``data/lexicon/`` (modal words and the words
    that only look like modals), else the bare modal words."""
    return library.lexicon or EMPTY_LEXICON


def units(doc: Document, lexicon: Lexicon) -> list[Unit]:
    """Every unit of ``doc`` in reading order (sections without text included: they give the
    structure)."""
    found = list(_walk(doc.body, 0, None, lexicon))
    return _numbered(found)


def sentences(node: Node, lexicon: Lexicon) -> list[Sentence]:
    """``node.text`` split after 。！？；, each sentence with its modal and mentions."""
    text = node.text or ""
    out = []
    for start, end in sentence_spans(text):
        piece = text[start:end]
        if piece.strip():
            mentions = tuple(
                m for m in node.mentions
                if m.field == "text" and start <= m.start and m.end <= end
            )
            out.append(Sentence(node, start, end, piece, modal_of(piece, lexicon), mentions))
    return out


def number_label(node: Node) -> str:
    return (node.marker or "").strip()


def plain_heading(node: Node) -> str | None:
    return squeeze(node.heading.rstrip("。.").strip()) if node.heading else None


_SPREAD = re.compile(r"(?<=[\u4e00-\u9fff])(?:\s{2,}|\u3000+)(?=[\u4e00-\u9fff])")


def squeeze(text: str) -> str:
    """A heading spread out for print (总  则, 附\u3000则) as it is read: 总则."""
    return _SPREAD.sub("", text)


# -- private -----------------------------------------------------------------------------------
def _walk(nodes, depth: int, attachment: str | None, lexicon: Lexicon) -> Iterator[Unit]:
    nodes = list(nodes)
    absorbed: set[int] = set()
    for i, node in enumerate(nodes):
        if i in absorbed:
            continue
        article = (_article_marker(node.text or "")
                   if node.kind in _TEXT_KINDS and depth == 0 else None)
        if article:
            # 第一条（目的） left as a paragraph: one unit with the paragraphs that follow it
            # (up to the next article or numbered clause), as the article reads in print
            body = []
            for j in range(i + 1, len(nodes)):
                nxt = nodes[j]
                if nxt.kind not in _TEXT_KINDS or _article_marker(nxt.text or ""):
                    break
                body.append(nxt)
                absorbed.add(j)
            heading = (node.text or "").strip()[len(article):].strip().strip("（）() ")
            yield Unit(
                node=node,
                depth=depth,
                label=(node.text or "").strip().rstrip("。"),
                number=article,
                heading=heading or None,
                sentences=tuple(s for part in body for s in sentences(part, lexicon)),
                attachment=attachment,
            )
        elif node.kind == "attachment":
            yield from _walk(node.children, depth, node.title or "附件", lexicon)
        elif node.kind in NUMBERED_KINDS:
            own = [node, *(c for c in node.children if c.kind == "paragraph")]
            yield Unit(
                node=node,
                depth=depth,
                label=squeeze(display_heading(node)),
                number=number_label(node),
                heading=plain_heading(node),
                sentences=tuple(s for part in own for s in sentences(part, lexicon)),
                attachment=attachment,
            )
            yield from _walk(
                [c for c in node.children if c.kind != "paragraph"], depth + 1, attachment, lexicon
            )
        elif node.kind in _TEXT_KINDS and depth == 0:
            yield Unit(
                node=node,
                depth=depth,
                label=_FRAME_LABELS[node.kind],
                number=_FRAME_LABELS[node.kind],
                heading=None,
                sentences=tuple(sentences(node, lexicon)),
                attachment=attachment,
            )


def _numbered(found: list[Unit]) -> list[Unit]:
    """Give each unit a number that is unique in the document and says where it is.

    * （一） under 一、 and （一） under 二、 become 一（一） and 二（一）;
    * a paragraph that is an article's heading (第一条（目的）, as attached 办法 print them when
      the parser left them as text) is that article, and the paragraphs and items after it are
      counted under it: 第一条第1段, 第四条（一）;
    * other unnumbered paragraphs become 导语第 N 段 / 正文第 N 段;
    * units of an attached document carry its number when the document has a wrapper or more
      than one attachment: 附件 第三条, 附件二 第五条;
    * what is still written twice gets 之2, 之3 ….
    """
    from dataclasses import replace

    parents: dict[str, Unit] = {}
    stack: list[Unit] = []
    for unit in found:
        while stack and stack[-1].depth >= unit.depth:
            stack.pop()
        if stack:
            parents[unit.anchor] = stack[-1]
        stack.append(unit)
    # the article (第N条 written as a paragraph) each unit reads under, in reading order
    context: dict[str, str | None] = {}
    article: str | None = None
    where: str | None = None
    for unit in found:
        if unit.attachment != where:
            article, where = None, unit.attachment
        own = _article_marker(unit.node.text or "") if unit.node.kind in _TEXT_KINDS else None
        if own:
            article = own
        context[unit.anchor] = None if own else article
        for child in unit.node.children:  # an article heading left inside a clause's paragraphs
            if child.kind == "paragraph" and _article_marker(child.text or ""):
                article = _article_marker(child.text or "")
    counts: dict[str, int] = {}
    for unit in found:
        key = (unit.attachment or "") + unit.number
        counts[key] = counts.get(key, 0) + 1
    prefixes = _attachment_prefixes(found)
    out: list[Unit] = []
    seen: dict[str, int] = {}
    for unit in found:
        key = (unit.attachment or "") + unit.number
        number, label = unit.number, unit.label
        in_article = context[unit.anchor]
        if unit.node.kind in _TEXT_KINDS:
            if _article_marker(unit.node.text or ""):
                pass  # an article: its number and label are set by _walk
            else:
                group = (unit.attachment or "") + (in_article or unit.number)
                seen[group] = seen.get(group, 0) + 1
                if in_article:
                    number = f"{in_article}第{seen[group]}段"
                elif counts[key] > 1:
                    number = f"{unit.number}第{seen[group]}段"
                label = number
        elif counts[key] > 1 or (in_article and unit.anchor not in parents):
            chain, parent = [number], parents.get(unit.anchor)
            while parent is not None:
                chain.insert(0, parent.number.rstrip("、.．"))
                parent = parents.get(parent.anchor)
            if len(chain) == 1 and in_article:
                chain.insert(0, in_article)
            number = "".join(chain)
            if number != unit.number and not label.startswith(number):
                label = number + label[len(unit.number):] if label.startswith(unit.number) \
                    else f"{number} {label}"
        prefix = prefixes.get(unit.attachment or "")
        if prefix:
            number, label = f"{prefix} {number}", f"{prefix} {label}"
        out.append(replace(unit, number=number, label=label))
    return _unique(out)


_ARTICLE = re.compile(r"第[一二三四五六七八九十百零〇两\d]+条")
_CN_DIGITS = "一二三四五六七八九十"


def _article_marker(text: str) -> str | None:
    """第一条 when ``text`` is an article's heading alone (第一条（目的）, 第二条 适用范围)."""
    text = text.strip()
    found = _ARTICLE.match(text)
    if not found:
        return None
    rest = text[found.end():].strip()
    if not rest or (len(rest) <= 30 and rest[0] in "（(" and rest[-1] in "）)"):
        return found.group()
    return None


def _attachment_prefixes(found: list[Unit]) -> dict[str, str]:
    """附件 (one attached document next to a wrapper's text) or 附件一, 附件二 … (several)."""
    titles = list(dict.fromkeys(u.attachment for u in found if u.attachment))
    wrapper = any(not u.attachment for u in found)
    if len(titles) > 1:
        out = {}
        for i, title in enumerate(titles, 1):
            unit = next(u for u in found if u.attachment == title)
            written = _attachment_number(unit.node)
            n = int(written) if written.isdigit() else i
            out[title] = "附件" + (_CN_DIGITS[n - 1] if n <= len(_CN_DIGITS) else str(n))
        return out
    if titles and wrapper:
        return {titles[0]: "附件"}
    return {}


def _unique(found: list[Unit]) -> list[Unit]:
    """What is still written twice (a parser that left two 第五条) gets 之2, 之3 …."""
    from dataclasses import replace

    seen: dict[str, int] = {}
    out = []
    for unit in found:
        seen[unit.number] = seen.get(unit.number, 0) + 1
        if seen[unit.number] > 1:
            tag = f"之{seen[unit.number]}"
            unit = replace(unit, number=unit.number + tag, label=unit.label + tag
                           if unit.label == unit.number else unit.label)
        out.append(unit)
    return out


def _attachment_count(found: list[Unit]) -> int:
    return len({u.attachment for u in found if u.attachment})


def _attachment_number(node: Node) -> str:
    """att2-s1-c3 → 2."""
    head = node.id.split("-", 1)[0]
    return head[3:] if head.startswith("att") else ""
