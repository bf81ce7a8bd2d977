"""A query typed into Material's search box, and the results as the reader sees them."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
except ImportError:  # pragma: no cover - chromium.launch_chromium() says how to install it

    class PlaywrightTimeoutError(Exception):  # type: ignore[no-redef]
        pass


_SEARCH_INPUT = "input.md-search__input"
_SEARCH_TOGGLE = "label.md-header__button[for='__search']"


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
    # "No results" can be the answer of a worker still loading its index (a slow machine, a
    # served site's first chunks): ask again for a few seconds before believing it.
    settle = time.monotonic() + _CONFIRM_EMPTY_S
    while not rows and time.monotonic() < min(settle, deadline):
        box.press("End")
        page.wait_for_timeout(250)
        rows = page.evaluate(_JS_RESULTS, include_folded)
    return [SearchResult(r["title"], r["link"]).as_dict() for r in rows[:top]]


_CONFIRM_EMPTY_S = 3.0  # how long an empty result list is re-checked before it is believed

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
