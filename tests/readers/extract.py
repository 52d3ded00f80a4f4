#!/usr/bin/env python3
"""The text four PDF readers extract, for the readers test.

usage: extract.py OUT.json PDF...

Writes {pdf: {reader: text}} for every reader installed: poppler
(`pdftotext`: Evince, Okular), MuPDF (PyMuPDF: SumatraPDF and many mobile
readers), PDFium (pypdfium2: Chrome and Edge) and pdf.js (pdfjs-dist run by
node: Firefox). pdf.js is looked for in BRIEF_PDFJS_DIR (default
$XDG_CACHE_HOME/brief-pdfjs or ~/.cache/brief-pdfjs), where
`npm install pdfjs-dist@4` put it (.ci/run does).
"""
import json, os, shutil, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
PDFJS = os.environ.get(
    "BRIEF_PDFJS_DIR", os.path.join(os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "brief-pdfjs")
)


def poppler(pdf):
    if not shutil.which("pdftotext"):
        return None
    return subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True, text=True, check=True).stdout


def mupdf(pdf):
    try:
        import pymupdf
    except ImportError:
        return None
    return "\n".join(page.get_text() for page in pymupdf.open(pdf))


def pdfium(pdf):
    try:
        import pypdfium2
    except ImportError:
        return None
    return "\n".join(page.get_textpage().get_text_range() for page in pypdfium2.PdfDocument(pdf))


def pdfjs(pdf):
    if not os.path.isdir(os.path.join(PDFJS, "node_modules", "pdfjs-dist")) or not shutil.which("node"):
        return None
    # An ES module finds its packages beside itself.
    script = os.path.join(PDFJS, "brief-extract.mjs")
    shutil.copyfile(os.path.join(HERE, "pdfjs.mjs"), script)
    return subprocess.run(["node", script, os.path.abspath(pdf)], capture_output=True, text=True, check=True).stdout


def main():
    out, pdfs = sys.argv[1], sys.argv[2:]
    result = {}
    for pdf in pdfs:
        texts = {}
        for name, read in (("poppler", poppler), ("mupdf", mupdf), ("pdfium", pdfium), ("pdfjs", pdfjs)):
            text = read(pdf)
            if text is not None:
                texts[name] = text
        result[pdf] = texts
    with open(out, "w", encoding="utf-8") as f:
        json.dump(result, f, ensure_ascii=False)


if __name__ == "__main__":
    main()
