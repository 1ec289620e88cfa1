"""The sandbox's entries listing, notes, and the changes tests and the demo make behind the
bot's back (moved entries, moved or closed deals, the demo's timer)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from standins import leonar_data as demo
from standins.leonar import ALL_SCOPES, DEFAULT_KEY, SandboxState, create_leonar_sandbox
from tests.sandbox.test_leonar_sandbox import BASE, FakeClock, data, error

PROJECT = demo.FRONTEND_PROJECT_ID


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def state(clock: FakeClock) -> SandboxState:
    return SandboxState.demo(clock=clock)


@pytest.fixture
async def client(state: SandboxState) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=create_leonar_sandbox(state))
    async with httpx.AsyncClient(
        transport=transport, base_url=BASE, headers={"Authorization": f"Bearer {DEFAULT_KEY}"}
    ) as http:
        yield http


async def counts(client: httpx.AsyncClient, project_id: str = PROJECT) -> dict[str, int]:
    project = data(await client.get(f"/projects/{project_id}"))
    return {s["name"]: s["entries_count"] for s in project["pipeline"]["stages"]}


async def test_entries_are_paged_with_their_stage_and_contact(
    client: httpx.AsyncClient,
) -> None:
    first = await client.get(f"/projects/{PROJECT}/entries", params={"limit": 2})
    body: dict[str, Any] = first.json()
    assert first.status_code == 200
    assert body["meta"] == {"total": 4, "limit": 2, "offset": 0, "has_more": True}
    entry = body["data"][0]
    assert entry["stage"] == {"id": demo.FRONTEND_SOURCED_STAGE_ID, "name": "Sourced"}
    assert entry["contact"]["id"] == demo.SOPHIE_CONTACT_ID
    assert entry["contact"]["linkedin_profile"]
    assert {"id", "project_id", "created_at", "updated_at"} <= set(entry)
    rest = (await client.get(f"/projects/{PROJECT}/entries?limit=2&offset=2")).json()
    assert len(rest["data"]) == 2 and rest["meta"]["has_more"] is False
    error(await client.get("/projects/nope/entries"), 404, "not_found")
    error(await client.get(f"/projects/{PROJECT}/entries?limit=500"), 400, "validation_error")


async def test_moving_an_entry_moves_the_counts(
    client: httpx.AsyncClient, state: SandboxState, clock: FakeClock
) -> None:
    before = await counts(client)
    clock.advance(60)
    entry = state.move_entry(PROJECT, demo.SOPHIE_CONTACT_ID, "interview")

    after = await counts(client)
    assert before["Sourced"] - 1 == after["Sourced"] == 0
    assert before["Interview"] + 1 == after["Interview"] == 2
    assert entry["updated_at"] == "2025-02-10T10:01:00Z"
    listed = data(await client.get(f"/projects/{PROJECT}/entries"))
    assert listed[0]["stage"]["name"] == "Interview"


async def test_moving_a_contact_not_in_the_project_adds_it(
    client: httpx.AsyncClient, state: SandboxState
) -> None:
    state.move_entry(PROJECT, demo.NO_EMAIL_CONTACT_ID, "Offer")

    assert (await counts(client))["Offer"] == 2
    listed = data(await client.get(f"/projects/{PROJECT}/entries"))
    assert listed[-1]["contact"]["id"] == demo.NO_EMAIL_CONTACT_ID
    with pytest.raises(KeyError):
        state.move_entry(PROJECT, demo.NO_EMAIL_CONTACT_ID, "Nowhere")


async def test_a_deal_moved_behind_the_bots_back(
    client: httpx.AsyncClient, state: SandboxState
) -> None:
    state.set_deal_stage(demo.OPEN_DEAL_ID, "Negotiation")

    deal = data(await client.get(f"/deals/{demo.OPEN_DEAL_ID}"))
    assert deal["stage"]["name"] == "Negotiation" and deal["status"] == "open"


async def test_a_deal_closed_behind_the_bots_back_leaves_the_open_list(
    client: httpx.AsyncClient, state: SandboxState
) -> None:
    state.close_deal(demo.OPEN_DEAL_ID, "won", signed_amount=42000)

    open_ids = [d["id"] for d in data(await client.get("/deals?status=open"))]
    assert demo.OPEN_DEAL_ID not in open_ids
    deal = data(await client.get(f"/deals/{demo.OPEN_DEAL_ID}"))
    assert (deal["status"], deal["signed_amount"], deal["stage"]["name"]) == ("won", 42000, "Won")
    assert deal["actual_close_date"] == "2025-02-10"


async def test_notes_are_stored_on_known_contacts_only(
    client: httpx.AsyncClient, state: SandboxState
) -> None:
    path = f"/contacts/{demo.SOPHIE_CONTACT_ID}/notes"
    note = data(await client.post(path, json={"content": "Great call"}), 201)

    assert note["content"] == "Great call" and note["contact_id"] == demo.SOPHIE_CONTACT_ID
    assert note["created_at"] == "2025-02-10T10:00:00Z" and note["id"]
    assert state.notes == [note]
    error(await client.post("/contacts/nobody/notes", json={"content": "x"}), 404, "not_found")
    error(await client.post(path, json={"content": " "}), 400, "validation_error")
    error(await client.post(path, json={}), 400, "validation_error")
    assert len(state.notes) == 1


async def test_scopes_of_the_new_routes(client: httpx.AsyncClient, state: SandboxState) -> None:
    state.add_key("leo_read_only", ALL_SCOPES - {"contacts:write", "projects:read"})
    other = {"Authorization": "Bearer leo_read_only"}

    refused = error(
        await client.post(
            f"/contacts/{demo.SOPHIE_CONTACT_ID}/notes", json={"content": "x"}, headers=other
        ),
        403,
        "insufficient_scope",
    )
    assert refused["details"] == {"required_scope": "contacts:write"}
    listed = error(
        await client.get(f"/projects/{PROJECT}/entries", headers=other), 403, "insufficient_scope"
    )
    assert listed["details"] == {"required_scope": "projects:read"}


async def test_the_demo_timer_moves_one_entry_a_period(
    client: httpx.AsyncClient, state: SandboxState, clock: FakeClock
) -> None:
    state.auto_move_every = 30
    start = await counts(client)
    clock.advance(10)
    assert await counts(client) == start
    clock.advance(25)

    moved = await counts(client)
    assert moved != start and sum(moved.values()) == sum(start.values())
    assert moved == await counts(client)  # not again before the next period
