"""Saved web pages (.html/.htm) → the page's text, one block per line.

Read with lxml (``lxml.html``), libxml2's forgiving HTML parser: it takes fragments, JSP pages
and stray tags as browsers do and decodes every entity, with or without its ``;``.  It was
chosen over trafilatura because a policy page must keep *every* short line of the document — the
文号 line, the 落款, 「（此件公开发布）」 — which article extractors score as boilerplate, and
over selectolax because lxml is already the reference HTML tree in Python and needs no tuning.

- The encoding is the one ``<meta charset>`` (or ``http-equiv``) names; else UTF-8, UTF-16
  with a BOM or GB18030 as for text files.
- ``<script>``, ``<style>``, comments and JSP/ASP directives (``<%@ … %>``) are markup, not text.
- Block elements (``p div li tr td h1…``) and ``<br>`` end a line; the text inside a block is
  joined as the browser shows it.
- The gov.cn metadata table (索引号, 主题分类, 发文机关, 成文日期, 标题, 发文字号, 发布日期, 主题词:
  each label in a cell, its value in the next) is read as metadata; its lines are dropped as
  ``page metadata table``.
- The main text is the content element gov.cn and common CMSs mark (``#UCAP-CONTENT``,
  ``.TRS_Editor``, ``#zoom`` …), else the whole body; every line outside it is dropped as
  ``page chrome: outside the main text``.  Chrome rules drop chrome inside it.
- A page with no text in its main element is refused (``SourceError``).
"""

from __future__ import annotations

import codecs
import re

import lxml.html
from lxml import etree

from policysite.decode import decode
from policysite.errors import SourceError
from policysite.sources import Extracted, sha256
from policysite.sources.chrome import Chrome

R_META_TABLE = "page metadata table"
R_OUTSIDE = "page chrome: outside the main text"
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_DIRECTIVE = re.compile(r"<%.*?%>", re.S)
_BLOCKS = {
    "p", "div", "li", "ul", "ol", "table", "tbody", "thead", "tfoot", "tr", "td", "th", "h1",
    "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "footer", "nav", "aside",
    "blockquote", "pre", "dl", "dt", "dd", "form", "center", "address", "figure", "figcaption",
    "hr", "main", "caption",
}  # fmt: skip
_SKIP = {"script", "style", "noscript", "template", "head", "title", "iframe", "object", "select"}
_CONTENT = re.compile(
    r"^(UCAP-CONTENT|TRS_Editor|zoom|pages_content|article-?content|xxgk_content|"
    r"Custom_UnionStyle|content-?text|main-?text)$", re.I)
_LABELS = {
    "索引号": "index_number", "主题分类": "topic", "发文机关": "issuers", "成文日期": "date",
    "标题": "title", "发文字号": "doc_number", "发布日期": "published", "主题词": "keywords",
}  # fmt: skip
_LABEL = re.compile(r"^(" + "|".join(_LABELS) + r")[：:]?$")


def read(raw: bytes, path: str, chrome: Chrome) -> Extracted:
    text, encoding = _decode(raw, path)
    text = _DIRECTIVE.sub("", text)
    if not text.strip():
        raise SourceError(path, "the page holds no HTML",
                          hint="save the page again from the browser")
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as error:
        raise SourceError(path, f"cannot read the page as HTML: {error}",
                          hint="save the page again from the browser") from None
    etree.strip_elements(root, etree.Comment, *_SKIP, with_tail=False)
    meta, meta_tables = _metadata_table(root)
    main = _main_element(root)
    lines: list[tuple[str, str]] = []  # (text, region)
    _render(root, lines, "chrome" if main is not None else "main", main, meta_tables)
    out: list[str] = []
    drop: dict[int, str] = {}
    for text_, region in lines:
        out.append(text_.strip())
        if region == "meta":
            drop[len(out)] = R_META_TABLE
        elif region == "chrome":
            drop[len(out)] = R_OUTSIDE
    if not any(t.strip() for (t, region) in lines if region == "main"):
        raise SourceError(path, "no body text found in the page",
                          hint="expected a saved page holding the document's text")
    for number, reason in chrome.drops(out, "html").items():
        drop.setdefault(number, reason)
    where = "the page's metadata table"
    return Extracted("\n".join(out) + "\n", "html", encoding, sha256(raw), drop, meta, where)


def _decode(raw: bytes, path: str) -> tuple[str, str]:
    declared = _CHARSET.search(raw[:4096])
    if declared and not raw.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        name = declared.group(1).decode("ascii").lower()
        try:
            codec = codecs.lookup("gb18030" if name in ("gb2312", "gbk") else name).name
        except LookupError:
            codec = None
        if codec:
            try:
                return raw.decode(codec).replace("\r\n", "\n").replace("\r", "\n"), codec
            except UnicodeDecodeError as error:
                line = raw.count(b"\n", 0, error.start) + 1
                raise SourceError(path, f"the page says charset={name} but is not valid {name}",
                                  line=line, hint="save the page again from the browser") from None
    decoded = decode(raw, path)
    return decoded.text, decoded.encoding


def _metadata_table(root) -> tuple[dict[str, str], set]:
    meta: dict[str, str] = {}
    tables = set()
    for cell in root.iter("td", "th"):
        label = re.sub(r"\s", "", cell.text_content())
        match = _LABEL.match(label)
        if not match:
            continue
        value_cell = cell.getnext()
        value = _inline_text(value_cell) if value_cell is not None else ""
        key = _LABELS[match.group(1)]
        if value and key not in meta:
            meta[key] = value
        table = next(cell.iterancestors("table"), None)
        if table is not None:
            tables.add(table)
    return meta, tables


def _main_element(root):
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        names = [element.get("id") or "", *(element.get("class") or "").split()]
        if any(_CONTENT.match(n) for n in names if n):
            return element
    return None


def _render(element, lines: list[tuple[str, str]], region: str, main, meta_tables) -> None:
    """Append the lines of ``element`` (text blocks, ``<br>`` breaks) with their region."""
    if element is main:
        region = "main"
    elif element in meta_tables:
        region = "meta"
    tag = element.tag if isinstance(element.tag, str) else ""
    block = tag in _BLOCKS or tag in ("body", "html")
    if block:
        _newline(lines, region)
    if element.text:
        _add(lines, element.text, region)
    for child in element:
        if isinstance(child.tag, str) and child.tag == "br":
            _newline(lines, region, force=True)
        else:
            _render(child, lines, region, main, meta_tables)
        if child.tail:
            _add(lines, child.tail, region)
    if block:
        _newline(lines, region)


def _add(lines: list[tuple[str, str]], text: str, region: str) -> None:
    text = text.replace("\n", " ").replace("\r", " ")
    if not lines:
        lines.append(("", region))
    last, last_region = lines[-1]
    if not last.strip():
        last_region = region
    lines[-1] = (last + text, last_region)


def _newline(lines: list[tuple[str, str]], region: str, force: bool = False) -> None:
    if lines and (force or lines[-1][0].strip()):
        lines[-1] = (lines[-1][0].strip(), lines[-1][1])
        lines.append(("", region))
    elif not lines:
        lines.append(("", region))


def _inline_text(element) -> str:
    return re.sub(r"\s+", " ", element.text_content()).strip()
