"""Which figure in a sentence answers the question, and how well it fits.

Each figure of a fitting kind is scored on what the question names (bot/answer/figure_features.py: its
unit and counted noun, the question's words and names near it and in its clause, a change against a
level, how much of a date it gives) with weights fitted on SQuAD numeric, the fit half by article, kept
in figure_choice_weights.json and refitted by
`python -m bot.evaluation.fit_figure_choice ../shared/data/squad11_numeric/squad11_dev_numeric.jsonl`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from bot.answer.figure_features import FEATURES, cues_of, feature_matrix, options
from bot.answer.pool import Pool, distinct, hashed, member
from bot.answer.questions import echoes_question, noun_overlap, type_matches
from bot.answer.ranking import load_weights as linear_weights
from bot.ingest import canonical_unit, stem, words
from bot.models import FIGURE_TYPES, AnswerType, Figure, QuestionAnalysis, Span

# Where these weights start, and what a strong L2 holds them near. SQuAD asks by how much something
# changed, or for a date beside a weekday, in only a handful of questions, so these features keep about
# the values set here: a change answers "by how much", a level ("to $8.2bn") does not, a change is a
# weak answer for an amount, and a weekday alone a weak answer for "when" beside a day and month.
PRIOR = {"change": 1.5, "level_for_change": -1.5, "change_for_level": -1.0, "weekday": -2.0}
# Fitted by `python -m bot.evaluation.fit_figure_choice` (conditional logit over the figures of the gold
# sentence) on the fit half of SQuAD numeric; the check half only scored.
WEIGHTS_FILE = Path(__file__).with_name("figure_choice_weights.json")


def load_weights(path: Path = WEIGHTS_FILE) -> np.ndarray:
    """The fitted weights in FEATURES order (a feature the file lacks weighs 0)."""
    return linear_weights(path, FEATURES)


_ELSEWHERE = FEATURES.index("noun_elsewhere")
_KIND, _NOUN, _UNIT = FEATURES.index("kind"), FEATURES.index("noun"), FEATURES.index("unit")
# Figures whose unit says what they measure (a currency, tons): of another kind than asked, they measure
# something else. Counts and percentages are left to the weights ('ten times', 'one half', '3% of').
_MEASURED = frozenset({AnswerType.MONEY, AnswerType.QUANTITY})
WEIGHTS = load_weights()


def figure_options(
    analysis: QuestionAnalysis, sentence: str, exclude: set[str] | frozenset[str] = frozenset()
) -> list[tuple[Figure, list[float]]]:
    """Each figure of the sentence that may answer, as it would be shown, with its feature row."""
    cues = cues_of(analysis)
    pool = Pool.from_texts([sentence])
    opts = options(cues, pool, exclude)
    rows = feature_matrix(cues, pool, opts).tolist()
    return [(_as_asked(cues.units, cues.year, f), row) for f, row in zip(opts.figures, rows, strict=True)]


def pick_figure(
    analysis: QuestionAnalysis, sentence: str, exclude: set[str] | frozenset[str] = frozenset()
) -> tuple[Figure | None, float]:
    """The figure in a sentence that best answers the question, and how well it fits (0..2)."""
    return pick_figures(analysis, Pool.from_texts([sentence]), exclude)[0]


def pick_figures(
    analysis: QuestionAnalysis, pool: Pool, exclude: set[str] | frozenset[str] = frozenset()
) -> list[tuple[Figure | None, float]]:
    """pick_figure for every sentence of a pool: its best figure and how well it fits."""
    picked: list[tuple[Figure | None, float]] = [(None, 0.0)] * len(pool)
    if analysis.answer_type is AnswerType.OTHER:
        return _after_question_words(analysis, pool, exclude)
    if analysis.answer_type not in FIGURE_TYPES:
        return picked
    cues = cues_of(analysis)
    opts = options(cues, pool, exclude)
    x = feature_matrix(cues, pool, opts)
    scores = (x @ WEIGHTS).tolist()
    elsewhere = x[:, _ELSEWHERE].tolist()
    bounds = np.searchsorted(opts.sentence, np.arange(len(pool) + 1)).tolist()
    span = cues.span or "since" in words(analysis.text)
    stands = [
        _stands_in(cues.change, analysis.answer_type, f, row, span)
        for f, row in zip(opts.figures, x, strict=True)
    ]
    for i in distinct(opts.sentence).tolist():
        # a multiple that cannot answer is passed over for the sentence's other figures ('45,000' for 'how
        # many employees' where the sentence also says 'more than tripled'), and so is a length of time
        # that is no age for 'how old' ('for three years' beside 'the 16-year-old')
        fit = [
            j
            for j in range(bounds[i], bounds[i + 1])
            if (opts.figures[j].unit != "times" or stands[j]) and (not cues.age or _is_age(opts.figures[j]))
        ]
        if not fit:
            continue
        best = fit[0] if len(fit) == 1 else fit[_argmax([scores[j] for j in fit], x[fit])]
        if elsewhere[best] and opts.figures[best].kind is not AnswerType.MONEY:
            # the sentence names what is asked, but this figure counts something else; a sum's noun is what
            # it was for ('projects worth $5m'), and 'how much did mobile operators invest' names who paid
            continue
        if not stands[best]:
            continue
        figure = _as_asked(cues.units, cues.year, opts.figures[best])
        picked[i] = figure, type_matches(analysis.answer_type, figure) + noun_overlap(analysis.focus, figure)
    return picked


def _stands_in(change: bool, asked: AnswerType, figure: Figure, row: np.ndarray, span: bool) -> bool:
    """Whether a figure may answer unless the question asks a change ('by how much did exports rise'):
    not a sum or a quantity of another kind than asked whose unit and noun are not the asked ones ('226
    tons of goods' for 'how many firms', 'USD 7.4 million' for 'what percentage'), nor a multiple for a
    count of things or a share ('nearly triple' for 'how many companies'; it answers 'how many times'),
    nor a count of another thing for a share, nor a length of time for a date unless the question asks a
    span ('over the last eight years' does not say when, but answers 'since when'; 'eight years ago' is
    read as a date)."""
    if asked is AnswerType.DATE and figure.kind is AnswerType.DURATION:
        return span
    if change or row[_NOUN] or row[_UNIT]:
        return True
    if figure.unit == "times":  # 'ten times their own weight' for 'how much can they eat'
        return asked in (AnswerType.QUANTITY, AnswerType.MONEY)
    if asked is AnswerType.PERCENT and figure.kind is AnswerType.COUNT and figure.noun:
        return False  # 'nearly a dozen agreements' is no share of exports
    return bool(row[_KIND]) or figure.kind not in _MEASURED or not figure.unit


def _is_age(figure: Figure) -> bool:
    """For an age question: a count may be an age ('he is 45'); a length of time must be one: '45-year-old',
    '60 years old', or a bare number that the extractor read as an age ('Paul Chandler, 60,', 'aged
    60'), not 'for three years'; a date or a sum never is."""
    text = figure.text.rstrip().lower()
    if figure.kind is AnswerType.DURATION:
        return text.endswith("old") or text[-1:].isdigit()
    return figure.kind is AnswerType.COUNT


def _argmax(scores: list[float], rows: np.ndarray) -> int:
    """The first best of one sentence's figures. Scores taken for all figures at once may differ from
    one sentence's own product in the last bits; when the two best are that close, that decides."""
    best = max(range(len(scores)), key=scores.__getitem__)
    top = sorted(scores, reverse=True)
    if len(scores) > 1 and top[0] - top[1] <= 1e-9 * max(1.0, abs(top[0])):
        return int(np.argmax(np.array(rows) @ WEIGHTS))
    return best


def _as_asked(units: frozenset[str], year: bool, figure: Figure) -> Figure:
    """The figure as the question asks for it: its conversion when that has the unit asked ('how many
    kgs' of '842 pounds (382 kg)'), the year alone of a full date when the question asks which year."""
    conv = figure.conversion
    if conv is not None and conv.unit and canonical_unit(conv.unit) in units:
        return conv
    if not year or figure.kind is not AnswerType.DATE or figure.value is None:
        return figure
    text = figure.text
    at = text.find(str(int(figure.value)))
    rest = text[at + 4 :]
    if at < 0 or any(c.isdigit() for c in rest) or rest[:1].isalnum():
        return figure  # "1759-60", "from 2016 to 2025", "the 1530s": not a date with one year in it
    start = figure.span.start + at
    return figure.model_copy(
        update={"text": text[at : at + 4], "span": Span(start=start, end=start + 4), "qualifier": None}
    )


def _after_question_words(
    analysis: QuestionAnalysis, pool: Pool, exclude: set[str] | frozenset[str]
) -> list[tuple[Figure | None, float]]:
    """For an untyped question ('what did exports reach?'): in each sentence, the first figure right
    after one of its words (of the two search tokens before it)."""
    picked: list[tuple[Figure | None, float]] = [(None, 0.0)] * len(pool)
    rows = pool.readings.figure_rows
    if not len(rows):
        return picked
    asked = hashed(stem(w) for w in analysis.content_words)
    after = member(rows["before1"], asked) | member(rows["before2"], asked)
    sentence_of = np.searchsorted(pool.figure_ptr, np.arange(len(rows)), side="right") - 1
    for at in np.nonzero(after)[0].tolist():
        i = int(sentence_of[at])
        figure = pool.figures(i)[at - int(pool.figure_ptr[i])]
        if picked[i][0] is None and not (exclude and echoes_question(figure, exclude)):
            picked[i] = figure, 0.5
    return picked
