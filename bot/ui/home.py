"""The App Home tab: connection status, quick buttons, enrichments and recent activity.

Pure: ``home_view(HomeData) -> view``. Only the person sees their Home tab, so found emails and
phones of *their* enrichments are shown. Always within Slack's 100-block limit: at most
``MAX_JOBS`` enrichments (one block each) and ``MAX_ACTIVITY`` activity lines (one block).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from bot.store.models import ActivityEntry, Job
from bot.text import escape
from bot.ui.actions import CONNECT, HOME_CLOSE_DEAL, HOME_NEW_DEAL, HOME_SEARCH, HOME_SOURCE
from bot.ui.blocks import button, header
from bot.ui.blocks import mrkdwn as _mrkdwn
from bot.ui.blocks import section as _section
from bot.ui.formats import slack_moment

Blocks = list[dict[str, Any]]
View = dict[str, Any]
Connection = Literal["user", "workspace", "env", "none"]

MAX_JOBS = 15
MAX_ACTIVITY = 10
MAX_LINE = 200
#: a section's text may hold 3,000 characters
MAX_SECTION_TEXT = 3000

_TYPE_NAMES = {"work_email": "work email", "personal_email": "personal email", "phone": "phone"}
_FAILED_WORDS = {
    "failed": "nothing found",
    "timed_out": "timed out",
    "error": "could not be checked",
}


@dataclass(frozen=True)
class HomeData:
    """What one person's Home tab shows."""

    connection: Connection
    jobs: Sequence[Job] = field(default_factory=tuple)
    activity: Sequence[ActivityEntry] = field(default_factory=tuple)


def _clip(text: str, limit: int = MAX_LINE) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def when(ts: float) -> str:
    """A Slack date token (the reader's locale and time zone) with a UTC fallback."""
    return slack_moment(ts)


def connection_blocks(connection: Connection) -> Blocks:
    if connection == "user":
        return [
            _section(
                ":large_green_circle: *Connected* with your own Leonar key. "
                "`/leonar disconnect` forgets it."
            )
        ]
    if connection in ("workspace", "env"):
        return [
            _section(
                ":large_blue_circle: *Using this workspace's Leonar key.* "
                "Connect your own key to act as yourself in Leonar.",
                accessory=button("Connect my key", CONNECT),
            )
        ]
    return [
        _section(
            ":white_circle: *Not connected to Leonar.* Connect your Leonar API key to search, "
            "source and enrich from Slack.",
            accessory=button("Connect", CONNECT, style="primary"),
        )
    ]


def quick_actions() -> Blocks:
    return [
        {
            "type": "actions",
            "block_id": "home_quick",
            "elements": [
                button(":mag: Search", HOME_SEARCH, style="primary"),
                button(":busts_in_silhouette: Source", HOME_SOURCE),
                button(":moneybag: New deal", HOME_NEW_DEAL),
                button(":checkered_flag: Close deal", HOME_CLOSE_DEAL),
            ],
        }
    ]


def _result_words(job: Job) -> str:
    result = job.result or {}
    found = result.get("email") or result.get("phone")
    if job.status == "completed" and isinstance(found, str) and found:
        text = f"*{escape(_clip(found, 120))}*"
        confidence = result.get("confidence")
        if isinstance(confidence, int | float) and not isinstance(confidence, bool):
            percent = confidence * 100 if confidence <= 1 else confidence
            text += f" ({percent:.0f}% confidence)"
        return text
    if job.status == "completed":
        return "nothing found"
    words = _FAILED_WORDS.get(job.status, escape(job.status))
    reason = result.get("message") or result.get("error")
    if isinstance(reason, str) and reason:
        words += f": {escape(_clip(reason, 120))}"
    return words


def job_line(job: Job) -> str:
    """One enrichment: who, what kind, and its state or result."""
    name = escape(_clip(job.contact_name or "a contact", 80))
    kind = _TYPE_NAMES.get(job.type, escape(job.type))
    if job.status == "pending":
        return f":hourglass_flowing_sand: {name}: {kind}, started {when(job.created_at)}"
    icon = ":white_check_mark:" if job.status == "completed" else ":x:"
    done = when(job.finished_at) if job.finished_at is not None else when(job.created_at)
    return f"{icon} {name}: {kind}, {_result_words(job)} · {done}"


def jobs_blocks(jobs: Sequence[Job]) -> Blocks:
    pending = [j for j in jobs if j.status == "pending"]
    finished = [j for j in jobs if j.status != "pending"]
    shown = (pending + finished)[:MAX_JOBS]
    blocks: Blocks = [header("Enrichments")]
    if not shown:
        blocks.append(
            {
                "type": "context",
                "elements": [_mrkdwn("No enrichments yet. Click *Enrich* on a contact card.")],
            }
        )
        return blocks
    blocks += [{"type": "context", "elements": [_mrkdwn(job_line(job))]} for job in shown]
    if len(jobs) > len(shown):
        blocks.append(
            {"type": "context", "elements": [_mrkdwn("Older enrichments are not shown.")]}
        )
    return blocks


def activity_blocks(activity: Sequence[ActivityEntry]) -> Blocks:
    blocks: Blocks = [header("Recent activity")]
    lines = [
        f"• {escape(_clip(entry.text))} · {when(entry.created_at)}"
        for entry in activity[:MAX_ACTIVITY]
    ]
    if not lines:
        blocks.append(
            {"type": "context", "elements": [_mrkdwn("Nothing yet: what I do for you shows here.")]}
        )
        return blocks
    text = lines[0]
    for line in lines[1:]:
        if len(text) + 1 + len(line) > MAX_SECTION_TEXT:
            break
        text += "\n" + line
    blocks.append(_section(text))
    return blocks


def home_view(data: HomeData) -> View:
    """The whole Home tab."""
    blocks: Blocks = [header("Leonar")]
    blocks += connection_blocks(data.connection)
    blocks.append({"type": "divider"})
    blocks += quick_actions()
    blocks.append(
        {
            "type": "context",
            "elements": [
                _mrkdwn(
                    "Or type `/leonar help` anywhere. Paste a LinkedIn profile in a channel "
                    "to see if the person is in Leonar."
                )
            ],
        }
    )
    blocks.append({"type": "divider"})
    blocks += jobs_blocks(data.jobs)
    blocks.append({"type": "divider"})
    blocks += activity_blocks(data.activity)
    return {"type": "home", "blocks": blocks}
