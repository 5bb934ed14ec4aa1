from models.agreement import Agreement, Party
from models.document import Document
from models.result import ExtractionResult


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
