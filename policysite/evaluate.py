"""Precision and recall of entity extraction against gold files made by reading the text.

A gold file (``tests/gold/<seed stem>.yml``, format in the README) lists, for some paragraphs,
every mention by kind and the roles of bodies; only those paragraphs are scored::

    document: 000_09ee85cba1de08bf
    nodes:
      - at: 十六                    # a node's number, or >= 8 characters copied from the paragraph
        bodies:                     # every mention in reading order; a repeat counts again
          - 乡镇党委                                    # written in full: text = name
          - {text: 市生态环境局, name: 上海市生态环境局}  # as written → the body it refers to
          - {text: 各区人民政府, class: true}             # a generic class of bodies
        mechanisms: [容错纠错机制]   # as exactly spanned in the text
        citations: [关于加强乡镇干部队伍建设的若干意见, 国发〔2024〕3号]
        terms: [三重一大]
        roles: {乡镇党委: [lead, target], 乡镇政府: target}   # by name (classes by text)

How it is scored, per paragraph, as multisets (a repeat counts again):

* ``body`` — the ENTITY: each gold body's ``name`` (its text for a class, the string
  itself for a plain entry) is turned into a registry id (by the registry's names and
  aliases, else its slug) and compared with the ids of the body mentions.  So
  ``{text: 市生态环境局, name: 上海市生态环境局}`` is right only when the mention links to
  the Shanghai bureau, not to a bare 市生态环境局 shared by every city; a class is right
  when it links to the class entry written that way.
* ``body_span`` — the SPAN: gold ``text`` (or the plain string) against the written text
  of each body mention: are the boundaries right, whatever the entity?  Scored for gold
  files marked ``first_contact`` (older gold files list canonical names, not spans: the
  市 of 市、区级机关 is listed as 市级机关).
* ``mechanism``, ``citation``, ``term`` — the name as spanned, turned into an id the same way.
* ``role`` — a set of (paragraph, body id, role) over the paragraphs that list ``roles``.

:func:`evaluate_errors` lists what differs — false positives and misses, each with its sentence —
and :func:`report` prints both per document and in total.

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
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policysite.errors import DataError
from policysite.extract.marks import DOC_NUMBER_CLOSE, DOC_NUMBER_OPEN
from policysite.extract.roles import sentence_at
from policysite.model import Document, Mention, Node
from policysite.registry import Registry

if TYPE_CHECKING:
    from policysite.library import Library

# A second reader's gold as :func:`second_reading` gives it: node id → (mentions, (body id, role)s).
Reading = Mapping[str, tuple[tuple[Mention, ...], set[tuple[str, str]]]]
# gold key → mention kind
GOLD_KINDS = {"bodies": "body", "mechanisms": "mechanism", "citations": "citation", "terms": "term"}
# Scores reported, in this order.
SCORED = ("body", "body_span", "mechanism", "citation", "term", "role")
# Characters stripped from a marker to compare it with ``at:`` — (十六) → 十六, 一、 → 一.
_MARKER_NOISE = DOC_NUMBER_OPEN + DOC_NUMBER_CLOSE + "、.．" + " \u3000"


@dataclass(frozen=True)
class Difference:
    """One error: ``missed`` (in the gold, not found) or ``false`` (found, not in the gold)."""

    document: str
    kind: str
    error: str  # missed | false
    what: str  # the gold entry (text → name) or the mention (text → entity name)
    node: str
    sentence: str

    def line(self) -> str:
        label = "MISSED" if self.error == "missed" else "FALSE "
        return f"  {label} {self.kind:<9} {self.what}  [{self.node}] {self.sentence}"


def evaluate(
    document: Document,
    gold: Mapping[str, Any],
    registry: Registry | None = None,
    strict: bool = True,
    reading: Reading | None = None,
) -> dict[str, dict[str, float]]:
    """``{kind: {tp, fp, fn, precision, recall, f1}}`` for each kind of :data:`SCORED`.

    A gold paragraph no node holds (the parser put it elsewhere, e.g. a 落款 read as metadata)
    raises :class:`DataError` when ``strict``; else everything it lists counts as missed.
    With ``reading`` (:func:`second_reading`), a second reader's gold is scored in place of the
    extracted mentions: how far two readers agree.
    """
    counts, _ = _compare(document, gold, registry or Registry(), strict, reading)
    return {kind: _scores(c) for kind, c in counts.items()}


def evaluate_errors(
    document: Document,
    gold: Mapping[str, Any],
    registry: Registry | None = None,
    reading: Reading | None = None,
) -> list[Difference]:
    """Every false positive and miss, in reading order, each with its sentence (not strict)."""
    _, differences = _compare(document, gold, registry or Registry(), False, reading)
    return differences


def second_reading(
    document: Document, gold: Mapping[str, Any], registry: Registry
) -> Reading:
    """A second reader's gold file for ``document`` as what :func:`evaluate` compares with the
    first reader's: per node id, the mentions it lists (placed where their text is written) and
    its (body id, role) pairs.  Every ``at:`` must name a node (else :class:`DataError`).

    >>> from policysite.model import Document, Node, Source
    >>> doc = Document("d", "t", Source("f", "", "utf-8"),
    ...     body=(Node("c1", "clause", "(一)", "一", text="市民政局、市财政局要负责。"),))
    >>> first = {"nodes": [{"at": "一", "bodies": ["市民政局", "市财政局"]}]}
    >>> second = {"nodes": [{"at": "一", "bodies": ["市民政局"]}]}
    >>> scores = evaluate(doc, first, reading=second_reading(doc, second, Registry()))
    >>> scores["body"]["precision"], scores["body"]["recall"]
    (1.0, 0.5)
    """
    nodes, entries = _by_node(document, gold)
    reading: dict[str, tuple[tuple[Mention, ...], set[tuple[str, str]]]] = {}
    for node_id, listed in entries.items():
        node, mentions = nodes[node_id], []
        for gold_key, kind in GOLD_KINDS.items():
            for item in (item for e in listed for item in e.get(gold_key) or []):
                written = _gold_text(item)
                field = "text" if written in (node.text or "") else "heading"
                start = max((getattr(node, field) or "").find(written), 0)
                entity = _id(registry, kind, _gold_name(item))
                mentions.append(Mention(kind, entity, written, start, start + len(written), field))
        reading[node_id] = (tuple(mentions), _gold_roles(listed, registry))
    return reading


def _by_node(
    document: Document,
    gold: Mapping[str, Any],
    unplaced: Callable[[Mapping[str, Any]], None] | None = None,
) -> tuple[dict[str, Node], dict[str, list[Mapping[str, Any]]]]:
    """The nodes that hold the gold's paragraphs, and the paragraphs by node id (several may
    fall in one node: their expectations add up).  A paragraph no node holds raises
    :class:`DataError`, or is handed to ``unplaced`` when given."""
    nodes: dict[str, Node] = {}
    entries: dict[str, list[Mapping[str, Any]]] = {}
    for i, entry in enumerate(gold.get("nodes") or []):
        try:
            node = _node_at(document, entry, i)
        except DataError:
            if unplaced is None:
                raise
            unplaced(entry)
            continue
        nodes[node.id] = node
        entries.setdefault(node.id, []).append(entry)
    return nodes, entries


def _gold_roles(entries: Iterable[Mapping[str, Any]], registry: Registry) -> set[tuple[str, str]]:
    """The (body id, role) pairs of the paragraphs' ``roles:`` (a role or a list of roles)."""
    return {
        (_id(registry, "body", body), role)
        for e in entries
        for body, roles in (e.get("roles") or {}).items()
        for role in ([roles] if isinstance(roles, str) else roles or [])
    }


def _found(node: Node, reading: Reading | None) -> tuple[tuple[Mention, ...], set[tuple[str, str]]]:
    """The mentions of ``node`` and its (body id, role) pairs: extracted, or a second reader's."""
    if reading is not None:
        return reading.get(node.id, ((), set()))
    bodies = (m for m in node.mentions if m.kind == "body")
    return node.mentions, {(m.id, m.role) for m in bodies if m.role not in (None, "mention")}


def _compare(
    document: Document,
    gold: Mapping[str, Any],
    registry: Registry,
    strict: bool,
    reading: Reading | None = None,
) -> tuple[dict[str, Counter], list[Difference]]:
    counts: dict[str, Counter] = {kind: Counter() for kind in SCORED}
    differences: list[Difference] = []
    spans = gold.get("first_contact") is not None
    nodes, entries_by_node = _by_node(
        document, gold,
        None if strict else lambda entry: _unplaced(document, entry, counts, differences, spans))
    # Only the paragraphs the gold lists are scored, whoever found the mentions.
    for node_id, entries in entries_by_node.items():
        node = nodes[node_id]
        found_mentions, found_roles = _found(node, reading)
        for gold_key, kind in GOLD_KINDS.items():
            items = [item for e in entries for item in e.get(gold_key) or []]
            mentions = [m for m in found_mentions if m.kind == kind]
            expected = Counter(_id(registry, kind, _gold_name(item)) for item in items)
            found = Counter(m.id for m in mentions)
            _count(counts[kind], expected, found)
            labels = {_id(registry, kind, _gold_name(i)): _gold_label(i) for i in items}
            names = {m.id: f"{m.text} → {_entity_name(registry, kind, m.id)}" for m in mentions}
            differences.extend(
                _differences(document, node, kind, expected, found, labels, names, items, mentions)
            )
            if kind == "body" and spans:
                expected_text = Counter(_gold_text(item) for item in items)
                found_text = Counter(m.text for m in mentions)
                _count(counts["body_span"], expected_text, found_text)
        role_entries = [e for e in entries if "roles" in e]
        if role_entries:
            expected_roles = _gold_roles(role_entries, registry)  # (body id, role) in this node
            _count(counts["role"], Counter(expected_roles), Counter(found_roles))
    differences.sort(key=lambda d: _order(document).get(d.node, 0))
    return counts, differences


def _unplaced(
    document: Document, entry: Mapping[str, Any], counts, differences, spans: bool
) -> None:
    """A gold paragraph that is in no node: all it lists is missed."""
    at = str(entry.get("at", ""))
    for gold_key, kind in GOLD_KINDS.items():
        for item in entry.get(gold_key) or []:
            counts[kind]["fn"] += 1
            differences.append(
                Difference(document.id, kind, "missed", _gold_label(item), "?",
                           f"(no node holds the paragraph at {at!r})")
            )
            if kind == "body" and spans:
                counts["body_span"]["fn"] += 1


def _differences(document, node, kind, expected, found, labels, names, items, mentions):
    out: list[Difference] = []
    text = (node.heading or "") + (node.text or "")
    for entity, n in (expected - found).items():
        written = next((_gold_text(i) for i in items if labels.get(entity) == _gold_label(i)), "")
        pos = text.find(written) if written else -1
        sentence = sentence_at(text, pos) if pos >= 0 else text[:60]
        out.extend(
            Difference(document.id, kind, "missed", labels[entity], node.id, sentence.strip())
            for _ in range(n)
        )
    for entity, n in (found - expected).items():
        mention = next(m for m in mentions if m.id == entity)
        source = getattr(node, mention.field) or ""
        sentence = sentence_at(source, mention.start).strip()
        out.extend(
            Difference(document.id, kind, "false", names[entity], node.id, sentence)
            for _ in range(n)
        )
    return out


def report(results: Iterable[tuple[str, dict, list[Difference]]], errors: bool = True) -> str:
    """Tables per document, the total over all of them, then the errors (if ``errors``).

    ``results`` holds ``(title, scores, differences)`` for each gold file.
    """
    results = list(results)
    parts = [format_report(scores, title) for title, scores, _ in results]
    if len(results) > 1:
        total: dict[str, Counter] = {kind: Counter() for kind in SCORED}
        for _, scores, _ in results:
            for kind, s in scores.items():
                total[kind].update({k: s[k] for k in ("tp", "fp", "fn")})
        parts.append(format_report({k: _scores(c) for k, c in total.items()}, "TOTAL"))
    if errors:
        for title, _, differences in results:
            if differences:
                parts.append(f"errors in {title} ({len(differences)}):")
                parts.append("\n".join(d.line() for d in differences))
    return "\n\n".join(parts)


def format_report(scores: Mapping[str, Mapping[str, float]], title: str = "") -> str:
    """A plain-text table of :func:`evaluate`'s scores (kinds with nothing to score left out).

    >>> print(format_report({"body": {"tp": 9, "fp": 1, "fn": 0, "precision": 0.9,
    ...     "recall": 1.0, "f1": 0.947}}))
    kind          tp   fp   fn  precision  recall     f1
    body           9    1    0      0.900   1.000  0.947
    """
    lines = [title] if title else []
    lines.append(f"{'kind':<11} {'tp':>4} {'fp':>4} {'fn':>4}  precision  recall     f1")
    for kind, s in scores.items():
        if not (s["tp"] or s["fp"] or s["fn"]):
            continue
        lines.append(
            f"{kind:<11} {s['tp']:>4} {s['fp']:>4} {s['fn']:>4}  "
            f"{s['precision']:>9.3f} {s['recall']:>7.3f} {s['f1']:>6.3f}"
        )
    return "\n".join(lines)


def evaluate_gold_files(
    golds: Sequence[tuple[str, Mapping[str, Any]]],
    library: Library,
    errors: bool = True,
    second: Sequence[tuple[str, Mapping[str, Any]]] | None = None,
) -> str:
    """The report for gold files (``(path, content)`` pairs, read by
    :func:`policysite.build.read_gold_file`) against the matching documents of ``library``: the
    CLI's ``policysite evaluate``.  With ``second`` (a second reader's gold file for each, in the
    same order) that reading is scored in place of the extraction: ``--second-reader``."""
    results = []
    for i, (path, gold) in enumerate(golds):
        document = gold_document(gold, library, path)
        title = f"{Path(path).name} ({document.id})"
        reading = None
        if second is not None:
            other, other_gold = second[i]
            title = f"{Path(path).name} ({document.id}) against the second reading {other}"
            try:
                reading = second_reading(document, other_gold, library.registry or Registry())
            except DataError as error:
                raise DataError(other, error.message, field=error.field) from None
        results.append(
            (
                title,
                evaluate(document, gold, library.registry, strict=False, reading=reading),
                evaluate_errors(document, gold, library.registry, reading=reading),
            )
        )
    return report(results, errors)


def gold_document(gold: Mapping[str, Any], library: Library, path: str | Path) -> Document:
    """The document of ``library`` a gold file is for: ``document:`` is the seed file's stem
    or the document id."""
    wanted = str(gold.get("document") or Path(path).stem)
    for document in library.documents:
        stems = {document.id, *(Path(s.file).stem for s in (document.source, *document.sources))}
        if wanted in stems:
            return document
    raise DataError(
        str(path),
        f"no document {wanted!r} in the library; ingest its source first "
        "(policysite ingest seeds/) or fix `document:` (a seed file stem or a document id)",
        field="document",
    )


def _gold_name(item: Any) -> str:
    """The entity a gold entry refers to: its ``name``, else its text (plain string, class)."""
    if isinstance(item, Mapping):
        return str(item.get("name") or item.get("text"))
    return str(item)


def _gold_text(item: Any) -> str:
    """What a gold entry says is written in the text."""
    return str(item.get("text") or item.get("name")) if isinstance(item, Mapping) else str(item)


def _gold_label(item: Any) -> str:
    if isinstance(item, Mapping):
        text, name = _gold_text(item), _gold_name(item)
        label = text if text == name else f"{text} → {name}"
        return label + (" (class)" if item.get("class") else "")
    return str(item)


def _entity_name(registry: Registry, kind: str, entity_id: str) -> str:
    entry = registry.get(kind, entity_id)
    return entry.name if entry is not None else entity_id


def _order(document: Document) -> dict[str, int]:
    return {node.id: i for i, node in enumerate(document.walk())}


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


# ---- metadata (title, 文号, issuers, date) against gold `metadata:` blocks -------------------

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
        document = gold_document(gold, library, path)
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


