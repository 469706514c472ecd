"""The HTTP API of sync protocol v1 (``docs/sync-protocol.md``): ``create_app(config)``.

Every answer that is not a success is ``{"error": "<code>", "message": "<one line>"}``:
malformed requests (FastAPI's validation errors included) answer 400, never 422; an
unexpected failure answers 500 with that body and no traceback (it is logged); a busy
database answers 503 with ``Retry-After``.

Blindness: each endpoint reads only the caller's own assignments and the caller's own rows
under them. A submission that is not assigned to the caller (or does not exist) answers 404
for GET, HEAD and range requests alike, and ``forbidden`` in an ops batch. The one exception
is the lead's: once both assessors of a submission have submitted, the lead's feed carries
their work (``blind_scores``), and the submission's identity reports; ``GET /assessors``
(leads and admins) lists the names of the enabled assessors, for ``reassign``.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response, StreamingResponse
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from assessor_app.portal.server import feed, ops
from assessor_app.portal.server.auth import bearer_token, current_caller, get_portal
from assessor_app.portal.server.config import PortalConfig
from assessor_app.portal.server.db import Assignment, Submission, read_session
from assessor_app.portal.server.downloads import etag_of, file_chunks, plan_download
from assessor_app.portal.server.errors import ApiError, not_found
from assessor_app.portal.server.guards import Guards
from assessor_app.portal.server.models import (
    AssessorsResponse,
    ChangesResponse,
    ErrorBody,
    LoginRequest,
    LoginResponse,
    OpsRequest,
    OpsResponse,
)
from assessor_app.portal.server.portal import Portal, open_portal
from assessor_app.portal.server.users import Caller, Role, enabled_assessors, login, logout

log = logging.getLogger("assessor_app.portal")

API = "/api/v1"
_ERROR_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "request_too_large",
    415: "unsupported_media_type",
    416: "range_not_satisfiable",
    428: "precondition_required",
}
_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Malformed JSON or parameters"},
    401: {"model": ErrorBody, "description": "No, unknown or revoked token"},
    503: {"model": ErrorBody, "description": "Busy; retry after `Retry-After` seconds"},
}


def _error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> Response:
    # one line, and always encodable (a message may quote a client's malformed input)
    text = " ".join(message.split()).encode("utf-8", "backslashreplace").decode("utf-8")
    return JSONResponse({"error": code, "message": text}, status_code=status, headers=headers)


def _validation_message(exc: RequestValidationError) -> str:
    errors = exc.errors()
    if not errors:
        return "The request is malformed"
    first = errors[0]
    if first.get("type") == "json_invalid":
        return "The request body is not valid JSON"
    loc = tuple(first.get("loc", ()))
    if loc == ("body",):
        return "The request body must be a JSON object, sent as application/json"
    where = ".".join(str(part) for part in loc if part != "body")
    what = str(first.get("msg", "is not valid"))
    more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
    return f"{where or 'the request'}: {what}{more}"[:300]


def _install_error_handlers(app: FastAPI, config: PortalConfig) -> None:
    async def api_error(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return _error(exc.status, exc.code, exc.message, exc.headers)

    async def validation_error(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return _error(400, "bad_request", _validation_message(exc))

    async def http_error(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        status = 400 if exc.status_code == 422 else exc.status_code
        code = _ERROR_CODES.get(status, f"http_{status}")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        if status == 404:
            message = "Not found"
        return _error(status, code, message, dict(exc.headers or {}))

    async def database_busy(_request: Request, exc: Exception) -> Response:
        log.warning("database unavailable: %s", exc)
        return _error(
            503,
            "busy",
            "The portal's database is busy; try again shortly",
            {"Retry-After": str(config.retry_after_seconds)},
        )

    async def unexpected(_request: Request, exc: Exception) -> Response:
        log.error("unexpected error", exc_info=exc)
        return _error(500, "internal_error", "The portal failed to answer; try again later")

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(OperationalError, database_busy)
    app.add_exception_handler(Exception, unexpected)


def create_app(config: PortalConfig, *, portal: Portal | None = None) -> FastAPI:
    """The portal's ASGI app. It opens the portal (database, schema, signing key) now, unless
    an open ``portal`` is given, and closes what it opened when the app shuts down."""
    owned = portal is None
    the_portal = open_portal(config) if portal is None else portal

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if owned:
            the_portal.close()

    app = FastAPI(
        title="Assessor portal",
        version="1",
        description="Sync protocol v1 between the assessor workstation and its portal, with "
        "the lead assessors' additions (docs/sync-protocol.md).",
        openapi_url=f"{API}/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.portal = the_portal
    _install_error_handlers(app, config)
    _add_routes(app, config)
    app.add_middleware(
        Guards,
        max_body_bytes=config.max_request_bytes,
        max_in_flight=config.max_concurrent_requests,
        retry_after=config.retry_after_seconds,
    )
    return app


PortalDep = Annotated[Portal, Depends(get_portal)]
CallerDep = Annotated[Caller, Depends(current_caller)]


def _add_routes(app: FastAPI, config: PortalConfig) -> None:
    @app.post(
        f"{API}/login",
        response_model=LoginResponse,
        responses={400: _ERRORS[400], 401: {"model": ErrorBody}},
        summary="Sign in: a bearer token, the user, and the portal's identity",
    )
    def post_login(body: LoginRequest, portal: PortalDep) -> Response:
        found = login(portal, body.username, body.password, body.device)
        if found is None:
            raise ApiError(401, "invalid_credentials", "Wrong user name or password")
        token, caller = found
        return JSONResponse(
            {
                "token": token,
                "user": {"name": caller.name, "role": caller.role.value},
                "portal": {
                    "id": portal.portal_id,
                    "epoch": portal.epoch(),
                    "signing_key": portal.signing_key.public_key_b64,
                },
            },
            headers={"Cache-Control": "no-store"},
        )

    @app.post(
        f"{API}/logout",
        status_code=204,
        responses={401: _ERRORS[401]},
        summary="Revoke the token of this request",
    )
    def post_logout(
        _caller: CallerDep, token: Annotated[str, Depends(bearer_token)], portal: PortalDep
    ) -> Response:
        logout(portal, token)
        return Response(status_code=204)

    @app.get(
        f"{API}/changes",
        response_model=ChangesResponse,
        responses={400: _ERRORS[400], 401: _ERRORS[401], 503: _ERRORS[503]},
        summary="The caller's own rows changed after `since`, in version order",
    )
    def get_changes(
        caller: CallerDep,
        portal: PortalDep,
        since: Annotated[int, Query(ge=0, le=ops.MAX_VERSION)] = 0,
        limit: Annotated[int | None, Query(ge=1)] = None,
    ) -> Response:
        rows = min(limit or config.feed_default_limit, config.feed_max_limit)
        with read_session(portal.engine) as session:
            answer = feed.changes(session, caller, since, rows)
        return JSONResponse(answer, headers={"Cache-Control": "no-store"})

    @app.post(
        f"{API}/ops",
        response_model=OpsResponse,
        responses={
            400: _ERRORS[400],
            401: _ERRORS[401],
            413: {"model": ErrorBody, "description": "Too many ops or too large; split it"},
            428: {"model": ErrorBody, "description": "A judge or clear op lacks base_version"},
            503: _ERRORS[503],
        },
        summary="Apply ops in order; each is answered on its own",
    )
    def post_ops(body: OpsRequest, caller: CallerDep, portal: PortalDep) -> Response:
        if len(body.ops) > config.max_ops_per_request:
            raise ApiError(
                413,
                "request_too_large",
                f"{len(body.ops)} ops in one request; send at most "
                f"{config.max_ops_per_request} at once",
            )
        if ops.missing_base_version(body.ops):
            raise ApiError(
                428,
                "precondition_required",
                "every judge and clear op needs base_version (0 for a row never seen)",
            )
        results = ops.apply_ops(portal, caller, body.ops)
        return JSONResponse({"results": results}, headers={"Cache-Control": "no-store"})

    @app.get(
        f"{API}/assessors",
        response_model=AssessorsResponse,
        responses={
            401: _ERRORS[401],
            403: {"model": ErrorBody, "description": "Only leads and administrators list them"},
            503: _ERRORS[503],
        },
        summary="The enabled assessors by name (leads and admins), for `reassign`",
    )
    def get_assessors(caller: CallerDep, portal: PortalDep) -> Response:
        if caller.role not in (Role.LEAD, Role.ADMIN):
            raise ApiError(403, "forbidden", "Only leads and administrators list the assessors")
        names = enabled_assessors(portal)
        return JSONResponse(
            {"assessors": [{"name": name} for name in names]},
            headers={"Cache-Control": "no-store"},
        )

    bundle_doc: dict[str, Any] = dict(
        responses={
            200: {"content": {"application/zip": {}}, "description": "The whole bundle"},
            206: {"content": {"application/zip": {}}, "description": "The requested range"},
            401: _ERRORS[401],
            404: {"model": ErrorBody, "description": "Not found, or not assigned to you"},
            416: {"model": ErrorBody, "description": "The range starts past the end"},
        },
        response_class=Response,
    )

    @app.head(
        f"{API}/bundles/{{submission_id}}",
        operation_id="head_bundle",
        summary="The headers of a bundle download, without the body",
        **bundle_doc,
    )
    @app.get(
        f"{API}/bundles/{{submission_id}}",
        operation_id="get_bundle",
        summary="Download a bundle assigned to the caller (Range, If-Range, strong ETag)",
        **bundle_doc,
    )
    def get_bundle(
        submission_id: str, request: Request, caller: CallerDep, portal: PortalDep
    ) -> Response:
        if not ops.ID.fullmatch(submission_id):
            raise not_found()
        with read_session(portal.engine) as session:
            found = session.execute(
                select(Submission.bundle_sha256, Submission.bundle_size)
                .join(Assignment, Assignment.submission_id == Submission.id)
                .where(
                    Submission.id == submission_id,
                    Assignment.user_id == caller.user_id,
                    Assignment.state != "revoked",
                )
            ).first()
        if found is None:
            raise not_found()
        sha, size = found.bundle_sha256, found.bundle_size
        path = portal.bundle_path(sha)
        if not path.is_file():
            log.error("bundle file missing: %s", path)
            raise ApiError(500, "bundle_missing", "The bundle file is missing on the portal")
        etag = etag_of(sha)
        plan = plan_download(
            request.method,
            size,
            etag,
            request.headers.get("range"),
            request.headers.get("if-range"),
        )
        headers = {
            "Accept-Ranges": "bytes",
            "ETag": etag,
            "Cache-Control": "private, no-cache",
        }
        if plan.status == 416:
            raise ApiError(
                416,
                "range_not_satisfiable",
                f"The range starts at or past the end of the bundle ({size:,} bytes)",
                {**headers, "Content-Range": f"bytes */{size}"},
            )
        headers["Content-Length"] = str(plan.length)
        if plan.status == 206:
            headers["Content-Range"] = f"bytes {plan.start}-{plan.end}/{size}"
        if request.method == "HEAD":
            return Response(status_code=plan.status, headers=headers, media_type="application/zip")
        return StreamingResponse(
            file_chunks(path, plan.start, plan.length),
            status_code=plan.status,
            headers=headers,
            media_type="application/zip",
        )
