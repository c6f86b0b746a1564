"""What the API answers, as pydantic models (they make the OpenAPI document): a job with its sources, status,
progress and outputs; the service's own description; and the one error body every 4xx and 5xx carries."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from .store import OUT_FOLDER, JobRecord, JobStatus, course_key

API = "/api"
PREVIEW = "/preview"


class ErrorDetail(BaseModel):
    code: str = Field(description="stable error code, e.g. upload.too-large, job.not-found, input.unsupported")
    message: str = Field(description="what is wrong, in plain words")


class ErrorBody(BaseModel):
    """The body of every error response."""

    error: ErrorDetail


class SourceView(BaseModel):
    name: str = Field(description="the file's sanitised name in the job")
    format: str = Field(description="the reader that claims the file by its content (pptx, docx, pdf, ...)")
    size: int
    role: str | None = Field(default=None, description="the role the client gave (deck, handout, "
                                                        "facilitator-guide, reference); none: by format")


class Progress(BaseModel):
    stage: JobStatus
    percent: int = Field(ge=0, le=100, description="0 queued, 10 converting, 100 ended (converted or failed)")
    seconds: float = Field(description="seconds since the job was submitted")


class OutputView(BaseModel):
    name: str = Field(description="file or folder name in the job's outputs")
    kind: Literal["package", "folder", "report", "file"]
    size: int = Field(description="bytes (of a folder: of all its files)")
    url: str = Field(description="download URL (a folder downloads as a zip)")


class JobView(BaseModel):
    """A conversion job."""

    id: str
    status: JobStatus
    created: float = Field(description="submitted at (Unix time)")
    started: float | None = None
    finished: float | None = None
    progress: Progress
    sources: list[SourceView]
    options: dict[str, Any] = Field(description="the conversion options the client set")
    outputs: list[OutputView] = Field(default_factory=list)
    report_url: str | None = Field(default=None, description="the loss report as JSON")
    report_html_url: str | None = None
    preview_url: str | None = Field(default=None, description="the web output's start page, when it was asked for "
                                                              "(a URL with its own key: it needs no token)")
    summary: str = Field(default="", description="what needs a look, in one line")
    warnings: int = 0
    error: ErrorDetail | None = Field(default=None, description="why the conversion failed")
    exit_code: int | None = Field(default=None, description="once ended: the exit code `c2e convert` gives these "
                                                            "sources (0 converted; see the README's exit codes)")
    url: str


class JobList(BaseModel):
    jobs: list[JobView]


class ServiceInfo(BaseModel):
    """What this service offers (the web page reads it)."""

    version: str
    token_required: bool
    max_upload_bytes: int
    max_files: int
    formats: dict[str, str]
    presets: dict[str, str]


def job_url(job_id: str) -> str:
    return f"{API}/jobs/{job_id}"


def out_folder(root: Path) -> Path:
    """Return the folder of a job's outputs (the batch runner's folder for the one course) from the job's
    folder ``root`` (named by its id)."""
    return root / OUT_FOLDER / course_key(root.name)


def job_view(record: JobRecord, root: Path, preview_key: str) -> JobView:
    """Return the API's view of a stored job whose folder is ``root``; ``preview_key`` goes into its preview
    URL."""
    ended = record.status in ("converted", "failed")
    view: dict[str, Any] = {
        "id": record.id, "status": record.status, "created": record.created, "started": record.started,
        "finished": record.finished, "sources": record.sources, "options": record.options, "url": job_url(record.id),
        "progress": Progress(stage=record.status, percent=100 if ended else 10 if record.status == "converting" else 0,
                             seconds=round((record.finished or time.time()) - record.created, 3)),
    }
    outcome = record.outcome
    if outcome is not None:
        view["exit_code"] = outcome.exit_code
    if outcome is not None and outcome.converted:
        view.update(_outputs(record.id, out_folder(root), outcome.outputs, preview_key))
        view.update(summary=outcome.summary, warnings=outcome.warnings)
    elif outcome is not None:
        view["error"] = ErrorDetail(code=outcome.code or "error", message=outcome.reason or "failed")
    return JobView.model_validate(view)


def _outputs(job_id: str, folder: Path, names: tuple[str, ...], preview_key: str) -> dict[str, Any]:
    files = f"{job_url(job_id)}/files"
    outputs, found = [], {}
    for name in names:
        path = folder / name
        if not path.exists():
            continue
        kind: Literal["package", "folder", "report", "file"] = ("report" if ".report." in name else "folder" if path.is_dir()
                else "package" if name.endswith(".zip") else "file")
        size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else path.stat().st_size
        outputs.append(OutputView(name=name, kind=kind, size=size, url=f"{files}/{name}"))
        if name.endswith(".report.json"):
            found["report_url"] = f"{job_url(job_id)}/report"
        elif name.endswith(".report.html"):
            found["report_html_url"] = f"{files}/{name}"
        elif path.is_dir() and (path / "index.html").is_file() and name.endswith("-web"):
            found["preview_url"] = f"{PREVIEW}/{job_id}/{preview_key}/{name}/index.html"
    return {"outputs": outputs, **found}
