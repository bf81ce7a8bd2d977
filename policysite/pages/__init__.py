"""data → Markdown pages (and downloads), as strings and bytes.  No file I/O here.

Each page module has ``render(library) -> Iterator[(path, content)]``; a new kind of page is a
new module in :data:`PAGE_MODULES`.
"""

from __future__ import annotations

from policysite.library import Library
from policysite.pages import browse, document, entities, home, tasks, training

PAGE_MODULES = [home, browse, document, entities, tasks, training]


def render_all(library: Library) -> dict[str, str | bytes]:
    """Every generated page, keyed by its path under ``docs/``."""
    pages: dict[str, str | bytes] = {}
    for module in PAGE_MODULES:
        for path, content in module.render(library):
            if path in pages:
                raise ValueError(f"two page modules generate {path}")
            pages[path] = content
    return pages
