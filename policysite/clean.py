"""Text → the lines of the document, the lines dropped (with reasons) and metadata found in chrome.

Guarantees (tested in ``tests/test_lossless.py``, ``tests/test_hostile.py`` and by Hypothesis):

1. Never raises, whatever the text.
2. Nothing is lost: every character of the text that is not whitespace is either in a kept
   :class:`Line` or in a :class:`~policysite.model.Dropped` entry, in source order; a dropped
   part of a line (a zero-width character, a Markdown ``##``) records its column.
3. Idempotent: cleaning the joined kept lines again keeps them all and drops nothing.
4. Kept lines are stripped of surrounding whitespace and are never empty.
5. Metadata read from page chrome (发文机关, 成文日期, 发文字号, 主题分类, 索引号, 标题,
   发布日期) is
   returned in ``meta``; the chrome lines themselves are dropped with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from policysite import chars
from policysite.model import Dropped

# Reasons, as they appear in data/documents/*.yml `dropped`.
R_ZERO_WIDTH = "zero-width characters"
R_ZERO_WIDTH_LINE = "line of only zero-width characters"
R_FRONT_MATTER = "markdown front matter"
R_COMMENT = "markdown comment marker"
R_MD_HEADING = "markdown heading mark"
R_GOV_LABEL = "gov.cn metadata table: label"
R_GOV_VALUE = "gov.cn metadata table: value"
R_PAGE_FOOTER = "page chrome: footer"
R_PAGE_CHROME = "page chrome"

_ZERO_WIDTH = re.compile(chars.cls(chars.ZERO_WIDTH) + "+")
_MD_HEADING = re.compile(r"^(#{1,6})[ \t]+")
_COMMENT_OPEN = "<!--"
_COMMENT_CLOSE = "-->"

# gov.cn's metadata table: each label on a line of its own, its value on the next non-blank line.
# Labels are spaced out with ASCII or ideographic spaces (「索 引 号：」「标　　题：」).
_GOV_LABELS = {
    "索引号": "index_number",
    "主题分类": "topic",
    "发文机关": "issuers",
    "成文日期": "date",
    "标题": "title",
    "发文字号": "doc_number",
    "发布日期": "published",
    "主题词": "keywords",
}
_GOV_LABEL = re.compile(
    r"^("
    + "|".join(r"\s*".join(label) for label in _GOV_LABELS)
    + r")\s*"
    + chars.cls(chars.COLONS)
    + r"\s*(.*)$"
)

# Lines that start a web page's footer: everything from here to the end is site chrome.
_FOOTER_START = re.compile(r"^(责任编辑|【责任编辑|编辑[：:]|来源[：:].*责任编辑)")
# Single chrome lines recognised wherever they are.
_CHROME_LINE = re.compile(
    r"^(扫一扫在手机打开当前页|打印本页|关闭窗口|【打印】|【关闭】|分享到[：:]?"
    r"|精选(专题|文章|视频|图片)|微信公众平台.*|您也可以通过点击图标.*|微博|客户端"
    r"|.*京公网安备.*|.*ICP备\d+号.*)$"
)


@dataclass(frozen=True)
class Line:
    """A kept line: 1-based source line number and its text, stripped."""

    number: int
    text: str
    md_level: int = 0  # 1 for a Markdown '# …' line, 2 for '## …', 0 otherwise


@dataclass(frozen=True)
class Cleaned:
    lines: tuple[Line, ...]
    dropped: tuple[Dropped, ...]
    meta: dict[str, str] = field(default_factory=dict)


def clean(text: str, drop: Mapping[int, str] | None = None) -> Cleaned:
    """Split ``text`` into document lines and dropped chrome.

    ``drop`` maps line numbers to the reason a source reader already knows they are not part
    of the document (front matter, a repository disclaimer, a web page's navigation).

    >>> c = clean("索 引 号：\\n\\n000014349/2018-00221\\n\\n一、总体要求\\n扫一扫在手机打开当前页")
    >>> [line.text for line in c.lines]
    ['一、总体要求']
    >>> c.meta
    {'index_number': '000014349/2018-00221'}
    >>> [d.reason for d in c.dropped]
    ['gov.cn metadata table: label', 'gov.cn metadata table: value', 'page chrome']
    """
    raw_lines = text.split("\n")
    kept: list[Line] = []
    dropped: list[Dropped] = []
    meta: dict[str, str] = {}
    # An unclosed "<!--" (a scraped text quoting HTML) is text, not a comment that runs to the end.
    state = _State(last_close=max(
        (n for n, line in enumerate(raw_lines, 1) if _COMMENT_CLOSE in line), default=0))

    drop = drop or {}
    for number, raw in enumerate(raw_lines, start=1):
        if not raw.strip():
            continue
        if number in drop:
            dropped.append(Dropped(number, raw.strip(), drop[number]))
            continue
        if not _ZERO_WIDTH.sub("", raw).strip():
            dropped.append(Dropped(number, raw.strip(), R_ZERO_WIDTH_LINE))
            continue
        stripped = _strip_zero_width(raw, number, dropped).strip()
        reason = state.drop_reason(stripped, number, meta)
        if reason:
            dropped.append(Dropped(number, stripped, reason))
            continue
        md_level = 0
        heading = _MD_HEADING.match(stripped)
        if heading:
            md_level = len(heading.group(1))
            dropped.append(Dropped(number, heading.group(1), R_MD_HEADING))
            stripped = stripped[heading.end() :].strip()
            if not stripped:
                continue
        kept.append(Line(number, stripped, md_level))
    return Cleaned(tuple(kept), tuple(dropped), meta)


class _State:
    """What the line-by-line pass needs to remember: front matter, comments, tables, footers."""

    def __init__(self, last_close: int = 0) -> None:
        self.last_close = last_close  # the last line holding "-->" (0: none)
        self.seen_content = False
        self.in_front_matter = False
        self.in_comment = False
        self.in_footer = False
        self.pending_label: str | None = None
        self.table_title = ""

    def drop_reason(self, text: str, number: int, meta: dict[str, str]) -> str | None:
        if self.in_footer:
            return R_PAGE_FOOTER
        if self.in_front_matter:
            if text == "---":
                self.in_front_matter = False
            return R_FRONT_MATTER
        if text == "---" and not self.seen_content:
            self.in_front_matter = True
            return R_FRONT_MATTER
        if self.in_comment or (text.startswith(_COMMENT_OPEN) and number <= self.last_close):
            self.in_comment = _COMMENT_CLOSE not in text
            return R_COMMENT
        label = _GOV_LABEL.match(text)
        if label and self._table_possible():
            key = _GOV_LABELS[re.sub(r"\s", "", label.group(1))]
            value = label.group(2).strip()
            if value:
                self._store(key, value, meta)
            else:
                self.pending_label = key
            return R_GOV_LABEL
        if self.pending_label:
            key, self.pending_label = self.pending_label, None
            if key == "keywords" and self._starts_title(text):
                # 主题词 is often empty: the value line is then the title of the document.
                pass
            else:
                self._store(key, text, meta)
                return R_GOV_VALUE
        if _FOOTER_START.match(text):
            self.in_footer = True
            return R_PAGE_FOOTER
        if _CHROME_LINE.match(text):
            return R_PAGE_CHROME
        self.seen_content = True
        return None

    def _table_possible(self) -> bool:
        return not self.seen_content

    def _starts_title(self, text: str) -> bool:
        title = re.sub(r"\s", "", self.table_title)
        return bool(title) and title.startswith(re.sub(r"\s", "", text)[:6])

    def _store(self, key: str, value: str, meta: dict[str, str]) -> None:
        if key == "title":
            self.table_title = value
        meta[key] = value


def _strip_zero_width(raw: str, number: int, dropped: list[Dropped]) -> str:
    """Remove zero-width characters, recording each run with its column."""
    if not _ZERO_WIDTH.search(raw):
        return raw
    for match in _ZERO_WIDTH.finditer(raw):
        dropped.append(Dropped(number, match.group(0), R_ZERO_WIDTH, column=match.start()))
    return _ZERO_WIDTH.sub("", raw)
