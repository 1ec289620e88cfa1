"""Typed views of the Slack payload fields the listeners use, validated before use.

Bolt hands listeners plain dicts; these pydantic models pick out (and check) what we read, so
a malformed or hostile payload fails here, in one place, instead of deep inside a handler.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError


class _Loose(BaseModel):
    model_config = ConfigDict(extra="ignore")


class _Id(_Loose):
    id: str = ""


class _Container(_Loose):
    type: str = ""
    message_ts: str | None = None
    channel_id: str | None = None
    thread_ts: str | None = None
    view_id: str | None = None


class _Message(_Loose):
    ts: str | None = None
    thread_ts: str | None = None
    text: str | None = None
    blocks: list[dict[str, Any]] = Field(default_factory=list)


class _Action(_Loose):
    action_id: str = ""
    block_id: str | None = None
    value: str | None = None
    selected_option: dict[str, Any] | None = None


class _View(_Loose):
    id: str = ""
    callback_id: str | None = None
    private_metadata: str | None = None
    hash: str | None = None


class ActionPayload(_Loose):
    """A block_actions payload, reduced to what the handlers need."""

    team: _Id = Field(default_factory=_Id)
    user: _Id = Field(default_factory=_Id)
    channel: _Id | None = None
    container: _Container = Field(default_factory=_Container)
    message: _Message | None = None
    view: _View | None = None
    actions: list[_Action] = Field(default_factory=list)
    trigger_id: str = ""
    response_url: str | None = None

    @property
    def team_id(self) -> str:
        return self.team.id

    @property
    def user_id(self) -> str:
        return self.user.id

    @property
    def channel_id(self) -> str:
        if self.channel is not None and self.channel.id:
            return self.channel.id
        return self.container.channel_id or ""

    @property
    def message_ts(self) -> str:
        if self.message is not None and self.message.ts:
            return self.message.ts
        return self.container.message_ts or ""

    @property
    def thread_ts(self) -> str:
        """The thread the clicked message lives in (its own ts when it is a parent)."""
        if self.message is not None and self.message.thread_ts:
            return self.message.thread_ts
        return self.container.thread_ts or self.message_ts

    @property
    def action(self) -> _Action:
        return self.actions[0] if self.actions else _Action()

    @property
    def value(self) -> str:
        """The clicked button's value, or the chosen option's value (overflow, select)."""
        act = self.action
        if act.value is not None:
            return act.value
        if act.selected_option is not None:
            return str(act.selected_option.get("value") or "")
        return ""


def parse_action(body: dict[str, Any]) -> ActionPayload | None:
    """The typed payload, or None when it is not a well-formed block_actions payload."""
    try:
        return ActionPayload.model_validate(body)
    except ValidationError:
        return None
