"""Figure extraction pinned on news sentences: the sample article, varied others, and non-figures."""

from __future__ import annotations

import pytest

from bot.ingest.figures import canonical_unit, extract_figures
from bot.models import AnswerType

C, M, P, D = AnswerType.COUNT, AnswerType.MONEY, AnswerType.PERCENT, AnswerType.DATE
T, Q = AnswerType.DURATION, AnswerType.QUANTITY

# (sentence, [(text, kind, value, unit, qualifier, noun), ...]) with every figure of the sentence, in order.
SAMPLE_ARTICLE = [
    ("- Advertisement -", []),
    ("By Rehan Khan", []),
    (
        "ISLAMABAD, September 01 (APP): Uzbekistan is rapidly advancing its digital transformation "
        "through deepening cooperation with China in information technology, telecommunications, "
        "artificial intelligence, postal services, and digital education.",
        [("September 01", D, None, None, None, None)],
    ),
    (
        "According to the Embassy of Uzbekistan in Islamabad, the partnership, built over decades, is now "
        "yielding large-scale projects that promise to expand infrastructure, boost innovation, and "
        "improve citizens’ access to digital services.",
        [],
    ),
    (
        "Since independence, and particularly over the last eight years, Uzbekistan has prioritized equal "
        "international partnerships and integration of modern technologies into public life.",
        [("the last eight years", T, 8.0, "years", None, None)],
    ),
    (
        "President Shavkat Mirziyoyev has stressed that information and communication technologies (ICT) "
        "are key drivers of progress, noting that “the efficiency of all sectors is directly linked to "
        "digitalization.”",
        [],
    ),
    (
        "China has emerged as one of Uzbekistan’s most significant partners in this sector, with "
        "cooperation now covering nearly a dozen agreements.",
        [("nearly a dozen", C, 12.0, None, "nearly", "agreements")],
    ),
    (
        "Recent milestones include a trilateral memorandum signed in March 2025 between Uzbekistan’s IT "
        "Park, Kazakhstan’s Astana Hub, and China’s Growth Vision Pro Ltd. to support startups, attract "
        "investment, and strengthen regional capital flows.",
        [("March 2025", D, 2025.0, None, None, None)],
    ),
    ("Postal cooperation has also grown.", []),
    (
        "In the first half of 2025 alone, more than 226 tons of goods ordered from Chinese e-commerce "
        "platforms such as AliExpress, Temu, and Shein were delivered in Uzbekistan through “Uzbekiston "
        "Pochtasi” JSC in partnership with China Post and global logistics operators.",
        [
            ("the first half of 2025", D, 2025.0, None, None, None),
            ("more than 226 tons", Q, 226.0, "tons", "more than", "goods"),
        ],
    ),
    ("Education and human resource development remain central pillars of cooperation.", []),
    (
        "Tashkent University of Information Technologies has forged academic exchange programs with "
        "leading Chinese universities, while joint projects with Huawei and ZTE have established a "
        "“Digital Education Lab” in Tashkent.",
        [],
    ),
    (
        "More than 50 Uzbek students have already trained at Huawei’s headquarters under the “Seeds for "
        "the Future” initiative.",
        [("More than 50", C, 50.0, None, "more than", "Uzbek students")],
    ),
    ("Major investment flows underline the depth of the partnership.", []),
    (
        "From 2016 to 2025, Uzbekistan’s telecom operator ‘Uzbektelecom’ implemented projects worth "
        "around USD 700 million with Chinese financing, resulting in 27,000 new mobile base stations, "
        "nationwide broadband expansion, and advanced data centers.",
        [
            ("From 2016 to 2025", D, 2016.0, None, None, None),
            ("around USD 700 million", M, 7e8, "USD", "around", "projects"),
            ("27,000", C, 27000.0, None, None, "new mobile base stations"),
        ],
    ),
    (
        "Mobile operators Beeline, Mobiuz, and Ucell have also executed projects exceeding USD 500 "
        "million in cooperation with Chinese firms.",
        [("exceeding USD 500 million", M, 5e8, "USD", "exceeding", "projects")],
    ),
    ("Recent agreements show further momentum.", []),
    (
        "In January 2024, companies from both countries signed 12 contracts worth over USD 1 billion to "
        "strengthen telecom infrastructure.",
        [
            ("January 2024", D, 2024.0, None, None, None),
            ("12", C, 12.0, None, None, "contracts"),
            ("over USD 1 billion", M, 1e9, "USD", "over", "contracts"),
        ],
    ),
    (
        "In 2025, Uzbekistan’s IT service exports to China reached USD 7.4 million nearly triple the "
        "figure recorded in 2024.",
        [
            ("2025", D, 2025.0, None, None, None),
            ("USD 7.4 million", M, 7.4e6, "USD", None, None),
            ("nearly triple", C, 3.0, "times", "nearly", None),
            ("2024", D, 2024.0, None, None, None),
        ],
    ),
    (
        "Meanwhile, Chinese IT companies, including ZTE and SOLUXE CONSULTING, have established "
        "operations in Uzbekistan’s IT Park, focusing on outsourcing and exports.",
        [],
    ),
    (
        "New ventures, such as RENRUI CA SERVICES – set to open a call center in Samarkand – illustrate "
        "the trend of Chinese firms anchoring themselves in Uzbekistan’s fast-growing tech ecosystem.",
        [],
    ),
]

NEWS = [
    (
        "The company will invest CNY 3 billion (about US$410 million) in the plant.",
        [("CNY 3 billion (about US$410 million)", M, 3e9, "CNY", None, None)],
    ),
    (
        "Unemployment fell to 7.4% in March, down from 8.1 per cent a year earlier.",
        [
            ("7.4%", P, 7.4, "%", None, None),
            ("March", D, None, None, None, None),
            ("8.1 per cent", P, 8.1, "%", None, None),
        ],
    ),
    (
        "Between 5 and 10 million people could be affected, officials said.",
        [("Between 5 and 10 million", C, 5e6, None, "between", "people")],
    ),
    (
        "The bank raised $2.3bn from investors, up from $1.2bn in 2023.",
        [
            ("$2.3bn", M, 2.3e9, "USD", None, None),
            ("$1.2bn", M, 1.2e9, "USD", None, None),
            ("2023", D, 2023.0, None, None, None),
        ],
    ),
    (
        "Some 1,250.5 tonnes of wheat were shipped on 1 September 2025.",
        [
            ("Some 1,250.5 tonnes", Q, 1250.5, "tonnes", "some", "wheat"),
            ("1 September 2025", D, 2025.0, None, None, None),
        ],
    ),
    (
        "The ministry said 27 000 households had been connected by Jan. 5.",
        [("27 000", C, 27000.0, None, None, "households"), ("Jan. 5", D, None, None, None, None)],
    ),
    (
        "The project will take three years and cost Rs 5 billion.",
        [("three years", T, 3.0, "years", None, None), ("Rs 5 billion", M, 5e9, "Rs", None, None)],
    ),
    (
        "Over three years, the firm hired 450 engineers.",
        [("three years", T, 3.0, "years", None, None), ("450", C, 450.0, None, None, "engineers")],
    ),
    (
        "Nearly four in ten voters backed the proposal.",
        [("Nearly four in ten", P, 40.0, "%", "nearly", "voters")],
    ),
    (
        "A 45-year-old man was arrested on Monday.",
        [("45-year-old", T, 45.0, "years", None, None), ("Monday", D, None, None, None, None)],
    ),
    (
        "Strikes hit in the winter of 1973–74, and the ferry ceased at the end of October 2006.",
        [
            ("the winter of 1973–74", D, 1973.0, None, None, None),
            ("the end of October 2006", D, 2006.0, None, None, None),
        ],
    ),
    (
        "Prices fell in early March 2012 and rose again by mid-May 2013.",
        [
            ("early March 2012", D, 2012.0, None, "early", None),
            ("mid-May 2013", D, 2013.0, None, "mid", None),
        ],
    ),
    (
        "Profits more than doubled, and staff numbers trebled.",
        [("more than doubled", C, 2.0, "times", "more than", None), ("trebled", C, 3.0, "times", None, None)],
    ),
    ("He doubled down on his claims with a doubled-edged remark.", []),
    (
        "Output halved in 2020.",
        [("halved", C, 0.5, "times", None, None), ("2020", D, 2020.0, None, None, None)],
    ),
    (
        "The fair takes place every June, and the council meets before May.",
        [("June", D, None, None, None, None), ("May", D, None, None, None, None)],
    ),
    (
        "Dozens of people were injured and hundreds of homes destroyed.",
        [("Dozens", C, None, None, None, "people"), ("hundreds", C, None, None, None, "homes")],
    ),
    (
        "The plant will generate 3 MW of power and store 10 GB of data.",
        [("3 MW", Q, 3.0, "MW", None, "power"), ("10 GB", Q, 10.0, "GB", None, "data")],
    ),
    (
        "The new 50 km road cost €12m and opened on 2025-09-01.",
        [
            ("50 km", Q, 50.0, "km", None, "road"),
            ("€12m", M, 1.2e7, "EUR", None, None),
            ("2025-09-01", D, 2025.0, None, None, None),
        ],
    ),
    (
        "Exports rose from 5% to 7% between 2020 and 2024.",
        [
            ("5%", P, 5.0, "%", None, None),
            ("7%", P, 7.0, "%", None, None),
            ("between 2020 and 2024", D, 2020.0, None, None, None),
        ],
    ),
    (
        "The contract, signed in 2016-2025, covers twelve regions and twenty-five districts.",
        [
            ("2016-2025", D, 2016.0, None, None, None),
            ("twelve", C, 12.0, None, None, "regions"),
            ("twenty-five", C, 25.0, None, None, "districts"),
        ],
    ),
    (
        "Up to 2,000 troops and at least 30 aircraft took part, according to the ministry.",
        [
            ("Up to 2,000", C, 2000.0, None, "up to", "troops"),
            ("at least 30", C, 30.0, None, "at least", "aircraft"),
        ],
    ),
    (
        "Less than 5 percent of schools have broadband; fewer than 300 teachers were trained.",
        [
            ("Less than 5 percent", P, 5.0, "%", "less than", "schools"),
            ("fewer than 300", C, 300.0, None, "fewer than", "teachers"),
        ],
    ),
    (
        "The Win32 malware infected 1.5 million computers in six months.",
        [("1.5 million", C, 1.5e6, None, None, "computers"), ("six months", T, 6.0, "months", None, None)],
    ),
    (
        "Inflation hit 9.8 percent in the fiscal year 2023-24, the highest since the 1990s.",
        [
            ("9.8 percent", P, 9.8, "%", None, None),
            ("2023-24", D, 2023.0, None, None, None),
            ("the 1990s", D, 1990.0, None, None, None),
        ],
    ),
    (
        "Uzbekistan recruited 2000 teachers in 2024, and the 2030 Agenda sets goals.",
        [
            ("2000", C, 2000.0, None, None, "teachers"),
            ("2024", D, 2024.0, None, None, None),
            ("2030", D, 2030.0, None, None, None),
        ],
    ),
    ("Article 370 was revoked on August 5, 2019.", [("August 5, 2019", D, 2019.0, None, None, None)]),
    # a year-like number counts the plural noun after 'by' or 'of'; 'as early as' keeps an old year a date
    ("The dinner was attended by 2000 guests.", [("2000", C, 2000.0, None, None, "guests")]),
    ("His writings reached Italy as early as 1519.", [("1519", D, 1519.0, None, None, None)]),
    # two centuries or decades joined are one date
    (
        "The Normans ruled in the 10th and 11th centuries.",
        [("the 10th and 11th centuries", D, None, None, None, None)],
    ),
    (
        "Plague struck between the 14th and 17th centuries.",
        [("the 14th and 17th centuries", D, None, None, None, None)],
    ),
    ("Images spread in the 1530s and 1540s.", [("the 1530s and 1540s", D, 1530.0, None, None, None)]),
    ("He was one of the first, and one person died.", [("one", C, 1.0, None, None, "person")]),
    (
        "The fund manages approximately £4.5 trillion, about 5-10% of the market.",
        [
            ("approximately £4.5 trillion", M, 4.5e12, "GBP", "approximately", None),
            ("about 5-10%", P, 5.0, "%", "about", "market"),
        ],
    ),
    (
        "Revenue reached PKR 12.5 billion, or 1,200 crore rupees, the report said.",
        [
            ("PKR 12.5 billion", M, 1.25e10, "PKR", None, None),
            ("1,200 crore rupees", M, 1.2e10, "rupees", None, None),
        ],
    ),
    (
        "The agreement was signed on September 1, 2025 in Tashkent at 10:30.",
        [("September 1, 2025", D, 2025.0, None, None, None)],
    ),
    (
        "A 50m-long bridge and 50m users; the firm raised $50k from 50k backers.",
        [
            ("50m", Q, 50.0, "m", None, None),
            ("50m", C, 5e7, None, None, "users"),
            ("$50k", M, 5e4, "USD", None, None),
            ("50k", C, 5e4, None, None, "backers"),
        ],
    ),
    (
        "Prices increased by 25 basis points to 3.5% in Q2 2025.",
        [
            ("25 basis points", P, 25.0, "basis points", None, None),
            ("3.5%", P, 3.5, "%", None, None),
            ("Q2 2025", D, 2025.0, None, None, None),
        ],
    ),
    (
        "More than two-thirds of the network are single-track lines.",
        [("More than two-thirds", P, 66.67, "%", "more than", "network")],
    ),
    ("Two thirds of the flow goes west.", [("Two thirds", P, 66.67, "%", None, "flow")]),
    ("The IJssel carries one ninth of the flow.", [("one ninth", P, 11.11, "%", None, "flow")]),
    ("One half was to go to Rome.", [("One half", P, 50.0, "%", None, None)]),
    ("The economy shrank for two quarters.", [("two", C, 2.0, None, None, "quarters")]),
    ("One third party supplier was suspended.", [("One", C, 1.0, None, None, "third party supplier")]),
    ("The legal limit is .08% in most states.", [(".08%", P, 0.08, "%", None, None)]),
    (
        "The fund approved 14.4 million U.S. dollars for Sri Lanka.",
        [("14.4 million U.S. dollars", M, 1.44e7, "USD", None, None)],
    ),
    (
        "Pounds 12m was paid for the 16th-century house.",
        [("Pounds 12m", M, 1.2e7, "GBP", None, None), ("the 16th-century", D, None, None, None, None)],
    ),
    (
        "Luther published the treatise in 1525, in the spring of 1526 and during the 1530s.",
        [
            ("1525", D, 1525.0, None, None, None),
            ("the spring of 1526", D, 1526.0, None, None, None),
            ("the 1530s", D, 1530.0, None, None, None),
        ],
    ),
    (
        "The Dutch Revolt (1568–1609) lasted decades; the edict (1629) ended it.",
        [("1568–1609", D, 1568.0, None, None, None), ("1629", D, 1629.0, None, None, None)],
    ),
    (
        "The company has cut more than 700 jobs in the last six months, reducing staff to just over 7,000.",
        [
            ("more than 700", C, 700.0, None, "more than", "jobs"),
            ("the last six months", T, 6.0, "months", None, None),
            ("just over 7,000", C, 7000.0, None, "just over", None),
        ],
    ),
    (
        "Two leaders of the Savoy Big Five defected in the 1970s.",
        [("Two", C, 2.0, None, None, "leaders"), ("the 1970s", D, 1970.0, None, None, None)],
    ),
    (
        "The probe carries a 32 kilogram payload on a seven year journey of 190 million km.",
        [
            ("32 kilogram", Q, 32.0, "kilogram", None, "payload"),
            ("seven year", T, 7.0, "years", None, None),
            ("190 million km", Q, 1.9e8, "km", None, None),
        ],
    ),
    (
        "Strojplast processes 8,000 tons of plastics and employs 640 people.",
        [("8,000 tons", Q, 8000.0, "tons", None, "plastics"), ("640", C, 640.0, None, None, "people")],
    ),
    (
        "The bank set a target of 3.5 - 5.5 per cent for the year.",
        [("3.5 - 5.5 per cent", P, 3.5, "%", None, None)],
    ),
    (
        "Some 40 percent of workers earn less than $ 59,000 each.",
        [
            ("Some 40 percent", P, 40.0, "%", "some", "workers"),
            ("less than $ 59,000", M, 59000.0, "USD", "less than", None),
        ],
    ),
    (
        "The mall has 5,000 registered shops and 12 restaurants opened in May.",
        [
            ("5,000", C, 5000.0, None, None, "registered shops"),
            ("12", C, 12.0, None, None, "restaurants"),
            ("May", D, None, None, None, None),
        ],
    ),
    (
        "Officials expect 3 to 4 million tourists a year by 2030.",
        [("3 to 4 million", C, 3e6, None, None, "tourists"), ("2030", D, 2030.0, None, None, None)],
    ),
    (
        "The 1,200-km pipeline will carry 10 bcm of gas.",
        [("1,200-km", Q, 1200.0, "km", None, "pipeline"), ("10 bcm", Q, 10.0, "bcm", None, "gas")],
    ),
    (
        "Half of the students and about a third of teachers left; tens of thousands of plants died.",
        [
            ("Half", P, 50.0, "%", None, "students"),
            ("about a third", P, 33.33, "%", "about", "teachers"),
            ("tens of thousands", C, None, None, None, "plants"),
        ],
    ),
    (
        "The Broncos beat the Cardinals 49–15 after Gano's 39-yard kick.",
        [
            ("49", C, 49.0, None, None, None),
            ("15", C, 15.0, None, None, None),
            ("39-yard", Q, 39.0, "yard", None, "kick"),
        ],
    ),
    (
        "Life began about 3.5 billion years ago; Tesla weighed 142 pounds and paid 5 million pounds.",
        [
            ("about 3.5 billion years ago", D, None, None, "about", None),
            ("142 pounds", Q, 142.0, "pounds", None, None),
            ("5 million pounds", M, 5e6, "GBP", None, None),
        ],
    ),
    ("The Rhine is 1,230 km long.", [("1,230 km", Q, 1230.0, "km", None, None)]),
    (
        "Output is above pre-2020 levels, COVID-19 aside, and talks resume on 5 March.",
        [("2020", D, 2020.0, None, None, None), ("5 March", D, None, None, None, None)],
    ),
    (
        "Building began in 447 BC; the three-stage rocket and a 10-member crew saw prices rise 5-10%.",
        [
            ("447 BC", D, None, None, None, None),
            ("three", C, 3.0, None, None, "stage rocket"),
            ("10", C, 10.0, None, None, "member crew"),
            ("5-10%", P, 5.0, "%", None, None),
        ],
    ),
    (
        "The budget is UZS 1.2 trillion, or almost 95 million US dollars, and ¥500 million.",
        [
            ("UZS 1.2 trillion", M, 1.2e12, "UZS", None, "budget"),
            ("almost 95 million US dollars", M, 9.5e7, "USD", "almost", None),
            ("¥500 million", M, 5e8, "JPY", None, None),
        ],
    ),
    (
        "Almost 3,000 km of cable cost approximately 40 billion soums.",
        [
            ("Almost 3,000 km", Q, 3000.0, "km", "almost", "cable"),
            ("approximately 40 billion soums", M, 4e10, "UZS", "approximately", None),
        ],
    ),
]

# Spans as people write them: units and multipliers stay with the number, a conversion in brackets
# stays with its amount, ranges of older years and of dates are one figure, a date's qualifier is read.
AS_WRITTEN = [
    ("The coin is worth 45 euro cents.", [("45 euro cents", M, 0.45, "EUR", None, None)]),
    ("Sales were 12.5 times higher.", [("12.5 times", C, 12.5, "times", None, "higher")]),
    (
        "He ran the final in 10.85 seconds.",
        [("10.85 seconds", T, 10.85, "seconds", None, None)],
    ),
    (
        "It shipped 2.4 million tonnes of grain.",
        [("2.4 million tonnes", Q, 2.4e6, "tonnes", None, "grain")],
    ),
    (
        "The deal is worth $2.4bn (£1.3bn), the firm said.",
        [("$2.4bn (£1.3bn)", M, 2.4e9, "USD", None, None)],
    ),
    (
        "The program returned 842 pounds (382 kg) of lunar rocks.",
        [("842 pounds (382 kg)", Q, 842.0, "pounds", None, "lunar rocks")],
    ),
    ("They won the cup twice.", [("twice", C, 2.0, "times", None, None)]),
    ("It has been growing by 15 to 20 percent a year.", [("15 to 20 percent", P, 15.0, "%", None, None)]),
    (
        "Prices rose from 15 to 20 percent.",  # from one level to another: no range
        [("15", C, 15.0, None, None, None), ("20 percent", P, 20.0, "%", None, None)],
    ),
    ("Exports were nearly triple the figure.", [("nearly triple", C, 3.0, "times", "nearly", None)]),
    (
        "Cases rose threefold, then 10-fold.",
        [("threefold", C, 3.0, "times", None, None), ("10-fold", C, 10.0, "times", None, None)],
    ),
    ("A 45-year-old won.", [("45-year-old", AnswerType.DURATION, 45.0, "years", None, None)]),
    (
        "The genome is about a million base pairs long, half a million fewer.",
        [
            ("about a million", C, 1e6, None, "about", "base pairs"),
            ("half a million", C, 5e5, None, None, "base pairs"),
        ],
    ),
    ("A 1.6-million-year-old fossil was found.", [("1.6-million-year-old", T, 1.6e6, "years", None, None)]),
    (
        "Chloroplasts are 5–8 μm across; ribosomes are 17 nm and the roof garden 10,000 m2.",
        [
            ("5–8 μm", Q, 5.0, "μm", None, None),
            ("17 nm", Q, 17.0, "nm", None, None),
            ("10,000 m2", Q, 1e4, "m2", None, None),
        ],
    ),
    ("The wars were fought from 1562 to 1598.", [("from 1562 to 1598", D, 1562.0, None, None, None)]),
    ("The Peasants' War of 1524–25 followed.", [("1524–25", D, 1524.0, None, None, None)]),
    (
        "Germany occupied it from 4 August 1915 until November 1918.",
        [("from 4 August 1915 until November 1918", D, 1915.0, None, "from", None)],
    ),
    (
        "The massacre of 24 August – 3 October 1572 was held between September and November.",
        [
            ("24 August – 3 October 1572", D, 1572.0, None, None, None),
            ("between September and November", D, None, None, "between", None),
        ],
    ),
    ("Imports were 20% to 25% of the bill.", [("20% to 25%", P, 20.0, "%", None, "bill")]),
    (
        "Revenue rose by 3% to $8.2bn.",
        [("3%", P, 3.0, "%", None, None), ("$8.2bn", M, 8.2e9, "USD", None, None)],
    ),
    (
        "In early 1961 the Dalekmania period (circa 1964–1965) began.",
        [("early 1961", D, 1961.0, None, "early", None), ("circa 1964–1965", D, 1964.0, None, "circa", None)],
    ),
    ("The Time for Reflection is held on Wednesdays.", [("Wednesdays", D, None, None, None, None)]),
]

# Sentences with numbers that are not figures: phone numbers, codes, names, versions, clock times.
NOT_FIGURES = [
    "Call +92 51 9204550 or 0300-1234567 for details.",
    "The 5G and 4G networks reach G20 members.",
    "COVID-19 cases were reported in the region.",
    "See invoice INV-2023-0045 and flight MH17.",
    "The Win32 worm used version 2.4.1 of the library.",
    "Article 370 and Section 144 were discussed.",
    "China has emerged as one of the most significant partners.",
    "The Fantastic Four and the Big Five met at 10:30.",
    "The triple jump and a double murder, rated triple-A.",
    "Arsenal won the double that season, as it plans to double the size of its academy.",
    "Apollo 11 was fuelling up as Salyut 1 and the Peugeot 309 were launched.",
]

CASES = SAMPLE_ARTICLE + NEWS + AS_WRITTEN


def _rows(sentence: str) -> list[tuple]:
    return [(f.text, f.kind, f.value, f.unit, f.qualifier, f.noun) for f in extract_figures(sentence)]


@pytest.mark.parametrize(("sentence", "expected"), CASES)
def test_extracts_every_figure_with_kind_value_unit_qualifier_and_noun(sentence: str, expected: list) -> None:
    assert _rows(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), CASES)
def test_span_points_at_the_figure_text(sentence: str, expected: list) -> None:
    for figure in extract_figures(sentence):
        assert sentence[figure.span.start : figure.span.end] == figure.text


@pytest.mark.parametrize("sentence", NOT_FIGURES)
def test_codes_phone_numbers_and_names_are_not_figures(sentence: str) -> None:
    assert extract_figures(sentence) == []


def test_sentence_without_digits_or_number_words_has_no_figures() -> None:
    assert extract_figures("Recent agreements show further momentum.") == []


def test_empty_sentence_has_no_figures() -> None:
    assert extract_figures("") == []


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [("MW", "megawatt"), ("megawatts", "megawatt"), ("tonnes", "ton"), ("tons", "ton")],
)
def test_canonical_unit_folds_spellings_together(spelling: str, canonical: str) -> None:
    assert canonical_unit(spelling) == canonical


def test_repeated_calls_give_equal_figures_in_a_fresh_list() -> None:
    sentence = "In January 2024, companies signed 12 contracts worth over USD 1 billion."
    first, second = extract_figures(sentence), extract_figures(sentence)
    assert first == second
    assert first is not second
    first.clear()
    assert extract_figures(sentence) == second


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("A doctor examined Paul Chandler, 60, who was unharmed.", [("60", AnswerType.DURATION, "years")]),
        ("The suspect, John Smith, 45, was arrested.", [("45", AnswerType.DURATION, "years")]),
        ("said Ann Lee, 45.", [("45", AnswerType.DURATION, "years")]),
        ("He died aged 45.", [("45", AnswerType.DURATION, "years")]),
        ("She retired at the age of 61.", [("61", AnswerType.DURATION, "years")]),
        ("Men aged 18 to 25 were hurt.", [("18 to 25", AnswerType.DURATION, "years")]),
        # not ages: a count of things, a number too large, a year, a count after a plain duration
        ("However, 40 people died.", [("40", AnswerType.COUNT, None)]),
        ("Chandler, 160, said", [("160", AnswerType.COUNT, None)]),
        ("In Paris, 2008, it rained.", [("2008", AnswerType.DATE, None)]),
        (
            "Staff grew over five years to 45,000.",
            [("five years", AnswerType.DURATION, "years"), ("45,000", AnswerType.COUNT, None)],
        ),
    ],
)
def test_an_age_written_beside_a_name_or_after_aged_is_a_length_of_years(
    sentence: str, expected: list
) -> None:
    assert [(f.text, f.kind, f.unit) for f in extract_figures(sentence)] == expected


@pytest.mark.parametrize(
    ("sentence", "noun"),
    [
        ("He wrote a 2002 essay on the attacks.", "essay"),
        ("The 2024 elections were close.", "elections"),
        ("Its 2019 report said so.", "report"),
        ("In 2008 exports rose.", None),  # the year of the sentence, not of the exports
        ("The Good Friday 1998 agreement held.", None),
    ],
)
def test_a_year_between_a_determiner_and_a_noun_carries_that_noun(sentence: str, noun: str | None) -> None:
    (year,) = extract_figures(sentence)
    assert (year.kind, year.noun) == (AnswerType.DATE, noun)
