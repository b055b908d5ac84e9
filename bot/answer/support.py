"""Whether a candidate sentence, read with its article, holds enough of the question to be its answer.

The evidence is the sentence with its headline and the sentence before it ("The firm said ..." under a
headline naming the firm), then the whole article. The question's names must hold: every name it asks
about is in the article, and no other name stands in its place in the sentence ('in Asia' for 'in
China'). Periods are checked later, per figure, by `periods.select`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from bot.answer.anchors import Anchors, Name, find_names, neighbour, rival
from bot.answer.candidates import Scored
from bot.answer.counted import other_count
from bot.answer.lexical import holds
from bot.answer.name_forms import aliases, other_forms
from bot.answer.pool import Pool
from bot.answer.question_words import MEASURE_SYNONYMS
from bot.answer.questions import TYPE_NOUNS
from bot.ingest import STOP_WORDS, stem, words
from bot.models import AnswerType, QuestionAnalysis
from bot.search import Engine, SearchIndex

# Weighted share of the question's words that the sentence with its headline and preceding sentence (and
# the whole article) must hold for an alternative or another article's figure. Chosen on TrecQA/WikiQA/
# SQuAD dev and NewsQA's fit half: answerable questions refused against shuffled controls answered.
MIN_SENTENCE_COVERAGE = 0.4
MIN_ARTICLE_COVERAGE = 0.5
# The floor for the answer itself, below which no gate may pass it: the right article's wrong sentence
# ("Kenya's operators added 3 million" for smartphone sales in China). The gate decides above it. Chosen
# with the gate by cross-validation on the fit sets (docs/evaluation.md), from 0, 0.2, 0.25, 0.3, 0.35.
MIN_ANSWER_COVERAGE = 0.3


def type_cues(analysis: QuestionAnalysis) -> set[str]:
    """Stems of the words that only name the answer type: 'worth', 'year', 'percentage', how 'old'."""
    cues = {stem(w) for w in analysis.content_words if w in TYPE_NOUNS.get(analysis.answer_type, ())}
    asked = words(analysis.text)
    cues.update(stem(b) for a, b in pairwise(asked) if a == "how" and b not in ("many", "much"))
    return cues


def measures(analysis: QuestionAnalysis) -> tuple[frozenset[str], ...]:
    """For a question about money or a count, the stems of each measure it names ('revenue',
    'population') with the words a sentence may say instead ('sales', 'inhabitants')."""
    if analysis.answer_type not in (AnswerType.MONEY, AnswerType.COUNT):
        return ()
    return tuple(
        frozenset(stem(w) for w in MEASURE_SYNONYMS[word])
        for word in analysis.content_words
        if word in MEASURE_SYNONYMS
    )


@dataclass(frozen=True)
class Refusal:
    """A candidate turned down for its names: the figure it gives is for another name."""

    candidate: Scored
    asked: str  # the name the question asks about
    stated: str  # the one the sentence gives instead


@dataclass(frozen=True)
class _Around:
    """The question's terms in the headlines and articles (by column) and before each sentence (by its
    place in the pool) of a pool's candidates, read once from its lookups."""

    pool: Pool
    column: dict[int, int]
    terms: list[str]
    titles: list[list[bool]]
    bodies: list[list[bool]]
    before: list[list[bool]]


@dataclass(frozen=True)
class _Shares:
    """The support check's numbers for the prefetched candidates at once (by row, `rows` by sentence id):
    the shares of the question near and in the article, whether the article names every name, and which
    of the question's names (columns) each sentence holds itself."""

    pool: Pool
    rows: dict[int, int]
    near: list[float]
    article: list[float]
    named: list[bool]
    names_held: list[list[bool]]


@dataclass(frozen=True)
class Evidence:
    """What a candidate's context and article hold of the question: the gate's support features."""

    near: float  # weighted share of the question in the sentence, its headline and the sentence before
    article: float  # ... with the whole article added
    near_terms: frozenset[str]  # the question's terms in the sentence, its headline and the sentence before
    article_terms: frozenset[str]  # ... with the whole article added
    named: bool  # every name the question mentions is in the article, at least in part


class Support:
    """Whether a sentence and its article hold enough of the question to count as its answer."""

    def __init__(
        self,
        index: SearchIndex,
        tokens: list[str],
        cues: set[str],
        anchors: Anchors,
        measures: Sequence[frozenset[str]] = (),
        counted: tuple[str, ...] = (),
        neighbours: bool = True,
    ) -> None:
        """Weigh the question's tokens by rarity; keep its anchors, measures and counted words to check
        candidates against; with `neighbours`, a sentence naming another country than the asked one, which
        neither it nor its context names, does not answer (off for a 'where' question, whose answer is a
        place)."""
        unknown = math.log((index.n_sentences + 0.5) / 0.5)
        # Every word counts at least 1; rarer words up to 2, and words no article has count the most, so
        # a question about something the articles never mention is not answered. The floor keeps common
        # words meaningful where IDF is not (a corpus of one article).
        self.weights = {t: 1.0 + min(max(_idf_or(index, t, unknown), 0.0) / unknown, 1.0) for t in tokens}
        self.total = sum(self.weights.values())
        self.index, self.cues, self.anchors, self.measures = index, cues, anchors, tuple(measures)
        self.counted, self.neighbours = counted, neighbours
        # Set once a sentence names the counted noun but counts another thing: then a lower-ranked count
        # must be of the asked noun or its kind, named or not ('5,000 soldiers' below '12 contracts').
        self._counts_other = False
        self.names = [name for n in anchors.names if (name := _searched(n)).known()]
        self.refusals: list[Refusal] = []
        self.terms = set(self.weights).union(*(n.known() for n in self.names))
        self._articles: dict[int, set[str]] = {}
        self._near_terms: dict[tuple[int, int | None], set[str]] = {}
        self._around: _Around | None = None  # the terms around the ranked candidates (prefetch)
        self._shares: _Shares | None = None  # their support numbers (prefetch)
        self._evidence: dict[int, Evidence] = {}
        self._refusals: dict[int, Refusal | None] = {}

    def coverage(self, present: set[str]) -> float:
        """IDF-weighted share of the question's tokens found in `present`."""
        if self.total <= 0:
            return 1.0
        return sum(w for t, w in self.weights.items() if t in present) / self.total

    def __call__(self, cand: Scored) -> bool:
        """Check an alternative: its context and article cover enough of the question, and it keeps the
        floors of an answer."""
        return self._covered(cand) and self.floors(cand)

    def floors(self, cand: Scored) -> bool:
        """The hard floors of any answer: its article names every name of the question, its context holds
        at least MIN_ANSWER_COVERAGE of it, and its sentence puts no other name in the place of one it
        lacks ('in Asia' for 'in China'); the sum of money or count it gives is of the measure asked
        ('revenue' or 'population' said in its sentence, headline or the sentence before, or 'sales' or
        'inhabitants' in its sentence); and the count
        it gives is not of another noun beside the one asked ('companies signed 12 contracts')."""
        near, _, named = self._seen(cand)
        if not named or near < MIN_ANSWER_COVERAGE:
            return False
        if self.measures:  # said in words: the figure's type cues do not count here
            said = set(cand.tokens) | self._near(cand)
            if not all(group & said for group in self.measures):
                return False
        if cand.sentence_id not in self._refusals:
            self._refusals[cand.sentence_id] = refusal = self._off_anchor(cand) or self._other_count(cand)
            if refusal is not None and self._covered(cand):
                self.refusals.append(refusal)
        return self._refusals[cand.sentence_id] is None

    def rescuable(self, cand: Scored) -> bool:
        """Whether a close meaning may stand in for the coverage thresholds (core's rescue): the floors
        hold, and its count is not of another kind of thing than asked even where its sentence does not
        name the asked noun ('24,000 base stations' for 'how many subscribers')."""
        return self.floors(cand) and other_count(self.counted, cand.figure, cand.tokens, strict=True) is None

    def near_share(self, cand: Scored) -> float:
        """The share of the question that the candidate's sentence and its context hold."""
        return self._seen(cand)[0]

    def _covered(self, cand: Scored) -> bool:
        """The candidate's context and its article hold at least the minimum shares of the question."""
        near, article, _ = self._seen(cand)
        return near >= MIN_SENTENCE_COVERAGE and article >= MIN_ARTICLE_COVERAGE

    def _seen(self, cand: Scored) -> tuple[float, float, bool]:
        """The candidate's evidence shares (near, article) and whether its article names every name: from
        the prefetched arrays when it was prefetched (the same floats as `evidence`), else `evidence`."""
        shares, row = self._shares, self._row(cand)
        if shares is None or row is None:
            seen = self.evidence(cand)
            return seen.near, seen.article, seen.named
        return shares.near[row], shares.article[row], shares.named[row]

    def _row(self, cand: Scored) -> int | None:
        """The candidate's row in the prefetched arrays, None when it was not prefetched."""
        shares = self._shares
        return shares.rows.get(cand.sentence_id) if shares is not None and cand.pool is shares.pool else None

    def evidence(self, cand: Scored) -> Evidence:
        """What the candidate's context and article hold of the question (computed once per sentence)."""
        if cand.sentence_id not in self._evidence:
            near = set(cand.tokens) | self._near(cand)
            if cand.figure is not None:
                near |= self.cues  # the figure itself answers "worth", "year", "share"
            near |= self._spelt_out(near)
            article = near | self._article(cand.article)
            article |= self._spelt_out(article)
            self._evidence[cand.sentence_id] = Evidence(
                near=self.coverage(near),
                article=self.coverage(article),
                near_terms=frozenset(near & self.weights.keys()),
                article_terms=frozenset(article & self.weights.keys()),
                named=self._named(article),
            )
        return self._evidence[cand.sentence_id]

    def _spelt_out(self, present: set[str]) -> set[str]:
        """The stems of the question's names that `present` holds by another name ('uk' where it says
        'United Kingdom'), so that coverage counts them as held."""
        return {s for name in self.names if name.aliases and name.held(present) for s in name.stems}

    def _named(self, present: set[str]) -> bool:
        """Each name in the question is mentioned, at least in part ('Newton' for 'Cam Newton')."""
        return all(name.held(present) for name in self.names)

    def _off_anchor(self, cand: Scored) -> Refusal | None:
        """Why the sentence is about another name than asked ('Asia' for 'China'), if it is."""
        shares, row = self._shares, self._row(cand)
        if shares is not None and row is not None:
            missing = [n for n, inside in zip(self.names, shares.names_held[row], strict=True) if not inside]
        else:
            missing = [n for n in self.names if not n.held(set(cand.tokens))]
        if missing:
            stated_names = find_names(cand.text)
            for name in missing:
                other = rival(name, stated_names, self.names)
                if other is None and self.neighbours and not name.held(self._near(cand)):
                    other = None if _written(name, cand.text) else neighbour(name, stated_names, self.names)
                if other is not None:
                    return Refusal(cand, name.text, _bare(other))
        return None

    def _other_count(self, cand: Scored) -> Refusal | None:
        """Why the sentence's count is of something else than asked ('12 contracts' for companies). Called
        in rank order, once per sentence."""
        other = other_count(self.counted, cand.figure, cand.tokens, strict=self._counts_other)
        self._counts_other = self._counts_other or other is not None
        return Refusal(cand, other[1], other[0]) if other else None

    def prefetch(self, cands: Sequence[Scored]) -> None:
        """Read the question's terms around these candidates from their pool's lookups (one look-up per
        term, shared with the context features) instead of one engine look-up per candidate."""
        pool = cands[0].pool if cands else None
        if pool is None or pool.lookups is None:
            return
        lk, terms = pool.lookups, list(self.terms)
        titles, bodies, before = (rows(terms).T for rows in (lk.titles, lk.bodies, lk.before))
        self._around = _Around(pool, lk.column, terms, titles.tolist(), bodies.tolist(), before.tolist())
        mine = [c for c in cands if c.pool is pool]
        at = np.array([c.at for c in mine], np.int64)
        column = np.array([lk.column[c.article] for c in mine], np.int64)
        figure = np.array([c.figure is not None for c in mine], np.bool_)
        cue = np.array([t in self.cues for t in terms], np.bool_)
        own = holds(pool, pool.term_ids(terms))[at]
        place = {t: j for j, t in enumerate(terms)}
        near = self._spell_out(own | titles[column] | before[at] | (figure[:, None] & cue[None, :]), place)
        article = self._spell_out(near | bodies[column], place)
        held_names = np.array([_held(own, name, place) for name in self.names], np.bool_).reshape(
            -1, len(mine)
        )
        named = np.array([_held(article, name, place) for name in self.names], np.bool_).reshape(
            -1, len(mine)
        )
        self._shares = _Shares(
            pool,
            {c.sentence_id: i for i, c in enumerate(mine)},
            self._coverages(near[:, [place[t] for t in self.weights]]),
            self._coverages(article[:, [place[t] for t in self.weights]]),
            named.all(axis=0).tolist(),
            held_names.T.tolist(),
        )

    def _spell_out(self, present: np.ndarray, place: dict[str, int]) -> np.ndarray:
        """_spelt_out for each row of `present` (a column per term at `place`), set in place."""
        for name in self.names:
            if name.aliases and name.stems:
                held = _held(present, name, place)
                for s in name.stems:
                    present[:, place[s]] |= held
        return present

    def _coverages(self, present: np.ndarray) -> list[float]:
        """`coverage` of each row of `present` (the question's weighted terms, in order, as columns)."""
        if self.total <= 0:
            return [1.0] * len(present)
        w = np.array(list(self.weights.values()))
        # Summed one term after the other (accumulate), as coverage() sums: the same floats to the last bit.
        summed = np.add.accumulate(present * w, axis=1)[:, -1] if len(w) else np.zeros(len(present))
        return (summed / self.total).tolist()

    def _near(self, cand: Scored) -> set[str]:
        """The question's terms found in the candidate's headline or in the sentence before it."""
        ai, sid = self.index.article_index, cand.sentence_id
        before = sid - 1 if sid > ai.first[cand.article] else None
        key = (cand.article, before)
        around = self._around
        if key not in self._near_terms and around is not None and cand.pool is around.pool:
            held = zip(
                around.terms, around.titles[around.column[cand.article]], around.before[cand.at], strict=True
            )
            self._near_terms[key] = {t for t, title, sentence in held if title or sentence}
        if key not in self._near_terms:
            found = self._terms_in(ai.titles, cand.article)
            if before is not None:
                found |= self._terms_in(self.index.engine, before)
            self._near_terms[key] = found
        return self._near_terms[key]

    def _article(self, article: int) -> set[str]:
        """The question's terms found anywhere in an article, its headline included."""
        around = self._around
        if article not in self._articles and around is not None and article in around.column:
            held = zip(around.terms, around.bodies[around.column[article]], strict=True)
            self._articles[article] = {t for t, h in held if h}
        if article not in self._articles:
            self._articles[article] = self._terms_in(self.index.article_index.body, article)
        return self._articles[article]

    def _terms_in(self, engine: Engine, doc: int) -> set[str]:
        """Which of the question's terms (and name stems) one document of an engine holds."""
        return {t for t in self.terms if engine.holds(t, [doc])[0]}


def _searched(name: Name) -> Name:
    """A question's name as looked for among search tokens, which hold no stop words ("IT" is searched
    as nothing): its stems in any of their forms ('German' names Germany) and its other names ('United
    Nations' for 'UN')."""
    return Name(name.text, _forms(name) - STOP_WORDS, name.frame, aliases(name.text))


def _held(present: np.ndarray, name: Name, place: dict[str, int]) -> np.ndarray:
    """Name.held for each row of `present` (rows of candidates, a column per term at `place`)."""
    held = present[:, [place[s] for s in name.stems]].any(axis=1)
    for alias in name.aliases:
        held |= present[:, [place[s] for s in alias]].all(axis=1)
    return held


def _forms(name: Name) -> frozenset[str]:
    """A name's stems with those of its words' other forms ('germani' and 'german' for 'Germany')."""
    return name.stems.union(*(other_forms(w) for w in name.text.split()))


def _written(name: Name, text: str) -> bool:
    """Whether the text writes the name, full stops aside, where its tokens do not: 'U.S.' for 'US'."""
    plain = name.text.replace(".", "")
    return (
        bool(plain)
        and re.search(rf"\b{re.escape(plain)}\b", text.replace(".", ""), re.IGNORECASE) is not None
    )


def _bare(name: Name) -> str:
    """A name as shown in a reason, without a trailing full stop."""
    return name.text.rstrip(".")


def _idf_or(index: SearchIndex, token: str, default: float) -> float:
    idf = index.engine.idf(token)
    return default if idf is None else idf
