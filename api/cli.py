"""Service commands of `pk-extract`: serve, worker, tokens, export, import (registered by `cli`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.console import Console

err = Console(stderr=True)
tokens_app = typer.Typer(no_args_is_help=True, help="API tokens (only their hashes are stored).")


def _services():  # type: ignore[no-untyped-def]
    from api.config import get_settings
    from api.services import open_services

    return open_services(get_settings())


def serve(host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
          port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
          web_processes: Annotated[int, typer.Option(min=1, help=(
              "Processes answering HTTP. Above 1, the extraction workers run under this main process "
              "instead, once, beside the web processes."))] = 1) -> None:
    """Run the HTTP service (uvicorn); settings come from PK_* environment variables. SIGTERM or Ctrl-C
    stops it in order: workers finish the job in hand (up to PK_STOP_GRACE_S) or give it back."""
    import uvicorn

    from api.config import get_settings
    from api.logs import configure_logging, logging_config

    settings = get_settings()
    configure_logging(settings.log_level)
    options = {"host": host, "port": port, "log_config": logging_config(settings.log_level),
               "access_log": False, "server_header": False, "loop": "uvloop", "http": "httptools"}
    if web_processes == 1:
        from api.main import create_app

        uvicorn.run(create_app(), **options)
        return
    from api.main import run_workers_beside

    with run_workers_beside(settings):
        uvicorn.run("api.main:create_app", factory=True, workers=web_processes, **options)


def worker(concurrency: Annotated[int | None, typer.Option("--concurrency", "-c", min=1, help=(
               "Extraction processes on this machine (default: PK_WORKERS)."))] = None,
           name: Annotated[str, typer.Option(help="Celery node name; unique per worker on one host.")
                           ] = "pk@%h") -> None:
    """Run a Celery worker: takes extraction tasks from PK_BROKER_URL, reads files from PK_STORAGE_DIR and
    stores runs in PK_DATABASE_URL (run any number, on any machine). SIGTERM lets the jobs in hand
    finish; a worker killed outright gives them back through the lease."""
    from api.config import get_settings
    from api.logs import configure_logging
    from api.services import open_services

    settings = get_settings()
    configure_logging(settings.log_level)
    open_services(settings).close()  # migrate once, before the pool processes open the database
    from api.celery_app import make_celery

    processes = concurrency or max(settings.workers, 1)
    make_celery(settings).worker_main([
        "worker", f"--concurrency={processes}", "--pool=prefork", f"--hostname={name}",
        f"--loglevel={settings.log_level}", "--without-gossip", "--without-mingle"])


@tokens_app.command("create")
def tokens_create(role: Annotated[str, typer.Option(help="viewer, reviewer or admin")],
                  name: Annotated[str, typer.Option(help="Who uses it; recorded on corrections.")] = "",
                  ) -> None:
    """Create a token and print it (once)."""
    from api.storage.tokens import ROLES, create_token

    if role not in ROLES:
        err.print(f"[red]role must be one of {', '.join(ROLES)}[/red]")
        raise typer.Exit(2)
    services = _services()
    try:
        with services.sessions.begin() as session:
            row, token = create_token(session, role, name)
            err.print(f"token {row.id} ({role}{', ' + name if name else ''}); store it now, it is not kept:")
    finally:
        services.close()
    print(token)


@tokens_app.command("list")
def tokens_list() -> None:
    from api.storage.tokens import list_tokens

    services = _services()
    try:
        with services.sessions.begin() as session:
            for row in list_tokens(session):
                state = "revoked" if row.revoked else "active"
                print(f"{row.id}\t{row.role}\t{state}\t{row.name}\t{row.created_at:%Y-%m-%d %H:%M}")
    finally:
        services.close()


@tokens_app.command("revoke")
def tokens_revoke(token_id: Annotated[int, typer.Argument(help="The token's id (see `tokens list`).")],
                  ) -> None:
    from api.storage.tokens import revoke_token

    services = _services()
    try:
        with services.sessions.begin() as session:
            if not revoke_token(session, token_id):
                err.print(f"[red]no active token {token_id}[/red]")
                raise typer.Exit(1)
    finally:
        services.close()


def export(
    fmt: Annotated[Literal["csv", "xlsx", "json"], typer.Option("--format", "-f", help="Output format.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write; for CSV the programs go "
                                         "to NAME.programs.csv beside it.")],
    year: Annotated[int | None, typer.Option(help="Only this year.")] = None,
    government: Annotated[str | None, typer.Option(help="Government contains.")] = None,
    organization: Annotated[str | None, typer.Option(help="Organization contains.")] = None,
    person: Annotated[str | None, typer.Option(help="A party's name contains.")] = None,
    nip: Annotated[str | None, typer.Option(help="A party's NIP.")] = None,
    needs_review: Annotated[bool | None, typer.Option("--needs-review/--reviewed",
                                                      help="Only records with / without flags.")] = None,
    status: Annotated[str | None, typer.Option(help="extracted, corrected or confirmed.")] = None,
) -> None:
    """Export effective records (corrections applied), filtered like GET /agreements."""
    from api import exports
    from api.storage.agreements import AgreementFilters

    filters = AgreementFilters(year=year, government=government, organization=organization, person=person,
                               nip=nip, needs_review=needs_review, status=status)
    services = _services()
    try:
        with services.sessions.begin() as session:
            records = list(exports.iter_records(session, filters))
    finally:
        services.close()
    output.parent.mkdir(parents=True, exist_ok=True)
    written = [output]
    if fmt == "json":
        output.write_text(exports.to_json(records), encoding="utf-8")
    elif fmt == "xlsx":
        output.write_bytes(exports.to_xlsx(records))
    else:
        programs = output.with_name(f"{output.stem}.programs.csv")
        output.write_text(exports.to_csv(records, "targets"), encoding="utf-8")
        programs.write_text(exports.to_csv(records, "programs"), encoding="utf-8")
        written.append(programs)
    err.print(f"{len(records)} agreement(s) -> {', '.join(str(p) for p in written)}")


def import_files(paths: Annotated[list[Path], typer.Argument(help="Files or folders, searched recursively.")],
                 workers: Annotated[int | None, typer.Option("--workers", "-w", min=1, help=(
                     "OCR processes per document (default: PK_OCR_WORKERS)."))] = None) -> None:
    """Store files in the database and extract them here, without a server (resumes unfinished jobs).

    Exit codes as `extract`: 0 every file was read, 1 some file failed (each named as you gave it),
    2 no input file."""
    from api.storage import documents
    from api.storage.files import UploadTooLarge
    from api.storage.tables import DocumentRow
    from api.worker import recover, run_until_idle
    from extractor.batch import collect_inputs
    from extractor.errors import readable

    inputs = collect_inputs(paths)
    if not inputs:
        err.print("[red]No input files found.[/red]")
        raise typer.Exit(2)
    services = _services()
    if workers:
        services.settings = services.settings.model_copy(update={"ocr_workers": workers})
    given: dict[int, str] = {}
    unreadable: list[str] = []
    try:
        for path in inputs:
            try:
                with path.open("rb") as handle:
                    sha, size = services.store.put_stream(handle, services.settings.max_upload_bytes)
            except UploadTooLarge:
                unreadable.append(f"{readable(path)}: larger than PK_MAX_UPLOAD_BYTES "
                                  f"({services.settings.max_upload_bytes:,} bytes)")
                continue
            except OSError as error:
                unreadable.append(f"{readable(path)}: cannot be read ({error.strerror})")
                continue
            with services.sessions.begin() as session:
                row, duplicate = documents.add_upload(session, sha, readable(path.name), size)
                session.flush()
                given.setdefault(row.id, readable(path))
                err.print(f"{'=' if duplicate else '+'} {readable(path)} -> document {row.id}", markup=False,
                          soft_wrap=True)
        recover(services)
        count = run_until_idle(services)
        with services.sessions.begin() as session:
            rows = [session.get(DocumentRow, document_id) for document_id in given]
            failed = [row for row in rows if row is not None and row.status == documents.FAILED]
            err.print(f"extracted {count} document(s); {len(failed) + len(unreadable)} of {len(inputs)} "
                      f"imported failed")
            for line in unreadable:
                err.print(f"  ✗ {line}", markup=False, soft_wrap=True)
            for row in failed:
                reasons = "; ".join(f"{p['code']}: {p['message']}" for p in row.problems)
                err.print(f"  ✗ {given[row.id]}: {reasons}", markup=False, soft_wrap=True)
    finally:
        services.close()
    if failed or unreadable:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.command("worker")(worker)
    app.command("export")(export)
    app.command("import")(import_files)
    app.add_typer(tokens_app, name="tokens")
