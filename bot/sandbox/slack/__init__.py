"""A faithful fake Slack (Web API + response_url) and a driver that acts like Slack and a person."""

from __future__ import annotations

from bot.sandbox.slack.driver import SlackDriver, SlackProtocolError, SubmitResult
from bot.sandbox.slack.fake import FakeSlack, SlackApiError
from bot.sandbox.slack.state import (
    ApiCall,
    Channel,
    Ephemeral,
    EventHub,
    FakeEvent,
    Message,
    ResponsePost,
    User,
    ViewRecord,
)

__all__ = [
    "ApiCall",
    "Channel",
    "Ephemeral",
    "EventHub",
    "FakeEvent",
    "FakeSlack",
    "Message",
    "ResponsePost",
    "SlackApiError",
    "SlackDriver",
    "SlackProtocolError",
    "SubmitResult",
    "User",
    "ViewRecord",
]
