"""Block Kit for watches: the stage overview told at once, change messages for projects and
deals, the channel's list of watches, the paused notice and the weekly digest. Pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from urllib.parse import quote

from bot.leonar import Deal
from bot.services.watches import (
    DealEvent,
    Digest,
    ProjectChanges,
    ProjectDigest,
    StageChange,
    StageCount,
)
from bot.store import Watch
from bot.text import escape, literal
from bot.ui.actions import WATCH_PICK, WATCH_UNWATCH
from bot.ui.blocks import Block, button, header, mrkdwn, section
from bot.ui.deals import format_money
from bot.ui.formats import slack_date

Blocks = list[Block]

#: the longest text bar (the biggest stage); others are scaled to it
BAR_WIDTH = 12
BAR = "▇"
#: Slack allows 50 blocks a message; lists stop before
MAX_LIST = 40


def project_url(app_url: str, project_id: str) -> str:
    """The project's page in Leonar."""
    return f"{app_url.rstrip('/')}/projects/{quote(project_id, safe='')}"


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else many or word + 's'}"


def _context(text: str) -> Block:
    return {"type": "context", "elements": [mrkdwn(text)]}


def _open_link(app_url: str, project_id: str) -> str:
    return f"<{project_url(app_url, project_id)}|Open in Leonar>"


def stage_bars(counts: Sequence[StageCount]) -> str:
    """``Sourced ▇▇▇▇▇ 12`` per stage, bars scaled to the biggest stage (a stage with people
    always shows at least one block)."""
    top = max((c.count for c in counts), default=0)
    lines = []
    for c in counts:
        width = 0 if not top or not c.count else max(1, round(c.count * BAR_WIDTH / top))
        bar = f" {BAR * width}" if width else ""
        lines.append(f"{literal(c.name)}{bar} {c.count}")
    return "\n".join(lines) if lines else "This project has no stages yet."


def watch_overview(
    project_name: str,
    project_id: str,
    counts: Sequence[StageCount],
    *,
    set_by: str,
    app_url: str,
) -> tuple[str, Blocks]:
    """Posted at once by ``/leonar watch <project>``."""
    name = literal(project_name)
    text = f"Watching {name}: I'll post here when a stage changes."
    blocks = [
        header(f"Watching {' '.join(project_name.split())}"),
        section(stage_bars(counts)),
        _context(
            f"<@{escape(set_by)}> set this watch · I'll post here when a stage count changes"
            f" · {_open_link(app_url, project_id)}"
        ),
    ]
    return text, blocks


def deals_watch_started(open_deals: int, *, set_by: str, reminder_days: int) -> tuple[str, Blocks]:
    """Posted at once by ``/leonar watch deals``."""
    count = f"{plural(open_deals, 'open deal')}" if open_deals else "no open deals right now"
    text = f"Watching the open deals ({count})."
    days = plural(reminder_days, "day")
    body = (
        f"*Watching the open deals* ({count}). I'll post here when a deal moves stage or is "
        f"closed, and once when a deal is expected to close within {days}."
    )
    return text, [section(body), _context(f"<@{escape(set_by)}> set this watch")]


def _change_line(change: StageChange) -> str:
    return f"{literal(change.name)} {change.old} → {change.new}"


def project_change_message(changes: ProjectChanges, *, app_url: str) -> tuple[str, Blocks]:
    """One message per check that found changes: each changed stage, who moved."""
    name = literal(changes.project_name)
    lines = [_change_line(c) for c in changes.stages]
    text = f"{name}: " + ", ".join(lines)
    blocks = [section(f"*{name}*\n" + "\n".join(lines))]
    if changes.moves:
        shown = changes.moves[:MAX_LIST]
        moves = [f"{literal(m.contact_name)} → {literal(m.stage)}" for m in shown]
        if len(changes.moves) > len(shown):
            moves.append(f"and {plural(len(changes.moves) - len(shown), 'other move')}")
        blocks.append(section("\n".join(moves)))
    blocks.append(_context(_open_link(app_url, changes.project_id)))
    return text, blocks


def _days(days_left: int | None) -> str:
    if days_left == 0:
        return "today"
    if days_left == 1:
        return "tomorrow"
    return f"in {plural(days_left or 0, 'day')}"


def _date(value: dt.date | None) -> str:
    """In each reader's locale (Slack's date token; "Mar 12, 2025" where it cannot)."""
    return slack_date(value)


def deal_event_message(event: DealEvent) -> tuple[str, Blocks]:
    """A deal moved, won (with the signed amount), lost, disqualified, or closing soon."""
    title = f"*{literal(event.title)}*"
    emoji = ""
    if event.kind == "moved":
        line = f"{title} {literal(event.from_stage or '?')} → {literal(event.to_stage or '?')}"
    elif event.kind == "won":
        emoji = ":tada: "
        signed = (
            f": {format_money(event.amount, event.currency)} signed"
            if event.amount is not None
            else ""
        )
        line = f"{title} was won{signed}"
    elif event.kind == "closing":
        emoji = ":alarm_clock: "
        when = _days(event.days_left)
        line = f"{title} is expected to close {when} ({_date(event.close_date)})"
        if event.amount is not None:
            line += f" · {format_money(event.amount, event.currency)}"
    else:
        line = f"{title} was {event.kind}"
    return line.replace("*", ""), [section(emoji + line)]


def _ago(seconds: float) -> str:
    minutes = int(seconds // 60)
    if minutes < 1:
        return "just now"
    if minutes < 60:
        return f"{plural(minutes, 'minute')} ago"
    hours = minutes // 60
    if hours < 48:
        return f"{plural(hours, 'hour')} ago"
    return f"{plural(hours // 24, 'day')} ago"


def _watch_label(watch: Watch) -> str:
    if watch.kind == "deals":
        return "*Open deals*"
    return f"*{literal(watch.target_name or 'Unnamed project')}*"


def watches_list(watches: Sequence[Watch], *, now: float) -> tuple[str, Blocks]:
    """``/leonar watches``: the channel's watches with who set each, last check, Unwatch."""
    if not watches:
        text = (
            "This channel watches nothing yet. Try `/leonar watch <project>` "
            "or `/leonar watch deals`."
        )
        return text, [section(text)]
    text = f"This channel watches {plural(len(watches), 'thing')}."
    blocks: Blocks = [section(f"*This channel watches {plural(len(watches), 'thing')}*")]
    for watch in watches[:MAX_LIST]:
        checked = (
            f"last checked {_ago(now - watch.last_checked_at)}"
            if watch.last_checked_at is not None
            else "not checked yet"
        )
        state = f"paused: {escape(watch.paused_reason)}" if watch.paused_reason else checked
        line = f"{_watch_label(watch)}\nSet by <@{escape(watch.set_by_user_id)}> · {state}"
        blocks.append(section(line, accessory=button("Unwatch", WATCH_UNWATCH, watch.id)))
    return text, blocks


def project_pick(wanted: str, projects: Sequence[tuple[str, str]]) -> tuple[str, Blocks]:
    """``/leonar watch <name>`` matched several projects ``(id, name)``: a **Watch** button
    beside each (shown only to the person)."""
    shown = projects[:MAX_LIST]
    text = f"{plural(len(projects), 'project')} match {literal(wanted)}. Which one to watch here?"
    blocks: Blocks = [section(f"*{text}*")]
    blocks += [
        section(f"*{literal(name)}*", accessory=button("Watch", WATCH_PICK, project_id))
        for project_id, name in shown
    ]
    return text, blocks


def _watch_again(watch: Watch) -> str:
    if watch.kind == "deals":
        return "`/leonar watch deals`"
    return f"`/leonar watch {escape(' '.join((watch.target_name or watch.target_id).split()))}`"


def paused_notice(watch: Watch, reason: str) -> tuple[str, Blocks]:
    """Told once when a watch's key is gone: who can fix it and how."""
    what = "the open deals" if watch.kind == "deals" else literal(watch.target_name)
    line = (
        f":pause_button: I stopped watching {what}: {escape(reason)}\n"
        f"<@{escape(watch.set_by_user_id)}>, or anyone with a Leonar key, can start it again "
        f"with {_watch_again(watch)}."
    )
    return f"I stopped watching {what}.", [section(line)]


def _digest_project(project: ProjectDigest, app_url: str) -> Block:
    lines = [f"*{literal(project.name)}* · {_open_link(app_url, project.project_id)}"]
    lines.append(stage_bars(project.counts))
    if project.week:
        lines.append("This week: " + ", ".join(_change_line(c) for c in project.week))
    else:
        lines.append("No change this week.")
    return section("\n".join(lines))


def _closing_line(deal: Deal, today: dt.date) -> str:
    try:
        close = dt.date.fromisoformat((deal.expected_close_date or "")[:10])
        when = f"closes {_days((close - today).days)} ({_date(close)})"
    except ValueError:
        when = "no close date"
    money = f" · {format_money(deal.amount, deal.currency)}" if deal.amount is not None else ""
    return f"• *{literal(deal.title or 'Untitled deal')}* · {when}{money}"


def digest_message(digest: Digest, *, app_url: str, today: dt.date) -> tuple[str, Blocks]:
    """The Monday digest (and ``/leonar digest``): watched projects, deals closing soon."""
    if not digest:
        text = (
            "Weekly digest: nothing is watched here, and no open deal closes in the next 14 days."
        )
        return text, [section(text)]
    blocks: Blocks = [header("Weekly digest")]
    blocks += [_digest_project(p, app_url) for p in digest.projects[: MAX_LIST // 2]]
    if digest.closing:
        shown = digest.closing[:MAX_LIST]
        lines = [_closing_line(d, today) for d in shown]
        if len(digest.closing) > len(shown):
            lines.append(f"and {plural(len(digest.closing) - len(shown), 'more deal')}")
        heading = f"*{plural(len(digest.closing), 'open deal')} closing in the next 14 days*"
        blocks.append(section(heading + "\n" + "\n".join(lines)))
    else:
        blocks.append(section("No open deal closes in the next 14 days."))
    parts = [plural(len(digest.projects), "project")] if digest.projects else []
    if digest.closing:
        parts.append(f"{plural(len(digest.closing), 'deal')} closing soon")
    return "Weekly digest: " + ", ".join(parts) + ".", blocks
