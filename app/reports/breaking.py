"""Line breaking of Chinese text on the printed page, for every report.

reportlab's CJK wrapping may break between any two characters: "2025年12月17 / 日",
"2026年11 / 月11日", "197 / 2", "逾期351 / 天". Here a paragraph breaks only between
*clusters*: a date (2026年6月15日, 2026年6月, 6月15日, 2026-06-15), a number with its unit
(351天, 82.7%, 1,980个, 第3页), a Latin word or code, or a single other character. Punctuation
that may not start a line (，。、）…) stays with what precedes it, an opening bracket with what
follows. Only a cluster wider than a whole line is cut inside, and a date then only after its
年 or 月. `Para` is the paragraph every report uses (layout.para)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from reportlab.platypus.paragraph import (  # type: ignore[attr-defined]  # private helpers, not in the stubs
    Paragraph,
    ParaLines,
    _handleBulletWidth,
    cjkU,
    makeCJKParaLine,
)

#: Chinese punctuation that may not start a line. reportlab's list follows Japanese practice
#: and lacks the full-width comma, semicolon, colon and closing quotes.
CANNOT_START = "，；：！？、。）》」』”’〕】…％,.;:!?)]}%"
#: What may not end a line: opening brackets and quotes.
CANNOT_END = "（《「『“‘〔【([{"
_UNIT = "年月日天个家次人项页号条位名件元万亿%％场亩吨台套户批笔宗米"
#: Longest first: a whole date before its parts, a number with its unit before a bare number.
CLUSTER = re.compile(
    r"\d{4}年\d{1,2}月\d{1,2}日"
    r"|\d{4}年\d{1,2}月"
    r"|\d{1,2}月\d{1,2}日"
    r"|\d{4}-\d{1,2}-\d{1,2}"
    r"|\d{4}年"
    r"|第 ?\d+(?:[.,]\d+)* ?[" + _UNIT + r"]?"
    r"|\d+(?:[.,:]\d+)*(?: ?[" + _UNIT + r"])?"
    r"|[A-Za-z][A-Za-z0-9_\-./@]*"
)
#: Inside a date wider than a line: where it may still be cut (after 年, after 月).
_DATE_PART = re.compile(r"\d+年|\d+月|\d+日|\d+-|\d+")


def clusters(text: str) -> list[tuple[int, int]]:
    """The (start, end) spans of `text` a line may not break inside, covering all of it."""
    spans: list[tuple[int, int]] = []
    i = 0
    for m in CLUSTER.finditer(text):
        spans.extend((j, j + 1) for j in range(i, m.start()))
        spans.append((m.start(), m.end()))
        i = m.end()
    spans.extend((j, j + 1) for j in range(i, len(text)))
    # Kinsoku: what may not start a line joins the span before; what may not end one, the next.
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if joined and (text[start] in CANNOT_START or text[joined[-1][1] - 1] in CANNOT_END):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def _cut_points(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A cluster too wide for a line, in pieces: a date's 年/月/日 parts (with any punctuation
    joined to it kept on the outer pieces), else its characters."""
    piece = text[start:end]
    head = len(piece) - len(piece.lstrip(CANNOT_END))
    tail = len(piece) - len(piece.rstrip(CANNOT_START))
    core = piece[head:len(piece) - tail]
    if core and re.fullmatch(r"\d{4}年\d{1,2}月(\d{1,2}日)?|\d{1,2}月\d{1,2}日|\d{4}-\d{1,2}-\d{1,2}", core):
        parts = [[start + head + m.start(), start + head + m.end()] for m in _DATE_PART.finditer(core)]
        parts[0][0] = start
        parts[-1][1] = end
        return [(a, b) for a, b in parts]
    return [(j, j + 1) for j in range(start, end)]


def split_frags(frags: Sequence[Any], max_widths: Sequence[float], calc_bounds: bool,
                encoding: str = "utf8") -> ParaLines:
    """reportlab's cjkFragSplit, breaking between clusters only, and never leaving a single
    character alone on a paragraph's last line when the line before can spare one."""
    glyphs: list[cjkU] = []
    for f in frags:
        text = f.text.decode(encoding) if isinstance(f.text, bytes) else f.text
        if text:
            glyphs.extend(cjkU(t, f, encoding) for t in text)
        else:
            glyphs.append(cjkU(text, f, encoding))  # an empty frag: a line break (<br/>) or an image
    text = "".join(g if len(g) == 1 else "\x00" for g in glyphs)  # one character per glyph

    def width_of(a: int, b: int) -> float:
        return float(sum(g.width for g in glyphs[a:b]))

    def limit(n: int) -> float:
        return float(max_widths[min(n, len(max_widths) - 1)])

    # (start, end, hard) of every line; a hard line ends with an explicit break (<br/>).
    bounds: list[tuple[int, int, bool]] = []
    run_start = 0
    for i in range(len(glyphs) + 1):
        hard = i < len(glyphs) and hasattr(glyphs[i].frag, "lineBreak")
        if i < len(glyphs) and not hard:
            continue
        first_line = len(bounds)
        line_start, used = run_start, 0.0
        pending = [(run_start + a, run_start + b) for a, b in clusters(text[run_start:i])]
        while pending:
            a, b = pending.pop(0)
            w = width_of(a, b)
            if used + w <= limit(len(bounds)) or a == line_start and b - a == 1:
                used += w
                continue
            if a == line_start:  # wider than a whole line: cut it and go on with its pieces
                pending[:0] = _cut_points(text, a, b)
                continue
            bounds.append((line_start, a, False))
            line_start, used = a, 0.0
            pending.insert(0, (a, b))
        if hard or line_start < i:
            bounds.append((line_start, i + 1 if hard else i, hard))
        _no_lone_last_character(text, bounds, first_line)
        run_start = i + 1
    lines = []
    for n, (a, b, hard) in enumerate(bounds):
        used = width_of(a, b)
        lines.append(makeCJKParaLine(glyphs[a:b], limit(n), used, limit(n) - used, hard, calc_bounds))
    return ParaLines(kind=1, lines=lines)


def _no_lone_last_character(text: str, bounds: list[tuple[int, int, bool]], first: int) -> None:
    """If the run's last line is one character (方 / 案), the line before gives it its last
    cluster, when that leaves it at least two characters."""
    if len(bounds) - first < 2:
        return
    (a, b, hard), (pa, pb, phard) = bounds[-1], bounds[-2]
    body = text[a:b].rstrip("\x00").rstrip(CANNOT_START)  # "记。" is one character too
    if len(body) != 1 or body.isascii():
        return
    spans = clusters(text[pa:pb])
    if len(spans) < 2:
        return
    cut = pa + spans[-1][0]
    if cut - pa < 2:
        return
    bounds[-2:] = [(pa, cut, phard), (cut, b, hard)]


class Para(Paragraph):
    """A paragraph broken into lines by `split_frags` (its style's wordWrap is "CJK")."""

    def breakLinesCJK(self, maxWidths: Any) -> Any:
        if not isinstance(maxWidths, (list, tuple)):
            maxWidths = [maxWidths]
        # A table measures each cell's paragraph several times at one width: break it once.
        key = tuple(maxWidths)
        memo = self.__dict__.get("_lines_for")
        if memo is not None and memo[0] == key:
            self.height = 0
            return memo[1]
        lines = self._break(list(maxWidths))
        self._lines_for = (key, lines)
        return lines

    def _break(self, maxWidths: list[float]) -> Any:
        style = self.style
        self.height = 0
        _handleBulletWidth(self.bulletText, style, maxWidths)
        frags = self.frags
        if not frags:
            return ParaLines(kind=0, fontSize=style.fontSize, fontName=style.fontName, textColor=style.textColor,
                             lines=[], ascent=style.fontSize, descent=-0.2 * style.fontSize)
        if hasattr(self, "blPara") and getattr(self, "_splitpara", False):
            return self.blPara
        auto_leading = getattr(self, "autoLeading", getattr(style, "autoLeading", ""))
        return split_frags(frags, maxWidths, auto_leading not in ("", "off"))
