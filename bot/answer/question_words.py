"""The word lists the rules read a question's answer type by (bot.answer.questions)."""

from __future__ import annotations

from bot.ingest import DURATION_UNITS, UNIT_ABBREVIATIONS, UNIT_WORDS, canonical_unit
from bot.models import AnswerType


def word_set(text: str) -> frozenset[str]:
    """The words of a space-separated list."""
    return frozenset(text.split())


QUESTION_WORDS = word_set("what whats when where which who whos whom whose why how hows")
AUX = word_set(
    "is are was were be been do does did has have had will would can could should shall may might must s re"
)
DO = word_set("do does did will would can could should shall may might must")
DETERMINERS = word_set("the a an this that these those its their his her our your")
UNITS = frozenset(canonical_unit(u) for u in (UNIT_WORDS + "|" + UNIT_ABBREVIATIONS).split("|")) | word_set(
    "megawatt gigawatt kilowatt watt litre liter kilometre kilometer tonne ton metre meter hectare acre "
    "barrel mile gallon foot inch degree byte kilobyte megabyte gigabyte terabyte millimeter millimetre "
    "centimeter centimetre yard ounce pint quart"
)
TIME_NOUNS = frozenset(DURATION_UNITS) | {"time", "long"}
# The noun after "what"/"which" (or in "what is the X of ...") that names the answer type.
TYPE_NOUNS: dict[AnswerType, frozenset[str]] = {
    AnswerType.DATE: word_set(
        "year years date dates month day days decade century period season quarter time when"
    ),
    AnswerType.PERCENT: word_set("percentage percent share proportion fraction rate ratio"),
    AnswerType.MONEY: word_set(
        "value cost costs price prices worth budget investment investments funding revenue revenues salary "
        "fee fees fine profit profits income sales turnover gdp loan loans debt aid deficit spending "
        "expenditure valuation bill amount sum money compensation subsidy subsidies grant grants tax"
    ),
    AnswerType.COUNT: word_set("number population total count"),
    AnswerType.DURATION: word_set("age duration lifespan"),
    AnswerType.QUANTITY: word_set(
        "length distance height area size weight capacity speed temperature depth width volume output "
        "production quantity"
    ),
    AnswerType.ORGANISATION: word_set(
        "company companies organisation organization firm firms agency operator operators bank institution "
        "ministry university group party team club body department manufacturer carrier airline brand "
        "newspaper network union corporation business businesses enterprise startup school"
    ),
    AnswerType.PLACE: word_set(
        "capital city cities country countries region province town village state place location district "
        "continent island port nation area where site venue"
    ),
    AnswerType.PERSON: word_set(
        "person people official minister president leader chief director ceo chairman author player singer "
        "actor founder spokesman spokeswoman governor mayor ambassador"
    ),
}
ALL_TYPE_NOUNS = frozenset().union(*TYPE_NOUNS.values())
# Money and count nouns that name a particular measure, not just the kind of figure: a sum of money answers
# "how much was it worth", but not "what was the GDP" unless the text says GDP (or, for revenue, sales or
# turnover); a count answers "what is the population" only where the text speaks of population or residents.
# Each word with the words a sentence may use for it instead.
MEASURE_SYNONYMS: dict[str, frozenset[str]] = {
    word: group
    for group in map(
        word_set,
        (
            "revenue revenues sales turnover",
            "profit profits earnings income",
            "gdp gross domestic product output economy",
            "debt debts borrowing borrowings liabilities",
            "loan loans credit lending lent",
            "aid assistance grant grants donation donations",
            "spending expenditure expenditures spend spent outlay outlays",
            "budget budgets",
            "investment investments invest invested investing investor investors",
            "funding fund funds funded financing finance",
            "salary salaries pay wage wages earnings",
            "fee fees charge charges",
            "fine fines penalty penalties fined",
            "tax taxes levy duty duties",
            "valuation valued",
            "compensation compensate compensated damages payout",
            "subsidy subsidies subsidise subsidize subsidised subsidized",
            "deficit deficits shortfall",
            "population populations inhabitants residents people citizens populous live lives living",
        ),
    )
    for word in group
    if word in TYPE_NOUNS[AnswerType.MONEY] | TYPE_NOUNS[AnswerType.COUNT]
}
# More nouns that name a type, for the rules only (TYPE_NOUNS are also the reranker's cue words).
MORE_TYPE_NOUNS: dict[AnswerType, frozenset[str]] = {
    AnswerType.DATE: word_set("birthday birthdate"),
    AnswerType.PERCENT: word_set("chance chances odds probability likelihood inflation unemployment turnout"),
    AnswerType.MONEY: word_set(
        "wage wages fare fares earnings payment salaries ransom bail reward bonus bonuses pension pensions "
        "rent damages"
    ),
    AnswerType.DURATION: word_set("expectancy lifetime"),
    AnswerType.QUANTITY: word_set(
        "dimensions wingspan diameter elevation altitude circumference radius acreage"
    ),
}
# "the phone number", "the atomic number": a code or a label, not a count.
CODE_NUMBERS = word_set(
    "phone telephone fax zip serial license licence registration account chromosome atomic"
)
# "the gestation period", "the waiting time": a length of time, not a date.
SPAN_MODIFIERS = word_set(
    "average gestation incubation waiting trial probation warranty notice grace response"
)
COST_VERBS = word_set(
    "cost costs charge charges paid pay pays earn earns fined spend spends spent invest invests invested"
)
MONEY_WORDS = TYPE_NOUNS[AnswerType.MONEY] | word_set(
    "dollars euros pounds yuan rupees usd endowment assets wealth fortune reserves donation donations trade "
    "financing finance credit lending borrowing"
)
MATERIALS = word_set(
    "cargo goods oil gas water electricity power energy land food grain wheat rice cotton steel coal rain "
    "rainfall snow data traffic freight waste fuel carbon emissions weight space memory storage gold "
    "silver copper iron ore uranium sugar milk meat fish timber wood cement crude petroleum fertilizer"
)
LENGTH_NOUNS = word_set(
    "bridge road pipeline railway tunnel line border river cable runway track wall coast coastline canal "
    "highway route corridor distance trail section stretch segment span"
)
CHANGE_VERBS = word_set(
    "grow grows grew rise rises rose increase increases increased fall falls fell drop drops dropped decline "
    "declines shrink shrinks jump jumps cut cuts reduce reduces reduced lower lowered raise raised climb "
    "climbed"
)
# "How fast is the economy growing": a rate of change.
GROWING = word_set(
    "grow grows growing rise rises rising increase increases increasing expand expands expanding fall "
    "falls falling decline declines declining shrink shrinks shrinking"
)
# What a rise may be raised in: "how much did the bank raise rates" asks a change, "how much did the
# charity raise" the money raised.
RAISED = word_set("rate rates price prices interest tax taxes fare fares stake forecast target limit ceiling")
# Verbs that end a noun phrase in a question ("how many people live in ..."), beside words in -ed/-ing.
VERBS = CHANGE_VERBS | word_set(
    "live lives work works cover covers go goes say says speak attend visit use uses need want own owns "
    "hold holds join exist remain remains contain contains employ employs produce produces generate "
    "generates cost costs last lasts grows rises take takes make makes get gets build builds built become "
    "becomes have has die dies come comes win wins lose loses sell sells buy buys pay pays receive "
    "receives serve serves run runs reach reaches account accounts mean means spend spends earn earns "
    "invest invests paid sold bought made took gave spent won lost held kept fell went came became began "
    "ran left led met sent told wrote saw said decrease vary born end start begin occur happen open close "
    "retire approach worth"
)
SHARES = word_set("percent percentage")
# Nouns a count may use for whatever the question counts ("12 people" for passengers).
ANY_COUNTED = word_set("people persons person others ones members individuals")
# Nouns that count kinds or occasions of something ("how many types of tests", "how many times"): a count
# of anything may answer them.
CLASSIFIER_NOUNS = word_set(
    "type types kind kinds sort sorts form forms way ways variety varieties category categories class "
    "classes name names number numbers time times"
)
TRANSPARENT_HEADS = word_set("difference range limit density level gap figure estimate")
LEADING = word_set(
    "the a an this that these those its their his her our your other some all most each such both more fewer"
)
# What "how long is the X" asks the duration of, rather than the length.
EVENT_NOUNS = word_set(
    "war term trip flight journey process season course delay visit tenure sentence wait meeting programme "
    "program mission strike ban lockdown project contract deal agreement shift stay reign presidency career "
    "life lifespan holiday break period phase transition construction occupation siege gestation pregnancy "
    "trial attack illness incubation hibernation"
)
# What "how big was the X" asks the money of.
DEALS = MONEY_WORDS | word_set("deal deals contract contracts acquisition takeover bid offer package bailout")
HOW_QUANTITY = word_set("far big large tall high deep wide heavy fast hot cold warm")
# Partial credit when a figure's kind is close to the expected one ("how many tons" answered by a count).
NEAR: dict[tuple[AnswerType, AnswerType], float] = {
    (AnswerType.COUNT, AnswerType.QUANTITY): 0.5,
    (AnswerType.QUANTITY, AnswerType.COUNT): 0.5,
    (AnswerType.MONEY, AnswerType.COUNT): 0.3,
    (AnswerType.PERCENT, AnswerType.COUNT): 0.2,
    (AnswerType.COUNT, AnswerType.PERCENT): 0.2,
    (AnswerType.PERCENT, AnswerType.MONEY): 0.2,
    (AnswerType.DURATION, AnswerType.COUNT): 0.3,
    (AnswerType.QUANTITY, AnswerType.MONEY): 0.2,
    (AnswerType.DURATION, AnswerType.DATE): 0.2,
    (AnswerType.DATE, AnswerType.DURATION): 0.2,
    (AnswerType.QUANTITY, AnswerType.DURATION): 0.2,
}
FIGURE_KINDS = frozenset(
    {AnswerType.COUNT, AnswerType.MONEY, AnswerType.PERCENT, AnswerType.DATE, AnswerType.DURATION,
     AnswerType.QUANTITY}
)  # fmt: skip
