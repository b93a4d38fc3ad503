"""The printed page shared by every report: GB/T 9704-2012 geometry, type sizes and
styles, the bold-looking title, "第 X 页 共 Y 页" footers with the print time, and
the document builder (cancel and progress honoured between flowables)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from reportlab.graphics.barcode import qrencoder
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    FrameBreak,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Spacer,
)

from app import __version__
from app.reports.breaking import CANNOT_START, Para
from app.reports.fmt import cn_datetime
from app.reports.fonts import MARKER_COLOUR, FontSet, LoadedFont, Run, Typesetter
from app.reports.output import Cancel, Progress, check_cancel

# Type sizes (字号) in points.
ER_HAO = 22.0  # 二号: titles
SAN_HAO = 16.0  # 三号: body of narrative documents
SI_HAO = 14.0  # 四号
XIAO_SI = 12.0  # 小四
WU_HAO = 10.5  # 五号: tables and forms
XIAO_WU = 9.0  # 小五
LIU_HAO = 7.5  # 六号

BLACK = HexColor("#000000")
GREY = HexColor("#555555")
RULE = HexColor("#000000")
LABEL_FILL = HexColor("#F2F2F2")
OVERDUE_FILL = HexColor("#FDE9E7")
OVERDUE_TEXT = HexColor(MARKER_COLOUR)




@dataclass(frozen=True)
class PageSpec:
    size: tuple[float, float]
    top: float
    bottom: float
    left: float
    right: float

    @property
    def width(self) -> float:
        """Width of the type area."""
        return self.size[0] - self.left - self.right

    @property
    def height(self) -> float:
        return self.size[1] - self.top - self.bottom


#: GB/T 9704-2012: A4, top 37 mm, binding (left) 28 mm, type area 156 × 225 mm.
PORTRAIT = PageSpec(A4, 37 * mm, 35 * mm, 28 * mm, 26 * mm)
#: Landscape ledgers: bound along the top edge in a portrait binder, so the binding
#: margin is on top; the sides are narrower to give the table its width.
LANDSCAPE = PageSpec(landscape(A4), 28 * mm, 20 * mm, 18 * mm, 18 * mm)


@dataclass(frozen=True)
class Styles:
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    body: ParagraphStyle
    cell: ParagraphStyle
    cell_center: ParagraphStyle
    cell_right: ParagraphStyle
    #: Centred and a size smaller: dates in narrow columns.
    cell_small: ParagraphStyle
    cell_head: ParagraphStyle
    label: ParagraphStyle
    section: ParagraphStyle
    note: ParagraphStyle


def make_styles(fonts: FontSet, *, body_size: float = SAN_HAO, cell_size: float = WU_HAO) -> Styles:
    """Paragraph styles for Chinese text: CJK line breaking everywhere, so punctuation
    that may not start a line (，。、） …) stays at the end of the previous one."""

    def style(name: str, font: LoadedFont, size: float, leading: float, **kw: Any) -> ParagraphStyle:
        kw.setdefault("textColor", BLACK)
        return ParagraphStyle(name, fontName=font.name, fontSize=size, leading=leading, wordWrap="CJK", **kw)

    body_leading = body_size * (1.8 if body_size >= SAN_HAO else 1.6)
    cell_leading = round(cell_size * 1.35, 1)
    return Styles(
        subtitle=style("subtitle", fonts.body, SI_HAO, SI_HAO * 1.5, alignment=TA_CENTER),
        h1=style("h1", fonts.heading, body_size, body_leading, spaceBefore=body_size * 0.4,
                 spaceAfter=body_size * 0.2, keepWithNext=1),
        h2=style("h2", fonts.body, body_size, body_leading, spaceBefore=body_size * 0.2, keepWithNext=1),
        body=style("body", fonts.body, body_size, body_leading, firstLineIndent=body_size * 2,
                   alignment=TA_LEFT),
        cell=style("cell", fonts.table, cell_size, cell_leading),
        cell_center=style("cell_center", fonts.table, cell_size, cell_leading, alignment=TA_CENTER),
        cell_right=style("cell_right", fonts.table, cell_size, cell_leading, alignment=TA_RIGHT),
        cell_small=style("cell_small", fonts.table, XIAO_WU, XIAO_WU * 1.35, alignment=TA_CENTER),
        cell_head=style("cell_head", fonts.heading, cell_size, cell_leading, alignment=TA_CENTER),
        label=style("label", fonts.heading, cell_size, cell_leading, alignment=TA_CENTER),
        section=style("section", fonts.heading, cell_size, cell_leading, keepWithNext=1),
        note=style("note", fonts.table, XIAO_WU, XIAO_WU * 1.45, textColor=GREY),
    )


def para(ts: Typesetter, text: str | None, style: ParagraphStyle) -> Paragraph:
    """A paragraph of `text` in `style`, every character checked against the faces, broken
    into lines between dates, numbers and words, never inside them (breaking.Para)."""
    return Para(ts.markup(text, ts.face(style.fontName)), style)


def text_width(runs: Sequence[Run], size: float) -> float:
    return sum(stringWidth(r.text, r.font.name, size) for r in runs)


def draw_runs(canvas: Canvas, runs: Sequence[Run], x: float, y: float, size: float, *,
              stroke: float = 0.0, color: Color = BLACK) -> float:
    """Draw runs left to right from (x, y); `stroke` > 0 thickens the glyphs (a bold look
    for faces without a bold weight). Returns the x after the last run."""
    for r in runs:
        canvas.setFont(r.font.name, size)
        fill = OVERDUE_TEXT if r.flagged else color
        canvas.setFillColor(fill)
        canvas.setStrokeColor(fill)
        if stroke and not r.font.bold:
            canvas.setLineWidth(stroke)
            canvas.drawString(x, y, r.text, mode=2)
        else:
            canvas.drawString(x, y, r.text)
        x += stringWidth(r.text, r.font.name, size)
    return x


def break_runs(runs: Sequence[Run], size: float, width: float) -> list[list[Run]]:
    """Cut runs into lines no wider than `width`, between characters (titles are short)."""
    lines: list[list[Run]] = [[]]
    used = 0.0
    for r in runs:
        for ch in (r.text if not r.flagged else [r.text]):
            w = stringWidth(ch, r.font.name, size)
            if used + w > width and lines[-1] and ch not in CANNOT_START:
                lines.append([])
                used = 0.0
            line = lines[-1]
            if line and line[-1].font is r.font and line[-1].flagged == r.flagged:
                line[-1] = Run(r.font, line[-1].text + ch, r.flagged)
            else:
                line.append(Run(r.font, ch, r.flagged))
            used += w
    return [ln for ln in lines if ln]


class Title(Flowable):
    """A document title: 二号, the title face, centred, wrapped if long, bold-looking."""

    def __init__(self, ts: Typesetter, text: str, *, size: float = ER_HAO, space_after: float = ER_HAO) -> None:
        super().__init__()
        self._runs = ts.runs(text, ts.fonts.title)
        self._size = size
        self._leading = size * 1.45
        self.spaceAfter = space_after
        self._lines: list[list[Run]] = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._width = avail_width
        self._lines = break_runs(self._runs, self._size, avail_width)
        return avail_width, self._leading * len(self._lines)

    def draw(self) -> None:
        y = self._leading * len(self._lines) - self._size
        for line in self._lines:
            x = (self._width - text_width(line, self._size)) / 2
            draw_runs(self.canv, line, x, y, self._size, stroke=self._size * 0.028)
            y -= self._leading


class KeepWithNext(Flowable):
    """A heading (and the spacers after it) kept with the beginning of what follows: on the
    page where the following content starts, or on the next page with it, never alone at a
    page's foot. Unlike reportlab's KeepTogether, a long table or text after the heading
    still starts right under it and continues overleaf."""

    def __init__(self, head: list[Flowable], body: Flowable) -> None:
        super().__init__()
        self.head = head
        self.body = body

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return avail_width, 0xFFFFFF  # always asked to split: split() places the parts

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        head_height = 0.0
        for f in self.head:
            _, h = f.wrapOn(self.canv, avail_width, avail_height)
            head_height += h + f.getSpaceBefore() + f.getSpaceAfter()
        room = avail_height - head_height - self.body.getSpaceBefore()
        at_top = bool(getattr(getattr(self, "_frame", None), "_atTop", False))
        if room > 0:
            _, body_height = self.body.wrapOn(self.canv, avail_width, room)
            if body_height <= room:
                return [*self.head, self.body]
            parts = self.body.split(avail_width, room)
            if parts and not _is_action(parts[0]):  # a KeepTogether would start with a break
                return [*self.head, *parts]
        if at_top:  # nothing more can be done on a fresh page: let the body split as it can
            return [*self.head, self.body]
        return [FrameBreak(), *self.head, self.body]

    def draw(self) -> None:  # never drawn itself: split() always replaces it
        pass


def keep_headings(story: list[Flowable]) -> list[Flowable]:
    """Every heading (a flowable whose style says keepWithNext) joined, with the spacers that
    follow it, to the next flowable that has content: the rule for every report."""
    out: list[Flowable] = []
    i = 0
    while i < len(story):
        f = story[i]
        if not _is_heading(f):
            out.append(f)
            i += 1
            continue
        head = [f]
        j = i + 1
        while j < len(story) and (isinstance(story[j], Spacer) or _is_heading(story[j])):
            head.append(story[j])
            j += 1
        if j < len(story) and not _is_action(story[j]):
            out.append(KeepWithNext(head, story[j]))
            i = j + 1
        else:
            out.extend(head)
            i = j
    return out


def _is_heading(f: Flowable) -> bool:
    return isinstance(f, Paragraph) and bool(getattr(f.style, "keepWithNext", 0))


def _is_action(f: Flowable) -> bool:
    return hasattr(f, "frameAction") or isinstance(f, (ProgressMark, NextPageTemplate))


class ProgressMark(Flowable):
    """An invisible flowable: when laid out, the builder reports progress (done of total)."""

    def __init__(self, done: int, total: int, message: str) -> None:
        super().__init__()
        self.done, self.total, self.message = done, total, message

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


def drawing(width: float, height: float, fonts: FontSet, **kw: Any) -> Drawing:
    """A reportlab graphics drawing whose initial font is ours: the renderer would
    otherwise select Helvetica, a font the PDF does not embed."""
    d = Drawing(width, height, **kw)
    d.initialFontName = fonts.table.name  # type: ignore[attr-defined]  # read by reportlab, not in the stubs
    return d


def draw_qr(canvas: Canvas, data: str, x: float, y: float, size: float) -> None:
    """A QR code of `data` (error correction M, 2-module quiet zone) in a size × size square.

    Drawn as one filled path of the dark runs of each row: the reportlab widget builds
    thousands of shapes and encodes twice, most of the time a visit record takes."""
    qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)  # None: the smallest version that fits
    qr.addData(data)
    qr.make()
    n = qr.getModuleCount()  # type: ignore[no-untyped-call]
    border = 2
    box = size / (n + 2 * border)
    path = canvas.beginPath()
    for r, row in enumerate(qr.modules):
        c = 0
        for dark, run in itertools.groupby(bool(m) for m in row):
            count = len(list(run))
            if dark:
                path.rect(x + (c + border) * box, y + size - (r + border + 1) * box, count * box, box)
            c += count
    canvas.saveState()
    canvas.setFillColor(BLACK)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


@dataclass(frozen=True)
class Meta:
    """The PDF's document information and the footer's fixed parts."""

    title: str
    subject: str = ""
    author: str = ""
    #: Printed at the right of every footer (e.g. the record's ID).
    footer_right: str = ""
    printed_at: datetime | None = None


PageHook = Callable[[Canvas, BaseDocTemplate], None]


class _FooterCanvas(Canvas):
    """Keeps every page until the end, so each footer can say how many pages there are."""

    def __init__(self, *args: Any, footer: Callable[[Canvas, int, int], None], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self._footer = footer
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]  # reportlab private

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._footer(self, number, total)
            super().showPage()
        super().save()


def footer_drawer(ts: Typesetter, spec: PageSpec, meta: Meta) -> Callable[[Canvas, int, int], None]:
    """第 X 页 共 Y 页 centred 7 mm below the type area; below it, small and grey, the
    print time at the left and the footer text (a record's ID) at the right."""
    printed = ts.runs("打印时间：" + cn_datetime(meta.printed_at or datetime.now()), ts.fonts.table)
    right = ts.runs(meta.footer_right, ts.fonts.table)
    size, small = WU_HAO, LIU_HAO

    def draw(canvas: Canvas, number: int, total: int) -> None:
        canvas.saveState()
        y = spec.bottom - 7 * mm - size
        runs = ts.runs(f"第{number}页 共{total}页", ts.fonts.table)
        draw_runs(canvas, runs, (spec.size[0] - text_width(runs, size)) / 2, y, size)
        y -= size + 2 * mm
        draw_runs(canvas, printed, spec.left, y, small, color=GREY)
        draw_runs(canvas, right, spec.size[0] - spec.right - text_width(right, small), y, small, color=GREY)
        canvas.restoreState()

    return draw


class _Doc(BaseDocTemplate):
    def __init__(self, filename: str, *, progress: Progress | None, cancel: Cancel | None, **kw: Any) -> None:
        super().__init__(filename, **kw)
        self._progress = progress
        self._cancel = cancel

    def afterFlowable(self, flowable: Flowable) -> None:
        check_cancel(self._cancel)
        if isinstance(flowable, ProgressMark) and self._progress is not None:
            self._progress(flowable.done, flowable.total, flowable.message)


def build(
    path: Path,
    story: list[Flowable],
    *,
    ts: Typesetter,
    spec: PageSpec,
    meta: Meta,
    on_first: PageHook | None = None,
    on_later: PageHook | None = None,
    later_reserve: float = 0.0,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    footer: Callable[[Canvas, int, int], None] | None = None,
) -> int:
    """Lay out `story` into the PDF at `path`; returns the number of pages. `footer(canvas,
    number, total)` replaces the standard footer (an official document's "— 1 —").

    `on_first` decorates the first page only. `on_later` draws a running header on
    the pages after it, in `later_reserve` points taken from the top of their frame;
    the story may switch back to the "plain" template (no running header) with
    NextPageTemplate("plain")."""
    doc = _Doc(
        str(path), progress=progress, cancel=cancel, pagesize=spec.size,
        leftMargin=spec.left, rightMargin=spec.right, topMargin=spec.top, bottomMargin=spec.bottom,
        title=meta.title, subject=meta.subject, author=meta.author,
        creator=f"助企走访台账 zhuqi {__version__}", lang="zh-CN",
        # The canvas opens each page in Helvetica unless told otherwise: a font the PDF
        # would not embed.
        initialFontName=ts.fonts.table.name,
    )

    def frame(reserve: float) -> Frame:
        return Frame(spec.left, spec.bottom, spec.width, spec.height - reserve,
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

    templates = [
        PageTemplate("first", [frame(0)], onPage=on_first or _nothing, pagesize=spec.size),
        PageTemplate("plain", [frame(0)], pagesize=spec.size),
    ]
    if on_later is not None:
        templates.append(PageTemplate("later", [frame(later_reserve)], onPage=on_later, pagesize=spec.size))
    story = [NextPageTemplate("later" if on_later is not None else "plain"), *keep_headings(story)]
    doc.addPageTemplates(templates)
    check_cancel(cancel)
    doc.build(story, canvasmaker=partial(_FooterCanvas, footer=footer or footer_drawer(ts, spec, meta)))
    return int(doc.page)


def _nothing(canvas: Canvas, doc: BaseDocTemplate) -> None:
    pass
