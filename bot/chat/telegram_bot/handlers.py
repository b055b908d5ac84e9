"""factbot on Telegram: questions in, figures out, over python-telegram-bot 22.

Private chats: any text is a question. Groups: the bot answers when mentioned, replied to, or with /ask.
Answers carry two buttons ("More answers", "Show context") whose callback data holds all they need, so they
keep working after a restart. The search runs in a worker thread; state lives in `application.bot_data`,
and conversations (`conversations`) in each chat's `chat_data`.
Running the process (flood limits, logs, polling or webhook, exit codes) is `runtime`'s job.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Awaitable

from telegram import (
    BotCommand,
    CallbackQuery,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    MessageEntity,
    Update,
)
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import BadRequest, Conflict, Forbidden, NetworkError, TelegramError
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    BaseRateLimiter,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest

import bot.answer as qa
from bot.chat.telegram_bot.conversations import answer_in_conversation, followed_up, new_conversation
from bot.chat.telegram_bot.replies import (
    CONTEXT,
    BadCallbackData,
    answer_keyboard,
    clip,
    esc,
    format_answer,
    format_context,
    format_help,
    format_more,
    format_sources,
    generation_tag,
    inline_articles,
    parse_button,
    question_text,
    reading_line,
)
from bot.config import Settings
from bot.errors import FactbotError
from bot.ingest import counted
from bot.models import Source
from bot.search import SearchIndex, build_index, open_index

log = logging.getLogger(__name__)

# Keys of application.bot_data. CONFLICT is set when another process polls with our token.
INDEX, SETTINGS, RATE, REINDEX_LOCK, CONFLICT = "index", "settings", "rate", "reindex_lock", "conflict"
COMMANDS = [
    BotCommand("ask", "Ask a question about the articles"),
    BotCommand("help", "What to ask, with examples"),
    BotCommand("sources", "The articles I have read"),
    BotCommand("new", "Start afresh: the next question does not follow up"),
    BotCommand("reindex", "Rebuild the index from the corpus (admins)"),
]
SOMETHING_WRONG = "Sorry, something went wrong on my side. Please try again in a moment."
ASK_AGAIN = "The index was rebuilt, please ask again."
ONLY_TEXT = "I only read text: send me your question as a message."
PRIVATE = "Sorry, this bot is private."
ADMINS_ONLY = "Sorry, only the bot's admins can rebuild the index."
TOO_FAST = "You're asking faster than I can answer: please wait a minute."
MENTION_ONLY = "Ask me a question after the mention, e.g. “how many base stations?”"
STALE_BUTTON = "This button no longer works: please ask again."
QUESTION_GONE = "I can't see the question any more: please ask again."
Context = ContextTypes.DEFAULT_TYPE


def addressed_to_bot(message: Message, bot_id: int, username: str | None) -> bool:
    """True when a group message mentions the bot or replies to one of its messages."""
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
        return True
    for entity, text in message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION]).items():
        if entity.type == MessageEntity.TEXT_MENTION and entity.user and entity.user.id == bot_id:
            return True
        if username and text.lower() == f"@{username.lower()}":
            return True
    return False


def within_rate(context: Context, user_id: int) -> bool | None:
    """Record one question: True if allowed, False if over the limit, None if over and already told."""
    limit = context.bot_data[SETTINGS].rate_limit_per_minute
    if limit == 0:
        return True
    now, rates = time.monotonic(), context.bot_data[RATE]
    if len(rates) > 4096:  # forget users idle for a minute, so the table stays small
        for idle in [uid for uid, (stamps, _) in rates.items() if not stamps or now - stamps[-1] >= 60]:
            del rates[idle]
    stamps, told = rates.setdefault(user_id, (deque(), [False]))
    while stamps and now - stamps[0] >= 60:
        stamps.popleft()
    if len(stamps) < limit:
        stamps.append(now)
        told[0] = False
        return True
    if told[0]:
        return None
    told[0] = True
    return False


async def reply_with_answer(update: Update, context: Context, question: str) -> None:
    """Answer one question in the chat it came from, replying to the question's message."""
    message, user = update.effective_message, update.effective_user
    allowed = within_rate(context, user.id if user else 0)
    if not allowed:
        if allowed is False:
            await refuse(message.reply_text(TOO_FAST), "rate limit")
        return
    index: SearchIndex = context.bot_data[INDEX]
    with contextlib.suppress(TelegramError):
        await context.bot.send_chat_action(message.chat_id, ChatAction.TYPING)
    try:
        minutes = context.bot_data[SETTINGS].conversation_minutes
        result = await answer_in_conversation(update, context, question, index, minutes)
    except qa.InvalidQuestion as exc:
        await message.reply_html(f"Please ask a question in words. <i>{esc(clip(str(exc), 300))}</i>")
        return
    markup = answer_keyboard(index.generation, result.sentence_id, result.highlight) if result.found else None
    await message.reply_html(format_answer(result), reply_markup=markup, do_quote=True)


async def start(update: Update, context: Context) -> None:
    """Explain what to ask, with example questions taken from the corpus (/start and /help)."""
    index: SearchIndex = context.bot_data[INDEX]
    examples = await asyncio.to_thread(qa.suggest_questions, index, 3)
    await update.effective_message.reply_html(format_help(examples, index.n_articles))


async def ask(update: Update, context: Context) -> None:
    """Answer the question after /ask."""
    question = " ".join(context.args or [])
    if not question.strip():
        await update.effective_message.reply_text("Usage: /ask <question>, e.g. /ask how many base stations?")
        return
    await reply_with_answer(update, context, question)


async def private_text(update: Update, context: Context) -> None:
    """Answer any text sent in a private chat."""
    await reply_with_answer(update, context, update.effective_message.text)


async def group_text(update: Update, context: Context) -> None:
    """Answer group messages that mention the bot or reply to it; ignore other chatter."""
    message = update.effective_message
    if not addressed_to_bot(message, context.bot.id, context.bot.username):
        return
    question = question_text(message.text, context.bot.username)
    if not question:
        await refuse(message.reply_text(MENTION_ONLY), "group addressing")
        return
    await reply_with_answer(update, context, question)


async def not_text(update: Update, context: Context) -> None:
    """Tell the user in one line that only text questions are read."""
    await update.effective_message.reply_text(ONLY_TEXT)


async def sources(update: Update, context: Context) -> None:
    """List the articles in the index."""
    index: SearchIndex = context.bot_data[INDEX]
    articles = await asyncio.to_thread(index.articles)
    await update.effective_message.reply_html(format_sources(articles))


async def reindex(update: Update, context: Context) -> None:
    """Rebuild the index from the corpus (admins only) and swap it in while answering goes on."""
    settings: Settings = context.bot_data[SETTINGS]
    message, user = update.effective_message, update.effective_user
    if user is None or user.id not in settings.admins:
        await refuse(message.reply_text(ADMINS_ONLY), "admin-only /reindex")
        return
    lock: asyncio.Lock = context.bot_data[REINDEX_LOCK]
    if lock.locked():
        await message.reply_text("A rebuild is already running.")
        return
    async with lock:
        await message.reply_text("Rebuilding the index; I keep answering meanwhile.")
        try:
            report = await asyncio.to_thread(build_index, settings.corpus_dir, settings.index_dir)
            index = await asyncio.to_thread(
                open_index, settings.corpus_dir, settings.index_dir, auto_rebuild_max_mb=0
            )
        except FactbotError as exc:
            await message.reply_html(f"The rebuild failed: {esc(clip(str(exc), 1000))}")
            return
        context.bot_data[INDEX] = index
    log.info("index rebuilt: %s", report)
    await message.reply_html(
        f"Done: {esc(clip(str(report), 1000))}\n"
        f"Now {counted(index.n_articles, 'article')}, {counted(index.n_sentences, 'sentence')}."
    )


async def button(update: Update, context: Context) -> None:
    """Handle 'More answers' and 'Show context' under an answer."""
    query = update.callback_query
    index: SearchIndex = context.bot_data[INDEX]
    try:
        press = parse_button(query.data)
    except BadCallbackData:
        await refuse(query.answer(STALE_BUTTON), "button")
        return
    if press.generation != generation_tag(index.generation):
        await refuse(query.answer(ASK_AGAIN, show_alert=True), "button")
        return
    reading = followed_up(query)
    heading = reading_line(reading) if reading else ""
    if press.action == CONTEXT:
        rows, source = await asyncio.to_thread(context_of, index, press.sentence_id)
        text = format_context(rows, press.sentence_id, source, press.highlight, heading)
        markup = answer_keyboard(index.generation, press.sentence_id, press.highlight, context=False)
    else:
        question = reading or asked_question(query, context.bot.username)
        try:
            result = await asyncio.to_thread(qa.answer, question, index)
        except qa.InvalidQuestion:
            await refuse(query.answer(QUESTION_GONE, show_alert=True), "button")
            return
        text = format_more(result, heading)
        markup = answer_keyboard(index.generation, press.sentence_id, press.highlight, more=False)
    await query.answer()
    await _edit(query, text, markup)


def context_of(index: SearchIndex, sentence_id: int) -> tuple[list[tuple[int, str]], Source]:
    """The sentences around one sentence, and the article they come from."""
    _, article = index.sentences([sentence_id])[sentence_id]
    return index.context(sentence_id), index.source(article)


def asked_question(query: CallbackQuery, username: str | None) -> str:
    """The question an answer replied to, read from the answer's `reply_to_message` ('' if unseen)."""
    message = query.message if isinstance(query.message, Message) else None
    if message is None or message.reply_to_message is None:
        return ""
    return question_text(message.reply_to_message.text, username)


async def _edit(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup) -> None:
    """Replace a button's message with `text`; an unchanged message is not an error."""
    try:
        await query.edit_message_text(text, parse_mode=ParseMode.HTML, reply_markup=markup)
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            raise


async def inline_query(update: Update, context: Context) -> None:
    """Answer `@bot question` typed in any chat with the top answers as articles to send."""
    query = update.inline_query
    text = query.query.strip()
    if not text or not within_rate(context, query.from_user.id):
        await refuse(query.answer([], cache_time=5), "inline rate limit")
        return
    try:
        result = await asyncio.to_thread(qa.answer, text, context.bot_data[INDEX])
    except qa.InvalidQuestion:
        await query.answer([], cache_time=5)
        return
    articles = inline_articles(result)
    await query.answer(articles, cache_time=30)


async def allowlist(update: Update, context: Context) -> None:
    """Stop updates from chats and users outside FACTBOT_ALLOWED_CHATS (when it is set)."""
    allowed = context.bot_data[SETTINGS].allowed_chats
    ids = {who.id for who in (update.effective_chat, update.effective_user) if who is not None}
    if not allowed or ids & allowed:
        return
    log.info("ignored an update from %s: not in FACTBOT_ALLOWED_CHATS", sorted(ids))
    chat, message = update.effective_chat, update.effective_message
    if chat is not None and chat.type == ChatType.PRIVATE and message is not None and update.message:
        await refuse(message.reply_text(PRIVATE), "allowlist")
    raise ApplicationHandlerStop


async def refuse(send: Awaitable[object], guard: str) -> None:
    """Send a guard's refusal; its failure, of any kind, is logged and never raised, so the guard holds.

    A guard that stops an update must stop it whatever happens to the refusal: a send can time out after
    delivery, meet flood control or a user who blocked the bot, or come back unreadable.
    """
    try:
        await send
    except Exception as exc:
        log.warning(
            "%s: the refusal was not sent (%s: %s); the update stays refused", guard, type(exc).__name__, exc
        )


async def on_error(update: object, context: Context) -> None:
    """The one error handler: log, tell the user something went wrong, stop on a polling conflict."""
    error = context.error
    if isinstance(error, Conflict):
        log.error("polling conflict (%s): stopping", error)
        context.bot_data[CONFLICT] = True
        context.application.stop_running()
        return
    if isinstance(error, Forbidden):
        log.warning("Telegram refused to deliver (%s): the user blocked the bot or left; skipped", error)
        return
    if update is None and isinstance(error, NetworkError):
        log.warning("fetching updates failed: %s (retrying)", error)
        return
    log.error("handler failed on update %s", getattr(update, "update_id", None), exc_info=error)
    if not isinstance(update, Update):
        return
    with contextlib.suppress(TelegramError):
        if update.callback_query is not None:
            await update.callback_query.answer(SOMETHING_WRONG, show_alert=True)
        elif update.effective_message is not None and update.effective_chat is not None:
            await update.effective_message.reply_text(SOMETHING_WRONG)


async def post_init(application: Application) -> None:
    """Register the command menu (a failure here is logged, not fatal)."""
    try:
        await application.bot.set_my_commands(COMMANDS)
    except TelegramError as exc:
        log.warning("setMyCommands failed: %s", exc)


def build_application(
    settings: Settings,
    index: SearchIndex,
    *,
    rate_limiter: BaseRateLimiter | None = None,
    request: BaseRequest | None = None,
    updates_request: BaseRequest | None = None,
) -> Application:
    """The configured Application: handlers, error handler and state (no network yet).

    The process passes its flood limiter (`runtime.RetryingRateLimiter`); None sends directly.
    """
    token = settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else ""
    builder = (
        Application.builder()
        .token(token)
        .base_url(settings.telegram_api_url)
        .concurrent_updates(64)
        .defaults(
            Defaults(
                link_preview_options=LinkPreviewOptions(is_disabled=True), allow_sending_without_reply=True
            )
        )
        .post_init(post_init)
    )
    if rate_limiter is not None:
        builder = builder.rate_limiter(rate_limiter)
    if request is not None:
        builder = builder.request(request).get_updates_request(updates_request or request)
    app = builder.build()
    app.bot_data.update({INDEX: index, SETTINGS: settings, RATE: {}, REINDEX_LOCK: asyncio.Lock()})
    add_handlers(app)
    return app


def add_handlers(app: Application) -> None:
    """Wire every handler and the error handler into `app`."""
    text = filters.TEXT & ~filters.COMMAND & filters.UpdateType.MESSAGE
    app.add_handler(TypeHandler(Update, allowlist), group=-1)
    fresh = filters.UpdateType.MESSAGE  # an edited message is not asked again
    for names, callback in (
        (["start", "help"], start),
        ("ask", ask),
        ("sources", sources),
        ("reindex", reindex),
        ("new", new_conversation),
    ):
        app.add_handler(CommandHandler(names, callback, filters=fresh))
    app.add_handler(MessageHandler(text & filters.ChatType.PRIVATE, private_text))
    app.add_handler(MessageHandler(text & filters.ChatType.GROUPS, group_text))
    not_text_filter = ~filters.TEXT & ~filters.StatusUpdate.ALL & filters.UpdateType.MESSAGE
    app.add_handler(MessageHandler(filters.ChatType.PRIVATE & not_text_filter, not_text))
    app.add_handler(CallbackQueryHandler(button))
    app.add_handler(InlineQueryHandler(inline_query))
    app.add_error_handler(on_error)
