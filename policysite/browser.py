"""Drive the built site in headless Chromium: serve it under a sub-path, search it, record requests.

Shared by the browser tests (``tests/browser/``) and the CLI's ``search-check`` command.  Nothing
here downloads a browser: Playwright always launches the system Chromium (Debian package
``chromium``, ``/usr/bin/chromium``), and every request that leaves the site is recorded and then
aborted, so nothing reaches the network.

Guarantees:

1. ``serve_directory`` serves one directory under one sub-path (``/policy/`` by default) on
   127.0.0.1 and answers 404 to everything outside it, so a link that forgets the sub-path fails.
2. ``RequestRecorder`` sees every request a page makes, including the ones it aborts.
3. ``run_search`` types into Material's own search box, as a reader does, and returns results in
   the order shown.

Example (a query file, the format of ``queries/seed.tsv``)::

    # query<TAB>regex matched against "link | result title"
    容错纠错机制	十八|健全激励保障机制
"""

from __future__ import annotations

import functools
import http.server
import mimetypes
import os
import re
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Route
    from playwright.sync_api import Request as PwRequest

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
except ImportError:  # pragma: no cover - launch_chromium() says how to install playwright

    class PlaywrightTimeoutError(Exception):  # type: ignore[no-redef]
        pass


DEFAULT_PREFIX = "/policy/"
CHROMIUM = "/usr/bin/chromium"
# No GPU, no background traffic to Google (updates, sync, field trials), no QUIC.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)
VIEWPORTS: dict[str, dict[str, int]] = {
    "desktop": {"width": 1280, "height": 900},
    "phone": {"width": 390, "height": 844},
}
SCREENSHOT_DIR = Path("tests/screenshots")
# URL schemes that never leave the machine.
LOCAL_SCHEMES = ("data:", "blob:", "about:")

_SEARCH_INPUT = "input.md-search__input"
_SEARCH_TOGGLE = "label.md-header__button[for='__search']"
_RESULT_ITEM = ".md-search-result__item"


# The shape of the tests' ``open_page`` fixture: ``open_page(base, viewport=…, check_external=…)``.
PageFactory = Callable[..., "tuple[Page, RequestRecorder]"]


class BrowserUnavailable(RuntimeError):
    """Chromium or Playwright is missing; the message says how to install it."""


def chromium_path() -> Path | None:
    """The Chromium binary to drive: ``$POLICYSITE_CHROMIUM`` or ``/usr/bin/chromium``."""
    path = Path(os.environ.get("POLICYSITE_CHROMIUM", CHROMIUM))
    return path if path.is_file() and os.access(path, os.X_OK) else None


# ---------------------------------------------------------------------------------------------
# Serving


@contextmanager
def serve_directory(root: Path, prefix: str = DEFAULT_PREFIX) -> Iterator[str]:
    """Serve ``root`` at ``http://127.0.0.1:<free port><prefix>``; yield that base URL.

    Requests outside ``prefix`` get 404.  The server runs in a daemon thread and stops when the
    ``with`` block ends.
    """
    root = Path(root).resolve()
    if not root.is_dir():
        raise FileNotFoundError(f"no site to serve at {root} (build it first)")
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    handler = functools.partial(_PrefixHandler, directory=str(root), prefix=prefix)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="policysite-serve", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def file_base(site: Path) -> str:
    """The ``file://`` base URL of a site folder (an offline build opened from disk)."""
    return Path(site).resolve().as_uri() + "/"


# ---------------------------------------------------------------------------------------------
# Chromium


@contextmanager
def launch_chromium(headless: bool = True) -> Iterator[Browser]:
    """Start the system Chromium through Playwright (never a downloaded browser); yield it."""
    exe = chromium_path()
    if exe is None:
        raise BrowserUnavailable(
            f"Chromium not found at {os.environ.get('POLICYSITE_CHROMIUM', CHROMIUM)}; "
            "install it with `apt-get install -y chromium` (or run `make test`, which does)"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise BrowserUnavailable(
            "Playwright is not installed; run `pip install -e '.[test]'` (or `make venv`)"
        ) from exc
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(exe), headless=headless, args=list(CHROMIUM_ARGS)
        )
        try:
            yield browser
        finally:
            browser.close()


# ---------------------------------------------------------------------------------------------
# Requests


@dataclass
class RequestRecorder:
    """Records every URL a page or context requests; aborts the ones outside ``base``.

    ``base`` is the site root (``http://127.0.0.1:8123/policy/`` or ``file:///…/site-offline/``).
    Use :meth:`attach`, then :meth:`external` or :func:`assert_no_external_requests`.
    """

    base: str
    urls: list[str] = field(default_factory=list)
    aborted: list[str] = field(default_factory=list)

    def attach(self, target: Page | BrowserContext, block_external: bool = True) -> RequestRecorder:
        """Listen on ``target``; with ``block_external`` route outside requests to an abort."""
        target.on("request", self._on_request)
        if block_external:
            target.route("**/*", self._on_route)
        return self

    def external(self) -> list[str]:
        """Recorded URLs outside ``base``, in order, without repeats."""
        return list(dict.fromkeys(u for u in self.urls if not is_local(u, self.base)))

    def _on_request(self, request: PwRequest) -> None:
        self.urls.append(request.url)

    def _on_route(self, route: Route) -> None:
        url = route.request.url
        if is_local(url, self.base):
            route.continue_()
        else:
            self.aborted.append(url)
            route.abort("blockedbyclient")


def is_local(url: str, base: str) -> bool:
    """True when ``url`` stays inside the site at ``base`` (or is data:, blob:, about:)."""
    return url.startswith(LOCAL_SCHEMES) or url.startswith(base)


def assert_no_external_requests(urls: Sequence[str], base: str) -> None:
    """Fail, listing each one, if any of ``urls`` is outside ``base``."""
    outside = list(dict.fromkeys(u for u in urls if not is_local(u, base)))
    if outside:
        listing = "\n  ".join(outside)
        raise AssertionError(
            f"{len(outside)} request(s) outside the site {base}:\n  {listing}\n"
            "The site must work on an intranet: vendor the asset under docs/assets/ "
            "or drop it (fonts: `theme.font: false`)."
        )


# ---------------------------------------------------------------------------------------------
# Search


@dataclass(frozen=True)
class SearchResult:
    """One search result as shown: its title and its link (absolute URL)."""

    title: str
    link: str

    def as_dict(self) -> dict[str, str]:
        return {"title": self.title, "link": self.link}


def run_search(
    page: Page,
    base_url: str,
    query: str,
    top: int = 5,
    timeout_ms: int = 15_000,
    include_folded: bool = False,
) -> list[dict[str, str]]:
    """Open ``base_url``, type ``query`` into Material's search box, return the top results.

    Each result is ``{"title": …, "link": …}``: the title of one article in the result list (the
    page's ``h1`` or a section's ``h2``) and its absolute link, in the order shown.  Results
    folded away under "N more on this page" are not counted, as a reader does not see them,
    unless ``include_folded``.  At phone width the box is opened from the header's button.
    """
    page.goto(base_url, wait_until="domcontentloaded")
    box = page.locator(_SEARCH_INPUT)
    toggle = page.locator(_SEARCH_TOGGLE).first
    if toggle.is_visible():  # phone width: the box opens from the header's search button
        toggle.click()
    box.wait_for(state="visible", timeout=timeout_ms)
    box.click()
    box.fill(query)
    # Material searches on key events; fill() inserts the text the way an IME commits it, so a
    # real key press follows.  Until the search worker has loaded the index (lazily in an
    # offline build) a key press may be ignored: press again until the results settle.
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        box.press("End")
        try:
            page.wait_for_function(_JS_SETTLED, arg=query, timeout=1_000)
            break
        except PlaywrightTimeoutError:
            if time.monotonic() > deadline:
                raise
    rows: list[dict[str, str]] = page.evaluate(_JS_RESULTS, include_folded)
    return [SearchResult(r["title"], r["link"]).as_dict() for r in rows[:top]]


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

    source: Path
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


@dataclass(frozen=True)
class Query:
    line: int
    query: str
    pattern: str


class QueryFileError(ValueError):
    """A query file line that is not ``query<TAB>regex``."""


def read_queries(tsv_path: Path) -> list[Query]:
    """Parse a query file: ``query<TAB>regex`` per line; ``#`` starts a comment line.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "q.tsv"
    >>> _ = p.write_text("# 注释\\n容错纠错机制\\t十八|容错\\n\\n", encoding="utf-8")
    >>> read_queries(p)
    [Query(line=2, query='容错纠错机制', pattern='十八|容错')]
    """
    queries = []
    text = Path(tsv_path).read_text(encoding="utf-8-sig")
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        query, sep, pattern = line.partition("\t")
        if not sep or not query.strip() or not pattern.strip():
            raise QueryFileError(
                f"{tsv_path}:{number}: expected `query<TAB>regex`, found {line!r}\n"
                "  example: 容错纠错机制\t十八|健全激励保障机制"
            )
        try:
            re.compile(pattern.strip())
        except re.error as exc:
            raise QueryFileError(
                f"{tsv_path}:{number}: bad regex {pattern.strip()!r}: {exc}"
            ) from exc
        queries.append(Query(number, query.strip(), pattern.strip()))
    return queries


def match_rank(results: Sequence[SearchResult], pattern: str) -> int | None:
    """1-based rank of the first result whose ``"link | title"`` matches ``pattern``."""
    regex = re.compile(pattern)
    for rank, result in enumerate(results, start=1):
        if regex.search(f"{unquote(result.link)} | {result.title}"):
            return rank
    return None


def check_queries(
    tsv_path: Path,
    site_dir: Path,
    top: int = 5,
    prefix: str = DEFAULT_PREFIX,
    browser: Browser | None = None,
) -> QueryReport:
    """Run every query of ``tsv_path`` against the built site in ``site_dir`` (headless Chromium).

    The site is served under ``prefix`` as on an intranet; requests outside it are recorded
    (and aborted) and reported.  Pass ``browser`` to reuse a running one (Playwright's sync API
    cannot start twice in one thread).  Raises :class:`QueryFileError` (bad query file),
    :class:`BrowserUnavailable` (no Chromium) or :class:`FileNotFoundError` (no site).
    """
    queries = read_queries(tsv_path)
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
    return QueryReport(Path(tsv_path), Path(site_dir), top, tuple(checks), external)


def format_report(report: QueryReport, verbose: bool = False) -> str:
    """Hits, misses (with what was found instead) and the summary line ``N passed, M failed``."""
    lines = []
    for c in report.checks:
        if c.hit:
            r = c.results[c.hit_rank - 1]  # type: ignore[operator]
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
        lines.append(f"no queries in {report.source}")
    lines.append(f"{report.passed} passed, {report.failed} failed")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Screenshots


def take_screenshots(
    page: Page,
    url: str,
    name: str,
    out_dir: Path = SCREENSHOT_DIR,
    sizes: Sequence[str] = ("desktop", "phone"),
    full_page: bool = True,
) -> list[Path]:
    """Open ``url`` at each size and write ``<out_dir>/<name>-<size>.png``; return the paths.

    Sizes: desktop 1280×900, phone 390×844.  ``url`` may be ``None``-like empty to shoot the
    page as it is now (e.g. a search-results state) without navigating.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for size in sizes:
        page.set_viewport_size(VIEWPORTS[size])
        if url:
            page.goto(url, wait_until="load")
        path = out_dir / f"{_safe_name(name)}-{size}.png"
        page.screenshot(path=str(path), full_page=full_page)
        paths.append(path)
    return paths


# ---------------------------------------------------------------------------------------------
# Private helpers


class _PrefixHandler(http.server.SimpleHTTPRequestHandler):
    """Static files under one URL prefix; 404 outside it; quiet; explicit content types."""

    extensions_map: dict[str, str] = {  # noqa: RUF012 - the base class declares it this way
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".html": "text/html; charset=utf-8",
        ".json": "application/json",
        ".js": "text/javascript; charset=utf-8",
        ".mjs": "text/javascript; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".svg": "image/svg+xml",
        ".woff2": "font/woff2",
        ".woff": "font/woff",
        ".xml": "application/xml",
        ".gz": "application/gzip",
        ".png": "image/png",
        ".ico": "image/x-icon",
        ".webmanifest": "application/manifest+json",
        ".yml": "text/yaml; charset=utf-8",
        ".txt": "text/plain; charset=utf-8",
    }

    def __init__(self, *args: Any, prefix: str, **kwargs: Any) -> None:
        self.prefix = prefix
        super().__init__(*args, **kwargs)

    def send_head(self) -> Any:
        path = urlsplit(self.path).path
        if path + "/" == self.prefix:
            self.send_response(301)
            self.send_header("Location", self.prefix)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if not path.startswith(self.prefix):
            self.send_error(404, f"outside the site prefix {self.prefix}")
            return None
        return super().send_head()

    def translate_path(self, path: str) -> str:
        split = urlsplit(path)
        inner = "/" + split.path[len(self.prefix) :]
        return super().translate_path(inner)

    def guess_type(self, path: str | os.PathLike[str]) -> str:
        ext = os.path.splitext(str(path))[1].lower()
        return (
            self.extensions_map.get(ext)
            or mimetypes.guess_type(str(path))[0]
            or ("application/octet-stream")
        )

    def log_message(self, format: str, *args: Any) -> None:
        pass


def _path(link: str) -> str:
    """The path part of a result link, decoded, for short reports."""
    split = urlsplit(link)
    tail = unquote(split.path) + (f"#{unquote(split.fragment)}" if split.fragment else "")
    return tail or link


def _safe_name(name: str) -> str:
    return re.sub(r"[^\w.-]+", "-", name).strip("-") or "page"


# Settled: results are listed, or the meta line says "no results" in the site's language (the
# theme's translations are in the page's #__config JSON).
_JS_SETTLED = """(query) => {
  const input = document.querySelector('input.md-search__input');
  if (!input || input.value !== query) return false;
  if (document.querySelector('.md-search-result__item')) return true;
  const meta = document.querySelector('.md-search-result__meta');
  const config = JSON.parse(document.getElementById('__config')?.textContent || '{}');
  const none = (config.translations || {})['search.result.none'] || 'No matching documents';
  return !!meta && meta.textContent.trim() === none;
}"""

_JS_RESULTS = """(includeFolded) => {
  const out = [];
  for (const item of document.querySelectorAll('.md-search-result__item')) {
    for (const link of item.querySelectorAll('a.md-search-result__link')) {
      // Folded under "N more on this page": not seen unless opened.
      if (!includeFolded && link.closest('details:not([open])')) continue;
      const head = link.querySelector('article h1, article h2');
      const text = (head ? head.textContent : link.textContent).replace(/\u200b/g, '');
      out.push({title: text.trim(), link: link.href});
    }
  }
  return out;
}"""
