"""Anki deck details: the card style and byte-stable packages."""

from __future__ import annotations

import io
import zipfile

MODEL_CSS = """\
.card { font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; font-size: 20px;
        text-align: left; color: #1a1a1a; background: #fff; line-height: 1.6; }
blockquote { margin: .6em 0; padding-left: .8em; border-left: 4px solid #a11a1a; }
.c { margin-top: .6em; }
.a { font-weight: bold; color: #7a1010; }
.s { margin-top: .6em; color: #444; }
"""


def normalise_apkg(data: bytes) -> bytes:
    """Rewrite the .apkg zip with fixed entry times, so the same deck gives the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in sorted(source.infolist(), key=lambda i: i.filename):
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
