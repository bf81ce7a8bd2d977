"""Source files → the text of the document, as plain data.  One module per format:

==========  ===========================  ============================================
format      suffixes                     module
==========  ===========================  ============================================
text        .txt .text                   ``text.py``     (decode only)
markdown    .md .markdown                ``markdown.py`` (front matter, marks)
html        .html .htm                   ``html.py``     (lxml: main text, metadata table)
docx        .docx                        ``docx.py``     (python-docx + numbering.xml)
pdf         .pdf                         ``pdf.py``      (pypdf text layer)
==========  ===========================  ============================================

Every reader returns an :class:`Extracted`: the text it extracted (the "nothing is lost" check
runs on it), the lines of that text it already knows are chrome (with the reason), metadata the
container carried outside the text (front matter, a metadata table), the format and the
original file's sha256.  Readers never write files and raise :class:`SourceError` for a file
they cannot read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from policysite.errors import SourceError
from policysite.sources.chrome import Chrome, load


@dataclass(frozen=True)
class Extracted:
    text: str  # the text the converter extracted, one source line per line
    format: str  # one of model.SOURCE_FORMATS
    encoding: str  # of the original bytes (utf-8 for the binary formats)
    sha256: str  # of the original file
    drop: dict[int, str] = field(default_factory=dict)  # line of ``text`` → reason
    meta: dict[str, str] = field(default_factory=dict)  # container metadata (README, "Metadata")
    where: str = "the metadata table"  # names the container in warnings


Reader = Callable[[bytes, str, Chrome], Extracted]


def readers() -> dict[str, Reader]:
    from policysite.sources import docx, html, markdown, pdf, text

    return {
        ".txt": text.read, ".text": text.read,
        ".md": markdown.read, ".markdown": markdown.read,
        ".html": html.read, ".htm": html.read,
        ".docx": docx.read, ".pdf": pdf.read,
        ".doc": docx.refuse_old, ".wps": docx.refuse_old,
    }  # fmt: skip


SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf", ".doc", ".wps")


def read_source(raw: bytes, path: str, suffix: str, chrome: Chrome | None = None) -> Extracted:
    """The text of the file at ``path`` (``raw`` its bytes) read by the reader of ``suffix``."""
    reader = readers().get(suffix.lower())
    if reader is None:
        raise SourceError(path, f"unknown kind of file {suffix!r}",
                          hint="expected " + ", ".join(SUFFIXES[:-2]))
    return reader(raw, path, chrome or load())


def sha256(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()
