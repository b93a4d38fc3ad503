"""What every report shares: its result, the closing note on unprintable characters,
the table look of forms and ledgers, and the one place a story becomes a file."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
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
    text = (f"注：本文件中有{len(ts.missing)}个字当前字体无法显示，已以红色编码标出：{codes}。"
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


class _Table(Table):
    """A table that moves a row that does not fit to the next page whole, and splits a
    row only when it is too tall for a page of its own (reportlab would otherwise leave
    an empty sliver of the row at the foot of the page)."""

    #: Height of the frame the table flows in (set per table; reportlab's own splits make
    #: new tables through the class, so the parts get it copied in split()).
    page_height = PORTRAIT.height
    #: Leading rows that are headings (a section's title, a header row): a page never ends
    #: right after them.
    heading_rows = 0

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 - reportlab's names
        # reportlab's private layout API (not in its stubs): measure, then split by whole rows.
        table: Any = self
        table._calc(availWidth, availHeight)
        parts = table._splitRows(availHeight, doInRowSplit=False)
        if not parts:
            heights: list[float] = table._rowHeights
            first = heights[self.repeatRows] if len(heights) > self.repeatRows else 0
            if first + sum(heights[:self.repeatRows]) > self.page_height or \
                    availHeight >= 0.98 * self.page_height:
                parts = table._splitRows(availHeight, doInRowSplit=True)
        if parts and len(parts[0]._cellvalues) <= self.heading_rows and availHeight < 0.98 * self.page_height:
            return []  # only the headings would stay: the whole table moves on
        for part in parts:
            part.page_height = self.page_height
            part.heading_rows = self.heading_rows if part is parts[0] else self.repeatRows
        return list(parts)


def grid(styles: Styles, rows: Sequence[Sequence[Any]], widths: Sequence[float],
         extra: Sequence[tuple[Any, ...]] = (), *, repeat: int = 0,
         min_heights: Sequence[float] | None = None, ruled: bool = True,
         page_height: float = PORTRAIT.height, heading_rows: int | None = None) -> Table:
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
    # Repeated header rows are headings too; a table may name more (a section's title row).
    table.heading_rows = repeat if heading_rows is None else heading_rows
    return table


#: A cell's line up to this long is a value (a date, a figure, a name), fitted whole (`fit`)
#: rather than wrapped like running text.
SHORT_VALUE = 12


def cell(ts: Typesetter, styles: Styles, text: str, style: ParagraphStyle, width: float) -> str | Paragraph:
    """A table cell: the plain text when it is set like the table's cells and every line
    fits `width` (drawn directly, with no paragraph to lay out: what keeps a 2,000-row
    ledger fast); a short value that does not fit is fitted whole (`fit`); else a paragraph
    that wraps. Align such columns with ALIGN."""
    if _plain_fits(ts, styles, text, style, width):
        return text
    if all(len(line) <= SHORT_VALUE for line in text.split("\n")):
        return fit(ts, styles, text, style, width)
    return para(ts, text, style)


def _plain_fits(ts: Typesetter, styles: Styles, text: str, style: ParagraphStyle, width: float) -> bool:
    font = ts.fonts.table
    base = styles.cell
    return style.fontName == base.fontName == font.name and style.fontSize == base.fontSize \
        and set(text).difference("\n") <= font.chars \
        and all(stringWidth(line, font.name, base.fontSize) <= width - 2 * CELL_PADDING for line in text.split("\n"))


#: Where a name too long for its cell is best cut: before an opening bracket, after a slash,
#: an enumeration comma or a colon, at a space.
_NAME_CUTS = re.compile(r"(?=[（(])|(?<=[/／、，,：])|(?<= )")


def fit(ts: Typesetter, styles: Styles, text: str, style: ParagraphStyle, width: float, *,
        smallest: float = layout.LIU_HAO, flowable: bool = False) -> str | Paragraph:
    """A short name or label (a unit, a category, a status, a form's label) in a cell of
    `width`, never cut in the middle of a word ("统一社会信用代/码", "农业农村/局"): on one line
    when it fits; else a little smaller; else cut at its natural points (before （, after /
    or 、), at the largest size that allows it; else on one line as small as `smallest`; only
    then in balanced pieces. Each line of `text` is fitted on its own. `flowable`: always a
    paragraph (for a cell made of several flowables)."""
    room = width - 2 * CELL_PADDING
    lines = text.split("\n")
    face = ts.face(style.fontName).name
    full = style.fontSize
    sizes = [full - 0.5 * i for i in range(int((full - smallest) / 0.5) + 1)]

    def one_line(size: float) -> bool:
        return all(stringWidth(line, face, size) <= room for line in lines)

    def at(size: float, shown: str) -> str | Paragraph:
        if size == full:
            plain = not flowable and shown == text and _plain_fits(ts, styles, shown, style, width)
            return shown if plain else para(ts, shown, style)
        smaller = ParagraphStyle(f"{style.name}-{size}", parent=style, fontSize=size, leading=round(size * 1.3, 1))
        return para(ts, shown, smaller)

    for size in sizes:
        if size < 0.85 * full:
            break
        if one_line(size):
            return at(size, text)
    # Cut at natural points: the fewest lines a size near the full one allows (a touch smaller
    # rather than a third line), else the largest size that allows any.
    cuts = []
    for size in sizes:
        cut = [_natural_cut(line, face, size, room) for line in lines]
        if all(c is not None for c in cut):
            shown = "\n".join(c for c in cut if c is not None)
            cuts.append((size, shown))
    near = [(shown.count("\n"), -size, size, shown) for size, shown in cuts if size >= 0.85 * full]
    if near:
        _, _, size, shown = min(near)
        return at(size, shown)
    if cuts:
        return at(*cuts[0])
    for size in sizes:
        if one_line(size):
            return at(size, text)
    return at(full, "\n".join(_balanced(line, face, full, room) for line in lines))


def _natural_cut(line: str, font: str, size: float, room: float) -> str | None:
    """`line` cut at its natural points into lines that fit `room` (None if it cannot be)."""
    if stringWidth(line, font, size) <= room:
        return line
    pieces = [p for p in _NAME_CUTS.split(line) if p]
    if len(pieces) < 2 or any(stringWidth(p, font, size) > room for p in pieces):
        return None
    out, current = [], ""
    for piece in pieces:
        if current and stringWidth(current + piece, font, size) > room:
            out.append(current)
            current = piece
        else:
            current += piece
    return "\n".join([*out, current])


def _balanced(line: str, font: str, size: float, room: float) -> str:
    """`line` in as few pieces of even length as fit `room` (no piece a lone character)."""
    if stringWidth(line, font, size) <= room:
        return line
    n = max(2, math.ceil(stringWidth(line, font, size) / room))
    while n < len(line):
        step = math.ceil(len(line) / n)
        chunks = [line[i:i + step] for i in range(0, len(line), step)]
        if all(stringWidth(c, font, size) <= room for c in chunks):
            return "\n".join(chunks)
        n += 1
    return "\n".join(line)


def label_cells(cells: Sequence[tuple[int, int]]) -> list[tuple[Any, ...]]:
    """Shading for label cells given as (column, row)."""
    return [("BACKGROUND", (c, r), (c, r), layout.LABEL_FILL) for c, r in cells]
