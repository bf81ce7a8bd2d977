"""MkDocs plugin: a thin adapter that adds the pages generated from ``data/`` to the build.

The work is done by :mod:`policysite.build` and :mod:`policysite.pages`; this module only turns
MkDocs events into calls and our errors into MkDocs' ``PluginError`` (so the build refuses to
publish data that fails ``policysite check``).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from policysite import build
from policysite.errors import DataErrors, PolicyError
from policysite.library import Library
from policysite.pagefind import mark_excluded_sections
from policysite.pages import render_all
from policysite.pages.nav import site_nav

THEME_DIR = Path(__file__).parent / "theme"


class PolicySiteConfig(Config):
    data_dir = config_options.Type(str, default="data")
    # Unreviewed entities of this confidence or weaker get no page and no index row:
    # low | medium | none (see `policysite review`).
    hide_unreviewed = config_options.Choice(("none", "low", "medium"), default="none")
    # Sources `policysite serve` watches and re-ingests when they change.
    seeds_dir = config_options.Type(str, default="seeds")


class PolicySitePlugin(BasePlugin[PolicySiteConfig]):
    library: Library | None = None
    serving: bool = False
    seen: dict[str, float]

    def on_startup(self, *, command, dirty) -> None:
        # with on_startup, MkDocs keeps this object across the rebuilds of `mkdocs serve`
        self.serving = command == "serve"
        self.seen = {}

    def on_serve(self, server, config, builder):
        """Rebuild when editors change curation, the lexicon or a source, not only docs/."""
        root = Path(config.config_file_path or ".").resolve().parent
        data_dir = root / self.config.data_dir
        for path in (data_dir / "curation", data_dir / "lexicon", root / self.config.seeds_dir):
            if path.is_dir():
                server.watch(str(path))
        return server

    def on_config(self, config):
        root = Path(config.config_file_path or ".").resolve().parent
        data_dir = root / self.config.data_dir
        if self.serving:  # re-ingest only what changed since the last build
            try:
                build.refresh(root / self.config.seeds_dir, data_dir, self.seen)
            except PolicyError as error:
                raise PluginError(error.one_line()) from None
        try:
            # validates everything `check` does
            self.library = build.load_library(data_dir, self.config.hide_unreviewed)
        except DataErrors as errors:
            problems = errors.errors
            listing = "\n".join(p.one_line() for p in problems[:20])
            more = f"\n… and {len(problems) - 20} more" if len(problems) > 20 else ""
            raise PluginError(
                f"data/ has {len(problems)} problem(s); the site is not built until they are "
                f"fixed (run 'policysite check'):\n{listing}{more}"
            ) from None
        except PolicyError as error:
            raise PluginError(error.one_line()) from None
        # The package's template overrides (policysite/theme/) come before Material's own.
        config.theme.dirs.insert(0, str(THEME_DIR))
        if not config.nav:
            config.nav = site_nav(self.library)
        return config

    def on_files(self, files: Files, config) -> Files:
        assert self.library is not None
        for path, content in render_all(self.library).items():
            if files.get_file_from_path(path) is not None:
                continue  # a hand-written page in docs/ wins over a generated one
            files.append(File.generated(config, path, content=content))
        return files

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        if pagefind_wanted(config):
            # Pagefind indexes the page (theme: data-pagefind-body); Material's index stays empty.
            search = dict(page.meta.get("search") or {})
            page.meta["pagefind"] = {"index": not search.get("exclude"),
                                     "boost": search.get("boost", 1)}
            page.meta["search"] = {**search, "exclude": True}
        return markdown

    def on_page_content(self, html: str, page, config, files) -> str:
        if pagefind_wanted(config) and "data-search-exclude" in html:
            return mark_excluded_sections(html)
        return html

    @event_priority(-100)  # after Material's search plugin has written its (empty) index
    def on_post_build(self, config) -> None:
        if pagefind_wanted(config):
            try:
                build.build_pagefind(Path(config.site_dir))
            except PolicyError as error:
                raise PluginError(error.one_line()) from None


def pagefind_wanted(config) -> bool:
    """Pagefind unless the build is the copy opened from disk (Material's offline plugin)."""
    offline = config.plugins.get("material/offline")
    return offline is None or not offline.config.enabled
