"""Per-page decision: use the text layer, or render and OCR, and why.

A text layer is unusable when it is empty, when its glyphs have no Unicode, or when it is a
scanner's own OCR left over a page image: those are noisy ("kine~a", "Petemakan") and boxed on a
page we cannot see. Noise is judged by the share of plausible words: in the Tesseract `ind`/`eng`
word lists (extracted once from the installed traineddata) or shaped like numbers, codes and
abbreviations; and by the share of odd characters.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from extractor.ingest.text_layer import TextLayer

MIN_CHARS = 20
MAX_UNMAPPED_SHARE = 0.05
SCAN_COVERAGE = 0.8
MIN_PLAUSIBLE = 0.80
MIN_PLAUSIBLE_OVER_SCAN = 0.99
MAX_ODD_SHARE = 0.02

ODD_CHARS = set("~•^|{}\\«»¬¦§¤¨`_=*#@$")
SEPARATORS = {":", "-", "–", "—", "/", "(", ")", "<", ">", "≥", "≤", "=", "+", "&"}
EDGE_PUNCTUATION = "()[].,:;\"'“”‘’!?-–—/"
NUMBER_LIKE = re.compile(r"^[(\[]?[\d.,:/%+\-–]+[)\]]?$|^[\d.,]+%?$")
CODE_LIKE = re.compile(r"^([A-Za-z]{1,5}\.)+[A-Za-z]{0,5}\.?$|^[IVXLC]+/[a-e]$|^[a-z]\.$|^\d+[a-z]?\.$")
WORD_SHAPE = re.compile(r"^([A-Z]?[a-z]+|[A-Z]+)(-([A-Z]?[a-z]+|[A-Z]+))*$")


class PagePlan(BaseModel):
    number: int
    method: Literal["text", "ocr"]
    reason: str


class LayerQuality(BaseModel):
    words: int
    plausible_share: float
    odd_share: float


def decide(number: int, layer: TextLayer | None, force_ocr: bool) -> PagePlan:
    if force_ocr:
        return PagePlan(number=number, method="ocr", reason="OCR forced")
    if layer is None:
        return PagePlan(number=number, method="ocr", reason="image input")
    if layer.char_count < MIN_CHARS:
        return PagePlan(number=number, method="ocr", reason=f"no text layer ({layer.char_count} chars)")
    unmapped = layer.unmapped_chars / layer.char_count
    if unmapped > MAX_UNMAPPED_SHARE:
        return PagePlan(number=number, method="ocr", reason=f"glyphs without Unicode ({unmapped:.0%})")
    quality = layer_quality(layer)
    scanned = layer.image_coverage >= SCAN_COVERAGE
    needed = MIN_PLAUSIBLE_OVER_SCAN if scanned else MIN_PLAUSIBLE
    facts = f"{quality.plausible_share:.0%} plausible words, {quality.odd_share:.1%} odd chars"
    if quality.plausible_share < needed or quality.odd_share > MAX_ODD_SHARE:
        what = "scanner OCR layer over a page image" if scanned else "garbled text layer"
        invisible = " (invisible)" if layer.invisible_chars > layer.char_count / 2 else ""
        return PagePlan(number=number, method="ocr", reason=f"noisy {what}{invisible}: {facts}")
    return PagePlan(number=number, method="text", reason=f"usable text layer: {facts}")


def layer_quality(layer: TextLayer) -> LayerQuality:
    texts = [w.text for w in layer.words]
    chars = sum(len(t) for t in texts) or 1
    odd = sum(1 for t in texts for c in t if c in ODD_CHARS)
    plausible = sum(1 for t in texts if is_plausible(t))
    return LayerQuality(words=len(texts), plausible_share=plausible / (len(texts) or 1),
                        odd_share=odd / chars)


def is_plausible(token: str) -> bool:
    """A dictionary word, a number or a common code shape; single stray marks are not."""
    if token in SEPARATORS:
        return True
    core = token.strip(EDGE_PUNCTUATION)
    if not core:
        return False
    if NUMBER_LIKE.match(core) or CODE_LIKE.match(token) or CODE_LIKE.match(core):
        return True
    if any(c in ODD_CHARS for c in token):
        return False
    parts = [p for p in re.split(r"[-/]", core) if p]
    return bool(parts) and all(is_word(p) for p in parts)


def is_number_or_known_word(token: str) -> bool:
    """Stricter than `is_plausible`: for text read without context, where short shapes mislead."""
    core = token.strip(EDGE_PUNCTUATION)
    if not core:
        return False
    if NUMBER_LIKE.match(core) or CODE_LIKE.match(token):
        return True
    shaped = core.islower() or core.istitle() or (core.isupper() and len(core) >= 4)
    return len(core) >= 3 and core.isalpha() and shaped and core.lower() in word_list()


def is_word(part: str) -> bool:
    lexicon = word_list()
    if lexicon:
        if part.lower() in lexicon:
            return True
        return len(part) <= 3 and part.isalpha() and (part.isupper() or part.istitle())
    return bool(WORD_SHAPE.match(part)) and any(v in part.lower() for v in "aeiouy")


@lru_cache(maxsize=1)
def word_list() -> frozenset[str]:
    """Indonesian and English words of Tesseract's own dictionaries; empty when the tools are missing.

    Unpacking takes four tool runs (~0.4 s), so the list is kept in the temp folder, keyed by the
    traineddata files' size and date, and later processes read it in a few milliseconds."""
    tessdata = find_tessdata()
    if tessdata is None:
        return frozenset()
    sources = [tessdata / f"{lang}.traineddata" for lang in ("ind", "eng")]
    sources = [path for path in sources if path.is_file()]
    key = "-".join(f"{p.stem}{p.stat().st_size}.{p.stat().st_mtime_ns}" for p in sources)
    cache = Path(tempfile.gettempdir()) / "pk-extract" / f"words-{key}.txt"
    if cache.is_file():
        return frozenset(cache.read_text(encoding="utf-8").split("\n"))
    if not (shutil.which("combine_tessdata") and shutil.which("dawg2wordlist")):
        return frozenset()
    words: set[str] = set()
    with tempfile.TemporaryDirectory(prefix="pk-dict-") as tmp:
        for traineddata in sources:
            words |= unpack_words(traineddata, Path(tmp), traineddata.stem)
    words.discard("")
    if words:
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_suffix(f".{os.getpid()}.part")
        partial.write_text("\n".join(sorted(words)), encoding="utf-8")
        partial.replace(cache)
    return frozenset(words)


def unpack_words(traineddata: Path, tmp: Path, lang: str) -> set[str]:
    prefix = tmp / f"{lang}."
    run = {"capture_output": True, "timeout": 30, "check": False}
    subprocess.run(["combine_tessdata", "-u", str(traineddata), str(prefix)], **run)
    unicharset, dawg, out = (Path(f"{prefix}lstm-unicharset"), Path(f"{prefix}lstm-word-dawg"),
                             tmp / f"{lang}.words")
    if not (unicharset.is_file() and dawg.is_file()):
        return set()
    subprocess.run(["dawg2wordlist", str(unicharset), str(dawg), str(out)], **run)
    if not out.is_file():
        return set()
    return {line.strip().lower() for line in out.read_text(encoding="utf-8", errors="ignore").splitlines()}


def find_tessdata() -> Path | None:
    try:
        listing = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True,
                                 timeout=10, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r'"(.+?)"', listing)
    return Path(match.group(1)) if match else None
