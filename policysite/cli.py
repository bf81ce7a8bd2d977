"""The command line: ``policysite <command>``.  The only place that prints ``Error:``.

Exit codes: 0 ok, 2 a source text could not be read, 3 data/ failed its check, 4 the site build
failed, 64 bad command line.
"""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from policysite.errors import EXIT_DATA, EXIT_OK, EXIT_USAGE, BuildError, PolicyError, UsageError

DESCRIPTION = """\
Turn Chinese policy documents (plain text) into YAML clause data and a static website.

  policysite ingest seeds/          read source texts into data/documents/*.yml
  policysite check                  validate data/ (the site build refuses bad data)
  policysite build                  build the website into site/
  policysite serve                  serve the website at http://127.0.0.1:8000/
"""


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_USAGE
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    try:
        return args.run(args)
    except PolicyError as error:
        print(f"Error: {error.one_line()}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("Error: interrupted", file=sys.stderr)
        return 130


class _Parser(argparse.ArgumentParser):
    """argparse, but a bad command line exits 64 (usage), not 2 (our "bad source text" code)."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"Error: {message} (see '{self.prog} --help')\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="policysite", description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    ingest = commands.add_parser(
        "ingest", help="read source texts into data/documents/*.yml",
        description="Read source texts (UTF-8, UTF-16 or GB18030; .txt or .md) and write one "
        "YAML file per document into DATA/documents/. Folders are searched for .txt/.md files. "
        "Nothing is written unless every file reads cleanly.",
    )
    ingest.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                        help="source text files or folders")
    ingest.add_argument("--data", type=Path, default=Path("data"), help="data folder (data)")
    ingest.add_argument("--errors", choices=("warn", "strict"), default="warn",
                        help="warn: report numbering gaps and go on (default); "
                        "strict: stop at the first one")
    ingest.set_defaults(run=_ingest)

    check = commands.add_parser(
        "check", help="validate data/ against the schema and cross-references",
        description="Validate every file in DATA: YAML syntax, the JSON Schema, unique ids, "
        "mention spans, entity ids. Prints each problem as FILE:LINE [FIELD]: message.",
    )
    check.add_argument("--data", type=Path, default=Path("data"), help="data folder (data)")
    check.set_defaults(run=_check)

    pages = commands.add_parser(
        "pages", help="write the generated Markdown pages to a folder",
        description="Write the Markdown pages the site is built from into OUT, to read or diff "
        "them without building the site.",
    )
    pages.add_argument("--data", type=Path, default=Path("data"), help="data folder (data)")
    pages.add_argument("--out", type=Path, default=Path("build/pages"), help="output folder")
    pages.set_defaults(run=_pages)

    build = commands.add_parser(
        "build", help="build the static website (mkdocs build --strict)",
        description="Build the website from mkdocs.yml and data/. --offline builds a copy that "
        "opens from disk (file://), search included, into site-offline/.",
    )
    build.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="mkdocs.yml")
    build.add_argument("--site-dir", type=Path, default=None,
                       help="output folder (site/, or site-offline/ with --offline)")
    build.add_argument("--offline", action="store_true",
                       help="build for opening from disk (file://, USB stick)")
    build.set_defaults(run=_build)

    serve = commands.add_parser(
        "serve", help="preview the website at http://127.0.0.1:8000/",
        description="Serve the site with live reload while you edit data/ or docs/.",
    )
    serve.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="mkdocs.yml")
    serve.add_argument("--addr", default="127.0.0.1:8000", help="address:port (127.0.0.1:8000)")
    serve.set_defaults(run=_serve)
    search = commands.add_parser(
        "search-check", help="run a query file against the built site in headless Chromium",
        description="Open the built site in headless Chromium (served under /policy/ as on an "
        "intranet), type each query of QUERIES into the search box and check that one of the "
        "top results matches the query's regex. QUERIES is a TSV file: query<TAB>regex, "
        "# for comments; the regex is matched against 'link | result title'. Prints hits, "
        "misses and a summary line 'N passed, M failed'; exit 1 if any query misses.",
    )
    search.add_argument("queries", type=Path, metavar="QUERIES", help="query file (.tsv)")
    search.add_argument("--site", type=Path, default=Path("site"), help="built site (site)")
    search.add_argument("--top", type=int, default=5, help="results that count (5)")
    search.add_argument("-v", "--verbose", action="store_true", help="list the results of hits")
    search.set_defaults(run=_search_check)

    evaluate = commands.add_parser(
        "evaluate", help="precision and recall of extraction against a gold file",
        description="Compare the mentions in a document's data with a gold file made by reading "
        "the text (tests/gold/*.yml) and print precision, recall and F1 per kind.",
    )
    evaluate.add_argument("gold", type=Path, nargs="+", metavar="GOLD", help="gold file(s)")
    evaluate.add_argument("--data", type=Path, default=Path("data"), help="data folder (data)")
    evaluate.set_defaults(run=_evaluate)
    return parser


def _search_check(args: argparse.Namespace) -> int:
    from policysite import browser

    if not (args.site / "index.html").is_file():
        raise BuildError(f"{args.site}/index.html not found: build the site first (make site)")
    try:
        report = browser.check_queries(args.queries, args.site, top=args.top)
    except browser.QueryFileError as error:
        raise UsageError(str(error)) from None
    except browser.BrowserUnavailable as error:
        raise BuildError(str(error)) from None
    print(browser.format_report(report, verbose=args.verbose))
    return EXIT_OK if report.ok else 1


def _evaluate(args: argparse.Namespace) -> int:
    from policysite.build import load_library
    from policysite.evaluate import evaluate_gold_file

    library = load_library(args.data)
    for gold in args.gold:
        print(evaluate_gold_file(gold, library))
    return EXIT_OK


def _ingest(args: argparse.Namespace) -> int:
    from policysite.build import ingest

    started = time.monotonic()
    result = ingest(args.paths, args.data, errors=args.errors)
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    if result.unchanged:
        print(f"nothing changed since the last ingest: {result.unchanged} document(s) in "
              f"{args.data}/documents/ are up to date")
        print(f"summary: {result.unchanged} documents (unchanged), {len(result.warnings)} "
              f"warnings, {time.monotonic() - started:.1f} s")
        return EXIT_OK
    print(f"ingested {len(result.documents)} document(s) into {args.data}/documents/")
    if len(result.documents) <= LIST_DOCUMENTS_UP_TO:
        for doc in result.documents:
            print(f"  {doc.id}: {doc.title}")
    print(f"summary: {len(result.documents)} documents, {len(result.warnings)} warnings, "
          f"{time.monotonic() - started:.1f} s")
    return EXIT_OK


# A large ingest prints its summary, not one line per document.
LIST_DOCUMENTS_UP_TO = 50


def _check(args: argparse.Namespace) -> int:
    from policysite.build import check

    problems = check(args.data)
    for problem in problems:
        print(problem.one_line())
    if problems:
        print(f"Error: {len(problems)} problem(s) in {args.data}/", file=sys.stderr)
        return EXIT_DATA
    print(f"{args.data}/ is valid")
    return EXIT_OK


def _pages(args: argparse.Namespace) -> int:
    from policysite.build import load_library, write_pages

    written = write_pages(load_library(args.data), args.out)
    print(f"wrote {len(written)} page(s) to {args.out}/")
    return EXIT_OK


def _build(args: argparse.Namespace) -> int:
    site_dir = args.site_dir or Path("site-offline" if args.offline else "site")
    env = dict(os.environ)
    env["POLICYSITE_OFFLINE"] = "true" if args.offline else "false"
    env.setdefault("SOURCE_DATE_EPOCH", "0")
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    # -P: the working directory is not put on sys.path, so a folder there cannot hide a package.
    command = [sys.executable, "-P", "-m", "mkdocs", "build", "--strict", "--clean",
               "--config-file", str(args.config), "--site-dir", str(site_dir)]
    result = _run_with_progress(command, env, site_dir)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise BuildError("the site build failed (see the messages above)")
    print(f"built {site_dir}/  (open {site_dir}/index.html"
          + (" directly from disk)" if args.offline else
             f", or run: python3 -m http.server -d {site_dir} 8000)"))
    warnings = sum(1 for line in (result.stdout + result.stderr).splitlines()
                   if line.startswith("WARNING"))
    documents = len(list((args.config.parent / "data" / "documents").glob("*.yml")))
    print(f"summary: {documents} documents, {_count_pages(site_dir)} pages, {warnings} warnings, "
          f"{result.seconds:.1f} s")
    return EXIT_OK


# -- progress of a build (pages written), drawn only on a terminal -----------------------------
@dataclass
class _Finished:
    returncode: int
    stdout: str
    stderr: str
    seconds: float


def _run_with_progress(command: list[str], env: dict[str, str], site_dir: Path) -> _Finished:
    """Run the mkdocs build; on a terminal, count the pages it writes (the previous build's
    count, when there is one, gives the total and so the time left)."""
    from policysite import progress

    started = time.monotonic()
    previous = _count_pages(site_dir) or None
    bar = progress.Counter(previous, "page", "writing pages")
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=err, text=True)
        while process.poll() is None:
            time.sleep(0.5)
            if progress.enabled():
                bar.update_to(_count_pages(site_dir))
        bar.close()
        out.seek(0)
        err.seek(0)
        return _Finished(process.returncode, out.read(), err.read(), time.monotonic() - started)


def _count_pages(site_dir: Path) -> int:
    count = 0
    stack = [site_dir]
    while stack:
        try:
            entries = list(os.scandir(stack.pop()))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                stack.append(Path(entry.path))
            elif entry.name.endswith(".html"):
                count += 1
    return count


def _serve(args: argparse.Namespace) -> int:
    command = [sys.executable, "-P", "-m", "mkdocs", "serve", "--config-file", str(args.config),
               "--dev-addr", args.addr]
    try:
        return subprocess.call(command)
    except KeyboardInterrupt:
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
