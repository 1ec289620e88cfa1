"""The add-to-project modal: a loading view, the form (``Project``, ``Stage``) and notices.

``Project`` is a static select with ``dispatch_action``: picking a project re-renders the modal
with that project's stages as a static select. Before a project is picked, ``Stage`` is an
external select (its options come from the picked project when opened), so it works however
fast a person picks. An empty stage means the project's first stage.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.leonar.models import Project, ProjectSummary
from bot.text import literal
from bot.ui.actions import (
    ADD_PROJECT_BLOCK,
    ADD_PROJECT_SELECT,
    ADD_STAGE_BLOCK,
    ADD_STAGE_SELECT,
    ADD_TO_PROJECT_VIEW,
)
from bot.ui.blocks import loading_modal, notice_modal
from bot.ui.blocks import plain as _plain
from bot.ui.blocks import section as _section

View = dict[str, Any]
Block = dict[str, Any]

TITLE = "Add to project"
#: Slack's limit for an option's text
MAX_OPTION_TEXT = 75
STAGE_HINT = "Leave empty to use the project's first stage."


def _clip(text: str, limit: int = MAX_OPTION_TEXT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def project_option(project: ProjectSummary) -> Block:
    name = project.name or "Untitled project"
    label = f"{name} · {project.client_name}" if project.client_name else name
    return {"text": _plain(_clip(label)), "value": project.id}


def stage_value(project_id: str, stage_id: str) -> str:
    """A Stage option's value: the stage with its project (so a stale pick is caught)."""
    return f"{project_id}:{stage_id}"


def split_stage_value(value: str | None) -> tuple[str, str] | None:
    """``"<project id>:<stage id>"`` -> (project id, stage id); None when malformed."""
    if not value:
        return None
    project_id, sep, stage_id = value.partition(":")
    return (project_id, stage_id) if sep and project_id and stage_id else None


def stage_options(project: Project) -> list[Block]:
    """One option per stage, in pipeline order."""
    return [
        {"text": _plain(_clip(stage.name or "Stage")), "value": stage_value(project.id, stage.id)}
        for stage in project.stages
    ]


def loading_view(private_metadata: str = "", text: str = "Loading projects…") -> View:
    return loading_modal(
        TITLE,
        callback_id=ADD_TO_PROJECT_VIEW,
        text=f":hourglass_flowing_sand: {text}",
        private_metadata=private_metadata,
    )


def notice_view(text: str, private_metadata: str = "") -> View:
    """A modal that only says something (no submit)."""
    return notice_modal(
        TITLE, text, callback_id=ADD_TO_PROJECT_VIEW, private_metadata=private_metadata
    )


def add_to_project_view(
    *,
    contact_name: str,
    projects: Sequence[ProjectSummary],
    private_metadata: str,
    selected: Project | None = None,
) -> View:
    """The form. With ``selected`` the project is pre-picked and its stages are listed."""
    if not projects:
        return notice_view(
            "There is no active project in Leonar yet. Create one in Leonar, then try again.",
            private_metadata,
        )
    options = [project_option(p) for p in projects]
    project_select: Block = {
        "type": "static_select",
        "action_id": ADD_PROJECT_SELECT,
        "placeholder": _plain("Pick a project"),
        "options": options,
    }
    if selected is not None:
        initial = next((o for o in options if o["value"] == selected.id), None)
        if initial is None:  # not in the active list (e.g. archived since): still show it
            initial = project_option(selected)
            project_select["options"] = [initial, *options][:100]
        project_select["initial_option"] = initial
    stage_element: Block
    stages = stage_options(selected) if selected is not None else []
    if stages:
        stage_element = {
            "type": "static_select",
            "action_id": ADD_STAGE_SELECT,
            "placeholder": _plain("First stage"),
            "options": stages[:100],
        }
    else:
        stage_element = {
            "type": "external_select",
            "action_id": ADD_STAGE_SELECT,
            "placeholder": _plain("First stage"),
            "min_query_length": 0,
        }
    return {
        "type": "modal",
        "callback_id": ADD_TO_PROJECT_VIEW,
        "title": _plain(TITLE),
        "submit": _plain("Add"),
        "close": _plain("Cancel"),
        "private_metadata": private_metadata,
        "blocks": [
            _section(f"Add *{literal(contact_name)}* to a hiring project."),
            {
                "type": "input",
                "block_id": ADD_PROJECT_BLOCK,
                "dispatch_action": True,
                "label": _plain("Project"),
                "element": project_select,
            },
            {
                "type": "input",
                "block_id": ADD_STAGE_BLOCK,
                "optional": True,
                "label": _plain("Stage"),
                "hint": _plain(STAGE_HINT),
                "element": stage_element,
            },
        ],
    }
