"""Word .docx → paragraphs in order (filled in below)."""

from __future__ import annotations

from policysite.errors import SourceError
from policysite.sources import Extracted
from policysite.sources.chrome import Chrome


def refuse_old(raw: bytes, path: str, chrome: Chrome) -> Extracted:
    raise SourceError(path, "old Word (.doc) and WPS (.wps) files cannot be read",
                      hint="open it in Word or WPS and save it as .docx, then ingest the .docx")


def read(raw: bytes, path: str, chrome: Chrome) -> Extracted:
    raise SourceError(path, "not yet", hint="")
