"""Errors as the API answers them: a status and a JSON body ``{"error": {"code", "message"}}``, for every bad
request (never a 500 for bad input); the handlers the application installs for its own and FastAPI's errors."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from .uploads import BadUpload
from .views import ErrorBody

_CODES = {400: "request.bad", 401: "auth.required", 403: "request.forbidden", 404: "not-found",
          405: "request.method-not-allowed", 413: "upload.too-large", 415: "upload.unsupported",
          422: "request.invalid", 429: "service.busy"}


class ApiError(Exception):
    """A request refused with ``status``, a stable ``code`` and plain words."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """Return the JSON error response."""
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers=headers)


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """Return the OpenAPI ``responses`` entry documenting these error statuses with the error body."""
    return {status: {"model": ErrorBody, "description": _CODES.get(status, "error")} for status in statuses}


def install_errors(app: FastAPI) -> None:
    """Answer every error with the JSON error body."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, error: ApiError) -> JSONResponse:
        return error_response(error.status, error.code, error.message, error.headers)

    @app.exception_handler(BadUpload)
    async def _bad_upload(request: Request, error: BadUpload) -> JSONResponse:
        return error_response(error.status, error.code, error.message)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        cause = error.__cause__  # FastAPI words a failed body read as 400; the body limit's 413 is the reason
        if isinstance(cause, ApiError):
            return error_response(cause.status, cause.code, cause.message, cause.headers)
        code = _CODES.get(error.status_code, "error")
        return error_response(error.status_code, code, str(error.detail), getattr(error, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        if any(tuple(e.get("loc", ()))[:2] == ("body", "files") for e in error.errors()):
            return error_response(400, "upload.no-file", "the field 'files' must hold files (multipart parts "
                                                         "with a file name)")
        problems = "; ".join(f"{'.'.join(str(part) for part in e.get('loc', ()))}: {e.get('msg', '')}"
                             for e in error.errors()[:5])
        return error_response(422, "request.invalid", problems or "the request is not valid")

    @app.exception_handler(Exception)
    async def _bug(request: Request, error: Exception) -> JSONResponse:
        return error_response(500, "internal-error", f"internal error: {type(error).__name__} (a bug in c2e; "
                                                     "please report it)")
