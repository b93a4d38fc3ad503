"""What every report shares: its result, the closing note on unprintable characters,
the table look of forms and ledgers, and the one place a story becomes a file."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from app.reports import layout
from app.reports.fonts import FontSet, Typesetter, marker
from app.reports.layout import Meta, PageHook, PageSpec, Styles, para
from app.reports.output import Cancel, Progress, write_atomically


@dataclass(frozen=True)
class ReportResult:
    path: Path
    pages: int
    #: Characters no available face could print; the PDF shows them as red [U+XXXX].
    missing_characters: tuple[str, ...]
    #: The faces the PDF was set in (for "printed with …" messages).
    fonts: tuple[str, ...]


@dataclass(frozen=True)
class RenderOptions:
    """How to print, as opposed to what: fonts and the print time (fixed in tests)."""

    fonts: FontSet
    printed_at: datetime | None = None
    progress: Progress | None = None
    cancel: Cancel | None = None


def missing_note(ts: Typesetter, styles: Styles) -> list[Flowable]:
    """A closing note naming the characters no face could print (nothing if none)."""
    if not ts.missing:
        return []
    codes = "、".join(marker(ch) for ch in ts.missing)
    text = (f"注：本文件中有 {len(ts.missing)} 个字当前字体无法显示，已以红色编码标出：{codes}。"
            "可在设置中选择包含这些字的字体（如宋体-方正超大字符集）后重新打印，或手工补写。")
    return [Spacer(1, 6), para(ts, text, styles.note)]


def render(
    path: Path,
    story: list[Flowable],
    *,
    ts: Typesetter,
    styles: Styles,
    spec: PageSpec,
    meta: Meta,
    options: RenderOptions,
    on_first: PageHook | None = None,
    on_later: PageHook | None = None,
    later_reserve: float = 0.0,
) -> ReportResult:
    """Write the story atomically to `path` (with the missing-character note at the end)."""
    full = [*story, *missing_note(ts, styles)]
    meta = Meta(meta.title, meta.subject, meta.author, meta.footer_right, options.printed_at or meta.printed_at)
    pages = write_atomically(
        path,
        lambda tmp: layout.build(tmp, full, ts=ts, spec=spec, meta=meta, on_first=on_first,
                                 on_later=on_later, later_reserve=later_reserve,
                                 progress=options.progress, cancel=options.cancel),
    )
    return ReportResult(Path(path), pages, tuple(ts.missing), options.fonts.labels)


#: Thin black rules, text vertically centred, room inside each cell.
GRID = [
    ("GRID", (0, 0), (-1, -1), 0.5, layout.RULE),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ("LEFTPADDING", (0, 0), (-1, -1), 4),
    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ("TOPPADDING", (0, 0), (-1, -1), 3),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
]


def grid(styles: Styles, rows: Sequence[Sequence[Any]], widths: Sequence[float],
         extra: Sequence[tuple[Any, ...]] = (), *, repeat: int = 0,
         min_heights: Sequence[float] | None = None, ruled: bool = True) -> Table:
    """A table, ruled unless told otherwise; rows taller than the page continue on the
    next one, and no row is lower than its `min_heights` entry (room to write by hand)."""
    # Table selects each cell's font before drawing it, Paragraph or not: Helvetica
    # unless told, a font the PDF would not embed.
    font = [("FONTNAME", (0, 0), (-1, -1), styles.cell.fontName)]
    look = GRID if ruled else [("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]
    return Table([list(r) for r in rows], colWidths=list(widths), style=TableStyle([*look, *font, *extra]),
                 repeatRows=repeat, splitInRow=1, hAlign="LEFT",
                 minRowHeights=list(min_heights) if min_heights else None)


def label_cells(cells: Sequence[tuple[int, int]]) -> list[tuple[Any, ...]]:
    """Shading for label cells given as (column, row)."""
    return [("BACKGROUND", (c, r), (c, r), layout.LABEL_FILL) for c, r in cells]
