#!/usr/bin/env python3
"""The words of a brief against the text of its web page, as the PDF audit
checks them against the PDF's (the same reading of the TOML source: what
a reader sees, Markdown taken away, footnote marks as their numbers,
images as their captions, settings left out):

- every word of every string of the brief, and of its house file in the
  brief's language, is in the page's text, and the words of each string
  come in the same order (one string is one block: a paragraph, a
  label, a quote);
- every address the brief writes (a link's target, a bare web or e-mail
  address) is the target of a link in the page, and no address in the
  page's text stands outside a link.

Usage: words.py PAGE.html BRIEF.toml [HOUSE.toml]
Exit status 0 when both hold, 1 otherwise (with what is missing).
"""

import html.parser
import re
import sys
import tomllib
import unicodedata

FOOTNOTE_DEF = re.compile(r"^\[\^[^\]\s]+\]:[ \t]*(.*?)(?=\n\s*\n|\n\[\^[^\]\s]+\]:|\Z)", re.M | re.S)
FOOTNOTE_MARK = re.compile(r"\[\^([^\]\s]+)\](?!:)")
NOTE_NUMBERS = {}
PHONES = []

# Keys whose values are settings or never shown as text.
SKIP_KEYS = {"style", "language", "lang", "logo", "date", "embargo", "page", "accent", "font", "fonts",
             "columns", "theme", "image", "after", "paper", "color", "colour", "template", "qr", "path",
             "format", "attachment", "schema", "value", "house", "logo_alt", "timezone",
             "languages", "standard"}

PUNCT = "\"'“”‘’«»„‚‹›()[]{}.,;:!?¿¡…*—–-_/·•|،؛؟。，、；：！？「」『』（）《》〈〉【】〔〕“”‘’・"
APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
BIDI_MARKS = dict.fromkeys([0x200E, 0x200F, 0x061C, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])
CJK = re.compile(r"([\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff])")
ARABIC_LATIN = re.compile(r"(?<=[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff])(?=[A-Za-z\u00c0-\u024f\u0400-\u04ff])"
                          r"|(?<=[A-Za-z\u00c0-\u024f\u0400-\u04ff])(?=[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff])")
ADDRESS = re.compile(r"https?://\S+|www\.[\w.-]+\.\w+\S*|[A-Za-z0-9.+_-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def split_footnotes(s):
    notes = [m.group(1) for m in FOOTNOTE_DEF.finditer(s)]
    return [FOOTNOTE_DEF.sub("", s)] + notes


def number_footnotes(strings):
    for s in strings:
        for m in FOOTNOTE_MARK.finditer(s):
            NOTE_NUMBERS.setdefault(m.group(1), len(NOTE_NUMBERS) + 1)


def strip_markdown(s):
    s = FOOTNOTE_MARK.sub(lambda m: str(NOTE_NUMBERS.get(m.group(1), "")), s)
    s = re.sub(r"!\[[^\]]*\]\(\s*\S+(?:\s+\"([^\"]*)\")?\s*\)", lambda m: m.group(1) or "", s)
    s = re.sub(r"\[([^\]]*)\]\(([^)]*)\)", r"\1", s)
    s = re.sub(r"^\s{0,3}#{1,6}\s+", "", s, flags=re.M)
    s = re.sub(r"^\s{0,3}>\s?", "", s, flags=re.M)
    s = re.sub(r"^\s*([-*+]|\d+[.)])\s+", "", s, flags=re.M)
    s = re.sub(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$", "", s, flags=re.M)  # a table's rule
    s = s.replace("|", " ")
    s = s.replace("**", "").replace("__", "")
    s = re.sub(r"(?<![\w*])[*_](?=\S)|(?<=\S)[*_](?![\w*])", "", s)
    s = s.replace("`", "").replace("\\", "")
    return s


def norm(tok):
    tok = unicodedata.normalize("NFKC", tok).replace("\u00ad", "").translate(APOSTROPHES)
    return tok.strip(PUNCT + "\u00a0\u202f").casefold()


def tokens(text):
    out = []
    text = ARABIC_LATIN.sub(" ", text.translate(BIDI_MARKS))
    for t in text.split():
        for piece in CJK.split(t):
            n = norm(piece)
            if n:
                out.append(n)
    return out


def in_language(node, lang):
    """A house value given per language: the brief's."""
    if isinstance(node, dict) and node and all(re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]+)*", k) for k in node):
        return node.get(lang, node.get(lang.split("-")[0]))
    return node


def resolve(node, lang):
    """A house file's values in the brief's language."""
    node = in_language(node, lang)
    if isinstance(node, dict):
        return {k: resolve(v, lang) for k, v in node.items()}
    if isinstance(node, list):
        return [resolve(v, lang) for v in node]
    return node


def merge(house, brief):
    """The house under the brief: the brief's value wins, key by key."""
    if isinstance(house, dict) and isinstance(brief, dict):
        out = dict(house)
        for k, v in brief.items():
            out[k] = merge(house[k], v) if k in house else v
        return out
    return brief


def strings(node, lang, key=None, out=None):
    if out is None:
        out = []
    if key in SKIP_KEYS:
        return out
    node = in_language(node, lang)
    if key == "email" and isinstance(node, dict):
        return out  # the [email] table: the e-mail's envelope
    if isinstance(node, dict):
        for k, v in node.items():
            strings(v, lang, k, out)
    elif isinstance(node, list):
        for v in node:
            strings(v, lang, key, out)
    elif isinstance(node, str):
        out.append(node)
        if key == "phone":
            PHONES.append("tel:" + "".join(c for c in node if c.isdigit() or c == "+"))
    return out


def source_links(texts):
    out = set()
    for s in texts:
        for m in re.finditer(r"\]\(([^)\s]+)\)", s):
            if not m.group(1).startswith(("http", "mailto:", "tel:")):
                continue  # an image's file
            out.add(m.group(1))
        for m in re.finditer(r"(?<![\w(])https?://[^\s)\]>\"']+", s):
            out.add(m.group(0).rstrip(".,;"))
        for m in re.finditer(r"(?<![A-Za-z0-9.+_-])[A-Za-z0-9.+_-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+", s):
            out.add("mailto:" + m.group(0).rstrip("."))
    out.update(PHONES)
    return out


class Page(html.parser.HTMLParser):
    """The text of a page's body as a reader gets it, blocks apart, and
    its links' targets and the text outside links."""

    BLOCKS = {"p", "li", "h1", "h2", "h3", "dt", "dd", "td", "th", "figcaption", "div", "section", "header",
              "footer", "address", "blockquote", "pre", "br", "tr", "ol", "ul", "table", "hr", "figure"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.outside = []
        self.hrefs = set()
        self.depth = {"a": 0, "body": 0, "skip": 0}

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "title"):
            self.depth["skip"] += 1
        if tag == "body":
            self.depth["body"] += 1
        if tag == "a":
            self.depth["a"] += 1
            self.hrefs.update(v for k, v in attrs if k == "href")
        if tag in self.BLOCKS:
            self.parts.append("\n")
            self.outside.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "title"):
            self.depth["skip"] -= 1
        if tag == "a":
            self.depth["a"] -= 1
            self.outside.append(" ")
        if tag in self.BLOCKS:
            self.parts.append("\n")
            self.outside.append("\n")

    def handle_data(self, data):
        if self.depth["body"] and not self.depth["skip"]:
            self.parts.append(data)
            self.outside.append("" if self.depth["a"] else data)


def subsequence(block, seq):
    """The words of `block` not found in `seq` in order."""
    missing = []
    i = 0
    for tok in block:
        j = i
        while j < len(seq) and seq[j] != tok:
            j += 1
        if j == len(seq):
            missing.append(tok)
        else:
            i = j + 1
    return missing


def main():
    if len(sys.argv) not in (3, 4):
        print(__doc__.splitlines()[-2], file=sys.stderr)
        return 2
    page_path, brief_path = sys.argv[1], sys.argv[2]
    with open(brief_path, "rb") as f:
        brief = tomllib.load(f)
    house = {}
    if len(sys.argv) == 4:
        with open(sys.argv[3], "rb") as f:
            house = tomllib.load(f)
    lang = brief.get("brief", {}).get("language") or house.get("brief", {}).get("language") or "en"
    texts = strings(merge(resolve(house, lang), brief), lang)
    number_footnotes(texts)
    blocks = [tokens(strip_markdown(part)) for s in texts for part in split_footnotes(s)]

    page = Page()
    with open(page_path, encoding="utf-8") as f:
        page.feed(f.read())
    seq = tokens("".join(page.parts))
    problems = []
    total = 0
    for block in blocks:
        total += len(block)
        missing = subsequence(block, seq)
        if missing:
            problems.append(f"words missing or out of order: {' '.join(missing[:12])} (of “{' '.join(block[:12])} …”)")
    hrefs = {h.rstrip("/") for h in page.hrefs}
    for link in sorted(source_links(texts)):
        if link.rstrip("/") not in hrefs:
            problems.append(f"not a link: {link}")
    for m in ADDRESS.finditer("".join(page.outside)):
        problems.append(f"an address outside a link: {m.group(0)}")
    if problems:
        print(f"{page_path}:\n  " + "\n  ".join(problems))
        return 1
    print(f"{page_path}: all {total} words of the brief in order, all {len(source_links(texts))} addresses linked")
    return 0


if __name__ == "__main__":
    sys.exit(main())
