"""What to tell a person whose sign-in failed, by the error the sync client raised."""

from __future__ import annotations

from assessor_app.errors import (
    AssessorError,
    ClockSkewError,
    InvalidCredentialsError,
    PortalCertificateError,
    PortalProtocolError,
    PortalRequestError,
    PortalUnreachableError,
)
from assessor_app.ui.sync.sign_in_dialog import explain as explain_in_dialog


def explain_sign_in(error: AssessorError) -> str:
    """One message that says what went wrong and what to do about it."""
    if isinstance(error, InvalidCredentialsError):
        return "Wrong user name or password. Check both (and Caps Lock) and try again."
    if isinstance(error, ClockSkewError):
        return str(error)
    if isinstance(error, PortalCertificateError):
        return (
            f"{error} Check the portal's address. If it is right, this computer does not "
            "trust the portal's certificate: ask the portal's administrator, or your IT "
            "support, to install it. Nothing was sent."
        )
    if isinstance(error, PortalUnreachableError):
        return (
            "The portal cannot be reached. Check its address and that this computer is "
            f"online, then try again. ({error})"
        )
    if isinstance(error, PortalProtocolError):
        return f"That address answers, but not as a portal does. Check the address. ({error})"
    if isinstance(error, PortalRequestError):
        return str(error)
    return explain_in_dialog(error)
