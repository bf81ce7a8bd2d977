"""Word .docx and PDF inputs, made in the test from a real text (seeds/106…: 上海市交通委员会、
上海市公安局关于71路中运量西延伸公交线路实行专用车道管理的通告) with python-docx (Word automatic
numbering in numbering.xml, a two-column 版记 table, header and footer) and reportlab (the CID
font STSong-Light, wrapped lines, running header, page numbers 「— 1 —」).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from policysite.build import read_document
from policysite.errors import EXIT_SOURCE
from policysite.lossless import lost_characters
from policysite.sources import read_source

ROOT = Path(__file__).resolve().parents[1]
SEED = next((ROOT / "seeds").glob("106_*.md"))
TITLE = "上海市交通委员会、上海市公安局关于71路中运量西延伸公交线路实行专用车道管理的通告"


def _paragraphs() -> list[str]:
    """The body paragraphs of the real 通告, from the preamble to the date."""
    lines = [line.strip() for line in SEED.read_text("utf-8").split("\n") if line.strip()]
    start = next(i for i, line in enumerate(lines) if line.startswith("目前"))
    return lines[start:]


# -- Word ----------------------------------------------------------------------------------------
NUMBERING = """
<w:abstractNum xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    w:abstractNumId="90">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
    <w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
    <w:lvlText w:val="（%2）"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/>
    <w:lvlText w:val="%3."/></w:lvl>
</w:abstractNum>"""
NUM = """<w:num xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    w:numId="90"><w:abstractNumId w:val="90"/></w:num>"""


def make_docx(path: Path) -> None:
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(NUMBERING))
    numbering.append(parse_xml(NUM))

    def numbered(text: str, level: int) -> None:
        paragraph = document.add_paragraph(text)
        num_pr = parse_xml(
            '<w:numPr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f'<w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>')
        paragraph._p.get_or_add_pPr().append(num_pr)

    document.sections[0].header.paragraphs[0].text = "上海市交通委员会文件"
    document.sections[0].footer.paragraphs[0].text = "— 1 —"
    document.add_paragraph("上海市交通委员会文件")
    document.add_paragraph(TITLE)
    document.add_paragraph("沪交道运〔2023〕328号")
    for text in _paragraphs():
        match = re.match(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)(.*)$", text)
        if match:
            numbered(match.group(2), 0 if match.group(1).endswith("、") else 1)
        else:
            document.add_paragraph(text)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "抄送：市公安局交警总队"
    table.cell(0, 1).text = "各区交通管理部门"
    table.cell(1, 0).text = "上海市交通委员会办公室"
    table.cell(1, 1).text = "2023年5月10日印发"
    document.save(path)


def test_docx_numbering_rendered_and_frame_read(tmp_path):
    path = tmp_path / "tonggao.docx"
    make_docx(path)
    doc = read_document(path, display="tonggao.docx")
    markers = [n.marker for n in doc.walk() if n.marker]
    assert markers == ["一、", "二、", "（一）", "（二）", "（三）", "三、"]
    assert doc.title == TITLE
    assert doc.doc_number == "沪交道运〔2023〕328号"
    assert doc.issuers == ("上海市交通委员会", "上海市公安局")
    assert doc.date == "2023-05-10"
    assert doc.source.format == "docx"
    reasons = {d.text: d.reason for d in doc.dropped}
    assert reasons["上海市交通委员会文件"] in ("Word page header", "红头 (issuer header)")
    assert reasons["— 1 —"] == "Word page footer"
    assert reasons["上海市交通委员会办公室\u3000\u30002023年5月10日印发"].startswith("版记")


def test_docx_text_is_reproducible_and_lossless(tmp_path):
    path = tmp_path / "tonggao.docx"
    make_docx(path)
    first = read_source(path.read_bytes(), "t.docx", ".docx")
    assert first == read_source(path.read_bytes(), "t.docx", ".docx")
    assert lost_characters(first.text, read_document(path, display="t.docx")) is None


# -- PDF -------------------------------------------------------------------------------------------
CHARS_PER_LINE = 30


def make_pdf(path: Path, paragraphs: list[str] | None = None, text: bool = True) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = canvas.Canvas(str(path))
    lines = ["上海市交通委员会文件", "沪交道运〔2023〕328号", TITLE[:30], TITLE[30:]]
    for paragraph in paragraphs if paragraphs is not None else _paragraphs():
        lines.extend(paragraph[i:i + CHARS_PER_LINE]
                     for i in range(0, len(paragraph), CHARS_PER_LINE))
    lines.append("抄送：市公安局交警总队。")
    page = 1
    y = 760
    pdf.setFont("STSong-Light", 12)
    for line in lines:
        if y < 80:
            pdf.drawString(280, 40, f"— {page} —")
            pdf.showPage()
            pdf.setFont("STSong-Light", 12)
            pdf.drawString(72, 800, "上海交通政务公开")  # running header from page 2 on
            page, y = page + 1, 760
        if text:
            pdf.drawString(72, y, line)
        else:
            pdf.rect(72, y, 400, 10, fill=1)
        y -= 20
    if text:
        pdf.drawString(280, 40, f"— {page} —")
    pdf.showPage()
    pdf.save()


def test_pdf_lines_rejoined_and_page_chrome_dropped(tmp_path):
    path = tmp_path / "tonggao.pdf"
    make_pdf(path, _paragraphs() * 3)  # long enough for several pages
    doc = read_document(path, display="tonggao.pdf")
    assert doc.title == TITLE
    assert doc.doc_number == "沪交道运〔2023〕328号"
    assert doc.issuers == ("上海市交通委员会", "上海市公安局")
    first = doc.body[[n.kind for n in doc.body].index("preamble")]
    assert first.text == _paragraphs()[0]  # wrapped lines joined into one paragraph
    reasons = [d.reason for d in doc.dropped]
    assert "PDF page number" in reasons
    assert "PDF page header" in reasons
    body = "".join((n.text or "") + (n.heading or "") for n in doc.walk())
    assert not re.search(r"—\s*\d+\s*—", body)
    assert "上海交通政务公开" not in body
    assert doc.source.format == "pdf"


def test_pdf_lossless(tmp_path):
    path = tmp_path / "t.pdf"
    make_pdf(path)
    extracted = read_source(path.read_bytes(), "t.pdf", ".pdf")
    assert read_document(path, display="t.pdf").title == TITLE  # one page: no running header
    assert lost_characters(extracted.text, read_document(path, display="t.pdf")) is None


# -- refused files -------------------------------------------------------------------------------
def _bad_files(tmp_path: Path) -> dict[str, Path]:
    from pypdf import PdfReader, PdfWriter

    good_docx = tmp_path / "good.docx"
    make_docx(good_docx)
    truncated = tmp_path / "truncated.docx"
    truncated.write_bytes(good_docx.read_bytes()[:2000])
    scanned = tmp_path / "scanned.pdf"
    make_pdf(scanned, ["x"], text=False)
    plain = tmp_path / "plain.pdf"
    make_pdf(plain, _paragraphs())
    writer = PdfWriter()
    for page in PdfReader(plain).pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner")
    encrypted = tmp_path / "encrypted.pdf"
    with open(encrypted, "wb") as handle:
        writer.write(handle)
    return {"truncated.docx": truncated, "scanned.pdf": scanned, "encrypted.pdf": encrypted}


@pytest.mark.parametrize("name", ["truncated.docx", "scanned.pdf", "encrypted.pdf"])
def test_bad_office_file_one_error_line_nothing_written(tmp_path, name):
    path = _bad_files(tmp_path)[name]
    data = tmp_path / "data"
    run = subprocess.run([sys.executable, "-m", "policysite", "ingest", str(path), "--data",
                          str(data)], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == EXIT_SOURCE, run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("Error:")
    assert name in lines[0]
    assert not data.exists()
