"""Extraction on real documents nobody tuned for (issue 10): the gold files with entity nodes.

The real2 sources bundled in ``seeds/`` (1xx_*.md, 1xx_*.html), the metadata held-out set and
the bundled laws (``tests/corpus/``) are ingested as a user would; each gold file with entity
nodes is scored by :mod:`policysite.evaluate`. The splits (``tests/gold/SPLIT.md``) were
declared before the gold they name was read: rules were written looking at the TUNE sets only.
HELD_OUT_2 to HELD_OUT_9, HELD_OUT_12, HELD_OUT_14, HELD_OUT_17 to HELD_OUT_21 were each scored
once and then tuned on (TUNE_3 to TUNE_17); HELD_OUT, HELD_OUT_10, HELD_OUT_11,
HELD_OUT_13, HELD_OUT_15 and HELD_OUT_16 are only ever scored (``NEVER_READ``). Floors hold what
extraction reaches today, per set, so a change that loses ground fails here; the issue's targets on
the held-out sets are not met yet and are recorded as strict expected failures (they flip to
failures when met: raise the floors then).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from policysite.build import ingest, load_library, read_gold_file
from policysite.evaluate import evaluate, format_report, gold_document, second_reading

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold"
SPLIT = yaml.safe_load(
    "\n".join(
        line for line in (GOLD / "SPLIT.md").read_text("utf-8").splitlines()
        if re.match(r"(TUNE|HELD_OUT)(_\d+)?:", line)
    )
)
# What extraction reaches on each set today (precision, recall), a little below the measured
# figures of the README.
FLOORS = {
    "TUNE": {"body": (0.92, 0.89), "mechanism": (0.82, 0.68), "citation": (0.92, 0.89)},
    # the sixth round traded held-out body precision (0.72 -> 0.70) for recall (0.61 -> 0.66)
    "HELD_OUT": {"body": (0.70, 0.70), "mechanism": (0.72, 0.56), "citation": (0.95, 0.90)},
    "TUNE_2": {"body": (0.85, 0.78), "mechanism": (0.77, 0.82), "citation": (0.82, 0.95)},
    # HELD_OUT_2 scored once at 684ad57 (bodies 0.65 / 0.53, mechanisms 0.60 / 0.33), then tuned on
    "TUNE_3": {"body": (0.90, 0.85), "mechanism": (0.78, 0.70), "citation": (0.50, 0.95)},
    # HELD_OUT_3 scored once at the end of the third round (bodies 0.85 / 0.62), then tuned on
    # (mechanisms 0.60 -> 0.40 in the sixteenth round: titles of listed standards; back at 0.67
    # since a norm's name alone on its line is a title)
    "TUNE_4": {"body": (0.91, 0.85), "mechanism": (0.60, 0.25), "citation": (0.95, 0.70)},
    # HELD_OUT_4 scored once at 0e084a1 (bodies 0.53 / 0.46, mechanisms 0.82 / 0.70), then tuned on
    "TUNE_5": {"body": (0.87, 0.79), "mechanism": (0.85, 0.73), "citation": (0.75, 0.80)},
    # HELD_OUT_5 scored once at 25b9cd5 (bodies 0.81 / 0.66, mechanisms 0.63 / 0.54), then tuned on
    "TUNE_6": {"body": (0.86, 0.77), "mechanism": (0.68, 0.60), "citation": (0.90, 0.95)},
    # HELD_OUT_6 scored once at 89652c9 (bodies 0.85 / 0.82, mechanisms 0.41 / 0.40), then tuned on
    "TUNE_7": {"body": (0.89, 0.84), "mechanism": (0.65, 0.39), "citation": (0.93, 0.99)},
    # HELD_OUT_7 scored once at 86f9945 (bodies 0.74 / 0.50, mechanisms 0.65 / 0.45), then tuned on
    "TUNE_8": {"body": (0.85, 0.76), "mechanism": (0.78, 0.71), "citation": (0.74, 0.96)},
    # HELD_OUT_8 scored once at d08af2b (bodies 0.81 / 0.57, mechanisms 0.78 / 0.66), then tuned on
    "TUNE_9": {"body": (0.87, 0.78), "mechanism": (0.76, 0.64), "citation": (0.98, 0.88)},
    # HELD_OUT_9 scored once at fa14e0e (bodies 0.74 / 0.57, mechanisms 0.71 / 0.57), then tuned on
    "TUNE_10": {"body": (0.86, 0.70), "mechanism": (0.75, 0.55), "citation": (0.65, 0.94)},
    # HELD_OUT_10 scored once at b7f8fb6 (bodies 0.77 / 0.62) and at a401254 (0.78 / 0.63); never
    # read since, like HELD_OUT
    "HELD_OUT_10": {"body": (0.76, 0.63), "mechanism": (0.58, 0.48), "citation": (0.95, 0.93)},
    # HELD_OUT_11 scored once at c8dfae2 (bodies 0.77 / 0.73, mechanisms 0.55 / 0.34) and at the
    # eleventh round's end; never read since, like HELD_OUT
    "HELD_OUT_11": {"body": (0.75, 0.71), "mechanism": (0.50, 0.30), "citation": (0.85, 0.80)},
    # HELD_OUT_12 scored once at 77a38f1 and fae3088 (bodies 0.66 / 0.65, mechanisms 0.75 / 0.70),
    # then tuned on
    "TUNE_11": {"body": (0.77, 0.76), "mechanism": (0.78, 0.72), "citation": (0.95, 0.95)},
    # HELD_OUT_13 scored once at 2ea1cc6 (rules of a52f6a8: bodies 0.78 / 0.61, mechanisms
    # 0.50 / 0.63, citations 0.90 / 0.80); never read, like HELD_OUT
    "HELD_OUT_13": {"body": (0.76, 0.59), "mechanism": (0.45, 0.55), "citation": (0.85, 0.75)},
    # HELD_OUT_14 scored once at be390d9 (bodies 0.79 / 0.78, mechanisms 0.75 / 0.79), then tuned on
    "TUNE_12": {"body": (0.84, 0.83), "mechanism": (0.82, 0.76), "citation": (0.95, 0.80)},
    # HELD_OUT_15 scored once at 098b682 (bodies 0.80 / 0.68, mechanisms 0.72 / 0.58) and at the
    # fourteenth round's end (the same); never read, like HELD_OUT
    "HELD_OUT_15": {"body": (0.78, 0.66), "mechanism": (0.70, 0.56), "citation": (0.95, 0.92)},
    # HELD_OUT_17 scored once at 8cd22db (bodies 0.81 / 0.75, mechanisms 0.65 / 0.54), then tuned on
    "TUNE_13": {"body": (0.79, 0.73), "mechanism": (0.60, 0.50), "citation": (0.80, 0.90)},
    # HELD_OUT_16 scored once at 168d473 (bodies 0.73 / 0.64, mechanisms 0.42 / 0.50, citations
    # 0.95 / 0.95); never read, like HELD_OUT
    "HELD_OUT_16": {"body": (0.71, 0.62), "mechanism": (0.40, 0.48), "citation": (0.92, 0.92)},
    # HELD_OUT_18 scored once at 172b335 (bodies 0.76 / 0.68, mechanisms 0.80 / 0.56), then tuned on
    "TUNE_14": {"body": (0.77, 0.70), "mechanism": (0.84, 0.74), "citation": (0.85, 0.92)},
    # HELD_OUT_19 scored once at 4429f89 (bodies 0.74 / 0.65, mechanisms 0.62 / 0.54), then tuned on
    "TUNE_15": {"body": (0.72, 0.67), "mechanism": (0.66, 0.56), "citation": (0.70, 0.85)},
    # HELD_OUT_20 scored once at e870aa1 (bodies 0.69 / 0.61, mechanisms 0.74 / 0.52), then tuned on
    "TUNE_16": {"body": (0.82, 0.71), "mechanism": (0.76, 0.58), "citation": (0.80, 0.90)},
    # HELD_OUT_21 scored once at 7a50242 (bodies 0.87 / 0.78, mechanisms 0.72 / 0.60), then tuned
    # on; in the whole library its mechanisms score 0.65 / 0.54: 388's short form 评标专家库 links
    # to its full name, and the gold's 评标专家库 to another document's entry of that name
    "TUNE_17": {"body": (0.85, 0.76), "mechanism": (0.63, 0.52), "citation": (0.98, 0.98)},
}
# The targets on documents whose gold was not used to tune.
TARGETS = {"body": (0.90, 0.85), "mechanism": (0.85, 0.80)}


# Where the sources of the gold files are: the real2 seeds, the metadata held-out set, the laws.
CORPUS = ROOT / "tests" / "corpus"
SOURCES = (ROOT / "seeds", CORPUS / "heldout", CORPUS / "heldout7", CORPUS / "heldout8",
           CORPUS / "heldout9", CORPUS / "heldout10", CORPUS / "heldout11", CORPUS / "heldout12",
           CORPUS / "heldout13", CORPUS / "heldout14", CORPUS / "heldout15", CORPUS / "heldout16",
           CORPUS / "heldout17", CORPUS / "heldout18", CORPUS / "heldout19", CORPUS / "heldout20",
           CORPUS / "heldout21", CORPUS / "laws")


# Later sets of real2 documents (gold next to their metadata gold in tests/gold/): HELD-OUT's seven
# documents that had metadata gold only, given entity gold, scored once and tuned on (TUNE_6).
REAL2_LATER = ("TUNE_6",)


def gold_files(which: str) -> list[Path]:
    """The gold files with entity nodes of one set: TUNE and HELD_OUT (real2, by number), the
    later sets (tests/gold/entities, by the start of the file name)."""
    if which not in ("TUNE", "HELD_OUT", *REAL2_LATER):
        wanted = tuple(str(n) for n in SPLIT[which])
        return sorted(p for p in (GOLD / "entities").glob("*.yml") if p.name.startswith(wanted))
    numbers = set(SPLIT[which])
    if which == "HELD_OUT":  # HELD_OUT's documents scored once, then tuned on, left it
        numbers -= {n for later in REAL2_LATER for n in SPLIT[later]}
    out = []
    for path in sorted(GOLD.glob("1[0-9][0-9]_*.yml")):
        sources = [ROOT / "seeds" / f"{path.stem}{ext}"
                   for ext in (".md", ".html")]
        source = next((s for s in sources if s.is_file()), None)
        if int(path.name[:3]) in numbers and source and read_gold_file(path).get("nodes"):
            out.append(path)
    return out


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    data = tmp_path_factory.mktemp("real2") / "data"
    (data / "lexicon").mkdir(parents=True)
    for path in (ROOT / "data" / "lexicon").glob("*.yml"):
        (data / "lexicon" / path.name).write_bytes(path.read_bytes())
    seeds = ROOT / "seeds"
    others = [p for folder in SOURCES[1:] for p in sorted(folder.iterdir()) if p.is_file()]
    ingest(sorted([*seeds.glob("1*.md"), *seeds.glob("1*.html")]) + others, data)
    return load_library(data)


_TOTALS: dict[tuple[str, int], dict] = {}


def _total(which: str, library) -> dict:
    key = (which, id(library))
    if key not in _TOTALS:
        _TOTALS[key] = _scored(which, library)
    return _TOTALS[key]


def _scored(which: str, library) -> dict:
    return _summed(
        evaluate(gold_document(gold, library, path), gold, library.registry, strict=False)
        for path in gold_files(which) for gold in [read_gold_file(path)])


def _summed(results) -> dict:
    """The scores of several gold files (:func:`evaluate`'s results) as one total."""
    total: dict[str, Counter] = {}
    for scores in results:
        for kind, s in scores.items():
            total.setdefault(kind, Counter()).update({k: s[k] for k in ("tp", "fp", "fn")})
    out = {}
    for kind, c in total.items():
        tp, fp, fn = c["tp"], c["fp"], c["fn"]
        out[kind] = {"tp": tp, "fp": fp, "fn": fn,
                     "precision": round(tp / (tp + fp), 3) if tp + fp else 1.0,
                     "recall": round(tp / (tp + fn), 3) if tp + fn else 1.0, "f1": 0.0}
    return out


def test_the_split_is_disjoint_and_every_set_has_gold():
    assert not set(SPLIT["TUNE"]) & set(SPLIT["HELD_OUT"])
    tuned = {str(n) for which in SPLIT if which.startswith("TUNE") for n in SPLIT[which]}
    held_out = {str(p.name[:3]) for which in NEVER_READ for p in gold_files(which)}
    assert not tuned & held_out
    later_sets = ("HELD_OUT_2", "HELD_OUT_3", "HELD_OUT_4", "HELD_OUT_5", "HELD_OUT_6",
                  "HELD_OUT_7", "HELD_OUT_8", "HELD_OUT_9")
    tuned_later = [SPLIT[f"TUNE_{n}"] for n in range(3, 11)]
    for later in later_sets:  # scored once, tuned on
        assert SPLIT[later] in tuned_later, later
    for which in SETS:
        assert gold_files(which), which
    for which in SETS[2:]:
        assert len(gold_files(which)) == len(SPLIT[which]), which


SETS = ["TUNE", "HELD_OUT", *(f"TUNE_{n}" for n in range(2, 18)), "HELD_OUT_10", "HELD_OUT_11",
        "HELD_OUT_13", "HELD_OUT_15", "HELD_OUT_16"]
# The sets whose errors are never read: the targets are measured on them.
NEVER_READ = ["HELD_OUT", "HELD_OUT_10", "HELD_OUT_11", "HELD_OUT_13", "HELD_OUT_15",
              "HELD_OUT_16"]


@pytest.mark.parametrize("which", SETS)
def test_extraction_keeps_its_floor(which, library):
    result = _total(which, library)
    report = format_report(result, which)
    for kind, (precision, recall) in FLOORS[which].items():
        assert result[kind]["precision"] >= precision, report
        assert result[kind]["recall"] >= recall, report


@pytest.mark.xfail(strict=True, reason="issue 10's held-out targets are not met yet (README)")
@pytest.mark.parametrize("which", NEVER_READ)
@pytest.mark.parametrize("kind", list(TARGETS))
def test_held_out_targets(kind, which, library):
    result = _total(which, library)
    precision, recall = TARGETS[kind]
    assert result[kind]["precision"] >= precision, format_report(result, which)
    assert result[kind]["recall"] >= recall, format_report(result, which)


def test_two_readers_agree_beyond_the_targets(library):
    """Second, independent readings of six tuned documents (``tests/gold/agreement/``, made by
    readers who saw neither the first reading nor the extractor's output), scored against the
    first with the extractor's rules: careful readers sharing the gold files' conventions agree
    beyond the issue's targets, so the targets are within a reader's reach and the gap to them is
    the extractor's, not the gold's noise (figures in the README)."""
    seconds = sorted((GOLD / "agreement").glob("*.yml"))
    assert len(seconds) == 6
    results = []
    for second in seconds:
        first = GOLD / "entities" / second.name
        gold = read_gold_file(first)
        document = gold_document(gold, library, first)
        reading = second_reading(document, read_gold_file(second), library.registry)
        results.append(evaluate(document, gold, library.registry, strict=False, reading=reading))
    total = _summed(results)
    for kind, (precision, recall) in TARGETS.items():
        tp, fp, fn = (total[kind][k] for k in ("tp", "fp", "fn"))
        assert tp / (tp + fp) >= precision, format_report(total, "agreement")
        assert tp / (tp + fn) >= recall, format_report(total, "agreement")
