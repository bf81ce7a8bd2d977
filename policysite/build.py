"""The one module that reads and writes files.  The CLI and the MkDocs plugin call it.

``ingest`` reads source texts and writes ``data/``; ``load_library`` reads ``data/`` back;
``write_pages`` writes generated Markdown for inspection.  The site itself is built by MkDocs
(``policysite build`` runs ``mkdocs build``), whose plugin (:mod:`policysite.plugin`) calls
``load_library``.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
import os
import pickle
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from policysite import pagefind, progress, store
from policysite.clean import clean
from policysite.errors import BuildError, DataError, DataErrors, SourceError, UsageError
from policysite.extract import NodeHits, extract_library
from policysite.extract.lexicon import Lexicon, lexicon_from_dict
from policysite.library import Library
from policysite.lossless import lost_characters
from policysite.model import MENTION_KINDS, Document, Dropped, Node, Source
from policysite.parse import parse
from policysite.registry import (
    FILES,
    Curation,
    curation_from_dict,
    registry_from_dict,
    registry_to_dict,
)
from policysite.registry import hide_unreviewed as hide_entities
from policysite.slug import unique
from policysite.sources import SUFFIXES, read_source
from policysite.sources.chrome import Chrome
from policysite.sources.chrome import load as load_chrome
from policysite.validate import check_document_text, check_library

SOURCE_SUFFIXES = SUFFIXES  # .txt .md .html .docx .pdf … (policysite/sources/)
DOCUMENTS_DIR = "documents"
LEXICON_DIR = "lexicon"  # extraction rules (editors extend them)
CURATION_DIR = "curation"  # editors' changes to the registry (never written by the tool)
REGISTRY_DIR = "registry"  # generated entity registry
CHROME_DIR = "chrome"  # editors' page/repository chrome rules (added to the built-in ones)
JOURNAL = ".ingest-journal"


@dataclass(frozen=True)
class IngestResult:
    documents: tuple[Document, ...]
    written: tuple[Path, ...]
    warnings: tuple[str, ...] = field(default=())
    unchanged: int = 0  # documents left as they were: nothing changed since the last ingest


# -- reading sources ---------------------------------------------------------------------------
def source_files(paths: list[Path]) -> list[Path]:
    """The source texts named by ``paths``: files as given, directories searched (sorted)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*")
                                if p.is_file() and p.suffix.lower() in SOURCE_SUFFIXES
                                and not p.name.startswith(".")))
        elif path.is_file():
            files.append(path)
        else:
            raise SourceError(str(path), "no such file or directory",
                              hint="give source text files or a folder of them")
    return files


def read_document(path: Path, display: str | None = None, errors: str = "warn",
                  chrome: Chrome | None = None) -> Document:
    """Read (any supported format), clean and parse one source file (nothing is written)."""
    display = display or _display(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise SourceError(display, f"cannot read the file: {error.strerror}") from None
    extracted = read_source(raw, display, path.suffix, chrome)
    source = Source(display, extracted.sha256, extracted.encoding, format=extracted.format)
    document = parse(clean(extracted.text, extracted.drop), display, source, errors=errors,
                     container=extracted.meta, where=extracted.where)
    problem = lost_characters(extracted.text, document)
    if problem:  # a bug in clean/parse, never the user's fault: refuse rather than lose text
        raise SourceError(display, f"internal check failed, text would be lost: {problem}",
                          hint="please report this file")
    return document


def ingest(
    paths: list[Path], data_dir: Path, errors: str = "warn", allow_none: bool = False
) -> IngestResult:
    """Read every source, then write ``data/`` in one step (all files or none).

    With ``allow_none`` and no sources, the documents already in ``data/`` are extracted again
    (after a change to ``data/lexicon`` or ``data/curation``).
    """
    files = source_files(paths)
    if not files and not allow_none:
        raise SourceError(" ".join(str(p) for p in paths), "no source texts found",
                          hint=f"expected files ending in {', '.join(SOURCE_SUFFIXES)}")
    # -- no-change re-run: same sources, rules and code as the last ingest → nothing to do ----
    stamp_key = _ingest_key(files, data_dir, errors)
    unchanged = _unchanged_since(stamp_key, data_dir)
    if unchanged is not None:
        return IngestResult((), (), unchanged["warnings"], unchanged=unchanged["documents"])
    cache = _IngestCache(data_dir, errors)
    # progress: a bar on a terminal only (policysite/progress.py)
    chrome = load_chrome(read_yaml_dir(data_dir / CHROME_DIR))
    documents = [cache.parsed(path, lambda p: read_document(p, errors=errors, chrome=chrome))
                 for path in progress.track(files, len(files), "file", "reading")]
    documents = merge_parts(documents)
    checked = _CheckedCache(data_dir)  # the documents in data/, read once for both steps below
    existing = _document_texts(data_dir / DOCUMENTS_DIR)
    documents = _assign_ids(documents, existing, checked)
    new_sources = {s.file for d in documents for s in d.sources}
    kept = [d for d in _existing_documents(existing, checked) if d.source.file not in new_sources
            and d.id not in {n.id for n in documents}]
    library_docs, registry = extract_library(
        [*documents, *kept], read_lexicon(data_dir / LEXICON_DIR),
        read_curation(data_dir / CURATION_DIR),
        registry_from_dict(read_yaml_dir(data_dir / REGISTRY_DIR)), memo=cache)
    documents = library_docs[: len(documents)]
    outputs = {data_dir / DOCUMENTS_DIR / f"{d.id}.yml": cache.dumped(d, store.dump_document)
               for d in library_docs}
    for stem, rows in registry_to_dict(registry).items():
        outputs[data_dir / REGISTRY_DIR / f"{stem}.yml"] = store.dump_yaml(rows).encode("utf-8")
    warnings = tuple(f"{w.file}:{w.line}: warning: {w.message}"
                     for d in documents for w in d.warnings)
    outputs[data_dir / STAMP] = _stamp(files, data_dir, errors, outputs, len(library_docs),
                                       warnings)
    write_atomically(outputs, data_dir)
    # the documents just written need no re-check on the next load (see _CheckedCache)
    _CheckedCache(data_dir).seed(
        (_display(data_dir / DOCUMENTS_DIR / f"{d.id}.yml"),
         outputs[data_dir / DOCUMENTS_DIR / f"{d.id}.yml"], d) for d in library_docs)
    cache.keep_only_used()
    return IngestResult(tuple(documents), tuple(outputs), warnings)


# -- work kept from the last ingest --------------------------------------------------------------
class _IngestCache:
    """What earlier ingests computed, so that a library where one source changed (or where an
    editor accepted an entity) reads, extracts and writes again only what changed: each source's
    parsed document, each document's hits (``extract.HitsMemo``) and each document's YAML.

    Kept in ``.cache/policysite/ingest-<data dir hash>/`` next to ``data/``, one file per entry,
    named by the hash of everything the entry depends on: the source's bytes, the package's code,
    the lexicon and chrome rules, the ``--errors`` mode, the body names editors taught, the
    document itself.  An entry no run used is deleted at the end of an ingest; a cache that
    cannot be read or written only costs time (delete the folder to start cold).
    """

    def __init__(self, data_dir: Path, errors: str):
        where = hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:12]
        self.root = data_dir.resolve().parent / ".cache" / "policysite" / f"ingest-{where}"
        digest = hashlib.sha256(f"errors={errors}\0{_code_version()}\0".encode())
        for folder in (LEXICON_DIR, CHROME_DIR):
            for path in sorted((data_dir / folder).glob("*.yml")):
                digest.update(f"{folder}/{path.name}\0".encode() + path.read_bytes() + b"\0")
        self.rules = digest.hexdigest()
        self.used: set[str] = set()

    def parsed(self, path: Path, read: Callable[[Path], Document]) -> Document:
        key = self._key("parsed", _display(path), hashlib.sha256(path.read_bytes()).digest())
        return self._get_or_make(key, lambda: read(path), Document)

    def get(self, document: Document, taught: Mapping[str, tuple[str, str, str]]
            ) -> NodeHits | None:
        value = self._load(self._hits_key(document, taught))
        return value if isinstance(value, dict) else None

    def put(self, document: Document, taught: Mapping[str, tuple[str, str, str]],
            hits: NodeHits) -> None:
        self._save(self._hits_key(document, taught), hits)

    def dumped(self, document: Document, dump: Callable[[Document], str]) -> bytes:
        key = self._key("yaml", _fingerprint(document))
        return self._get_or_make(key, lambda: dump(document).encode("utf-8"), bytes)

    def keep_only_used(self) -> None:
        try:
            for path in [*self.root.glob("*.pickle"), *self.root.glob(".*.tmp")]:
                if path.stem not in self.used:  # and a killed run's half-written entry
                    path.unlink(missing_ok=True)
        except OSError:
            pass

    def _hits_key(self, document: Document, taught: Mapping[str, tuple[str, str, str]]) -> str:
        return self._key("hits", repr(sorted(taught.items())), _fingerprint(document))

    def _key(self, kind: str, *parts: str | bytes) -> str:
        digest = hashlib.sha256(f"{kind}\0{self.rules}\0".encode())
        for part in parts:
            digest.update(part.encode() if isinstance(part, str) else part)
            digest.update(b"\0")
        return f"{kind}-{digest.hexdigest()[:40]}"

    def _get_or_make(self, key: str, make: Callable[[], Any], kind: type) -> Any:
        value = self._load(key)
        if not isinstance(value, kind):  # none yet, or not what this entry holds
            value = make()
            self._save(key, value)
        return value

    def _load(self, key: str) -> Any:
        try:
            value = pickle.loads((self.root / f"{key}.pickle").read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
                IndexError, TypeError, ValueError):
            return None
        self.used.add(key)
        return value

    def _save(self, key: str, value: Any) -> None:
        self.used.add(key)
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            temp = self.root / f".{key}.tmp"
            temp.write_bytes(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
            temp.rename(self.root / f"{key}.pickle")
        except OSError:
            pass  # a cache that cannot be written only costs time


def _fingerprint(document: Document) -> bytes:
    """A hash of everything a document holds: its data as ``data/`` stores it, in canonical
    JSON (a pickle is no key: sets and shared strings make equal documents pickle apart)."""
    data = json.dumps(store.document_to_dict(document), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(data.encode("utf-8")).digest()


@functools.cache
def _code_version() -> str:
    """The hash of the package's code and built-in rules (a change invalidates every cache):
    read once, so a file edited while ingest runs does not pass for the code that ran."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted([*package.rglob("*.py"), *package.rglob("*.yml")]):
        digest.update(path.read_bytes())
    return digest.hexdigest()


# -- the no-change stamp -----------------------------------------------------------------------
# data/.ingest-stamp records a hash of everything an ingest reads: each source file's path and
# SHA-256, the lexicon and curation files, the package's code, the --errors mode and the
# documents written.  A re-run with the same hash writes nothing and takes a second or two.
STAMP = ".ingest-stamp"


def _ingest_key(files: list[Path], data_dir: Path, errors: str,
                written: dict[Path, bytes] | None = None) -> str:
    """The hash of an ingest's inputs; ``written``: the files about to be written (the key is
    then the one the next run will compute once they are)."""
    digest = hashlib.sha256(f"errors={errors}\n".encode())
    for path in files:
        digest.update(f"{_display(path)}\0".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    for folder in (LEXICON_DIR, CURATION_DIR, CHROME_DIR):
        for path in sorted((data_dir / folder).glob("*.yml")):
            digest.update(f"{folder}/{path.name}\0".encode() + path.read_bytes())
    digest.update(_code_version().encode())
    documents = data_dir / DOCUMENTS_DIR
    sizes = ({p.name: p.stat().st_size for p in documents.glob("*.yml")}
             if documents.is_dir() else {})
    for path, content in (written or {}).items():
        if path.parent == documents and path.suffix == ".yml":
            sizes[path.name] = len(content)
    for name in sorted(sizes):
        digest.update(f"{name}\0{sizes[name]}\n".encode())
    return digest.hexdigest()


def _unchanged_since(key: str, data_dir: Path) -> dict[str, Any] | None:
    try:
        stamp = json.loads((data_dir / STAMP).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(stamp, dict) or stamp.get("key") != key:
        return None
    return {"documents": int(stamp.get("documents", 0)),
            "warnings": tuple(str(w) for w in stamp.get("warnings", ()))}


def _stamp(files: list[Path], data_dir: Path, errors: str, written: dict[Path, bytes],
           documents: int, warnings: tuple[str, ...]) -> bytes:
    """The stamp, written with the documents in the same all-or-nothing step."""
    key = _ingest_key(files, data_dir, errors, written)
    stamp = {"key": key, "documents": documents, "warnings": list(warnings)}
    return json.dumps(stamp, ensure_ascii=False).encode("utf-8")


def merge_parts(documents: list[Document]) -> list[Document]:
    """Parts of one multi-page article (same title, part numbers) become one document."""
    groups: dict[str, list[Document]] = {}
    order: list[str] = []
    out: list[Document | str] = []
    for doc in documents:
        if not doc.parts:
            out.append(doc)
            continue
        if doc.title not in groups:
            groups[doc.title] = []
            order.append(doc.title)
            out.append(doc.title)
        groups[doc.title].append(doc)
    return [_merge(groups[item]) if isinstance(item, str) else item for item in out]


def _merge(parts: list[Document]) -> Document:
    parts = sorted(parts, key=lambda d: d.parts[0])
    numbers = tuple(p.parts[0] for p in parts)
    body: list[Node] = []
    dropped: list[Dropped] = []
    taken: set[str] = set()
    for index, doc in enumerate(parts):
        number = doc.parts[0]
        for node in doc.body:
            if index > 0 and node.kind == "title":
                dropped.append(Dropped(node.line, node.text or "", "repeated title", number))
                continue
            node = _tag_part(node, number, taken)
            body.append(node)
        dropped.extend(replace(d, part=number) for d in doc.dropped)
    first = parts[0]
    return replace(
        first,
        parts=numbers,
        missing_parts=tuple(n for n in range(1, max(numbers) + 1) if n not in numbers),
        sources=tuple(p.source for p in parts),
        dropped=tuple(dropped),
        body=tuple(body),
        warnings=tuple(w for p in parts for w in p.warnings),
    )


def _tag_part(node: Node, part: int, taken: set[str]) -> Node:
    node_id = node.id if node.id not in taken else f"{node.id}-part{part}"
    taken.add(node_id)
    children = tuple(_tag_part(c, part, taken) for c in node.children)
    return replace(node, id=node_id, part=part, children=children)


def _assign_ids(documents: list[Document], existing: list[tuple[Path, str | None]],
                checked: _CheckedCache) -> list[Document]:
    """Each document keeps the id it had (matched by source file); new ones get a slug."""
    previous = _ids_by_source(existing, checked)
    taken: set[str] = set()
    out = []
    for doc in documents:
        doc_id = previous.get(doc.source.file)
        if not doc_id or doc_id in taken:
            doc_id = unique(doc.id, taken)  # parse gave it from the 文号, else the title
        taken.add(doc_id)
        out.append(replace(doc, id=doc_id))
    return out


def _document_texts(documents_dir: Path) -> list[tuple[Path, str | None]]:
    """Each document file of ``data/documents`` with its text (None: unreadable), read once
    per ingest for the ids and the documents kept."""
    out: list[tuple[Path, str | None]] = []
    for path in sorted(documents_dir.glob("*.yml")) if documents_dir.is_dir() else []:
        try:
            out.append((path, path.read_text("utf-8")))
        except (OSError, UnicodeDecodeError):
            out.append((path, None))
    return out


def _ids_by_source(existing: list[tuple[Path, str | None]],
                   checked: _CheckedCache) -> dict[str, str]:
    ids: dict[str, str] = {}  # documents checked before need no YAML parse
    for path, text in existing:
        if text is None:
            continue
        try:
            data = checked.known(text, _display(path)) or store.yaml_load(text, str(path))
            ids[data["source"]["file"]] = data["id"]
        except (DataError, KeyError, TypeError):
            continue
    return ids


# -- reading data ------------------------------------------------------------------------------
def load_documents(data_dir: Path, known_ids: dict[str, set[str]] | None = None) -> list[Document]:
    """Every document in ``data/documents``, validated; all problems raised together.

    With ``known_ids`` (kind → registry ids) every mention must name a known entity.
    """
    finish_interrupted_write(data_dir)
    loaded = []
    problems: list[DataError] = []
    checked = _CheckedCache(data_dir)
    for path in sorted((data_dir / DOCUMENTS_DIR).glob("*.yml")):
        text = path.read_text("utf-8")
        data, found = checked.check(text, _display(path))
        problems.extend(found)
        if data is not None:
            loaded.append((_display(path), text, data))
    problems.extend(check_library(loaded, known_ids))
    if problems:
        raise DataErrors(problems)
    checked.save()
    return [store.document_from_dict(data) for _, _, data in loaded]


def load_library(data_dir: Path, hide_unreviewed: str = "none") -> Library:
    """``data/`` as a :class:`Library`, checked; ``hide_unreviewed`` (low | medium | none) leaves
    out unreviewed entities of that confidence or weaker (see ``registry.hide_unreviewed``)."""
    registry_data = read_yaml_dir(data_dir / REGISTRY_DIR)
    registry = registry_from_dict(registry_data) if registry_data else None
    known = None
    if registry is not None:
        known = {kind: {e.id for e in registry.of_kind(kind)} for kind in MENTION_KINDS}
    documents = load_documents(data_dir, known)
    if registry is not None and hide_unreviewed not in ("", "none"):
        documents, registry = hide_entities(documents, registry, hide_unreviewed)
    # The lexicon's modal words, for the 培训 pages (policysite.training reads modal per sentence).
    lexicon = read_lexicon(data_dir / LEXICON_DIR)
    return Library(tuple(documents), registry, lexicon)


def read_yaml_dir(directory: Path) -> dict[str, Any]:
    """``{file stem: content}`` for every ``*.yml`` in ``directory`` (empty if there is none)."""
    out: dict[str, Any] = {}
    if not directory.is_dir():
        return out
    for path in sorted(directory.glob("*.yml")):
        out[path.stem] = store.yaml_load(path.read_text("utf-8"), _display(path))
    return out


def lexicon_warning(data_dir: str | Path) -> str | None:
    """A one-line warning when ``data_dir`` has no extraction rules (a new data folder: its
    ingest finds no body and no mechanism), else None."""
    folder = Path(data_dir) / LEXICON_DIR
    if any(folder.glob("*.yml")):
        return None
    return (f"{_display(folder)}: warning: no extraction rules (*.yml), so no bodies or "
            "mechanisms are found; copy the project's data/lexicon/ there")


def read_lexicon(directory: str | Path) -> Lexicon:
    """The extraction lexicon in ``directory`` (``data/lexicon``); a missing file is empty.  An
    unknown key is a :class:`DataError` naming the file and the key's line."""
    directory = Path(directory)
    try:
        return lexicon_from_dict(read_yaml_dir(directory))
    except DataError as err:
        path = directory / Path(err.path).name
        if not err.field or err.line or not path.is_file():
            raise
        lines = path.read_text("utf-8").splitlines()
        line = next((i for i, text in enumerate(lines, 1) if text.startswith(f"{err.field}:")),
                    None)
        raise DataError(str(path), err.message, line, err.field) from None


def read_curation(directory: str | Path) -> Curation:
    """Editors' curation in ``directory`` (``data/curation``), checked."""
    return curation_from_dict(read_yaml_dir(Path(directory)))


# -- the editor's review (policysite review) ---------------------------------------------------
def review_curation(
    data_dir: Path, accept: list[str], suppress: list[str]
) -> list[tuple[str, str, str]]:
    """Record an editor's decisions in ``data/curation/``: ``accepted: true`` (编辑确认) or
    ``suppress: true`` for each registry id (``id`` or ``kind:id``).  Returns (kind, id, decision).

    The one place the tool writes curation, and only on this explicit command.  Entries are
    added as new lines under ``entries:``, so editors' comments and layout stay as they are.
    """
    registry = registry_from_dict(read_yaml_dir(data_dir / REGISTRY_DIR))
    curation = read_curation(data_dir / CURATION_DIR)
    decisions = [(ref, "accepted") for ref in accept] + [(ref, "suppress") for ref in suppress]
    by_file: dict[str, list[str]] = {}
    done = []
    for ref, decision in decisions:
        kind, entity_id = _registry_ref(registry, ref)
        if entity_id in curation.entries.get(kind, {}):
            raise DataError(
                f"{data_dir / CURATION_DIR / FILES[kind]}.yml",
                f"{entity_id} has an entry already; edit it there (add {decision}: true)",
                field=f"entries.{entity_id}",
            )
        by_file.setdefault(FILES[kind], []).append(f"  {entity_id}: {{{decision}: true}}")
        done.append((kind, entity_id, decision))
    outputs = {}
    for stem, lines in by_file.items():
        path = data_dir / CURATION_DIR / f"{stem}.yml"
        text = path.read_text("utf-8") if path.is_file() else ""
        outputs[path] = _with_entries(text, lines).encode("utf-8")
    for path, content in outputs.items():
        store.yaml_load(content.decode("utf-8"), _display(path))  # still valid YAML
    write_atomically(outputs, data_dir)
    return done


def _registry_ref(registry, ref: str) -> tuple[str, str]:
    kind, _, entity_id = ref.rpartition(":")
    kinds = [kind] if kind else list(FILES)
    found = [k for k in kinds if k in FILES and registry.get(k, entity_id) is not None]
    if len(found) != 1:
        where = "no entity" if not found else f"entities of kinds {', '.join(found)}"
        raise DataError(
            "data/registry/", f"{ref!r} names {where}; give an id as `policysite review` lists it "
            "(kind:id when two kinds share it)",
        )
    return found[0], entity_id


def _with_entries(text: str, lines: list[str]) -> str:
    """``text`` (a curation file) with ``lines`` added under its top-level ``entries:``."""
    rows = text.splitlines()
    for i, row in enumerate(rows):
        if row.split("#")[0].rstrip() in ("entries:", "entries: {}"):
            rows[i] = "entries:"
            rows[i + 1 : i + 1] = lines
            return "\n".join(rows) + "\n"
        if row.startswith("entries:"):
            raise DataError("data/curation/", f"line {i + 1}: write `entries:` on a line of its "
                            "own (block style) so that review can add entries under it")
    return text.rstrip("\n") + ("\n" if text else "") + "entries:\n" + "\n".join(lines) + "\n"


# -- the live editor's loop (policysite serve) -------------------------------------------------
def refresh(seeds_dir: Path, data_dir: Path, seen: dict[str, float]) -> list[str]:
    """Ingest what changed since ``seen`` (path → modification time, updated in place): the
    changed source files of ``seeds_dir`` are read again; a change to ``data/lexicon`` or
    ``data/curation`` extracts the library again.  The first call only records the times (the
    data was just built).  Returns the changed paths."""
    watched = {}
    for path in [*source_files([seeds_dir] if seeds_dir.is_dir() else []),
                 *sorted((data_dir / LEXICON_DIR).glob("*.yml")),
                 *sorted((data_dir / CURATION_DIR).glob("*.yml"))]:
        watched[str(path)] = path.stat().st_mtime
    first = not seen
    changed = [p for p, t in watched.items() if seen.get(p) != t]
    seen.clear()
    seen.update(watched)
    if first or not changed:
        return []
    sources = [Path(p) for p in changed if Path(p).suffix.lower() in SOURCE_SUFFIXES
               and Path(p).is_relative_to(seeds_dir)]
    ingest(sources, data_dir, allow_none=True)
    return changed


def _existing_documents(existing: list[tuple[Path, str | None]],
                        checked: _CheckedCache) -> list[Document]:
    """Documents already in data/ (ingest re-extracts them so the registry covers the library)."""
    found = []
    for path, text in existing:
        if text is None:
            text = path.read_text("utf-8")  # raises the reading error with the file's name
        data, problems = checked.check(text, _display(path))
        if data is None or problems:
            raise DataErrors(problems)
        found.append(data)
    checked.save()
    return [store.document_from_dict(data) for data in found]


# -- documents already checked ------------------------------------------------------------------
# Parsing YAML and validating it against the JSON Schema is most of the time a large library
# takes to load (1,000 documents: about a minute).  .cache/policysite/checked-*.json (next to
# data/, never inside it) keeps, for each document file that passed check_document_text, the
# SHA-256 of its text and its data as JSON, under a hash of the checking code and schema: the
# same text is not parsed or validated again.  check_library still runs on every load.
class _CheckedCache:
    def __init__(self, data_dir: Path):
        where = hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:12]
        self.path = data_dir.resolve().parent / ".cache" / "policysite" / f"checked-{where}.json"
        self.version = _checker_version()
        self.entries: dict[str, list[Any]] = {}
        self.used: dict[str, list[Any]] = {}
        try:
            stored = json.loads(self.path.read_text("utf-8"))
            if stored.get("version") == self.version:
                self.entries = stored["documents"]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.entries = {}

    def known(self, text: str, display: str) -> Any:
        """The data of a document checked before with this very text, else None."""
        hit = self.entries.get(display)
        if hit and hit[0] == hashlib.sha256(text.encode("utf-8")).hexdigest():
            return hit[1]
        return None

    def check(self, text: str, display: str) -> tuple[Any, list[DataError]]:
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        hit = self.entries.get(display)
        if hit and hit[0] == digest:
            self.used[display] = hit
            return hit[1], []
        data, problems = check_document_text(text, display)
        if data is not None and not problems:
            try:
                if json.loads(json.dumps(data, ensure_ascii=False)) == data:
                    self.used[display] = [digest, data]
            except (TypeError, ValueError):
                pass  # not plain JSON data: checked again next time
        return data, problems

    def seed(self, written) -> None:
        """Record documents ingest has just written (display path, bytes, Document): their
        data is ``store.document_to_dict`` — what loading the YAML back gives (store's exact
        round trip, tested by the golden and store tests) — so they are not parsed again."""
        self.used = dict(self.entries)
        for display, content, doc in written:
            digest = hashlib.sha256(content).hexdigest()
            data = json.loads(json.dumps(store.document_to_dict(doc), ensure_ascii=False))
            self.used[display] = [digest, data]
        self.save()

    def save(self) -> None:
        if self.used == self.entries:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temp = self.path.with_name(self.path.name + ".tmp")
            temp.write_text(json.dumps({"version": self.version, "documents": self.used},
                                       ensure_ascii=False), "utf-8")
            temp.rename(self.path)  # (not os.replace: that is the data write's commit step)
        except OSError:
            pass  # a cache that cannot be written only costs time


def _checker_version() -> str:
    here = Path(__file__).parent
    digest = hashlib.sha256()
    for path in (here / "validate.py", here / "store.py", here / "model.py",
                 *sorted((here / "schema").glob("*.json"))):
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def check(data_dir: Path) -> list[DataError]:
    """Every problem in ``data/`` (empty when it is fit to publish)."""
    try:
        load_library(data_dir)
    except DataErrors as errors:
        return errors.errors
    except DataError as error:
        return [error]
    return []


# -- reading the other files the CLI is given -------------------------------------------------
def read_gold_file(path: str | Path) -> dict[str, Any]:
    """A gold file of ``policysite evaluate`` (``tests/gold/*.yml``): its YAML mapping."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DataError(str(path), f"cannot read the gold file: {_reason(error)}") from None
    gold = store.yaml_load(text, str(path)) or {}
    if not isinstance(gold, dict):
        raise DataError(str(path), "expected a mapping with `document:` and `nodes:`", line=1)
    return gold


def read_query_file(path: Path) -> str:
    """The text of a ``policysite search-check`` query file (UTF-8, a BOM allowed)."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"{path}: cannot read the query file: {_reason(error)}") from None


def _reason(error: OSError | UnicodeDecodeError) -> str:
    if isinstance(error, UnicodeDecodeError):
        return "not UTF-8 text"
    return error.strerror or str(error)


# -- writing -----------------------------------------------------------------------------------
def write_atomically(outputs: dict[Path, bytes], data_dir: Path) -> None:
    """Write all files or none: temp files first, then a journal, then renames.

    If the process dies during the renames, the next run finishes them from the journal
    (:func:`finish_interrupted_write`), so ``data/`` is never left half-written.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    finish_interrupted_write(data_dir)
    staged: list[tuple[str, str]] = []
    for path, content in sorted(outputs.items()):
        if path.is_file() and path.read_bytes() == content:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".{path.name}.tmp")
        with open(temp, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        staged.append((str(temp), str(path)))
    if not staged:
        return
    journal = data_dir / JOURNAL
    temp_journal = data_dir / (JOURNAL + ".tmp")
    temp_journal.write_text("\n".join(f"{t}\t{p}" for t, p in staged), "utf-8")
    os.replace(temp_journal, journal)
    finish_interrupted_write(data_dir)


def finish_interrupted_write(data_dir: Path) -> None:
    """Complete the renames of a write that a killed process left in its journal."""
    journal = data_dir / JOURNAL
    (data_dir / (JOURNAL + ".tmp")).unlink(missing_ok=True)
    if not journal.is_file():
        for stale in data_dir.rglob(".*.tmp"):
            stale.unlink(missing_ok=True)  # staged files of a run killed before its journal
        return
    for line in journal.read_text("utf-8").splitlines():
        temp, final = line.split("\t")
        if os.path.exists(temp):
            os.replace(temp, final)
    journal.unlink()


def write_pages(library: Library, out_dir: Path) -> list[Path]:
    """Write every generated page under ``out_dir`` (for reading them without a site build)."""
    from policysite.pages import render_all

    written = []
    for rel, content in render_all(library).items():
        path = out_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, "utf-8")
        written.append(path)
    return written


def _display(path: Path) -> str:
    """A path as the user would write it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


# -- search index of a served site ------------------------------------------------------------
def build_pagefind(site_dir: Path) -> None:
    """Index ``site_dir`` with Pagefind (extended build: Chinese segmentation) into pagefind/,
    and write the small search_index.json that tells the search worker to use it."""
    index = site_dir / "search" / "search_index.json"
    index.parent.mkdir(parents=True, exist_ok=True)
    index.write_text(json.dumps({"config": {"lang": ["zh"], "separator": r"[\s\-]+",
                                            "pipeline": [], "pagefind": "pagefind/"},
                                 "docs": []}), "utf-8")
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--force-language",
               "zh", "--keep-index-url", "--silent"]
    try:
        result = subprocess.run(command, capture_output=True, text=True)
    except OSError as error:
        raise BuildError(f"cannot run Pagefind ({error}); reinstall with: make venv") from None
    if result.returncode != 0:
        raise BuildError("Pagefind could not index the site: "
                         + (result.stderr or result.stdout).strip()[-2000:])
    bundle = site_dir / "pagefind"
    fragments = (gzip.decompress(f.read_bytes()) for f in bundle.glob("fragment/*.pf_fragment"))
    (bundle / pagefind.VOCABULARY).write_text("\n".join(pagefind.vocabulary(fragments)), "utf-8")
