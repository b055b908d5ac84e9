"""Corpus bytes as text: UTF-8 (with or without a BOM), UTF-16/32 with a BOM, else Windows-1252.

- **UTF-8 first.** Valid UTF-8 is read as UTF-8; a leading BOM is dropped.
- **A UTF-16 or UTF-32 BOM** (Notepad's "Unicode", Windows PowerShell's `>`) says the encoding outright.
- **Windows-1252 otherwise.** News archives that are not UTF-8 are nearly always Windows-1252 or Latin-1, and
  Windows-1252 reads Latin-1 text the same for every printable byte. Its five undefined bytes (0x81, 0x8D,
  0x8F, 0x90, 0x9D) become the C1 control characters of the same number, as the WHATWG Encoding Standard
  (every browser) decodes them: nothing is lost, and they count as control characters below. A fixed rule,
  not a guess: charset-normalizer was weighed and left out, because on short English articles with one `£`
  or `’` its pick varies with the text (cp1250, mac_roman, ...), and a wrong pick garbles silently.
- **Binary is refused** (`NotText`): text that holds a NUL, or in which more than 5% of the characters are
  control characters (C0 but tab, newline, form feed and carriage return; DEL; C1). Real text has almost
  none; random bytes read as Windows-1252 have about 13%.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from bot.errors import FactbotError

UTF8, UTF16, UTF32, WINDOWS_1252 = "UTF-8", "UTF-16", "UTF-32", "Windows-1252"
MAX_CONTROL_SHARE = 0.05
UNDEFINED_IN_WINDOWS_1252 = frozenset({0x81, 0x8D, 0x8F, 0x90, 0x9D})

# Longest first: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", UTF32),
    (codecs.BOM_UTF32_BE, "utf-32-be", UTF32),
    (codecs.BOM_UTF8, "utf-8", UTF8),
    (codecs.BOM_UTF16_LE, "utf-16-le", UTF16),
    (codecs.BOM_UTF16_BE, "utf-16-be", UTF16),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# Latin-1 maps every byte to the code point of the same number; Windows-1252 differs only in 0x80-0x9F.
_WINDOWS_1252_HIGH = str.maketrans(
    {
        chr(byte): bytes([byte]).decode("cp1252")
        for byte in range(0x80, 0xA0)
        if byte not in UNDEFINED_IN_WINDOWS_1252
    }
)


class NotText(FactbotError):
    """Bytes that are binary, or that the encoding their BOM names cannot decode."""


@dataclass(frozen=True)
class Decoded:
    """Text and the encoding it was read in; `first_bad` is the first non-UTF-8 byte when it fell back."""

    text: str
    encoding: str
    first_bad: int | None = None


def decode_windows_1252(data: bytes) -> str:
    """Bytes as Windows-1252; the five undefined bytes as the C1 controls of the same number (WHATWG)."""
    return data.decode("latin-1").translate(_WINDOWS_1252_HIGH)


def check_text(text: str) -> None:
    """Raise NotText when `text` looks binary: a NUL, or more than 5% control characters."""
    if "\x00" in text:
        raise NotText("binary, not text: it holds NUL bytes")
    if not _CONTROL.search(text):
        return
    share = sum(1 for _ in _CONTROL.finditer(text)) / len(text)
    if share > MAX_CONTROL_SHARE:
        raise NotText(f"binary, not text: {share:.0%} of its characters are control characters")


def decode_text(data: bytes) -> Decoded:
    """A whole file's bytes as text (raises NotText for binary data or a BOM its bytes contradict)."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                decoded = Decoded(data[len(bom) :].decode(codec), name)
            except UnicodeDecodeError as exc:
                raise NotText(f"not valid {name} after its BOM (byte {exc.start + len(bom)})") from exc
            break
    else:
        decoded = decode_line(data)
    check_text(decoded.text)
    return decoded


def decode_line(data: bytes) -> Decoded:
    """Bytes without a BOM as UTF-8, or as Windows-1252 when they are not UTF-8 (never raises)."""
    try:
        return Decoded(data.decode("utf-8"), UTF8)
    except UnicodeDecodeError as exc:
        return Decoded(decode_windows_1252(data), WINDOWS_1252, first_bad=exc.start)


def decode_lines(handle: BinaryIO) -> Iterator[tuple[int, Decoded | NotText]]:
    """The numbered lines of a seekable binary file (JSONL), each decoded on its own, or why it is not text.

    A file whose first line is not text is not a JSONL file: that raises NotText before any line.
    """
    head = handle.read(4)
    handle.seek(0)
    wide = next((name for bom, _, name in _BOMS if name != UTF8 and head.startswith(bom)), None)
    if wide is not None:
        lines: Iterator[tuple[int, Decoded | NotText]] = _wide_lines(handle, wide)
    else:
        lines = (
            (n, decode_line(raw.removeprefix(codecs.BOM_UTF8) if n == 1 else raw))
            for n, raw in enumerate(handle, start=1)
        )
    for number, line in lines:
        if isinstance(line, Decoded):
            try:
                check_text(line.text)
            except NotText as exc:
                line = exc
        if number == 1 and isinstance(line, NotText):
            raise line
        yield number, line


def _wide_lines(handle: BinaryIO, name: str) -> Iterator[tuple[int, Decoded | NotText]]:
    """The lines of a UTF-16/32 file with a BOM; a decoding error ends the file at that line."""
    stream = io.TextIOWrapper(handle, encoding=name.lower(), newline="")
    number = 0
    try:
        for number, text in enumerate(stream, start=1):
            yield number, Decoded(text, name)
    except UnicodeDecodeError as exc:
        yield number + 1, NotText(f"not valid {name} after its BOM: {exc.reason}")
    finally:
        stream.detach()
