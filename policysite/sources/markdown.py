"""Markdown (.md) as document repositories hold it: YAML front matter, a ``>`` disclaimer, a
``# title``, then the text.

- Front matter (between ``---`` lines at the top) is read as metadata with Chinese or English
  keys (标题/title, 文号/发文字号, 发布单位/发文机关/issuer, 成文日期, 发布日期/date …) and its
  lines dropped as ``markdown front matter``.
- Chrome rules (``chrome.yml``, ``data/chrome/*.yml``) drop disclaimers, link lines and link
  sections with their reason.
- Markdown marks are structure, never text: ``#`` marks a heading (kept for the parser, which
  records the mark in ``dropped``); ``>`` quote marks, ``**``/``__`` emphasis, list bullets and
  ``[text](url)`` links are converted (the text is kept, the mark is not); HTML entities
  (``&ldquo;``) are decoded.  The "nothing is lost" check runs on this converted text.

>>> source = "---\\n标题: 甲的通知\\n文号: 沪府发〔2024〕1号\\n---\\n\\n# 甲的通知\\n"
>>> x = read(source.encode(), "a.md", load())
>>> x.meta, sorted(x.drop)
({'title': '甲的通知', 'doc_number': '沪府发〔2024〕1号'}, [1, 2, 3, 4])
"""

from __future__ import annotations

import html
import re

import yaml

from policysite.decode import decode
from policysite.sources import Extracted, sha256
from policysite.sources.chrome import Chrome, load  # noqa: F401  (load: doctest)

R_FRONT_MATTER = "markdown front matter"
# Front matter key → metadata field (README, "Metadata precedence").
KEYS = {
    "标题": "title", "title": "title", "名称": "title",
    "文号": "doc_number", "发文字号": "doc_number", "doc_number": "doc_number",
    "发布单位": "issuers", "发文机关": "issuers", "发文单位": "issuers", "issuer": "issuers",
    "issuers": "issuers", "author": "issuers",
    "成文日期": "date", "印发日期": "date",
    "发布日期": "published", "公布日期": "published", "date": "published",
    "published": "published",
    "主题分类": "topic", "分类": "topic", "索引号": "index_number",
}  # fmt: skip
_QUOTE = re.compile(r"^\s*(>\s?)+")
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_BULLET = re.compile(r"^(\s*)[-*+]\s+")
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]{2,8});")


def read(raw: bytes, path: str, chrome: Chrome) -> Extracted:
    decoded = decode(raw, path)
    lines = decoded.text.split("\n")
    drop: dict[int, str] = {}
    meta: dict[str, str] = {}
    start = _front_matter(lines, drop, meta)
    _metadata_list(lines, start, drop, meta)
    for number, reason in chrome.drops(lines, "markdown").items():
        if number > start:
            drop.setdefault(number, reason)
    _disclosure_table(lines, start, drop, meta)
    converted = [
        line if number in drop or number <= start else _convert(line)
        for number, line in enumerate(lines, start=1)
    ]
    return Extracted("\n".join(converted), "markdown", decoded.encoding, sha256(raw), drop, meta,
                     "the front matter")


def _front_matter(lines: list[str], drop: dict[int, str], meta: dict[str, str]) -> int:
    """Read the front matter; returns the number of its last line (0 when there is none)."""
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or lines[first].strip() != "---":
        return 0
    end = next((i for i in range(first + 1, len(lines)) if lines[i].strip() in ("---", "...")),
               None)
    if end is None:
        return 0
    try:
        data = yaml.safe_load("\n".join(lines[first + 1 : end]))
    except yaml.YAMLError:
        data = _loose(lines[first + 1 : end])
    if not isinstance(data, dict):
        data = _loose(lines[first + 1 : end])
    for key, value in data.items():
        field = KEYS.get(str(key).strip().lower()) or KEYS.get(str(key).strip())
        if field and value is not None and field not in meta:
            text = "、".join(map(str, value)) if isinstance(value, list) else str(value)
            if text.strip():
                meta[field] = text.strip()
    for i in range(first, end + 1):
        if lines[i].strip():
            drop[i + 1] = R_FRONT_MATTER
    return end + 1


R_METADATA_LIST = "markdown metadata list"
# A labelled list under the title, as repositories write a law's record without front matter:
# ``- **制定机关**：上海市人民代表大会常务委员会``.
_LABELLED = re.compile(r"^\s*[-*+]\s+\*\*(?P<key>[^*]{2,10})\*\*\s*[：:]\s*(?P<value>.*?)\s*$")
# Its labels beyond the front matter's (KEYS).
LIST_KEYS = {"制定机关": "issuers", "发布机关": "issuers", "公布机关": "issuers"}


def _metadata_list(
    lines: list[str], start: int, drop: dict[int, str], meta: dict[str, str]
) -> None:
    """Read a labelled list right under the ``# title`` (at least two ``- **key**：value`` lines,
    and the ``---`` rule closing it) as metadata the front matter did not give; its lines are
    dropped as ``markdown metadata list``."""
    i = next((i for i in range(start, len(lines)) if lines[i].strip()), len(lines))
    if i < len(lines) and lines[i].startswith("# "):
        i = next((j for j in range(i + 1, len(lines)) if lines[j].strip()), len(lines))
    labelled = []
    while i < len(lines) and (m := _LABELLED.match(lines[i])):
        labelled.append((i, m.group("key").strip(), m.group("value")))
        i += 1
    if len(labelled) < 2:
        return
    for number, key, value in labelled:
        field = KEYS.get(key) or LIST_KEYS.get(key)
        if field and value and field not in meta:
            meta[field] = value
        drop[number + 1] = R_METADATA_LIST
    rule = next((j for j in range(i, len(lines)) if lines[j].strip()), None)
    if rule is not None and lines[rule].strip() == "---":
        drop[rule + 1] = R_METADATA_LIST


R_DISCLOSURE_TABLE = "page metadata table"
# The 政府信息公开 table of a bureau's page, copied as one label or value per line under the
# ``# title`` (索取号 / 3589258689/2026-00001 / 载体类型 / 发布机构 / 上海市…委员会 / 文件编号 /
# 沪建规范〔2025〕14 号 …): its labels, and the metadata field each gives (None: a label only).
TABLE_LABELS = {
    "索取号": "index_number", "索引号": "index_number", "发布机构": "issuers",
    "发文机关": "issuers", "文件编号": "doc_number", "发文字号": "doc_number",
    "成文日期": "date", "发布日期": "published", "主题分类": "topic",
    "载体类型": None, "记录形式": None, "公开类别": None, "公开方式": None, "公开范围": None,
    "关键词": None, "主题词": None, "内容描述": None, "体裁分类": None, "有效性": None,
    "信息来源": None, "生成日期": None,
}  # fmt: skip
_NO_VALUE = {"", "-", "—", "无"}


def _disclosure_table(
    lines: list[str], start: int, drop: dict[int, str], meta: dict[str, str]
) -> None:
    """Read the 政府信息公开 table right under the ``# title`` (lines already dropped aside; at
    least three of its labels, each on its own line, with its value, if any, on the next line) as
    metadata the front matter did not give; its lines are dropped as ``page metadata table``.
    A value is never the title line the text starts with (an empty 内容描述 before it).

    >>> lines = ["# 甲的通知", "", "索取号", "123/2026-1", "载体类型", "", "文件编号",
    ...          "沪建规范〔2025〕14 号", "内容描述", "", "甲的通知", "", "各有关单位："]
    >>> meta, drop = {"doc_number": "-"}, {}
    >>> _disclosure_table(lines, 0, drop, meta)
    >>> meta, sorted(drop)
    ({'doc_number': '沪建规范〔2025〕14 号', 'index_number': '123/2026-1'}, [3, 4, 5, 7, 8, 9])
    """
    heading = next((i for i in range(start, len(lines))
                    if lines[i].strip() and i + 1 not in drop), len(lines))
    if heading >= len(lines) or not lines[heading].startswith("# "):
        return
    title = re.sub(r"\s", "", lines[heading][2:])
    found: list[tuple[int, str, int | None]] = []  # (label line, label, value line)
    i = heading + 1
    while True:
        while i < len(lines) and not lines[i].strip():
            i += 1
        label = lines[i].strip() if i < len(lines) else ""
        if label not in TABLE_LABELS:
            break
        j = i + 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        value = lines[j].strip() if j < len(lines) else ""
        if (value and value not in TABLE_LABELS and re.sub(r"\s", "", value) != title
                and len(value) <= 80):
            found.append((i, label, j))
            i = j + 1
        else:
            found.append((i, label, None))
            i += 1
    if len(found) < 3:
        return
    for label_line, label, value_line in found:
        drop[label_line + 1] = R_DISCLOSURE_TABLE
        if value_line is None:
            continue
        drop[value_line + 1] = R_DISCLOSURE_TABLE
        field = TABLE_LABELS[label]
        if field and meta.get(field, "").strip() in _NO_VALUE:
            meta[field] = lines[value_line].strip()


def _loose(lines: list[str]) -> dict[str, str]:
    """``key: value`` lines when the front matter is not valid YAML (a colon in a value)."""
    out = {}
    for line in lines:
        key, sep, value = line.partition(":")
        if sep:
            out[key.strip()] = value.strip()
    return out


def _convert(line: str) -> str:
    line = _QUOTE.sub("", line)
    line = _BULLET.sub(r"\1", line)
    line = _LINK.sub(r"\1", line)
    line = _EMPHASIS.sub(r"\2", line)
    return _ENTITY.sub(lambda m: html.unescape(m.group(0)), line)
