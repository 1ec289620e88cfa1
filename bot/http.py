"""The process's HTTP plumbing: ONE aiohttp session (connection pool) under ONE httpx client,
through the maintained ``httpx-aiohttp`` transport.

The Leonar client and the response-URL posts speak httpx; slack_sdk's Web API clients speak
aiohttp. Both go through the same aiohttp ``ClientSession`` here, so the process has one pool.

Why not httpx's own pool: httpcore walks every pooled connection on each request and on each
release (``_assign_requests_to_connections``), and closes an idle connection whenever the pool
holds more connections *in all* than the keep-alive limit. With Leonar answering in seconds the
pool holds ~100 connections under load: the walk cost 14 % of the bot's CPU and nearly every
call opened a new TCP connection (docs/performance.md). aiohttp's connector keeps idle
connections per host in a list and hands one out in O(1).

Errors are mapped to httpx's exceptions *by what they mean for a retry* (bot/leonar/retry.py):
``ConnectError``/``ConnectTimeout`` (a free connection or the TCP connect not in time) only
when the request surely never left
(safe to repeat even for a write); anything after that is a ``ReadTimeout``,
``RemoteProtocolError`` or ``ReadError`` (a write may have been applied: never repeated).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from http.cookiejar import DefaultCookiePolicy

import aiohttp
import httpx
import httpx_aiohttp

__all__ = ["AiohttpTransport", "open_http", "map_errors", "DEFAULT_TIMEOUT", "DEFAULT_LIMITS"]

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
#: connections kept per process (Leonar and Slack together); idle ones live 30 s
DEFAULT_LIMITS = httpx.Limits(max_connections=300, keepalive_expiry=30.0)


@contextlib.contextmanager
def map_errors(request: httpx.Request) -> Iterator[None]:
    """aiohttp's exceptions as the httpx exceptions with the same retry meaning."""
    try:
        yield
    except aiohttp.ConnectionTimeoutError as exc:
        # waiting for a free connection or for the TCP connect: nothing was sent
        raise httpx.ConnectTimeout(str(exc) or "connect timeout", request=request) from exc
    except aiohttp.SocketTimeoutError as exc:
        raise httpx.ReadTimeout(str(exc) or "read timeout", request=request) from exc
    except aiohttp.ClientConnectorError as exc:
        # DNS, refused, unreachable, TLS handshake: the request never left
        raise httpx.ConnectError(str(exc), request=request) from exc
    except aiohttp.ServerDisconnectedError as exc:
        raise httpx.RemoteProtocolError(str(exc) or "server disconnected", request=request) from exc
    except aiohttp.InvalidURL as exc:
        raise httpx.UnsupportedProtocol(str(exc), request=request) from exc
    except (aiohttp.ClientConnectionError, aiohttp.ClientPayloadError) as exc:
        raise httpx.ReadError(str(exc) or type(exc).__name__, request=request) from exc
    except aiohttp.ClientError as exc:
        raise httpx.RemoteProtocolError(str(exc) or type(exc).__name__, request=request) from exc


class AiohttpTransport(httpx_aiohttp.AiohttpTransport):
    """httpx-aiohttp's transport on an aiohttp ``ClientSession`` it does not own, with errors
    mapped by their retry meaning (``map_errors``: httpx-aiohttp maps every
    ``ClientConnectionError``, a hang-up after the request was sent included, to
    ``ConnectTimeout``, which would let a write be repeated).

    Bodies are read whole before returning (Leonar and response URLs answer small JSON), so the
    connection is back in the pool as soon as ``handle_async_request`` returns, and an error
    while reading is mapped here too."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        super().__init__(client=session)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            response = await super().handle_async_request(request)
            await response.aread()
        except httpx.TransportError as exc:
            cause = exc.__cause__
            if isinstance(cause, aiohttp.ClientError):
                with map_errors(request):
                    raise cause from None
            raise
        return response

    async def aclose(self) -> None:
        """The session belongs to whoever opened it (``open_http``)."""


@asynccontextmanager
async def open_http(
    *, timeout: httpx.Timeout = DEFAULT_TIMEOUT, limits: httpx.Limits = DEFAULT_LIMITS
) -> AsyncIterator[tuple[httpx.AsyncClient, aiohttp.ClientSession]]:
    """The process's one aiohttp session and the one httpx client on top of it, closed on exit."""
    connector = aiohttp.TCPConnector(
        limit=limits.max_connections or 0,
        keepalive_timeout=limits.keepalive_expiry or 15.0,
        ttl_dns_cache=300,
    )
    # no cookie jar: one pool serves every person's key and every workspace's token, and a
    # cookie one of them was given must never ride along on another's request
    session = aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.DummyCookieJar())
    http = httpx.AsyncClient(transport=AiohttpTransport(session), timeout=timeout)
    http.cookies.jar.set_policy(DefaultCookiePolicy(allowed_domains=[]))  # httpx keeps them
    try:
        yield http, session
    finally:
        await http.aclose()
        await session.close()
