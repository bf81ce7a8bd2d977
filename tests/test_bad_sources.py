"""Bad source files through the real CLI: a correct ingest, or one ``Error:`` line, nothing written.

Every case is a file generated in ``tmp_path`` and given to ``policysite ingest FILE --data DIR``
in a subprocess (so a traceback would show on stderr).  A refused file must give exactly one line
starting ``Error:`` that names the file (and the line, where one applies), exit code 2
(:data:`policysite.errors.EXIT_SOURCE`), no traceback, and leave the data folder untouched.
"""

from __future__ import annotations

import codecs
import os
import subprocess
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from policysite import store
from policysite.build import read_document
from policysite.errors import EXIT_OK, EXIT_SOURCE, EXIT_USAGE
from policysite.lossless import lost_characters
from policysite.model import Document, Node

ROOT = Path(__file__).resolve().parents[1]
TITLE = "关于加强乡镇管理工作的通知"
BODY = (
    f"{TITLE}\n"
    "一、总体要求\n"
    "（一）指导思想。坚持依法行政，提高服务水平。\n"
    "（二）基本原则。统筹兼顾，分类推进。\n"
    "二、保障措施\n"
    "（三）加强组织领导。各区要结合实际抓好落实。\n"
)
# Characters GBK lacks but GB18030 has (four-byte sequences): the reason GB18030 is the decoder.
GB18030_ONLY = "𠀀䶮"


@dataclass(frozen=True)
class Case:
    name: str  # the test id
    filename: str
    content: bytes
    error: str | None = None  # a fragment of the Error: line; None means "ingests"
    line: int | None = None  # the line the Error: names
    encoding: str | None = None  # the encoding recorded in source.encoding
    warning: str | None = None  # a fragment expected on stderr for a correct ingest
    text: str = BODY  # what the file decodes to (for the ingest checks)


def _cases() -> list[Case]:
    utf8 = BODY.encode("utf-8")
    gb_text = BODY.replace("统筹兼顾", f"统筹兼顾{GB18030_ONLY}")
    return [
        Case("empty", "empty.txt", b"", error="the file is empty"),
        Case("whitespace-only", "blank.txt", " \n\t\n\u3000\r\n".encode(),
             error="only whitespace"),
        Case("pdf-renamed", "report.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
             error="this is a PDF file"),
        Case("png-renamed", "scan.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
             error="this is a PNG image"),
        Case("undecodable", "broken.txt", utf8[:40] + b"\n\n\xff\xfe\x80\x81\x82\x83 abc\n",
             error="cannot decode byte 0xff", line=4),
        Case("nul-bytes", "nul.txt", BODY.replace("坚持依法", "坚持\x00依法").encode("utf-8"),
             error="NUL bytes", line=3),
        Case("gbk", "gbk.txt", BODY.encode("gbk"), encoding="gb18030"),
        Case("gb18030", "gb18030.txt", gb_text.encode("gb18030"), encoding="gb18030",
             text=gb_text),
        Case("utf-16-bom", "utf16.txt", BODY.encode("utf-16"), encoding="utf-16"),
        Case("utf-16-be-bom", "utf16be.txt", codecs.BOM_UTF16_BE + BODY.encode("utf-16-be"),
             encoding="utf-16"),
        Case("utf-8-bom", "bom.txt", codecs.BOM_UTF8 + utf8, encoding="utf-8-sig"),
        Case("cr-only", "mac.txt", BODY.replace("\n", "\r").encode("utf-8"), encoding="utf-8"),
        Case("crlf", "dos.txt", BODY.replace("\n", "\r\n").encode("utf-8"), encoding="utf-8"),
        Case("one-mb-single-line", "long.txt", _one_long_line(), encoding="utf-8",
             text=_one_long_line().decode("utf-8")),
        Case("no-numbering", "plain.txt",
             f"{TITLE}\n这是一段没有编号的文字。\n又一段文字，也没有编号。\n".encode(),
             encoding="utf-8", warning="no numbering found",
             text=f"{TITLE}\n这是一段没有编号的文字。\n又一段文字，也没有编号。\n"),
        Case("name-with-spaces", "my policy file.txt", utf8, encoding="utf-8"),
        Case("chinese-name", "关于加强管理的通知（2024）.txt", utf8, encoding="utf-8"),
        Case("dots-in-name", "通知..v2..txt", utf8, encoding="utf-8"),
        Case("dotdot-prefix", "..通知.txt", utf8, encoding="utf-8"),
        Case("bad-name-with-spaces", "坏 文件 名.txt", b"", error="the file is empty"),
    ]


def _one_long_line() -> bytes:
    sentence = "各级行政机关应当依法履行职责，提高服务效率。"
    line = "（一）" + sentence * (1_000_000 // len(sentence.encode("utf-8")) + 1)
    return f"{TITLE}\n一、总体要求\n{line}\n".encode()


CASES = _cases()


def run_ingest(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``policysite ingest ARGS --data data`` in ``cwd``, as a user would type it."""
    return subprocess.run(
        [str(_policysite()), "ingest", *args, "--data", "data"],
        cwd=cwd, capture_output=True, text=True, timeout=600,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )


def tree(directory: Path) -> dict[str, bytes]:
    """Every file under ``directory`` (relative path → bytes); {} when it does not exist."""
    if not directory.exists():
        return {}
    return {str(p.relative_to(directory)): p.read_bytes()
            for p in sorted(directory.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_source(case: Case, tmp_path: Path) -> None:
    (tmp_path / case.filename).write_bytes(case.content)
    run = run_ingest(tmp_path, case.filename)
    assert "Traceback" not in run.stderr
    if case.error is not None:
        _assert_refused(run, case, tmp_path)
    else:
        _assert_ingested(run, case, tmp_path)


def test_refusal_leaves_existing_data_untouched(tmp_path: Path) -> None:
    """A bad file among good ones: nothing is written, the earlier data stays byte for byte."""
    (tmp_path / "good.txt").write_text(BODY, "utf-8")
    assert run_ingest(tmp_path, "good.txt").returncode == EXIT_OK
    before = tree(tmp_path / "data")
    (tmp_path / "good.txt").write_text(BODY.replace("统筹兼顾", "统筹推进"), "utf-8")
    (tmp_path / "zz-bad.txt").write_bytes(b"%PDF-1.4\n")
    run = run_ingest(tmp_path, "good.txt", "zz-bad.txt")
    assert run.returncode == EXIT_SOURCE
    assert _error_lines(run) == ["Error: zz-bad.txt: this is a PDF file, not a text file; "
                                 "save it as plain text (UTF-8) and try again"]
    assert tree(tmp_path / "data") == before


def test_path_through_dotdot(tmp_path: Path) -> None:
    """``sub/../x.txt`` reads x.txt; the data names the file as the user would write it."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "x.txt").write_text(BODY, "utf-8")
    run = run_ingest(tmp_path, "sub/../x.txt")
    assert run.returncode == EXIT_OK, run.stderr
    (written,) = (tmp_path / "data" / "documents").glob("*.yml")
    assert store.yaml_load(written.read_text("utf-8"), "x")["source"]["file"] == "x.txt"
    assert not (tmp_path / "sub" / "data").exists()


def test_missing_file_is_one_error_line(tmp_path: Path) -> None:
    run = run_ingest(tmp_path, "nowhere.txt")
    assert run.returncode == EXIT_SOURCE
    assert _error_lines(run) == ["Error: nowhere.txt: no such file or directory; "
                                 "give source text files or a folder of them"]
    assert tree(tmp_path / "data") == {}


@pytest.mark.parametrize("args", [["ingest", "--bogus", "x.txt"], ["nosuch"], ["ingest"]],
                         ids=["unknown-option", "unknown-command", "missing-path"])
def test_bad_command_line_exits_64(args: list[str], tmp_path: Path) -> None:
    """A usage error is exit 64 (EXIT_USAGE), never 2, which means 'bad source text'."""
    run = subprocess.run([str(_policysite()), *args], cwd=tmp_path, capture_output=True,
                         text=True)
    assert run.returncode == EXIT_USAGE
    assert "Traceback" not in run.stderr
    (line,) = _error_lines(run)
    assert "--help" in line
    assert tree(tmp_path) == {}


@pytest.mark.slow
def test_twenty_megabyte_file(tmp_path: Path) -> None:
    """A 20 MB text (sections of 40 clauses each) ingests completely; nothing is lost.

    How long it takes is measured by ``make bench``, not here."""
    lines = [TITLE]
    section, clause = 0, 0
    size = len(TITLE.encode("utf-8")) + 1
    while size < 20_000_000:
        section += 1
        lines.append(f"{section}. 第{section}部分的要求")
        size += len(lines[-1].encode("utf-8")) + 1
        for _ in range(40):
            clause += 1
            lines.append(f"（{clause % 50 + 1}）第{clause}项。各单位应当认真贯彻执行，确保落实。")
            size += len(lines[-1].encode("utf-8")) + 1
    (tmp_path / "big.txt").write_text("\n".join(lines) + "\n", "utf-8")
    run = run_ingest(tmp_path, "big.txt")
    assert run.returncode == EXIT_OK, run.stderr[-2000:]
    assert "Traceback" not in run.stderr
    (written,) = (tmp_path / "data" / "documents").glob("*.yml")
    text = written.read_text("utf-8")
    assert f"第{clause}项" in text


# -- helpers ----------------------------------------------------------------------------------
def _assert_refused(run: subprocess.CompletedProcess[str], case: Case, cwd: Path) -> None:
    assert run.returncode == EXIT_SOURCE, run.stderr
    (line,) = _error_lines(run)
    assert len(run.stderr.strip().splitlines()) == 1, run.stderr
    where = f"{case.filename}:{case.line}: " if case.line else f"{case.filename}: "
    assert line.startswith(f"Error: {where}"), line
    assert case.error in line
    assert "try again" in line or "expected" in line  # says what was expected
    assert run.stdout == ""
    assert tree(cwd / "data") == {}, "a refused file must not write anything"


def _assert_ingested(run: subprocess.CompletedProcess[str], case: Case, cwd: Path) -> None:
    assert run.returncode == EXIT_OK, run.stderr
    assert not _error_lines(run)
    if case.warning:
        assert case.warning in run.stderr
        assert f"{case.filename}:" in run.stderr  # the warning names the file
    documents = list((cwd / "data" / "documents").glob("*.yml"))
    assert len(documents) == 1, documents
    data = store.yaml_load(documents[0].read_text("utf-8"), str(documents[0]))
    assert data["source"]["file"] == case.filename
    assert data["source"]["encoding"] == case.encoding
    assert data["title"] == TITLE
    doc = store.document_from_dict(data)
    # Every visible character of the decoded text is in the data, in order.
    assert lost_characters(case.text.lstrip("\ufeff"), doc) is None
    assert _bare(doc) == _bare(read_document(cwd / case.filename, case.filename))
    if case.name == "no-numbering":
        assert {n.kind for n in doc.walk()} <= {"title", "paragraph", "preamble", "closing"}
    if case.name == "cr-only":
        assert [n.line for n in doc.walk() if n.kind == "section"] == [2, 5]


def _bare(doc: Document) -> Document:
    """``doc`` without entity mentions (ingest adds them; ``read_document`` does not)."""

    def strip(node: Node) -> Node:
        return replace(node, mentions=(), children=tuple(strip(c) for c in node.children))

    return replace(doc, id="", body=tuple(strip(n) for n in doc.body))


def _error_lines(run: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in run.stderr.splitlines() if line.startswith("Error:")]


def _policysite() -> Path:
    script = Path(sys.executable).parent / "policysite"
    return script if script.is_file() else ROOT / ".venv" / "bin" / "policysite"
