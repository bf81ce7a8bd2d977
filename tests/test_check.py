"""Hand-edited data: ``policysite check`` names file, line and field; the site build refuses.

Each case starts from a document that ``policysite ingest`` wrote, breaks it the way an editor
might, and asserts the exact ``FILE:LINE [FIELD]: message`` line, exit code 3, and that
``policysite build`` refuses to publish (non-zero, the problem named in its output).
"""

from __future__ import annotations

import functools
import importlib
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from policysite import cli
from policysite.build import ingest
from policysite.errors import EXIT_BUILD, EXIT_DATA, EXIT_OK

ROOT = Path(__file__).resolve().parents[1]
DOC = "data/documents/jiaqiang-xiangzhen-guanligongzuo-tongzhi.yml"
SOURCE = """\
关于加强乡镇管理工作的通知
各区人民政府：
一、总体要求
（一）指导思想。坚持依法行政，市民政局负责统筹。
（二）基本原则。统筹兼顾，分类推进。
二、保障措施
（三）加强组织领导。各区要结合实际抓好落实。
"""
# A mention as extraction writes it, for clause s1-c1 (text: 坚持依法行政，市民政局负责统筹。).
MENTION = """\
    mentions:
    - kind: body
      id: {id}
      text: 市民政局
      field: text
      start: {start}
      end: {end}
      role: mention
      provenance: extracted
"""


@dataclass(frozen=True)
class Broken:
    name: str
    edit: Callable[[Path], None]  # breaks data/ in place
    file: str  # the file the problem is reported in
    line: Callable[[list[str]], int]  # the line, found in the broken file's lines
    field: str  # "" when the problem has no field (YAML syntax)
    message: str  # a fragment of the message


def _replace(old: str, new: str, path: str = DOC) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        file = root / path
        text = file.read_text("utf-8")
        assert text.count(old) == 1, f"{old!r} is not unique in {path}"
        file.write_text(text.replace(old, new), "utf-8")

    return edit


def _add_mention(mention_id: str, start: int, end: int) -> Callable[[Path], None]:
    anchor = "    text: 坚持依法行政，市民政局负责统筹。\n    line: 4\n"
    return _replace(anchor, anchor + MENTION.format(id=mention_id, start=start, end=end))


def _copy_document(root: Path) -> None:
    shutil.copy(root / DOC, root / "data/documents/zz-copy.yml")


def _at(text: str, nth: int = 1) -> Callable[[list[str]], int]:
    """The 1-based number of the ``nth`` line equal to ``text``."""
    def find(lines: list[str]) -> int:
        return [i for i, line in enumerate(lines, 1) if line == text][nth - 1]

    return find


CASES = [
    Broken("yaml-syntax", _replace("    kind: clause\n    marker: （二）",
                                   "    kind: clause: [\n    marker: （二）"),
           DOC, _at("    kind: clause: ["), "", "YAML syntax error"),
    Broken("wrong-type", _replace("\nparts: []", "\nparts: five"),
           DOC, _at("parts: five"), "parts", "wrong type: 'five' is not of type 'array'"),
    Broken("wrong-type-nested", _replace("    line: 5\n", "    line: 五\n"),
           DOC, _at("    line: 五"), "body[2].children[1].line", "wrong type"),
    Broken("missing-key", _replace("    kind: clause\n    marker: （二）", "    marker: （二）"),
           DOC, _at("  - id: s1-c2"), "body[2].children[1]", "missing required key: 'kind'"),
    Broken("missing-title", _replace("title: 关于加强乡镇管理工作的通知\n", ""),
           DOC, lambda lines: 1, "", "missing required key: 'title'"),
    Broken("duplicate-node-id", _replace("  - id: s1-c2\n", "  - id: s1-c1\n"),
           DOC, _at("  - id: s1-c1", nth=2), "body[2].children[1].id",
           "duplicate node id 's1-c1'"),
    Broken("mention-span", _add_mention("shi-minzhengju", 0, 4),
           DOC, _at("    - kind: body"), "body[2].children[0].mentions[0]",
           "mention text '市民政局' does not match node text at 0:4 (found '坚持依法')"),
    Broken("duplicate-document-id", _copy_document,
           "data/documents/zz-copy.yml", _at("id: jiaqiang-xiangzhen-guanligongzuo-tongzhi"),
           "id", f"duplicate document id 'jiaqiang-xiangzhen-guanligongzuo-tongzhi' "
           f"(also in {DOC})"),
]
UNKNOWN_ENTITY = Broken(
    "unknown-entity-id", _add_mention("no-such-body", 7, 11),
    DOC, _at("      id: no-such-body"), "body[2].children[0].mentions[0].id",
    "unknown body id 'no-such-body'")


@pytest.fixture(scope="module")
def good_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data/ folder as ``policysite ingest`` writes it for :data:`SOURCE`."""
    root = tmp_path_factory.mktemp("good")
    (root / "notice.txt").write_text(SOURCE, "utf-8")
    ingest([root / "notice.txt"], root / "data")
    assert (root / DOC).is_file()
    return root / "data"


@pytest.fixture
def project(good_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the good data (and the site sources) in tmp_path, which is the cwd."""
    shutil.copytree(good_data, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_good_data_passes(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", "--data", "data"]) == EXIT_OK
    assert capsys.readouterr().out == "data/ is valid\n"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_check_reports_file_line_field(
    case: Broken, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _assert_reported(case, project, capsys)


def test_check_reports_unknown_entity_id(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _assert_reported(UNKNOWN_ENTITY, project, capsys)


def test_mention_that_matches_passes(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The mention block above has a right span: only its (unregistered) id is reported."""
    _add_mention("shi-minzhengju", 7, 11)(project)
    line = _at("      id: shi-minzhengju")((project / DOC).read_text("utf-8").splitlines())
    assert _problems(capsys) == [
        f"{DOC}:{line} [body[2].children[0].mentions[0].id]: unknown body id 'shi-minzhengju': "
        "add it to data/curation/ or correct the id"]


@pytest.mark.parametrize("case", [*CASES, UNKNOWN_ENTITY], ids=[c.name for c in CASES]
                         + ["unknown-entity-id"])
def test_build_refuses(case: Broken, project: Path) -> None:
    config = _site_sources(project)
    case.edit(project)
    run = subprocess.run([*_policysite(), "build", "--config", str(config),
                          "--site-dir", "site"], cwd=project, capture_output=True, text=True)
    assert run.returncode == EXIT_BUILD, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    assert run.stderr.splitlines()[-1] == (
        "Error: the site build failed (see the messages above)")
    lines = (project / case.file).read_text("utf-8").splitlines()
    assert f"{case.file}:{case.line(lines)}" in run.stderr
    assert case.message in run.stderr
    assert not (project / "site" / "index.html").exists()


def test_yaml_is_only_loaded_safely() -> None:
    """No unsafe YAML loading anywhere in the package (an edited file must not run code).

    ``yaml.load`` is allowed only with ``Loader=`` a name that, in its module, is a safe loader.
    """
    unsafe = re.compile(r"yaml\.(unsafe_load|full_load|unsafe_load_all|full_load_all)\b"
                        r"|yaml\.C?(Unsafe|Full)?Loader\b(?<!SafeLoader)")
    load = re.compile(r"yaml\.(load|load_all)\((.*)")
    assert unsafe.search("yaml.load(t, Loader=yaml.FullLoader)")
    assert unsafe.search("yaml.unsafe_load(t)")
    assert not unsafe.search("getattr(yaml, 'CSafeLoader', yaml.SafeLoader)")
    assert not _is_safe_loader("yaml", "Loader")
    offenders = []
    for path in sorted((ROOT / "policysite").rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            where = f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
            if unsafe.search(line):
                offenders.append(where)
            call = load.search(line)
            if call:
                loader = re.search(r"Loader=([\w.]+)", call.group(2))
                if not loader or not _is_safe_loader(module, loader.group(1)):
                    offenders.append(where)
    assert offenders == []


def _is_safe_loader(module: str, name: str) -> bool:
    namespace = vars(importlib.import_module(module))
    first, *rest = name.split(".")
    obj = functools.reduce(getattr, rest, namespace.get(first))
    safe = tuple(c for c in (yaml.SafeLoader, getattr(yaml, "CSafeLoader", None)) if c)
    return isinstance(obj, type) and issubclass(obj, safe)


def test_python_tags_in_yaml_are_refused(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A ``!!python/object`` tag is a syntax error for the safe loader, not code that runs."""
    _replace("title: 关于加强乡镇管理工作的通知",
             "title: !!python/object/apply:os.system ['touch pwned']")(project)
    problems = _problems(capsys)
    assert problems == [f"{DOC}:2: YAML syntax error: could not determine a constructor for "
                        "the tag 'tag:yaml.org,2002:python/object/apply:os.system'"]
    assert not (project / "pwned").exists()


# -- helpers ----------------------------------------------------------------------------------
def _assert_reported(case: Broken, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case.edit(project)
    lines = (project / case.file).read_text("utf-8").splitlines()
    at = f" [{case.field}]" if case.field else ""
    expected = f"{case.file}:{case.line(lines)}{at}: "
    problems = _problems(capsys)
    matching = [p for p in problems if p.startswith(expected) and case.message in p]
    assert matching, f"expected {expected}…{case.message}…; got {problems}"


def _problems(capsys: pytest.CaptureFixture[str]) -> list[str]:
    """Run ``policysite check``; assert exit 3 and the Error: summary; return the problem lines."""
    code = cli.main(["check", "--data", "data"])
    captured = capsys.readouterr()
    assert code == EXIT_DATA, captured.out + captured.err
    problems = captured.out.splitlines()
    assert captured.err.splitlines() == [f"Error: {len(problems)} problem(s) in data/"]
    return problems


def _site_sources(project: Path) -> Path:
    """mkdocs.yml and docs/ copied next to the data (data_dir: data is relative to mkdocs.yml)."""
    shutil.copytree(ROOT / "docs", project / "docs")
    config = project / "mkdocs.yml"
    shutil.copy(ROOT / "mkdocs.yml", config)
    return config


def _policysite() -> list[str]:
    script = Path(sys.executable).parent / "policysite"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "policysite"]
