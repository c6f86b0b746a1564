"""The committed sample course is exactly what samples/make_samples.py makes (so it can be regenerated)."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO

SAMPLES = ("pharma-sales-onboarding.pptx", "facilitator-guide.docx", "handout.pdf")


def test_the_samples_script_regenerates_the_committed_files_byte_for_byte(tmp_path):
    subprocess.run([sys.executable, str(REPO / "samples" / "make_samples.py"), str(tmp_path)], check=True,
                   capture_output=True, timeout=300)
    for name in SAMPLES:
        assert (tmp_path / name).read_bytes() == (REPO / "samples" / name).read_bytes(), name
