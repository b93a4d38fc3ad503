"""The error log: what a bug left behind, for a maintainer — without any of the
user's data. A traceback's frames and source lines are code; its messages are
not: SQLAlchemy's include the row's values, a KeyError its key, a ValueError
the text that failed. Each message keeps its words but loses quoted literals,
non-ASCII text (names, addresses, what companies said) and long digit runs
(phone, ID-card and credit-code numbers). The file is the owner's only (0600)."""

from __future__ import annotations

import os
import re
import traceback
from datetime import datetime
from pathlib import Path

from app import __version__, privacy

LOG_NAME = "zhuqi-errors.log"
_PARAMETERS = re.compile(r"\[parameters: .*?\](?=\s*(\(Background|$))", re.DOTALL)
_QUOTED = re.compile(r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_DIGITS = re.compile(r"\d{5,}")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def scrub(message: str) -> str:
    """An exception's message without values: the shape of what went wrong, not the data."""
    text = _PARAMETERS.sub("[parameters: …]", message)
    text = _QUOTED.sub("'…'", text)
    text = _NON_ASCII.sub("…", text)
    text = _DIGITS.sub("#", text)
    return _CONTROL.sub("", text)


def format_exception(exc: BaseException, _seen: set[int] | None = None) -> str:
    """The traceback (cause and context first, as Python prints them) with every message scrubbed."""
    seen = _seen if _seen is not None else set()
    seen.add(id(exc))
    out = []
    if exc.__cause__ is not None and id(exc.__cause__) not in seen:
        out += [format_exception(exc.__cause__, seen),
                "\nThe above exception was the direct cause of the following exception:\n\n"]
    elif exc.__context__ is not None and not exc.__suppress_context__ and id(exc.__context__) not in seen:
        out += [format_exception(exc.__context__, seen),
                "\nDuring handling of the above exception, another exception occurred:\n\n"]
    out.append("Traceback (most recent call last):\n")
    out.extend(traceback.format_tb(exc.__traceback__))
    out.append(f"{type(exc).__module__}.{type(exc).__qualname__}: {scrub(str(exc))}\n")
    return "".join(out)


def write(folder: Path, exc: BaseException) -> Path:
    """Append the scrubbed traceback to the log in `folder`; returns the log's path."""
    privacy.make_folder(folder)
    path = Path(folder) / LOG_NAME
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0), privacy.FILE_MODE)
    with os.fdopen(fd, "a", encoding="utf-8") as fh:
        fh.write(f"--- {datetime.now().isoformat(timespec='seconds')} zhuqi {__version__}\n")
        fh.write(format_exception(exc))
    privacy.protect(path)  # a log an earlier version wrote 0644
    return path
