"""Safe Markdown for text from source documents.

Source text is never interpreted: every ASCII punctuation character that Markdown, HTML or a
template engine could act on becomes a numeric character reference, so ``<script>``,
``[x](javascript:…)``, ``{{ … }}``, ``|`` in a table cell, a leading ``#`` or ``1.`` and
``*emphasis*``
all show as written.

>>> inline("<b>*不*</b> | {{x}}")
'&#60;b&#62;&#42;不&#42;&#60;&#47;b&#62; &#124; &#123;&#123;x&#125;&#125;'
>>> link("市民政局", "../bodies/shi-minzhengju.md")
'[市民政局](../bodies/shi-minzhengju.md)'
"""

from __future__ import annotations

import html

# ASCII characters with a meaning in Markdown, HTML, attr_list or Jinja: written as &#NN;.
_SPECIAL = set("\\`*_{}[]()#+-.!|<>&\"'~=:$%^@/")
_TABLE = {ord(c): f"&#{ord(c)};" for c in _SPECIAL}


def inline(text: str) -> str:
    """``text`` as literal inline Markdown (one line; newlines become spaces)."""
    return " ".join(text.split("\n")).translate(_TABLE).strip()


def attr(text: str) -> str:
    """``text`` for an HTML attribute value in double quotes."""
    return html.escape(text, quote=True)


def link(label_markdown: str, target: str, title: str | None = None) -> str:
    """A Markdown link; ``label_markdown`` must already be escaped, ``target`` is a path we made."""
    if title:
        return f'[{label_markdown}]({target} "{attr(title)}")'
    return f"[{label_markdown}]({target})"


def heading(
    level: int, text_markdown: str, anchor: str, classes: str = "", searchable: bool = True
) -> str:
    """A heading with a permalink anchor; ``searchable=False`` keeps its section out of search
    (Material's ``data-search-exclude``), for sections that repeat text indexed elsewhere."""
    extra = "".join(f" .{c}" for c in classes.split())
    if not searchable:
        extra += " data-search-exclude"
    return f"{'#' * min(level, 6)} {text_markdown} {{ #{anchor}{extra} }}"


def unsearchable(markdown_block: str) -> str:
    """Wrap a block (a table, a list) so search does not index it."""
    return f"<div markdown data-search-exclude>\n\n{markdown_block}\n\n</div>"


SEARCH_EXCLUDED_PAGE = ["search:", "  exclude: true"]


def paragraph(text_markdown: str, anchor: str | None = None, classes: str = "") -> str:
    """A paragraph with an optional id (attr_list on the paragraph's last line)."""
    attrs = " ".join(
        x for x in (f"#{anchor}" if anchor else "", " ".join(f".{c}" for c in classes.split())) if x
    )
    return f"{text_markdown}\n{{: {attrs} }}" if attrs else text_markdown


def front_matter(title: str, *extra: str) -> list[str]:
    """YAML front matter lines for a page titled ``title``.

    The theme inserts ``page.title`` into ``<title>``, the header and the navigation without
    escaping it, so the title is HTML-escaped here (and JSON-quoted, which is valid YAML).
    """
    import json

    return ["---", f"title: {json.dumps(html.escape(title, quote=False), ensure_ascii=False)}",
            *extra, "---", ""]


def facts(rows: list[tuple[str, str]]) -> str:
    """A metadata banner: one line per fact, label then value (values already Markdown)."""
    items = "\n".join(f'- <span class="ps-key">{label}</span>{value}' for label, value in rows)
    return f'<div class="ps-banner" markdown>\n\n{items}\n\n</div>'


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A Markdown table; cells must already be escaped with :func:`inline`."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    lines.extend("| " + " | ".join(cell or " " for cell in row) + " |" for row in rows)
    return "\n".join(lines)
