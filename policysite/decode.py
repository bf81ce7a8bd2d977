"""Bytes → text.  The first stage: it refuses what is not a text document.

Guarantees:

1. UTF-8 (with or without BOM), UTF-16 with a BOM, GB18030/GBK (the superset is used, so
   GBK and GB2312 texts decode too) and Big5 are recognised; anything else is refused.
2. CRLF and lone CR line ends become LF; nothing else in the text is changed.
3. Empty files, whitespace-only files, binary files (PDF, PNG, ZIP… renamed ``.txt``) and bytes
   that no supported encoding reads raise :class:`SourceError` naming the file and, where it
   applies, the line of the first bad byte.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from policysite.errors import SourceError

# Magic numbers of binary formats people rename to .txt, with a name for the error message.
_MAGIC = (
    (b"%PDF", "a PDF file"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (a .docx or .xlsx file?)"),
    (b"\xd0\xcf\x11\xe0", "an old Word/Excel file (.doc/.xls)"),
    (b"\x7fELF", "a program"),
)
_CJK_ENCODINGS = ("gb18030", "gbk", "gb2312", "big5", "hz")
_GB_FAMILY = {"gb18030", "gbk", "gb2312", "cp936"}
HINT_SAVE_AS = "save it as plain text (UTF-8) and try again"


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # utf-8 | utf-8-sig | utf-16 | gb18030 | big5 | hz


def decode(raw: bytes, path: str) -> Decoded:
    """Decode the bytes of a source text.

    >>> decode("第一条 总则\\r\\n".encode("gb18030"), "a.txt")
    Decoded(text='第一条 总则\\n', encoding='gb18030')
    """
    if not raw:
        raise SourceError(path, "the file is empty", hint="expected the text of a policy document")
    for magic, what in _MAGIC:
        if raw.startswith(magic):
            raise SourceError(path, f"this is {what}, not a text file", hint=HINT_SAVE_AS)
    text, encoding = _decode_text(raw, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise SourceError(
            path, "the text contains NUL bytes (a binary file?)", line=line, hint=HINT_SAVE_AS
        )
    if not text.strip():
        raise SourceError(
            path, "the file holds only whitespace", hint="expected the text of a policy document"
        )
    return Decoded(text, encoding)


def _decode_text(raw: bytes, path: str) -> tuple[str, str]:
    if raw.startswith(codecs.BOM_UTF8):
        return _strict(raw[len(codecs.BOM_UTF8) :], "utf-8", path), "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(raw, "utf-16", path), "utf-16"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        first_bad = utf8_error.start
    if b"\x00" in raw[:4096]:
        line = raw.count(b"\n", 0, raw.index(b"\x00")) + 1
        raise SourceError(path, "the file contains NUL bytes (a binary file?)", line=line,
                          hint=HINT_SAVE_AS)
    guess = _guess_cjk_encoding(raw)
    if guess:
        # GB2312 and GBK texts are read with their superset GB18030; Big5 and HZ as detected.
        codec = "gb18030" if guess.replace("_", "").lower() in _GB_FAMILY else guess
        try:
            return raw.decode(codec), codec
        except (UnicodeDecodeError, LookupError):
            pass
    line = raw.count(b"\n", 0, first_bad) + 1
    raise SourceError(
        path,
        f"cannot decode byte 0x{raw[first_bad]:02x} at offset {first_bad}: "
        "expected UTF-8, UTF-16 with BOM or GB18030/GBK",
        line=line,
        hint=HINT_SAVE_AS,
    )


def _strict(raw: bytes, encoding: str, path: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise SourceError(
            path, f"the file starts with a {encoding} byte-order mark but is not valid {encoding}",
            line=line, hint=HINT_SAVE_AS,
        ) from None


def _guess_cjk_encoding(raw: bytes) -> str | None:
    """Ask charset-normalizer whether the bytes read as a Chinese legacy encoding."""
    from charset_normalizer import from_bytes

    best = from_bytes(raw[:200_000]).best()
    if best is not None and best.encoding.replace("_", "").lower() in {
            e.replace("_", "") for e in _CJK_ENCODINGS}:
        return best.encoding
    # charset-normalizer may name a single-byte code page (or nothing at all) for short or
    # symbol-heavy GBK texts; trust gb18030 when it decodes cleanly and yields mostly CJK.
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        return None
    cjk = sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
    return "gb18030" if cjk >= max(1, len(text.strip()) // 3) else None
