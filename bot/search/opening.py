"""Opening the index: the current generation, loaded read-only; rebuilt when missing, broken or stale."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np

from bot.ingest import content_fingerprint, corpus_files, quick_fingerprint
from bot.models import Figure, Source
from bot.search.articles import ArticleIndex
from bot.search.build import Progress, build_index
from bot.search.engine import CorruptEngine, Engine
from bot.search.layout import (
    ARTICLES,
    ENGINE,
    PRECOMPUTED,
    STORE,
    CorruptIndex,
    IndexMissing,
    Manifest,
    current_generation,
    read_manifest,
)
from bot.search.precompute import CorruptPrecomputed, Gathered, Precomputed
from bot.search.readings import ReadingBatch
from bot.search.store import CorruptStore, Store

log = logging.getLogger(__name__)


class SearchIndex:
    """A loaded, read-only index: the BM25 engine and precomputed arrays (memory-mapped), the store."""

    def __init__(
        self,
        folder: Path,
        manifest: Manifest,
        engine: Engine,
        store: Store,
        article_index: ArticleIndex,
        pre: Precomputed,
    ) -> None:
        """Use `SearchIndex.open`; this only wires loaded parts together."""
        self.folder = folder
        self.manifest = manifest
        self.engine = engine
        self.store = store
        self.article_index = article_index  # whole-article and headline BM25, sentence ranges
        self.pre = pre
        self.generation = manifest.generation
        self.n_articles = manifest.articles
        self.n_sentences = manifest.sentences
        self.stale = False

    @classmethod
    def open(cls, index_dir: Path) -> SearchIndex:
        """Open the current generation of an index folder; raises IndexMissing or CorruptIndex."""
        folder = current_generation(index_dir)
        manifest = read_manifest(folder)
        try:
            engine = Engine.load(folder / ENGINE)
            article_index = ArticleIndex.load(folder / ARTICLES)
            store = Store(folder / STORE)
            counts = store.counts()
            pre = Precomputed(folder / PRECOMPUTED)
        except (CorruptEngine, CorruptStore, CorruptPrecomputed) as exc:
            raise CorruptIndex(f"the index in {folder} is damaged: {exc}") from exc
        expected = (manifest.articles, manifest.sentences)
        sizes = {
            counts,
            (int(pre.meta["articles"]), pre.n_sentences),
            (manifest.articles, engine.n_docs),
            (article_index.n_articles, int(article_index.first[-1])),
        }
        if sizes != {expected}:
            raise CorruptIndex(f"the index in {folder} does not match its manifest (an interrupted copy?)")
        return cls(folder, manifest, engine, store, article_index, pre)

    def tokens(self, ids: Iterable[int]) -> list[list[str]]:
        """Each sentence's search tokens, as `tokenize(text)` gives them, without tokenising."""
        return self.pre.tokens(list(ids), self.engine.vocab)

    def token_ids(self, ids: Iterable[int]) -> list[list[int]]:
        """Each sentence's tokens as ids into the engine's vocabulary (`engine.vocab[i]`)."""
        return self.pre.token_ids(list(ids))

    def figures(self, ids: Iterable[int]) -> list[list[Figure]]:
        """Each sentence's figures, as `extract_figures(text)` gives them, without extracting."""
        return self.pre.figures(list(ids))

    def token_csr(self, ids: Iterable[int] | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The sentences' token ids concatenated, and where each sentence's start (length + 1)."""
        return self.pre.token_csr(ids if isinstance(ids, np.ndarray) else list(ids))

    def candidates(self, ids: Sequence[int] | np.ndarray) -> Gathered:
        """Everything stored about the given sentences (tokens, figure rows, readings, articles), gathered
        in order as flat arrays: what an answer reads of its candidates, without their texts."""
        return self.pre.candidates(ids)

    def decode_figures(self, rows: np.ndarray) -> list[Figure]:
        """Figures from stored figure rows (`candidates(ids).figure_rows`)."""
        return self.pre.decode_figures(rows)

    def readings(self, ids: Iterable[int]) -> ReadingBatch:
        """Each sentence's reading, as `read_sentence(text, figures)` gives it, without reading."""
        return self.pre.readings(list(ids))

    def article_ids(self, ids: Iterable[int]) -> np.ndarray:
        """The article number of each sentence (int32)."""
        return self.pre.articles(list(ids))

    def article_spans(self, articles: Iterable[int]) -> tuple[np.ndarray, np.ndarray]:
        """Each article's first sentence id and its sentence count."""
        nums = np.asarray(list(articles), np.int64)
        first = self.pre.article_first(nums)
        return first, self.pre.article_first(nums + 1) - first

    def article_dates(self, articles: Iterable[int]) -> np.ndarray:
        """Each article's date as datetime64[D] (NaT when the article has none or it is not ISO)."""
        return self.pre.article_dates(list(articles))

    def sentence(self, sentence_id: int) -> str:
        """The text of one sentence."""
        return self.store.sentences([sentence_id])[sentence_id][0]

    def sentences(self, ids: Iterable[int]) -> dict[int, tuple[str, int]]:
        """Text and article number of each sentence id."""
        return self.store.sentences(list(ids))

    def sentences_with_sources(self, ids: Iterable[int]) -> dict[int, tuple[str, int, Source]]:
        """Text, article number and the article's source of each sentence id."""
        wanted = [int(i) for i in ids]
        indexed = all(0 <= i < self.n_sentences for i in wanted)  # else the store says what it lacks
        articles = self.pre.articles(wanted).tolist() if indexed else None
        return self.store.sentences_with_sources(wanted, articles)

    def source(self, article: int) -> Source:
        """The source of an article, by its number in the index."""
        return self.store.article_of(article)[0]

    def sources(self, articles: Iterable[int]) -> dict[int, Source]:
        """The source of each of the given articles, by number."""
        return self.store.sources(list(articles))

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
    size_mb = sum(p.stat().st_size for p in corpus_files(corpus_dir)) / 2**20
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
    if built.quick_fingerprint and built.quick_fingerprint == quick_fingerprint(corpus_dir):
        return True
    return bool(built.content_fingerprint) and built.content_fingerprint == content_fingerprint(corpus_dir)


def _rebuild_and_open(
    corpus_dir: Path, index_dir: Path, notify: Callable[[str], None], progress: Progress | None
) -> SearchIndex:
    report = build_index(corpus_dir, index_dir, progress)
    notify(str(report).capitalize() + ".")
    return SearchIndex.open(index_dir)
