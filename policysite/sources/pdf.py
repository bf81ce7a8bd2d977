"""PDF (filled in below)."""

from __future__ import annotations

from policysite.errors import SourceError
from policysite.sources import Extracted
from policysite.sources.chrome import Chrome


def read(raw: bytes, path: str, chrome: Chrome) -> Extracted:
    raise SourceError(path, "not yet", hint="")
