"""PTB's ``AIORateLimiter`` beside Quorum's ``TelegramRateLimiter``, on the same script.

    python bench/ratelimiters.py [--chats 300] [--burst 3]

A PTB bot sends every message at once (``asyncio.gather``) through one rate limiter to the
local Bot API fake, which enforces Telegram's limits (30 messages/s overall, 1/s per private
chat) in sliding windows and answers 429 to anything over them; the fake runs on its own loop
(:mod:`bench.fakehost`). Every limiter gets the same bot, HTTP client and script. PTB's runs
twice: with its defaults (30/s overall, groups 20/min, no retry: a message refused with 429 is
lost) and retrying up to 3 times, so that it delivers everything too. Two cases:

- spread: ``--chats`` messages, one to each of ``--chats`` private chats;
- bursty: as many messages, ``--burst`` to each of ``--chats / --burst`` private chats.

Prints, for each case and limiter, the time from the first message the fake accepted to the
last, its ratio to the floor, the 429s and the messages delivered. The floor is what a strict
sliding window allows at best: message 30j+1 arrives j seconds after message 1, so 300
messages take 9 s at least (and more when a chat gets several: 1 a second per chat). A limiter
that finishes sooner does so by sending over the limit. Targets: ours delivers everything with
zero 429s in both cases, no slower than PTB's does when it retries (time ratio <= 1.00), and
within 5% of the floor. Exits 0 when they are met.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from telegram.error import TelegramError  # noqa: E402
from telegram.ext import AIORateLimiter, BaseRateLimiter, ExtBot  # noqa: E402

from bot.pacing import TelegramRateLimiter  # noqa: E402
from bot.transport import telegram_request  # noqa: E402
from fakegram import FakeBotApi, FakeChat  # noqa: E402
from tests.auxil.fakehost import FakeHost  # noqa: E402

TOKEN = "123456789:BENCH-LIMITERS"
FIRST_ID = 500_000


@dataclass(frozen=True)
class Run:
    case: str
    limiter: str
    took: float
    floor: float
    refused: int
    delivered: int
    wanted: int


PTB = "PTB AIORateLimiter"
PTB_RETRYING = "PTB AIORateLimiter, 3 retries"
OURS = "Quorum TelegramRateLimiter"
LIMITERS = (PTB, PTB_RETRYING, OURS)
FLOOR_TARGET = 1.05


def limiter_named(name: str) -> BaseRateLimiter[Any]:
    if name == PTB:
        return AIORateLimiter()
    if name == PTB_RETRYING:
        return AIORateLimiter(max_retries=3)
    return TelegramRateLimiter()


def floor_of(chats: list[int], overall: int = 30) -> float:
    """Seconds from the first message to the last at best under a strict sliding window of
    ``overall`` a second, and 1 a second per private chat."""
    most_to_one = max(chats.count(chat) for chat in set(chats))
    return max((len(chats) - 1) // overall, most_to_one - 1)


async def run(case: str, name: str, chats: list[int]) -> Run:
    """Send one message per entry of ``chats`` (a chat may repeat) through limiter ``name``."""
    fake = FakeBotApi()
    for chat_id in set(chats):
        fake.add_chat(FakeChat(id=chat_id, type="private", first_name=f"M{chat_id}"))
    fake.enforce_limits()
    async with FakeHost(fake) as host:
        bot: ExtBot[Any] = ExtBot(
            TOKEN,
            base_url=fake.base_url,
            base_file_url=fake.base_file_url,
            request=telegram_request(10.0),
            rate_limiter=limiter_named(name),
        )
        async with bot:

            async def send(n: int, chat_id: int) -> bool:
                try:
                    await bot.send_message(chat_id, f"Message {n}")
                except TelegramError:
                    return False
                return True

            results = await asyncio.gather(*(send(n, c) for n, c in enumerate(chats)))

        def accepted() -> list[float]:
            return sorted(r.time for r in fake.calls("sendMessage") if r.status == 200)

        times = await host.read(accepted)
        refused = await host.read(lambda: len(fake.rate_limited))
    took = times[-1] - times[0] if times else 0.0
    return Run(case, name, took, floor_of(chats), refused, sum(results), len(chats))


async def main(args: argparse.Namespace) -> int:
    spread = [FIRST_ID + n for n in range(args.chats)]
    bursty = [FIRST_ID + n // args.burst for n in range(args.chats)]
    runs = [
        await run(case, name, chats)
        for case, chats in (("spread", spread), ("bursty", bursty))
        for name in LIMITERS
    ]
    print(
        f"{args.chats} messages; spread: 1 to each of {args.chats} private chats; "
        f"bursty: {args.burst} to each of {len(set(bursty))}"
    )
    print()
    print("| case | limiter | first to last accepted | / floor | 429s | delivered |")
    print("|---|---|---|---|---|---|")
    for r in runs:
        print(
            f"| {r.case} | {r.limiter} | {r.took:.2f} s | {r.took / r.floor:.3f} "
            f"| {r.refused} | {r.delivered} of {r.wanted} |"
        )
    print()
    ok = True
    for case in ("spread", "bursty"):
        by = {r.limiter: r for r in runs if r.case == case}
        ours, ptb = by[OURS], by[PTB_RETRYING]
        ratio = ours.took / ptb.took if ptb.took > 0 else float("inf")
        clean = ours.refused == 0 and ours.delivered == ours.wanted
        ok = ok and clean and ratio <= 1.0 and ours.took / ours.floor <= FLOOR_TARGET
        print(
            f"{case}: ours / PTB's retrying {ratio:.3f} (target <= 1.00); ours / floor "
            f"{ours.took / ours.floor:.3f} (target <= {FLOOR_TARGET:.2f}); ours "
            f"{ours.refused} x 429, {ours.delivered} of {ours.wanted} delivered (target: 0, all)"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, default=300)
    parser.add_argument("--burst", type=int, default=3)
    arguments = parser.parse_args()
    if arguments.chats < 2 or arguments.burst < 1:
        parser.error("--chats must be at least 2 and --burst at least 1")
    sys.exit(asyncio.run(main(arguments)))
