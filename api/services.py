"""What every entry point (web app, CLI, a worker on another machine) needs: the database and the file
store, opened from settings, with the schema migrated."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from api.config import Settings
from api.storage.db import make_engine, make_read_sessionmaker, make_sessionmaker, migrate
from api.storage.files import FileStore


@dataclass
class Services:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    reads: sessionmaker[Session]
    store: FileStore

    def close(self) -> None:
        self.engine.dispose()


def open_services(settings: Settings) -> Services:
    from api.storage.agreements import rebuild_outdated

    engine = make_engine(settings.database_url)
    migrate(engine)
    sessions = make_sessionmaker(engine)
    rebuild_outdated(sessions)  # agreements kept before migration 0004 (a no-op once done)
    return Services(settings=settings, engine=engine, sessions=sessions,
                    reads=make_read_sessionmaker(engine), store=FileStore(settings.storage_dir))
