"""Adding a contact to a hiring project: opening the modal (``modal``) and its submission
(``submit``)."""

from __future__ import annotations

from bot.flows.add_to_project.modal import (
    AddOrigin,
    CardClick,
    add,
    form,
    from_card,
    from_message,
    pick_project,
    picked_project,
    stage_options,
)
from bot.flows.add_to_project.submit import AddSubmission, submit

__all__ = [
    "AddOrigin",
    "AddSubmission",
    "CardClick",
    "add",
    "form",
    "from_card",
    "from_message",
    "pick_project",
    "picked_project",
    "stage_options",
    "submit",
]
