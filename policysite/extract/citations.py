"""Cited documents: titles in 《…》 (with the issuer written just before) and 文号 references.

>>> from policysite.extract.lexicon import Lexicon
>>> lex = Lexicon(known_bodies={"中共中央办公厅": ("中央", "党委")})
>>> text = "认真落实中共中央办公厅《关于加强乡镇干部队伍建设的若干意见》"
>>> [(h.name, h.issuer) for h in find(text, lex.compiled)]
[('关于加强乡镇干部队伍建设的若干意见', '中共中央办公厅')]
>>> [h.name for h in find("根据劳社部发[2008]3号和国发〔2024〕3号", Lexicon().compiled)]
['劳社部发〔2008〕3号', '国发〔2024〕3号']
>>> [h.name for h in find("（国务院令第513号）", Lexicon().compiled)]
['国务院令第513号']
"""

from __future__ import annotations

import re

from policysite.chars import ASCII_DIGIT, CJK, ENUM_COMMA, FULLWIDTH_DIGIT, L_TITLE, R_TITLE
from policysite.extract import bodies
from policysite.extract.hit import Hit
from policysite.extract.lexicon import Lexicon
from policysite.extract.marks import DOC_NUMBER_CLOSE, DOC_NUMBER_OPEN, cls
from policysite.extract.rules import Rules

# 《title》 — no nested 《 inside.
TITLE_RE = re.compile(f"{L_TITLE}(?P<title>[^{L_TITLE}{R_TITLE}]+){R_TITLE}")
# 文号: issuer code (CJK, at most 8 characters) + 〔year〕 + number + 号.
DIGIT = f"(?:{ASCII_DIGIT}|{FULLWIDTH_DIGIT})"
DOC_NUMBER_RE = re.compile(
    f"(?P<code>[{CJK}]{{1,8}}){cls(DOC_NUMBER_OPEN)}(?P<year>{DIGIT}{{4}}){cls(DOC_NUMBER_CLOSE)}"
    f"(?P<num>{DIGIT}+)号"
)
# Words that never belong to a 文号 issuer code; what stands before them is cut off.
CODE_EDGES = (
    "根据",
    "依据",
    "印发",
    "见",
    "号",
    "文件",
    "按",
    "依",
    "和",
    "及",
    "与",
    "或",
    ENUM_COMMA,
)
# 令 numbers: 国务院令第513号.
DECREE_RE = re.compile(f"(?P<code>[{CJK}]{{1,14}}令)第(?P<num>{DIGIT}+)号")
CJK_RE = re.compile(f"[{CJK}]")
# A canonical 文号 uses 〔〕 and ASCII digits.
_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def find(text: str, rules: Rules, hits: tuple[Hit, ...] = ()) -> tuple[Hit, ...]:
    """Add the cited documents of ``text`` to ``hits``."""
    lexicon = rules.lexicon
    found: list[Hit] = []
    issuers = rules.citation_issuers
    for m in TITLE_RE.finditer(text):
        issuer = _issuer_before(text, m.start(), issuers)
        found.append(
            Hit(
                "citation",
                m.group("title").strip(),
                m.start("title"),
                m.end("title"),
                issuer=issuer,
                found="known",
            )
        )
    for m in DOC_NUMBER_RE.finditer(text):
        code = _after_date(text, m.end("code"), _trim_code(m.group("code"), lexicon))
        start = m.end("code") - len(code)
        if not code:
            continue
        name = f"{code}〔{m.group('year')}〕{m.group('num')}号".translate(_DIGITS)
        found.append(Hit("citation", name, start, m.end(), found="known"))
    found.extend(_unmarked(text, rules, found))
    for m in DECREE_RE.finditer(text):
        code = _after_date(text, m.end("code"), _trim_code(m.group("code"), lexicon))
        if len(code) < 2:
            continue
        start = m.end("code") - len(code)
        found.append(
            Hit("citation", f"{code}第{m.group('num')}号".translate(_DIGITS), start, m.end(),
                found="known")
        )
    return tuple(hits) + tuple(sorted(found, key=lambda h: h.start))


# A form a procedure fills in (《立案审批表》, 《行政处罚决定书》, 《协助调查函》): a short name in
# 《》 ending in 书/表/函/单 with no issuer or subject of its own — no document to cite (its hit
# stays while the other extractors run, so nothing inside it is a body; node_hits drops it).
FORM_ENDINGS = ("书", "表", "函", "单")
FORM_MAX = 10


def is_form(title: str) -> bool:
    """
    >>> is_form("行政处罚决定书"), is_form("上海市交通行业安全生产约谈通知书")
    (True, False)
    >>> is_form("关于开展检查的函")
    False
    """
    return len(title) <= FORM_MAX and title.endswith(FORM_ENDINGS) and "关于" not in title


def _unmarked(text: str, rules: Rules, found: list[Hit]) -> list[Hit]:
    """Laws named without 《》 after a word such as 执行: 严格执行网络安全法等法律法规."""
    lexicon = rules.lexicon
    if not lexicon.unmarked_before or not lexicon.unmarked_endings:
        return []
    out = []
    for m in rules.unmarked_before.finditer(text):
        start = m.end()
        if any(h.start <= start < h.end + 1 for h in found):
            continue  # 根据《…》: the title is found already
        end = start
        while end < len(text) and end - start < lexicon.unmarked_max and CJK_RE.match(text[end]):
            end += 1
            name = text[start:end]
            if not name.endswith(lexicon.unmarked_endings):
                continue
            if CJK_RE.match(text, end) and not text.startswith(lexicon.unmarked_after, end):
                continue
            start += _after_mechanism(name, lexicon)  # 规章备案制度和 | 行政复议法
            name = text[start:end]
            if (
                len(name) >= lexicon.unmarked_min
                and not name.endswith(lexicon.unmarked_not_endings)
                and not name.startswith(lexicon.unmarked_not_starting)
            ):
                out.append(Hit("citation", name, start, end, found="shape"))
            break
    return out


def _after_mechanism(name: str, lexicon: Lexicon) -> int:
    """Where a law's name starts inside ``name`` when a mechanism and a joiner come first
    (规章备案制度和行政复议法 → 行政复议法); 0 when none does."""
    cut = 0
    for suffix in lexicon.mechanism_suffixes:
        for join in (*lexicon.joiners, ENUM_COMMA):
            at = name.rfind(suffix + join)
            if at >= 0:
                cut = max(cut, at + len(suffix) + len(join))
    return cut


def _issuer_before(text: str, start: int, issuers: re.Pattern) -> str | None:
    """The issuer written just before 《: a known body, or a chain of them joined by 、."""
    before = text[max(0, start - 40) : start]
    found = []
    while True:
        m = issuers.search(before)
        if not m:
            break
        found.append(bodies.normal_name(m.group()))
        before = before[: m.start()]
        if not before.endswith(ENUM_COMMA):
            break
        before = before[:-1]
    return ENUM_COMMA.join(reversed(found)) or None


def _after_date(text: str, end: int, code: str) -> str:
    """``code`` (ending at ``end``) without the 日 of a date written right before it:
    2004年6月9日上海市人民政府令 → 上海市人民政府令; 日照市人民政府令 keeps its 日.

    >>> _after_date("2004年6月9日上海市人民政府令", 17, "日上海市人民政府令")
    '上海市人民政府令'
    >>> _after_date("日照市人民政府令", 8, "日照市人民政府令")
    '日照市人民政府令'
    """
    begin = end - len(code)
    if code.startswith("日") and begin > 0 and (
        text[begin - 1].isdigit() or text[begin - 1] in "〇零○一二三四五六七八九十"
    ):
        return code[1:]
    return code


# Names with a joiner inside, besides the lexicon's stems (人力资源和社会保障).
JOINED_NAMES = ("中华人民共和国",)


def _inside_name(code: str, i: int, lexicon: Lexicon) -> bool:
    """Whether position ``i`` of ``code`` is inside a name that holds a joiner."""
    for name in (*JOINED_NAMES, *lexicon.stems):
        at = code.find(name)
        while at != -1:
            if at < i < at + len(name):
                return True
            at = code.find(name, at + 1)
    return False


def _trim_code(code: str, lexicon: Lexicon) -> str:
    """Cut words such as 根据 or 印发 off the front of a 文号 issuer code (按国发 → 国发), but
    not at a joiner inside a name (中华人民共和国国务院令, 人力资源和社会保障部令)."""
    best = code
    for edge in lexicon.left_edges + CODE_EDGES:
        i = best.rfind(edge)
        if i != -1 and edge in lexicon.joiners and _inside_name(best, i, lexicon):
            continue
        if i != -1 and i + len(edge) < len(best):
            best = best[i + len(edge) :]
    return best
