"""Block Kit for connecting a Leonar key: the "connect first" prompt, the connect modal, the
admins' workspace settings modal and the confirmations. Pure builders, no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from bot.text import escape
from bot.ui.actions import (
    ADMIN_CLEAR_BLOCK,
    ADMIN_CLEAR_INPUT,
    ADMIN_RESULTS_BLOCK,
    ADMIN_RESULTS_INPUT,
    ADMIN_VIEW,
    CONNECT,
    CONNECT_ADMIN,
    CONNECT_DEFAULT_BLOCK,
    CONNECT_DEFAULT_INPUT,
    CONNECT_KEY_BLOCK,
    CONNECT_KEY_INPUT,
    CONNECT_VIEW,
)
from bot.ui.blocks import button, mrkdwn, plain, section

Blocks = list[dict[str, Any]]
View = dict[str, Any]

#: the checkbox value of "Set as the workspace default key"
DEFAULT_OPTION = "workspace_default"
#: the checkbox value of "Remove the workspace default key"
CLEAR_OPTION = "clear_default"
#: Leonar keys are short; anything longer is a paste accident
MAX_KEY_LENGTH = 200

WHERE_TO_FIND = (
    "Find your key in Leonar under *Settings → API keys* (it starts with `leo_`). "
    "I check it with Leonar, store it encrypted, and use it for everything you do from Slack. "
    "`/leonar disconnect` forgets it."
)
REFUSED_KEY = "Leonar refused this key. Check that you pasted the whole key."
REFUSED_SAVED_KEY = "Leonar refused your saved key. Run `/leonar connect` to reconnect."
REFUSED_WORKSPACE_KEY = (
    "Leonar refused this workspace's default key. Run `/leonar connect` to use your own key, "
    "or ask a Slack admin to set a new default."
)
ADMIN_ONLY = "Only Slack workspace admins and owners can change the workspace settings."

Source = Literal["user", "workspace", "env", "none"]


@dataclass(frozen=True)
class ConnectStatus:
    """Which key the person uses today (shown at the top of the connect modal)."""

    source: Source
    #: the saved key's fingerprint (never the key)
    fingerprint: str | None = None


def connect_prompt_text(command: str = "/leonar") -> str:
    return (
        "You are not connected to Leonar yet. Run "
        f"`{command} connect` (or click *Connect*) and paste your Leonar API key."
    )


def connect_prompt(command: str = "/leonar") -> tuple[str, Blocks]:
    """What a person without any key sees, with a Connect button opening the connect modal."""
    text = connect_prompt_text(command)
    blocks: Blocks = [
        section(text),
        {
            "type": "actions",
            "elements": [button("Connect", CONNECT, "connect", style="primary")],
        },
    ]
    return text, blocks


def _status_line(status: ConnectStatus) -> str:
    if status.source == "user":
        return (
            f"You are connected with your own key (fingerprint `{escape(status.fingerprint or '?')}`). "
            "A new key replaces it."
        )
    if status.source in ("workspace", "env"):
        return (
            "You use this workspace's default key. Connect your own to act as yourself in Leonar."
        )
    return "You are not connected yet."


def connect_modal(status: ConnectStatus, *, metadata: str = "", admin: bool = False) -> View:
    """The connect modal: the ``API key`` input (the outer contract's label); admins also get
    "Set as the workspace default key" and a button to the workspace settings."""
    blocks: Blocks = [
        section(WHERE_TO_FIND),
        {"type": "context", "elements": [mrkdwn(_status_line(status))]},
        {
            "type": "input",
            "block_id": CONNECT_KEY_BLOCK,
            "label": plain("API key"),
            "hint": plain("Your personal Leonar API key, e.g. leo_…"),
            "element": {
                "type": "plain_text_input",
                "action_id": CONNECT_KEY_INPUT,
                "placeholder": plain("leo_…"),
                "max_length": MAX_KEY_LENGTH,
            },
        },
    ]
    if admin:
        blocks.append(
            {
                "type": "input",
                "block_id": CONNECT_DEFAULT_BLOCK,
                "optional": True,
                "label": plain("Workspace default (admins)"),
                "element": {
                    "type": "checkboxes",
                    "action_id": CONNECT_DEFAULT_INPUT,
                    "options": [
                        {
                            "text": plain("Set as the workspace default key"),
                            "description": plain(
                                "Everyone without their own key will use this one."
                            ),
                            "value": DEFAULT_OPTION,
                        }
                    ],
                },
            }
        )
        blocks.append(
            {
                "type": "actions",
                "elements": [button("Workspace settings", CONNECT_ADMIN, "admin")],
            }
        )
    return {
        "type": "modal",
        "callback_id": CONNECT_VIEW,
        "title": plain("Connect Leonar"),
        "submit": plain("Connect"),
        "close": plain("Cancel"),
        "private_metadata": metadata,
        "blocks": blocks,
    }


def connected_view(*, warning: str | None = None, as_default: bool = False) -> View:
    """Shown in place of the connect modal once the key is stored."""
    lines = ["Connected. Everything you do with `/leonar` now uses your own Leonar key."]
    if as_default:
        lines.append("It is also this workspace's default key for people without their own.")
    blocks: Blocks = [section("\n".join(lines))]
    if warning:
        blocks.append(section(f":warning: {warning}"))
    return {
        "type": "modal",
        "callback_id": f"{CONNECT_VIEW}_done",
        "title": plain("Connected"),
        "close": plain("Done"),
        "blocks": blocks,
    }


def scope_warning(scope: str | None) -> str:
    what = f" (for example “{escape(scope)}”)" if scope else ""
    return (
        f"Leonar accepted the key, but it lacks some permissions{what}. Some actions will be "
        "refused; ask your Leonar admin for a key with more access and reconnect."
    )


_RESULT_OPTIONS = (
    (
        "personal_private",
        "Phones and personal emails only to the person who asked",
        "Work emails go in the thread. In private channels and DMs, everything does.",
    ),
    (
        "thread",
        "Everything in the thread",
        "Everyone in the channel sees phone numbers and personal emails too.",
    ),
    (
        "private",
        "Everything only to the person who asked",
        "A note only they see in the thread, and a DM.",
    ),
)
_RESULT_LABELS = {value: label for value, label, _ in _RESULT_OPTIONS}


def admin_modal(*, mode: str, has_default: bool) -> View:
    """Workspace settings for admins: where enrichment results go; remove the default key."""
    options = [
        {"text": plain(label), "description": plain(about), "value": value}
        for value, label, about in _RESULT_OPTIONS
    ]
    initial = next((o for o in options if o["value"] == mode), options[0])
    blocks: Blocks = [
        {
            "type": "input",
            "block_id": ADMIN_RESULTS_BLOCK,
            "label": plain("Where found emails and phone numbers go"),
            "hint": plain(
                "Emails and phone numbers found by an enrichment. Cards and link previews only "
                "say \u201con file\u201d."
            ),
            "element": {
                "type": "radio_buttons",
                "action_id": ADMIN_RESULTS_INPUT,
                "options": options,
                "initial_option": initial,
            },
        }
    ]
    if has_default:
        blocks.append(
            {
                "type": "input",
                "block_id": ADMIN_CLEAR_BLOCK,
                "optional": True,
                "label": plain("Workspace default key"),
                "element": {
                    "type": "checkboxes",
                    "action_id": ADMIN_CLEAR_INPUT,
                    "options": [
                        {"text": plain("Remove the workspace default key"), "value": CLEAR_OPTION}
                    ],
                },
            }
        )
    else:
        blocks.append(
            {
                "type": "context",
                "elements": [
                    mrkdwn(
                        "No workspace default key is saved. Tick “Set as the workspace default "
                        "key” when you connect to set one."
                    )
                ],
            }
        )
    return {
        "type": "modal",
        "callback_id": ADMIN_VIEW,
        "title": plain("Workspace settings"),
        "submit": plain("Save"),
        "close": plain("Back"),
        "blocks": blocks,
    }


def admin_saved_view(*, mode: str, cleared: bool) -> View:
    label = _RESULT_LABELS.get(mode, mode)
    lines = [f"Saved. Found emails and phone numbers: *{escape(label)}*."]
    if cleared:
        lines.append("The workspace default key is removed.")
    return {
        "type": "modal",
        "callback_id": f"{ADMIN_VIEW}_done",
        "title": plain("Workspace settings"),
        "close": plain("Done"),
        "blocks": [section("\n".join(lines))],
    }


def disconnected_text(*, had_key: bool, has_default: bool) -> str:
    if not had_key:
        text = "You had no saved Leonar API key."
    else:
        text = "Done: I forgot your Leonar API key."
    if has_default:
        return text + " You now use this workspace's default key."
    return text + " Run `/leonar connect` to connect again."
