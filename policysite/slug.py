"""Readable ASCII slugs from Chinese names, for document and entity ids.

>>> slug("市民政局")
'shi-minzhengju'
>>> slug("上海市公安局"), slug("上海市人民政府")  # the place is a word of its own
('shanghaishi-gonganju', 'shanghaishi-renminzhengfu')
>>> document_slug("关于加强乡镇政府服务能力建设的实施意见", None)
'jiaqiang-xiangzhenzhengfu-fuwu-nengli-jianshe-shishi-yijian'
>>> document_slug("国务院办公厅关于推进政务新媒体健康有序发展的意见", "国办发〔2018〕123号")
'guobanfa-2018-123'
>>> # 长 is cháng in 长宁 and 长效:
>>> document_slug("…", "长府办〔2019〕33号"), slug("长宁区人民政府"), slug("长效机制")
('changfuban-2019-33', 'changningqu-renminzhengfu', 'changxiaojizhi')
>>> document_slug("…", "沪交行规〔2026〕8号")  # 行 of a 文号 is 行政 (xíng), not 行规 (háng)
'hujiaoxinggui-2026-8'
"""

from __future__ import annotations

import functools
import re

from policysite.chars import CJK

MAX_SLUG = 60
_FILLER = {"关于", "的", "和", "与", "及", "对", "在"}
_DOC_NUMBER = re.compile(r"^(\D+?)\D?(\d{4})\D+(\d+)号$")

# Words pypinyin reads with the wrong sound of a polyphone (长 is zhǎng on its own): place names
# and the words of policy texts that hold them, so that ids read as people say the name.
READINGS = {
    "长宁": ["cháng", "níng"], "长三角": ["cháng", "sān", "jiǎo"], "长治": ["cháng", "zhì"],
    "长效": ["cháng", "xiào"], "长远": ["cháng", "yuǎn"], "长葛": ["cháng", "gě"],
    "单县": ["shàn", "xiàn"], "长征": ["cháng", "zhēng"],
}
# The first character of a 文号 is a place's or an issuer's one-character short form: 长府办 is
# 长宁区政府办公室, 重府发 重庆市政府; these characters are read as in those names.
DOC_NUMBER_INITIALS = {"长": "chang", "重": "chong", "厦": "xia", "蚌": "beng"}
# Characters a 文号's prefix reads one way wherever they stand: 行 of 行规 and 行审 is 行政
# (沪交行规 is 上海市交通委员会's 行政规范性文件, not 行规 hángguī, trade rules).
DOC_NUMBER_READINGS = {"行": "xing"}


def slug(name: str, max_length: int = MAX_SLUG) -> str:
    """Pinyin words joined by '-', ASCII letters and digits kept, at most ``max_length``."""
    return _join([_pinyin(w) for w in _name_words(name)], max_length)


# A city or province at the start of a word jieba keeps whole (上海市公安局, 浙江省人民政府).
_PLACE = re.compile(f"^[{CJK}]{{2,3}}?(?:省|市|自治区)(?=[{CJK}]{{2}})")


def _name_words(name: str) -> list[str]:
    """An entity name's words, a leading place always a word of its own: 上海市 + 公安局, as
    jieba already cuts 上海市 + 交通 + 委员会 (ids read alike whatever jieba's dictionary holds)."""
    out: list[str] = []
    for word in _segment(name):
        m = _PLACE.match(word)
        if m and not out:
            out.append(m.group())
            out.extend(_segment(word[m.end() :]))
        else:
            out.append(word)
    return out


def document_slug(title: str, doc_number: str | None) -> str:
    """A document's id: from its 文号 when it has one, else from its title's words."""
    if doc_number:
        match = _DOC_NUMBER.match(doc_number)
        if match:
            segments = _segment(match.group(1))
            words = [_doc_number_pinyin(w) for w in segments]
            if segments and segments[0] in DOC_NUMBER_INITIALS:  # 长 | 府 | 办, not 长宁
                words[0] = DOC_NUMBER_INITIALS[segments[0]]
            prefix = _join(words, MAX_SLUG).replace("-", "")
            return f"{prefix}-{match.group(2)}-{match.group(3)}"
    segments = _segment(title)
    words = [w for w in segments if w not in _FILLER]
    issuer_end = next((i for i, w in enumerate(segments) if w == "关于"), None)
    if issuer_end is not None and issuer_end < len(words):
        words = [w for w in segments[issuer_end:] if w not in _FILLER]
    return _join([_pinyin(w) for w in words], MAX_SLUG) or "document"


def _doc_number_pinyin(word: str) -> str:
    """A word of a 文号's prefix in pinyin, the characters of :data:`DOC_NUMBER_READINGS` read
    their way (行规 → xinggui)."""
    if not any(c in DOC_NUMBER_READINGS for c in word):
        return _pinyin(word)
    return "".join(DOC_NUMBER_READINGS.get(c) or _pinyin(c) for c in word)


def unique(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``… whichever is not in ``taken``."""
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _segment(text: str) -> list[str]:
    import jieba

    jieba.setLogLevel(60)
    return [w for w in jieba.lcut(text, HMM=False) if w.strip()]


def _pinyin(word: str) -> str:
    from pypinyin import lazy_pinyin

    _teach_readings()
    return "".join(lazy_pinyin(word, errors="default"))  # other characters kept as written


@functools.cache
def _teach_readings() -> None:
    from pypinyin import load_phrases_dict

    load_phrases_dict({w: [[s] for s in sounds] for w, sounds in READINGS.items()})


def _join(words: list[str], max_length: int) -> str:
    parts = [re.sub(r"[^a-z0-9]+", "", w.lower()) for w in words]
    parts = [p for p in parts if p]
    out = ""
    for part in parts:
        candidate = f"{out}-{part}" if out else part
        if len(candidate) > max_length:
            break
        out = candidate
    return out or (parts[0][:max_length] if parts else "")
