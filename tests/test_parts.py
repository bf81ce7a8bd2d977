"""Parts of one multi-page article that arrive as separate files become one document."""

from __future__ import annotations

from policysite.build import ingest
from policysite.lossless import lost_characters

TITLE = "关于加强乡镇政府服务能力建设的实施意见"


def _write(tmp_path, name, part, body):
    path = tmp_path / "src" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(f"{TITLE}({part})\n\n{TITLE}({part})\n\n{body}\n责任编辑:某某\n", "utf-8")
    return path


def test_parts_merge_in_part_order_with_missing_parts_shown(tmp_path):
    _write(tmp_path, "b.txt", 5, "五、加强组织保障\n(十六)发挥领导作用。要加强。")
    _write(tmp_path, "a.txt", 3, "三、提升服务能力\n(十)健全服务体系。要健全。")
    result = ingest([tmp_path / "src"], tmp_path / "data")
    (doc,) = result.documents
    assert doc.title == TITLE
    assert doc.parts == (3, 5)
    assert doc.missing_parts == (1, 2, 4)
    assert [n.id for n in doc.body] == ["title", "s3", "s5"]
    assert [s.part for s in doc.sources] == [3, 5]
    assert [s.file.rsplit("/", 1)[-1] for s in doc.sources] == ["a.txt", "b.txt"]
    # each part's repeated title and chrome are in dropped, marked with the part
    assert {(d.part, d.reason) for d in doc.dropped} >= {(3, "repeated title"),
                                                          (5, "repeated title")}
    for part, name in ((3, "a.txt"), (5, "b.txt")):
        text = (tmp_path / "src" / name).read_text("utf-8")
        assert lost_characters(text, doc, part=part) is None


def test_a_single_part_is_a_document_of_its_own(tmp_path):
    _write(tmp_path, "only.txt", 2, "二、明确职责\n(五)理顺关系。要理顺。")
    (doc,) = ingest([tmp_path / "src"], tmp_path / "data").documents
    assert doc.parts == (2,)
    assert doc.missing_parts == (1,)
