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


async def test_a_request_arriving_after_the_ack_does_not_hold_the_follow_up() -> None:
    # under a steady rate there is nearly always a newer request in flight: waiting for it
    # made every follow-up wait the whole max_wait
    gate = AckGate(max_wait=5.0)
    mine = gate.enter()
    ack = PriorityAck(gate, mine)
    listener = asyncio.create_task(ack())
    await asyncio.sleep(0.05)
    gate.enter()  # arrives after the ack, never answered during the test
    gate.leave(mine)
    await asyncio.wait_for(listener, 0.5)
    assert gate.unanswered == 1


async def test_follow_ups_are_released_in_the_order_their_requests_arrived() -> None:
    gate = AckGate(max_wait=5.0)
    tickets = [gate.enter() for _ in range(4)]
    released: list[int] = []

    async def listener(i: int) -> None:
        await PriorityAck(gate, tickets[i])()
        released.append(i)

    tasks = [asyncio.create_task(listener(i)) for i in (3, 1, 2, 0)]
    await asyncio.sleep(0.05)
    for i in (2, 3, 1):  # answered out of order; the oldest (0) still waits for its answer
        gate.leave(tickets[i])
    await asyncio.sleep(0.05)
    assert released == []
    gate.leave(tickets[0])
    await asyncio.wait_for(asyncio.gather(*tasks), 1.0)
    assert released == [0, 1, 2, 3]
    assert gate.unanswered == 0
