"""How the service runs: where it listens, who may call it, where jobs live and what an upload may be."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import OptionError
from ..options import Limits

LOOPBACK_NAMES = frozenset({"localhost", "ip6-localhost"})


def is_loopback(host: str) -> bool:
    """Return True when ``host`` names only this machine (127.0.0.0/8, ::1, localhost)."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class ServiceSettings:
    """The service's settings (``c2e serve`` options).

    ``token``: the API token clients send (``Authorization: Bearer TOKEN``); required unless ``host`` is a
    loopback address. ``data``: the folder of the job store and the jobs' files. ``workers``: jobs converted at
    once. ``max_upload_bytes``: the largest request body (all files of a job together); ``max_files``: files in
    one job; ``max_queued``: jobs waiting or converting at once (more are refused with 429). ``time_limit`` (s)
    and ``memory_limit`` (MiB) stop one job's worker, as in ``c2e batch``; ``limits`` are the safety limits every
    conversion reads under (a client cannot change them). ``keep_hours``: a job that ended longer ago is
    deleted with its files (None: kept until deleted).
    """

    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = None
    data: Path = Path("c2e-data")
    cluster: str | None = None
    workers: int = 2
    max_upload_bytes: int = 100 * 1024 * 1024
    max_files: int = 20
    max_queued: int = 100
    keep_hours: float | None = 168.0
    time_limit: float = 600.0
    memory_limit: int = 4096
    limits: Limits = field(default_factory=Limits)

    def check(self) -> ServiceSettings:
        """Return the settings; raises ``OptionError`` for a setting that would be unsafe or cannot work."""
        if self.token is None and not is_loopback(self.host):
            raise OptionError(f"binding to {self.host} (not loopback) needs an API token: --token TOKEN or the "
                              "C2E_TOKEN environment variable")
        if self.token is not None and len(self.token) < 16:
            raise OptionError("the API token must be at least 16 characters long")
        if min(self.workers, self.max_files, self.max_upload_bytes, self.max_queued) < 1:
            raise OptionError("workers, max files, max queued jobs and max upload size must be at least 1")
        if self.keep_hours is not None and self.keep_hours <= 0:
            raise OptionError("jobs must be kept for more than 0 hours")
        return self
