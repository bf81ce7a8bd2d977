"""Query files (``query<TAB>regex``), running their queries against a site, and the report.

The query file's text is read by :func:`policysite.build.read_query_file`; everything here takes
the text or the parsed queries.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from policysite.searchcheck.chromium import VIEWPORTS, RequestRecorder, launch_chromium
from policysite.searchcheck.driver import SearchResult, run_search
from policysite.searchcheck.server import DEFAULT_PREFIX, serve_directory

if TYPE_CHECKING:
    from playwright.sync_api import Browser


@dataclass(frozen=True)
class Query:
    line: int
    query: str
    pattern: str


class QueryFileError(ValueError):
    """A query file line that is not ``query<TAB>regex``."""


def parse_queries(text: str, source: str) -> list[Query]:
    """The queries of a query file's text: ``query<TAB>regex`` per line; ``#`` starts a comment.

    ``source`` names the file in error messages (``FILE:LINE: what was expected``).

    >>> parse_queries("\\ufeff# 注释\\n容错纠错机制\\t十八|容错\\r\\n\\n", "q.tsv")
    [Query(line=2, query='容错纠错机制', pattern='十八|容错')]
    >>> parse_queries("只有查询", "q.tsv")
    Traceback (most recent call last):
    ...
    policysite.searchcheck.report.QueryFileError: q.tsv:1: expected `query<TAB>regex`, ...
    """
    queries = []
    for number, raw in enumerate(text.removeprefix("\ufeff").splitlines(), start=1):
        line = raw.rstrip("\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        query, sep, pattern = line.partition("\t")
        if not sep or not query.strip() or not pattern.strip():
            raise QueryFileError(
                f"{source}:{number}: expected `query<TAB>regex`, found {line!r} "
                "(example: 容错纠错机制<TAB>十八|健全激励保障机制)"
            )
        try:
            re.compile(pattern.strip())
        except re.error as exc:
            raise QueryFileError(
                f"{source}:{number}: bad regex {pattern.strip()!r}: {exc}"
            ) from exc
        queries.append(Query(number, query.strip(), pattern.strip()))
    return queries


@dataclass(frozen=True)
class QueryCheck:
    """A query from a query file, what it must match, and what the search gave."""

    line: int
    query: str
    pattern: str
    results: tuple[SearchResult, ...]
    hit_rank: int | None  # 1-based rank of the first matching result; None for a miss

    @property
    def hit(self) -> bool:
        return self.hit_rank is not None


@dataclass(frozen=True)
class QueryReport:
    """All checks of one query file against one site."""

    source: str  # the query file, as named to the user
    site: Path
    top: int
    checks: tuple[QueryCheck, ...]
    external_requests: tuple[str, ...] = ()

    @property
    def passed(self) -> int:
        return sum(c.hit for c in self.checks)

    @property
    def failed(self) -> int:
        return len(self.checks) - self.passed

    @property
    def ok(self) -> bool:
        return self.failed == 0 and not self.external_requests and bool(self.checks)


def match_rank(results: Sequence[SearchResult], pattern: str) -> int | None:
    """1-based rank of the first result whose ``"link | title"`` matches ``pattern``.

    >>> match_rank([SearchResult("(十八)健全激励保障机制", "http://h/p/d.html#s5-c18")], "十八")
    1
    """
    regex = re.compile(pattern)
    for rank, result in enumerate(results, start=1):
        if regex.search(f"{unquote(result.link)} | {result.title}"):
            return rank
    return None


def check_queries(
    queries: Sequence[Query],
    site_dir: Path,
    top: int = 5,
    prefix: str = DEFAULT_PREFIX,
    browser: Browser | None = None,
    source: str = "",
) -> QueryReport:
    """Run every query against the built site in ``site_dir`` (headless Chromium).

    The site is served under ``prefix`` as on an intranet; requests outside it are recorded
    (and aborted) and reported.  Pass ``browser`` to reuse a running one (Playwright's sync API
    cannot start twice in one thread).  Raises :class:`~.chromium.BrowserUnavailable` (no
    Chromium or Playwright) or :class:`FileNotFoundError` (no site).
    """
    with ExitStack() as stack:
        base = stack.enter_context(serve_directory(Path(site_dir), prefix))
        if browser is None:
            browser = stack.enter_context(launch_chromium())
        context = browser.new_context(viewport=VIEWPORTS["desktop"], locale="zh-CN")
        stack.callback(context.close)
        recorder = RequestRecorder(base).attach(context)
        page = context.new_page()
        checks = []
        for q in queries:
            rows = run_search(page, base, q.query, top=top)
            results = tuple(SearchResult(r["title"], r["link"]) for r in rows)
            rank = match_rank(results, q.pattern)
            checks.append(QueryCheck(q.line, q.query, q.pattern, results, rank))
        external = tuple(recorder.external())
    return QueryReport(source, Path(site_dir), top, tuple(checks), external)


def format_report(report: QueryReport, verbose: bool = False) -> str:
    """Hits, misses (with what was found instead) and the summary line ``N passed, M failed``."""
    lines = []
    for c in report.checks:
        if c.hit_rank is not None:
            r = c.results[c.hit_rank - 1]
            lines.append(f"hit   {c.query}  #{c.hit_rank} {r.title}  {_path(r.link)}")
        else:
            lines.append(f"MISS  {c.query}  wanted /{c.pattern}/ in the top {report.top}; got:")
            lines.extend(
                f"        {i}. {r.title}  {_path(r.link)}" for i, r in enumerate(c.results, 1)
            )
            if not c.results:
                lines.append("        (no results)")
        if verbose and c.hit:
            lines.extend(
                f"        {i}. {r.title}  {_path(r.link)}" for i, r in enumerate(c.results, 1)
            )
    for url in report.external_requests:
        lines.append(f"EXTERNAL request outside the site: {url}")
    if not report.checks:
        lines.append(f"no queries in {report.source or 'the query file'}")
    lines.append(f"{report.passed} passed, {report.failed} failed")
    return "\n".join(lines)


def _path(link: str) -> str:
    """The path part of a result link, decoded, for short reports."""
    split = urlsplit(link)
    tail = unquote(split.path) + (f"#{unquote(split.fragment)}" if split.fragment else "")
    return tail or link
