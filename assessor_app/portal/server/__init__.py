"""The reference portal: a FastAPI application over SQLAlchemy that speaks sync protocol v1
(``docs/sync-protocol.md``).

The pieces other layers use are re-exported here: :class:`PortalConfig`, :func:`create_app`,
:func:`open_portal`, :func:`start_portal_in_thread` (a real server on loopback, for tests and
the desktop ``--demo`` mode) and :func:`setup_demo_portal`.
"""

from __future__ import annotations

from assessor_app.portal.server.app import create_app
from assessor_app.portal.server.config import PasswordPolicy, PortalConfig
from assessor_app.portal.server.demo_setup import DemoPortal, DemoUser, setup_demo_portal
from assessor_app.portal.server.errors import PortalError
from assessor_app.portal.server.portal import Portal, open_portal
from assessor_app.portal.server.runner import RunningPortal, start_portal_in_thread

__all__ = [
    "DemoPortal",
    "DemoUser",
    "PasswordPolicy",
    "Portal",
    "PortalConfig",
    "PortalError",
    "RunningPortal",
    "create_app",
    "open_portal",
    "setup_demo_portal",
    "start_portal_in_thread",
]
