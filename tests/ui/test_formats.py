"""Dates and phone numbers in the recruiter's words."""

from __future__ import annotations

import datetime as dt

from bot.ui.formats import phone, slack_date, slack_moment


def test_a_day_is_a_slack_date_token_read_in_each_locale() -> None:
    token = "<!date^1774958400^{date_short}|Mar 31, 2026>"
    assert slack_date("2026-03-31") == token
    assert slack_date(dt.date(2026, 3, 31)) == token
    assert slack_date("2026-03-31T09:30:00Z").endswith("|Mar 31, 2026>")
    assert slack_date(None) == slack_date("") == ""
    assert slack_date("soon <!channel>") == "soon &lt;!channel&gt;"  # not a date: shown, escaped


def test_a_moment_has_the_day_and_time_with_a_readable_fallback() -> None:
    moment = dt.datetime(2026, 3, 31, 14, 5, tzinfo=dt.UTC)
    assert slack_moment(moment.timestamp()) == (
        f"<!date^{int(moment.timestamp())}^{{date_short_pretty}} {{time}}|Mar 31, 2026 14:05 UTC>"
    )
    assert slack_moment(None) == ""


def test_phone_numbers_are_readable() -> None:
    assert phone("+33684966321") == "+33 6 84 96 63 21"
    assert phone("not a number") == "not a number"
