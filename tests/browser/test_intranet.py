"""A site for an intranet with no internet: nothing requested from outside, everything works
under a sub-path and from disk, and it passes an accessibility check."""

from __future__ import annotations

import itertools
import re
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from policysite import searchcheck as pb

SEED = "documents/jiaqiang-xiangzhenzhengfu-fuwu-nengli-jianshe-shishi-yijian.html"
PAGE_TYPES = {
    "home": "index.html",
    "document": SEED,
    "body": "bodies/shi-minzhengju.html",
    "bodies": "bodies/index.html",
    "mechanism": "mechanisms/rongcuo-jiucuo-jizhi.html",
    "mechanisms": "mechanisms/index.html",
    "citations": "citations/index.html",
    "glossary": "glossary.html",
    "tasks": "tasks/jiaqiang-xiangzhenzhengfu-fuwu-nengli-jianshe-shishi-yijian.html",
    "maintainers": "maintainers.html",
}


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_no_request_leaves_the_site(kind, open_page, base_url):
    """open_page records every request and fails at teardown on any outside the site."""
    tab, recorder = open_page(base_url)
    tab.goto(base_url + PAGE_TYPES[kind], wait_until="networkidle")
    if kind == "home":
        pb.run_search(tab, base_url, "责任清单")  # the search worker and index load too
    assert recorder.urls, "nothing was requested?"
    assert all(pb.is_local(u, base_url) for u in recorder.urls), recorder.urls


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and ((tag in ("a", "link") and name == "href")
                          or (tag in ("script", "img", "source", "iframe") and name == "src")):
                self.urls.append(value)


def test_every_link_and_asset_resolves_under_a_sub_path(built_site: Path, base_url):
    """Served at /policy/ (as http://intranet.example/policy/): every href and src of every
    page is fetched and must answer 200."""
    checked: dict[str, int] = {}
    for html in sorted(built_site.rglob("*.html")):
        if html.name == "404.html":
            continue  # absolute paths by design: build with SITE_URL for a sub-path (README)
        page_url = urljoin(base_url, html.relative_to(built_site).as_posix())
        parser = _Links()
        parser.feed(html.read_text("utf-8"))
        for raw in parser.urls:
            if raw.startswith(("mailto:", "javascript:", "data:")) or raw.startswith("#"):
                continue
            url = urljoin(page_url, raw).split("#")[0]
            assert pb.is_local(url, base_url), f"{html}: outside link {raw}"
            if url in checked:
                continue
            try:
                with urllib.request.urlopen(url) as response:
                    checked[url] = response.status
            except urllib.error.HTTPError as error:
                checked[url] = error.code
    broken = {u: s for u, s in checked.items() if s != 200}
    assert not broken, broken
    assert len(checked) > 50


def test_built_html_names_no_outside_host(built_site: Path):
    outside = re.compile(r'(?:src|href)="(https?:)?//(?!127\.0\.0\.1|localhost)[^"]+"')
    offenders = {}
    for html in built_site.rglob("*.html"):
        found = outside.findall(html.read_text("utf-8"))
        found = [m for m in outside.finditer(html.read_text("utf-8"))
                 if "rel=\"canonical\"" not in m.group(0)]
        if found:
            offenders[str(html)] = [m.group(0) for m in found][:3]
    assert not offenders, offenders


def test_offline_copy_opens_from_disk_with_search(offline_site: Path, browser):
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    home = (offline_site / "index.html").resolve().as_uri()
    results = pb.run_search(page, home, "容错纠错机制")
    assert any(r["link"].split("?")[0].endswith("mechanisms/rongcuo-jiucuo-jizhi.html")
               for r in results), results
    page.locator(".md-search-result__link[href*='#s5-c18']").first.click()
    page.wait_for_url("**#s5-c18")
    assert page.locator("#s5-c18").is_visible()
    outside = [u for u in requests if not u.startswith(("file://", "data:", "blob:", "about:"))]
    context.close()
    assert not outside, outside


@pytest.mark.parametrize("kind", ["home", "document", "body", "search"])
def test_no_serious_accessibility_violations(kind, open_page, base_url):
    from axe_playwright_python.sync_playwright import Axe

    tab, _ = open_page(base_url)
    if kind == "search":
        pb.run_search(tab, base_url, "容错纠错机制")
    else:
        tab.goto(base_url + PAGE_TYPES[kind], wait_until="networkidle")
    # Check the page at rest: mid-fade, the search results' colours are not what a reader sees.
    tab.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
    violations = Axe().run(tab).response["violations"]
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
               for v in violations if v["impact"] in ("serious", "critical")]
    assert not serious, serious


def test_page_language_and_heading_order(page, base_url):
    for url in (SEED, "bodies/shi-minzhengju.html", "index.html"):
        page.goto(base_url + url)
        assert page.locator("html").get_attribute("lang") == "zh"
        levels = page.eval_on_selector_all(
            "article h1, article h2, article h3, article h4, article h5, article h6",
            "els => els.map(e => +e.tagName[1])")
        assert levels[0] == 1
        assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), (url, levels)
        empty = page.eval_on_selector_all(
            "article a", "els => els.filter(e => !e.textContent.trim() && !e.title"
            " && !e.getAttribute('aria-label')).length")
        assert empty == 0, url


@pytest.mark.parametrize("kind", ["home", "document", "body"])
def test_screenshots(kind, page, base_url, screenshot):
    shots = screenshot(page, base_url + PAGE_TYPES[kind], kind)
    assert all(p.stat().st_size > 10_000 for p in shots)


def _is_subpath(url: str) -> bool:
    return urlsplit(url).path.startswith(pb.DEFAULT_PREFIX)
