"""The command line: every command documented, errors as one line, exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from policysite import cli

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = ["ingest", "check", "pages", "build", "serve"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main([command, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert f"usage: policysite {command}" in out
    assert len(out.splitlines()) > 3


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_in_the_readme(command):
    readme = (ROOT / "README.md").read_text("utf-8")
    assert f"policysite {command}" in readme


def test_no_command_prints_help_and_exits_64(capsys):
    assert cli.main([]) == 64
    assert "ingest" in capsys.readouterr().out


def test_ingest_writes_one_file_per_document(tmp_path, capsys):
    source = tmp_path / "notice.txt"
    source.write_text("关于加强管理的通知\n一、总体要求\n（一）指导思想。要坚持。", "utf-8")
    assert cli.main(["ingest", str(source), "--data", str(tmp_path / "data")]) == 0
    assert [p.name for p in (tmp_path / "data" / "documents").iterdir()] == [
        "jiaqiang-guanli-tongzhi.yml"]
    assert "jiaqiang-guanli-tongzhi: 关于加强管理的通知" in capsys.readouterr().out


def test_ingest_into_a_data_folder_without_a_lexicon_says_nothing_will_be_found(tmp_path, capsys):
    source = tmp_path / "notice.txt"
    source.write_text("关于加强管理的通知\n一、总体要求\n（一）市民政局负责。", "utf-8")
    assert cli.main(["ingest", str(source), "--data", str(tmp_path / "data")]) == 0
    err = capsys.readouterr().err
    assert "lexicon: warning: no extraction rules" in err
    assert "copy the project's data/lexicon/ there" in err
    (tmp_path / "data" / "lexicon").mkdir()
    for path in (ROOT / "data" / "lexicon").glob("*.yml"):
        (tmp_path / "data" / "lexicon" / path.name).write_bytes(path.read_bytes())
    assert cli.main(["ingest", str(source), "--data", str(tmp_path / "data")]) == 0
    assert "no extraction rules" not in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "this is a PDF file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "this is a PNG image"),
        (b"\x80\x81 not text \x00 at all", "NUL bytes"),
    ],
)
def test_bad_source_is_one_error_line_naming_the_file(tmp_path, content, message):
    source = tmp_path / "bad.txt"
    source.write_bytes(content)
    run = subprocess.run(
        [sys.executable, "-m", "policysite", "ingest", str(source), "--data", str(tmp_path / "d")],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert run.returncode == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("Error: ")
    assert "bad.txt" in lines[0]
    assert message in lines[0]
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "d").exists()


def test_missing_path_is_an_error(tmp_path, capsys):
    assert cli.main(["ingest", str(tmp_path / "nope.txt"), "--data", str(tmp_path)]) == 2
    assert "no such file or directory" in capsys.readouterr().err


def test_check_passes_on_ingested_data(tmp_path, capsys):
    source = tmp_path / "a.txt"
    source.write_text("关于加强管理的通知\n一、总体要求", "utf-8")
    cli.main(["ingest", str(source), "--data", str(tmp_path / "data")])
    assert cli.main(["check", "--data", str(tmp_path / "data")]) == 0
    assert "is valid" in capsys.readouterr().out
