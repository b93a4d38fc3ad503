"""What every report shares: its result, the closing note on unprintable characters,
the table look of forms and ledgers, and the one place a story becomes a file."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from app.reports import layout
from app.reports.fonts import FontSet, Typesetter, marker
from app.reports.layout import PORTRAIT, Meta, PageHook, PageSpec, Styles, para
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
    footer: Callable[[Canvas, int, int], None] | None = None,
) -> ReportResult:
    """Write the story atomically to `path` (with the missing-character note at the end);
    `footer` replaces the standard page footer."""
    full = [*story, *missing_note(ts, styles)]
    meta = Meta(meta.title, meta.subject, meta.author, meta.footer_right, options.printed_at or meta.printed_at)
    pages = write_atomically(
        path,
        lambda tmp: layout.build(tmp, full, ts=ts, spec=spec, meta=meta, on_first=on_first,
                                 on_later=on_later, later_reserve=later_reserve,
                                 progress=options.progress, cancel=options.cancel, footer=footer),
    )
    return ReportResult(Path(path), pages, tuple(ts.missing), options.fonts.labels)


CELL_PADDING = 4
#: Thin black rules, text vertically centred, room inside each cell.
GRID = [
    ("GRID", (0, 0), (-1, -1), 0.5, layout.RULE),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ("TOPPADDING", (0, 0), (-1, -1), 3),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
]


class _Table(Table):  # type: ignore[misc]
    """A table that moves a row that does not fit to the next page whole, and splits a
    row only when it is too tall for a page of its own (reportlab would otherwise leave
    an empty sliver of the row at the foot of the page)."""

    #: Height of the frame the table flows in (set per table; reportlab's own splits make
    #: new tables through the class, so the parts get it copied in split()).
    page_height = PORTRAIT.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 - reportlab's names
        self._calc(availWidth, availHeight)
        parts = self._splitRows(availHeight, doInRowSplit=False)
        if not parts:
            first = self._rowHeights[self.repeatRows] if len(self._rowHeights) > self.repeatRows else 0
            if first + sum(self._rowHeights[:self.repeatRows]) > self.page_height or \
                    availHeight >= 0.98 * self.page_height:
                parts = self._splitRows(availHeight, doInRowSplit=True)
        for part in parts:
            part.page_height = self.page_height
        return list(parts)


def grid(styles: Styles, rows: Sequence[Sequence[Any]], widths: Sequence[float],
         extra: Sequence[tuple[Any, ...]] = (), *, repeat: int = 0,
         min_heights: Sequence[float] | None = None, ruled: bool = True,
         page_height: float = PORTRAIT.height) -> Table:
    """A table, ruled unless told otherwise; a row taller than `page_height` (the frame)
    continues on the next page, and no row is lower than its `min_heights` entry (room to
    write in by hand)."""
    # Table selects each cell's font before drawing it, Paragraph or not: Helvetica
    # unless told, a font the PDF would not embed.
    font = [("FONTNAME", (0, 0), (-1, -1), styles.cell.fontName),
            ("FONTSIZE", (0, 0), (-1, -1), styles.cell.fontSize), ("LEADING", (0, 0), (-1, -1), styles.cell.leading)]
    look = GRID if ruled else [("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]
    table = _Table([list(r) for r in rows], colWidths=list(widths), style=TableStyle([*look, *font, *extra]),
                   repeatRows=repeat, splitInRow=1, hAlign="LEFT",
                   minRowHeights=list(min_heights) if min_heights else None)
    table.page_height = page_height
    return table


def cell(ts: Typesetter, styles: Styles, text: str, style: ParagraphStyle, width: float) -> str | Paragraph:
    """A table cell: the plain text when it is set like the table's cells and every line
    fits `width` (drawn directly, with no paragraph to lay out: what keeps a 2,000-row
    ledger fast), else a paragraph that wraps. Align such columns with ALIGN."""
    font = ts.fonts.table
    base = styles.cell
    if style.fontName == base.fontName == font.name and style.fontSize == base.fontSize \
            and set(text).difference("\n") <= font.chars \
            and all(stringWidth(line, font.name, base.fontSize) <= width - 2 * CELL_PADDING
                    for line in text.split("\n")):
        return text
    return para(ts, text, style)


def label_cells(cells: Sequence[tuple[int, int]]) -> list[tuple[Any, ...]]:
    """Shading for label cells given as (column, row)."""
    return [("BACKGROUND", (c, r), (c, r), layout.LABEL_FILL) for c, r in cells]
