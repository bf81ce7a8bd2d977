"""The one module that reads and writes files.  The CLI and the MkDocs plugin call it.

``ingest`` reads source texts and writes ``data/``; ``load_library`` reads ``data/`` back;
``write_pages`` writes generated Markdown for inspection; ``build_site`` runs MkDocs.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from policysite import progress, store
from policysite.clean import clean
from policysite.decode import decode
from policysite.errors import DataError, DataErrors, SourceError
from policysite.library import Library, extract_library
from policysite.lossless import lost_characters
from policysite.model import MENTION_KINDS, Document, Dropped, Node, Source
from policysite.parse import parse
from policysite.registry import registry_from_dict, registry_to_dict
from policysite.slug import document_slug, unique
from policysite.validate import check_document_text, check_library

SOURCE_SUFFIXES = (".txt", ".md", ".text")
DOCUMENTS_DIR = "documents"
LEXICON_DIR = "lexicon"  # extraction rules (editors extend them)
CURATION_DIR = "curation"  # editors' changes to the registry (never written by the tool)
REGISTRY_DIR = "registry"  # generated entity registry
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


def read_document(path: Path, display: str | None = None, errors: str = "warn") -> Document:
    """Decode, clean and parse one source file (nothing is written)."""
    display = display or _display(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise SourceError(display, f"cannot read the file: {error.strerror}") from None
    decoded = decode(raw, display)
    source = Source(display, hashlib.sha256(raw).hexdigest(), decoded.encoding)
    document = parse(clean(decoded.text), display, source, errors=errors)
    problem = lost_characters(decoded.text, document)
    if problem:  # a bug in clean/parse, never the user's fault: refuse rather than lose text
        raise SourceError(display, f"internal check failed, text would be lost: {problem}",
                          hint="please report this file")
    return document


def ingest(paths: list[Path], data_dir: Path, errors: str = "warn") -> IngestResult:
    """Read every source, then write ``data/`` in one step (all files or none)."""
    files = source_files(paths)
    if not files:
        raise SourceError(" ".join(str(p) for p in paths), "no source texts found",
                          hint=f"expected files ending in {', '.join(SOURCE_SUFFIXES)}")
    # -- no-change re-run: same sources, rules and code as the last ingest → nothing to do ----
    stamp_key = _ingest_key(files, data_dir, errors)
    unchanged = _unchanged_since(stamp_key, data_dir)
    if unchanged is not None:
        return IngestResult((), (), unchanged["warnings"], unchanged=unchanged["documents"])
    # progress: a bar on a terminal only (policysite/progress.py)
    documents = [read_document(path, errors=errors)
                 for path in progress.track(files, len(files), "file", "reading")]
    documents = merge_parts(documents)
    documents = _assign_ids(documents, data_dir / DOCUMENTS_DIR)
    new_sources = {s.file for d in documents for s in d.sources}
    kept = [d for d in _existing_documents(data_dir) if d.source.file not in new_sources
            and d.id not in {n.id for n in documents}]
    library_docs, registry = extract_library(
        [*documents, *kept], read_yaml_dir(data_dir / LEXICON_DIR),
        read_yaml_dir(data_dir / CURATION_DIR), read_yaml_dir(data_dir / REGISTRY_DIR))
    documents = library_docs[: len(documents)]
    outputs = {data_dir / DOCUMENTS_DIR / f"{d.id}.yml": store.dump_document(d).encode("utf-8")
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
    return IngestResult(tuple(documents), tuple(outputs), warnings)


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
    for folder in (LEXICON_DIR, CURATION_DIR):
        for path in sorted((data_dir / folder).glob("*.yml")):
            digest.update(f"{folder}/{path.name}\0".encode() + path.read_bytes())
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(path.read_bytes())
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


def _assign_ids(documents: list[Document], documents_dir: Path) -> list[Document]:
    """Each document keeps the id it had (matched by source file); new ones get a slug."""
    previous = _ids_by_source(documents_dir)
    taken: set[str] = set()
    out = []
    for doc in documents:
        doc_id = previous.get(doc.source.file)
        if not doc_id or doc_id in taken:
            doc_id = unique(document_slug(doc.title, doc.doc_number), taken)
        taken.add(doc_id)
        out.append(replace(doc, id=doc_id))
    return out


def _ids_by_source(documents_dir: Path) -> dict[str, str]:
    ids: dict[str, str] = {}
    for path in sorted(documents_dir.glob("*.yml")) if documents_dir.is_dir() else []:
        try:
            data = store.yaml_load(path.read_text("utf-8"), str(path))
            ids[data["source"]["file"]] = data["id"]
        except (DataError, KeyError, TypeError, OSError, UnicodeDecodeError):
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


def load_library(data_dir: Path) -> Library:
    registry_data = read_yaml_dir(data_dir / REGISTRY_DIR)
    registry = registry_from_dict(registry_data) if registry_data else None
    known = None
    if registry is not None:
        known = {kind: {e.id for e in registry.of_kind(kind)} for kind in MENTION_KINDS}
    # The pages read the lexicon too (mechanism categories are its suffixes), never a copy.
    settings = {"lexicon": read_yaml_dir(data_dir / LEXICON_DIR)}
    return Library(tuple(load_documents(data_dir, known)), registry, settings)


def read_yaml_dir(directory: Path) -> dict[str, Any]:
    """``{file stem: content}`` for every ``*.yml`` in ``directory`` (empty if there is none)."""
    out: dict[str, Any] = {}
    if not directory.is_dir():
        return out
    for path in sorted(directory.glob("*.yml")):
        out[path.stem] = store.yaml_load(path.read_text("utf-8"), _display(path))
    return out


def _existing_documents(data_dir: Path) -> list[Document]:
    """Documents already in data/ (ingest re-extracts them so the registry covers the library)."""
    found = []
    checked = _CheckedCache(data_dir)
    for path in sorted((data_dir / DOCUMENTS_DIR).glob("*.yml")):
        text = path.read_text("utf-8")
        data, problems = checked.check(text, _display(path))
        if problems:
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
        for temp in data_dir.rglob(".*.tmp"):
            temp.unlink(missing_ok=True)  # staged files of a run killed before its journal
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
