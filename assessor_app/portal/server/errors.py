"""Errors of the portal: :class:`PortalError` for the command line and set-up (one line a
person can act on), :class:`ApiError` for HTTP answers (``{"error", "message"}``)."""

from __future__ import annotations

from assessor_app.errors import AssessorError


class PortalError(AssessorError):
    """An administrative action was refused, or the portal cannot start; nothing changed."""


class ApiError(Exception):
    """An HTTP error answer: ``status`` with the JSON body ``{"error": code, "message": ...}``."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


def unauthenticated(
    message: str = "Sign in again: the token is missing, unknown or revoked",
) -> ApiError:
    return ApiError(401, "unauthenticated", message, {"WWW-Authenticate": "Bearer"})


def not_found(message: str = "Not found, or not assigned to you") -> ApiError:
    return ApiError(404, "not_found", message)
