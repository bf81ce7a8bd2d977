"""The entity registry (bodies, mechanisms, cited documents, terms) and editors' curation.

Two kinds of file, so that re-running ingest never loses an editor's change:

* ``data/registry/{bodies,mechanisms,citations,terms}.yml`` — generated, rewritten whole on every
  run (sorted by id, stable key order).  Ids are readable pinyin slugs and never change once given
  (pass the previous registry to :func:`build_registry`).
* ``data/curation/{bodies,mechanisms,citations,terms}.yml`` — written by editors only::

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

>>> slug("市民政局")
'shi-minzhengju'
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from policysite.errors import DataError
from policysite.model import MENTION_KINDS, ROLES, Document, Mention, Node

log = logging.getLogger("policysite.registry")

# kind → file stem under data/registry/ and data/curation/
FILES = {"body": "bodies", "mechanism": "mechanisms", "citation": "citations", "term": "terms"}
KINDS = {stem: kind for kind, stem in FILES.items()}
# The longest slug, cut at a word boundary.
SLUG_MAX = 48
# Fields an editor may set on an entry, beside merge_into and suppress.
CURATED_FIELDS = ("name", "aliases", "description", "definition", "level", "type", "issuer")

_FULL_WIDTH = str.maketrans({"(": "（", ")": "）"})


@dataclass(frozen=True)
class Entry:
    """One entity.  ``key`` is the extracted name (what the extractor calls it, never renamed);
    ``name`` the display name (a curated rename, else ``key``)."""

    kind: str
    id: str
    key: str
    name: str
    aliases: tuple[str, ...] = ()
    level: str | None = None  # bodies
    type: str | None = None  # bodies
    issuer: str | None = None  # citations
    description: str | None = None
    definition: str | None = None  # terms
    merged_into: str | None = None
    suppressed: bool = False
    provenance: str = "extracted"  # extracted | curated (added by an editor)
    curated: tuple[str, ...] = ()  # fields an editor changed


@dataclass(frozen=True)
class Registry:
    entries: tuple[Entry, ...] = ()

    @cached_property
    def _by_id(self) -> dict[tuple[str, str], Entry]:
        return {(e.kind, e.id): e for e in self.entries}

    @cached_property
    def _by_name(self) -> dict[tuple[str, str], str]:
        out: dict[tuple[str, str], str] = {}
        for e in self.entries:
            for name in (*e.aliases, e.name, e.key):
                out[(e.kind, _normal(name))] = e.id
        return out

    def get(self, kind: str, entity_id: str) -> Entry | None:
        return self._by_id.get((kind, entity_id))

    def of_kind(self, kind: str) -> list[Entry]:
        return sorted((e for e in self.entries if e.kind == kind), key=lambda e: e.id)

    def id_for(self, kind: str, name: str) -> str:
        """The id of ``name`` (a key, display name or alias), else the name's slug."""
        return self._by_name.get((kind, _normal(name))) or slug(name)

    def resolve(self, kind: str, entity_id: str) -> str:
        """Follow ``merged_into`` to the surviving id."""
        seen = [entity_id]
        entry = self.get(kind, entity_id)
        while entry is not None and entry.merged_into:
            if entry.merged_into in seen:
                raise DataError(
                    f"data/curation/{FILES[kind]}.yml",
                    f"merge_into goes round in a circle: {' → '.join([*seen, entry.merged_into])}; "
                    "remove merge_into from one of these entries",
                    field=f"entries.{entity_id}",
                )
            seen.append(entry.merged_into)
            entry = self.get(kind, entry.merged_into)
        return seen[-1]

    def body_names(self) -> dict[str, tuple[str, str, str]]:
        """Body names that editors taught → (level, type, extracted name), for the body extractor.

        Aliases, renamed display names and the names of curated entities: what the rules cannot
        find.  Names the rules found are left out, so a document's mentions do not depend on what
        other documents happen to contain.
        """
        out = {}
        for e in self.entries:
            if e.kind != "body" or e.suppressed:
                continue
            names = list(e.aliases)
            if e.provenance == "curated":
                names.append(e.key)
            if "name" in e.curated:
                names.append(e.name)
            for name in names:
                out[name] = (e.level or "generic", e.type or "部门", e.key)
        return out


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


def slug(name: str) -> str:
    """A readable ASCII id for an entity name (:func:`policysite.slug.slug` of its normal form).

    >>> slug("容错纠错机制")
    'rongcuo-jiucuo-jizhi'
    """
    from policysite.slug import slug as pinyin_slug

    return pinyin_slug(_normal(name), SLUG_MAX) or "x"


def build_registry(
    names: Mapping[str, Mapping[str, Mapping[str, Any]]],
    curation: Curation | None = None,
    previous: Registry | None = None,
    keep_previous: bool = False,
) -> Registry:
    """The registry for ``names`` (``{kind: {name: attrs}}`` from ``extract.merge_names``).

    A name keeps the id it had in ``previous``; a new name gets its slug, or slug-2, slug-3 … when
    taken (new names in sorted order, so the result does not depend on document order).  Then the
    curation is applied: renames, aliases, descriptions, merges, suppressions, new entities.

    Entries of ``previous`` that no name matches are dropped, unless ``keep_previous``: use that
    for the preliminary registry that teaches the extractor the curated aliases before the names
    are known (``build_registry({}, curation, previous, keep_previous=True)``).
    """
    curation = curation or Curation()
    previous = previous or Registry()
    if keep_previous:
        names = _with_previous(names, previous)
    entries: list[Entry] = []
    for kind in MENTION_KINDS:
        kind_names = names.get(kind, {})
        old = {e.key: e.id for e in previous.of_kind(kind)}
        taken = {old[n] for n in kind_names if n in old}
        ids: dict[str, str] = {}
        for name in sorted(kind_names):
            if name in old:
                ids[name] = old[name]
                continue
            base = slug(name)
            candidate, n = base, 1
            while candidate in taken:
                n += 1
                candidate = f"{base}-{n}"
            taken.add(candidate)
            ids[name] = candidate
        for name in sorted(kind_names, key=lambda n: ids[n]):
            attrs = kind_names[name]
            entries.append(
                Entry(
                    kind=kind,
                    id=ids[name],
                    key=name,
                    name=name,
                    level=attrs.get("level"),
                    type=attrs.get("type"),
                    issuer=attrs.get("issuer"),
                )
            )
    registry = Registry(tuple(entries))
    # Without names of a kind (a preliminary registry) an unknown id says nothing: no warning.
    checked = set() if keep_previous else {kind for kind in MENTION_KINDS if names.get(kind)}
    return _curated(registry, curation, checked)


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


def registry_to_dict(registry: Registry) -> dict[str, list[dict[str, Any]]]:
    """``{file stem: [entry, …]}`` sorted by id, keys in a fixed order, empty values left out."""
    out: dict[str, list[dict[str, Any]]] = {}
    for kind, stem in FILES.items():
        rows = []
        for e in registry.of_kind(kind):
            row: dict[str, Any] = {"id": e.id, "name": e.name}
            if e.key != e.name:
                row["key"] = e.key
            for key in (
                "aliases",
                "level",
                "type",
                "issuer",
                "description",
                "definition",
                "merged_into",
                "suppressed",
                "curated",
            ):
                value = getattr(e, key)
                if value:
                    row[key] = list(value) if isinstance(value, tuple) else value
            row["provenance"] = e.provenance
            rows.append(row)
        out[stem] = rows
    return out


def registry_from_dict(data: Mapping[str, Any]) -> Registry:
    """The inverse of :func:`registry_to_dict`."""
    entries = []
    for stem, rows in data.items():
        kind = _kind(stem, "data/registry")
        for i, row in enumerate(rows or []):
            if "id" not in row or "name" not in row:
                raise DataError(
                    f"data/registry/{stem}.yml",
                    "an entry needs id and name; regenerate the registry with ingest",
                    field=f"[{i}]",
                )
            entries.append(
                Entry(
                    kind=kind,
                    id=str(row["id"]),
                    key=str(row.get("key", row["name"])),
                    name=str(row["name"]),
                    aliases=tuple(row.get("aliases") or ()),
                    level=row.get("level"),
                    type=row.get("type"),
                    issuer=row.get("issuer"),
                    description=row.get("description"),
                    definition=row.get("definition"),
                    merged_into=row.get("merged_into"),
                    suppressed=bool(row.get("suppressed")),
                    provenance=row.get("provenance", "extracted"),
                    curated=tuple(row.get("curated") or ()),
                )
            )
    return Registry(tuple(entries))


def curation_from_dict(data: Mapping[str, Any]) -> Curation:
    """``{file stem: file content}`` for ``data/curation/*.yml`` → :class:`Curation`."""
    entries: dict[str, dict[str, Mapping[str, Any]]] = {}
    suppress: list[Suppression] = []
    mentions: list[AddedMention] = []
    for stem, content in data.items():
        kind = _kind(stem, "data/curation")
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
            bad = set(fields) - {*CURATED_FIELDS, "merge_into", "suppress"}
            if bad:
                raise DataError(
                    path,
                    f"unknown field {sorted(bad)[0]!r}; an entry may set "
                    f"{', '.join((*CURATED_FIELDS, 'merge_into', 'suppress'))}",
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


def load_curation(directory: str) -> Curation:
    """Read ``<directory>/*.yml`` (a small loader for tests; ``build`` does the real reading)."""
    from pathlib import Path

    import yaml

    data = {}
    for stem in FILES.values():
        path = Path(directory) / f"{stem}.yml"
        if path.exists():
            data[stem] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return curation_from_dict(data)


def _with_previous(
    names: Mapping[str, Mapping[str, Mapping[str, Any]]], previous: Registry
) -> dict:
    out: dict[str, dict[str, Mapping[str, Any]]] = {}
    for entry in previous.entries:
        if entry.provenance == "extracted":
            attrs = {"level": entry.level, "type": entry.type, "issuer": entry.issuer}
            out.setdefault(entry.kind, {})[entry.key] = {k: v for k, v in attrs.items() if v}
    for kind, kind_names in names.items():
        out.setdefault(kind, {}).update(kind_names)
    return out


def _normal(name: str) -> str:
    return name.translate(_FULL_WIDTH)


def _kind(stem: str, where: str) -> str:
    if stem not in KINDS:
        raise DataError(
            f"{where}/{stem}.yml",
            f"unknown file; the files are {', '.join(f + '.yml' for f in KINDS)}",
        )
    return KINDS[stem]


def _require(rule: Any, keys: tuple[str, ...], path: str, where: str, example: str) -> None:
    if not isinstance(rule, Mapping) or any(k not in rule for k in keys):
        raise DataError(
            path, f"needs {', '.join(keys)}, e.g. {example}; found {rule!r}", field=where
        )


def _curated(registry: Registry, curation: Curation, checked: set[str]) -> Registry:
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
