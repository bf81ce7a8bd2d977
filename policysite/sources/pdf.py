"""PDF with a text layer → the document's lines, paragraphs re-joined.

Read with pypdf (pure Python, well kept, no native libraries to install on an intranet
machine); the layout analysis pdfplumber adds is not needed because page chrome is recognised
by its text and its place on the page:

- page numbers (「— 3 —」「- 3 -」「第3页」「3/10」) and lines repeated at the top or bottom of most
  pages (running headers/footers) are dropped as ``PDF page number``/``PDF page header``/
  ``PDF page footer``;
- a line that fills the page width and does not end a sentence runs on into the next line:
  the two are joined (a line break inside a sentence is not a paragraph);
- 红头 (「上海市人民政府文件」) and 版记 (抄送, 印发 lines) are recognised by chrome rules.

A PDF without a text layer (a scan) and a password-protected PDF are refused with a one-line
error; no OCR is done here.
"""

from __future__ import annotations

import io
import re
from collections import Counter

from policysite.errors import SourceError
from policysite.sources import Extracted, sha256
from policysite.sources.chrome import Chrome
from policysite.text import runs_on

R_PAGE_NUMBER = "PDF page number"
R_HEADER = "PDF page header"
R_FOOTER = "PDF page footer"
_PAGE_NUMBER = re.compile(
    r"^[-—–－―\s]*\d{1,4}[-—–－―\s]*$|^第\s*\d{1,4}\s*页(\s*[，,/]?\s*共\s*\d{1,4}\s*页)?$"
    r"|^\d{1,4}\s*/\s*\d{1,4}$"
)
def read(raw: bytes, path: str, chrome: Chrome) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not reader.decrypt(""):
            raise SourceError(path, "the PDF is password-protected",
                              hint="save an unprotected copy (print to PDF) and try again")
        pages = [(page.extract_text() or "") for page in reader.pages]
    except SourceError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        raise SourceError(path, f"cannot read the PDF (damaged or password-protected?): {error}",
                          hint="open it in a PDF viewer and save it again") from None
    page_lines = [[line.strip() for line in text.split("\n") if line.strip()] for text in pages]
    if sum(len(line) for lines in page_lines for line in lines) < 10:
        raise SourceError(path, "the PDF has no text layer (a scanned image?)",
                          hint="run OCR on it first or use the .docx/.txt of the document")
    repeated_top, repeated_bottom = _running_lines(page_lines)
    widest = max(len(line) for lines in page_lines for line in lines)
    out: list[str] = []
    drop: dict[int, str] = {}
    last_physical = ""  # the last text line as the PDF broke it (before joining)
    for lines in page_lines:
        for i, line in enumerate(lines):
            reason = None
            if _PAGE_NUMBER.match(line):
                reason = R_PAGE_NUMBER
            elif i == 0 and line in repeated_top:
                reason = R_HEADER
            elif i == len(lines) - 1 and line in repeated_bottom:
                reason = R_FOOTER
            if reason:
                out.append(line)
                drop[len(out)] = reason
                continue
            previous = next((j for j in range(len(out) - 1, -1, -1) if j + 1 not in drop), None)
            if previous is not None and runs_on(last_physical, line, widest):
                out[previous] += line
            else:
                out.append(line)
            last_physical = line
    for number, reason in chrome.drops(out, "pdf").items():
        drop.setdefault(number, reason)
    return Extracted("\n".join(out) + "\n", "pdf", "utf-8", sha256(raw), drop)


def _running_lines(pages: list[list[str]]) -> tuple[set[str], set[str]]:
    """Lines that stand first (or last) on at least half of the pages, when there are 2+."""
    if len(pages) < 2:
        return set(), set()
    tops = Counter(p[0] for p in pages if p)
    bottoms = Counter(p[-1] for p in pages if p)
    half = max(2, (len(pages) + 1) // 2)
    return ({t for t, n in tops.items() if n >= half},
            {b for b, n in bottoms.items() if n >= half})
