"""The conversion service (``c2e serve``): an HTTP API and a web page for training teams, on FastAPI and uvicorn
(the ``[serve]`` extra).

Orchestration only: a submitted job's files are checked (size, content signature, names), stored, and converted
by ``converter.convert_many`` (the batch runner: a fresh worker process per job with its time and memory limits,
or a Dask cluster), exactly as ``c2e batch`` converts them. Jobs and their outputs live under a data folder (a
SQLite job store and a folder per job), so they survive a restart. Nothing here imports an extractor or packager.

``create_app(settings)`` returns the ASGI application; ``serve(settings)`` runs it with uvicorn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import MissingDependencyError
from .settings import ServiceSettings

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["ServiceSettings", "create_app", "serve"]


def create_app(settings: ServiceSettings) -> FastAPI:
    """Return the service's ASGI application (FastAPI); its jobs start when the application starts."""
    app: FastAPI = _app_module().create_app(settings)
    return app


def serve(settings: ServiceSettings, **uvicorn_options: Any) -> None:
    """Run the service with uvicorn until it is stopped (Ctrl-C, SIGTERM)."""
    _app_module().run(settings, **uvicorn_options)


def _app_module() -> Any:
    """Return ``converter.service.app``; without the ``[serve]`` extra, raise ``MissingDependencyError``."""
    try:
        from . import app
    except ImportError as error:
        if (error.name or "").split(".")[0] not in {"fastapi", "starlette", "uvicorn", "multipart", "python_multipart"}:
            raise
        raise MissingDependencyError(f"c2e serve needs {error.name}: pip install "
                                     "'classroom-to-elearning[serve]'") from error
    return app
