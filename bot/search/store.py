"""The sentence store: sentence texts and article metadata in SQLite, read lazily by sentence id."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path

from bot.errors import FactbotError
from bot.models import Article, Source

_SCHEMA = """
CREATE TABLE articles (
    num INTEGER PRIMARY KEY, doc_id TEXT NOT NULL, title TEXT NOT NULL, source TEXT, author TEXT,
    date TEXT, url TEXT, path TEXT NOT NULL, first_sentence INTEGER NOT NULL, n_sentences INTEGER NOT NULL
);
CREATE TABLE sentences (id INTEGER PRIMARY KEY, article INTEGER NOT NULL, text TEXT NOT NULL);
"""
_ARTICLE_COLUMNS = "num, doc_id, title, source, author, date, url, first_sentence, n_sentences"
# Article sources kept after they are read: the candidates of a question often come from articles an
# earlier question's did, whose texts can then be read without the articles' rows.
SOURCES_KEPT = 65_536


class CorruptStore(FactbotError):
    """The sentence store is missing, unreadable or not what the manifest says."""


class StoreWriter:
    """Writes a new sentence store; sentences get consecutive ids from 0, in the order added."""

    def __init__(self, path: Path) -> None:
        """Create an empty store at `path` (which must not exist)."""
        self._db = sqlite3.connect(path)
        self._db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        self._articles: list[tuple] = []
        self._sentences: list[tuple[int, int, str]] = []
        self.n_articles = 0
        self.n_sentences = 0

    def add(self, article: Article, sentences: Sequence[str]) -> int:
        """Store one article and its sentences; returns the id of its first sentence."""
        first, n, a = self.n_sentences, len(sentences), article
        row = (self.n_articles, a.doc_id, a.title, a.source, a.author, a.date, a.url, a.path, first, n)
        self._articles.append(row)
        self._sentences.extend((first + i, self.n_articles, s) for i, s in enumerate(sentences))
        self.n_articles += 1
        self.n_sentences += len(sentences)
        if len(self._sentences) >= 50_000:
            self._flush()
        return first

    def _flush(self) -> None:
        self._db.executemany("INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?)", self._articles)
        self._db.executemany("INSERT INTO sentences VALUES (?,?,?)", self._sentences)
        self._articles.clear()
        self._sentences.clear()

    def close(self) -> None:
        """Write what is buffered, index the article lookup and close the file."""
        self._flush()
        self._db.execute("CREATE INDEX articles_first ON articles(first_sentence)")
        self._db.commit()
        self._db.close()


class Store:
    """Read-only access to a sentence store, shared by threads through one connection and a lock."""

    def __init__(self, path: Path) -> None:
        """Open the store read-only; texts are read on demand, never loaded whole."""
        if not path.is_file():
            raise CorruptStore(f"sentence store {path} is missing")
        # One connection opened now keeps the file readable even if a later rebuild deletes it.
        self._db = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self._sources: dict[int, Source] = {}  # article sources read so far (immutable), up to SOURCES_KEPT

    def _query(self, sql: str, params: Sequence[object] = ()) -> list[tuple]:
        try:
            with self._lock:
                return self._db.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            raise CorruptStore(f"sentence store is unreadable: {exc}") from exc

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    def counts(self) -> tuple[int, int]:
        """The number of articles and of sentences stored (ids are consecutive from 0)."""
        # max(rowid) is one b-tree descent; count(*) would read the whole table (seconds at 10M sentences).
        sql = "SELECT (SELECT coalesce(max(num) + 1, 0) FROM articles), "
        sql += "(SELECT coalesce(max(id) + 1, 0) FROM sentences)"
        return self._query(sql)[0]

    def sentences(self, ids: Sequence[int]) -> dict[int, tuple[str, int]]:
        """Text and article number of each requested sentence id."""
        found: dict[int, tuple[str, int]] = {}
        ids = list(dict.fromkeys(int(i) for i in ids))
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT id, text, article FROM sentences WHERE id IN ({marks})"
            for sid, text, art in self._query(sql, chunk):
                found[sid] = (text, art)
        return found

    def sentences_with_sources(
        self, ids: Sequence[int], articles: Sequence[int] | None = None
    ) -> dict[int, tuple[str, int, Source]]:
        """Text, article number and the article's source of each requested sentence id (one query).
        When `articles` (the sentences' articles) are all among the sources read before, only the texts
        are read."""
        known = self._sources
        if articles is not None and all(a in known for a in articles):
            texts = self.sentences(ids)
            if all(art in known for _, art in texts.values()):
                return {sid: (text, art, known[art]) for sid, (text, art) in texts.items()}
        found: dict[int, tuple[str, int, Source]] = {}
        sources: dict[int, Source] = {}  # one (immutable) Source per article, shared by its sentences
        ids = list(dict.fromkeys(int(i) for i in ids))
        columns = ", ".join(f"a.{c.strip()}" for c in _ARTICLE_COLUMNS.split(","))
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            sql = f"SELECT s.id, s.text, {columns} FROM sentences s JOIN articles a ON a.num = s.article "
            sql += f"WHERE s.id IN ({','.join('?' * len(chunk))})"
            for sid, text, *article in self._query(sql, chunk):
                source = sources.get(article[0])
                if source is None:
                    source = sources[article[0]] = _source_row(tuple(article))[0]
                found[sid] = (text, article[0], source)
        if len(known) + len(sources) > SOURCES_KEPT:
            known.clear()
        known.update(sources)
        return found

    def article_of(self, num: int) -> tuple[Source, int, int]:
        """The source of article `num`, its first sentence id and its sentence count."""
        rows = self._query(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE num = ?", (num,))
        if not rows:
            raise CorruptStore(f"article {num} is not in the sentence store")
        return _source_row(rows[0])

    def sources(self, nums: Sequence[int]) -> dict[int, Source]:
        """The source of each of the given articles, by number (one query)."""
        wanted = list(dict.fromkeys(int(n) for n in nums))
        found: dict[int, Source] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            sql = f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE num IN ({','.join('?' * len(chunk))})"
            found |= {row[0]: _source_row(row)[0] for row in self._query(sql, chunk)}
        missing = [n for n in wanted if n not in found]
        if missing:
            raise CorruptStore(f"article {missing[0]} is not in the sentence store")
        return found

    def articles(self) -> list[tuple[Source, int]]:
        """Every article with its sentence count, in index order."""
        rows = self._query(f"SELECT {_ARTICLE_COLUMNS} FROM articles ORDER BY num")
        return [(src, n) for src, _, n in map(_source_row, rows)]

    def range_texts(self, first: int, last: int) -> list[tuple[int, str]]:
        """Sentences with ids in [first, last), in order."""
        sql = "SELECT id, text FROM sentences WHERE id >= ? AND id < ? ORDER BY id"
        return self._query(sql, (first, last))


def _source_row(row: tuple) -> tuple[Source, int, int]:
    _, doc_id, title, source, author, date, url, first, n = row
    return Source(doc_id=doc_id, title=title, source=source, author=author, date=date, url=url), first, n
