"""ActionPayload: where a click came from (message, ephemeral, app unfurl)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.slack.payloads import envelope_problem, parse_action

URL = "https://www.linkedin.com/in/sophie-martin"


def _body(container: dict[str, Any], message: dict[str, Any] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": "block_actions",
        "team": {"id": "T1"},
        "user": {"id": "U1"},
        "channel": {"id": "C1"},
        "container": container,
        "actions": [{"action_id": "a", "block_id": "b", "value": "v"}],
    }
    if message is not None:
        body["message"] = message
    return body


def test_click_in_an_app_unfurl() -> None:
    payload = parse_action(
        _body(
            {
                "type": "message_attachment",
                "message_ts": "111.1",
                "attachment_id": 1,
                "channel_id": "C1",
                "is_ephemeral": False,
                "is_app_unfurl": True,
                "app_unfurl_url": URL,
            },
            {"type": "message", "user": "U1", "ts": "111.1", "text": f"<{URL}>"},
        )
    )
    assert payload is not None
    assert payload.is_app_unfurl and not payload.is_ephemeral
    assert payload.container.app_unfurl_url == URL
    # the person's message: its thread is where answers go
    assert (payload.message_ts, payload.thread_ts) == ("111.1", "111.1")


def test_click_in_an_ephemeral_and_in_a_plain_message() -> None:
    ephemeral = parse_action(
        _body({"type": "message", "message_ts": "2.2", "channel_id": "C1", "is_ephemeral": True})
    )
    assert ephemeral is not None and ephemeral.is_ephemeral and not ephemeral.is_app_unfurl
    plain = parse_action(_body({"type": "message", "message_ts": "3.3", "channel_id": "C1"}))
    assert plain is not None and not plain.is_ephemeral and not plain.is_app_unfurl
    # odd values are read as Slack's truthiness, not a parse failure
    odd = parse_action(_body({"type": "message", "is_ephemeral": "yes", "is_app_unfurl": None}))
    assert odd is not None and odd.is_ephemeral and not odd.is_app_unfurl


@pytest.mark.parametrize(
    "body",
    [
        # Bolt reads body["actions"][0] for both kinds: a KeyError (a 500) before any listener
        {"type": "interactive_message", "callback_id": "/leonar"},
        {"type": "interactive_message", "callback_id": "x", "actions": []},
        {"type": "block_actions", "actions": []},
        {"type": "block_actions", "actions": [{"block_id": "b"}]},
        {"type": "block_actions", "actions": [{"action_id": 7}]},
        {"type": "block_suggestion", "action_id": None},
        {"type": "workflow_step_edit", "callback_id": "x"},
        {"type": "view_submission", "view": {"type": "workflow_step", "callback_id": "x"}},
        {"type": "view_submission", "view": {"callback_id": 3}},
        {"type": "event_callback", "event": {"type": ["message"]}},
    ],
)
def test_envelopes_that_would_trip_bolt_are_refused(body: dict[str, Any]) -> None:
    assert envelope_problem(body) is not None


@pytest.mark.parametrize(
    "body",
    [
        _body({"type": "message", "message_ts": "1.1", "channel_id": "C1"}),
        {"type": "view_submission", "view": {"id": "V1", "callback_id": "x", "type": "modal"}},
        {"type": "block_suggestion", "action_id": "a", "value": "so"},
        {"type": "event_callback", "event": {"type": "app_home_opened", "tab": "home"}},
        {"type": "url_verification", "challenge": "c"},
    ],
)
def test_envelopes_slack_sends_pass(body: dict[str, Any]) -> None:
    assert envelope_problem(body) is None
