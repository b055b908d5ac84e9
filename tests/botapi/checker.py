"""Bot API requests checked against a pinned copy of the official spec (bot_api_spec.json; see README.md).

`check_request(method, params)` lists every way one request breaks the spec, empty when it keeps to it:
- the method exists in the pinned Bot API version;
- every required parameter is there and none is undocumented, in nested objects too;
- every value has its documented JSON type (Integer, String, Boolean, Float, arrays, objects, and unions
  such as InlineQueryResult or InputMessageContent, told apart by their `type` or by which one fits);
- the limits the spec writes in its field descriptions: "1-4096 characters after entities parsing",
  "1-64 bytes", "0-200 characters", "No more than 50 results", "At most 100 commands", "must be article",
  "only lowercase English letters, digits and underscores", and unique result ids;
- text sent with parse_mode HTML is Telegram HTML (telegram_html), and its limit counts the visible text.

Characters are counted in UTF-16 code units, as Telegram counts them. `wire=True` reads form-encoded values
as a Bot API server receives them: objects as JSON strings, numbers and booleans as text.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.botapi.telegram_html import parse_html

SPEC_FILE = Path(__file__).with_name("bot_api_spec.json")
PARSED_TEXT_FIELDS = ("text", "message_text", "caption")
PARSE_MODES = frozenset({"HTML", "MarkdownV2", "Markdown"})
PRIMITIVES = {
    "Integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "Float": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "String": lambda v: isinstance(v, str),
    "Boolean": lambda v: isinstance(v, bool),
    "InputFile": lambda v: isinstance(v, str),
}
PATTERNS = {
    "only lowercase English letters, digits and underscores": re.compile(r"[a-z0-9_]+"),
    "Only characters A-Z, a-z, 0-9, _ and - are allowed": re.compile(r"[A-Za-z0-9_-]+"),
}
_RANGE = re.compile(r"\b(\d+)-(\d+)(?: (characters|bytes)\b)?", re.IGNORECASE)
_AT_MOST = re.compile(r"\b(?:No more than|At most) (\d+) (\w+)")
_MUST_BE = re.compile(r"\bmust be (\w+)$")
CHECKED: Counter[str] = Counter()  # method -> requests checked in this test session


@dataclass(frozen=True)
class Param:
    """One documented field of a method or type, with the limits its description states."""

    name: str
    types: tuple[str, ...]
    required: bool
    description: str

    @functools.cached_property
    def length(self) -> tuple[int, int, str] | None:
        """(low, high, 'characters' | 'bytes') for a string field, (low, high, 'value') for an integer."""
        for low, high, unit in _RANGE.findall(self.description):
            if unit:
                return int(low), int(high), unit.lower()
            if self.types == ("Integer",):
                return int(low), int(high), "value"
        return None

    @functools.cached_property
    def pattern(self) -> re.Pattern[str] | None:
        """The characters the description allows, when it restricts them."""
        return next((p for phrase, p in PATTERNS.items() if phrase in self.description), None)


@dataclass(frozen=True)
class Spec:
    """The pinned spec: methods and types as {name: {field: Param}}, plus array limits and unions."""

    version: str
    all_methods: frozenset[str]
    methods: dict[str, dict[str, Param]]
    types: dict[str, dict[str, Param]]
    subtypes: dict[str, tuple[str, ...]]
    at_most: dict[tuple[str, str], int]  # (method or type, array field) -> most items


def _params(item: Mapping[str, Any]) -> dict[str, Param]:
    return {
        f["name"]: Param(f["name"], tuple(f["types"]), f["required"], f["description"])
        for f in item.get("fields", [])
    }


@functools.cache
def load_spec(path: Path = SPEC_FILE) -> Spec:
    """Read the vendored spec once."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    at_most: dict[tuple[str, str], int] = {}
    for group in ("methods", "types"):
        for name, item in raw[group].items():
            fields = _params(item)
            texts = [(None, line) for line in item.get("description", [])]
            texts += [(f.name, f.description) for f in fields.values()]
            for owner, text in texts:
                for count, word in _AT_MOST.findall(text):
                    if (owner or word) in fields and (owner is None or owner == word):
                        at_most[(name, owner or word)] = int(count)
    return Spec(
        version=raw["version"],
        all_methods=frozenset(raw["all_methods"]),
        methods={name: _params(item) for name, item in raw["methods"].items()},
        types={name: _params(item) for name, item in raw["types"].items()},
        subtypes={name: tuple(item["subtypes"]) for name, item in raw["types"].items() if "subtypes" in item},
        at_most=at_most,
    )


def check_request(method: str, params: Mapping[str, Any], *, wire: bool = False) -> list[str]:
    """Every way one Bot API request breaks the pinned spec or Telegram's limits (empty when none)."""
    spec = load_spec()
    if method not in spec.methods:
        if method in spec.all_methods:
            return [f"{method}: trimmed out of the vendored spec; add it to trim_spec.METHODS and re-run it"]
        return [f"{method}: not a method of {spec.version}"]
    fields = spec.methods[method]
    values = _from_wire(fields, params) if wire else dict(params)
    return _check_object(method, method, fields, values, spec)


def check_requests(requests: Iterable[tuple[str, Mapping[str, Any]]], *, wire: bool = False) -> list[str]:
    """Check a batch of (method, params) requests, counting them in CHECKED; every violation found."""
    violations: list[str] = []
    for method, params in requests:
        CHECKED[method] += 1
        violations += check_request(method, params, wire=wire)
    return violations


def _from_wire(fields: Mapping[str, Param], params: Mapping[str, Any]) -> dict[str, Any]:
    """Form-encoded values as JSON: text stays text where a String is allowed, the rest is parsed."""
    values: dict[str, Any] = {}
    for name, value in params.items():
        field = fields.get(name)
        if isinstance(value, str) and field is not None and "String" not in field.types:
            with contextlib.suppress(ValueError):  # else left as text, for the type check to report
                value = json.loads(value)
        values[name] = value
    return values


def _check_object(
    path: str, owner: str, fields: Mapping[str, Param], obj: Mapping[str, Any], spec: Spec
) -> list[str]:
    """An object's fields: none unknown, none required missing, each of its type and within its limits."""
    errors = [f"{path}.{name}: not a documented field" for name in obj if name not in fields]
    errors += [
        f"{path}.{f.name}: required but missing" for f in fields.values() if f.required and f.name not in obj
    ]
    for name, value in obj.items():
        field = fields.get(name)
        if field is None:
            continue
        where = f"{path}.{name}"
        found = _check_value(where, field.types, value, spec)
        errors += found or _check_limits(where, field, value, obj, spec.at_most.get((owner, name)))
    return errors


def _check_value(path: str, types: tuple[str, ...], value: Any, spec: Spec) -> list[str]:
    """The value against one of the allowed types (the errors of the first when none fits)."""
    attempts = [_check_type(path, kind, value, spec) for kind in types]
    return [] if any(not found for found in attempts) else attempts[0]


def _check_type(path: str, kind: str, value: Any, spec: Spec) -> list[str]:
    """The value against one type: a primitive, an array of a type, an object, or a union of objects."""
    if kind.startswith("Array of "):
        if not isinstance(value, list | tuple):
            return [f"{path}: {type(value).__name__}, not an array ({kind})"]
        item = kind.removeprefix("Array of ")
        errors = [e for i, v in enumerate(value) for e in _check_value(f"{path}[{i}]", (item,), v, spec)]
        return errors + _unique_ids(path, item, value, spec)
    if kind in PRIMITIVES:
        return (
            [] if PRIMITIVES[kind](value) else [f"{path}: {type(value).__name__} {value!r:.40}, not {kind}"]
        )
    if kind in spec.subtypes:
        return _check_union(path, kind, value, spec)
    if kind not in spec.types:
        return [f"{path}: type {kind} is not in the vendored spec; add it with trim_spec.py"]
    if not isinstance(value, Mapping):
        return [f"{path}: {type(value).__name__}, not a {kind} object"]
    return _check_object(f"{path}<{kind}>", kind, spec.types[kind], value, spec)


def _check_union(path: str, kind: str, value: Any, spec: Spec) -> list[str]:
    """One of a union's subtypes: the one its `type` names, else whichever fits."""
    options = spec.subtypes[kind]
    if isinstance(value, Mapping) and "type" in value:
        named = [o for o in options if _constant(spec.types[o].get("type")) == value["type"]]
        if not named:
            return [f"{path}: type {value['type']!r} is not a kind of {kind}"]
        options = tuple(named)
    attempts = [_check_type(path, option, value, spec) for option in options]
    return [] if any(not found for found in attempts) else min(attempts, key=len)


def _constant(field: Param | None) -> str | None:
    """The value a field 'must be', from its description (e.g. InlineQueryResultArticle.type = article)."""
    match = _MUST_BE.search(field.description) if field else None
    return match.group(1) if match else None


def _unique_ids(path: str, item: str, values: list[Any] | tuple[Any, ...], spec: Spec) -> list[str]:
    """Results whose `id` is a 'Unique identifier for this result' must not repeat one."""
    options = spec.subtypes.get(item, (item,))
    if not any(
        "Unique identifier" in getattr(spec.types.get(o, {}).get("id"), "description", "") for o in options
    ):
        return []
    ids = Counter(v.get("id") for v in values if isinstance(v, Mapping))
    return [f"{path}: result id {i!r} is used {n} times" for i, n in ids.items() if n > 1]


def _check_limits(
    path: str, field: Param, value: Any, obj: Mapping[str, Any], at_most: int | None
) -> list[str]:
    """The field's documented limits: length, range, allowed characters, fixed value, number of items."""
    errors: list[str] = []
    if at_most is not None and len(value) > at_most:
        errors.append(f"{path}: {len(value)} items, at most {at_most} allowed")
    if isinstance(value, str):
        if _constant(field) and field.name == "type" and value != _constant(field):
            errors.append(f"{path}: {value!r}, must be {_constant(field)!r}")
        if field.pattern is not None and not field.pattern.fullmatch(value):
            errors.append(f"{path}: {value!r} has characters the spec does not allow")
        errors += _check_text(path, field, value, obj)
    elif field.length and field.length[2] == "value" and not field.length[0] <= value <= field.length[1]:
        errors.append(f"{path}: {value}, allowed {field.length[0]}-{field.length[1]}")
    return errors


def _check_text(path: str, field: Param, text: str, obj: Mapping[str, Any]) -> list[str]:
    """A string's length within the spec's range; parsed first (HTML checked) when a parse_mode applies."""
    errors: list[str] = []
    mode = obj.get("parse_mode") if field.name in PARSED_TEXT_FIELDS else None
    if mode is not None and mode not in PARSE_MODES:
        errors.append(f"{path}: unknown parse_mode {mode!r}")
    if mode == "HTML":
        text, problems = parse_html(text)
        errors += [f"{path}: HTML: {problem}" for problem in problems]
    if field.length is None or field.length[2] == "value":
        return errors
    low, high, unit = field.length
    size = len(text.encode()) if unit == "bytes" else len(text.encode("utf-16-le")) // 2
    parsed = " after entity parsing" if mode == "HTML" else ""
    if size > high or (low > 0 and not text.strip()):
        errors.append(f"{path}: {size} {unit}{parsed}, Telegram allows {low}-{high}")
    return errors
