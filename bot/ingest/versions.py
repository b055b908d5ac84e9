"""What an index records about the figure extractor that made its precomputed figures.

An index stores every sentence's figures as `extract_figures` returned them at build time. Any change to
the extractor (its code, its patterns, or the Figure model) changes `extractor_settings()`, and an index
built with another one is rebuilt rather than answering with stale figures.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from bot.models import Figure

# Bump to force a rebuild by hand; edits to the files below already change the fingerprint.
FIGURES_VERSION = 1
# reading: the stored sentence readings; figure_context: the counted nouns and joined ranges
_SOURCES = ("figures.py", "figure_patterns.py", "figure_context.py", "reading.py")


@lru_cache(maxsize=1)
def extractor_settings() -> dict[str, object]:
    """The figures version and a fingerprint of the extractor's code and of the Figure model."""
    digest = hashlib.blake2b(digest_size=12)
    for name in _SOURCES:
        digest.update(Path(__file__).with_name(name).read_bytes())
    digest.update(json.dumps(Figure.model_json_schema(), sort_keys=True).encode())
    return {"version": FIGURES_VERSION, "fingerprint": digest.hexdigest()}  # callers must not mutate it
