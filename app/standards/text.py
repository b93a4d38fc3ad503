"""Text folding. NFKC is applied to codes, numbers and dates only — never to
names or free text, whose full-width punctuation is the writer's choice."""

from __future__ import annotations

import re
import unicodedata

_DASHES = str.maketrans({"—": "-", "–": "-", "‐": "-", "－": "-", "‑": "-", "−": "-"})
_ANY_DASH = re.compile("[" + re.escape("".join(chr(c) for c in _DASHES)) + "]")
_SPACES = re.compile(r"\s+")
#: C0 and C1 control characters (NUL, ESC of terminal escape sequences, DEL …) except tab and line breaks:
#: never part of a name or a description, and a terminal or a log would act on them.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def strip_controls(value: str) -> str:
    """Typed or pasted text without control characters; CR LF and CR become LF."""
    if value.isprintable():
        return value  # no control character, CR or LF (all are unprintable): the usual case, cheaply
    return CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def first_control(value: str) -> str | None:
    """The first control character of a text (see CONTROL), or None."""
    m = CONTROL.search(value)
    return m.group() if m else None


def fold_code(value: str) -> str:
    """Full-width to half-width and dashes to '-', for codes, numbers and dates."""
    if value.isascii():
        return value  # NFKC leaves ASCII as it is, and every dash folded is outside it
    if unicodedata.is_normalized("NFKC", value) and _ANY_DASH.search(value) is None:
        return value  # Chinese text as typed (a name, a town): a fast check, not a new string
    return unicodedata.normalize("NFKC", value.translate(_DASHES)).translate(_DASHES)


def clean_text(value: str | None) -> str:
    """Trim a free-text value; inner spacing and punctuation are kept."""
    if value is None:
        return ""
    return strip_controls(value).replace("\u3000", " ").strip()


#: Chinese characters and full-width punctuation: no space belongs between two of them in a name.
_WIDE = "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3001-\u303f\uff01-\uff60]"
_WIDE_GAP = re.compile(rf"(?<={_WIDE})\s+(?={_WIDE})")


def tidy_name(value: str | None) -> str:
    """A name on one line: a line break typed inside a cell and a two-character name padded to
    line up (王  伟) leave no space between Chinese characters; other runs of spaces become one."""
    if value is None:
        return ""
    if value.isprintable() and " " not in value:
        return value  # one word without controls or spaces (U+3000 is unprintable): nothing to tidy
    flat = " ".join(strip_controls(value).replace("\u3000", " ").split())
    return _WIDE_GAP.sub("", flat)


def name_key(name: str) -> str:
    """A matching key for enterprise names: folded, no spaces, unified brackets.

    '某某（郑州）有限公司 ' and '某某(郑州)有限公司' give the same key."""
    folded = unicodedata.normalize("NFKC", name)
    return _SPACES.sub("", folded).upper()


def clip(text: str, length: int) -> str:
    """The start of a long text, on one line (headings, titles, names of records in lists)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1] + "…"
