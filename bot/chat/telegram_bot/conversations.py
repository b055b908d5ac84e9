"""Conversations on Telegram: one per private chat and one per user inside a group, each kept as JSON in
the chat's `chat_data` (in memory: a restart forgets them), so that follow-ups never cross chats or users.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from telegram import CallbackQuery, Message, Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

import bot.answer as qa
from bot.chat.telegram_bot.replies import read_back
from bot.models import Answer
from bot.search import SearchIndex

CONVERSATIONS = "conversations"  # key of chat_data: conversation states (JSON) by conversation_key
STARTED_AFRESH = "Starting afresh: your next question stands alone."
Context = ContextTypes.DEFAULT_TYPE


def conversation_key(update: Update) -> str:
    """Whose conversation an update belongs to: the private chat's, or the user's inside a group."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or chat.type == ChatType.PRIVATE or user is None:
        return "chat"
    return f"user:{user.id}"


async def answer_in_conversation(
    update: Update, context: Context, question: str, index: SearchIndex, minutes: float
) -> Answer:
    """Answer a question as the next turn of its conversation, whose context lasts `minutes`."""
    states: dict[str, Any] = context.chat_data.setdefault(CONVERSATIONS, {})
    key = conversation_key(update)
    conversation = qa.Conversation.from_state(states.get(key), minutes)
    result = await asyncio.to_thread(conversation.ask, question, index, answer=qa.answer)
    now = time.time()
    for stale in [k for k, s in states.items() if qa.Conversation.from_state(s, minutes).expired(now)]:
        del states[stale]  # forget users who stopped talking, so a group's table stays small
    states[key] = conversation.state()
    return result


async def new_conversation(update: Update, context: Context) -> None:
    """Forget the conversation's context: the next question stands alone (/new)."""
    context.chat_data.get(CONVERSATIONS, {}).pop(conversation_key(update), None)
    await update.effective_message.reply_text(STARTED_AFRESH)


def followed_up(query: CallbackQuery) -> str | None:
    """The full question a follow-up answer was read as, from its 'Reading that as: …' line."""
    message = query.message if isinstance(query.message, Message) else None
    return read_back(message.text) if message is not None else None
