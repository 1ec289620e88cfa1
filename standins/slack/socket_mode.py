"""The fake Slack's Socket Mode: ``apps.connections.open`` hands out a one-use WebSocket URL
(``ws://<fake host>/socket/<id>``); the connection gets ``{"type": "hello", ...}`` and then the
envelopes Slack would POST in HTTP mode, and the app answers each with an ack
``{"envelope_id": ..., "payload": {...}?}`` on the same socket.

Shapes as Slack sends them (and slack_sdk's ``SocketModeRequest``/``SocketModeResponse`` read
and write them): ``{"envelope_id", "type": "slash_commands" | "interactive" | "events_api",
"payload", "accepts_response_payload", "retry_attempt", "retry_reason"}``.
"""

from __future__ import annotations

import asyncio
import copy
import itertools
import json
import time
import uuid
from dataclasses import dataclass, field
from typing import Literal

from starlette.websockets import WebSocket, WebSocketDisconnect

from standins.slack.blockkit import Json

EnvelopeType = Literal["slash_commands", "interactive", "events_api"]
#: interactive payloads whose ack may carry an answer (options, view_submission responses)
ANSWERABLE_INTERACTIONS = frozenset({"block_suggestion", "view_submission"})


@dataclass
class SocketAck:
    """One ack the app sent: its envelope, the payload it carried (if any), when it came."""

    envelope_id: str
    payload: Json | None
    seconds: float  # from delivery to ack


@dataclass
class Envelope:
    envelope_id: str
    type: EnvelopeType
    payload: Json
    accepts_response_payload: bool
    retry_attempt: int = 0
    retry_reason: str = ""
    sent_at: float = 0.0
    acked: asyncio.Future[SocketAck] | None = None

    def to_api(self) -> Json:
        body: Json = {
            "envelope_id": self.envelope_id,
            "payload": copy.deepcopy(self.payload),
            "type": self.type,
            "accepts_response_payload": self.accepts_response_payload,
        }
        if self.type == "events_api":
            body["retry_attempt"] = self.retry_attempt
            body["retry_reason"] = self.retry_reason
        return body


@dataclass
class _Connection:
    id: str
    outbox: asyncio.Queue[Json] = field(default_factory=asyncio.Queue)
    opened: bool = False
    closed: bool = False


class SocketModeHub:
    """Connections opened through ``apps.connections.open`` and the envelopes sent on them."""

    def __init__(self, *, app_id: str) -> None:
        self.app_id = app_id
        #: every ack received, in order
        self.acks: list[SocketAck] = []
        #: messages from the app that are not acks (malformed or unknown envelope ids)
        self.unexpected: list[str] = []
        self._urls: dict[str, _Connection] = {}
        self._pending: dict[str, Envelope] = {}
        self._live: list[_Connection] = []
        self._changed = asyncio.Event()
        self._ids = itertools.count(1)

    # ------------------------------------------------------------------ apps.connections.open

    def open_url(self, base_url: str) -> str:
        """A new one-use WebSocket URL (what ``apps.connections.open`` answers)."""
        conn_id = f"{next(self._ids)}-{uuid.uuid4().hex[:12]}"
        self._urls[conn_id] = _Connection(conn_id)
        scheme, _, rest = base_url.partition("://")
        ws_scheme = "wss" if scheme == "https" else "ws"
        return f"{ws_scheme}://{rest.rstrip('/')}/socket/{conn_id}"

    # ------------------------------------------------------------------ the WebSocket

    async def serve(self, websocket: WebSocket) -> None:
        conn = self._urls.get(websocket.path_params["conn_id"])
        if conn is None or conn.opened:
            await websocket.close(code=1008)  # unknown or already used URL
            return
        conn.opened = True
        await websocket.accept()
        await websocket.send_json(
            {
                "type": "hello",
                "num_connections": len(self._live) + 1,
                "debug_info": {
                    "host": "applink-fake",
                    "build_number": 1,
                    "approximate_connection_time": 18060,
                },
                "connection_info": {"app_id": self.app_id},
            }
        )
        self._live.append(conn)
        self._notify()
        sender = asyncio.create_task(self._send_loop(websocket, conn))
        try:
            while True:
                self._receive(await websocket.receive_text())
        except WebSocketDisconnect:
            pass
        finally:
            conn.closed = True
            self._live.remove(conn)
            sender.cancel()
            self._notify()

    async def _send_loop(self, websocket: WebSocket, conn: _Connection) -> None:
        while True:
            message = await conn.outbox.get()
            await websocket.send_text(json.dumps(message))

    def _receive(self, raw: str) -> None:
        try:
            message = json.loads(raw)
        except json.JSONDecodeError:
            self.unexpected.append(raw)
            return
        envelope_id = message.get("envelope_id") if isinstance(message, dict) else None
        envelope = self._pending.pop(str(envelope_id), None) if envelope_id else None
        if envelope is None:
            self.unexpected.append(raw)
            return
        payload = message.get("payload")
        ack = SocketAck(
            envelope.envelope_id,
            payload if isinstance(payload, dict) else None,
            time.monotonic() - envelope.sent_at,
        )
        self.acks.append(ack)
        if envelope.acked is not None and not envelope.acked.done():
            envelope.acked.set_result(ack)

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    # ------------------------------------------------------------------ driver-facing

    @property
    def connected(self) -> int:
        """How many app connections are open now."""
        return len(self._live)

    async def wait_connected(self, timeout: float = 30.0) -> None:
        """Until the app holds an open connection."""
        async with asyncio.timeout(timeout):
            while not self._live:
                await self._changed.wait()

    async def wait_disconnected(self, timeout: float = 30.0) -> None:
        """Until the app holds no open connection."""
        async with asyncio.timeout(timeout):
            while self._live:
                await self._changed.wait()

    def deliver(
        self,
        kind: EnvelopeType,
        payload: Json,
        *,
        retry_attempt: int = 0,
        retry_reason: str = "",
    ) -> asyncio.Future[SocketAck]:
        """Send one envelope on the newest open connection; the future resolves with its ack."""
        if not self._live:
            raise RuntimeError("no Socket Mode connection is open")
        if kind == "slash_commands":
            answerable = True
        elif kind == "interactive":
            answerable = payload.get("type") in ANSWERABLE_INTERACTIONS
        else:
            answerable = False
        envelope = Envelope(
            envelope_id=str(uuid.uuid4()),
            type=kind,
            payload=payload,
            accepts_response_payload=answerable,
            retry_attempt=retry_attempt,
            retry_reason=retry_reason,
            sent_at=time.monotonic(),
            acked=asyncio.get_running_loop().create_future(),
        )
        self._pending[envelope.envelope_id] = envelope
        self._live[-1].outbox.put_nowait(envelope.to_api())
        assert envelope.acked is not None
        return envelope.acked
