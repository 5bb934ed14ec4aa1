"""Write transactions that survive the database's own concurrency refusals.

Every write path takes its row locks in one order (a document, then its agreements by id), so
PostgreSQL should never need to break a deadlock; still, a deadlock, a serialization failure or a
busy SQLite file is an answer to try again, never a reason to throw away an extraction or answer 500.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from tenacity import (
    Retrying,
    before_sleep_log,
    retry_if_exception,
    stop_after_attempt,
    wait_random_exponential,
)

log = logging.getLogger(__name__)
T = TypeVar("T")
# deadlock_detected, serialization_failure, lock_not_available (PostgreSQL SQLSTATEs)
TRANSIENT_SQLSTATES = frozenset({"40P01", "40001", "55P03"})
ATTEMPTS = 5


def is_transient(error: BaseException) -> bool:
    """True for errors that mean "another transaction was in the way", not "this cannot work"."""
    if not isinstance(error, DBAPIError) or error.connection_invalidated:
        return False
    sqlstate = getattr(error.orig, "sqlstate", None)
    if sqlstate in TRANSIENT_SQLSTATES:
        return True
    return "database is locked" in str(error.orig)


def retrying() -> Retrying:
    return Retrying(retry=retry_if_exception(is_transient), stop=stop_after_attempt(ATTEMPTS),
                    wait=wait_random_exponential(multiplier=0.02, max=0.5), reraise=True,
                    before_sleep=before_sleep_log(log, logging.WARNING))


def in_transaction(sessions: sessionmaker[Session], work: Callable[[Session], T]) -> T:
    """Run `work` in its own transaction, again from the start when the database refused it for a
    transient reason. `work` must not have effects outside the database before it returns."""
    for attempt in retrying():
        with attempt, sessions.begin() as session:
            return work(session)
    raise AssertionError("unreachable: tenacity re-raises the last error")
