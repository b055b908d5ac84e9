"""Articles as context for their sentences: BM25 over whole articles and over headlines, and where each
article's sentences lie.

Two more BM25 fields beside the sentence engine, built at index time from the same tokens:
- `body`: one document per article, its headline and all its sentences;
- `titles`: one document per article, its headline alone.
Both are `Engine`s, so their scores are rank_bm25's. `first` holds the first sentence id of each article
(and the sentence count at the end), so a sentence's article and neighbours are found without the store.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from bot.search.engine import CorruptEngine, Engine
from bot.search.engine_builder import EngineBuilder

BODY = "body"
TITLES = "titles"
FIRST = "first.npy"


class ArticleIndex:
    """The article and headline engines, and the sentence range of every article."""

    def __init__(self, body: Engine, titles: Engine, first: np.ndarray) -> None:
        """Wrap built or loaded parts (use ArticleIndexBuilder.build or ArticleIndex.load)."""
        self.body = body
        self.titles = titles
        self.first = first  # n_articles + 1 sentence ids: article a holds first[a] .. first[a+1]-1

    @property
    def n_articles(self) -> int:
        """Articles indexed."""
        return len(self.first) - 1

    def article_of(self, sentence_ids: Sequence[int]) -> np.ndarray:
        """The article number of each sentence id."""
        return np.searchsorted(self.first, np.asarray(sentence_ids, np.int64), side="right") - 1

    def sentence_range(self, article: int) -> range:
        """The sentence ids of one article, in order."""
        return range(int(self.first[article]), int(self.first[article + 1]))

    def save(self, directory: Path) -> None:
        """Write both engines and the sentence offsets (plain .npy, no pickle)."""
        directory.mkdir(parents=True, exist_ok=True)
        self.body.save(directory / BODY)
        self.titles.save(directory / TITLES)
        np.save(directory / FIRST, self.first, allow_pickle=False)

    @classmethod
    def load(cls, directory: Path) -> ArticleIndex:
        """Open a saved article index, memory-mapped; raise CorruptEngine when anything is off."""
        try:
            first = np.load(directory / FIRST, allow_pickle=False)
        except (OSError, ValueError) as exc:
            raise CorruptEngine(f"cannot read the article offsets in {directory}: {exc}") from exc
        body, titles = Engine.load(directory / BODY), Engine.load(directory / TITLES)
        if not body.n_docs == titles.n_docs == len(first) - 1:
            raise CorruptEngine(f"the article index in {directory} does not hold one entry per article")
        return cls(body, titles, first.astype(np.int64))


class ArticleIndexBuilder:
    """Collects each article's headline tokens and sentence tokens, in index order."""

    def __init__(self, workdir: Path | None = None) -> None:
        """Start with no articles; the engines' segments go to `workdir` (or temp dirs)."""
        if workdir is None:
            self._body, self._titles = EngineBuilder(), EngineBuilder()
        else:
            self._body = EngineBuilder(workdir=workdir / BODY)
            self._titles = EngineBuilder(workdir=workdir / TITLES)
        self._first = [0]

    def add(self, title_tokens: list[str], sentence_tokens: Sequence[list[str]]) -> None:
        """Add the next article: its headline's tokens and its sentences' tokens."""
        self._titles.add(title_tokens)
        self._body.add(title_tokens + [t for tokens in sentence_tokens for t in tokens])
        self._first.append(self._first[-1] + len(sentence_tokens))

    def build(self) -> ArticleIndex:
        """Build both engines, held in memory."""
        return ArticleIndex(self._body.build(), self._titles.build(), np.array(self._first, np.int64))

    def write(self, directory: Path) -> None:
        """Merge both engines straight into `directory` (as `ArticleIndex.save` lays it out), in bounded
        memory: the builders' segments are streamed to disk, never loaded whole."""
        directory.mkdir(parents=True, exist_ok=True)
        self._body.write(directory / BODY)
        self._titles.write(directory / TITLES)
        np.save(directory / FIRST, np.array(self._first, np.int64), allow_pickle=False)
