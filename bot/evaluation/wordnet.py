"""Fit-time only: a noun -> semantic tags lexicon read from WordNet 3.0's database files.

Debian and Ubuntu put them in /usr/share/wordnet (`apt-get install wordnet-base`): data.noun, index.noun
and noun.exc. The tags go into the shipped lexicon file, so answering needs no WordNet.
WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved. (Its licence allows use,
copying, modification and distribution with this notice.)
"""

from __future__ import annotations

import re
from pathlib import Path


def _words(text: str) -> tuple[str, ...]:
    """The words of a space-separated list, in order."""
    return tuple(text.split())


NOTICE = "WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved."
LEXFILES = _words(
    "adj.all adj.pert adv.all Tops act animal artifact attribute body cognition communication event feeling "
    "food group location motive object person phenomenon plant possession process quantity relation shape "
    "state substance time"
)
# Ancestors worth naming (a synset's first lemma), reached through hypernyms and instance hypernyms.
ANCESTORS = frozenset(
    _words(
        "person organization social_group group location region geographical_area district city country "
        "state body_of_water geological_formation structure building facility way unit_of_measurement "
        "time_period time_unit monetary_unit money sum measure magnitude rate ratio percentage "
        "definite_quantity fundamental_quantity linear_unit weight_unit volume_unit temperature_unit "
        "artifact animal plant food substance act event communication language writing name disease "
        "body_part color instrumentality vehicle device sport game award company institution team "
        "political_unit administrative_district celestial_body star planet island mountain river lake ocean "
        "worker leader expert creator performer adult relative ruler scientist writer artist athlete "
        "military_unit unit business enterprise party musical_group nation land point position address "
        "date day calendar_day holiday age duration length distance size speed temperature cost price "
        "value amount number count quantity population symbol title kind drug beverage dish"
    )
)
Synsets = dict[str, tuple[int, str, list[str]]]


def read_synsets(folder: Path) -> Synsets:
    """Noun synsets by offset: lexicographer file, first lemma, hypernym offsets."""
    synsets: Synsets = {}
    for line in (folder / "data.noun").read_text(encoding="latin-1").splitlines():
        if line.startswith("  "):
            continue
        head = line.split(" | ")[0].split()
        i = 4 + 2 * int(head[3], 16)
        pointers = [head[i + 1 + 4 * k : i + 5 + 4 * k] for k in range(int(head[i]))]
        hypers = [p[1] for p in pointers if p[0] in ("@", "@i")]
        synsets[head[0]] = (int(head[1]), head[4].lower(), hypers)
    return synsets


def _ancestors(synsets: Synsets, offset: str) -> set[str]:
    """The named ancestors of a synset, as 'name.lexfile'."""
    seen, stack, names = set(), [offset], set()
    while stack:
        o = stack.pop()
        if o in seen or o not in synsets:
            continue
        seen.add(o)
        lexfile, name, hypers = synsets[o]
        if name in ANCESTORS:
            names.add(f"{name}.{LEXFILES[lexfile]}")
        stack.extend(hypers)
    return names


def read_lexicon(folder: Path, senses: int = 3, hyper_senses: int = 2) -> dict[str, str]:
    """lemma -> space-separated tags: 'L:' the lexicographer file of its first sense, 'A:' that of its
    other first senses, 'H:' the named ancestors of its first two senses; irregular plurals too."""
    synsets = read_synsets(folder)
    lexicon: dict[str, str] = {}
    for line in (folder / "index.noun").read_text(encoding="latin-1").splitlines():
        parts = line.split()
        if line.startswith("  ") or not parts[0].replace("-", "").isalpha():
            continue
        offsets = parts[6 + int(parts[3]) :][: int(parts[2])]
        first = "L:" + LEXFILES[synsets[offsets[0]][0]]
        also = sorted({"A:" + LEXFILES[synsets[o][0]] for o in offsets[:senses]} - {"A:" + first[2:]})
        names = set().union(*(_ancestors(synsets, o) for o in offsets[:hyper_senses]))
        lexicon[parts[0]] = " ".join([first, *also, *("H:" + n for n in sorted(names))])
    for line in (folder / "noun.exc").read_text(encoding="latin-1").splitlines():
        form, base = line.split()[:2]
        if base in lexicon and form not in lexicon and form.isalpha():
            lexicon[form] = lexicon[base]  # "women" -> "woman"
    return lexicon


def _lemmas(line: str) -> tuple[str, list[str], list[tuple[str, str, str, str]]]:
    """A data file line's offset, its lemmas (adjective markers such as '(a)' dropped) and its pointers
    as (symbol, target offset, part of speech, source and target word numbers in hex)."""
    head = line.split(" | ")[0].split()
    n = int(head[3], 16)
    lemmas = [head[4 + 2 * k].split("(")[0] for k in range(n)]
    i = 4 + 2 * n
    pointers = [tuple(head[i + 1 + 4 * k : i + 5 + 4 * k]) for k in range(int(head[i]))]
    return head[0], lemmas, pointers  # type: ignore[return-value]


def read_name_forms(folder: Path) -> dict[str, set[str]]:
    """Proper adjective -> the proper nouns it pertains to ('german' -> {'germany'}, 'filipino' ->
    {'philippines'}), both lower-cased and single words, from WordNet's pertainym pointers (word to
    word: 'Chinese' points at 'China', not at 'Taiwan' of the same synset)."""
    nouns: dict[str, list[str]] = {}
    for line in (folder / "data.noun").read_text(encoding="latin-1").splitlines():
        if not line.startswith("  "):
            offset, lemmas, _ = _lemmas(line)
            nouns[offset] = lemmas
    forms: dict[str, set[str]] = {}
    for line in (folder / "data.adj").read_text(encoding="latin-1").splitlines():
        if line.startswith("  "):
            continue
        _, lemmas, pointers = _lemmas(line)
        for symbol, offset, pos, words in pointers:
            source, target = int(words[:2], 16), int(words[2:], 16)
            if symbol != "\\" or pos != "n" or not source or not target or offset not in nouns:
                continue
            adjective, noun = lemmas[source - 1], nouns[offset][target - 1]
            if adjective[:1].isupper() and noun[:1].isupper() and adjective.isalpha() and noun.isalpha():
                forms.setdefault(adjective.lower(), set()).add(noun.lower())
    return forms


_ACRONYM = re.compile(r"(?:[A-Z]\.?){2,6}")


def read_name_aliases(folder: Path) -> list[list[str]]:
    """The names of one organisation or place that WordNet gives together with an acronym, each group in
    WordNet's order: ['United Nations', 'UN'], ['United Kingdom', 'UK', 'U.K.', 'Britain', ...]. Only
    synsets of groups and locations, and only lemmas that start with a capital ('the States' and
    'mainland China' are left out)."""
    groups = []
    for line in (folder / "data.noun").read_text(encoding="latin-1").splitlines():
        if line.startswith("  ") or line.split()[1] not in _NAME_LEXFILES:
            continue
        _, lemmas, _ = _lemmas(line)
        names = list(dict.fromkeys(lemma.replace("_", " ") for lemma in lemmas if lemma[:1].isupper()))
        if len(names) > 1 and any(_ACRONYM.fullmatch(n) for n in names):
            groups.append(names)
    return groups


_NAME_LEXFILES = frozenset({f"{LEXFILES.index('group'):02d}", f"{LEXFILES.index('location'):02d}"})
