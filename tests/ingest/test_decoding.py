"""Corpus bytes as text, with real bytes: UTF-8 with and without a BOM, Windows-1252 (its undefined bytes
included), Latin-1, UTF-16/32 with a BOM, binary junk, and JSONL files whose lines differ."""

from __future__ import annotations

import io
import random

import pytest

from bot.ingest.decoding import (
    UNDEFINED_IN_WINDOWS_1252,
    UTF8,
    UTF16,
    UTF32,
    WINDOWS_1252,
    Decoded,
    NotText,
    check_text,
    decode_lines,
    decode_text,
    decode_windows_1252,
)

# "The deal was worth £700 million, “a record”, said the minister’s office." as Windows-1252 writes it.
CP1252 = b"The deal was worth \xa3700 million, \x93a record\x94, said the minister\x92s office."
CP1252_TEXT = "The deal was worth £700 million, “a record”, said the minister’s office."


def test_utf8_is_read_as_utf8_with_or_without_a_bom() -> None:
    text = "Exports reached £7.4 million — “a record”."
    assert decode_text(text.encode()) == Decoded(text, UTF8)
    assert decode_text(b"\xef\xbb\xbf" + text.encode()) == Decoded(text, UTF8)


def test_windows_1252_pound_sign_and_curly_quotes() -> None:
    decoded = decode_text(CP1252)
    assert (decoded.text, decoded.encoding) == (CP1252_TEXT, WINDOWS_1252)
    assert decoded.first_bad == CP1252.index(b"\xa3")


def test_latin1_text_reads_the_same_as_windows_1252() -> None:
    latin1 = "Caf\u00e9 na\u00efve S\u00e3o Paulo: 50\u00a0% \u00bd \u00a9 \u00b0C".encode("latin-1")
    assert decode_text(latin1).text == latin1.decode("latin-1")


def test_every_defined_windows_1252_byte_matches_pythons_codec() -> None:
    defined = bytes(b for b in range(0x80, 0x100) if b not in UNDEFINED_IN_WINDOWS_1252)
    assert decode_windows_1252(defined) == defined.decode("cp1252")
    assert decode_windows_1252(b"\x80\x85\x96\x99") == "€…–™"


def test_the_five_undefined_bytes_become_the_c1_controls_of_the_same_number() -> None:
    undefined = b"\x81\x8d\x8f\x90\x9d"
    assert set(undefined) == UNDEFINED_IN_WINDOWS_1252
    with pytest.raises(UnicodeDecodeError):
        undefined.decode("cp1252")  # Python's codec refuses them; WHATWG (browsers) maps them like Latin-1
    assert decode_windows_1252(undefined) == "\x81\x8d\x8f\x90\x9d"
    one_stray = decode_text(CP1252 + b" Ref\x81.")
    assert one_stray.text == CP1252_TEXT + " Ref\x81." and one_stray.encoding == WINDOWS_1252
    with pytest.raises(NotText, match="control characters"):
        decode_text(b"ab" + undefined * 4)


@pytest.mark.parametrize(("codec", "name"), [("utf-16", UTF16), ("utf-16-be", UTF16), ("utf-32", UTF32)])
def test_utf16_and_utf32_with_a_bom(codec: str, name: str) -> None:
    text = "Exports reached £7.4 million, “a record”."
    data = ("\ufeff" + text).encode(codec) if codec.endswith("be") else text.encode(codec)
    assert data[:2] in (b"\xff\xfe", b"\xfe\xff")
    assert decode_text(data) == Decoded(text, name)


def test_a_bom_its_bytes_contradict_is_not_text() -> None:
    with pytest.raises(NotText, match="not valid UTF-16 after its BOM"):
        decode_text(b"\xff\xfe" + "odd".encode("utf-16-le") + b"\x00\xdc")  # a lone low surrogate


def test_binary_junk_is_not_text() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"
    with pytest.raises(NotText, match="NUL"):
        decode_text(png)
    junk = bytes(b for b in random.Random(11).randbytes(4096) if b)  # no NUL: caught by the control share
    with pytest.raises(NotText, match="control characters"):
        decode_text(junk)


def test_a_few_control_characters_do_not_make_text_binary() -> None:
    text = "Page one.\fPage two\ttabbed.\r\nOld DOS end of file:\x1a"
    check_text(text)
    check_text("x" * 95 + "\x07" * 5)
    with pytest.raises(NotText, match="6% of its characters"):
        check_text("x" * 94 + "\x07" * 6)


def test_jsonl_lines_are_decoded_one_by_one() -> None:
    data = (
        b'\xef\xbb\xbf{"text": "UTF-8 with a BOM: \xc2\xa3700"}\n'
        b'{"text": "Windows-1252: \xa3700 \x93quoted\x94"}\n'
        b'{"text": "a NUL \x00 here"}\n'
        b'{"text": "UTF-8 again: \xe2\x80\x9cquoted\xe2\x80\x9d"}\n'
    )
    lines = list(decode_lines(io.BytesIO(data)))
    assert [n for n, _ in lines] == [1, 2, 3, 4]
    kinds = [line.encoding if isinstance(line, Decoded) else type(line).__name__ for _, line in lines]
    assert kinds == [UTF8, WINDOWS_1252, "NotText", UTF8]
    assert lines[0][1].text.startswith('{"text": "UTF-8 with a BOM: £700"}')
    assert "£700 “quoted”" in lines[1][1].text and lines[1][1].first_bad == data.split(b"\n")[1].index(
        b"\xa3"
    )


def test_a_jsonl_file_whose_first_line_is_binary_is_not_text() -> None:
    with pytest.raises(NotText, match="NUL"):
        list(decode_lines(io.BytesIO(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\n{}\n")))  # gzip


def test_utf16_jsonl_lines() -> None:
    text = '{"text": "one £1"}\r\n{"text": "two “2”"}\r\n'
    lines = list(decode_lines(io.BytesIO(text.encode("utf-16"))))
    assert [(n, line.text, line.encoding) for n, line in lines] == [
        (1, '{"text": "one £1"}\r\n', UTF16),
        (2, '{"text": "two “2”"}\r\n', UTF16),
    ]
