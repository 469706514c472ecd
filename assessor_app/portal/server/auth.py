"""Who is calling: the ``Authorization: Bearer <token>`` dependency of every endpoint but
login. A missing, malformed, unknown or revoked token answers 401 ``unauthenticated``."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from assessor_app.portal.server.errors import unauthenticated
from assessor_app.portal.server.portal import Portal
from assessor_app.portal.server.users import Caller, caller_for_token

MAX_TOKEN_CHARS = 200

bearer = HTTPBearer(auto_error=False, description="The token from POST /api/v1/login")


def get_portal(request: Request) -> Portal:
    portal: Portal = request.app.state.portal
    return portal


def bearer_token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> str:
    if credentials is None or not credentials.credentials:
        raise unauthenticated("Sign in: this request carries no bearer token")
    token = credentials.credentials
    if len(token) > MAX_TOKEN_CHARS or not token.isascii():
        raise unauthenticated()
    return token


def current_caller(
    token: Annotated[str, Depends(bearer_token)],
    portal: Annotated[Portal, Depends(get_portal)],
) -> Caller:
    caller = caller_for_token(portal, token)
    if caller is None:
        raise unauthenticated()
    return caller
