"""The shapes every view-submission listener shares, written once: read the submitted view
without any network call, answer wrong input under the inputs (``response_action: errors``,
nothing sent to Leonar), else ack and run the flow after the ack."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from slack_bolt.async_app import AsyncAck, AsyncBoltContext

from bot.slack.interaction import Interaction, interaction_of
from bot.slack.payloads import ViewSubmissionPayload, parse_view_submission

F = TypeVar("F")
Errors = dict[str, str]
#: a Bolt listener (``app.view``, ``app.action``)
Listener = Callable[[AsyncAck, dict[str, Any], AsyncBoltContext], Awaitable[None]]


async def submitted(ack: AsyncAck, body: dict[str, Any]) -> ViewSubmissionPayload | None:
    """The submission; None (and acked) for a malformed payload."""
    payload = parse_view_submission(body)
    if payload is None:
        await ack()
    return payload


async def refuse(ack: AsyncAck, errors: Errors) -> None:
    """No valid form: the errors under the inputs (a form without any is only acked)."""
    if errors:
        await ack(response_action="errors", errors=errors)
    else:
        await ack()


def on_submission(
    read: Callable[[ViewSubmissionPayload], tuple[F | None, Errors]],
    flow: Callable[[Interaction, F], Awaitable[None]],
) -> Listener:
    """The listener of a modal whose form is ``read`` (the form, or the errors to show) and
    then handled by ``flow`` after the ack."""

    async def listener(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
        payload = await submitted(ack, body)
        if payload is None:
            return
        form, errors = read(payload)
        if form is None:
            await refuse(ack, errors)
            return
        await ack()
        await flow(interaction_of(context), form)

    return listener


def ack_then(
    parse: Callable[[dict[str, Any]], F | None], flow: Callable[[Interaction, F], Awaitable[None]]
) -> Listener:
    """The listener that acks at once, then runs ``flow`` with the parsed payload (nothing
    when it does not parse): a click, or a submission that closes its modal whatever it holds."""

    async def listener(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
        await ack()
        parsed = parse(body)
        if parsed is not None:
            await flow(interaction_of(context), parsed)

    return listener
