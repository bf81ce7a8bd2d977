"""Anki deck details: the card style and byte-stable packages."""

from __future__ import annotations

import io
import itertools
import json
import sqlite3
import zipfile

MODEL_CSS = """\
.card { font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; font-size: 20px;
        text-align: left; color: #1a1a1a; background: #fff; line-height: 1.6; }
blockquote { margin: .6em 0; padding-left: .8em; border-left: 4px solid #a11a1a; }
.c { margin-top: .6em; }
.a { font-weight: bold; color: #7a1010; }
.s { margin-top: .6em; color: #444; }
"""


def package_bytes(package) -> bytes:
    """A ``genanki.Package`` as .apkg bytes, built in memory with fixed timestamps and note ids
    (``write_to_file`` would go through a temporary file on disk, ten times slower)."""
    connection = sqlite3.connect(":memory:")
    try:
        package.write_to_db(connection.cursor(), 0, itertools.count(1))
        connection.commit()
        database = connection.serialize()
    finally:
        connection.close()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in (("collection.anki2", database), ("media", json.dumps({}).encode())):
            entry = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, content)
    return out.getvalue()
