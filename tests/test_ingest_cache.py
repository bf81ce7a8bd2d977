"""The ingest cache: a re-run where one source (or the lexicon) changed reads and extracts only
what changed, and writes exactly what a cold ingest of the same sources writes.

The cache (``.cache/policysite/ingest-*`` next to ``data/``, :class:`policysite.build._IngestCache`)
keeps each source's parsed document, each document's hits and each document's YAML, keyed by
everything they depend on.  The checks here count the documents parsed and extracted on a warm
run and compare its ``data/`` byte for byte with a cold run's.
"""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

from policysite import build, extract
from policysite.build import ingest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ("001_gov-cn_guobanfa-2018-123_zhengwu-xinmeiti-yijian.txt",
         "101_shgov_jingfufa-2018-1_jingan-wenwu-baohu-shishi-yijian.md",
         "109_shgov_huhuantu-2022-158_turang-zerenren-rending-weiyuanhui-tongzhi.md")
ADDED = "\n（九）强化部门协同。市民政局要会同区人民政府建立容错纠错机制。\n"


def _project(where: Path) -> tuple[Path, Path]:
    sources, data = where / "sources", where / "data"
    sources.mkdir(parents=True)
    for name in SEEDS:
        shutil.copy(ROOT / "seeds" / name, sources / name)
    shutil.copytree(ROOT / "data" / "lexicon", data / "lexicon")
    return sources, data


def _written(data: Path) -> dict[str, bytes]:
    return {str(p.relative_to(data)): p.read_bytes()
            for folder in ("documents", "registry") for p in sorted((data / folder).glob("*.yml"))}


@pytest.fixture
def counted(monkeypatch):
    """How many sources were parsed and how many documents extracted during a run."""
    calls = {"parsed": 0, "extracted": 0}
    read, hits = build.read_document, extract._document_hits

    def read_counted(*args, **kwargs):
        calls["parsed"] += 1
        return read(*args, **kwargs)

    def hits_counted(*args, **kwargs):
        calls["extracted"] += 1
        return hits(*args, **kwargs)

    monkeypatch.setattr(build, "read_document", read_counted)
    monkeypatch.setattr(extract, "_document_hits", hits_counted)
    return calls


def test_one_changed_source_is_the_only_one_read_again_and_data_is_as_cold(
        tmp_path, monkeypatch, counted):
    monkeypatch.chdir(tmp_path)
    sources, data = _project(tmp_path / "warm")
    ingest([sources], data)
    assert counted == {"parsed": 3, "extracted": 3}
    changed = sources / SEEDS[0]
    changed.write_text(changed.read_text("utf-8") + ADDED, "utf-8")
    counted.update(parsed=0, extracted=0)
    ingest([sources], data)
    assert counted == {"parsed": 1, "extracted": 1}

    cold_sources, cold_data = _project(tmp_path / "cold")
    (cold_sources / SEEDS[0]).write_text(changed.read_text("utf-8"), "utf-8")
    ingest([cold_sources], cold_data)
    warm, cold = _written(data), _written(cold_data)
    assert sorted(warm) == sorted(cold)
    differ = [name for name in warm if warm[name] != cold[name].replace(b"cold/", b"warm/")]
    assert differ == []
    assert "rongcuo-jiucuo-jizhi" in warm["registry/mechanisms.yml"].decode()


def test_a_lexicon_change_extracts_every_document_again(tmp_path, monkeypatch, counted):
    monkeypatch.chdir(tmp_path)
    sources, data = _project(tmp_path)
    ingest([sources], data)
    stoplist = data / "lexicon" / "mechanisms.yml"
    stoplist.write_text(stoplist.read_text("utf-8") + "\n# an editor's comment\n", "utf-8")
    counted.update(parsed=0, extracted=0)
    ingest([sources], data)
    assert counted == {"parsed": 3, "extracted": 3}  # the rules are part of every key


def test_a_cache_that_cannot_be_read_costs_time_only(tmp_path, monkeypatch, counted):
    monkeypatch.chdir(tmp_path)
    sources, data = _project(tmp_path)
    ingest([sources], data)
    first = _written(data)
    caches = list((tmp_path / ".cache" / "policysite").glob("ingest-*/*.pickle"))
    assert len(caches) == 9  # per document: parsed, hits, YAML
    for n, path in enumerate(caches):  # broken, or a pickle of something else
        path.write_bytes(b"not a pickle" if n % 2 else pickle.dumps(["not", "an", "entry"]))
    (sources / SEEDS[1]).touch()
    (data / ".ingest-stamp").unlink()
    counted.update(parsed=0, extracted=0)
    ingest([sources], data)
    assert counted == {"parsed": 3, "extracted": 3}
    assert _written(data) == first
