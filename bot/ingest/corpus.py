"""Reading a corpus folder: articles from `*.txt`, `*.md` and `*.jsonl` files, streamed one at a time.

- `*.txt` / `*.md`: one article per file, with an optional front-matter block (`---` lines around
  `key: value` pairs; title, source, author, date and url are read, other keys ignored). doc_id is the
  corpus-relative path. Without a front-matter title, the first non-boilerplate line is the title when it
  looks like a headline (it also stays in the text); otherwise the file name, humanised. Markdown links,
  images, heading marks and bold markers are removed from `*.md` bodies.
- A body in HTML (any format; detected by <p> tags) becomes plain text: block tags become paragraph
  breaks, scripts, styles and captions go, entities are decoded.
- `*.jsonl`: one article per line (`id`, `title`, `text`, optional `source`, `author`, `date`, `url`).
  A missing id becomes `<relpath>:<line>`; an id already used in the corpus becomes `<id>@<relpath>:<line>`
  and is logged and listed in `CorpusReader.renamed`.

Files and JSONL lines are read as UTF-8, else as Windows-1252 (see `decoding`; a UTF-16/32 BOM is honoured);
a file read in anything but UTF-8 is warned about once and listed in `CorpusReader.decoded`.

Subfolders are read, in sorted order; hidden files and folders are skipped. A broken item (binary data,
invalid JSON, no text, an empty article, an unreadable file) is yielded as `Skipped` with its path and line,
and reading goes on: nothing disappears silently.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import os
import re
from collections.abc import Iterator
from pathlib import Path

from bot.errors import FactbotError
from bot.ingest.decoding import UTF8, Decoded, NotText, decode_lines, decode_text
from bot.ingest.sentences import is_boilerplate, is_passage, split_sentences
from bot.models import Article, Model

CORPUS_FORMAT_VERSION = 1
SUFFIXES = frozenset({".txt", ".md", ".jsonl"})
METADATA_KEYS = ("title", "source", "author", "date", "url")

logger = logging.getLogger(__name__)

_FRONT_MATTER_FENCE = "---"
_FRONT_MATTER_MAX_LINES = 200
_HEADLINE_MAX_CHARS = 150
_HEADLINE_MAX_WORDS = 20
_HASH_CHUNK = 1 << 20

_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)")
_MD_REFERENCE = re.compile(r"^\s*\[[^\]]+\]:\s*\S+.*$", re.MULTILINE)
_MD_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+", re.MULTILINE)
_MD_RULE = re.compile(r"^[ \t]*(?:\*{3,}|_{3,}|-{3,})[ \t]*$", re.MULTILINE)
_MD_BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_HTML_PARAGRAPH = re.compile(r"<p[\s>]|</p\s*>", re.IGNORECASE)
_HTML_HIDDEN = re.compile(r"<(script|style|noscript|figcaption)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.I | re.S)
_HTML_LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_HTML_BLOCK = re.compile(
    r"</?(?:p|div|h[1-6]|li|ul|ol|tr|table|blockquote|section|article|header|footer|figure|pre)\b[^>]*>",
    re.IGNORECASE,
)
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_SPACE_RUN = re.compile(r"\s+")
_BLANK_LINES = re.compile(r"[ \t]*\n[ \t\n]*\n[ \t]*")


class CorpusNotFound(FactbotError):
    """The corpus folder does not exist or is not a folder."""


class Skipped(Model):
    """An item of the corpus that could not be read, and why."""

    path: str
    line: int | None = None
    reason: str

    def __str__(self) -> str:
        """'path:line: reason', like a compiler message."""
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.reason}"


class RenamedId(Model):
    """A JSONL id that was already taken, and the doc_id the article got instead."""

    path: str
    line: int
    original: str
    doc_id: str


class DecodedFile(Model):
    """A file (or JSONL file) read in an encoding other than UTF-8."""

    path: str
    encoding: str


class CorpusReader:
    """Streams the articles of a corpus folder; iterate it for `Article | Skipped` items."""

    def __init__(self, root: Path) -> None:
        """Check the folder and list its article files (raises CorpusNotFound)."""
        self.root = _checked_root(root)
        self.files = corpus_files(self.root)
        self.renamed: list[RenamedId] = []
        self.decoded: list[DecodedFile] = []
        self._seen: set[str] = set()
        self.bytes_read = 0  # of the files' bytes, how many were read so far (for a progress bar)

    @property
    def total_bytes(self) -> int:
        """The size of all article files, known before reading."""
        return sum(path.stat().st_size for path in self.files if path.is_file())

    def __iter__(self) -> Iterator[Article | Skipped]:
        """Every article in sorted file order, with a `Skipped` for each broken item."""
        self.renamed, self.decoded = [], []
        self._seen = set()
        self.bytes_read = done = 0
        for path in self.files:
            relpath = path.relative_to(self.root).as_posix()
            if path.suffix.lower() == ".jsonl":
                yield from self._read_jsonl(path, relpath)
            else:
                item = self._read_document(path, relpath)
                self.bytes_read += _size(path)
                yield item
            done += _size(path)
            self.bytes_read = done

    def _read_document(self, path: Path, relpath: str) -> Article | Skipped:
        """One txt/md file as one article."""
        try:
            data = path.read_bytes()
        except OSError as exc:
            return Skipped(path=relpath, reason=f"unreadable file: {exc.strerror or exc}")
        try:
            decoded = decode_text(data)
        except NotText as exc:
            return Skipped(path=relpath, reason=str(exc))
        bad = decoded.first_bad
        self._note_encoding(relpath, decoded, None if bad is None else data.count(b"\n", 0, bad) + 1)
        text = _normalise_newlines(decoded.text)
        if not text.strip():
            return Skipped(path=relpath, reason="empty file")
        metadata, body = split_front_matter(text)
        if path.suffix.lower() == ".md":
            body = strip_markdown(body)
        body = strip_html(body)
        body = body.strip()
        problem = _empty_reason(body)
        if problem:
            return Skipped(path=relpath, reason=problem)
        title = metadata.get("title") or headline(body) or humanise(path.stem)
        doc_id = self._unique(relpath, relpath, None)
        return Article(doc_id=doc_id, text=body, path=relpath, **{**metadata, "title": title})

    def _read_jsonl(self, path: Path, relpath: str) -> Iterator[Article | Skipped]:
        """One article per line of a JSONL file, streamed."""
        try:
            handle = path.open("rb")
        except OSError as exc:
            yield Skipped(path=relpath, reason=f"unreadable file: {exc.strerror or exc}")
            return
        found = False
        with handle:
            try:
                base = self.bytes_read
                for number, line in decode_lines(handle):
                    self.bytes_read = base + handle.tell()
                    if isinstance(line, NotText):
                        found = True
                        yield Skipped(path=relpath, line=number, reason=str(line))
                    elif line.text.strip():
                        found = True
                        self._note_encoding(relpath, line, number)
                        yield self._jsonl_item(line.text, relpath, number)
            except NotText as exc:
                yield Skipped(path=relpath, reason=str(exc))
                return
            except OSError as exc:
                yield Skipped(path=relpath, reason=f"unreadable file: {exc.strerror or exc}")
                return
        if not found:
            yield Skipped(path=relpath, reason="empty file: no JSON lines")

    def _jsonl_item(self, raw: str, relpath: str, number: int) -> Article | Skipped:
        """One JSONL line as an article, or the reason it is skipped."""
        try:
            record = json.loads(raw)
        except (ValueError, RecursionError) as exc:
            detail = f"{exc.msg} at column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else str(exc)
            return Skipped(path=relpath, line=number, reason=f"invalid JSON: {detail}")
        if not isinstance(record, dict):
            return Skipped(path=relpath, line=number, reason=f"not a JSON object but {type(record).__name__}")
        text = record.get("text")
        if not isinstance(text, str):
            reason = "no 'text' field" if text is None else f"'text' is {type(text).__name__}, not a string"
            return Skipped(path=relpath, line=number, reason=reason)
        raw_id = record.get("id")
        if raw_id is not None and (isinstance(raw_id, bool) or not isinstance(raw_id, str | int)):
            return Skipped(path=relpath, line=number, reason=f"'id' is {type(raw_id).__name__}, not a string")
        body = strip_html(_normalise_newlines(text)).strip()
        problem = _empty_reason(body)
        if problem:
            return Skipped(path=relpath, line=number, reason=problem)
        metadata = {key: _scalar(record.get(key)) for key in METADATA_KEYS}
        fallback = f"{relpath}:{number}"
        original = str(raw_id).strip() if raw_id is not None else ""
        doc_id = self._unique(original or fallback, relpath, number)
        title = metadata.pop("title") or headline(body) or ""
        return Article(doc_id=doc_id, title=title, text=body, path=fallback, **metadata)

    def _note_encoding(self, relpath: str, decoded: Decoded, line: int | None) -> None:
        """Warn once per file read in anything but UTF-8, naming the encoding, and record it."""
        if decoded.encoding == UTF8 or (self.decoded and self.decoded[-1].path == relpath):
            return
        self.decoded.append(DecodedFile(path=relpath, encoding=decoded.encoding))
        if decoded.first_bad is None:
            logger.warning("%s: read as %s, as its byte-order mark says", relpath, decoded.encoding)
            return
        logger.warning("%s: not valid UTF-8 (line %s); read as %s", relpath, line, decoded.encoding)

    def _unique(self, doc_id: str, relpath: str, line: int | None) -> str:
        """The doc_id itself if unused so far, else a qualified one (logged and recorded)."""
        if doc_id not in self._seen:
            self._seen.add(doc_id)
            return doc_id
        where = relpath if line is None else f"{relpath}:{line}"
        unique, counter = f"{doc_id}@{where}", 1
        while unique in self._seen:
            counter += 1
            unique = f"{doc_id}@{where}#{counter}"
        self._seen.add(unique)
        logger.warning("duplicate id %r at %s: renamed to %r", doc_id, where, unique)
        self.renamed.append(RenamedId(path=relpath, line=line or 0, original=doc_id, doc_id=unique))
        return unique


def read_corpus(root: Path) -> Iterator[Article | Skipped]:
    """Stream the corpus's articles and skipped items (raises CorpusNotFound at once, not lazily)."""
    return iter(CorpusReader(root))


def corpus_files(root: Path) -> list[Path]:
    """The article files under `root` (txt, md, jsonl), hidden ones skipped, in sorted relative-path order."""
    root = _checked_root(root)
    found: list[tuple[tuple[str, ...], Path]] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        base = Path(folder)
        for name in files:
            if not name.startswith(".") and Path(name).suffix.lower() in SUFFIXES:
                path = base / name
                found.append((path.relative_to(root).parts, path))
    return [path for _, path in sorted(found)]


def quick_fingerprint(root: Path) -> str:
    """A hash of every article file's relative path, size and mtime_ns: cheap, for the common case."""
    root = _checked_root(root)
    digest = hashlib.blake2b(f"factbot-corpus-quick-{CORPUS_FORMAT_VERSION}\n".encode(), digest_size=16)
    for path in corpus_files(root):
        try:
            stat = path.stat()
            size, mtime = stat.st_size, stat.st_mtime_ns
        except OSError:
            size, mtime = -1, -1
        digest.update(f"{path.relative_to(root).as_posix()}\0{size}\0{mtime}\n".encode())
    return digest.hexdigest()


def content_fingerprint(root: Path) -> str:
    """A hash of every article file's path and bytes: any added, removed or edited file changes it."""
    root = _checked_root(root)
    digest = hashlib.blake2b(f"factbot-corpus-content-{CORPUS_FORMAT_VERSION}\n".encode(), digest_size=16)
    buffer = bytearray(_HASH_CHUNK)
    view = memoryview(buffer)
    for path in corpus_files(root):
        digest.update(f"{path.relative_to(root).as_posix()}\0".encode())
        try:
            with path.open("rb") as handle:
                while count := handle.readinto(buffer):
                    digest.update(view[:count])
            digest.update(b"\0ok\n")
        except OSError:
            digest.update(b"\0unreadable\n")
    return digest.hexdigest()


def fingerprint(root: Path) -> str:
    """The corpus's content fingerprint (see `quick_fingerprint` for the cheap check to try first)."""
    return content_fingerprint(root)


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """The known front-matter fields and the body; text without a closed `---` block is all body."""
    lines = text.split("\n", _FRONT_MATTER_MAX_LINES + 1)
    if lines[0].strip() != _FRONT_MATTER_FENCE:
        return {}, text
    closing = [i for i, line in enumerate(lines[1 : _FRONT_MATTER_MAX_LINES + 1], start=1) if _fence(line)]
    if not closing:
        return {}, text
    end = closing[0]
    metadata: dict[str, str] = {}
    for line in lines[1:end]:
        key, colon, value = line.partition(":")
        key = key.strip().lower()
        value = _unquote(value.strip())
        block_scalar = value[:1] in ("|", ">")  # a YAML multi-line value: not supported, so not guessed
        if colon and key in METADATA_KEYS and value and not block_scalar and key not in metadata:
            metadata[key] = value
    return metadata, "\n".join(lines[end + 1 :])


def strip_html(body: str) -> str:
    """An HTML body (one with <p> tags) as plain text, a blank line between blocks; other text as is."""
    if not _HTML_PARAGRAPH.search(body):
        return body
    body = _HTML_HIDDEN.sub(" ", body)
    body = _SPACE_RUN.sub(" ", body)
    body = _HTML_LINE_BREAK.sub("\n", body)
    body = _HTML_BLOCK.sub("\n\n", body)
    body = html.unescape(_HTML_TAG.sub("", body))
    body = "\n".join(line.strip() for line in body.split("\n"))
    return _BLANK_LINES.sub("\n\n", body).strip()


def strip_markdown(body: str) -> str:
    """Markdown syntax that would pollute sentences removed: links keep their text, images go."""
    body = _MD_COMMENT.sub("", body)
    body = _MD_IMAGE.sub("", body)
    body = _MD_LINK.sub(r"\1", body)
    body = _MD_REFERENCE.sub("", body)
    body = _MD_RULE.sub("", body)
    body = _MD_HEADING.sub("", body)
    return _MD_BOLD.sub(r"\2", body)


def headline(body: str) -> str | None:
    """The first non-boilerplate line of a body when it looks like a headline (short, no final period)."""
    for raw in body.split("\n"):
        line = raw.strip()
        if not line or is_boilerplate(line):
            continue
        words = line.split()
        short = len(line) <= _HEADLINE_MAX_CHARS and len(words) <= _HEADLINE_MAX_WORDS
        if short and line[-1] not in ".,;:" and any(ch.isalpha() for ch in line):
            return line
        return None
    return None


def humanise(stem: str) -> str:
    """A file stem as a title: 'uzbekistan-china_deal' becomes 'Uzbekistan china deal'."""
    words = re.sub(r"[-_.]+", " ", stem).split()
    title = " ".join(words)
    return title[:1].upper() + title[1:]


def _checked_root(root: Path) -> Path:
    """The corpus folder, or CorpusNotFound with a message that says what to do."""
    root = Path(root)
    if not root.exists():
        raise CorpusNotFound(f"corpus folder {root} does not exist: create it or set FACTBOT_CORPUS_DIR")
    if not root.is_dir():
        raise CorpusNotFound(f"corpus path {root} is not a folder: point FACTBOT_CORPUS_DIR at a folder")
    return root


def _size(path: Path) -> int:
    """A file's size, 0 when it cannot be read."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _normalise_newlines(text: str) -> str:
    """Windows and old Mac line ends as '\\n', so offsets mean the same thing everywhere."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _empty_reason(body: str) -> str | None:
    """Why a body holds no article (empty, or nothing but boilerplate), or None when it has text."""
    if not body:
        return "empty article"
    if any(is_passage(line) for line in body.split("\n")) or split_sentences(body):
        return None
    return "no article text: only boilerplate, bylines or fragments"


def _fence(line: str) -> bool:
    """Whether a line closes a front-matter block."""
    return line.strip() in (_FRONT_MATTER_FENCE, "...")


def _unquote(value: str) -> str:
    """A front-matter value without the quotes YAML allows around it."""
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1].strip()
    return value


def _scalar(value: object) -> str | None:
    """A JSON metadata value as text: strings stripped, numbers written out, anything else None."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None
