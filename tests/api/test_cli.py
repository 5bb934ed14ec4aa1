"""`pk-extract tokens / import / export` against a real database, without a server."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select
from typer.testing import CliRunner

from api.config import Settings, get_settings
from api.services import open_services
from api.storage.tables import AgreementRow, DocumentRow, RunRow
from api.storage.tokens import find_token
from cli import app
from tests.api.pdfs import pk_pdf


@pytest.fixture
def cli_settings(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("PK_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("PK_STORAGE_DIR", str(settings.storage_dir))
    get_settings.cache_clear()
    yield settings
    get_settings.cache_clear()


def counts(settings: Settings) -> dict[str, int]:
    services = open_services(settings)
    try:
        with services.sessions.begin() as session:
            return {table.__tablename__: session.scalar(select(func.count()).select_from(table))
                    for table in (DocumentRow, RunRow, AgreementRow)}
    finally:
        services.close()


def test_tokens_create_prints_a_working_token(cli_settings: Settings) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["tokens", "create", "--role", "reviewer", "--name", "ana"])
    assert result.exit_code == 0, result.output
    token = result.stdout.strip().splitlines()[-1]
    services = open_services(cli_settings)
    try:
        with services.sessions.begin() as session:
            row = find_token(session, token)
            assert (row.role, row.name) == ("reviewer", "ana") and row.token_hash != token
    finally:
        services.close()
    assert runner.invoke(app, ["tokens", "create", "--role", "root"]).exit_code == 2


def test_import_then_export(cli_settings: Settings, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for n in range(2):
        (inbox / f"pk-{n}.pdf").write_bytes(pk_pdf(f"cli-{n}"))
    (inbox / "broken.pdf").write_bytes(b"this is not a pdf")
    runner = CliRunner()
    result = runner.invoke(app, ["import", str(inbox), "--workers", "1"])
    assert result.exit_code == 1, result.output
    assert "extracted 3 document(s); 1 of 3 imported failed" in result.output
    assert f"✗ {inbox / 'broken.pdf'}: not_a_pdf" in result.output
    assert cli_settings.storage_dir.name not in result.output.split("imported failed")[1]
    first = counts(cli_settings)
    assert first["documents"] == first["runs"] == 3
    again = runner.invoke(app, ["import", str(inbox)])
    assert again.exit_code == 1 and "extracted 0 document(s)" in again.output
    assert counts(cli_settings) == first

    out = tmp_path / "out"
    assert runner.invoke(app, ["export", "--format", "json", "-o", str(out / "pk.json")]).exit_code == 0
    exported = json.loads((out / "pk.json").read_text(encoding="utf-8"))["agreements"]
    assert len(exported) == first["agreements"]
    assert {e["filename"] for e in exported} <= {"pk-0.pdf", "pk-1.pdf"}
    assert runner.invoke(app, ["export", "--format", "csv", "-o", str(out / "pk.csv")]).exit_code == 0
    rows = list(csv.DictReader((out / "pk.csv").open(encoding="utf-8")))
    assert {int(r["agreement_id"]) for r in rows} == {e["id"] for e in exported}
    assert (out / "pk.programs.csv").read_text(encoding="utf-8").startswith("agreement_id,document_id,")
    xlsx = runner.invoke(app, ["export", "-f", "xlsx", "-o", str(out / "pk.xlsx"), "--year", "1999"])
    assert xlsx.exit_code == 0
    workbook = load_workbook(out / "pk.xlsx")
    assert [len(list(workbook[name].iter_rows())) for name in ("targets", "programs")] == [1, 1]
