"""`factbot ask --json [--conversation]`: stdin lines as one conversation or independent, and the JSON keys
every answer gains (follow_up, interpreted_as, period, as_of, timeline), through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path

from test_cli import run

from tests.conftest import ARCHIVE

KEYS = {"follow_up", "interpreted_as", "period", "as_of", "timeline", "also_reported_by"}
TALK = "How many contracts did Telnor sign in 2024?\nand in 2022?\n?!?\nthe year before?\n"


def ask_lines(tmp_path: Path, *flags: str, stdin: str = TALK, **env: str) -> list[dict]:
    """Run `factbot ask --json FLAGS` over the test archive; the JSON objects it printed."""
    args = ["ask", "--json", *flags, "--corpus", str(ARCHIVE), "--index", str(tmp_path / "index")]
    out = run(args, tmp_path, stdin=stdin, **env)
    assert out.returncode == 0, out.stderr
    return [json.loads(line) for line in out.stdout.splitlines()]


def test_conversation_reads_the_lines_as_one_conversation(tmp_path: Path) -> None:
    first, second, bad, third = ask_lines(tmp_path, "--conversation")
    assert set(first) >= KEYS and (first["follow_up"], first["interpreted_as"]) == (False, first["question"])
    assert (first["figure"], first["as_of"], first["period"]["year"]) == ("20", "2025-01-10", 2024)
    assert (second["question"], second["follow_up"]) == ("and in 2022?", True)
    assert second["interpreted_as"] == "How many contracts did Telnor sign in 2022?"
    assert (second["figure"], second["as_of"], second["period"]["year"]) == ("14", "2023-04-02", 2022)
    assert "error" in bad and bad["follow_up"] is False
    assert third["interpreted_as"] == "How many contracts did Telnor sign in 2021?"
    assert third["found"] is False and third["reason"].endswith("not 2021.")


def test_without_conversation_the_lines_stay_independent(tmp_path: Path) -> None:
    rows = ask_lines(tmp_path)
    answers = [r for r in rows if "error" not in r]
    assert [r["follow_up"] for r in answers] == [False, False, False]
    assert all(r["interpreted_as"] == r["question"] for r in answers)


def test_the_timeline_comes_newest_first_in_json(tmp_path: Path) -> None:
    [row] = ask_lines(tmp_path, stdin="How many base stations does Telnor have?\n")
    assert (row["figure"], row["as_of"]) == ("24,000", "2025-01-12")
    assert [e["date"] for e in row["timeline"]] == ["2023-04-05", "2021-03-15", "2019-11-20", None]
    assert set(row["timeline"][0]) >= {"figure", "date", "passage", "source"}
    assert [s["source"] for s in row["also_reported_by"]] == ["APP"]


def test_the_setting_of_zero_minutes_turns_follow_ups_off(tmp_path: Path) -> None:
    rows = ask_lines(tmp_path, "--conversation", FACTBOT_CONVERSATION_MINUTES="0")
    assert not any(r.get("follow_up") for r in rows)


def test_conversation_needs_stdin_and_json(tmp_path: Path) -> None:
    for args in (["ask", "--conversation", "--json", "how many?"], ["ask", "--conversation"]):
        out = run([*args, "--corpus", str(ARCHIVE), "--index", str(tmp_path / "index")], tmp_path)
        assert out.returncode == 2 and "--conversation" in out.stderr


def test_a_single_question_gains_the_new_keys(sample_corpus: Path) -> None:
    out = run(["ask", "--json", "how many base stations?"], sample_corpus.parent)
    data = json.loads(out.stdout)
    assert (data["figure"], data["follow_up"], data["interpreted_as"]) == (
        "27,000",
        False,
        "how many base stations?",
    )
    assert (data["as_of"], data["timeline"], data["period"]) == ("2025-09-01", [], None)
