"""How resources/fonts/title-serif-bold.ttf was made (run once by a maintainer, not at build time).

The 通报's title wants a 小标宋-like face: a heavy Song. Noto Serif CJK SC Bold (SIL OFL 1.1)
is one, but it ships with CFF outlines, which reportlab cannot embed. This script takes its
Simplified Chinese face out of the collection, keeps the characters of GB 2312 (6,763 hanzi
and its symbols) plus ASCII and the punctuation of official documents, converts the cubic
outlines to TrueType quadratics and names the result so it is not mistaken for the original:

    pip install fonttools
    python build_spec/fonts/make_title_face.py NotoSerifCJK-Bold.ttc resources/fonts/title-serif-bold.ttf

(NotoSerifCJK-Bold.ttc as in Debian's fonts-noto-cjk 1:20220127.)"""

from __future__ import annotations

import sys

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

FAMILY = "Zhuqi Title Serif"
EXTRA = "〔〕—–…·“”‘’、。，；：！？（）《》【】〈〉「」『』　□√×％＋－"


def gb2312() -> str:
    out = []
    for b1 in range(0xA1, 0xF8):
        for b2 in range(0xA1, 0xFF):
            try:
                out.append(bytes([b1, b2]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return "".join(out)


def sc_face(path: str) -> TTFont:
    for font in TTCollection(path).fonts:
        if "SC" in font["name"].getDebugName(1):
            return font
    raise SystemExit("no SC face in the collection")


def to_truetype(font: TTFont) -> None:
    """CFF outlines to glyf (max error 1 unit), as fontTools' otf2ttf snippet does."""
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = {}
    for name in glyph_order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    font["maxp"] = maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = glyph_order
    font.sfntVersion = "\x00\x01\x00\x00"
    font.recalcBBoxes = True


def rename(font: TTFont) -> None:
    name = font["name"]
    version = name.getDebugName(5) or ""
    for record in list(name.names):
        if record.nameID in (1, 2, 3, 4, 6, 16, 17):
            name.removeNames(nameID=record.nameID)
    for nid, value in ((1, FAMILY), (2, "Bold"), (3, f"{FAMILY} Bold; from Noto Serif CJK SC Bold {version}"),
                       (4, f"{FAMILY} Bold"), (6, "ZhuqiTitleSerif-Bold")):
        name.setName(value, nid, 3, 1, 0x409)
        name.setName(value, nid, 1, 0, 0)


def main(source: str, target: str) -> None:
    font = sc_face(source)
    text = gb2312() + "".join(chr(c) for c in range(0x20, 0x7F)) + EXTRA
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    to_truetype(font)
    rename(font)
    font.save(target)


if __name__ == "__main__":
    main(*sys.argv[1:3])
