"""Acks before follow-up work: Bolt runs a listener's work after ``await ack()`` in the same event
loop that answers Slack's other requests, so under a burst that work delays their acks (Slack
gives 3 s). ``PriorityAck`` is the ``ack`` given to listeners of HTTP requests: it records the
answer as usual, then holds the listener until no Slack request is waiting for its answer (its
own included), for at most ``MAX_WAIT`` seconds, so follow-up work never starves.

    gate = AckGate()
    ticket = gate.enter()                       # a Slack request arrived
    request.context["ack"] = PriorityAck(gate, ticket)
    try:
        ... dispatch ...                        # the listener: await ack(); <waits>; work
    finally:
        gate.leave(ticket)                      # its answer is on its way
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.response.response import BoltResponse

#: the longest follow-up work waits for other requests' acks (trigger ids live 3 s)
MAX_WAIT = 1.0


class Ticket:
    """One Slack request between its arrival and its answer."""

    __slots__ = ("answered",)

    def __init__(self) -> None:
        self.answered = asyncio.Event()


class AckGate:
    """Counts the Slack requests not answered yet; ``idle()`` waits until there are none."""

    def __init__(self, max_wait: float = MAX_WAIT) -> None:
        self.max_wait = max_wait
        self.unanswered = 0
        self._idle = asyncio.Event()
        self._idle.set()

    def enter(self) -> Ticket:
        self.unanswered += 1
        if self._idle.is_set():
            self._idle = asyncio.Event()
        return Ticket()

    def leave(self, ticket: Ticket) -> None:
        if ticket.answered.is_set():
            return
        ticket.answered.set()
        self.unanswered -= 1
        if self.unanswered == 0:
            self._idle.set()

    async def after_ack(self, ticket: Ticket) -> None:
        """Wait until this request and every other one in progress were answered (at most
        ``max_wait`` seconds)."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(self.max_wait):
                await ticket.answered.wait()
                while self.unanswered:
                    await self._idle.wait()


class PriorityAck(AsyncAck):
    """Bolt's ack, then ``AckGate.after_ack`` before the listener goes on."""

    def __init__(self, gate: AckGate, ticket: Ticket) -> None:
        self.response: BoltResponse | None = None  # what AsyncAck.__init__ sets
        self._gate = gate
        self._ticket = ticket

    async def __call__(self, *args: Any, **kwargs: Any) -> BoltResponse:
        response = await super().__call__(*args, **kwargs)
        await self._gate.after_ack(self._ticket)
        return response
