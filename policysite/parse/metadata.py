"""Stage 6: nodes + container metadata → the document's metadata, each field read from every
place it appears, with a precedence (README, "Metadata precedence") and a warning naming both
values when two places disagree.

Places: the container (front matter of a Markdown file, the gov.cn metadata table of a web page
or a pasted text), the 红头 (title lines, 文号 line), the 落款 (signature and date lines) and
notes such as 「（2004年6月9日上海市人民政府令第25号发布）」.

>>> m = metadata((), {"title": "甲", "doc_number": "沪府发 [2024] 3号"}, "front matter", "", "x.md")
>>> m.title, m.doc_number
('甲', '沪府发〔2024〕3号')
>>> resolve_issuer("市交通委", ["上海市交通委员会", "上海市公安局"])
'上海市交通委员会'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from policysite import chars
from policysite.model import Node, Warning_
from policysite.numerals import parse_date
from policysite.parse.checks import walk
from policysite.parse.tokens import ADOPTION, ANNEX, CN

# Organisation words that end an issuer's name at the start of a title.
_ORG_END = "国务院|中央军委|办公厅|办公室|委员会|政府|部|委|局|署|院|厅|办|会|中心"
_TITLE_ISSUER = re.compile(
    rf"^(?!关于|印发|转发|批转)([^《》]{{2,60}}?(?:{_ORG_END}))(?:关于|印发|转发|批转)"
)  # not the issuer of a document the title carries: 关于印发《X管理委员会关于…》的通知
_ISSUER_SPLIT = re.compile(r"[\s\u3000、，,；;]+")
_DECREE = re.compile(r"(?:[0-9０-９]+日)?([\u4e00-\u9fff]{2,20}令第[0-9０-９]+号)")  # not 28日 + …
_ATTACHMENT_IN_TITLE = re.compile(r"(?:印发|转发|批转)[^《]{0,30}《([^》]+)》")
_ANNEX_ITEM = re.compile(r"^\s*(?:[0-9０-９]{1,2}\s*[.．、]\s*)?(.+?)\s*$")
_NO_VALUE = {"", "-", "—", "无", "null", "none"}
# A 文号 has a number (沪府发〔2020〕3号, 国务院令第708号, 第四十一号).
_NUMBERED = re.compile(r"[0-9０-９〇零一二三四五六七八九十百]")
# The organ of a decree number: 上海市人民政府 of 上海市人民政府令第41号.
_DECREE_ISSUER = re.compile(r"^([\u4e00-\u9fff]{2,20}?)令第")
_ISO_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
# 「（2004年6月9日上海市人民政府令第25号发布，根据…修正）」: the first date and 令 number; a note
# with no number (「（1999年10月18日上海市人民政府发布，…）」) gives the date only.
_PROMULGATION = re.compile(
    r"^[（(]?(\d{4}年\d{1,2}月\d{1,2}日)"
    r"(?:([\u4e00-\u9fff]{2,30}令第[0-9０-９]+号)|[\u4e00-\u9fff]{2,20}?)(?:发布|公布)")
# A revision in an adoption note: 「根据2020年12月30日…《关于修改…的决定》修正」.
_REVISION = re.compile(r"根据(\d{4}年\d{1,2}月\d{1,2}日)[^）)]*?(?:修正|修订)")


# How a legislature's act comes into force (a decree is 公布 or 发布).
ADOPTED = ("通过", "批准")


def _last_revision(adoption: re.Match) -> str | None:
    """The date of the text as given, from an adoption note's match: a legislature's act (通过)
    revised later is the text of its last revision (「（2013年12月27日…通过  根据2018年5月24日…
    修正  根据2020年12月30日…修正）」 → 2020-12-30); a decree (公布, 发布) keeps the date of its
    own 令 number, which is the 文号 given.

    >>> _last_revision(ADOPTION.match("（2013年12月27日某市人大通过  根据2020年12月30日…修正）"))
    '2020-12-30'
    >>> _last_revision(ADOPTION.match("（2014年12月5日某政府令第2号公布  根据2023年12月5日修正）"))
    '2014-12-05'
    """
    revisions = _REVISION.findall(adoption.group(0)) if adoption.group(3) in ADOPTED else []
    return parse_date(revisions[-1] if revisions else adoption.group(1))


# A 落款 that is a person (国务院令: 「总理　李克强」), not an issuing body.
_PERSON_SIGNATURE = re.compile(r"^(总理|副总理|主席|部长|省长|市长|区长|县长|主任|局长|厅长|书记)")


@dataclass(frozen=True)
class Metadata:
    title: str
    doc_number: str | None
    issuers: tuple[str, ...]
    date: str | None
    published: str | None
    topic: str | None
    index_number: str | None
    addressees: tuple[str, ...]
    attachments: tuple[str, ...]
    warnings: tuple[Warning_, ...]


def metadata(
    nodes: tuple[Node, ...],
    container: Mapping[str, str],
    where: str,
    body_title: str,
    path: str,
) -> Metadata:
    """Every metadata field of a document; ``where`` names the container (for warnings)."""
    meta = {k: v.strip() for k, v in container.items() if v and v.strip().lower() not in _NO_VALUE}
    if not _NUMBERED.search(meta.get("doc_number", "")):
        meta.pop("doc_number", None)  # 文号: 号 — a 文号 without its number names nothing
    warnings: list[Warning_] = []

    def disagree(field: str, kept: str, kept_from: str, other: str, other_from: str) -> None:
        line = next((n.line for n in walk(nodes) if n.kind == _NODE_OF.get(field, "")), 1)
        warnings.append(Warning_(
            path, line, f"{field}: {kept_from} says {kept!r}, {other_from} says {other!r}; "
            f"kept {kept!r} (README, 'Metadata precedence')"))

    # Title: the container's (one clean string) before the title lines of the text — unless the
    # container cut it short (…的通... / …的通…) where the text's title lines go on.
    title = meta.get("title") or body_title
    cut = TRUNCATED.search(title) if meta.get("title") and body_title else None
    if cut and _squash(body_title).startswith(_squash(title[: cut.start()])):
        meta["title"] = title = body_title
    if meta.get("title") and body_title and _squash(meta["title"]) != _squash(body_title):
        disagree("title", meta["title"], where, body_title, "the title lines")
    if not title:
        title = path

    # 文号: the 文号 line of the 红头, else the container's, else a 令 number in a note.
    in_text = next((n.text for n in walk(nodes) if n.kind == "doc_number" and n.text), None)
    doc_number = normalize_doc_number(in_text) if in_text else None
    if meta.get("doc_number"):
        outside = normalize_doc_number(meta["doc_number"])
        if doc_number and outside != doc_number:
            disagree("doc_number", doc_number, "the 文号 line", outside, where)
        doc_number = doc_number or outside
    notes = [n.text or "" for n in walk(nodes) if n.kind == "note"]
    promulgation = next((m for n in nodes if n.kind in ("note", "preamble", "paragraph")
                         for m in [_PROMULGATION.match(n.text or "")] if m), None)
    if not doc_number and not (promulgation and promulgation.group(2) is None):
        # (a note that says it was 发布 with no number: the 令 of a later 修正 is not its own)
        decree = next((m.group(1) for t in notes for m in [_DECREE.search(t)] if m), None)
        doc_number = decree or (promulgation.group(2) if promulgation else None)

    decree = _DECREE_ISSUER.match(doc_number or "")
    issuers = _issuers(nodes, meta, where, title, notes, disagree,
                       decree.group(1) if decree else None)

    # 成文日期: the 落款 date, else a promulgation note's date, else the container's 成文日期.
    date_node = next((n for n in nodes if n.kind == "date"), None)
    date = parse_date(date_node.text or "") if date_node else None
    if not date:
        adoption = next((ADOPTION.match(t) for t in notes if ADOPTION.match(t)), None)
        date = _last_revision(adoption) if adoption else None
    if not date and promulgation:
        date = parse_date(promulgation.group(1))
    outside_date = _date(meta.get("date", ""))
    if date and outside_date and outside_date != date:
        disagree("date", date, "the 落款", outside_date, where)
    date = date or outside_date
    published = _date(meta.get("published", ""))
    if published and date and published < date:
        disagree("published", published, where, date, "the 落款 (成文日期 after 发布日期?)")

    addressees = tuple(
        body
        for n in nodes
        if n.kind == "addressee"
        for a in re.split("[，,；;]", (n.text or "").rstrip("：:"))
        for body in split_bodies(a.strip())
        if body
    )
    return Metadata(
        title=title,
        doc_number=doc_number,
        issuers=issuers,
        date=date,
        published=published,
        topic=meta.get("topic"),
        index_number=meta.get("index_number"),
        addressees=addressees,
        attachments=_attachments(nodes, title),
        warnings=tuple(warnings),
    )


def split_bodies(text: str) -> list[str]:
    """A 主送 part split at 、 only where both sides are whole bodies.

    >>> split_bodies("国务院各部委、各直属机构"), split_bodies("区政府各委、办、局")
    (['国务院各部委', '各直属机构'], ['区政府各委、办、局'])
    >>> split_bodies("各省、自治区、直辖市人民政府")
    ['各省、自治区、直辖市人民政府']
    """
    out: list[str] = []
    for piece in text.split("、"):
        if out and out[-1][-1:] in _BODY_END and len(piece) >= 3 and piece[-1] in _BODY_END:
            out.append(piece)
        elif out:
            out[-1] += "、" + piece
        else:
            out.append(piece)
    return out


_BODY_END = set("府委局厅部门办会室处构位院署所队社司行")


def normalize_doc_number(text: str) -> str:
    """One spelling of a 文号: 〔〕 year brackets, no spaces.

    >>> normalize_doc_number("临政办函[2013]89号"), normalize_doc_number("沪交道运 〔2023〕328号")
    ('临政办函〔2013〕89号', '沪交道运〔2023〕328号')
    >>> normalize_doc_number("文号：沪房规范〔2025〕4号")  # a label kept in a front-matter value
    '沪房规范〔2025〕4号'
    """
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"^(?:文号|发文字号|发文文号)[:：]", "", text)
    return re.sub(
        rf"{chars.cls(chars.L_LENTICULAR + '（(')}(\d{{4}}){chars.cls(chars.R_LENTICULAR + '）)')}",
        r"〔\1〕",
        text,
    )


def resolve_issuer(name: str, full_names: list[str]) -> str:
    """The full name a 落款 short name stands for (市交通委 → 上海市交通委员会), else ``name``.

    A full name matches when it ends with the name, or when the name without its leading
    市/区/县 stands inside it (交通委 in 上海市交通委员会) or reads, in order, inside it and ends
    with the same character (规划资源局 in 上海市规划和自然资源局; 委 and 办 for 委员会 and 办公室:
    市住房城乡建设管理委 → 上海市住房和城乡建设管理委员会).

    >>> resolve_issuer("市住房城乡建设管理委", ["上海市住房和城乡建设管理委员会"])
    '上海市住房和城乡建设管理委员会'
    >>> resolve_issuer("市发展改革委", ["上海市住房和城乡建设管理委员会"])
    '市发展改革委'
    """
    longest_first = sorted(full_names, key=len, reverse=True)
    for full in longest_first:
        if full.endswith(name):  # 虹口区人民政府办公室 → 上海市虹口区人民政府办公室
            return full
    core = re.sub(r"^(市|区|县|省)", "", name)
    for full in full_names:
        # 委 and 办 end the short forms of a 委员会 and an 办公室 (市住房城乡建设管理委)
        ending = re.sub(r"(?<=委)员会$|(?<=办)公室$", "", full)
        if len(core) >= 2 and len(full) > len(name) and (
                core in full or (ending[-1] == core[-1] and _subsequence(core, ending))):
            if _COMPLETE_BODY.search(name) and core in full and not full.endswith(core):
                continue  # 某区人民政府 is not 某区人民政府办公室 (a body inside it)
            return full
    return name


# A name that is already a whole body: a longer name that continues after it is another body.
_COMPLETE_BODY = re.compile(r"(人民政府|委员会|办公厅|办公室|局|厅|部)$")

# A container's title cut short: it ends in an ellipsis (…的通..., …的通…).
TRUNCATED = re.compile(r"(?:\.{3}|…+|。。。)$")

_NODE_OF = {"title": "title", "doc_number": "doc_number", "date": "date", "issuers": "signature",
            "published": "date"}


def _issuers(nodes, meta, where, title, notes, disagree, decree=None) -> tuple[str, ...]:
    """The 落款's names resolved to the full names of the title or the container; without a
    落款 the title's issuers, then the organ whose decree the document is (上海市人民政府令第41号
    → 上海市人民政府: a site that republished it may stand in the container), then the
    container's, then a promulgation note's body."""
    signatures = [n for n in nodes if n.kind == "signature"
                  and not _PERSON_SIGNATURE.match(n.text or "")]
    from_title = _split(m.group(1)) if (m := _TITLE_ISSUER.match(title)) else []
    outside = _split(meta.get("issuers", ""))
    full = [*from_title, *outside]
    if signatures:
        issuers = [resolve_issuer(s, full) for n in signatures for s in _split(n.text or "")]
        kept_from = "the 落款"
    elif from_title:
        issuers = [resolve_issuer(s, outside) for s in from_title]
        kept_from = "the title"
    elif decree:
        issuers, kept_from = [decree], "the decree"
    else:
        issuers = list(outside)
        kept_from = where
    if outside and issuers and kept_from != where:
        resolved = [resolve_issuer(s, issuers) for s in outside]
        if not set(resolved) <= set(issuers):
            disagree("issuers", "、".join(issuers), kept_from, "、".join(outside), where)
    if not issuers:
        adoption = next((ADOPTION.match(t) for t in notes if ADOPTION.match(t)), None)
        if adoption:
            body = re.sub(rf"第{CN}+届|第{CN}+次会议|会议$", "", adoption.group(2)).strip()
            body = re.sub(r"令第[0-9０-９]+号$", "", body)
            issuers = [body] if body else []
    return tuple(dict.fromkeys(_with_city(issuers)))


# A city (or province) and a district or county at the start of an issuer's name.
_CITY_DISTRICT = re.compile(
    r"^(?P<city>[^市省区县\s]{2,7}?[市省])(?P<district>[^市省区县\s]{1,5}?[区县])"
)


def _with_city(issuers: list[str]) -> list[str]:
    """Issuers of one district written without its city, after one written with it, get the
    city (上海市青浦区规划和自然资源局、青浦区农业农村委员会 → 上海市青浦区农业农村委员会).

    >>> _with_city(["上海市青浦区规划和自然资源局", "青浦区农业农村委员会"])
    ['上海市青浦区规划和自然资源局', '上海市青浦区农业农村委员会']
    """
    places = {m.group("district"): m.group("city") for name in issuers
              if (m := _CITY_DISTRICT.match(name))}
    return [next((places[d] + name for d in places if name.startswith(d)), name)
            for name in issuers]


def _attachments(nodes: tuple[Node, ...], title: str) -> tuple[str, ...]:
    """What a wrapper 印发/转发/批转s: the 《…》 its title names, else its 附件 list, else the
    titles of the documents it carries."""
    match = _ATTACHMENT_IN_TITLE.search(title)
    if match:
        return (match.group(1),)
    listed: list[str] = []
    for node in nodes:  # top level only: an attachment's own 附件 list is not the wrapper's
        if node.kind == "attachment_list":
            # 「附件：」 alone names nothing: its items are the list lines below it.
            item = _ANNEX_ITEM.match(ANNEX.sub("", node.text or ""))
            if item and item.group(1).strip("《》。．. "):
                listed.append(item.group(1).strip("《》。．. "))
    if listed:
        return tuple(listed)
    return tuple(n.title for n in nodes if n.kind == "attachment" and n.title)


def _date(text: str) -> str | None:
    """A date from Chinese text or ISO ``2024-08-30`` (front matter)."""
    match = _ISO_DATE.match(text.strip())
    if match:
        year, month, day = (int(g) for g in match.groups())
        return f"{year:04d}-{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else None
    return parse_date(text)


def _split(text: str) -> list[str]:
    return [s for s in _ISSUER_SPLIT.split(text) if s]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(c in it for c in short)
