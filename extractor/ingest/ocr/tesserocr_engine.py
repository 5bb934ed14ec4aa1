"""Tesseract inside this process through tesserocr, built against Debian's libtesseract (the library
the `tesseract` command runs, so both engines read alike) with Debian's models.

Why: through pytesseract every call writes an image file, starts a `tesseract` process and loads the
`ind`+`eng` models again (~0.1 CPU-s, nearly all of a small call), and a scanned page makes three
to five calls. Here each worker process (each thread, in a threaded service) initialises one
`PyTessBaseAPI` per language set once, for its lifetime, and every image goes over from memory.
The words come from Tesseract's result iterator exactly as its TSV output lists them.
"""

from __future__ import annotations

import glob
import os
import threading
import time
from functools import lru_cache
from pathlib import Path

import numpy as np

from extractor.errors import OcrEngineMissing
from extractor.ingest.ocr.engine import OcrFailure, OcrTimeout, PixelWord, tesserocr_loads, word_confidence
from extractor.ingest.ocr.tesseract import language_missing

TESSDATA_DIRS = ("/usr/share/tesseract-ocr/*/tessdata", "/usr/share/tessdata", "/usr/local/share/tessdata")
OSD = "osd"

_local = threading.local()


class TesserocrEngine:
    name = "tesserocr"

    def check(self, lang: str) -> None:
        if not tesserocr_loads():
            raise OcrEngineMissing("the tesserocr engine does not load here; install it with "
                                   "`pip install tesserocr` or pass --ocr-engine pytesseract", "tesserocr")
        folder = tessdata_dir()
        if folder is None:
            raise OcrEngineMissing("no Tesseract language data found (looked in "
                                   f"{', '.join(TESSDATA_DIRS)}); install it with "
                                   "`apt-get install tesseract-ocr tesseract-ocr-ind`", "tesserocr")
        missing = [code for code in lang.split("+")
                   if code and not (folder / f"{code}.traineddata").is_file()]
        if missing:
            raise language_missing(missing, str(folder))

    def read(self, pixels: np.ndarray, dpi: int, lang: str, timeout_s: float,
             psm: int = 3) -> list[PixelWord]:
        api = api_for(lang)
        set_image(api, pixels, dpi)
        api.SetPageSegMode(psm)
        try:
            return words_of(api, timeout_s)
        finally:
            api.Clear()  # the page image and its layout go now, not at the next call (memory stays flat)

    def orientation(self, pixels: np.ndarray, dpi: int, timeout_s: float) -> tuple[int, float]:
        """OSD on its own API: asked of an `ind+eng` one, libtesseract aborts the process."""
        api = api_for(OSD)
        from tesserocr import PSM

        set_image(api, pixels, dpi)
        api.SetPageSegMode(PSM.OSD_ONLY)
        try:
            found = api.DetectOrientationScript()
        finally:
            api.Clear()
        if not found:  # too few characters to tell: leave the page as it is
            return 0, 0.0
        return (360 - int(found["orient_deg"])) % 360, float(found["orient_conf"])


def words_of(api, timeout_s: float) -> list[PixelWord]:
    """Recognise the image set, then its words as Tesseract's TSV lists them: non-empty words with
    their block, paragraph and line numbers (counted from 1, as `tesseract ... tsv` does)."""
    from tesserocr import RIL

    started = time.monotonic()
    if not api.Recognize(max(1, int(timeout_s * 1000))):
        if time.monotonic() - started >= timeout_s * 0.9:
            raise OcrTimeout(f"Tesseract took longer than {timeout_s:g} s")
        raise OcrFailure("Tesseract could not recognise the image")
    words: list[PixelWord] = []
    iterator = api.GetIterator()
    if iterator is None:
        return words
    block = paragraph = line = 0
    while not iterator.Empty(RIL.BLOCK):
        if not iterator.Empty(RIL.WORD):
            if iterator.IsAtBeginningOf(RIL.BLOCK):
                block, paragraph, line = block + 1, 0, 0
            if iterator.IsAtBeginningOf(RIL.PARA):
                paragraph, line = paragraph + 1, 0
            if iterator.IsAtBeginningOf(RIL.TEXTLINE):
                line += 1
            word = pixel_word(iterator, block, paragraph * 1000 + line)
            if word is not None:
                words.append(word)
        if not iterator.Next(RIL.WORD):
            break
    return words


def pixel_word(iterator, block: int, line: int) -> PixelWord | None:
    from tesserocr import RIL

    text = (iterator.GetUTF8Text(RIL.WORD) or "").strip()
    confidence = iterator.Confidence(RIL.WORD)
    if not text or confidence < 0:
        return None
    left, top, right, bottom = iterator.BoundingBox(RIL.WORD)
    return PixelWord(text=text, left=left, top=top, width=right - left, height=bottom - top,
                     confidence=word_confidence(confidence), block=block, line=line)


def set_image(api, pixels: np.ndarray, dpi: int) -> None:
    """The 8-bit grayscale array as Tesseract's image (libtesseract copies it into its own Pix)."""
    gray = np.ascontiguousarray(pixels, dtype=np.uint8)
    height, width = gray.shape[:2]
    api.SetImageBytes(gray.tobytes(), width, height, 1, width)
    api.SetSourceResolution(dpi)


def api_for(lang: str):
    """This thread's API for `lang`, made on first use and kept: a forked worker makes its own (its
    parent's would share state with the parent), a thread too (an API is not thread-safe)."""
    if not tesserocr_loads():  # also limits OpenMP to one thread before libtesseract loads
        raise OcrFailure("the tesserocr engine does not load here")
    from tesserocr import OEM, PyTessBaseAPI

    apis = getattr(_local, "apis", None)
    if apis is None or getattr(_local, "pid", None) != os.getpid():
        apis = _local.apis = {}
        _local.pid = os.getpid()
    api = apis.get(lang)
    if api is None:
        folder = tessdata_dir()
        if folder is None:
            raise OcrFailure("no Tesseract language data found")
        oem = OEM.TESSERACT_ONLY if lang == OSD else OEM.DEFAULT
        try:
            api = PyTessBaseAPI(path=f"{folder}/", lang=lang, oem=oem)
        except RuntimeError as error:
            raise OcrFailure(f"Tesseract could not load {lang} from {folder}: {error}") from error
        apis[lang] = api
    return api


@lru_cache(maxsize=1)
def tessdata_dir() -> Path | None:
    """Where the language models lie: TESSDATA_PREFIX (Tesseract's own variable) or Debian's folder
    (the newest Tesseract version's, when several are installed)."""
    prefix = os.environ.get("TESSDATA_PREFIX")
    candidates = [prefix, f"{prefix}/tessdata"] if prefix else []
    for pattern in TESSDATA_DIRS:
        candidates += sorted(glob.glob(pattern), reverse=True)
    for candidate in candidates:
        if candidate and any(Path(candidate).glob("*.traineddata")):
            return Path(candidate)
    return None
