"""Regressions found by the load benchmarks (bench/); each names the defect it pins."""

from __future__ import annotations

import logging

from uvicorn.logging import AccessFormatter

from bot.log import install_redaction, pin_eager_debug_loggers
from bot.slack.deps import make_slack_client
from standins.harness import BOT_TOKEN, Stack

CHANNEL = "C0GENERAL"
ACCESS_FORMAT = '%(client_addr)s - "%(request_line)s" %(status_code)s'


def test_uvicorn_access_log_lines_still_format_after_redaction_is_installed() -> None:
    # bench/ack_latency.py found every access line of `leonar-bot serve` failing to format
    # (the redactor set record.args = None; uvicorn's AccessFormatter unpacks them)
    install_redaction()
    record = logging.getLogger("uvicorn.access").makeRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:50000", "POST", "/slack/events", "1.1", 200),
        None,
    )
    line = AccessFormatter(ACCESS_FORMAT, use_colors=False).format(record)
    assert line == '127.0.0.1:50000 - "POST /slack/events HTTP/1.1" 200 OK'


async def test_slack_calls_do_not_build_the_debug_lines_that_are_dropped(stack: Stack) -> None:
    # py-spy under a search burst: slack_sdk formats every Web API request (its blocks) and
    # response into a debug string whenever its logger's OWN level is unset, even at LOG_LEVEL
    # INFO where the line is dropped (~4 % of a search's CPU). configure_logging pins it.
    root, sdk = logging.getLogger(), logging.getLogger("slack_sdk.web.async_base_client")
    levels = (root.level, sdk.level)
    built: list[str] = []
    original_debug = sdk.debug
    sdk.debug = lambda msg, *args, **kwargs: built.append(str(msg))  # type: ignore[method-assign]
    client = make_slack_client(stack.settings, BOT_TOKEN)
    try:
        root.setLevel(logging.INFO)
        sdk.setLevel(logging.NOTSET)
        await client.chat_postMessage(channel=CHANNEL, text="unpinned")
        assert any("Sending a request" in line for line in built)  # the defect

        built.clear()
        pin_eager_debug_loggers()
        assert sdk.level == logging.INFO
        await client.chat_postMessage(channel=CHANNEL, text="pinned")
        assert built == []

        # LOG_LEVEL=DEBUG still shows slack_sdk's lines
        root.setLevel(logging.DEBUG)
        pin_eager_debug_loggers()
        await client.chat_postMessage(channel=CHANNEL, text="debug")
        assert any("Sending a request" in line for line in built)
    finally:
        sdk.debug = original_debug  # type: ignore[method-assign]
        root.setLevel(levels[0])
        sdk.setLevel(levels[1])
