"""The conversion service as its tests meet it: ``c2e serve`` started in a subprocess on a free loopback port
(real HTTP, as a client would), an httpx client, and waiting for a job to end."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from conftest import REPO


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Service:
    process: subprocess.Popen
    url: str
    log: Path
    data: Path

    def client(self, token: str | None = None, timeout: float = 60) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=timeout)

    def kill(self) -> None:
        """Stop the service at once (SIGKILL), as a crash or a power cut would."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)


def start_service(data: Path, *args: str, host: str = "127.0.0.1", token: str | None = None,
                  port: int | None = None) -> Service:
    """Start ``c2e serve`` on a free port, wait until it answers; fail the test if it does not start."""
    port = port or free_port()
    log = data.parent / f"serve-{port}.log"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("C2E_TOKEN", None)
    command = [sys.executable, "-m", "converter.cli", "serve", "--host", host, "--port", str(port),
               "--data", str(data), *args, *(["--token", token] if token else [])]
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    service = Service(process, f"http://127.0.0.1:{port}", log, data)
    deadline = time.monotonic() + 60  # a busy machine (make test runs two workers) starts it slowly
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"c2e serve exited {process.returncode}: {log.read_text()}")
        try:
            httpx.get(f"{service.url}/openapi.json", timeout=2)
            return service
        except httpx.HTTPError:
            time.sleep(0.2)
    service.kill()
    raise AssertionError(f"c2e serve did not answer within 60 s: {log.read_text()}")


@contextmanager
def running_service(data: Path, *args: str, **kwargs: Any) -> Iterator[Service]:
    service = start_service(data, *args, **kwargs)
    try:
        yield service
    finally:
        if service.process.poll() is None:
            os.killpg(service.process.pid, signal.SIGTERM)
            try:
                service.process.wait(15)
            except subprocess.TimeoutExpired:
                service.kill()


def submit(client: httpx.Client, *paths: Path, **fields: str) -> dict[str, Any]:
    """Upload ``paths`` as one course; return the job (fails the test unless the service accepted it)."""
    files = [("files", (path.name, path.read_bytes())) for path in paths]
    response = client.post("/api/jobs", files=files, data=fields)
    assert response.status_code == 201, response.text
    job: dict[str, Any] = response.json()
    return job


def wait_for(client: httpx.Client, job_id: str, timeout: float = 180) -> dict[str, Any]:
    """Poll the job until it ends (converted or failed); return it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        response = client.get(f"/api/jobs/{job_id}")
        assert response.status_code == 200, response.text
        job: dict[str, Any] = response.json()
        if job["status"] in ("converted", "failed"):
            return job
        time.sleep(0.3)
    raise AssertionError(f"job {job_id} did not end within {timeout} s")
