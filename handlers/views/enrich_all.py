"""Submission of the **Enrich all** confirmation: closes at once, bot/flows/enrich_all works
after the ack."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp

from bot.flows import enrich_all
from bot.flows.enrich_all import EnrichAllForm
from bot.slack.listeners import ack_then
from bot.slack.payloads import parse_view_submission
from bot.ui.actions import ENRICH_ALL_VIEW


def _form(body: dict[str, Any]) -> EnrichAllForm | None:
    payload = parse_view_submission(body)
    return enrich_all.read_form(payload) if payload is not None else None


on_enrich_all_submit = ack_then(_form, enrich_all.submit)


def register(app: AsyncApp) -> None:
    app.view(ENRICH_ALL_VIEW)(on_enrich_all_submit)
