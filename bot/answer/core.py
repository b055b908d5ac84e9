"""The core: answer(question, index) -> Answer. Knows nothing of Telegram, terminals or settings."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from itertools import pairwise

from bot.answer.questions import TYPE_NOUNS, analyse, echoes_question, noun_overlap, type_matches
from bot.answer.ranking import rerank
from bot.errors import FactbotError
from bot.ingest import STOP_WORDS, extract_figures, stem, tokenize, words
from bot.models import FIGURE_TYPES, Answer, AnswerType, Candidate, Figure, QuestionAnalysis
from bot.search import SearchIndex

MAX_QUESTION_CHARS = 1_000
CANDIDATES = 40
# Candidates checked for support, best first; lower-ranked sentences are not offered as answers.
MAX_CHECKED = 30
SMALL_CORPUS = 5_000
# Weighted share of the question's words that the sentence (and its article) must hold to count as an
# answer. Chosen on TrecQA/WikiQA/SQuAD dev: answerable questions refused vs. shuffled controls answered.
MIN_SENTENCE_COVERAGE = 0.4
MIN_ARTICLE_COVERAGE = 0.5
# How much a fitting figure lifts a candidate, as a share of the best candidate's score.
FIGURE_BONUS = 0.35
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


class InvalidQuestion(FactbotError):
    """The question cannot be searched: empty, too long, binary, or without any words."""


@dataclass
class _Scored:
    sentence_id: int
    text: str
    article: int
    bm25: float
    score: float
    figure: Figure | None = None
    fit: float = 0.0
    tokens: list[str] = field(default_factory=list)


def clean_question(question: str) -> str:
    """The question with Unicode normalised and whitespace collapsed; raises InvalidQuestion."""
    if not isinstance(question, str):
        raise InvalidQuestion("A question must be text.")
    if len(question) > MAX_QUESTION_CHARS * 4:
        raise InvalidQuestion(f"That question is too long ({len(question):,} characters; at most 1,000).")
    text = unicodedata.normalize("NFKC", question)
    if "\x00" in text or "\ufffd" in text or len(_CONTROL.findall(text)) > 2:
        raise InvalidQuestion("That looks like binary data, not a question. Please type a question.")
    text = " ".join(_CONTROL.sub(" ", text).split())
    if not text:
        raise InvalidQuestion("The question is empty. Ask something like: how many base stations were built?")
    if len(text) > MAX_QUESTION_CHARS:
        raise InvalidQuestion(f"That question is too long ({len(text):,} characters; at most 1,000).")
    if not words(text):
        raise InvalidQuestion("The question has no words in it. Ask about a figure, e.g. 'how many ...?'")
    return text


def answer(question: str, index: SearchIndex, *, alternatives: int = 3) -> Answer:
    """Answer a question from the index: the figure, its sentence and article, or found=False."""
    text = clean_question(question)
    analysis = analyse(text)
    tokens = tokenize(text)
    if not tokens:
        return _not_found(
            text, analysis, "The question has only common words; name what you are asking about."
        )
    hits = index.engine.search(tokens, k=CANDIDATES) or _small_corpus_hits(index, tokens)
    if not hits:
        return _not_found(text, analysis, "None of the question's words appear in the articles.")
    ranked = _rank(analysis, tokens, hits, index)
    wants_figure = analysis.answer_type in FIGURE_TYPES
    check = _Support(index, tokens, _type_cues(analysis), _names(text))
    accepted = []
    for cand in ranked[:MAX_CHECKED]:
        if (cand.figure is not None or not wants_figure) and check(cand):
            accepted.append(cand)
            if len(accepted) > alternatives:
                break
    if not accepted and wants_figure and any(map(check, ranked[:5])):
        kind = analysis.answer_type.value
        return _not_found(text, analysis, f"The articles discuss this but give no {kind} for it.")
    if not accepted:
        return _not_found(text, analysis, "The articles don't seem to say; no sentence matches the question.")
    best, rest = accepted[0], accepted[1 : 1 + alternatives]
    return Answer(
        question=text,
        found=True,
        answer_type=analysis.answer_type,
        focus=analysis.focus,
        **dict(_candidate(best, index)),
        alternatives=[_candidate(c, index) for c in rest],
    )


def _small_corpus_hits(index: SearchIndex, tokens: list[str]) -> list[tuple[int, float]]:
    """In a corpus of a few sentences every word can be in half of them, where rank_bm25's IDF is at
    or below zero and no score is positive: then rank the sentences that hold a question word anyway."""
    if index.n_sentences > SMALL_CORPUS or not any(index.engine.df(t) for t in tokens):
        return []
    scores = index.engine.scores(tokens, range(index.n_sentences))
    order = sorted((i for i in range(index.n_sentences) if scores[i] != 0), key=lambda i: (-scores[i], i))
    return [(i, float(scores[i])) for i in order[:CANDIDATES]]


def _rank(analysis: QuestionAnalysis, tokens: list[str], hits: list, index: SearchIndex) -> list[_Scored]:
    """Rerank BM25 hits, pick each sentence's figure, and order by score plus figure fit."""
    rows = index.sentences(doc for doc, _ in hits)
    cands = [_Scored(doc, rows[doc][0], rows[doc][1], bm25, 0.0) for doc, bm25 in hits if doc in rows]
    for cand in cands:
        cand.tokens = tokenize(cand.text)
    texts, figures = [c.text for c in cands], [extract_figures(c.text) for c in cands]
    bm25 = [c.bm25 for c in cands]
    scores = rerank(analysis, texts, bm25, index.engine.idf, figures, [c.tokens for c in cands])
    question_numbers = {w for w in words(analysis.text) if w[0].isdigit()}
    for cand, score in zip(cands, scores, strict=True):
        cand.score = float(score)
        cand.figure, cand.fit = pick_figure(analysis, cand.text, question_numbers)
    top = max((c.score for c in cands), default=0.0)
    bonus = FIGURE_BONUS * abs(top)
    return sorted(cands, key=lambda c: (-(c.score + bonus * c.fit), c.sentence_id))


def pick_figure(
    analysis: QuestionAnalysis, sentence: str, exclude: set[str] = frozenset()
) -> tuple[Figure | None, float]:
    """The figure in a sentence that best answers the question, and how well it fits (0..2)."""
    if analysis.answer_type is AnswerType.OTHER:
        return _figure_after_question_word(analysis, sentence, exclude)
    if analysis.answer_type not in FIGURE_TYPES:
        return None, 0.0
    best: tuple[Figure | None, float] = (None, 0.0)
    for figure in extract_figures(sentence):
        kind_fit = type_matches(analysis.answer_type, figure)
        if kind_fit <= 0 or echoes_question(figure, exclude):
            continue
        fit = kind_fit + noun_overlap(analysis.focus, figure)
        if fit > best[1]:
            best = (figure, fit)
    return best


def _figure_after_question_word(
    analysis: QuestionAnalysis, sentence: str, exclude: set[str]
) -> tuple[Figure | None, float]:
    """For an untyped question ('what did exports reach?'): a figure right after one of its words."""
    asked = {stem(w) for w in analysis.content_words}
    for figure in extract_figures(sentence):
        before = tokenize(sentence[max(0, figure.span.start - 30) : figure.span.start])[-2:]
        if asked.intersection(before) and not echoes_question(figure, exclude):
            return figure, 0.5
    return None, 0.0


def _names(question: str) -> list[frozenset[str]]:
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


def _type_cues(analysis: QuestionAnalysis) -> set[str]:
    """Stems of the words that only name the answer type: 'worth', 'year', 'percentage', how 'old'."""
    cues = {stem(w) for w in analysis.content_words if w in TYPE_NOUNS.get(analysis.answer_type, ())}
    asked = words(analysis.text)
    cues.update(stem(b) for a, b in pairwise(asked) if a == "how" and b not in ("many", "much"))
    return cues


class _Support:
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

    def __call__(self, cand: _Scored) -> bool:
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


def _candidate(c: _Scored, index: SearchIndex) -> Candidate:
    figure = c.figure
    return Candidate(
        figure=figure.text if figure else None,
        figure_kind=figure.kind if figure else None,
        highlight=figure.span if figure else None,
        passage=c.text,
        sentence_id=c.sentence_id,
        source=index.source(c.article),
        score=round(c.score, 6),
        bm25=round(c.bm25, 6),
    )


def _not_found(question: str, analysis: QuestionAnalysis, reason: str) -> Answer:
    return Answer(
        question=question, found=False, answer_type=analysis.answer_type, focus=analysis.focus, reason=reason
    )


def suggest_questions(index: SearchIndex, n: int = 3, scan: int = 400) -> list[str]:
    """Example questions made from the corpus's own counted figures, each checked to be answerable."""
    suggestions: list[str] = []
    rows = index.sentences(range(min(scan, index.n_sentences)))
    for sid in sorted(rows):
        for figure in extract_figures(rows[sid][0]):
            if figure.kind is not AnswerType.COUNT or not figure.noun:
                continue
            question = f"How many {figure.noun}?"
            if question not in suggestions and answer(question, index).found:
                suggestions.append(question)
            break
        if len(suggestions) >= n:
            break
    return suggestions
