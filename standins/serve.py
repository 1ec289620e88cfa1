"""Serve any ASGI app on a free loopback port for the length of an ``async with`` block.

    async with serve_asgi(app) as base_url:   # "http://127.0.0.1:54321"
        ...

The socket is bound before uvicorn starts (no port race), startup failures raise instead of
exiting the process, signal handling is left to the host process, and shutdown is graceful
with a bounded wait.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator, Generator
from typing import Any, Literal

import uvicorn


class _EmbeddedServer(uvicorn.Server):
    """uvicorn.Server that leaves signal handlers alone (the test runner or CLI owns them)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield


async def _run(server: uvicorn.Server, sock: socket.socket) -> None:
    try:
        await server.serve(sockets=[sock])
    except SystemExit as e:  # uvicorn exits the process on startup failure; report it instead
        raise RuntimeError(f"ASGI server failed to start (exit code {e.code})") from e


@contextlib.asynccontextmanager
async def serve_asgi(
    app: Any,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    lifespan: Literal["auto", "on", "off"] = "auto",
    startup_timeout: float = 10.0,
    shutdown_timeout: float = 5.0,
    log_level: str = "warning",
) -> AsyncIterator[str]:
    """Run ``app`` under uvicorn on ``host:port`` (0 = a free port); yields ``http://host:port``."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(128)
        sock.setblocking(False)
        bound_port = sock.getsockname()[1]
        config = uvicorn.Config(
            app,
            log_level=log_level,
            lifespan=lifespan,
            access_log=False,
            timeout_graceful_shutdown=int(shutdown_timeout),
        )
        server = _EmbeddedServer(config)
        task = asyncio.create_task(_run(server, sock), name=f"uvicorn:{bound_port}")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + startup_timeout
        while not server.started:
            if task.done():
                task.result()  # raises the startup error
                raise RuntimeError("ASGI server stopped before it started")
            if loop.time() > deadline:
                server.should_exit = True
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, RuntimeError):
                    await task
                raise TimeoutError(f"ASGI server did not start within {startup_timeout}s")
            await asyncio.sleep(0.01)
        try:
            yield f"http://{host}:{bound_port}"
        finally:
            server.should_exit = True
            try:
                await asyncio.wait_for(asyncio.shield(task), timeout=shutdown_timeout + 1)
            except TimeoutError:
                server.force_exit = True
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
    finally:
        sock.close()
