"""Block Kit and view validation the way Slack's Web API rejects bad payloads.

Structure and per-field limits come from ``slack_sdk.models`` (``Block.parse`` +
``to_dict()``, which validates recursively); a few rules slack_sdk does not check
(unknown block/element types, empty texts, non plain_text labels, block counts,
duplicate ids) are added here. Each problem is reported like Slack does:
``"<reason> [json-pointer:/blocks/3/text]"``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_MESSAGE_TEXT = 40_000
MAX_PRIVATE_METADATA = 3_000
MAX_CALLBACK_ID = 255
MAX_EXTERNAL_ID = 255
MAX_VIEW_TITLE = 24

KNOWN_BLOCK_TYPES = frozenset(
    {
        "actions",
        "context",
        "divider",
        "file",
        "header",
        "image",
        "input",
        "section",
        "video",
        "rich_text",
        "markdown",
        "call",
    }
)
KNOWN_ELEMENT_TYPES = frozenset(
    {
        "button",
        "checkboxes",
        "datepicker",
        "datetimepicker",
        "email_text_input",
        "image",
        "multi_static_select",
        "multi_external_select",
        "multi_users_select",
        "multi_conversations_select",
        "multi_channels_select",
        "number_input",
        "overflow",
        "plain_text_input",
        "radio_buttons",
        "rich_text_input",
        "static_select",
        "external_select",
        "users_select",
        "conversations_select",
        "channels_select",
        "timepicker",
        "url_text_input",
        "file_input",
        "workflow_button",
    }
)
INPUT_ONLY_ELEMENTS = frozenset(
    {
        "plain_text_input",
        "number_input",
        "email_text_input",
        "url_text_input",
        "rich_text_input",
        "file_input",
    }
)


def _pointer(path: str) -> str:
    return f"[json-pointer:{path}]"


def _text_problems(obj: Any, path: str, *, plain_only: bool) -> list[str]:
    if not isinstance(obj, dict):
        return [f"must be an object {_pointer(path)}"]
    problems: list[str] = []
    kind = obj.get("type")
    if kind not in ("plain_text", "mrkdwn"):
        problems.append(f"must be a valid text object type {_pointer(path + '/type')}")
    elif plain_only and kind != "plain_text":
        problems.append(f"must be plain_text {_pointer(path + '/type')}")
    text = obj.get("text")
    if not isinstance(text, str) or not text:
        problems.append(f"must be more than 0 characters {_pointer(path + '/text')}")
    return problems


def _element_problems(element: Any, path: str, *, in_input: bool) -> list[str]:
    if not isinstance(element, dict):
        return [f"must be an object {_pointer(path)}"]
    problems: list[str] = []
    kind = element.get("type")
    if kind not in KNOWN_ELEMENT_TYPES:
        return [f"must be a valid element type {_pointer(path + '/type')}"]
    if kind in INPUT_ONLY_ELEMENTS and not in_input:
        problems.append(f"element only allowed in input blocks {_pointer(path + '/type')}")
    if kind in ("button", "workflow_button"):
        problems += _text_problems(element.get("text"), path + "/text", plain_only=True)
    if "placeholder" in element:
        problems += _text_problems(element["placeholder"], path + "/placeholder", plain_only=True)
    for key in ("options",):
        options = element.get(key)
        if kind in (
            "static_select",
            "multi_static_select",
            "radio_buttons",
            "checkboxes",
            "overflow",
        ):
            groups = element.get("option_groups")
            if not options and not groups:
                problems.append(f"must provide options or option_groups {_pointer(path)}")
        if isinstance(options, list):
            for i, option in enumerate(options):
                if not isinstance(option, dict) or "value" not in option:
                    problems.append(f"option must have a value {_pointer(f'{path}/{key}/{i}')}")
                else:
                    problems += _text_problems(
                        option.get("text"), f"{path}/{key}/{i}/text", plain_only=False
                    )
    return problems


def _block_extra_problems(block: dict[str, Any], path: str) -> list[str]:
    problems: list[str] = []
    kind = block.get("type")
    if kind == "section":
        if "text" in block:
            problems += _text_problems(block["text"], path + "/text", plain_only=False)
        if "accessory" in block:
            problems += _element_problems(block["accessory"], path + "/accessory", in_input=False)
    elif kind == "header":
        problems += _text_problems(block.get("text"), path + "/text", plain_only=True)
    elif kind == "actions":
        elements = block.get("elements")
        if not isinstance(elements, list) or not elements:
            problems.append(f"must provide at least 1 element {_pointer(path + '/elements')}")
        else:
            for i, element in enumerate(elements):
                problems += _element_problems(element, f"{path}/elements/{i}", in_input=False)
    elif kind == "input":
        problems += _text_problems(block.get("label"), path + "/label", plain_only=True)
        if "hint" in block:
            problems += _text_problems(block["hint"], path + "/hint", plain_only=True)
        problems += _element_problems(block.get("element"), path + "/element", in_input=True)
    elif kind == "context":
        elements = block.get("elements")
        if not isinstance(elements, list) or not elements:
            problems.append(f"must provide at least 1 element {_pointer(path + '/elements')}")
    return problems


def _action_ids(block: dict[str, Any]) -> Iterable[str]:
    elements: list[Any] = []
    if isinstance(block.get("elements"), list):
        elements += block["elements"]
    for key in ("accessory", "element"):
        if isinstance(block.get(key), dict):
            elements.append(block[key])
    for element in elements:
        if isinstance(element, dict) and isinstance(element.get("action_id"), str):
            yield element["action_id"]


def block_problems(blocks: Any, *, max_blocks: int, path: str = "/blocks") -> list[str]:
    """Everything Slack would reject in ``blocks`` (empty list = valid)."""
    if not isinstance(blocks, list):
        return [f"must be an array {_pointer(path)}"]
    problems: list[str] = []
    if len(blocks) > max_blocks:
        problems.append(f"no more than {max_blocks} items allowed {_pointer(path)}")
    block_ids: set[str] = set()
    for i, raw in enumerate(blocks):
        here = f"{path}/{i}"
        if not isinstance(raw, dict):
            problems.append(f"must be an object {_pointer(here)}")
            continue
        if raw.get("type") not in KNOWN_BLOCK_TYPES:
            problems.append(f"must be a valid block type {_pointer(here + '/type')}")
            continue
        block_id = raw.get("block_id")
        if isinstance(block_id, str):
            if block_id in block_ids:
                problems.append(f"block_id must be unique {_pointer(here + '/block_id')}")
            block_ids.add(block_id)
        action_ids = list(_action_ids(raw))
        if len(action_ids) != len(set(action_ids)):
            problems.append(f"action_id must be unique within a block {_pointer(here)}")
        extra = _block_extra_problems(raw, here)
        if extra:
            problems += extra
            continue
        try:
            parsed = Block.parse(raw)
            if parsed is None:
                problems.append(f"must be a valid block {_pointer(here)}")
            else:
                parsed.to_dict()
        except SlackObjectFormationError as e:
            problems.append(f"{e} {_pointer(here)}")
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            problems.append(f"failed to match all allowed schemas ({e}) {_pointer(here)}")
    return problems


def view_problems(view: Any, *, path: str = "/view") -> list[str]:
    """Everything Slack would reject in a view payload for views.open/push/update/publish."""
    if not isinstance(view, dict):
        return [f"must be an object {_pointer(path)}"]
    problems: list[str] = []
    kind = view.get("type")
    if kind not in ("modal", "home"):
        return [f"must be either modal or home {_pointer(path + '/type')}"]
    if kind == "modal":
        problems += _text_problems(view.get("title"), path + "/title", plain_only=True)
        title = view.get("title")
        if isinstance(title, dict) and len(str(title.get("text", ""))) > MAX_VIEW_TITLE:
            problems.append(f"must be less than 25 characters {_pointer(path + '/title/text')}")
        for key in ("submit", "close"):
            if key in view and view[key] is not None:
                problems += _text_problems(view[key], f"{path}/{key}", plain_only=True)
                text = view[key].get("text", "") if isinstance(view[key], dict) else ""
                if isinstance(text, str) and len(text) > MAX_VIEW_TITLE:
                    problems.append(
                        f"must be less than 25 characters {_pointer(f'{path}/{key}/text')}"
                    )
        blocks = view.get("blocks", [])
        has_input = isinstance(blocks, list) and any(
            isinstance(b, dict) and b.get("type") == "input" for b in blocks
        )
        if has_input and not view.get("submit"):
            problems.append(f"submit is required when the view has input blocks {_pointer(path)}")
    for key, limit in (
        ("private_metadata", MAX_PRIVATE_METADATA),
        ("callback_id", MAX_CALLBACK_ID),
        ("external_id", MAX_EXTERNAL_ID),
    ):
        value = view.get(key)
        if value is not None and (not isinstance(value, str) or len(value) > limit):
            problems.append(
                f"must be a string of at most {limit} characters {_pointer(f'{path}/{key}')}"
            )
    problems += block_problems(
        view.get("blocks", []), max_blocks=MAX_VIEW_BLOCKS, path=path + "/blocks"
    )
    if not problems:
        try:
            View(**{k: v for k, v in view.items() if k in _VIEW_FIELDS}).to_dict()
        except SlackObjectFormationError as e:
            problems.append(f"{e} {_pointer(path)}")
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            problems.append(f"failed to match all allowed schemas ({e}) {_pointer(path)}")
    return problems


_VIEW_FIELDS = frozenset(
    {
        "type",
        "id",
        "callback_id",
        "external_id",
        "team_id",
        "bot_id",
        "app_id",
        "root_view_id",
        "previous_view_id",
        "title",
        "submit",
        "close",
        "blocks",
        "private_metadata",
        "state",
        "hash",
        "clear_on_close",
        "notify_on_close",
        "submit_disabled",
    }
)
