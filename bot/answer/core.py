"""The core: answer(question, index) -> Answer. Knows nothing of Telegram, terminals or settings."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date
from itertools import pairwise

import numpy as np

from bot.answer.anchors import question_anchors
from bot.answer.candidates import Scored, feature_matrix, gather, rank, scored, to_candidates
from bot.answer.compounds import split_compounds
from bot.answer.counted import counted_words
from bot.answer.dates import article_dates
from bot.answer.gate import GATE_WORDS_FILE, MIN_GATE_ARTICLES, GateModel, GateQuery, load_gate
from bot.answer.metadata import KINDS, WHICH_ARTICLE, MetaQuestion, meta_value, missing, read_meta
from bot.answer.names import (
    NAME_TYPES,
    asked_group,
    asked_roles,
    asked_sort,
    asks_for_several,
    examples,
    name_answer,
    role_named,
)
from bot.answer.periods import asked_period, select
from bot.answer.question_text import without_chatter
from bot.answer.questions import analyse, no_figure_reason
from bot.answer.ranking import FEATURES
from bot.answer.semantic import MEANING, Meaning
from bot.answer.spelling import respelled
from bot.answer.support import Refusal, Support, measures, type_cues
from bot.answer.timeline import Figures, arrange
from bot.errors import FactbotError
from bot.ingest import extract_figures, stem, tokenize, words
from bot.models import FIGURE_TYPES, Answer, AnswerType, Candidate, Period, QuestionAnalysis
from bot.search import SearchIndex

MAX_QUESTION_CHARS = 1_000
# Candidates checked for support, best first; lower-ranked sentences are not offered as answers.
MAX_CHECKED = 30
# Accepted candidates kept beyond the alternatives, so that other articles' figures can form a timeline.
TIMELINE_DEPTH = 8
# Whether the candidate _accepted() picks (within the thresholds, else the floors) answers: gate_weights.json,
# fitted with the meaning stage's cosine among its features, or, when the stage is off, the words-only gate.
GATE = load_gate()
GATE_WORDS = load_gate(GATE_WORDS_FILE)


def gate_for(meaning: Meaning) -> GateModel:
    """The gate fitted for the ranking in use: with the meaning stage, or by words alone."""
    return GATE if meaning.on else GATE_WORDS


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


class InvalidQuestion(FactbotError):
    """The question cannot be searched: empty, too long, binary, or without any words."""


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


def answer(
    question: str,
    index: SearchIndex,
    *,
    alternatives: int = 3,
    today: date | None = None,
    about: tuple[int, str] | None = None,
) -> Answer:
    """Answer a question from the index: the figure, its sentence and article, or found=False.

    A period in the question ('in 2023', 'last year' against `today`) selects the figure stated for it;
    of several articles the latest answers, and the others' figures come as its timeline. A question about
    an article itself ('who wrote the article?') is answered from its metadata; `about` is the sentence id
    and article id of the conversation's last answer, whose article such a question may mean."""
    text = clean_question(question)
    meta = read_meta(without_chatter(text))
    if meta is not None:
        return _meta_answer(text, meta, index, about)
    asked = _read(text, index)
    analysis = analyse(asked)
    period = asked_period(asked, today or date.today())
    tokens = tokenize(asked)
    if not tokens:
        reason = "The question has only common words; name what you are asking about."
        return _not_found(text, analysis, reason, period)
    ranked = ranked_candidates(analysis, tokens, index)
    if not ranked:
        return _not_found(text, analysis, "None of the question's words appear in the articles.", period)
    wants_figure = analysis.answer_type in FIGURE_TYPES
    check = _support(index, tokens, analysis, ranked)

    model = gate_for(MEANING)

    def gate(i: int) -> bool:
        return model.answers(GateQuery(index, tokens, check, ranked).features(i, wants_figure))

    gated = index.article_index.n_articles >= MIN_GATE_ARTICLES
    rescue = None if gated or not MEANING.on else (MEANING.rescue, MEANING.match_rescue)
    more = alternatives + TIMELINE_DEPTH
    accepted = _accepted(ranked, check, wants_figure, more, gate if gated else None, rescue)
    if not accepted:
        return _not_found(text, analysis, _why_not(ranked, check, analysis, wants_figure), period)
    if analysis.answer_type in NAME_TYPES:  # who, where, which company: the name in each sentence shown
        accepted = _named(asked, analysis, tokens, accepted, alternatives + 1)
    elif analysis.answer_type is AnswerType.OTHER:
        _unshown_dates(accepted, set(tokens))
        _exemplified(asked, set(tokens), accepted)
    figures = {c.sentence_id: c.figures for c in accepted}
    near = {c.sentence_id: check.near_share(c) for c in accepted}
    cands = to_candidates(accepted, index)
    return _dated_answer(text, analysis, period, cands, index, alternatives, figures, near)


def _meta_answer(text: str, meta: MetaQuestion, index: SearchIndex, about: tuple[int, str] | None) -> Answer:
    """The author, date or source of the article the question names by its subject, or of the
    conversation's article (`about`: its last answer's sentence id and doc id, while that sentence is
    still the article's; a rebuild renumbers sentences), or of the only article."""
    kind = KINDS[meta.field]
    sentence: int | None = None
    if meta.topic:
        topic = _read(meta.topic, index)
        tokens = tokenize(topic)
        found = ranked_candidates(analyse(topic), tokens, index) if tokens else []
        if not found:
            reason = f"No article seems to be about {meta.topic}."
            return Answer(question=text, found=False, answer_type=kind, reason=reason)
        sentence = found[0].sentence_id
    elif about is not None and _still_in(index, *about):
        sentence = about[0]
    elif index.n_articles == 1:
        sentence = 0
    if sentence is None:
        return Answer(question=text, found=False, answer_type=kind, reason=WHICH_ARTICLE)
    _, article, source = index.sentences_with_sources([sentence])[sentence]
    value = meta_value(source, meta.field)
    if value is None:
        return Answer(question=text, found=False, answer_type=kind, reason=missing(meta.field), source=source)
    first = int(index.article_spans([article])[0][0])
    title = source.title or index.sentence(first)
    return Answer(
        question=text,
        found=True,
        answer_type=kind,
        figure=value,
        figure_kind=kind,
        passage=title,
        sentence_id=first,
        source=source,
        as_of=source.date,
    )


def _still_in(index: SearchIndex, sentence: int, doc_id: str) -> bool:
    """Whether the sentence id is still one of that article's in this index (a rebuild renumbers them)."""
    if not 0 <= sentence < index.n_sentences:
        return False
    return index.sentences_with_sources([sentence])[sentence][2].doc_id == doc_id


def _unshown_dates(accepted: list[Scored], tokens: set[str]) -> None:
    """An untyped question's figure is one written right after its words ('what did exports reach':
    'reached USD 7.4 million'); a date two words on is no answer to it ('the memorandum signed in March
    2025' for "what did the memorandum aim to do"), and is not shown. The ranking still weighed it."""
    for c in accepted:
        if c.figure is not None and c.figure.kind is AnswerType.DATE:
            before = tokenize(c.text[: c.figure.span.start])[-1:]
            if not tokens.intersection(before):
                c.figure = None


def _named(
    asked: str, analysis: QuestionAnalysis, tokens: list[str], accepted: list[Scored], shown: int
) -> list[Scored]:
    """The `shown` best accepted candidates with the name each shows as its figure (names have no
    timeline); for "who is the president of X", the first of all the accepted whose name bears the asked
    title goes first, though it ranked below the ones shown."""
    stems, verbs = set(tokens), frozenset(stem(w) for w in words(asked))
    roles, several = asked_roles(asked), asks_for_several(asked, analysis.focus)
    kind, sort = analysis.answer_type, asked_sort(asked)
    named = accepted if roles else accepted[:shown]  # without a title, only the shown need their names
    for c in named:
        c.figure = name_answer(c.text, kind, stems, c.figures, verbs, roles=roles, several=several, sort=sort)
    titled = [c for c in named if roles and c.figure is not None and role_named(c.text, c.figure, roles)]
    if titled and titled[0] is not named[0]:
        named = [titled[0], *(c for c in named if c is not titled[0])]
    return named[:shown]


def _exemplified(asked: str, tokens: set[str], accepted: list[Scored]) -> None:
    """For "which platforms ...?", the names a sentence lists as examples of platforms shown as its figure
    ('platforms such as AliExpress, Temu, and Shein'); a sentence that lists none shows no figure, since a
    number does not say which ('nearly a dozen agreements' for "which sectors")."""
    group = asked_group(asked)
    if group is None:
        return
    for c in accepted:
        c.figure = examples(c.text, group, tokens, c.figures)


def _together(index: SearchIndex) -> Callable[[str, str], bool]:
    """Whether some sentence writes the two search tokens one after the other ('base stations'): of the
    best BM25 hits for the two (a sentence that holds both ranks above those that hold one)."""

    def together(a: str, b: str) -> bool:
        hits = [doc for doc, _ in index.engine.search([a, b], k=20)]
        for text, _ in index.sentences(hits).values():
            tokens = tokenize(text)
            if (a, b) in pairwise(tokens):
                return True
        return False

    return together


def _dated_answer(
    text: str,
    analysis: QuestionAnalysis,
    period: Period | None,
    cands: list[Candidate],
    index: SearchIndex,
    alternatives: int,
    figures: Figures,
    near: dict[int, float],
) -> Answer:
    """The answer from accepted candidates (best first): of those stated for the asked period, the latest
    article's, with the other articles' figures over time; or why the articles give other periods only."""
    dates = article_dates(cands, index)
    chosen, off_period = select(period, cands, dates, figures, near)
    if off_period:
        return _not_found(text, analysis, off_period, period)
    story = arrange(chosen, dates, alternatives, ranked=cands, figures=figures)
    return Answer(
        question=text,
        found=True,
        answer_type=analysis.answer_type,
        focus=analysis.focus,
        period=period,
        **story.fields(),
    )


def _read(text: str, index: SearchIndex) -> str:
    """What a cleaned question asks, as the articles would write it: without its greeting, misspelt words
    spelt as theirs, run-together words apart."""
    asked = without_chatter(text)  # "hey, can you tell me how many ...?" asks "how many ...?"
    asked = respelled(asked, index)  # "Melanchhon" is read as the articles' "Melanchthon"
    return split_compounds(asked, index.engine.df, _together(index))  # "basestations": "base stations"


def _asked(question: str, index: SearchIndex) -> str:
    """What a question asks, read as answer() reads it (for evaluation and fitting)."""
    return _read(clean_question(question), index)


def _support(
    index: SearchIndex, tokens: list[str], analysis: QuestionAnalysis, ranked: list[Scored]
) -> Support:
    """The support check for a question's ranked candidates, with their context read once (prefetch)."""
    check = Support(
        index,
        tokens,
        type_cues(analysis),
        question_anchors(analysis),
        measures(analysis),
        counted_words(analysis),
        neighbours=analysis.answer_type is not AnswerType.PLACE,
    )
    check.prefetch(ranked[:MAX_CHECKED])
    return check


def ranked_candidates(
    analysis: QuestionAnalysis, tokens: list[str], index: SearchIndex, meaning: Meaning = MEANING
) -> list[Scored]:
    """The candidate sentences of a question, best first, before the support check."""
    hits = gather(tokens, index)
    return rank(analysis, tokens, hits, index, meaning) if hits else []


def ranked(question: str, index: SearchIndex, meaning: Meaning = MEANING) -> list[Scored]:
    """A question's ranked candidate sentences (for evaluation: recall at depth K; for fitting the
    meaning stage, without it)."""
    text = _asked(question, index)
    tokens = tokenize(text)
    return ranked_candidates(analyse(text), tokens, index, meaning) if tokens else []


def candidate_features(question: str, index: SearchIndex) -> tuple[np.ndarray, list[str]]:
    """The reranker's feature matrix of a question's candidates and their texts (for fitting)."""
    text = _asked(question, index)
    tokens = tokenize(text)
    cands = scored(gather(tokens, index), index) if tokens else []
    if not cands:
        return np.zeros((0, len(FEATURES))), []
    return feature_matrix(analyse(text), tokens, cands, index), [c.text for c in cands]


def gate_rows(question: str, index: SearchIndex) -> list[tuple[Scored, np.ndarray, bool, bool, bool]]:
    """For fitting the gate: the candidates answer() checks, best first, each with its gate features,
    whether it passes the hard floors (the question's names, no rival name, a figure when one is asked),
    whether it also passes the support thresholds (what answer() gates first), and (for fitting the
    rescue) whether a close meaning may stand in for those thresholds."""
    text = _asked(question, index)
    analysis, tokens = analyse(text), tokenize(text)
    ranked = ranked_candidates(analysis, tokens, index) if tokens else []
    if not ranked:
        return []
    check = _support(index, tokens, analysis, ranked)
    query, wants_figure = GateQuery(index, tokens, check, ranked), analysis.answer_type in FIGURE_TYPES
    rows = []
    for i, c in enumerate(ranked[:MAX_CHECKED]):
        ok = (c.figure is not None or not wants_figure) and check.floors(c)
        rows.append((c, query.features(i, wants_figure), ok, ok and check(c), ok and check.rescuable(c)))
    return rows


def _accepted(
    ranked: list[Scored],
    check: Support,
    wants_figure: bool,
    more: int,
    gate: Callable[[int], bool] | None,
    rescue: tuple[float, float] | None = None,
) -> list[Scored]:
    """The answer, then up to `more` others that the support check accepts. Without a gate the answer is
    the best candidate the support check accepts, or else the best that keeps support's floors and whose
    cosine with the question, or token match, is at least `rescue` (cosine, match); with a gate, the
    first (or, when there is none, the best that keeps the floors) if the gate lets it through."""
    fits = [c for c in ranked[:MAX_CHECKED] if c.figure is not None or not wants_figure]
    top = next((c for c in fits if check(c)), None)
    if top is None and gate is not None:
        top = next((c for c in fits if check.floors(c)), None)
    elif top is None and rescue is not None:
        # A paraphrase shares too few words for the coverage thresholds; in a corpus too small for the
        # gate, a close meaning stands in for them (the floors still hold).
        close = (c for c in fits if c.meaning >= rescue[0] or c.match >= rescue[1])
        top = next((c for c in close if check.rescuable(c)), None)
    if top is None or (gate is not None and not gate(ranked.index(top))):
        return []
    accepted = [top]
    for cand in fits[fits.index(top) + 1 :]:
        if check(cand):
            accepted.append(cand)
            if len(accepted) > more:
                break
    return accepted


def _why_not(ranked: list[Scored], check: Support, analysis: QuestionAnalysis, wants_figure: bool) -> str:
    """The reason no candidate answers: another name or period, no figure, or nothing that matches."""
    if check.refusals:
        return _nearby(check.refusals[0])
    supported = next((c for c in ranked[:5] if check(c)), None) if wants_figure else None
    if supported is not None:
        return no_figure_reason(analysis) + _instead(analysis.answer_type, supported)
    return "The articles don't seem to say; no sentence matches the question."


# Figures of another kind that a sentence about the asked thing may give instead: a change in percent for
# an amount, a number or a quantity ("GDP fell 12.7 percent"), and an amount or a number for a share.
_INSTEAD = {
    AnswerType.MONEY: (AnswerType.PERCENT,),
    AnswerType.COUNT: (AnswerType.PERCENT,),
    AnswerType.QUANTITY: (AnswerType.PERCENT,),
    AnswerType.PERCENT: (AnswerType.MONEY, AnswerType.COUNT, AnswerType.QUANTITY),
}


def _instead(asked: AnswerType, near: Scored) -> str:
    """The figure of another kind that the best sentence on the subject gives, offered as such, or ''."""
    figure = next((f for f in near.figures if f.kind in _INSTEAD.get(asked, ())), None)
    if figure is None:
        return ""
    return f" The nearest figure they give is {figure.text}: \u201c{near.text}\u201d"


def _nearby(refusal: Refusal) -> str:
    """Why the best candidate was not the answer, offering its figure as a nearby one."""
    figure = refusal.candidate.figure
    given = f" ({figure.text})" if figure is not None else ""
    return f"The articles give this for {refusal.stated}{given}, not for {refusal.asked}."


def _not_found(question: str, analysis: QuestionAnalysis, reason: str, period: Period | None) -> Answer:
    return Answer(
        question=question,
        found=False,
        answer_type=analysis.answer_type,
        focus=analysis.focus,
        reason=reason,
        period=period,
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
