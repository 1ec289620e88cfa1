"""Regressions found by the load benchmarks (bench/); each names the defect it pins."""

from __future__ import annotations

import logging

from uvicorn.logging import AccessFormatter

from bot.log import install_redaction

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
