"""Words Tesseract barely believed, read again as a stretch of their line (`ocr/weak_words.py`), on
the real scans where the page pass folded a centred budget row into the name wrapped around it."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.ingest.ocr.worker import OcrTask, ocr_page
from models.document import Page


def page_read(path: Path, number: int) -> Page:
    task = OcrTask(path=path, kind="pdf", number=number, dpi=300, lang="ind+eng", timeout_s=120,
                   reason="test")
    return ocr_page(task).page


@pytest.mark.parametrize(("name", "page", "band", "printed"), [
    # the row "2  Rp  529.393.000  APBD" beside a name on two lines; first read "= ae Pata"
    ("s38", 3, (405, 425), ["Pengarusutamaan", "2", "Rp", "529.393.000", "Pemberdayaan", "Perempuan"]),
    # the name itself lost ("rw yor MOULIN an Gender Dan", "Dawan dn aan Perempuan")
    ("s40", 2, (428, 446), ["Pengarusutamaan", "Gender", "Dan", "4", "329.994.660", "Pemberdayaan",
                            "Perempuan"]),
])
def test_a_misread_stretch_of_a_tinted_budget_row_is_read_again(real_dir: Path, name: str, page: int,
                                                                band: tuple[int, int],
                                                                printed: list[str]) -> None:
    read = page_read(real_dir / f"{name}.pdf", page)
    words = [w for w in read.words if band[0] <= w.bbox[1] <= band[1]]
    assert [text for text in printed if text not in {w.text for w in words}] == []
    weak = [w.text for w in words if w.confidence < 0.5]
    assert weak == [], f"noise left beside the reading: {weak}"
    reread = [w for w in words if w.text in printed and w.second_reading is not None]
    assert reread, "the words of the stretch carry the two readings' verdict"
