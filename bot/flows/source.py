"""``/leonar source [job titles]``: the LinkedIn sourcing modal (opened at once, then filled with
the accounts that can source and the projects), its location typeahead, and its submission
(search, then the results posted in a thread where the command was typed).

The buttons of the results thread are in ``bot.flows.source_results``."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.commands import ParsedCommand
from bot.flows.source_results import post_page
from bot.leonar import LeonarError
from bot.services import sourcing
from bot.services.sourcing import SourcingForm
from bot.slack.interaction import Interaction
from bot.slack.metadata import decode_metadata, encode_metadata
from bot.slack.payloads import ViewSubmissionPayload
from bot.ui import sourcing as ui
from bot.ui.actions import SOURCING_LOCATIONS

log = logging.getLogger(__name__)

MAX_TITLES = 10


async def open_modal(ix: Interaction, command: ParsedCommand) -> None:
    """The sourcing modal, pre-filled with the titles typed after ``/leonar source``."""

    async def build() -> dict[str, Any]:
        return await _modal(ix, command.titles)

    await ix.open_modal(ui.loading_view(), build)


async def _modal(ix: Interaction, titles: tuple[str, ...]) -> dict[str, Any]:
    client = await ix.leonar()
    if client is None:
        return ui.notice_view(ui.CONNECT_FIRST)
    try:
        accounts, projects = await sourcing.load_modal_lists(client, ix.deps.cache)
    except LeonarError as exc:
        return ui.notice_view(await ix.error_words(exc))
    if not accounts:
        return ui.no_account_view()
    if not projects:
        return ui.no_project_view()
    metadata = encode_metadata({"channel": ix.channel_id, "response_url": ix.response_url})
    return ui.sourcing_modal(accounts, projects, titles=titles, private_metadata=metadata)


async def suggest_locations(ix: Interaction, view: ViewSubmissionPayload, query: str) -> list[Any]:
    """The location typeahead's options for the account picked in the modal ([] without one)."""
    account = picked_account(view)
    client = await ix.leonar()
    if account is None or client is None:
        return []
    locations = await sourcing.find_locations(
        client, query=query, account_id=account[0], api_type=account[1]
    )
    return ui.location_options(locations)


async def search(ix: Interaction, form: SourcingForm, private_metadata: str | None) -> None:
    """Run the search of a submitted modal and post the first page in a new thread where the
    command was typed (the person's DM when it came from elsewhere)."""
    meta = decode_metadata(private_metadata)
    channel = meta.get("channel") if isinstance(meta.get("channel"), str) else ""
    response_url = meta.get("response_url") if isinstance(meta.get("response_url"), str) else None
    here = ix.at(channel or ix.user_id, response_url=response_url)
    leonar = await here.require_leonar()
    if leonar is None:
        return
    try:
        set_id, page = await sourcing.search_page(
            ix.deps.db, leonar, form.search(), team_id=ix.team_id, user_id=ix.user_id
        )
    except LeonarError as exc:
        await here.tell_error(exc)
        return
    text, blocks = ui.parent_message(page)
    try:
        thread = await here.start_thread(text, blocks)
        await post_page(here, thread, set_id, page)
    except SlackApiError as exc:
        log.warning("sourcing: could not post the results: %s", type(exc).__name__)
        await here.tell("I found profiles but could not post them here. Please try again.")


# --------------------------------------------------------------------------- reading the modal


@dataclass
class FormResult:
    form: SourcingForm | None
    #: block_id -> message shown under that input
    errors: dict[str, str] = field(default_factory=dict)


def split_titles(text: str) -> tuple[str, ...]:
    """ "Software Engineer, , Backend Developer" -> ("Software Engineer", "Backend Developer")."""
    seen: list[str] = []
    for part in text.split(","):
        title = " ".join(part.split())
        if title and title.casefold() not in (s.casefold() for s in seen):
            seen.append(title)
    return tuple(seen)


def _years(raw: str | None) -> int | None | str:
    """A whole number of years, None when empty, or the words of the problem."""
    if raw is None or not raw.strip():
        return None
    try:
        number = float(raw)
    except ValueError:
        return "Please enter a number."
    if not number.is_integer() or number < 0:
        return "Please enter a whole number of years (0 or more)."
    return int(number)


def picked_account(view: ViewSubmissionPayload) -> tuple[str, str] | None:
    """(account id, api type) picked in the modal's state, if any."""
    picked = view.selected(ui.ACCOUNT_BLOCK, ui.ACCOUNT_ACTION)
    if not picked:
        return None
    account_id, api_type = ui.parse_account_value(picked[0])
    return (account_id, api_type) if account_id else None


def _check(view: ViewSubmissionPayload) -> dict[str, str]:
    errors: dict[str, str] = {}
    account = picked_account(view)
    if account is None or not account[1]:
        errors[ui.ACCOUNT_BLOCK] = (
            "Pick a LinkedIn account with Recruiter or Sales Navigator access."
        )
    titles = split_titles(view.text(ui.TITLES_BLOCK, ui.TITLES_ACTION) or "")
    if not titles:
        errors[ui.TITLES_BLOCK] = "Type at least one job title (separate several with commas)."
    elif len(titles) > MAX_TITLES:
        errors[ui.TITLES_BLOCK] = f"At most {MAX_TITLES} job titles at once."
    years_min = _years(view.text(ui.MIN_BLOCK, ui.MIN_ACTION))
    years_max = _years(view.text(ui.MAX_BLOCK, ui.MAX_ACTION))
    if isinstance(years_min, str):
        errors[ui.MIN_BLOCK] = years_min
    if isinstance(years_max, str):
        errors[ui.MAX_BLOCK] = years_max
    if isinstance(years_min, int) and isinstance(years_max, int) and years_max < years_min:
        errors[ui.MAX_BLOCK] = f"Max years must not be below min years ({years_min})."
    if not view.picked(ui.PROJECT_BLOCK, ui.PROJECT_ACTION):
        errors[ui.PROJECT_BLOCK] = "Pick the project to add profiles to."
    return errors


def read_form(view: ViewSubmissionPayload) -> FormResult:
    """The submitted modal -> a form, or errors by block_id (nothing is sent to Leonar)."""
    errors = _check(view)
    if errors:
        return FormResult(None, errors)
    account = picked_account(view)
    project_id, project_name = view.picked(ui.PROJECT_BLOCK, ui.PROJECT_ACTION)[0]
    years_min = _years(view.text(ui.MIN_BLOCK, ui.MIN_ACTION))
    years_max = _years(view.text(ui.MAX_BLOCK, ui.MAX_ACTION))
    assert account is not None
    assert not isinstance(years_min, str) and not isinstance(years_max, str)
    locations = view.picked(ui.LOCATION_BLOCK, SOURCING_LOCATIONS)
    return FormResult(
        SourcingForm(
            account_id=account[0],
            api_type=account[1],
            job_titles=split_titles(view.text(ui.TITLES_BLOCK, ui.TITLES_ACTION) or ""),
            locations={value: label or value for value, label in locations if value},
            years_min=years_min,
            years_max=years_max,
            project_id=project_id,
            project_name=project_name or project_id,
        )
    )
