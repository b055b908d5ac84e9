"""Whether a candidate sentence, with its article, holds enough of the question to count as its answer."""

from __future__ import annotations

import math
import re
from itertools import pairwise

from bot.answer.candidates import Scored
from bot.answer.questions import TYPE_NOUNS
from bot.ingest import STOP_WORDS, stem, tokenize, words
from bot.models import QuestionAnalysis
from bot.search import SearchIndex

# Weighted share of the question's words that the sentence (and its article) must hold to count as an
# answer. Chosen on TrecQA/WikiQA/SQuAD dev: answerable questions refused vs. shuffled controls answered.
MIN_SENTENCE_COVERAGE = 0.4
MIN_ARTICLE_COVERAGE = 0.5


def names(question: str) -> list[frozenset[str]]:
    """Runs of capitalised words after the first word ('Cam Newton', 'Huawei'), each as its stems."""
    names: list[frozenset[str]] = []
    run: set[str] = set()
    for i, raw in enumerate(re.findall(r"[^\W\d_][\w'’.-]*|\S", question)):
        stems = {stem(w) for w in words(raw) if w not in STOP_WORDS}
        if i > 0 and raw[0].isupper() and stems:
            run |= stems
            continue
        if run:
            names.append(frozenset(run))
        run = set()
    if run:
        names.append(frozenset(run))
    return names


def type_cues(analysis: QuestionAnalysis) -> set[str]:
    """Stems of the words that only name the answer type: 'worth', 'year', 'percentage', how 'old'."""
    cues = {stem(w) for w in analysis.content_words if w in TYPE_NOUNS.get(analysis.answer_type, ())}
    asked = words(analysis.text)
    cues.update(stem(b) for a, b in pairwise(asked) if a == "how" and b not in ("many", "much"))
    return cues


class Support:
    """Whether a sentence and its article hold enough of the question to count as its answer."""

    def __init__(
        self, index: SearchIndex, tokens: list[str], cues: set[str], names: list[frozenset[str]]
    ) -> None:
        unknown = math.log((index.n_sentences + 0.5) / 0.5)
        # Every word counts at least 1; rarer words up to 2, and words no article has count the most, so
        # a question about something the articles never mention is not answered. The floor keeps common
        # words meaningful where IDF is not (a corpus of one article).
        self.weights = {t: 1.0 + min(max(_idf_or(index, t, unknown), 0.0) / unknown, 1.0) for t in tokens}
        self.total = sum(self.weights.values())
        self.index, self.cues, self.names = index, cues, names
        self._articles: dict[int, set[str]] = {}

    def coverage(self, present: set[str]) -> float:
        """IDF-weighted share of the question's tokens found in `present`."""
        if self.total <= 0:
            return 1.0
        return sum(w for t, w in self.weights.items() if t in present) / self.total

    def __call__(self, cand: Scored) -> bool:
        """Check one candidate: sentence coverage, then (when needed) its article's coverage and names."""
        present = set(cand.tokens)
        if cand.figure is not None:
            present |= self.cues  # the figure itself answers "worth", "year", "share"
        covered = self.coverage(present)
        if covered < MIN_SENTENCE_COVERAGE:
            return False
        if covered >= MIN_ARTICLE_COVERAGE and self._named(present):
            return True
        if cand.article not in self._articles:
            self._articles[cand.article] = _article_tokens(cand.article, self.index)
        present |= self._articles[cand.article]
        return self._named(present) and self.coverage(present) >= MIN_ARTICLE_COVERAGE

    def _named(self, present: set[str]) -> bool:
        """Each name in the question is mentioned, at least in part ('Newton' for 'Cam Newton')."""
        return all(name & present for name in self.names)


def _idf_or(index: SearchIndex, token: str, default: float) -> float:
    idf = index.engine.idf(token)
    return default if idf is None else idf


def _article_tokens(article: int, index: SearchIndex) -> set[str]:
    source, first, n = index.store.article_of(article)
    tokens = set(tokenize(source.title))
    for _, text in index.store.range_texts(first, first + n):
        tokens.update(tokenize(text))
    return tokens
