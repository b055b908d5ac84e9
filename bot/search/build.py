"""Building the index: articles in, a new generation folder under index/ out, swapped in atomically."""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import time
import uuid
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice
from multiprocessing.pool import AsyncResult
from pathlib import Path

import numpy as np
from pydantic import Field

from bot.ingest import (
    CorpusReader,
    Skipped,
    content_fingerprint,
    counted,
    extract_figures,
    extractor_settings,
    quick_fingerprint,
    split_sentences,
    tokenize,
    tokenizer_settings,
)
from bot.models import Article, Model
from bot.search.articles import ArticleIndexBuilder
from bot.search.engine import Bm25Params
from bot.search.engine_builder import EngineBuilder
from bot.search.layout import (
    ARTICLES,
    CURRENT,
    ENGINE,
    FORMAT_VERSION,
    MANIFEST,
    PRECOMPUTED,
    STORE,
    CorpusInfo,
    Manifest,
    remove_abandoned_builds,
    remove_old_generations,
    write_json,
    write_text_atomically,
)
from bot.search.precompute import PrecomputeWriter, encode_figures
from bot.search.readings import encode_readings
from bot.search.store import StoreWriter

_PARALLEL_MIN_ARTICLES = 2_000
_BATCH = 200

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildStatus:
    """Where a build is: its phase (reading, indexing, writing), how far, and what it has read."""

    phase: str
    done: int
    total: int  # 0 when unknown
    unit: str  # "B" while reading a corpus folder, else "sentences", "postings" or "steps"
    articles: int
    sentences: int


Progress = Callable[[BuildStatus], None]


class SkippedItem(Model):
    """A corpus item left out of the index, and why."""

    path: str
    line: int | None = None
    reason: str


class BuildReport(Model):
    """What a build did: the one-line summary the CLI prints."""

    generation: str
    n_articles: int
    n_sentences: int
    skipped: list[SkippedItem]
    seconds: float
    decoded: dict[str, int] = Field(default_factory=dict)  # encoding -> files not in UTF-8 read in it

    def __str__(self) -> str:
        """One line: counts, skipped items, files not in UTF-8, time."""
        decoded = "".join(
            f"; decoded as {name}: {counted(n, 'file')}" for name, n in sorted(self.decoded.items())
        )
        return (
            f"indexed {counted(self.n_articles, 'article')}, {counted(self.n_sentences, 'sentence')}; "
            f"skipped {len(self.skipped):,}{decoded}; {self.seconds:.1f} s"
        )


def build_index(corpus_dir: Path, index_dir: Path, progress: Progress | None = None) -> BuildReport:
    """Rebuild the index from a corpus folder and swap it in atomically."""
    info = CorpusInfo(
        root=str(corpus_dir),
        quick_fingerprint=quick_fingerprint(corpus_dir),
        content_fingerprint=content_fingerprint(corpus_dir),
    )
    reader = CorpusReader(corpus_dir)
    total = reader.total_bytes
    report = build_from_articles(
        reader, index_dir, corpus_info=info, progress=progress, read_bytes=lambda: (reader.bytes_read, total)
    )
    return report.model_copy(update={"decoded": dict(Counter(item.encoding for item in reader.decoded))})


def build_from_articles(
    items: Iterable[Article | Skipped],
    index_dir: Path,
    *,
    corpus_info: CorpusInfo | None = None,
    progress: Progress | None = None,
    read_bytes: Callable[[], tuple[int, int]] | None = None,
) -> BuildReport:
    """Index articles into a temporary folder, then make it the current generation in one rename."""
    started = time.perf_counter()
    index_dir.mkdir(parents=True, exist_ok=True)
    remove_abandoned_builds(index_dir)
    generation = datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    tmp = index_dir / f".build-{os.getpid()}-{generation}"
    tmp.mkdir()
    try:
        skipped: list[SkippedItem] = []
        manifest = _build_into(tmp, generation, items, skipped, corpus_info, _Reporter(progress, read_bytes))
        tmp.rename(index_dir / generation)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    write_text_atomically(index_dir / CURRENT, generation + "\n")
    remove_old_generations(index_dir, keep=generation)
    return BuildReport(
        generation=generation,
        n_articles=manifest.articles,
        n_sentences=manifest.sentences,
        skipped=skipped,
        seconds=time.perf_counter() - started,
    )


def _build_into(
    tmp: Path,
    generation: str,
    items: Iterable[Article | Skipped],
    skipped: list[SkippedItem],
    corpus_info: CorpusInfo | None,
    report: _Reporter,
) -> Manifest:
    """Read, index and write everything of one generation into the folder `tmp`; its manifest."""
    writer = StoreWriter(tmp / STORE)
    builder = EngineBuilder(Bm25Params(), workdir=tmp / "segments")
    # Segments go inside the build folder, so a killed build's are removed with it by the next build.
    articles = ArticleIndexBuilder(workdir=tmp / "article-segments")
    pre = PrecomputeWriter(tmp / PRECOMPUTED)
    for article, sentences, tokens, figures, readings in _prepared(items, skipped, report):
        writer.add(article, sentences)
        builder.add_many(tokens)
        articles.add(tokenize(article.title), tokens)
        pre.add_article(article.date, figures, readings)
        report.reading(writer.n_articles, writer.n_sentences)
    report.phase("indexing")
    merged = lambda done, total: report.step("indexing", done, total, "postings")  # noqa: E731
    engine_info = builder.write(tmp / ENGINE, tokens_to=tmp / PRECOMPUTED, progress=merged)
    shutil.rmtree(tmp / "segments", ignore_errors=True)
    articles.write(tmp / ARTICLES)
    shutil.rmtree(tmp / "article-segments", ignore_errors=True)
    report.step("writing", 0, 2, "steps")
    writer.close()
    precomputed = pre.close(extractor_settings())
    report.step("writing", 1, 2, "steps")
    counts = {"articles": writer.n_articles, "sentences": writer.n_sentences, "skipped": len(skipped)}
    manifest = _manifest(generation, corpus_info, counts, engine_info, precomputed)
    write_json(tmp / MANIFEST, manifest.model_dump(mode="json"))
    report.step("writing", 2, 2, "steps")
    return manifest


def _manifest(
    generation: str, corpus: CorpusInfo | None, counts: dict[str, int], engine: dict, precomputed: dict
) -> Manifest:
    """What the generation holds and how it was made."""
    return Manifest(
        format_version=FORMAT_VERSION,
        generation=generation,
        built_at=datetime.now(UTC).isoformat(timespec="seconds"),
        corpus=corpus or CorpusInfo(),
        tokenizer=tokenizer_settings(),
        figures=extractor_settings(),
        bm25=Bm25Params(),
        engine=engine,
        precomputed={k: v for k, v in precomputed.items() if k != "extractor"},
        **counts,
    )


class _Reporter:
    """Turns the build's progress into BuildStatus calls (none when nobody listens)."""

    def __init__(self, progress: Progress | None, read_bytes: Callable[[], tuple[int, int]] | None) -> None:
        """Report to `progress`; bytes read so far and in all come from `read_bytes` when known."""
        self._progress = progress
        self._read_bytes = read_bytes
        self.articles = self.sentences = 0
        self.position = 0  # bytes of the corpus read up to the batch being stored now

    def mark(self) -> int:
        """The reader's position now (0 when unknown): kept with a batch until it is stored."""
        return self._read_bytes()[0] if self._read_bytes is not None else 0

    def reading(self, articles: int, sentences: int) -> None:
        """One more article read and prepared."""
        self.articles, self.sentences = articles, sentences
        if self._progress is None:
            return
        if self._read_bytes is not None:
            total = self._read_bytes()[1]
            self._progress(BuildStatus("reading", min(self.position, total), total, "B", articles, sentences))
        else:
            self._progress(BuildStatus("reading", sentences, 0, "sentences", articles, sentences))

    def phase(self, name: str) -> None:
        """A new phase starts (reading is done: its bar is filled)."""
        if self._progress is not None and self._read_bytes is not None:
            _, total = self._read_bytes()
            self._progress(BuildStatus("reading", total, total, "B", self.articles, self.sentences))
        self.step(name, 0, 0, "postings")

    def step(self, phase: str, done: int, total: int, unit: str) -> None:
        """Progress within the indexing or writing phase."""
        if self._progress is not None:
            self._progress(BuildStatus(phase, done, total, unit, self.articles, self.sentences))


# Tokens travel from the workers joined by spaces (no token holds one): one string per sentence is
# much cheaper to pickle and unpickle than a list of short strings.
PreparedArticle = tuple[list[str], list[str], list[list[tuple]], dict[str, np.ndarray]]
Prepared = tuple[Article, list[str], list[list[str]], list[list[tuple]], dict[str, np.ndarray]]


def prepare_article(article: Article) -> PreparedArticle:
    """An article's passage sentences, their search tokens (space-joined), figures (as tuples) and
    readings (as arrays)."""
    sentences = [article.text[s.start : s.end] for s in split_sentences(article.text)]
    tokens = [" ".join(tokenize(s)) for s in sentences]
    figures = [extract_figures(s) for s in sentences]
    return sentences, tokens, [encode_figures(f) for f in figures], encode_readings(sentences, figures)


def _prepare_batch(batch: list[Article]) -> list[PreparedArticle]:
    return [prepare_article(a) for a in batch]


def _prepared(
    items: Iterable[Article | Skipped], skipped: list[SkippedItem], report: _Reporter
) -> Iterator[Prepared]:
    """Split and tokenize articles, on every core once the corpus is large enough to pay for it."""
    articles = _articles_only(items, skipped)
    head = list(islice(articles, _PARALLEL_MIN_ARTICLES))
    workers = min(os.cpu_count() or 1, 8)
    if len(head) < _PARALLEL_MIN_ARTICLES or workers < 2:
        report.position = report.mark()
        for batch in _batched(iter(head), _BATCH):
            yield from _keep_nonempty(batch, _prepare_batch(batch), skipped)
        return
    # A bounded window of batches in flight keeps both cores busy without reading the corpus ahead.
    in_flight: deque[tuple[list[Article], AsyncResult, int]] = deque()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for batch in _batched(_chain(head, articles), _BATCH):
            in_flight.append((batch, pool.apply_async(_prepare_batch, (batch,)), report.mark()))
            if len(in_flight) >= 4 * workers:
                done, result, report.position = in_flight.popleft()
                yield from _keep_nonempty(done, result.get(), skipped)
        while in_flight:
            done, result, report.position = in_flight.popleft()
            yield from _keep_nonempty(done, result.get(), skipped)


def _keep_nonempty(
    batch: list[Article], results: list[PreparedArticle], skipped: list[SkippedItem]
) -> Iterator[Prepared]:
    for article, (sentences, tokens, figures, readings) in zip(batch, results, strict=True):
        if sentences:
            yield article, sentences, [joined.split() for joined in tokens], figures, readings
        else:
            skipped.append(SkippedItem(path=article.path or article.doc_id, reason="no sentences to index"))


def _articles_only(items: Iterable[Article | Skipped], skipped: list[SkippedItem]) -> Iterator[Article]:
    for item in items:
        if isinstance(item, Article):
            yield item
        else:
            skipped.append(SkippedItem(path=item.path, line=item.line, reason=item.reason))
            log.warning("skipped %s%s: %s", item.path, f":{item.line}" if item.line else "", item.reason)


def _batched(it: Iterator[Article], n: int) -> Iterator[list[Article]]:
    while batch := list(islice(it, n)):
        yield batch


def _chain(head: list[Article], rest: Iterator[Article]) -> Iterator[Article]:
    yield from head
    yield from rest
