"""An open portal: configuration, database engine and signing key, passed explicitly to
everything that needs them (the HTTP app, the command line, the demo set-up)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from assessor_app.portal.server.config import PortalConfig
from assessor_app.portal.server.db import make_engine, read_session, safe_url
from assessor_app.portal.server.errors import PortalError
from assessor_app.portal.server.schema import ensure_schema
from assessor_app.portal.server.signing import SigningKey, load_or_create_signing_key
from assessor_app.portal.server.versions import portal_meta


@dataclass
class Portal:
    config: PortalConfig
    engine: Engine
    signing_key: SigningKey
    portal_id: str

    def bundle_path(self, bundle_sha256: str) -> Path:
        return self.config.bundle_dir / f"{bundle_sha256}.zip"

    def epoch(self) -> str:
        with read_session(self.engine) as session:
            return portal_meta(session).epoch

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Portal:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def open_portal(config: PortalConfig) -> Portal:
    """Create the data folder, the schema and the signing key where missing; check them
    where present. Raises :class:`PortalError` with one line when the portal cannot start."""
    data = config.data_dir
    if data.exists() and not data.is_dir():
        raise PortalError(f"{data} exists and is not a folder")
    try:
        config.bundle_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PortalError(f"cannot create {config.bundle_dir}: {exc.strerror or exc}") from exc
    key = load_or_create_signing_key(config.signing_key_path)
    engine = make_engine(config.database_url)
    try:
        ensure_schema(engine)
        with read_session(engine) as session:
            portal_id = portal_meta(session).portal_id
    except PortalError:
        engine.dispose()
        raise
    except SQLAlchemyError as exc:
        engine.dispose()
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        raise PortalError(
            f"cannot open the database {safe_url(config.database_url)}: "
            f"{reason[0] if reason else type(exc).__name__}"
        ) from exc
    return Portal(config=config, engine=engine, signing_key=key, portal_id=portal_id)
