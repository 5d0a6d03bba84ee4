"""`EmbeddedStore`: a store served by uvicorn on a background thread, on 127.0.0.1 and a
free port. The desktop app embeds the demo store with it; tests and the load bench use it
to talk to a really running server over HTTP.

Threads: `start()` and `stop()` are called from the owning thread. The server thread
(``satchel-store``) runs uvicorn's event loop; requests run on that loop's worker threads
(anyio's). `stop()` asks uvicorn to exit, in-flight requests get `GRACEFUL_SHUTDOWN` seconds,
the app's lifespan disposes the database, and the server thread ends only after the loop's
worker threads ended too. So when `stop()` returns, no thread of the store is left; if one is
stuck (a request handler that does not return), `stop()` raises `StoreStopError` instead of
pretending, and leaves the database open for that handler.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from types import TracebackType

import httpx
import uvicorn
from fastapi import FastAPI

from store.app import api_app, build_context
from store.config import StoreSettings
from store.context import StoreContext

GRACEFUL_SHUTDOWN = 10  # seconds in-flight requests get to finish when stopping
STOP_TIMEOUT = 30.0


class StoreStartError(RuntimeError):
    """The embedded store did not come up."""


class StoreStopError(RuntimeError):
    """The embedded store's thread did not end (a request handler is stuck)."""


def _worker_threads(loop: asyncio.AbstractEventLoop) -> list[threading.Thread]:
    """The threads that ran blocking request handlers for ``loop`` (anyio's worker threads
    remember the loop they serve)."""
    return [t for t in threading.enumerate() if getattr(t, "loop", None) is loop]


class EmbeddedStore:
    def __init__(
        self,
        settings: StoreSettings,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        stripe_http: httpx.Client | None = None,
        demo: bool | None = None,
        app: FastAPI | None = None,
    ) -> None:
        self.settings = settings
        self.host = host
        self.port = port
        self._stripe_http = stripe_http
        self._demo = settings.demo if demo is None else demo
        self._app = app
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None
        self.ctx: StoreContext | None = None

    @property
    def url(self) -> str:
        """Base URL, e.g. `http://127.0.0.1:54321` (valid after `start()`)."""
        return f"http://{self.host}:{self.port}"

    def start(self, timeout: float = 30.0) -> EmbeddedStore:
        if self._thread is not None:
            raise StoreStartError("the store is already running")
        if self._app is None:
            self.ctx = build_context(self.settings, stripe_http=self._stripe_http)
            if self._demo:
                from store.seed import seed_demo

                seed_demo(self.ctx)
            self._app = api_app(self.ctx)
        # proto=IPPROTO_TCP matters: asyncio only sets TCP_NODELAY on sockets that say TCP,
        # and without it Nagle + delayed ACK add ~40 ms to every response.
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        sock.listen(2048)
        self._socket = sock
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(
            self._app,
            log_level="warning",
            access_log=False,
            lifespan="on",
            timeout_graceful_shutdown=GRACEFUL_SHUTDOWN,
            loop="asyncio",
            http="h11",
            ws="none",
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._serve, args=(self._server, sock), name="satchel-store", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise StoreStartError(f"the store did not start on {self.url}")
            time.sleep(0.01)
        return self

    @staticmethod
    def _serve(server: uvicorn.Server, sock: socket.socket) -> None:
        """The server thread: `uvicorn.Server.run` on a loop we keep hold of, then wait for
        that loop's worker threads (told to stop when the loop's main task ended), so that
        this thread outlives every thread that served the store."""
        loops: list[asyncio.AbstractEventLoop] = []
        factory = server.config.get_loop_factory() or asyncio.new_event_loop

        def new_loop() -> asyncio.AbstractEventLoop:
            loops.append(factory())
            return loops[-1]

        try:
            with asyncio.Runner(loop_factory=new_loop) as runner:
                runner.run(server.serve(sockets=[sock]))
        finally:
            # Closing the runner waited for running handlers; the workers are idle and only
            # have to notice they were told to stop.
            for loop in loops:
                for worker in _worker_threads(loop):
                    worker.join(GRACEFUL_SHUTDOWN)

    def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        """Stop serving and wait until every thread of the store has ended, then release the
        port and the database. Raises `StoreStopError` if the server is still running after
        ``timeout`` seconds; calling `stop()` again waits again."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                raise StoreStopError(
                    f"the store on {self.url} did not stop within {timeout:g} seconds: a "
                    "request is still running"
                )
        if self._socket is not None:
            self._socket.close()
        if self.ctx is not None:
            self.ctx.close()  # also done by the app's lifespan; closing twice is harmless
        self._thread = None
        self._server = None
        self._socket = None

    def __enter__(self) -> EmbeddedStore:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
