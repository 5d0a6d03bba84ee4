"""A loopback TCP proxy between the client and a real store that injects network faults.

Every request is forwarded on a fresh upstream connection with ``Connection: close``, so the
proxy never has to parse a response to find its end: it streams upstream bytes to the client
until the store closes. Rules (first match, limited number of uses) decide per request:

- ``forward``          pass through unchanged;
- ``drop_before``      close the client connection; the store never sees the request;
- ``drop_after``       forward, let the store answer completely (it has committed), then close
                       the client connection without a byte: "server killed between request
                       and ack" as the client experiences it;
- ``duplicate``        send the request to the store twice and give the client the *second*
                       answer (a duplicated request / replayed response);
- ``stall``            forward, then hold the answer for ``seconds`` (client read timeout);
- ``cut``              forward, but close after ``n`` bytes of the response body;
- ``corrupt``          forward, flipping one byte at body offset ``n``;
- ``call``             forward the request, then run ``hook`` (e.g. kill the store) before
                       relaying anything.

`offline = True` makes the proxy reset every new connection (the network is down).
Threads: an accept thread plus one thread per connection; `close()` stops them all.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

Matcher = Callable[[str, str], bool]


@dataclass
class Rule:
    match: Matcher
    action: str
    times: int = 1
    n: int = 0
    seconds: float = 0.0
    hook: Callable[[], None] | None = None
    hits: int = 0


def on(method: str, path_prefix: str) -> Matcher:
    return lambda m, p: m == method and p.split("?", 1)[0].startswith(path_prefix)


@dataclass
class Seen:
    method: str
    path: str
    action: str


@dataclass
class _Request:
    head: bytes
    body: bytes
    method: str
    path: str


def _recv_until(sock: socket.socket, buf: bytearray, marker: bytes) -> int:
    while (idx := buf.find(marker)) < 0:
        data = sock.recv(65536)
        if not data:
            return -1
        buf += data
    return idx


def _read_request(sock: socket.socket, buf: bytearray) -> _Request | None:
    idx = _recv_until(sock, buf, b"\r\n\r\n")
    if idx < 0:
        return None
    head = bytes(buf[:idx])
    del buf[: idx + 4]
    lines = head.split(b"\r\n")
    method, path, _ = lines[0].decode("latin-1").split(" ", 2)
    length = 0
    kept = [lines[0]]
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        lname = name.strip().lower()
        if lname == b"content-length":
            length = int(value.strip())
        if lname in (b"connection", b"keep-alive"):
            continue
        kept.append(line)
    kept.append(b"Connection: close")
    while len(buf) < length:
        data = sock.recv(65536)
        if not data:
            return None
        buf += data
    body = bytes(buf[:length])
    del buf[:length]
    return _Request(b"\r\n".join(kept) + b"\r\n\r\n", body, method, path)


def _reset(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


class FaultProxy:
    def __init__(self, upstream_port: int, upstream_host: str = "127.0.0.1") -> None:
        self.upstream = (upstream_host, upstream_port)
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self.port: int = self._listener.getsockname()[1]
        self.rules: list[Rule] = []
        self.seen: list[Seen] = []
        self.offline = False
        self._lock = threading.Lock()
        self._socks: set[socket.socket] = set()
        self._threads: list[threading.Thread] = []
        self._closed = False
        self._accept = threading.Thread(target=self._accept_loop, daemon=True)
        self._accept.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def add(self, match: Matcher, action: str, *, times: int = 1, n: int = 0,
            seconds: float = 0.0, hook: Callable[[], None] | None = None) -> Rule:
        rule = Rule(match, action, times, n, seconds, hook)
        with self._lock:
            self.rules.append(rule)
        return rule

    def clear(self) -> None:
        with self._lock:
            self.rules.clear()

    def count(self, method: str, path_prefix: str, action: str | None = None) -> int:
        m = on(method, path_prefix)
        with self._lock:
            return sum(1 for s in self.seen if m(s.method, s.path)
                       and (action is None or s.action == action))

    # ------------------------------------------------------------------ plumbing

    def _track(self, sock: socket.socket) -> None:
        with self._lock:
            self._socks.add(sock)

    def _untrack(self, sock: socket.socket) -> None:
        with self._lock:
            self._socks.discard(sock)
        with contextlib.suppress(OSError):
            sock.close()

    def _accept_loop(self) -> None:
        while True:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            if self.offline:
                _reset(conn)
                continue
            self._track(conn)
            t = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            with self._lock:
                self._threads = [x for x in self._threads if x.is_alive()]
                self._threads.append(t)
            t.start()

    def _pick(self, method: str, path: str) -> Rule | None:
        with self._lock:
            for rule in self.rules:
                if rule.hits < rule.times and rule.match(method, path):
                    rule.hits += 1
                    return rule
        return None

    def _upstream(self, req: _Request) -> socket.socket:
        up = socket.create_connection(self.upstream, timeout=60)
        self._track(up)
        up.sendall(req.head + req.body)
        return up

    def _serve(self, conn: socket.socket) -> None:
        buf = bytearray()
        try:
            req = _read_request(conn, buf)
            if req is None:
                return
            rule = self._pick(req.method, req.path)
            action = rule.action if rule else "forward"
            with self._lock:
                self.seen.append(Seen(req.method, req.path, action))
            if action == "drop_before" or self.offline:
                _reset(conn)
                return
            if action == "duplicate":
                first = self._upstream(req)
                self._drain(first)
            up = self._upstream(req)
            try:
                if action == "call" and rule is not None and rule.hook is not None:
                    rule.hook()
                if action == "drop_after":
                    self._drain(up)
                    _reset(conn)
                    return
                if action == "stall" and rule is not None:
                    data = self._drain(up)
                    time.sleep(rule.seconds)
                    with contextlib.suppress(OSError):
                        conn.sendall(data)
                    return
                self._relay(up, conn, rule if action in ("cut", "corrupt") else None)
            finally:
                self._untrack(up)
        except OSError:
            pass
        finally:
            self._untrack(conn)

    def _drain(self, up: socket.socket) -> bytes:
        out = bytearray()
        with contextlib.suppress(OSError):
            while data := up.recv(65536):
                out += data
        self._untrack(up)
        return bytes(out)

    def _relay(self, up: socket.socket, conn: socket.socket, rule: Rule | None) -> None:
        body_at: int | None = None  # stream offset where the body starts
        sent = 0
        head = bytearray()
        while True:
            try:
                data = up.recv(65536)
            except OSError:
                data = b""
            if not data:
                return
            if body_at is None:
                head += data
                idx = head.find(b"\r\n\r\n")
                if idx >= 0:
                    body_at = idx + 4
            if rule is not None and body_at is not None:
                start_body = sent - body_at  # body offset of data[0] (may be negative)
                if rule.action == "cut":
                    allowed = body_at + rule.n - sent
                    if allowed <= 0:
                        _reset(conn)
                        return
                    if len(data) >= allowed:
                        conn.sendall(data[:allowed])
                        time.sleep(0.05)
                        _reset(conn)
                        return
                elif rule.action == "corrupt":
                    pos = rule.n - start_body
                    if 0 <= pos < len(data):
                        data = data[:pos] + bytes([data[pos] ^ 0xFF]) + data[pos + 1 :]
            conn.sendall(data)
            sent += len(data)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept()
        self._listener.close()
        self._accept.join(5)
        with self._lock:
            socks = list(self._socks)
            threads = list(self._threads)
        for s in socks:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                s.close()
        for t in threads:
            t.join(5)

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
