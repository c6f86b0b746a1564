"""The service load benchmark (``make bench`` runs it with 200 conversions from 20 clients) works, small: every
conversion ends converted, none errs, and throughput and latency percentiles are recorded. No timing is
asserted: the machine is shared."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import REPO


def test_the_load_benchmark_converts_every_job_without_an_error(tmp_path):
    output = tmp_path / "serve-load.json"
    run = subprocess.run([sys.executable, str(REPO / "bench" / "serve_load.py"), "--conversions", "6", "--clients",
                          "3", "--output", str(output)], capture_output=True, text=True, cwd=REPO, timeout=600,
                         env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stdout + run.stderr
    result = json.loads(output.read_text())
    assert (result["conversions"], result["converted"], result["errors"]) == (6, 6, 0)
    assert set(result["end_to_end_seconds"]) == {"p50", "p90", "p99", "max", "mean"}
    assert result["throughput_per_second"] > 0
    assert "conversions/s" in run.stdout
