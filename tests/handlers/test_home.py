"""End to end: app_home_opened → views.publish (validated by the fake Slack), and the Home buttons."""

from __future__ import annotations

import time

from bot.slack.home import publish_home
from bot.slack.metadata import decode_metadata
from bot.store import KeyOwner, NewJob
from bot.ui.actions import CONNECT, HOME_NEW_DEAL, HOME_SOURCE, SOURCING_VIEW
from standins.harness import Stack, running_stack
from standins.leonar_data import SOPHIE_CONTACT_ID
from standins.slack.blockkit import find_element
from standins.slack.state import ViewRecord


async def _open_home(stack: Stack, user: str = "U0ALICE") -> ViewRecord:
    before = stack.fake.home_views.get(user)
    await stack.driver.event(
        {"type": "app_home_opened", "user": user, "channel": f"D0{user[1:]}", "tab": "home"}
    )

    def published() -> ViewRecord | None:
        view = stack.fake.home_views.get(user)
        return view if view is not None and view is not before else None

    return await stack.driver.wait_for(published)


async def _job(
    stack: Stack,
    *,
    status: str = "pending",
    result: dict[str, object] | None = None,
    user: str = "U0ALICE",
    name: str = "Sophie Martin",
) -> None:
    db = stack.deps.db
    job = await db.jobs.create(
        NewJob(
            request_id=f"req-{time.monotonic_ns()}",
            contact_id=SOPHIE_CONTACT_ID,
            contact_name=name,
            type="work_email",
            team_id=stack.fake.team_id,
            requester_user_id=user,
            key_owner=KeyOwner.env(),
            key_fingerprint="fp",
            # never due for the bot's own poller (running in the stack)
            next_poll_at=time.time() + 3600,
        )
    )
    if status != "pending":
        await db.jobs.claim_due(worker_id="w", now=time.time() + 7200, limit=100, lease_seconds=60)
        assert await db.jobs.finish(job.id, worker_id="w", status=status, result=result or {})  # type: ignore[arg-type]


async def test_unconnected_user_sees_connect_button() -> None:
    async with running_stack(leonar_api_key=None) as stack:
        view = await _open_home(stack)
        assert "Not connected to Leonar" in view.visible_text
        found = find_element(view.blocks, "Connect", types=("button",))
        assert found is not None and found[1]["action_id"] == CONNECT
        assert "No enrichments yet" in view.visible_text


async def test_connected_user_sees_status_enrichments_and_activity(stack: Stack) -> None:
    await stack.deps.db.user_keys.set(stack.fake.team_id, "U0ALICE", "leo_sandbox")
    await _job(stack, name="Thomas Dubois")
    await _job(
        stack,
        status="completed",
        result={"email": "sophie@doctolib.com", "confidence": 0.98},
    )
    await _job(stack, status="failed", result={"message": "no email found"}, name="Chloé Mercier")
    await stack.deps.db.activity.add(
        stack.fake.team_id, "U0ALICE", "Added Sophie Martin to Frontend"
    )
    # someone else's job is not on Alice's Home
    await _job(stack, user="U0BOB", name="Bob's candidate")

    view = await _open_home(stack)
    text = view.visible_text
    assert "*Connected* with your own Leonar key" in text
    assert find_element(view.blocks, CONNECT, types=("button",)) is None
    assert "Thomas Dubois: work email, started" in text
    assert "sophie@doctolib.com" in text and "98% confidence" in text
    assert "Chloé Mercier: work email, nothing found: no email found" in text
    assert "Added Sophie Martin to Frontend" in text
    assert "Bob's candidate" not in text
    # pending first
    assert text.index("Thomas Dubois") < text.index("sophie@doctolib.com")


async def test_workspace_key_user_is_offered_their_own_key(stack: Stack) -> None:
    view = await _open_home(stack, "U0BOB")
    assert "Using this workspace's Leonar key" in view.visible_text
    found = find_element(view.blocks, "Connect my key", types=("button",))
    assert found is not None and found[1]["action_id"] == CONNECT


async def test_many_jobs_stay_within_slack_limits(stack: Stack) -> None:
    for i in range(40):
        await _job(stack, name=f"Candidate {i} " + "x" * 70)
    for i in range(30):
        await stack.deps.db.activity.add(
            stack.fake.team_id, "U0ALICE", f"Did thing {i} " + "y" * 300
        )
    view = await _open_home(stack)  # the fake Slack refuses an invalid view
    assert len(view.blocks) < 100
    assert "Older enrichments are not shown." in view.visible_text


async def test_publish_home_from_outside_a_request(stack: Stack) -> None:
    """What the poller calls when a job finishes: no Slack request, the workspace's token."""
    await _job(stack, status="completed", result={"email": "a@b.co", "confidence": 0.9})
    assert await publish_home(stack.deps, stack.fake.team_id, "U0ALICE")
    assert "a@b.co" in stack.fake.home_views["U0ALICE"].visible_text


async def test_home_search_button_opens_search_modal(stack: Stack) -> None:
    view = await _open_home(stack)
    await stack.driver.click("Search", view_id=view.id)
    modal = await stack.driver.wait_for(lambda: stack.fake.current_view("U0ALICE"))
    assert modal.title == "Search Leonar"


async def test_home_source_button_opens_the_sourcing_modal_for_the_dm(stack: Stack) -> None:
    """Source runs ``/leonar source`` as if typed in the DM: its modal opens with the click's
    trigger, and its results are meant for that DM."""
    view = await _open_home(stack)
    await stack.driver.click(HOME_SOURCE, view_id=view.id)

    def sourcing_modal() -> ViewRecord | None:
        modal = stack.fake.current_view("U0ALICE")
        return modal if modal is not None and modal.callback_id == SOURCING_VIEW else None

    modal = await stack.driver.wait_for(sourcing_modal)
    assert modal.title == "LinkedIn sourcing" and "Job titles" in modal.visible_text
    channel = decode_metadata(str(modal.data.get("private_metadata") or ""))["channel"]
    assert stack.fake.channels[channel].is_im


async def test_home_new_deal_button_opens_the_deal_modal(stack: Stack) -> None:
    view = await _open_home(stack)
    await stack.driver.click(HOME_NEW_DEAL, view_id=view.id)

    def deal_modal() -> ViewRecord | None:
        modal = stack.fake.current_view("U0ALICE")
        return modal if modal is not None and "Loading" not in modal.visible_text else None

    modal = await stack.driver.wait_for(deal_modal)
    assert "deal" in modal.title.lower()


async def test_home_is_refreshed_when_an_enrichment_finishes() -> None:
    async with running_stack(enrichment_poll_interval=0.2) as stack:
        stack.leonar.enrichment_delay = 0.0
        await stack.driver.command("/leonar", "enrich Thomas Dubois")

        def refreshed() -> ViewRecord | None:
            view = stack.fake.home_views.get("U0ALICE")
            return view if view is not None and "confidence" in view.visible_text else None

        view = await stack.driver.wait_for(refreshed, timeout=15)
        assert "Thomas Dubois: work email, *thomas.dubois@backmarket.com*" in view.visible_text
