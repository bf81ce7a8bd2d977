"""Word .docx → paragraphs in order, with Word's automatic numbering as the reader sees it.

Read with python-docx (the well-kept reference library for the format) plus a small renderer of
``numbering.xml``: docx2python renders automatic numbering only for Latin formats (decimal,
letters, roman) and turns ``chineseCounting`` into a bullet, while Chinese documents number
with 一、（一）1.（1）— so the levels' ``numFmt``/``lvlText``/``start`` are rendered here.

- Body paragraphs and tables in document order; a numbered paragraph gets its rendered marker
  (「一、」「（一）」「1.」) in front of its text.
- A table row is one line, its cells separated by two ideographic spaces (a 版记 of two
  columns reads 「抄送：…　　上海市人民政府办公厅　2024年1月5日印发」).
- Page headers and footers are extracted too and dropped as ``Word page header/footer``.
- Old ``.doc`` and ``.wps`` files, password-protected and damaged files are refused with a
  one-line error saying what to do.
"""

from __future__ import annotations

import io
import zipfile

from policysite.errors import SourceError
from policysite.sources import Extracted, sha256
from policysite.sources.chrome import Chrome

R_HEADER = "Word page header"
R_FOOTER = "Word page footer"
_OLE = b"\xd0\xcf\x11\xe0"
_CELL_GAP = "\u3000\u3000"
_CN = "〇一二三四五六七八九"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def refuse_old(raw: bytes, path: str, chrome: Chrome) -> Extracted:
    raise SourceError(path, "old Word (.doc) and WPS (.wps) files cannot be read",
                      hint="open it in Word or WPS, save it as .docx and ingest the .docx")


def read(raw: bytes, path: str, chrome: Chrome) -> Extracted:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if raw.startswith(_OLE):
        raise SourceError(path, "this .docx is password-protected or an old .doc renamed",
                          hint="remove the password (or save it as .docx) and try again")
    try:
        document = docx.Document(io.BytesIO(raw))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, OSError) as error:
        raise SourceError(path, f"cannot read the .docx (truncated or damaged?): {error}",
                          hint="open it in Word and save it again") from None
    numbering = _Numbering(document)
    body = [line for block in _blocks(document, numbering) for line in block]
    header = [p.text for s in document.sections for p in s.header.paragraphs if p.text.strip()]
    footer = [p.text for s in document.sections for p in s.footer.paragraphs if p.text.strip()]
    header, footer = list(dict.fromkeys(header)), list(dict.fromkeys(footer))
    if not any(line.strip() for line in body):
        raise SourceError(path, "the .docx holds no text", hint="expected the document's text")
    lines = [*header, *body, *footer]
    drop = {n: R_HEADER for n in range(1, len(header) + 1)}
    drop.update({len(header) + len(body) + n: R_FOOTER for n in range(1, len(footer) + 1)})
    for number, reason in chrome.drops(lines, "docx").items():
        drop.setdefault(number, reason)
    return Extracted("\n".join(lines) + "\n", "docx", "utf-8", sha256(raw), drop)


def _blocks(document, numbering: _Numbering):
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            yield [numbering.marker(paragraph) + paragraph.text]
        elif tag == "tbl":
            rows = []
            for row in Table(child, document).rows:
                cells = list(dict.fromkeys(c._tc for c in row.cells))  # merged cells once
                texts = [" ".join(p.text for p in _cell(c, document).paragraphs).strip()
                         for c in cells]
                rows.append(_CELL_GAP.join(t for t in texts if t))
            yield rows


def _cell(tc, document):
    from docx.table import _Cell

    return _Cell(tc, document)


class _Numbering:
    """Counters of Word's automatic numbering, rendered with each level's format and text."""

    def __init__(self, document) -> None:
        # numId → ilvl → (numFmt, lvlText, start)
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.styles: dict[str, tuple[str, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {}
        for node in root.findall(_w("abstractNum")):
            levels = {}
            for lvl in node.findall(_w("lvl")):
                fmt = _val(lvl.find(_w("numFmt")), "decimal")
                text = _val(lvl.find(_w("lvlText")), "")
                start = int(_val(lvl.find(_w("start")), "1"))
                levels[int(lvl.get(_w("ilvl")))] = (fmt, text, start)
            abstract[node.get(_w("abstractNumId"))] = levels
        for num in root.findall(_w("num")):
            levels = dict(abstract.get(_val(num.find(_w("abstractNumId")), ""), {}))
            for override in num.findall(_w("lvlOverride")):
                ilvl = int(override.get(_w("ilvl")))
                start = override.find(_w("startOverride"))
                if start is not None and ilvl in levels:
                    fmt, text, _ = levels[ilvl]
                    levels[ilvl] = (fmt, text, int(_val(start, "1")))
            self.levels[num.get(_w("numId"))] = levels
        for style in document.styles:
            num_pr = style.element.find(f"{_w('pPr')}/{_w('numPr')}")
            if num_pr is not None:
                num_id = _val(num_pr.find(_w("numId")), "")
                self.styles[style.style_id] = (num_id, int(_val(num_pr.find(_w("ilvl")), "0")))

    def marker(self, paragraph) -> str:
        num_pr = paragraph._p.find(f"{_w('pPr')}/{_w('numPr')}")
        if num_pr is not None:
            num_id = _val(num_pr.find(_w("numId")), "")
            ilvl = int(_val(num_pr.find(_w("ilvl")), "0"))
        elif paragraph.style is not None and paragraph.style.style_id in self.styles:
            num_id, ilvl = self.styles[paragraph.style.style_id]
        else:
            return ""
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels or num_id == "0":
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl][2] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        fmt, text, _ = levels[ilvl]
        if fmt in ("bullet", "none"):
            return ""
        for level in range(ilvl + 1):
            value = counters.get(level, levels.get(level, ("decimal", "", 1))[2])
            level_fmt = levels.get(level, (fmt, "", 1))[0]
            text = text.replace(f"%{level + 1}", _format(value, level_fmt))
        return text


def _format(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified",
               "taiwaneseCounting", "ideographDigital"):
        return _chinese(n)
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return _TIANGAN[n - 1]
    if fmt == "decimalEnclosedCircle" and 1 <= n <= 20:
        return _CIRCLED[n - 1]
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) - ord("0") + ord("０")) for c in str(n))
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    return str(n)


def _chinese(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (as numbering writes them)."""
    if n < 10:
        return _CN[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")
    hundreds, rest = divmod(n, 100)
    if not rest:
        return _CN[hundreds] + "百"
    tail = "零" + _CN[rest] if rest < 10 else "一" * (rest < 20) + _chinese(rest)
    return _CN[hundreds] + "百" + tail


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                           (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                           (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _w(tag: str) -> str:
    return "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}" + tag


def _val(element, default: str) -> str:
    if element is None:
        return default
    return element.get(_w("val"), default)
