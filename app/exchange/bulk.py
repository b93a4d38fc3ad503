"""Garbage collection for bulk work (merging hundreds of workbooks, exporting the ledger).

The merge state holds hundreds of thousands of long-lived objects that every full
collection would walk again (8 of 37 s in the 500-workbook benchmark). Objects
that survive a file are frozen (never walked again); the garbage of each file is
still collected, which keeps the memory down."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def long_lived_objects() -> Iterator[None]:
    try:
        yield
    finally:
        gc.unfreeze()


def settle() -> None:
    """After a file: collect its (young) garbage, then freeze what survives."""
    gc.collect(1)
    gc.freeze()
