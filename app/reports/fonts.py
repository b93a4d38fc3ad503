"""Fonts for the printed reports, and the check of every character against them.

Faces are chosen per role (title, body, table, heading) in this order: a font
the user configured; the official faces installed on this machine (方正小标宋,
仿宋_GB2312 / 仿宋, 宋体, 黑体); the open-licensed TrueType faces shipped in
resources/fonts (AR PL UMing CN, a Ming/Song face, and WenQuanYi Micro Hei).
reportlab embeds TrueType subsets but cannot use CFF-flavoured OpenType, and a
glyph missing from a font prints as a blank without any error: so every string
goes through a Typesetter, which switches to a fallback face for characters
the main face lacks and prints a visible, red [U+XXXX] for characters no face
has, keeping a list of them for the report's closing note and its caller."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from app.errors import UserError
from app.paths import resources_dir
from app.reports import system_fonts
from app.reports.system_fonts import Candidate

#: resources/fonts beside the packages (in the frozen application, its bundle folder).
BUNDLED_DIR = resources_dir() / "fonts"
BUNDLED_SONG = Candidate("AR PL UMing CN（随程序附带）", ("uming.ttc",))
BUNDLED_HEI = Candidate("文泉驿微米黑（随程序附带）", ("wqy-microhei.ttc",))
#: 仿宋 for the body of documents (GB/T 9704) when 仿宋_GB2312 / 仿宋 are not installed.
BUNDLED_FANGSONG = Candidate("朱雀仿宋（随程序附带）", ("zhuque-fangsong.ttf",))
#: A heavy Song for titles, standing in for 方正小标宋 (see resources/fonts/README.md).
BUNDLED_TITLE = Candidate("标题宋体（Noto Serif CJK SC Bold，随程序附带）", ("title-serif-bold.ttf",), bold=True)

#: Characters every usable face must have: a Chinese character, digits and Latin letters
#: (Droid Sans Fallback, for one, has no digits, so dates and codes would print blank).
_REQUIRED = frozenset("一企0123456789ABCXYZ")
MARKER_COLOUR = "#C00000"
_CONTROL = {c: None for c in range(32) if c not in (9, 10)} | {9: 32, 0x7F: None}


@dataclass(frozen=True)
class LoadedFont:
    """A face registered with reportlab under `name`, with the characters it can print."""

    name: str
    label: str
    path: Path
    chars: frozenset[str]
    #: The face is bold by design; titles in other faces are stroked to look bold.
    bold: bool = False

    def has(self, ch: str) -> bool:
        return ch in self.chars


@dataclass(frozen=True)
class FontOptions:
    #: A TrueType (.ttf/.ttc) file the user chose; used for every role when given.
    font: Path | None = None
    #: Look for the official faces installed on this machine.
    system: bool = True


@dataclass(frozen=True)
class FontSet:
    title: LoadedFont
    body: LoadedFont
    table: LoadedFont
    heading: LoadedFont
    #: Tried in order for characters a role's face lacks.
    fallbacks: tuple[LoadedFont, ...]

    @property
    def labels(self) -> tuple[str, ...]:
        faces = (self.title, self.body, self.table, self.heading, *self.fallbacks)
        return tuple(dict.fromkeys(f.label for f in faces))


class FontUnusable(Exception):
    """A font file reportlab cannot embed (CFF outlines, damaged, missing glyphs)."""


def load_fonts(options: FontOptions = FontOptions()) -> FontSet:
    """The faces for a report, registered with reportlab (loaded once per process)."""
    song = _bundled(BUNDLED_SONG)
    hei = _bundled(BUNDLED_HEI)
    fangsong = _bundled(BUNDLED_FANGSONG)
    title_face = _bundled(BUNDLED_TITLE)
    found: dict[str, list[LoadedFont]] = {"title": [], "body": [], "table": [], "heading": [], "rare": []}
    if options.font is not None:
        own = _configured(options.font)
        for role in ("title", "body", "table", "heading"):
            found[role].append(own)
    if options.system:
        folders = system_fonts.font_folders()
        roles = {"title": system_fonts.TITLE, "body": system_fonts.BODY, "table": system_fonts.TABLE,
                 "heading": system_fonts.HEADING, "rare": system_fonts.RARE}
        for role, candidates in roles.items():
            found[role].extend(_usable(candidates, folders))
    table = (found["table"] or [song])[0]
    return FontSet(
        title=(found["title"] or [title_face])[0],
        body=(found["body"] or [fangsong])[0],
        table=table,
        heading=(found["heading"] or [hei])[0],
        # The bundled Song first: it has the most glyphs, and reads closest to every role.
        fallbacks=tuple(dict.fromkeys([song, hei, fangsong, *found["rare"]])),
    )


def _usable(candidates: Sequence[Candidate], folders: Sequence[Path]) -> list[LoadedFont]:
    out = []
    for candidate, path in system_fonts.find(candidates, folders):
        try:
            out.append(_load(str(path), candidate.index, candidate.label, candidate.bold))
        except FontUnusable:
            continue  # e.g. an OpenType/CFF build of the face: the next candidate will do
    return out


def _bundled(candidate: Candidate) -> LoadedFont:
    path = BUNDLED_DIR / candidate.files[0]
    try:
        return _load(str(path), candidate.index, candidate.label, candidate.bold)
    except FontUnusable as exc:
        raise UserError(f"程序附带的字体文件 {path} 缺失或已损坏（{exc}），请重新安装本程序") from None


def _configured(path: Path) -> LoadedFont:
    if not path.is_file():
        raise UserError(f"找不到设置的报表字体文件：{path}")
    try:
        return _load(str(path.resolve()), 0, path.stem, False)
    except FontUnusable as exc:
        raise UserError(
            f"设置的报表字体 {path} 无法使用：{exc}。请选择 TrueType 字体（.ttf 或 .ttc），"
            "OpenType/CFF 字体（如思源、Noto CJK 的 .otf）无法嵌入 PDF"
        ) from None


@lru_cache(maxsize=32)
def _load(path: str, index: int, label: str, bold: bool) -> LoadedFont:
    name = "ZQ" + hashlib.sha1(f"{path}#{index}".encode()).hexdigest()[:10]
    try:
        font = TTFont(name, path, subfontIndex=index)
    except (TTFError, OSError, ValueError, KeyError, IndexError) as exc:
        raise FontUnusable(str(exc) or type(exc).__name__) from exc
    cmap = font.face.charToGlyph
    chars = frozenset(chr(cp) for cp, glyph in cmap.items() if glyph)
    lacking = _REQUIRED - chars
    if lacking:
        raise FontUnusable("缺少常用字符 " + "".join(sorted(lacking)))
    pdfmetrics.registerFont(font)
    return LoadedFont(name, label, Path(path), chars, bold)


@dataclass(frozen=True)
class Run:
    font: LoadedFont
    text: str
    #: A marker standing for a character no face can print.
    flagged: bool = False


def marker(ch: str) -> str:
    """How a character no font can print is shown: U+20000 → [U+20000]."""
    return f"[U+{ord(ch):04X}]"


class Typesetter:
    """Turns text into reportlab paragraph markup in the report's faces.

    One per rendered document: it remembers which characters no face could print."""

    def __init__(self, fonts: FontSet) -> None:
        self.fonts = fonts
        #: Characters no face has, in order of first appearance.
        self.missing: dict[str, None] = {}

    def runs(self, text: str, font: LoadedFont) -> list[Run]:
        """The text cut into runs: `font` where it has the glyphs, a fallback face where
        it lacks one, and a flagged marker (in `font`) where no face has the character."""
        text = clean(text)
        if not text or set(text).difference("\n ") <= font.chars:
            return [Run(font, text)] if text else []
        out: list[Run] = []
        for ch in text:
            face = font if ch in font.chars or ch in "\n " else self._fallback_for(ch)
            run = Run(face, ch) if face is not None else Run(font, marker(ch), flagged=True)
            if run.flagged:
                self.missing.setdefault(ch, None)
            if out and out[-1].font is run.font and out[-1].flagged == run.flagged:
                out[-1] = Run(run.font, out[-1].text + run.text, run.flagged)
            else:
                out.append(run)
        return out

    def markup(self, text: str | None, font: LoadedFont) -> str:
        """Paragraph markup for `text` whose style uses `font`; newlines become line breaks."""
        if not text:
            return ""
        parts = []
        for run in self.runs(text, font):
            shown = escape(run.text).replace("\n", "<br/>")
            if run.flagged:
                parts.append(f'<font color="{MARKER_COLOUR}">{shown}</font>')
            elif run.font is not font:
                parts.append(f'<font face="{run.font.name}">{shown}</font>')
            else:
                parts.append(shown)
        return "".join(parts)

    def plain(self, text: str | None, font: LoadedFont) -> str:
        """Text for a single-face drawing (chart labels): missing characters become markers."""
        out = []
        for ch in clean(text or "").replace("\n", " "):
            if ch in font.chars or ch == " ":
                out.append(ch)
            else:
                self.missing.setdefault(ch, None)
                out.append(marker(ch))
        return "".join(out)

    def face(self, name: str) -> LoadedFont:
        """The face registered under `name` (a paragraph style's fontName)."""
        f = self.fonts
        for face in (f.title, f.body, f.table, f.heading, *f.fallbacks):
            if face.name == name:
                return face
        raise KeyError(name)

    def _fallback_for(self, ch: str) -> LoadedFont | None:
        for face in self.fonts.fallbacks:
            if ch in face.chars:
                return face
        return None


def clean(text: str) -> str:
    """Line ends unified, tabs as spaces, other control characters dropped."""
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROL)
