"""Acks before follow-up work: Bolt runs a listener's work after ``await ack()`` in the same event
loop that answers Slack's other requests, so under a burst that work delays their acks (Slack
gives 3 s). ``PriorityAck`` is the ``ack`` given to listeners of HTTP requests: it records the
answer as usual, then holds the listener until no Slack request is waiting for its answer (its
own included) among those that had arrived when it acked, for at most ``MAX_WAIT`` seconds,
so follow-up work never starves and a burst's follow-ups start in arrival order.

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
import heapq
import itertools
from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.response.response import BoltResponse

#: the longest follow-up work waits for other requests' acks (trigger ids live 3 s)
MAX_WAIT = 1.0


class Ticket:
    """One Slack request between its arrival and its answer (``seq``: its arrival order)."""

    __slots__ = ("answered", "seq")

    def __init__(self, seq: int) -> None:
        self.seq = seq
        self.answered = False


class AckGate:
    """The Slack requests not answered yet, in arrival order. ``after_ack`` holds a listener's
    follow-up work until every request that had arrived when it acked was answered: not the
    ones arriving later (under a steady rate there is nearly always one, and each follow-up
    would then wait the whole ``max_wait``), and in the order the requests came, so a burst's
    results go out first come, first served."""

    def __init__(self, max_wait: float = MAX_WAIT) -> None:
        self.max_wait = max_wait
        self._seq = itertools.count()
        self._newest = -1
        #: unanswered tickets by seq (a dict keeps arrival order: the first is the oldest)
        self._waiting: dict[int, Ticket] = {}
        #: (the newest seq it waits for, its future): released oldest first
        self._held: list[tuple[int, int, asyncio.Future[None]]] = []

    @property
    def unanswered(self) -> int:
        return len(self._waiting)

    def enter(self) -> Ticket:
        ticket = Ticket(next(self._seq))
        self._newest = ticket.seq
        self._waiting[ticket.seq] = ticket
        return ticket

    def leave(self, ticket: Ticket) -> None:
        if ticket.answered:
            return
        ticket.answered = True
        del self._waiting[ticket.seq]
        oldest = self._oldest()
        while self._held and self._held[0][0] < oldest:
            _, _, future = heapq.heappop(self._held)
            if not future.done():
                future.set_result(None)

    def _oldest(self) -> int:
        """The seq of the oldest unanswered request (past the newest when there is none)."""
        return next(iter(self._waiting), self._newest + 1)

    async def after_ack(self, ticket: Ticket) -> None:
        """Wait until this request and every one that arrived before this call were answered
        (at most ``max_wait`` seconds)."""
        target = self._newest
        if self._oldest() > target:
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._held, (target, ticket.seq, future))
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(self.max_wait):
                await future


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
