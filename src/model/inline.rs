//! Markdown in brief strings → [`Block`]s and [`Inline`] spans.
//!
//! Section text ([`section`]) may hold paragraphs, `**bold**`, `*italic*`,
//! `` `code` ``, `[links](https://…)`, `<https://…>` autolinks, bullet,
//! numbered and task lists (nested lists are flattened into
//! [`ListItem::depth`]), sub-headings (`###`; any level, since the
//! section's own heading is its `heading` key), block quotes, horizontal
//! rules, code blocks, GitHub-flavoured tables, images
//! (`![alt](file "Caption")`, read through [`Resources`] and checked like
//! the logo) and footnotes (`[^1]` with `[^1]: …` in the same text). Bare
//! web addresses (`https://…`, `http://…`, `www.…` → `https://www.…`) and
//! e-mail addresses (→ `mailto:`) in plain text become links too, without
//! trailing `.,;:)`. Soft and hard line breaks become spaces. Typographic
//! quotes and dashes are kept as written (no smartening).
//!
//! Nothing is printed as Markdown source and nothing is dropped without a
//! word: raw HTML is left out with a warning (an HTML comment, meant to be
//! invisible, silently; `<br>` is a space, as a line break is),
//! strikethrough is set as plain text with a warning, a footnote reference
//! without a definition is an error and a definition never referenced a
//! warning, each pointing into the TOML string.
//!
//! Links may only use `https:`, `http:`, `mailto:` and `tel:`; any other
//! target is an error pointing at the target inside the TOML string.
//!
//! Fields that are inline only (summary, quote text) accept the inline
//! Markdown; their blocks are joined with spaces.
//!
//! Block quotes and lists nest at most [`limits::NESTING`] deep: a text
//! nested deeper is an error at the first marker too many, and is not
//! built, so every walk over the blocks (here, in the layout, in the PDF's
//! structure tree) recurses a bounded number of times.

use std::ops::Range;
use std::sync::Arc;

use pulldown_cmark::{Alignment, Event, LinkType, Options, Parser, Tag, TagEnd};

use super::Resources;
use super::diag::Diagnostic;
use super::literal::SourceText;
use super::tree::{Block, ColumnAlign, Inline, List, ListItem, Note, Picture, Span, Table};
use super::validate::limits;

/// Link schemes a brief may use.
const SCHEMES: [&str; 4] = ["https", "http", "mailto", "tel"];

/// A section's parsed text: its blocks, whose footnote marks are still
/// local (`Span::note` indexes `refs`), and its footnote definitions.
#[derive(Debug, Default)]
pub(crate) struct Text {
    /// The blocks.
    pub blocks: Vec<Block>,
    /// Every footnote reference, in order: its label.
    pub refs: Vec<String>,
    /// The footnote definitions that are referenced: label and paragraphs.
    pub notes: Vec<(String, Vec<Inline>)>,
}

/// Parses block Markdown (section text); images are read through
/// `resources`.
pub(crate) fn section(src: &SourceText, resources: &dyn Resources, diags: &mut Vec<Diagnostic>) -> Text {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut b = Builder { resources: Some(resources), ..Builder::default() };
    let events = Parser::new_ext(&src.text, options).into_offset_iter().collect();
    if !b.read(super::emphasis::cjk_friendly(events, src, diags), src, diags) {
        return Text::default();
    }
    b.flush_paragraph();
    b.check_notes(src, diags);
    let used: Vec<String> = b.refs.iter().map(|(l, _)| l.clone()).collect();
    let notes = b.notes.into_iter().filter(|(l, _, _)| used.contains(l)).map(|(l, t, _)| (l, t)).collect();
    Text { blocks: b.blocks, refs: used, notes }
}

/// Numbers the footnotes of the sections' texts in order of first
/// reference through the brief: every mark gets its note's number, and
/// the notes are returned in number order.
pub(crate) fn number_notes(texts: &mut [Text]) -> Vec<Note> {
    let mut notes: Vec<Note> = Vec::new();
    for text in texts.iter_mut() {
        // Number of each label of this text, once seen.
        let mut numbers: Vec<(String, usize)> = Vec::new();
        let refs = std::mem::take(&mut text.refs);
        let defs = std::mem::take(&mut text.notes);
        for_each_span(&mut text.blocks, &mut |span| {
            let Some(local) = span.note else { return };
            let Some(label) = refs.get(local) else { return };
            let number = match numbers.iter().find(|(l, _)| l == label) {
                Some(&(_, n)) => n,
                None => {
                    let n = notes.len() + 1;
                    let body = defs.iter().find(|(l, _)| l == label).map(|(_, t)| t.clone()).unwrap_or_default();
                    notes.push(Note { number: n, text: body });
                    numbers.push((label.clone(), n));
                    n
                }
            };
            span.note = Some(number);
            span.text = number.to_string();
        });
    }
    notes
}

/// Calls `f` on every span of `blocks`, in reading order.
pub(crate) fn for_each_span(blocks: &mut [Block], f: &mut impl FnMut(&mut Span)) {
    for block in blocks {
        match block {
            Block::Paragraph(i) | Block::Heading(i) => i.0.iter_mut().for_each(&mut *f),
            Block::List(l) => l.items.iter_mut().for_each(|item| item.text.0.iter_mut().for_each(&mut *f)),
            Block::Quote(inner) => for_each_span(inner, f),
            Block::Table(t) => {
                t.head.iter_mut().chain(t.rows.iter_mut().flatten()).for_each(|c| c.0.iter_mut().for_each(&mut *f))
            }
            Block::Rule | Block::Code(_) | Block::Picture(_) => {}
        }
    }
}

/// Parses inline Markdown (summary, quote text); blocks are joined by spaces.
pub(crate) fn inline(src: &SourceText, diags: &mut Vec<Diagnostic>) -> Inline {
    let mut b = Builder::default();
    let options = Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    let events = Parser::new_ext(&src.text, options).into_offset_iter().collect();
    if !b.read(super::emphasis::cjk_friendly(events, src, diags), src, diags) {
        return Inline::default();
    }
    b.flush_paragraph();
    // A footnote needs the foot of a page below the text that refers to
    // it: the lede and the quotes are set whole, before any such text.
    if let Some(i) = src.text.find("[^") {
        let end = src.text[i..].find(']').map_or(i + 2, |e| i + e + 1);
        diags.push(
            Diagnostic::error("a footnote can only be in a section's `text`", src.span(i..end))
                .with_hint("say it in the text itself, or move the sentence and its note into a section"),
        );
    }
    let mut out = Inline::default();
    for part in flatten(b.blocks) {
        if !out.0.is_empty() {
            push(&mut out, Span::plain(" "));
        }
        for span in part.0 {
            push(&mut out, span);
        }
    }
    out
}

/// The paragraphs of `blocks` as inline texts, one after the other: a list
/// item's marker before its text, a code block's lines as code.
fn flatten(blocks: Vec<Block>) -> Vec<Inline> {
    let mut out = Vec::new();
    for block in blocks {
        match block {
            Block::Paragraph(p) | Block::Heading(p) => out.push(p),
            Block::List(l) => out.extend(l.items.into_iter().map(|i| {
                let mut text = Inline(vec![Span::plain(format!("{} ", i.marker))]);
                text.0.extend(i.text.0);
                text
            })),
            Block::Quote(inner) => out.extend(flatten(inner)),
            Block::Code(lines) => {
                out.push(Inline(vec![Span { code: true, ..Span::plain(lines.join(" ")) }]));
            }
            Block::Table(t) => {
                out.extend(std::iter::once(t.head).chain(t.rows).map(|row| {
                    let mut line = Inline::default();
                    for (k, cell) in row.into_iter().enumerate() {
                        if k > 0 {
                            push(&mut line, Span::plain(" · "));
                        }
                        line.0.extend(cell.0);
                    }
                    line
                }));
            }
            Block::Rule | Block::Picture(_) => {}
        }
    }
    out
}

/// The marker of a list item.
fn marker(ordered: bool, number: u64, depth: usize) -> String {
    if ordered {
        format!("{number}.")
    } else {
        match depth {
            0 => "•",
            1 => "–",
            _ => "◦",
        }
        .to_string()
    }
}

struct ListState {
    ordered: bool,
    next: u64,
}

/// A container being built: its blocks go to the builder's `blocks`
/// meanwhile, and the blocks before it wait here.
enum Frame {
    Quote(Vec<Block>),
    Note { label: String, before: Vec<Block>, span: Range<usize> },
}

/// A table being built.
#[derive(Default)]
struct TableBuild {
    align: Vec<ColumnAlign>,
    head: Vec<Inline>,
    rows: Vec<Vec<Inline>>,
    row: Vec<Inline>,
    span: Range<usize>,
}

/// An image being built: its target, title and the text of its alt.
struct ImageBuild {
    dest: String,
    title: String,
    alt: String,
    range: Range<usize>,
}

#[derive(Default)]
struct Builder<'r> {
    resources: Option<&'r dyn Resources>,
    blocks: Vec<Block>,
    current: Inline,
    bold: usize,
    italic: usize,
    link: Option<String>,
    lists: Vec<ListState>,
    list: Option<List>,
    /// Depth and marker of the open item that has not been emitted yet.
    item: Option<(usize, String)>,
    frames: Vec<Frame>,
    table: Option<TableBuild>,
    image: Option<ImageBuild>,
    code: Option<String>,
    /// A heading is open.
    heading: bool,
    /// Footnote references: label and where the mark is in the text.
    refs: Vec<(String, Range<usize>)>,
    /// Footnote definitions: label, paragraphs, where the definition is.
    notes: Vec<(String, Vec<Inline>, Range<usize>)>,
    /// Byte ranges of inline code in the text (where `[^x]` is no mark).
    code_ranges: Vec<Range<usize>>,
}

impl Builder<'_> {
    fn span(&self, text: &str) -> Span {
        Span {
            text: text.to_string(),
            bold: self.bold > 0,
            italic: self.italic > 0,
            link: self.link.clone(),
            code: false,
            note: None,
        }
    }

    /// Whether block constructs become blocks (not text of a list item or
    /// a table cell).
    fn at_block_level(&self) -> bool {
        self.lists.is_empty() && self.table.is_none()
    }

    /// Builds from every event of `parser`. Block quotes and lists nested
    /// deeper than [`limits::NESTING`] are an error at the marker of the
    /// first level too many, and the rest of the text is not read: the
    /// tree is never built that deep (returns false).
    fn read<'t>(
        &mut self,
        parser: impl IntoIterator<Item = (Event<'t>, Range<usize>)>,
        src: &SourceText,
        diags: &mut Vec<Diagnostic>,
    ) -> bool {
        let mut depth = 0usize;
        for (event, range) in parser {
            match &event {
                Event::Start(tag @ (Tag::BlockQuote(_) | Tag::List(_))) => {
                    depth += 1;
                    if depth > limits::NESTING {
                        diags.push(too_deep(matches!(tag, Tag::BlockQuote(_)), depth, range.start, src));
                        return false;
                    }
                }
                Event::End(TagEnd::BlockQuote(_) | TagEnd::List(_)) => depth = depth.saturating_sub(1),
                _ => {}
            }
            self.event(event, range, src, diags);
        }
        true
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>, src: &SourceText, diags: &mut Vec<Diagnostic>) {
        match event {
            Event::Start(tag) => self.start(tag, range, src, diags),
            Event::End(tag) => self.end(tag, src, diags),
            Event::Text(t) => {
                if let Some(image) = &mut self.image {
                    image.alt.push_str(&t);
                } else if let Some(code) = &mut self.code {
                    code.push_str(&t);
                } else {
                    let span = self.span(&t.replace(['\n', '\r'], " "));
                    push(&mut self.current, span);
                }
            }
            Event::Code(t) => {
                self.code_ranges.push(range);
                if let Some(image) = &mut self.image {
                    image.alt.push_str(&t);
                } else {
                    let span = Span { code: true, ..self.span(&t) };
                    push(&mut self.current, span);
                }
            }
            Event::Html(t) | Event::InlineHtml(t) => {
                let t = t.trim();
                if t.starts_with("<!--") || t.is_empty() {
                    return;
                }
                // A line break (in a table cell, most often) is a space,
                // as a soft line break is.
                if matches!(t.to_ascii_lowercase().as_str(), "<br>" | "<br/>" | "<br />") {
                    return self.event(Event::SoftBreak, range, src, diags);
                }
                let shown: String = t.chars().take(40).collect();
                let shown = shown.lines().next().unwrap_or("").to_string();
                diags.push(
                    Diagnostic::warning(format!("raw HTML is not set: `{shown}`"), src.span(range))
                        .with_hint("write it in Markdown or remove it; it is left out of the brief"),
                );
            }
            Event::FootnoteReference(label) if self.frames.iter().any(|f| matches!(f, Frame::Note { .. })) => {
                diags.push(
                    Diagnostic::warning(format!("a footnote cannot refer to footnote `[^{label}]`"), src.span(range))
                        .with_hint("say it in the note's own words; the mark is left out"),
                );
            }
            Event::FootnoteReference(label) => {
                let index = self.refs.len();
                self.refs.push((label.to_string(), range));
                let span = Span { note: Some(index), ..self.span(&label) };
                push(&mut self.current, span);
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(image) = &mut self.image {
                    image.alt.push(' ');
                } else {
                    let span = self.span(" ");
                    push(&mut self.current, span);
                }
            }
            Event::Rule => {
                if self.at_block_level() {
                    self.flush_paragraph();
                    self.blocks.push(Block::Rule);
                }
            }
            Event::TaskListMarker(done) => {
                if let Some((_, marker)) = &mut self.item {
                    *marker = if done { "☑" } else { "☐" }.to_string();
                }
            }
            Event::InlineMath(_) | Event::DisplayMath(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>, src: &SourceText, diags: &mut Vec<Diagnostic>) {
        match tag {
            Tag::Paragraph | Tag::Heading { .. } | Tag::CodeBlock(_) | Tag::BlockQuote(_) | Tag::HtmlBlock => {
                if !self.at_block_level() {
                    if !self.current.0.is_empty() {
                        push(&mut self.current, Span::plain(" "));
                    }
                    return;
                }
                self.flush_paragraph();
                match tag {
                    Tag::Heading { .. } => self.heading = true,
                    Tag::CodeBlock(_) => self.code = Some(String::new()),
                    Tag::BlockQuote(_) => self.frames.push(Frame::Quote(std::mem::take(&mut self.blocks))),
                    _ => {}
                }
            }
            Tag::FootnoteDefinition(label) => {
                self.flush_paragraph();
                let before = std::mem::take(&mut self.blocks);
                self.frames.push(Frame::Note { label: label.to_string(), before, span: range });
            }
            Tag::Table(align) => {
                self.flush_paragraph();
                let align = align
                    .iter()
                    .map(|a| match a {
                        Alignment::None => ColumnAlign::Default,
                        Alignment::Left => ColumnAlign::Start,
                        Alignment::Center => ColumnAlign::Center,
                        Alignment::Right => ColumnAlign::End,
                    })
                    .collect();
                self.table = Some(TableBuild { align, span: src.span(range), ..TableBuild::default() });
            }
            Tag::TableHead | Tag::TableRow | Tag::TableCell => {}
            Tag::List(start) => {
                if self.lists.is_empty() {
                    self.flush_paragraph();
                    self.list = Some(List { ordered: start.is_some(), start: start.unwrap_or(1), items: Vec::new() });
                } else {
                    self.flush_item();
                }
                self.lists.push(ListState { ordered: start.is_some(), next: start.unwrap_or(1) });
            }
            Tag::Item => {
                self.flush_item();
                let depth = self.lists.len().saturating_sub(1);
                if let Some(state) = self.lists.last_mut() {
                    let m = marker(state.ordered, state.next, depth);
                    state.next += 1;
                    self.item = Some((depth, m));
                }
            }
            Tag::Strong => self.bold += 1,
            Tag::Emphasis => self.italic += 1,
            Tag::Strikethrough => diags.push(
                Diagnostic::warning("strikethrough is not set", src.span(range))
                    .with_hint("the words are set as plain text; remove the `~~` or the words"),
            ),
            Tag::Link { link_type, dest_url, .. } => {
                self.link = check_link(link_type, &dest_url, range, src, diags);
            }
            Tag::Image { dest_url, title, .. } if self.image.is_none() => {
                self.image = Some(ImageBuild {
                    dest: dest_url.to_string(),
                    title: title.to_string(),
                    alt: String::new(),
                    range,
                });
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd, src: &SourceText, diags: &mut Vec<Diagnostic>) {
        match tag {
            TagEnd::Heading(_) if self.heading => {
                self.heading = false;
                let text = finish(std::mem::take(&mut self.current));
                if !text.0.is_empty() {
                    self.blocks.push(Block::Heading(text));
                }
            }
            TagEnd::CodeBlock if self.code.is_some() => {
                let code = self.code.take().unwrap_or_default();
                let lines: Vec<String> = code.trim_end_matches(['\n', '\r']).lines().map(str::to_string).collect();
                if !lines.is_empty() {
                    self.blocks.push(Block::Code(lines));
                }
            }
            TagEnd::BlockQuote(_) if self.at_block_level() => {
                self.flush_paragraph();
                if let Some(Frame::Quote(before)) = self.frames.pop() {
                    let inner = std::mem::replace(&mut self.blocks, before);
                    if !inner.is_empty() {
                        self.blocks.push(Block::Quote(inner));
                    }
                }
            }
            TagEnd::FootnoteDefinition => {
                self.flush_paragraph();
                if let Some(Frame::Note { label, before, span }) = self.frames.pop() {
                    let inner = std::mem::replace(&mut self.blocks, before);
                    let span = src.span(span);
                    if self.notes.iter().any(|(l, _, _)| *l == label) {
                        diags.push(
                            Diagnostic::warning(format!("footnote `[^{label}]` is defined twice"), span)
                                .with_hint("the first definition is kept; remove this one or give it another label"),
                        );
                    } else {
                        self.notes.push((label, flatten(inner), span));
                    }
                }
            }
            TagEnd::Paragraph | TagEnd::HtmlBlock if self.at_block_level() => self.flush_paragraph(),
            TagEnd::TableCell => {
                let text = finish(std::mem::take(&mut self.current));
                if let Some(t) = &mut self.table {
                    t.row.push(text);
                }
            }
            TagEnd::TableHead => {
                if let Some(t) = &mut self.table {
                    t.head = std::mem::take(&mut t.row);
                }
            }
            TagEnd::TableRow => {
                if let Some(t) = &mut self.table {
                    let row = std::mem::take(&mut t.row);
                    t.rows.push(row);
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    let n = t.align.len();
                    let fit = |mut row: Vec<Inline>| {
                        row.resize(n, Inline::default());
                        row
                    };
                    let head = fit(t.head);
                    let rows = t.rows.into_iter().map(fit).collect();
                    self.blocks.push(Block::Table(Table { align: t.align, head, rows, span: t.span }));
                }
            }
            TagEnd::Item => self.flush_item(),
            TagEnd::List(_) => {
                self.flush_item();
                self.lists.pop();
                if self.lists.is_empty()
                    && let Some(list) = self.list.take()
                {
                    self.blocks.push(Block::List(list));
                }
            }
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::Emphasis => self.italic = self.italic.saturating_sub(1),
            TagEnd::Link => self.link = None,
            TagEnd::Image => {
                if let Some(image) = self.image.take() {
                    self.picture(image, src, diags);
                }
            }
            _ => {}
        }
    }

    /// An image: a picture block when it stands in the section's flow and
    /// can be read, else its description as text, with a diagnostic.
    fn picture(&mut self, image: ImageBuild, src: &SourceText, diags: &mut Vec<Diagnostic>) {
        let alt = image.alt.split_whitespace().collect::<Vec<_>>().join(" ");
        let within = src.text.get(image.range.clone()).unwrap_or("");
        let dest_span = match within.rfind(image.dest.as_str()) {
            Some(i) if !image.dest.is_empty() => {
                src.span(image.range.start + i..image.range.start + i + image.dest.len())
            }
            _ => src.span(image.range.clone()),
        };
        let as_text = |b: &mut Self| {
            let span = b.span(&alt);
            push(&mut b.current, span);
        };
        let Some(resources) = self.resources.filter(|_| self.at_block_level() && self.frames.is_empty()) else {
            let place = if self.resources.is_none() {
                "here"
            } else if self.table.is_some() {
                "in a table"
            } else if !self.lists.is_empty() {
                "in a list"
            } else {
                "in a quote or a footnote"
            };
            diags.push(
                Diagnostic::warning(format!("an image cannot stand {place}"), src.span(image.range.clone())).with_hint(
                    "put the image in a paragraph of its own in a section's `text`; its description is set instead",
                ),
            );
            as_text(self);
            return;
        };
        if image.dest.trim().is_empty() {
            diags.push(
                Diagnostic::error("image has no file", dest_span)
                    .with_hint("name the file in the parentheses: `![what it shows](chart.png \"Caption\")`"),
            );
            return;
        }
        if scheme(&image.dest).is_some_and(|s| s.len() > 1) {
            diags.push(Diagnostic::error(format!("image `{}` is not a file", image.dest), dest_span).with_hint(
                "images are read from files beside the brief, never fetched; download it and name the file",
            ));
            return;
        }
        let data = match resources.load(&image.dest) {
            Ok(data) => data,
            Err(e) => {
                diags.push(
                    Diagnostic::error(format!("cannot read image `{}`: {e}", image.dest), dest_span)
                        .with_hint("the path is relative to the brief file"),
                );
                return;
            }
        };
        let read = match super::image::read("image", &image.dest, data) {
            Ok(read) => read,
            Err((message, hint)) => {
                let mut d = Diagnostic::error(message, dest_span);
                d.hint = hint;
                diags.push(d);
                return;
            }
        };
        if alt.is_empty() {
            diags.push(Diagnostic::warning("image has no description", src.span(image.range.clone())).with_hint(
                "say what it shows in the brackets, for screen readers: `![Deaths by region, 2010–2024](…)`",
            ));
        }
        self.flush_paragraph();
        let caption = image.title.split_whitespace().collect::<Vec<_>>().join(" ");
        let caption = Some(caption).filter(|c| !c.is_empty());
        self.blocks.push(Block::Picture(Picture { image: Arc::new(read), alt, caption }));
    }

    fn flush_paragraph(&mut self) {
        let text = finish(std::mem::take(&mut self.current));
        if !text.0.is_empty() {
            self.blocks.push(Block::Paragraph(text));
        }
    }

    fn flush_item(&mut self) {
        let text = finish(std::mem::take(&mut self.current));
        let open = self.item.take();
        if text.0.is_empty() && open.is_none() {
            return;
        }
        // Text after a nested list continues its item without a marker.
        let (depth, marker) = open.unwrap_or_else(|| (self.lists.len().saturating_sub(1), String::new()));
        if let Some(list) = &mut self.list {
            list.items.push(ListItem { depth, marker, text });
        }
    }

    /// Footnote marks without a definition (which the parser leaves as
    /// text, `[^x]`) are errors; definitions never referenced, warnings.
    fn check_notes(&self, src: &SourceText, diags: &mut Vec<Diagnostic>) {
        let text = &src.text;
        let mut from = 0;
        while let Some(i) = text[from..].find("[^").map(|i| i + from) {
            from = i + 2;
            let Some(len) = text[i + 2..].find(']') else { break };
            let label = &text[i + 2..i + 2 + len];
            let end = i + 3 + len;
            if label.is_empty() || label.contains(char::is_whitespace) || label.contains('[') {
                continue;
            }
            let definition = text[end..].starts_with(':');
            let known = self.notes.iter().any(|(l, _, _)| l == label);
            let in_code = self.code_ranges.iter().any(|r| r.contains(&i));
            if definition || known || in_code || self.refs.iter().any(|(_, r)| r.start == i) {
                continue;
            }
            let labels: Vec<&str> = self.notes.iter().map(|(l, _, _)| l.as_str()).collect();
            let hint = match super::suggest::nearest(label, &labels) {
                Some(near) => format!("did you mean `[^{near}]`?"),
                None => format!("write its text in the same section's `text`, on a line of its own: `[^{label}]: …`"),
            };
            diags.push(
                Diagnostic::error(format!("footnote `[^{label}]` is not defined"), src.span(i..end)).with_hint(hint),
            );
        }
        for (label, _, span) in &self.notes {
            if !self.refs.iter().any(|(l, _)| l == label) {
                diags.push(
                    Diagnostic::warning(format!("footnote `[^{label}]` is never referenced"), span.clone())
                        .with_hint(format!("it is left out; put `[^{label}]` where the note belongs, or remove it")),
                );
            }
        }
    }
}

/// The error for a block quote (or list) opened at byte `at` of the text,
/// `depth` levels deep: it points at its marker (`>`, `-`, `1.`).
fn too_deep(quote: bool, depth: usize, at: usize, src: &SourceText) -> Diagnostic {
    let rest = src.text.get(at..).unwrap_or("");
    let len = if quote && rest.starts_with('>') {
        1
    } else {
        rest.find(char::is_whitespace)
            .filter(|&n| n > 0 && n <= 10)
            .unwrap_or(rest.chars().next().map_or(0, char::len_utf8))
    };
    let what = if quote { "block quote" } else { "list" };
    Diagnostic::error(format!("block quotes and lists nest {} deep at most", limits::NESTING), src.span(at..at + len))
        .with_hint(format!("this {what} is level {depth}; end some of the quotes or lists around it first"))
}

/// Appends a span, merging it with the last one when the format is the
/// same (footnote marks stay apart).
fn push(inline: &mut Inline, span: Span) {
    if span.text.is_empty() {
        return;
    }
    if let Some(last) = inline.0.last_mut()
        && last.bold == span.bold
        && last.italic == span.italic
        && last.link == span.link
        && last.code == span.code
        && last.note.is_none()
        && span.note.is_none()
    {
        last.text.push_str(&span.text);
        return;
    }
    inline.0.push(span);
}

/// Trims the ends, drops empty spans and turns bare addresses into links.
fn finish(inline: Inline) -> Inline {
    let mut spans = inline.0;
    if let Some(first) = spans.first_mut() {
        first.text = first.text.trim_start().to_string();
    }
    if let Some(last) = spans.last_mut() {
        last.text = last.text.trim_end().to_string();
    }
    let mut out = Inline::default();
    for span in spans {
        if span.link.is_some() || span.code || span.note.is_some() {
            push(&mut out, span);
            continue;
        }
        for (piece, link) in autolink(&span.text) {
            push(&mut out, Span { text: piece.to_string(), link, ..span.clone() });
        }
    }
    out
}

/// Checks a link target; returns the target to use, or `None` (with a
/// diagnostic) when it is not allowed.
fn check_link(
    link_type: LinkType,
    dest: &str,
    range: Range<usize>,
    src: &SourceText,
    diags: &mut Vec<Diagnostic>,
) -> Option<String> {
    if link_type == LinkType::Email {
        return Some(format!("mailto:{dest}"));
    }
    // Point at the target inside `[text](target)` when it can be found.
    let within = src.text.get(range.clone()).unwrap_or("");
    let at = if dest.is_empty() { None } else { within.rfind(dest).map(|i| range.start + i) };
    let span = match at {
        Some(i) => src.span(i..i + dest.len()),
        None => src.span(range),
    };
    let trimmed = dest.trim();
    if trimmed.is_empty() {
        diags.push(
            Diagnostic::error("link has no target", span)
                .with_hint("write the address in the parentheses: `[text](https://…)`"),
        );
        return None;
    }
    match scheme(trimmed) {
        Some(s) if SCHEMES.contains(&s.to_ascii_lowercase().as_str()) => Some(trimmed.to_string()),
        Some(s) => {
            diags.push(
                Diagnostic::error(format!("link scheme `{s}:` is not allowed"), span)
                    .with_hint("links may use `https:`, `http:`, `mailto:` or `tel:` only"),
            );
            None
        }
        None => {
            let hint = if trimmed.starts_with("www.") {
                format!("write the full address: `https://{trimmed}`")
            } else {
                "write a full address, e.g. `https://www.un.org/…`".to_string()
            };
            diags.push(Diagnostic::error(format!("link target `{trimmed}` has no scheme"), span).with_hint(hint));
            None
        }
    }
}

/// The scheme of a URL (`https` in `https://…`), if it has one.
fn scheme(url: &str) -> Option<&str> {
    let (s, _) = url.split_once(':')?;
    let mut chars = s.chars();
    let ok =
        chars.next()?.is_ascii_alphabetic() && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    ok.then_some(s)
}

/// Splits plain text into pieces, each with a link when it is a bare web
/// or e-mail address.
pub(crate) fn autolink(text: &str) -> Vec<(&str, Option<String>)> {
    let mut out = Vec::new();
    let mut rest = 0;
    let mut i = 0;
    // An address starts at `h`, `w` (`https://`, `www.`) or has an `@`:
    // only those bytes are looked at closely.
    let bytes = text.as_bytes();
    while i < text.len() {
        if !matches!(bytes[i], b'h' | b'H' | b'w' | b'W' | b'@') {
            i += 1;
            continue;
        }
        let boundary = text[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_alphanumeric() || matches!(c, '.' | '/' | '@' | '-' | '_')));
        let found = if boundary { url_at(text, i) } else { None }.or_else(|| email_at(text, i));
        match found {
            Some((start, end, link)) if start >= rest => {
                if start > rest {
                    out.push((&text[rest..start], None));
                }
                out.push((&text[start..end], Some(link)));
                rest = end;
                i = end;
            }
            _ => i += 1,
        }
    }
    if rest < text.len() {
        out.push((&text[rest..], None));
    }
    out
}

/// A web address starting at byte `i`: (start, end, target).
fn url_at(text: &str, i: usize) -> Option<(usize, usize, String)> {
    let tail = &text[i..];
    let prefix = ["https://", "http://", "www."]
        .into_iter()
        .find(|p| tail.get(..p.len()).is_some_and(|head| head.eq_ignore_ascii_case(p)))?;
    let len = tail.find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"')).unwrap_or(tail.len());
    let mut url = &tail[..len];
    // Trailing punctuation belongs to the sentence; a `)` only when unbalanced.
    loop {
        let trimmed = url.trim_end_matches(['.', ',', ';', ':', '!', '?', '\'']);
        let trimmed = if trimmed.ends_with(')') && trimmed.matches('(').count() < trimmed.matches(')').count() {
            &trimmed[..trimmed.len() - 1]
        } else {
            trimmed
        };
        if trimmed.len() == url.len() {
            break;
        }
        url = trimmed;
    }
    // Trimming may have eaten into the prefix ("www." at the end of a
    // sentence).
    let host = url.get(prefix.len()..)?;
    let host = host.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || (prefix == "www." && !host.contains('.')) {
        return None;
    }
    let target = if prefix == "www." { format!("https://{url}") } else { url.to_string() };
    Some((i, i + url.len(), target))
}

/// An e-mail address whose `@` is at byte `i`: (start, end, target).
fn email_at(text: &str, i: usize) -> Option<(usize, usize, String)> {
    if !text[i..].starts_with('@') {
        return None;
    }
    let is_local = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-');
    let start = text[..i].char_indices().rev().take_while(|&(_, c)| is_local(c)).last().map(|(j, _)| j)?;
    let start = start + text[start..i].find(|c| c != '.')?;
    let after = &text[i + 1..];
    let len = after.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))).unwrap_or(after.len());
    let domain = after[..len].trim_end_matches(['.', '-']);
    if !valid_domain(domain) {
        return None;
    }
    let end = i + 1 + domain.len();
    Some((start, end, format!("mailto:{}", &text[start..end])))
}

/// Whether `domain` looks like `example.org`: labels of letters, digits
/// and hyphens, a final label of at least two letters.
pub(crate) fn valid_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        && labels.last().is_some_and(|t| t.chars().count() >= 2 && t.chars().all(char::is_alphabetic))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn src(s: &str) -> SourceText {
        let token = format!("'''{s}'''");
        SourceText::new(&token, 0..token.len(), s)
    }

    fn span(text: &str, bold: bool, italic: bool, link: Option<&str>) -> Span {
        Span { bold, italic, link: link.map(str::to_string), ..Span::plain(text) }
    }

    struct NoFiles;
    impl Resources for NoFiles {
        fn load(&self, _: &str) -> Result<Vec<u8>, String> {
            Err("file not found".into())
        }
    }

    fn blocks(s: &SourceText, d: &mut Vec<Diagnostic>) -> Vec<Block> {
        section(s, &NoFiles, d).blocks
    }

    #[test]
    fn emphasis_and_links() {
        let mut d = Vec::new();
        let i = inline(&src("Hello **bold** and *it* [UN](https://un.org) “quoted” – dash"), &mut d);
        assert!(d.is_empty());
        assert_eq!(
            i.0,
            vec![
                span("Hello ", false, false, None),
                span("bold", true, false, None),
                span(" and ", false, false, None),
                span("it", false, true, None),
                span(" ", false, false, None),
                span("UN", false, false, Some("https://un.org")),
                span(" “quoted” – dash", false, false, None),
            ]
        );
    }

    #[test]
    fn bare_addresses_become_links() {
        let mut d = Vec::new();
        let i = inline(&src("See www.un.org/en, or https://un.org/x_(y). Write to gerardl@un.org."), &mut d);
        assert_eq!(
            i.0,
            vec![
                span("See ", false, false, None),
                span("www.un.org/en", false, false, Some("https://www.un.org/en")),
                span(", or ", false, false, None),
                span("https://un.org/x_(y)", false, false, Some("https://un.org/x_(y)")),
                span(". Write to ", false, false, None),
                span("gerardl@un.org", false, false, Some("mailto:gerardl@un.org")),
                span(".", false, false, None),
            ]
        );
        assert_eq!(autolink("(https://a.org)")[1].0, "https://a.org");
        // The scheme and "www." in any case; an accent is no prefix.
        assert_eq!(autolink("HTTPS://UN.ORG now")[0], ("HTTPS://UN.ORG", Some("HTTPS://UN.ORG".to_string())));
        assert_eq!(autolink("WWW.un.org")[0], ("WWW.un.org", Some("https://WWW.un.org".to_string())));
        assert_eq!(autolink("wwé.un.org").len(), 1);
        assert_eq!(autolink("no links here: a@b, www.x").len(), 1);
    }

    #[test]
    fn soft_breaks_are_spaces() {
        let mut d = Vec::new();
        let i = inline(&src("one\ntwo  \nthree"), &mut d);
        assert_eq!(i.0, vec![span("one two three", false, false, None)]);
    }

    #[test]
    fn lists_flatten() {
        let mut d = Vec::new();
        let b = blocks(&src("Intro\n\n- a\n  - b\n    - c\n- d\n\n3. x\n4. y\n"), &mut d);
        assert_eq!(b.len(), 3);
        let Block::List(l) = &b[1] else { panic!() };
        let got: Vec<(usize, &str, &str)> =
            l.items.iter().map(|i| (i.depth, i.marker.as_str(), i.text.0[0].text.as_str())).collect();
        assert_eq!(got, vec![(0, "•", "a"), (1, "–", "b"), (2, "◦", "c"), (0, "•", "d")]);
        let Block::List(l) = &b[2] else { panic!() };
        assert!(l.ordered);
        assert_eq!(l.start, 3);
        assert_eq!(l.items[1].marker, "4.");
    }

    #[test]
    fn disallowed_links_point_at_the_target() {
        let s = "x = '''Click [here](javascript:alert(1)) now'''";
        let value = "Click [here](javascript:alert(1)) now";
        let st = SourceText::new(s, 4..s.len(), value);
        let mut d = Vec::new();
        let i = inline(&st, &mut d);
        assert_eq!(d.len(), 1);
        let sp = d[0].span.clone().unwrap();
        assert_eq!(&s[sp], "javascript:alert(1)");
        assert!(i.0.iter().all(|s| s.link.is_none()));
    }

    #[test]
    fn sub_headings_quotes_rules_and_code_are_blocks() {
        let mut d = Vec::new();
        let b = blocks(&src("### Sub\n\ntext `code`\n\n> quoted\n\n---\n\n```\nfn x()\n  y\n```\n"), &mut d);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(b[0], Block::Heading(Inline(vec![span("Sub", false, false, None)])));
        assert_eq!(
            b[1],
            Block::Paragraph(Inline(vec![
                span("text ", false, false, None),
                Span { code: true, ..Span::plain("code") }
            ]))
        );
        assert_eq!(b[2], Block::Quote(vec![Block::Paragraph(Inline(vec![span("quoted", false, false, None)]))]));
        assert_eq!(b[3], Block::Rule);
        assert_eq!(b[4], Block::Code(vec!["fn x()".into(), "  y".into()]));
    }

    #[test]
    fn tables_keep_their_cells_and_alignment() {
        let mut d = Vec::new();
        let b = blocks(&src("| Region | Deaths |\n|:---|---:|\n| Africa | 1.5 |\n| Europe |\n"), &mut d);
        assert!(d.is_empty(), "{d:?}");
        let Block::Table(t) = &b[0] else { panic!("{b:?}") };
        assert_eq!(t.align, vec![ColumnAlign::Start, ColumnAlign::End]);
        assert_eq!(t.head[1].0[0].text, "Deaths");
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1].len(), 2, "short rows are padded");
    }

    #[test]
    fn footnotes_are_numbered_through_the_brief() {
        let mut d = Vec::new();
        let one = section(&src("A[^x] and B[^y], A again[^x].\n\n[^y]: Why.\n[^x]: Because."), &NoFiles, &mut d);
        let two = section(&src("C[^1].\n\n[^1]: See."), &NoFiles, &mut d);
        assert!(d.is_empty(), "{d:?}");
        let mut texts = [one, two];
        let notes = number_notes(&mut texts);
        let text: Vec<String> = notes.iter().map(|n| n.text[0].0[0].text.clone()).collect();
        assert_eq!(text, ["Because.", "Why.", "See."]);
        let Block::Paragraph(p) = &texts[0].blocks[0] else { panic!() };
        let marks: Vec<(&str, Option<usize>)> =
            p.0.iter().filter(|s| s.note.is_some()).map(|s| (s.text.as_str(), s.note)).collect();
        assert_eq!(marks, [("1", Some(1)), ("2", Some(2)), ("1", Some(1))]);
        let Block::Paragraph(p) = &texts[1].blocks[0] else { panic!() };
        assert_eq!(p.0[1].note, Some(3));
    }

    #[test]
    fn what_is_not_set_is_said() {
        let value = "Text[^gone] <b>bold</b> ~~old~~ <!-- note -->\n\n[^unused]: Never.";
        let s = format!("x = '''{value}'''");
        let st = SourceText::new(&s, 4..s.len(), value);
        let mut d = Vec::new();
        let b = blocks(&st, &mut d);
        let got: Vec<(crate::model::Severity, String, &str)> =
            d.iter().map(|d| (d.severity, d.message.clone(), &s[d.span.clone().unwrap()])).collect();
        use crate::model::Severity::{Error, Warning};
        assert_eq!(
            got,
            [
                (Warning, "raw HTML is not set: `<b>`".to_string(), "<b>"),
                (Warning, "raw HTML is not set: `</b>`".to_string(), "</b>"),
                (Warning, "strikethrough is not set".to_string(), "~~old~~"),
                (Error, "footnote `[^gone]` is not defined".to_string(), "[^gone]"),
                (Warning, "footnote `[^unused]` is never referenced".to_string(), "[^unused]: Never."),
            ]
        );
        // No source is printed: the paragraph holds the words only.
        let Block::Paragraph(p) = &b[0] else { panic!() };
        let text: String = p.0.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(text.split_whitespace().collect::<Vec<_>>(), ["Text[^gone]", "bold", "old"]);
    }

    #[test]
    fn a_footnote_inside_a_footnote_is_left_out_with_a_warning() {
        let mut d = Vec::new();
        let mut texts = [section(&src("A[^a] and B[^b].\n\n[^a]: See[^b].\n[^b]: The source."), &NoFiles, &mut d)];
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].message, "a footnote cannot refer to footnote `[^b]`");
        let notes = number_notes(&mut texts);
        assert_eq!(notes.len(), 2);
        assert!(notes.iter().flat_map(|n| &n.text).flat_map(|p| &p.0).all(|s| s.note.is_none()));
    }

    #[test]
    fn an_image_without_a_file_is_an_error_at_its_target() {
        let value = "![Map](map.png \"The region\")";
        let s = format!("x = '''{value}'''");
        let st = SourceText::new(&s, 4..s.len(), value);
        let mut d = Vec::new();
        blocks(&st, &mut d);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].message, "cannot read image `map.png`: file not found");
        assert_eq!(&s[d[0].span.clone().unwrap()], "map.png");
    }
}
