"""MkDocs plugin: a thin adapter that adds the pages generated from ``data/`` to the build.

The work is done by :mod:`policysite.build` and :mod:`policysite.pages`; this module only turns
MkDocs events into calls and our errors into MkDocs' ``PluginError`` (so the build refuses to
publish data that fails ``policysite check``).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from policysite import build
from policysite.errors import DataErrors, PolicyError
from policysite.library import Library
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
            build_pagefind(Path(config.site_dir))


# -- search: Pagefind for a served site ---------------------------------------------------------
# When Material's search plugin is disabled (every build but --offline, see mkdocs.yml), the
# site's search reads a Pagefind index: built here after the pages, in chunks a browser loads
# as needed.  Sections Material would leave out of search (data-search-exclude) are marked
# data-pagefind-ignore, so both indexes hold the same text.
_HEADING = re.compile(r"<h([1-6])\b([^>]*)>")


def pagefind_wanted(config) -> bool:
    """Pagefind unless the build is the copy opened from disk (Material's offline plugin)."""
    offline = config.plugins.get("material/offline")
    return offline is None or not offline.config.enabled


def mark_excluded_sections(html: str) -> str:
    """Wrap each heading with ``data-search-exclude`` and the text up to the next heading of
    the same or a higher level in ``<div data-pagefind-ignore="all">``; mark excluded blocks.

    >>> out = mark_excluded_sections('<h2 id="a">A</h2><p>x</p><h2 id="b" data-search-exclude>'
    ...                              'B</h2><p>y</p><h3 id="c">C</h3><p>z</p><h2 id="d">D</h2>')
    >>> out.split('<div data-pagefind-ignore="all">')[1].split("</div>")[0]
    '<h2 id="b" data-search-exclude>B</h2><p>y</p><h3 id="c">C</h3><p>z</p>'
    """
    html = re.sub(r"<(div|p|ul|table)\b([^>]*\bdata-search-exclude\b[^>]*)>",
                  r'<\1\2 data-pagefind-ignore="all">', html)
    headings = list(_HEADING.finditer(html))
    out, pos, i = [], 0, 0
    while i < len(headings):
        match = headings[i]
        if "data-search-exclude" not in match.group(2):
            i += 1
            continue
        level = int(match.group(1))
        j = i + 1
        while j < len(headings) and int(headings[j].group(1)) > level:
            j += 1
        end = headings[j].start() if j < len(headings) else len(html)
        out += [html[pos : match.start()], '<div data-pagefind-ignore="all">',
                html[match.start() : end], "</div>"]
        pos, i = end, j
    out.append(html[pos:])
    return "".join(out)


def build_pagefind(site_dir: Path) -> None:
    """Index ``site_dir`` with Pagefind (extended build: Chinese segmentation) into pagefind/,
    and write the small search_index.json that tells the search worker to use it."""
    index = site_dir / "search" / "search_index.json"
    index.parent.mkdir(parents=True, exist_ok=True)
    index.write_text(json.dumps({"config": {"lang": ["zh"], "separator": r"[\s\-]+",
                                            "pipeline": [], "pagefind": "pagefind/"},
                                 "docs": []}), "utf-8")
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--force-language",
               "zh", "--keep-index-url", "--silent"]
    try:
        result = subprocess.run(command, capture_output=True, text=True)
    except OSError as error:
        raise PluginError(f"cannot run Pagefind ({error}); reinstall with: make venv") from None
    if result.returncode != 0:
        raise PluginError("Pagefind could not index the site:\n"
                          + (result.stderr or result.stdout).strip()[-2000:])
    write_vocabulary(site_dir / "pagefind")


# Pagefind segments Chinese with its own dictionary when it indexes, but a browser segments the
# query with Intl.Segmenter (ICU), which splits words ICU does not know (容错 → 容, 错) so they
# are never found.  The words the index holds are written to words.txt; the search worker
# segments a query against them (longest match first), exactly as the index was cut.
_CJK_WORD = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff]{2,}$")
VOCABULARY = "words.txt"


def write_vocabulary(bundle: Path) -> None:
    import gzip

    words: set[str] = set()
    for fragment in (bundle / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        record = json.loads(data[data.index(b"{"):])
        content = record.get("raw_content") or record.get("content") or ""
        words.update(w for w in re.split(r"[\s\u200b]+", content) if _CJK_WORD.match(w))
    (bundle / VOCABULARY).write_text("\n".join(sorted(words)), "utf-8")
