"""Block Kit for LinkedIn sourcing: the modal (read back by ``bot.flows.source``) and the
results thread.

Pure builders (no I/O). Every string from people or Leonar goes through ``escape``. A card is
always exactly ``BLOCKS_PER_CARD`` blocks, so a message planned for some cards stays under
Slack's 50 blocks when its cards are re-rendered after an add.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Final

from bot.leonar import ApiType, ConnectedAccount, Location, ProjectSummary
from bot.services.sourcing import AddOutcome, ProfileStatus, SourcingSet, profile_ref
from bot.text import escape
from bot.ui.actions import (
    CONTACT_ENRICH,
    PROFILE_ADD,
    PROFILES_ADD_PAGE,
    PROFILES_ENRICH_ALL,
    PROFILES_NEXT_PAGE,
    SOURCING_LOCATIONS,
    SOURCING_VIEW,
)
from bot.ui.blocks import button, notice_modal, static_select
from bot.ui.blocks import clip as _clip
from bot.ui.blocks import mrkdwn as _mrkdwn
from bot.ui.blocks import plain as _plain

Block = dict[str, Any]
Blocks = list[Block]

TITLE: Final = "LinkedIn sourcing"
MAX_MESSAGE_BLOCKS: Final = 50
BLOCKS_PER_CARD: Final = 3
MAX_OPTION_TEXT: Final = 75

ACCOUNT_BLOCK: Final = "account"
ACCOUNT_ACTION: Final = "account_pick"
TITLES_BLOCK: Final = "titles"
TITLES_ACTION: Final = "titles_input"
LOCATION_BLOCK: Final = "locations"
MIN_BLOCK: Final = "years_min"
MIN_ACTION: Final = "years_min_input"
MAX_BLOCK: Final = "years_max"
MAX_ACTION: Final = "years_max_input"
PROJECT_BLOCK: Final = "project"
PROJECT_ACTION: Final = "project_pick"

CONNECT_FIRST: Final = "Connect your Leonar account first: type `/leonar connect`."
EXPIRED: Final = "These results have expired. Run `/leonar source` again for fresh ones."

API_LABELS: Final = {ApiType.RECRUITER: "Recruiter", ApiType.SALES_NAVIGATOR: "Sales Navigator"}

_SAFE_URL = re.compile(r"^https?://[^\s<>|]+$")


def _option(text: str, value: str) -> dict[str, Any]:
    return {"text": _plain(_clip(text or value, MAX_OPTION_TEXT)), "value": value}


def _link(url: str | None, label: str) -> str:
    """``<url|label>`` for a plain http(s) URL, else the escaped label alone."""
    if url and _SAFE_URL.match(url):
        return f"<{url}|{escape(label)}>"
    return escape(label)


def _years(value: float | None) -> str | None:
    if value is None:
        return None
    return f"{value:g} year{'' if value == 1 else 's'} of experience"


# --------------------------------------------------------------------------- the modal


def account_value(account: ConnectedAccount) -> str:
    """An account option's value: ``"<account id>|<api type>"`` (the typeahead needs both)."""
    return f"{account.id}|{account.sourcing_api_type or ''}"


def parse_account_value(value: str) -> tuple[str, str]:
    account_id, _, api_type = value.partition("|")
    return account_id, api_type


def account_label(account: ConnectedAccount) -> str:
    kind = API_LABELS.get(account.sourcing_api_type or "", account.sourcing_api_type or "")
    name = account.name or account.id
    return f"{name} · {kind}" if kind else name


def notice_view(text: str, *, title: str = TITLE) -> dict[str, Any]:
    """A modal that only says something (loading, nothing to search with, an error)."""
    return notice_modal(title, text, callback_id=f"{SOURCING_VIEW}_notice")


def loading_view() -> dict[str, Any]:
    return notice_view(":hourglass_flowing_sand: Loading your LinkedIn accounts and projects…")


def no_account_view() -> dict[str, Any]:
    return notice_view(
        "None of your connected LinkedIn accounts can search LinkedIn right now: sourcing needs "
        "an account whose *Recruiter* or *Sales Navigator* access is active.\n"
        "Connect or reactivate one in Leonar (Settings → LinkedIn accounts), then try "
        "`/leonar source` again."
    )


def no_project_view() -> dict[str, Any]:
    return notice_view(
        "You have no active project in Leonar to add profiles to. Create one in Leonar, then try "
        "`/leonar source` again."
    )


def sourcing_modal(
    accounts: Sequence[ConnectedAccount],
    projects: Sequence[ProjectSummary],
    *,
    titles: Sequence[str] = (),
    private_metadata: str = "",
) -> dict[str, Any]:
    """The sourcing form. ``accounts`` are the ones that can source (at least one)."""
    account_options = [_option(account_label(a), account_value(a)) for a in accounts[:100]]
    first_account = account_options[0] if account_options else None
    account_element = static_select(
        ACCOUNT_ACTION, "Pick a LinkedIn account", account_options, first_account
    )
    titles_element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": TITLES_ACTION,
        "max_length": 500,
        "placeholder": _plain("Software Engineer, Backend Developer"),
    }
    initial_titles = ", ".join(t for t in titles if t.strip())
    if initial_titles:
        titles_element["initial_value"] = initial_titles[:500]
    project_options = [_option(p.name or p.id, p.id) for p in projects[:100]]
    only_project = project_options[0] if len(project_options) == 1 else None
    project_element = static_select(PROJECT_ACTION, "Pick a project", project_options, only_project)

    def years_input(block_id: str, action_id: str, label: str) -> Block:
        return {
            "type": "input",
            "block_id": block_id,
            "optional": True,
            "label": _plain(label),
            "element": {
                "type": "number_input",
                "action_id": action_id,
                "is_decimal_allowed": False,
                "min_value": "0",
                "max_value": "60",
            },
        }

    return {
        "type": "modal",
        "callback_id": SOURCING_VIEW,
        "title": _plain(TITLE),
        "submit": _plain("Search"),
        "close": _plain("Cancel"),
        "private_metadata": private_metadata,
        "blocks": [
            {
                "type": "input",
                "block_id": ACCOUNT_BLOCK,
                "label": _plain("LinkedIn account"),
                "element": account_element,
            },
            {
                "type": "input",
                "block_id": TITLES_BLOCK,
                "label": _plain("Job titles"),
                "hint": _plain("Several titles: separate them with commas."),
                "element": titles_element,
            },
            {
                "type": "input",
                "block_id": LOCATION_BLOCK,
                "optional": True,
                "label": _plain("Location"),
                "hint": _plain("Type at least 2 letters of a city, region or country."),
                "element": {
                    "type": "multi_external_select",
                    "action_id": SOURCING_LOCATIONS,
                    "placeholder": _plain("Paris, London…"),
                    "min_query_length": 2,
                    "max_selected_items": 10,
                },
            },
            years_input(MIN_BLOCK, MIN_ACTION, "Min years of experience"),
            years_input(MAX_BLOCK, MAX_ACTION, "Max years of experience"),
            {
                "type": "input",
                "block_id": PROJECT_BLOCK,
                "label": _plain("Project"),
                "hint": _plain("Profiles you add go to this project's first stage."),
                "element": project_element,
            },
        ],
    }


def location_options(locations: Sequence[Location]) -> list[dict[str, Any]]:
    """Options for the location typeahead (value: the LinkedIn location id)."""
    return [_option(loc.title or loc.id, loc.id) for loc in locations[:100] if loc.id]


# --------------------------------------------------------------------------- the results thread


def _short_location(title: str) -> str:
    return title.split(",")[0].strip() or title


def describe_search(s: SourcingSet) -> str:
    """ "for *Software Engineer* or *Backend Developer* in Paris with 3–10 years of experience" """
    titles = " or ".join(f"*{escape(t)}*" for t in s.search.job_titles)
    text = f"for {titles}"
    places = [_short_location(t) for t in s.search.locations.values()]
    if places:
        text += " in " + " or ".join(escape(p) for p in places)
    lo, hi = s.search.years_min, s.search.years_max
    if lo is not None and hi is not None:
        text += f" with {lo}–{hi} years of experience"
    elif lo is not None:
        text += f" with at least {lo} years of experience"
    elif hi is not None:
        text += f" with at most {hi} years of experience"
    return text


def parent_message(s: SourcingSet) -> tuple[str, Blocks]:
    """The thread's parent: how many profiles were found, how many are new to the project."""
    project = f"*{escape(s.search.project_name)}*"
    total = s.total_count if s.total_count is not None else len(s.profiles)
    if total == 0 or not s.profiles:
        text = (
            f"No LinkedIn profiles found {describe_search(s)}. "
            "Try fewer words, other titles or a wider location."
        )
    else:
        noun = "profile" if total == 1 else "profiles"
        new = (
            f" ({s.filtered_count:,} not yet in {project})" if s.filtered_count is not None else ""
        )
        text = f"Found {total:,} {noun}{new} {describe_search(s)}"
    return text, [{"type": "section", "text": _mrkdwn(text)}]


def card_blocks(set_id: str, index: int, s: SourcingSet) -> Blocks:
    """One profile: who, current job, where, how experienced; then add / added / already in."""
    profile = s.profile(index)
    mark = s.marks[index]
    lines = [f"*{_link(profile.linkedin_url, profile.full_name)}*"]
    if profile.headline:
        lines.append(escape(_clip(profile.headline, 300)))
    job = " · ".join(p for p in (profile.job_title, profile.company_name) if p)
    if job:
        lines.append(f"Current job: {escape(_clip(job, 300))}")
    section: Block = {
        "type": "section",
        "block_id": f"profile_{index}_card",
        "text": _mrkdwn("\n".join(lines)),
    }
    if profile.picture_url and _SAFE_URL.match(profile.picture_url):
        section["accessory"] = {
            "type": "image",
            "image_url": profile.picture_url,
            "alt_text": _clip(profile.full_name, 200),
        }
    facts = [
        f":round_pushpin: {escape(profile.location)}" if profile.location else None,
        _years(profile.total_years_experience),
        _link(profile.linkedin_url, "LinkedIn profile") if profile.linkedin_url else None,
    ]
    context: Block = {
        "type": "context",
        "block_id": f"profile_{index}_facts",
        "elements": [_mrkdwn(" · ".join(f for f in facts if f) or "No details on LinkedIn")],
    }
    project = f"*{escape(s.search.project_name)}*"
    status: Block
    if mark.status == ProfileStatus.ADDED:
        stage = f" · {escape(mark.stage)}" if mark.stage else ""
        status = {
            "type": "section",
            "block_id": f"profile_{index}",
            "text": _mrkdwn(f"✓ Added to {project}{stage}"),
        }
        if mark.contact_id:
            status["accessory"] = button("Enrich", CONTACT_ENRICH, mark.contact_id)
    elif mark.status == ProfileStatus.IN_PROJECT:
        status = {
            "type": "context",
            "block_id": f"profile_{index}",
            "elements": [_mrkdwn(f"Already in project {project}")],
        }
    else:
        status = {
            "type": "actions",
            "block_id": f"profile_{index}",
            "elements": [
                button("Add to project", PROFILE_ADD, profile_ref(set_id, index), style="primary")
            ],
        }
    return [section, context, status]


def plan_card_messages(s: SourcingSet, *, max_blocks: int = MAX_MESSAGE_BLOCKS) -> list[range]:
    """Split a page's cards into messages of at most ``max_blocks`` blocks."""
    per_message = max(1, max_blocks // BLOCKS_PER_CARD)
    count = len(s.profiles)
    return [range(start, min(start + per_message, count)) for start in range(0, count, per_message)]


def cards_message(set_id: str, s: SourcingSet, indices: range) -> tuple[str, Blocks]:
    blocks: Blocks = []
    for index in indices:
        blocks += card_blocks(set_id, index, s)
    names = ", ".join(s.profile(i).full_name for i in indices)
    return _clip(f"Profiles: {names}", 3000), blocks


def controls_message(set_id: str, s: SourcingSet) -> tuple[str, Blocks]:
    """Under a page: what is new on it, Add all on this page, Next page (while there is one)."""
    new = len(s.new_indices())
    project = f"*{escape(s.search.project_name)}*"
    count = len(s.profiles)
    noun = "profile" if count == 1 else "profiles"
    where = f"{new} not yet in {project}" if new else f"all already in {project}"
    text = f"Page {s.page} · {count} {noun}, {where}"
    if s.next_set_id:
        text += " · next page below"
    blocks: Blocks = [{"type": "context", "block_id": "controls_info", "elements": [_mrkdwn(text)]}]
    buttons: Blocks = []
    if new:
        buttons.append(button("Add all on this page", PROFILES_ADD_PAGE, set_id))
    if s.has_more and not s.next_set_id:
        buttons.append(button("Next page", PROFILES_NEXT_PAGE, set_id))
    if any(m.contact_id for m in s.marks):  # only profiles already in Leonar are enriched
        buttons.append(button("Enrich all", PROFILES_ENRICH_ALL, set_id))
    if buttons:
        blocks.append({"type": "actions", "block_id": "controls", "elements": buttons})
    return text, blocks


def _names(s: SourcingSet, indices: Sequence[int]) -> str:
    names = [f"*{escape(s.profile(i).full_name)}*" for i in indices]
    if len(names) > 5:
        return ", ".join(names[:5]) + f" and {len(names) - 5} more"
    return ", ".join(names)


def added_text(outcome: AddOutcome) -> str:
    """The confirmation posted in the thread after an add."""
    s = outcome.set
    project = f"*{escape(s.search.project_name)}*"
    parts: list[str] = []
    if outcome.added:
        stage = f" (stage *{escape(outcome.stage)}*)" if outcome.stage else ""
        who = _names(s, [i for i, _ in outcome.added])
        parts.append(f":white_check_mark: Added {who} to {project}{stage}.")
    if outcome.skipped:
        parts.append(f"Skipped {_names(s, outcome.skipped)}: already in {project}.")
    if outcome.in_flight and not outcome.added:
        parts.append(f"{_names(s, outcome.in_flight)}: already being added, one moment.")
    if not parts:
        parts.append(f"Nothing to add: these profiles are already in {project}.")
    return " ".join(parts)
