"""``/leonar add <contact>``: open the add-to-project modal for a contact given by id, email,
LinkedIn URL or name. Several matches: the person picks from a list (only they see it)."""

from __future__ import annotations

import logging

from bot.leonar import Contact, LeonarError
from bot.services.cache import leonar_key
from bot.services.contacts import resolve_contacts
from bot.services.search import CONTACT_CACHE_TTL, contact_cache_name
from bot.ui.actions import CONTACT_ADD_TO_PROJECT
from bot.ui.connect import connect_prompt
from bot.ui.contacts import contact_picker
from bot.ui.escape import escape, literal
from bot.ui.help import error_text
from handlers.actions.add_to_project import AddOrigin, open_add_to_project
from handlers.commands.router import COMMAND, CommandContext, subcommand

log = logging.getLogger(__name__)


def add_hint(command: str = COMMAND) -> str:
    return (
        f"Tell me which contact to add, e.g. `{command} add jane@acme.com`: a contact id, an "
        f"email, a LinkedIn URL or a name."
    )


def _picker(contacts: list[Contact], prompt: str) -> tuple[str, list[dict[str, object]]]:
    text, blocks = contact_picker(
        contacts, prompt=prompt, action_id=CONTACT_ADD_TO_PROJECT, button="Add to project"
    )
    return text, list(blocks)


@subcommand("add")
async def add(ctx: CommandContext) -> None:
    wanted = (ctx.command.contact or "").strip()
    if not wanted:
        await ctx.ephemeral(add_hint())
        return
    client = await ctx.leonar()
    if client is None:
        await ctx.ephemeral(*connect_prompt(COMMAND))
        return
    try:
        matches = await resolve_contacts(client, wanted)
    except LeonarError as exc:
        await ctx.ephemeral(error_text(exc.user_message))
        return
    if not matches:
        await ctx.ephemeral(
            f"No Leonar contact matches *{literal(wanted)}*. Try an email, a LinkedIn URL, or "
            f"`{COMMAND} search {escape(wanted)}` to look around."
        )
        return
    if len(matches) > 1:
        shown = matches[:10]
        await ctx.ephemeral(
            *_picker(shown, f"{len(matches)} contacts match *{literal(wanted)}*. Which one?")
        )
        return
    (contact,) = matches
    ctx.deps.cache.put(
        leonar_key(client, contact_cache_name(contact.id)), contact, ttl=CONTACT_CACHE_TTL
    )
    origin = AddOrigin(
        contact_id=contact.id,
        channel=ctx.channel_id,
        response_url=ctx.response_url,
        contact_name=contact.full_name,
    )
    view_id = await open_add_to_project(
        ctx.deps,
        ctx.client,
        trigger_id=ctx.trigger_id,
        team_id=ctx.team_id,
        user_id=ctx.user_id,
        origin=origin,
    )
    if view_id is None:
        # the trigger expired while Leonar answered: a button opens the form with a fresh one
        await ctx.ephemeral(
            *_picker([contact], f"Add *{literal(contact.full_name)}* to a project:")
        )
