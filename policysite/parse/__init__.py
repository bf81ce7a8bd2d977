"""Cleaned lines → a :class:`~policysite.model.Document` tree, in six small stages with plain
data between them (README, "Development"):

==========  =====================================================  ===============
stage       does                                                   module
==========  =====================================================  ===============
tokens      classify each kept line once                           ``tokens.py``
frame       title, repeated title, 落款, attachments split          ``frame.py``
tree        nesting of 一、（一）1.（1）① and 第一章/第一节/第一条       ``tree.py``
ids         node ids from numbering; the document id               ``ids.py``
checks      numbering gaps and repeats → warnings                  ``checks.py``
metadata    title, 文号, issuers, dates, 主送, 附件 with precedence   ``metadata.py``
==========  =====================================================  ===============

>>> from policysite.clean import clean
>>> doc = parse(clean("关于加强管理的意见\\n一、总体要求\\n（一）指导思想。要坚持。"), "x.txt")
>>> [(n.id, n.marker, n.heading, n.text) for n in doc.walk()][1:]
[('s1', '一、', '总体要求', None), ('s1-c1', '（一）', '指导思想。', '要坚持。')]
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from policysite import chars
from policysite.clean import Cleaned
from policysite.errors import SourceError
from policysite.model import Document, Source
from policysite.numerals import to_int
from policysite.parse.checks import checks
from policysite.parse.frame import frame
from policysite.parse.ids import document_id, freeze
from policysite.parse.metadata import metadata
from policysite.parse.tokens import join, tokenize
from policysite.parse.tree import tree

_LP, _RP = chars.cls(chars.LPAREN), chars.cls(chars.RPAREN)
_PART_SUFFIX = re.compile(rf"{_LP}([0-9０-９]{{1,2}}){_RP}$")


def parse(
    cleaned: Cleaned,
    path: str,
    source: Source | None = None,
    errors: str = "warn",
    container: Mapping[str, str] | None = None,
    where: str = "the metadata table",
) -> Document:
    """Parse cleaned lines into a document.

    ``container`` holds metadata the file format carried outside the text (front matter, an
    HTML metadata table), ``where`` names it in warnings; it is read with ``cleaned.meta`` (a
    metadata table inside the text).  ``errors='strict'`` turns the first warning into a
    :class:`SourceError`.
    """
    source = source or Source(path, "", "utf-8")
    tokens = tokenize(cleaned)
    dropped_lines = frozenset(d.line for d in cleaned.dropped)
    found = frame(tokens, dropped_lines)
    nodes = freeze(tree(found))
    warnings = checks(nodes, path, tokens[0].line.number if tokens else 1)
    body_title, part = _title_text(join(found.main.title))
    if not body_title and not (container or {}).get("title") and not cleaned.meta.get("title"):
        body_title = tokens[0].line.text if tokens else ""
    meta = metadata(nodes, {**cleaned.meta, **(container or {})}, where, body_title, path)
    if part:
        source = Source(source.file, source.sha256, source.encoding, part, source.format)
    dropped = (*cleaned.dropped, *found.repeated_title)
    document = Document(
        id=document_id(meta.title, meta.doc_number),
        title=meta.title,
        source=source,
        parts=(part,) if part else (),
        missing_parts=tuple(range(1, part)) if part else (),
        doc_number=meta.doc_number,
        issuers=meta.issuers,
        date=meta.date,
        published=meta.published,
        topic=meta.topic,
        index_number=meta.index_number,
        addressees=meta.addressees,
        attachments=meta.attachments,
        sources=(source,),
        dropped=tuple(sorted(dropped, key=lambda d: (d.line, d.column or 0))),
        body=nodes,
        warnings=(*warnings, *meta.warnings),
    )
    if errors == "strict" and document.warnings:
        first = document.warnings[0]
        raise SourceError(
            first.file, first.message, line=first.line,
            hint="fix the source or ingest with --errors warn",
        )
    return document


def _title_text(text: str) -> tuple[str, int | None]:
    match = _PART_SUFFIX.search(text)
    if match:
        return text[: match.start()], to_int(match.group(1))
    return text, None
