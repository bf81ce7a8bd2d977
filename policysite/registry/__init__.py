"""The entity registry and editors' curation, in three parts:

* :mod:`~policysite.registry.entities` — :class:`Entry`, :class:`Registry`, the generated
  ``data/registry/*.yml`` (to and from plain data);
* :mod:`~policysite.registry.ids` — :func:`build_registry`: stable readable ids for the names
  extraction found, then the curation applied;
* :mod:`~policysite.registry.curation` — ``data/curation/*.yml``: parsing, validation and
  applying editors' changes to the registry and to each document's mentions.

Files are read and written by :mod:`policysite.build` only.
"""

from policysite.registry.curation import (
    CONFIDENCE,
    CURATED_FIELDS,
    AddedMention,
    Curation,
    Suppression,
    apply_curation,
    curation_from_dict,
    hide_unreviewed,
    unreviewed,
)
from policysite.registry.entities import (
    FILES,
    KINDS,
    Entry,
    Registry,
    registry_from_dict,
    registry_to_dict,
    slug,
)
from policysite.registry.ids import build_registry

__all__ = [
    "CONFIDENCE",
    "CURATED_FIELDS",
    "FILES",
    "KINDS",
    "AddedMention",
    "Curation",
    "Entry",
    "Registry",
    "Suppression",
    "apply_curation",
    "build_registry",
    "curation_from_dict",
    "hide_unreviewed",
    "registry_from_dict",
    "registry_to_dict",
    "slug",
    "unreviewed",
]
