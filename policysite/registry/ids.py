"""Registry ids: a name keeps the id it had; a new name gets its slug, or slug-2, slug-3 ….

>>> registry = build_registry({"body": {"市民政局": {"level": "市"}}})
>>> [e.id for e in registry.of_kind("body")]
['shi-minzhengju']
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from policysite.model import MENTION_KINDS
from policysite.registry.curation import Curation, curated
from policysite.registry.entities import Entry, Registry, slug
from policysite.slug import unique


def build_registry(
    names: Mapping[str, Mapping[str, Mapping[str, Any]]],
    curation: Curation | None = None,
    previous: Registry | None = None,
    keep_previous: bool = False,
) -> Registry:
    """The registry for ``names`` (``{kind: {name: attrs}}`` collected by ``extract_library``).

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
            ids[name] = unique(slug(name), taken)
            taken.add(ids[name])
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
                    is_class=bool(attrs.get("is_class")),
                    found=attrs.get("found"),
                    mentions=int(attrs.get("mentions") or 0),
                    issuer=attrs.get("issuer"),
                    short_forms=tuple(sorted(attrs.get("short_forms") or ())),
                    aliases=tuple(sorted(attrs.get("aliases") or ())),
                )
            )
    registry = Registry(tuple(entries))
    # Without names of a kind (a preliminary registry) an unknown id says nothing: no warning.
    checked = set() if keep_previous else {kind for kind in MENTION_KINDS if names.get(kind)}
    return curated(registry, curation, checked)


def _with_previous(
    names: Mapping[str, Mapping[str, Mapping[str, Any]]], previous: Registry
) -> dict:
    out: dict[str, dict[str, Mapping[str, Any]]] = {}
    for entry in previous.entries:
        if entry.provenance == "extracted":
            attrs = {"level": entry.level, "type": entry.type, "issuer": entry.issuer,
                     "is_class": entry.is_class}
            out.setdefault(entry.kind, {})[entry.key] = {k: v for k, v in attrs.items() if v}
    for kind, kind_names in names.items():
        out.setdefault(kind, {}).update(kind_names)
    return out


