"""``policysite search-check``: the built site searched in headless Chromium, as a reader does.

Not part of the pipeline: nothing in the build imports this package (``tests/test_contract.py``
holds it to that); the CLI imports it only for ``search-check``, and the browser tests use it.
It needs Playwright, an optional extra (``pip install 'policysite[browser]'``; ``make venv``
installs it with the test extra).  Nothing here downloads a browser: Playwright always launches
the system Chromium (Debian package ``chromium``, ``/usr/bin/chromium``), and every request that
leaves the site is recorded and then aborted, so nothing reaches the network.

Modules:

- :mod:`.server`   serve a built site under a sub-path on 127.0.0.1;
- :mod:`.chromium` launch the system Chromium, record and block requests outside the site;
- :mod:`.driver`   type a query into Material's search box and read the results;
- :mod:`.report`   query files (``query<TAB>regex``), running them, the report.

Guarantees:

1. ``serve_directory`` serves one directory under one sub-path (``/policy/`` by default) on
   127.0.0.1 and answers 404 to everything outside it, so a link that forgets the sub-path fails.
2. ``RequestRecorder`` sees every request a page makes, including the ones it aborts.
3. ``run_search`` types into Material's own search box, as a reader does, and returns results in
   the order shown.

Example (a query file, the format of ``tests/queries/seed.tsv``)::

    # query<TAB>regex matched against "link | result title"
    容错纠错机制	十八|健全激励保障机制
"""

from __future__ import annotations

from policysite.searchcheck.chromium import (
    CHROMIUM,
    CHROMIUM_ARGS,
    LOCAL_SCHEMES,
    VIEWPORTS,
    BrowserUnavailable,
    RequestRecorder,
    assert_no_external_requests,
    chromium_path,
    is_local,
    launch_chromium,
)
from policysite.searchcheck.driver import SearchResult, run_search
from policysite.searchcheck.report import (
    Query,
    QueryCheck,
    QueryFileError,
    QueryReport,
    check_queries,
    format_report,
    match_rank,
    parse_queries,
)
from policysite.searchcheck.server import DEFAULT_PREFIX, file_base, serve_directory

__all__ = [
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "DEFAULT_PREFIX",
    "LOCAL_SCHEMES",
    "VIEWPORTS",
    "BrowserUnavailable",
    "Query",
    "QueryCheck",
    "QueryFileError",
    "QueryReport",
    "RequestRecorder",
    "SearchResult",
    "assert_no_external_requests",
    "check_queries",
    "chromium_path",
    "file_base",
    "format_report",
    "is_local",
    "launch_chromium",
    "match_rank",
    "parse_queries",
    "run_search",
    "serve_directory",
]
