"""Tesseract through pytesseract, the fallback engine: one `tesseract` process per call.

Each call writes the image as an uncompressed TIFF, starts a single-threaded Tesseract
(`OMP_THREAD_LIMIT=1`: parallelism comes from the process pool) and loads its models again, about
0.1 CPU-s before the first pixel is read; the tesserocr engine avoids that where it can load.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

import numpy as np
import pytesseract

from extractor.errors import OcrEngineMissing, OcrLanguageMissing
from extractor.ingest.ocr.engine import OcrFailure, OcrTimeout, PixelWord, word_confidence


class TesseractCliEngine:
    name = "pytesseract"

    def __init__(self, tesseract_cmd: str | None = None):
        self.cmd = tesseract_cmd or pytesseract.pytesseract.tesseract_cmd

    def check(self, lang: str) -> None:
        installed = installed_languages(self.cmd)
        missing = [code for code in lang.split("+") if code and code not in installed]
        if missing:
            raise language_missing(missing, self.cmd)

    def read(self, pixels: np.ndarray, dpi: int, lang: str, timeout_s: float,
             psm: int = 3) -> list[PixelWord]:
        with tempfile.TemporaryDirectory(prefix="pk-ocr-") as workdir:
            image = write_image(pixels, Path(workdir) / "image.tif")
            data = self.run(pytesseract.image_to_data, str(image), lang=lang,
                            config=f"--dpi {dpi} --psm {psm}", output_type=pytesseract.Output.DICT,
                            timeout=timeout_s)
        return data_to_words(data)

    def orientation(self, pixels: np.ndarray, dpi: int, timeout_s: float) -> tuple[int, float]:
        with tempfile.TemporaryDirectory(prefix="pk-osd-") as workdir:
            image = write_image(pixels, Path(workdir) / "image.tif")
            try:
                osd = self.run(pytesseract.image_to_osd, str(image), config=f"--psm 0 --dpi {dpi}",
                               output_type=pytesseract.Output.DICT, timeout=timeout_s)
            except OcrFailure:  # too few characters to tell: leave the page as it is
                return 0, 0.0
        return int(osd.get("rotate", 0)) % 360, float(osd.get("orientation_conf", 0.0))

    def run(self, function, *args, **kwargs):
        os.environ["OMP_THREAD_LIMIT"] = "1"
        pytesseract.pytesseract.tesseract_cmd = self.cmd
        try:
            return function(*args, **kwargs)
        except RuntimeError as error:
            if "timeout" in str(error).lower():
                raise OcrTimeout(str(error)) from error
            raise OcrFailure(str(error)) from error
        except (pytesseract.TesseractError, pytesseract.TesseractNotFoundError, OSError) as error:
            raise OcrFailure(str(error)) from error


def write_image(pixels: np.ndarray, path: Path) -> Path:
    """Uncompressed TIFF: a few milliseconds to write (PNG's encoder takes ~100) and the quickest
    format for Tesseract to read (its PGM reader costs ~0.1 s a page more)."""
    import cv2

    cv2.imwrite(str(path), np.ascontiguousarray(pixels, dtype=np.uint8), [cv2.IMWRITE_TIFF_COMPRESSION, 1])
    return path


def data_to_words(data: dict) -> list[PixelWord]:
    words = []
    for index, text in enumerate(data["text"]):
        text = (text or "").strip()
        conf = float(data["conf"][index])
        if not text or conf < 0:
            continue
        words.append(PixelWord(
            text=text, left=int(data["left"][index]), top=int(data["top"][index]),
            width=int(data["width"][index]), height=int(data["height"][index]),
            confidence=word_confidence(conf), block=int(data["block_num"][index]),
            line=int(data["par_num"][index]) * 1000 + int(data["line_num"][index]),
        ))
    return words


def language_missing(missing: list[str], where: str) -> OcrLanguageMissing:
    packages = " ".join(f"tesseract-ocr-{code}" for code in missing)
    return OcrLanguageMissing(f"Tesseract has no {'+'.join(missing)} language data; install it with "
                              f"`apt-get install {packages}` (or pass another --lang)", where)


@lru_cache(maxsize=8)
def installed_languages(cmd: str) -> frozenset[str]:
    """Languages of the Tesseract binary `cmd`; raises `OcrEngineMissing` when it cannot run."""
    if shutil.which(cmd) is None:
        raise OcrEngineMissing(f"the Tesseract OCR engine ({cmd}) is not installed; install it with "
                               f"`apt-get install tesseract-ocr tesseract-ocr-ind`", cmd)
    try:
        result = subprocess.run([cmd, "--list-langs"], capture_output=True, text=True, timeout=30,
                                check=False)
    except (OSError, subprocess.SubprocessError) as error:
        raise OcrEngineMissing(f"the Tesseract OCR engine ({cmd}) does not run ({error}); reinstall it "
                               f"with `apt-get install --reinstall tesseract-ocr`", cmd) from error
    lines = (result.stdout + result.stderr).splitlines()
    return frozenset(line.strip() for line in lines if re.fullmatch(r"[\w.-]+", line.strip()))
