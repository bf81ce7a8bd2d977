#!/usr/bin/env python3
"""Benchmark a library of N documents: policysite next to plain MkDocs Material, same run.

For each size (100, 300 and 1,000 documents by default; ``--docs N`` for one size, ``--quick``
for 100), in a scratch copy of the project (the working tree, ``data/`` and ``site/`` are never
touched):

1. the documents: the bundled ``seeds/`` plus laws from
   ``../shared/corpus/scale/lawrefbook-1000.tar.gz``, extracted to a temporary folder (when the
   archive is absent only the seeds are used, and the report says so);
2. ``policysite ingest`` cold, again with nothing changed, again after one source changed, and
   again after an editor suppressed one entity (``policysite review --suppress``);
3. ``policysite build`` (pages, Pagefind index) — time, peak memory, pages, size of ``site/``,
   of the search index and of an average page;
4. the baseline: plain MkDocs Material over the same source files (``language: zh``, its
   search plugin with jieba, ``navigation.prune``), built in the same run, so the ratio holds on
   a busy machine where absolute times do not;
5. in headless Chromium over loopback: the first query from page load to final results, later
   queries, and the bytes transferred before the first results (page load included).

Writes ``bench/results.json`` and ``bench/REPORT.md``.  Exit status 0 when every step ran.
Usage: ``python scripts/bench.py [--docs N | --quick] [--no-browser] [--keep]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import http.server
import json
import os
import platform
import shutil
import socketserver
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# ../shared next to the clone (or next to the folder of worktrees); --archive to point elsewhere
_ARCHIVE = Path("shared") / "corpus" / "scale" / "lawrefbook-1000.tar.gz"
DEFAULT_ARCHIVE = next((base / _ARCHIVE for base in (ROOT.parent, ROOT.parent.parent)
                        if (base / _ARCHIVE).is_file()), ROOT.parent / _ARCHIVE)
OUT_DIR = ROOT / "bench"
SIZES = (100, 300, 1000)
SKIP = {".git", ".venv", "site", "site-offline", "bench", ".pytest_cache", ".hypothesis",
        ".ruff_cache", "__pycache__", "build", "dist", "data"}
# Queries typed in the browser: the first is timed from page load, the others after it.
QUERIES = ("国务院", "安全生产", "人民政府 应当", "监督管理", "法律责任", "民政")
CHROMIUM = os.environ.get("POLICYSITE_CHROMIUM", "/usr/bin/chromium")

BASELINE_CONFIG = """\
site_name: baseline
docs_dir: docs
site_dir: site
use_directory_urls: false
theme:
  name: material
  language: zh
  font: false
  features: [navigation.prune]
plugins:
  - search:
      lang: zh
"""


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    sizes = [args.docs] if args.docs else ([100] if args.quick else list(SIZES))
    python = str(ROOT / ".venv" / "bin" / "python")
    if not Path(python).is_file():
        print("Error: .venv/bin/python not found; run `make venv` first", file=sys.stderr)
        return 2
    archive = Path(args.archive)
    notes: list[str] = []
    if not archive.is_file():
        notes.append(f"{archive} not found: only the {len(_seeds())} bundled documents are used")
    scratch = Path(tempfile.mkdtemp(prefix="policysite-bench-"))
    runs = []
    ok = True
    try:
        laws_dir = scratch / "laws"
        laws = _extract(archive, laws_dir) if archive.is_file() else []
        for size in sizes:
            print(f"\n== {size} documents ==", flush=True)
            run = _bench_size(size, laws, scratch / f"n{size}", python, args)
            ok = ok and run["ok"]
            runs.append(run)
    finally:
        if args.keep:
            notes.append(f"scratch kept at {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    results = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": _git_commit(),
        "machine": _machine(),
        "runs": runs,
        "judged_samples": judged_samples(),
        "notes": notes,
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", "utf-8")
    report = out.with_name("REPORT.md")
    report.write_text(render_report(results), "utf-8")
    print(f"\nwrote {_rel(out)} and {_rel(report)}")
    return 0 if ok else 1


def _bench_size(size: int, laws: list[Path], work: Path, python: str, args) -> dict[str, Any]:
    project = _copy_project(work / "project")
    sources = project / "sources"
    files = _sources(size, laws, sources)
    cli = [python, "-m", "policysite"]
    run: dict[str, Any] = {"documents": len(files), "ok": True, "steps": {}}
    steps = run["steps"]
    env = {"POLICYSITE_PROGRESS": "0"}

    steps["ingest_cold"] = _time([*cli, "ingest", "sources/"], project, env)
    if steps["ingest_cold"]["exit"] == 0:  # issue 10: entity pages by confidence
        run["entity_pages"] = _entity_pages(project / "data" / "registry")
    steps["ingest_unchanged"] = _time([*cli, "ingest", "sources/"], project, env)
    changed = files[-1]
    changed.write_text(changed.read_text("utf-8") + "\n", "utf-8")
    steps["ingest_one_changed"] = _time([*cli, "ingest", "sources/"], project, env)
    suppressed = _weakest_entity(project / "data" / "registry")
    if suppressed:  # an editor's decision (issue 10's review loop), then ingest again
        subprocess.run([*cli, "review", "--suppress", suppressed], cwd=project, check=True,
                       capture_output=True, env={**os.environ, **env})
        steps["ingest_one_suppressed"] = _time([*cli, "ingest", "sources/"], project, env)
    steps["build"] = _time([*cli, "build", "--site-dir", "site"], project, env)
    site = project / "site"
    steps["build"].update(_site_figures(site, search=site / "pagefind"))

    baseline = _baseline_project(work / "baseline", files)
    steps["baseline_build"] = _time(
        [python, "-m", "mkdocs", "build", "--site-dir", "site"], baseline, env)
    steps["baseline_build"].update(
        _site_figures(baseline / "site", search=baseline / "site" / "search"))

    for step in steps.values():
        run["ok"] = run["ok"] and step["exit"] == 0
    build, base = steps["build"], steps["baseline_build"]
    if build["exit"] == 0 and base["exit"] == 0:
        run["ratios"] = {
            "build_time": round(build["seconds"] / base["seconds"], 2),
            "peak_memory": round(build["peak_mib"] / base["peak_mib"], 2),
            "site_size": round(build["site_mib"] / base["site_mib"], 2),
        }
        run["per_document_seconds"] = round(build["seconds"] / len(files), 4)
        run["ingest_documents_per_second"] = round(len(files) / steps["ingest_cold"]["seconds"], 1)
    if not args.no_browser and build["exit"] == 0:
        run["search"] = _search_times(site)
        if base["exit"] == 0:
            run["baseline_search"] = _search_times(baseline / "site")
    _print_run(run)
    return run


# -- inputs ------------------------------------------------------------------------------------
def _seeds() -> list[Path]:
    return sorted(p for p in (ROOT / "seeds").iterdir() if p.is_file())


def _extract(archive: Path, dest: Path) -> list[Path]:
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    with tarfile.open(archive) as tar:
        members = sorted((m for m in tar.getmembers()
                          if m.isfile() and m.name.endswith((".md", ".txt"))),
                         key=lambda m: m.name)
        for member in members:
            source = tar.extractfile(member)
            if source is not None:
                target = dest / Path(member.name).name
                target.write_bytes(source.read())
                out.append(target)
    return out


def _sources(size: int, laws: list[Path], dest: Path) -> list[Path]:
    """The bundled seeds, then laws, ``size`` files in all, copied to ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    picked = (_seeds() + laws)[:size]
    out = []
    for path in picked:
        target = dest / path.name
        shutil.copyfile(path, target)
        out.append(target)
    return out


def _copy_project(dest: Path) -> Path:
    shutil.copytree(ROOT, dest, ignore=lambda _d, names: {n for n in names if n in SKIP})
    for folder in ("lexicon", "curation"):
        shutil.copytree(ROOT / "data" / folder, dest / "data" / folder)
    return dest


def _baseline_project(dest: Path, files: list[Path]) -> Path:
    docs = dest / "docs"
    docs.mkdir(parents=True)
    for path in files:
        shutil.copyfile(path, docs / (path.stem + ".md"))
    (docs / "index.md").write_text("# 文件库\n", "utf-8")
    (dest / "mkdocs.yml").write_text(BASELINE_CONFIG, "utf-8")
    return dest


# -- measuring ---------------------------------------------------------------------------------
def _time(command: list[str], cwd: Path, env: dict[str, str]) -> dict[str, Any]:
    print(f"… {' '.join(command[2:])}", end="", flush=True)
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, stdout=log, stderr=subprocess.STDOUT,
                                env=full_env)
        # ru_maxrss of the waited child covers the descendants it waited for (mkdocs, Pagefind)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        log.seek(0)
        tail = log.read().decode("utf-8", "replace").splitlines()[-12:]
    print(f"  {seconds:.1f} s, {usage.ru_maxrss / 1024:.0f} MiB" + ("" if code == 0 else
                                                                      f"  EXIT {code}"))
    step = {"seconds": round(seconds, 2), "peak_mib": round(usage.ru_maxrss / 1024, 1),
            "exit": code}
    if code != 0:
        step["log_tail"] = tail
        print("\n".join(f"    {line}" for line in tail))
    return step


def _site_figures(site: Path, search: Path) -> dict[str, Any]:
    pages = [p for p in site.rglob("*.html")] if site.is_dir() else []
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) if pages else 0
    index = (sum(p.stat().st_size for p in search.rglob("*") if p.is_file())
             if search.is_dir() else 0)
    page_bytes = sum(p.stat().st_size for p in pages)
    return {
        "pages": len(pages),
        "site_mib": round(total / 2**20, 1),
        "search_index_mib": round(index / 2**20, 1),
        "average_page_kib": round(page_bytes / len(pages) / 1024, 1) if pages else 0,
    }


class _CountingHandler(http.server.SimpleHTTPRequestHandler):
    sent = 0

    def log_message(self, *args) -> None:  # quiet
        pass

    def copyfile(self, source, outputfile) -> None:
        data = source.read()
        type(self).sent += len(data)
        outputfile.write(data)


def _search_times(site: Path) -> dict[str, Any]:
    """First query (from page load) and later queries, in Chromium over loopback."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"error": "playwright not installed (pip install -e '.[test]')"}
    if not Path(CHROMIUM).exists():
        return {"error": f"{CHROMIUM} not found"}

    class Handler(_CountingHandler):
        sent = 0

    handler = functools.partial(Handler, directory=str(site))

    class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
        daemon_threads = True

    server = Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    out: dict[str, Any] = {"queries": []}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM)
            page = browser.new_page()
            Handler.sent = 0
            start = time.perf_counter()
            page.goto(base + "index.html", wait_until="domcontentloaded")
            box = page.locator("input.md-search__input")
            box.wait_for(state="visible")
            for number, query in enumerate(QUERIES):
                if number:
                    box.fill("")
                    page.wait_for_function(
                        "() => !document.querySelector('.md-search-result__item')")
                    start = time.perf_counter()
                box.click()
                box.fill(query)
                box.press("End")
                page.wait_for_function(
                    "() => document.querySelectorAll('.md-search-result__item').length > 0",
                    timeout=60_000)
                seconds = time.perf_counter() - start
                count = page.evaluate(
                    "() => document.querySelectorAll('.md-search-result__item').length")
                if number == 0:
                    out["first_query_seconds"] = round(seconds, 3)
                    out["bytes_before_first_results"] = Handler.sent
                out["queries"].append({"query": query, "seconds": round(seconds, 3),
                                       "result_groups": count})
            later = [q["seconds"] for q in out["queries"][1:]]
            out["later_query_seconds_max"] = max(later) if later else None
            out["later_query_seconds_median"] = sorted(later)[len(later) // 2] if later else None
            browser.close()
    except Exception as error:  # a report with the failure beats no report
        out["error"] = f"{type(error).__name__}: {str(error).splitlines()[0]}"
    finally:
        server.shutdown()
    return out


# -- report ------------------------------------------------------------------------------------
def render_report(results: dict[str, Any]) -> str:
    machine = results["machine"]
    lines = [
        "# Benchmark report",
        "",
        f"{results['date']}, commit `{(results.get('commit') or '?')[:10]}`; "
        f"{machine['cpu']} ({machine['cpus']} CPUs), {machine['memory_gib']} GiB, "
        f"Python {machine['python']}, {machine['platform']}.",
        "",
        "Times on a shared machine are noisy: compare the ratios, measured against the plain "
        "MkDocs Material build of the same sources in the same run.",
        "",
        "| documents | ingest cold | docs/s | unchanged re-run | one file changed | "
        "one entity suppressed | build | "
        "Material build | ratio | peak MiB (ours / Material) | pages (ours / Material) | "
        "site MiB (ours / Material) | search index MiB (ours / Material) | average page KiB |",
        "|" + "---|" * 14,
    ]
    for run in results["runs"]:
        s = run["steps"]
        b, m = s["build"], s["baseline_build"]
        ratio = run.get("ratios", {})
        lines.append(
            f"| {run['documents']} | {s['ingest_cold']['seconds']} s | "
            f"{run.get('ingest_documents_per_second', '—')} | "
            f"{s['ingest_unchanged']['seconds']} s | {s['ingest_one_changed']['seconds']} s | "
            f"{s.get('ingest_one_suppressed', {}).get('seconds', '—')} s | "
            f"{b['seconds']} s | {m['seconds']} s | {ratio.get('build_time', '—')}× | "
            f"{b['peak_mib']} / {m['peak_mib']} | {b.get('pages', '—')} / {m.get('pages', '—')} | "
            f"{b.get('site_mib', '—')} / {m.get('site_mib', '—')} | "
            f"{b.get('search_index_mib', '—')} / {m.get('search_index_mib', '—')} | "
            f"{b.get('average_page_kib', '—')} |")
    lines += ["", "## Search in Chromium over loopback", "",
              "| documents | site | first query (from page load) | bytes before first results | "
              "later queries (median / max) |", "|---|---|---|---|---|"]
    for run in results["runs"]:
        for label, key in (("policysite (Pagefind)", "search"),
                           ("Material", "baseline_search")):
            found = run.get(key)
            if not found:
                continue
            if "error" in found:
                lines.append(f"| {run['documents']} | {label} | {found['error']} | | |")
                continue
            lines.append(
                f"| {run['documents']} | {label} | {found['first_query_seconds']} s | "
                f"{found['bytes_before_first_results'] / 2**20:.2f} MiB | "
                f"{found['later_query_seconds_median']} / {found['later_query_seconds_max']} s |")
    lines += ["", "Queries: " + "、".join(f"「{q}」" for q in QUERIES) + ".", ""]
    lines += _entities(results)
    lines += _targets(results["runs"])
    for note in results.get("notes", []):
        lines.append(f"- {note}")
    return "\n".join(lines) + "\n"


# Issue 11's targets for a library (measured at the largest size of the run): what, the figure's
# path in a run, the bound, and whether smaller is better.
TARGETS = (
    ("build time ÷ plain Material", ("ratios", "build_time"), 2.0, True),
    ("peak memory of the build, MiB", ("steps", "build", "peak_mib"), 1024.0, True),
    ("peak memory of ingest, MiB", ("steps", "ingest_cold", "peak_mib"), 1024.0, True),
    ("size of site/ ÷ plain Material", ("ratios", "site_size"), 2.0, True),
    ("ingest, documents per second (cold)", ("ingest_documents_per_second",), 50.0, False),
    ("ingest with nothing changed, s", ("steps", "ingest_unchanged", "seconds"), 2.0, True),
    ("first query from page load, s", ("search", "first_query_seconds"), 1.0, True),
    ("MiB before the first results", ("search", "bytes_before_first_results"), 3.0, True),
    ("later queries (median), s", ("search", "later_query_seconds_median"), 0.2, True),
)


def _targets(runs: list[dict[str, Any]]) -> list[str]:
    """A table of the targets at the largest size run: met, or not met and by how much."""
    if not runs:
        return []
    run = max(runs, key=lambda r: r["documents"])
    lines = [f"## Targets at {run['documents']} documents", "",
             "| target | bound | measured | |", "|---|---|---|---|"]
    for label, path, bound, smaller in TARGETS:
        value: Any = run
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        if value is None:
            lines.append(f"| {label} | {bound:g} | — | not measured |")
            continue
        if path[-1] == "bytes_before_first_results":
            value = round(value / 2**20, 2)
        met = value <= bound if smaller else value >= bound
        verdict = "met" if met else f"**not met** ({value / bound:.2f}× the bound)"
        lines.append(f"| {label} | {bound:g} | {value} | {verdict} |")
    small = min(runs, key=lambda r: r["documents"])
    if small is not run and small.get("per_document_seconds") and run.get("per_document_seconds"):
        growth = run["per_document_seconds"] / small["per_document_seconds"]
        verdict = "met" if growth <= 1.2 else f"**not met** ({growth:.2f}×)"
        lines.append(f"| build cost per document at {run['documents']} ÷ at {small['documents']} "
                     f"| 1.2 | {growth:.2f} | {verdict} |")
    lines += ["", "Why a target is not met, and what would change it: README, Large libraries.", ""]
    return lines


def _print_run(run: dict[str, Any]) -> None:
    ratio = run.get("ratios")
    if ratio:
        print(f"   build {ratio['build_time']}× Material, memory {ratio['peak_memory']}×, "
              f"site {ratio['site_size']}×")
    search = run.get("search") or {}
    if "first_query_seconds" in search:
        print(f"   first query {search['first_query_seconds']} s, "
              f"{search['bytes_before_first_results'] / 2**20:.2f} MiB before results; "
              f"later max {search['later_query_seconds_max']} s")


def _machine() -> dict[str, Any]:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = 0.0
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = round(pages / 2**30, 1)
    except (ValueError, OSError):
        pass
    return {"platform": platform.platform(), "python": platform.python_version(),
            "cpus": os.cpu_count(), "cpu": cpu, "memory_gib": memory}


# Hand-judged samples of the 1,000-law registry's entity pages (issue 10), judged by reading.
JUDGED_SAMPLES = ("scale-sample.yml", "scale-sample-2.yml", "scale-sample-3.yml",
                  "scale-sample-3-shown.yml", "scale-sample-4.yml", "scale-sample-4-shown.yml",
                  "scale-sample-5.yml", "scale-sample-5-shown.yml", "scale-sample-6.yml",
                  "scale-sample-6-shown.yml", "scale-sample-7.yml", "scale-sample-7-shown.yml",
                  "scale-sample-8.yml", "scale-sample-8-shown.yml", "scale-sample-9.yml",
                  "scale-sample-9-shown.yml", "scale-sample-10.yml", "scale-sample-10-shown.yml",
                  "scale-sample-11.yml", "scale-sample-11-shown.yml", "scale-sample-12.yml",
                  "scale-sample-12-shown.yml", "scale-sample-13.yml", "scale-sample-13-shown.yml")


def judged_samples() -> list[dict[str, Any]]:
    """The precision of each judged sample (right ÷ judged, per kind and together)."""
    import yaml

    out = []
    for name in JUDGED_SAMPLES:
        path = ROOT / "tests" / "gold" / name
        if not path.is_file():
            continue
        entries = yaml.safe_load(path.read_text("utf-8"))["entries"]
        row: dict[str, Any] = {"file": f"tests/gold/{name}"}
        for kind in ("body", "mechanism", None):
            judged = [e for e in entries if kind is None or e["kind"] == kind]
            right = sum(e["verdict"] == "right" for e in judged)
            row[kind or "both"] = {"right": right, "judged": len(judged),
                                   "precision": round(right / len(judged), 2) if judged else None}
        out.append(row)
    return out


def _entities(results: dict[str, Any]) -> list[str]:
    """Entity pages by kind and confidence at each size, and the judged samples' precision."""
    lines = ["## Entity pages (issue 10)", "",
             "| documents | registry | pages | high | medium | low |", "|---|---|---|---|---|---|"]
    for run in results["runs"]:
        for registry, counts in (run.get("entity_pages") or {}).items():
            lines.append(f"| {run['documents']} | {registry} | {counts.get('total', 0)} | "
                         f"{counts.get('high', 0)} | {counts.get('medium', 0)} | "
                         f"{counts.get('low', 0)} |")
    lines += ["", "Hand-judged samples of the 1,000-law registry (right ÷ judged; target ≥ 0.90):",
              ""]
    for row in results.get("judged_samples") or []:
        parts = [f"{kind} {row[kind]['right']}/{row[kind]['judged']} = {row[kind]['precision']}"
                 for kind in ("body", "mechanism", "both")]
        lines.append(f"- `{row['file']}`: " + ", ".join(parts))
    return [*lines, ""]


def _entity_pages(registry_dir: Path) -> dict[str, dict[str, int]]:
    """Entities with a page (not suppressed or merged) per registry file, by confidence.

    The judged precision of samples of them: tests/gold/scale-sample*.yml (``judged_samples``)."""
    import yaml

    out = {}
    for path in sorted(registry_dir.glob("*.yml")):
        rows = [r for r in yaml.safe_load(path.read_text("utf-8")) or []
                if not r.get("suppressed") and not r.get("merged_into")]
        counts = {"total": len(rows)}
        for row in rows:
            level = row.get("confidence", "curated")
            counts[level] = counts.get(level, 0) + 1
        out[path.stem] = counts
    return out


def _weakest_entity(registry_dir: Path) -> str | None:
    """The first body ``policysite review`` lists (low confidence, fewest mentions), as kind:id."""
    import yaml

    path = registry_dir / "bodies.yml"
    rows = yaml.safe_load(path.read_text("utf-8")) if path.is_file() else None
    low = [r for r in rows or [] if r.get("confidence") == "low" and not r.get("suppressed")]
    return f"body:{low[0]['id']}" if low else None


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, metavar="N", help="one size: N documents")
    parser.add_argument("--quick", action="store_true", help="100 documents only")
    parser.add_argument("--archive", default=str(DEFAULT_ARCHIVE), help="the laws archive")
    parser.add_argument("--no-browser", action="store_true", help="skip the search timings")
    parser.add_argument("--out", default=str(OUT_DIR / "results.json"), help="results file")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    return parser.parse_args(argv)


def _git_commit() -> str | None:
    result = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True,
                            text=True, check=False)
    return result.stdout.strip() or None


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())
