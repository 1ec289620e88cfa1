"""Every client method once against the Leonar sandbox served by uvicorn on a loopback port."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest
import uvicorn

from bot.leonar import (
    AuthenticationError,
    EnrollContact,
    InsufficientCreditsError,
    InsufficientScopeError,
    LeonarClient,
    NotFoundError,
    RateBudgets,
    ValidationError,
)
from standins import leonar_data as demo
from standins.leonar import DEFAULT_KEY, SandboxState, create_leonar_sandbox
from tests.leonar.support import FakeClock, FakeSleep


@dataclass
class Sandbox:
    state: SandboxState
    base_url: str


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    state = SandboxState.demo()
    config = uvicorn.Config(
        create_leonar_sandbox(state), log_level="warning", lifespan="off", ws="none"
    )
    server = uvicorn.Server(config)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        for _ in range(500):
            if server.started or task.done():
                break
            await asyncio.sleep(0.01)
        assert server.started, "the sandbox did not start"
        yield Sandbox(state=state, base_url=f"http://127.0.0.1:{port}/api/v1")
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, timeout=10)
        sock.close()


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=10) as client:
        yield client


@pytest.fixture
def sleeps() -> FakeSleep:
    return FakeSleep(FakeClock())


def make_client(
    http: httpx.AsyncClient, sandbox: Sandbox, sleeps: FakeSleep, key: str = DEFAULT_KEY
) -> LeonarClient:
    return LeonarClient(
        http, base_url=sandbox.base_url, api_key=key, budgets=RateBudgets(), sleep=sleeps
    )


async def test_every_method_against_the_sandbox(
    http: httpx.AsyncClient, sandbox: Sandbox, sleeps: FakeSleep
) -> None:
    client = make_client(http, sandbox, sleeps)
    state = sandbox.state

    # accounts & sourcing
    accounts = {a.id: a for a in await client.accounts.list()}
    recruiter = accounts[demo.RECRUITER_ACCOUNT_ID]
    assert recruiter.sourcing_api_type == "recruiter"
    locations = await client.sourcing.locations(
        q="Paris", account_id=recruiter.id, api_type="recruiter"
    )
    assert demo.PARIS_LOCATION_ID in [loc.id for loc in locations]
    page = await client.sourcing.search(
        account_id=recruiter.id,
        project_id=demo.FRONTEND_PROJECT_ID,
        job_titles=["Engineer"],
        location_ids={demo.PARIS_LOCATION_ID: "Paris"},
        page_size=5,
    )
    assert page.profiles and page.total_count is not None
    by_id = {p.profile_id: p for p in page.profiles}
    if demo.SOPHIE_PROFILE_ID in by_id:
        assert not by_id[demo.SOPHIE_PROFILE_ID].can_add
    pages = [
        p
        async for p in client.sourcing.pages(
            account_id=recruiter.id, job_titles=["Engineer"], page_size=2, max_pages=2
        )
    ]
    assert 1 <= len(pages) <= 2
    addable = [p for p in page.profiles if p.can_add][:2]
    assert addable
    added = await client.sourcing.add_to_project(
        project_id=demo.FRONTEND_PROJECT_ID, profiles=addable
    )
    assert added.added + added.skipped == len(addable)
    sent = state.requests_to("POST", "/sourcing/add-to-project")[-1].json
    assert all("already_in_project" not in p for p in sent["profiles"])
    assert sent["profiles"][0]["profile_id"] == addable[0].profile_id

    # contacts
    contacts = await client.contacts.list(limit=3)
    assert len(contacts.data) == 3 and contacts.meta.has_more
    everyone = [c async for c in client.contacts.iter(page_size=7)]
    assert len(everyone) == contacts.meta.total
    assert len({c.id for c in everyone}) == len(everyone)
    sophie = await client.contacts.get(demo.SOPHIE_CONTACT_ID)
    assert sophie.full_name == "Sophie Martin" and sophie.work_email
    found = await client.contacts.search(query="frontend", location="Paris", limit=5)
    assert found.data and all("Paris" in (c.location or "") for c in found.data)
    enrichment_request = await client.contacts.enrich(demo.NO_EMAIL_CONTACT_ID)
    assert enrichment_request.status == "pending"
    state.complete_enrichment(enrichment_request.request_id)
    enrichment = await client.enrichment.get(enrichment_request.request_id)
    assert enrichment.is_completed and enrichment.result is not None and enrichment.result.email

    # tags
    tags = await client.tags.list()
    assert demo.FRONTEND_TAG_ID in [t.id for t in tags]
    tag = await client.tags.create(name="sandbox-test", color="#123456")
    tagged = await client.contacts.add_tag(demo.NO_EMAIL_CONTACT_ID, tag_id=tag.id)
    assert tagged.tag is not None and tagged.tag.name == "sandbox-test"

    # projects
    projects = await client.projects.list()
    assert demo.FRONTEND_PROJECT_ID in [p.id for p in projects.data]
    assert [p.id async for p in client.projects.iter()] == [p.id for p in projects.data]
    project = await client.projects.get(demo.FRONTEND_PROJECT_ID)
    interview = project.stage_named("Interview")
    assert interview is not None and interview.id == demo.FRONTEND_INTERVIEW_STAGE_ID
    entry = await client.projects.add_entry(
        demo.FRONTEND_PROJECT_ID, contact_id=demo.LONDON_SALES_CONTACT_ID, stage_id=interview.id
    )
    assert entry.stage is not None and entry.stage.id == interview.id
    assert entry.contact is not None and entry.contact.id == demo.LONDON_SALES_CONTACT_ID

    # sequences
    sequences = await client.sequences.list()
    assert demo.FRONTEND_SEQUENCE_ID in [s.id for s in sequences]
    assert all(s.status == "active" for s in sequences)
    enrolled = await client.sequences.enroll(
        demo.FRONTEND_SEQUENCE_ID,
        contacts=[
            EnrollContact(contact_id=demo.WITH_EMAIL_CONTACT_ID, custom_variables={"x": "y"}),
            EnrollContact(contact_id=demo.DO_NOT_CONTACT_ID),
        ],
    )
    assert enrolled.enrolled == 1 and enrolled.skipped_blacklisted == 1
    again = await client.sequences.enroll(
        demo.FRONTEND_SEQUENCE_ID, contact_ids=[demo.WITH_EMAIL_CONTACT_ID]
    )
    assert again.skipped_already_enrolled == 1

    # deals
    pipelines = await client.deal_pipelines.list()
    assert demo.NEW_BUSINESS_PIPELINE_ID in [p.id for p in pipelines]
    companies = await client.companies.list(search="Doctolib")
    assert demo.DOCTOLIB_COMPANY_ID in [c.id for c in companies]
    open_deals = await client.deals.list()
    assert demo.OPEN_DEAL_ID in [d.id for d in open_deals.data]
    assert all(d.is_open for d in open_deals.data)
    assert (await client.deals.get(demo.WON_DEAL_ID)).status == "won"
    deal = await client.deals.create(
        title="Sandbox deal",
        company_id=demo.DOCTOLIB_COMPANY_ID,
        pipeline_id=demo.NEW_BUSINESS_PIPELINE_ID,
        amount=1000,
        currency="EUR",
        expected_close_date="2025-06-30",
    )
    assert deal.is_open and deal.company is not None and deal.company.name
    link = await client.deals.add_contact(deal.id, contact_id=demo.SOPHIE_CONTACT_ID)
    assert link.contact_id == demo.SOPHIE_CONTACT_ID
    proposal = demo.deal_stage_id(demo.NEW_BUSINESS_PIPELINE_ID, "Proposal")
    moved = await client.deals.move_stage(deal.id, stage_id=proposal)
    assert moved.current_stage_id == proposal
    closed = await client.deals.close(deal.id, status="won", signed_amount=900)
    assert closed.status == "won" and closed.signed_amount == 900
    reopened = await client.deals.reopen(deal.id)
    assert reopened.is_open and reopened.current_stage_id == proposal

    # messages
    message = await client.messages.send(
        contact_id=demo.SOPHIE_CONTACT_ID, channel="email", subject="Hello", content="Hi Sophie"
    )
    assert message.status == "sent" and message.channel == "email"

    # the budget was learnt from the sandbox's headers, and nothing slept
    budget = client.budgets.get(client.fingerprint)
    assert budget is not None and budget.limit == 1000 and budget.remaining is not None
    assert budget.remaining < 1000
    assert sleeps.waits == []
    assert all(r.key == DEFAULT_KEY for r in state.requests)


async def test_sandbox_errors_map_to_the_hierarchy(
    http: httpx.AsyncClient, sandbox: Sandbox, sleeps: FakeSleep
) -> None:
    state = sandbox.state
    with pytest.raises(AuthenticationError):
        await make_client(http, sandbox, sleeps, key="leo_wrong").tags.list()

    state.add_key("leo_readonly", scopes={"contacts:read"})
    with pytest.raises(InsufficientScopeError) as scope:
        await make_client(http, sandbox, sleeps, key="leo_readonly").tags.create(
            name="x", color="#000000"
        )
    assert "tags:write" in scope.value.user_message

    client = make_client(http, sandbox, sleeps)
    with pytest.raises(NotFoundError):
        await client.deals.get("no-such-deal")
    with pytest.raises(ValidationError) as invalid:
        await client.tags.create(name="bad", color="blue")
    assert invalid.value.fields == {"color": "must be a hex color like #6366F1"}

    state.credits = 0
    with pytest.raises(InsufficientCreditsError) as credits:
        await client.contacts.enrich(demo.SOPHIE_CONTACT_ID)
    assert (credits.value.available, credits.value.required) == (0, 1)


async def test_sandbox_forced_429_is_retried(
    http: httpx.AsyncClient, sandbox: Sandbox, sleeps: FakeSleep
) -> None:
    sandbox.state.force_429 = 1
    client = make_client(http, sandbox, sleeps)
    tags = await client.tags.list()
    assert tags
    assert len(sandbox.state.requests_to("GET", "/tags")) == 2
    assert sleeps.waits and 0 < sleeps.waits[0] <= 60


async def test_watch_calls_against_the_sandbox(
    http: httpx.AsyncClient, sandbox: Sandbox, sleeps: FakeSleep
) -> None:
    """Entries (paged), counts that follow them, open deals (paged), notes on a contact."""
    client = make_client(http, sandbox, sleeps)
    state = sandbox.state
    project_id = demo.FRONTEND_PROJECT_ID

    page = await client.projects.entries(project_id, limit=3)
    assert len(page.data) == 3 and page.meta.has_more and page.meta.total == 4
    assert state.requests_to("GET", f"/projects/{project_id}/entries")[-1].query == {
        "limit": "3",
        "offset": "0",
    }
    entries = [e async for e in client.projects.iter_entries(project_id, page_size=3)]
    assert [e.stage.name if e.stage else None for e in entries] == [
        "Sourced",
        "Contacted",
        "Interview",
        "Offer",
    ]
    assert entries[0].contact is not None and entries[0].contact.full_name == "Sophie Martin"

    state.move_entry(project_id, demo.SOPHIE_CONTACT_ID, "Interview")
    project = await client.projects.get(project_id)
    counts = {s.name: s.entries_count for s in project.stages}
    assert counts == {"Sourced": 0, "Contacted": 1, "Interview": 2, "Offer": 1, "Hired": 0}
    moved = [e async for e in client.projects.iter_entries(project_id)]
    assert moved[0].stage is not None and moved[0].stage.name == "Interview"

    open_deals = [d async for d in client.deals.iter(page_size=2)]
    assert len(open_deals) == 6 and all(d.is_open for d in open_deals)
    assert len(state.requests_to("GET", "/deals")) == 3

    note = await client.contacts.add_note(demo.SOPHIE_CONTACT_ID, content="Met at the meetup")
    assert note.id and note.content == "Met at the meetup"
    assert note.contact_id == demo.SOPHIE_CONTACT_ID
    assert state.notes[-1]["content"] == "Met at the meetup"
    assert state.requests_to("POST", f"/contacts/{demo.SOPHIE_CONTACT_ID}/notes")[-1].json == {
        "content": "Met at the meetup"
    }
    with pytest.raises(NotFoundError):
        await client.contacts.add_note("nobody", content="x")
    with pytest.raises(ValidationError):
        await client.contacts.add_note(demo.SOPHIE_CONTACT_ID, content="  ")
    with pytest.raises(NotFoundError):
        await client.projects.entries("no-such-project")
