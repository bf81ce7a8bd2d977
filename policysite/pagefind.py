"""Pagefind, the chunked search index of a served site: the pure parts (what to mark in a page's
HTML, which words the index holds).  :func:`policysite.build.build_pagefind` runs Pagefind and
writes the files; the MkDocs plugin calls it after the build.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

# When Material's search plugin is disabled (every build but --offline, see mkdocs.yml), the
# site's search reads a Pagefind index: built here after the pages, in chunks a browser loads
# as needed.  Sections Material would leave out of search (data-search-exclude) are marked
# data-pagefind-ignore, so both indexes hold the same text.
_HEADING = re.compile(r"<h([1-6])\b([^>]*)>")


def mark_excluded_sections(html: str) -> str:
    """Wrap each heading with ``data-search-exclude`` and the text up to the next heading of
    the same or a higher level in ``<div data-pagefind-ignore="all">``; mark excluded blocks.

    >>> out = mark_excluded_sections('<h2 id="a">A</h2><p>x</p><h2 id="b" data-search-exclude>'
    ...                              'B</h2><p>y</p><h3 id="c">C</h3><p>z</p><h2 id="d">D</h2>')
    >>> out.split('<div data-pagefind-ignore="all">')[1].split("</div>")[0]
    '<h2 id="b" data-search-exclude>B</h2><p>y</p><h3 id="c">C</h3><p>z</p>'
    """
    html = re.sub(r"<(div|p|ul|table)\b([^>]*\bdata-search-exclude\b[^>]*)>",
                  r'<\1\2 data-pagefind-ignore="all">', html)
    headings = list(_HEADING.finditer(html))
    out, pos, i = [], 0, 0
    while i < len(headings):
        match = headings[i]
        if "data-search-exclude" not in match.group(2):
            i += 1
            continue
        level = int(match.group(1))
        j = i + 1
        while j < len(headings) and int(headings[j].group(1)) > level:
            j += 1
        end = headings[j].start() if j < len(headings) else len(html)
        out += [html[pos : match.start()], '<div data-pagefind-ignore="all">',
                html[match.start() : end], "</div>"]
        pos, i = end, j
    out.append(html[pos:])
    return "".join(out)


# Pagefind segments Chinese with its own dictionary when it indexes, but a browser segments the
# query with Intl.Segmenter (ICU), which splits words ICU does not know (容错 → 容, 错) so they
# are never found.  The words the index holds are written to words.txt; the search worker
# segments a query against them (longest match first), exactly as the index was cut.
_CJK_WORD = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff]{2,}$")
VOCABULARY = "words.txt"


def vocabulary(fragments: Iterable[bytes]) -> list[str]:
    """The Chinese words (two characters or more) in Pagefind's page fragments (gzip-decompressed
    bytes: a header, then the page record as JSON), sorted.

    >>> vocabulary(['pagefind_dcd{"raw_content": "容错 机制 a"}'.encode()])
    ['容错', '机制']
    """
    words: set[str] = set()
    for data in fragments:
        record = json.loads(data[data.index(b"{"):])
        content = record.get("raw_content") or record.get("content") or ""
        words.update(w for w in re.split(r"[\s\u200b]+", content) if _CJK_WORD.match(w))
    return sorted(words)
