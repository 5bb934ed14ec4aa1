"""Both OCR engines behind `OcrEngine`: the same words from the same image, orientation, timeouts,
one model load per worker, and the fallback to pytesseract where tesserocr cannot load."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

from extractor.errors import OcrEngineMissing
from extractor.ingest.ocr import engine as engines
from extractor.ingest.ocr import tesserocr_engine
from extractor.ingest.ocr.engine import OcrTimeout
from extractor.ingest.ocr.engines import get_engine
from extractor.ingest.ocr.tesseract import TesseractCliEngine
from extractor.ingest.ocr.tesserocr_engine import TesserocrEngine, api_for
from extractor.ingest.orientation import downscale
from extractor.ingest.reader import make_task
from extractor.ingest.source import open_source
from extractor.ingest.triage import decide
from extractor.options import ExtractOptions
from extractor.pipeline import extract_or_failure
from tests.ingest import makers
from tests.ingest.conftest import SCAN_DPI

LANG = "ind+eng"


@pytest.fixture(scope="module")
def page(scan_image) -> np.ndarray:
    return np.asarray(scan_image)


def test_both_engines_read_the_same_words_boxes_and_lines(page: np.ndarray):
    """Both engines run Debian's libtesseract on the same pixels, so the fallback changes nothing the
    parser sees: same words, boxes, confidences, blocks and lines."""
    words = {name: get_engine(name).read(page, SCAN_DPI, LANG, 60) for name in ("tesserocr", "pytesseract")}
    ours, cli = words["tesserocr"], words["pytesseract"]
    assert " ".join(w.text for w in ours).startswith(makers.TITLE)
    assert len({(w.block, w.line) for w in ours}) >= 10, "lines must be numbered, not all one line"
    assert [w.model_dump() for w in ours] == [w.model_dump() for w in cli]


def test_a_strip_of_cells_is_read_as_one_block(page: np.ndarray, ocr_engine: str):
    """Cells, strips and probes are read with psm 6: one uniform block, every line in order."""
    rows = [page[int(y * SCAN_DPI / 72) - 25:int(y * SCAN_DPI / 72) + 10, 100:900] for y in (130, 152, 218)]
    strip = np.vstack([np.pad(row, 16, constant_values=255) for row in rows])
    words = get_engine(ocr_engine).read(strip, SCAN_DPI, LANG, 60, psm=6)
    text = " ".join(w.text for w in words)
    assert text.startswith("DINAS PERTANIAN DAN PANGAN KABUPATEN CONTOH Dalam rangka")
    assert "Nama : BUDI SANTOSO" in text
    assert {w.block for w in words} == {1}


@pytest.mark.parametrize("turned", [90, 180, 270])
def test_orientation_says_the_clockwise_turn_that_makes_the_page_upright(scan_image, ocr_engine: str,
                                                                       turned: int):
    small = downscale(np.asarray(makers.turn(scan_image, turned)), SCAN_DPI, 150)
    rotation, confidence = get_engine(ocr_engine).orientation(small, 150, 60)
    assert rotation == turned
    assert confidence > 1.5


def test_a_blank_page_has_no_orientation_and_no_words(ocr_engine: str):
    blank = np.full((600, 400), 255, dtype=np.uint8)
    engine = get_engine(ocr_engine)
    assert engine.orientation(blank, 150, 60) == (0, 0.0)
    assert engine.read(blank, 150, LANG, 60) == []


def test_a_read_past_its_time_is_a_timeout(page: np.ndarray, ocr_engine: str):
    with pytest.raises(OcrTimeout):
        get_engine(ocr_engine).read(np.tile(page, (2, 2)), SCAN_DPI, LANG, 0.02)


def test_each_thread_loads_a_language_once_and_keeps_it():
    first = api_for(LANG)
    assert api_for(LANG) is first, "a second call must not load the model again"
    assert api_for("ind") is not first, "another language set is another model"
    other: list = []
    thread = threading.Thread(target=lambda: other.append(api_for(LANG)))
    thread.start()
    thread.join()
    assert other[0] is not first, "an API is not thread-safe: each thread gets its own"


def test_auto_falls_back_to_pytesseract_where_tesserocr_cannot_load(monkeypatch, made: Path, scan_image):
    path = makers.image_pdf(made / "fallback.pdf", [scan_image], dpi=SCAN_DPI)
    options = ExtractOptions(workers=1, dpi=SCAN_DPI)
    try:
        with monkeypatch.context() as patch:
            patch.setitem(sys.modules, "tesserocr", None)  # `import tesserocr` now raises ImportError
            engines.tesserocr_loads.cache_clear()
            assert isinstance(get_engine("auto"), TesseractCliEngine)
            task = make_task(open_source(path, options), options, decide(1, None, True), 0.0, 0.0)
            assert task.engine == "pytesseract", "workers must get the engine the parent checked"
            with pytest.raises(OcrEngineMissing, match="pip install tesserocr"):
                TesserocrEngine().check(LANG)
            result = extract_or_failure(path, options.model_copy(update={"ocr_engine": "tesserocr"}))
            assert [p.code for p in result.errors] == ["ocr_engine_missing"]
    finally:
        engines.tesserocr_loads.cache_clear()
    assert isinstance(get_engine("auto"), TesserocrEngine)


def test_tesserocr_without_language_data_names_the_package(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    monkeypatch.setattr(tesserocr_engine, "TESSDATA_DIRS", (str(tmp_path / "none"),))
    tesserocr_engine.tessdata_dir.cache_clear()
    try:
        with pytest.raises(OcrEngineMissing, match="apt-get install tesseract-ocr"):
            TesserocrEngine().check(LANG)
    finally:
        tesserocr_engine.tessdata_dir.cache_clear()


def test_libtesseract_reads_on_one_thread_whatever_the_environment(scan_image, tmp_path: Path):
    """OpenMP in Debian's libtesseract would start a thread per core in every pool worker (3x the CPU
    on two cores); the limit must be in place before the library loads, even when nobody set it."""
    image = tmp_path / "page.png"
    scan_image.save(image)
    script = ("import os, sys\nimport numpy as np\nfrom PIL import Image\n"
              "from extractor.ingest.ocr.engines import get_engine\n"
              "pixels = np.asarray(Image.open(sys.argv[1]))\n"
              "before = len(os.listdir('/proc/self/task'))\n"
              f"get_engine('tesserocr').read(pixels, {SCAN_DPI}, '{LANG}', 60)\n"
              "print(before, len(os.listdir('/proc/self/task')))\n")
    env = {key: value for key, value in os.environ.items() if key != "OMP_THREAD_LIMIT"}
    done = subprocess.run([sys.executable, "-c", script, str(image)], capture_output=True, text=True,
                          env=env, cwd=Path(__file__).resolve().parents[2], timeout=120, check=True)
    before, after = done.stdout.split()
    assert after == before, "libtesseract left OpenMP threads behind"


def test_pool_workers_run_opencv_on_one_thread_after_the_parent_used_its_threads():
    """A one-page file is read in this process with OpenCV's thread pool running; the pool forked after
    it must neither hang (a child resizing a thread pool it did not inherit) nor run more threads."""
    script = ("import cv2, numpy\n"
              "from extractor.ingest.ocr.concurrent import get_pool\n"
              "cv2.setNumThreads(2)\n"
              "image = numpy.random.default_rng(0).integers(0, 255, (3000, 3000), dtype=numpy.uint8)\n"
              "cv2.GaussianBlur(image, (31, 31), 0)\n"
              "def blur_in_child(_):\n"
              "    return cv2.getNumThreads(), float(cv2.GaussianBlur(image, (31, 31), 0).mean()) > 0\n"
              "print(list(get_pool(2).map(blur_in_child, range(4), timeout=60)))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[2], timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == str([(1, True)] * 4)
