"""A job's outputs, reachable only through its own id: a requested path must start with one of the outputs the
job's outcome lists, hold no hidden or parent part, and resolve inside the job's output folder (a symbolic link
out of it is refused). A folder output (the web site, the journey) downloads as a zip."""

from __future__ import annotations

import io
import mimetypes
import zipfile
from pathlib import Path

from fastapi.responses import FileResponse, Response

from .errors import ApiError
from .store import JobRecord
from .views import out_folder

SANDBOX = "sandbox allow-scripts allow-popups allow-downloads allow-forms; frame-ancestors 'self'"
"""The policy of every HTML output: it runs in its own opaque origin, so a course page can never read the
service's page or its token, even in the preview frame."""
_FIXED = (1980, 1, 1, 0, 0, 0)


def job_file(root: Path, record: JobRecord, path: str) -> Path:
    """Return the output file or folder ``path`` (relative to the job's outputs); raises ``ApiError`` 404."""
    outputs = record.outcome.outputs if record.outcome is not None and record.outcome.converted else ()
    parts = path.split("/")
    if (not parts or parts[0] not in outputs
            or any(p in ("", ".", "..") or p.startswith(".") or "\\" in p or "\x00" in p for p in parts)):
        raise ApiError(404, "file.not-found", f"the job has no output {path[:200]!r}")
    base = out_folder(root).resolve()
    target = out_folder(root).joinpath(*parts)
    try:
        real = target.resolve(strict=True)
    except (OSError, RuntimeError):
        raise ApiError(404, "file.not-found", f"the job has no output {path[:200]!r}") from None
    if not real.is_relative_to(base) or real != target.absolute():
        raise ApiError(404, "file.not-found", f"the job has no output {path[:200]!r}")
    return real


def serve_output(path: Path) -> Response:
    """Return the file, or the folder zipped; HTML runs sandboxed and nothing is sniffed by the browser."""
    headers = {"X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache"}
    if path.is_dir():
        headers["Content-Disposition"] = f'attachment; filename="{path.name}.zip"'
        return Response(zip_folder(path), media_type="application/zip", headers=headers)
    media = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if media == "text/html":
        headers["Content-Security-Policy"] = SANDBOX
    elif path.suffix in (".zip", ".docx", ".ics", ".srt", ".xml"):
        return FileResponse(path, media_type=media, filename=path.name, headers=headers)
    return FileResponse(path, media_type=media, headers=headers)


def zip_folder(folder: Path) -> bytes:
    """Return the folder as a deterministic zip (sorted entries, fixed times); pictures stored, text deflated."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()):
            info = zipfile.ZipInfo(path.relative_to(folder).as_posix(), _FIXED)
            stored = path.suffix.lower() in (".png", ".jpg", ".jpeg", ".gif", ".webp", ".zip", ".mp4", ".mp3")
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()
