"""An in-memory fake of the Leonar API (`/api/v1/...`), for tests and `leonar-bot sandbox`.

It follows docs/leonar-api.md (Leonar's API as the bot assumes it): the same paths, request
bodies, `{"data": ...}` answers and `{"error": {"code", "message", "details"}}` envelopes. It is an
independent fake of the server and imports nothing from `bot.leonar`.

Every request, in this order:
  1. is recorded in `state.requests` (also the ones that are refused);
  2. waits `state.latency` seconds;
  3. counts against the hourly budget of the key it presents (`state.rate_limit`, fixed window
     starting at the key's first request); every answer carries `X-RateLimit-Limit`,
     `X-RateLimit-Remaining`, `X-RateLimit-Reset` (unix seconds) and `X-Request-Id`;
  4. 401 `invalid_api_key` without `Authorization: Bearer <known key>`;
  5. 429 `rate_limit_exceeded` while `state.force_429 > 0` (each such answer decrements it) or past
     the budget (no `Retry-After`, as the docs warn: wait until `X-RateLimit-Reset`);
  6. 404 `not_found` for an unknown path (405 `method_not_allowed` for a known path);
  7. 403 `insufficient_scope` when the key lacks the route's scope (see `ROUTE_SCOPES`);
  8. 500 `internal_error` with probability `state.error_rate`;
  9. 400 `validation_error` for a body that is not a JSON object;
  10. the endpoint itself.

Choices where the docs are silent (documented here once):
- An id in the URL path, or an id in the body naming something that must exist (contact_id,
  project_id, tag_id, company_id, pipeline_id, account ids), that is unknown → 404 `not_found`
  (details name the body field). An id that exists but does not fit (a stage of another pipeline,
  an inactive LinkedIn account, a tag of another scope) → 400 `validation_error`.
- `POST /projects/{id}/entries` for a contact already in the project → 400 `validation_error`
  with details `{"contact_id": ...}` (no duplicate entry is created).
- `POST /messages` to a contact with `do_not_contact` (or `global_status` `do_not_contact`) → 400
  `validation_error` with details `{"contact_id": ...}`: the documented 403 codes are all about the
  key/account, not the recipient. An email needs `subject` and a contact with an email; a LinkedIn
  message needs the contact's LinkedIn profile and an active sender account.
- `PUT /deals/{id}/stage` only moves open deals between open stages (closing goes through
  `/close`); closing a closed deal or reopening an open one → 400 `validation_error`.
- Sourcing search: `total_count` counts the profiles matching the filters; `filtered_count` those
  of them not already in `project_id`.
- `GET /projects/{id}/entries` lists entries oldest first, each with its `stage: {id, name}` and
  the whole `contact` (like the answer of `POST /projects/{id}/entries`).
- `POST /contacts/{id}/notes` answers `{id, contact_id, content, created_at}`; an empty
  `content` → 400 `validation_error`.
- Creations answer 201, everything else 200.
"""

from __future__ import annotations

import asyncio
import copy
import hashlib
import json
import math
import random
import re
import time
import unicodedata
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from standins import leonar_data
from standins.leonar_data import JSONDict

DEFAULT_KEY = "leo_sandbox"
API_PREFIX = "/api/v1"
HOUR = 3600.0

ALL_SCOPES: frozenset[str] = frozenset(
    {
        "contacts:read",
        "contacts:write",
        "projects:read",
        "projects:write",
        "sourcing:read",
        "enrichment:read",
        "enrichment:write",
        "sequences:read",
        "sequences:write",
        "deals:read",
        "deals:write",
        "tags:read",
        "tags:write",
        "messages:write",
        "companies:read",
    }
)

ENRICHMENT_TYPES = ("work_email", "personal_email", "phone")
DEAL_CLOSE_STATUSES = ("won", "lost", "disqualified")
TAG_SCOPES = ("contact", "company", "deal", "project")
_ID_NS = uuid.UUID("9d3c4f57-0b7e-4b1f-8a6c-2f0d5e8a1b33")


# --- state ---------------------------------------------------------------------------------------


@dataclass
class RecordedRequest:
    """One request as the sandbox received it (`path` is the full URL path, e.g. /api/v1/tags)."""

    method: str
    path: str
    query: dict[str, str]
    json: Any
    key: str | None

    @property
    def endpoint(self) -> str:
        """The path relative to the API root, as the docs write it (`/contacts/search`)."""
        if self.path.startswith(API_PREFIX):
            return self.path[len(API_PREFIX) :] or "/"
        return self.path


@dataclass
class Enrichment:
    """An enrichment request; its status follows the clock (see `SandboxState.refresh_enrichment`)."""

    id: str
    contact_id: str
    type: str
    created_at: float
    status: str = "pending"
    result: JSONDict | None = None
    error: str | None = None
    completed_at: float | None = None

    @property
    def done(self) -> bool:
        return self.status in ("completed", "failed")


@dataclass
class _Window:
    start: float
    count: int = 0


@dataclass
class SandboxState:
    """The sandbox's data and knobs. `SandboxState()` is empty; `SandboxState.demo()` is seeded.

    Knobs: `latency` (seconds added to every answer), `error_rate` (0..1, chance of a 500),
    `force_429` (the next N authenticated requests answer 429), `rate_limit` (requests per key per
    hour), `enrichment_delay` (seconds from pending to completed), `enrichment_hold` (never
    complete), `enrichment_delay_for(contact_id, type) -> seconds | None` (overrides
    `enrichment_delay` per request; None = never completes), `fail_enrichment_for` (contact ids
    whose enrichments fail), `credits` (enrichment credits; each request costs one; at 0 → 402),
    `clock` (unix seconds), `rng` (drives `error_rate`), `auto_move_every` (the demo's timer: an
    entry moves one stage on every so many seconds, see `auto_move`).

    Changes behind the bot's back, for tests and the demo: `move_entry`, `set_deal_stage`,
    `close_deal`.
    """

    contacts: dict[str, JSONDict] = field(default_factory=dict)
    companies: dict[str, JSONDict] = field(default_factory=dict)
    accounts: dict[str, JSONDict] = field(default_factory=dict)
    locations: list[JSONDict] = field(default_factory=list)
    profiles: list[JSONDict] = field(default_factory=list)
    projects: dict[str, JSONDict] = field(default_factory=dict)
    #: entry id -> {id, project_id, contact_id, stage_id, rating, notes, ..., created_at}
    entries: dict[str, JSONDict] = field(default_factory=dict)
    deal_pipelines: dict[str, JSONDict] = field(default_factory=dict)
    deals: dict[str, JSONDict] = field(default_factory=dict)
    sequences: dict[str, JSONDict] = field(default_factory=dict)
    #: sequence id -> contact id -> {custom_variables, enrolled_at}
    enrollments: dict[str, dict[str, JSONDict]] = field(default_factory=dict)
    tags: dict[str, JSONDict] = field(default_factory=dict)
    messages: list[JSONDict] = field(default_factory=list)
    #: notes added with POST /contacts/{id}/notes: {id, contact_id, content, created_at}
    notes: list[JSONDict] = field(default_factory=list)
    enrichments: dict[str, Enrichment] = field(default_factory=dict)
    #: LinkedIn profile_id -> contact id (filled by add-to-project)
    profile_contacts: dict[str, str] = field(default_factory=dict)
    #: api key -> scopes
    keys: dict[str, frozenset[str]] = field(default_factory=lambda: {DEFAULT_KEY: ALL_SCOPES})

    latency: float = 0.0
    error_rate: float = 0.0
    force_429: int = 0
    #: when set, only requests whose path contains it get the forced 429s
    force_429_on: str | None = None
    #: seconds until the window of a forced 429 resets (its X-RateLimit-Reset)
    force_429_reset: float = 1.0
    rate_limit: int = 1000
    enrichment_delay: float = 8.0
    enrichment_hold: bool = False
    enrichment_delay_for: Callable[[str, str], float | None] | None = None
    fail_enrichment_for: set[str] = field(default_factory=set)
    credits: int = 1000
    #: demo knob: every this many seconds (on the next request) an entry moves one stage on
    auto_move_every: float | None = None
    clock: Callable[[], float] = time.time
    rng: random.Random = field(default_factory=lambda: random.Random(0))

    requests: list[RecordedRequest] = field(default_factory=list)
    _windows: dict[str, _Window] = field(default_factory=dict)
    _deal_open_stage: dict[str, str] = field(default_factory=dict)
    request_seq: int = 0
    _counter: int = 0
    _next_auto_move: float | None = None

    @classmethod
    def demo(cls, *, clock: Callable[[], float] = time.time) -> SandboxState:
        """A state seeded with the demo data of `leonar_data` (fresh copy each call)."""
        data = leonar_data.demo_dataset()
        state = cls(clock=clock)
        state.contacts = {c["id"]: c for c in data.contacts}
        state.companies = {c["id"]: c for c in data.companies}
        state.accounts = {a["id"]: a for a in data.accounts}
        state.locations = data.locations
        state.profiles = data.profiles
        state.projects = {p["id"]: p for p in data.projects}
        state.entries = {e["id"]: e for e in data.entries}
        state.deal_pipelines = {p["id"]: p for p in data.deal_pipelines}
        state.deals = {d["id"]: d for d in data.deals}
        state.sequences = {s["id"]: s for s in data.sequences}
        state.enrollments = {
            sid: {
                cid: {"custom_variables": {}, "enrolled_at": leonar_data.UPDATED_AT} for cid in cids
            }
            for sid, cids in data.enrollments.items()
        }
        state.tags = {t["id"]: t for t in data.tags}
        state.fail_enrichment_for = set(data.fail_enrichment_for)
        return state

    # keys and recording

    def add_key(self, key: str, scopes: Iterable[str] = ALL_SCOPES) -> None:
        """Accept `key` with these scopes (replaces an existing key's scopes)."""
        self.keys[key] = frozenset(scopes)

    def reset_requests(self) -> None:
        self.requests.clear()

    def requests_to(self, method: str, endpoint: str) -> list[RecordedRequest]:
        """Recorded requests for one endpoint, e.g. `requests_to("POST", "/contacts/search")`."""
        return [r for r in self.requests if r.method == method.upper() and r.endpoint == endpoint]

    def new_id(self, kind: str) -> str:
        """A fresh deterministic id for a record created at runtime."""
        self._counter += 1
        return str(uuid.uuid5(_ID_NS, f"{kind}:{self._counter}"))

    # changes behind the bot's back (tests and the demo)

    def move_entry(self, project_id: str, contact_id: str, stage_name: str) -> JSONDict:
        """Put the contact at `stage_name` in the project (adds the entry when it is not there);
        `entries_count` follows. Raises KeyError for an unknown project, contact or stage."""
        project = self.projects[project_id]
        contact = self.contacts[contact_id]
        stage = next(
            (s for s in project["pipeline"]["stages"] if fold(s["name"]) == fold(stage_name)),
            None,
        )
        if stage is None:
            raise KeyError(f"no stage {stage_name!r} in project {project_id}")
        entry = _in_project(self, project_id, contact["id"])
        if entry is None:
            return _new_entry(self, project_id, contact["id"], stage["id"])
        entry["stage_id"] = stage["id"]
        entry["updated_at"] = iso(self.clock())
        return entry

    def set_deal_stage(self, deal_id: str, stage_name: str) -> JSONDict:
        """Move an open deal to another open stage of its pipeline (by name)."""
        deal = self.deals[deal_id]
        pipeline = self.deal_pipelines[deal["pipeline_id"]]
        stage = next(s for s in pipeline["stages"] if fold(s["name"]) == fold(stage_name))
        deal["stage"] = {"id": stage["id"], "name": stage["name"]}
        deal["updated_at"] = iso(self.clock())
        return deal

    def close_deal(
        self, deal_id: str, status: str, *, signed_amount: float | int | None = None
    ) -> JSONDict:
        """Close a deal as won, lost or disqualified (as `POST /deals/{id}/close` would)."""
        return _close(self, self.deals[deal_id], status, signed_amount, None)

    def auto_move(self) -> JSONDict | None:
        """The demo's timer: when `auto_move_every` seconds passed, move the first entry that
        is not at its project's last stage one stage on (None when nothing moved)."""
        if not self.auto_move_every:
            return None
        now = self.clock()
        if self._next_auto_move is None:
            self._next_auto_move = now + self.auto_move_every
        if now < self._next_auto_move:
            return None
        self._next_auto_move = now + self.auto_move_every
        for entry in self.entries.values():
            project = self.projects.get(entry["project_id"])
            if project is None or project["status"] != "active":
                continue
            stages = sorted(project["pipeline"]["stages"], key=lambda s: int(s["position"]))
            ids = [s["id"] for s in stages]
            at = ids.index(entry["stage_id"]) if entry["stage_id"] in ids else len(ids) - 1
            if at < len(ids) - 1:
                entry["stage_id"] = ids[at + 1]
                entry["updated_at"] = iso(now)
                return entry
        return None

    # rate limit

    def consume(self, key: str) -> tuple[int, int, int, bool]:
        """Count one request for `key`: (limit, remaining, reset unix seconds, over budget)."""
        now = self.clock()
        window = self._windows.get(key)
        if window is None or now >= window.start + HOUR:
            window = self._windows[key] = _Window(start=now)
        window.count += 1
        remaining = max(0, self.rate_limit - window.count)
        return (
            self.rate_limit,
            remaining,
            math.ceil(window.start + HOUR),
            window.count > self.rate_limit,
        )

    # enrichment

    def enrichment_delay_of(self, enrichment: Enrichment) -> float | None:
        """Seconds until this enrichment completes, None = never."""
        if self.enrichment_hold:
            return None
        if self.enrichment_delay_for is not None:
            return self.enrichment_delay_for(enrichment.contact_id, enrichment.type)
        return self.enrichment_delay

    def refresh_enrichment(self, enrichment: Enrichment) -> Enrichment:
        """Move an enrichment along the clock: pending, processing (after half the delay), done."""
        if enrichment.done:
            return enrichment
        delay = self.enrichment_delay_of(enrichment)
        elapsed = self.clock() - enrichment.created_at
        if delay is not None and elapsed >= delay:
            self._finish_enrichment(enrichment, enrichment.created_at + delay)
        else:
            half = delay / 2 if delay is not None else 2.0
            enrichment.status = "pending" if elapsed < half else "processing"
        return enrichment

    def complete_enrichment(self, request_id: str) -> Enrichment:
        """Finish an enrichment now (completed, or failed for `fail_enrichment_for` contacts)."""
        enrichment = self.enrichments[request_id]
        if not enrichment.done:
            self._finish_enrichment(enrichment, self.clock())
        return enrichment

    def _finish_enrichment(self, enrichment: Enrichment, at: float) -> None:
        contact = self.contacts.get(enrichment.contact_id)
        enrichment.completed_at = at
        if contact is None or enrichment.contact_id in self.fail_enrichment_for:
            enrichment.status = "failed"
            what = (
                "phone number" if enrichment.type == "phone" else enrichment.type.replace("_", " ")
            )
            enrichment.error = f"No {what} found for this contact."
            return
        enrichment.status = "completed"
        enrichment.result = _enrichment_result(contact, enrichment.type)
        if enrichment.type == "phone":
            phone = enrichment.result["phone"]
            if all(p.get("phone") != phone for p in contact["phones"]):
                contact["phones"].append({"phone": phone, "type": "mobile"})
        else:
            email = enrichment.result["email"]
            kind = "work" if enrichment.type == "work_email" else "personal"
            if all(e.get("email") != email for e in contact["emails"]):
                contact["emails"].append({"email": email, "type": kind})
        contact["updated_at"] = iso(at)


def _enrichment_result(contact: JSONDict, kind: str) -> JSONDict:
    first = leonar_data.slug(contact.get("first_name") or "").replace("-", "")
    last = leonar_data.slug(contact.get("last_name") or "").replace("-", "")
    if kind == "phone":
        existing = [p["phone"] for p in contact["phones"] if p.get("phone")]
        if existing:
            return {"phone": existing[0], "confidence": 0.97}
        digits = int(hashlib.sha256(contact["id"].encode()).hexdigest(), 16) % 10**8
        return {"phone": f"+336{digits:08d}", "confidence": 0.85}
    wanted = "work" if kind == "work_email" else "personal"
    existing = [e["email"] for e in contact["emails"] if e.get("type") == wanted and e.get("email")]
    if existing:
        return {"email": existing[0], "confidence": 0.98}
    if kind == "work_email":
        domain = leonar_data.company_domain(contact.get("current_company"))
        return {"email": f"{first}.{last}@{domain}", "confidence": 0.92}
    return {"email": f"{first}.{last}@gmail.com", "confidence": 0.8}


# --- helpers -------------------------------------------------------------------------------------


def iso(ts: float) -> str:
    """Unix seconds -> '2025-02-10T10:00:08Z'."""
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def fold(text: str) -> str:
    """Lowercase without accents, for forgiving matching ('Léa' ~ 'lea')."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


class ApiError(Exception):
    """Raised by endpoints; rendered as the Leonar error envelope."""

    def __init__(
        self, status: int, code: str, message: str, details: JSONDict | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details


def invalid(details: dict[str, str], message: str | None = None) -> ApiError:
    return ApiError(400, "validation_error", message or "The request is invalid.", dict(details))


def not_found(what: str, field_name: str | None = None) -> ApiError:
    details = {field_name: f"{what} not found"} if field_name else None
    return ApiError(404, "not_found", f"{what} not found.", details)


@dataclass
class Call:
    """What an endpoint gets: path params, query (last value wins) and the JSON body."""

    params: dict[str, str]
    query: dict[str, str]
    body: JSONDict


def _str_field(body: JSONDict, name: str, *, required: bool = False) -> str | None:
    value = body.get(name)
    if value is None:
        if required:
            raise invalid({name: "is required"})
        return None
    if not isinstance(value, str):
        raise invalid({name: "must be a string"})
    if required and not value.strip():
        raise invalid({name: "must not be empty"})
    return value


def _required_str(body: JSONDict, name: str) -> str:
    value = _str_field(body, name, required=True)
    assert value is not None
    return value


def _number_field(body: JSONDict, name: str) -> float | int | None:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise invalid({name: "must be a number"})
    if value < 0:
        raise invalid({name: "must not be negative"})
    return value


def _date_field(body: JSONDict, name: str) -> str | None:
    value = _str_field(body, name)
    if value is None:
        return None
    try:
        date.fromisoformat(value)
    except ValueError:
        raise invalid({name: "must be a date (YYYY-MM-DD)"}) from None
    return value


def _int_value(raw: Any, name: str, default: int, low: int, high: int | None) -> int:
    if raw is None or raw == "":
        return default
    if isinstance(raw, str):
        if not re.fullmatch(r"-?\d+", raw.strip()):
            raise invalid({name: "must be an integer"})
        value = int(raw)
    elif isinstance(raw, int) and not isinstance(raw, bool):
        value = raw
    else:
        raise invalid({name: "must be an integer"})
    if value < low or (high is not None and value > high):
        bound = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise invalid({name: f"must be {bound}"})
    return value


def _paging(source: dict[str, Any], default_limit: int = 50) -> tuple[int, int]:
    limit = _int_value(source.get("limit"), "limit", default_limit, 1, 100)
    offset = _int_value(source.get("offset"), "offset", 0, 0, None)
    return limit, offset


def _page(items: list[JSONDict], limit: int, offset: int) -> JSONDict:
    window = items[offset : offset + limit]
    return {
        "data": copy.deepcopy(window),
        "meta": {
            "total": len(items),
            "limit": limit,
            "offset": offset,
            "has_more": offset + len(window) < len(items),
        },
    }


def _words_match(query: str | None, haystack: str) -> bool:
    """Every word of `query` appears (accent/case-insensitive) in `haystack`."""
    if not query:
        return True
    folded = fold(haystack)
    return all(word in folded for word in fold(query).split())


def _contact_haystack(contact: JSONDict) -> str:
    parts: list[str] = [
        str(contact.get(k) or "")
        for k in (
            "first_name",
            "last_name",
            "title",
            "headline",
            "current_company",
            "linkedin_profile",
        )
    ]
    parts += [str(s) for s in contact.get("skills") or []]
    parts += [str(t) for t in contact.get("tags") or []]
    parts += [str(e.get("email") or "") for e in contact.get("emails") or []]
    return " ".join(parts)


def _is_dnc(contact: JSONDict) -> bool:
    return bool(contact.get("do_not_contact")) or contact.get("global_status") == "do_not_contact"


def _norm_url(url: str | None) -> str:
    if not url:
        return ""
    url = url.strip().lower().split("?")[0].rstrip("/")
    return re.sub(r"^https?://(www\.)?", "", url)


def _apply_filters(
    items: list[JSONDict], query: dict[str, str], reserved: set[str]
) -> list[JSONDict]:
    """`field=eq.value` filters on top-level fields and `sort=field` / `sort=-field`."""
    out = items
    for name, raw in query.items():
        if name in reserved or name == "sort" or not raw.startswith("eq."):
            continue
        wanted = raw[3:].lower()
        out = [item for item in out if str(item.get(name)).lower() == wanted]
    sort = query.get("sort")
    if sort:
        reverse = sort.startswith("-")
        key = sort.lstrip("-+")
        out = sorted(out, key=lambda item: str(item.get(key) or ""), reverse=reverse)
    return out


# --- endpoints: sourcing -------------------------------------------------------------------------


def list_accounts(state: SandboxState, _call: Call) -> tuple[int, JSONDict]:
    return 200, {"data": copy.deepcopy(list(state.accounts.values()))}


def _account(state: SandboxState, account_id: str, field_name: str = "account_id") -> JSONDict:
    account = state.accounts.get(account_id)
    if account is None:
        raise not_found("Connected account", field_name)
    return account


def _location_term(title: str) -> str:
    """'Paris Area, France' -> 'paris'; 'France' -> 'france'."""
    return fold(title.split(",")[0].replace(" Area", "").strip())


def list_locations(state: SandboxState, call: Call) -> tuple[int, JSONDict]:
    q = call.query.get("q", "").strip()
    account_id = call.query.get("account_id", "").strip()
    api_type = call.query.get("api_type", "").strip()
    if not q:
        raise invalid({"q": "is required"})
    if not account_id:
        raise invalid({"account_id": "is required"})
    account = _account(state, account_id)
    if api_type:
        if api_type not in ("classic", "sales_navigator", "recruiter"):
            raise invalid({"api_type": "must be classic, sales_navigator or recruiter"})
        if account["api_status"].get(api_type) != "active":
            raise invalid({"api_type": f"{api_type} is not active on this account"})
    found = [loc for loc in state.locations if fold(q) in fold(loc["title"])]
    return 200, {"data": copy.deepcopy(found)}


def _profile_contact(state: SandboxState, profile: JSONDict) -> str | None:
    known = state.profile_contacts.get(str(profile.get("profile_id") or ""))
    if known and known in state.contacts:
        return known
    url = _norm_url(profile.get("linkedin_url"))
    if url:
        for contact in state.contacts.values():
            if _norm_url(contact.get("linkedin_profile")) == url:
                return str(contact["id"])
    return None


def _in_project(state: SandboxState, project_id: str, contact_id: str) -> JSONDict | None:
    for entry in state.entries.values():
        if entry["project_id"] == project_id and entry["contact_id"] == contact_id:
            return entry
    return None


def sourcing_search(state: SandboxState, call: Call) -> tuple[int, JSONDict]:
    body = call.body
    account = _account(state, _required_str(body, "account_id"))
    status = account["api_status"]
    if status.get("recruiter") != "active" and status.get("sales_navigator") != "active":
        raise invalid({"account_id": "needs an active Recruiter or Sales Navigator license"})
    project_id = _str_field(body, "project_id")
    if project_id is not None and project_id not in state.projects:
        raise not_found("Project", "project_id")
    titles = body.get("job_titles") or []
    if not isinstance(titles, list) or not all(isinstance(t, str) for t in titles):
        raise invalid({"job_titles": "must be a list of strings"})
    location_ids = body.get("location_ids") or {}
    if not isinstance(location_ids, dict):
        raise invalid({"location_ids": "must be an object of location id -> label"})
    known_titles = {loc["id"]: loc["title"] for loc in state.locations}
    terms = [_location_term(known_titles.get(str(k)) or str(v)) for k, v in location_ids.items()]
    years = body.get("years_experience") or {}
    if not isinstance(years, dict):
        raise invalid({"years_experience": "must be an object with min and max"})
    years_min = _number_field(years, "min")
    years_max = _number_field(years, "max")
    if years_min is not None and years_max is not None and years_min > years_max:
        raise invalid({"years_experience": "min must not be above max"})
    page = _int_value(body.get("page"), "page", 1, 1, None)
    page_size = _int_value(body.get("page_size"), "page_size", 25, 1, 100)

    matches: list[JSONDict] = []
    for profile in state.profiles:
        title = (profile.get("current_job") or {}).get("title") or profile.get("headline") or ""
        if titles and not any(_words_match(t, title) for t in titles):
            continue
        if terms and not any(term in fold(profile.get("location") or "") for term in terms):
            continue
        total_years = float(profile.get("total_years_experience") or 0)
        if years_min is not None and total_years < years_min:
            continue
        if years_max is not None and total_years > years_max:
            continue
        contact_id = _profile_contact(state, profile)
        already = bool(project_id and contact_id and _in_project(state, project_id, contact_id))
        matches.append(
            copy.deepcopy(profile)
            | {"already_in_project": already, "existing_contact_id": contact_id}
        )
    start = (page - 1) * page_size
    window = matches[start : start + page_size]
    has_more = start + len(window) < len(matches)
    return 200, {
        "data": {
            "profiles": window,
            "total_count": len(matches),
            "filtered_count": sum(1 for p in matches if not p["already_in_project"]),
            "has_more": has_more,
            "next_page": page + 1 if has_more else None,
        }
    }


def _first_stage(project: JSONDict) -> JSONDict:
    stages: list[JSONDict] = project["pipeline"]["stages"]
    return min(stages, key=lambda s: int(s["position"]))


def _stage(project: JSONDict, stage_id: str) -> JSONDict | None:
    return next((s for s in project["pipeline"]["stages"] if s["id"] == stage_id), None)


def _new_entry(state: SandboxState, project_id: str, contact_id: str, stage_id: str) -> JSONDict:
    now = iso(state.clock())
    entry: JSONDict = {
        "id": state.new_id("entry"),
        "project_id": project_id,
        "contact_id": contact_id,
        "stage_id": stage_id,
        "rating": None,
        "notes": None,
        "rejection_reason_id": None,
        "created_at": now,
        "updated_at": now,
    }
    state.entries[entry["id"]] = entry
    return entry


def _contact_from_profile(state: SandboxState, profile: JSONDict) -> JSONDict:
    now = iso(state.clock())
    raw_job = profile.get("current_job")
    job: JSONDict = raw_job if isinstance(raw_job, dict) else {}
    headline = profile.get("headline")
    title = job.get("title") or (headline.split(" at ")[0] if isinstance(headline, str) else None)
    company = job.get("company_name") or (
        headline.split(" at ", 1)[1] if isinstance(headline, str) and " at " in headline else None
    )
    years = profile.get("total_years_experience")
    return {
        "id": state.new_id("contact"),
        "first_name": profile.get("first_name"),
        "last_name": profile.get("last_name"),
        "title": title,
        "headline": headline,
        "current_company": company,
        "location": profile.get("location"),
        "linkedin_profile": profile.get("linkedin_url"),
        "picture_url": profile.get("picture_url"),
        "emails": [],
        "phones": [],
        "tags": [],
        "global_status": "new",
        "source": "linkedin",
        "summary": profile.get("summary"),
        "skills": list(profile.get("skills") or []),
        "languages": list(profile.get("languages") or []),
        "years_experience": round(years) if isinstance(years, int | float) else None,
        "experiences": copy.deepcopy(profile.get("experiences") or []),
        "educations": copy.deepcopy(profile.get("educations") or []),
        "custom_data": {},
        "do_not_contact": False,
        "created_at": now,
        "updated_at": now,
        "last_contacted_at": None,
        "archived_at": None,
    }


def add_to_project(state: SandboxState, call: Call) -> tuple[int, JSONDict]:
    body = call.body
    project_id = _required_str(body, "project_id")
    project = state.projects.get(project_id)
    if project is None:
        raise not_found("Project", "project_id")
    profiles = body.get("profiles")
    if not isinstance(profiles, list) or not profiles:
        raise invalid({"profiles": "must be a non-empty list of profile objects"})
    if len(profiles) > 100:
        raise invalid({"profiles": "at most 100 profiles per call"})
    for index, profile in enumerate(profiles):
        if not isinstance(profile, dict):
            raise invalid({f"profiles[{index}]": "must be a profile object"})
        if not profile.get("profile_id") and not profile.get("linkedin_url"):
            raise invalid(
                {f"profiles[{index}].profile_id": "profile_id or linkedin_url is required"}
            )
    stage = _first_stage(project)
    contact_ids: list[str] = []
    skipped: list[JSONDict] = []
    for profile in profiles:
        contact_id = _profile_contact(state, profile)
        if contact_id is not None and _in_project(state, project_id, contact_id):
            skipped.append(
                {
                    "profile_id": profile.get("profile_id"),
                    "linkedin_url": profile.get("linkedin_url"),
                    "reason": "already_in_project",
                    "existing_contact_id": contact_id,
                }
            )
            continue
        if contact_id is None:
            contact = _contact_from_profile(state, profile)
            state.contacts[contact["id"]] = contact
            contact_id = str(contact["id"])
        if profile.get("profile_id"):
            state.profile_contacts[str(profile["profile_id"])] = contact_id
        _new_entry(state, project_id, contact_id, stage["id"])
        contact_ids.append(contact_id)
    return 200, {
        "data": {
            "added": len(contact_ids),
            "skipped": len(skipped),
            "contact_ids": contact_ids,
            "skipped_profiles": skipped,
            "stage": {
                "id": stage["id"],
                "name": stage["name"],
                "category": stage["system_category"],
            },
        }
    }


# --- endpoints: contacts, enrichment, tags, messages ---------------------------------------------


def _contact(state: SandboxState, contact_id: str, field_name: str | None = None) -> JSONDict:
    contact = state.contacts.get(contact_id)
    if contact is None:
        raise not_found("Contact", field_name)
    return contact


def list_contacts(state: SandboxState, call: Call) -> tuple[int, JSONDict]:
    limit, offset = _paging(call.query)
    search = call.query.get("search")
    found = [c for c in state.contacts.values() if _words_match(search, _contact_haystack(c))]
    found = _apply_filters(found, call.query, {"search", "limit", "offset"})
    return 200, _page(found, limit, offset)


def get_contact(state: SandboxState, call: Call) -> tuple[int, JSONDict]:
    return 200, {"data": copy.deepcopy(_contact(state, call.params["id"]))}


def search_contacts(state: SandboxState, call: Call) -> tuple[int, JSONDict]:
    body = call.body
    query = _str_field(body, "query")
    location = _str_field(body, "location")
    limit, offset = _paging(body)
    found = [
        c
        for c in state.contacts.values()
        if _words_match(query, _contact_haystack(c))
        and (not location or fold(location.strip()) in fold(str(c.get("location") or "")))
    ]
    return 200, _page(found, limit, offset)


def start_enrichment(state: SandboxState, call: Call) -> tuple[int, JSONDict]:
    contact = _contact(state, call.params["id"])
    kind = _str_field(call.body, "type") or "work_email"
    if kind not in ENRICHMENT_TYPES:
        raise invalid({"type": "must be one of " + ", ".join(ENRICHMENT_TYPES)})
    if state.credits <= 0:
        credit_type = "phone" if kind == "phone" else "email"
        raise ApiError(
            402,
            "insufficient_credits",
            f"Not enough {credit_type} credits for this enrichment.",
            {"credit_type": credit_type, "available": max(0, state.credits), "required": 1},
        )
    state.credits -= 1
    enrichment = Enrichment(
        id=state.new_id("enrichment"), contact_id=contact["id"], type=kind, created_at=state.clock()
    )
    state.enrichments[enrichment.id] = enrichment
    return 200, {"data": {"request_id": enrichment.id, "type": kind, "status": "pending"}}


def get_enrichment(state: SandboxState, call: Call) -> tuple[int, JSONDict]:
    enrichment = state.enrichments.get(call.params["id"])
    if enrichment is None:
        raise not_found("Enrichment request")
    state.refresh_enrichment(enrichment)
    data: JSONDict = {
        "id": enrichment.id,
        "contact_id": enrichment.contact_id,
        "enrichment_type": enrichment.type,
        "status": enrichment.status,
        "result": copy.deepcopy(enrichment.result),
        "created_at": iso(enrichment.created_at),
        "completed_at": iso(enrichment.completed_at)
        if enrichment.completed_at is not None
        else None,
    }
    if enrichment.status == "failed":
        data["error"] = enrichment.error
    return 200, {"data": data}


def list_tags(state: SandboxState, call: Call) -> tuple[int, JSONDict]:
    limit, offset = _paging(call.query)
    scope = call.query.get("scope")
    found = [t for t in state.tags.values() if not scope or t["scope"] == scope]
    return 200, _page(found, limit, offset)


def create_tag(state: SandboxState, call: Call) -> tuple[int, JSONDict]:
    body = call.body
    name = _required_str(body, "name").strip()
    color = _str_field(body, "color") or "#6366F1"
    if not re.fullmatch(r"#[0-9A-Fa-f]{6}", color):
        raise invalid({"color": "must be a hex color like #6366F1"})
    scope = _str_field(body, "scope") or "contact"
    if scope not in TAG_SCOPES:
        raise invalid({"scope": "must be one of " + ", ".join(TAG_SCOPES)})
    if any(t["scope"] == scope and fold(t["name"]) == fold(name) for t in state.tags.values()):
        raise invalid({"name": "a tag with this name already exists"})
    tag = {"id": state.new_id("tag"), "name": name, "color": color, "scope": scope}
    state.tags[tag["id"]] = tag
    return 201, {"data": dict(tag)}


def tag_contact(state: SandboxState, call: Call) -> tuple[int, JSONDict]:
    contact = _contact(state, call.params["id"])
    tag = state.tags.get(_required_str(call.body, "tag_id"))
    if tag is None:
        raise not_found("Tag", "tag_id")
    if tag["scope"] != "contact":
        raise invalid({"tag_id": "is not a contact tag"})
    if tag["name"] not in contact["tags"]:
        contact["tags"].append(tag["name"])
        contact["updated_at"] = iso(state.clock())
    return 201, {"data": {"contact_id": contact["id"], "tag": dict(tag)}}


def add_note(state: SandboxState, call: Call) -> tuple[int, JSONDict]:
    contact = _contact(state, call.params["id"])
    content = _required_str(call.body, "content")
    note = {
        "id": state.new_id("note"),
        "contact_id": contact["id"],
        "content": content,
        "created_at": iso(state.clock()),
    }
    state.notes.append(note)
    return 201, {"data": dict(note)}


def send_message(state: SandboxState, call: Call) -> tuple[int, JSONDict]:
    body = call.body
    contact = _contact(state, _required_str(body, "contact_id"), "contact_id")
    channel = _required_str(body, "channel")
    if channel not in ("email", "linkedin"):
        raise invalid({"channel": "must be email or linkedin"})
    content = _required_str(body, "content")
    subject = _str_field(body, "subject")
    sender_id = _str_field(body, "sender_account_id")
    if _is_dnc(contact):
        raise invalid(
            {"contact_id": "this contact is marked do not contact"},
            "This contact must not be contacted.",
        )
    if channel == "email":
        if not subject or not subject.strip():
            raise invalid({"subject": "is required for an email"})
        if not contact["emails"]:
            raise invalid({"contact_id": "this contact has no email address"})
    else:
        if not contact.get("linkedin_profile"):
            raise invalid({"contact_id": "this contact has no LinkedIn profile"})
        if sender_id is None:
            sender = next(
                (a for a in state.accounts.values() if "active" in a["api_status"].values()), None
            )
            if sender is None:
                raise invalid({"sender_account_id": "no active LinkedIn account to send from"})
            sender_id = str(sender["id"])
    if sender_id is not None:
        sender = _account(state, sender_id, "sender_account_id")
        if channel == "linkedin" and "active" not in sender["api_status"].values():
            raise invalid({"sender_account_id": "this LinkedIn account is not active"})
    now = iso(state.clock())
    conversation_id = next(
        (
            m["conversation_id"]
            for m in state.messages
            if m["contact_id"] == contact["id"] and m["channel"] == channel
        ),
        None,
    ) or state.new_id("conversation")
    message: JSONDict = {
        "id": state.new_id("message"),
        "conversation_id": conversation_id,
        "contact_id": contact["id"],
        "channel": channel,
        "status": "sent",
        "subject": subject if channel == "email" else None,
        "content": content,
        "sender_account_id": sender_id,
        "created_at": now,
    }
    state.messages.append(message)
    contact["last_contacted_at"] = now
    if contact.get("global_status") == "new":
        contact["global_status"] = "contacted"
    return 201, {"data": dict(message)}


# --- endpoints: sequences ------------------------------------------------------------------------


def list_sequences(state: SandboxState, call: Call) -> tuple[int, JSONDict]:
    limit, offset = _paging(call.query)
    status = call.query.get("status")
    found = [s for s in state.sequences.values() if not status or s["status"] == status]
    return 200, _page(found, limit, offset)


def enroll(state: SandboxState, call: Call) -> tuple[int, JSONDict]:
    sequence = state.sequences.get(call.params["id"])
    if sequence is None:
        raise not_found("Sequence")
    body = call.body
    ids, contacts = body.get("contact_ids"), body.get("contacts")
    if ids is not None and contacts is not None:
        raise invalid({"contact_ids": "pass either contact_ids or contacts, not both"})
    wanted: list[tuple[str, JSONDict]] = []
    if ids is not None:
        if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
            raise invalid({"contact_ids": "must be a non-empty list of contact ids"})
        if len(ids) > 500:
            raise invalid({"contact_ids": "at most 500 contacts per call"})
        wanted = [(i, {}) for i in ids]
    elif contacts is not None:
        if not isinstance(contacts, list) or not contacts:
            raise invalid({"contacts": "must be a non-empty list"})
        if len(contacts) > 500:
            raise invalid({"contacts": "at most 500 contacts per call"})
        for index, item in enumerate(contacts):
            if not isinstance(item, dict) or not isinstance(item.get("contact_id"), str):
                raise invalid({f"contacts[{index}].contact_id": "is required"})
            variables = item.get("custom_variables") or {}
            if not isinstance(variables, dict):
                raise invalid({f"contacts[{index}].custom_variables": "must be an object"})
            wanted.append((item["contact_id"], variables))
    else:
        raise invalid({"contact_ids": "pass contact_ids or contacts"})

    counts = dict.fromkeys(
        (
            "enrolled",
            "skipped_blacklisted",
            "skipped_already_enrolled",
            "skipped_active_elsewhere",
            "skipped_not_found",
        ),
        0,
    )
    enrolled_here = state.enrollments.setdefault(sequence["id"], {})
    for contact_id, variables in wanted:
        contact = state.contacts.get(contact_id)
        if contact is None:
            counts["skipped_not_found"] += 1
        elif _is_dnc(contact):
            counts["skipped_blacklisted"] += 1
        elif contact_id in enrolled_here:
            counts["skipped_already_enrolled"] += 1
        elif any(
            contact_id in members
            for sid, members in state.enrollments.items()
            if sid != sequence["id"] and state.sequences.get(sid, {}).get("status") == "active"
        ):
            counts["skipped_active_elsewhere"] += 1
        else:
            enrolled_here[contact_id] = {
                "custom_variables": dict(variables),
                "enrolled_at": iso(state.clock()),
            }
            contact["global_status"] = "in_sequence"
            counts["enrolled"] += 1
    return 200, {"data": counts}


# --- endpoints: deals ----------------------------------------------------------------------------


def list_deal_pipelines(state: SandboxState, _call: Call) -> tuple[int, JSONDict]:
    return 200, {"data": copy.deepcopy(list(state.deal_pipelines.values()))}


def _deal(state: SandboxState, deal_id: str) -> JSONDict:
    deal = state.deals.get(deal_id)
    if deal is None:
        raise not_found("Deal")
    return deal


def list_deals(state: SandboxState, call: Call) -> tuple[int, JSONDict]:
    limit, offset = _paging(call.query)
    search = call.query.get("search")
    status = call.query.get("status")
    found = [
        d
        for d in state.deals.values()
        if (not status or d["status"] == status)
        and _words_match(search, f"{d['title']} {(d.get('company') or {}).get('name') or ''}")
    ]
    return 200, _page(found, limit, offset)


def get_deal(state: SandboxState, call: Call) -> tuple[int, JSONDict]:
    return 200, {"data": copy.deepcopy(_deal(state, call.params["id"]))}


def create_deal(state: SandboxState, call: Call) -> tuple[int, JSONDict]:
    body = call.body
    title = _required_str(body, "title").strip()
    company: JSONDict | None = None
    company_id = _str_field(body, "company_id")
    if company_id is not None:
        found = state.companies.get(company_id)
        if found is None:
            raise not_found("Company", "company_id")
        company = {"id": found["id"], "name": found["name"]}
    pipeline_id = _str_field(body, "pipeline_id")
    if pipeline_id is None:
        if not state.deal_pipelines:
            raise invalid({"pipeline_id": "is required (no default pipeline)"})
        pipeline = next(iter(state.deal_pipelines.values()))
    else:
        found_pipeline = state.deal_pipelines.get(pipeline_id)
        if found_pipeline is None:
            raise not_found("Deal pipeline", "pipeline_id")
        pipeline = found_pipeline
    amount = _number_field(body, "amount")
    currency = _str_field(body, "currency") or "EUR"
    if not re.fullmatch(r"[A-Z]{3}", currency):
        raise invalid({"currency": "must be a 3-letter ISO code like EUR"})
    expected = _date_field(body, "expected_close_date")
    stage = next(s for s in pipeline["stages"] if s["category"] == "open")
    now = iso(state.clock())
    deal: JSONDict = {
        "id": state.new_id("deal"),
        "title": title,
        "amount": amount,
        "currency": currency,
        "status": "open",
        "stage": {"id": stage["id"], "name": stage["name"]},
        "pipeline_id": pipeline["id"],
        "company": company,
        "expected_close_date": expected,
        "signed_amount": None,
        "actual_close_date": None,
        "contact_ids": [],
        "created_at": now,
        "updated_at": now,
    }
    state.deals[deal["id"]] = deal
    return 201, {"data": copy.deepcopy(deal)}


def add_deal_contact(state: SandboxState, call: Call) -> tuple[int, JSONDict]:
    deal = _deal(state, call.params["id"])
    contact = _contact(state, _required_str(call.body, "contact_id"), "contact_id")
    created = contact["id"] not in deal["contact_ids"]
    if created:
        deal["contact_ids"].append(contact["id"])
        deal["updated_at"] = iso(state.clock())
    return (201 if created else 200), {"data": {"deal_id": deal["id"], "contact_id": contact["id"]}}


def _pipeline_stage(state: SandboxState, deal: JSONDict, stage_id: str) -> JSONDict | None:
    pipeline = state.deal_pipelines.get(deal["pipeline_id"]) or {"stages": []}
    return next((s for s in pipeline["stages"] if s["id"] == stage_id), None)


def move_deal(state: SandboxState, call: Call) -> tuple[int, JSONDict]:
    deal = _deal(state, call.params["id"])
    stage_id = _required_str(call.body, "stage_id")
    stage = _pipeline_stage(state, deal, stage_id)
    if stage is None:
        raise invalid({"stage_id": "is not a stage of this deal's pipeline"})
    if deal["status"] != "open":
        raise invalid({"stage_id": f"the deal is closed ({deal['status']}); reopen it first"})
    if stage["category"] != "open":
        raise invalid({"stage_id": "use POST /deals/{id}/close to win or lose a deal"})
    deal["stage"] = {"id": stage["id"], "name": stage["name"]}
    deal["updated_at"] = iso(state.clock())
    return 200, {"data": copy.deepcopy(deal)}


def close_deal(state: SandboxState, call: Call) -> tuple[int, JSONDict]:
    deal = _deal(state, call.params["id"])
    body = call.body
    status = _required_str(body, "status")
    if status not in DEAL_CLOSE_STATUSES:
        raise invalid({"status": "must be won, lost or disqualified"})
    signed = _number_field(body, "signed_amount")
    closed_on = _date_field(body, "actual_close_date")
    return 200, {"data": copy.deepcopy(_close(state, deal, status, signed, closed_on))}


def _close(
    state: SandboxState,
    deal: JSONDict,
    status: str,
    signed: float | int | None,
    closed_on: str | None,
) -> JSONDict:
    if status not in DEAL_CLOSE_STATUSES:
        raise invalid({"status": "must be won, lost or disqualified"})
    if deal["status"] != "open":
        raise invalid(
            {"status": f"the deal is already closed ({deal['status']})"},
            "This deal is already closed.",
        )
    state._deal_open_stage[deal["id"]] = deal["stage"]["id"]
    pipeline = state.deal_pipelines.get(deal["pipeline_id"]) or {"stages": []}
    category = "won" if status == "won" else "lost"
    final = next((s for s in pipeline["stages"] if s["category"] == category), None)
    if final is not None:
        deal["stage"] = {"id": final["id"], "name": final["name"]}
    deal["status"] = status
    deal["signed_amount"] = signed
    deal["actual_close_date"] = (
        closed_on or datetime.fromtimestamp(state.clock(), UTC).date().isoformat()
    )
    deal["updated_at"] = iso(state.clock())
    return deal


def reopen_deal(state: SandboxState, call: Call) -> tuple[int, JSONDict]:
    deal = _deal(state, call.params["id"])
    if deal["status"] == "open":
        raise invalid({"status": "the deal is already open"}, "This deal is already open.")
    pipeline = state.deal_pipelines.get(deal["pipeline_id"]) or {"stages": []}
    previous = _pipeline_stage(state, deal, state._deal_open_stage.pop(deal["id"], ""))
    stage = previous or next((s for s in pipeline["stages"] if s["category"] == "open"), None)
    if stage is not None:
        deal["stage"] = {"id": stage["id"], "name": stage["name"]}
    deal["status"] = "open"
    deal["signed_amount"] = None
    deal["actual_close_date"] = None
    deal["updated_at"] = iso(state.clock())
    return 200, {"data": copy.deepcopy(deal)}


def list_companies(state: SandboxState, call: Call) -> tuple[int, JSONDict]:
    limit, offset = _paging(call.query)
    search = call.query.get("search")
    found = [
        c
        for c in state.companies.values()
        if _words_match(search, f"{c['name']} {c.get('domain') or ''}")
    ]
    return 200, _page(found, limit, offset)


# --- endpoints: projects -------------------------------------------------------------------------


def _project(state: SandboxState, project_id: str) -> JSONDict:
    project = state.projects.get(project_id)
    if project is None:
        raise not_found("Project")
    return project


def list_projects(state: SandboxState, call: Call) -> tuple[int, JSONDict]:
    limit, offset = _paging(call.query)
    status = call.query.get("status")
    found = [
        {k: p[k] for k in ("id", "name", "status", "client_name", "created_at")}
        for p in state.projects.values()
        if not status or p["status"] == status
    ]
    return 200, _page(found, limit, offset)


def get_project(state: SandboxState, call: Call) -> tuple[int, JSONDict]:
    project = copy.deepcopy(_project(state, call.params["id"]))
    for stage in project["pipeline"]["stages"]:
        stage["entries_count"] = sum(
            1 for e in state.entries.values() if e["stage_id"] == stage["id"]
        )
    return 200, {"data": project}


def add_entry(state: SandboxState, call: Call) -> tuple[int, JSONDict]:
    project = _project(state, call.params["id"])
    body = call.body
    contact = _contact(state, _required_str(body, "contact_id"), "contact_id")
    stage_id = _str_field(body, "stage_id")
    stage = _first_stage(project) if stage_id is None else _stage(project, stage_id)
    if stage is None:
        raise invalid({"stage_id": "is not a stage of this project's pipeline"})
    if _in_project(state, project["id"], contact["id"]):
        raise invalid(
            {"contact_id": "this contact is already in this project"},
            "The contact is already in this project.",
        )
    entry = _new_entry(state, project["id"], contact["id"], stage["id"])
    return 201, {"data": _entry_view(state, project, entry)}


def _entry_view(state: SandboxState, project: JSONDict, entry: JSONDict) -> JSONDict:
    """An entry as Leonar shows it: its stage `{id, name}` and the whole contact."""
    stage = _stage(project, entry["stage_id"]) or {"id": entry["stage_id"], "name": None}
    view = {k: entry[k] for k in ("id", "project_id", "rating", "notes", "rejection_reason_id")}
    return view | {
        "stage": {"id": stage["id"], "name": stage["name"]},
        "created_at": entry["created_at"],
        "updated_at": entry["updated_at"],
        "contact": copy.deepcopy(
            state.contacts.get(entry["contact_id"], {"id": entry["contact_id"]})
        ),
    }


def list_entries(state: SandboxState, call: Call) -> tuple[int, JSONDict]:
    """`GET /projects/{id}/entries`: the project's entries, oldest first, paged."""
    project = _project(state, call.params["id"])
    limit, offset = _paging(call.query)
    found = [
        _entry_view(state, project, e)
        for e in state.entries.values()
        if e["project_id"] == project["id"]
    ]
    return 200, _page(found, limit, offset)


# --- routing -------------------------------------------------------------------------------------

Endpoint = Callable[[SandboxState, Call], tuple[int, JSONDict]]

#: (method, path relative to /api/v1, scope the key needs, endpoint)
ROUTE_SCOPES: list[tuple[str, str, str, Endpoint]] = [
    ("GET", "/connected-accounts", "sourcing:read", list_accounts),
    ("GET", "/sourcing/linkedin/locations", "sourcing:read", list_locations),
    ("POST", "/sourcing/linkedin/search", "sourcing:read", sourcing_search),
    ("POST", "/sourcing/add-to-project", "projects:write", add_to_project),
    ("GET", "/contacts", "contacts:read", list_contacts),
    ("POST", "/contacts/search", "contacts:read", search_contacts),
    ("GET", "/contacts/{id}", "contacts:read", get_contact),
    ("POST", "/contacts/{id}/enrich", "enrichment:write", start_enrichment),
    ("GET", "/enrichment/{id}", "enrichment:read", get_enrichment),
    ("POST", "/contacts/{id}/tags", "tags:write", tag_contact),
    ("POST", "/contacts/{id}/notes", "contacts:write", add_note),
    ("GET", "/tags", "tags:read", list_tags),
    ("POST", "/tags", "tags:write", create_tag),
    ("POST", "/messages", "messages:write", send_message),
    ("GET", "/sequences", "sequences:read", list_sequences),
    ("POST", "/sequences/{id}/enroll", "sequences:write", enroll),
    ("GET", "/deal-pipelines", "deals:read", list_deal_pipelines),
    ("GET", "/deals", "deals:read", list_deals),
    ("POST", "/deals", "deals:write", create_deal),
    ("GET", "/deals/{id}", "deals:read", get_deal),
    ("POST", "/deals/{id}/contacts", "deals:write", add_deal_contact),
    ("PUT", "/deals/{id}/stage", "deals:write", move_deal),
    ("POST", "/deals/{id}/close", "deals:write", close_deal),
    ("POST", "/deals/{id}/reopen", "deals:write", reopen_deal),
    ("GET", "/companies", "companies:read", list_companies),
    ("GET", "/projects", "projects:read", list_projects),
    ("GET", "/projects/{id}", "projects:read", get_project),
    ("GET", "/projects/{id}/entries", "projects:read", list_entries),
    ("POST", "/projects/{id}/entries", "projects:write", add_entry),
]


def _compile(path: str) -> re.Pattern[str]:
    return re.compile("^" + re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", path) + "/?$")


_COMPILED: list[tuple[str, re.Pattern[str], str, Endpoint]] = [
    (method, _compile(path), scope, endpoint) for method, path, scope, endpoint in ROUTE_SCOPES
]


def _resolve(method: str, endpoint_path: str) -> tuple[str, Endpoint, dict[str, str]]:
    path_known = False
    for route_method, pattern, scope, endpoint in _COMPILED:
        match = pattern.match(endpoint_path)
        if match is None:
            continue
        path_known = True
        if route_method == method:
            return scope, endpoint, match.groupdict()
    if path_known:
        raise ApiError(405, "method_not_allowed", f"{method} is not allowed on this endpoint.")
    raise ApiError(404, "not_found", "No such endpoint.")


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def _error_response(error: ApiError, headers: dict[str, str]) -> Response:
    body: JSONDict = {"code": error.code, "message": error.message}
    if error.details:
        body["details"] = error.details
    return JSONResponse({"error": body}, status_code=error.status, headers=headers)


def create_leonar_sandbox(state: SandboxState | None = None) -> Starlette:
    """The Starlette app serving the fake Leonar API on `/api/v1/...` (demo data by default)."""
    sandbox = state if state is not None else SandboxState.demo()

    async def handle(request: Request) -> Response:
        raw = await request.body()
        parsed: Any = None
        body_error: ApiError | None = None
        if raw.strip():
            try:
                parsed = json.loads(raw)
            except ValueError:
                body_error = invalid({"body": "is not valid JSON"})
        if body_error is None and parsed is not None and not isinstance(parsed, dict):
            body_error = invalid({"body": "must be a JSON object"})
        key = _bearer(request)
        sandbox.requests.append(
            RecordedRequest(
                method=request.method,
                path=request.url.path,
                query=dict(request.query_params),
                json=parsed,
                key=key,
            )
        )
        if sandbox.latency > 0:
            await asyncio.sleep(sandbox.latency)
        sandbox.request_seq += 1
        sandbox.auto_move()
        limit, remaining, reset, over = sandbox.consume(key or "")
        headers = {
            "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Remaining": str(remaining),
            "X-RateLimit-Reset": str(reset),
            "X-Request-Id": f"req_{sandbox.request_seq:08d}",
        }
        try:
            if key is None or key not in sandbox.keys:
                raise ApiError(401, "invalid_api_key", "The API key is missing or invalid.")
            forced = sandbox.force_429 > 0 and (
                sandbox.force_429_on is None or sandbox.force_429_on in request.url.path
            )
            if forced or over:
                if forced:
                    sandbox.force_429 -= 1
                    # a forced 429 is a short throttle: its window resets soon
                    headers["X-RateLimit-Reset"] = str(math.ceil(sandbox.clock() + sandbox.force_429_reset))
                headers["X-RateLimit-Remaining"] = "0"
                raise ApiError(
                    429,
                    "rate_limit_exceeded",
                    "Rate limit exceeded; retry after X-RateLimit-Reset.",
                )
            path = request.url.path
            if not (path == API_PREFIX or path.startswith(API_PREFIX + "/")):
                raise ApiError(404, "not_found", "No such endpoint.")
            scope, endpoint, params = _resolve(request.method, path[len(API_PREFIX) :])
            if scope not in sandbox.keys[key]:
                raise ApiError(
                    403,
                    "insufficient_scope",
                    f"This API key lacks the {scope} scope.",
                    {"required_scope": scope},
                )
            if sandbox.error_rate > 0 and sandbox.rng.random() < sandbox.error_rate:
                raise ApiError(500, "internal_error", "An internal error occurred.")
            if body_error is not None:
                raise body_error
            status, payload = endpoint(
                sandbox, Call(params=params, query=dict(request.query_params), body=parsed or {})
            )
        except ApiError as error:
            return _error_response(error, headers)
        return JSONResponse(payload, status_code=status, headers=headers)

    methods = ["GET", "POST", "PUT", "PATCH", "DELETE"]
    app = Starlette(routes=[Route("/{path:path}", handle, methods=methods)])
    app.state.sandbox = sandbox
    return app


def run_sandbox(port: int, api_key: str | None, *, host: str = "127.0.0.1") -> None:
    """Serve the sandbox with demo data until interrupted; accepts only `api_key` (or `leo_sandbox`).

    Prints one line with the base URL and the key. A key other than the default one may be a real
    key taken from the environment, so it is shown masked.
    """
    import uvicorn

    key = api_key or DEFAULT_KEY
    state = SandboxState.demo()
    state.keys = {key: ALL_SCOPES}
    if key == DEFAULT_KEY:
        shown = key
    elif len(key) > 12:
        shown = f"{key[:4]}…{key[-4:]} (from LEONAR_API_KEY)"
    else:
        shown = "the key in LEONAR_API_KEY"
    print(f"Leonar sandbox on http://{host}:{port}{API_PREFIX}  API key: {shown}", flush=True)  # noqa: T201
    uvicorn.run(create_leonar_sandbox(state), host=host, port=port, log_level="warning")
