"""Answers as Telegram HTML: escaping, highlighting, the 4,096 limit, and button callback data."""

from __future__ import annotations

import html
import re

import pytest

from bot.chat.telegram_bot.replies import (
    CONTEXT,
    MAX_CALLBACK_DATA,
    MAX_MESSAGE,
    MORE,
    BadCallbackData,
    answer_keyboard,
    button_data,
    clip,
    format_answer,
    format_context,
    format_help,
    format_more,
    format_sources,
    generation_tag,
    parse_button,
    telegram_length,
)
from bot.models import Answer, AnswerType, Candidate, Source, Span

ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "blockquote"}
SENTENCE = "The operator built 27,000 new mobile base stations with Chinese financing."
SOURCE = Source(
    doc_id="a.md", title="Digital cooperation", source="APP", date="2025-09-01", url="https://x.test/a"
)


def check_telegram_html(text: str) -> None:
    """Fail where Telegram would say "can't parse entities": unknown or unbalanced tags, bare '<' or '&'."""
    stack: list[str] = []
    token = re.compile(r"<(/?)([a-zA-Z-]+)(?:\s[^<>]*)?>|&(?:#\d+|lt|gt|amp|quot);|[<>&]")
    for match in token.finditer(text):
        closing, tag = match.group(1), match.group(2)
        if tag is None:
            if match.group() in "<>&":
                raise AssertionError(f"unescaped {match.group()!r} in {text[:200]!r}")
            continue
        if tag not in ALLOWED_TAGS:
            raise AssertionError(f"tag {tag!r} is not Telegram HTML")
        if not closing:
            stack.append(tag)
        elif not stack or stack.pop() != tag:
            raise AssertionError(f"unbalanced </{tag}>")
    if stack:
        raise AssertionError(f"unclosed <{stack[-1]}>")


def visible(text: str) -> str:
    """What the user sees of an HTML message."""
    return html.unescape(re.sub(r"<[^>]*>", "", text))


def make_answer(
    passage: str = SENTENCE, figure: str = "27,000", source: Source = SOURCE, **kw: object
) -> Answer:
    """A found answer whose highlight is the figure's first occurrence in the passage."""
    start = passage.index(figure)
    fields: dict[str, object] = {
        "question": "how many base stations?",
        "found": True,
        "answer_type": AnswerType.COUNT,
        "figure": figure,
        "figure_kind": AnswerType.COUNT,
        "highlight": Span(start=start, end=start + len(figure)),
        "passage": passage,
        "sentence_id": 12,
        "source": source,
        "score": 3.0,
        "bm25": 2.0,
    }
    fields.update(kw)
    return Answer(**fields)


def test_answer_puts_figure_first_then_highlighted_sentence_then_linked_source() -> None:
    text = format_answer(make_answer())
    check_telegram_html(text)
    lines = text.split("\n")
    assert lines[0] == "<b>27,000</b>"
    assert "built <u><b>27,000</b></u> new mobile" in lines[1]
    assert lines[2] == '<i><a href="https://x.test/a">Digital cooperation</a> · APP · 2025-09-01</i>'


def test_source_without_url_is_plain_title() -> None:
    text = format_answer(make_answer(source=Source(doc_id="b.md", title="No link")))
    assert "<i>No link</i>" in text and "href" not in text


def test_hostile_text_in_passage_figure_title_and_url_is_escaped() -> None:
    passage = "The <b>Acme & Sons</b> plant made 5,000 <widgets> & more"
    source = Source(
        doc_id="h", title="<b>Tom & Jerry</b><script>", source="A&B", url='https://e.test/?a=1&b="2"'
    )
    text = format_answer(make_answer(passage=passage, figure="5,000", source=source))
    check_telegram_html(text)
    assert "&lt;b&gt;Acme &amp; Sons&lt;/b&gt;" in text
    assert "&lt;script&gt;" in text and "A&amp;B" in text
    assert 'href="https://e.test/?a=1&amp;b=&quot;2&quot;"' in text
    assert "The <b>Acme & Sons</b> plant made 5,000 <widgets> & more" in visible(text)


def test_non_http_url_is_not_linked() -> None:
    source = Source(doc_id="j", title="T", url="javascript:alert(1)")
    assert "href" not in format_answer(make_answer(source=source))


def test_not_found_is_short_with_reason_and_hint() -> None:
    answer = Answer(question="q", found=False, answer_type=AnswerType.COUNT, reason="No <such> & thing")
    text = format_answer(answer)
    check_telegram_html(text)
    assert text.startswith("I couldn't find that in the articles.")
    assert "No &lt;such&gt; &amp; thing" in text and "/sources" in text


@pytest.mark.parametrize("size", [5_000, 20_000, 200_000])
def test_huge_passage_is_trimmed_around_the_figure_within_the_limit(size: int) -> None:
    filler = "word & <x> " * (size // 22)
    passage = f"{filler}they built 27,000 base stations {filler}"
    text = format_answer(make_answer(passage=passage))
    check_telegram_html(text)
    assert telegram_length(text) <= MAX_MESSAGE
    assert "<u><b>27,000</b></u> base stations" in text
    assert "…" in visible(text)


def test_huge_title_figure_and_astral_characters_still_fit() -> None:
    passage = "😀" * 5_000 + " 27,000 " + "😀" * 5_000
    source = Source(doc_id="x", title="&" * 10_000, source="<" * 5_000, date="2" * 5_000)
    text = format_answer(make_answer(passage=passage, source=source))
    check_telegram_html(text)
    assert telegram_length(text) <= MAX_MESSAGE


def test_more_answers_numbers_every_candidate_within_the_limit() -> None:
    long = "x & y " * 2_000 + "made 9 things"
    alternatives = [
        Candidate(
            figure="9",
            highlight=Span(start=len(long) - 8, end=len(long) - 7),
            passage=long,
            sentence_id=i,
            source=SOURCE,
            score=1.0,
            bm25=1.0,
        )
        for i in range(3)
    ]
    text = format_more(make_answer(alternatives=alternatives))
    check_telegram_html(text)
    assert telegram_length(text) <= MAX_MESSAGE
    assert text.startswith("1. <b>27,000</b>")
    assert all(f"\n\n{n}. <b>9</b>" in text for n in (2, 3, 4))


def test_more_answers_without_alternatives_says_so() -> None:
    assert "No other answers" in format_more(make_answer())


def test_context_bolds_the_answer_sentence_and_escapes() -> None:
    rows = [(11, "Before & after."), (12, "The <answer> 27,000."), (13, "Next.")]
    text = format_context(rows, 12, None)
    check_telegram_html(text)
    assert "<b>The &lt;answer&gt; 27,000.</b>" in text and "Before &amp; after." in text
    assert text.split("\n")[0] == "Before &amp; after."  # no figure span, so no figure line


def test_context_puts_the_figure_first_and_underlines_it_in_the_bold_answer_sentence() -> None:
    rows = [(11, "Before & after."), (12, "The <answer> 27,000 & more."), (13, "Next <i>.")]
    start = rows[1][1].index("27,000")
    text = format_context(rows, 12, SOURCE, Span(start=start, end=start + 6))
    check_telegram_html(text)
    assert text.split("\n") == [
        "<b>27,000</b>",
        "Before &amp; after.",
        "<b>The &lt;answer&gt; <u>27,000</u> &amp; more.</b>",
        "Next &lt;i&gt;.",
        '<i><a href="https://x.test/a">Digital cooperation</a> · APP · 2025-09-01</i>',
    ]


def test_context_span_outside_the_sentence_is_ignored() -> None:
    rows = [(11, "Before."), (12, "The answer 27,000.")]
    text = format_context(rows, 12, None, Span(start=5, end=500))
    assert text.split("\n") == ["Before.", "<b>The answer 27,000.</b>"]


@pytest.mark.parametrize("size", [5_000, 50_000])
def test_huge_context_fits_and_keeps_the_figure(size: int) -> None:
    answer = "word & " * (size // 7) + "built 27,000 stations " + "<more> " * (size // 7)
    rows = [(1, "Before & " * (size // 9)), (2, answer), (3, "After <x> " * (size // 10))]
    start = answer.index("27,000")
    text = format_context(rows, 2, SOURCE, Span(start=start, end=start + 6))
    check_telegram_html(text)
    assert telegram_length(text) <= MAX_MESSAGE
    assert text.startswith("<b>27,000</b>\n") and "<u>27,000</u>" in text
    assert text.endswith("· APP · 2025-09-01</i>")


def test_sources_list_is_cut_with_a_count_to_fit() -> None:
    articles = [
        (Source(doc_id=str(i), title=f"Title <{i}> " * 5, date="2025-01-01"), i) for i in range(2_000)
    ]
    text = format_sources(articles)
    check_telegram_html(text)
    assert telegram_length(text) <= MAX_MESSAGE
    assert text.startswith("<b>2000 articles</b>") and re.search(r"… and \d+ more$", text)


def test_help_lists_examples_escaped() -> None:
    text = format_help(["how many <b> & things?", "when?"], 3)
    check_telegram_html(text)
    assert "<code>how many &lt;b&gt; &amp; things?</code>" in text and "3 news articles" in text


def test_callback_data_round_trips_and_fits_64_bytes() -> None:
    generation = "20251125T181544-abcdef-and-a-very-long-generation-name-that-would-not-fit"
    data = button_data(MORE, generation, 9_999_999_999)
    assert len(data.encode()) <= MAX_CALLBACK_DATA
    press = parse_button(data)
    assert (press.action, press.generation, press.sentence_id) == (
        MORE,
        generation_tag(generation),
        9_999_999_999,
    )


def test_callback_data_carries_the_figure_span_within_64_bytes() -> None:
    generation = "20251125T181544-abcdef-and-a-very-long-generation-name-that-would-not-fit"
    data = button_data(CONTEXT, generation, 9_999_999_999, Span(start=123_456, end=123_499))
    assert len(data.encode()) <= MAX_CALLBACK_DATA
    press = parse_button(data)
    assert (press.action, press.sentence_id, press.highlight) == (
        CONTEXT,
        9_999_999_999,
        Span(start=123_456, end=123_499),
    )
    assert parse_button(button_data(CONTEXT, "g1", 5)).highlight is None  # buttons from before the span


def test_keyboard_has_more_and_context_buttons_and_can_leave_one_out() -> None:
    both = answer_keyboard("g1", 5).inline_keyboard[0]
    assert [b.text for b in both] == ["More answers", "Show context"]
    assert parse_button(both[1].callback_data).action == CONTEXT
    assert [b.text for b in answer_keyboard("g1", 5, more=False).inline_keyboard[0]] == ["Show context"]


@pytest.mark.parametrize(
    "data",
    [
        None,
        "",
        "x|g|1",
        "m|g",
        "m|g|-1",
        "m|g|1|2",
        "c|g|abc",
        "c|g|²",
        "c|g|1|5-5",
        "c|g|1|5-",
        "c|g|1|-5-9",
    ],
)
def test_foreign_callback_data_is_rejected(data: str | None) -> None:
    with pytest.raises(BadCallbackData):
        parse_button(data)


def test_clip_cuts_at_a_word_and_marks_it() -> None:
    assert clip("one two three four", 12) == "one two…"
    assert clip("short", 10) == "short"
