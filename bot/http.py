"""The process's HTTP plumbing: ONE aiohttp session (connection pool) under ONE httpx client.

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


class AiohttpTransport(httpx.AsyncBaseTransport):
    """An httpx transport that sends through an aiohttp ``ClientSession`` it does not own.

    Bodies are read whole before returning (Leonar and response URLs answer small JSON), so the
    connection is back in the pool as soon as ``handle_async_request`` returns."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self.session = session

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        timeout = request.extensions.get("timeout", {})
        content = await request.aread()
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in request.headers.raw]
        with map_errors(request):
            async with self.session.request(
                request.method,
                str(request.url),
                headers=headers,
                data=content or None,
                allow_redirects=False,  # httpx follows redirects itself when asked to
                auto_decompress=False,  # httpx decodes Content-Encoding itself
                timeout=aiohttp.ClientTimeout(
                    total=None,
                    # a free connection from the pool, then the TCP connect
                    connect=_sum(timeout.get("pool"), timeout.get("connect")),
                    sock_connect=timeout.get("connect"),
                    sock_read=timeout.get("read"),
                ),
            ) as response:
                body = await response.read()
                raw_headers = list(response.raw_headers)
                reason = response.reason
        extensions: dict[str, object] = {"http_version": b"HTTP/1.1"}
        if reason:
            extensions["reason_phrase"] = reason.encode("latin-1", "replace")
        return httpx.Response(
            status_code=response.status,
            headers=raw_headers,
            stream=httpx.ByteStream(body),
            request=request,
            extensions=extensions,
        )

    async def aclose(self) -> None:
        """The session belongs to whoever opened it (``open_http``)."""


def _sum(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a + b


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
