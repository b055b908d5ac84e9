"""Ingest: the corpus folder in; articles, their sentences, search tokens and figures out.

- `corpus`: `*.txt`/`*.md` (front matter) and `*.jsonl` files → `Article`s, broken items as `Skipped`;
  `decoding` reads their bytes (UTF-8, else Windows-1252; binary refused).
- `sentences`: an article body → passage sentences (abbreviations, decimals, quotes, datelines).
- `text`: any text → search tokens (NFKC, case and accents folded, stop words out, Snowball stems); corpus and
  questions both go through `tokenize`.
- `figures` (with its regexes in `figure_patterns`): a sentence → its `Figure`s; `versions`: the
  extractor's fingerprint, recorded by an index that stores figures.
- `reading`: a sentence as the answer layer reads it beside its tokens and figures (words with offsets
  and clauses, capitalised words, copulas, what stands around each figure), and `word_hash`.
"""

from bot.ingest.corpus import (
    CorpusNotFound,
    CorpusReader,
    Skipped,
    content_fingerprint,
    corpus_files,
    quick_fingerprint,
    read_corpus,
)
from bot.ingest.figure_patterns import (
    CALENDAR_WORDS,
    DURATION_UNITS,
    MULTIPLIED,
    UNIT_ABBREVIATIONS,
    UNIT_WORDS,
)
from bot.ingest.figures import canonical_unit, extract_figures
from bot.ingest.reading import (
    NO_WORD,
    Reading,
    Word,
    capitalised_stems,
    read_sentence,
    sentence_words,
    word_hash,
)
from bot.ingest.sentences import dateline_length, split_sentences
from bot.ingest.text import (
    SPELLINGS,
    STOP_WORDS,
    counted,
    fold_accents,
    normalise,
    stem,
    tokenize,
    tokenizer_settings,
    words,
)
from bot.ingest.versions import extractor_settings

__all__ = [
    "CALENDAR_WORDS",
    "DURATION_UNITS",
    "MULTIPLIED",
    "NO_WORD",
    "SPELLINGS",
    "STOP_WORDS",
    "UNIT_ABBREVIATIONS",
    "UNIT_WORDS",
    "CorpusNotFound",
    "CorpusReader",
    "Reading",
    "Skipped",
    "Word",
    "canonical_unit",
    "capitalised_stems",
    "content_fingerprint",
    "corpus_files",
    "counted",
    "dateline_length",
    "extract_figures",
    "extractor_settings",
    "fold_accents",
    "normalise",
    "quick_fingerprint",
    "read_corpus",
    "read_sentence",
    "sentence_words",
    "split_sentences",
    "stem",
    "tokenize",
    "tokenizer_settings",
    "word_hash",
    "words",
]
