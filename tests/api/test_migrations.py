"""The Alembic migrations build exactly the schema the table classes describe, on both backends, and
running them again is a no-op."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from api.config import Settings
from api.storage.db import make_engine, migrate
from api.storage.tables import Base


def test_migrated_schema_matches_the_models(settings: Settings) -> None:
    engine = make_engine(settings.database_url)
    try:
        migrate(engine)
        migrate(engine)
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
            assert differences == []
            assert set(inspect(connection).get_table_names()) == {*Base.metadata.tables, "alembic_version"}
            assert MigrationContext.configure(connection).get_current_revision() == "0005"
    finally:
        engine.dispose()
