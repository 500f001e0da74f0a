"""Text normalisation for comparing names across agencies."""

import hashlib
import re
import unicodedata

_BRACKETS = str.maketrans({"（": "(", "）": ")", "【": "(", "】": ")", "〔": "(", "〕": ")", "［": "(", "］": ")"})
_SPACES = re.compile(r"\s+")


def to_halfwidth(value: str) -> str:
    """Full-width digits, letters and punctuation become half-width (NFKC)."""
    return unicodedata.normalize("NFKC", value or "")


def normalize_name(value: str) -> str:
    """Key for comparing party names: half-width, one bracket style, no spaces, upper-case Latin."""
    value = to_halfwidth(value).translate(_BRACKETS)
    return _SPACES.sub("", value).upper()


def normalize_doc_no(value: str) -> str:
    """决定书文号 as a natural key: half-width, brackets unified (〔〕, [], () all the same), no spaces."""
    value = to_halfwidth(value).translate(_BRACKETS).replace("[", "(").replace("]", ")")
    return _SPACES.sub("", value)


def kind_digest(violation_type: str, legal_basis: str) -> str:
    """cases.CaseKind's key: the two texts may be longer than an index entry may be."""
    return hashlib.sha256(f"{violation_type}\x00{legal_basis}".encode()).hexdigest()
