from __future__ import annotations

import datetime as dt
from typing import Any

from bot.leonar import Deal, Project, ProjectEntry
from bot.services.watches import (
    DealEvent,
    EntryMove,
    StageChange,
    counts_changed,
    deal_changes,
    deals_closing,
    deals_snapshot,
    left_open,
    project_changes,
    project_digest,
    project_snapshot,
    roll_week,
)

TODAY = dt.date(2025, 3, 10)
STAGES = ("Sourced", "Interview", "Offer")


def project(**counts: int) -> Project:
    return Project.model_validate(
        {
            "id": "p1",
            "name": "Senior Frontend Engineers",
            "pipeline": {
                "id": "pl",
                "stages": [
                    {"id": f"s{i}", "name": name, "position": i, "entries_count": counts.get(name)}
                    for i, name in enumerate(STAGES)
                ],
            },
        }
    )


def entry(contact_id: str, name: str, stage: str) -> ProjectEntry:
    first, last = name.split()
    return ProjectEntry.model_validate(
        {
            "id": f"e-{contact_id}",
            "stage": {"id": f"s{STAGES.index(stage)}", "name": stage},
            "contact": {"id": contact_id, "first_name": first, "last_name": last},
        }
    )


def deal(deal_id: str, stage: str = "Qualified", **fields: Any) -> Deal:
    data = {"id": deal_id, "title": f"Deal {deal_id}", "status": "open", "stage": {"name": stage}}
    return Deal.model_validate(data | fields)


def test_no_change_means_nothing_to_tell_and_no_entries_read() -> None:
    before = project_snapshot(project(Sourced=2, Interview=1))

    assert not counts_changed(before, project(Sourced=2, Interview=1, Offer=0))
    assert not project_changes(before, project(Sourced=2, Interview=1))


def test_changed_counts_name_each_stage_old_to_new_in_pipeline_order() -> None:
    before = project_snapshot(project(Sourced=2, Interview=2))
    now = project(Sourced=1, Interview=3)

    assert counts_changed(before, now)
    changes = project_changes(before, now)
    assert changes.stages == (StageChange("Sourced", 2, 1), StageChange("Interview", 2, 3))
    assert changes.project_name == "Senior Frontend Engineers" and changes.moves == ()


def test_who_entered_or_moved_when_the_entries_were_read() -> None:
    old_entries = [entry("c1", "Amara Okafor", "Sourced"), entry("c2", "Lea Bernard", "Sourced")]
    before = project_snapshot(project(Sourced=2), old_entries)
    new_entries = [
        entry("c1", "Amara Okafor", "Interview"),
        entry("c2", "Lea Bernard", "Sourced"),
        entry("c3", "Tom Li", "Sourced"),
    ]

    changes = project_changes(before, project(Sourced=2, Interview=1), new_entries)

    assert changes.stages == (StageChange("Interview", 0, 1),)
    assert changes.moves == (
        EntryMove("c1", "Amara Okafor", "Interview", "Sourced"),
        EntryMove("c3", "Tom Li", "Sourced", None),
    )
    assert project_snapshot(project(), new_entries)["entries"] == {
        "c1": "s1",
        "c2": "s0",
        "c3": "s0",
    }


def test_deal_moves_closings_and_one_reminder_each() -> None:
    a, b, c = deal("a"), deal("b", "Proposal"), deal("c", expected_close_date="2025-03-12")
    before = deals_snapshot([a, b, c])
    moved = deal("a", "Proposal")
    won = deal("b", "Won", status="won", signed_amount=42000, amount=45000, currency="EUR")

    assert left_open(before, [moved, c]) == ["b"]
    changes = deal_changes(before, [moved, c], {"b": won}, today=TODAY, reminder_days=3)

    assert changes.events == (
        DealEvent("moved", "a", "Deal a", "Qualified", "Proposal"),
        DealEvent("won", "b", "Deal b", from_stage="Proposal", amount=42000, currency="EUR"),
        DealEvent(
            "closing",
            "c",
            "Deal c",
            to_stage="Qualified",
            close_date=dt.date(2025, 3, 12),
            days_left=2,
        ),
    )
    again = deal_changes(changes.snapshot, [moved, c], {}, today=TODAY, reminder_days=3)
    assert not again and again.snapshot == changes.snapshot


def test_lost_and_disqualified_deals_and_ones_not_really_closed() -> None:
    before = deals_snapshot([deal("x"), deal("y"), deal("z")])
    closed = {
        "x": deal("x", "Lost", status="lost", amount=10),
        "y": deal("y", status="disqualified"),
        "z": deal("z"),  # still open after all: nothing to tell
    }

    changes = deal_changes(before, [], closed, today=TODAY, reminder_days=3)

    assert [(e.kind, e.deal_id, e.amount) for e in changes.events] == [
        ("lost", "x", None),
        ("disqualified", "y", None),
    ]
    assert changes.snapshot == {"deals": {}, "reminded": []}


def test_reminders_only_within_the_window() -> None:
    far = deal("far", expected_close_date="2025-03-20")
    past = deal("past", expected_close_date="2025-03-01")
    today = deal("today", expected_close_date="2025-03-10")

    changes = deal_changes(None, [far, past, today], {}, today=TODAY, reminder_days=3)

    assert [(e.kind, e.deal_id, e.days_left) for e in changes.events] == [("closing", "today", 0)]


def test_the_weekly_digest_counts_the_weeks_changes() -> None:
    start = roll_week(project_snapshot(project(Sourced=3)), project(Sourced=3))
    digest = project_digest(start, project(Sourced=1, Offer=1))

    assert [(c.name, c.count) for c in digest.counts] == [
        ("Sourced", 1),
        ("Interview", 0),
        ("Offer", 1),
    ]
    assert digest.week == (StageChange("Sourced", 3, 1), StageChange("Offer", 0, 1))
    assert project_digest(None, project(Sourced=1)).week == ()


def test_deals_closing_in_the_next_two_weeks() -> None:
    deals = [
        deal("late", expected_close_date="2025-03-30"),
        deal("soon", expected_close_date="2025-03-11"),
        deal("mid", expected_close_date="2025-03-24"),
        deal("none"),
        deal("won", status="won", expected_close_date="2025-03-12"),
    ]

    assert [d.id for d in deals_closing(deals, today=TODAY)] == ["soon", "mid"]
