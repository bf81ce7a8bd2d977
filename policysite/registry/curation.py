"""Editors' curation: ``data/curation/{bodies,mechanisms,citations,terms}.yml``.

Written by editors (or by ``policysite review --accept/--suppress``, on an editor's explicit
command); re-running ingest never loses an editor's change::


      entries:                     # by registry id
        shi-minzhengju:
          name: 北京市民政局        # rename (display name; the id stays)
          aliases: [民政局]         # more spellings; the extractor finds them too
          description: 主管民政工作的市政府工作部门。
          level: 市                 # bodies: override level / type
          type: 部门
        xiangzhen-zhengfu-2:
          merge_into: xiangzhen-zhengfu   # merge two entries: mentions move to the other id
        jiceng-dangzuzhi:
          suppress: true            # a false hit everywhere
        disanfang-pingtai:          # an id the registry does not have + name: a new entity
          name: 第三方平台
      suppress:                     # a false hit in one place
        - {document: 000_09ee85cba1de08bf, node: c16, text: 乡镇政府}
      mentions:                     # a mention the extractor missed
        - {document: 001_x, node: s3.c1, text: 第三方平台, id: disanfang-pingtai, role: lead}

  Terms take ``definition:``.  The tool reads these files and never writes them.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from policysite.errors import DataError
from policysite.model import ROLES, Document, Mention, Node
from policysite.registry.entities import FILES, Entry, Registry, kind_of_file

log = logging.getLogger("policysite.registry")

# Fields an editor may set on an entry, beside merge_into and suppress.
CURATED_FIELDS = ("name", "aliases", "description", "definition", "level", "type", "issuer")
# Fields that say what became of an entry: merged, suppressed, or accepted as it is (编辑确认).
REVIEW_FIELDS = ("merge_into", "suppress", "accepted")
# Confidence levels, weakest first.
CONFIDENCE = ("low", "medium", "high")


@dataclass(frozen=True)
class Suppression:
    document: str
    node: str
    text: str
    kind: str | None = None


@dataclass(frozen=True)
class AddedMention:
    kind: str
    document: str
    node: str
    text: str
    id: str | None = None
    role: str | None = None
    modal: str | None = None
    occurrence: int = 1
    index: int = 0  # position in the curation file's list, for error messages


@dataclass(frozen=True)
class Curation:
    entries: Mapping[str, Mapping[str, Mapping[str, Any]]] = field(
        default_factory=dict
    )  # kind → id →
    suppress: tuple[Suppression, ...] = ()
    mentions: tuple[AddedMention, ...] = ()


def apply_curation(document: Document, registry: Registry, curation: Curation) -> Document:
    """The document with editors' changes to its mentions: suppressions, merges, added mentions.

    Raises :class:`DataError` naming the curation file and entry when an added mention's text is
    not in its node.
    """
    nodes = {n.id for n in document.walk()}
    for added in curation.mentions:
        if added.document == document.id and added.node not in nodes:
            raise DataError(
                f"data/curation/{FILES[added.kind]}.yml",
                f"node {added.node!r} is not in document {document.id}; its nodes are "
                f"{', '.join(sorted(nodes)[:8])}…",
                field=f"mentions[{added.index}]",
            )

    def node_of(node: Node) -> Node:
        kept = [
            _remapped(m, registry)
            for m in node.mentions
            if _kept(m, document.id, node, registry, curation)
        ]
        for added in curation.mentions:
            if added.document == document.id and added.node == node.id:
                new = _added(added, node, registry)
                kept = [
                    m
                    for m in kept
                    if (m.kind, m.field, m.start, m.end)
                    != (new.kind, new.field, new.start, new.end)
                ]
                kept.append(new)
        kept.sort(key=lambda m: (m.field != "heading", m.start, m.end, m.kind))
        return replace(
            node, mentions=tuple(kept), children=tuple(node_of(c) for c in node.children)
        )

    return replace(document, body=tuple(node_of(n) for n in document.body))


def curation_from_dict(data: Mapping[str, Any]) -> Curation:
    """``{file stem: file content}`` for ``data/curation/*.yml`` → :class:`Curation`."""
    entries: dict[str, dict[str, Mapping[str, Any]]] = {}
    suppress: list[Suppression] = []
    mentions: list[AddedMention] = []
    for stem, content in data.items():
        kind = kind_of_file(stem, "data/curation")
        path = f"data/curation/{stem}.yml"
        content = content or {}
        unknown = set(content) - {"entries", "suppress", "mentions"}
        if unknown:
            raise DataError(
                path,
                f"unknown section {sorted(unknown)[0]!r}; the sections are "
                "entries, suppress and mentions",
            )
        for entity_id, fields in (content.get("entries") or {}).items():
            fields = fields or {}
            bad = set(fields) - {*CURATED_FIELDS, *REVIEW_FIELDS}
            if bad:
                raise DataError(
                    path,
                    f"unknown field {sorted(bad)[0]!r}; an entry may set "
                    f"{', '.join((*CURATED_FIELDS, *REVIEW_FIELDS))}",
                    field=f"entries.{entity_id}",
                )
            entries.setdefault(kind, {})[str(entity_id)] = fields
        for i, rule in enumerate(content.get("suppress") or []):
            _require(
                rule,
                ("document", "node", "text"),
                path,
                f"suppress[{i}]",
                "{document: 000_x, node: c16, text: 乡镇政府}",
            )
            suppress.append(
                Suppression(str(rule["document"]), str(rule["node"]), str(rule["text"]), kind)
            )
        for i, rule in enumerate(content.get("mentions") or []):
            _require(
                rule,
                ("document", "node", "text"),
                path,
                f"mentions[{i}]",
                "{document: 000_x, node: c16, text: 第三方平台, role: lead}",
            )
            role = rule.get("role")
            if role is not None and role not in ROLES:
                raise DataError(
                    path,
                    f"unknown role {role!r}; the roles are {', '.join(ROLES)}",
                    field=f"mentions[{i}]",
                )
            mentions.append(
                AddedMention(
                    kind=kind,
                    document=str(rule["document"]),
                    node=str(rule["node"]),
                    text=str(rule["text"]),
                    id=rule.get("id"),
                    role=role,
                    modal=rule.get("modal"),
                    occurrence=int(rule.get("occurrence", 1)),
                    index=i,
                )
            )
    return Curation(entries, tuple(suppress), tuple(mentions))


def _require(rule: Any, keys: tuple[str, ...], path: str, where: str, example: str) -> None:
    if not isinstance(rule, Mapping) or any(k not in rule for k in keys):
        raise DataError(
            path, f"needs {', '.join(keys)}, e.g. {example}; found {rule!r}", field=where
        )


def curated(registry: Registry, curation: Curation, checked: set[str]) -> Registry:
    entries = {(e.kind, e.id): e for e in registry.entries}
    for kind, by_id in curation.entries.items():
        for entity_id, fields in by_id.items():
            entry = entries.get((kind, entity_id))
            if entry is None:
                if "name" not in fields:
                    if kind not in checked:
                        continue
                    log.warning(
                        "data/curation/%s.yml: entries.%s: no %s has this id (any more); "
                        "give it a name: to add it, or remove the entry",
                        FILES[kind],
                        entity_id,
                        kind,
                    )
                    continue
                entry = Entry(
                    kind=kind,
                    id=entity_id,
                    key=str(fields["name"]),
                    name=str(fields["name"]),
                    provenance="curated",
                )
            changes: dict[str, Any] = {}
            for key in CURATED_FIELDS:
                if key in fields:
                    value = fields[key]
                    if key == "aliases":
                        value = tuple(dict.fromkeys((*entry.aliases, *map(str, value or ()))))
                    changes[key] = value
            if "merge_into" in fields:
                changes["merged_into"] = str(fields["merge_into"])
            if "suppress" in fields:
                changes["suppressed"] = bool(fields["suppress"])
            if str(fields.get("name", "")) == entry.key:
                changes["provenance"] = "curated"  # the editor brought this name in
            curated = tuple(sorted(set(entry.curated) | set(fields)))
            entries[(kind, entity_id)] = replace(entry, **changes, curated=curated)
    for (kind, _), entry in entries.items():
        if entry.merged_into and (kind, entry.merged_into) not in entries:
            raise DataError(
                f"data/curation/{FILES[kind]}.yml",
                f"merge_into: {entry.merged_into} names no {kind} in the registry; "
                "use the id shown in data/registry/" + FILES[kind] + ".yml",
                field=f"entries.{entry.id}",
            )
    out = Registry(tuple(sorted(entries.values(), key=lambda e: (e.kind, e.id))))
    for entry in out.entries:
        out.resolve(entry.kind, entry.id)  # raises on a merge cycle
    return out


def _kept(m: Mention, document: str, node: Node, registry: Registry, curation: Curation) -> bool:
    entry = registry.get(m.kind, registry.resolve(m.kind, m.id))
    if entry is not None and entry.suppressed:
        return False
    return not any(
        s.document == document
        and s.node == node.id
        and s.text == m.text
        and s.kind in (None, m.kind)
        for s in curation.suppress
    )


def _remapped(m: Mention, registry: Registry) -> Mention:
    owner = registry.resolve("body", m.owner) if m.owner else None
    return replace(m, id=registry.resolve(m.kind, m.id), owner=owner)


def _added(added: AddedMention, node: Node, registry: Registry) -> Mention:
    for field_name in ("text", "heading"):
        source = getattr(node, field_name) or ""
        start = -1
        for _ in range(added.occurrence):
            start = source.find(added.text, start + 1)
            if start == -1:
                break
        if start != -1:
            entity = added.id or registry.id_for(added.kind, added.text)
            return Mention(
                kind=added.kind,
                id=registry.resolve(added.kind, entity),
                text=added.text,
                start=start,
                end=start + len(added.text),
                field=field_name,
                role=added.role if added.kind == "body" else None,
                modal=added.modal,
                provenance="curated",
            )
    excerpt = (node.text or node.heading or "")[:60]
    raise DataError(
        f"data/curation/{FILES[added.kind]}.yml",
        f"text {added.text!r} (occurrence {added.occurrence}) is not in node {added.node} of "
        f"document {added.document}; the node reads {excerpt!r}…; "
        "copy the words exactly as written",
        field=f"mentions[{added.index}]",
    )


def unreviewed(registry: Registry, curation: Curation | None = None) -> list[Entry]:
    """Extracted entities no editor has looked at (no entry in the registry's ``curated`` nor in
    ``curation``), weakest first: by confidence, then fewest mentions."""
    curation = curation or Curation()
    out = [
        e
        for e in registry.entries
        if e.provenance == "extracted"
        and not e.curated
        and not e.suppressed
        and not e.merged_into
        and e.id not in curation.entries.get(e.kind, {})
    ]
    return sorted(out, key=lambda e: (CONFIDENCE.index(e.confidence), e.mentions, e.kind, e.id))


def hide_unreviewed(
    documents: list[Document], registry: Registry, below: str
) -> tuple[list[Document], Registry]:
    """The library without unreviewed entities of confidence ``below`` or weaker (low | medium):
    no page, no index row, no link from a clause.  The one filter the site reads (the plugin's
    ``hide_unreviewed`` option); ``none`` hides nothing."""
    if below in ("", "none"):
        return documents, registry
    if below not in CONFIDENCE:
        raise DataError(
            "mkdocs.yml",
            f"hide_unreviewed: {below!r} is not a confidence; write low, medium or none",
            field="plugins.policysite.hide_unreviewed",
        )
    limit = CONFIDENCE.index(below)
    hidden = {
        (e.kind, e.id) for e in unreviewed(registry) if CONFIDENCE.index(e.confidence) <= limit
    }
    if not hidden:
        return documents, registry
    kept = Registry(tuple(e for e in registry.entries if (e.kind, e.id) not in hidden))

    def node_of(node: Node) -> Node:
        mentions = tuple(m for m in node.mentions if (m.kind, m.id) not in hidden)
        return replace(node, mentions=mentions, children=tuple(node_of(c) for c in node.children))

    return [replace(d, body=tuple(node_of(n) for n in d.body)) for d in documents], kept
