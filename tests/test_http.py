"""bot/http.py: httpx over one aiohttp pool. Answers, connection reuse, and errors mapped to the
httpx exceptions with the same retry meaning (a write is never repeated once it may have left)."""

from __future__ import annotations

import asyncio
import gzip
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import httpx
import pytest

from bot.http import open_http
from bot.leonar.budget import RateBudgets
from bot.leonar.client import LeonarClient
from bot.leonar.errors import APIConnectionError
from bot.leonar.retry import nothing_was_sent

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


class Server:
    """A raw HTTP/1.1 server on loopback: counts connections and requests."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.connections = 0
        self.requests: list[bytes] = []
        self.port = 0

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            await self.handler(reader, writer)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    async def read_request(self, reader: asyncio.StreamReader) -> tuple[bytes, bytes]:
        head = await reader.readuntil(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":", 1)[1])
        body = await reader.readexactly(length) if length else b""
        self.requests.append(head + body)
        return head, body

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@asynccontextmanager
async def serving(make: Callable[[Server], Handler]) -> AsyncIterator[Server]:
    server = Server(lambda r, w: asyncio.sleep(0))
    server.handler = make(server)
    listener = await asyncio.start_server(server.serve, "127.0.0.1", 0)
    server.port = listener.sockets[0].getsockname()[1]
    try:
        yield server
    finally:
        listener.close()


def response(status: int, body: bytes, *headers: str) -> bytes:
    lines = [f"HTTP/1.1 {status} OK", f"Content-Length: {len(body)}", *headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def json_answers(server: Server) -> Handler:
    """Keep-alive: answer every request on the connection with its own method and body."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while True:
            head, body = await server.read_request(reader)
            method = head.split(b" ", 1)[0].decode()
            payload = json.dumps({"method": method, "got": body.decode()}).encode()
            zipped = gzip.compress(payload)
            writer.write(
                response(200, zipped, "Content-Type: application/json", "Content-Encoding: gzip")
            )
            await writer.drain()

    return handle


async def test_answers_are_decoded_and_one_connection_is_reused() -> None:
    async with serving(json_answers) as server, open_http() as (http, _session):
        for i in range(20):
            r = await http.post(
                f"{server.url}/x", json={"n": i}, headers={"Authorization": "Bearer k"}
            )
            assert r.status_code == 200
            assert r.json()["method"] == "POST" and json.loads(r.json()["got"]) == {"n": i}
        r = await http.get(f"{server.url}/y", params={"q": "a b"})
        assert r.json()["method"] == "GET"
    assert server.connections == 1
    assert b"authorization: bearer k" in server.requests[0].lower()
    assert b"GET /y?q=a+b " in server.requests[-1] or b"GET /y?q=a%20b " in server.requests[-1]


async def test_refused_connection_is_a_connect_error_nothing_sent() -> None:
    async with serving(json_answers) as server:
        url = server.url
    async with open_http() as (http, _session):
        with pytest.raises(httpx.ConnectError) as caught:
            await http.post(f"{url}/x", json={})
    assert nothing_was_sent(caught.value)


def hang_up_after_request(server: Server) -> Handler:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await server.read_request(reader)  # the request arrived: it may have been applied

    return handle


async def test_a_hang_up_after_the_request_may_have_applied() -> None:
    async with serving(hang_up_after_request) as server, open_http() as (http, _session):
        with pytest.raises(httpx.TransportError) as caught:
            await http.post(f"{server.url}/x", json={})
    assert isinstance(caught.value, httpx.RemoteProtocolError | httpx.ReadError)
    assert not nothing_was_sent(caught.value)


def never_answer(server: Server) -> Handler:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await server.read_request(reader)
        await asyncio.sleep(5)

    return handle


async def test_no_answer_in_time_is_a_read_timeout() -> None:
    timeout = httpx.Timeout(0.3, connect=1.0)
    async with serving(never_answer) as server, open_http(timeout=timeout) as (http, _session):
        with pytest.raises(httpx.ReadTimeout) as caught:
            await http.get(f"{server.url}/x")
    assert not nothing_was_sent(caught.value)


async def test_leonar_write_is_not_repeated_after_a_hang_up() -> None:
    async with serving(hang_up_after_request) as server, open_http() as (http, _session):
        client = LeonarClient(
            http, base_url=f"{server.url}/api/v1", api_key="leo_test", budgets=RateBudgets()
        )
        with pytest.raises(APIConnectionError):
            await client.tags.create(name="x", color="#000000")
    assert len(server.requests) == 1


def sets_a_cookie(server: Server) -> Handler:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while True:
            await server.read_request(reader)
            writer.write(response(200, b"{}", "Set-Cookie: session=alice-secret; Path=/"))
            await writer.drain()

    return handle


async def test_a_cookie_given_to_one_request_never_rides_on_another() -> None:
    # one pool serves every person's key: nothing they are given may be replayed for others
    async with serving(sets_a_cookie) as server, open_http() as (http, session):
        await http.get(f"{server.url}/a", headers={"Authorization": "Bearer alice"})
        await http.get(f"{server.url}/b", headers={"Authorization": "Bearer bob"})
        # as slack_sdk uses the session (a host name: aiohttp keeps no cookie of an IP address)
        named = f"http://localhost:{server.port}"
        async with session.get(f"{named}/c") as r:
            await r.read()
        async with session.get(f"{named}/d") as r:
            await r.read()
    assert len(server.requests) == 4
    assert not any(b"alice-secret" in request for request in server.requests)
