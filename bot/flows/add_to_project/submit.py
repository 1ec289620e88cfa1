"""Submitting the add-to-project modal: ``POST /projects/{id}/entries``, then the card updates in
place ("✓ Added to *Project* · Stage") and a confirmation goes into the card's thread.

A stage left over from another project is answered under ``Stage`` (nothing sent to Leonar). A
double submit of the same modal is done once (``db.dedupe``); a contact already in the project
is said nicely; other Leonar errors are explained in the thread."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from slack_sdk.errors import SlackApiError

from bot.commands import COMMAND
from bot.flows.add_to_project.modal import AddOrigin
from bot.flows.search import store_of
from bot.leonar import LeonarError
from bot.services import add_to_project as service
from bot.services.activity import bold, name, record_activity
from bot.services.add_to_project import AddResult
from bot.slack.interaction import Interaction
from bot.slack.payloads import ViewSubmissionPayload
from bot.text import escape, literal
from bot.ui import add_to_project as ui
from bot.ui import contacts as cards
from bot.ui.actions import ADD_PROJECT_BLOCK, ADD_PROJECT_SELECT, ADD_STAGE_BLOCK, ADD_STAGE_SELECT
from bot.ui.blocks import section
from bot.ui.connect import connect_prompt_text
from bot.ui.search_results import render_message

log = logging.getLogger(__name__)

SUBMIT_DEDUPE_TTL = 3600.0
STALE_STAGE = "This stage belongs to another project. Pick one of this project's stages."
PICK_PROJECT = "Pick a project."


@dataclass(frozen=True)
class AddSubmission:
    """The submitted form."""

    view_id: str
    private_metadata: str | None
    project_id: str | None
    #: the Stage option's value (``<project id>:<stage id>``), None when left empty
    stage: str | None

    @classmethod
    def of(cls, payload: ViewSubmissionPayload) -> AddSubmission:
        projects = payload.selected(ADD_PROJECT_BLOCK, ADD_PROJECT_SELECT)
        stages = payload.selected(ADD_STAGE_BLOCK, ADD_STAGE_SELECT)
        return cls(
            view_id=payload.view.id,
            private_metadata=payload.view.private_metadata,
            project_id=projects[0] if projects else None,
            stage=stages[0] if stages else None,
        )

    @classmethod
    def read(cls, payload: ViewSubmissionPayload) -> tuple[AddSubmission | None, dict[str, str]]:
        """The form, or the errors to show under the inputs."""
        form = cls.of(payload)
        errors = form.errors()
        return (None, errors) if errors else (form, {})

    @property
    def stage_id(self) -> str | None:
        split = ui.split_stage_value(self.stage)
        return split[1] if split else None

    def errors(self) -> dict[str, str]:
        """What to say under the inputs (empty: the form is fine)."""
        if self.project_id is None:
            return {ADD_PROJECT_BLOCK: PICK_PROJECT}
        split = ui.split_stage_value(self.stage)
        if self.stage is not None and (split is None or split[0] != self.project_id):
            return {ADD_STAGE_BLOCK: STALE_STAGE}
        return {}


async def submit(ix: Interaction, form: AddSubmission) -> None:
    """Add once per modal (a double submit is dropped), then answer where the add was asked."""
    origin = AddOrigin.decode(form.private_metadata)
    if origin is None or form.project_id is None:
        return
    if not await ix.deps.db.dedupe.first_time(
        f"add-to-project:{ix.team_id}:{form.view_id}", ttl_seconds=SUBMIT_DEDUPE_TTL
    ):
        log.info("add to project: duplicate submission of %s dropped", form.view_id)
        return
    try:
        await _add(ix, origin, form.project_id, form.stage_id)
    except SlackApiError as exc:
        log.warning("add to project: Slack refused a post: %s", type(exc).__name__)


async def _say(ix: Interaction, origin: AddOrigin, text: str) -> None:
    """A line in the card's thread; without a thread, only to the person."""
    there = ix.at(origin.channel or ix.user_id, origin.thread_ts, response_url=origin.response_url)
    if origin.thread_ts and origin.channel:
        await there.reply(text)
        return
    await there.tell(text)


async def _add(ix: Interaction, origin: AddOrigin, project_id: str, stage_id: str | None) -> None:
    leonar = await ix.leonar()
    if leonar is None:
        await _say(ix, origin, connect_prompt_text(COMMAND))
        return
    try:
        result = await service.add_contact(
            leonar,
            ix.deps.cache,
            project_id=project_id,
            contact_id=origin.contact_id,
            stage_id=stage_id,
        )
    except LeonarError as exc:
        who = f"*{literal(origin.contact_name)}*" if origin.contact_name else "the contact"
        await _say(ix, origin, f"I could not add {who}: {await ix.error_words(exc)}")
        return
    if not result.already:
        await record_activity(ix.deps.db, ix.team_id, ix.user_id, activity_text(result))
    note = cards.added_note(
        result.project.name or "the project", result.stage_name, already=result.already
    )
    updated = await _update_card(ix, origin, result, note)
    text = confirmation(result, ix.user_id)
    if origin.thread_ts and origin.channel:
        await _say(ix, origin, text)
        return
    # no card thread (e.g. `/leonar add`): a new message with the card, in the channel
    blocks = [section(text)]
    if not updated:
        blocks += cards.contact_card(
            result.contact, app_url=ix.deps.settings.leonar_app_url, note=note
        )
    there = ix.at(origin.channel or ix.user_id, response_url=origin.response_url)
    await there.start_thread(text, blocks)


def activity_text(result: AddResult) -> str:
    """The Home tab line: "Added Sophie Martin to *Senior Frontend* · Sourced"."""
    stage = f" · {name(result.stage_name)}" if result.stage_name else ""
    project = bold(result.project.name, "the project")
    return f"Added {name(result.contact.full_name)} to {project}{stage}"


def confirmation(result: AddResult, user_id: str) -> str:
    who = literal(result.contact.full_name)
    project = literal(result.project.name or "the project")
    if result.already:
        return f"*{who}* is already in *{project}*: nothing to add."
    stage = f" · {literal(result.stage_name)}" if result.stage_name else ""
    return f"<@{escape(user_id)}> added *{who}* to *{project}*{stage}"


async def _update_card(ix: Interaction, origin: AddOrigin, result: AddResult, note: str) -> bool:
    """Re-render the results message showing the card, with its note; False when there is no
    card of ours to update."""
    if not (origin.set_id and origin.message_ts and origin.channel):
        return False
    store = store_of(ix.deps)
    state = await store.load(origin.set_id)
    if state is None:
        return False
    message = state.message_with(origin.contact_id, origin.message_ts)
    if message is None:
        return False
    state.notes[origin.contact_id] = note
    state.contacts[origin.contact_id] = result.contact.model_dump(mode="json", exclude_none=True)
    await store.save(origin.set_id, state)
    text, blocks = render_message(origin.set_id, state, message, ix.deps.settings.leonar_app_url)
    await ix.poster.update(origin.channel, message.ts, text, blocks)
    return True
