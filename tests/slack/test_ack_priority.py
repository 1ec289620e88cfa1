from __future__ import annotations

import asyncio

from bot.slack.ack_priority import AckGate, PriorityAck


async def test_follow_up_work_waits_until_every_request_is_answered() -> None:
    gate = AckGate(max_wait=5.0)
    mine, other = gate.enter(), gate.enter()
    ack = PriorityAck(gate, mine)
    listener = asyncio.create_task(ack(text="ok"))
    await asyncio.sleep(0.05)
    assert ack.response is not None and ack.response.status == 200  # the answer is ready at once
    assert not listener.done()  # ... but the follow-up waits for the answers
    gate.leave(mine)
    await asyncio.sleep(0.05)
    assert not listener.done()  # another request is still waiting for its ack
    gate.leave(other)
    await asyncio.wait_for(listener, 1.0)
    assert gate.unanswered == 0


async def test_follow_up_work_never_waits_longer_than_max_wait() -> None:
    gate = AckGate(max_wait=0.2)
    mine = gate.enter()
    gate.enter()  # a request that never gets answered
    ack = PriorityAck(gate, mine)
    gate.leave(mine)
    await asyncio.wait_for(ack(), 2.0)
    assert ack.response is not None
    assert gate.unanswered == 1


async def test_leaving_twice_counts_once() -> None:
    gate = AckGate()
    ticket = gate.enter()
    gate.leave(ticket)
    gate.leave(ticket)
    assert gate.unanswered == 0
    await asyncio.wait_for(gate.after_ack(ticket), 1.0)
