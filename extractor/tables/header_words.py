"""The words of a table's header as lexicon phrases (lexicon.HEADER_PHRASES): matched longest first
and OCR-tolerantly (fuzzy past five letters, quarter numerals as OCR reads them: "ill", "lV"), for
a header line or one ruled header cell."""

from __future__ import annotations

import functools
import re

from rapidfuzz import fuzz

from extractor.rules import table_lexicon as lex
from extractor.rules.normalize import collapse_ws

_YEAR = re.compile(r"^\(?(?:19|20)\d\d\)?$")


_ROMAN_LOOKALIKE = re.compile(r"^(tw\.?-?)?([il1|!]{1,3}|[il1|!]?[vy])$")


_ROMAN_SIGNS = str.maketrans({"l": "i", "1": "i", "|": "i", "!": "i", "y": "v"})


def norm_token(text: str) -> str:
    token = collapse_ws(text).lower().strip(":;,|")
    return _roman(token) if token and len(token) >= 2 else token


def _roman(token: str) -> str:
    """Quarter numerals as OCR reads them ("ill", "Il", "lV", "TWill") are the numerals themselves;
    a lone "1" or "l" stays as it is (column numbers, list marks)."""
    found = _ROMAN_LOOKALIKE.match(token)
    if found is None or token.isdigit() or not (found.group(1) or len(found.group(2)) >= 2):
        return token
    return (found.group(1) or "") + found.group(2).translate(_ROMAN_SIGNS)


def _token_match(a: str, b: str) -> bool:
    if a == b:
        return True
    return len(b) >= 5 and fuzz.ratio(a, b) >= 80


_PHRASES = sorted(
    ((kind, tuple(phrase.split())) for kind, phrases in lex.HEADER_PHRASES.items() for phrase in phrases),
    key=lambda item: -len(item[1]),
)


@functools.lru_cache(maxsize=4096)
def _starting_with(token: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The phrases (longest first) whose first word the token matches: most page words match none,
    so the fuzzy comparison runs once per distinct word instead of once per phrase and position."""
    return tuple(item for item in _PHRASES if _token_match(token, item[1][0]))


def match_phrase(tokens: list[str]) -> tuple[str, int] | None:
    """The longest header phrase at the start of tokens: (kind, tokens used)."""
    if not tokens:
        return None
    for kind, phrase in _starting_with(tokens[0]):
        if len(phrase) <= len(tokens) and all(
            _token_match(t, p) for t, p in zip(tokens[1:], phrase[1:], strict=False)
        ):
            return kind, len(phrase)
    return None


def is_header_word(text: str) -> bool:
    token = norm_token(text)
    return bool(_YEAR.match(token)) or token in lex.HEADER_FILLER or match_phrase([token]) is not None


PHRASE_TOKENS = {t for _, phrase in _PHRASES for t in phrase}


def _token_in_phrase(text: str) -> bool:
    return norm_token(text) in PHRASE_TOKENS


def label_kind(text: str) -> str | None:
    """The column kind a whole header cell names ("Target Kinerja Tahun 2023" -> target), None when
    its text is no header label. A ruled table's header is read cell by cell with this."""
    tokens = [norm_token(word) for word in text.split()]
    tokens = [token for token in tokens if token]
    if not tokens:
        return None
    found = match_phrase(tokens) or match_phrase(["".join(tokens)])
    if found is None:
        return None
    rest = tokens[found[1]:] if found[1] < len(tokens) else []
    if found[1] >= len(rest) or all(is_header_word(token) for token in rest):
        return found[0]
    return None


def is_label_filler(text: str) -> bool:
    """A header cell that names no column: empty, a year, "(Rp)", a column number ("(3)")."""
    tokens = [norm_token(word).strip("()") for word in text.split()]
    return all(not token or token.isdigit() or is_header_word(token) for token in tokens)
