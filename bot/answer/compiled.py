"""The answer layer's compiled loops (kernels.py), loaded in a background thread on first use.

Until they are loaded (numba's import and cache load take a few hundred ms; a first compile, seconds)
or when numba is unusable, lexical.py's numpy code answers, with the same arrays.
"""

from __future__ import annotations

import logging
import threading
from types import ModuleType

import numpy as np

log = logging.getLogger(__name__)

_lock = threading.Lock()
_state: dict[str, object] = {"kernels": None, "thread": None, "enabled": True}


def kernels() -> ModuleType | None:
    """The loaded kernels module, or None while it loads (the first call starts loading it)."""
    loaded = _state["kernels"]
    if loaded is None and _state["enabled"]:
        _start()
    return loaded if _state["enabled"] else None  # type: ignore[return-value]


def ready(timeout: float | None = None) -> bool:
    """Start loading the kernels if needed and wait up to `timeout` s; whether they are in use."""
    _start()
    thread = _state["thread"]
    if isinstance(thread, threading.Thread):
        thread.join(timeout)
    return kernels() is not None


def use_compiled(enabled: bool) -> None:
    """Use the kernels when loaded (True, the default) or always the numpy code (False: tests)."""
    _state["enabled"] = enabled


def _start() -> None:
    """Start the loading thread once."""
    with _lock:
        if _state["thread"] is None:
            thread = threading.Thread(target=_load, name="answer-kernels", daemon=True)
            _state["thread"] = thread
            thread.start()


def _load() -> None:
    """Import the kernels and run each once, so numba loads (or compiles) them before they are used."""
    try:
        from bot.answer import kernels as module

        ptr, flat, ids = np.array([0, 2], np.int64), np.array([3, 4], np.int64), np.array([3, -1], np.int64)
        _, column = module.term_columns(ptr, flat, ids)
        module.sentence_counts(ptr, flat, column, 1, np.zeros((1, 2), np.int64))
        one, bits = np.zeros(1, np.int64), np.array([1, 2, 4], np.int64)
        module.figure_words(ptr, flat, np.zeros(2, np.uint8), one, one, one, flat, flat, flat, bits)
    except Exception as exc:  # no numba, or no writable cache dir: numpy serves every answer
        log.warning("answer kernels unavailable, using numpy (slower, same results): %s", exc)
        return
    _state["kernels"] = module
