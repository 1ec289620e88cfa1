"""Values in the recruiter's words: phone numbers readable, dates in each reader's own locale.

Pure functions: ``phone("+33684966321")`` → ``+33 6 84 96 63 21``; ``slack_date("2026-03-31")``
→ ``<!date^1774958400^{date_short}|Mar 31, 2026>``, ``slack_moment`` a date and time (Slack shows every reader the date in their
own locale and time zone; the text after ``|`` is what clients that cannot do that show).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import phonenumbers

from bot.text import escape


def phone(value: str) -> str:
    """A phone number in the international readable form; as given when it does not parse."""
    raw = value.strip()
    try:
        parsed = phonenumbers.parse(raw, None if raw.startswith("+") else "FR")
    except phonenumbers.NumberParseException:
        return raw
    if not phonenumbers.is_possible_number(parsed):
        return raw
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def _moment(value: str | date | datetime | float) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, 12, tzinfo=UTC)
    if isinstance(value, int | float):
        return datetime.fromtimestamp(float(value), tz=UTC)
    text = value.strip()
    try:
        if len(text) == 10:
            return _moment(date.fromisoformat(text))
        return _moment(datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        return None


def slack_date(value: str | date | datetime | float | None) -> str:
    """A date Slack shows in each reader's locale ("Mar 31, 2026"); "" when there is none, the
    text as given when it is not a date."""
    if value is None or value == "":
        return ""
    moment = _moment(value)
    if moment is None:
        return escape(str(value))
    return f"<!date^{int(moment.timestamp())}^{{date_short}}|{_day(moment)}>"


def slack_moment(value: str | date | datetime | float | None) -> str:
    """A date and time Slack shows in each reader's locale and time zone ("Today at 14:05";
    "Mar 31, 2026 14:05 UTC" where it cannot); "" when there is none."""
    if value is None or value == "":
        return ""
    moment = _moment(value)
    if moment is None:
        return escape(str(value))
    fallback = f"{_day(moment)} {moment:%H:%M} UTC"
    return f"<!date^{int(moment.timestamp())}^{{date_short_pretty}} {{time}}|{fallback}>"


def _day(moment: datetime) -> str:
    """ "Mar 31, 2026" (UTC)."""
    moment = moment.astimezone(UTC)
    return f"{moment:%b} {moment.day}, {moment.year}"
