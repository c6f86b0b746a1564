"""The HTTP API and the web page: FastAPI routes over the job store and the runner.

``/api/...`` needs the API token when the service has one (``Authorization: Bearer TOKEN``, or the page's
``c2e_token`` cookie, which the page sets with SameSite=Strict so that its download links carry it).
``/preview/ID/KEY/...`` serves the web output to the page's sandboxed preview frame, which cannot send the
token: the key (in the job's ``preview_url``) stands in for it. ``/``, ``/static/...`` and ``/openapi.json``
are public.
"""

from __future__ import annotations

import json
import secrets
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, File, Form, Query, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from .. import __version__, api
from .errors import ApiError, install_errors, responses
from .files import job_file, serve_output
from .guard import OriginGuard
from .limits import BodyLimit
from .options import client_options
from .runner import Runner, job_options
from .settings import ServiceSettings, is_loopback
from .store import JOB_ID, JobStore, course_key, new_job_id
from .uploads import BadUpload, Source, check_source, course_toml, parse_roles, safe_name
from .views import API, PREVIEW, JobList, JobView, ServiceInfo, job_view

_bearer = HTTPBearer(auto_error=False, description="the service's API token (c2e serve --token)")
JobId = Annotated[str, PathParam(pattern=JOB_ID.pattern, description="the job's id (32 hex digits)")]
STATIC = ("index.html", "app.js", "style.css")
_CHUNK = 1 << 20


def create_app(settings: ServiceSettings) -> FastAPI:
    """Return the application for ``settings`` (checked: an unsafe setting raises ``OptionError``)."""
    settings.check()
    settings.data.mkdir(parents=True, exist_ok=True)
    store = JobStore(settings.data)
    runner = Runner(store, settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runner.start()
        yield
        runner.stop()
        store.close()

    app = FastAPI(title="c2e conversion service", version=__version__, lifespan=lifespan,
                  description="Convert classroom decks, handouts and guides into eLearning packages (SCORM, xAPI, "
                              "cmi5, web) and the blended journey. Every error is JSON: "
                              '{"error": {"code", "message"}}.')
    app.add_middleware(BodyLimit, limit=settings.max_upload_bytes)
    app.add_middleware(OriginGuard, loopback_only=is_loopback(settings.host))
    install_errors(app)
    app.state.store, app.state.runner, app.state.settings = store, runner, settings
    _page_routes(app)
    _api_routes(app, settings, store, runner)
    _preview_route(app, store)
    return app


def authorize(settings: ServiceSettings) -> Any:
    """Return the dependency that checks the API token (when the service has one)."""

    def check(request: Request,
              credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)] = None) -> None:
        if settings.token is None:
            return
        given = credentials.credentials if credentials is not None else request.cookies.get("c2e_token", "")
        if not secrets.compare_digest(given.encode(), settings.token.encode()):
            raise ApiError(401, "auth.required" if not given else "auth.bad-token",
                           "this service needs its API token: Authorization: Bearer TOKEN" if not given
                           else "the API token is not this service's", {"WWW-Authenticate": "Bearer"})

    return check


def _page_routes(app: FastAPI) -> None:
    page = resources.files("converter.service") / "static"

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index() -> HTMLResponse:
        return HTMLResponse(page.joinpath("index.html").read_text("utf-8"), headers=_PAGE_HEADERS)

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        if name not in STATIC:
            raise ApiError(404, "not-found", "no such file")
        media = {"js": "text/javascript", "css": "text/css", "html": "text/html"}[name.rsplit(".", 1)[1]]
        return Response(page.joinpath(name).read_bytes(), media_type=f"{media}; charset=utf-8",
                        headers=_PAGE_HEADERS)


_PAGE_HEADERS = {"Content-Security-Policy": "default-src 'self'; frame-src 'self'; img-src 'self' data:; "
                                            "object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
                 "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


def _api_routes(app: FastAPI, settings: ServiceSettings, store: JobStore, runner: Runner) -> None:
    secured = [Depends(authorize(settings))]

    def found(job_id: str) -> Any:
        record = store.get(job_id)
        if record is None:
            raise ApiError(404, "job.not-found", f"there is no job {job_id}")
        return record

    def view(record: Any) -> JobView:
        return job_view(record, store.folder(record.id), store.preview_key(record.id))

    @app.get(f"{API}/info", response_model=ServiceInfo, dependencies=secured, responses=responses(401))
    def info() -> ServiceInfo:
        """What this service offers: output formats, LMS presets, upload limits."""
        return ServiceInfo(version=__version__, token_required=settings.token is not None,
                           max_upload_bytes=settings.max_upload_bytes, max_files=settings.max_files,
                           formats=api.formats(), presets={n: p.title for n, p in api.presets().items()})

    @app.post(f"{API}/jobs", response_model=JobView, status_code=201, dependencies=secured,
              responses=responses(400, 401, 403, 413, 415, 422, 429))
    def submit(files: Annotated[list[UploadFile], File(description="the course's sources, in order (a deck, "
                                                                 "handouts, a facilitator guide)")],
               formats: Annotated[str | None, Form(description="output formats, comma-separated (scorm12,web), or "
                                                               "all; default: the whole journey (the LMS preset's "
                                                               "package, else scorm12, the facilitator guide, the "
                                                               "journey files, the question bank and the micro-item "
                                                               "packages)")] = None,
               lms: Annotated[str | None, Form(description="LMS preset (see /api/info)")] = None,
               roles: Annotated[str | None, Form(description="each file's role, comma-separated in file order: "
                                                             "deck, handout, facilitator-guide, reference, or auto "
                                                             "(a deck is a deck, anything else a handout)")] = None,
               options: Annotated[str | None, Form(description="other conversion options as a JSON object, named "
                                                               "as in c2e.toml's [convert] table or the Python API")]
               = None,
               config: Annotated[str | None, Form(description="a c2e.toml's text: its [convert], [course], [player] "
                                                              "and [theme] tables (options, formats and lms win)")]
               = None) -> JobView:
        """Submit a conversion: one or several files making one course, with options as in the CLI."""
        fields = client_options(formats, lms, options, config)
        uploads = [f for f in files if f.filename or f.size]
        if not uploads:
            raise ApiError(400, "upload.no-file", "send at least one file (multipart field 'files')")
        if len(uploads) > settings.max_files:
            raise ApiError(413, "upload.too-many-files", f"at most {settings.max_files} files make one job")
        if runner.waiting >= settings.max_queued:
            raise ApiError(429, "service.busy", f"{settings.max_queued} jobs are already waiting; try again in a "
                                                "minute", {"Retry-After": "60"})
        job_id = new_job_id()
        folder = store.folder(job_id) / course_key(job_id)
        try:
            sources = _save(uploads, parse_roles(roles, len(uploads)), folder, settings)
            job_options(fields, settings)
        except BaseException:
            shutil.rmtree(folder.parent, ignore_errors=True)
            raise
        (folder / "course.toml").write_text(course_toml(sources), encoding="utf-8")
        record = store.add(job_id, [s.as_json() for s in sources], fields)
        runner.submit(job_id)
        return view(record)

    @app.get(f"{API}/jobs", response_model=JobList, dependencies=secured, responses=responses(401, 422))
    def list_jobs(limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> JobList:
        """The newest jobs, newest first."""
        return JobList(jobs=[view(r) for r in store.newest(limit)])

    @app.get(f"{API}/jobs/{{job_id}}", response_model=JobView, dependencies=secured,
             responses=responses(401, 404, 422))
    def get_job(job_id: JobId) -> JobView:
        """A job's status, progress and, once converted, its outputs."""
        return view(found(job_id))

    @app.delete(f"{API}/jobs/{{job_id}}", status_code=204, dependencies=secured,
                responses=responses(401, 403, 404, 422))
    def delete_job(job_id: JobId) -> Response:
        """Delete a job and its files (a job still converting is dropped when it ends)."""
        found(job_id)
        store.delete(job_id)
        return Response(status_code=204)

    @app.get(f"{API}/jobs/{{job_id}}/report", dependencies=secured, responses=responses(401, 404, 422),
             response_model=dict[str, Any])
    def report(job_id: JobId) -> JSONResponse:
        """The loss report (NAME.report.json): what needs a look, slide by slide, page by page."""
        record = found(job_id)
        name = next((n for n in (record.outcome.outputs if record.outcome else ()) if n.endswith(".report.json")),
                    None)
        if name is None:
            raise ApiError(404, "report.not-ready", "the job has no report (not converted yet, or failed)")
        path = job_file(store.folder(job_id), record, name)
        return JSONResponse(json.loads(path.read_text(encoding="utf-8")))

    @app.get(f"{API}/jobs/{{job_id}}/files/{{path:path}}", dependencies=secured, response_class=FileResponse,
             responses={**responses(401, 404, 422), 200: {
                 "description": "the file, with its own media type (a folder as application/zip)",
                 "content": {"*/*": {}}}})
    def download(job_id: JobId, path: str) -> Response:
        """An output of the job: a package, a report, a file inside the web output (the preview), or a whole
        folder (web, journey) as a zip."""
        record = found(job_id)
        return serve_output(job_file(store.folder(job_id), record, path))


def _preview_route(app: FastAPI, store: JobStore) -> None:
    """The web output's files under a URL that carries its own key (the job's HMAC): a sandboxed preview page
    cannot send the API token, so the key in its URL is what lets it load its scripts and pictures."""

    @app.get(f"{PREVIEW}/{{job_id}}/{{key}}/{{path:path}}", responses={**responses(404, 422), 200: {
        "description": "a file of the job's web output", "content": {"*/*": {}}}})
    def preview(job_id: JobId, key: Annotated[str, PathParam(pattern=r"^[0-9a-f]{32}$")], path: str) -> Response:
        """A file of the job's web output, for its preview (the key comes in the job's ``preview_url``)."""
        record = store.get(job_id)
        if record is None or not secrets.compare_digest(key, store.preview_key(job_id)):
            raise ApiError(404, "file.not-found", "no such preview")
        if not path.split("/", 1)[0].endswith("-web"):
            raise ApiError(404, "file.not-found", "only the web output is previewed")
        return serve_output(job_file(store.folder(job_id), record, path))


def _save(uploads: list[UploadFile], roles: list[str | None], folder: Path, settings: ServiceSettings) -> list[Source]:
    """Write each upload into the job's folder, checked (name, size, content); return the sources."""
    folder.mkdir(parents=True, exist_ok=True)
    sources: list[Source] = []
    taken: set[str] = set()
    for number, upload in enumerate(uploads):
        name = safe_name(upload.filename)
        staged = folder / f".upload-{number}-{name}"
        size = 0
        with staged.open("wb") as out:
            while chunk := upload.file.read(_CHUNK):
                size += len(chunk)
                if size > settings.limits.max_input_bytes:
                    raise BadUpload(413, "upload.too-large", f"{name} is over the limit of "
                                                             f"{settings.limits.max_input_bytes:,} bytes a file")
                out.write(chunk)
        sources.append(check_source(staged, upload.filename or name, taken, roles[number]))
    return sources


def run(settings: ServiceSettings, **uvicorn_options: Any) -> None:
    """Serve ``settings``' application with uvicorn until stopped."""
    import uvicorn

    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, **uvicorn_options)
