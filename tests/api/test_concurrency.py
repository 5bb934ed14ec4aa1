"""Writers at the same moment, on SQLite and PostgreSQL: reviewers' corrections against workers storing
re-extractions (no deadlock), a deletion against an upload of the same bytes (no lost file), and a
re-extraction that flags a corrected field only when it reads something new."""

from __future__ import annotations

import io
import sqlite3
import threading
import time
from pathlib import Path

from sqlalchemy import create_engine, event, select, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import sessionmaker

from api.config import Settings
from api.routes.documents import delete_with_file
from api.services import Services, open_services
from api.storage import documents
from api.storage.corrections import Edit, VersionConflict, correct
from api.storage.tables import AgreementRow, DocumentRow
from api.storage.transactions import in_transaction, is_transient
from api.uploads import store_files
from tests.api.conftest import Api, make_tokens, running, store_run
from tests.api.pdfs import pk_pdf
from tests.api.sample_records import sample_agreement, sample_result


def _three_agreements(tag: str):  # type: ignore[no-untyped-def]
    return sample_result(f"{tag}.pdf", "0" * 64, [sample_agreement(organization=name)
                                                  for name in ("Dinas A", "Dinas B", "Dinas C")])


def test_corrections_and_stored_reextractions_never_deadlock(settings: Settings) -> None:
    """Four reviewers correct the three agreements of a document while a worker stores its
    re-extraction over and over, each in one plain transaction (no retry to hide a deadlock)."""
    services = open_services(settings)
    errors: list[str] = []
    done = {"patches": 0, "runs": 0}
    result = _three_agreements("deadlock")
    try:
        document_id = store_run(services, pk_pdf("deadlock"), "deadlock.pdf", result)
        with services.sessions.begin() as session:
            ids = sorted(session.scalars(select(AgreementRow.id)).all())
        stop_at = time.monotonic() + 3.0

        def reviewer(offset: int) -> None:
            n = offset
            while time.monotonic() < stop_at:
                agreement_id = ids[n % len(ids)]
                n += 1
                try:
                    with services.sessions.begin() as session:
                        version = session.get(AgreementRow, agreement_id).version
                    with services.sessions.begin() as session:
                        correct(session, agreement_id, version, Edit(changes=[("sub_unit", f"Bidang {n}")]),
                                "ana")
                    done["patches"] += 1
                except VersionConflict:
                    pass
                except DBAPIError as error:
                    errors.append(f"PATCH: {error.orig}")

        def worker() -> None:
            while time.monotonic() < stop_at:
                with services.sessions.begin() as session:
                    documents.requeue(session, document_id)
                claim = documents.claim_next(services.sessions)
                if claim is None:
                    continue
                try:
                    with services.sessions.begin() as session:
                        assert documents.finish(session, claim[0], claim[1], result, "test")
                    done["runs"] += 1
                except DBAPIError as error:
                    errors.append(f"finish: {error.orig}")
                    with services.sessions.begin() as session:
                        documents.requeue_interrupted(session, max_attempts=1000)

        threads = [threading.Thread(target=reviewer, args=(n,)) for n in range(4)]
        threads.append(threading.Thread(target=worker))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert done["patches"] > 0 and done["runs"] > 0, done
    finally:
        services.close()


def _incoming(services: Services, data: bytes):  # type: ignore[no-untyped-def]
    return services.store.receive(io.BytesIO(data), "again.pdf", len(data))


def test_deleting_while_the_same_bytes_are_uploaded_never_loses_the_file(settings: Settings) -> None:
    services = open_services(settings)
    data = pk_pdf("delete-race")
    lost = []
    try:
        for round_number in range(25):
            incoming = _incoming(services, data)
            document_id = store_files(services, [incoming])[0].id
            incoming.discard()
            again = _incoming(services, data)
            barrier = threading.Barrier(2)

            def delete(document_id: int = document_id, barrier: threading.Barrier = barrier) -> None:
                barrier.wait()
                delete_with_file(services, document_id)

            def upload(again=again, barrier=barrier) -> None:  # type: ignore[no-untyped-def]
                barrier.wait()
                store_files(services, [again])

            threads = [threading.Thread(target=delete), threading.Thread(target=upload)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            again.discard()
            with services.sessions.begin() as session:
                row = session.scalar(select(DocumentRow).where(DocumentRow.sha256 == again.sha256))
                if row is not None:
                    if not services.store.path_for(row.sha256).exists():
                        lost.append(round_number)
                    session.delete(row)
        assert lost == []
    finally:
        services.close()


def test_reextraction_flags_a_correction_only_when_the_reading_changed(settings: Settings) -> None:
    idle = settings.model_copy(update={"workers": 0})
    services = open_services(idle)
    try:
        document_id = store_run(services, pk_pdf("reread"), "re.pdf", sample_result("re.pdf", "0" * 64))
    finally:
        services.close()
    with running(idle, make_tokens(idle)) as api:
        agreement_id = api.get(f"/documents/{document_id}").json()["agreement_ids"][0]
        patch = {"changes": [{"path": "first_party.nip", "value": "197001012000032001"},
                             {"path": "organization", "value": "Dinas Kesehatan Daerah"}],
                 "confirmations": ["first_party.rank"]}
        headers = api.headers("reviewer", **{"If-Match": '"1"'})
        assert api.client.patch(f"/agreements/{agreement_id}", json=patch, headers=headers).status_code == 200
        # The extractor reads exactly what it read before for the NIP and the rank, but a new organization.
        same = sample_agreement(organization="Dinas Kesehatan Kota")
        _reextract(api, document_id, sample_result("re.pdf", "0" * 64, [same]))
        record = api.get(f"/agreements/{agreement_id}").json()["agreement"]
        nip, rank, organization = (record["first_party"]["nip"], record["first_party"]["rank"],
                                   record["organization"])
        assert (nip["value"], nip["needs_review"], nip["reasons"]) == ("197001012000032001", False, [])
        assert (rank["status"], rank["needs_review"]) == ("confirmed", False)
        assert organization["needs_review"] and organization["reasons"] == ["reextract_disagrees"]
        # A second re-extraction that reads a new NIP and a new rank flags both.
        changed = sample_agreement(organization="Dinas Kesehatan Kota", nip="198001012000032009")
        changed.first_party.rank.value = "Pembina (IV/a)"
        _reextract(api, document_id, sample_result("re.pdf", "0" * 64, [changed]))
        record = api.get(f"/agreements/{agreement_id}").json()["agreement"]
        assert record["first_party"]["nip"]["reasons"] == ["reextract_disagrees"]
        assert record["first_party"]["rank"]["reasons"] == ["reextract_disagrees"]
        assert record["first_party"]["nip"]["value"] == "197001012000032001"


def _reextract(api: Api, document_id: int, result) -> None:  # type: ignore[no-untyped-def]
    assert api.client.post(f"/documents/{document_id}/reextract", headers=api.headers()).status_code == 202
    services = api.client.app.state.services
    claimed_id, token = documents.claim_next(services.sessions)
    assert claimed_id == document_id
    with services.sessions.begin() as session:
        assert documents.finish(session, document_id, token, result, "test-2")


def test_an_agreement_stored_before_records_were_kept_is_computed_on_read(api: Api, settings: Settings
                                                                          ) -> None:
    services = open_services(settings)
    try:
        document_id = store_run(services, pk_pdf("no-record"), "old.pdf", sample_result("old.pdf", "0" * 64))
        agreement_id = api.get(f"/documents/{document_id}").json()["agreement_ids"][0]
        kept = api.get(f"/agreements/{agreement_id}").json()
        with services.sessions.begin() as session:
            session.get(AgreementRow, agreement_id).record = None
        assert api.get(f"/agreements/{agreement_id}").json() == kept
    finally:
        services.close()


def test_a_transaction_refused_for_a_busy_database_is_run_again(tmp_path: Path) -> None:
    """SQLite answers "database is locked" while another connection writes: the write is retried
    from the start, not failed."""
    url = f"sqlite:///{tmp_path / 'busy.db'}"
    engine = create_engine(url, connect_args={"timeout": 0.05, "isolation_level": None})
    event.listen(engine, "begin", lambda connection: connection.exec_driver_sql("BEGIN IMMEDIATE"))
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE t (n INTEGER)")
    blocker = sqlite3.connect(tmp_path / "busy.db", isolation_level=None, check_same_thread=False)
    blocker.execute("BEGIN IMMEDIATE")
    threading.Timer(0.15, blocker.commit).start()
    attempts = []

    def write(session) -> int:  # type: ignore[no-untyped-def]
        attempts.append(1)
        session.execute(text("INSERT INTO t VALUES (1)"))
        return len(attempts)

    try:
        assert in_transaction(sessionmaker(engine), write) > 1
        assert is_transient(OperationalError("INSERT", {}, sqlite3.OperationalError("database is locked")))
        assert not is_transient(OperationalError("INSERT", {}, sqlite3.OperationalError("no such table")))
    finally:
        blocker.close()
        engine.dispose()
