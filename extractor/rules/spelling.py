"""OCR letter slips in table text mended against an Indonesian dictionary.

A blurred scan makes Tesseract read 'e' as 'c' ("dacrah"), 'rn' as 'm' ("Petemakan") or 'ri' as 'n'
("ingasi"): one glyph confused with a look-alike. A word is mended only when all of this holds: it
came from OCR with less than full confidence, neither the dictionary (hunspell-id, through spylls)
nor the PK vocabulary knows it, and exactly one known word lies one look-alike swap away. Names
and places are not in the dictionary either, so the rule is used on sasaran, indicator, program
and unit text only, never on parties; an OCR'd word still unknown there is a reason to review the
field. Without the dictionary (package hunspell-id) nothing changes.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from extractor.table_grid import Line, cell_text
from models.document import Word

DICTIONARY = Path("/usr/share/hunspell/id_ID")
MAX_CONFIDENCE = 0.93
MIN_LENGTH = 4
# What OCR read -> what was printed: glyphs a blurred or coarse scan makes look alike.
LOOK_ALIKES = (
    ("c", "e"), ("e", "c"), ("o", "e"), ("e", "o"), ("e", "a"), ("a", "e"), ("a", "o"), ("o", "a"),
    ("i", "l"), ("l", "i"), ("l", "t"), ("t", "l"), ("f", "t"), ("t", "f"), ("n", "u"), ("u", "n"),
    ("h", "b"), ("b", "h"), ("c", "o"), ("o", "c"), ("r", "t"), ("t", "r"), ("m", "rn"), ("rn", "m"),
    ("n", "ri"), ("ri", "n"), ("h", "li"), ("li", "h"), ("d", "cl"), ("cl", "d"), ("u", "ii"),
    ("ii", "u"), ("m", "in"), ("in", "m"), ("s", "a"), ("a", "s"), ("i", "t"), ("t", "i"), ("g", "q"),
    ("q", "g"), ("y", "v"), ("v", "y"), ("j", "i"), ("i", "j"), ("e", "s"), ("s", "e"),
)
# Words of performance agreements that hunspell-id lacks (pk-domain.md §6), and must not be "mended".
PK_VOCABULARY = frozenset((
    "akip", "akuntabel", "akuntabilitas", "apbd", "apip", "balita", "berakhlak", "bersertifikat",
    "bssn", "direhabilitasi", "diseminasi", "idsd", "inflasi", "kapabilitas", "kepesertaan",
    "kualitasnya", "lakip", "lhkpn", "literasi", "lkpd", "menurunnya", "numerasi", "ombudsman", "paud",
    "pdrb", "perda", "posyandu", "puskesmas", "renja", "renstra", "rkpd", "rpjmd", "rtrw", "sakip",
    "sanapati", "spbe", "spip", "stunting", "terakreditasi", "terbina", "terhubung", "terintegrasi",
    "terkendalinya", "terlayani", "terwujudnya", "wbbm",
))
_WORD = re.compile(r"^([A-Za-z]+)([^A-Za-z]*)$")


@cache
def dictionary():
    """The Indonesian hunspell dictionary, or None where it is not installed."""
    if not DICTIONARY.with_suffix(".dic").is_file():
        return None
    from spylls.hunspell import Dictionary

    return Dictionary.from_files(str(DICTIONARY))


@cache
def known(word: str) -> bool:
    lowered = word.lower()
    if lowered in PK_VOCABULARY:
        return True
    found = dictionary()
    if found is None:
        return True
    if found.lookup(lowered):
        return True
    return lowered.endswith("nya") and len(lowered) > 6 and known(lowered[:-3])


def look_alike_swaps(word: str) -> set[str]:
    """Every spelling one look-alike swap away from `word` (lower case)."""
    out = set()
    for index in range(len(word)):
        for read, printed in LOOK_ALIKES:
            if word.startswith(read, index):
                out.add(word[:index] + printed + word[index + len(read):])
    out.discard(word)
    return out


@cache
def mended(word: str) -> str | None:
    """The one known word a single look-alike swap away from an unknown `word`, in its case."""
    if len(word) < MIN_LENGTH or word.isupper() or known(word):
        return None
    candidates = [c for c in look_alike_swaps(word.lower()) if known(c)]
    if len(candidates) != 1:
        return None
    candidate = candidates[0]
    return candidate.capitalize() if word[0].isupper() else candidate


def mend_words(words: list[Word]) -> tuple[list[Word], int]:
    """The words with OCR letter slips mended, and how many were."""
    out, count = [], 0
    for word in words:
        match = _WORD.match(word.text)
        if word.source == "ocr" and word.confidence < MAX_CONFIDENCE and match:
            fixed = mended(match.group(1))
            if fixed is not None:
                word = word.model_copy(update={"text": fixed + match.group(2)})
                count += 1
        out.append(word)
    return out, count


def mended_cell_text(lines: list[Line]) -> tuple[str, list[str]]:
    """A cell's text with OCR letter slips mended, and reasons: `spelling_mended` when a word was,
    `unknown_word` when an OCR'd word is still unknown (a misread the rule could not mend)."""
    mended, count = [], 0
    for line in lines:
        words, fixed = mend_words(line.words)
        mended.append(Line(words))
        count += fixed
    reasons = ["spelling_mended"] if count else []
    if any(is_unknown(word) for line in mended for word in line.words):
        reasons.append("unknown_word")
    return cell_text(mended), reasons


def is_unknown(word: Word) -> bool:
    match = _WORD.match(word.text)
    return (word.source == "ocr" and match is not None and len(match.group(1)) >= MIN_LENGTH
            and not match.group(1).isupper() and not known(match.group(1)))
