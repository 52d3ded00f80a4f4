#!/usr/bin/env python3
"""Writes the small fonts the tests use to check how `brief` reads a
brief's own font files: made here from nothing (rectangles for glyphs), so
that they are ours to publish. Run it from this directory after changing
it; the files it writes are committed. Needs fontTools (`pip install
fonttools` or Debian's `python3-fonttools`).

- `cff/BriefTest-Regular.otf`: OpenType with CFF outlines, printable ASCII
  only (so that every other character falls back to Noto Sans).
- `bad/restricted.ttf`: its OS/2 fsType forbids embedding.
- `bad/variable.ttf`: has a weight axis (an `fvar` table).
- `bad/symbol.ttf`: its only character map is a Windows symbol map.
"""

import os

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.pens.ttGlyphPen import TTGlyphPen

ASCII = [chr(c) for c in range(0x20, 0x7F)]


def names(c):
    return ".notdef" if c is None else ("space" if c == " " else "uni%04X" % ord(c))


def width(c):
    if c == " ":
        return 260
    if c in "il.,:;'!|":
        return 240
    if c in "mwMW":
        return 820
    return 560 if c.islower() else 660


def draw(pen, c, w):
    if c == " ":
        return
    top = 700 if (c is None or not c.islower()) else 500
    pen.moveTo((50, 0))
    pen.lineTo((50, top))
    pen.lineTo((w - 50, top))
    pen.lineTo((w - 50, 0))
    pen.closePath()


def build(path, family, style, cff, fs_type=0, cmap_unicode=True, axes=False):
    chars = [None] + ASCII
    order = [names(c) for c in chars]
    fb = FontBuilder(1000, isTTF=not cff)
    fb.setupGlyphOrder(order)
    if cmap_unicode:
        fb.setupCharacterMap({ord(c): names(c) for c in ASCII})
    metrics = {}
    if cff:
        strings = {}
        for c in chars:
            w = width(c) if c else 500
            pen = T2CharStringPen(w, None)
            draw(pen, c, w)
            strings[names(c)] = pen.getCharString()
            metrics[names(c)] = (w, 50)
        ps = f"{family}-{style}"
        fb.setupCFF(ps, {"FullName": f"{family} {style}"}, strings, {})
    else:
        glyphs = {}
        for c in chars:
            w = width(c) if c else 500
            pen = TTGlyphPen(None)
            draw(pen, c, w)
            glyphs[names(c)] = pen.glyph()
            metrics[names(c)] = (w, 50)
        fb.setupGlyf(glyphs)
    fb.setupHorizontalMetrics(metrics)
    fb.setupHorizontalHeader(ascent=900, descent=-250)
    fb.setupNameTable({"familyName": family, "styleName": style, "psName": f"{family}-{style}"})
    if not cmap_unicode:
        from fontTools.ttLib.tables._c_m_a_p import cmap_format_4, table__c_m_a_p
        sub = cmap_format_4(4)
        sub.platformID, sub.platEncID, sub.language = 3, 0, 0
        sub.cmap = {0xF000 + ord(c): names(c) for c in ASCII}
        table = table__c_m_a_p()
        table.tableVersion = 0
        table.tables = [sub]
        fb.font["cmap"] = table
    fb.setupOS2(sTypoAscender=900, sTypoDescender=-250, usWinAscent=900, usWinDescent=250,
                sxHeight=500, sCapHeight=700, fsType=fs_type)
    fb.setupPost()
    if axes:
        fb.setupFvar([("wght", 100, 400, 900, "Weight")], [])
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fb.save(path)


build("cff/BriefTest-Regular.otf", "BriefTest", "Regular", cff=True)
build("bad/restricted.ttf", "BriefRestricted", "Regular", cff=False, fs_type=0x0002)
build("bad/variable.ttf", "BriefVariable", "Regular", cff=False, axes=True)
build("bad/symbol.ttf", "BriefSymbol", "Regular", cff=False, cmap_unicode=False)
