"""Plain .npy files written a chunk at a time, so a build never holds a whole array in memory."""

from __future__ import annotations

import struct
from pathlib import Path
from types import TracebackType

import numpy as np

_MAGIC = b"\x93NUMPY\x01\x00"  # format 1.0: a little-endian uint16 header length follows
_MAX_ROWS = 10**18  # the header keeps room for a row count this long


def _header(dtype: np.dtype, rows: int, size: int | None = None) -> bytes:
    """A .npy 1.0 header for a 1-D array, space-padded to `size` bytes (or to a multiple of 64)."""
    descr = np.lib.format.dtype_to_descr(dtype)
    text = f"{{'descr': {descr!r}, 'fortran_order': False, 'shape': ({rows},), }}"
    if size is None:
        size = -(-(len(_MAGIC) + 2 + len(text) + 1) // 64) * 64
    body = text.ljust(size - len(_MAGIC) - 2 - 1) + "\n"
    return _MAGIC + struct.pack("<H", len(body)) + body.encode("latin1")


class NpyWriter:
    """Appends 1-D chunks to a new .npy file; the row count in its header is set on close."""

    def __init__(self, path: Path, dtype: np.dtype | type | str) -> None:
        """Create the file with room for the header."""
        self.path = Path(path)
        self.dtype = np.dtype(dtype)
        self.rows = 0
        self._size = len(_header(self.dtype, _MAX_ROWS))
        self._fh = self.path.open("wb")
        self._fh.write(_header(self.dtype, 0, self._size))

    def append(self, chunk: np.ndarray) -> None:
        """Write a chunk of rows at the end (converted to the file's dtype)."""
        data = np.ascontiguousarray(chunk, self.dtype).reshape(-1)
        self._fh.write(data.view(np.uint8).data)
        self.rows += len(data)

    def close(self) -> None:
        """Write the final row count into the header and close the file."""
        if self._fh.closed:
            return
        self._fh.seek(0)
        self._fh.write(_header(self.dtype, self.rows, self._size))
        self._fh.close()

    def __enter__(self) -> NpyWriter:
        """Use as a context manager: closed (header written) on exit."""
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Close the file."""
        self.close()


def save_npy(path: Path, array: np.ndarray) -> None:
    """np.save without pickles."""
    np.save(path, np.ascontiguousarray(array), allow_pickle=False)


def load_npy(path: Path, mmap: bool = True) -> np.ndarray:
    """A .npy file memory-mapped read-only (or read whole when empty or when mmap is False)."""
    if not mmap:
        return np.load(path, allow_pickle=False)
    try:
        return np.load(path, mmap_mode="r", allow_pickle=False).view(np.ndarray)
    except ValueError:
        if path.stat().st_size > 1 << 16:
            raise
        return np.load(path, allow_pickle=False)  # an empty array cannot be mapped
