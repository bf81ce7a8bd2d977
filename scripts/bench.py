#!/usr/bin/env python3
"""Time the pipeline through its CLI and write ``bench/results.json``.

Steps, each a ``policysite`` subprocess run in a scratch copy of the project (the working tree,
``data/`` and ``site/`` are never touched):

1. ``ingest seeds/``            every bundled source text
2. ``build --site-dir …``       mkdocs build --strict of that data
3. ``ingest scale/``            N laws from ``../shared/corpus/scale/lawrefbook-1000.tar.gz``
                                (optional input: skipped, and said so, when the archive is absent)
4. ``build`` of the scale data  only with ``--scale-build``

For each step: wall time, peak resident memory of the process tree (``os.wait4`` rusage), exit
status, number and size of inputs.  Exit status 0 only if every step that ran succeeded.

Usage: ``python scripts/bench.py [--scale N] [--scale-build] [--out PATH] [--keep]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_ARCHIVE = ROOT.parent / "shared" / "corpus" / "scale" / "lawrefbook-1000.tar.gz"
DEFAULT_OUT = ROOT / "bench" / "results.json"
# Not copied into the scratch project: environments, outputs, history.
SKIP = {
    ".git",
    ".venv",
    "site",
    "site-offline",
    "bench",
    ".pytest_cache",
    ".hypothesis",
    ".ruff_cache",
    "__pycache__",
    "build",
    "dist",
}


@dataclass
class Step:
    name: str
    command: list[str]
    seconds: float | None = None
    peak_rss_mib: float | None = None
    exit: int | None = None
    inputs: int = 0
    input_bytes: int = 0
    outputs: int = 0
    log_tail: list[str] = field(default_factory=list)


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    cli = _find_cli(args.policysite)
    if cli is None:
        return 2
    notes: list[str] = []
    steps: list[Step] = []
    scratch = Path(tempfile.mkdtemp(prefix="policysite-bench-"))
    try:
        project = _copy_project(scratch / "project")
        seeds = sorted(p for p in (project / "seeds").iterdir() if p.is_file())
        steps.append(_run("ingest seeds", [*cli, "ingest", "seeds/"], project, seeds))
        steps[-1].outputs = _count(project / "data" / "documents", "*.yml")
        if steps[-1].exit == 0:
            steps.append(_run("build site", [*cli, "build", "--site-dir", "site"], project, []))
            steps[-1].outputs = _count(project / "site", "*.html")
        else:
            notes.append("build skipped: ingest of seeds failed")

        archive = Path(args.scale_archive)
        if args.scale <= 0:
            notes.append("scale corpus skipped (--scale 0)")
        elif not archive.is_file():
            notes.append(f"scale corpus absent: {archive} not found; scale steps skipped")
        else:
            scale_project = _copy_project(scratch / "scale-project", with_data=False)
            laws = _extract(archive, scale_project / "scale", args.scale)
            if len(laws) < args.scale:
                notes.append(f"scale: asked for {args.scale} laws, the archive holds {len(laws)}")
            step = _run(f"ingest {len(laws)} laws", [*cli, "ingest", "scale/"], scale_project, laws)
            step.outputs = _count(scale_project / "data" / "documents", "*.yml")
            steps.append(step)
            if step.exit == 0:  # issue 10: how many entity pages, by confidence
                entities = _entity_pages(scale_project / "data" / "registry")
                notes.append(f"scale entity pages: {json.dumps(entities, ensure_ascii=False)}")
            if args.scale_build and step.exit == 0:
                build = _run(
                    f"build {len(laws)} laws",
                    [*cli, "build", "--site-dir", "site"],
                    scale_project,
                    [],
                )
                build.outputs = _count(scale_project / "site", "*.html")
                steps.append(build)
        if args.keep:
            notes.append(f"scratch kept at {scratch}")
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)

    results = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": _git_commit(),
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
        },
        "cli": cli,
        "steps": [asdict(s) for s in steps],
        "notes": notes,
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(_table(steps))
    for note in notes:
        print(f"note: {note}")
    for step in steps:
        if step.exit != 0:
            print(f"\nError: `{' '.join(step.command)}` exited {step.exit}; last lines:")
            print("\n".join(f"  {line}" for line in step.log_tail))
    print(f"\nwrote {_rel(out)}")
    return 0 if all(s.exit == 0 for s in steps) else 1


def _entity_pages(registry_dir: Path) -> dict[str, dict[str, int]]:
    """Entities with a page (not suppressed or merged) per registry file, by confidence.

    The judged precision of a sample of them is in tests/gold/scale-sample.yml (README)."""
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


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scale",
        type=int,
        default=200,
        metavar="N",
        help="laws to ingest from the scale archive (default 200; 0 skips)",
    )
    parser.add_argument(
        "--scale-archive",
        default=str(DEFAULT_ARCHIVE),
        metavar="PATH",
        help="the lawrefbook archive (default ../shared/corpus/scale/…)",
    )
    parser.add_argument(
        "--scale-build", action="store_true", help="also time the site build of the scale laws"
    )
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="results file (JSON)")
    parser.add_argument(
        "--policysite", metavar="PATH", help="the CLI to time (default .venv/bin/policysite)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory")
    return parser.parse_args(argv)


def _find_cli(explicit: str | None) -> list[str] | None:
    """The CLI command, checked to run; None (after printing why) if it does not."""
    candidates = [explicit] if explicit else [str(ROOT / ".venv" / "bin" / "policysite")]
    if not explicit and shutil.which("policysite"):
        candidates.append(shutil.which("policysite"))  # type: ignore[arg-type]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            probe = subprocess.run(
                [candidate, "--help"], capture_output=True, text=True, check=False
            )
            if probe.returncode == 0:
                return [candidate]
            last = (probe.stderr or probe.stdout).strip().splitlines()[-1:] or ["(no output)"]
            print(
                f"Error: `{candidate} --help` exited {probe.returncode}: {last[0]}\n"
                "  The policysite CLI does not run yet. Run `make venv`; if "
                "policysite/cli.py is missing, the CLI has not been written yet.",
                file=sys.stderr,
            )
            return None
    print(f"Error: no policysite CLI at {candidates[0]}; run `make venv` first.", file=sys.stderr)
    return None


def _copy_project(dest: Path, with_data: bool = True) -> Path:
    """Copy the project (not .git, .venv, outputs) to ``dest``; empty data/documents."""

    def ignore(_dir: str, names: list[str]) -> set[str]:
        return {n for n in names if n in SKIP}

    shutil.copytree(ROOT, dest, ignore=ignore, symlinks=True)
    documents = dest / "data" / "documents"
    if not with_data or documents.exists():
        shutil.rmtree(documents, ignore_errors=True)
    documents.mkdir(parents=True, exist_ok=True)
    return dest


def _extract(archive: Path, dest: Path, n: int) -> list[Path]:
    """The first ``n`` law files (by name) of the archive, written flat into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    with tarfile.open(archive) as tar:
        members = sorted(
            (m for m in tar.getmembers() if m.isfile() and m.name.endswith((".md", ".txt"))),
            key=lambda m: m.name,
        )
        for member in members[:n]:
            source = tar.extractfile(member)
            if source is None:
                continue
            target = dest / Path(member.name).name
            target.write_bytes(source.read())
            out.append(target)
    return out


def _run(name: str, command: list[str], cwd: Path, inputs: list[Path]) -> Step:
    size = sum(p.stat().st_size for p in inputs)
    step = Step(name, command, inputs=len(inputs), input_bytes=size)
    log = cwd.parent / f"{cwd.name}-{time.monotonic_ns()}.log"
    print(f"… {name}: {' '.join(command)}", flush=True)
    with log.open("wb") as sink:
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, stdout=sink, stderr=subprocess.STDOUT)
        # wait4 gives this child's own rusage: ru_maxrss is the peak of the child and of the
        # descendants it waited for (e.g. mkdocs run by `build`), in KiB on Linux.
        _, status, usage = os.wait4(proc.pid, 0)
        step.seconds = round(time.perf_counter() - start, 3)
    proc.returncode = os.waitstatus_to_exitcode(status)
    step.exit = proc.returncode
    step.peak_rss_mib = round(usage.ru_maxrss / 1024, 1)
    if step.exit != 0:
        step.log_tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
    log.unlink()
    return step


def _count(directory: Path, pattern: str) -> int:
    return sum(1 for _ in directory.rglob(pattern)) if directory.is_dir() else 0


def _table(steps: list[Step]) -> str:
    header = (
        f"{'step':<22} {'inputs':>7} {'KiB in':>8} {'outputs':>8} {'seconds':>8} "
        f"{'peak MiB':>9} {'exit':>5}"
    )
    rows = [header, "-" * len(header)]
    for s in steps:
        rows.append(
            f"{s.name:<22} {s.inputs:>7} {s.input_bytes / 1024:>8.0f} {s.outputs:>8} "
            f"{_num(s.seconds, 2):>8} {_num(s.peak_rss_mib, 1):>9} {_num(s.exit, 0):>5}"
        )
    return "\n".join(rows)


def _num(value: float | int | None, digits: int) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _git_commit() -> str | None:
    result = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, check=False
    )
    return result.stdout.strip() or None


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())
