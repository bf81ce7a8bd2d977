"""Editors' curation survives re-running extraction: one test per curation operation.

Each test runs the pipeline's extraction steps twice — the second time from the registry the first
run wrote (through YAML, as ``build`` would) — and checks the editor's change is still there.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from policysite.build import read_lexicon
from policysite.errors import DataError
from policysite.extract import extract_library
from policysite.model import Document, Node, Source
from policysite.registry import (
    Registry,
    build_registry,
    curation_from_dict,
    registry_from_dict,
    registry_to_dict,
)

ROOT = Path(__file__).resolve().parent.parent
LEXICON = read_lexicon(ROOT / "data/lexicon")

DOCUMENT = Document(
    id="doc1",
    title="测试文件",
    source=Source("doc1.txt", "", "utf-8"),
    body=(
        Node(
            "c1",
            "clause",
            "(一)",
            "一",
            heading="加强组织领导。",
            text="市民政局要建立健全容错纠错机制。乡镇政府要落实“三重一大”制度。",
        ),
        Node("c2", "clause", "(二)", "二", text="民政局配合做好工作，第三方平台要强化保障能力。"),
        Node(
            "c3",
            "clause",
            "(三)",
            "三",
            text="乡镇人民政府和乡镇政府要加强协作，市民政局负责指导。",
        ),
    ),
)


def ingest(curation: dict, runs: int = 2) -> tuple[Registry, Document]:
    """Extract ``runs`` times, each run starting from the registry file the previous one wrote.

    Calls the production entry, ``extract_library``, as ``build.ingest`` does: the curation and
    the previous registry go in, through YAML as they would from ``data/``.
    """
    cur = curation_from_dict(curation)
    written: dict | None = None
    for _ in range(runs):
        previous = registry_from_dict(yaml.safe_load(yaml.safe_dump(written))) if written else None
        (document,), registry = extract_library([DOCUMENT], LEXICON, cur, previous)
        written = registry_to_dict(registry)
    return registry, document


def ids(document: Document, node: str, kind: str = "body") -> list[str]:
    return [m.id for m in document.node(node).mentions if m.kind == kind]


def test_ids_are_stable_readable_slugs():
    registry, document = ingest({})
    assert registry.id_for("body", "市民政局") == "shi-minzhengju"
    assert ids(document, "c1")[0] == "shi-minzhengju"
    assert registry_to_dict(registry) == registry_to_dict(ingest({}, runs=3)[0])


def test_alias_survives_and_is_found_in_text():
    curation = {"bodies": {"entries": {"shi-minzhengju": {"aliases": ["民政局"]}}}}
    registry, document = ingest(curation)
    assert "民政局" in registry.get("body", "shi-minzhengju").aliases
    assert ids(document, "c2")[0] == "shi-minzhengju"
    assert registry.id_for("body", "民政局") == "shi-minzhengju"
    assert [e.key for e in registry.of_kind("body") if "民政局" in e.key] == ["市民政局"]


def test_alias_is_found_on_the_first_run():
    curation = {"bodies": {"entries": {"shi-minzhengju": {"aliases": ["民政局"]}}}}
    _, document = ingest(curation, runs=1)
    assert ids(document, "c2")[0] == "shi-minzhengju"


def test_a_short_form_one_document_defines_takes_no_name_of_another():
    defined = "编制本市重点项目指导目录（以下简称指导目录）。企业可以按照指导目录申请。"
    law_a = Document("a", "甲", Source("a.txt", "", "utf-8"), body=(Node(
        "c1", "clause", text=defined),))
    law_b = Document("b", "乙", Source("b.txt", "", "utf-8"), body=(Node(
        "c1", "clause", text="建立指导目录。"),))
    (a, b), registry = extract_library([law_a, law_b], LEXICON)
    [defining] = [e for e in registry.of_kind("mechanism") if e.short_forms]
    assert (defining.name, defining.short_forms) == ("重点项目指导目录", ("指导目录",))
    assert {m.id for m in a.body[0].mentions if m.kind == "mechanism"} == {defining.id}
    b_ids = {m.id for m in b.body[0].mentions if m.kind == "mechanism"}
    assert b_ids == {registry.id_for("mechanism", "指导目录")} != {defining.id}


def test_keep_previous_keeps_entries_no_name_matches():
    registry, _ = ingest({})
    kept = build_registry({}, curation_from_dict({}), registry, keep_previous=True)
    assert kept.get("body", "shi-minzhengju") is not None
    assert (
        build_registry({}, curation_from_dict({}), registry).get("body", "shi-minzhengju") is None
    )


def test_rename_keeps_the_id():
    curation = {"bodies": {"entries": {"shi-minzhengju": {"name": "北京市民政局"}}}}
    registry, document = ingest(curation)
    entry = registry.get("body", "shi-minzhengju")
    assert (entry.name, entry.key) == ("北京市民政局", "市民政局")
    assert "name" in entry.curated
    assert ids(document, "c1")[0] == "shi-minzhengju"


def test_merge_moves_mentions_to_the_other_entry():
    first, _ = ingest({})
    other = first.id_for("body", "乡镇人民政府")
    target = first.id_for("body", "乡镇政府")
    curation = {"bodies": {"entries": {other: {"merge_into": target}}}}
    registry, document = ingest(curation)
    assert registry.get("body", other).merged_into == target
    assert ids(document, "c3")[:2] == [target, target]


def test_merge_into_an_unknown_id_teaches():
    curation = {"bodies": {"entries": {"shi-minzhengju": {"merge_into": "no-such-id"}}}}
    with pytest.raises(DataError, match=r"bodies\.yml.*merge_into: no-such-id names no body"):
        ingest(curation)


def test_description_and_definition_survive():
    registry, _ = ingest({})
    term = registry.id_for("term", "三重一大")
    curation = {
        "bodies": {
            "entries": {"shi-minzhengju": {"description": "主管民政工作的市政府工作部门。"}}
        },
        "terms": {
            "entries": {
                term: {"definition": "重大事项决策、重要干部任免、重大项目安排、大额度资金运作。"}
            }
        },
    }
    registry, _ = ingest(curation)
    assert registry.get("body", "shi-minzhengju").description.startswith("主管民政")
    assert registry.get("term", term).definition.startswith("重大事项决策")


def test_suppress_by_id_removes_every_mention():
    registry, _ = ingest({})
    mechanism = registry.id_for("mechanism", "容错纠错机制")
    curation = {"mechanisms": {"entries": {mechanism: {"suppress": True}}}}
    registry, document = ingest(curation)
    assert registry.get("mechanism", mechanism).suppressed
    assert mechanism not in ids(document, "c1", "mechanism")


def test_suppress_in_one_node_only():
    curation = {"bodies": {"suppress": [{"document": "doc1", "node": "c3", "text": "市民政局"}]}}
    _, document = ingest(curation)
    assert "shi-minzhengju" in ids(document, "c1")
    assert "shi-minzhengju" not in ids(document, "c3")


def test_added_mention_survives_with_its_span_and_role():
    curation = {
        "bodies": {
            "entries": {"disanfang-pingtai": {"name": "第三方平台", "type": "企业"}},
            "mentions": [
                {
                    "document": "doc1",
                    "node": "c2",
                    "text": "第三方平台",
                    "id": "disanfang-pingtai",
                    "role": "lead",
                }
            ],
        }
    }
    registry, document = ingest(curation)
    assert registry.get("body", "disanfang-pingtai").provenance == "curated"
    added = [m for m in document.node("c2").mentions if m.id == "disanfang-pingtai"]
    assert len(added) == 1
    m = added[0]
    assert (m.role, m.provenance) == ("lead", "curated")
    assert document.node("c2").text[m.start : m.end] == "第三方平台"


def test_added_mention_whose_text_is_not_in_the_node_teaches():
    curation = {"bodies": {"mentions": [{"document": "doc1", "node": "c2", "text": "市财政局"}]}}
    with pytest.raises(DataError) as error:
        ingest(curation)
    message = str(error.value)
    assert "data/curation/bodies.yml" in message
    assert "mentions[0]" in message
    assert "'市财政局'" in message
    assert "copy the words exactly as written" in message


def test_curation_with_an_unknown_field_teaches():
    with pytest.raises(DataError, match=r"unknown field 'nmae'; an entry may set name, aliases"):
        curation_from_dict({"bodies": {"entries": {"x": {"nmae": "y"}}}})


def test_curation_is_never_part_of_the_generated_registry_file():
    curation = {"bodies": {"entries": {"shi-minzhengju": {"aliases": ["民政局"]}}}}
    registry, _ = ingest(curation)
    rows = {row["id"]: row for row in registry_to_dict(registry)["bodies"]}
    # the generated file shows what was curated, but editors keep editing data/curation/
    assert rows["shi-minzhengju"]["curated"] == ["aliases"]
    assert replace(registry.get("body", "shi-minzhengju"), curated=()) is not None


def test_shipped_term_definitions_cover_the_seed_terms():
    cur = yaml.safe_load((ROOT / "data/curation/terms.yml").read_text(encoding="utf-8"))
    definitions = cur["entries"]
    assert all(fields.get("definition") for fields in definitions.values())
    for term in (
        "三重一大",
        "一票否决",
        "公开、公示、公议",
        "掌上办",
        "四个意识",
        "两个维护",
        "九五",
    ):
        assert Registry().id_for("term", term) in definitions, term


def test_an_entry_for_an_unknown_id_is_a_warning_naming_the_file(caplog):
    curation = {"bodies": {"entries": {"no-such-body": {"aliases": ["某局"]}}}}
    with caplog.at_level("WARNING", logger="policysite.registry"):
        ingest(curation, runs=1)
    assert [r.getMessage() for r in caplog.records] == [
        "data/curation/bodies.yml: entries.no-such-body: no body has this id (any more); "
        "give it a name: to add it, or remove the entry"
    ]


def test_names_other_documents_found_do_not_change_a_document():
    text = Node("c9", "clause", text="向各省、自治区、直辖市人民政府通报。")
    alone, _ = extract_library([replace(DOCUMENT, body=(text,))], LEXICON)
    other = Document(
        "o", "o", Source("o.txt", "", "utf-8"), body=(Node("c1", "clause", text="各省要落实。"),)
    )
    (together, _), registry = extract_library([replace(DOCUMENT, body=(text,)), other], LEXICON)
    assert registry.get("body", registry.id_for("body", "各省")) is not None  # found elsewhere
    assert [m.text for m in together.node("c9").mentions] == ["省", "自治区", "直辖市人民政府"]
    assert together == alone[0]


def test_a_preliminary_registry_without_names_does_not_warn(caplog):
    curation = curation_from_dict({"terms": {"entries": {"sanchong-yida": {"definition": "…"}}}})
    with caplog.at_level("WARNING", logger="policysite.registry"):
        build_registry({}, curation)
    assert caplog.records == []


def test_a_misspelt_lexicon_key_is_a_one_line_error_with_its_line(tmp_path):
    import shutil

    lexicon = tmp_path / "lexicon"
    shutil.copytree(ROOT / "data" / "lexicon", lexicon)
    bodies = lexicon / "bodies.yml"
    text = bodies.read_text("utf-8").replace("\nmodifier_verbs:", "\nmodifer_verbs:")
    bodies.write_text(text, "utf-8")
    line = text.splitlines().index(next(t for t in text.splitlines()
                                        if t.startswith("modifer_verbs:"))) + 1
    with pytest.raises(DataError) as err:
        read_lexicon(lexicon)
    message = err.value.one_line()
    assert message.startswith(f"{bodies}:{line} [modifer_verbs]: unknown key 'modifer_verbs'")
    assert "modifier_verbs" in message
    assert "\n" not in message
    (lexicon / "bodies.yml").write_text(text.replace("modifer_verbs:", "modifier_verbs:"), "utf-8")
    (lexicon / "body.yml").write_text("stems: [民政]\n", "utf-8")
    with pytest.raises(DataError, match="unknown lexicon file"):
        read_lexicon(lexicon)
