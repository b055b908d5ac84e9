"""Load: 50 chats ask 5 questions each, all at once, through the emulator to the real polling bot.

Every question must be answered exactly once, correctly, in its own chat. Prints throughput and latency.
The bot's flood limiter caps sends at Telegram's 30 messages/s, so that bounds the throughput.
"""

from __future__ import annotations

import asyncio
import re
import statistics
import time

import httpx
import pytest
from e2e_support import BotProcess, Emulator, user_message

CHATS, PER_CHAT = 50, 5
# Five questions about the sample article, each with its own figure, so a crossed reply is caught.
QUESTIONS = [
    ("how many base stations?", "27,000"),
    ("how many tons of goods were delivered?", "more than 226 tons"),
    ("how many Uzbek students trained at Huawei?", "More than 50"),
    ("how many contracts were signed in January 2024?", "12"),
    ("how much did IT service exports to China reach?", "USD 7.4 million"),
]


async def ask_all(emulator: Emulator, token: str, chat_id: int) -> tuple[list[str], list[tuple[float, str]]]:
    """Send this chat's questions at once; the expected figures and every reply as (latency s, text)."""
    questions = [QUESTIONS[(chat_id + i) % len(QUESTIONS)] for i in range(PER_CHAT)]
    async with httpx.AsyncClient(base_url=emulator.url, timeout=60) as http:
        sent_at = time.perf_counter()
        for question, _ in questions:
            (await http.post("/sendMessage", json=user_message(token, chat_id, question))).raise_for_status()
        got: list[tuple[float, str]] = []
        deadline = sent_at + 90
        while len(got) < PER_CHAT and time.perf_counter() < deadline:
            body = {"token": token, "chatId": chat_id, "timeout": 10}
            result = (await http.post("/waitUpdates", json=body)).json()["result"]
            got += [(time.perf_counter() - sent_at, str(r["message"]["text"])) for r in result]
        await asyncio.sleep(0.5)  # a duplicate would arrive by now
        extra = (await http.post("/waitUpdates", json={"token": token, "chatId": chat_id})).json()["result"]
    return [figure for _, figure in questions], got + [(0.0, str(r["message"]["text"])) for r in extra]


def figure_of(text: str) -> str:
    """The bold figure an answer starts with ('' for anything else)."""
    match = re.match(r"<b>(.*?)</b>", text)
    return match.group(1) if match else ""


def test_fifty_chats_five_questions_each(
    emulator: Emulator, polling_bot: BotProcess, capsys: pytest.CaptureFixture[str]
) -> None:
    chat_ids = [10_000 + i for i in range(CHATS)]

    async def everyone() -> list[tuple[list[str], list[tuple[float, str]]]]:
        return await asyncio.gather(*(ask_all(emulator, polling_bot.token, c) for c in chat_ids))

    started = time.perf_counter()
    results = asyncio.run(everyone())
    elapsed = time.perf_counter() - started
    latencies = []
    for chat_id, (expected, replies) in zip(chat_ids, results, strict=True):
        assert len(replies) == PER_CHAT, f"chat {chat_id}: {len(replies)} replies for {PER_CHAT} questions"
        figures = sorted(figure_of(text) for _, text in replies)
        assert figures == sorted(expected), f"chat {chat_id}: expected {sorted(expected)}, got {figures}"
        latencies += [latency for latency, _ in replies]
    latencies.sort()
    p50, p99 = statistics.median(latencies), latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))]
    with capsys.disabled():
        print(
            f"\nload: {CHATS} chats x {PER_CHAT} questions = {len(latencies)} answers in {elapsed:.1f} s "
            f"({len(latencies) / elapsed:.1f} answers/s); "
            f"latency p50 {p50 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms"
        )
