"""A faithful fake Slack (Web API, response_url, Socket Mode) and a driver that acts like Slack
and a person."""

from __future__ import annotations

from standins.slack.driver import SlackDriver, SlackProtocolError, SubmitResult
from standins.slack.fake import FakeSlack, SlackApiError
from standins.slack.socket_mode import SocketAck, SocketModeHub
from standins.slack.state import (
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
    "SocketAck",
    "SocketModeHub",
    "SubmitResult",
    "User",
    "ViewRecord",
]
