"""bot/evaluation/fit_figure_choice.py: the weights file it writes."""

from __future__ import annotations

from pathlib import Path

from bot.answer.figure_choice import WEIGHTS_FILE, load_weights
from bot.evaluation.fit_figure_choice import weights_json


def test_the_shipped_weights_file_is_what_the_fitters_writer_makes_of_its_weights(tmp_path: Path) -> None:
    path = tmp_path / "weights.json"
    path.write_text(weights_json(load_weights(), 1e-2), encoding="utf-8")
    assert (load_weights(path) == load_weights()).all()
    assert path.read_text(encoding="utf-8") == WEIGHTS_FILE.read_text(encoding="utf-8")
