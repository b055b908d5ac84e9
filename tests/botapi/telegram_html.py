"""Telegram's HTML parse mode, as the Bot API documents it ("Formatting options", HTML style).

`parse_html(text)` returns the visible text and every reason Telegram would answer "can't parse entities":
a tag Telegram does not know, a missing or unknown attribute, tags closed out of order or never, a bare
`<`, `>` or `&`, a named entity other than `&lt;` `&gt;` `&amp;` `&quot;`, and nesting the Bot API forbids
(anything inside `code` or `pre` but `pre > code`, a link inside a link, a quote inside a quote).
"""

from __future__ import annotations

import html
import re

# tag -> (required attributes, optional attributes)
TAGS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    **{
        name: (frozenset(), frozenset())
        for name in ("b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "tg-spoiler", "pre")
    },
    "span": (frozenset(), frozenset({"class"})),
    "a": (frozenset({"href"}), frozenset()),
    "code": (frozenset(), frozenset({"class"})),
    "blockquote": (frozenset(), frozenset({"expandable"})),
    "tg-emoji": (frozenset({"emoji-id"}), frozenset()),
    "tg-time": (frozenset({"unix"}), frozenset({"format"})),
}
NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_TOKEN = re.compile(
    r"<(?P<close>/?)(?P<tag>[A-Za-z][A-Za-z0-9-]*)(?P<attrs>(?:\s+[^\s<>=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'<>]+))?)*)\s*>"
    r"|&(?P<entity>#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);"
    r"|(?P<bare>[<>&])"
    r"|(?P<text>[^<>&]+)"
)
_ATTR = re.compile(r"([^\s<>=]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'<>]+))?")
_VERBATIM = {"code", "pre", "tg-emoji", "tg-time"}


def parse_html(text: str) -> tuple[str, list[str]]:
    """The visible text of a Telegram HTML message, and what Telegram would refuse in it (empty if none)."""
    errors: list[str] = []
    stack: list[str] = []
    visible: list[str] = []
    for match in _TOKEN.finditer(text):
        if match["text"] is not None:
            visible.append(match["text"])
        elif match["bare"] is not None:
            errors.append(f"a bare {match['bare']!r} at {match.start()}: escape it")
        elif match["entity"] is not None:
            visible.append(_entity(match["entity"], errors))
        elif match["close"]:
            _close(match["tag"].lower(), stack, errors)
        else:
            _open(match["tag"].lower(), match["attrs"], stack, errors)
    errors += [f"<{tag}> is never closed" for tag in reversed(stack)]
    return "".join(visible), errors


def _entity(name: str, errors: list[str]) -> str:
    """The character an entity stands for; an unsupported named entity is an error."""
    if name.startswith("#"):
        return html.unescape(f"&{name};")
    if name not in NAMED_ENTITIES:
        errors.append(f"unsupported entity &{name}; (only &lt; &gt; &amp; &quot; and numeric ones)")
        return ""
    return NAMED_ENTITIES[name]


def _open(tag: str, attrs: str, stack: list[str], errors: list[str]) -> None:
    """Check one start tag: known, with the attributes it needs, allowed where it stands."""
    if tag not in TAGS:
        errors.append(f"unsupported tag <{tag}>")
        stack.append(tag)
        return
    required, optional = TAGS[tag]
    values = {name.lower(): value for name, value in _ATTR.findall(attrs)}
    errors += [f"<{tag}> needs {name}=" for name in sorted(required - values.keys())]
    errors += [f"<{tag}> has no attribute {name!r}" for name in sorted(values.keys() - required - optional)]
    errors += [f"<{tag} {name}=…>: {err}" for name, value in values.items() for err in _attr_errors(value)]
    if tag == "span" and values.get("class", "").strip("\"'") != "tg-spoiler":
        errors.append('<span> needs class="tg-spoiler"')
    parent = stack[-1] if stack else None
    if parent in _VERBATIM and not (parent == "pre" and tag == "code"):
        errors.append(f"<{tag}> inside <{parent}>: no other entity may be nested there")
    if tag == "code" and "class" in values and parent != "pre":
        errors.append("<code class=…> sets a language only directly inside <pre>")
    if tag in ("a", "blockquote") and tag in stack:
        errors.append(f"<{tag}> inside another <{tag}>")
    stack.append(tag)


def _attr_errors(value: str) -> list[str]:
    """What is wrong with an attribute value: an unescaped '&', '<' or '>' inside it."""
    inner = value[1:-1] if value[:1] in "\"'" else value
    bare = re.sub(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|lt|gt|amp|quot);", "", inner)
    return [f"a bare {ch!r} in the value: escape it" for ch in "&<>" if ch in bare]


def _close(tag: str, stack: list[str], errors: list[str]) -> None:
    """Check one end tag: it must close the innermost open tag."""
    if not stack:
        errors.append(f"</{tag}> closes nothing")
    elif stack[-1] != tag:
        errors.append(f"</{tag}> closes <{stack[-1]}>: tags must nest")
        if tag in stack:
            del stack[stack.index(tag) :]
    else:
        stack.pop()
