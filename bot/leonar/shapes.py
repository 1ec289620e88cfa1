"""Leonar's real answers against the shapes this client assumes (``leonar-bot doctor``).

``probe_read_endpoints`` makes one call of each read endpoint the bot uses (ids taken from the
list answers) and compares each answer with the model the bot parses it with
(``shape_differences``): a required field missing or a value the model cannot read is a problem
(the bot would fail on this answer); an optional field the answer does not carry is named too
(the bot copes, but the assumed shape differs). Neither: the assumed shape is confirmed.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pydantic
from pydantic import BaseModel

from bot.leonar.client import LeonarClient
from bot.leonar.errors import LeonarError
from bot.leonar.models import (
    Company,
    ConnectedAccount,
    Contact,
    Deal,
    DealPipeline,
    Enrichment,
    Location,
    PageMeta,
    Project,
    ProjectSummary,
    Sequence,
    Tag,
)

#: at most this many differences are named per endpoint (the rest are counted)
MAX_NAMED = 6


@dataclass(frozen=True)
class Probe:
    """The outcome of one read call: ``error`` (no usable answer), ``problems`` (the bot cannot
    read it), ``absent`` (optional fields it did not carry), or ``skipped`` (not called, why)."""

    endpoint: str
    problems: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    error: str | None = None
    skipped: str | None = None


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model inside ``X | None``, ``list[X]``, ``X``; None for plain values."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType, list):
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None


def _missing(model: type[BaseModel], raw: Any, prefix: str) -> list[tuple[bool, str]]:
    """``(required, "field `x` missing")`` for each model field ``raw`` does not carry."""
    if not isinstance(raw, dict):
        return [(True, f"`{prefix.rstrip('.') or 'data'}` is not an object")]
    found: list[tuple[bool, str]] = []
    for name, field in model.model_fields.items():
        key = field.alias or name
        if key not in raw and name not in raw:
            found.append((field.is_required(), f"field `{prefix}{key}` missing"))
            continue
        sub = _model_in(field.annotation)
        value = raw.get(key, raw.get(name))
        if sub is None or value is None:
            continue
        if isinstance(value, list):
            if value:
                found += _missing(sub, value[0], f"{prefix}{key}[0].")
        else:
            found += _missing(sub, value, f"{prefix}{key}.")
    return found


def shape_differences(model: type[BaseModel], raw: Any) -> tuple[list[str], list[str]]:
    """``(problems, absent)``: what ``model`` cannot read in ``raw`` (required fields missing,
    unreadable values), and the optional fields ``raw`` does not carry."""
    missing = _missing(model, raw, "")
    problems = [text for required, text in missing if required]
    absent = [text for required, text in missing if not required]
    try:
        model.model_validate(raw)
    except pydantic.ValidationError as exc:
        for error in exc.errors():
            where = ".".join(str(part) for part in error["loc"]) or "data"
            text = f"`{where}`: {error['msg'].lower()}"
            if f"field `{where}` missing" not in problems:
                problems.append(text)
    return problems, absent


def _items(data: Any) -> list[Any] | None:
    if isinstance(data, dict):
        for key in ("items", "results"):
            if isinstance(data.get(key), list):
                return list(data[key])
    return list(data) if isinstance(data, list) else None


class _Prober:
    def __init__(self, client: LeonarClient) -> None:
        self.client = client
        self.probes: list[Probe] = []

    async def call(
        self, endpoint: str, path: str, model: type[BaseModel], *, many: bool, **params: Any
    ) -> Any:
        """One GET; records its Probe; returns the first item (lists) or the object."""
        try:
            body = await self.client.request("GET", path, params=params or None)
        except LeonarError as exc:
            self.probes.append(Probe(endpoint, error=_error_words(exc)))
            return None
        if not isinstance(body, dict) or "data" not in body:
            self.probes.append(Probe(endpoint, ('no `{"data": ...}` envelope',)))
            return None
        data = body["data"]
        if isinstance(data, dict) and "id" not in data and "request_id" in data:
            data = {"id": data["request_id"], **data}  # as Enrichments.get reads it
        first = data
        if many:
            items = _items(data)
            if items is None:
                self.probes.append(Probe(endpoint, ("`data` is not a list",)))
                return None
            first = items[0] if items else None
        problems, absent = shape_differences(model, first) if first is not None else ([], [])
        if many and isinstance(body.get("meta"), dict):
            meta_problems, meta_absent = shape_differences(PageMeta, body["meta"])
            problems += [f"meta: {d}" for d in meta_problems]
            absent += [f"meta: {d}" for d in meta_absent]
        self.probes.append(Probe(endpoint, tuple(problems), tuple(absent)))
        return first


def _error_words(exc: LeonarError) -> str:
    status = getattr(exc, "status_code", None)
    code = getattr(exc, "code", None)
    return f"{type(exc).__name__}" + (f" ({status} {code or ''})".rstrip() if status else "")


def _id(item: Any) -> str | None:
    value = item.get("id") if isinstance(item, dict) else None
    return str(value) if value not in (None, "") else None


EnrichmentId = Callable[[], Awaitable[str | None]]


async def probe_read_endpoints(client: LeonarClient, enrichment_id: EnrichmentId) -> list[Probe]:
    """One call of each read endpoint the bot uses, in the order a recruiter meets them.
    ``enrichment_id``: a request id to read back (e.g. the newest job's), or None."""
    p = _Prober(client)
    accounts = await p.call(
        "GET /connected-accounts", "/connected-accounts", ConnectedAccount, many=True
    )
    contact = await p.call("GET /contacts", "/contacts", Contact, many=True, limit=1)
    await _by_id(p, "GET /contacts/{id}", "/contacts/", Contact, contact)
    project = await p.call(
        "GET /projects", "/projects", ProjectSummary, many=True, status="active", limit=1
    )
    await _by_id(p, "GET /projects/{id}", "/projects/", Project, project)
    await p.call("GET /sequences", "/sequences", Sequence, many=True, status="active", limit=1)
    deal = await p.call("GET /deals", "/deals", Deal, many=True, limit=1)
    await _by_id(p, "GET /deals/{id}", "/deals/", Deal, deal)
    await p.call("GET /deal-pipelines", "/deal-pipelines", DealPipeline, many=True)
    await p.call("GET /companies", "/companies", Company, many=True, limit=1)
    await p.call("GET /tags", "/tags", Tag, many=True)
    await _locations(p, accounts)
    request_id = await enrichment_id()
    if request_id is None:
        p.probes.append(Probe("GET /enrichment/{id}", skipped="no enrichment started yet"))
    else:
        await p.call("GET /enrichment/{id}", f"/enrichment/{request_id}", Enrichment, many=False)
    return p.probes


async def _by_id(p: _Prober, endpoint: str, prefix: str, model: type[BaseModel], item: Any) -> None:
    item_id = _id(item)
    if item_id is None:
        p.probes.append(Probe(endpoint, skipped="the list was empty"))
        return
    await p.call(endpoint, prefix + item_id, model, many=False)


async def _locations(p: _Prober, account: Any) -> None:
    endpoint = "GET /sourcing/linkedin/locations"
    try:
        parsed = ConnectedAccount.model_validate(account) if account is not None else None
    except pydantic.ValidationError:
        parsed = None
    if parsed is None or parsed.sourcing_api_type is None:
        p.probes.append(Probe(endpoint, skipped="no LinkedIn account able to source"))
        return
    await p.call(
        endpoint,
        "/sourcing/linkedin/locations",
        Location,
        many=True,
        q="Paris",
        account_id=parsed.id,
        api_type=parsed.sourcing_api_type,
    )
