//! The web stage: a brief as one self-contained web page (`NAME.html`),
//! set from the same validated [`Brief`] as the PDF.
//!
//! **What the page is.** One HTML file with its style sheet inside, its
//! images and logo inside as `data:` URIs, no script to run and nothing
//! loaded from anywhere else: it can be put on any web server, attached,
//! or opened from a disk. Everything the PDF shows is there in semantic
//! HTML: the band (`header`), the notice and embargo, the title (`h1`), the
//! lede, a media advisory's event (a `dl` of label and value), the key
//! figures (a list, each item read as "almost 1,000 participants over
//! three days"), the sections with their sub-headings, lists, block
//! quotes, code, tables (`th scope`, in a box of their own that scrolls
//! on a narrow screen), images (`figure`, `figcaption`, `alt`), the pull
//! quotes (`figure` around a `blockquote` with its attribution in the
//! `figcaption`), the end mark and the house's boilerplate, the
//! footnotes (a numbered list at the end, each mark and note linking to
//! the other), and the contact block (`address`, live `mailto:` and
//! `tel:` links, the QR code of the web address).
//!
//! **Languages.** The document carries the brief's `lang`, and `dir="rtl"`
//! for a right-to-left language, whose page the style sheet mirrors with
//! logical properties alone. A run of words in another script carries its
//! own `lang` (the text stage's [`span_language`], as in the tagged PDF),
//! and, where its direction differs, its own `dir`. Quotation marks,
//! apostrophes and spaces come from the text stage's typography
//! ([`smarten`]), numbers and dates from the model's locale, so the page
//! reads like the PDF. Hyphenation is the browser's (`hyphens: auto`) in
//! the languages written in Latin and Cyrillic letters; Chinese is
//! justified, other text is set ragged (see `docs/web.md`).
//!
//! **For search engines and social posts.** A `<title>`, a description
//! from the lede, Open Graph tags, `hreflang` links to the other language
//! versions, and a schema.org `NewsArticle` in JSON-LD.
//!
//! **Safety.** Every text and attribute value is escaped; the JSON-LD is
//! written by `serde_json` with `<`, `>` and `&` escaped as `\u003c`,
//! `\u003e`, `\u0026`, so that no value can close its `<script>`. Links go
//! only to the schemes the model allows (`https`, `http`, `mailto`,
//! `tel`), checked again here.
//!
//! **Why a stage of its own.** It sits beside `pdf`: it reads the model,
//! the text stage's typography and script detection, and the summary's
//! plain-text helpers, and never measures or shapes text. Byte-identical
//! output for the same brief: nothing depends on the clock, the machine
//! or a hash order.

mod css;
mod meta;

use std::fmt::Write as _;

use base64::Engine as _;

use crate::geom::Color;
use crate::model::{self, Brief, Image, ImageFormat, Inline, Language, locale};
use crate::summary::allowed;
use crate::text::span_language;
use crate::text::typography::smarten;

/// `text` escaped for HTML text and attribute values (the summary's).
pub use crate::summary::esc;

/// What the page needs besides the brief.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The brief's language versions, this page's own language among them,
    /// for `<link rel="alternate" hreflang>`: empty when the brief has
    /// none.
    pub alternates: Vec<Alternate>,
    /// The recipient a copy is made for ("Prepared for" in the band).
    pub prepared_for: Option<String>,
}

/// Another language version's page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alternate {
    /// Its BCP 47 language tag.
    pub lang: String,
    /// Its address, relative to this page (`press-release.fr.html`).
    pub href: String,
}

/// The web page of `brief`, ending in a newline.
pub fn page(brief: &Brief, options: &Options) -> String {
    let w = Writer::new(brief);
    let mut out = String::with_capacity(16 * 1024);
    out.push_str("<!DOCTYPE html>\n");
    let _ = writeln!(out, "<html lang=\"{}\" dir=\"{}\">", esc(&brief.language.tag), w.dir());
    out.push_str("<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    meta::head(&w, options, &mut out);
    out.push_str("<style>\n");
    css::write(&w, &mut out);
    out.push_str("</style>\n</head>\n<body>\n");
    w.band(options.prepared_for.as_deref(), &mut out);
    out.push_str("<main id=\"main\">\n<article>\n");
    w.head(&mut out);
    w.body(&mut out);
    w.notes(&mut out);
    out.push_str("</article>\n");
    w.contact(&mut out);
    out.push_str("</main>\n");
    w.footer(&mut out);
    out.push_str("</body>\n</html>\n");
    out
}

/// The brief and what every part of the page needs of it.
struct Writer<'a> {
    brief: &'a Brief,
    lang: &'a Language,
    /// Languages without italics set emphasis and quotes upright.
    italic: bool,
}

impl<'a> Writer<'a> {
    fn new(brief: &'a Brief) -> Writer<'a> {
        Writer { brief, lang: &brief.language, italic: brief.language.has_italic() }
    }

    fn dir(&self) -> &'static str {
        if self.lang.is_rtl() { "rtl" } else { "ltr" }
    }

    /// Plain text with the language's typography, escaped, runs in
    /// another script marked with their language.
    fn plain(&self, text: &str) -> String {
        self.runs(&self.smart(text))
    }

    /// Plain text with the language's typography, not escaped.
    fn smart(&self, text: &str) -> String {
        let mut texts = [text.to_string()];
        smarten(&mut texts, &self.lang.tag);
        let [text] = texts;
        text
    }

    /// A fixed label of the language.
    fn label(&self, key: locale::Label) -> String {
        self.plain(locale::label(self.lang, key))
    }

    /// A fixed label followed by a colon, with the language's spacing
    /// ("Courriel :").
    fn colon(&self, key: locale::Label) -> String {
        self.plain(&format!("{}:", locale::label(self.lang, key)))
    }

    /// Escaped text, each run of words in a script other than the
    /// document's in a `span` with its `lang` (and `dir` where the
    /// direction changes). Words without letters (numbers, punctuation)
    /// between two words of the same foreign run join it.
    fn runs(&self, text: &str) -> String {
        let primary = self.lang.primary.as_str();
        // Words with their language (`None`: the document's; `Some("")`:
        // no letters), the spaces kept with the word before them.
        let mut words: Vec<(&str, Option<&'static str>)> = Vec::new();
        let mut start = 0;
        let mut in_space = false;
        for (i, c) in text.char_indices() {
            if c.is_whitespace() {
                in_space = true;
            } else if in_space {
                words.push(word(&text[start..i], primary));
                start = i;
                in_space = false;
            }
        }
        if start < text.len() {
            words.push(word(&text[start..], primary));
        }
        if words.iter().all(|(_, l)| matches!(l, None | Some(""))) {
            return esc(text);
        }
        // Neutral words take the language of the words on both sides when
        // those agree.
        for i in 0..words.len() {
            if words[i].1 == Some("") {
                let before = words[..i].iter().rev().find(|w| w.1 != Some("")).map(|w| w.1);
                let after = words[i + 1..].iter().find(|w| w.1 != Some("")).map(|w| w.1);
                words[i].1 = match (before, after) {
                    (Some(b), Some(a)) if a == b => b,
                    _ => None,
                };
            }
        }
        let mut out = String::with_capacity(text.len() + 32);
        let mut i = 0;
        while i < words.len() {
            let lang = words[i].1;
            let mut j = i;
            let mut run = String::new();
            while j < words.len() && words[j].1 == lang {
                run.push_str(words[j].0);
                j += 1;
            }
            match lang {
                Some(tag) if !tag.is_empty() => {
                    // From its first letter or digit to its last: the
                    // punctuation and spaces around it belong to the
                    // sentence ("(UNOCT)،" in Arabic keeps its brackets
                    // and comma in the Arabic order).
                    let first = run.find(char::is_alphanumeric).unwrap_or(0);
                    let last = run
                        .rfind(char::is_alphanumeric)
                        .map_or(run.len(), |i| i + run[i..].chars().next().map_or(0, char::len_utf8));
                    let rtl = Language { tag: tag.to_string(), primary: tag.to_string() }.is_rtl();
                    let dir = match (rtl, self.lang.is_rtl()) {
                        (true, false) => " dir=\"rtl\"",
                        (false, true) => " dir=\"ltr\"",
                        _ => "",
                    };
                    out.push_str(&esc(&run[..first]));
                    let _ = write!(out, "<span lang=\"{tag}\"{dir}>{}</span>", esc(&run[first..last]));
                    out.push_str(&esc(&run[last..]));
                }
                _ => out.push_str(&esc(&run)),
            }
            i = j;
        }
        out
    }

    /// Inline text as HTML: emphasis, links, code and footnote marks, the
    /// language's typography applied across spans. `marked` collects the
    /// notes whose first mark this is (its `id` goes on it).
    fn inline(&self, inline: &Inline, marked: &mut Vec<usize>) -> String {
        let spans: Vec<&model::Span> = inline.0.iter().filter(|s| !s.text.is_empty()).collect();
        let mut texts: Vec<String> = spans.iter().map(|s| s.text.clone()).collect();
        smarten(&mut texts, &self.lang.tag);
        let mut out = String::new();
        let mut i = 0;
        while i < spans.len() {
            let link = spans[i].link.as_deref().filter(|_| spans[i].note.is_none());
            let mut run = String::new();
            while i < spans.len() && spans[i].link.as_deref().filter(|_| spans[i].note.is_none()) == link {
                let s = spans[i];
                let text = &texts[i];
                i += 1;
                if let Some(n) = s.note {
                    let id = if marked.contains(&n) {
                        String::new()
                    } else {
                        marked.push(n);
                        format!(" id=\"ref-{n}\"")
                    };
                    let name = format!("{} {n}", locale::label(self.lang, locale::Label::Footnote));
                    let _ = write!(
                        run,
                        "<sup class=\"mark\"><a href=\"#note-{n}\"{id} aria-label=\"{}\">{n}</a></sup>",
                        esc(&name)
                    );
                    continue;
                }
                let mut html = if s.code { format!("<code>{}</code>", esc(&s.text)) } else { self.runs(text) };
                let (bold, italic) = if self.italic { (s.bold, s.italic) } else { (s.bold || s.italic, false) };
                if italic {
                    html = format!("<em>{html}</em>");
                }
                if bold {
                    html = format!("<strong>{html}</strong>");
                }
                run.push_str(&html);
            }
            match link {
                Some(target) if crate::summary::shows_target(&plain_text(&run), target) => {
                    out.push_str(&address(target, &run))
                }
                Some(target) => out.push_str(&anchor(target, &run)),
                None => out.push_str(&run),
            }
        }
        out
    }

    /// The band: logo, organisation and symbol at the start, kind and
    /// dateline at the end, "Prepared for" across its foot.
    fn band(&self, prepared_for: Option<&str>, out: &mut String) {
        let b = self.brief;
        out.push_str("<header class=\"band\">\n<div class=\"band-in\">\n");
        if let Some(logo) = &b.logo {
            let (w, h) = logo_size(logo);
            let alt = b.logo_alt.as_deref().unwrap_or("");
            let _ = writeln!(
                out,
                "<img class=\"logo\" src=\"{}\" alt=\"{}\" width=\"{w}\" height=\"{h}\">",
                data_uri(logo),
                esc(alt)
            );
        }
        out.push_str("<div class=\"issuer\">\n");
        if let Some(org) = &b.organization {
            let _ = writeln!(out, "<p class=\"org\">{}</p>", self.plain(org));
        }
        if let Some(symbol) = &b.symbol {
            let _ = writeln!(out, "<p class=\"symbol\">{}</p>", self.plain(symbol));
        }
        out.push_str("</div>\n<div class=\"kind\">\n");
        let _ = writeln!(out, "<p class=\"kind-label\">{}</p>", self.plain(&b.kind));
        let dateline = locale::dateline(self.lang, b.place.as_deref(), b.date.day);
        let _ = writeln!(
            out,
            "<p class=\"dateline\"><time datetime=\"{}\">{}</time></p>",
            b.date.day.format("%Y-%m-%d"),
            self.plain(&dateline)
        );
        out.push_str("</div>\n</div>\n");
        if let Some(name) = prepared_for {
            let _ = writeln!(
                out,
                "<p class=\"prepared\">{} <strong>{}</strong></p>",
                self.colon(locale::Label::PreparedFor),
                self.plain(name)
            );
        }
        out.push_str("</header>\n");
    }

    /// Notice, embargo, title, subtitle, lede and a media advisory's
    /// event, then the key figures.
    fn head(&self, out: &mut String) {
        let b = self.brief;
        out.push_str("<div class=\"head\">\n");
        if let Some(notice) = &b.notice {
            let _ = writeln!(out, "<p class=\"notice\">{}</p>", self.plain(notice));
        }
        if let Some(at) = b.embargo {
            let _ = writeln!(
                out,
                "<p class=\"embargo\"><strong><time datetime=\"{}\">{}</time></strong></p>",
                at.format("%Y-%m-%dT%H:%M:%S%:z"),
                self.plain(&locale::format_embargo(self.lang, at))
            );
        }
        let _ = writeln!(out, "<h1>{}</h1>", self.plain(&b.title));
        if let Some(sub) = &b.subtitle {
            let _ = writeln!(out, "<p class=\"subtitle\">{}</p>", self.plain(sub));
        }
        out.push_str("</div>\n");
        let mut marked = Vec::new();
        if let Some(lede) = &b.summary {
            let _ = writeln!(out, "<p class=\"lede\">{}</p>", self.inline(lede, &mut marked));
        }
        if let Some(e) = &b.event {
            self.event(e, &mut marked, out);
        }
        self.figures(out);
    }

    /// A media advisory's event: label and value pairs on a tinted panel.
    fn event(&self, e: &model::Event, marked: &mut Vec<usize>, out: &mut String) {
        out.push_str("<section class=\"event\">\n<dl>\n");
        let row = |out: &mut String, key, value: &str| {
            let _ = writeln!(out, "<div><dt>{}</dt><dd>{value}</dd></div>", self.label(key));
        };
        let when = locale::format_event_when(self.lang, e);
        let start = e.start.format("%Y-%m-%dT%H:%M%:z");
        let when = format!("<time datetime=\"{start}\">{}</time>", self.plain(&when));
        row(out, locale::Label::When, &when);
        let place: Vec<String> = [&e.venue, &e.address].into_iter().flatten().map(|p| self.plain(p)).collect();
        if !place.is_empty() {
            row(out, locale::Label::Where, &place.join("<br>"));
        }
        if let Some(online) = &e.online {
            row(out, locale::Label::Webcast, &address(online, &esc(online)));
        }
        if let Some(a) = &e.accreditation {
            row(out, locale::Label::Accreditation, &self.inline(a, marked));
        }
        out.push_str("</dl>\n</section>\n");
    }

    /// The key figures: a list whose items read as a phrase, value first.
    fn figures(&self, out: &mut String) {
        let b = self.brief;
        if b.figures.is_empty() {
            return;
        }
        let _ = writeln!(
            out,
            "<section class=\"figures\" aria-labelledby=\"figures\">\n<h2 id=\"figures\" class=\"hidden\">{}</h2>\n<ul>",
            self.label(locale::Label::KeyFigures)
        );
        for f in &b.figures {
            out.push_str("<li><p class=\"value\">");
            if let Some(prefix) = &f.prefix {
                let _ = write!(out, "<span class=\"prefix\">{}</span> ", self.plain(prefix));
            }
            let _ = write!(out, "<strong>{}</strong>", self.plain(&f.value));
            if let Some(suffix) = &f.suffix {
                // As in the PDF: a thin gap, never broken.
                let _ = write!(out, "\u{202f}<span class=\"suffix\">{}</span>", self.plain(suffix));
            }
            let _ = write!(out, "</p> <p class=\"label\">{}</p>", self.plain(&f.label));
            if let Some(note) = &f.note {
                let _ = write!(out, " <p class=\"note\">{}</p>", self.plain(note));
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n</section>\n");
    }

    /// The sections with the pull quotes between them, the end mark and
    /// the house's boilerplate.
    fn body(&self, out: &mut String) {
        let b = self.brief;
        let mut marked = Vec::new();
        let mut ids = Ids::default();
        for q in b.quotes.iter().filter(|q| q.after == 0) {
            self.quote(q, &mut marked, out);
        }
        for (i, sec) in b.sections.iter().enumerate() {
            self.section(sec, "section", &mut ids, &mut marked, out);
            for q in b.quotes.iter().filter(|q| q.after == i + 1) {
                self.quote(q, &mut marked, out);
            }
        }
        if let Some(mark) = &b.end_mark {
            let _ = writeln!(out, "<p class=\"end-mark\" aria-hidden=\"true\">{}</p>", self.plain(mark));
        }
        for sec in &b.boilerplate {
            self.section(sec, "section boilerplate", &mut ids, &mut marked, out);
        }
    }

    fn section(&self, sec: &model::Section, class: &str, ids: &mut Ids, marked: &mut Vec<usize>, out: &mut String) {
        match &sec.heading {
            Some(heading) => {
                let id = ids.next("s");
                let _ = writeln!(
                    out,
                    "<section class=\"{class}\" aria-labelledby=\"{id}\">\n<h2 id=\"{id}\">{}</h2>",
                    self.plain(heading)
                );
                self.blocks(&sec.blocks, Some(&id), ids, marked, out);
                out.push_str("</section>\n");
            }
            None => {
                let _ = writeln!(out, "<div class=\"{class}\">");
                self.blocks(&sec.blocks, None, ids, marked, out);
                out.push_str("</div>\n");
            }
        }
    }

    /// A section's blocks; `heading` is the id of the heading above them,
    /// which names a table's scrolling box.
    fn blocks(
        &self,
        blocks: &[model::Block],
        heading: Option<&str>,
        ids: &mut Ids,
        marked: &mut Vec<usize>,
        out: &mut String,
    ) {
        let mut heading = heading.map(str::to_string);
        for block in blocks {
            match block {
                model::Block::Paragraph(text) => {
                    let _ = writeln!(out, "<p>{}</p>", self.inline(text, marked));
                }
                model::Block::Heading(text) => {
                    let id = ids.next("h");
                    let _ = writeln!(out, "<h3 id=\"{id}\">{}</h3>", self.inline(text, marked));
                    heading = Some(id);
                }
                model::Block::List(list) => self.list(list, marked, out),
                model::Block::Quote(inner) => {
                    out.push_str("<blockquote>\n");
                    self.blocks(inner, heading.as_deref(), ids, marked, out);
                    out.push_str("</blockquote>\n");
                }
                model::Block::Rule => out.push_str("<hr>\n"),
                model::Block::Code(lines) => {
                    let _ = writeln!(out, "<pre dir=\"ltr\"><code>{}</code></pre>", esc(&lines.join("\n")));
                }
                model::Block::Table(table) => self.table(table, heading.as_deref(), marked, out),
                model::Block::Picture(p) => {
                    let (w, h) = picture_size(&p.image);
                    let _ = write!(
                        out,
                        "<figure class=\"picture\">\n<img src=\"{}\" alt=\"{}\" width=\"{w}\" height=\"{h}\">\n",
                        data_uri(&p.image),
                        esc(&p.alt)
                    );
                    if let Some(caption) = &p.caption {
                        let _ = writeln!(out, "<figcaption>{}</figcaption>", self.plain(caption));
                    }
                    out.push_str("</figure>\n");
                }
            }
        }
    }

    /// A list; nested lists are rebuilt from the items' depths.
    fn list(&self, list: &model::List, marked: &mut Vec<usize>, out: &mut String) {
        let open = |out: &mut String, first: bool| {
            if list.ordered {
                if first && list.start != 1 {
                    let _ = write!(out, "<ol start=\"{}\">", list.start);
                } else {
                    out.push_str("<ol>");
                }
            } else {
                out.push_str("<ul>");
            }
        };
        let close = if list.ordered { "</ol>" } else { "</ul>" };
        open(out, true);
        out.push('\n');
        let mut depth = 0;
        for (k, item) in list.items.iter().enumerate() {
            if k > 0 {
                if item.depth > depth {
                    // A deeper item opens lists inside the item before it.
                    for _ in depth..item.depth {
                        open(out, false);
                        out.push_str("<li>");
                    }
                    depth = item.depth;
                } else {
                    out.push_str("</li>\n");
                    while depth > item.depth {
                        out.push_str(close);
                        out.push_str("</li>\n");
                        depth -= 1;
                    }
                    out.push_str("<li>");
                }
            } else {
                out.push_str("<li>");
                for _ in 0..item.depth {
                    open(out, false);
                    out.push_str("<li>");
                }
                depth = item.depth;
            }
            out.push_str(&self.inline(&item.text, marked));
        }
        out.push_str("</li>");
        while depth > 0 {
            out.push_str(close);
            out.push_str("</li>");
            depth -= 1;
        }
        out.push_str(close);
        out.push('\n');
    }

    /// A table in a box that scrolls on its own when the screen is
    /// narrower than the table; its header cells are column headers.
    fn table(&self, t: &model::Table, heading: Option<&str>, marked: &mut Vec<usize>, out: &mut String) {
        // The box takes the focus, so that a keyboard can scroll it; the
        // table itself is what a screen reader announces, named by the
        // heading above it.
        let name = match heading {
            Some(id) => format!(" aria-labelledby=\"{id}\""),
            None => String::new(),
        };
        let _ = writeln!(out, "<div class=\"table\" tabindex=\"0\">\n<table{name}>\n<thead>\n<tr>");
        let class = |c: usize| match t.align.get(c) {
            Some(model::ColumnAlign::Center) => " class=\"center\"",
            Some(model::ColumnAlign::End) => " class=\"end\"",
            _ => "",
        };
        for (c, cell) in t.head.iter().enumerate() {
            let _ = writeln!(out, "<th scope=\"col\"{}>{}</th>", class(c), self.inline(cell, marked));
        }
        out.push_str("</tr>\n</thead>\n<tbody>\n");
        for row in &t.rows {
            out.push_str("<tr>");
            for (c, cell) in row.iter().enumerate() {
                let _ = write!(out, "<td{}>{}</td>", class(c), self.inline(cell, marked));
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n</div>\n");
    }

    /// A pull quote with who said it.
    fn quote(&self, q: &model::Quote, marked: &mut Vec<usize>, out: &mut String) {
        let _ = write!(
            out,
            "<figure class=\"pull\">\n<blockquote>\n<p>{}</p>\n</blockquote>\n",
            self.inline(&q.text, marked)
        );
        let dash = locale::attribution_dash(self.lang);
        let by = match (&q.by, &q.role) {
            (Some(by), Some(role)) => Some(format!(
                "{dash}<strong>{}</strong>{}<span class=\"role\">{}</span>",
                self.plain(by),
                locale::comma(self.lang),
                self.plain(role)
            )),
            (Some(by), None) => Some(format!("{dash}<strong>{}</strong>", self.plain(by))),
            (None, Some(role)) => Some(format!("{dash}<span class=\"role\">{}</span>", self.plain(role))),
            (None, None) => None,
        };
        if let Some(by) = by {
            let _ = writeln!(out, "<figcaption>{by}</figcaption>");
        }
        out.push_str("</figure>\n");
    }

    /// The footnotes: a numbered list, each number leading back to the
    /// note's first mark.
    fn notes(&self, out: &mut String) {
        let notes = &self.brief.notes;
        if notes.is_empty() {
            return;
        }
        let _ = writeln!(
            out,
            "<section class=\"notes\" aria-label=\"{}\">\n<hr>\n<ol>",
            esc(&self.smart(&format!("{} 1–{}", locale::label(self.lang, locale::Label::Footnote), notes.len())))
        );
        let back = locale::label(self.lang, locale::Label::BackToMark);
        let mut marked = Vec::new();
        for note in notes {
            let n = note.number;
            let _ = write!(
                out,
                "<li id=\"note-{n}\"><a class=\"back\" href=\"#ref-{n}\" aria-label=\"{} {n}\">{n}</a> <div>",
                esc(back)
            );
            for para in &note.text {
                let _ = write!(out, "<p>{}</p>", self.inline(para, &mut marked));
            }
            out.push_str("</div></li>\n");
        }
        out.push_str("</ol>\n</section>\n");
    }

    /// The contact block.
    fn contact(&self, out: &mut String) {
        let Some(c) = &self.brief.contact else { return };
        let _ = writeln!(
            out,
            "<section class=\"contact\" aria-labelledby=\"contact\">\n<h2 id=\"contact\">{}</h2>\n<address>",
            self.plain(&c.heading)
        );
        let sep = "<span class=\"sep\" aria-hidden=\"true\"> · </span>";
        for p in &c.persons {
            let _ = write!(out, "<p class=\"person\"><strong>{}</strong>", self.plain(&p.name));
            if let Some(role) = &p.role {
                let _ = write!(out, "{}<span class=\"role\">{}</span>", locale::comma(self.lang), self.plain(role));
            }
            if let Some(email) = &p.email {
                let _ = write!(out, "{sep}<span class=\"line\">{} {}</span>", self.colon(locale::Label::Email), {
                    address(&format!("mailto:{email}"), &esc(email))
                });
            }
            if let Some(phone) = &p.phone {
                let digits: String = phone.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
                // A number never breaks across lines.
                let shown = phone.replace(' ', "\u{a0}");
                let _ = write!(
                    out,
                    "{sep}<span class=\"line\">{}\u{a0}{}</span>",
                    self.label(locale::Label::Phone),
                    address(&format!("tel:{digits}"), &esc(&shown))
                );
            }
            out.push_str("</p>\n");
        }
        let mut tail = String::new();
        if let Some(web) = &c.web {
            let _ = writeln!(tail, "<p>{} {}</p>", self.colon(locale::Label::Web), address(web, &esc(web)));
        }
        if !c.social.is_empty() {
            // Handles and hashtags read left to right, their `@` and `#`
            // in front, whatever the page's direction.
            let social: Vec<String> = c.social.iter().map(|s| format!("<bdi>{}</bdi>", esc(s))).collect();
            let _ = writeln!(tail, "<p>{} {}</p>", self.colon(locale::Label::Follow), social.join(sep));
        }
        match c.qr.as_ref().zip(c.web.as_deref()) {
            Some((qr, web)) => {
                let alt = format!("{}: {web}", locale::label(self.lang, locale::Label::QrCode));
                let _ = write!(
                    out,
                    "<div class=\"web\">\n<div>\n{tail}</div>\n<a class=\"qr\" href=\"{}\"><img src=\"{}\" alt=\"{}\" width=\"96\" height=\"96\"></a>\n</div>\n",
                    esc(web),
                    qr_uri(qr),
                    esc(&alt)
                );
            }
            None => out.push_str(&tail),
        }
        out.push_str("</address>\n</section>\n");
    }

    /// The foot of the page, as the PDF's: organisation and symbol.
    fn footer(&self, out: &mut String) {
        let b = self.brief;
        let parts: Vec<String> =
            [b.organization.as_deref(), b.symbol.as_deref()].into_iter().flatten().map(|p| self.plain(p)).collect();
        if parts.is_empty() {
            return;
        }
        let _ = writeln!(out, "<footer class=\"foot\">\n<p>{}</p>\n</footer>", parts.join(" · "));
    }
}

/// A word and its language: `None` in the document's script, `Some("")`
/// without letters.
fn word<'t>(text: &'t str, primary: &str) -> (&'t str, Option<&'static str>) {
    if !text.chars().any(char::is_alphabetic) {
        return (text, Some(""));
    }
    (text, span_language(primary, text.chars()))
}

/// Numbered ids for headings, in document order.
#[derive(Default)]
struct Ids {
    n: usize,
}

impl Ids {
    fn next(&mut self, prefix: &str) -> String {
        self.n += 1;
        format!("{prefix}{}", self.n)
    }
}

/// A link to `target` around `html`; anything but the allowed schemes is
/// left as text (the model never lets it through: a second lock).
fn anchor(target: &str, html: &str) -> String {
    if allowed(target) { format!("<a href=\"{}\">{html}</a>", esc(target)) } else { html.to_string() }
}

/// A link whose text is its address (a web or e-mail address, a
/// telephone number): it reads left to right on a right-to-left page too.
fn address(target: &str, html: &str) -> String {
    if allowed(target) { format!("<a href=\"{}\" dir=\"ltr\">{html}</a>", esc(target)) } else { html.to_string() }
}

/// The text of a piece of HTML made here: its tags dropped, its entities
/// read back.
fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

/// An image as a `data:` URI.
fn data_uri(image: &Image) -> String {
    let mime = match image.format {
        ImageFormat::Png => "image/png",
        ImageFormat::Jpeg => "image/jpeg",
        ImageFormat::Svg => "image/svg+xml",
    };
    format!("data:{mime};base64,{}", base64::engine::general_purpose::STANDARD.encode(image.data.as_slice()))
}

/// The size, in CSS pixels, of the logo: 48 high, at most 160 wide.
fn logo_size(image: &Image) -> (u32, u32) {
    let aspect = if image.height > 0.0 { image.width / image.height } else { 1.0 };
    let w = (48.0 * aspect).min(160.0);
    let h = w / aspect.max(0.01);
    (w.round().max(1.0) as u32, h.round().max(1.0) as u32)
}

/// The size, in CSS pixels, of an image in a section, as large as it is
/// printed: raster images at 150 dots per inch, SVG at its own size in
/// points. The style sheet shrinks it to the column.
fn picture_size(image: &Image) -> (u32, u32) {
    let scale = match image.format {
        ImageFormat::Svg => 96.0 / 72.0,
        _ => 96.0 / 150.0,
    };
    let w = (image.width * scale).round().max(1.0);
    let h = (image.height * scale).round().max(1.0);
    (w as u32, h as u32)
}

/// A QR code as an SVG `data:` URI: one path, a quiet zone of four
/// modules.
fn qr_uri(qr: &model::QrCode) -> String {
    let n = qr.width.max(1);
    let side = n + 8;
    let mut path = String::new();
    for (row, col, run) in qr.runs() {
        let mut n = itoa::Buffer::new();
        path.push('M');
        path.push_str(n.format(col + 4));
        path.push(' ');
        path.push_str(n.format(row + 4));
        path.push('h');
        path.push_str(n.format(run));
        path.push_str("v1h-");
        path.push_str(n.format(run));
        path.push('z');
    }
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {side} {side}\" shape-rendering=\"crispEdges\"><rect width=\"{side}\" height=\"{side}\" fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>"
    );
    format!("data:image/svg+xml;base64,{}", base64::engine::general_purpose::STANDARD.encode(svg.as_bytes()))
}

/// The accent lightened until it reads as text on the dark page (WCAG
/// 4.5:1 against `background`).
fn readable_on_dark(accent: Color, background: Color) -> Color {
    let contrast = |c: Color| (c.luminance() + 0.05) / (background.luminance() + 0.05);
    let mut out = accent;
    let mut step = 0.0;
    while contrast(out) < 4.5 && step < 1.0 {
        step += 0.05;
        out = accent.tint(step);
    }
    out
}

#[cfg(test)]
mod tests;
