"""Plain text (.txt): decoded as it is; chrome rules apply to whole lines."""

from __future__ import annotations

from policysite.decode import decode
from policysite.sources import Extracted, sha256
from policysite.sources.chrome import Chrome


def read(raw: bytes, path: str, chrome: Chrome) -> Extracted:
    decoded = decode(raw, path)
    drop = chrome.drops(decoded.text.split("\n"), "text")
    return Extracted(decoded.text, "text", decoded.encoding, sha256(raw), drop)
