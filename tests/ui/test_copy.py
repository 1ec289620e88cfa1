"""Copy as a recruiter reads it: every public builder in bot/ui is called with representative
inputs (built from the parameters' types and the sandbox's demo data) and what Slack would SHOW
(texts, labels, placeholders, hints, options; not action_ids, block_ids or values) must not
carry variable names (``custom_intro``), "0 <word>" list items or "1 <plural>"."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import bot.ui
from bot.leonar import models
from bot.store.models import Job
from standins.leonar import SandboxState
from standins.leonar_data import NO_EMAIL_CONTACT_ID, OPEN_DEAL_ID
from tests.ui import copy_samples

DEMO = SandboxState.demo()
VISIBLE_KEYS = ("text", "label", "placeholder", "hint", "title", "submit", "close", "alt_text")
SNAKE = re.compile(r"(?<![\w/<@#.:`-])[a-z]+_[a-z_]+\b(?![\w/>])")
ZERO_ITEM = re.compile(r"(?:^|[:,;·(]\s*)0 [a-z]+")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
ONE_PLURAL = re.compile(r"(?<![\d.,])\b1 (?!of\b)([a-z]{3,}s)\b")
#: words ending in "s" that are singular
SINGULAR_S = {"process", "status", "address", "business", "class", "bonus", "access"}


def _first(table: dict[str, Any]) -> dict[str, Any]:
    return dict(next(iter(table.values())))


def _job() -> Job:
    defaults: dict[str, Any] = {name: None for name in Job.__dataclass_fields__}
    return Job.from_row(
        defaults
        | {
            "id": "job1",
            "team_id": "T1",
            "request_id": "r1",
            "contact_id": NO_EMAIL_CONTACT_ID,
            "contact_name": "Thomas Dubois",
            "type": "phone",
            "status": "completed",
            "result": {"phone": "+33684966321", "email": None, "confidence": 0.85},
            "requester_user_id": "U0ALICE",
            "channel_id": "C0GENERAL",
            "thread_ts": "1.2",
            "created_at": 0.0,
            "updated_at": 0.0,
        }
    )


def _model(cls: type[models.LeonarModel], table: dict[str, Any]) -> Any:
    return cls.model_validate(_first(table))


SAMPLES: dict[str, Callable[[], Any]] = {
    "Contact": lambda: models.Contact.model_validate(DEMO.contacts[NO_EMAIL_CONTACT_ID]),
    "Deal": lambda: models.Deal.model_validate(DEMO.deals[OPEN_DEAL_ID]),
    "Job": _job,
    "EnrollResult": lambda: models.EnrollResult(enrolled=1),
    "Company": lambda: _model(models.Company, DEMO.companies),
    "Project": lambda: _model(models.Project, DEMO.projects),
    "ProjectSummary": lambda: _model(models.ProjectSummary, DEMO.projects),
    "ConnectedAccount": lambda: _model(models.ConnectedAccount, DEMO.accounts),
    "DealPipeline": lambda: _model(models.DealPipeline, DEMO.deal_pipelines),
    "Tag": lambda: _model(models.Tag, DEMO.tags),
    "Location": lambda: _model(models.Location, DEMO.locations),
    "LeonarSequence": lambda: _model(models.Sequence, DEMO.sequences),
    "dt.date": lambda: dt.date(2026, 3, 31),
}
NAMED: dict[str, Any] = {
    "user": "U0ALICE",
    "user_id": "U0ALICE",
    "query": "react",
    "location": "Paris",
    "name": "Sophie Martin",
    "contact_name": "Sophie Martin",
    "kind": "work_email",
    "currency": "EUR",
    "default_currency": "EUR",
    "iso": "2026-03-31",
}


def _sample(name: str, annotation: str) -> Any:
    if name in NAMED:
        return NAMED[name]
    base = annotation.removesuffix(" | None")
    sequence = re.fullmatch(r"Sequence\[(\w+)\]", base)
    if sequence and sequence.group(1) in SAMPLES:
        return [SAMPLES[sequence.group(1)]()]
    if base in SAMPLES:
        return SAMPLES[base]()
    simple = {"str": "Sophie Martin", "int": 2, "float": 1774958400.0, "bool": True}
    if base in simple:
        return simple[base]
    if base.startswith("int"):
        return 2
    raise LookupError(annotation)


def _builders() -> Iterator[tuple[str, Callable[..., Any]]]:
    for info in pkgutil.iter_modules(bot.ui.__path__):
        module = importlib.import_module(f"bot.ui.{info.name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if not name.startswith("_") and function.__module__ == module.__name__:
                yield f"{info.name}.{name}", function


def _call(function: Callable[..., Any]) -> Any:
    args: dict[str, Any] = {}
    for parameter in inspect.signature(function).parameters.values():
        if parameter.default is not inspect.Parameter.empty and parameter.name not in NAMED:
            continue
        args[parameter.name] = _sample(parameter.name, str(parameter.annotation))
    return function(**args)


def _visible(value: Any, key: str = "") -> Iterator[str]:
    if isinstance(value, str):
        if key in VISIBLE_KEYS or key == "":
            yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            if k in ("action_id", "block_id", "value", "callback_id", "private_metadata", "url"):
                continue
            yield from _visible(v, k if k in VISIBLE_KEYS else key if k == "elements" else k)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _visible(item, key)


def _problems(text: str) -> list[str]:
    text = re.sub(r"<[^>]*>", "", text)  # mentions, links, dates
    text = re.sub(r"`[^`]*`", "", text)  # commands to type, shown as code
    found = [f"identifier {m.group(0)!r}" for m in SNAKE.finditer(text)]
    found += [f"zero counter {m.group(0)!r}" for m in ZERO_ITEM.finditer(text)]
    found += [f"ISO date {m.group(0)!r} (use formats.slack_date)" for m in ISO_DATE.finditer(text)]
    found += [
        f"plural after 1: {m.group(0)!r}"
        for m in ONE_PLURAL.finditer(text)
        if m.group(1) not in SINGULAR_S
    ]
    return found


CALLED: list[tuple[str, Any]] = []
UNBUILT: list[str] = []
for _name, _function in _builders():
    if _name.endswith(("_value", "_id")):  # a button's value, an id: never shown
        continue
    try:
        CALLED.append((_name, _call(_function)))
    except LookupError:
        UNBUILT.append(_name)
    except (TypeError, ValueError, AttributeError, KeyError):
        UNBUILT.append(_name)
for _name, _make in copy_samples.calls(SAMPLES["Contact"](), SAMPLES["Deal"](), _job()):
    CALLED.append((_name, _make()))
#: builders that show nothing themselves (a block wrapper, a value list, a filter)
NOT_COPY = {
    "blocks.section",
    "blocks.static_select",
    "contacts.without_more_button",
    "deals.options_answer",
    "search_results.card_notes",
    "sourcing.card_blocks",
    "sourcing.describe_search",
    "sourcing.location_options",
    "sourcing.plan_card_messages",
    "enrich_all.stopped_text",
    "home.activity_blocks",
    "home.connection_blocks",
    "watches.stage_bars",
}


def test_every_builder_is_walked() -> None:
    walked = {name.split(" ")[0] for name, _ in CALLED}
    assert [name for name in UNBUILT if name not in walked and name not in NOT_COPY] == []


@pytest.mark.parametrize(("name", "output"), CALLED, ids=[n for n, _ in CALLED])
def test_visible_copy_reads_as_a_recruiter_would(name: str, output: Any) -> None:
    problems = [p for text in _visible(output) for p in _problems(text)]
    assert problems == [], f"{name}: {problems}"


def test_the_checks_catch_jargon() -> None:
    assert _problems("Fills the custom_intro variable")
    assert _problems("Skipped: 0 blacklisted, 0 already enrolled")
    assert _problems("Added 1 profiles")
    assert not _problems("Added 1 profile; 2 profiles skipped; `/leonar search react_js`")
    assert _problems("Enriching 3: 0 found · 0 not found · 3 pending")
    assert _problems("Expected close: 2026-03-31")
    assert not _problems("Expected close: <!date^1774958400^{date_short}|Mar 31, 2026>")
