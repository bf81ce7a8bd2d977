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
        description="Read source documents (.txt/.md in UTF-8, UTF-16 or GB18030; saved web "
        "pages .html/.htm; Word .docx; PDF with a text layer) and write one "
        "YAML file per document into DATA/documents/. Folders are searched for those files. "
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
        "the text (tests/gold/*.yml): the accuracy of title, 文号, issuers and date over the gold "
        "files with `metadata:`, then precision, recall and F1 per kind and per document, the "
        "total, and every false positive and miss with its sentence.",
    )
    evaluate.add_argument("gold", type=Path, nargs="+", metavar="GOLD", help="gold file(s)")
    evaluate.add_argument("--data", type=Path, default=Path("data"), help="data folder (data)")
    evaluate.add_argument(
        "--second-reader", type=Path, metavar="FOLDER",
        help="score a second reader's gold file of the same name in FOLDER instead of the "
        "extraction: how far two readers agree, the ceiling any extraction can reach",
    )
    evaluate.set_defaults(run=_evaluate)

    review = commands.add_parser(
        "review", help="list extracted entities no editor has reviewed; accept or suppress them",
        description="Without options: the entities extraction added that no editor has reviewed, "
        "weakest first (confidence, then mentions), each with a sentence it is written in. "
        "--accept and --suppress record the editor's decision in data/curation/ (the only way "
        "the tool writes curation); run `make site` (or ingest) to see it on the site.",
    )
    review.add_argument("--data", type=Path, default=Path("data"), help="data folder (data)")
    review.add_argument("--accept", nargs="+", default=[], metavar="ID",
                        help="mark these entities 编辑确认 (id or kind:id, as listed)")
    review.add_argument("--suppress", nargs="+", default=[], metavar="ID",
                        help="suppress these entities everywhere (id or kind:id)")
    review.add_argument("--limit", type=int, default=40, help="how many to list (40; 0 = all)")
    review.set_defaults(run=_review)

    # 培训: the self-test of one document as YAML (the quiz page, CSV and Anki deck hold the same).
    quiz = commands.add_parser(
        "quiz", help="print the self-test (自测题) of a document as YAML",
        description="Print the quiz generated for DOC_ID from data/ as YAML: each question with "
        "its kind, the clause that answers it, the choices and the answer. The same data always "
        "gives the same quiz.",
    )
    quiz.add_argument("doc_id", metavar="DOC_ID", help="document id (data/documents/DOC_ID.yml)")
    quiz.add_argument("--data", type=Path, default=Path("data"), help="data folder (data)")
    quiz.set_defaults(run=_quiz)
    return parser


def _review(args: argparse.Namespace) -> int:
    from policysite.build import load_library, read_curation, review_curation
    from policysite.extract.roles import sentence_at
    from policysite.registry import unreviewed

    if args.accept or args.suppress:
        for kind, entity_id, decision in review_curation(args.data, args.accept, args.suppress):
            label = "编辑确认" if decision == "accepted" else "suppressed"
            print(f"{label}: {kind}:{entity_id} → {args.data}/curation/")
        print("run `make site` (or `policysite ingest`) to rebuild with these decisions")
        return EXIT_OK
    library = load_library(args.data)
    if library.registry is None:
        raise UsageError(f"{args.data}/registry/ not found: run `policysite ingest` first")
    todo = unreviewed(library.registry, read_curation(args.data / "curation"))
    where: dict[tuple[str, str], str] = {}
    for doc in library.documents:
        for node in doc.walk():
            for m in node.mentions:
                if (m.kind, m.id) not in where:
                    text = getattr(node, m.field) or ""
                    where[(m.kind, m.id)] = f"{doc.id} {node.id}: {sentence_at(text, m.start)}"
    shown = todo if args.limit == 0 else todo[: args.limit]
    print(f"{len(todo)} entities not reviewed; weakest first"
          + (f" (first {len(shown)}; --limit 0 for all)" if len(shown) < len(todo) else ""))
    for e in shown:
        kind_label = "class" if e.is_class else e.kind
        print(f"{e.confidence:<6} {e.kind}:{e.id}  {e.name}  [{kind_label}, {e.found}, "
              f"{e.mentions}×]\n         {where.get((e.kind, e.id), '')[:120]}")
    if shown:
        print("accept or suppress: policysite review --accept ID… --suppress ID…")
    return EXIT_OK


def _quiz(args: argparse.Namespace) -> int:
    from policysite.build import load_library
    from policysite.store import dump_yaml
    from policysite.training.quiz import build_quiz, to_dict

    library = load_library(args.data)
    try:
        doc = library.document(args.doc_id)
    except KeyError:
        known = ", ".join(sorted(d.id for d in library.documents)[:5])
        raise UsageError(f"no document {args.doc_id!r} in {args.data}/documents/ "
                         f"(ids are the file names, e.g. {known})") from None
    sys.stdout.write(dump_yaml(to_dict(build_quiz(doc, library))))
    return EXIT_OK


def _search_check(args: argparse.Namespace) -> int:
    # Imported here only: the browser helpers and Playwright are not part of the build.
    from policysite import searchcheck
    from policysite.build import read_query_file

    if not (args.site / "index.html").is_file():
        raise BuildError(f"{args.site}/index.html not found: build the site first (make site)")
    try:
        queries = searchcheck.parse_queries(read_query_file(args.queries), str(args.queries))
        report = searchcheck.check_queries(
            queries, args.site, top=args.top, source=str(args.queries)
        )
    except searchcheck.QueryFileError as error:
        raise UsageError(str(error)) from None
    except searchcheck.BrowserUnavailable as error:
        raise BuildError(str(error)) from None
    print(searchcheck.format_report(report, verbose=args.verbose))
    return EXIT_OK if report.ok else 1


def _evaluate(args: argparse.Namespace) -> int:
    from policysite.build import load_library, read_gold_file
    from policysite.evaluate import evaluate_gold_files, gold_document, metadata_accuracy

    library = load_library(args.data)
    golds = [(str(path), read_gold_file(path)) for path in args.gold]
    for source, gold in golds:
        gold_document(gold, library, source)  # every gold file names a document in the library
    if args.second_reader is not None:
        second = []
        for source, _ in golds:
            other = args.second_reader / Path(source).name
            if not other.is_file():
                raise UsageError(f"{other}: no second reading of {source} (same file name "
                                 f"expected in {args.second_reader}/)")
            second.append((str(other), read_gold_file(other)))
        print(evaluate_gold_files(golds, library, second=second))
        return EXIT_OK
    # Metadata (title, 文号, issuers, date) over the gold files that have `metadata:`.
    if report := metadata_accuracy(golds, library):
        print(report)
    with_mentions = [(source, gold) for source, gold in golds if gold.get("nodes")]
    if with_mentions:
        print(evaluate_gold_files(with_mentions, library))
    return EXIT_OK


def _ingest(args: argparse.Namespace) -> int:
    from policysite.build import ingest, lexicon_warning

    started = time.monotonic()
    result = ingest(args.paths, args.data, errors=args.errors)
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    if lexicon := lexicon_warning(args.data):
        print(lexicon, file=sys.stderr)
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
    import socket

    host, _, port = args.addr.rpartition(":")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host or "127.0.0.1", int(port)))
        except (OSError, ValueError):
            raise UsageError(
                f"port {port} on {host or '127.0.0.1'} is in use (or not a port); pick another: "
                f"PORT={int(port) + 1 if port.isdigit() else 8001} make serve "
                f"(or policysite serve --addr {host or '127.0.0.1'}:8001)"
            ) from None
    command = [sys.executable, "-P", "-m", "mkdocs", "serve", "--config-file", str(args.config),
               "--dev-addr", args.addr]
    try:
        return subprocess.call(command)
    except KeyboardInterrupt:
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
