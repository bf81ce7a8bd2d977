"""Chrome rules: the lines of page or repository chrome a reader drops, from data files.

The built-in rules are ``chrome.yml`` next to this module; editors add their own in
``data/chrome/*.yml`` (same format), read by :mod:`policysite.build`.

>>> rules = Chrome.from_data([{"lines": [{"pattern": "^打印$", "reason": "page chrome"}]}])
>>> rules.drops(["正文", "打印"], "html")
{2: 'page chrome'}
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from policysite.errors import DataError


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern[str]
    reason: str
    formats: frozenset[str] = frozenset()

    def applies(self, text: str, format_: str) -> bool:
        return (not self.formats or format_ in self.formats) and bool(self.pattern.search(text))


@dataclass(frozen=True)
class Chrome:
    lines: tuple[Rule, ...] = ()
    sections: tuple[Rule, ...] = ()

    @classmethod
    def from_data(
        cls, documents: Iterable[Mapping[str, Any] | None], where: str = "chrome"
    ) -> Chrome:
        lines: list[Rule] = []
        sections: list[Rule] = []
        for data in documents:
            for key, out in (("lines", lines), ("sections", sections)):
                for i, entry in enumerate((data or {}).get(key) or []):
                    out.append(_rule(entry, f"{key}[{i}]", where))
        return cls(tuple(lines), tuple(sections))

    def drops(self, lines: list[str], format_: str) -> dict[int, str]:
        """``{line number: reason}`` for the chrome among ``lines`` (1-based)."""
        out: dict[int, str] = {}
        section: str | None = None
        for number, raw in enumerate(lines, start=1):
            text = raw.strip()
            if not text:
                continue
            if section is None:
                section = next((r.reason for r in self.sections if r.applies(text, format_)), None)
            reason = section or next(
                (r.reason for r in self.lines if r.applies(text, format_)), None)
            if reason:
                out[number] = reason
        return out


def builtin() -> dict[str, Any]:
    text = resources.files("policysite.sources").joinpath("chrome.yml").read_text("utf-8")
    return yaml.safe_load(text) or {}


def load(extra: Mapping[str, Any] | None = None) -> Chrome:
    """The built-in rules plus ``extra`` (``{file stem: content}`` of data/chrome/*.yml)."""
    return Chrome.from_data([builtin(), *(extra or {}).values()])


def _rule(entry: Any, field: str, where: str) -> Rule:
    if not isinstance(entry, Mapping) or "pattern" not in entry or "reason" not in entry:
        raise DataError(where, "a chrome rule needs `pattern:` (a regex) and `reason:`",
                        field=field)
    try:
        pattern = re.compile(str(entry["pattern"]))
    except re.error as error:
        raise DataError(where, f"bad regex {entry['pattern']!r}: {error}", field=field) from None
    return Rule(pattern, str(entry["reason"]), frozenset(entry.get("formats") or ()))
