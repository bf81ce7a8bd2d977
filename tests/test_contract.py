"""One statement of the contract: ``policysite/model.py``.

The JSON Schema file, the YAML (de)serialisation in ``store.py`` and the dataclasses must say the
same thing.  Every comparison is derived from ``dataclasses.fields`` and ``model.SCHEMA_ENUMS``, so
a field added to a dataclass fails here until the schema and the store carry it too.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
import types
import typing
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from policysite import model, store
from policysite.model import Document, Dropped, Mention, Node, Source, Warning_

ROOT = Path(__file__).resolve().parents[1]

# Where each dataclass is described in the schema, and how store.py writes one instance.
SCHEMA_PATHS: dict[type, tuple[str, ...]] = {
    Document: (),
    Node: ("$defs", "node"),
    Mention: ("$defs", "mention"),
    Source: ("$defs", "source"),
    Dropped: ("properties", "dropped", "items"),
    Warning_: ("properties", "warnings", "items"),
}
CONTRACT = tuple(SCHEMA_PATHS)
_NODE_IDS = itertools.count(1)


def _to_dict(obj: Any) -> dict[str, Any]:
    if isinstance(obj, Document):
        return store.document_to_dict(obj)
    if isinstance(obj, Node):
        return store.node_to_dict(obj)
    if isinstance(obj, Mention):
        return store.mention_to_dict(obj)
    if isinstance(obj, Source):
        return store._source_to_dict(obj)
    if isinstance(obj, Dropped):
        return store._dropped_to_dict(obj)
    if isinstance(obj, Warning_):
        return store.document_to_dict(_sample(Document, warnings=(obj,)))["warnings"][0]
    raise TypeError(obj)


def _sample_value(hint: Any, depth: int) -> Any:
    """A value of type ``hint`` that differs from every field default (None, 0, "", ())."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return _sample_value(next(a for a in typing.get_args(hint) if a is not type(None)), depth)
    if origin is tuple:
        item = typing.get_args(hint)[0]
        if dataclasses.is_dataclass(item) and depth > 1:
            return ()  # a child node's children: one level of nesting is enough
        # two items: store.py writes `sources` only for a multi-part document
        return (_sample_value(item, depth + 1), _sample_value(item, depth + 1))
    if hint is str:
        return "样例"
    if hint is int:
        return 1
    if dataclasses.is_dataclass(hint):
        return _sample(hint, depth=depth + 1)
    raise TypeError(f"no sample for {hint!r}: teach tests/test_contract.py this type")


def _sample(cls: Any, depth: int = 0, **given: Any) -> Any:
    """An instance of ``cls`` with every field set to a non-default value."""
    hints = typing.get_type_hints(cls)
    values = {
        f.name: given[f.name] if f.name in given else _sample_value(hints[f.name], depth)
        for f in dataclasses.fields(cls)
    }
    # Values the contract constrains: a date, a real enum member, a span inside its field.
    if cls is Document:
        values.update(id="yangli", date="2024-01-02", published="2024-01-03")
    if cls is Source:
        values.update(sha256="0" * 64, format=model.SOURCE_FORMATS[-1])
    if cls is Node:
        values.update(id=f"n{next(_NODE_IDS)}", kind=model.NODE_KINDS[0], text="市民政局负责")
    if cls is Mention:
        values.update(kind="body", id="shi-minzhengju", field="text", role="lead",
                      modal=model.MODALS[0], provenance="curated", text="市民政局", start=0, end=4)
    return cls(**values)


def _schema_at(schema: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    node = schema
    for step in path:
        node = node[step]
    return node


def _field_names(cls: Any) -> set[str]:
    return {f.name for f in dataclasses.fields(cls)}


@pytest.mark.parametrize("cls", CONTRACT, ids=lambda c: c.__name__)
def test_schema_properties_are_the_dataclass_fields(cls):
    properties = set(_schema_at(store.schema_file(), SCHEMA_PATHS[cls])["properties"])
    fields = _field_names(cls)
    assert properties - fields == set(), f"in the schema but not in model.{cls.__name__}"
    assert fields - properties == set(), (
        f"model.{cls.__name__} fields missing from policysite/schema/document.schema.json"
    )


@pytest.mark.parametrize("cls", CONTRACT, ids=lambda c: c.__name__)
def test_store_writes_exactly_the_dataclass_fields(cls):
    written = set(_to_dict(_sample(cls)))
    fields = _field_names(cls)
    assert written - fields == set(), f"store.py writes keys that model.{cls.__name__} lacks"
    assert fields - written == set(), f"store.py does not write model.{cls.__name__} fields"


def test_every_field_round_trips_through_yaml():
    doc = _sample(Document)
    again = store.document_from_dict(store.yaml_load(store.dump_document(doc), "sample.yml"))
    assert again == doc
    assert again.warnings == doc.warnings  # not part of Document equality, still kept


def test_a_fully_populated_document_is_valid_under_the_schema():
    from policysite.validate import check_document_text

    data, problems = check_document_text(store.dump_document(_sample(Document)), "sample.yml")
    assert problems == []
    assert data is not None


@pytest.mark.parametrize("name", sorted(model.SCHEMA_ENUMS))
def test_schema_file_enums_are_the_model_constants(name):
    in_file = store.schema_file()["$defs"][name]["enum"]
    assert in_file == list(model.SCHEMA_ENUMS[name]), (
        f"$defs.{name} in policysite/schema/document.schema.json differs from the model"
    )


def test_every_enum_in_the_schema_is_a_named_model_enum():
    """No enum spelled out inline: each one is a $defs entry taken from the model."""
    schema = store.schema_file()
    inline = []

    def visit(node: Any, path: str) -> None:
        if isinstance(node, dict):
            if "enum" in node and path.rsplit(".", 1)[-1] not in model.SCHEMA_ENUMS:
                inline.append(path)
            for key, value in node.items():
                visit(value, f"{path}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                visit(value, f"{path}[{i}]")

    visit(schema, "$")
    assert inline == []
    assert set(schema["$defs"]) >= set(model.SCHEMA_ENUMS)


def test_loaded_schema_takes_its_enums_from_the_model(monkeypatch):
    monkeypatch.setitem(model.SCHEMA_ENUMS, "modal", ("必须",))
    monkeypatch.setattr(store, "SCHEMA_ENUMS", model.SCHEMA_ENUMS)
    assert store.document_schema()["$defs"]["modal"] == {"enum": ["必须"]}


def test_modal_order_is_stated_once():
    """roles.yml lists its modal words in the model's order; no module spells the words again."""
    roles_yml = (ROOT / "data" / "lexicon" / "roles.yml").read_text("utf-8")
    section = roles_yml.split("\nmodals:", 1)[1].split("\n#", 1)[0]
    assert re.findall(r"^  (\S+):", section, re.M) == list(model.MODALS)
    two_in_a_row = re.compile("|".join(f'"{a}",\\s*"{b}"' for a in model.MODALS
                                       for b in model.MODALS if a != b))
    copies = [str(p.relative_to(ROOT)) for p in (ROOT / "policysite").rglob("*.py")
              if p.name != "model.py" and two_in_a_row.search(p.read_text("utf-8"))]
    assert copies == [], "modal words spelled out again: import policysite.model.MODALS"


def test_no_node_kind_the_parser_never_produces():
    """Every node kind of the contract is produced by some golden document or parser rule."""
    produced: set[str] = set()
    for path in (ROOT / "tests" / "golden").rglob("*.yml"):
        produced.update(re.findall(r"^\s*(?:- )?kind: (\w+)$", path.read_text("utf-8"), re.M))
    source = (ROOT / "policysite").rglob("*.py")
    mentioned = {k for p in source if p.name != "model.py" for k in model.NODE_KINDS
                 if f'"{k}"' in p.read_text("utf-8")}
    unused = [k for k in model.NODE_KINDS if k not in produced and k not in mentioned]
    assert unused == [], "node kinds nothing produces: drop them from model.py and the schema"


def test_task_table_shows_the_strongest_modal_in_the_model_order():
    """The 任务分工表 once ranked 不得 above 应当/要 and 可以 above 鼓励, against model.MODALS."""
    from policysite.pages.tasks import _strongest

    assert _strongest(["不得", "要"]) == "要"
    assert _strongest(["可以", "鼓励"]) == "鼓励"
    assert _strongest(list(reversed(model.MODALS))) == model.MODALS[0]
    assert _strongest([]) == ""


def _json_types(schema: dict[str, Any], prop: dict[str, Any]) -> set[str]:
    """The JSON types a schema property allows ($refs followed; an enum's from its values)."""
    while "$ref" in prop:
        prop = _schema_at(schema, tuple(prop["$ref"].removeprefix("#/").split("/")))
    if "enum" in prop:
        return {"string" if isinstance(v, str) else "integer" for v in prop["enum"]}
    declared = prop.get("type", [])
    return {declared} if isinstance(declared, str) else set(declared)


def _expected_type(hint: Any) -> str:
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return _expected_type(args[0])
    if typing.get_origin(hint) is tuple:
        return "array"
    if dataclasses.is_dataclass(hint):
        return "object"
    return {str: "string", int: "integer"}[hint]


@pytest.mark.parametrize("cls", CONTRACT, ids=lambda c: c.__name__)
def test_schema_types_are_the_dataclass_types(cls):
    schema = store.schema_file()
    properties = _schema_at(schema, SCHEMA_PATHS[cls])["properties"]
    hints = typing.get_type_hints(cls)
    wrong = {
        f.name: (_expected_type(hints[f.name]), sorted(_json_types(schema, properties[f.name])))
        for f in dataclasses.fields(cls)
        if _expected_type(hints[f.name]) not in _json_types(schema, properties[f.name])
    }
    assert wrong == {}, f"model.{cls.__name__} field type → schema types"


def test_a_document_with_every_optional_field_empty_is_valid():
    """None and () fields are written so the schema accepts them (as null, or left out)."""
    from policysite.validate import check_document_text

    source = Source("seeds/x.txt", "0" * 64, "utf-8")
    mention = Mention("term", "yangli", "样例", 0, 2)
    node = Node("n1", model.NODE_KINDS[0], text="样例", mentions=(mention,))
    doc = Document("yangli", "标题", source, body=(node, Node("n2", model.NODE_KINDS[0])))
    data, problems = check_document_text(store.dump_document(doc), "minimal.yml")
    assert problems == []
    assert store.document_from_dict(data) == replace(doc, sources=(source,))
