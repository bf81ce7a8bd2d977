"""Cleaned lines → a :class:`~policysite.model.Document` tree.

The parser reads the frame of a document (title, 文号, 主送, 落款, notes), the numbered body
(一、（一）1.（1）① and 第一章/第一节/第一条 with 款 and 项) and the documents a wrapper
通知 carries.
Nesting follows the order in which numbering styles first appear, so any hierarchy of styles
parses; a gap or a duplicate in numbering is a warning with file and line, never a crash.

>>> from policysite.clean import clean
>>> doc = parse(clean("关于加强管理的意见\\n一、总体要求\\n（一）指导思想。要坚持。"), "x.txt")
>>> [(n.id, n.marker, n.heading, n.text) for n in doc.walk()][1:]
[('s1', '一、', '总体要求', None), ('s1-c1', '（一）', '指导思想。', '要坚持。')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policysite import chars
from policysite.clean import Cleaned, Line
from policysite.errors import SourceError
from policysite.model import Document, Dropped, Node, Source, Warning_
from policysite.numerals import parse_date, to_int

CN = chars.CN_DIGIT
LP, RP = chars.cls(chars.LPAREN), chars.cls(chars.RPAREN)

# Numbering styles: (style, pattern).  Groups: 1 marker, 2 number, 3 the rest of the line.
_NUMBERING = (
    ("chapter", re.compile(rf"^(第({CN}+)章)\s*(.*)$")),
    ("subchapter", re.compile(rf"^(第({CN}+)节)\s*(.*)$")),
    ("article", re.compile(rf"^(第({CN}+)条)(?:\s+(.*)|$)")),
    ("section", re.compile(rf"^(({CN}+)、)\s*(.*)$")),
    ("clause", re.compile(rf"^({LP}({CN}+){RP})\s*(.*)$")),
    ("item", re.compile(r"^(([0-9０-９]{1,3})[.．、])(?![0-9０-９])\s*(.*)$")),
    ("subitem", re.compile(rf"^({LP}([0-9０-９]{{1,3}}){RP})\s*(.*)$")),
    ("point", re.compile(rf"^(([{chars.CIRCLED}]))\s*(.*)$")),
)
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

_STOPS = chars.cls(chars.SENTENCE_STOPS)
_TITLE_BREAKERS = re.compile(chars.cls(chars.SENTENCE_STOPS + chars.COMMAS + chars.COLONS))
_DOC_NUMBER = re.compile(
    rf"^[{chars.CJK}]{{1,15}}{chars.cls(chars.L_LENTICULAR + '（(')}\d{{4}}"
    rf"{chars.cls(chars.R_LENTICULAR + '）)')}\d+号$"
)
_DATE_LINE = re.compile(
    r"^(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
    r"|[〇零○一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)$"
)
_NOTE = re.compile(rf"^{LP}(此件[^）)]*|本文有删减|[^）)]{{0,20}}删减[^）)]*){RP}$")
_ADOPTION = re.compile(
    rf"^{LP}?(\d{{4}}年\d{{1,2}}月\d{{1,2}}日)\s*(.{{2,80}}?)(通过|公布|发布|修订|修正|批准){RP}?$"
)
_ANNEX = re.compile(r"^附\s*件\s*[0-9０-９]*\s*" + chars.cls(chars.COLONS))
_ADDRESSEE = re.compile(r"^[^。；！？]{2,300}" + chars.cls(chars.COLONS) + "$")
_NOT_ADDRESSEE = re.compile(r"^(为|根据|按照|经|现)|以下|如下|下列")
_TITLE_ISSUER = re.compile(r"^(.{2,30}?(?:国务院|办公厅|委员会|政府|部|委|局|署|院|厅))关于")
_PART_SUFFIX = re.compile(rf"{LP}([0-9０-９]{{1,2}}){RP}$")
DOC_TYPES = (
    "意见",
    "通知",
    "规定",
    "办法",
    "方案",
    "报告",
    "细则",
    "条例",
    "决定",
    "规则",
    "纲要",
    "计划",
    "规划",
    "标准",
    "制度",
    "准则",
    "章程",
    "指引",
    "指南",
    "批复",
    "通告",
    "公告",
)
_MODAL_IN_HEADING = re.compile("应当|必须|须|可以|不得|严禁|禁止")
_ISSUER_SPLIT = re.compile(r"[\s\u3000、]+")

MAX_TITLE_LINES = 4
MAX_INLINE_HEADING = 20  # characters before the 。 of an inline heading
MAX_OWN_LINE_HEADING = 25


@dataclass
class _Token:
    kind: str  # a numbering style, or paragraph | title_like | doc_number | date | note | …
    line: Line
    marker: str | None = None
    num: str | None = None
    rest: str = ""


@dataclass
class _Draft:
    """A node under construction (the tree is frozen once parsing ends)."""

    kind: str
    line: int
    marker: str | None = None
    num: str | None = None
    heading: str | None = None
    text: str | None = None
    style: str | None = None
    title: str | None = None
    children: list[_Draft] = field(default_factory=list)


def parse(
    cleaned: Cleaned, path: str, source: Source | None = None, errors: str = "warn"
) -> Document:
    """Parse cleaned lines into a document.

    ``errors='strict'`` turns the first warning into a :class:`SourceError`.
    """
    parser = _Parser(cleaned, path)
    document = parser.run(source or Source(path, "", "utf-8"))
    if errors == "strict" and document.warnings:
        first = document.warnings[0]
        raise SourceError(
            first.file,
            first.message,
            line=first.line,
            hint="fix the source or ingest with --errors warn",
        )
    return document


class _Parser:
    def __init__(self, cleaned: Cleaned, path: str):
        self.cleaned = cleaned
        self.path = path
        self.tokens = [_classify(line) for line in cleaned.lines]
        self.dropped: list[Dropped] = list(cleaned.dropped)
        self.dropped_lines = {d.line for d in cleaned.dropped}
        self.warnings: list[Warning_] = []

    def run(self, source: Source) -> Document:
        meta = self.cleaned.meta
        tokens = self.tokens
        title_tokens, pos = self._title(tokens, 0)
        title_text, part = _title_text(title_tokens)
        pos = self._skip_repeated_title(tokens, pos, title_tokens)
        end = _wrapper_end(tokens, pos)
        body = self._subdocument(tokens[pos:end], title_tokens)
        attachments = self._attachments(tokens[end:])
        body.extend(attachments)
        nodes = _freeze(body, "")
        self._check_numbering(nodes)
        if not any(n.kind in _STRUCTURED for n in _walk(nodes)) and nodes:
            first_line = tokens[0].line.number if tokens else 1
            self.warnings.append(
                Warning_(
                    self.path,
                    first_line,
                    "no numbering found (一、 （一） 1. 第一条 …): "
                    "the text is kept as unnumbered paragraphs",
                )
            )
        title = title_text or meta.get("title") or (tokens[0].line.text if tokens else self.path)
        issuers, date = _issuers_and_date(nodes, meta)
        doc_number = next((n.text for n in nodes if n.kind == "doc_number"), None)
        addressees = tuple(
            a
            for n in nodes
            if n.kind == "addressee"
            for a in re.split("[，,]", n.text.rstrip("：:"))
        )
        parts = (part,) if part else ()
        if part:
            source = Source(source.file, source.sha256, source.encoding, part)
        return Document(
            id="",
            title=title,
            source=source,
            parts=parts,
            missing_parts=tuple(range(1, part)) if part else (),
            doc_number=doc_number or meta.get("doc_number"),
            issuers=issuers,
            date=date,
            published=parse_date(meta.get("published", "")),
            topic=meta.get("topic"),
            index_number=meta.get("index_number"),
            addressees=addressees,
            sources=(source,),
            dropped=tuple(sorted(self.dropped, key=lambda d: (d.line, d.column or 0))),
            body=nodes,
            warnings=tuple(self.warnings),
        )

    # -- frame -----------------------------------------------------------------------------
    def _title(self, tokens: list[_Token], pos: int) -> tuple[list[_Token], int]:
        """Consecutive title-like lines at ``pos`` (a title may be split over lines)."""
        found: list[_Token] = []
        while pos < len(tokens) and len(found) < MAX_TITLE_LINES:
            token = tokens[pos]
            if token.kind != "title_like" or (found and token.line.md_level):
                break
            if found and token.line.text == found[0].line.text:
                break  # a repeated title, handled by _skip_repeated_title
            if found and self._dropped_between(found[-1].line.number, token.line.number):
                break  # a title does not run on across removed chrome
            found.append(token)
            pos += 1
            if token.line.md_level == 1 or _ends_with_doc_type(_join(found)):
                break
        return found, pos

    def _dropped_between(self, first: int, last: int) -> bool:
        return any(first < line < last for line in self.dropped_lines)

    def _skip_repeated_title(self, tokens: list[_Token], pos: int, title: list[_Token]) -> int:
        texts = [t.line.text for t in title]
        while title and pos < len(tokens) and tokens[pos].line.text in texts:
            line = tokens[pos].line
            self.dropped.append(Dropped(line.number, line.text, "repeated title"))
            pos += 1
        return pos

    def _attachments(self, tokens: list[_Token]) -> list[_Draft]:
        """Documents a wrapper carries, after its 落款: each starts with its own title."""
        drafts: list[_Draft] = []
        pos = 0
        # Notes and 附件 lists that follow the 落款 belong to the wrapper.
        while pos < len(tokens) and tokens[pos].kind in ("note", "annex", "date"):
            pos += 1
        leading = tokens[:pos]
        tokens = tokens[pos:]
        frame = [_frame_draft(t) for t in leading]
        starts = [i for i, t in enumerate(tokens) if _starts_attachment(tokens, i)]
        if tokens and (not starts or starts[0] != 0):
            starts.insert(0, 0)
        for n, start in enumerate(starts):
            stop = starts[n + 1] if n + 1 < len(starts) else len(tokens)
            chunk = tokens[start:stop]
            title, used = self._title(chunk, 0)
            draft = _Draft("attachment", chunk[0].line.number, title=_join(title) or None)
            end = _wrapper_end(chunk, used)
            draft.children = self._subdocument(chunk[used:end], title)
            draft.children.extend(_frame_draft(t) for t in chunk[end:])
            drafts.append(draft)
        return frame + drafts

    # -- body ------------------------------------------------------------------------------
    def _subdocument(self, tokens: list[_Token], title: list[_Token]) -> list[_Draft]:
        """One document's nodes: its title, frame lines and numbered body, in reading order."""
        out: list[_Draft] = []
        if title:
            out.append(_Draft("title", title[0].line.number, text=_join(title)))
        root = _Draft("root", 0)
        stack: list[_Draft] = []
        seen_numbered = False
        last_numbered = max((i for i, t in enumerate(tokens) if t.kind in _STYLES), default=-1)
        for i, token in enumerate(tokens):
            kind = token.kind
            if kind in _STYLES:
                seen_numbered = True
                draft = self._numbered(token, tokens[i + 1] if i + 1 < len(tokens) else None)
                while stack and kind in {d.style for d in stack}:
                    if stack.pop().style == kind:
                        break
                parent = stack[-1] if stack else root
                if kind == "clause" and parent.style == "article":
                    draft.kind = "provision"
                parent.children.append(draft)
                stack.append(draft)
                continue
            opening = not seen_numbered and not any(d.kind == "preamble" for d in root.children)
            if kind in _FRAME_TOKENS and (kind != "addressee" or opening):
                root.children.append(_frame_draft(token))
                continue
            # An unnumbered paragraph.
            text = token.line.text
            if not stack:
                kind = "preamble" if not seen_numbered else "closing"
                root.children.append(_Draft(kind, token.line.number, text=text))
            elif i > last_numbered and _closes(stack):
                stack.clear()
                root.children.append(_Draft("closing", token.line.number, text=text))
            else:
                stack[-1].children.append(_Draft("paragraph", token.line.number, text=text))
        out.extend(root.children)
        if not seen_numbered:
            for draft in out:
                if draft.kind == "preamble":
                    draft.kind = "paragraph"
        return out

    def _numbered(self, token: _Token, following: _Token | None) -> _Draft:
        draft = _Draft(
            token.kind, token.line.number, marker=token.marker, num=token.num, style=token.kind
        )
        rest = token.rest
        if not rest:
            return draft
        if token.kind in ("chapter", "subchapter"):
            draft.heading = rest
        elif token.kind == "article":
            draft.text = rest
        else:
            draft.heading, draft.text = _split_heading(rest, token.line.md_level, following)
        return draft

    # -- checks ----------------------------------------------------------------------------
    def _check_numbering(self, nodes: tuple[Node, ...]) -> None:
        last_by_style: dict[tuple[str, str], int] = {}
        self._check_children(nodes, last_by_style, scope="")

    def _check_children(self, nodes, last_by_style, scope: str) -> None:
        previous: dict[str, int] = {}
        for node in nodes:
            if node.kind == "attachment":
                self._check_children(node.children, {}, scope=node.id)
                continue
            if node.num is not None and node.kind in _STRUCTURED:
                value = to_int(node.num)
                key = (scope, node.kind)
                if node.kind in previous:
                    expected = previous[node.kind] + 1
                    if value != expected:
                        what = "is repeated" if value == previous[node.kind] else "skips"
                        self.warnings.append(
                            Warning_(
                                self.path,
                                node.line,
                                f"numbering {what}: expected {node.marker[0]}…{expected} here, "
                                f"found {node.marker}",
                            )
                        )
                elif value not in (1, last_by_style.get(key, 0) + 1) and key in last_by_style:
                    self.warnings.append(
                        Warning_(
                            self.path,
                            node.line,
                            f"numbering starts at {node.marker}, after {last_by_style[key]} "
                            "in the previous part",
                        )
                    )
                previous[node.kind] = value
                last_by_style[key] = value
            self._check_children(node.children, last_by_style, scope)


_STYLES = {style for style, _ in _NUMBERING}
_STRUCTURED = _STYLES | {"provision"}
_FRAME_TOKENS = {"doc_number", "addressee", "note", "annex", "date", "signature", "adoption"}


def _classify(line: Line) -> _Token:
    text = line.text
    if line.md_level and re.fullmatch(f"{CN}+", text):
        return _Token("section", line, marker=text, num=text, rest="")
    for style, pattern in _NUMBERING:
        match = pattern.match(text)
        if match:
            return _Token(
                style,
                line,
                marker=match.group(1),
                num=match.group(2),
                rest=(match.group(3) or "").strip(),
            )
    if _DOC_NUMBER.match(text):
        return _Token("doc_number", line)
    if _DATE_LINE.match(text):
        return _Token("date", line)
    if _NOTE.match(text):
        return _Token("note", line)
    if _ADOPTION.match(text):
        return _Token("adoption", line)
    if _ANNEX.match(text):
        return _Token("annex", line)
    if _ADDRESSEE.match(text) and not _NOT_ADDRESSEE.search(text):
        return _Token("addressee", line)
    if not _TITLE_BREAKERS.search(text) and len(text) <= 80:
        return _Token("title_like", line)
    return _Token("paragraph", line)


def _split_heading(
    rest: str, md_level: int, following: _Token | None
) -> tuple[str | None, str | None]:
    """Heading and text of a numbered line: an own-line heading, an inline heading or text."""
    stop = re.search(_STOPS, rest)
    if md_level or (stop is None and len(rest) <= 40):
        return rest, None
    if stop is None:
        return None, rest
    first = rest[: stop.end()]
    after = rest[stop.end() :].strip()
    headingish = rest[stop.start()] == chars.FULL_STOP and not _MODAL_IN_HEADING.search(first)
    if not after:
        # 「（一）指导思想。」 on its own line is a heading when content follows it.
        own_line = following is not None and following.kind not in _SIBLING_OR_UP
        if headingish and len(first) <= MAX_OWN_LINE_HEADING and own_line:
            return rest, None
        return None, rest
    if headingish and len(first) - 1 <= MAX_INLINE_HEADING and "：" not in first:
        return first, after
    return None, rest


_SIBLING_OR_UP = {"chapter", "subchapter", "article", "section"}


def _frame_draft(token: _Token) -> _Draft:
    kind = {
        "doc_number": "doc_number",
        "addressee": "addressee",
        "note": "note",
        "annex": "attachment_list",
        "date": "date",
        "signature": "signature",
        "adoption": "note",
        "title_like": "signature",
    }.get(token.kind, "paragraph")
    return _Draft(kind, token.line.number, text=token.line.text)


def _wrapper_end(tokens: list[_Token], pos: int) -> int:
    """Index just past a document's 落款 (signature + date) or its end."""
    for i in range(pos, len(tokens)):
        token = tokens[i]
        if token.kind == "date":
            if (
                i > pos
                and tokens[i - 1].kind == "title_like"
                and len(tokens[i - 1].line.text) <= 40
            ):
                tokens[i - 1].kind = "signature"
            # Stay on the wrapper for notes right after the date.
            end = i + 1
            while end < len(tokens) and tokens[end].kind in ("note", "annex"):
                end += 1
            return end
    return len(tokens)


def _starts_attachment(tokens: list[_Token], i: int) -> bool:
    """A title of an attached document: title-like lines ending in 规定/意见/… then body."""
    if tokens[i].kind != "title_like" or (i > 0 and tokens[i - 1].kind == "title_like"):
        return False
    run = []
    j = i
    while j < len(tokens) and tokens[j].kind == "title_like" and len(run) < MAX_TITLE_LINES:
        run.append(tokens[j])
        j += 1
    return _ends_with_doc_type(_join(run)) and j < len(tokens)


def _closes(stack: list[_Draft]) -> bool:
    """Trailing paragraphs close the document when the last numbered node sits below a
    heading-only top-level node (五、加强组织保障 → （二十）…), not inside an article."""
    return (
        len(stack) >= 2
        and stack[0].text is None
        and stack[0].heading is not None
        and stack[-1].kind != "article"
        and (stack[-1].heading or stack[-1].text)
    )


def _ends_with_doc_type(text: str) -> bool:
    return text.endswith(DOC_TYPES)


def _join(tokens: list[_Token]) -> str:
    return "".join(t.line.text for t in tokens)


def _title_text(tokens: list[_Token]) -> tuple[str, int | None]:
    text = _join(tokens)
    match = _PART_SUFFIX.search(text)
    if match:
        return text[: match.start()], to_int(match.group(1))
    return text, None


def _issuers_and_date(
    nodes: tuple[Node, ...], meta: dict[str, str]
) -> tuple[tuple[str, ...], str | None]:
    signature = next((n for n in nodes if n.kind == "signature"), None)
    date_node = next((n for n in nodes if n.kind == "date"), None)
    issuers: tuple[str, ...] = ()
    if signature:
        issuers = tuple(s for s in _ISSUER_SPLIT.split(signature.text) if s)
    elif meta.get("issuers"):
        issuers = tuple(s for s in _ISSUER_SPLIT.split(meta["issuers"]) if s)
    date = parse_date(date_node.text) if date_node else parse_date(meta.get("date", ""))
    title = next((n.text for n in nodes if n.kind == "title"), "")
    if not issuers and _TITLE_ISSUER.match(title):
        issuers = tuple(_ISSUER_SPLIT.split(_TITLE_ISSUER.match(title).group(1)))
    if not issuers or not date:
        adoption = next((n for n in nodes if n.kind == "note" and _ADOPTION.match(n.text)), None)
        if adoption:
            match = _ADOPTION.match(adoption.text)
            date = date or parse_date(match.group(1))
            if not issuers:
                body = re.sub(rf"第{CN}+届|第{CN}+次会议|会议$", "", match.group(2)).strip()
                issuers = (body,) if body else ()
    return issuers, date


def _walk(nodes):
    for node in nodes:
        yield node
        yield from _walk(node.children)


def _freeze(drafts: list[_Draft], prefix: str) -> tuple[Node, ...]:
    """Give every draft its id (derived from numbering) and freeze the tree."""
    used: dict[str, int] = {}
    counters: dict[str, int] = {}
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
                children=_freeze(draft.children, node_id),
            )
        )
    return tuple(nodes)


def _segment(draft: _Draft, counters: dict[str, int], in_article: bool) -> str:
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
