from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.services.watch_plan import (
    deals_check_calls,
    digest_due,
    digest_week_start,
    effective_interval,
    next_digest_at,
    rate_plan,
)
from bot.settings import ConfigError, load_settings

PARIS = "Europe/Paris"


def at(text: str, tz: str = PARIS) -> float:
    return dt.datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(tz)).timestamp()


def test_few_watches_keep_the_base_interval() -> None:
    assert effective_interval(3, 1, 900, 1000, 0.5) == 900


def test_many_watches_on_one_key_stretch_to_the_share_of_its_budget() -> None:
    plan = rate_plan(500, 1, 900, 1000, 0.5)

    assert plan.interval == 3600
    assert plan.calls_per_watch_per_hour == 1
    assert plan.budget_share_used == pytest.approx(0.5)


def test_unknown_budget_or_no_watches_do_not_stretch() -> None:
    assert effective_interval(500, 1, 900, None, 0.5) == 900
    assert effective_interval(0, 1, 900, 1000, 0.5) == 900
    assert rate_plan(10, 2, 900, None, 0.5).budget_share_used == 0


def test_deals_checks_read_every_page() -> None:
    assert [deals_check_calls(n) for n in (0, 50, 51, 120)] == [1, 1, 2, 3]


def test_the_digest_is_due_on_monday_at_nine_in_the_setters_timezone() -> None:
    monday_nine = at("2025-03-10T09:00:00")
    assert digest_week_start(at("2025-03-12T15:00:00"), PARIS) == monday_nine
    assert digest_week_start(at("2025-03-10T08:59:00"), PARIS) == at("2025-03-03T09:00:00")
    assert next_digest_at(at("2025-03-10T08:59:00"), PARIS) == monday_nine
    assert digest_due(None, at("2025-03-10T09:01:00"), PARIS) == monday_nine
    assert digest_due(monday_nine + 60, at("2025-03-11T09:00:00"), PARIS) is None
    assert digest_due(at("2025-03-03T09:00:00"), at("2025-03-10T09:00:00"), PARIS) == monday_nine


def test_an_unknown_timezone_is_utc() -> None:
    utc = dt.datetime(2025, 3, 10, 9, tzinfo=dt.UTC).timestamp()
    assert digest_week_start(utc + 5, "Not/AZone") == utc
    assert digest_week_start(utc + 5, None) == utc


def test_watch_settings_are_validated() -> None:
    settings = load_settings()
    assert (settings.watch_interval, settings.deal_reminder_days) == (900, 3)
    assert load_settings(watch_interval="5").watch_interval == 5
    with pytest.raises(ConfigError, match="WATCH_INTERVAL"):
        load_settings(watch_interval="0")
    with pytest.raises(ConfigError, match="DEAL_REMINDER_DAYS"):
        load_settings(deal_reminder_days="-1")
    with pytest.raises(ConfigError, match="POLLER_BUDGET_RESERVE"):
        load_settings(watch_budget_share="0.9", poller_budget_reserve="0.2")
