"""Fixtures of the portal tests (helpers in :mod:`support.portal`).

``world`` is a real portal on loopback, on SQLite; ``db_world`` is parametrized over SQLite
and a real PostgreSQL cluster (started once per session; skipped with the reason when there
is no driver or no initdb).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support import postgres
from support.bundles import write_sample_bundle
from support.portal import (
    S1,
    S2,
    S3,
    World,
    copy_world,
    fast_config,
    populate,
    serve_world,
)

from assessor_app.portal.server import PortalConfig


@pytest.fixture(scope="session")
def sample_bundles(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("portal-bundles")
    return {sid: write_sample_bundle(out / f"{sid}.zip", sid) for sid in (S1, S2, S3)}


@pytest.fixture(scope="session")
def sqlite_template(
    tmp_path_factory: pytest.TempPathFactory, sample_bundles: dict[str, Path]
) -> PortalConfig:
    """A populated portal on SQLite that each test copies (cheaper than populating anew)."""
    config = fast_config(tmp_path_factory.mktemp("template") / "portal")
    populate(config, sample_bundles)
    return config


@pytest.fixture(scope="session")
def pg_template(
    tmp_path_factory: pytest.TempPathFactory,
    sample_bundles: dict[str, Path],
    pg_cluster: postgres.Cluster,
) -> PortalConfig:
    """The same on PostgreSQL: a template database plus its data folder."""
    config = fast_config(
        tmp_path_factory.mktemp("pg-template") / "portal", pg_cluster.new_database()
    )
    populate(config, sample_bundles)
    return config


@pytest.fixture
def world(tmp_path: Path, sqlite_template: PortalConfig) -> Iterator[World]:
    yield from serve_world(copy_world(sqlite_template, tmp_path, None))


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[postgres.Cluster]:
    reason = postgres.why_unavailable()
    if reason is not None:
        pytest.skip(reason)
    cluster = postgres.Cluster()
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_world(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[World]:
    """A populated portal on SQLite, then on a real PostgreSQL."""
    if request.param == "sqlite":
        template: PortalConfig = request.getfixturevalue("sqlite_template")
        yield from serve_world(copy_world(template, tmp_path, None))
        return
    cluster: postgres.Cluster = request.getfixturevalue("pg_cluster")
    template = request.getfixturevalue("pg_template")
    assert template.db_url is not None
    url = cluster.new_database(template=postgres.Cluster.name_of(template.db_url))
    yield from serve_world(copy_world(template, tmp_path, url))
