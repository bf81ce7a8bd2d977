"""Document ⇄ plain dict ⇄ YAML text.  Stable key order; ``load(dump(d)) == d`` exactly.

YAML is only ever loaded with the safe loader.  Errors name the file, the line and the field.

>>> from policysite.model import Document, Node, Source
>>> source = Source("seeds/x.txt", "ab", "utf-8")
>>> doc = Document(id="x", title="标题", source=source, sources=(source,),
...                body=(Node(id="s1", kind="section", marker="一、", num="一", heading="总则"),))
>>> document_from_dict(yaml_load(dump_document(doc), "x.yml")) == doc
True
"""

from __future__ import annotations

import json
from dataclasses import fields
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml

from policysite.errors import DataError
from policysite.model import SCHEMA_ENUMS, Document, Dropped, Mention, Node, Source, Warning_


# -- dicts -------------------------------------------------------------------------------------
def document_to_dict(doc: Document) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": doc.id,
        "title": doc.title,
        "parts": list(doc.parts),
        "missing_parts": list(doc.missing_parts),
        "doc_number": doc.doc_number,
        "issuers": list(doc.issuers),
        "date": doc.date,
        "published": doc.published,
        "topic": doc.topic,
        "index_number": doc.index_number,
        "addressees": list(doc.addressees),
        "attachments": list(doc.attachments),
        "source": _source_to_dict(doc.source),
    }
    if len(doc.sources) > 1:
        out["sources"] = [_source_to_dict(s) for s in doc.sources]
    out["warnings"] = [{"file": w.file, "line": w.line, "message": w.message} for w in doc.warnings]
    out["dropped"] = [_dropped_to_dict(d) for d in doc.dropped]
    out["body"] = [node_to_dict(n) for n in doc.body]
    return out


def document_from_dict(data: dict[str, Any]) -> Document:
    source = _source_from_dict(data["source"])
    sources = tuple(_source_from_dict(s) for s in data.get("sources") or ()) or (source,)
    return Document(
        id=data["id"],
        title=data["title"],
        source=source,
        parts=tuple(data.get("parts") or ()),
        missing_parts=tuple(data.get("missing_parts") or ()),
        doc_number=data.get("doc_number"),
        issuers=tuple(data.get("issuers") or ()),
        date=_date_str(data.get("date")),
        published=_date_str(data.get("published")),
        topic=data.get("topic"),
        index_number=data.get("index_number"),
        addressees=tuple(data.get("addressees") or ()),
        attachments=tuple(data.get("attachments") or ()),
        sources=sources,
        dropped=tuple(
            Dropped(d["line"], d["text"], d["reason"], d.get("part"), d.get("column"))
            for d in data.get("dropped") or ()
        ),
        body=tuple(node_from_dict(n) for n in data.get("body") or ()),
        warnings=tuple(
            Warning_(w["file"], w["line"], w["message"]) for w in data.get("warnings") or ()
        ),
    )


def node_to_dict(node: Node) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": node.id,
        "kind": node.kind,
        "marker": node.marker,
        "num": node.num,
        "heading": node.heading,
        "text": node.text,
        "line": node.line,
    }
    if node.part is not None:
        out["part"] = node.part
    if node.title is not None:
        out["title"] = node.title
    if node.mentions:
        out["mentions"] = [mention_to_dict(m) for m in node.mentions]
    if node.children:
        out["children"] = [node_to_dict(c) for c in node.children]
    return out


def node_from_dict(data: dict[str, Any]) -> Node:
    return Node(
        id=data["id"],
        kind=data["kind"],
        marker=data.get("marker"),
        num=_num_str(data.get("num")),
        heading=data.get("heading"),
        text=data.get("text"),
        line=data.get("line", 0),
        part=data.get("part"),
        title=data.get("title"),
        mentions=tuple(mention_from_dict(m) for m in data.get("mentions") or ()),
        children=tuple(node_from_dict(c) for c in data.get("children") or ()),
    )


def mention_to_dict(mention: Mention) -> dict[str, Any]:
    out: dict[str, Any] = {
        "kind": mention.kind,
        "id": mention.id,
        "text": mention.text,
        "field": mention.field,
        "start": mention.start,
        "end": mention.end,
    }
    for key in ("role", "modal", "owner"):
        value = getattr(mention, key)
        if value is not None:
            out[key] = value
    out["provenance"] = mention.provenance
    return out


def mention_from_dict(data: dict[str, Any]) -> Mention:
    known = {f.name for f in fields(Mention)}
    return Mention(**{k: v for k, v in data.items() if k in known})


# -- YAML --------------------------------------------------------------------------------------
# libyaml's C emitter and parser when PyYAML was built with it (the same output, ~20× faster on a
# large document); the pure-Python safe classes otherwise.  Loading is always safe.
if TYPE_CHECKING:  # the C classes have the same interface as the Python ones
    _BaseDumper = yaml.SafeDumper
else:
    _BaseDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Dumper(_BaseDumper):
    """Safe dumper: block style, no aliases, strings that could be misread are quoted."""

    def ignore_aliases(self, data: Any) -> bool:
        return True

    def represent_str(self, data: str) -> yaml.ScalarNode:
        # NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR are line breaks to YAML: written raw they
        # load back as spaces.  Double quotes escape them (\N \L \P), so the round trip is exact.
        if any(c in data for c in "\x85\u2028\u2029"):
            return self.represent_scalar("tag:yaml.org,2002:str", data, style='"')
        return super().represent_str(data)


_Dumper.add_representer(str, _Dumper.represent_str)


def dump_yaml(data: Any) -> str:
    return yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=10_000,
        default_flow_style=False,
    )


def dump_document(doc: Document) -> str:
    return dump_yaml(document_to_dict(doc))


def yaml_load(text: str, path: str) -> Any:
    """Load YAML safely; a syntax error becomes a :class:`DataError` with file and line."""
    try:
        return yaml.load(text, Loader=_Loader)  # _Loader is a safe loader (C or Python)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        problem = error.problem or error.context or "invalid YAML"
        raise DataError(path, f"YAML syntax error: {problem}", line=line) from None
    except yaml.YAMLError as error:
        raise DataError(path, f"YAML error: {error}") from None


def line_of(text: str, path: tuple[Any, ...]) -> int | None:
    """The 1-based line where the value at ``path`` (keys and list indexes) starts in ``text``."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    for step in path:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == step), None)
            if match is None:
                break
            node = match
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value)
        ):
            node = node.value[step]
        else:
            break
    return node.start_mark.line + 1 if node is not None else None


def document_schema() -> dict[str, Any]:
    """The JSON Schema of a document file, its enums taken from :data:`model.SCHEMA_ENUMS`."""
    schema = schema_file()
    for name, values in SCHEMA_ENUMS.items():
        schema["$defs"][name] = {"enum": list(values)}
    return schema


def schema_file() -> dict[str, Any]:
    """``policysite/schema/document.schema.json`` as published (a package resource)."""
    text = resources.files("policysite").joinpath("schema/document.schema.json").read_text("utf-8")
    return json.loads(text)


def _source_to_dict(source: Source) -> dict[str, Any]:
    out: dict[str, Any] = {
        "file": source.file,
        "sha256": source.sha256,
        "encoding": source.encoding,
        "format": source.format,
    }
    if source.part is not None:
        out["part"] = source.part
    return out


def _source_from_dict(data: dict[str, Any]) -> Source:
    return Source(data["file"], data["sha256"], data["encoding"], data.get("part"),
                  data.get("format", "text"))


def _dropped_to_dict(dropped: Dropped) -> dict[str, Any]:
    out: dict[str, Any] = {"line": dropped.line, "text": dropped.text, "reason": dropped.reason}
    if dropped.column is not None:
        out["column"] = dropped.column
    if dropped.part is not None:
        out["part"] = dropped.part
    return out


def _date_str(value: Any) -> str | None:
    # A hand-edited date written without quotes loads as a datetime.date.
    return None if value is None else str(value)


def _num_str(value: Any) -> str | None:
    return None if value is None else str(value)
