"""Sample calls for the bot/ui builders that take service or store types (sourcing pages,
watches, App Home, Enrich all, notes, message views…), for tests/ui/test_copy.py: each entry
is (name, call), several per builder where the copy changes with the numbers (0, 1, many)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from bot.leonar import Contact, Deal
from bot.services.search import ResultMessage, SearchState
from bot.services.sourcing import (
    AddOutcome,
    ProfileMark,
    ProfileStatus,
    SourcingSearch,
    SourcingSet,
)
from bot.services.unfurl import LinkKind, UnfurlLink, UnfurlLookup
from bot.services.watches import (
    DealEvent,
    Digest,
    EntryMove,
    ProjectChanges,
    ProjectDigest,
    StageChange,
    StageCount,
)
from bot.store import Watch
from bot.store.batches import Batch, BatchEntry
from bot.store.models import ActivityEntry, Job
from bot.ui import (
    connect,
    contacts,
    enrich_all,
    formats,
    home,
    notes,
    outreach,
    search_results,
    sourcing,
    unfurl,
    watches,
)

APP = "https://app.leonar.app"
NOW = 1_774_958_400.0
Call = tuple[str, Callable[[], Any]]


def _profile(i: int) -> dict[str, Any]:
    return {
        "profile_id": f"urn:li:member:{i}",
        "first_name": f"Ada{i}",
        "last_name": "Lovelace",
        "headline": "Engineer at Analytical Engines",
        "location": "Paris, France",
        "linkedin_url": f"https://www.linkedin.com/in/ada-{i}",
        "current_job": {"title": "Engineer", "company_name": "Analytical Engines"},
        "total_years_experience": 8.2,
    }


def sourcing_set(count: int, *, status: str = ProfileStatus.NEW) -> SourcingSet:
    search = SourcingSearch(
        account_id="acc",
        api_type="recruiter",
        job_titles=["Software Engineer"],
        locations={"105015875": "Paris"},
        years_min=3,
        years_max=8,
        project_id="p1",
        project_name="Frontend",
    )
    return SourcingSet(
        team_id="T1",
        user_id="U1",
        search=search,
        total_count=count,
        filtered_count=count,
        has_more=count > 1,
        next_page=2 if count > 1 else None,
        profiles=[_profile(i) for i in range(count)],
        marks=[ProfileMark(status=status, contact_id=f"c{i}") for i in range(count)],
    )


def batch(found: int, missing: int, pending: int, *, stopped: str | None = None) -> Batch:
    entries = [BatchEntry(f"Found {i}", "found", f"f{i}@example.com") for i in range(found)]
    entries += [BatchEntry(f"Missing {i}", "not_found") for i in range(missing)]
    started = found + missing + pending
    return Batch(
        id="b1",
        team_id="T1",
        channel_id="C1",
        thread_ts="1.1",
        progress_ts="1.2",
        requester_user_id="U1",
        total=started + (2 if stopped else 0),
        started=started,
        launched=True,
        stopped=stopped,
        results={f"j{i}": e.to_json() for i, e in enumerate(entries)},
        version=1,
        closed=pending == 0,
        created_at=NOW,
    )


def watch(kind: str = "project") -> Watch:
    return Watch(
        id="w1",
        team_id="T1",
        channel_id="C1",
        kind=kind,
        target_id="p1",
        target_name="Senior Frontend Engineers",
        set_by_user_id="U1",
        key_owner="user:T1:U1",
        tz=None,
        created_at=NOW - 7200,
        last_checked_at=NOW - 60,
        next_check_at=NOW,
        lease_owner=None,
        lease_until=None,
        state=None,
        outbox=None,
        version=0,
        paused_reason=None,
        last_digest_at=None,
    )


def _search_state(contact: Contact) -> tuple[SearchState, ResultMessage]:
    state = SearchState(query="react", user_id="U1")
    state.contacts[contact.id] = contact.model_dump(mode="json", exclude_none=True)
    state.ids.append(contact.id)
    state.found[contact.id] = "✉️ a@b.co · just found"
    message = ResultMessage(ts="1.3", ids=[contact.id], header="Results 1–1 of 1", footer=True)
    return state, message


def calls(contact: Contact, deal: Deal, job: Job) -> list[Call]:
    """Every sample call (the builders test_copy cannot build from the parameters' types)."""
    counts = [StageCount("s1", "Sourced", 1), StageCount("s2", "Hired", 0)]
    state, message = _search_state(contact)
    activity = [ActivityEntry("T1", "U1", "Searched Leonar for “react”", NOW)]
    result: list[Call] = [
        ("formats.slack_date", lambda: formats.slack_date("2026-03-31")),
        ("formats.slack_moment", lambda: formats.slack_moment(NOW)),
        ("connect.connect_modal", lambda: connect.connect_modal(connect.ConnectStatus("none"))),
        (
            "connect.connect_modal admin",
            lambda: connect.connect_modal(connect.ConnectStatus("user", "abcd1234"), admin=True),
        ),
        ("contacts.footer_block", lambda: contacts.footer_block("s1", contacts.ResultsFooter(10))),
        (
            "search_results.render_message",
            lambda: search_results.render_message("s1", state, message, APP),
        ),
        ("home.home_view", lambda: home.home_view(home.HomeData("user", [job], activity))),
        ("home.home_view empty", lambda: home.home_view(home.HomeData("none"))),
        (
            "notes.note_view",
            lambda: notes.note_view(contact=("c1", "Sophie Martin"), content="", metadata=""),
        ),
        (
            "notes.note_view no contact",
            lambda: notes.note_view(
                contact=None, content="Spoke today", metadata="", hint="Pick the contact."
            ),
        ),
        (
            "unfurl.unfurl_blocks",
            lambda: unfurl.unfurl_blocks(
                UnfurlLookup(UnfurlLink(f"{APP}/contacts/c1", LinkKind.LEONAR, "c1"), contact),
                app_url=APP,
            ),
        ),
        (
            "unfurl.unfurl_blocks unknown",
            lambda: unfurl.unfurl_blocks(
                UnfurlLookup(
                    UnfurlLink("https://www.linkedin.com/in/x", LinkKind.LINKEDIN, "x"), None
                ),
                app_url=APP,
            ),
        ),
        (
            "watches.watch_overview",
            lambda: watches.watch_overview("Frontend", "p1", counts, set_by="U1", app_url=APP),
        ),
        ("watches.watches_list", lambda: watches.watches_list([watch(), watch("deals")], now=NOW)),
        ("watches.watches_list empty", lambda: watches.watches_list([], now=NOW)),
        ("watches.paused_notice", lambda: watches.paused_notice(watch(), "the key was removed")),
        (
            "watches.project_pick",
            lambda: watches.project_pick("front", [("p1", "Frontend"), ("p2", "Frontend lead")]),
        ),
        (
            "watches.project_change_message",
            lambda: watches.project_change_message(
                ProjectChanges(
                    "p1",
                    "Frontend",
                    (StageChange("Sourced", 2, 1), StageChange("Interview", 0, 1)),
                    (EntryMove("c1", "Sophie Martin", "Interview", "Sourced"),),
                ),
                app_url=APP,
            ),
        ),
        (
            "watches.digest_message",
            lambda: watches.digest_message(
                Digest(
                    (
                        ProjectDigest(
                            "p1", "Frontend", tuple(counts), (StageChange("Hired", 0, 1),)
                        ),
                    ),
                    (deal,),
                ),
                app_url=APP,
                today=dt.date(2026, 3, 1),
            ),
        ),
    ]
    for kind in ("moved", "won", "lost", "disqualified", "closing"):
        event = DealEvent(
            kind,  # type: ignore[arg-type]
            "d1",
            "Frontend lead",
            from_stage="Offer",
            to_stage="Signed",
            amount=25000,
            currency="EUR",
            close_date=dt.date(2026, 3, 31),
            days_left=1,
        )
        result.append(
            (f"watches.deal_event_message {kind}", lambda e=event: watches.deal_event_message(e))
        )
    for n in (1, 3):
        one = sourcing_set(n)
        result += [
            (f"sourcing.parent_message {n}", lambda s=one: sourcing.parent_message(s)),
            (f"sourcing.controls_message {n}", lambda s=one: sourcing.controls_message("s1", s)),
            (
                f"sourcing.cards_message {n}",
                lambda s=one: sourcing.cards_message("s1", s, range(len(s.profiles))),
            ),
            (
                f"sourcing.added_text {n}",
                lambda s=one: sourcing.added_text(
                    AddOutcome(
                        "s1", s, added=[(0, "Sourced")], already=list(range(1, len(s.profiles)))
                    )
                ),
            ),
        ]
    for found, missing, pending, stopped in (
        (0, 0, 3, None),
        (1, 0, 0, None),
        (2, 1, 0, "credits"),
    ):
        b = batch(found, missing, pending, stopped=stopped)
        label = f"{found}-{missing}-{pending}"
        result += [
            (f"enrich_all.progress_text {label}", lambda b=b: enrich_all.progress_text(b)),
            (f"enrich_all.summary {label}", lambda b=b: enrich_all.summary(b)),
        ]
    for channel in ("email", "linkedin"):
        compose = outreach.ComposeState(
            contact_name="Léa Bernard",
            channels=("email", "linkedin"),
            channel=channel,
            accounts=(("acc1", "Alice (LinkedIn)"),),
        )
        result.append(
            (
                f"outreach.message_view {channel}",
                lambda c=compose: outreach.message_view(c, metadata=""),
            )
        )
    return result
