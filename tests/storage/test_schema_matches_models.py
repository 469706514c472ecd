"""The hand-written migrations and the ORM models describe the same schema."""

from __future__ import annotations

import re
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.schema import CreateTable

from assessor_app.storage.engine import open_engine
from assessor_app.storage.migrate import migrate
from assessor_app.storage.models import Base


def test_migrated_schema_equals_the_models(tmp_path: Path) -> None:
    db = tmp_path / "workspace.sqlite3"
    engine = open_engine(db)
    try:
        migrate(engine, db, tmp_path / "backups")
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "compare_server_default": True}
            )
            diff = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    assert diff == []


def test_constraint_names_match_the_models(tmp_path: Path) -> None:
    """compare_metadata ignores constraint names; a later batch migration relies on them."""
    db = tmp_path / "workspace.sqlite3"
    engine = open_engine(db)
    try:
        migrate(engine, db, tmp_path / "backups")
        with engine.connect() as conn:
            actual = dict(
                conn.exec_driver_sql(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'table'"
                ).all()
            )
        for table in Base.metadata.sorted_tables:
            expected = str(CreateTable(table).compile(dialect=engine.dialect))
            names = re.findall(r"CONSTRAINT (\w+)", expected)
            assert names, table.name
            assert sorted(re.findall(r"CONSTRAINT (\w+)", actual[table.name])) == sorted(names)
    finally:
        engine.dispose()
