"""LibreOffice headless as an optional external tool: find the program, run one conversion in a private profile.

Shared by the legacy bridge (.ppt/.doc/.odp to OOXML) and by the PPTX reader (slide pictures, equation
previews). LibreOffice is never required: ``find_soffice`` returns None without it, and callers say what the
user loses and how to get it.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
from collections.abc import Sequence
from pathlib import Path

SOFFICE_ENV = "C2E_SOFFICE"
"""Names the LibreOffice executable when it is not on PATH as ``soffice`` or ``libreoffice``; set but empty
(or naming a missing file) means "no LibreOffice" (tests use it to simulate its absence)."""
TIMEOUT_SECONDS = 180
INSTALL_HINT = ("install LibreOffice (Debian: apt-get install libreoffice-impress-nogui libreoffice-writer-nogui) "
                f"or set {SOFFICE_ENV} to its soffice program")
PLAIN_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}")
"""File names handed to soffice: plain ASCII, so odd names never reach its command line."""


class SofficeError(Exception):
    """LibreOffice could not be started, or did not finish in time; ``started`` tells which."""

    def __init__(self, problem: str, started: bool) -> None:
        super().__init__(problem)
        self.problem = problem
        self.started = started


def find_soffice() -> str | None:
    """Return the LibreOffice program to run: ``$C2E_SOFFICE`` (empty: none), else ``soffice`` or ``libreoffice``
    on PATH; None when there is none."""
    configured = os.environ.get(SOFFICE_ENV)
    if configured is not None:
        return configured if configured and Path(configured).is_file() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_files(soffice: str, sources: Sequence[Path], target: str, workdir: Path,
                  timeout: float = TIMEOUT_SECONDS) -> Path:
    """Convert ``sources`` to ``target`` (``pdf``, ``png``, ``pptx``...) in one soffice run and return the
    folder the results are in (``<workdir>/out``, named ``<source stem>.<ext>``); raises ``SofficeError``.

    LibreOffice runs headless, in a profile of its own under ``workdir`` (never the user's), in its own
    process group, so a run past ``timeout`` seconds is killed with all its children.
    """
    out = workdir / "out"
    profile = (workdir / "profile").resolve().as_uri()
    command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nolockcheck",
               "--convert-to", target, "--outdir", str(out), *map(str, sources)]
    try:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   stdin=subprocess.DEVNULL, cwd=workdir, start_new_session=True)
    except OSError as error:
        raise SofficeError(f"LibreOffice could not be started ({error})", started=False) from error
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired as error:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise SofficeError(f"LibreOffice did not finish within {timeout:g} s", started=True) from error
    return out
