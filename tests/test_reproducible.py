"""Reproducible output: the same inputs give byte-identical ``data/`` and ``site/``.

``seeds/`` is ingested twice into two folders; the site is built twice from the same data (with
``SOURCE_DATE_EPOCH`` set, a second apart, into two folders) and every file's SHA-256 compared.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import scratch_project

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"

pytestmark = pytest.mark.slow


def digests(directory: Path) -> dict[str, str]:
    """relative path → sha256 of every file under ``directory``."""
    return {str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.rglob("*")) if p.is_file()}


def differing(a: dict[str, str], b: dict[str, str]) -> list[str]:
    return sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))


def policysite(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).parent / "policysite"
    command = [str(script)] if script.is_file() else [sys.executable, "-m", "policysite"]
    run = subprocess.run([*command, *args], cwd=cwd, capture_output=True, text=True,
                         env={**os.environ, **env}, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    return run


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """mkdocs.yml, docs/ and data/ (seeds ingested) in a scratch folder."""
    root = tmp_path_factory.mktemp("repro")
    scratch_project(root)
    policysite("ingest", str(SEEDS), "--data", "data", cwd=root)
    return root


@pytest.fixture(scope="module")
def two_builds(project: Path) -> tuple[dict[str, str], dict[str, str]]:
    policysite("build", "--site-dir", "site1", cwd=project, SOURCE_DATE_EPOCH="1700000000")
    time.sleep(1.1)  # any wall-clock time in the output would now differ
    policysite("build", "--site-dir", "site2", cwd=project, SOURCE_DATE_EPOCH="1700000000")
    return digests(project / "site1"), digests(project / "site2")


def test_ingest_twice_gives_identical_data(project: Path) -> None:
    second = project / "data2"
    if (project / "data" / "lexicon").is_dir():
        shutil.copytree(project / "data" / "lexicon", second / "lexicon")
    time.sleep(1.1)
    policysite("ingest", str(SEEDS), "--data", "data2", cwd=project)
    first, again = digests(project / "data"), digests(second)
    assert len(first) >= 9
    assert differing(first, again) == []


def test_ingest_again_into_the_same_data_changes_nothing(project: Path) -> None:
    before = digests(project / "data")
    policysite("ingest", str(SEEDS), "--data", "data", cwd=project)
    assert differing(before, digests(project / "data")) == []


def test_whole_site_is_identical(two_builds) -> None:
    """Pages, search index, sitemap.xml.gz and the XLSX downloads (openpyxl stamps the save
    time into docProps/core.xml; pages/tasks.py fixes it) are byte-identical."""
    first, second = two_builds
    assert "index.html" in first
    assert "search/search_index.json" in first
    assert "sitemap.xml.gz" in first
    assert any(f.endswith(".xlsx") for f in first)
    assert differing(first, second) == []
