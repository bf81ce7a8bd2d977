"""Entities of the registry (bodies, mechanisms, cited documents, terms) and their files.

``data/registry/{bodies,mechanisms,citations,terms}.yml`` is generated, rewritten whole on every
run (sorted by id, stable key order); :func:`registry_to_dict` / :func:`registry_from_dict` are
its two directions.  Ids are readable pinyin slugs (:mod:`policysite.registry.ids`); editors'
changes live in ``data/curation/`` (:mod:`policysite.registry.curation`).

>>> slug("市民政局")
'shi-minzhengju'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from policysite.errors import DataError
from policysite.text import full_width_parens

# kind → file stem under data/registry/ and data/curation/
FILES = {"body": "bodies", "mechanism": "mechanisms", "citation": "citations", "term": "terms"}
KINDS = {stem: kind for kind, stem in FILES.items()}
# The longest slug, cut at a word boundary.
SLUG_MAX = 48
# A mechanism found by its form whose name is this short (two characters and a suffix) names a
# kind of mechanism (评价机制), not one institution: low confidence (see Entry.confidence).
GENERIC_MECHANISM_MAX = 4
# A body named after one of these words is the rest of a list or an unnamed share of a class
# (其他驻场单位, 有关气象主管机构): its page is no entity a reader looks up — 1 of 56 such pages
# judged right over the twelve samples of the 1,000 laws. Low confidence, however often written.
CLASS_SHARE_WORDS = ("其他", "其它", "有关", "相关")



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
    is_class: bool = False  # bodies: a class of bodies (各区政府, 有关部门), not one body
    short_forms: tuple[str, ...] = ()  # abbreviations documents define (以下简称); not taught
    found: str | None = None  # how it was found: known | stem | shape | general (None: curated)
    mentions: int = 0  # how many mentions extraction found
    issuer: str | None = None  # citations
    description: str | None = None
    definition: str | None = None  # terms
    merged_into: str | None = None
    suppressed: bool = False
    provenance: str = "extracted"  # extracted | curated (added by an editor)
    curated: tuple[str, ...] = ()  # fields an editor changed


    @property
    def confidence(self) -> str:
        """high | medium | low: how far a reader can trust the entity without an editor.

        A known name (the lexicon, a curated alias, a title in 《》) is high; a name built from
        the lexicon's stems and types is high when written at least twice, else medium; a name
        found by its form only (…机制, …单位) is medium from three mentions, else low — and a
        mechanism named by its form with one short word before the suffix (评价机制, 协作机制,
        审查程序), or with general words only (``general``: 信息共享机制, 监督检查制度), is low
        however often it is written: it names a kind of mechanism, which each
        law sets up for itself, not one institution a reader can look up (judged pages of the
        1,000 laws: 13 of 17 such pages wrong in samples 1–3, 17 of 20 in sample 4, which was
        judged before this rule); so is a body named after 其他/有关/相关 (其他驻场单位: the
        rest of a list, 1 of 56 such pages right in the judged samples; its mentions stay).  An
        entity an editor accepted, renamed or added is high.
        """
        if self.provenance == "curated" or "accepted" in self.curated or self.found is None:
            return "high"
        if self.kind == "body" and self.name.startswith(CLASS_SHARE_WORDS):
            return "low"
        if self.found == "known":
            return "high"
        if self.found == "stem":
            return "high" if self.mentions >= 2 else "medium"
        if self.found == "general" or (
                self.kind == "mechanism" and len(self.name) <= GENERIC_MECHANISM_MAX):
            return "low"
        return "medium" if self.mentions >= 3 else "low"


@dataclass(frozen=True)
class Registry:
    entries: tuple[Entry, ...] = ()

    @cached_property
    def _by_id(self) -> dict[tuple[str, str], Entry]:
        return {(e.kind, e.id): e for e in self.entries}

    @cached_property
    def _by_name(self) -> dict[tuple[str, str], str]:
        """Every name, alias and short form → its entity's id.  A short form one document
        defines never takes a name another entity has (指导目录 of one law's 重点项目指导目录 is
        not the 指导目录 another law writes): names and aliases come last and win."""
        out: dict[tuple[str, str], str] = {}
        for e in self.entries:
            for name in e.short_forms:
                out[(e.kind, normal(name))] = e.id
        for e in self.entries:
            for name in (*e.aliases, e.name, e.key):
                out[(e.kind, normal(name))] = e.id
        return out

    def get(self, kind: str, entity_id: str) -> Entry | None:
        return self._by_id.get((kind, entity_id))

    def of_kind(self, kind: str) -> list[Entry]:
        return sorted((e for e in self.entries if e.kind == kind), key=lambda e: e.id)

    def id_for(self, kind: str, name: str) -> str:
        """The id of ``name`` (a key, display name or alias), else the name's slug."""
        return self._by_name.get((kind, normal(name))) or slug(name)

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
            # extracted aliases (中华人民共和国财政部) the lexicon finds itself: only curated ones
            names = list(e.aliases) if "aliases" in e.curated or e.provenance == "curated" else []
            if e.provenance == "curated":
                names.append(e.key)
            if "name" in e.curated:
                names.append(e.name)
            for name in names:
                out[name] = (e.level or "generic", e.type or "部门", e.key)
        return out


def slug(name: str) -> str:
    """A readable ASCII id for an entity name (:func:`policysite.slug.slug` of its normal form).

    >>> slug("容错纠错机制")
    'rongcuo-jiucuo-jizhi'
    """
    from policysite.slug import slug as pinyin_slug

    return pinyin_slug(normal(name), SLUG_MAX) or "x"


def registry_to_dict(registry: Registry) -> dict[str, list[dict[str, Any]]]:
    """``{file stem: [entry, …]}`` sorted by id, keys in a fixed order, empty values left out."""
    out: dict[str, list[dict[str, Any]]] = {}
    for kind, stem in FILES.items():
        rows = []
        for e in registry.of_kind(kind):
            row: dict[str, Any] = {"id": e.id, "name": e.name}
            if e.key != e.name:
                row["key"] = e.key
            if e.is_class:
                row["class"] = True
            if e.short_forms:
                row["short_forms"] = list(e.short_forms)
            if e.found:
                row["found"] = e.found
                row["mentions"] = e.mentions
                row["confidence"] = e.confidence
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
        kind = kind_of_file(stem, "data/registry")
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
                    is_class=bool(row.get("class")),
                    short_forms=tuple(row.get("short_forms") or ()),
                    found=row.get("found"),
                    mentions=int(row.get("mentions") or 0),
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


def normal(name: str) -> str:
    return full_width_parens(name)


def kind_of_file(stem: str, where: str) -> str:
    if stem not in KINDS:
        raise DataError(
            f"{where}/{stem}.yml",
            f"unknown file; the files are {', '.join(f + '.yml' for f in KINDS)}",
        )
    return KINDS[stem]


