"""What every resource shares: the ``{"data": ...}`` envelope, parsing into models, pages and
paging through them, and :class:`Resource`, the base with one call per HTTP verb."""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from typing import Any, Protocol, TypeVar
from urllib.parse import quote

import pydantic

from bot.leonar.errors import APIResponseValidationError
from bot.leonar.models import Page, PageMeta

M = TypeVar("M", bound=pydantic.BaseModel)
T = TypeVar("T")
#: the query of a call (None values are left out by the client)
Params = Mapping[str, Any] | None


class Requester(Protocol):
    """What a resource needs of the client: one authenticated call, answering the JSON body.
    (``LeonarClient`` is one; resources never import the client module.)"""

    async def request(
        self, method: str, path: str, *, params: Params = None, json: Any = None
    ) -> Any: ...


def seg(value: str) -> str:
    """An id as one safe path segment."""
    return quote(str(value), safe="")


def compact(**fields: Any) -> dict[str, Any]:
    """A body without the fields left as None."""
    return {k: v for k, v in fields.items() if v is not None}


def iso_date(value: str | dt.date | None) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else value


def unwrap(body: Any) -> Any:
    if not isinstance(body, dict) or "data" not in body:
        raise APIResponseValidationError('Leonar answered without the {"data": ...} envelope.')
    return body["data"]


def parse(model: type[M], value: Any) -> M:
    try:
        return model.model_validate(value)
    except pydantic.ValidationError as exc:
        raise APIResponseValidationError(
            f"Leonar answered a {model.__name__} this client cannot read: "
            f"{exc.error_count()} problem(s), first at {exc.errors()[0]['loc']}."
        ) from exc


def parse_list(model: type[M], value: Any) -> builtins.list[M]:
    if isinstance(value, dict):
        # tolerate {"data": {"items": [...]}}-style nesting
        for key in ("items", "results", model.__name__.lower() + "s"):
            if isinstance(value.get(key), list):
                value = value[key]
                break
    if not isinstance(value, list):
        raise APIResponseValidationError(f"Leonar answered no list of {model.__name__}.")
    return [parse(model, item) for item in value]


def page_of(model: type[M], body: Any, *, limit: int, offset: int) -> Page[M]:
    items = parse_list(model, unwrap(body))
    raw_meta = body.get("meta") if isinstance(body, dict) else None
    if isinstance(raw_meta, dict):
        meta = parse(PageMeta, raw_meta)
    else:
        meta = PageMeta(total=None, limit=limit, offset=offset, has_more=False)
    return Page(data=items, meta=meta)


async def every(
    fetch: Callable[[int, int], Awaitable[Page[T]]], page_size: int
) -> AsyncIterator[T]:
    """Every item of an offset list endpoint, page after page (follows ``meta.has_more``);
    ``fetch(limit, offset)`` reads one page."""
    offset = 0
    while True:
        page = await fetch(page_size, offset)
        for item in page.data:
            yield item
        if not page.meta.has_more or not page.data:
            return
        offset += len(page.data)


def with_ids(data: Any, **ids: str) -> Any:
    """An answer's object with the ids the call already knows filled in where missing."""
    return {**ids, **data} if isinstance(data, dict) else data


class Resource:
    """One API group on a :class:`Requester`: ``_get``/``_post``/``_put`` answer the JSON
    body; ``_one``/``_many``/``_page`` answer it parsed."""

    def __init__(self, client: Requester) -> None:
        self._client = client

    async def _get(self, path: str, *, params: Params = None) -> Any:
        return await self._client.request("GET", path, params=params)

    async def _post(self, path: str, *, json: Any = None) -> Any:
        return await self._client.request("POST", path, json=json)

    async def _put(self, path: str, *, json: Any = None) -> Any:
        return await self._client.request("PUT", path, json=json)

    async def _one(
        self, model: type[M], path: str, *, method: str = "GET", json: Any = None, **ids: str
    ) -> M:
        """One object from ``method path`` (with the body ``json``); ``ids`` fill in the ids
        the answer may leave out."""
        body = await self._client.request(method, path, json=json)
        return parse(model, with_ids(unwrap(body), **ids))

    async def _many(self, model: type[M], path: str, **params: Any) -> builtins.list[M]:
        """A whole list (no paging): ``GET path?params``."""
        return parse_list(model, unwrap(await self._get(path, params=params or None)))

    async def _page(
        self, model: type[M], path: str, *, limit: int, offset: int, **params: Any
    ) -> Page[M]:
        """One page of an offset list: ``GET path?params&limit=&offset=``."""
        body = await self._get(path, params={**params, "limit": limit, "offset": offset})
        return page_of(model, body, limit=limit, offset=offset)


async def in_chunks(
    items: Sequence[T],
    size: int,
    send: Callable[[Sequence[T]], Awaitable[M]],
    add: Callable[[M, M], M],
) -> M | None:
    """Send ``items`` ``size`` at a time (a documented per-call maximum) and sum the answers
    with ``add``; None when there was nothing to send."""
    total: M | None = None
    for start in range(0, len(items), size):
        part = await send(items[start : start + size])
        total = part if total is None else add(total, part)
    return total
