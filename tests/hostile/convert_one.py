"""Run one conversion the way a server would, in a child process under memory and CPU limits.

    python tests/hostile/convert_one.py REQUEST.json

REQUEST: {"source", "out_dir", "model_json", "limits": {...}, "memory_bytes", "cpu_seconds", "watch": [paths]}.
Prints one JSON line: {"exit", "error", "message", "package", "warnings", "events"} and exits with the exit code
of the error (0 on success). Anything but a ``C2EError`` escapes as a traceback with exit status 1: that is
the failure the hostile tests look for. ``events`` lists audited socket, process and file events that touch
the network or one of the ``watch`` paths (the secret file, the canary pipe).
"""

from __future__ import annotations

import json
import resource
import sys
from pathlib import Path

NETWORK_EVENTS = frozenset({"socket.connect", "socket.sendto", "socket.getaddrinfo", "socket.gethostbyname",
                            "urllib.Request", "http.client.connect", "ftplib.connect", "smtplib.connect"})
PROCESS_EVENTS = frozenset({"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn"})


def limit_resources(memory_bytes: int, cpu_seconds: int) -> None:
    """Cap the address space and CPU time of this process (a bomb then fails instead of taking the machine)."""
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))


def install_audit(watch: list[str], events: list[str]) -> None:
    """Record network and process events, and any Python-level open of a watched path."""
    watched = tuple(watch)

    def hook(event: str, args: tuple) -> None:
        if event in NETWORK_EVENTS or event in PROCESS_EVENTS:
            events.append(f"{event} {args!r}"[:300])
        elif event == "open" and watched and args and isinstance(args[0], (str, bytes, Path)):
            name = args[0].decode("utf-8", "replace") if isinstance(args[0], bytes) else str(args[0])
            if name.startswith(watched):
                events.append(f"open {name}")

    sys.addaudithook(hook)


class RecordingExtractor:
    """Wraps an extractor and writes the source model of every document it reads as JSON to ``model_json``."""

    def __init__(self, inner, model_json: Path) -> None:
        self.inner, self.model_json = inner, model_json
        self.name, self.extensions = inner.name, inner.extensions

    def sniff(self, probe):
        return self.inner.sniff(probe)

    def extract(self, probe, options):
        result = self.inner.extract(probe, options)
        self.model_json.write_text(result.value.model_dump_json(), encoding="utf-8")
        return result


def run(request: dict) -> tuple[int, dict]:
    """Convert once (the model is recorded on the way); return the exit code and what to report."""
    from converter import api
    from converter.errors import C2EError
    from converter.options import ConvertOptions, Limits
    from converter.registry import default_registry

    options = ConvertOptions(limits=Limits(**request.get("limits", {})))
    registry = default_registry()
    model_json = Path(request["model_json"])
    registry = registry.replace(extractors=tuple(RecordingExtractor(e, model_json) for e in registry.extractors))
    try:
        result = api.convert(request["source"], request["out_dir"], options, registry=registry)
    except C2EError as error:
        return error.exit_code, {"error": type(error).__name__, "message": str(error)}
    warnings = [message.code for message in result.warnings]
    return 0, {"package": str(result.value.package), "warnings": warnings}


def main() -> int:
    request = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    limit_resources(request.get("memory_bytes", 1536 << 20), request.get("cpu_seconds", 60))
    events: list[str] = []
    install_audit(request.get("watch", []), events)
    code, outcome = run(request)
    print(json.dumps({"exit": code, **outcome, "events": events}), flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
