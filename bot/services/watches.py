"""Watches: what changed in a hiring project or in the open deals since the channel was last
told. Pure: the flow reads Leonar, these functions compare, the flow posts and stores.

Snapshots are the JSON kept in ``watches.state`` (bot.store.watches):

- a project: ``{"stages": {stage_id: {"name", "count"}}, "entries": {contact_id: stage_id}}``
  (``entries`` only when the entries could be listed), plus ``"week"``: the counts when the
  last weekly digest was told;
- the open deals: ``{"deals": {deal_id: {"title", "stage", "expected"}}, "reminded": [ids]}``.

A project check reads ``GET /projects/{id}`` and, only when :func:`counts_changed`, the entries;
a deals check reads every page of ``GET /deals?status=open`` and ``GET /deals/{id}`` for each
deal that left the list (:func:`left_open`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from bot.leonar import Deal, DealStatus, Project, ProjectEntry

Snapshot = dict[str, Any]

#: the weekly digest lists open deals closing within this many days
DIGEST_CLOSING_DAYS = 14


# --------------------------------------------------------------------------- projects


@dataclass(frozen=True)
class StageCount:
    stage_id: str
    name: str
    count: int


@dataclass(frozen=True)
class StageChange:
    name: str
    old: int
    new: int


@dataclass(frozen=True)
class EntryMove:
    """``Amara Okafor → Interview``; ``from_stage`` is None when the person entered."""

    contact_id: str
    contact_name: str
    stage: str
    from_stage: str | None = None


@dataclass(frozen=True)
class ProjectChanges:
    project_id: str
    project_name: str
    stages: tuple[StageChange, ...] = ()
    moves: tuple[EntryMove, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.stages)


def stage_counts(project: Project) -> list[StageCount]:
    """The stages in pipeline order with their counts (a missing count is 0)."""
    return [
        StageCount(stage.id, stage.name or "Unnamed stage", stage.entries_count or 0)
        for stage in project.stages
    ]


def project_snapshot(project: Project, entries: Iterable[ProjectEntry] | None = None) -> Snapshot:
    """What to store after telling the channel about ``project`` (and its entries, if read)."""
    snapshot: Snapshot = {
        "stages": {c.stage_id: {"name": c.name, "count": c.count} for c in stage_counts(project)}
    }
    if entries is not None:
        snapshot["entries"] = {
            e.contact.id: e.stage.id
            for e in entries
            if e.contact is not None and e.stage is not None and e.stage.id
        }
    return snapshot


def _old_counts(previous: Snapshot | None) -> dict[str, int]:
    stages = (previous or {}).get("stages") or {}
    return {sid: int(s.get("count") or 0) for sid, s in stages.items() if isinstance(s, dict)}


def counts_changed(previous: Snapshot | None, project: Project) -> bool:
    """Whether any stage count differs from the snapshot (then, and only then, read entries)."""
    return _old_counts(previous) != {c.stage_id: c.count for c in stage_counts(project)}


def project_changes(
    previous: Snapshot | None, project: Project, entries: Sequence[ProjectEntry] | None = None
) -> ProjectChanges:
    """Each stage whose count changed (old → new, pipeline order) and, when both the snapshot
    and ``entries`` know where people were, who entered or moved (to a stage that changed)."""
    old = _old_counts(previous)
    changed = tuple(
        StageChange(c.name, old.get(c.stage_id, 0), c.count)
        for c in stage_counts(project)
        if old.get(c.stage_id, 0) != c.count
    )
    moves: tuple[EntryMove, ...] = ()
    before = (previous or {}).get("entries")
    if changed and entries is not None and isinstance(before, dict):
        moves = _moves(before, project, entries)
    return ProjectChanges(project.id, project.name or "Unnamed project", changed, moves)


def _moves(
    before: Mapping[str, str], project: Project, entries: Sequence[ProjectEntry]
) -> tuple[EntryMove, ...]:
    names = {s.id: s.name or "Unnamed stage" for s in project.stages}
    moves: list[EntryMove] = []
    for entry in entries:
        if entry.contact is None or entry.stage is None or not entry.stage.id:
            continue
        was = before.get(entry.contact.id)
        if was == entry.stage.id:
            continue
        moves.append(
            EntryMove(
                entry.contact.id,
                entry.contact.full_name,
                names.get(entry.stage.id, entry.stage.name or "Unnamed stage"),
                None if was is None else names.get(was, "another stage"),
            )
        )
    return tuple(moves)


# --------------------------------------------------------------------------- deals

DealEventKind = Literal["moved", "won", "lost", "disqualified", "closing"]


@dataclass(frozen=True)
class DealEvent:
    kind: DealEventKind
    deal_id: str
    title: str
    #: moved: from → to; closed: the stage it was in
    from_stage: str | None = None
    to_stage: str | None = None
    #: won: the signed amount (else the deal's amount); closing: the amount
    amount: int | float | None = None
    currency: str | None = None
    #: closing: the expected close date and the days left (0 = today)
    close_date: dt.date | None = None
    days_left: int | None = None


@dataclass(frozen=True)
class DealChanges:
    events: tuple[DealEvent, ...] = ()
    snapshot: Snapshot = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.events)


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _stage_name(deal: Deal) -> str:
    return (deal.stage.name if deal.stage else None) or "Unnamed stage"


def deals_snapshot(open_deals: Iterable[Deal], reminded: Iterable[str] = ()) -> Snapshot:
    deals = {
        d.id: {
            "title": d.title or "Untitled deal",
            "stage": _stage_name(d),
            "expected": d.expected_close_date,
        }
        for d in open_deals
    }
    return {"deals": deals, "reminded": sorted(set(reminded) & set(deals))}


def left_open(previous: Snapshot | None, open_deals: Iterable[Deal]) -> list[str]:
    """Deals the channel knew as open that are no longer in the open list (read each one)."""
    known = (previous or {}).get("deals") or {}
    still = {d.id for d in open_deals}
    return [deal_id for deal_id in known if deal_id not in still]


def deal_changes(
    previous: Snapshot | None,
    open_deals: Sequence[Deal],
    closed: Mapping[str, Deal],
    *,
    today: dt.date,
    reminder_days: int,
) -> DealChanges:
    """Moves between stages, closings (``closed``: the deals of :func:`left_open`, read one by
    one; those still open or not found are dropped silently) and once-per-deal reminders of an
    expected close date within ``reminder_days`` days. Returns the events and the snapshot to
    store once they are told."""
    known: dict[str, Any] = (previous or {}).get("deals") or {}
    reminded = set((previous or {}).get("reminded") or ())
    events: list[DealEvent] = []
    for deal in open_deals:
        was = known.get(deal.id)
        if was is not None and was.get("stage") != _stage_name(deal):
            events.append(
                DealEvent(
                    "moved",
                    deal.id,
                    deal.title or "Untitled deal",
                    was.get("stage"),
                    _stage_name(deal),
                )
            )
    for deal_id in known:
        gone = closed.get(deal_id)
        if gone is not None and gone.status in DealStatus.CLOSED:
            events.append(_closed_event(gone, known[deal_id]))
    for deal in open_deals:
        close_date = _date(deal.expected_close_date)
        if deal.id in reminded or close_date is None:
            continue
        days_left = (close_date - today).days
        if 0 <= days_left <= reminder_days:
            reminded.add(deal.id)
            events.append(
                DealEvent(
                    "closing",
                    deal.id,
                    deal.title or "Untitled deal",
                    to_stage=_stage_name(deal),
                    amount=deal.amount,
                    currency=deal.currency,
                    close_date=close_date,
                    days_left=days_left,
                )
            )
    return DealChanges(tuple(events), deals_snapshot(open_deals, reminded))


_CLOSED_KINDS: dict[str, DealEventKind] = {
    DealStatus.WON: "won",
    DealStatus.LOST: "lost",
    DealStatus.DISQUALIFIED: "disqualified",
}


def _closed_event(deal: Deal, was: Mapping[str, Any]) -> DealEvent:
    kind = _CLOSED_KINDS.get(deal.status or "", "lost")
    amount = deal.signed_amount if deal.signed_amount is not None else deal.amount
    return DealEvent(
        kind,
        deal.id,
        deal.title or was.get("title") or "Untitled deal",
        from_stage=was.get("stage"),
        amount=amount if kind == "won" else None,
        currency=deal.currency,
    )


# --------------------------------------------------------------------------- weekly digest


@dataclass(frozen=True)
class ProjectDigest:
    project_id: str
    name: str
    counts: tuple[StageCount, ...]
    #: count changes since the last digest (empty on the first one)
    week: tuple[StageChange, ...]


@dataclass(frozen=True)
class Digest:
    projects: tuple[ProjectDigest, ...]
    closing: tuple[Deal, ...]

    def __bool__(self) -> bool:
        return bool(self.projects or self.closing)


def project_digest(state: Snapshot | None, project: Project) -> ProjectDigest:
    """The project's counts and the week's changes (against ``state["week"]``)."""
    week = (state or {}).get("week")
    changes = project_changes({"stages": week}, project).stages if isinstance(week, dict) else ()
    return ProjectDigest(
        project.id, project.name or "Unnamed project", tuple(stage_counts(project)), changes
    )


def roll_week(state: Snapshot | None, project: Project) -> Snapshot:
    """The state to store once the digest is told: this week's counts become the baseline."""
    snapshot = dict(state or {})
    snapshot["week"] = project_snapshot(project)["stages"]
    return snapshot


def deals_closing(
    open_deals: Iterable[Deal], *, today: dt.date, days: int = DIGEST_CLOSING_DAYS
) -> list[Deal]:
    """Open deals expected to close within ``days`` days (soonest first)."""
    dated = [(d, _date(d.expected_close_date)) for d in open_deals if d.is_open]
    soon = [(c, d) for d, c in dated if c is not None and 0 <= (c - today).days <= days]
    return [d for _, d in sorted(soon, key=lambda pair: (pair[0], pair[1].id))]
