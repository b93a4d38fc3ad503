"""Text folding. NFKC is applied to codes, numbers and dates only — never to
names or free text, whose full-width punctuation is the writer's choice."""

from __future__ import annotations

import re
import unicodedata

_DASHES = str.maketrans({"—": "-", "–": "-", "‐": "-", "－": "-", "‑": "-", "−": "-"})
_SPACES = re.compile(r"\s+")


def fold_code(value: str) -> str:
    """Full-width to half-width and dashes to '-', for codes, numbers and dates."""
    return unicodedata.normalize("NFKC", value.translate(_DASHES)).translate(_DASHES)


def clean_text(value: str | None) -> str:
    """Trim a free-text value; inner spacing and punctuation are kept."""
    if value is None:
        return ""
    return value.replace("\u3000", " ").strip()


def name_key(name: str) -> str:
    """A matching key for enterprise names: folded, no spaces, unified brackets.

    '某某（郑州）有限公司 ' and '某某(郑州)有限公司' give the same key."""
    folded = unicodedata.normalize("NFKC", name)
    return _SPACES.sub("", folded).upper()


def clip(text: str, length: int) -> str:
    """The start of a long text, on one line (headings, titles, names of records in lists)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1] + "…"
