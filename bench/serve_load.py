"""Service load: ``c2e serve`` on loopback, ``clients`` concurrent clients submitting ``conversions`` jobs in all
(the sample deck, SCORM 1.2), each polling its job to the end. Bounded in count and in time (``deadline``
seconds: a job not ended by then counts as an error). Records throughput (conversions per second from the first
submission to the last job's end) and latency percentiles (submission: the POST's answer; end to end: from the
POST to the poll that sees the job end), and the errors (any status but 201/200, any job not converted). Timings
are recorded, never asserted: the machine is shared.

Clients use only the standard library (``urllib``), so the benchmark needs nothing beyond c2e's ``[serve]``
extra. Usage: python bench/serve_load.py [--conversions 200] [--clients 20] [--jobs N]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SAMPLE = REPO / "samples" / "pharma-sales-onboarding.pptx"
POLL_SECONDS = 0.25


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def multipart(path: Path, fields: dict[str, str]) -> tuple[bytes, str]:
    """Return a multipart/form-data body with ``path`` as ``files`` and the ``fields``, and its content type."""
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
             for name, value in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{path.name}"\r\n'
                 f"Content-Type: application/octet-stream\r\n\r\n".encode() + path.read_bytes() + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def request(url: str, data: bytes | None = None, content_type: str | None = None) -> tuple[int, Any]:
    """Return the status and JSON body of a request (an HTTP error's too)."""
    req = urllib.request.Request(url, data=data, method="POST" if data is not None else "GET")
    if content_type:
        req.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(req, timeout=120) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def start(c2e: list[str], data: Path, jobs: int) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = subprocess.Popen([*c2e, "serve", "--port", str(port), "--data", str(data), "--jobs", str(jobs)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            request(f"{url}/api/info")
            return process, url
        except OSError:
            time.sleep(0.2)
    os.killpg(process.pid, signal.SIGKILL)
    raise RuntimeError("c2e serve did not start within 60 s")


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    ordered = sorted(values)
    pick = lambda q: ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]  # noqa: E731
    return {"p50": round(pick(0.5), 3), "p90": round(pick(0.9), 3), "p99": round(pick(0.99), 3),
            "max": round(ordered[-1], 3), "mean": round(statistics.fmean(ordered), 3)}


def measure_service(c2e: list[str], conversions: int = 200, clients: int = 20, jobs: int | None = None,
                    deadline: float = 1800.0, log: Callable[[str], None] = print) -> dict[str, Any]:
    """Run the load and return its figures (see the module's docstring)."""
    jobs = jobs or os.cpu_count() or 1
    body, content_type = multipart(SAMPLE, {"formats": "scorm12"})
    submitted: list[float] = []
    ended: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    counter = iter(range(conversions))
    with tempfile.TemporaryDirectory(prefix="c2e-serve-bench-") as folder:
        process, url = start(c2e, Path(folder) / "data", jobs)
        stop_at = time.monotonic() + deadline

        def client() -> None:
            while True:
                with lock:
                    if next(counter, None) is None:
                        return
                began = time.perf_counter()
                status, job = request(f"{url}/api/jobs", body, content_type)
                answered = time.perf_counter()
                if status != 201:
                    with lock:
                        errors.append(f"submit: {status} {job}")
                    continue
                while job["status"] in ("queued", "converting") and time.monotonic() < stop_at:
                    time.sleep(POLL_SECONDS)
                    status, job = request(f"{url}{job['url']}")
                    if status != 200:
                        break
                with lock:
                    submitted.append(answered - began)
                    if status == 200 and job["status"] == "converted":
                        ended.append(time.perf_counter() - began)
                    else:
                        errors.append(f"job {job.get('id')}: {status} {job.get('status')} {job.get('error')}")

        log(f"service load: {conversions} conversions from {clients} clients, {jobs} jobs at once ...")
        start_time = time.perf_counter()
        threads = [threading.Thread(target=client) for _ in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - start_time
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(30)
    return {"conversions": conversions, "clients": clients, "jobs_at_once": jobs, "input": SAMPLE.name,
            "format": "scorm12", "converted": len(ended), "errors": len(errors), "error_samples": errors[:5],
            "wall_seconds": round(wall, 3), "throughput_per_second": round(len(ended) / wall, 3) if wall else 0.0,
            "submit_latency_seconds": percentiles(submitted), "end_to_end_seconds": percentiles(ended)}


def print_service(result: dict[str, Any]) -> None:
    latency, submit = result["end_to_end_seconds"], result["submit_latency_seconds"]
    print(f"\nservice load ({result['conversions']} conversions, {result['clients']} clients, "
          f"{result['jobs_at_once']} jobs at once): {result['converted']} converted, {result['errors']} errors, "
          f"{result['throughput_per_second']:.2f} conversions/s over {result['wall_seconds']:.1f} s")
    if latency:
        print(f"  end to end  p50 {latency['p50']:.2f} s  p90 {latency['p90']:.2f} s  p99 {latency['p99']:.2f} s")
        print(f"  submission  p50 {submit['p50']:.3f} s  p90 {submit['p90']:.3f} s  p99 {submit['p99']:.3f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversions", type=int, default=200)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=None, help="jobs the service converts at once (default: cores)")
    parser.add_argument("--output", type=Path, default=None, help="also write the figures as JSON here")
    args = parser.parse_args(argv)
    result = measure_service([sys.executable, "-m", "converter.cli"], args.conversions, args.clients, args.jobs,
                             log=lambda text: print(text, file=sys.stderr, flush=True))
    print_service(result)
    if args.output:
        args.output.write_text(json.dumps(result, indent=2) + "\n")
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
