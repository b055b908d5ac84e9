"""What every answer would recompute, computed once at index time: tokens, figures and article data.

Plain `.npy` files in the generation's `precomputed/` folder, memory-mapped when opened:

- `token_indptr.npy` (int64, sentences + 1) and `token_ids.npy` (int32, one per token): each sentence's
  `tokenize()` output as ids into the engine's sorted vocabulary (written by `EngineBuilder.write`).
- `figure_indptr.npy` (int64, sentences + 1) and `figures.npy` (a structured array, one row per figure):
  each sentence's `extract_figures()` output. The columns follow the fields of `Figure`: a string is an
  int32 id into the string table (-1 for None), a float is float64 (NaN for None), the kind an int8 index
  into `AnswerType` (-1 for None), a span two int32 columns `<name>_start` / `<name>_end`, a nested
  Figure (a bracketed conversion) the id of its JSON in the string table.
- `strings.npy` (uint8, UTF-8 bytes) and `string_offsets.npy` (int64): the string table.
- `sentence_article.npy` (int32), `article_first.npy` (int64, articles + 1, first sentence of each),
  `article_date.npy` (datetime64[D], NaT when unknown).
- each sentence's reading (bot/search/readings.py: capitalised words, copulas, words with clauses,
  what stands around each figure).
- `meta.json`: the columns, the kinds, the counts and the figure extractor's version.
"""

from __future__ import annotations

import json
import math
import re
import types
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.models import AnswerType, Figure, Span
from bot.search.npyio import NpyWriter, load_npy
from bot.search.readings import ReadingBatch, Readings, ReadingsWriter, gather_rows

META = "meta.json"
KINDS = list(AnswerType)
_INTERN_MAX = 1 << 20  # distinct strings remembered for sharing; past that the table is started afresh
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NO_INT = -(2**63)  # an int field's None
# A nested Figure (a bracketed conversion, rare) is kept as its JSON in the string table.
_TYPES = {str: "str", float: "float", int: "int", AnswerType: "kind", Span: "span", Figure: "figure"}
_ARRAYS = ("token_indptr", "token_ids", "figure_indptr", "figures", "strings", "string_offsets")
_ARRAYS += ("sentence_article", "article_first", "article_date")


@dataclass(frozen=True)
class Gathered:
    """What the index stores about some sentences, as flat arrays: token ids and figure rows (each with
    offsets, length + 1), their readings and their articles."""

    token_ptr: np.ndarray
    token_ids: np.ndarray
    figure_ptr: np.ndarray
    figure_rows: np.ndarray  # rows of figures.npy (`kind` indexes KINDS; decode_figures makes Figures)
    readings: ReadingBatch
    articles: np.ndarray


class CorruptPrecomputed(Exception):
    """The precomputed arrays are missing, truncated or of another layout."""


def figure_codecs() -> list[tuple[str, str]]:
    """(field, codec) for every field of Figure, in order: how each is stored."""
    out = []
    for name, field in Figure.model_fields.items():
        ann = field.annotation
        union = typing.get_origin(ann) in (typing.Union, types.UnionType)
        base = [a for a in (typing.get_args(ann) if union else (ann,)) if a is not type(None)]
        codec = _TYPES.get(base[0]) if len(base) == 1 else None
        if codec is None:
            raise TypeError(f"Figure.{name} ({ann}) has no precomputed column; add one in precompute.py")
        out.append((name, codec))
    return out


def figure_dtype(codecs: Sequence[tuple[str, str]]) -> np.dtype:
    """The structured dtype of figures.npy for these codecs."""
    kinds = {"str": "<i4", "figure": "<i4", "float": "<f8", "int": "<i8", "kind": "i1"}
    columns: list[tuple[str, str]] = []
    for name, codec in codecs:
        if codec == "span":
            columns += [(f"{name}_start", "<i4"), (f"{name}_end", "<i4")]
        else:
            columns.append((name, kinds[codec]))
    return np.dtype(columns)


def encode_figures(figures: Sequence[Figure]) -> list[tuple]:
    """Figures as plain tuples (strings kept as str), cheap to send from a worker process."""
    codecs = _CODECS
    rows = []
    for figure in figures:
        row: list[object] = []
        for name, codec in codecs:
            value = getattr(figure, name)
            if codec == "span":
                row += [-1, -1] if value is None else [value.start, value.end]
            elif codec == "kind":
                row.append(-1 if value is None else KINDS.index(value))
            elif codec == "figure":
                row.append(None if value is None else value.model_dump_json())
            elif codec == "int" and value is None:
                row.append(_NO_INT)
            elif codec == "float" and value is None:
                row.append(math.nan)
            else:
                row.append(value)
        rows.append(tuple(row))
    return rows


_CODECS = figure_codecs()


class PrecomputeWriter:
    """Writes figures, the string table and the article arrays as articles arrive."""

    def __init__(self, folder: Path) -> None:
        """Create the files in `folder` (the token CSR is written there by EngineBuilder.write)."""
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self._dtype = figure_dtype(_CODECS)
        self._strings_at = [i for i, (_, c) in enumerate(self._columns()) if c in ("str", "figure")]
        self._out = {
            "figures": NpyWriter(folder / "figures.npy", self._dtype),
            "figure_indptr": NpyWriter(folder / "figure_indptr.npy", np.int64),
            "strings": NpyWriter(folder / "strings.npy", np.uint8),
            "string_offsets": NpyWriter(folder / "string_offsets.npy", np.int64),
            "sentence_article": NpyWriter(folder / "sentence_article.npy", np.int32),
            "article_first": NpyWriter(folder / "article_first.npy", np.int64),
            "article_date": NpyWriter(folder / "article_date.npy", "datetime64[D]"),
        }
        self._out["figure_indptr"].append(np.zeros(1, np.int64))
        self._out["string_offsets"].append(np.zeros(1, np.int64))
        self._ids: dict[str, int] = {}
        self._n_strings = self._string_bytes = self.figures = self.sentences = self.articles = 0
        self._readings = ReadingsWriter(folder)

    def _columns(self) -> list[tuple[str, str]]:
        """One (name, codec) per tuple position of an encoded figure."""
        return [col for n, c in _CODECS for col in [(n, c)] * (2 if c == "span" else 1)]

    def add_article(
        self, date: str | None, figures: Sequence[Sequence[tuple]], readings: dict[str, np.ndarray]
    ) -> None:
        """One article: its date and, for each of its sentences, the encoded figures and reading."""
        n = len(figures)
        self._readings.add(readings)
        self._out["article_first"].append(np.array([self.sentences], np.int64))
        found = _DATE.match(date or "")
        self._out["article_date"].append(np.array([found[0] if found else "NaT"], "datetime64[D]"))
        self._out["sentence_article"].append(np.full(n, self.articles, np.int32))
        rows = [self._interned(row) for sentence in figures for row in sentence]
        if rows:
            self._out["figures"].append(np.array(rows, self._dtype))
        self.figures += len(rows)
        ends = self.figures - len(rows) + np.cumsum([len(sentence) for sentence in figures], dtype=np.int64)
        self._out["figure_indptr"].append(ends)
        self.sentences += n
        self.articles += 1

    def _interned(self, row: tuple) -> tuple:
        """The row with each string replaced by its id in the string table (-1 for None)."""
        values = list(row)
        for i in self._strings_at:
            if values[i] is not None:
                values[i] = self._string_id(values[i])
            else:
                values[i] = -1
        return tuple(values)

    def _string_id(self, text: str) -> int:
        """The id of a string in the table, appending it when new."""
        sid = self._ids.get(text)
        if sid is None:
            if len(self._ids) >= _INTERN_MAX:
                self._ids = {}
            data = np.frombuffer(text.encode("utf-8"), np.uint8)
            self._out["strings"].append(data)
            self._string_bytes += len(data)
            self._out["string_offsets"].append(np.array([self._string_bytes], np.int64))
            sid = self._ids[text] = self._n_strings
            self._n_strings += 1
        return sid

    def close(self, extractor: dict[str, object]) -> dict[str, object]:
        """Finish every file and write meta.json; return it for the manifest."""
        self._out["article_first"].append(np.array([self.sentences], np.int64))
        for out in self._out.values():
            out.close()
        readings = self._readings.close()
        meta = {
            "columns": [list(c) for c in _CODECS],
            "kinds": [str(k) for k in KINDS],
            "extractor": extractor,
            "sentences": self.sentences,
            "articles": self.articles,
            "figures": self.figures,
            "strings": self._n_strings,
            **readings,
        }
        (self.folder / META).write_text(json.dumps(meta, indent=2), encoding="utf-8")
        return meta


class Precomputed:
    """The precomputed arrays of one generation, memory-mapped; gathers rows for candidate sentences."""

    def __init__(self, folder: Path) -> None:
        """Open the folder; raise CorruptPrecomputed if a file is missing or the layout is another."""
        try:
            self.meta = json.loads((folder / META).read_text(encoding="utf-8"))
            self._a = {name: load_npy(folder / f"{name}.npy") for name in _ARRAYS}
            self._readings = Readings(folder)
        except (OSError, ValueError) as exc:
            raise CorruptPrecomputed(f"cannot read the precomputed arrays in {folder}: {exc}") from exc
        if [tuple(c) for c in self.meta.get("columns", [])] != _CODECS:
            raise CorruptPrecomputed(f"{folder}: figures stored with other columns than Figure has now")
        self._check(folder)
        self._strings: dict[int, str] = {}
        self._decode = _decoder(self.string, self._strings)
        self._fields = frozenset(name for name, _ in _CODECS)
        self._vocab: np.ndarray | None = None

    def _check(self, folder: Path) -> None:
        """Raise CorruptPrecomputed unless the array lengths agree with meta.json and with each other."""
        m, n = self.meta, self.meta["sentences"]
        shapes = {name: len(array) for name, array in self._a.items()} | self._readings.lengths()
        expected = {
            "sentence_article": n,
            "sentence_flags": n,
            "figures": m["figures"],
            "figure_readings": m["figures"],
            "string_offsets": m["strings"] + 1,
            "article_first": m["articles"] + 1,
            "article_date": m["articles"],
        }
        expected |= {f"{k}_indptr": n + 1 for k in ("token", "figure", "capital", "copula", "word")}
        expected |= {"word_stems": m.get("words", -1), "word_marks": m.get("words", -1)}
        wrong = [name for name, count in expected.items() if shapes[name] != count]
        if not wrong:
            ends = {"token_ids": "token_indptr", "capitals": "capital_indptr", "copulas": "copula_indptr"}
            arrays = self._a | self._readings.arrays
            wrong = [name for name, ptr in ends.items() if shapes[name] != arrays[ptr][-1]]
        if wrong:
            raise CorruptPrecomputed(f"{folder}: {', '.join(wrong)} do not match meta.json")

    @property
    def n_sentences(self) -> int:
        """Sentences covered."""
        return int(self.meta["sentences"])

    def string(self, sid: int) -> str:
        """One string of the table (decoded once, then remembered)."""
        text = self._strings.get(sid)
        if text is None:
            off = self._a["string_offsets"]
            text = bytes(self._a["strings"][off[sid] : off[sid + 1]]).decode("utf-8")
            if len(self._strings) > 100_000:
                self._strings.clear()
            self._strings[sid] = text
        return text

    def _rows(self, indptr: str, data: str, ids: Sequence[int]) -> tuple[np.ndarray, list[int]]:
        """The rows of `data` for each id, concatenated, and the count per id."""
        ptr, values = self._a[indptr], self._a[data]
        at = np.asarray(ids, np.int64)
        lo, hi = ptr[at], ptr[at + 1]
        counts = (hi - lo).tolist()
        where = np.repeat(lo - np.concatenate([[0], np.cumsum(hi - lo)[:-1]]), hi - lo)
        return values[where + np.arange(len(where))], counts

    def token_ids(self, ids: Sequence[int]) -> list[list[int]]:
        """Each sentence's token ids (into the engine vocabulary), in order."""
        flat, counts = self._rows("token_indptr", "token_ids", ids)
        return _split(flat.tolist(), counts)

    def tokens(self, ids: Sequence[int], vocab: Sequence[str]) -> list[list[str]]:
        """Each sentence's search tokens: what tokenize() gives for its text."""
        if self._vocab is None or len(self._vocab) != len(vocab):
            self._vocab = np.array(vocab, dtype=object)  # one vectorised lookup per call
        flat, counts = self._rows("token_indptr", "token_ids", ids)
        return _split(self._vocab[flat].tolist(), counts)

    def figures(self, ids: Sequence[int]) -> list[list[Figure]]:
        """Each sentence's figures: what extract_figures() gives for its text."""
        rows, counts = self._rows("figure_indptr", "figures", ids)
        return _split(self.decode_figures(rows), counts)

    def candidates(self, ids: Sequence[int] | np.ndarray) -> Gathered:
        """Everything stored about the given sentences, gathered in order as flat arrays."""
        at = np.asarray(ids, np.int64)
        a = self._a
        token_ptr, token_ids = gather_rows(a["token_indptr"], [a["token_ids"]], at)
        figure_ptr, figures, readings = gather_rows(
            a["figure_indptr"], [a["figures"], self._readings.arrays["figure_readings"]], at
        )
        batch = self._readings.gather(at, figure_ptr, readings)
        return Gathered(token_ptr, token_ids, figure_ptr, figures, batch, a["sentence_article"][at])

    def token_csr(self, ids: Sequence[int] | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The sentences' token ids concatenated, and the offsets (length + 1) of each sentence's."""
        return gather_rows(self._a["token_indptr"], [self._a["token_ids"]], np.asarray(ids, np.int64))

    def decode_figures(self, rows: np.ndarray) -> list[Figure]:
        """Figures from rows of figures.npy."""
        decode, make, names = self._decode, _model, self._fields
        return [make(Figure, decode(row), names) for row in rows.tolist()]

    def readings(self, ids: Sequence[int]) -> ReadingBatch:
        """Each sentence's reading, as read_sentence() gives it for its text and figures."""
        return self.candidates(ids).readings

    def articles(self, ids: Sequence[int]) -> np.ndarray:
        """The article number of each sentence."""
        return self._a["sentence_article"][np.asarray(ids, np.int64)]

    def article_first(self, articles: Sequence[int]) -> np.ndarray:
        """The first sentence id of each article (and, at articles + 1, the end of it)."""
        return self._a["article_first"][np.asarray(articles, np.int64)]

    def article_dates(self, articles: Sequence[int]) -> np.ndarray:
        """Each article's date (datetime64[D], NaT when unknown)."""
        return self._a["article_date"][np.asarray(articles, np.int64)]


def _split(flat: list, counts: list[int]) -> list[list]:
    """A flat list cut into consecutive pieces of the given sizes."""
    out, at = [], 0
    for n in counts:
        out.append(flat[at : at + n])
        at += n
    return out


def _decoder(string: Callable[[int], str], cache: dict[int, str]) -> Callable[[tuple], dict]:
    """A function from a figures.npy row (as a tuple) to the Figure's field values.

    Generated once from the columns, as dataclasses and namedtuple generate their methods: one dict
    display per row instead of a loop over the fields (a few µs a figure otherwise).
    """
    items, at = [], 0
    for name, codec in _CODECS:
        r = f"r[{at}]"
        items.append(f"{name!r}: " + {
            "span": f"model(Span, {{'start': {r}, 'end': r[{at + 1}]}}, SPAN)",
            "str": f"None if {r} < 0 else (cache.get({r}) or string({r}))",
            "figure": f"None if {r} < 0 else nested(string({r}))",
            "kind": f"None if {r} < 0 else KINDS[{r}]",
            "float": f"None if {r} != {r} else {r}",  # NaN is None
            "int": f"None if {r} == NO_INT else {r}",
        }[codec])  # fmt: skip
        at += 2 if codec == "span" else 1
    scope = {"model": _model, "Span": Span, "SPAN": _SPAN_FIELDS, "KINDS": KINDS, "NO_INT": _NO_INT}
    scope |= {"string": string, "cache": cache, "nested": Figure.model_validate_json}
    exec("def decode(r):\n    return {" + ", ".join(items) + "}", scope)
    return scope["decode"]


_SPAN_FIELDS = frozenset(Span.model_fields)


def _model(cls: type, values: dict, fields: frozenset[str]) -> typing.Any:
    """An instance of a frozen factbot model from values already valid, without validating them.

    What pydantic's model_construct does for a model without defaults left unset, extras or private
    attributes, in a quarter of the time (the tests compare the results with extract_figures' own).
    """
    model = cls.__new__(cls)
    object.__setattr__(model, "__dict__", values)
    object.__setattr__(model, "__pydantic_fields_set__", set(fields))
    object.__setattr__(model, "__pydantic_extra__", None)
    object.__setattr__(model, "__pydantic_private__", None)
    return model
