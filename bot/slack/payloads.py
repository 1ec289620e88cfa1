"""Typed views of the Slack payload fields the listeners use, validated before use.

Bolt hands listeners plain dicts; these pydantic models pick out (and check) what we read, so
a malformed or hostile payload fails here, in one place, instead of deep inside a handler.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator


class _Loose(BaseModel):
    model_config = ConfigDict(extra="ignore")


class _Id(_Loose):
    id: str = ""


class _FromPerson(_Loose):
    """A request from one person of one workspace."""

    team: _Id = Field(default_factory=_Id)
    user: _Id = Field(default_factory=_Id)

    @property
    def team_id(self) -> str:
        return self.team.id

    @property
    def user_id(self) -> str:
        return self.user.id


class _Container(_Loose):
    type: str = ""
    message_ts: str | None = None
    channel_id: str | None = None
    thread_ts: str | None = None
    view_id: str | None = None
    is_ephemeral: bool = False
    #: the click came from an app unfurl (``type`` "message_attachment") under someone's message
    is_app_unfurl: bool = False
    app_unfurl_url: str | None = None

    @field_validator("is_ephemeral", "is_app_unfurl", mode="before")
    @classmethod
    def _truthy(cls, value: Any) -> bool:
        return bool(value)


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


class ActionPayload(_FromPerson):
    """A block_actions payload, reduced to what the handlers need."""

    channel: _Id | None = None
    container: _Container = Field(default_factory=_Container)
    message: _Message | None = None
    view: _View | None = None
    actions: list[_Action] = Field(default_factory=list)
    trigger_id: str = ""
    response_url: str | None = None

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
    def is_ephemeral(self) -> bool:
        """The clicked message is an ephemeral one (it cannot be updated with chat.update)."""
        return self.container.is_ephemeral

    @property
    def is_app_unfurl(self) -> bool:
        """The button is in one of our unfurls: ``message``/``message_ts`` are the person's
        message under it (not ours: chat.update on it fails); reply in its thread instead."""
        return self.container.is_app_unfurl

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


class _ViewState(_Loose):
    values: dict[str, dict[str, dict[str, Any]]] = Field(default_factory=dict)


class _SubmittedView(_View):
    state: _ViewState = Field(default_factory=_ViewState)
    root_view_id: str | None = None
    previous_view_id: str | None = None
    blocks: list[dict[str, Any]] = Field(default_factory=list)


class ViewSubmissionPayload(_FromPerson):
    """A view_submission payload, reduced to what the handlers need (ids and input values)."""

    view: _SubmittedView = Field(default_factory=_SubmittedView)
    trigger_id: str = ""

    def _entry(self, block_id: str, action_id: str) -> dict[str, Any]:
        return self.view.state.values.get(block_id, {}).get(action_id, {})

    def text(self, block_id: str, action_id: str) -> str | None:
        """A plain_text_input's value (None when empty or not a string)."""
        value = self._entry(block_id, action_id).get("value")
        return value if isinstance(value, str) and value else None

    def date(self, block_id: str, action_id: str) -> str | None:
        """A datepicker's ``YYYY-MM-DD`` (None when none was picked)."""
        value = self._entry(block_id, action_id).get("selected_date")
        return value if isinstance(value, str) and value else None

    def selected(self, block_id: str, action_id: str) -> list[str]:
        """The values picked in a checkboxes / radio_buttons / select input (may be empty)."""
        return [value for value, _label in self.picked(block_id, action_id)]

    def picked(self, block_id: str, action_id: str) -> list[tuple[str, str]]:
        """(value, label) of each option picked in a checkboxes / radio / select input."""
        entry = self._entry(block_id, action_id)
        options = entry.get("selected_options")
        if not isinstance(options, list):
            one = entry.get("selected_option")
            options = [one] if one is not None else []
        out: list[tuple[str, str]] = []
        for option in options:
            if isinstance(option, dict) and isinstance(option.get("value"), str):
                text = option.get("text")
                label = text.get("text") if isinstance(text, dict) else None
                out.append((option["value"], label if isinstance(label, str) else ""))
        return out


def parse_view_submission(body: dict[str, Any]) -> ViewSubmissionPayload | None:
    """The typed payload, or None when it is not a well-formed view_submission payload."""
    try:
        payload = ViewSubmissionPayload.model_validate(body)
    except ValidationError:
        return None
    return payload if payload.team_id and payload.user_id and payload.view.id else None


#: top-level keys Bolt reads as objects (``body["view"]["callback_id"]``); the ids that Slack
#: sends as text in some envelopes (``"team": "T…"``) may be text or null
_OBJECT_KEYS = ("event", "container", "view", "message")
_OBJECT_OR_TEXT_KEYS = ("team", "user", "channel", "enterprise")
_LIST_OF_OBJECTS_KEYS = ("actions", "authorizations")
_TEXT_KEYS = ("type", "command", "callback_id", "trigger_id", "response_url", "token")


def envelope_problem(body: Any) -> str | None:
    """Why a parsed request body is not something Slack sends (and would trip Bolt's own
    middleware or matchers before any listener validates it), or None when its outer shape is
    fine. Listeners still validate what they read (``parse_action``, ``parse_view_submission``)."""
    if not isinstance(body, dict):
        return "the body is not an object"
    for key in _OBJECT_KEYS:
        if key in body and not isinstance(body[key], dict):
            return f"{key} is not an object"
    for key in _OBJECT_OR_TEXT_KEYS:
        if body.get(key) is not None and not isinstance(body[key], dict | str):
            return f"{key} is not an object"
    for key in _LIST_OF_OBJECTS_KEYS:
        if key in body and not (
            isinstance(body[key], list) and all(isinstance(i, dict) for i in body[key])
        ):
            return f"{key} is not a list of objects"
    for key in _TEXT_KEYS:
        if body.get(key) is not None and not isinstance(body[key], str):
            return f"{key} is not text"
    return _inner_problem(body)


#: inner keys Bolt's matchers compare with ``==`` or a regex (a number there is a TypeError)
_INNER_TEXT_KEYS = {
    "actions": ("action_id", "block_id", "type"),
    "view": ("callback_id", "type"),
    "event": ("type", "subtype", "callback_id", "channel_type"),
}


def _inner_problem(body: dict[str, Any]) -> str | None:
    """What Bolt would index without checking: ``body["actions"][0]`` for an action payload,
    ``body["workflow_step"]`` for a workflow step, text fields that matchers compare."""
    kind = body.get("type")
    if kind in ("block_actions", "interactive_message") and not body.get("actions"):
        return "an action payload has no actions"
    if kind == "block_actions" and not all(
        isinstance(a.get("action_id"), str) for a in body["actions"]
    ):
        return "an action has no action_id"
    if kind == "block_suggestion" and not isinstance(body.get("action_id"), str):
        return "a suggestion has no action_id"
    view = body.get("view")
    if (
        kind == "workflow_step_edit"
        or (
            kind == "view_submission"
            and isinstance(view, dict)
            and view.get("type") == "workflow_step"
        )
    ) and not isinstance(body.get("workflow_step"), dict):
        return "a workflow step payload has no workflow_step"
    for key, fields in _INNER_TEXT_KEYS.items():
        value = body.get(key)
        for item in (
            value if isinstance(value, list) else [value] if isinstance(value, dict) else []
        ):
            for field in fields:
                if item.get(field) is not None and not isinstance(item[field], str):
                    return f"{key}.{field} is not text"
    return None
