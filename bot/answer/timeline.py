"""The latest figure first: of the articles that answer the same question, the most recent one gives the
answer; restatements of its value are folded in ("also reported by"); the other differing figures follow,
newest first, undated last.

Candidates answer "the same question" when their figures are of the same kind as the best-ranked one's,
count the same thing (when both name what they count), and their sentence or headline shares a name with
the best-ranked one's sentence (its headline, when the sentence names nothing), when that names anything.

Figures are compared as extracted: pass `figures` (each candidate's sentence's figures by sentence id,
as the index stores them) to read them without extracting again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from bot.answer.anchors import find_names
from bot.answer.names import NAME_TYPES
from bot.ingest import canonical_unit, dateline_length, extract_figures, stem, words
from bot.models import Candidate, Figure, Source, TimelineEntry

MAX_TIMELINE = 5
_UNDATED = date.min
Figures = Mapping[int, Sequence[Figure]]  # a sentence's figures by its sentence id


@dataclass
class Story:
    """The answer's own candidate, the next best ones, and the figures of other articles over time."""

    main: Candidate
    alternatives: list[Candidate]
    as_of: date | None
    also_reported_by: list[Source] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)

    def fields(self) -> dict[str, object]:
        """The Answer fields this story fills (the main candidate's own fields included)."""
        return {
            **dict(self.main),
            "alternatives": self.alternatives,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "also_reported_by": self.also_reported_by,
            "timeline": self.timeline,
        }


def arrange(
    cands: Sequence[Candidate],
    dates: dict[str, date | None],
    alternatives: int,
    ranked: Sequence[Candidate] | None = None,
    figures: Figures | None = None,
) -> Story:
    """The story of the candidates that answer (best-ranked first): the latest answer, the others over
    time; the alternatives are the next best of `ranked` (all accepted candidates, default `cands`)."""
    top, ranked = cands[0], cands if ranked is None else ranked
    # A passage answer, or a name (who, where): the best-ranked one, with no timeline; a name is not a
    # value that changes over time the way a figure does, and the newest article's name may be another's.
    if top.figure is None or top.figure_kind in NAME_TYPES:
        rest = [c for c in ranked if c is not top][:alternatives]
        return Story(top, rest, dates.get(top.source.doc_id))
    same = [c for c in cands if same_measure(top, c, figures)]
    main = max(same, key=lambda c: dates.get(c.source.doc_id) or _UNDATED)  # first of the newest
    rest = [c for c in ranked if c is not main][:alternatives]
    story = Story(main, rest, dates.get(main.source.doc_id))
    seen = {main.source.doc_id}
    others: dict[tuple, tuple[Candidate, list[Source]]] = {}
    for cand in sorted(same, key=lambda c: dates.get(c.source.doc_id) or _UNDATED, reverse=True):
        if cand.source.doc_id in seen:
            continue  # one figure per article: its best-ranked one
        seen.add(cand.source.doc_id)
        key = value_key(cand, figures)
        if key == value_key(main, figures):
            story.also_reported_by.append(cand.source)
        else:
            others.setdefault(key, (cand, []))[1].append(cand.source)
    story.timeline = [_entry(c, dates.get(c.source.doc_id), also[1:]) for c, also in others.values()]
    story.timeline = story.timeline[:MAX_TIMELINE]
    return story


def _entry(cand: Candidate, when: date | None, also: list[Source]) -> TimelineEntry:
    """One timeline entry for a candidate, with the articles that restate its figure."""
    return TimelineEntry(
        figure=cand.figure,
        date=when.isoformat() if when else None,
        passage=cand.passage,
        source=cand.source,
        also_reported_by=also,
    )


def figure_of(cand: Candidate, figures: Figures | None = None) -> Figure | None:
    """The extracted figure behind a candidate's highlighted figure text."""
    if cand.highlight is None:
        return None
    known = figures.get(cand.sentence_id) if figures is not None else None
    for figure in extract_figures(cand.passage) if known is None else known:
        if figure.span == cand.highlight:
            return figure
    return None


def value_key(cand: Candidate, figures: Figures | None = None) -> tuple:
    """What makes two figures the same value: kind, number and unit ('27,000' = 'around 27 000')."""
    figure = figure_of(cand, figures)
    if figure is None or figure.value is None:
        return (cand.figure_kind, " ".join(words(cand.figure or "")))
    return (figure.kind, round(figure.value, 6), canonical_unit(figure.unit or ""))


def same_measure(top: Candidate, cand: Candidate, figures: Figures | None = None) -> bool:
    """Whether a candidate answers the same question as the best-ranked one, for another time."""
    if cand is top:
        return True
    if cand.figure_kind is not top.figure_kind or cand.figure is None:
        return False
    a, b = figure_of(top, figures), figure_of(cand, figures)
    if not _counts_alike(a, top, b, cand):
        return False
    names = _names(top)
    return not names or bool(names & (_names(cand) | _name_stems(cand.source.title)))


def _counts_alike(a: Figure | None, top: Candidate, b: Figure | None, cand: Candidate) -> bool:
    """Whether two figures count the same thing: the same counted noun, or, when only one names what it
    counts, the other's sentence at least mentions it ('14 contracts' against '150 million in 2022')."""
    noun_a, noun_b = (a.noun if a else None), (b.noun if b else None)
    if noun_a and noun_b:
        return _head(noun_a) == _head(noun_b)  # "27,000 base stations" and "5,000 jobs" differ
    if noun_a:
        return _head(noun_a) in _stems(cand.passage)
    if noun_b:
        return _head(noun_b) in _stems(top.passage)
    return True


@lru_cache(maxsize=4096)
def _stems(text: str) -> frozenset[str]:
    """The stems of a text's words."""
    return frozenset(stem(w) for w in words(text))


def _names(cand: Candidate) -> frozenset[str]:
    """The stems of the names in a candidate's sentence (its dateline aside), else in its article's title.
    The best-ranked answer's names are these: a headline names what its article is about, not what each
    of its sentences counts ('Mobitel now runs 9,000' under 'Telnor builds its 24,000th base station').
    Another candidate may share them in its sentence or its headline ('Tesla delivered 1.8m cars in China'
    under a Tesla headline)."""
    return _name_stems(cand.passage[dateline_length(cand.passage) :]) or _name_stems(cand.source.title)


@lru_cache(maxsize=4096)
def _name_stems(text: str) -> frozenset[str]:
    """The stems of the names in a text (cached: each candidate is compared with the best-ranked one,
    for the timeline and again for the periods)."""
    return frozenset(s for name in find_names(text) for s in name.stems)


def _head(noun: str) -> str:
    """The stem of a counted noun's last word: 'station' for 'new mobile base stations'."""
    found = words(noun)
    return stem(found[-1]) if found else ""
