"""Stand-ins for a bot run as a REAL subprocess (``leonar-bot serve`` or ``socket``): the fake
Slack and a Leonar sandbox served in the test process, the environment pointing the bot at them,
and what the channel shows afterwards."""

from __future__ import annotations

import os
import socket
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass

from cryptography.fernet import Fernet

from standins.harness import BOT_TOKEN, SIGNING_SECRET
from standins.leonar import API_PREFIX, DEFAULT_KEY, SandboxState, create_leonar_sandbox
from standins.serve import serve_asgi
from standins.slack import FakeSlack

CHANNEL = "C0GENERAL"


@dataclass
class StandIns:
    fake: FakeSlack
    leonar: SandboxState
    env: dict[str, str]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@asynccontextmanager
async def stand_ins(
    database_url: str, *, latency: float, grace: float, **extra: str
) -> AsyncIterator[StandIns]:
    """The fake Slack and a Leonar sandbox answering after ``latency`` seconds, served here; the
    environment a bot process needs to use them (``SHUTDOWN_GRACE=grace``, ``extra`` added)."""
    state = SandboxState.demo()
    state.latency = latency
    fake = FakeSlack(signing_secret=SIGNING_SECRET, bot_token=BOT_TOKEN)
    async with AsyncExitStack() as stack:
        fake.base_url = await stack.enter_async_context(serve_asgi(fake.app))
        leonar = await stack.enter_async_context(serve_asgi(create_leonar_sandbox(state)))
        env = {
            **os.environ,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_API_URL": fake.api_url,
            "LEONAR_API_URL": leonar + API_PREFIX,
            "LEONAR_API_KEY": DEFAULT_KEY,
            "DATABASE_URL": database_url,
            "ENCRYPTION_KEY": Fernet.generate_key().decode(),
            "SHUTDOWN_GRACE": str(grace),
            "LOG_LEVEL": "INFO",
        }
        for name in ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "ALLOWED_USERS", "SLACK_APP_TOKEN"):
            env.pop(name, None)
        env.update(extra)
        yield StandIns(fake, state, env)


def result_threads(fake: FakeSlack, channel: str = CHANNEL) -> int:
    """How many search results threads ``channel`` shows (the parent and its Enroll button)."""
    done = 0
    for top in fake.messages(channel):
        replies = [r for r in fake.replies(channel, top.ts) if r.ts != top.ts]
        if "contacts for" in top.text and any("Enroll all" in r.visible_text for r in replies):
            done += 1
    return done
