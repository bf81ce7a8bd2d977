"""Fixtures for tests that drive the built site in headless Debian chromium.

Fixtures:
    built_site     site/ (built with ``policysite build`` when missing or older than data/)
    offline_site   site-offline/ (``policysite build --offline``), same rule
    base_url       built_site served at http://127.0.0.1:<port>/policy/ (a sub-path, as on
                   an intranet)
    browser        one headless chromium for the session (/usr/bin/chromium, never downloaded)
    open_page      factory: ``page, recorder = open_page(base, viewport="phone")``; every
                   request is recorded, outside ones aborted, and at teardown any outside
                   request fails the test
    page           ``open_page(base_url)[0]`` at desktop size
    screenshot     ``screenshot(page, url, "home")`` → tests/screenshots/home-{desktop,phone}.png
                   (written here, by the tests: the package never writes into tests/)

Chromium missing: skipped locally (with the command that installs it); a failure when ``$CI`` is
set, so CI can never pass by skipping.  Tests that use ``browser`` get the ``browser`` marker.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from policysite import searchcheck as pb

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parents[2]
SITE_DIR = ROOT / "site"
OFFLINE_DIR = ROOT / "site-offline"
DATA_DIR = ROOT / "data"
SCREENSHOTS = ROOT / "tests" / "screenshots"

# The shape of the ``open_page`` fixture: ``open_page(base, viewport=…, check_external=…)``.
PageFactory = Callable[..., "tuple[Page, pb.RequestRecorder]"]
OpenPage = PageFactory


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if {"browser", "require_chromium"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


def pytest_report_header() -> str:
    exe = pb.chromium_path()
    return f"chromium: {exe or 'MISSING'} (CI={os.environ.get('CI', '')!r})"


@pytest.fixture(scope="session")
def require_chromium() -> Path:
    """The chromium binary; skip (locally) or fail (in CI) when it is missing."""
    exe = pb.chromium_path()
    problem = None
    if exe is None:
        problem = (
            f"chromium not found at {os.environ.get('POLICYSITE_CHROMIUM', pb.CHROMIUM)}: "
            "install it with `apt-get install -y chromium fonts-noto-cjk` (or run `make test`)"
        )
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "playwright is not installed: run `make venv`"
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set and the browser tests cannot run: {problem}", pytrace=False)
        pytest.skip(f"browser tests skipped: {problem}")
    assert exe is not None
    return exe


@pytest.fixture(scope="session")
def built_site() -> Path:
    """site/, rebuilt with ``policysite build`` if missing or older than anything in data/."""
    return _ensure_built(SITE_DIR, ["build"])


@pytest.fixture(scope="session")
def offline_site() -> Path:
    """site-offline/ (opens from file://), rebuilt like ``built_site``."""
    return _ensure_built(OFFLINE_DIR, ["build", "--offline", "--site-dir", str(OFFLINE_DIR)])


@pytest.fixture(scope="session")
def base_url(built_site: Path) -> Iterator[str]:
    """The built site served under the sub-path /policy/ on 127.0.0.1 (free port)."""
    with pb.serve_directory(built_site, pb.DEFAULT_PREFIX) as base:
        yield base


@pytest.fixture(scope="session")
def browser(require_chromium: Path) -> Iterator[Browser]:
    with pb.launch_chromium() as chromium:
        yield chromium


@pytest.fixture
def open_page(browser: Browser) -> Iterator[OpenPage]:
    """Factory for pages whose requests are recorded; outside requests are aborted, then failed."""
    opened: list[tuple[object, pb.RequestRecorder, bool]] = []

    def _open(
        base: str, viewport: str = "desktop", check_external: bool = True
    ) -> tuple[Page, pb.RequestRecorder]:
        context = browser.new_context(viewport=pb.VIEWPORTS[viewport], locale="zh-CN")
        recorder = pb.RequestRecorder(base).attach(context)
        opened.append((context, recorder, check_external))
        return context.new_page(), recorder

    yield _open
    for context, recorder, check_external in opened:
        context.close()  # type: ignore[attr-defined]
        if check_external:
            pb.assert_no_external_requests(recorder.urls, recorder.base)


@pytest.fixture
def page(open_page: OpenPage, base_url: str) -> Page:
    """A desktop-size page on the served site; fails at teardown on any request outside it."""
    new_page, _ = open_page(base_url)
    return new_page


@pytest.fixture
def screenshot() -> Callable[..., list[Path]]:
    """``screenshot(page, url, name)`` writes tests/screenshots/<name>-{desktop,phone}.png."""

    def _shoot(page: Page, url: str, name: str, **kwargs: object) -> list[Path]:
        return take_screenshots(page, url, name, SCREENSHOTS, **kwargs)  # type: ignore[arg-type]

    return _shoot


def take_screenshots(
    page: Page,
    url: str,
    name: str,
    out_dir: Path,
    sizes: Sequence[str] = ("desktop", "phone"),
    full_page: bool = True,
) -> list[Path]:
    """Open ``url`` at each size and write ``<out_dir>/<name>-<size>.png``; return the paths.

    Sizes: desktop 1280×900, phone 390×844.  An empty ``url`` shoots the page as it is now (e.g. a
    search-results state) without navigating.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for size in sizes:
        page.set_viewport_size(pb.VIEWPORTS[size])
        if url:
            page.goto(url, wait_until="load")
        path = out_dir / f"{_safe_name(name)}-{size}.png"
        page.screenshot(path=str(path), full_page=full_page)
        paths.append(path)
    return paths


def _safe_name(name: str) -> str:
    return re.sub(r"[^\w.-]+", "-", name).strip("-") or "page"


def _ensure_built(site: Path, args: list[str]) -> Path:
    index = site / "index.html"
    newest_data = max((p.stat().st_mtime for p in DATA_DIR.rglob("*") if p.is_file()), default=0.0)
    if index.is_file() and index.stat().st_mtime >= newest_data:
        return site
    command = [*_policysite_command(), *args]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode != 0 or not index.is_file():
        tail = "\n".join((result.stdout + result.stderr).splitlines()[-30:])
        pytest.fail(
            f"`{' '.join(command)}` failed (exit {result.returncode}); no {index}:\n{tail}",
            pytrace=False,
        )
    return site


def _policysite_command() -> list[str]:
    script = Path(sys.executable).parent / "policysite"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "policysite"]
