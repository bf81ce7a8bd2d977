"""A built site served under one sub-path on 127.0.0.1, as it is hosted on an intranet."""

from __future__ import annotations

import functools
import http.server
import mimetypes
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

DEFAULT_PREFIX = "/policy/"


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
