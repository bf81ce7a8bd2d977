"""Precision and recall of extraction against a gold file made by reading the text.

A gold file (``tests/gold/<seed stem>.yml``) lists, for some nodes, every mention by kind and the
roles of bodies; only those nodes are scored.  See the comment at the top of each gold file::

    document: 000_09ee85cba1de08bf
    nodes:
      - at: 十六                    # a node's number (marker without brackets) or a text snippet
        bodies: [乡镇党委, 乡镇政府]  # every mention by canonical name; a repeat counts again
        mechanisms: [容错纠错机制]
        citations: [关于加强乡镇干部队伍建设的若干意见, 国发〔2024〕3号]
        terms: [三重一大]
        roles: {乡镇党委: [lead, target], 乡镇政府: target}   # roles other than mention

Mentions are compared as a multiset of (node, entity id) per kind, the gold name turned into an
id by the registry (or by its slug); roles as a set of (node, body, role) triples over the nodes
that list ``roles``.

>>> from policysite.model import Document, Mention, Node, Source
>>> node = Node("c1", "clause", "(一)", "一", text="市民政局要负责。",
...     mentions=(Mention("body", "shi-minzhengju", "市民政局", 0, 4, role="lead"),))
>>> doc = Document("d", "t", Source("f", "", "utf-8"), body=(node,))
>>> gold = {"nodes": [{"at": "一", "bodies": ["市民政局"], "roles": {"市民政局": "lead"}}]}
>>> evaluate(doc, gold)["body"]["f1"]
1.0
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policysite.errors import DataError
from policysite.extract.marks import DOC_NUMBER_CLOSE, DOC_NUMBER_OPEN
from policysite.model import Document, Node
from policysite.registry import Registry

if TYPE_CHECKING:
    from policysite.library import Library

# gold key → mention kind
GOLD_KINDS = {"bodies": "body", "mechanisms": "mechanism", "citations": "citation", "terms": "term"}
# Scores reported, in this order.
SCORED = ("body", "mechanism", "citation", "term", "role")
# Characters stripped from a marker to compare it with ``at:`` — (十六) → 十六, 一、 → 一.
_MARKER_NOISE = DOC_NUMBER_OPEN + DOC_NUMBER_CLOSE + "、.．" + " \u3000"


def evaluate(
    document: Document, gold: Mapping[str, Any], registry: Registry | None = None
) -> dict[str, dict[str, float]]:
    """``{kind: {tp, fp, fn, precision, recall, f1}}`` for body, mechanism, citation, term, role."""
    registry = registry or Registry()
    counts: dict[str, Counter[Any]] = {kind: Counter() for kind in SCORED}
    for i, entry in enumerate(gold.get("nodes") or []):
        node = _node_at(document, entry, i)
        key = node.id
        for gold_key, kind in GOLD_KINDS.items():
            expected = Counter(_id(registry, kind, n) for n in entry.get(gold_key) or [])
            found = Counter(m.id for m in node.mentions if m.kind == kind)
            _count(counts[kind], expected, found)
        if "roles" in entry:
            expected_roles = Counter(
                (key, _id(registry, "body", body), role)
                for body, roles in (entry["roles"] or {}).items()
                for role in ([roles] if isinstance(roles, str) else roles)
            )
            found_roles = Counter(
                {
                    (key, m.id, m.role): 1
                    for m in node.mentions
                    if m.kind == "body" and m.role not in (None, "mention")
                }
            )
            _count(counts["role"], expected_roles, found_roles)
    return {kind: _scores(c) for kind, c in counts.items()}


def format_report(scores: Mapping[str, Mapping[str, float]], title: str = "") -> str:
    """A plain-text table of :func:`evaluate`'s scores.

    >>> print(format_report({"body": {"tp": 9, "fp": 1, "fn": 0, "precision": 0.9,
    ...     "recall": 1.0, "f1": 0.947}}))
    kind         tp   fp   fn  precision  recall     f1
    body          9    1    0      0.900   1.000  0.947
    """
    lines = [title] if title else []
    lines.append(f"{'kind':<10} {'tp':>4} {'fp':>4} {'fn':>4}  precision  recall     f1")
    for kind, s in scores.items():
        lines.append(
            f"{kind:<10} {s['tp']:>4} {s['fp']:>4} {s['fn']:>4}  "
            f"{s['precision']:>9.3f} {s['recall']:>7.3f} {s['f1']:>6.3f}"
        )
    return "\n".join(lines)


def evaluate_gold(gold: Mapping[str, Any], source: str, library: Library) -> str:
    """The report for one gold file's content against the matching document of ``library``.

    ``source`` is the gold file's path (:func:`policysite.build.read_gold_file` reads it).  Its
    ``document:`` is the seed file's stem or the document id, by default the gold file's stem.
    """
    document = gold_document(gold, source, library)
    scores = evaluate(document, gold, library.registry)
    return format_report(scores, f"{Path(source).name} ({document.id})")


def gold_document(gold: Mapping[str, Any], source: str, library: Library) -> Document:
    """The document of ``library`` a gold file is about (its ``document:``, else its file stem)."""
    wanted = str(gold.get("document") or Path(source).stem)
    for document in library.documents:
        stems = {document.id, *(Path(s.file).stem for s in (document.source, *document.sources))}
        if wanted in stems:
            return document
    raise DataError(
        source,
        f"no document {wanted!r} in the library; ingest its source first "
        "(policysite ingest seeds/) or fix `document:` (a seed file stem or a document id)",
        field="document",
    )


def _id(registry: Registry, kind: str, name: Any) -> str:
    return registry.resolve(kind, registry.id_for(kind, str(name)))


def _node_at(document: Document, entry: Mapping[str, Any], index: int) -> Node:
    at = str(entry.get("at", ""))
    nodes = list(document.walk())
    for node in nodes:
        if at and at in (node.num, node.id, _bare(node.marker)):
            return node
    for node in nodes:
        if at and at in (node.heading or "") + (node.text or ""):
            return node
    raise DataError(
        f"gold file for {document.id or document.title}",
        f"no node has the number or text {at!r}; write the clause number as in the text "
        "(at: 十六) or a few words copied from the node (at: 各区要结合实际)",
        field=f"nodes[{index}].at",
    )


def _bare(marker: str | None) -> str:
    return (marker or "").strip(_MARKER_NOISE)


def _count(counter: Counter, expected: Counter, found: Counter) -> None:
    tp = sum((expected & found).values())
    counter["tp"] += tp
    counter["fp"] += sum(found.values()) - tp
    counter["fn"] += sum(expected.values()) - tp


def _scores(c: Counter) -> dict[str, float]:
    tp, fp, fn = c["tp"], c["fp"], c["fn"]
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
    }


# -- metadata accuracy ---------------------------------------------------------------------------
# Fields scored against a gold file's ``metadata:`` block (tests/gold/<stem>.yml).
METADATA_FIELDS = ("title", "doc_number", "issuers", "date")


def evaluate_metadata(document: Document, gold: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    """``{field: (expected, found)}`` for every scored field of a gold ``metadata:`` block.

    Titles compare without whitespace, 文号 in their normal spelling (〔〕, no spaces), issuers
    as the ordered list of full names, dates as ``YYYY-MM-DD`` (or null).

    >>> from policysite.model import Source
    >>> doc = Document("d", "甲的通知", Source("f", "", "utf-8"), doc_number="沪府发〔2024〕1号")
    >>> evaluate_metadata(doc, {"title": "甲的 通知", "doc_number": "沪府发 [2024] 1号"})["title"]
    ('甲的通知', '甲的通知')
    """
    from policysite.parse.metadata import normalize_doc_number

    found = {
        "title": document.title,
        "doc_number": document.doc_number,
        "issuers": list(document.issuers),
        "date": document.date,
    }
    out: dict[str, tuple[Any, Any]] = {}
    for key in METADATA_FIELDS:
        if key not in gold:
            continue
        expected: Any = gold[key]
        actual: Any = found[key]
        if key == "title":
            expected, actual = ("".join(str(x or "").split()) for x in (expected, actual))
        elif key == "doc_number":
            expected = normalize_doc_number(str(expected)) if expected else None
            actual = normalize_doc_number(actual) if actual else None
        elif key == "issuers":
            expected = [str(x) for x in expected or []]
        elif key == "date":
            expected = str(expected) if expected else None
        out[key] = (expected, actual)
    return out


def metadata_accuracy(golds: Sequence[tuple[str, Mapping[str, Any]]], library: Library) -> str:
    """A report of metadata accuracy over the gold files (``(path, content)`` pairs) that have
    ``metadata:``: per field, right / total, then one line per miss; "" when none has it."""
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    misses: list[str] = []
    for path, gold in golds:
        if not isinstance(gold.get("metadata"), Mapping):
            continue
        document = gold_document(gold, path, library)
        for key, (expected, found) in evaluate_metadata(document, gold["metadata"]).items():
            total[key] += 1
            if expected == found:
                right[key] += 1
            else:
                misses.append(f"  {Path(path).stem[:3]} {key}: expected {expected!r}, "
                              f"found {found!r}")
    if not total:
        return ""
    lines = [f"metadata accuracy over {max(total.values())} document(s)"]
    lines += [f"{key:<11} {right[key]:>3}/{total[key]:<3}" for key in METADATA_FIELDS if total[key]]
    all_right = sum(right.values())
    lines.append(f"{'all fields':<11} {all_right:>3}/{sum(total.values()):<3}")
    return "\n".join(lines + misses)


