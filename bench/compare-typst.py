#!/usr/bin/env python3
"""Sets the body paragraphs of the example briefs with brief and with Typst
(same font, size and measure) and counts loose lines in both PDFs, measured
the same way: word gaps read back with `pdftotext -bbox-layout`.

Usage: python3 bench/compare-typst.py [BRIEF_BINARY]
Needs: pip install typst; poppler-utils. Prints one line per tool.
"""
import glob, os, re, statistics, subprocess, sys, tempfile, tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target/release/brief")
SIZE, MARGIN_X, PAGE_W, PAGE_H = 10.5, 64.0, 595.28, 841.89
SPACE = 0.26 * SIZE  # Noto Sans' word space: 260/1000 em
LOOSE = SPACE * 1.25  # half the stretch (of half a space) used: TeX's "loose"


def paragraphs():
    out = []
    for path in sorted(glob.glob(os.path.join(ROOT, "briefs/*.toml"))):
        brief = tomllib.load(open(path, "rb"))
        if brief.get("brief", {}).get("language", "en") != "en":
            continue
        for sec in brief.get("section", []):
            for para in re.split(r"\n\s*\n", sec["text"].strip()):
                if re.match(r"^\s*([-*+]|\d+\.)\s", para):
                    continue  # lists are set ragged
                para = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", para)
                para = para.replace("**", "").replace("*", "")
                out.append(" ".join(para.split()))
    return out


def lines_of(pdf):
    """Per text line: (x of its right edge, gaps between its words)."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], capture_output=True, text=True).stdout
    for line in re.findall(r"<line[^>]*>(.*?)</line>", xml, re.S):
        words = [tuple(map(float, m)) for m in re.findall(
            r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"', line)]
        if len(words) >= 3:
            gaps = [b[0] - a[1] for a, b in zip(words, words[1:])]
            yield words[-1][1], gaps


def count(pdf):
    right = PAGE_W - MARGIN_X
    # Typst lets hyphens and punctuation hang into the margin: count those too.
    full = [gaps for end, gaps in lines_of(pdf) if right - 1.0 < end < right + 6.0]
    loose = sum(1 for g in full if statistics.mean(g) > LOOSE)
    widest = max((max(g) for g in full), default=0) / SPACE
    return len(full), loose, widest


def main():
    paras = paragraphs()
    with tempfile.TemporaryDirectory() as d:
        brief = os.path.join(d, "body.toml")
        with open(brief, "w") as f:
            f.write('[brief]\ntitle = "Body text"\ndate = 2026-01-01\n')
            for p in paras:
                f.write('[[section]]\ntext = """%s"""\n' % p.replace('"""', ''))
        ours = os.path.join(d, "brief.pdf")
        subprocess.run([BIN, "build", brief, "-o", ours], check=True)

        import typst
        src = os.path.join(d, "body.typ")
        with open(src, "w") as f:
            f.write(f'#set page(width: {PAGE_W}pt, height: {PAGE_H}pt, margin: (x: {MARGIN_X}pt, y: 74pt))\n')
            f.write(f'#set text(font: "Noto Sans", size: {SIZE}pt, lang: "en", hyphenate: true)\n')
            f.write('#set par(justify: true, leading: 7.5pt, spacing: 15pt)\n\n')
            for p in paras:
                f.write(p.replace("#", "\\#").replace("@", "\\@").replace("$", "\\$").replace("*", "\\*")
                        .replace("_", "\\_").replace("<", "\\<") + "\n\n")
        theirs = os.path.join(d, "typst.pdf")
        typst.compile(src, output=theirs, font_paths=[os.path.join(ROOT, "fonts/noto-sans")])
        for name, pdf in (("brief", ours), ("typst", theirs)):
            n, loose, widest = count(pdf)
            print(f"{name:6} {n:3} justified lines, {loose:2} loose (mean word space > 1.25x), widest space {widest:.2f}x")
        if os.environ.get("KEEP"):
            import shutil
            for pdf in (ours, theirs):
                shutil.copy(pdf, os.environ["KEEP"])


if __name__ == "__main__":
    main()
