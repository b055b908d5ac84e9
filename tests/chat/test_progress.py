"""`factbot index` progress: a bar per phase on a terminal, ending its line; plain lines elsewhere."""

from __future__ import annotations

import io
from pathlib import Path

from bot.chat import LogProgress, TerminalProgress, progress_for
from bot.search import build_index
from tests.distractors import write_jsonl


class FakeTerminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_a_bar_per_phase_that_ends_its_line(sample_corpus: Path, tmp_path: Path) -> None:
    write_jsonl(sample_corpus / "news.jsonl", 50)
    stream = FakeTerminal()
    progress = progress_for(stream)
    assert isinstance(progress, TerminalProgress)
    build_index(sample_corpus, tmp_path / "index", progress=progress)
    progress.close()
    out = stream.getvalue()
    assert out.endswith("\n"), "the last bar must end its line before the summary"
    final = [line.split("\r")[-1] for line in out.split("\n")]
    reading = next(line for line in final if line.startswith("reading"))
    assert "100%" in reading and "B/s" in reading and "51 articles" in reading
    assert any(line.startswith("indexing") and "100%" in line for line in final)
    assert any(line.startswith("writing") and "100%" in line for line in final)


def test_elsewhere_plain_lines_at_most_every_few_seconds(sample_corpus: Path, tmp_path: Path) -> None:
    stream = io.StringIO()
    assert isinstance(progress_for(stream), LogProgress)
    build_index(sample_corpus, tmp_path / "index", progress=progress_for(stream))
    assert stream.getvalue() == ""  # a short build says nothing
    every_time = LogProgress(stream, every_s=0)
    build_index(sample_corpus, tmp_path / "index", progress=every_time)
    lines = stream.getvalue().splitlines()
    assert lines and all(line.startswith("factbot: ") for line in lines)
    assert any(line.startswith("factbot: reading") and "MiB" in line for line in lines)
    assert "\r" not in stream.getvalue() and "█" not in stream.getvalue()
