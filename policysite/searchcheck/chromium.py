"""The system Chromium, started through Playwright, and the requests its pages make."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Route, ViewportSize
    from playwright.sync_api import Request as PwRequest

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
VIEWPORTS: dict[str, ViewportSize] = {
    "desktop": {"width": 1280, "height": 900},
    "phone": {"width": 390, "height": 844},
}
# URL schemes that never leave the machine.
LOCAL_SCHEMES = ("data:", "blob:", "about:")
INSTALL_PLAYWRIGHT = (
    "Playwright is not installed: install the browser extra with "
    "`pip install 'policysite[browser]'` (in a checkout: `pip install -e '.[browser]'` or "
    "`make venv`)"
)


class BrowserUnavailable(RuntimeError):
    """Chromium or Playwright is missing; the message says how to install it."""


def chromium_path() -> Path | None:
    """The Chromium binary to drive: ``$POLICYSITE_CHROMIUM`` or ``/usr/bin/chromium``."""
    path = Path(os.environ.get("POLICYSITE_CHROMIUM", CHROMIUM))
    return path if path.is_file() and os.access(path, os.X_OK) else None


@contextmanager
def launch_chromium(headless: bool = True) -> Iterator[Browser]:
    """Start the system Chromium through Playwright (never a downloaded browser); yield it."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise BrowserUnavailable(INSTALL_PLAYWRIGHT) from exc
    exe = chromium_path()
    if exe is None:
        raise BrowserUnavailable(
            f"Chromium not found at {os.environ.get('POLICYSITE_CHROMIUM', CHROMIUM)}; "
            "install it with `apt-get install -y chromium` (or run `make test`, which does)"
        )
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(exe), headless=headless, args=list(CHROMIUM_ARGS)
        )
        try:
            yield browser
        finally:
            browser.close()


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
    """True when ``url`` stays inside the site at ``base`` (or is data:, blob:, about:).

    >>> is_local("http://127.0.0.1:8000/policy/index.html", "http://127.0.0.1:8000/policy/")
    True
    >>> is_local("https://fonts.googleapis.com/css", "http://127.0.0.1:8000/policy/")
    False
    """
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
