"""Trim PaulSonOfLars/telegram-bot-api-spec's api.json to the methods factbot calls and the types they take.

Usage: python tests/botapi/trim_spec.py PATH/TO/api.json  (writes bot_api_spec.json beside this file)

Kept: the listed methods, every type their parameters reach (fields, array items and subtypes, followed
transitively; return types are not needed to check requests), and the names of all methods in the full spec
(`all_methods`), so the checker can tell "not a Bot API method" from "trimmed out here".
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).with_name("bot_api_spec.json")
METHODS = (
    "getMe",
    "getUpdates",
    "setWebhook",
    "deleteWebhook",
    "getWebhookInfo",
    "sendMessage",
    "sendChatAction",
    "editMessageText",
    "editMessageReplyMarkup",
    "answerCallbackQuery",
    "answerInlineQuery",
    "setMyCommands",
    "deleteMyCommands",
    "getMyCommands",
)


def reachable_types(spec: dict, methods: tuple[str, ...]) -> set[str]:
    """Every type named by the methods' parameters, transitively through fields and subtypes."""
    pending = [
        kind for m in methods for field in spec["methods"][m].get("fields", []) for kind in field["types"]
    ]
    found: set[str] = set()
    while pending:
        name = pending.pop().removeprefix("Array of ").removeprefix("Array of ")
        if name in found or name not in spec["types"]:
            continue
        found.add(name)
        kind = spec["types"][name]
        pending += kind.get("subtypes", [])
        pending += [t for field in kind.get("fields", []) for t in field["types"]]
    return found


def trim(spec: dict, methods: tuple[str, ...] = METHODS) -> dict:
    """The spec cut down to `methods` and the types they reach."""
    types = reachable_types(spec, methods)
    return {
        "version": spec["version"],
        "release_date": spec["release_date"],
        "changelog": spec["changelog"],
        "all_methods": sorted(spec["methods"]),
        "methods": {name: spec["methods"][name] for name in methods},
        "types": {name: spec["types"][name] for name in sorted(types)},
    }


def main(argv: list[str]) -> int:
    """Read the full api.json named on the command line and write the trimmed copy."""
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    full = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    OUT.write_text(json.dumps(trim(full), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{OUT}: {full['version']}, {len(METHODS)} methods", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
