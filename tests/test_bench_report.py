"""The benchmark report (scripts/bench.py) states issue 10's figures: entity pages per registry
and confidence, and the precision of each hand-judged sample of the 1,000-law registry."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _bench():
    spec = importlib.util.spec_from_file_location("bench", ROOT / "scripts" / "bench.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_judged_samples_are_counted_from_the_verdicts():
    bench = _bench()
    rows = {row["file"]: row for row in bench.judged_samples()}
    first = rows["tests/gold/scale-sample.yml"]
    assert first["body"]["judged"] == 50
    assert first["mechanism"]["judged"] == 50
    assert first["both"]["right"] == first["body"]["right"] + first["mechanism"]["right"]
    assert "tests/gold/scale-sample-2.yml" in rows
    for n, (body, mechanism, shown) in EXPECTED_RIGHT.items():
        every = rows[f"tests/gold/scale-sample-{n}.yml"]
        assert (every["body"]["right"], every["mechanism"]["right"]) == (body, mechanism), n
        assert rows[f"tests/gold/scale-sample-{n}-shown.yml"]["both"]["right"] == shown, n


# Right verdicts of the later samples: n → (bodies of every page, mechanisms of every page, both
# kinds of the shown pages), as their headers say.
EXPECTED_RIGHT = {3: (36, 32, 71), 4: (37, 29, 69), 5: (33, 27, 74), 6: (37, 36, 81),
                  7: (33, 26, 77), 8: (35, 35, 82), 9: (36, 30, 84), 10: (31, 28, 76),
                  11: (31, 29, 83), 12: (25, 30, 81), 13: (38, 25, 86)}


def test_report_has_entity_pages_and_judged_precision():
    bench = _bench()
    run = {"documents": 1000, "steps": {
        step: {"seconds": 1.0, "peak_mib": 1.0}
        for step in ("ingest_cold", "ingest_unchanged", "ingest_one_changed", "build",
                     "baseline_build")},
        "entity_pages": {"bodies": {"total": 7, "high": 2, "medium": 1, "low": 4}}}
    results = {"date": "2026-12-03", "commit": "abc", "runs": [run],
               "judged_samples": bench.judged_samples(), "notes": [],
               "machine": {"cpu": "x", "cpus": 2, "memory_gib": 1, "python": "3", "platform": "p"}}
    report = bench.render_report(results)
    assert "| 1000 | bodies | 7 | 2 | 1 | 4 |" in report
    second = next(r for r in results["judged_samples"] if r["file"].endswith("-2.yml"))
    assert f"both {second['both']['right']}/100" in report


def test_the_editor_step_suppresses_the_weakest_body_and_is_reported(tmp_path):
    bench = _bench()
    (tmp_path / "bodies.yml").write_text(
        "- {id: shi-minzhengju, confidence: high}\n- {id: anjian-danwei, confidence: low}\n",
        "utf-8")
    assert bench._weakest_entity(tmp_path) == "body:anjian-danwei"
    assert bench._weakest_entity(tmp_path / "none") is None
    run = {"documents": 10, "steps": {
        step: {"seconds": 2.5, "peak_mib": 1.0}
        for step in ("ingest_cold", "ingest_unchanged", "ingest_one_changed",
                     "ingest_one_suppressed", "build", "baseline_build")}}
    results = {"date": "2026-12-05", "commit": "abc", "runs": [run], "judged_samples": [],
               "notes": [], "machine": {"cpu": "x", "cpus": 2, "memory_gib": 1, "python": "3",
                                        "platform": "p"}}
    assert "| 10 | 2.5 s | — | 2.5 s | 2.5 s | 2.5 s | 2.5 s |" in bench.render_report(results)
