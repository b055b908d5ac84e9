"""The Bot API contract checker catches what Telegram would refuse: fed known-bad requests, it names each."""

from __future__ import annotations

import json
from typing import Any

import pytest
import telegram

from tests.botapi.checker import check_request, load_spec
from tests.botapi.telegram_html import parse_html

CHAT = 1005
BUTTON = {"text": "More answers", "callback_data": "m|20261201T0000|4|10-16"}
GOOD_MESSAGE: dict[str, Any] = {
    "chat_id": CHAT,
    "text": "<b>27,000</b>\nFrom 2016 to 2025 … <u><b>27,000</b></u> new stations &amp; more.\n"
    '<i><a href="https://x.test/a?b=1&amp;c=2">Title</a> · APP</i>',
    "parse_mode": "HTML",
    "link_preview_options": {"is_disabled": True},
    "reply_parameters": {"message_id": 7, "allow_sending_without_reply": True},
    "reply_markup": {"inline_keyboard": [[BUTTON, {**BUTTON, "text": "Show context"}]]},
}


def article(result_id: str = "0-12", **extra: Any) -> dict[str, Any]:
    """One InlineQueryResultArticle as PTB sends it."""
    content = {"message_text": "<b>27,000</b>", "parse_mode": "HTML"}
    return {"type": "article", "id": result_id, "title": "27,000", "input_message_content": content, **extra}


def violations(method: str, **params: Any) -> list[str]:
    """What the checker finds in one request."""
    return check_request(method, params)


def test_the_vendored_spec_is_the_bot_api_of_the_installed_python_telegram_bot() -> None:
    assert load_spec().version == f"Bot API {telegram.__bot_api_version__}"


def test_limits_are_read_from_the_spec_descriptions() -> None:
    spec = load_spec()
    assert spec.methods["sendMessage"]["text"].length == (1, 4096, "characters")
    assert spec.types["InlineKeyboardButton"]["callback_data"].length == (1, 64, "bytes")
    assert spec.methods["answerCallbackQuery"]["text"].length == (0, 200, "characters")
    assert spec.types["InlineQueryResultArticle"]["id"].length == (1, 64, "bytes")
    assert spec.types["BotCommand"]["command"].length == (1, 32, "characters")
    assert spec.types["BotCommand"]["description"].length == (1, 256, "characters")
    assert spec.at_most == {("answerInlineQuery", "results"): 50, ("setMyCommands", "commands"): 100}


def test_a_good_answer_message_passes() -> None:
    assert violations("sendMessage", **GOOD_MESSAGE) == []
    edit = {k: v for k, v in GOOD_MESSAGE.items() if k != "reply_parameters"}
    assert violations("editMessageText", message_id=3, **edit) == []
    assert violations("editMessageText", message_id=3, **GOOD_MESSAGE) == [
        "editMessageText.reply_parameters: not a documented field"
    ]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"chat_id": None}, "sendMessage.chat_id: required but missing"),
        (
            {"text": "x" * 5000, "parse_mode": None},
            "sendMessage.text: 5000 characters, Telegram allows 1-4096",
        ),
        ({"colour": "red"}, "sendMessage.colour: not a documented field"),
        ({"text": "<b><i>27,000</b></i>"}, "sendMessage.text: HTML: </b> closes <i>: tags must nest"),
        ({"text": "<b>27,000"}, "sendMessage.text: HTML: <b> is never closed"),
        ({"text": "<div>27,000</div>"}, "sendMessage.text: HTML: unsupported tag <div>"),
        ({"text": "Tom & Jerry"}, "sendMessage.text: HTML: a bare '&' at 4: escape it"),
        ({"text": "27&nbsp;000"}, "sendMessage.text: HTML: unsupported entity &nbsp;"),
        ({"text": "<a>link</a>"}, "sendMessage.text: HTML: <a> needs href="),
        ({"text": "<code><b>x</b></code>"}, "HTML: <b> inside <code>: no other entity may be nested there"),
        ({"text": "<b></b> "}, "sendMessage.text: 1 characters after entity parsing, Telegram allows 1-4096"),
        ({"chat_id": 10.5}, "sendMessage.chat_id: float 10.5, not Integer"),
        ({"parse_mode": "html5"}, "sendMessage.text: unknown parse_mode 'html5'"),
        (
            {"link_preview_options": {"disabled": True}},
            "<LinkPreviewOptions>.disabled: not a documented field",
        ),
        ({"reply_parameters": {"message_id": "7"}}, "<ReplyParameters>.message_id: str '7', not Integer"),
    ],
)
def test_known_bad_messages_are_caught(change: dict[str, Any], expected: str) -> None:
    request = {k: v for k, v in {**GOOD_MESSAGE, **change}.items() if v is not None}
    found = violations("sendMessage", **request)
    assert any(expected in v for v in found), found


def test_callback_data_over_64_bytes_is_caught_and_64_passes() -> None:
    def keyboard(data: str) -> dict[str, Any]:
        return {"inline_keyboard": [[{"text": "More", "callback_data": data}]]}

    assert violations("sendMessage", chat_id=CHAT, text="x", reply_markup=keyboard("é" * 32)) == []
    [found] = violations("sendMessage", chat_id=CHAT, text="x", reply_markup=keyboard("é" * 32 + "x"))
    assert found == (
        "sendMessage.reply_markup<InlineKeyboardMarkup>.inline_keyboard[0][0]<InlineKeyboardButton>"
        ".callback_data: 65 bytes, Telegram allows 1-64"
    )


def test_length_counts_visible_text_in_utf16_code_units() -> None:
    assert violations("sendMessage", chat_id=CHAT, text="<b>" + "x" * 4096 + "</b>", parse_mode="HTML") == []
    assert violations("sendMessage", chat_id=CHAT, text="&amp;" * 4096, parse_mode="HTML") == []
    assert violations("sendMessage", chat_id=CHAT, text="🙂" * 2048) == []
    assert violations("sendMessage", chat_id=CHAT, text="🙂" * 2049) == [
        "sendMessage.text: 4098 characters, Telegram allows 1-4096"
    ]


def test_callback_answers_and_commands_keep_their_limits() -> None:
    assert violations("answerCallbackQuery", callback_query_id="1", text="x" * 200, show_alert=True) == []
    assert violations("answerCallbackQuery", callback_query_id="1", text="x" * 201) == [
        "answerCallbackQuery.text: 201 characters, Telegram allows 0-200"
    ]
    assert violations("answerCallbackQuery", text="ok") == [
        "answerCallbackQuery.callback_query_id: required but missing"
    ]
    good = {"command": "ask", "description": "Ask a question"}
    assert violations("setMyCommands", commands=[good]) == []
    bad = [{"command": "Ask"}, {"command": "a" * 33, "description": "d" * 257}]
    assert violations("setMyCommands", commands=bad) == [
        "setMyCommands.commands[0]<BotCommand>.description: required but missing",
        "setMyCommands.commands[0]<BotCommand>.command: 'Ask' has characters the spec does not allow",
        "setMyCommands.commands[1]<BotCommand>.command: 33 characters, Telegram allows 1-32",
        "setMyCommands.commands[1]<BotCommand>.description: 257 characters, Telegram allows 1-256",
    ]
    assert violations("setMyCommands", commands=[good] * 101) == [
        "setMyCommands.commands: 101 items, at most 100 allowed"
    ]


def test_inline_results_are_checked_as_their_subtype() -> None:
    assert violations("answerInlineQuery", inline_query_id="q", results=[article()], cache_time=30) == []
    assert violations(
        "answerInlineQuery", inline_query_id="q", results=[article(str(i)) for i in range(51)]
    ) == ["answerInlineQuery.results: 51 items, at most 50 allowed"]
    results = [article("x" * 65), article("dup"), article("dup", colour="red"), {**article(), "type": "clip"}]
    del results[1]["input_message_content"]
    assert violations("answerInlineQuery", inline_query_id="q", results=results) == [
        "answerInlineQuery.results[0]<InlineQueryResultArticle>.id: 65 bytes, Telegram allows 1-64",
        "answerInlineQuery.results[1]<InlineQueryResultArticle>.input_message_content: required but missing",
        "answerInlineQuery.results[2]<InlineQueryResultArticle>.colour: not a documented field",
        "answerInlineQuery.results[3]: type 'clip' is not a kind of InlineQueryResult",
        "answerInlineQuery.results: result id 'dup' is used 2 times",
    ]
    long_text = article(
        input_message_content={"message_text": "<i>" + "x" * 4097 + "</i>", "parse_mode": "HTML"}
    )
    [found] = violations("answerInlineQuery", inline_query_id="q", results=[long_text])
    assert found.endswith(
        "<InputTextMessageContent>.message_text: 4097 characters after entity parsing, Telegram allows 1-4096"
    )


def test_unknown_and_trimmed_methods() -> None:
    assert violations("sendMesage", chat_id=CHAT, text="x") == ["sendMesage: not a method of Bot API 10.0"]
    assert violations("sendPhoto", chat_id=CHAT, photo="f")[0].startswith(
        "sendPhoto: trimmed out of the vendored spec"
    )


def test_wire_format_is_read_as_a_server_reads_it() -> None:
    form = {
        "chat_id": "1005",
        "text": "27",
        "reply_markup": json.dumps(GOOD_MESSAGE["reply_markup"]),
        "disable_notification": "true",
    }
    assert check_request("sendMessage", form, wire=True) == []
    bad = {
        **form,
        "disable_notification": "maybe",
        "reply_markup": json.dumps({"inline_keyboard": [[{"text": 1}]]}),
    }
    assert check_request("sendMessage", bad, wire=True) == [
        "sendMessage.reply_markup<InlineKeyboardMarkup>.inline_keyboard[0][0]<InlineKeyboardButton>.text: "
        "int 1, not String",
        "sendMessage.disable_notification: str 'maybe', not Boolean",
    ]


def test_html_parser_returns_the_visible_text() -> None:
    text = '<b>A &amp; B</b> &lt;3 &#8364;5 <span class="tg-spoiler">s</span>'
    text += '<pre><code class="language-py">x</code></pre>'
    assert parse_html(text) == ("A & B <3 €5 sx", [])
    assert parse_html('<blockquote expandable><tg-emoji emoji-id="5">🙂</tg-emoji></blockquote>') == (
        "🙂",
        [],
    )
    assert parse_html("<span>x</span>")[1] == ['<span> needs class="tg-spoiler"']
    assert parse_html('<a href="x?a=1&b=2">x</a>')[1] == ["<a href=…>: a bare '&' in the value: escape it"]
