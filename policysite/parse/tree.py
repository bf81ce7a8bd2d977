"""Stage 3: frame → draft tree.  Numbered lines nest in the order their styles first appear;
unnumbered lines become preamble, 款 paragraphs or closing text; frame lines (文号, 主送, 落款,
notes, 附件 lists) keep their place in reading order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policysite import chars
from policysite.parse.frame import Block, Frame
from policysite.parse.tokens import FRAME_TOKENS, STYLES, Token, join

MAX_INLINE_HEADING = 20  # characters before the 。 of an inline heading
MAX_OWN_LINE_HEADING = 25
_STOPS = chars.cls(chars.SENTENCE_STOPS)
_MODAL_IN_HEADING = re.compile("应当|必须|须|可以|不得|严禁|禁止")
_SIBLING_OR_UP = {"chapter", "subchapter", "article", "section"}


@dataclass
class Draft:
    """A node under construction (ids are given and the tree frozen by :mod:`.ids`)."""

    kind: str
    line: int
    marker: str | None = None
    num: str | None = None
    heading: str | None = None
    text: str | None = None
    style: str | None = None
    title: str | None = None
    children: list[Draft] = field(default_factory=list)


def tree(found: Frame) -> list[Draft]:
    """The drafts of the whole source: main document, frame lines after it, attachments."""
    drafts = _subdocument(found.main.body, found.main.title)
    drafts.extend(_frame_draft(t) for t in found.after_main)
    for block in found.attachments:
        drafts.append(_attachment(block))
    return drafts


def _attachment(block: Block) -> Draft:
    draft = Draft("attachment", block.line, title=join(block.title) or None)
    draft.children = _subdocument(block.body, block.title)
    draft.children.extend(_frame_draft(t) for t in block.tail)
    return draft


def _subdocument(tokens: tuple[Token, ...], title: tuple[Token, ...]) -> list[Draft]:
    """One document's nodes: its title, frame lines and numbered body, in reading order."""
    out: list[Draft] = []
    if title:
        out.append(Draft("title", title[0].line.number, text=join(title)))
    root = Draft("root", 0)
    stack: list[Draft] = []
    seen_numbered = False
    last_numbered = max((i for i, t in enumerate(tokens) if t.kind in STYLES), default=-1)
    for i, token in enumerate(tokens):
        kind = token.kind
        if kind in STYLES:
            seen_numbered = True
            draft = _numbered(token, tokens[i + 1] if i + 1 < len(tokens) else None)
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
        if kind in FRAME_TOKENS and (kind != "addressee" or opening):
            root.children.append(_frame_draft(token))
            if kind == "annex":
                stack.clear()  # a 附件 list ends the numbered body: what follows is not inside it
            continue
        # An unnumbered paragraph.
        text = token.line.text
        if not stack:
            kind = "preamble" if not seen_numbered else "closing"
            root.children.append(Draft(kind, token.line.number, text=text))
        elif i > last_numbered and _closes(stack):
            stack.clear()
            root.children.append(Draft("closing", token.line.number, text=text))
        else:
            stack[-1].children.append(Draft("paragraph", token.line.number, text=text))
    out.extend(root.children)
    if not seen_numbered:
        for draft in out:
            if draft.kind == "preamble":
                draft.kind = "paragraph"
    return out


def _numbered(token: Token, following: Token | None) -> Draft:
    draft = Draft(
        token.kind, token.line.number, marker=token.marker, num=token.num, style=token.kind
    )
    rest = token.rest
    if not rest:
        return draft
    if token.kind in ("chapter", "subchapter"):
        draft.heading = rest
    elif token.kind == "article":
        heading = _ARTICLE_HEADING.match(rest)
        if heading and not _NUMBER_ONLY.match(heading.group(2)):
            # 第一条（目的）: the bracketed words are the article's heading, as written
            draft.heading, draft.text = heading.group(1), heading.group(3) or None
        else:
            draft.text = rest
    else:
        draft.heading, draft.text = _split_heading(rest, token.line.md_level, following)
    return draft


# An article's heading in brackets right after its number: 第一条（目的和依据）; not （一）, a 项.
_ARTICLE_HEADING = re.compile(
    rf"^({chars.cls(chars.LPAREN)}([^{chars.SENTENCE_STOPS}（）()]{{1,20}}){chars.cls(chars.RPAREN)})"
    r"\s*(.*)$",
    re.S,
)
_NUMBER_ONLY = re.compile(rf"^({chars.CN_DIGIT}+|[0-9０-９]+)$")


def _split_heading(
    rest: str, md_level: int, following: Token | None
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


def _frame_draft(token: Token) -> Draft:
    kind = {
        "doc_number": "doc_number",
        "addressee": "addressee",
        "note": "note",
        "annex": "attachment_list",
        "date": "date",
        "signature": "signature",
        "adoption": "note",
        "contents": "contents",
        "title_like": "signature",
    }.get(token.kind, "paragraph")
    return Draft(kind, token.line.number, text=token.line.text)


def _closes(stack: list[Draft]) -> bool:
    """Trailing paragraphs close the document when the last numbered node sits below a
    heading-only top-level node (五、加强组织保障 → （二十）…), not inside an article."""
    return bool(
        len(stack) >= 2
        and stack[0].text is None
        and stack[0].heading is not None
        and stack[-1].kind != "article"
        and (stack[-1].heading or stack[-1].text)
    )
