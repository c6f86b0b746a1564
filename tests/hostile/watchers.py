"""Tripwires for hostile-input tests: a loopback TCP beacon and a named-pipe canary.

Hostile documents name both as targets (image URLs, external entities, XIncludes, parameter entities). A
converter or a browser that follows any of them shows up here; a correct one leaves both untouched.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

CANARY_DTD = b'<!ENTITY leaked "CANARY-WAS-READ">\n'


class Beacon:
    """A TCP listener on 127.0.0.1 (ephemeral port) that records every connection and its first bytes."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.hits: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="c2e-beacon", daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                conn.settimeout(0.5)
                try:
                    first = conn.recv(200).decode("latin-1").splitlines()[:1]
                except OSError:
                    first = []
                self.hits.append(first[0] if first else "(connection without a request)")
                try:
                    conn.sendall(b"HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n")
                except OSError:
                    pass

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


class Canary:
    """A named pipe whose every opening is recorded: a reader gets a harmless DTD and the hit is kept.

    Reading a file the document names (an external entity, a parameter entity, an XInclude) opens it;
    a regular file's access time is unreliable (relatime), a pipe's writer always wakes.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        os.mkfifo(self.path, 0o600)
        self.hits: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="c2e-canary", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                fd = os.open(self.path, os.O_WRONLY)  # blocks until someone opens the pipe to read
            except OSError:
                return
            try:
                if self._stop.is_set():
                    return
                self.hits.append(time.time())
                try:
                    os.write(fd, CANARY_DTD)
                except OSError:
                    pass
            finally:
                os.close(fd)
            time.sleep(0.01)  # let the reader see end-of-file before waiting for the next one

    def close(self) -> None:
        self._stop.set()
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK)  # wakes the writer so it can stop
            os.close(fd)
        except OSError:
            pass
        self._thread.join(2)
        self.path.unlink(missing_ok=True)
