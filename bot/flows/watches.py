"""``/leonar watch <project|deals>``, ``/leonar watches``, ``/leonar unwatch <project|deals>``,
``/leonar digest`` and the **Unwatch** / **Watch** buttons.

A watch is stored with the setter's key owner (the key itself stays where it is), the setter's
timezone (``users.info``, for the Monday digest) and what the channel was just told (the stage
overview, or the open deals), so the watch loop (bot.watching) only tells changes. The overview
is posted first: when the bot cannot post in the channel (a private channel it is not in), the
person is told to ``/invite`` it and nothing is stored. Bad input is answered only to the person.
"""

from __future__ import annotations

import datetime as dt
import logging
import time

from slack_sdk.errors import SlackApiError

from bot.commands import COMMAND, ParsedCommand
from bot.leonar import LeonarClient, ProjectSummary
from bot.leonar.errors import LeonarError, NotFoundError
from bot.services.add_to_project import active_projects
from bot.services.watch_plan import zone
from bot.services.watches import deals_snapshot, project_snapshot, stage_counts
from bot.slack.identity import person_timezone
from bot.slack.interaction import Interaction
from bot.slack.threads import Blocks, slack_error_code
from bot.store import NewWatch, Watch
from bot.text import literal
from bot.ui.help import invite_hint
from bot.ui.watches import (
    deals_watch_started,
    project_pick,
    watch_overview,
    watches_list,
)
from bot.watching import open_deals, read_entries, tell_digest

log = logging.getLogger(__name__)

WATCH_USAGE = (
    f"Tell me what to watch: `{COMMAND} watch <project name or id>` or `{COMMAND} watch deals`."
)
UNWATCH_USAGE = (
    f"Tell me what to stop watching: `{COMMAND} unwatch <project>` or `{COMMAND} unwatch deals`. "
    f"`{COMMAND} watches` lists this channel's watches."
)
NOT_IN_CHANNEL = frozenset({"not_in_channel", "channel_not_found", "is_archived"})


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def matching_projects(projects: list[ProjectSummary], wanted: str) -> list[ProjectSummary]:
    """By id, else by whole name, else every project whose name contains the words."""
    for exact in (
        [p for p in projects if p.id == wanted.strip()],
        [p for p in projects if _fold(p.name or "") == _fold(wanted)],
    ):
        if exact:
            return exact
    return [p for p in projects if _fold(wanted) in _fold(p.name or "")]


# --------------------------------------------------------------------------- watch


async def watch(ix: Interaction, command: ParsedCommand) -> None:
    """``/leonar watch <project>`` or ``/leonar watch deals``."""
    if command.watch_kind is None or (command.watch_kind == "project" and not command.target):
        await ix.tell(WATCH_USAGE)
        return
    client = await ix.require_leonar()
    if client is None:
        return
    if command.watch_kind == "deals":
        await _watch_deals(ix, client)
        return
    wanted = command.target or ""
    projects = await ix.or_tell(active_projects(client, ix.deps.cache))
    if projects is None:
        return
    matches = matching_projects(projects, wanted)
    if not matches:
        await ix.tell(
            f"No active Leonar project matches *{literal(wanted)}*. Try its exact name or id."
        )
    elif len(matches) > 1:
        await ix.tell(*project_pick(wanted, [(p.id, p.name or "Unnamed project") for p in matches]))
    else:
        await watch_project(ix, matches[0].id, client=client)


async def watch_project(ix: Interaction, project_id: str, *, client: LeonarClient | None) -> None:
    """Post the project's stages with their counts, then store the watch (also the **Watch**
    button of the pick list)."""
    client = client or await ix.require_leonar()
    if client is None:
        return
    try:
        project = await client.projects.get(project_id)
        entries = await read_entries(client, project_id)
    except NotFoundError:
        await ix.tell("That project is no longer in Leonar.")
        return
    except LeonarError as exc:
        await ix.tell_error(exc)
        return
    name = project.name or "Unnamed project"
    overview = watch_overview(
        name,
        project.id,
        stage_counts(project),
        set_by=ix.user_id,
        app_url=ix.deps.settings.leonar_app_url,
    )
    await _start(ix, overview, "project", project_snapshot(project, entries), project.id, name)


async def _watch_deals(ix: Interaction, client: LeonarClient) -> None:
    deals = await ix.or_tell(open_deals(client))
    if deals is None:
        return
    started = deals_watch_started(
        len(deals), set_by=ix.user_id, reminder_days=ix.deps.settings.deal_reminder_days
    )
    await _start(ix, started, "deals", deals_snapshot(deals))


async def _start(
    ix: Interaction,
    message: tuple[str, Blocks],
    kind: str,
    state: dict[str, object],
    target_id: str = "",
    name: str = "",
) -> None:
    """Store the watch, then post ``message``; a watch this created goes again when the bot
    cannot post in the channel (the person was told why)."""
    stored = await _store(ix, kind, state, target_id, name)
    answer = await _post(ix, *message)
    if answer is None:
        return
    if stored is not None and stored[1]:
        await ix.deps.db.watches.remove_id(ix.team_id, ix.channel_id, stored[0].id)
    await ix.tell(answer)


async def _post(ix: Interaction, text: str, blocks: Blocks) -> str | None:
    """Post in the channel itself (no response_url fallback: a watch needs the bot there);
    None when done, else what to tell the person."""
    try:
        await ix.poster.start_thread(ix.channel_id, text, blocks)
    except SlackApiError as exc:
        code = slack_error_code(exc)
        log.info("watch not started in %s (%s)", ix.channel_id, code)
        if code in NOT_IN_CHANNEL:
            return invite_hint()
        return "Slack did not let me post here. Please try again in a minute."
    return None


async def _store(
    ix: Interaction, kind: str, state: dict[str, object], target_id: str = "", name: str = ""
) -> tuple[Watch, bool] | None:
    owned = await ix.key()
    if owned is None:
        return None
    return await ix.deps.db.watches.add(
        NewWatch(
            team_id=ix.team_id,
            channel_id=ix.channel_id,
            kind="deals" if kind == "deals" else "project",
            set_by_user_id=ix.user_id,
            key_owner=owned[0],
            target_id=target_id,
            target_name=name,
            tz=await person_timezone(ix.client, ix.user_id),
            state=dict(state),
            next_check_at=time.time() + ix.deps.settings.watch_interval,
        )
    )


# --------------------------------------------------------------------------- list, unwatch


async def watches(ix: Interaction, _command: ParsedCommand | None = None) -> None:
    """``/leonar watches``: this channel's watches, with **Unwatch** buttons, only to the person."""
    found = await ix.deps.db.watches.list_for_channel(ix.team_id, ix.channel_id)
    await ix.tell(*watches_list(found, now=time.time()))


def _label(watch: Watch) -> str:
    return "the open deals" if watch.kind == "deals" else literal(watch.target_name)


async def unwatch(ix: Interaction, command: ParsedCommand) -> None:
    """``/leonar unwatch <project|deals>``: only this channel's watch."""
    if command.watch_kind is None:
        await ix.tell(UNWATCH_USAGE)
        return
    found = await ix.deps.db.watches.list_for_channel(ix.team_id, ix.channel_id)
    wanted = command.target or ""
    if command.watch_kind == "deals":
        target = [w for w in found if w.kind == "deals"]
    else:
        target = [
            w
            for w in found
            if w.kind == "project"
            and (w.target_id == wanted.strip() or _fold(w.target_name) == _fold(wanted))
        ]
    if not target:
        what = "the open deals" if command.watch_kind == "deals" else f"*{literal(wanted)}*"
        await ix.tell(f"This channel does not watch {what}. `{COMMAND} watches` lists its watches.")
        return
    removed = await ix.deps.db.watches.remove_id(ix.team_id, ix.channel_id, target[0].id)
    await _stopped(ix, removed)


async def unwatch_click(ix: Interaction, watch_id: str) -> None:
    """The **Unwatch** button of ``/leonar watches`` (only a watch of this channel)."""
    removed = await ix.deps.db.watches.remove_id(ix.team_id, ix.channel_id, watch_id)
    await _stopped(ix, removed)


async def _stopped(ix: Interaction, removed: Watch | None) -> None:
    if removed is None:
        await ix.tell("That watch was already removed.")
        return
    line = f"<@{ix.user_id}> stopped watching {_label(removed)} in this channel."
    try:
        await ix.poster.start_thread(ix.channel_id, line)
    except SlackApiError:
        await ix.tell(f"Stopped watching {_label(removed)}.")


# --------------------------------------------------------------------------- digest


async def digest(ix: Interaction, _command: ParsedCommand | None = None) -> None:
    """``/leonar digest``: this channel's weekly digest, now, with the person's key."""
    found = await ix.deps.db.watches.list_for_channel(ix.team_id, ix.channel_id)
    if not found:
        await ix.tell(f"This channel watches nothing yet. Try `{COMMAND} watch <project>` first.")
        return
    client = await ix.require_leonar()
    if client is None:
        return
    today = dt.datetime.fromtimestamp(time.time(), zone(found[0].tz)).date()
    try:
        await tell_digest(
            ix.poster,
            client,
            ix.deps.db,
            found,
            app_url=ix.deps.settings.leonar_app_url,
            today=today,
            roll=False,
        )
    except SlackApiError as exc:
        log.info("digest not posted in %s (%s)", ix.channel_id, slack_error_code(exc))
        await ix.tell(invite_hint())
