"""任务分工表 per document: each measure with its lead, supporting and overseeing bodies,
as a page and as CSV and XLSX downloads (byte-identical from the same data)."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from policysite import chars
from policysite.library import Library, display_heading
from policysite.model import MODALS, NUMBERED_KINDS, Document, Node
from policysite.occurrences import SiteIndex, site_index
from policysite.pages import markup, paths
from policysite.pages.markup import inline
from policysite.text import sentence

COLUMNS = ("条款", "任务", "牵头单位", "配合单位", "指导监督", "强度")


@dataclass(frozen=True)
class Task:
    node: Node
    label: str
    task: str
    lead: tuple[str, ...]
    support: tuple[str, ...]
    oversight: tuple[str, ...]
    modal: str


def render(library: Library) -> Iterator[tuple[str, str | bytes]]:
    if library.registry is None:
        return
    occurrences = site_index(library)
    for doc in library.documents:
        rows = tasks_of(doc, occurrences, library)
        yield paths.tasks_page(doc.id), render_page(doc, rows)
        yield paths.tasks_table(doc.id, "csv"), to_csv(rows)
        yield paths.tasks_table(doc.id, "xlsx"), to_xlsx(doc, rows)


def tasks_of(doc: Document, occurrences: SiteIndex, library: Library) -> list[Task]:
    """One row per clause whose text (or unnumbered paragraphs) gives a body a role."""
    rows = []
    for node in _measures(doc.body):
        roles: dict[str, list[str]] = {"lead": [], "support": [], "oversight": []}
        modals = []
        for part in _own_text_nodes(node):
            for occ in occurrences.in_node(doc, part):
                mention = occ.mention
                if mention.kind != "body" or mention.role not in roles:
                    continue
                entry = library.entity("body", mention.id)
                name = entry.name if entry else mention.text
                if name not in roles[mention.role]:
                    roles[mention.role].append(name)
                if mention.modal:
                    modals.append(mention.modal)
        if not any(roles.values()):
            continue
        rows.append(
            Task(
                node=node,
                label=_label(node),
                task=_task_text(node),
                lead=tuple(roles["lead"]),
                support=tuple(roles["support"]),
                oversight=tuple(roles["oversight"]),
                modal=_strongest(modals),
            )
        )
    return rows


def render_page(doc: Document, rows: list[Task]) -> str:
    page = paths.tasks_page(doc.id)
    title = f"任务分工表：{doc.title}"
    lines = [
        *markup.front_matter(title, *markup.SEARCH_EXCLUDED_PAGE),
        markup.heading(1, inline(title), "top"),
        "",
    ]
    back = markup.link("返回文件全文", paths.relative(page, paths.document_page(doc.id)))
    csv_link = markup.link("CSV", paths.relative(page, paths.tasks_table(doc.id, "csv")))
    xlsx_link = markup.link(
        "Excel（XLSX）", paths.relative(page, paths.tasks_table(doc.id, "xlsx"))
    )
    lines += [f"{back} · 下载：{csv_link}、{xlsx_link}", ""]
    if not rows:
        lines += ["这份文件的条款没有写明牵头或配合的责任主体。", ""]
        return "\n".join(lines) + "\n"
    lines += [
        f"共 {len(rows)} 项任务。牵头、配合、指导监督单位由条文自动识别，点条款可看原文。",
        "",
    ]
    table = [
        [
            markup.link(inline(row.label), paths.clause_link(page, doc.id, row.node.id)),
            inline(row.task),
            "、".join(inline(x) for x in row.lead) or "—",
            "、".join(inline(x) for x in row.support) or "—",
            "、".join(inline(x) for x in row.oversight) or "—",
            inline(row.modal or "—"),
        ]
        for row in rows
    ]
    lines += [markup.table(list(COLUMNS), table), ""]
    return "\n".join(lines) + "\n"


def to_csv(rows: list[Task]) -> bytes:
    """UTF-8 with BOM, so Excel opens the Chinese text correctly."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(_cells(row))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(doc: Document, rows: list[Task]) -> bytes:
    """The table as an Excel workbook: title row, bold header, wrapped cells, column widths.

    Written directly as SpreadsheetML (inline strings, fixed zip times), not through a
    spreadsheet library: a library of 1,000 documents has 1,000 of these, and the same data
    gives the same bytes.
    """
    sheet_rows = [[doc.title], list(COLUMNS), *(_cells(r) for r in rows)]
    xml_rows = []
    for number, cells in enumerate(sheet_rows, 1):
        style = 1 if number == 1 else 2 if number == 2 else 3
        xml_cells = "".join(
            f'<c r="{_XLSX_COLUMNS[i]}{number}" t="inlineStr" s="{style}"><is><t xml:space='
            f'"preserve">{_xml(value)}</t></is></c>'
            for i, value in enumerate(cells)
            if value
        )
        xml_rows.append(f'<row r="{number}">{xml_cells}</row>')
    widths = "".join(
        f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
        for i, w in enumerate((18, 60, 24, 24, 18, 8), 1)
    )
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{_XLSX_NS}"><cols>{widths}</cols>'
        f'<sheetData>{"".join(xml_rows)}</sheetData></worksheet>'
    )
    parts = {**_XLSX_FIXED, "xl/worksheets/sheet1.xml": sheet}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, content.encode("utf-8"))
    return out.getvalue()


_XLSX_COLUMNS = "ABCDEF"
_XLSX_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_XLSX_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_XLSX_PKG = "http://schemas.openxmlformats.org/package/2006"
_XLSX_FIXED = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Types xmlns="{_XLSX_PKG}/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
        'package.core-properties+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{_XLSX_PKG}/relationships">'
        f'<Relationship Id="rId1" Type="{_XLSX_REL}/officeDocument" Target="xl/workbook.xml"/>'
        f'<Relationship Id="rId2" Type="{_XLSX_PKG}/relationships/metadata/core-properties" '
        'Target="docProps/core.xml"/></Relationships>'
    ),
    "docProps/core.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<cp:coreProperties xmlns:cp="{_XLSX_PKG}/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>policysite'
        '</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z'
        '</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z'
        "</dcterms:modified></cp:coreProperties>"
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<workbook xmlns="{_XLSX_NS}" xmlns:r="{_XLSX_REL}"><sheets>'
        '<sheet name="任务分工表" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{_XLSX_PKG}/relationships">'
        f'<Relationship Id="rId1" Type="{_XLSX_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_XLSX_REL}/styles" Target="styles.xml"/>'
        "</Relationships>"
    ),
    # fonts: 0 normal, 1 bold 13pt (title), 2 bold; cell styles: 0 default, 1 title,
    # 2 header, 3 wrapped text aligned to the top
    "xl/styles.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<styleSheet xmlns="{_XLSX_NS}"><fonts count="3">'
        '<font><sz val="11"/><name val="Calibri"/></font>'
        '<font><b/><sz val="13"/><name val="Calibri"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        '</cellStyleXfs><cellXfs count="4">'
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
        '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
        '<alignment wrapText="1" vertical="top"/></xf></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    ),
}


def _xml(text: str) -> str:
    """Text for an XML element: escaped, and without characters XML 1.0 forbids."""
    clean = "".join(c for c in text if c in "\t\n\r" or ord(c) >= 0x20)
    return clean.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cells(row: Task) -> list[str]:
    return [
        row.label,
        row.task,
        "、".join(row.lead),
        "、".join(row.support),
        "、".join(row.oversight),
        row.modal,
    ]


def _measures(nodes) -> Iterator[Node]:
    for node in nodes:
        if node.kind in NUMBERED_KINDS or node.kind in ("preamble", "closing", "paragraph"):
            yield node
        if node.kind in NUMBERED_KINDS or node.kind == "attachment":
            yield from (
                c
                for c in _measures(node.children)
                if c.kind in NUMBERED_KINDS or c.kind in ("preamble", "closing")
            )


def _own_text_nodes(node: Node) -> Iterator[Node]:
    """The node and its unnumbered paragraphs (not its numbered sub-clauses)."""
    yield node
    if node.kind in NUMBERED_KINDS:
        for child in node.children:
            if child.kind == "paragraph":
                yield child


_FRAME_LABELS = {"preamble": "导语", "closing": "结语", "paragraph": "正文"}


def _label(node: Node) -> str:
    """The clause's number as written (第五条, (十六)), or what an unnumbered paragraph is."""
    if node.marker:
        return node.marker.strip()
    return _FRAME_LABELS.get(node.kind, display_heading(node))


def _task_text(node: Node) -> str:
    if node.heading:
        return node.heading.rstrip(chars.FULL_STOP)
    text = node.text or next((c.text for c in node.children if c.text), "") or ""
    first = sentence(text, 0, stops=chars.FULL_STOP).rstrip(chars.FULL_STOP)
    return first if len(first) <= 60 else first[:60] + "…"


def _strongest(modals: list[str]) -> str:
    """The first of :data:`policysite.model.MODALS` (strongest first) among ``modals``."""
    for modal in MODALS:
        if modal in modals:
            return modal
    return ""
