"""The `factbot` command line, driven through its real entry point in a subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FACTBOT = [sys.executable, "-m", "bot"]


def run(
    args: list[str], cwd: Path, stdin: str | bytes | None = None, **env: str
) -> subprocess.CompletedProcess:
    """Run factbot with a clean environment from `cwd`."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("FACTBOT_", "TELEGRAM_"))}
    environ.update(env)
    environ["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)
    text = not isinstance(stdin, bytes)
    return subprocess.run(
        FACTBOT + args, cwd=cwd, input=stdin, capture_output=True, text=text, env=environ, timeout=120
    )


@pytest.fixture
def workdir(sample_corpus: Path) -> Path:
    """A folder with ./corpus holding the sample article and no index yet."""
    return sample_corpus.parent


def test_ask_prints_figure_passage_and_source(workdir: Path) -> None:
    out = run(["ask", "how many base stations?"], workdir)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "27,000"
    assert "**27,000**" in lines[1]
    assert "APP" in lines[2] and "2025-09-01" in lines[2]
    assert "No index" in out.stderr


def test_ask_json_has_the_contract_keys(workdir: Path) -> None:
    out = run(["ask", "--json", "What were the contracts worth?"], workdir)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    for key in ("question", "found", "figure", "answer_type", "passage", "source", "score", "alternatives"):
        assert key in data
    assert data["found"] is True and "USD 1 billion" in data["figure"]
    assert set(data["source"]) >= {"doc_id", "title", "source", "date", "url"}


def test_ask_json_reads_questions_from_stdin_as_json_lines(workdir: Path) -> None:
    questions = "how many base stations?\n\nWhat is the capital of France?\n\x00\x01bin\n" + "q" * 5000 + "\n"
    out = run(["ask", "--json"], workdir, stdin=questions)
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["found"] for r in rows] == [True, False, False, False]
    assert rows[0]["figure"] == "27,000"
    assert "error" in rows[2] and "error" in rows[3]


@pytest.mark.parametrize("question", ["", "   ", "?!", "🙂"])
def test_bad_question_is_a_usage_error_without_traceback(workdir: Path, question: str) -> None:
    out = run(["ask", question], workdir)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr and out.stderr.strip()


def test_index_prints_a_summary_and_skipped_items(workdir: Path) -> None:
    (workdir / "corpus" / "broken.jsonl").write_text(
        '{"id": "a", "text": "Fine text with 5 cars."}\n[1, 2]\n'
    )
    out = run(["index"], workdir)
    assert out.returncode == 0, out.stderr
    assert "Indexed 2 articles" in out.stdout and "skipped 1" in out.stdout
    assert "broken.jsonl:2" in out.stderr


def test_index_off_a_terminal_prints_no_bar_and_the_summary_on_its_own_line(workdir: Path) -> None:
    out = run(["index"], workdir)
    assert out.returncode == 0, out.stderr
    assert "\r" not in out.stderr and "█" not in out.stderr and "%|" not in out.stderr
    assert out.stdout.splitlines()[-1].startswith("Indexed 1 article, ")


def test_missing_corpus_and_index_is_a_clear_error(tmp_path: Path) -> None:
    out = run(["ask", "how many?"], tmp_path)
    assert out.returncode == 1
    assert "factbot:" in out.stderr and "Traceback" not in out.stderr


def test_corpus_and_index_flags_and_settings_env(workdir: Path, tmp_path: Path) -> None:
    moved = tmp_path / "elsewhere"
    shutil.move(workdir / "corpus", moved)
    out = run(
        ["ask", "--corpus", str(moved), "--index", str(tmp_path / "idx"), "how many base stations?"], workdir
    )
    assert out.returncode == 0 and (tmp_path / "idx" / "CURRENT").is_file()
    env = {"FACTBOT_CORPUS_DIR": str(moved), "FACTBOT_INDEX_DIR": str(tmp_path / "idx2")}
    out = run(["ask", "how many base stations?"], workdir, **env)
    assert out.returncode == 0 and (tmp_path / "idx2" / "CURRENT").is_file()


def test_corrupt_index_is_rebuilt_with_a_message(workdir: Path) -> None:
    run(["index"], workdir)
    generation = (workdir / "index" / "CURRENT").read_text().strip()
    (workdir / "index" / generation / "manifest.json").write_text("garbage")
    out = run(["ask", "how many base stations?"], workdir)
    assert out.returncode == 0 and out.stdout.startswith("27,000")
    assert "rebuilding" in out.stderr and "Traceback" not in out.stderr


def test_telegram_without_token_says_what_is_missing(workdir: Path) -> None:
    out = run(["telegram"], workdir)
    assert out.returncode == 2
    assert "TELEGRAM_BOT_TOKEN" in out.stderr and "Traceback" not in out.stderr


def test_console_is_the_default_without_a_token(workdir: Path) -> None:
    out = run([], workdir, stdin="how many base stations?\n:quit\n")
    assert out.returncode == 0, out.stderr
    assert "27,000" in out.stdout


def test_meaning_setting_off_answers_by_words_alone_and_a_bad_value_is_refused(workdir: Path) -> None:
    off = run(["ask", "how many base stations?"], workdir, FACTBOT_MEANING="false")
    assert off.returncode == 0, off.stderr
    assert off.stdout.splitlines()[0] == "27,000"
    bad = run(["ask", "how many base stations?"], workdir, FACTBOT_MEANING="perhaps")
    assert bad.returncode != 0 and "bad setting" in bad.stderr and "Traceback" not in bad.stderr
