"""Reading the LinkedIn sourcing modal back: a typed form, or errors under the fields."""

from __future__ import annotations

from typing import Any

from bot.flows.source import FormResult, read_form, split_titles
from bot.slack.payloads import ViewSubmissionPayload


def read(values: dict[str, Any]) -> FormResult:
    """``read_form`` of a submission whose view state holds ``values``."""
    payload = {
        "team": {"id": "T1"},
        "user": {"id": "U1"},
        "view": {"id": "V1", "state": {"values": values}},
    }
    return read_form(ViewSubmissionPayload.model_validate(payload))


def state(**entries: dict[str, Any]) -> dict[str, Any]:
    blocks = {
        "account": ("account_pick", "static_select"),
        "titles": ("titles_input", "plain_text_input"),
        "locations": ("sourcing_locations", "multi_external_select"),
        "years_min": ("years_min_input", "number_input"),
        "years_max": ("years_max_input", "number_input"),
        "project": ("project_pick", "static_select"),
    }
    return {
        block: {action: {"type": kind, **entries.get(block, {})}}
        for block, (action, kind) in blocks.items()
    }


def option(text: str, value: str) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": text}, "value": value}


VALID: dict[str, Any] = {
    "account": {"selected_option": option("Alice · Recruiter", "acc-1|recruiter")},
    "titles": {"value": " Software  Engineer, ,backend developer, software engineer "},
    "locations": {"selected_options": [option("Paris, Ile-de-France, France", "105015875")]},
    "years_min": {"value": "3"},
    "years_max": {"value": "10"},
    "project": {"selected_option": option("Frontend", "p1")},
}


def test_read_form_splits_titles_and_keeps_locations() -> None:
    result = read(state(**VALID))
    assert result.errors == {}
    form = result.form
    assert form is not None
    assert form.account_id == "acc-1" and form.api_type == "recruiter"
    assert form.job_titles == ("Software Engineer", "backend developer")
    assert form.locations == {"105015875": "Paris, Ile-de-France, France"}
    assert (form.years_min, form.years_max) == (3, 10)
    assert (form.project_id, form.project_name) == ("p1", "Frontend")


def test_read_form_errors_by_block() -> None:
    bad: dict[str, Any] = {
        **VALID,
        "titles": {"value": " , "},
        "years_min": {"value": "8"},
        "years_max": {"value": "3"},
    }
    result = read(state(**bad))
    assert result.form is None
    assert set(result.errors) == {"titles", "years_max"}

    result = read(state(titles={"value": "Engineer"}))
    assert set(result.errors) == {"account", "project"}

    equal: dict[str, Any] = {**VALID, "years_min": {"value": "5"}, "years_max": {"value": "5"}}
    assert read(state(**equal)).errors == {}


def test_split_titles_drops_empty_and_repeated_titles() -> None:
    assert split_titles(" a ,, B,b , c  d") == ("a", "B", "c d")


def test_a_number_that_is_not_whole_is_an_error_under_its_field() -> None:
    bad: dict[str, Any] = {**VALID, "years_min": {"value": "2.5"}, "years_max": {"value": "x"}}
    result = read(state(**bad))
    assert result.form is None
    assert result.errors["years_min"].startswith("Please enter a whole number")
    assert result.errors["years_max"] == "Please enter a number."
