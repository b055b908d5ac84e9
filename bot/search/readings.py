"""Each sentence as the answer layer reads it (bot/ingest/reading.py), stored at index time as arrays.

Files in the generation's `precomputed/` folder, beside the tokens and figures (precompute.py):

- `sentence_flags.npy` (uint8, one per sentence): bit 0, the sentence is a question.
- `capital_indptr.npy` / `capitals.npy` (int64 word hashes): the stems of its capitalised words, the
  first word left out; `copula_indptr.npy` / `copulas.npy`: the stems of the words before a copula.
- `word_indptr.npy` / `word_stems.npy` (int64 hashes) / `word_marks.npy` (uint8): for a sentence with
  figures only, every word token's stem and three bits: a new comma-phrase starts at it (bit 0), a new
  clause (bit 1), it is capitalised (bit 2). Clause and phrase numbers are the running sums.
- `figure_readings.npy` (structured, one row per row of figures.npy): the figure's first and last word,
  the hashes of the words before and after it, whether it stands in brackets, and of the two search
  tokens before it.

`ReadingBatch` holds the same arrays for a list of sentences, gathered from the index or read from text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.ingest import NO_WORD, Reading, read_sentence, word_hash
from bot.models import Figure
from bot.search.npyio import NpyWriter, load_npy

FIGURE_ROW = np.dtype(
    [("first", "<i4"), ("last", "<i4"), ("before", "<i8"), ("after", "<i8"), ("bracketed", "u1"),
     ("before1", "<i8"), ("before2", "<i8")]
)  # fmt: skip
ASKS, NEW_PHRASE, NEW_CLAUSE, CAPITAL = 1, 1, 2, 4
MARK_BITS = (NEW_PHRASE, NEW_CLAUSE, CAPITAL)  # a word's marks: new comma-phrase, new clause, capitalised
_CSR = ("capital", "copula", "word")
_DATA = {"capital": ("capitals", np.int64), "copula": ("copulas", np.int64), "word": ("word_stems", np.int64)}


@dataclass
class ReadingBatch:
    """The readings of a list of sentences as flat arrays: per sentence `flags`, and `*_ptr` offsets
    (length + 1) into `capitals`, `copulas`, `stems`/`marks` (words) and `figure_rows`."""

    flags: np.ndarray
    capital_ptr: np.ndarray
    capitals: np.ndarray
    copula_ptr: np.ndarray
    copulas: np.ndarray
    word_ptr: np.ndarray
    stems: np.ndarray
    marks: np.ndarray
    figure_ptr: np.ndarray
    figure_rows: np.ndarray

    def word_places(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per word: its comma-phrase and its clause number within its sentence, and whether it is
        capitalised."""
        seg = np.repeat(np.arange(len(self.word_ptr) - 1), np.diff(self.word_ptr))
        starts = self.word_ptr[seg]
        numbers = []
        for bit in (NEW_PHRASE, NEW_CLAUSE):
            total = np.concatenate([[0], np.cumsum((self.marks & bit) > 0, dtype=np.int64)])
            numbers.append(total[1:] - total[starts])
        return numbers[0], numbers[1], (self.marks & CAPITAL) > 0

    def asks(self) -> np.ndarray:
        """Per sentence, whether it is itself a question."""
        return (self.flags & ASKS) > 0

    @classmethod
    def from_sentences(cls, sentences: Sequence[str], figures: Sequence[Sequence[Figure]]) -> ReadingBatch:
        """Read sentences that are not in an index (with their figures, as extract_figures gives them)."""
        parts = encode_readings(sentences, figures)
        ptr = {name: _offsets(parts[f"{name}_counts"]) for name in (*_CSR, "figure")}
        return cls(
            parts["flags"], ptr["capital"], parts["capitals"], ptr["copula"], parts["copulas"],
            ptr["word"], parts["word_stems"], parts["word_marks"], ptr["figure"], parts["figure_rows"],
        )  # fmt: skip


def _offsets(counts: np.ndarray) -> np.ndarray:
    """CSR offsets (length + 1) from counts."""
    out = np.zeros(len(counts) + 1, np.int64)
    np.cumsum(counts, out=out[1:])
    return out


# The compiled csr_rows (kernel.py) once the engine's warm-up has loaded it; numpy until then.
_COMPILED: dict[str, Callable[[np.ndarray, np.ndarray], tuple] | None] = {"rows": None}


def use_rows_kernel(kernel: Callable[[np.ndarray, np.ndarray], tuple] | None) -> None:
    """Gather rows with this compiled kernel (kernel.csr_rows), or with numpy (None)."""
    _COMPILED["rows"] = kernel


def gather_rows(ptr: np.ndarray, data: Sequence[np.ndarray], at: np.ndarray) -> tuple[np.ndarray, ...]:
    """For rows `at` of a CSR layout (offsets `ptr` into each of `data`): the new offsets, then each data
    array's entries for those rows, concatenated in order."""
    kernel = _COMPILED["rows"]
    if kernel is not None and ptr.dtype == np.int64 and at.dtype == np.int64:
        offsets, where, ok = kernel(ptr, at)
        if ok:
            return (offsets, *(d[where] for d in data))
    lo = ptr[at]
    counts = ptr[at + 1] - lo
    offsets = _offsets(counts)
    where = np.repeat(lo - offsets[:-1], counts) + np.arange(offsets[-1])
    return (offsets, *(d[where] for d in data))


def _hashes(strings: frozenset[str] | Sequence[str]) -> list[int]:
    """Word hashes, sorted (a set's order is not kept)."""
    return sorted(word_hash(s) for s in strings)


def _encoded(reading: Reading) -> tuple[int, list[int], list[int], list[int], list[int], list[tuple]]:
    """One sentence's reading as plain values: flags, capitals, copulas, word stems and marks, figures."""
    stems, marks, phrase, clause = [], [], 0, 0
    for w in reading.words:
        marks.append((w.phrase > phrase) * NEW_PHRASE | (w.clause > clause) * NEW_CLAUSE | w.cap * CAPITAL)
        stems.append(word_hash(w.stem))
        phrase, clause = w.phrase, w.clause
    rows = []
    for f in reading.figures:
        before = [word_hash(t) for t in f.words_before] + [NO_WORD] * (2 - len(f.words_before))
        around = [word_hash(w) if w else NO_WORD for w in (f.before, f.after)]
        rows.append((f.first, f.last, *around, int(f.bracketed), *before))
    flags = ASKS if reading.asks else 0
    return flags, _hashes(reading.capitalised), _hashes(reading.copula), stems, marks, rows


def encode_readings(sentences: Sequence[str], figures: Sequence[Sequence[Figure]]) -> dict[str, np.ndarray]:
    """The readings of consecutive sentences (an article's) as the arrays the writer appends."""
    cols: dict[str, list] = {k: [] for k in ("flags", "capitals", "copulas", "word_stems", "word_marks")}
    counts: dict[str, list[int]] = {f"{k}_counts": [] for k in (*_CSR, "figure")}
    rows: list[tuple] = []
    for sentence, figs in zip(sentences, figures, strict=True):
        flags, caps, cops, stems, marks, figure_rows = _encoded(read_sentence(sentence, figs))
        cols["flags"].append(flags)
        for name, values in (("capital", caps), ("copula", cops), ("word", stems)):
            cols[_DATA[name][0]] += values
            counts[f"{name}_counts"].append(len(values))
        cols["word_marks"] += marks
        rows += figure_rows
        counts["figure_counts"].append(len(figure_rows))
    out = {name: np.array(values, np.int64) for name, values in cols.items()}
    out["flags"] = out["flags"].astype(np.uint8)
    out["word_marks"] = out["word_marks"].astype(np.uint8)
    out |= {name: np.array(values, np.int64) for name, values in counts.items()}
    out["figure_rows"] = np.array(rows, FIGURE_ROW)
    return out


class ReadingsWriter:
    """Appends each article's encoded readings to the files in `precomputed/`."""

    def __init__(self, folder: Path) -> None:
        """Create the files."""
        self._out = {"flags": NpyWriter(folder / "sentence_flags.npy", np.uint8)}
        self._out["figure_rows"] = NpyWriter(folder / "figure_readings.npy", FIGURE_ROW)
        self._out["word_marks"] = NpyWriter(folder / "word_marks.npy", np.uint8)
        self._ends = dict.fromkeys(_CSR, 0)
        for name in _CSR:
            data, dtype = _DATA[name]
            self._out[data] = NpyWriter(folder / f"{data}.npy", dtype)
            self._out[f"{name}_ptr"] = NpyWriter(folder / f"{name}_indptr.npy", np.int64)
            self._out[f"{name}_ptr"].append(np.zeros(1, np.int64))

    def add(self, parts: dict[str, np.ndarray]) -> None:
        """One article's readings (from encode_readings)."""
        for name in ("flags", "figure_rows", "word_marks", *(_DATA[n][0] for n in _CSR)):
            if len(parts[name]):
                self._out[name].append(parts[name])
        for name in _CSR:
            ends = self._ends[name] + np.cumsum(parts[f"{name}_counts"], dtype=np.int64)
            self._out[f"{name}_ptr"].append(ends)
            self._ends[name] = int(ends[-1]) if len(ends) else self._ends[name]

    def close(self) -> dict[str, int]:
        """Close every file; the counts for meta.json."""
        for out in self._out.values():
            out.close()
        return {"words": self._ends["word"], "figure_readings": self._out["figure_rows"].rows}


READING_FILES = (
    "sentence_flags", "figure_readings", "word_marks", "capitals", "capital_indptr", "copulas",
    "copula_indptr", "word_stems", "word_indptr",
)  # fmt: skip


class Readings:
    """The stored readings, memory-mapped; gathers a ReadingBatch for candidate sentences."""

    def __init__(self, folder: Path) -> None:
        """Open the files (OSError or ValueError when one is missing or unreadable)."""
        self._a = {name: load_npy(folder / f"{name}.npy") for name in READING_FILES}

    @property
    def arrays(self) -> dict[str, np.ndarray]:
        """The arrays by file name (read-only, memory-mapped)."""
        return self._a

    def lengths(self) -> dict[str, int]:
        """Rows per file, for the consistency check on open."""
        return {name: len(array) for name, array in self._a.items()}

    def gather(self, at: np.ndarray, figure_ptr: np.ndarray, figure_rows: np.ndarray) -> ReadingBatch:
        """The readings of sentences `at`, in order; their figures' readings are gathered by the caller
        with the figures themselves (figures.npy's offsets)."""
        a = self._a
        cap_ptr, caps = gather_rows(a["capital_indptr"], [a["capitals"]], at)
        cop_ptr, cops = gather_rows(a["copula_indptr"], [a["copulas"]], at)
        word_ptr, stems, marks = gather_rows(a["word_indptr"], [a["word_stems"], a["word_marks"]], at)
        return ReadingBatch(a["sentence_flags"][at], cap_ptr, caps, cop_ptr, cops, word_ptr, stems, marks,
                            figure_ptr, figure_rows)  # fmt: skip
