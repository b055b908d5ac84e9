"""Fit and check halves of a dataset, split by article or story so no text is on both sides."""

from __future__ import annotations

import hashlib
from typing import Literal

Half = Literal["fit", "check"]


def half_of(key: str) -> Half:
    """The half an article or story belongs to: a stable hash of its key, about half each way."""
    digest = hashlib.sha1(key.encode("utf-8")).digest()
    return "fit" if digest[0] % 2 == 0 else "check"


def fold_of(key: str, folds: int) -> int:
    """The cross-validation fold of an article or story: a stable hash of its key."""
    return int.from_bytes(hashlib.sha1(f"fold:{key}".encode()).digest()[:4], "big") % folds
