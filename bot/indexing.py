"""Building, swapping and opening the index: corpus/ in, a generation folder under index/ out."""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import shutil
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from itertools import islice
from multiprocessing.pool import AsyncResult
from pathlib import Path

from pydantic import Field, ValidationError

from bot import corpus
from bot.errors import FactbotError
from bot.models import Article, Model, Source
from bot.search import Bm25Params, CorruptEngine, Engine, EngineBuilder
from bot.sentences import split_sentences
from bot.store import CorruptStore, Store, StoreWriter
from bot.text import counted, tokenize, tokenizer_settings

FORMAT_VERSION = 1
CURRENT = "CURRENT"
MANIFEST = "manifest.json"
STORE = "sentences.sqlite"
ENGINE = "engine"
_PARALLEL_MIN_ARTICLES = 2_000
_BATCH = 200

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]


class IndexMissing(FactbotError):
    """No index has been built in the index folder yet."""


class CorruptIndex(FactbotError):
    """The index folder holds something unreadable, truncated, or of another format version."""


class StaleIndex(FactbotError):
    """The corpus changed since the index was built, and it is too large to rebuild on the fly."""


class CorpusInfo(Model):
    """Where the corpus was and what it held when the index was built."""

    root: str = ""
    quick_fingerprint: str = ""
    content_fingerprint: str = ""


class Manifest(Model):
    """manifest.json: what a generation folder holds and how it was made."""

    format_version: int
    generation: str
    built_at: str
    corpus: CorpusInfo
    tokenizer: dict[str, object]
    bm25: Bm25Params
    articles: int
    sentences: int
    skipped: int
    engine: dict[str, object] = Field(default_factory=dict)


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

    def __str__(self) -> str:
        """One line: counts, skipped items, time."""
        return (
            f"indexed {counted(self.n_articles, 'article')}, {counted(self.n_sentences, 'sentence')}; "
            f"skipped {len(self.skipped):,}; {self.seconds:.1f} s"
        )


def build_index(corpus_dir: Path, index_dir: Path, progress: Progress | None = None) -> BuildReport:
    """Rebuild the index from a corpus folder and swap it in atomically."""
    info = CorpusInfo(
        root=str(corpus_dir),
        quick_fingerprint=corpus.quick_fingerprint(corpus_dir),
        content_fingerprint=corpus.content_fingerprint(corpus_dir),
    )
    return build_from_articles(corpus.read_corpus(corpus_dir), index_dir, corpus_info=info, progress=progress)


def build_from_articles(
    items: Iterable[Article | corpus.Skipped],
    index_dir: Path,
    *,
    corpus_info: CorpusInfo | None = None,
    progress: Progress | None = None,
) -> BuildReport:
    """Index articles into a temporary folder, then make it the current generation in one rename."""
    started = time.perf_counter()
    index_dir.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_builds(index_dir)
    generation = datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    tmp = index_dir / f".build-{os.getpid()}-{generation}"
    tmp.mkdir()
    try:
        skipped: list[SkippedItem] = []
        writer = StoreWriter(tmp / STORE)
        builder = EngineBuilder(Bm25Params())
        for article, sentences, tokens in _prepared(items, skipped):
            writer.add(article, sentences)
            builder.add_many(tokens)
            if progress is not None:
                progress(writer.n_articles, writer.n_sentences)
        writer.close()
        engine_info = builder.build().save(tmp / ENGINE)
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
        _write_json(tmp / MANIFEST, manifest.model_dump(mode="json"))
        tmp.rename(index_dir / generation)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _write_text_atomically(index_dir / CURRENT, generation + "\n")
    _remove_old_generations(index_dir, keep=generation)
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


def _prepared(items: Iterable[Article | corpus.Skipped], skipped: list[SkippedItem]) -> Iterator[Prepared]:
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


def _articles_only(
    items: Iterable[Article | corpus.Skipped], skipped: list[SkippedItem]
) -> Iterator[Article]:
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


class SearchIndex:
    """A loaded, read-only index: the BM25 engine (memory-mapped) and the sentence store."""

    def __init__(self, folder: Path, manifest: Manifest, engine: Engine, store: Store) -> None:
        """Use `SearchIndex.open`; this only wires loaded parts together."""
        self.folder = folder
        self.manifest = manifest
        self.engine = engine
        self.store = store
        self.generation = manifest.generation
        self.n_articles = manifest.articles
        self.n_sentences = manifest.sentences
        self.stale = False

    @classmethod
    def open(cls, index_dir: Path) -> SearchIndex:
        """Open the current generation of an index folder; raises IndexMissing or CorruptIndex."""
        folder = _current_generation(index_dir)
        manifest = _read_manifest(folder)
        try:
            engine = Engine.load(folder / ENGINE)
            store = Store(folder / STORE)
            counts = store.counts()
        except (CorruptEngine, CorruptStore) as exc:
            raise CorruptIndex(f"the index in {folder} is damaged: {exc}") from exc
        if counts != (manifest.articles, manifest.sentences) or engine.n_docs != manifest.sentences:
            raise CorruptIndex(f"the index in {folder} does not match its manifest (an interrupted copy?)")
        return cls(folder, manifest, engine, store)

    def sentence(self, sentence_id: int) -> str:
        """The text of one sentence."""
        return self.store.sentences([sentence_id])[sentence_id][0]

    def sentences(self, ids: Iterable[int]) -> dict[int, tuple[str, int]]:
        """Text and article number of each sentence id."""
        return self.store.sentences(list(ids))

    def source(self, article: int) -> Source:
        """The source of an article, by its number in the index."""
        return self.store.article_of(article)[0]

    def context(self, sentence_id: int, before: int = 2, after: int = 2) -> list[tuple[int, str]]:
        """The sentence with its neighbours from the same article."""
        _, article = self.store.sentences([sentence_id])[sentence_id]
        _, first, n = self.store.article_of(article)
        lo = max(first, sentence_id - before)
        hi = min(first + n, sentence_id + after + 1)
        return self.store.range_texts(lo, hi)

    def articles(self) -> list[tuple[Source, int]]:
        """Each article in the index with its sentence count."""
        return self.store.articles()


def open_index(
    corpus_dir: Path,
    index_dir: Path,
    *,
    auto_rebuild_max_mb: float = 50.0,
    notify: Callable[[str], None] = log.warning,
    progress: Progress | None = None,
) -> SearchIndex:
    """Open the index, building it when missing or broken and rebuilding it when stale (small corpora)."""
    try:
        index = SearchIndex.open(index_dir)
    except IndexMissing:
        notify(f"No index in {index_dir} yet; building it from {corpus_dir}.")
        return _rebuild_and_open(corpus_dir, index_dir, notify, progress)
    except CorruptIndex as exc:
        notify(f"{exc}; rebuilding it from {corpus_dir}.")
        return _rebuild_and_open(corpus_dir, index_dir, notify, progress)
    if not corpus_dir.is_dir() or is_fresh(index, corpus_dir):
        return index
    size_mb = sum(p.stat().st_size for p in corpus.corpus_files(corpus_dir)) / 2**20
    if size_mb <= auto_rebuild_max_mb:
        notify(f"The corpus changed since the index was built; rebuilding ({size_mb:.1f} MB).")
        return _rebuild_and_open(corpus_dir, index_dir, notify, progress)
    notify(
        f"The index is stale: {corpus_dir} changed since it was built ({size_mb:,.0f} MB, too large to "
        "rebuild on the fly). Answers come from the old index until you run `factbot index`."
    )
    index.stale = True
    return index


def is_fresh(index: SearchIndex, corpus_dir: Path) -> bool:
    """Whether the corpus still has the content the index was built from (cheap check first)."""
    built = index.manifest.corpus
    if built.quick_fingerprint and built.quick_fingerprint == corpus.quick_fingerprint(corpus_dir):
        return True
    return bool(built.content_fingerprint) and built.content_fingerprint == corpus.content_fingerprint(
        corpus_dir
    )


def _rebuild_and_open(
    corpus_dir: Path, index_dir: Path, notify: Callable[[str], None], progress: Progress | None
) -> SearchIndex:
    report = build_index(corpus_dir, index_dir, progress)
    notify(str(report).capitalize() + ".")
    return SearchIndex.open(index_dir)


def _current_generation(index_dir: Path) -> Path:
    pointer = index_dir / CURRENT
    if not pointer.is_file():
        raise IndexMissing(f"no index in {index_dir}; run `factbot index` to build one")
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise CorruptIndex(f"{pointer} is unreadable: {exc}") from exc
    folder = index_dir / name
    if not name or "/" in name or name.startswith(".") or not folder.is_dir():
        raise CorruptIndex(f"{pointer} names a generation ({name!r}) that is not there")
    return folder


def _read_manifest(folder: Path) -> Manifest:
    path = folder / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CorruptIndex(f"{path} is missing or not valid JSON: {exc}") from exc
    if not isinstance(data, dict) or data.get("format_version") != FORMAT_VERSION:
        version = data.get("format_version") if isinstance(data, dict) else None
        raise CorruptIndex(f"{path} is format version {version!r}; this factbot reads {FORMAT_VERSION}")
    try:
        manifest = Manifest.model_validate(data)
    except ValidationError as exc:
        raise CorruptIndex(f"{path} is not a factbot manifest: {exc.error_count()} bad fields") from exc
    if manifest.tokenizer != tokenizer_settings():
        raise CorruptIndex(f"{path} was built with other tokenizer settings")
    return manifest


def _write_json(path: Path, data: object) -> None:
    _write_text_atomically(path, json.dumps(data, indent=2) + "\n")


def _write_text_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _remove_abandoned_builds(index_dir: Path) -> None:
    """Delete temporary build folders whose builder process is gone (killed mid-build)."""
    for tmp in index_dir.glob(".build-*"):
        pid = tmp.name.split("-")[1]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(tmp, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_old_generations(index_dir: Path, keep: str, spare: int = 1) -> None:
    """Delete all but the newest generations; one spare stays for processes still reading it."""
    generations = sorted(
        p for p in index_dir.iterdir() if p.is_dir() and p.name[:1].isdigit() and p.name != keep
    )
    for old in generations[: max(0, len(generations) - spare)]:
        shutil.rmtree(old, ignore_errors=True)
