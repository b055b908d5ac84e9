"""Reading corpus folders: formats, front matter, titles, broken items, ids, streaming and fingerprints."""

from __future__ import annotations

import json
import logging
import os
import shutil
from pathlib import Path

import pytest

from bot.ingest.corpus import (
    CorpusNotFound,
    CorpusReader,
    DecodedFile,
    Skipped,
    content_fingerprint,
    corpus_files,
    fingerprint,
    headline,
    humanise,
    quick_fingerprint,
    read_corpus,
    split_front_matter,
    strip_html,
    strip_markdown,
)
from bot.models import Article
from tests.conftest import SAMPLE

BODY = "Uzbekistan signed 12 contracts worth over USD 1 billion in January 2024."


def write(path: Path, content: str | bytes) -> Path:
    """Write a fixture file, creating its folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def jsonl(*records: object) -> str:
    """JSON lines for the given records."""
    return "".join(json.dumps(record) + "\n" for record in records)


def articles(root: Path) -> list[Article]:
    """Only the articles of a corpus."""
    return [item for item in read_corpus(root) if isinstance(item, Article)]


def skipped(root: Path) -> list[Skipped]:
    """Only the skipped items of a corpus."""
    return [item for item in read_corpus(root) if isinstance(item, Skipped)]


def test_sample_article_reads_front_matter_and_body(tmp_path: Path) -> None:
    shutil.copy(SAMPLE, tmp_path / SAMPLE.name)
    [article] = list(read_corpus(tmp_path))
    assert isinstance(article, Article)
    assert article.doc_id == article.path == SAMPLE.name
    assert article.title == "Uzbekistan deepens digital cooperation with China"
    assert (article.source, article.author, article.date, article.url) == (
        "APP",
        "Rehan Khan",
        "2025-09-01",
        None,
    )
    assert article.text.startswith("- Advertisement -\nBy Rehan Khan\nISLAMABAD, September 01 (APP):")
    assert "title:" not in article.text
    assert article.text.endswith("technological and economic growth.")


def test_missing_corpus_folder_raises_corpus_not_found(tmp_path: Path) -> None:
    with pytest.raises(CorpusNotFound, match="does not exist"):
        read_corpus(tmp_path / "nowhere")
    with pytest.raises(CorpusNotFound, match="not a folder"):
        corpus_files(write(tmp_path / "file.txt", BODY))
    with pytest.raises(CorpusNotFound):
        quick_fingerprint(tmp_path / "nowhere")


def test_nested_folders_are_read_in_sorted_order_and_hidden_ones_skipped(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", BODY)
    write(tmp_path / "a" / "z.md", BODY)
    write(tmp_path / "a" / "deeper" / "y.txt", BODY)
    write(tmp_path / "c.jsonl", jsonl({"id": "c1", "title": "C", "text": BODY}))
    write(tmp_path / ".hidden.txt", BODY)
    write(tmp_path / ".git" / "notes.txt", BODY)
    write(tmp_path / "image.png", b"\x89PNG")
    write(tmp_path / "notes.docx", BODY)
    assert [a.doc_id for a in articles(tmp_path)] == ["a/deeper/y.txt", "a/z.md", "b.txt", "c1"]
    assert [p.relative_to(tmp_path).as_posix() for p in corpus_files(tmp_path)] == [
        "a/deeper/y.txt",
        "a/z.md",
        "b.txt",
        "c.jsonl",
    ]


def test_windows_1252_file_is_read_warned_once_and_recorded(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write(
        tmp_path / "old.txt",
        b"London, 3 May.\nThe deal was worth \xa3700 million, \x93a record\x94.\n\x93Yes\x94.",
    )
    write(tmp_path / "good.txt", BODY)
    reader = CorpusReader(tmp_path)
    with caplog.at_level(logging.WARNING, logger="bot.ingest.corpus"):
        read = {item.doc_id: item.text for item in reader if isinstance(item, Article)}
    assert read["old.txt"].endswith("The deal was worth £700 million, “a record”.\n“Yes”.")
    assert read["good.txt"] == BODY
    assert reader.decoded == [DecodedFile(path="old.txt", encoding="Windows-1252")]
    assert [r.getMessage() for r in caplog.records] == [
        "old.txt: not valid UTF-8 (line 2); read as Windows-1252"
    ]


def test_binary_and_utf16_files(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    write(tmp_path / "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")
    write(tmp_path / "archive.jsonl", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\n\x00\x00\n")
    write(tmp_path / "notepad.md", ("---\r\ntitle: Exports to China\r\n---\r\n" + BODY).encode("utf-16"))
    reader = CorpusReader(tmp_path)
    with caplog.at_level(logging.WARNING, logger="bot.ingest.corpus"):
        items = list(reader)
    assert [(s.path, s.line, s.reason) for s in items if isinstance(s, Skipped)] == [
        ("archive.jsonl", None, "binary, not text: it holds NUL bytes"),
        ("photo.txt", None, "binary, not text: it holds NUL bytes"),
    ]
    [article] = [a for a in items if isinstance(a, Article)]
    assert (article.title, article.text) == ("Exports to China", BODY)
    assert reader.decoded == [DecodedFile(path="notepad.md", encoding="UTF-16")]
    assert "notepad.md: read as UTF-16" in caplog.text


def test_jsonl_broken_lines_are_skipped_one_by_one(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    lines = [
        json.dumps({"id": "a1", "title": "One", "text": BODY}),
        '{"id": "a2", "text": "unterminated',
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "a4", "title": "No text"}),
        json.dumps({"id": "a5", "text": 42}),
        json.dumps({"id": "a6", "text": "   "}),
        "",
        json.dumps({"id": "a8", "title": "Eight", "text": BODY, "source": "APP", "date": 20250901}),
    ]
    raw = ("\n".join(lines) + "\n").encode()
    raw += b'{"id": "a9", "title": "Nine", "text": "Worth \xa3700 million, \x93a record\x94."}\n'
    raw += b'{"id": "a10", "text": "a NUL \x00 byte"}\n'
    raw += b'{"id": "a11", "title": "\xa311", "text": "Exports rose by 11%."}\n'
    write(tmp_path / "news.jsonl", raw)
    reader = CorpusReader(tmp_path)
    with caplog.at_level(logging.WARNING, logger="bot.ingest.corpus"):
        items = list(reader)
    assert [(s.line, s.reason.split(":")[0]) for s in items if isinstance(s, Skipped)] == [
        (2, "invalid JSON"),
        (3, "not a JSON object but list"),
        (4, "no 'text' field"),
        (5, "'text' is int, not a string"),
        (6, "empty article"),
        (10, "binary, not text"),
    ]
    good = [a for a in items if isinstance(a, Article)]
    assert [(a.doc_id, a.title, a.path) for a in good] == [
        ("a1", "One", "news.jsonl:1"),
        ("a8", "Eight", "news.jsonl:8"),
        ("a9", "Nine", "news.jsonl:9"),
        ("a11", "£11", "news.jsonl:11"),
    ]
    assert (good[1].source, good[1].date) == ("APP", "20250901")
    assert good[2].text == "Worth £700 million, “a record”."
    assert reader.decoded == [DecodedFile(path="news.jsonl", encoding="Windows-1252")]
    assert [r.getMessage() for r in caplog.records] == [
        "news.jsonl: not valid UTF-8 (line 9); read as Windows-1252"
    ]


def test_jsonl_missing_and_duplicate_ids_are_made_unique_and_reported(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write(tmp_path / "a.jsonl", jsonl({"id": 7, "text": BODY}, {"text": BODY}, {"id": "7", "text": BODY}))
    write(tmp_path / "b.jsonl", jsonl({"id": 7, "text": BODY}))
    reader = CorpusReader(tmp_path)
    with caplog.at_level(logging.WARNING, logger="bot.ingest.corpus"):
        ids = [item.doc_id for item in reader if isinstance(item, Article)]
    assert ids == ["7", "a.jsonl:2", "7@a.jsonl:3", "7@b.jsonl:1"]
    assert [(r.path, r.line, r.original) for r in reader.renamed] == [
        ("a.jsonl", 3, "7"),
        ("b.jsonl", 1, "7"),
    ]
    assert "duplicate id '7' at a.jsonl:3" in caplog.text


def test_empty_files_are_reported_not_dropped(tmp_path: Path) -> None:
    write(tmp_path / "empty.txt", "")
    write(tmp_path / "blank.md", "  \n\n ")
    write(tmp_path / "empty.jsonl", "\n\n")
    write(tmp_path / "front-only.md", "---\ntitle: Nothing here\n---\n\n")
    write(tmp_path / "adverts.txt", "- Advertisement -\nBy Rehan Khan\nFollow us on Twitter")
    assert [(s.path, s.reason) for s in skipped(tmp_path)] == [
        ("adverts.txt", "no article text: only boilerplate, bylines or fragments"),
        ("blank.md", "empty file"),
        ("empty.jsonl", "empty file: no JSON lines"),
        ("empty.txt", "empty file"),
        ("front-only.md", "empty article"),
    ]


def test_unreadable_file_is_skipped(tmp_path: Path) -> None:
    os.symlink(tmp_path / "missing-target.txt", tmp_path / "broken.txt")
    write(tmp_path / "good.txt", BODY)
    [broken] = skipped(tmp_path)
    assert broken.path == "broken.txt"
    assert broken.reason.startswith("unreadable file")
    assert str(broken).startswith("broken.txt: unreadable file")
    assert len(articles(tmp_path)) == 1


def test_title_falls_back_to_headline_then_file_name(tmp_path: Path) -> None:
    write(tmp_path / "headline.txt", "China invests in Uzbek telecom\n\n" + BODY)
    write(tmp_path / "advert-first.txt", "ADVERTISEMENT\nBy Staff Reporter\nTashkent hosts IT week\n" + BODY)
    write(tmp_path / "no_headline-here.txt", BODY + "\nMore text follows here.")
    write(tmp_path / "md.md", "# Markdown *headline* here\n\n" + BODY)
    titles = {a.doc_id: a.title for a in articles(tmp_path)}
    assert titles == {
        "headline.txt": "China invests in Uzbek telecom",
        "advert-first.txt": "Tashkent hosts IT week",
        "no_headline-here.txt": "No headline here",
        "md.md": "Markdown *headline* here",
    }


def test_front_matter_quotes_case_crlf_and_unknown_keys(tmp_path: Path) -> None:
    text = (
        "\ufeff---\r\nTitle: 'Quoted title'\r\nURL: \"https://example.com/a\"\r\ntags: [a, b]\r\n---\r\n"
        + BODY
    )
    write(tmp_path / "a.md", text)
    [article] = articles(tmp_path)
    assert (article.title, article.url) == ("Quoted title", "https://example.com/a")
    assert article.text == BODY
    assert "\r" not in article.text


def test_front_matter_ignores_yaml_block_values_and_comments() -> None:
    metadata, body = split_front_matter("---\n# a comment\ntitle: >\n  Folded title\nsource: APP\n---\nBody.")
    assert metadata == {"source": "APP"}
    assert body == "Body."


def test_unclosed_front_matter_is_body() -> None:
    metadata, body = split_front_matter("---\ntitle: x\n" + BODY)
    assert metadata == {}
    assert body.endswith(BODY)


def test_markdown_syntax_is_removed_from_md_bodies() -> None:
    text = (
        "## Heading\n![chart](img.png)\nSee [the report](https://x.org/r_(1)) by **ZTE**.\n\n---\n<!-- c -->"
    )
    assert strip_markdown(text).split() == ["Heading", "See", "the", "report", "by", "ZTE."]


def test_html_bodies_become_plain_paragraphs(tmp_path: Path) -> None:
    text = (
        "<h1>China &amp; Uzbekistan</h1>"
        "<p>The deal was\n signed <b>today</b>.<br>It is worth USD 5 million.</p>"
        "<figcaption>Photo: the ceremony</figcaption><script>var a = 1;</script><p>Second paragraph here.</p>"
    )
    write(tmp_path / "a.jsonl", jsonl({"id": "h", "title": "H", "text": text}))
    [article] = articles(tmp_path)
    assert article.text == (
        "China & Uzbekistan\n\nThe deal was signed today.\nIt is worth USD 5 million.\n\n"
        "Second paragraph here."
    )
    assert strip_html("AT&amp;T said <b>no</b>.") == "AT&amp;T said <b>no</b>."


def test_headline_and_humanise() -> None:
    assert headline("Short headline without a stop\nBody.") == "Short headline without a stop"
    assert headline("A first line that ends with a full stop.\nBody") is None
    assert headline("- Advertisement -\n" + "word " * 30) is None
    assert humanise("uzbekistan-china_digital--deal") == "Uzbekistan china digital deal"


def test_five_thousand_jsonl_articles_stream(tmp_path: Path) -> None:
    records = [
        {"id": f"n{i}", "title": f"Story {i}", "text": f"Exports rose to USD {i}.5 million in 2024. {BODY}"}
        for i in range(5000)
    ]
    write(tmp_path / "big" / "part1.jsonl", jsonl(*records[:2500]))
    write(tmp_path / "big" / "part2.jsonl", jsonl(*records[2500:]))
    stream = read_corpus(tmp_path)
    first = next(stream)
    assert isinstance(first, Article)
    assert first.doc_id == "n0"
    rest = list(stream)
    assert len(rest) == 4999
    assert all(isinstance(item, Article) for item in rest)
    assert rest[-1].doc_id == "n4999"
    assert rest[-1].path == "big/part2.jsonl:2500"


def test_fingerprints_change_on_add_edit_and_remove(tmp_path: Path) -> None:
    article = write(tmp_path / "a.txt", BODY)
    write(tmp_path / ".hidden.txt", BODY)
    quick, content = quick_fingerprint(tmp_path), content_fingerprint(tmp_path)
    assert (quick, content) == (quick_fingerprint(tmp_path), fingerprint(tmp_path))
    write(tmp_path / ".hidden.txt", BODY + " Edited.")
    assert (quick, content) == (quick_fingerprint(tmp_path), content_fingerprint(tmp_path))

    extra = write(tmp_path / "sub" / "b.jsonl", jsonl({"id": "b", "text": BODY}))
    added = (quick_fingerprint(tmp_path), content_fingerprint(tmp_path))
    assert added[0] != quick and added[1] != content
    extra.unlink()
    assert (quick_fingerprint(tmp_path), content_fingerprint(tmp_path)) == (quick, content)

    stat = article.stat()
    article.write_text(BODY.replace("12", "13"), encoding="utf-8")
    os.utime(article, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert quick_fingerprint(tmp_path) == quick, "same size and mtime: only the content hash can tell"
    assert content_fingerprint(tmp_path) != content

    os.utime(article, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert quick_fingerprint(tmp_path) != quick


def test_fingerprint_does_not_depend_on_the_folder_location(tmp_path: Path) -> None:
    write(tmp_path / "one" / "a.txt", BODY)
    shutil.copytree(tmp_path / "one", tmp_path / "two")
    assert content_fingerprint(tmp_path / "one") == content_fingerprint(tmp_path / "two")
