"""Draw the hand-judged sample of the 1,000-law registry (tests/gold/scale-sample.yml).

Usage (data/ from ``policysite ingest`` over the unpacked lawrefbook-1000 folder)::

    python tests/gold/scale_sample_draw.py DATA_DIR [SEED] [--shown] > draft.yml

``--shown`` draws only from the pages a site with ``hide_unreviewed: low`` shows (entities of
medium or high confidence); each drawn entry records its ``confidence``.

Prints one draft entry per sampled entity, with the sentence around one of its mentions; the
verdict and the correct span are then filled in by reading (never by a program). Reproducible:
the registry is read in file order, and random.Random(20261203) draws 50 bodies, then 50
mechanisms, then one mention of each sampled entity (in that order).
"""

import random
import re
import sys
from pathlib import Path

import yaml

SEED = 20261203
PER_KIND = 50
SENTENCE_END = re.compile(r"[。；！？;!?]")


def mentions(data: Path) -> dict[tuple[str, str], list[tuple[str, str, int, int]]]:
    """(kind, id) -> [(law file stem, node text, start, end)] in document-file order."""
    found: dict[tuple[str, str], list[tuple[str, str, int, int]]] = {}

    def walk(nodes: list[dict], stem: str) -> None:
        for node in nodes:
            for m in node.get("mentions") or []:
                text = node.get(m.get("field", "text")) or ""
                found.setdefault((m["kind"], m["id"]), []).append(
                    (stem, text, m["start"], m["end"])
                )
            walk(node.get("children") or [], stem)

    for path in sorted((data / "documents").glob("*.yml")):
        doc = yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader)
        walk(doc["body"], Path(doc["source"]["file"]).stem)
    return found


def sentence(text: str, start: int, end: int) -> str:
    """The sentence of text (split at 。；！？) that holds the span start:end."""
    left = max((m.end() for m in SENTENCE_END.finditer(text, 0, start)), default=0)
    right = SENTENCE_END.search(text, end)
    return text[left : right.end() if right else len(text)].strip()


def main(data: Path, seed: int = SEED, shown: bool = False) -> None:
    found = mentions(data)
    rng = random.Random(seed)
    drawn = []
    for kind, file in (("body", "bodies"), ("mechanism", "mechanisms")):
        registry = yaml.safe_load((data / "registry" / f"{file}.yml").read_text("utf-8"))
        pages = [entry for entry in registry if (kind, entry["id"]) in found
                 and (not shown or entry.get("confidence") in ("medium", "high"))]
        drawn += [(kind, entry) for entry in rng.sample(pages, PER_KIND)]
    out = []
    for kind, entry in drawn:
        stem, text, start, end = rng.choice(found[(kind, entry["id"])])
        out.append(
            {
                "kind": kind,
                "name": entry["name"],
                "verdict": None,
                "correct": None,
                "law": stem,
                "sentence": sentence(text, start, end),
                "mentions": len(found[(kind, entry["id"])]),
                "confidence": entry.get("confidence"),
            }
        )
    yaml.safe_dump(out, sys.stdout, allow_unicode=True, sort_keys=False, width=1000)


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--shown"]
    main(Path(args[0]), int(args[1]) if len(args) > 1 else SEED, shown="--shown" in sys.argv)
