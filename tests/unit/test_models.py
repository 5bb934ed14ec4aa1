from pathlib import Path

from models.agreement import Agreement, Party
from models.document import Document
from models.result import ExtractionResult

ROOT = Path(__file__).resolve().parents[2]


def test_result_serialises_in_contract_shape():
    result = ExtractionResult(
        document=Document(filename="a.pdf", sha256="0" * 64, page_count=1),
        agreements=[Agreement(first_party=Party())],
    )
    data = result.model_dump(mode="json")
    assert data["schema_version"] == "1"
    agreement = data["agreements"][0]
    assert set(agreement) == {
        "pages", "year", "is_revision", "document_number", "government", "organization",
        "sub_unit", "first_party", "second_party", "signing_place", "signing_date",
        "performance_targets", "programs", "total_budget",
    }
    assert set(agreement["year"]) == {
        "value", "raw", "confidence", "needs_review", "reasons", "page", "bbox",
    }
    assert agreement["second_party"] is None
    assert set(agreement["first_party"]) == {"name", "nip", "position", "rank"}


def test_committed_json_schema_is_current():
    from models.schema import SCHEMA_PATH, current_schema_text

    assert SCHEMA_PATH.read_text(encoding="utf-8") == current_schema_text(), (
        "models/extraction_result.schema.json is stale: run `python -m models.schema`"
    )


def test_status_says_whether_the_file_was_read_whole(tmp_path):
    """success: nothing left unread; partial: a PK without its lampiran (`targets_missing`);
    failure: no page could be read."""
    import pikepdf

    from extractor.pipeline import extract_or_failure

    sample = next(iter(sorted((ROOT / "samples/corpus/born-digital").glob("bd01_*.pdf"))))
    whole = extract_or_failure(sample)
    assert (whole.status, whole.errors) == ("success", [])
    with pikepdf.open(sample) as pdf:
        del pdf.pages[1:]
        pdf.save(tmp_path / "statement-only.pdf")
    statement = extract_or_failure(tmp_path / "statement-only.pdf")
    assert statement.status == "partial" and "targets_missing" in {p.code for p in statement.errors}
    (tmp_path / "notes.pdf").write_text("not a pdf at all", encoding="utf-8")
    broken = extract_or_failure(tmp_path / "notes.pdf")
    assert broken.status == "failure" and broken.model_dump(mode="json")["status"] == "failure"
