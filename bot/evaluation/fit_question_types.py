"""Refitting the question-type classifier (bot/answer/question_types.npz) on TREC's train_5500.label.

Run, with the file's full path (and WordNet 3.0 in /usr/share/wordnet, `apt-get install wordnet-base`;
without it the lexicon is left out):
`python -m bot.evaluation.fit_question_types train_5500.label`
A linear SVM (one class against the rest, squared hinge, C 0.3; `type_fitting`) over question_features'
features, the rules' type among them; its classes are factbot's types, 'other' split by TREC's coarse
class. At answer time the best class wins, except that a figure type the rules read stands against a
model's 'other' that leads it by less than RULE_MARGIN. `--cv K` prints the cross-validation that chose
these (question_types_cv). Only the training file is read; `factbot eval TREC_10.label` scores the result.
"""

from __future__ import annotations

import argparse
import gzip
import zipfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from bot.answer import LEXICON_FILE, TYPE_WEIGHTS_FILE, known_tokens
from bot.evaluation.question_types_cv import cross_validate, format_table
from bot.evaluation.trecqc import load_label_file
from bot.evaluation.type_fitting import RULE_MARGIN, C, Fitted, fit
from bot.evaluation.wordnet import NOTICE, read_lexicon


def write_npz(path: Path, **arrays: np.ndarray) -> None:
    """np.savez_compressed, but with fixed timestamps: a refit writes the same bytes."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, array in arrays.items():
            entry = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(entry, "w", force_zip64=True) as out:
                np.lib.format.write_array(out, np.asanyarray(array), allow_pickle=False)


def save(
    fitted: Fitted,
    known: frozenset[str],
    lexicon: dict[str, str],
    meta: dict[str, str],
    folder: Path = TYPE_WEIGHTS_FILE.parent,
) -> int:
    """Write the weights (plain arrays, float16 weights) and the lexicon; the number of features kept."""
    vocab, w, b, classes = fitted
    keep = np.abs(w).max(axis=1) > 1e-4
    weights_file, lexicon_file = folder / TYPE_WEIGHTS_FILE.name, folder / LEXICON_FILE.name
    write_npz(
        weights_file, vocab=np.array(vocab)[keep], W=w[keep].astype(np.float16), b=b.astype(np.float32),
        classes=np.array(classes), known=np.array(sorted(known)),
        meta=np.array([f"{k}={v}" for k, v in sorted(meta.items())]),
    )  # fmt: skip
    if lexicon:
        lines = [f"# {NOTICE}"] + [f"{word}\t{tags}" for word, tags in sorted(lexicon.items())]
        with gzip.GzipFile(lexicon_file, "wb", mtime=0) as handle:  # mtime 0: the same bytes every refit
            handle.write(("\n".join(lines) + "\n").encode("utf-8"))
    else:
        lexicon_file.unlink(missing_ok=True)
    return int(keep.sum())


def main(argv: Sequence[str] | None = None) -> int:
    """Fit on the training file; write the weights and the lexicon beside bot/answer/question_types.py."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("train", type=Path)
    parser.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    parser.add_argument("--C", type=float, default=C, dest="c")
    parser.add_argument("--model", choices=("svm", "lr"), default="svm", help="lr: for comparison only")
    parser.add_argument("--cv", type=int, default=0, help="only cross-validate on the training file, K folds")
    parser.add_argument("--seeds", type=int, default=3, help="cross-validation: fold assignments averaged")
    args = parser.parse_args(argv)
    data = load_label_file(args.train)
    lexicon = read_lexicon(args.wordnet) if (args.wordnet / "data.noun").is_file() else {}
    if args.cv:
        print(format_table(cross_validate(data, lexicon, args.cv, args.seeds, args.model, args.c)))
        return 0
    known = known_tokens([q.question for q in data])
    fitted = fit(data, known, lexicon, args.model, args.c)
    svm = args.model == "svm"
    meta = {"decision": "margin" if svm else "probability", "rule_margin": str(RULE_MARGIN if svm else 0.0)}
    kept = save(fitted, known, lexicon, {**meta, "C": str(args.c), "model": args.model})
    print(f"wrote {TYPE_WEIGHTS_FILE}: {kept} features x {len(fitted[3])} classes")
    print(f"lexicon: {len(lexicon)} nouns")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
