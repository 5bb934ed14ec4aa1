"""The scorer on hand-made truth and predictions: the comparison rules of pk-record.md."""

from __future__ import annotations

import copy
import re

from tooling.evaluation.compare import norm_text, values_equal
from tooling.evaluation.report import overall_line
from tooling.evaluation.runner import Case, FileRun, Summary
from tooling.evaluation.scorer import score_file


def leaf(value, **extra):
    return {"value": value, **extra}


def target(objective, indicator, text, value, unit):
    return {"objective": leaf(objective), "indicator": leaf(indicator), "target": leaf(text),
            "target_value": leaf(value), "unit": leaf(unit), "quarterly_targets": None}


def truth_doc() -> dict:
    agreement = {
        "pages": [1, 2],
        "year": leaf(2024), "is_revision": leaf(False), "document_number": leaf(None),
        "government": leaf("Pemerintah Kabupaten Kendal"), "organization": leaf("Dinas Kesehatan"),
        "sub_unit": leaf(None),
        "first_party": {"name": leaf("dr. AGUS DWI LESTARI, M.Kes"), "nip": leaf("197001011990031005"),
                        "position": leaf("Kepala Dinas Kesehatan Kabupaten Kendal"),
                        "rank": leaf("Pembina Utama Muda (IV/c)")},
        "second_party": {"name": leaf("Ir. BUDI SANTOSO"), "nip": leaf(None),
                         "position": leaf("Bupati Kendal"), "rank": leaf(None)},
        "signing_place": leaf("Kendal"), "signing_date": leaf("2024-01-25"),
        "performance_targets": [
            target("Meningkatnya derajat kesehatan", "Angka Kematian Ibu", "98 /100.000 KH", 98,
                   "/100.000 KH"),
            target("Meningkatnya derajat kesehatan", "Persentase desa siaga aktif", "85,5 %", 85.5, "%"),
            target("Meningkatnya akuntabilitas", "Nilai SAKIP", "BB", None, None),
        ],
        "programs": [
            {"name": leaf("Program Pemenuhan Upaya Kesehatan"), "budget": leaf(1250000000),
             "note": leaf("APBD")},
            {"name": leaf("Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota"),
             "budget": leaf(6705258727), "note": leaf("APBD")},
        ],
        "total_budget": leaf(7955258727),
    }
    return {"schema_version": "1", "document": {"filename": "x.pdf", "page_count": 2},
            "agreements": [agreement]}


def as_prediction(truth: dict, flag: bool = False) -> dict:
    """A prediction holding the truth's values, in the extractor's full Field shape."""
    pred = copy.deepcopy(truth)

    def fill(node):
        if isinstance(node, dict) and "value" in node:
            node.update(raw=None, confidence=0.9, needs_review=flag, reasons=[], page=1, bbox=None)
        elif isinstance(node, dict):
            for child in node.values():
                fill(child)
        elif isinstance(node, list):
            for child in node:
                fill(child)

    fill(pred["agreements"])
    return pred


def test_perfect_prediction_scores_one():
    truth = truth_doc()
    score = score_file(truth, as_prediction(truth))
    tally = score.total()
    assert tally.f1 == 1.0 and tally.precision == 1.0 and tally.recall == 1.0
    assert score.clean == 1 and score.clean_share == 1.0
    assert tally.false_alarm == 0.0


def test_empty_prediction_scores_zero():
    truth = truth_doc()
    empty = {"schema_version": "1", "document": {"filename": "x.pdf", "page_count": 2}, "agreements": []}
    score = score_file(truth, empty)
    tally = score.total()
    assert tally.f1 == 0.0 and tally.predicted == 0 and tally.truth > 20
    assert score.clean == 0


def test_crashed_file_counts_as_all_missed():
    truth = truth_doc()
    score = score_file(truth, None)
    assert score.failed
    assert score.total().tp == 0 and score.total().recall == 0.0
    assert score.fields["performance_targets.indicator"].truth == 3


def test_rows_in_another_order_still_pair():
    truth = truth_doc()
    pred = as_prediction(truth)
    pred["agreements"][0]["performance_targets"].reverse()
    pred["agreements"][0]["programs"].reverse()
    score = score_file(truth, pred)
    assert score.total().f1 == 1.0 and score.clean == 1


def test_near_miss_string_does_not_count():
    truth = truth_doc()
    pred = as_prediction(truth)
    pred["agreements"][0]["first_party"]["name"]["value"] = "AGUS DWI LESTARI, M.Kes"  # title lost
    pred["agreements"][0]["organization"]["value"] = "Dinas Kesehatan Kabupaten Kendal"
    score = score_file(truth, pred)
    assert score.fields["first_party.name"].tp == 0
    assert score.fields["organization"].tp == 0
    assert score.clean == 0
    assert 0.9 < score.total().f1 < 1.0


def test_unsure_and_unlabelled_leaves_are_not_scored():
    truth = truth_doc()
    pred = as_prediction(truth)
    truth["agreements"][0]["first_party"]["rank"]["unsure"] = True
    pred["agreements"][0]["first_party"]["rank"]["value"] = "Pembina"
    del truth["agreements"][0]["signing_place"]
    pred["agreements"][0]["signing_place"]["value"] = "Semarang"
    score = score_file(truth, pred)
    assert "first_party.rank" not in score.fields
    assert "signing_place" not in score.fields
    assert score.total().f1 == 1.0 and score.clean == 1


def test_normalisation_rules():
    assert values_equal("government", "Pemerintah  Kabupaten Kendal.", "PEMERINTAH KABUPATEN KENDAL")
    assert values_equal("nip", "197001011990031005", "19700101 199003 1 005")
    assert values_equal("unit", "persen", "%")
    assert values_equal("target_value", 85.5, 85.5000000001)
    assert not values_equal("target_value", 85.5, 85.51)
    assert not values_equal("year", 2024, 2023)
    assert values_equal("signing_date", None, None)
    assert not values_equal("target", "85,5 %", "85,5")
    assert norm_text("ﬁ  Dinas\u00a0 Kesehatan,") == "fi dinas kesehatan"


def test_spurious_rows_and_agreements_are_false_positives():
    truth = truth_doc()
    pred = as_prediction(truth)
    extra = copy.deepcopy(pred["agreements"][0]["performance_targets"][0])
    extra["indicator"]["value"] = "Jumlah posyandu aktif"
    pred["agreements"][0]["performance_targets"].append(extra)
    score = score_file(truth, pred)
    tally = score.total()
    assert tally.recall == 1.0 and tally.precision < 1.0
    assert score.clean == 0

    non_pk = {"schema_version": "1", "document": {"filename": "n.pdf", "page_count": 1}, "agreements": []}
    score = score_file(non_pk, pred)
    assert score.spurious_agreements == 1 and score.clean_share == 0.0
    assert score.total().tp == 0 and score.total().predicted > 0


def test_bundle_agreements_pair_by_page_overlap():
    first = truth_doc()["agreements"][0]
    second = copy.deepcopy(first)
    second["pages"] = [3, 4]
    second["organization"]["value"] = "Inspektorat"
    truth = {"document": {"page_count": 4}, "agreements": [first, second]}
    pred = as_prediction(truth)
    pred["agreements"].reverse()
    assert score_file(truth, pred).total().f1 == 1.0


def test_review_flags_capture_and_false_alarm():
    truth = truth_doc()
    pred = as_prediction(truth, flag=False)
    pred["agreements"][0]["year"].update(value=2023, needs_review=True)
    pred["agreements"][0]["government"].update(needs_review=True)
    pred["agreements"][0]["organization"]["value"] = "Dinas Sosial"
    tally = score_file(truth, pred).total()
    assert tally.flag_wrong == 2 and tally.capture == 0.5
    assert tally.flag_right_flagged == 1 and 0 < tally.false_alarm < 0.1


def test_overall_line_format(tmp_path):
    truth = truth_doc()
    case = Case(tmp_path / "x.pdf", truth, "scanned", True)
    runs = [FileRun(case, score_file(truth, as_prediction(truth)), pages=2, seconds=3.0)]
    line = overall_line(Summary(runs))
    pattern = (r"OVERALL field_f1=\d\.\d{3} clean=\d\.\d{3} scanned=\d\.\d{3} capture=\d\.\d{3} "
               r"false_alarm=\d\.\d{3} s_per_page=\d+\.\d{2} worst_source=\S*:\d\.\d{3}/\d\.\d{3} "
               r"target_rows_f1=\d\.\d{3}")
    assert re.fullmatch(pattern, line)
    assert "field_f1=1.000" in line and "scanned=1.000" in line and "s_per_page=1.50" in line
    assert "target_rows_f1=1.000" in line


def test_an_unread_row_is_a_wrong_unflagged_outcome_unless_a_table_problem_names_its_page():
    truth = truth_doc()
    pred = as_prediction(truth)
    del pred["agreements"][0]["performance_targets"][1]
    scored = score_file(truth, pred)
    wrong = scored.fields["performance_targets.target"]
    assert (wrong.flag_wrong, wrong.flag_wrong_flagged) == (1, 0)
    rows = scored.rows["performance_targets"]
    assert (rows.truth, rows.predicted, rows.tp) == (3, 2, 2) and rows.f1 == 0.8  # rows paired, not values
    pred["errors"] = [{"code": "table_doubt", "message": "", "page": 2}]
    doubted = score_file(truth, pred).fields["performance_targets.target"]
    assert (doubted.flag_wrong, doubted.flag_wrong_flagged) == (1, 1)
    assert doubted.flag_right_flagged == doubted.flag_right == 2  # right rows become false alarms
    elsewhere = {"code": "table_doubt", "message": "", "page": 7}
    pred["errors"] = [elsewhere]
    assert score_file(truth, pred).fields["performance_targets.target"].flag_wrong_flagged == 0


def test_files_are_grouped_by_their_listed_source_worst_first(tmp_path):
    from tooling.evaluation.runner import listed_sources, source_of

    (tmp_path / "sources.tsv").write_text("id\tsource\tkind\nr1\talpha\tscanned\nr2\tbeta\tscanned\n")
    listed = listed_sources(tmp_path)
    assert source_of({}, tmp_path / "r2.pdf", listed) == "beta"
    sample = {"meta": {"renderer": "fpdf2", "group": "scanned", "features": ["layout:L2", "level:II"]}}
    assert source_of(sample, tmp_path / "scan01.pdf", listed) == "fpdf2/L2"
    truth = truth_doc()
    good = FileRun(Case(tmp_path / "r1.pdf", truth, "real", False, "alpha"),
                   score_file(truth, as_prediction(truth)), pages=2, seconds=1.0)
    bad = FileRun(Case(tmp_path / "r2.pdf", truth, "real", False, "beta"), score_file(truth, None),
                  pages=2, seconds=1.0)
    assert list(Summary([good, bad]).by_source()) == ["beta", "alpha"]
    assert "worst_source=beta:0.000/" in overall_line(Summary([good, bad]))
