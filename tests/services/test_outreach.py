"""bot.services.outreach against the Leonar sandbox: batches, the rate-budget pause, per-contact
failures, and the do-not-contact check; plus the pure validators."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest

from bot.leonar import Contact, LeonarClient, RateBudgets
from bot.services import outreach
from standins.leonar import SandboxState, create_leonar_sandbox
from standins.leonar_data import (
    DO_NOT_CONTACT_ID,
    FRONTEND_SEQUENCE_ID,
    FRONTEND_TAG_ID,
    SOPHIE_CONTACT_ID,
)
from tests.leonar.support import FakeClock, FakeSleep


@dataclass
class Env:
    client: LeonarClient
    state: SandboxState
    clock: FakeClock
    sleeps: FakeSleep


@pytest.fixture
async def env() -> AsyncIterator[Env]:
    clock = FakeClock(1_700_000_000.0)
    sleeps = FakeSleep(clock)
    state = SandboxState.demo(clock=clock)
    transport = httpx.ASGITransport(app=create_leonar_sandbox(state))
    async with httpx.AsyncClient(transport=transport, base_url="http://sandbox") as http:
        client = LeonarClient(
            http,
            base_url="http://sandbox/api/v1",
            api_key="leo_sandbox",
            budgets=RateBudgets(clock=clock),
            sleep=sleeps,
        )
        yield Env(client, state, clock, sleeps)


# --------------------------------------------------------------------------- validators


def test_parse_variables() -> None:
    assert outreach.parse_variables(" Hi there ", "a=1\n\n b_2 = two words \n") == {
        "custom_intro": "Hi there",
        "a": "1",
        "b_2": "two words",
    }
    assert outreach.parse_variables(None, None) == {}
    assert outreach.parse_variables("", "custom_intro=from lines") == {"custom_intro": "from lines"}


@pytest.mark.parametrize(
    ("intro", "other", "message"),
    [
        (None, "novalue", "Line 1 needs the form key=value."),
        (None, "a=1\nkey with space=2", "Line 2: a variable name uses letters"),
        (None, "1abc=x", "Line 1: a variable name uses letters"),
        (None, "a=", "Line 1: a has no value."),
        (None, "a=1\na=2", "Line 2: a is set twice."),
        ("hello", "custom_intro=x", "Line 1: custom_intro is already set by the Custom intro"),
    ],
)
def test_parse_variables_rejects(intro: str | None, other: str, message: str) -> None:
    with pytest.raises(outreach.VariablesError) as info:
        outreach.parse_variables(intro, other)
    assert str(info.value).startswith(message)


def test_validate_tag_name() -> None:
    assert outreach.validate_tag_name("  ai-sourced ") == "ai-sourced"
    assert outreach.validate_tag_name("x" * 50) == "x" * 50
    with pytest.raises(ValueError, match="Type a name"):
        outreach.validate_tag_name("   ")
    with pytest.raises(ValueError, match="at most 50 characters"):
        outreach.validate_tag_name("x" * 51)


def test_contact_ids_of_search_state_and_agreed_shapes() -> None:
    contact = {"id": "c1", "first_name": "Ann", "do_not_contact": True}
    search_state = {"ids": ["c1", "c2", "c1"], "contacts": {"c1": contact}}
    assert outreach.contact_ids_of(search_state) == ["c1", "c2"]
    assert outreach.known_contacts_of(search_state)["c1"].is_do_not_contact
    assert outreach.contact_ids_of({"contact_ids": ["x", 3, "y"]}) == ["x", "y"]
    assert outreach.contact_ids_of({"contacts": [contact, {"no": "id"}]}) == ["c1"]
    assert outreach.contact_ids_of(None) == []
    assert outreach.contact_ids_of([1, 2]) == []


# --------------------------------------------------------------------------- budget gate


async def test_gate_pauses_until_the_reset_when_the_budget_is_at_its_reserve() -> None:
    clock = FakeClock(1_700_000_000.0)
    sleeps = FakeSleep(clock)
    budgets = RateBudgets(clock=clock)
    gate = outreach.BudgetGate(budgets, "fp", reserve=0.1, sleep=sleeps)
    assert gate.pause_until() is None  # nothing known yet
    budgets.observe("fp", {"X-RateLimit-Limit": "100", "X-RateLimit-Remaining": "50"})
    assert gate.pause_until() is None
    budgets.observe(
        "fp", {"X-RateLimit-Remaining": "10", "X-RateLimit-Reset": str(int(clock.now) + 60)}
    )
    assert gate.pause_until() == clock.now + 60
    pauses: list[float] = []

    async def on_pause(until: float) -> None:
        pauses.append(until)

    await gate.wait(on_pause)
    assert pauses == [1_700_000_060.0]
    assert sleeps.waits == [60.5]
    assert gate.pause_until() is None  # the window has reset


async def test_gate_waits_out_a_429_block() -> None:
    clock = FakeClock(1000.0)
    sleeps = FakeSleep(clock)
    budgets = RateBudgets(clock=clock)
    budgets.block("fp", 1030.0)
    await outreach.BudgetGate(budgets, "fp", sleep=sleeps).wait()
    assert sleeps.waits == [30.5]


async def test_bulk_tagging_pauses_instead_of_hitting_a_429(env: Env) -> None:
    env.state.rate_limit = 20
    ids = list(env.state.contacts)[:25]
    progress: list[tuple[int, int, float | None]] = []

    async def record(done: int, total: int, paused: float | None) -> None:
        progress.append((done, total, paused))

    gate = outreach.BudgetGate.for_client(env.client, sleep=env.sleeps)
    tag = (await env.client.tags.list())[0]
    report = await outreach.tag_contacts(
        env.client, tag=tag, contact_ids=ids, gate=gate, progress=record
    )
    assert len(report.tagged) == 25 and report.failures == []
    assert all(r.path.endswith("/tags") for r in env.state.requests[1:])
    assert len(env.state.requests) == 26  # the list + one per contact: no 429, no retry
    paused = [p for p in progress if p[2] is not None]
    assert len(paused) == 1
    done, total, until = paused[0]
    assert total == 25 and done == 17  # 1 + 17 calls spent; 2 (10 %) left in reserve
    assert until == pytest.approx(1_700_000_000 + 3600, abs=1)
    assert progress[-1] == (25, 25, None)


async def test_tag_failure_for_one_contact_does_not_stop_the_rest(env: Env) -> None:
    tag = next(t for t in await env.client.tags.list() if t.id == FRONTEND_TAG_ID)
    report = await outreach.tag_contacts(
        env.client,
        tag=tag,
        contact_ids=[SOPHIE_CONTACT_ID, "missing", DO_NOT_CONTACT_ID],
        labels={"missing": "Ghost"},
    )
    assert report.tagged == [SOPHIE_CONTACT_ID, DO_NOT_CONTACT_ID]
    (failure,) = report.failures
    assert failure.label == "Ghost" and "could not find" in failure.reason


# --------------------------------------------------------------------------- enroll


async def test_enroll_sends_at_most_500_per_call_and_sums_the_answers(env: Env) -> None:
    ids = [f"missing-{n}" for n in range(501)]
    known = {i: Contact(id=i) for i in ids}  # known (e.g. from the search): no GET each
    report = await outreach.enroll_contacts(
        env.client,
        sequence_id=FRONTEND_SEQUENCE_ID,
        sequence_name="Frontend",
        contact_ids=ids,
        known=known,
    )
    sent = [
        r.json for r in env.state.requests_to("POST", f"/sequences/{FRONTEND_SEQUENCE_ID}/enroll")
    ]
    assert [len(body["contact_ids"]) for body in sent] == [500, 1]
    assert report.result.skipped_not_found == 501
    assert [r for r in env.state.requests if r.method == "GET"] == []


async def test_enroll_checks_unknown_contacts_and_skips_do_not_contact(env: Env) -> None:
    report = await outreach.enroll_contacts(
        env.client,
        sequence_id=FRONTEND_SEQUENCE_ID,
        sequence_name="Frontend",
        contact_ids=[DO_NOT_CONTACT_ID, SOPHIE_CONTACT_ID],
    )
    assert report.do_not_contact == ["Hugo Petit"]
    assert report.result.enrolled == 1
    (body,) = [
        r.json for r in env.state.requests_to("POST", f"/sequences/{FRONTEND_SEQUENCE_ID}/enroll")
    ]
    assert body == {"contact_ids": [SOPHIE_CONTACT_ID]}


async def test_enroll_error_is_reported_not_raised(env: Env) -> None:
    report = await outreach.enroll_contacts(
        env.client,
        sequence_id="no-such-sequence",
        sequence_name="Gone",
        contact_ids=[SOPHIE_CONTACT_ID],
        known={SOPHIE_CONTACT_ID: Contact(id=SOPHIE_CONTACT_ID, first_name="Sophie")},
    )
    (failure,) = report.failures
    assert failure.label == "Sophie"
    assert failure.reason


async def test_send_message_refuses_do_not_contact(env: Env) -> None:
    draft = outreach.MessageDraft(
        contact_id=DO_NOT_CONTACT_ID, channel="email", content="Hi", subject="Hello"
    )
    with pytest.raises(outreach.OutreachRefused, match="Hugo Petit is marked do not contact"):
        await outreach.send_message(env.client, draft)
    assert env.state.requests_to("POST", "/messages") == []


async def test_resolve_tag_reuses_an_existing_name(env: Env) -> None:
    tag, created = await outreach.resolve_tag(env.client, outreach.TagChoice(new_name="Frontend"))
    assert (tag.id, created) == (FRONTEND_TAG_ID, False)
    tag, created = await outreach.resolve_tag(
        env.client, outreach.TagChoice(new_name="ai-sourced", color="#10B981")
    )
    assert created and tag.name == "ai-sourced"
    assert env.state.requests_to("POST", "/tags")[0].json == {
        "name": "ai-sourced",
        "color": "#10B981",
        "scope": "contact",
    }
