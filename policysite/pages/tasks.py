"""任务分工表 per document: each measure with its lead, supporting and overseeing bodies,
as a page and as CSV and XLSX downloads (byte-identical from the same data)."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from policysite.library import Library, display_heading
from policysite.model import MODALS, NUMBERED_KINDS, Document, Node
from policysite.occurrences import SiteIndex, site_index
from policysite.pages import markup, paths
from policysite.pages.markup import inline

COLUMNS = ("条款", "任务", "牵头单位", "配合单位", "指导监督", "强度")
# XLSX metadata and zip entries carry fixed times: the same data gives the same download.
_FIXED_TIME = datetime(2000, 1, 1)
_CORE_TIMES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


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
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "任务分工表"
    sheet.append([doc.title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(list(COLUMNS))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(_cells(row))
    for column, width in zip("ABCDEF", (18, 60, 24, 24, 18, 8), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    book.properties.created = _FIXED_TIME
    book.properties.modified = _FIXED_TIME
    book.properties.creator = "policysite"
    raw = io.BytesIO()
    book.save(raw)
    return _normalise_zip(raw.getvalue())


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
        return node.heading.rstrip("。")
    text = node.text or next((c.text for c in node.children if c.text), "") or ""
    first = text.split("。")[0]
    return first if len(first) <= 60 else first[:60] + "…"


_MODAL_STRENGTH = MODALS  # strongest first, as data/lexicon/roles.yml and the model order them


def _strongest(modals: list[str]) -> str:
    for modal in _MODAL_STRENGTH:
        if modal in modals:
            return modal
    return ""


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps so the same workbook gives the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                content = _CORE_TIMES.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", content)
            target.writestr(fixed, content)
    return out.getvalue()
