"""Golden YAML for every seed: ingest seeds/ and compare each document file with tests/golden/.

Expected output is never typed by hand: run ``pytest tests/test_golden.py --update-goldens``,
read the diff (``git diff tests/golden``) and commit it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from policysite.build import SOURCE_SUFFIXES, ingest

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
SEEDS = sorted(p for p in (ROOT / "seeds").iterdir() if p.suffix in SOURCE_SUFFIXES)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory, monkeypatch_module) -> dict[str, str]:
    data = tmp_path_factory.mktemp("data")
    monkeypatch_module.chdir(ROOT)  # source paths in the data are relative to the project
    for curated in ("curation", "lexicon"):
        if (ROOT / "data" / curated).is_dir():
            import shutil

            shutil.copytree(ROOT / "data" / curated, data / curated)
    result = ingest([ROOT / "seeds"], data)
    return {d.source.file: (data / "documents" / f"{d.id}.yml").read_text("utf-8")
            for d in result.documents}


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def test_one_document_per_seed(ingested):
    assert sorted(ingested) == [f"seeds/{p.name}" for p in SEEDS]


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_golden(seed: Path, ingested, request):
    actual = ingested[f"seeds/{seed.name}"]
    golden = GOLDEN / f"{seed.stem}.yml"
    if request.config.getoption("update_goldens", default=False):
        golden.write_text(actual, "utf-8")
        return
    assert golden.is_file(), f"no golden file {golden}: run pytest --update-goldens"
    assert actual == golden.read_text("utf-8"), (
        f"{seed.name} no longer ingests as {golden.name}: if the change is right, run "
        "pytest tests/test_golden.py --update-goldens and review git diff tests/golden"
    )


def test_no_golden_without_its_seed():
    """A golden file whose seed is gone (renamed, removed) is stale: delete it."""
    stems = {p.stem for p in SEEDS}
    assert sorted(p.stem for p in GOLDEN.glob("*.yml") if p.stem not in stems) == []
