"""Sentence splitting of news text: the hard cases, boilerplate, datelines and the sample article."""

from __future__ import annotations

import re
import textwrap
from collections import Counter

import pytest

from bot.ingest.corpus import split_front_matter
from bot.ingest.sentences import dateline_length, is_boilerplate, is_passage, split_sentences
from tests.conftest import SAMPLE


def sentences(text: str) -> list[str]:
    """The sentences of `text` as strings."""
    return [text[span.start : span.end] for span in split_sentences(text)]


SPLITS = [
    pytest.param(
        "The deal was signed by Acme Ltd. on Monday. Shares rose 5% after the news.",
        ["The deal was signed by Acme Ltd. on Monday.", "Shares rose 5% after the news."],
        id="Ltd.-lower-case-next",
    ),
    pytest.param(
        "It signed with China’s Growth Vision Pro Ltd. to support startups and attract investment.",
        ["It signed with China’s Growth Vision Pro Ltd. to support startups and attract investment."],
        id="Ltd.-to-support",
    ),
    pytest.param(
        "The shares belong to Acme Co. The company said it would sell them next year.",
        ["The shares belong to Acme Co.", "The company said it would sell them next year."],
        id="Co.-ends-sentence",
    ),
    pytest.param(
        "Apple Inc. Chief Executive Tim Cook visited Tashkent. Acme Corp. said it agreed.",
        ["Apple Inc. Chief Executive Tim Cook visited Tashkent.", "Acme Corp. said it agreed."],
        id="Inc.-Corp.-mid-sentence",
    ),
    pytest.param(
        "Exports to the U.S. rose 12% in 2024. U.K. imports fell by 3.5% over the year.",
        ["Exports to the U.S. rose 12% in 2024.", "U.K. imports fell by 3.5% over the year."],
        id="U.S.-U.K.",
    ),
    pytest.param(
        "Most of the growth came from the U.S. The rest came from Europe and Asia.",
        ["Most of the growth came from the U.S.", "The rest came from Europe and Asia."],
        id="U.S.-ends-sentence",
    ),
    pytest.param(
        "The contract was signed on Jan. 15, 2024 in Tashkent. "
        "Work began in Sept. 2024 and ends in Dec. 2025.",
        [
            "The contract was signed on Jan. 15, 2024 in Tashkent.",
            "Work began in Sept. 2024 and ends in Dec. 2025.",
        ],
        id="months",
    ),
    pytest.param(
        "Mr. Smith met Mrs. Jones and Dr. Lee. Prof. Karimov and Gen. Ali spoke to Gov. Brown, Sen. Ray "
        "and Rep. Cole at St. Mary's Hall.",
        [
            "Mr. Smith met Mrs. Jones and Dr. Lee.",
            "Prof. Karimov and Gen. Ali spoke to Gov. Brown, Sen. Ray and Rep. Cole at St. Mary's Hall.",
        ],
        id="titles",
    ),
    pytest.param(
        "Resolution No. 4512 was adopted. He said no. The vote was 12 vs. 3 in favour.",
        ["Resolution No. 4512 was adopted.", "He said no.", "The vote was 12 vs. 3 in favour."],
        id="No.-and-vs.",
    ),
    pytest.param(
        "Costs include fuel, spare parts, etc. and wages. Prices rose, e.g. for bread, i.e. a staple food.",
        [
            "Costs include fuel, spare parts, etc. and wages.",
            "Prices rose, e.g. for bread, i.e. a staple food.",
        ],
        id="etc.-e.g.-i.e.",
    ),
    pytest.param(
        "The ceremony began at 10 a.m. Monday and ended at 4 p.m. on the same day. All the guests then left.",
        [
            "The ceremony began at 10 a.m. Monday and ended at 4 p.m. on the same day.",
            "All the guests then left.",
        ],
        id="a.m.-p.m.",
    ),
    pytest.param(
        "The book by J. K. Rowling sold 5 million copies. George W. Bush read it.",
        ["The book by J. K. Rowling sold 5 million copies.", "George W. Bush read it."],
        id="initials",
    ),
    pytest.param(
        "IT exports reached USD 7.4 million in 2025. Growth was 3.5% a year. Rs. 500 million was spent.",
        [
            "IT exports reached USD 7.4 million in 2025.",
            "Growth was 3.5% a year.",
            "Rs. 500 million was spent.",
        ],
        id="decimals-and-currency",
    ),
    pytest.param(
        "He noted that “the efficiency of all sectors is directly linked to digitalization.” "
        "China has emerged as a partner.",
        [
            "He noted that “the efficiency of all sectors is directly linked to digitalization.”",
            "China has emerged as a partner.",
        ],
        id="curly-quote-ends-sentence",
    ),
    pytest.param(
        'She said: "We will build 27,000 stations." "It is a record," he added. Work starts soon.',
        ['She said: "We will build 27,000 stations."', '"It is a record," he added.', "Work starts soon."],
        id="straight-quotes",
    ),
    pytest.param(
        "“Is this the end?” he asked. No one knew! The minister then left… Reporters waited... and waited.",
        [
            "“Is this the end?” he asked.",
            "No one knew!",
            "The minister then left…",
            "Reporters waited... and waited.",
        ],
        id="question-exclamation-ellipsis",
    ),
    pytest.param(
        "New ventures – set to open a call center in Samarkand – illustrate the trend. Others — like ZTE — "
        "followed in 2024.",
        [
            "New ventures – set to open a call center in Samarkand – illustrate the trend.",
            "Others — like ZTE — followed in 2024.",
        ],
        id="dashes",
    ),
    pytest.param(
        "The first paragraph has no final stop\n\nThe second paragraph starts here. It has two sentences.",
        [
            "The first paragraph has no final stop",
            "The second paragraph starts here.",
            "It has two sentences.",
        ],
        id="paragraph-break",
    ),
    pytest.param(
        "The deal covers fibre networks\nand data centres worth USD 1 billion.",
        ["The deal covers fibre networks\nand data centres worth USD 1 billion."],
        id="line-break-before-lower-case",
    ),
    pytest.param(
        "MOSCOW, July 4. /TASS/. Russia's GDP grew by 4.1% in 2024, the minister said. Growth may slow.",
        ["MOSCOW, July 4. /TASS/. Russia's GDP grew by 4.1% in 2024, the minister said.", "Growth may slow."],
        id="dateline-with-full-stop-is-not-a-sentence",
    ),
    pytest.param(
        "WASHINGTON (Reuters) - The U.S. economy added 275,000 jobs, the department said at 9 a.m. ET on "
        'Friday.\n\n"This is a strong report," said Jane Doe at ABC Capital Inc. in New York. "But wage '
        'growth is cooling."\n\n(Reporting by Lucia Mutikani; Editing by Andrea Ricci)',
        [
            "WASHINGTON (Reuters) - The U.S. economy added 275,000 jobs, the department said at 9 a.m. ET "
            "on Friday.",
            '"This is a strong report," said Jane Doe at ABC Capital Inc. in New York.',
            '"But wage growth is cooling."',
        ],
        id="wire-story",
    ),
    pytest.param(
        "ISLAMABAD, September 01 (APP): Uzbekistan is rapidly advancing its digital transformation.",
        ["ISLAMABAD, September 01 (APP): Uzbekistan is rapidly advancing its digital transformation."],
        id="dateline-stays-inside",
    ),
    pytest.param(
        "- Advertisement -\nBy Rehan Khan\nThe project cost USD 700 million.\n"
        "Also read: China opens new port\n"
        "Follow us on Twitter and Facebook.\n(Reporting by John Smith; Editing by Jane Doe)\n"
        "© 2025 Associated Press of Pakistan. All rights reserved.\nPhoto: The signing ceremony in Tashkent\n"
        "Click here to subscribe.\nBy Staff Reporter",
        ["The project cost USD 700 million."],
        id="boilerplate-dropped",
    ),
    pytest.param(
        "- 27,000 new mobile base stations were built\n• Exports reached USD 7.4 million",
        ["27,000 new mobile base stations were built", "Exports reached USD 7.4 million"],
        id="bullets-stripped",
    ),
]


@pytest.mark.parametrize(("text", "expected"), SPLITS)
def test_split_sentences_handles_hard_cases(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


PARAGRAPH = (
    "Uzbekistan and China signed 12 contracts worth over USD 1 billion to strengthen telecom infrastructure, "
    "the ministry said. The deal was arranged by Growth Vision Pro Ltd. to support startups in Tashkent and "
    "Samarkand. Dr. A. Karimov, who leads the U.S. office, expects 27,000 new mobile base stations by 2026."
)
HEADED = "China invests in Uzbek telecom\nBy Staff Reporter\n" + PARAGRAPH


@pytest.mark.parametrize("width", [50, 60, 72, 80, 100])
def test_hard_wrapped_text_splits_like_the_unwrapped_text(width: int) -> None:
    unwrapped = sentences(HEADED)
    wrapped = "China invests in Uzbek telecom\nBy Staff Reporter\n" + textwrap.fill(PARAGRAPH, width=width)
    assert [" ".join(s.split()) for s in sentences(wrapped)] == unwrapped
    assert unwrapped[0] == "China invests in Uzbek telecom"
    assert len(unwrapped) == 4


def test_spans_are_stripped_offsets_into_the_text() -> None:
    text = "  \n First sentence is here.   Second one is here too.  \n\n  Third sentence after a break.  "
    spans = split_sentences(text)
    assert [text[s.start : s.end] for s in spans] == [
        "First sentence is here.",
        "Second one is here too.",
        "Third sentence after a break.",
    ]
    assert all(text[s.start : s.end] == text[s.start : s.end].strip() for s in spans)
    assert [s.start for s in spans] == sorted(s.start for s in spans)


def test_empty_and_blank_text_have_no_sentences() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\n\t ") == []


@pytest.mark.parametrize(
    "line",
    [
        "- Advertisement -",
        "ADVERTISEMENT",
        "By Rehan Khan",
        "By Staff Reporter",
        "BY REHAN KHAN | September 1, 2025",
        "Also read: China opens new port",
        "READ MORE:",
        "Follow us on Instagram",
        "(Reporting by John Smith; Editing by Jane Doe)",
        "Copyright 2025 Reuters",
        "© APP",
        "Photo: The signing ceremony",
        "Click here for more",
        "Published on: September 1, 2025",
        "Tags: Uzbekistan, China",
        "Published in Dawn, January 5th, 2025",
        "Last Updated: Aug 20, 2025, 10:32 AM IST",
    ],
)
def test_is_boilerplate_recognises_site_furniture(line: str) -> None:
    assert is_boilerplate(line)
    assert not is_passage(line)


@pytest.mark.parametrize(
    "sentence",
    [
        "By 2030, Uzbekistan plans to build 10,000 more base stations.",
        "By contrast, imports fell by 3%.",
        "Copyright infringement cases rose 20% in 2024.",
        "Share prices rose 4% on Monday.",
        "Related costs were USD 3 million.",
        "Photo exhibitions drew 12,000 visitors.",
        "Inflation: 3.5%",
    ],
)
def test_is_passage_keeps_real_sentences(sentence: str) -> None:
    assert is_passage(sentence)


def test_is_passage_drops_bare_fragments() -> None:
    assert not is_passage("Tashkent")
    assert not is_passage("Islamabad Bureau")
    assert not is_passage("2025")


@pytest.mark.parametrize(
    ("sentence", "dateline"),
    [
        ("ISLAMABAD, September 01 (APP): Uzbekistan is advancing.", "ISLAMABAD, September 01 (APP): "),
        ("LONDON (Reuters) - Oil prices rose 2% on Monday.", "LONDON (Reuters) - "),
        ("NEW DELHI, Jan. 5, 2025 -- The rupee fell.", "NEW DELHI, Jan. 5, 2025 -- "),
        ("WASHINGTON — The Senate voted 51 to 49.", "WASHINGTON — "),
        ("MOSCOW, July 4. /TASS/. GDP grew 4.1%.", "MOSCOW, July 4. /TASS/. "),
        ("Uzbekistan: a partner of 12 countries.", ""),
        ("UN - the body met 3 times.", ""),
    ],
)
def test_dateline_length_covers_only_the_dateline(sentence: str, dateline: str) -> None:
    assert sentence[: dateline_length(sentence)] == dateline


def sample_body() -> str:
    """The sample article's body, as the corpus reader would give it."""
    return split_front_matter(SAMPLE.read_text(encoding="utf-8"))[1].strip()


def test_sample_article_drops_advert_and_byline_and_keeps_dateline() -> None:
    found = sentences(sample_body())
    assert not any("Advertisement" in s or s.startswith("By Rehan") for s in found)
    assert found[0].startswith("ISLAMABAD, September 01 (APP): Uzbekistan is rapidly advancing")
    assert "Growth Vision Pro Ltd. to support startups" in found[5]
    assert found[6] == "Postal cooperation has also grown."
    assert len(found) == 20


SAMPLE_FIGURES = [
    "September 01",
    "eight years",
    "nearly a dozen",
    "March 2025",
    "first half of 2025",
    "more than 226 tons",
    "More than 50",
    "From 2016 to 2025",
    "around USD 700 million",
    "27,000 new mobile base stations",
    "USD 500 million",
    "January 2024",
    "12 contracts",
    "over USD 1 billion",
    "USD 7.4 million",
    "nearly triple",
]


@pytest.mark.parametrize("figure", SAMPLE_FIGURES)
def test_every_sample_figure_is_in_exactly_one_sentence(figure: str) -> None:
    assert sum(figure in s for s in sentences(sample_body())) == 1


def test_sentences_lose_no_number_of_the_sample() -> None:
    body = sample_body()
    numbers = re.compile(r"\d+(?:[.,]\d+)*")
    assert Counter(numbers.findall(" ".join(sentences(body)))) == Counter(numbers.findall(body))
