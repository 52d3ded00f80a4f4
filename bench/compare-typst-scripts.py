#!/usr/bin/env python3
"""Sets the body paragraphs of the Arabic and Chinese press releases with
brief and with Typst (same font files, size, leading, page and measure) and
measures both PDFs the same way. Arabic: word gaps of the full justified
lines, read back with `pdftotext -bbox-layout`, as multiples of Naskh's word
space (brief lengthens words with kashidas first, so its gaps should be
smaller). Chinese: per-character boxes (PyMuPDF), the extra gap between
adjacent Han characters of full justified lines, and lines that start with
closing or end with opening punctuation (kinsoku). Renders each first page
to /tmp/typst-compare/{brief,typst}-{ar,zh}.png to look at, beside the PDFs.

Usage: python3 bench/compare-typst-scripts.py [BRIEF_BINARY]
Needs: pip install typst pymupdf fonttools; poppler-utils. Prints one line
per tool per language.
"""
import os, re, shutil, statistics, subprocess, sys, tempfile, tomllib
import pymupdf
from fontTools.ttLib import TTFont

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target/release/brief")
OUT = "/tmp/typst-compare"
FONTS = [os.path.join(ROOT, "fonts", d) for d in ("noto-sans", "noto-naskh-arabic", "noto-sans-sc")]
PAGE_W, PAGE_H, MARGIN_X, MARGIN_Y = 595.2756, 841.8898, 64.0, 74.0  # A4; src/layout/theme.rs
RIGHT = PAGE_W - MARGIN_X
LATIN = 10.5  # body size; Naskh is set 1.2 times larger (ARABIC_SCALE in src/text/font.rs)
# Per language: body size of the script's face, baseline-to-baseline leading
# and paragraph skip as read back from brief's PDF, Typst's font and rules.
LANGS = {
    "ar": dict(size=LATIN * 1.2, lead=18.24, skip=35.52, font='"Noto Naskh Arabic"', dir="rtl",
               # brief sets digits, Latin and the slash of "حزيران/يونيه" in Noto Sans at 10.5.
               rules='#show regex("[(]?[A-Za-z0-9][A-Za-z0-9./:-]*[)]?|/"): set text(font: "Noto Sans", size: 10.5pt)\n'),
    "zh": dict(size=LATIN, lead=15.0, skip=22.5, dir="ltr", rules="",
               font='((name: "Noto Sans", covers: "latin-in-cjk"), "Noto Sans CJK SC")'),
}
naskh = TTFont(os.path.join(ROOT, "fonts/noto-naskh-arabic/NotoNaskhArabic-Regular.ttf"))
SPACE = naskh["hmtx"][naskh.getBestCmap()[32]][0] / naskh["head"].unitsPerEm * LANGS["ar"]["size"]
WORD_H = (naskh["hhea"].ascent - naskh["hhea"].descent) / naskh["head"].unitsPerEm * LANGS["ar"]["size"]
CLOSE, OPEN = set("，。、；：！？）」』》”"), set("（「『《“")


def paragraphs(lang):
    brief, out = tomllib.load(open(os.path.join(ROOT, f"briefs/unoct/press-release.{lang}.toml"), "rb")), []
    for sec in brief.get("section", []):
        for para in re.split(r"\n\s*\n", sec["text"].strip()):
            if re.match(r"^\s*([-*+]|\d+\.)\s", para):
                continue  # lists are set ragged
            para = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", para)
            out.append(" ".join(para.replace("**", "").replace("*", "").split()))
    return out


def justified(lines, lead):
    """The full lines that end no paragraph: both edges on the measure (a
    hanging full-width mark may reach 6pt past it), next line one lead below."""
    for i, (y, left, right, items) in enumerate(lines):
        last = i + 1 == len(lines) or lines[i + 1][0] - y > 1.3 * lead
        if not last and left < MARGIN_X + 1.0 and RIGHT - 1.0 < right < RIGHT + 6.0:
            yield items


def arabic(pdf):
    xml = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], capture_output=True, text=True).stdout
    lines = []
    for line in re.findall(r"<line[^>]*>(.*?)</line>", xml, re.S):
        words = sorted(tuple(map(float, m)) for m in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', line))
        # Body lines: a word as tall as Naskh's ascent + descent at body size.
        if words and any(abs(w[3] - w[1] - WORD_H) < 0.6 for w in words):
            lines.append((min(w[1] for w in words), words[0][0], max(w[2] for w in words), words))
    lines.sort()
    gaps = []  # per full line; a zero gap is a script change inside a word ("و28", "،)")
    for words in justified(lines, LANGS["ar"]["lead"]):
        g = [b[0] - a[2] for a, b in zip(words, words[1:])]
        gaps.append([x for x in g if x > 0.5])
    # Kashidas: brief draws them as strokes (thin filled rectangles); a tool
    # could also insert tatweel glyphs, which would be text.
    drawn = tatweel = 0
    for page in pymupdf.open(pdf):
        drawn += sum(1 for d in page.get_drawings() if d.get("fill") and d["rect"].height < 0.1 * LANGS["ar"]["size"] > d["rect"].width / 5)
        tatweel += page.get_text().count("\u0640")
    return len(lines), gaps, drawn, tatweel


def chinese(pdf):
    rows = {}
    for n, page in enumerate(pymupdf.open(pdf)):
        for block in page.get_text("rawdict")["blocks"]:
            for line in block.get("lines", []):
                for span in line["spans"]:
                    if abs(span["size"] - LATIN) < 0.1:
                        for c in span["chars"]:
                            if not c["c"].isspace():
                                rows.setdefault((n, round(c["origin"][1])), []).append((c["bbox"][0], c["bbox"][2], c["c"]))
    lines = [(n * PAGE_H + y, min(c[0] for c in cs), max(c[1] for c in cs), sorted(cs)) for (n, y), cs in sorted(rows.items())]
    kinsoku = [c[3][0][2] + "…" + c[3][-1][2] for c in lines if c[3][0][2] in CLOSE or c[3][-1][2] in OPEN]
    han, full = lambda ch: "\u4e00" <= ch <= "\u9fff", list(justified(lines, LANGS["zh"]["lead"]))
    gaps = [[b[0] - a[1] for a, b in zip(cs, cs[1:]) if han(a[2]) and han(b[2])] for cs in full]
    # A mark whose box the next character overlaps: its blank half (or part of it) closed up.
    squeezed = [a[1] - b[0] for cs in full for a, b in zip(cs, cs[1:]) if a[1] - b[0] > 0.1 and {a[2], b[2]} & (CLOSE | OPEN)]
    return len(lines), kinsoku, gaps, squeezed


def typst_source(lang, paras):
    L = LANGS[lang]
    src = (f'#set page(width: {PAGE_W}pt, height: {PAGE_H}pt, margin: (x: {MARGIN_X}pt, y: {MARGIN_Y}pt))\n'
           f'#set text(font: {L["font"]}, size: {L["size"]:.2f}pt, lang: "{lang}", dir: {L["dir"]},\n'
           '  top-edge: "baseline", bottom-edge: "baseline")  // leading is then baseline to baseline\n'
           f'#set par(justify: true, leading: {L["lead"]}pt, spacing: {L["skip"]}pt)\n' + L["rules"] + "\n")
    esc = lambda p: re.sub(r"([#@$*_<\\`=\[\]])", r"\\\1", p)
    return src + "\n\n".join(esc(p) for p in paras) + "\n"


def main():
    import typst
    os.makedirs(OUT, exist_ok=True)
    with tempfile.TemporaryDirectory() as d:
        for lang in ("ar", "zh"):
            paras = paragraphs(lang)
            brief = os.path.join(d, f"body.{lang}.toml")
            with open(brief, "w") as f:
                f.write(f'[brief]\ntitle = "Body text"\ndate = 2026-01-01\nlanguage = "{lang}"\n')
                for p in paras:
                    f.write('[[section]]\ntext = """%s"""\n' % p.replace('"""', ''))
            ours, theirs = os.path.join(OUT, f"brief-{lang}.pdf"), os.path.join(OUT, f"typst-{lang}.pdf")
            subprocess.run([BIN, "build", brief, "-o", ours], check=True, capture_output=True)
            src = os.path.join(d, f"body.{lang}.typ")
            with open(src, "w") as f:
                f.write(typst_source(lang, paras))
            shutil.copy(src, OUT)
            typst.compile(src, output=theirs, font_paths=FONTS, ignore_system_fonts=True)
            for name, pdf in (("brief", ours), ("typst", theirs)):
                subprocess.run(["pdftoppm", "-r", "110", "-png", "-f", "1", "-l", "1", "-singlefile", pdf,
                                os.path.join(OUT, f"{name}-{lang}")], check=True)
                if lang == "ar":
                    n, gaps, drawn, tatweel = arabic(pdf)
                    flat = [g for line in gaps for g in line] or [0]
                    print(f"{name:6} ar {n:3} lines, {len(gaps):2} full justified: widest word gap "
                          f"{max(flat) / SPACE:.2f}x space, mean {statistics.mean(flat) / SPACE:.2f}x "
                          f"(space {SPACE:.2f}pt, {len(flat)} gaps); kashidas {drawn} drawn, {tatweel} tatweel")
                else:
                    n, kinsoku, gaps, squeezed = chinese(pdf)
                    flat = [g for line in gaps for g in line] or [0]
                    spread = max((max(g) - min(g) for g in gaps if g), default=0)
                    print(f"{name:6} zh {n:3} lines, {len(gaps):2} full justified: extra Han gap max "
                          f"{max(flat) / LATIN:.3f} em, mean {round(statistics.mean(flat) / LATIN, 3) + 0:.3f} em, widest "
                          f"in-line spread {spread / LATIN:.3f} em; {len(squeezed)} marks squeezed, "
                          f"{sum(squeezed) / LATIN:.2f} em in all; kinsoku breaks: {' '.join(kinsoku) or 'none'}")


if __name__ == "__main__":
    main()
