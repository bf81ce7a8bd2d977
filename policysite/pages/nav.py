"""The site's navigation: index pages only, so it stays small for a library of 1,000+ documents.

Documents are reached through the home page and the browse pages (``documents/index.md`` and
its groups by kind, genre, level, year and issuer), never listed one by one in the sidebar: a
sidebar of 1,000 documents would be copied into every page of the site.
"""

from __future__ import annotations

from typing import Any

from policysite.library import Library
from policysite.pages import paths


def site_nav(library: Library) -> list[Any]:
    nav: list[Any] = [{"文件库": paths.HOME}]
    nav.append({"浏览文件": paths.DOCUMENTS_INDEX})
    if library.registry is not None:
        nav.append({"责任主体": paths.entity_index("body")})
        nav.append({"机制与制度": paths.entity_index("mechanism")})
        nav.append({"引用文件": paths.entity_index("citation")})
        nav.append({"术语表": paths.GLOSSARY})
    # 培训: one index page (training/index.md) linking every document's training material.
    nav.append({"培训": "training/index.md"})
    nav.append({"维护说明": "maintainers.md"})
    return nav
