"""Building, swapping and opening the index: manifest, atomic rebuilds, stale and corrupt indexes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from bot.answer.core import answer
from bot.search import CorruptIndex, IndexMissing, SearchIndex, build_index, open_index
from bot.search.layout import CURRENT, ENGINE, MANIFEST
from tests.conftest import ROOT
from tests.distractors import write_jsonl


def _current(index_dir: Path) -> Path:
    return index_dir / (index_dir / CURRENT).read_text().strip()


def test_build_writes_manifest_store_and_plain_arrays(sample_corpus: Path, tmp_path: Path) -> None:
    report = build_index(sample_corpus, tmp_path / "index")
    folder = _current(tmp_path / "index")
    manifest = json.loads((folder / MANIFEST).read_text())
    assert manifest["format_version"] == 3
    assert manifest["figures"]["fingerprint"] and manifest["precomputed"]["sentences"] == report.n_sentences
    assert manifest["articles"] == report.n_articles == 1
    assert manifest["sentences"] == report.n_sentences >= 14
    assert manifest["bm25"] == {"k1": 1.5, "b": 0.75, "epsilon": 0.25}
    assert manifest["corpus"]["content_fingerprint"]
    arrays = [*(folder / ENGINE).glob("*.npy"), *(folder / "precomputed").glob("*.npy")]
    assert arrays
    for path in arrays:
        np.load(path, allow_pickle=False, mmap_mode="r")
    assert not [p for p in folder.rglob("*") if p.suffix in {".pkl", ".pickle"}]
    assert "indexed 1 article, " in str(report)


def test_byline_and_boilerplate_are_not_passages(sample_index: SearchIndex) -> None:
    texts = [text for _, text in sample_index.store.range_texts(0, sample_index.n_sentences)]
    assert not any(t.startswith(("By Rehan", "- Advertisement")) for t in texts)
    assert any("27,000 new mobile base stations" in t for t in texts)


def test_rebuild_swaps_generation_and_old_handle_keeps_working(sample_corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    build_index(sample_corpus, index_dir)
    old = SearchIndex.open(index_dir)
    build_index(sample_corpus, index_dir)
    build_index(sample_corpus, index_dir)
    new = SearchIndex.open(index_dir)
    assert new.generation != old.generation
    assert answer("how many base stations?", old).figure == "27,000"
    generations = [p for p in index_dir.iterdir() if p.is_dir()]
    assert len(generations) <= 2


def test_broken_corpus_items_are_reported_and_the_rest_indexed(sample_corpus: Path, tmp_path: Path) -> None:
    (sample_corpus / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR binary")
    (sample_corpus / "empty.md").write_text("")
    good = {"id": "g1", "title": "Good", "text": "The port handled 5,000 containers in May."}
    (sample_corpus / "mixed.jsonl").write_text(json.dumps(good) + "\n{not json\n")
    report = build_index(sample_corpus, tmp_path / "index")
    assert report.n_articles == 2
    assert len(report.skipped) == 3
    reasons = {Path(s.path).name: s for s in report.skipped}
    assert reasons["mixed.jsonl"].line == 2
    assert reasons["bad.txt"].reason.startswith("binary, not text")
    assert "decoded as" not in str(report)


def test_build_summary_counts_files_decoded_as_windows_1252(sample_corpus: Path, tmp_path: Path) -> None:
    (sample_corpus / "old.txt").write_bytes(
        b"The port handled \x93record\x94 cargo worth \xa35 million in May."
    )
    records = (
        b'{"id": "j1", "text": "Exports rose by \xa32 million."}\n{"id": "j2", "text": "Up \x9330%\x94."}\n'
    )
    (sample_corpus / "feed.jsonl").write_bytes(records)
    (sample_corpus / "notepad.txt").write_bytes("The mine produced 300 tons of gold.".encode("utf-16"))
    report = build_index(sample_corpus, tmp_path / "index")
    assert report.n_articles == 5 and report.skipped == []
    assert report.decoded == {"Windows-1252": 2, "UTF-16": 1}
    assert "; decoded as UTF-16: 1 file; decoded as Windows-1252: 2 files; " in str(report)
    assert (
        answer("how much was the cargo worth?", SearchIndex.open(tmp_path / "index")).figure == "£5 million"
    )


def test_missing_index_is_built_on_first_use(sample_corpus: Path, tmp_path: Path) -> None:
    notices: list[str] = []
    index = open_index(sample_corpus, tmp_path / "index", notify=notices.append)
    assert index.n_articles == 1
    assert any("No index" in n for n in notices)


def test_missing_index_without_corpus_says_how_to_build(tmp_path: Path) -> None:
    with pytest.raises(IndexMissing, match="factbot index"):
        SearchIndex.open(tmp_path / "nothing")


def test_stale_index_is_rebuilt_for_small_corpora(sample_corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    first = open_index(sample_corpus, index_dir, notify=lambda _: None)
    extra = "---\ntitle: Port news\n---\nThe port of Gwadar handled 4,200 containers in June 2025.\n"
    (sample_corpus / "port.md").write_text(extra)
    notices: list[str] = []
    second = open_index(sample_corpus, index_dir, notify=notices.append)
    assert second.generation != first.generation and second.n_articles == 2
    assert any("changed" in n for n in notices)
    assert answer("How many containers did the port of Gwadar handle?", second).figure.startswith("4,200")


def test_stale_index_over_a_large_corpus_is_flagged_not_rebuilt(sample_corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    first = open_index(sample_corpus, index_dir, notify=lambda _: None)
    (sample_corpus / "more.md").write_text("Another article with 12 new ideas.\n")
    notices: list[str] = []
    again = open_index(sample_corpus, index_dir, auto_rebuild_max_mb=0, notify=notices.append)
    assert again.stale and again.generation == first.generation
    assert any("factbot index" in n for n in notices)


def test_touching_files_without_changing_them_is_not_stale(sample_corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    first = open_index(sample_corpus, index_dir, notify=lambda _: None)
    for path in sample_corpus.iterdir():
        os.utime(path, (time.time() + 60, time.time() + 60))
    again = open_index(sample_corpus, index_dir, notify=lambda _: None)
    assert again.generation == first.generation and not again.stale


def _truncate_an_array(folder: Path) -> None:
    array = max((folder / ENGINE).glob("*.npy"), key=lambda p: p.stat().st_size)
    array.write_bytes(array.read_bytes()[: array.stat().st_size // 2])


def _bad_manifest(folder: Path) -> None:
    (folder / MANIFEST).write_text("{ this is not json")


def _other_version(folder: Path) -> None:
    data = json.loads((folder / MANIFEST).read_text())
    data["format_version"] = 99
    (folder / MANIFEST).write_text(json.dumps(data))


def _dangling_pointer(folder: Path) -> None:
    (folder.parent / CURRENT).write_text("20990101T000000-gone\n")


def _deleted_store(folder: Path) -> None:
    (folder / "sentences.sqlite").unlink()


def _garbage_store(folder: Path) -> None:
    (folder / "sentences.sqlite").write_bytes(b"not a database at all" * 100)


@pytest.mark.parametrize(
    "damage",
    [_truncate_an_array, _bad_manifest, _other_version, _dangling_pointer, _deleted_store, _garbage_store],
)
def test_corrupt_index_gives_a_clear_error_and_is_rebuilt(
    sample_corpus: Path, tmp_path: Path, damage: object
) -> None:
    index_dir = tmp_path / "index"
    build_index(sample_corpus, index_dir)
    damage(_current(index_dir))
    with pytest.raises(CorruptIndex) as excinfo:
        SearchIndex.open(index_dir)
    assert "Traceback" not in str(excinfo.value)
    notices: list[str] = []
    index = open_index(sample_corpus, index_dir, notify=notices.append)
    assert answer("how many base stations?", index).figure == "27,000"
    assert notices


def test_build_killed_midway_leaves_the_previous_index_usable(sample_corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    build_index(sample_corpus, index_dir)
    before = (index_dir / CURRENT).read_text()
    write_jsonl(sample_corpus / "big.jsonl", 20_000)
    code = "import sys; from pathlib import Path; from bot.search import build_index; " + (
        "build_index(Path(sys.argv[1]), Path(sys.argv[2]))"
    )
    scratch = tmp_path / "tmp"  # the build's TMPDIR: a killed build must leave nothing there
    scratch.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(sample_corpus), str(index_dir)],
        cwd=ROOT,
        start_new_session=True,
        env={**os.environ, "TMPDIR": str(scratch)},
    )
    deadline = time.monotonic() + 60
    while not list(index_dir.glob(".build-*")) and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.5)
    os.killpg(proc.pid, signal.SIGKILL)  # the builder and its worker processes
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the build finished before it could be killed"
    assert (index_dir / CURRENT).read_text() == before
    assert not list(scratch.iterdir()), "the killed build left scratch folders outside its build folder"
    index = SearchIndex.open(index_dir)
    assert answer("how many base stations?", index).figure == "27,000"
    (sample_corpus / "big.jsonl").unlink()
    build_index(sample_corpus, index_dir)
    assert not list(index_dir.glob(".build-*")), "the abandoned build folder was not cleaned up"


def test_an_index_built_in_many_segments_has_the_same_files(
    sample_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_jsonl(sample_corpus / "news.jsonl", 40)
    build_index(sample_corpus, tmp_path / "one")
    monkeypatch.setattr("bot.search.engine_builder.SEGMENT_TOKENS", 100)
    monkeypatch.setattr("bot.search.engine_builder._FLUSH_TOKENS", 10)
    monkeypatch.setattr("bot.search.segments.MERGE_CHUNK", 50)
    build_index(sample_corpus, tmp_path / "many")
    one, many = _current(tmp_path / "one"), _current(tmp_path / "many")
    files = sorted(p.relative_to(one) for p in one.rglob("*.npy"))
    assert files and files == sorted(p.relative_to(many) for p in many.rglob("*.npy"))
    for name in [*files, Path(ENGINE) / "vocab.json"]:
        assert (one / name).read_bytes() == (many / name).read_bytes(), name
    assert not (many / "segments").exists()
