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
from datetime import UTC, datetime
from itertools import islice
from multiprocessing.pool import AsyncResult
from pathlib import Path

from pydantic import Field

from bot.ingest import (
    CorpusReader,
    Skipped,
    content_fingerprint,
    counted,
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
    STORE,
    CorpusInfo,
    Manifest,
    remove_abandoned_builds,
    remove_old_generations,
    write_json,
    write_text_atomically,
)
from bot.search.store import StoreWriter

_PARALLEL_MIN_ARTICLES = 2_000
_BATCH = 200

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]


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
    report = build_from_articles(reader, index_dir, corpus_info=info, progress=progress)
    return report.model_copy(update={"decoded": dict(Counter(item.encoding for item in reader.decoded))})


def build_from_articles(
    items: Iterable[Article | Skipped],
    index_dir: Path,
    *,
    corpus_info: CorpusInfo | None = None,
    progress: Progress | None = None,
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
        writer = StoreWriter(tmp / STORE)
        builder, articles = EngineBuilder(Bm25Params()), ArticleIndexBuilder()
        for article, sentences, tokens in _prepared(items, skipped):
            writer.add(article, sentences)
            builder.add_many(tokens)
            articles.add(tokenize(article.title), tokens)
            if progress is not None:
                progress(writer.n_articles, writer.n_sentences)
        writer.close()
        engine_info = builder.build().save(tmp / ENGINE)
        articles.build().save(tmp / ARTICLES)
        manifest = Manifest(
            format_version=FORMAT_VERSION,
            generation=generation,
            built_at=datetime.now(UTC).isoformat(timespec="seconds"),
            corpus=corpus_info or CorpusInfo(),
            tokenizer=tokenizer_settings(),
            bm25=Bm25Params(),
            articles=writer.n_articles,
            sentences=writer.n_sentences,
            skipped=len(skipped),
            engine=engine_info,
        )
        write_json(tmp / MANIFEST, manifest.model_dump(mode="json"))
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


Prepared = tuple[Article, list[str], list[list[str]]]


def prepare_article(article: Article) -> tuple[list[str], list[list[str]]]:
    """An article's passage sentences and their search tokens."""
    sentences = [article.text[s.start : s.end] for s in split_sentences(article.text)]
    return sentences, [tokenize(s) for s in sentences]


def _prepare_batch(batch: list[Article]) -> list[tuple[list[str], list[list[str]]]]:
    return [prepare_article(a) for a in batch]


def _prepared(items: Iterable[Article | Skipped], skipped: list[SkippedItem]) -> Iterator[Prepared]:
    """Split and tokenize articles, on every core once the corpus is large enough to pay for it."""
    articles = _articles_only(items, skipped)
    head = list(islice(articles, _PARALLEL_MIN_ARTICLES))
    workers = min(os.cpu_count() or 1, 8)
    if len(head) < _PARALLEL_MIN_ARTICLES or workers < 2:
        for batch in _batched(iter(head), _BATCH):
            yield from _keep_nonempty(batch, _prepare_batch(batch), skipped)
        return
    # A bounded window of batches in flight keeps both cores busy without reading the corpus ahead.
    in_flight: deque[tuple[list[Article], AsyncResult]] = deque()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for batch in _batched(_chain(head, articles), _BATCH):
            in_flight.append((batch, pool.apply_async(_prepare_batch, (batch,))))
            if len(in_flight) >= 4 * workers:
                done, result = in_flight.popleft()
                yield from _keep_nonempty(done, result.get(), skipped)
        while in_flight:
            done, result = in_flight.popleft()
            yield from _keep_nonempty(done, result.get(), skipped)


def _keep_nonempty(
    batch: list[Article], results: list[tuple[list[str], list[list[str]]]], skipped: list[SkippedItem]
) -> Iterator[Prepared]:
    for article, (sentences, tokens) in zip(batch, results, strict=True):
        if sentences:
            yield article, sentences, tokens
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
