"""OCR letter slips in table text mended against an Indonesian dictionary.

A blurred scan makes Tesseract read 'e' as 'c' ("dacrah"), 'rn' as 'm' ("Petemakan") or 'ri' as 'n'
("ingasi"): one glyph confused with a look-alike. A word is mended only when all of this holds: it
came from OCR with less than full confidence, neither the dictionary (hunspell-id, through spylls)
nor the PK vocabulary knows it, and exactly one known word lies one look-alike swap away. Names
and places are not in the dictionary either, so the rule is used on sasaran, indicator, program
and unit text only, never on parties. An OCR'd word still unknown there is a reason to review the
field, unless it is a derived or compound Indonesian word, a longer English term (hunspell-en-us)
or a capitalised name after the cell's first word. Without the dictionary (package hunspell-id)
nothing changes.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

DICTIONARY = Path("/usr/share/hunspell/id_ID")
ENGLISH = Path("/usr/share/hunspell/en_US")
MIN_ENGLISH = 5
MIN_STEM = 3
MIN_COMPOUND = 5
SUFFIXES = ("kan", "an", "i", "isasi", "itas")
# Prefix as written -> the first letter it swallowed before a vowel (meng+kelola -> mengelola).
PREFIXES = (
    ("meng", "k"), ("meny", "s"), ("mem", "p"), ("men", "t"), ("me", ""), ("peng", "k"), ("peny", "s"),
    ("pem", "p"), ("pen", "t"), ("pe", ""), ("ber", ""), ("be", ""), ("ter", ""), ("per", ""), ("di", ""),
    ("ke", ""), ("se", ""),
)
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
    "terkendalinya", "terlayani", "terwujudnya", "wbbm", "prosentase", "presentase",
))
_WORD = re.compile(r"^([A-Za-z]+)([^A-Za-z]*)$")
_BRACKETED_ACRONYM = re.compile(r"\((?=[A-Z]*l)([A-Z][A-Zl]*)\)([^A-Za-z]*)")


@cache
def dictionary():
    """The Indonesian hunspell dictionary, or None where it is not installed."""
    if not DICTIONARY.with_suffix(".dic").is_file():
        return None
    from spylls.hunspell import Dictionary

    return Dictionary.from_files(str(DICTIONARY))


@cache
def english():
    """The English hunspell dictionary (PK texts borrow English terms: "Good Practice", "monitoring")."""
    if not ENGLISH.with_suffix(".dic").is_file():
        return None
    from spylls.hunspell import Dictionary

    return Dictionary.from_files(str(ENGLISH))


@cache
def known(word: str) -> bool:
    """In the dictionary or the PK vocabulary as written (what a mend must land on)."""
    lowered = word.lower()
    if lowered in PK_VOCABULARY:
        return True
    found = dictionary()
    if found is None:
        return True
    if found.lookup(lowered):
        return True
    return lowered.endswith("nya") and len(lowered) > 6 and known(lowered[:-3])


@cache
def recognised(word: str) -> bool:
    """Known, or a derived Indonesian word (a stem with its affixes, two stems written as one), or a
    longer English word: not a reason to doubt a reading. Too loose to mend by ("Petemakan" parses as
    pe-tema-kan), so mending keeps to `known`."""
    lowered = word.lower()
    if known(lowered):
        return True
    if any(is_stem(stem) for stem in stems(lowered)):
        return True
    if any(is_stem(head) and is_stem(tail) for head, tail in compound_splits(lowered)):
        return True
    borrowed = english()
    return len(lowered) >= MIN_ENGLISH and borrowed is not None and bool(borrowed.lookup(lowered))


@cache
def is_stem(word: str) -> bool:
    return len(word) >= MIN_STEM and (word in PK_VOCABULARY or dictionary().lookup(word))


def stems(word: str) -> set[str]:
    """`word` and every stem its affixes may hide: suffixes (-nya, -kan, -an, -i, -isasi, -itas) and
    prefixes with their nasal changes (meng-/peng- + k, mem-/pem- + p, men-/pen- + t, meny-/peny- + s),
    so "terfasilitasinya", "penjaringan" and "standarisasi" are words, as hunspell-id alone does not know."""
    bases = {word}
    for particle in ("nya", "lah"):
        if word.endswith(particle):
            bases.add(word[: -len(particle)])
    for base in list(bases):
        for suffix in SUFFIXES:
            if base.endswith(suffix):
                bases.add(base[: -len(suffix)])
    out = set(bases)
    for base in bases:
        for prefix, restored in PREFIXES:
            if base.startswith(prefix):
                rest = base[len(prefix):]
                out.add(rest)
                if restored and rest[:1] in "aeiou":
                    out.add(restored + rest)
        for outer in ("di", "ter", "ber", "mem", "ke"):  # di-per-kenal-kan, mem-per-kuat
            if base.startswith(outer):
                rest = base[len(outer):]
                out.update(rest[len(inner):] for inner in ("per", "ke", "se") if rest.startswith(inner))
    return out


def compound_splits(word: str) -> list[tuple[str, str]]:
    """Two stems written as one word ("usahatani", "sumberdaya"); the first of at least MIN_COMPOUND
    letters, so that short words glued together ("pete" + "makan") do not hide a misread "Peternakan"."""
    return [(stem[:i], stem[i:]) for stem in stems(word)
            for i in range(MIN_COMPOUND, len(stem) - MIN_STEM)]


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


def mended_acronym(text: str) -> str | None:
    """An acronym in brackets with a lower-case l for the capital I it shows ("(Al)" for "(AI)"):
    the two glyphs are one stroke in most fonts, and an abbreviation in brackets is all capitals."""
    match = _BRACKETED_ACRONYM.fullmatch(text)
    if match is None:
        return None
    return f"({match.group(1).replace('l', 'I')}){match.group(2)}"


def mended_reading(text: str, confidence: float) -> str | None:
    """An OCR'd word with its letter slip mended (a bracketed acronym, or a word the dictionary
    knows one slip away when the reading was not sure of itself), or None."""
    fixed = mended_acronym(text)
    match = _WORD.match(text)
    if fixed is None and confidence < MAX_CONFIDENCE and match:
        fixed = mended(match.group(1))
        fixed = fixed + match.group(2) if fixed is not None else None
    return fixed


def is_unknown_text(text: str) -> bool:
    """A lower-case word long enough to judge that the dictionary does not know."""
    match = _WORD.match(text)
    return (match is not None and len(match.group(1)) >= MIN_LENGTH
            and not match.group(1).isupper() and not recognised(match.group(1)))


def is_capitalised(text: str) -> bool:
    """A capital after the cell's first word names a place, breed or programme ("Sapi Pasundan di
    Ciamis"); the dictionary cannot know those, so they are no reason to doubt the reading."""
    return text[:1].isupper() and not text[1:2].isupper()


_LETTERS_AT_END = re.compile(r"(?<![A-Za-z])[A-Za-z]+$")  # "direha" of "dibangun/direha"
# An amount cut inside its digit groups: "21.011.458.0" or "21.011." (a full group, then a short one).
_CUT_AMOUNT = re.compile(r"^(?:Rp\.?)?\d{1,3}(?:[.,]\d{3})+[.,]\d{0,2}$")


def broken_word(left: str, right: str) -> bool:
    """Whether `left` (a line's last word) and `right` (the next line's first) are one word broken
    where it did not fit its cell: a word processor breaks a word wider than a narrow column anywhere
    ("Pemerintaha" / "n", "Meningkat" / "nya"), and an amount in the middle of a digit group
    ("21.011.458.0" / "00,00"). A word is rejoined only when the two pieces make a word and one of
    them is none on its own, so two words that merely wrap ("Meningkatnya" / "kualitas") stay apart."""
    if right[:1].isdigit():
        return bool(_CUT_AMOUNT.match(left))
    head, tail = _LETTERS_AT_END.search(left), _WORD.match(right)
    if head is None or tail is None or not right[:1].islower() or dictionary() is None:
        return False
    whole = head.group(0) + tail.group(1)
    return recognised(whole) and not (recognised(head.group(0)) and recognised(tail.group(1)))
