"""The index folder on disk: generation folders, the CURRENT pointer, manifest.json, atomic writes."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from pydantic import Field, ValidationError

from bot.errors import FactbotError
from bot.ingest import extractor_settings, tokenizer_settings
from bot.models import Model
from bot.search.engine import Bm25Params

# 2: precomputed tokens, figures and article arrays (precomputed/); the engine built in segments
# 3: precomputed sentence readings (precomputed/, bot/search/readings.py)
FORMAT_VERSION = 3
CURRENT = "CURRENT"
MANIFEST = "manifest.json"
STORE = "sentences.sqlite"
ENGINE = "engine"
ARTICLES = "articles"
PRECOMPUTED = "precomputed"


class IndexMissing(FactbotError):
    """No index has been built in the index folder yet."""


class CorruptIndex(FactbotError):
    """The index folder holds something unreadable, truncated, or of another format version."""


class CorpusInfo(Model):
    """Where the corpus was and what it held when the index was built."""

    root: str = ""
    quick_fingerprint: str = ""
    content_fingerprint: str = ""


class Manifest(Model):
    """manifest.json: what a generation folder holds and how it was made."""

    format_version: int
    generation: str
    built_at: str
    corpus: CorpusInfo
    tokenizer: dict[str, object]
    figures: dict[str, object] = Field(default_factory=dict)
    bm25: Bm25Params
    articles: int
    sentences: int
    skipped: int
    engine: dict[str, object] = Field(default_factory=dict)
    precomputed: dict[str, object] = Field(default_factory=dict)


def current_generation(index_dir: Path) -> Path:
    pointer = index_dir / CURRENT
    if not pointer.is_file():
        raise IndexMissing(f"no index in {index_dir}; run `factbot index` to build one")
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise CorruptIndex(f"{pointer} is unreadable: {exc}") from exc
    folder = index_dir / name
    if not name or "/" in name or name.startswith(".") or not folder.is_dir():
        raise CorruptIndex(f"{pointer} names a generation ({name!r}) that is not there")
    return folder


def read_manifest(folder: Path) -> Manifest:
    path = folder / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CorruptIndex(f"{path} is missing or not valid JSON: {exc}") from exc
    if not isinstance(data, dict) or data.get("format_version") != FORMAT_VERSION:
        version = data.get("format_version") if isinstance(data, dict) else None
        if isinstance(version, int) and version < FORMAT_VERSION:
            raise CorruptIndex(
                f"the index in {folder} is of an older format (version {version}; this factbot reads "
                f"{FORMAT_VERSION}, with precomputed tokens, figures and sentence readings)"
            )
        raise CorruptIndex(f"{path} is format version {version!r}; this factbot reads {FORMAT_VERSION}")
    try:
        manifest = Manifest.model_validate(data)
    except ValidationError as exc:
        raise CorruptIndex(f"{path} is not a factbot manifest: {exc.error_count()} bad fields") from exc
    if manifest.tokenizer != tokenizer_settings():
        raise CorruptIndex(f"{path} was built with other tokenizer settings")
    if manifest.figures != extractor_settings():
        raise CorruptIndex(
            f"the index in {folder} holds figures from another version of the figure extractor "
            f"({manifest.figures.get('fingerprint', '?')}, now {extractor_settings()['fingerprint']})"
        )
    return manifest


def write_json(path: Path, data: object) -> None:
    write_text_atomically(path, json.dumps(data, indent=2) + "\n")


def write_text_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def remove_abandoned_builds(index_dir: Path) -> None:
    """Delete temporary build folders whose builder process is gone (killed mid-build)."""
    for tmp in index_dir.glob(".build-*"):
        pid = tmp.name.split("-")[1]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(tmp, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_old_generations(index_dir: Path, keep: str, spare: int = 1) -> None:
    """Delete all but the newest generations; one spare stays for processes still reading it."""
    generations = sorted(
        p for p in index_dir.iterdir() if p.is_dir() and p.name[:1].isdigit() and p.name != keep
    )
    for old in generations[: max(0, len(generations) - spare)]:
        shutil.rmtree(old, ignore_errors=True)
