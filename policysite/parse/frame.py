"""Stage 2: tokens → frame.  Where the title is, which lines repeat it, where the 落款 ends the
main document and where each document a wrapper 通知 carries starts.

The result is plain data: blocks of tokens.  A 落款 line is a new token of kind ``signature``
(the input tokens are never changed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from policysite.model import Dropped
from policysite.parse.tokens import STYLES, Token, join

MAX_TITLE_LINES = 4
MAX_SIGNATURE = 40  # characters of a 落款 line before the date
MAX_SIGNATURE_LINES = 4
WRAPPER = re.compile("印发|转发|批转")  # a joint 落款 with one issuer per line
# A line that is only organisation names (a 落款 line of a joint document).
ORG_NAME = re.compile(
    r"(?:[\u4e00-\u9fff]{1,30}?(?:政府|委员会|办公厅|办公室|军委|局|委|院|厅|办|部|会|署|室|中心|公司)"
    r"[\s\u3000、]*)+"
)
DOC_TYPES = (
    "意见", "通知", "规定", "办法", "方案", "报告", "细则", "条例", "决定", "规则", "纲要",
    "计划", "规划", "标准", "制度", "准则", "章程", "指引", "指南", "批复", "通告", "公告",
    "通报",
)  # fmt: skip


@dataclass(frozen=True)
class Block:
    """One document inside the source: its title lines, its body and the lines after its 落款."""

    title: tuple[Token, ...]
    body: tuple[Token, ...]
    tail: tuple[Token, ...] = ()
    line: int = 0  # first source line (attachments)


@dataclass(frozen=True)
class Frame:
    main: Block
    after_main: tuple[Token, ...]  # notes, 附件 lists and dates after the main 落款
    attachments: tuple[Block, ...]
    repeated_title: tuple[Dropped, ...]  # lines that repeat the title, dropped


def frame(tokens: tuple[Token, ...], dropped_lines: frozenset[int]) -> Frame:
    """Find the title, the main document and the attachments."""
    start = 0
    while start < len(tokens) and tokens[start].kind == "doc_number":
        start += 1  # a 文号 line above the title (some pages print it first)
    title, pos = _title(tokens, start, dropped_lines)
    if not title:
        pos = 0
    texts = [t.line.text for t in title]
    repeated = []
    while title and pos < len(tokens) and tokens[pos].line.text in texts:
        line = tokens[pos].line
        repeated.append(Dropped(line.number, line.text, "repeated title"))
        pos += 1
    end, body = _wrapper_end(tokens[pos:])
    if end == len(tokens) - pos and WRAPPER.search(join(title)):
        end, body = _undated_wrapper_end(tokens[pos:])
    if title and start:
        body = (*tokens[:start], *body)
    main = Block(tuple(title), body)
    rest = tokens[pos + end:]
    lead = 0
    # Notes and 附件 lists that follow the 落款 belong to the wrapper.
    while lead < len(rest) and rest[lead].kind in ("note", "annex", "date"):
        lead += 1
    return Frame(main, rest[:lead], _attachments(rest[lead:], dropped_lines), tuple(repeated))


def _attachments(tokens: tuple[Token, ...], dropped_lines: frozenset[int]) -> tuple[Block, ...]:
    """Documents a wrapper carries, after its 落款: each starts with its own title."""
    starts = [i for i, _ in enumerate(tokens) if _starts_attachment(tokens, i)]
    if tokens and (not starts or starts[0] != 0):
        starts.insert(0, 0)
    blocks = []
    for n, start in enumerate(starts):
        stop = starts[n + 1] if n + 1 < len(starts) else len(tokens)
        chunk = tokens[start:stop]
        title, used = _title(chunk, 0, dropped_lines)
        end, body = _wrapper_end(chunk[used:])
        blocks.append(Block(tuple(title), body, chunk[used + end:], chunk[0].line.number))
    return tuple(blocks)


def _title(
    tokens: tuple[Token, ...], pos: int, dropped_lines: frozenset[int]
) -> tuple[list[Token], int]:
    """Consecutive title-like lines at ``pos`` (a title may be split over lines)."""
    found: list[Token] = []
    while pos < len(tokens) and len(found) < MAX_TITLE_LINES:
        token = tokens[pos]
        if token.kind != "title_like" or (found and token.line.md_level):
            break
        if found and token.line.text == found[0].line.text:
            break  # a repeated title
        if found and any(found[-1].line.number < n < token.line.number for n in dropped_lines):
            break  # a title does not run on across removed chrome
        found.append(token)
        pos += 1
        if token.line.md_level == 1 or ends_with_doc_type(join(found)):
            break
    return found, pos


def _wrapper_end(tokens: tuple[Token, ...]) -> tuple[int, tuple[Token, ...]]:
    """Index just past a document's 落款 (signature + date) or its end, and the tokens up to
    there with the 落款 line re-kinded as ``signature``."""
    for i, token in enumerate(tokens):
        if token.kind == "date":
            body = list(tokens)
            before = tokens[i - 1] if i > 0 else None
            if before and before.kind == "title_like" and len(before.line.text) <= MAX_SIGNATURE:
                body[i - 1] = replace(before, kind="signature")
                # A joint 落款 may put each issuer on a line of its own (市交通委 / 市公安局).
                j = i - 2
                while j >= 0 and i - j <= MAX_SIGNATURE_LINES and _is_issuer_line(tokens[j]):
                    body[j] = replace(tokens[j], kind="signature")
                    j -= 1
            # Stay on the wrapper for notes right after the date.
            end = i + 1
            while end < len(tokens) and tokens[end].kind in ("note", "annex"):
                end += 1
            return end, tuple(body[:end])
    return len(tokens), tokens


def _undated_wrapper_end(tokens: tuple[Token, ...]) -> tuple[int, tuple[Token, ...]]:
    """A wrapper 通知 without a dated 落款 (批转/印发 notices copied without it): it ends where
    the carried document's title starts, before any numbering; a line of organisation names
    just before that title is its 落款."""
    first_numbered = next((i for i, t in enumerate(tokens) if t.kind in STYLES), len(tokens))
    start = next((i for i in range(1, first_numbered) if _starts_attachment(tokens, i)), None)
    if start is None:
        return len(tokens), tokens
    if _is_issuer_line(tokens[start]) and _starts_attachment(tokens, start + 1, after_title=True):
        start += 1  # 「虹口区人民政府办公室」 then the title: the line is the 落款, not the title
    body = list(tokens[:start])
    if _is_issuer_line(body[-1]):
        body[-1] = replace(body[-1], kind="signature")
    return start, tuple(body)


def _is_issuer_line(token: Token) -> bool:
    return (token.kind == "title_like" and len(token.line.text) <= MAX_SIGNATURE
            and bool(ORG_NAME.fullmatch(token.line.text)))


def _starts_attachment(tokens: tuple[Token, ...], i: int, after_title: bool = False) -> bool:
    """A title of an attached document: title-like lines ending in 规定/意见/… then body."""
    if i >= len(tokens) or tokens[i].kind != "title_like":
        return False
    if i > 0 and tokens[i - 1].kind == "title_like" and not after_title:
        return False
    run: list[Token] = []
    j = i
    while j < len(tokens) and tokens[j].kind == "title_like" and len(run) < MAX_TITLE_LINES:
        run.append(tokens[j])
        j += 1
    return ends_with_doc_type(join(run)) and j < len(tokens)


def ends_with_doc_type(text: str) -> bool:
    return text.endswith(DOC_TYPES)
