"""Checks of ``data/`` that ``policysite check`` runs and the site build insists on.

Each problem is a :class:`~policysite.errors.DataError` with file, line and field; nothing here
reads files (the caller passes the YAML text it read).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import jsonschema

from policysite.errors import DataError
from policysite.store import document_schema, line_of, yaml_load


def check_document_text(text: str, path: str) -> tuple[dict[str, Any] | None, list[DataError]]:
    """Parse and validate one document file; return its data (None if unusable) and problems."""
    try:
        data = yaml_load(text, path)
    except DataError as error:
        return None, [error]
    if not isinstance(data, dict):
        return None, [DataError(path, "expected a mapping of document keys (id, title, body…)",
                                line=1)]
    problems = [
        DataError(path, _schema_message(error), line=line_of(text, tuple(error.absolute_path)),
                  field=_field(error.absolute_path))
        for error in sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    ]
    if problems:
        return None, problems
    problems.extend(_check_nodes(data, text, path))
    return (None if problems else data), problems


def check_library(documents: Iterable[tuple[str, str, dict[str, Any]]],
                  known_ids: dict[str, set[str]] | None = None) -> list[DataError]:
    """Cross-document checks: duplicate document ids, mentions of unknown entities.

    ``documents`` yields (path, yaml text, data); ``known_ids`` maps a mention kind to the ids in
    the registry (None skips the entity check).
    """
    problems: list[DataError] = []
    seen: dict[str, str] = {}
    for path, text, data in documents:
        doc_id = data["id"]
        if doc_id in seen:
            problems.append(DataError(path, f"duplicate document id {doc_id!r} (also in "
                                      f"{seen[doc_id]})", line=line_of(text, ("id",)), field="id"))
        seen[doc_id] = path
        if known_ids is None:
            continue
        for node_path, node in _walk_nodes(data.get("body") or [], ("body",)):
            for i, mention in enumerate(node.get("mentions") or []):
                if mention["id"] not in known_ids.get(mention["kind"], set()):
                    where = (*node_path, "mentions", i, "id")
                    problems.append(DataError(
                        path, f"unknown {mention['kind']} id {mention['id']!r}: add it to "
                        f"data/curation/ or correct the id", line=line_of(text, where),
                        field=_field(where)))
    return problems


def _check_nodes(data: dict[str, Any], text: str, path: str) -> list[DataError]:
    problems = []
    ids: dict[str, tuple] = {}
    for node_path, node in _walk_nodes(data["body"], ("body",)):
        if node["id"] in ids:
            problems.append(DataError(path, f"duplicate node id {node['id']!r}",
                                      line=line_of(text, (*node_path, "id")),
                                      field=_field((*node_path, "id"))))
        ids[node["id"]] = node_path
        for i, mention in enumerate(node.get("mentions") or []):
            field = mention.get("field", "text")
            value = node.get(field) or ""
            span = value[mention["start"]:mention["end"]]
            if span != mention["text"]:
                where = (*node_path, "mentions", i)
                problems.append(DataError(
                    path, f"mention text {mention['text']!r} does not match node {field} at "
                    f"{mention['start']}:{mention['end']} (found {span!r})",
                    line=line_of(text, where), field=_field(where)))
    return problems


def _walk_nodes(nodes: list[dict[str, Any]], prefix: tuple):
    for i, node in enumerate(nodes):
        here = (*prefix, i)
        yield here, node
        yield from _walk_nodes(node.get("children") or [], (*here, "children"))


_VALIDATOR: jsonschema.Draft202012Validator | None = None


def _validator() -> jsonschema.Draft202012Validator:
    global _VALIDATOR
    if _VALIDATOR is None:
        _VALIDATOR = jsonschema.Draft202012Validator(document_schema())
    return _VALIDATOR


def _schema_message(error: jsonschema.ValidationError) -> str:
    if error.validator == "required":
        return f"missing required key: {error.message.split(' is a required')[0]}"
    if error.validator == "type":
        return f"wrong type: {error.message}"
    return error.message


def _field(path: Iterable[Any]) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out
