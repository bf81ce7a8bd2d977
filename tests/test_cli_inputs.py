"""The CLI's other input files (gold files, query files) are read by build.py, and the browser
helpers of ``search-check`` stay out of the build: errors are one line naming the file."""

from __future__ import annotations

import copy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from policysite import cli

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold" / "008_lawrefbook_laoshebufa-2008-3_gongzi-zhesuan-tongzhi.yml"


def test_the_build_never_imports_the_browser_helpers():
    code = (
        "import sys, policysite.build, policysite.plugin, policysite.cli, policysite.pages\n"
        "from policysite.pages import render_all\n"
        "print(sorted(m for m in sys.modules if m.startswith(('policysite.searchcheck', "
        "'playwright'))))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         check=True)
    assert run.stdout.strip() == "[]"


def test_search_check_without_playwright_says_what_to_install(tmp_path, capsys, monkeypatch):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("<html></html>", "utf-8")
    queries = tmp_path / "q.tsv"
    queries.write_text("容错纠错机制\t十八\n", "utf-8")
    monkeypatch.setitem(sys.modules, "playwright", None)
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)
    code = cli.main(["search-check", str(queries), "--site", str(tmp_path / "site")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 4
    assert len(err) == 1
    assert err[0].startswith("Error: Playwright is not installed")
    assert "pip install 'policysite[browser]'" in err[0]


def test_search_check_names_an_unreadable_query_file(tmp_path, capsys):
    (tmp_path / "index.html").write_text("<html></html>", "utf-8")
    code = cli.main(["search-check", str(tmp_path / "nope.tsv"), "--site", str(tmp_path)])
    assert code == 64
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"Error: {tmp_path / 'nope.tsv'}: cannot read the query file: "
                   "No such file or directory"]


def test_search_check_bad_query_line_is_one_error_line(tmp_path, capsys):
    (tmp_path / "index.html").write_text("<html></html>", "utf-8")
    queries = tmp_path / "q.tsv"
    queries.write_text("# 注释\n只有查询没有正则\n", "utf-8")
    assert cli.main(["search-check", str(queries), "--site", str(tmp_path)]) == 64
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith(f"Error: {queries}:2: expected `query<TAB>regex`")


@pytest.fixture(scope="module")
def seed_data(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("evaluate") / "data"
    shutil.copytree(ROOT / "data" / "lexicon", data / "lexicon")
    shutil.copytree(ROOT / "data" / "curation", data / "curation")
    seed = ROOT / "seeds" / (GOLD.stem + ".txt")
    assert cli.main(["ingest", str(seed), "--data", str(data)]) == 0
    return data


def test_evaluate_reads_the_gold_file_and_reports(seed_data, capsys):
    capsys.readouterr()
    assert cli.main(["evaluate", str(GOLD), "--data", str(seed_data)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{GOLD.name} (laoshebufa-2008-3)"
    assert out[1].split() == ["kind", "tp", "fp", "fn", "precision", "recall", "f1"]
    # one row per kind the gold file lists (008's gold has no terms and no roles)
    assert [line.split()[0] for line in out[2:5]] == ["body", "mechanism", "citation"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot read the gold file: No such file or directory"),
        ("nodes: [", "YAML syntax error"),
        ("- 一\n- 二\n", "expected a mapping with `document:` and `nodes:`"),
        ("document: no-such-document\n", "no document 'no-such-document' in the library"),
    ],
    ids=["missing", "bad-yaml", "not-a-mapping", "unknown-document"],
)
def test_evaluate_bad_gold_file_is_one_error_line(seed_data, tmp_path, capsys, content, message):
    gold = tmp_path / "gold.yml"
    if content is not None:
        gold.write_text(content, "utf-8")
    assert cli.main(["evaluate", str(gold), "--data", str(seed_data)]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith(f"Error: {gold}")
    assert message in err[0]


def test_evaluate_second_reader_scores_a_second_gold_file_against_the_first(
    seed_data, tmp_path, capsys
):
    first = yaml.safe_load(GOLD.read_text("utf-8"))
    second = copy.deepcopy(first)
    dropped = next(e for e in second["nodes"] if e.get("bodies"))
    dropped["bodies"] = dropped["bodies"][1:]  # the second reader leaves one body out
    (tmp_path / GOLD.name).write_text(yaml.safe_dump(second, allow_unicode=True), "utf-8")
    capsys.readouterr()
    assert cli.main(["evaluate", str(GOLD), "--data", str(seed_data),
                     "--second-reader", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].endswith(f"against the second reading {tmp_path / GOLD.name}")
    table = out.split("\n\n")[0].splitlines()[2:]
    rows = {line.split()[0]: line.split()[1:] for line in table}
    tp, fp, fn = map(int, rows["body"][:3])
    assert (fp, fn) == (0, 1)  # everything it lists the first lists; one body missed
    assert tp > 0
    assert rows["mechanism"][1:3] == ["0", "0"]  # the rest agrees in full
    assert "MISSED body" in out


def test_evaluate_second_reader_without_the_file_is_one_error_line(seed_data, tmp_path, capsys):
    assert cli.main(["evaluate", str(GOLD), "--data", str(seed_data),
                     "--second-reader", str(tmp_path)]) == 64
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"Error: {tmp_path / GOLD.name}: no second reading of {GOLD} (same file name "
                   f"expected in {tmp_path}/)"]
