"""Search: articles in; a built index on disk out, and exact BM25 top-k sentences from it.

- `build`: articles → a new generation folder under index/ (sentence store, engine arrays, manifest),
  swapped in by rewriting `index/CURRENT`.
- `layout`: that folder on disk: generations, the CURRENT pointer, `manifest.json`, atomic writes.
- `opening`: `SearchIndex.open` / `open_index`: the current generation, loaded read-only, rebuilt when
  missing, broken or (for small corpora) stale.
- `engine` + `engine_builder` (+ the compiled `kernel`): rank_bm25's BM25Okapi scores over sentences from
  memory-mapped `.npy` postings, built in bounded memory: segments spilled to disk and merged
  (`segments`, with `npyio` writing .npy files a chunk at a time). `store`: sentence texts and article
  metadata in SQLite. `precompute`: each sentence's tokens and figures and the article arrays, computed
  at build time and gathered by `SearchIndex.tokens/figures/article_*` instead of recomputed per answer;
  `readings`: each sentence as the answer layer reads it (`SearchIndex.readings`, or `ReadingBatch`
  from text for sentences that are not indexed).
- `articles`: the same BM25 over whole articles and over headlines (the articles as context of their
  sentences), and each article's sentence range.
"""

from bot.search.articles import ArticleIndex, ArticleIndexBuilder
from bot.search.build import BuildReport, BuildStatus, SkippedItem, build_from_articles, build_index
from bot.search.engine import Bm25Params, CorruptEngine, Engine, UnknownDocument
from bot.search.engine_builder import EngineBuilder
from bot.search.layout import CorruptIndex, IndexMissing, Manifest
from bot.search.opening import SearchIndex, is_fresh, open_index
from bot.search.precompute import Gathered
from bot.search.readings import MARK_BITS, ReadingBatch

__all__ = [
    "MARK_BITS",
    "ArticleIndex",
    "ArticleIndexBuilder",
    "Bm25Params",
    "BuildReport",
    "BuildStatus",
    "CorruptEngine",
    "CorruptIndex",
    "Engine",
    "EngineBuilder",
    "Gathered",
    "IndexMissing",
    "Manifest",
    "ReadingBatch",
    "SearchIndex",
    "SkippedItem",
    "UnknownDocument",
    "build_from_articles",
    "build_index",
    "is_fresh",
    "open_index",
]
