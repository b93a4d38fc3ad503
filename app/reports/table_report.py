"""The landscape table report the 问题台账 and the 地企合作项目台账 share: a shaded header row,
repeated at the top of every later page; the rows as many small tables of CHUNK rows (so a page
break never makes reportlab re-measure every remaining row: 2,000 rows would take minutes),
each no taller than a page under that header; a line in one cell when nothing matched."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Generic, TypeVar

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable

from app.reports import layout
from app.reports.common import RenderOptions, ReportResult, grid, render
from app.reports.fonts import Typesetter
from app.reports.layout import LANDSCAPE, Meta, ProgressMark, Styles, para

T = TypeVar("T")
#: Rows per table.
CHUNK = 8
#: A table row's cells (strings, paragraphs or lists of flowables).
Cells = list[Any]
#: TableStyle commands.
Commands = list[tuple[Any, ...]]


class TableReport(Generic[T]):
    """One report's table: its headings and column widths (the 261 mm of the landscape type
    area), the columns centred; `body` lays the rows, `render` writes the file with the header
    repeated on every page after the first."""

    def __init__(self, ts: Typesetter, styles: Styles, headings: Sequence[str], widths: Sequence[float],
                 centred: Sequence[int]) -> None:
        self.ts, self.styles = ts, styles
        self.headings, self.widths, self.centred = tuple(headings), tuple(widths), tuple(centred)
        self._running = self.header()
        _, self._head_height = self._running.wrap(LANDSCAPE.width, LANDSCAPE.height)

    def header(self) -> Flowable:
        """The header row (a new flowable each call: one in the story, one drawn on later pages)."""
        cells = [para(self.ts, h, self.styles.cell_head) for h in self.headings]
        return grid(self.styles, [cells], self.widths, [("BACKGROUND", (0, 0), (-1, 0), layout.LABEL_FILL)])

    def body(self, items: Sequence[T], row: Callable[[int, T], Cells], *, empty: str,
             shade: Callable[[int, T], Commands] | None = None,
             progress: Callable[[int, int], str] | None = None) -> Iterator[Flowable]:
        """The rows of `items`: `row(number, item)` gives the cells (numbered from 1), `shade(i, item)`
        any style commands for row i of its chunk, `progress(done, total)` a ProgressMark's text
        after each chunk; `empty` in one cell when there are no items."""
        page_height = LANDSCAPE.height - self._head_height
        total = len(items)
        for start in range(0, total, CHUNK):
            rows: list[Cells] = []
            extra: Commands = [("ALIGN", (col, 0), (col, -1), "CENTER") for col in self.centred]
            for i, item in enumerate(items[start:start + CHUNK]):
                rows.append(row(start + i + 1, item))
                if shade is not None:
                    extra += shade(i, item)
            yield grid(self.styles, rows, self.widths, extra, page_height=page_height)
            if progress is not None:
                done = min(start + CHUNK, total)
                yield ProgressMark(done, total, progress(done, total))
        if not items:
            yield grid(self.styles, [[para(self.ts, empty, self.styles.cell_center)]], [sum(self.widths)])

    def _draw_header(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        self._running.drawOn(canvas, LANDSCAPE.left, LANDSCAPE.size[1] - LANDSCAPE.top - self._head_height)

    def render(self, path: Path, story: list[Flowable], meta: Meta, options: RenderOptions) -> ReportResult:
        return render(path, story, ts=self.ts, styles=self.styles, spec=LANDSCAPE, meta=meta, options=options,
                      on_later=self._draw_header, later_reserve=self._head_height)
