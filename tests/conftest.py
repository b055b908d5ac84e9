"""Shared fixtures: a tiny corpus and index built in tmp folders; no developer settings leak in."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.search import SearchIndex

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpus" / "uzbekistan-china-digital-cooperation.md"


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No developer settings, history file or .env leak into a test."""
    for name in list(os.environ):
        if name.startswith(("FACTBOT_", "TELEGRAM_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("FACTBOT_HISTORY", str(tmp_path / "history"))


def corpus_with_sample(base: Path) -> Path:
    """Make `base/corpus` holding the sample article; returns the corpus folder."""
    folder = base / "corpus"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / SAMPLE.name)
    return folder


@pytest.fixture
def sample_corpus(tmp_path: Path) -> Path:
    """A corpus folder holding only the sample article."""
    return corpus_with_sample(tmp_path)


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    """The sample article's index, built once per test session."""
    from bot.search import build_index

    base = tmp_path_factory.mktemp("sample")
    build_index(corpus_with_sample(base), base / "index")
    return SearchIndex.open(base / "index")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    """Under CI, an end-to-end test that skips (emulator missing) is a failure, not a pass."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") and report.skipped and item.get_closest_marker("e2e"):
        report.outcome = "failed"
        report.longrepr = f"end-to-end test skipped under CI, which must run it: {report.longrepr}"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say how many Bot API requests the contract check (tests/botapi) saw, by method."""
    from tests.botapi.checker import CHECKED

    if CHECKED:
        methods = ", ".join(f"{name} {n:,}" for name, n in sorted(CHECKED.items()))
        total = sum(CHECKED.values())
        terminalreporter.write_line(
            f"Bot API contract: {total:,} requests of {len(CHECKED)} methods checked ({methods})"
        )


# A made-up news archive: Telnor's base stations, the Vesta metro's passengers, Vesta Bank's profit and
# Telnor's contracts, reported over 2019-2025. Some articles restate a figure (18,000 in APP and the Herald,
# 24,000 in APP and the Tribune), some update it, some give it with a relative date ("this year", "last
# year", "in the third quarter"); one is dated only by its dateline and one not at all.
ARCHIVE = ROOT / "tests" / "fixtures" / "archive"


@pytest.fixture(scope="session")
def archive_index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    """The dated test archive (tests/fixtures/archive): the same measures reported over years."""
    from bot.search import build_index

    base = tmp_path_factory.mktemp("archive")
    build_index(ARCHIVE, base / "index")
    return SearchIndex.open(base / "index")
