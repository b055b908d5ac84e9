"""The engine benchmark still runs end to end (tiny N; figures are printed, never asserted)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import engines


@pytest.mark.slow
def test_benchmark_runs_at_2k_and_reports_parity(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    argv = ["--sizes", "2000", "--queries", "30", "--engines", "factbot,rank_bm25,bm25s-numpy,tantivy"]
    argv += ["--workdir", str(tmp_path / "work"), "--out", str(tmp_path / "out")]
    assert engines.main(argv) == 0
    result = json.loads((tmp_path / "out" / "latest.json").read_text(encoding="utf-8"))
    row = result["sizes"][0]
    assert row["n"] == 2000
    assert all("error" not in figures for figures in row["engines"].values()), row["engines"]
    assert row["parity"] == {
        "queries": 30,
        "identical_top10": 30,
        "max_abs_score_diff": pytest.approx(0, abs=1e-6),
    }
    factbot = row["engines"]["factbot"]
    assert factbot["postings_summed_p50"] <= factbot["postings_p50"]
    assert "p50 ms" in capsys.readouterr().out
    e2e = result["e2e"]
    assert "skipped" in e2e or (e2e["index"]["returncode"] == 0 and e2e["ask"]["answers"] == e2e["questions"])
