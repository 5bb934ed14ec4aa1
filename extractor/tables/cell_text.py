"""A cell's lines as one text: wrapped lines joined with a space, except where the line break cut a
word, a hyphenated word or an amount, and OCR letter slips mended against the dictionary."""

from __future__ import annotations

from extractor.rules.normalize import collapse_ws
from extractor.rules.spelling import broken_word, is_capitalised, is_unknown_text, mended_reading
from extractor.tables.grid import Line
from models.document import Word

_CLOSING = (",", ";", ")")  # not a lone "." or ":": on a scan, that is more often a speck


def cell_text(lines: list[Line]) -> str:
    """Cell lines joined. No space where the break fell inside a word: after a hyphen ("Nilai-" /
    "nilai"), before closing punctuation left on its own line, or a word too wide for its column cut
    anywhere (`broken_word`)."""
    texts = [collapse_ws(line.text) for line in lines]
    out = ""
    for index, text in enumerate(texts):
        if not out or not text:
            out = f"{out} {text}".strip()
        elif (out.endswith("-") and not out.endswith(" -")) or text.startswith(_CLOSING) \
                or _cut_here(out.rsplit(" ", 1)[-1], text, texts[index + 1:]):
            out += text
        else:
            out = f"{out} {text}"
    return out


def _cut_here(left: str, text: str, after: list[str]) -> bool:
    """Whether the break between `left` and the line `text` cut a word. A line holding one piece
    alone may be the middle of a word cut twice ("d" / "irehabilitas" / "i"): tried with the next."""
    piece = text.split(" ", 1)[0]
    if broken_word(left, piece):
        return True
    if " " in text or not after or not after[0]:
        return False
    return broken_word(left, piece + after[0].split(" ", 1)[0])


def mended_cell_text(lines: list[Line]) -> tuple[str, list[str]]:
    """A cell's text with OCR letter slips mended, and reasons: `spelling_mended` when a word was,
    `unknown_word` when an OCR'd word is still unknown (a misread the rule could not mend)."""
    mended, count = [], 0
    for line in lines:
        words, fixed = mend_words(line.words)
        mended.append(Line(words))
        count += fixed
    reasons = ["spelling_mended"] if count else []
    words = [word for line in mended for word in line.words]
    if any(is_unknown(word) and not (index and is_capitalised(word.text))
           for index, word in enumerate(words)):
        reasons.append("unknown_word")
    return cell_text(mended), reasons


def mend_words(words: list[Word]) -> tuple[list[Word], int]:
    """The words with OCR letter slips mended, and how many were."""
    out, count = [], 0
    for word in words:
        fixed = mended_reading(word.text, word.confidence) if word.source == "ocr" else None
        if fixed is not None:
            word = word.model_copy(update={"text": fixed})
            count += 1
        out.append(word)
    return out, count


def is_unknown(word: Word) -> bool:
    return word.source == "ocr" and is_unknown_text(word.text)
