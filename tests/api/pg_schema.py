"""A fresh PostgreSQL schema for one test or one benchmark run, dropped afterwards: runs share the
machine's database without seeing each other's tables."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

PG_URL = os.environ.get("PK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@contextmanager
def fresh_schema(database_url: str = PG_URL, prefix: str = "pk_test") -> Iterator[str]:
    """The database URL with its search path on a new schema named `prefix_<random>`."""
    import psycopg

    plain = database_url.replace("postgresql+psycopg", "postgresql")
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
    separator = "&" if "?" in database_url else "?"
    try:
        yield f"{database_url}{separator}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(plain, autocommit=True) as connection:
            connection.execute(f'DROP SCHEMA "{schema}" CASCADE')
