"""Atomic writes: ingest killed with SIGKILL mid-write leaves data/ as it was, or complete.

A child process runs :func:`policysite.build.ingest` with ``os.replace`` wrapped so that the
process SIGKILLs itself at a chosen rename: before the journal is in place (data/ must stay as it
was) or after the journal and some of the renames (the next ``load_documents``/``ingest`` must
finish them from the journal).  Never half-written; an editor's ``data/curation/*.yml`` is
untouched throughout.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from policysite.build import JOURNAL, ingest, load_documents

V1 = {
    "a.txt": "关于加强乡镇管理工作的通知\n一、总体要求\n（一）指导思想。坚持依法行政。\n",
    "b.txt": "关于做好安全生产工作的意见\n一、基本原则\n（一）安全第一。预防为主。\n",
}
V2 = {
    "a.txt": V1["a.txt"] + "二、保障措施\n（二）加强组织领导。各区要抓好落实。\n",
    "b.txt": V1["b.txt"] + "（二）综合治理。各方协同。\n",
}
CURATION = "# 编辑手工维护，工具从不写入\nentries:\n  shi-minzhengju:\n    name: 市民政局\n"

CHILD = textwrap.dedent("""\
    import os, signal, sys
    from pathlib import Path
    from policysite import build

    when, at, data = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    real_replace, calls = os.replace, [0]

    def replace(src, dst):
        calls[0] += 1
        if calls[0] == at and when == "before":
            os.kill(os.getpid(), signal.SIGKILL)
        real_replace(src, dst)
        if calls[0] == at and when == "after":
            os.kill(os.getpid(), signal.SIGKILL)

    os.replace = replace
    build.ingest([Path(p) for p in sys.argv[4:]], data)
    print("finished without being killed")
""")


def write_sources(folder: Path, texts: dict[str, str]) -> list[Path]:
    folder.mkdir(exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, "utf-8")
    return [folder / name for name in sorted(texts)]


def tree(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes()
            for p in sorted(directory.rglob("*")) if p.is_file()}


@pytest.fixture
def states(tmp_path: Path) -> tuple[Path, dict[str, bytes], dict[str, bytes], list[Path]]:
    """data/ after ingesting V1 (plus curation), and the tree a complete V2 ingest gives."""
    sources = write_sources(tmp_path / "src", V1)
    data = tmp_path / "data"
    (data / "curation").mkdir(parents=True)
    (data / "curation" / "bodies.yml").write_text(CURATION, "utf-8")
    ingest(sources, data)
    before = tree(data)
    write_sources(tmp_path / "src", V2)
    reference = tmp_path / "reference"
    shutil.copytree(data, reference)
    ingest(sources, reference)
    after = tree(reference)
    assert before != after
    return data, before, after, sources


# (when, at): the n-th os.replace; call 1 puts the journal in place, the rest rename files.
KILLS = [("before", 1), ("after", 1), ("after", 2), ("after", 3)]


@pytest.mark.parametrize(("when", "at"), KILLS, ids=[f"{w}-rename-{n}" for w, n in KILLS])
@pytest.mark.parametrize("recover", ["load_documents", "ingest"])
def test_sigkill_mid_write(states, when: str, at: int, recover: str) -> None:
    data, before, after, sources = states
    run = subprocess.run([sys.executable, "-c", CHILD, when, str(at), str(data),
                          *map(str, sources)], capture_output=True, text=True, timeout=120)
    assert run.returncode == -signal.SIGKILL, run.stdout + run.stderr
    journal_written = (when, at) != ("before", 1)
    assert (data / JOURNAL).is_file() == journal_written
    assert (data / "curation" / "bodies.yml").read_text("utf-8") == CURATION

    if recover == "load_documents":
        load_documents(data)
    else:
        ingest(sources, data)
    got = tree(data)
    if recover == "ingest" or journal_written:
        assert got == after, "the journal's renames were not completed"
    else:
        assert got == before, "a run killed before its journal must leave data/ as it was"
    assert not list(data.rglob("*.tmp")), "staged files left behind"
    assert not (data / JOURNAL).exists()
    assert (data / "curation" / "bodies.yml").read_text("utf-8") == CURATION


def test_child_without_kill_completes(states) -> None:
    """The hook itself changes nothing: with no kill the child writes the complete V2 tree."""
    data, _, after, sources = states
    run = subprocess.run([sys.executable, "-c", CHILD, "never", "0", str(data),
                          *map(str, sources)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert tree(data) == after


def test_documents_are_never_half_written(states) -> None:
    """Killed after the journal: every document file is either the old or the new version."""
    data, before, after, sources = states
    run = subprocess.run([sys.executable, "-c", CHILD, "after", "2", str(data),
                          *map(str, sources)], capture_output=True, text=True, timeout=120)
    assert run.returncode == -signal.SIGKILL
    for path in (data / "documents").glob("*.yml"):
        name = str(path.relative_to(data))
        assert path.read_bytes() in (before.get(name), after.get(name)), name
