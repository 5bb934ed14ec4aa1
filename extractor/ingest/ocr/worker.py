"""One page in a pool worker: image -> deskew -> OCR (-> orientation fix) (-> light fix) -> page ink
(rules, stamps, word boxes cut to ink, ruled cells and weak words read again) -> lone numbers read
again -> number punctuation checked -> words, rules, marks and unread ink.

Tasks and results are small picklable models: the worker re-opens the file itself and sends back
words only, so the parent never holds a page image and memory stays flat on long bundles.
"""

from __future__ import annotations

import time
from contextlib import suppress
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from extractor.errors import OCR_FAILED, PAGE_TIMEOUT
from extractor.ingest.ocr.cells import reread_cells
from extractor.ingest.ocr.engine import EngineName, OcrEngine, OcrFailure, OcrTimeout, PixelWord
from extractor.ingest.ocr.engines import get_engine
from extractor.ingest.ocr.enhance import UNREAD_INK_SHARE, flatten_background, unread_ink_share
from extractor.ingest.ocr.ink import RuledPage, mark_boxes, tightened_boxes
from extractor.ingest.ocr.numerals import check_numerals
from extractor.ingest.ocr.orphans import read_orphans, unread_regions
from extractor.ingest.ocr.render import PageImage, load_image_frame, render_pdf_page
from extractor.ingest.ocr.weak_words import reread_weak_words
from extractor.ingest.orientation import MIN_CORRECTION, deskew, downscale, estimate_skew, rotate_clockwise
from extractor.ingest.triage import SEPARATORS, is_number_or_known_word
from extractor.ingest.word_lines import words_to_lines
from models.document import Mark, Page, PageInfo, Problem, Rule, Word

OSD_DPI = 150
SUSPECT_CONFIDENCE = 0.6
SUSPECT_WORDS = 15
OSD_MIN_CONFIDENCE = 1.5
FLAT_MARGIN = 1.15


class OcrTask(BaseModel):
    path: Path
    kind: Literal["pdf", "image"]
    number: int
    dpi: int
    lang: str
    timeout_s: float
    reason: str
    password: str | None = None
    max_image_pixels: int = 200_000_000
    second_reading: bool = True
    engine: EngineName = "auto"
    tesseract_cmd: str | None = None
    width: float = 0.0
    height: float = 0.0


class OcrResult(BaseModel):
    page: Page
    problems: list[Problem] = Field(default_factory=list)


class Reading(BaseModel):
    """One OCR attempt at one orientation, with the upright image it read (never sent back)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    rotation: int
    skew: float
    width_px: int
    height_px: int
    words: list[PixelWord]
    rules: list[tuple[int, int, int, int]] = Field(default_factory=list)
    marks: list[tuple[int, int, int, int]] = Field(default_factory=list)
    unread: list[tuple[int, int, int, int]] = Field(default_factory=list)
    osd_checked: bool = False
    enhanced: bool = False
    pixels: np.ndarray | None = Field(default=None, exclude=True, repr=False)
    text_ink: np.ndarray | None = Field(default=None, exclude=True, repr=False)

    @property
    def confidence(self) -> float:
        return float(np.mean([w.confidence for w in self.words])) if self.words else 0.0

    @property
    def looks_wrong(self) -> bool:
        return (len(self.words) < SUSPECT_WORDS or self.confidence < SUSPECT_CONFIDENCE
                or self.mostly_standing)

    @property
    def mostly_standing(self) -> bool:
        """Most words taller than wide: Tesseract read a sideways page line by sideways line."""
        long_words = [w for w in self.words if len(w.text) > 2]
        standing = sum(1 for w in long_words if w.height > w.width)
        return bool(long_words) and standing >= 0.5 * len(long_words)


def ocr_page(task: OcrTask) -> OcrResult:
    deadline = time.monotonic() + task.timeout_s
    info = PageInfo(number=task.number, source="ocr", width=task.width, height=task.height)
    try:
        image = load_page_image(task)
        reading = read_upright(image, task, get_engine(task.engine, task.tesseract_cmd), deadline)
    except OcrTimeout:
        return failed(task, info, PAGE_TIMEOUT, f"OCR of page {task.number} took longer than "
                      f"{task.timeout_s:g} s; the page is left empty (raise page_timeout_s to retry)")
    except OcrFailure as error:
        return failed(task, info, OCR_FAILED, f"OCR of page {task.number} failed: {error}")
    except Exception as error:  # an unreadable page image must not take the file down with it
        return failed(task, info, OCR_FAILED, f"page {task.number} could not be rendered or read: "
                      f"{type(error).__name__}: {error}")
    return OcrResult(page=reading_to_page(task, image, reading))


def load_page_image(task: OcrTask) -> PageImage:
    if task.kind == "pdf":
        return render_pdf_page(task.path, task.password, task.number, task.dpi)
    return load_image_frame(task.path, task.number, task.dpi, task.max_image_pixels)


def read_upright(image: PageImage, task: OcrTask, engine: OcrEngine, deadline: float) -> Reading:
    reading = read_at(image.pixels, 0, image.dpi, task, engine, deadline)
    if reading.looks_wrong:
        reading = check_orientation(image, reading, task, engine, deadline)
    reading = with_flattened_light(image, reading, task, engine, deadline)
    reading = with_page_structure(reading, image.dpi, task, engine, deadline)
    reading = with_orphans(reading, image.dpi, task, engine, deadline)
    if reading.pixels is not None:
        reading.words = check_numerals(reading.pixels, reading.words)
        if reading.text_ink is not None:
            reading.unread = unread_regions(reading.pixels, reading.words, reading.text_ink)
    return reading


def check_orientation(image: PageImage, reading: Reading, task: OcrTask, engine: OcrEngine,
                      deadline: float) -> Reading:
    """OSD on a small copy (reading probes when OSD is unsure); turn, read again, keep the better."""
    small = downscale(deskew(image.pixels, reading.skew), image.dpi, OSD_DPI)
    rotation, confidence = engine.orientation(small, OSD_DPI, remaining(deadline))
    if confidence < OSD_MIN_CONFIDENCE or (rotation == 0 and reading.mostly_standing):
        rotation = orientation_by_reading(small, task, engine, deadline)
    best = reading
    if rotation:
        turned = read_at(image.pixels, rotation, image.dpi, task, engine, deadline)
        if lying_word_score(turned.words) > lying_word_score(reading.words):
            best = turned
    best.osd_checked = True
    return best


def with_flattened_light(image: PageImage, reading: Reading, task: OcrTask, engine: OcrEngine,
                         deadline: float) -> Reading:
    """Much ink left unread (uneven light or low contrast beat Tesseract's threshold): read the page
    again with its background flattened, same turn, and keep it only when it reads clearly more (a
    near tie is noise between two passes, and the first pass is what every other page gets)."""
    if reading.pixels is None:
        return reading
    if unread_ink_share(reading.pixels, image.dpi, reading.words) < UNREAD_INK_SHARE:
        return reading
    try:
        flat = read_at(flatten_background(image.pixels, image.dpi), reading.rotation, image.dpi, task, engine,
                       deadline)
    except (OcrTimeout, OcrFailure):  # the page was read once; the second look is a bonus
        return reading
    if lying_word_score(flat.words) <= FLAT_MARGIN * lying_word_score(reading.words) + 1.0:
        return reading
    flat.osd_checked = reading.osd_checked
    flat.enhanced = True
    return flat


def lying_word_score(words: list[PixelWord]) -> float:
    """Confidence mass of words read along upright lines. Tesseract also reads a sideways page line by
    sideways line, confidently, but then the words' boxes stand taller than wide."""
    return sum(w.confidence for w in words if len(w.text) > 2 and w.width > w.height)


def orientation_by_reading(small: np.ndarray, task: OcrTask, engine: OcrEngine, deadline: float) -> int:
    """OSD gives up on sparse or small-print pages (a landscape table at 150 dpi): read a small copy
    at each quarter turn and keep the turn whose words read best, by a clear margin over upright."""
    scores = {}
    for rotation in (0, 90, 180, 270):
        turned = rotate_clockwise(small, rotation) if rotation else small
        words = engine.read(turned, OSD_DPI, task.lang, remaining(deadline))
        scores[rotation] = lying_word_score(words)
    best = max(scores, key=scores.__getitem__)
    return best if best and scores[best] > 1.5 * scores[0] + 1.0 else 0


def read_at(pixels: np.ndarray, rotation: int, dpi: int, task: OcrTask, engine: OcrEngine,
            deadline: float) -> Reading:
    upright = rotate_clockwise(pixels, rotation) if rotation else pixels
    skew = estimate_skew(upright)
    if abs(skew) >= MIN_CORRECTION:
        upright = deskew(upright, skew)
    else:
        skew = 0.0
    words = engine.read(upright, dpi, task.lang, remaining(deadline))
    return Reading(rotation=rotation, skew=skew, width_px=upright.shape[1], height_px=upright.shape[0],
                   words=words, pixels=upright)


def with_page_structure(reading: Reading, dpi: int, task: OcrTask, engine: OcrEngine,
                        deadline: float) -> Reading:
    """What the ink shows besides words: table rules and stamps kept for the parser; word boxes cut to
    their ink; ruled cells read a second time."""
    if reading.pixels is None:
        return reading
    ruled = RuledPage.of(reading.pixels, dpi)
    reading.rules = ruled.segments
    reading.marks = mark_boxes(ruled, reading.words)
    reading.text_ink = ruled.text_ink
    reading.words = tightened_boxes(ruled, reading.words)
    with suppress(OcrTimeout, OcrFailure):  # the page itself was read; the second look is a bonus
        reading.words = reread_cells(ruled, reading.pixels, reading.words, engine, dpi, task.lang,
                                     remaining(deadline), every_cell=task.second_reading)
        reading.words = reread_weak_words(reading.pixels, ruled.rules, reading.words, reading.marks, engine,
                                          dpi, task.lang, remaining(deadline))
    return reading


def with_orphans(reading: Reading, dpi: int, task: OcrTask, engine: OcrEngine, deadline: float) -> Reading:
    if reading.pixels is None:
        return reading
    with suppress(OcrTimeout, OcrFailure):  # the page itself was read; the second look is a bonus
        reading.words += read_orphans(reading.pixels, reading.words, engine, dpi, task.lang,
                                      remaining(deadline), keep=recoverable)
    return reading


def recoverable(text: str) -> bool:
    return text not in SEPARATORS and is_number_or_known_word(text)


def remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise OcrTimeout("page deadline passed")
    return left


def reading_to_page(task: OcrTask, image: PageImage, reading: Reading) -> Page:
    """Pixel boxes -> PDF points on the upright page, grouped into visual lines."""
    scale = 72.0 / image.dpi

    def points(x0: int, top: int, x1: int, bottom: int) -> tuple[float, float, float, float]:
        return round(x0 * scale, 2), round(top * scale, 2), round(x1 * scale, 2), round(bottom * scale, 2)

    words = [Word(text=w.text, bbox=points(w.left, w.top, w.left + w.width, w.top + w.height),
                  confidence=round(w.confidence, 3), source="ocr", second_reading=w.second_reading)
             for w in reading.words]
    info = PageInfo(number=task.number, source="ocr",
                    rotation=(image.pdf_rotation + reading.rotation) % 360,
                    skew_degrees=reading.skew,
                    ocr_confidence=round(reading.confidence, 3) if reading.words else None,
                    width=round(reading.width_px * scale, 2), height=round(reading.height_px * scale, 2))
    reason = task.reason
    if reading.rotation:
        reason += f"; turned {reading.rotation}° by orientation check"
    elif reading.osd_checked:
        reason += "; upright per orientation check"
    if reading.enhanced:
        reason += "; read again with the background light flattened"
    return Page(info=info, decision_reason=reason, words=words_to_lines(words),
                rules=[Rule(bbox=points(*segment)) for segment in reading.rules],
                marks=[Mark(bbox=points(*mark)) for mark in reading.marks],
                unread=[points(*box) for box in reading.unread])


def failed(task: OcrTask, info: PageInfo, code: str, message: str) -> OcrResult:
    page = Page(info=info, decision_reason=f"{task.reason}; {code}", words=[])
    return OcrResult(page=page, problems=[Problem(code=code, message=message, page=task.number)])
