"""Stage 1: cleaned lines → tokens.  Each line is classified once (a numbering style, a frame
line such as 文号/date/note, a title-like line or a paragraph); later stages never re-read text
to decide what a line is, and never change a token (they make new ones).

>>> from policysite.clean import clean
>>> [(t.kind, t.marker) for t in tokenize(clean("国务院关于加强管理的通知\\n一、总则"))]
[('title_like', None), ('section', '一、')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from policysite import chars
from policysite.clean import Cleaned, Line
from policysite.text import runs_on, wrap_width

CN = chars.CN_DIGIT
LP, RP = chars.cls(chars.LPAREN), chars.cls(chars.RPAREN)

# Numbering styles: (style, pattern).  Groups: 1 marker, 2 number, 3 the rest of the line.
NUMBERING = (
    ("chapter", re.compile(rf"^(第({CN}+)章)\s*(.*)$")),
    ("subchapter", re.compile(rf"^(第({CN}+)节)\s*(.*)$")),
    # 第一条 text, 第一条（目的）, a bare 第一条; not 第三条的规定 (a reference inside a sentence)
    ("article", re.compile(rf"^(第({CN}+)条)(?:\s+|(?={LP})|$)(.*)$")),
    ("section", re.compile(rf"^(({CN}+)、)\s*(.*)$")),
    ("clause", re.compile(rf"^({LP}({CN}+){RP})\s*(.*)$")),
    ("item", re.compile(r"^(([0-9０-９]{1,3})[.．、])(?![0-9０-９])\s*(.*)$")),
    ("subitem", re.compile(rf"^({LP}([0-9０-９]{{1,3}}){RP})\s*(.*)$")),
    ("point", re.compile(rf"^(([{chars.CIRCLED}]))\s*(.*)$")),
)
STYLES = frozenset(style for style, _ in NUMBERING)
STRUCTURED = STYLES | {"provision"}
FRAME_TOKENS = frozenset(
    {"doc_number", "addressee", "note", "annex", "date", "signature", "adoption", "contents"}
)

_TITLE_BREAKERS = re.compile(chars.cls(chars.SENTENCE_STOPS + chars.COMMAS + chars.COLONS))
DOC_NUMBER = re.compile(  # 沪规划资源乡〔2020〕206 号: a space may stand before 号
    rf"^[{chars.CJK}]{{1,15}}\s*{chars.cls(chars.L_LENTICULAR + '（(')}\s*\d{{4}}\s*"
    rf"{chars.cls(chars.R_LENTICULAR + '）)')}\s*\d+\s*号$"
)
DATE_LINE = re.compile(f"^(?:{chars.DATE_ARABIC}|{chars.DATE_CHINESE})$")
NOTE = re.compile(rf"^{LP}(此件[^）)]*|本文有删减|[^）)]{{0,20}}删减[^）)]*){RP}$")
# An adoption note: its date, the organ and meeting, the verb; the amendments that followed may
# stand in the same brackets (…通过  根据2010年9月17日…第三次修正).
ADOPTION = re.compile(
    rf"^{LP}?(\d{{4}}年\d{{1,2}}月\d{{1,2}}日)\s*(.{{2,80}}?)(通过|公布|发布|修订|修正|批准)"
    rf"(?:[\s，,；;]*根据\d{{4}}年[^）)]{{2,200}}?(?:修正|修订))*{RP}?$"
)
ANNEX = re.compile(r"^附\s*件\s*[0-9０-９]*\s*" + chars.cls(chars.COLONS))
_ADDRESSEE = re.compile(r"^[^。；！？]{2,300}" + chars.cls(chars.COLONS) + "$")
_NOT_ADDRESSEE = re.compile(r"^(为|根据|按照|经|现)|以下|如下|下列")


@dataclass(frozen=True)
class Token:
    kind: str  # a numbering style, or paragraph | title_like | doc_number | date | note | …
    line: Line
    marker: str | None = None
    num: str | None = None
    rest: str = ""


def tokenize(cleaned: Cleaned) -> tuple[Token, ...]:
    """One token per kept line (a hard-wrapped paragraph's lines are one), in order."""
    return contents_lists(
        annex_lists(joined_notes(joined_dates(
            tuple(classify(line) for line in unwrapped(cleaned.lines)))))
    )


def unwrapped(lines: tuple[Line, ...]) -> tuple[Line, ...]:
    """The lines of a hard-wrapped text (copied from a PDF or an e-mail, cut at one width)
    joined into paragraphs: a line that fills the width and ends no sentence runs on into the
    next, unless that one starts a numbered part.  The joined line keeps the first line's
    number.  Text with one paragraph per line is returned as it is.

    >>> from policysite.clean import clean
    >>> cut = "各区要结合实际，科学谋划总体安排，明确任务\\n"
    >>> [len(line.text) for line in unwrapped(clean("一、总体要求\\n" + cut * 5 + "分工。").lines)]
    [6, 108]
    """
    width = wrap_width([line.text for line in lines if not line.md_level])
    if width is None:
        return lines
    out: list[Line] = []
    physical = ""  # the line before, as the text broke it
    for line in lines:
        if out and not line.md_level and not out[-1].md_level and runs_on(physical, line.text,
                                                                          width):
            out[-1] = Line(out[-1].number, out[-1].text + line.text)
        else:
            out.append(line)
        physical = line.text
    return tuple(out)


_YEAR_ONLY = re.compile(r"^(\d{4}|[〇零○一二三四五六七八九]{4})\s*年?$")


def joined_dates(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """A 落款 date broken after its year (「2015」 / 「年5月21日」, a scraped page's line wrap) is
    one date line; the token keeps the first line's number and both lines' text.

    >>> from policysite.clean import clean
    >>> [(t.kind, t.line.text) for t in tokenize(clean("某局\\n2015\\n年5月21日"))]
    [('title_like', '某局'), ('date', '2015年5月21日')]
    """
    out: list[Token] = []
    skip = False
    for i, token in enumerate(tokens):
        if skip:
            skip = False
            continue
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        if following is not None and _YEAR_ONLY.match(token.line.text):
            text = token.line.text + following.line.text
            if DATE_LINE.match(text):
                line = Line(token.line.number, text, token.line.md_level)
                out.append(Token("date", line))
                skip = True
                continue
        out.append(token)
    return tuple(out)


def annex_lists(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """A 附件 list runs over several lines: 「附件：1．甲」 then 「2．乙」 …, or 「附件：」
    alone with the numbered items (or the one attachment's name) on the lines below.  Those
    lines are part of the list (``annex``), not numbered items of the text.

    >>> from policysite.clean import clean
    >>> [t.kind for t in tokenize(clean("附件：1．甲\\n2．乙\\n3．丙\\n上海市交通委员会"))]
    ['annex', 'annex', 'annex', 'title_like']
    >>> [t.kind for t in tokenize(clean("附件：\\n标准目录\\n上海市财政局\\n2023年6月5日"))]
    ['annex', 'annex', 'title_like', 'date']
    """
    out = list(tokens)
    for i, token in enumerate(tokens):
        if token.kind != "annex":
            continue
        rest = ANNEX.sub("", token.line.text).strip()
        item = NUMBERING[5][1].match(rest)
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        if rest and not item:
            continue  # 「附件：《…》」: one attachment, named on the line itself
        if not rest and following is not None and following.kind == "title_like":
            after = tokens[i + 2] if i + 2 < len(tokens) else None
            # Not the 落款's issuer line (a date follows it), nor the title of the attached
            # document itself (its text follows it).
            if after is None or after.kind in ("title_like", "annex", "note"):
                out[i + 1] = replace(following, kind="annex")
            continue
        expected = int(item.group(2)) + 1 if item else 1
        j = i + 1
        while j < len(tokens) and tokens[j].kind == "item" and int(tokens[j].num or 0) == expected:
            out[j] = replace(tokens[j], kind="annex")
            expected += 1
            j += 1
    return tuple(out)


# An adoption note's opening: 「（2005年9月23日…」.
_NOTE_OPENS = re.compile(r"^[（(]\d{4}年\d{1,2}月\d{1,2}日")
NOTE_LINES_MAX = 3


def joined_notes(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """An adoption note broken over lines (「（2005年9月23日上海市第十二届人民代表大会」 /
    「常务委员会第二十二次会议通过）」, as a law database gives it) is one note; the token keeps the
    first line's number and every line's text.

    >>> from policysite.clean import clean
    >>> text = "某条例\\n（2005年9月23日某市人民代表大会\\n常务委员会会议通过）\\n第一条　甲。"
    >>> [(t.kind, t.line.text) for t in tokenize(clean(text))][1]
    ('adoption', '（2005年9月23日某市人民代表大会常务委员会会议通过）')
    """
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        joined = _joined_note(tokens, i)
        if joined is None:
            out.append(tokens[i])
            i += 1
        else:
            token, used = joined
            out.append(token)
            i += used
    return tuple(out)


def _joined_note(tokens: tuple[Token, ...], i: int) -> tuple[Token, int] | None:
    """The note that opens at ``tokens[i]`` and closes on one of the next lines, with the number
    of lines it takes; None when no note opens there or it does not close as one."""
    first = tokens[i].line
    if not _NOTE_OPENS.match(first.text) or re.search("[）)]", first.text):
        return None
    text = first.text
    for n in range(1, NOTE_LINES_MAX):
        if i + n >= len(tokens) or tokens[i + n].line.md_level:
            return None
        text += tokens[i + n].line.text
        if re.search("[）)]", tokens[i + n].line.text):
            joined = classify(Line(first.number, text, first.md_level))
            return (joined, n + 1) if joined.kind in ("adoption", "note") else None
    return None


CONTENTS = re.compile(r"^目\s*录$")
_CONTENTS_ENTRY = frozenset({"chapter", "subchapter"})


def contents_lists(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """A regulation's 目录 (「目　录」, then 「第一章　总则」 「第二章　…」 one per line) lists the
    chapters the text then opens again.  Its lines are the table of contents (``contents``), not
    chapters: otherwise every chapter would stand twice and the real ones get ids ch1-2, ch2-2 ….
    Only when the first listed chapter opens again further down.

    >>> from policysite.clean import clean
    >>> text = "目　录\\n第一章　总则\\n第二章　附则\\n第一章　总则\\n第一条　甲。\\n第二章　附则"
    >>> [t.kind for t in tokenize(clean(text))]
    ['contents', 'contents', 'contents', 'chapter', 'article', 'chapter']
    >>> text = "目录\\n第一章　总则\\n第一节　甲\\n第二章　乙\\n第一节　丙\\n第一章　总则"
    >>> [t.kind for t in tokenize(clean(text))][:6]
    ['contents', 'contents', 'contents', 'contents', 'contents', 'chapter']
    """
    out = list(tokens)
    for i, token in enumerate(tokens):
        if token.kind != "title_like" or not CONTENTS.match(token.line.text):
            continue
        # The list runs until a chapter it already listed opens again (节 repeat per 章).
        j, listed = i + 1, set()
        while (j < len(tokens) and tokens[j].kind in _CONTENTS_ENTRY
               and tokens[j].marker not in listed):
            if tokens[j].kind == "chapter":
                listed.add(tokens[j].marker)
            j += 1
        entries = tokens[i + 1 : j]
        first = entries[0] if entries else None
        if first is None or not any(
            t.kind == first.kind and t.marker == first.marker for t in tokens[j:]
        ):
            continue
        for k in range(i, j):
            out[k] = replace(tokens[k], kind="contents")
    return tuple(out)


def classify(line: Line) -> Token:
    text = line.text
    if line.md_level and re.fullmatch(f"{CN}+", text):
        return Token("section", line, marker=text, num=text, rest="")
    for style, pattern in NUMBERING:
        match = pattern.match(text)
        if match:
            return Token(
                style,
                line,
                marker=match.group(1),
                num=match.group(2),
                rest=(match.group(3) or "").strip(),
            )
    if DOC_NUMBER.match(text):
        return Token("doc_number", line)
    if DATE_LINE.match(text):
        return Token("date", line)
    if NOTE.match(text):
        return Token("note", line)
    if ADOPTION.match(text):
        return Token("adoption", line)
    if ANNEX.match(text):
        return Token("annex", line)
    if _ADDRESSEE.match(text) and not _NOT_ADDRESSEE.search(text):
        return Token("addressee", line)
    if not _TITLE_BREAKERS.search(text) and len(text) <= 80:
        return Token("title_like", line)
    return Token("paragraph", line)


def join(tokens: tuple[Token, ...] | list[Token]) -> str:
    return "".join(t.line.text for t in tokens)
