//! One builder per kind of block: each turns part of the brief into
//! [`Block`]s of pieces, with x positions final and y relative to the piece.

use std::cell::RefCell;
use std::sync::Arc;

use crate::geom::{Color, Point, Pt, Rect};
use crate::model::{self, Brief, Diagnostic, Inline, Language, locale};
use crate::text::typography::smarten;
use crate::text::{
    Align, FontBook, Line, MONO, ParagraphOptions, StyledText, TextStyle, end_with_space, set_line, set_line_in,
    set_paragraph,
};

use super::flow::{Block, Keep, Notes, Piece};
use super::frame::{Artifact, Element, Item, Role, Tag, tagged};
use super::report::{LineStat, ParagraphStat, start_of};
use super::theme::{HAIRLINE, INK, MUTED, Theme};

/// What every builder needs.
pub struct Ctx<'a> {
    /// The bundled fonts.
    pub book: &'a FontBook,
    /// Sizes and colours.
    pub theme: &'a Theme,
    /// The brief's language.
    pub lang: &'a Language,
    /// The brief's language is written right to left: the page is
    /// mirrored.
    pub rtl: bool,
    /// The logical structure built so far: builders add elements in
    /// reading order and tag their items with them.
    pub tree: RefCell<Vec<Element>>,
    /// For each footnote (by number − 1), the element of its first mark:
    /// the note's element belongs to it.
    pub refs: RefCell<Vec<Option<usize>>>,
    /// What cannot be set (a table too wide for the page): the build
    /// refuses the brief with these.
    pub problems: RefCell<Vec<Diagnostic>>,
}

/// Paragraphs never leave fewer than two lines on either side of a break.
const PARAGRAPH: Keep = Keep::Lines { orphans: 2, widows: 2 };

/// Share of the font size above the baseline in a line's ink box.
pub const INK_ASCENT: f32 = 0.9;
/// Share of the font size below the baseline in a line's ink box.
pub const INK_DESCENT: f32 = 0.25;

impl Ctx<'_> {
    /// Adds an element of the structure and gives its index.
    pub fn element(&self, role: Role, parent: Option<usize>) -> usize {
        self.element_with(Element { role, parent, alt: None, title: None })
    }

    /// Adds `element` to the structure and gives its index.
    pub fn element_with(&self, element: Element) -> usize {
        let mut tree = self.tree.borrow_mut();
        tree.push(element);
        tree.len() - 1
    }

    /// Notes `element` as the place of the footnote marks in `inline` that
    /// no element claimed before.
    pub fn refer(&self, inline: &Inline, element: usize) {
        let mut refs = self.refs.borrow_mut();
        for n in inline.0.iter().filter_map(|s| s.note) {
            if refs.len() < n {
                refs.resize(n, None);
            }
            if refs[n - 1].is_none() {
                refs[n - 1] = Some(element);
            }
        }
    }

    /// Records something the layout cannot set.
    pub fn problem(&self, d: Diagnostic) {
        self.problems.borrow_mut().push(d);
    }

    /// Adds an element that holds `pieces` and tags them with it.
    fn holding(&self, role: Role, parent: Option<usize>, pieces: &mut [Piece]) -> usize {
        let id = self.element(role, parent);
        tag_pieces(pieces, Tag::Content(id));
        id
    }

    fn opts(&self, width: Pt, align: Align, hyphenate: bool, balance: bool) -> ParagraphOptions {
        ParagraphOptions {
            width,
            align,
            language: self.lang.primary.clone(),
            hyphenate,
            indent: Pt::ZERO,
            balance,
            rtl: self.rtl,
        }
    }

    /// The left edge on the page of a box `width` wide whose start edge is
    /// `x` from the page's start: `x` itself on a left-to-right page, its
    /// mirror image on a right-to-left one. Every block places its boxes
    /// through this, so that a right-to-left brief's page is the mirror of
    /// a left-to-right one while its lines read right to left.
    pub fn x(&self, x: Pt, width: Pt) -> Pt {
        if self.rtl { self.theme.page.width - x - width } else { x }
    }

    /// A rule from `x` to `x + length` at height `y`, mirrored like a box.
    fn rule(&self, x: Pt, length: Pt, y: Pt, width: Pt, color: Color) -> Item {
        let left = self.x(x, length);
        Item::Rule { from: Point::new(left, y), to: Point::new(left + length, y), width, color }
    }

    /// Whether italic is the brief's emphasis: languages whose script has
    /// no italic (Arabic, Chinese…) set emphasis in bold and their quotes,
    /// notices and notes upright, never slanted.
    pub fn italic(&self) -> bool {
        self.lang.has_italic()
    }

    /// Inline text as styled spans: emphasis switches face (to bold in a
    /// language without italics), links take the accent colour; quotes,
    /// apostrophes and spaces follow the language's typography.
    pub fn spans(&self, inline: &Inline, base: &TextStyle, bold: bool, italic: bool) -> Vec<StyledText> {
        let parts: Vec<&crate::model::Span> = inline.0.iter().filter(|s| !s.text.is_empty()).collect();
        let mut texts: Vec<String> = parts.iter().map(|s| s.text.clone()).collect();
        smarten(&mut texts, &self.lang.tag);
        parts
            .into_iter()
            .zip(texts)
            .map(|(s, text)| {
                let mut style = base.clone();
                style.face = if self.italic() {
                    self.theme.face(bold || s.bold, italic != s.italic)
                } else {
                    self.theme.face(bold || s.bold || s.italic, false)
                };
                if let Some(link) = &s.link {
                    style.link = Some(Arc::from(link.as_str()));
                    style.color = self.theme.accent_text;
                }
                if s.code {
                    // Code as written, never smartened, a little smaller
                    // than the text around it.
                    style.face = MONO;
                    style.size = base.size * 0.9;
                    return StyledText { text: s.text.clone(), style };
                }
                if let Some(n) = s.note {
                    // A footnote mark: superior figures, leading to the note.
                    style.link = Some(Arc::from(format!("#note-{n}").as_str()));
                    style.color = self.theme.accent_text;
                    return StyledText { text: superscript(n), style };
                }
                StyledText { text, style }
            })
            .collect()
    }

    /// Plain text as one styled span, with the language's typography.
    pub fn plain(&self, text: &str, bold: bool, italic: bool, size: f32, color: Color) -> Vec<StyledText> {
        let mut texts = [text.to_string()];
        smarten(&mut texts, &self.lang.tag);
        let [text] = texts;
        vec![StyledText { text, style: self.theme.style(bold, italic && self.italic(), size, color) }]
    }

    /// Sets spans into lines at `width`.
    pub fn lines(&self, spans: &[StyledText], width: Pt, align: Align, hyphenate: bool, balance: bool) -> Vec<Line> {
        set_paragraph(self.book, spans, &self.opts(width, align, hyphenate, balance))
    }

    /// Ends the last of `lines` with a word space for readers, where more
    /// text of the same element follows in a line of its own.
    pub fn end_word(&self, lines: &mut [Line]) {
        if let Some(line) = lines.last_mut() {
            end_with_space(self.book, line, self.rtl);
        }
    }
}

/// `n` in superior figures ("¹²").
pub fn superscript(n: usize) -> String {
    n.to_string()
        .chars()
        .map(|d| match d {
            '1' => '¹',
            '2' => '²',
            '3' => '³',
            d => char::from_u32(0x2070 + d.to_digit(10).unwrap_or(0)).unwrap_or(d),
        })
        .collect()
}

/// Baseline offset of a line within a piece of height `leading`, for a line
/// whose largest type size is `size`: the ink box is centred.
pub fn baseline_in(leading: Pt, size: Pt) -> Pt {
    (leading - size * (INK_ASCENT + INK_DESCENT)) / 2.0 + size * INK_ASCENT
}

/// Largest type size on a line.
pub fn line_size(line: &Line) -> Pt {
    line.runs.iter().map(|r| r.size).fold(Pt::ZERO, Pt::max)
}

/// The items of a set line with its baseline at `origin`: one text item
/// per run (after the strokes of its kashidas) and one link area per
/// linked stretch.
pub fn line_items(line: Line, origin: Point) -> Vec<Item> {
    let mut items = Vec::with_capacity(line.runs.len() + 1);
    let mut links: Vec<(Arc<str>, Rect)> = Vec::new();
    for run in line.runs {
        if run.glyphs.is_empty() {
            continue;
        }
        if let Some(uri) = &run.link {
            let rect = Rect::new(
                origin.x + run.x,
                origin.y - run.size * INK_ASCENT,
                run.width,
                run.size * (INK_ASCENT + INK_DESCENT),
            );
            match links.last_mut() {
                // Runs touching on either side (a right-to-left line's
                // runs come from the right).
                Some((u, r))
                    if u == uri && ((rect.x - r.right()).0.abs() < 0.5 || (r.x - rect.right()).0.abs() < 0.5) =>
                {
                    let (left, right) = (r.x.min(rect.x), r.right().max(rect.right()));
                    let top = r.y.min(rect.y);
                    let bottom = r.bottom().max(rect.bottom());
                    *r = Rect::new(left, top, right - left, bottom - top);
                }
                _ => links.push((uri.clone(), rect)),
            }
        }
        // A linked run is the content of its link.
        let link = run.link.clone();
        if let Some(uri) = &link {
            items.push(Item::Begin(Tag::Link(uri.clone())));
        }
        // The kashidas of a justified Arabic line: the tatweel's stroke.
        for k in &run.kashidas {
            let rect = Rect::new(origin.x + run.x + k.x, origin.y - k.top, k.width, k.top - k.bottom);
            items.push(Item::Fill { rect, color: run.color });
        }
        items.push(Item::Text { origin: Point::new(origin.x + run.x, origin.y), run });
        if link.is_some() {
            items.push(Item::End);
        }
    }
    // Each link area belongs to the link whose text it covers.
    for (uri, rect) in links {
        items.extend(tagged(Tag::Link(uri.clone()), vec![Item::Link { rect, uri }]));
    }
    items
}

/// Share of a line's font height (ascender plus descender) that its
/// leading must at least be: lines of a face with tall ascenders and deep
/// descenders (Naskh's reach 1.7 em) move apart rather than collide.
const FONT_HEIGHT_SHARE: f32 = 0.85;

/// One piece per line, each `leading` high (more for a line whose face
/// needs more), text starting at `x`.
pub fn line_pieces(lines: Vec<Line>, x: Pt, leading: Pt) -> Vec<Piece> {
    lines
        .into_iter()
        .map(|line| {
            let size = line_size(&line);
            let ink = leading.max(size * (INK_ASCENT + INK_DESCENT));
            let font = (line.ascent + line.descent) * FONT_HEIGHT_SHARE;
            // A line its face makes taller centres the face's height.
            let (lead, base) = if font > ink {
                (font, (font - line.ascent - line.descent) / 2.0 + line.ascent)
            } else {
                (ink, baseline_in(ink, size))
            };
            let hyphenated = line.hyphenated;
            Piece { height: lead, items: line_items(line, Point::new(x, base)), hyphenated, notes: Vec::new() }
        })
        .collect()
}

/// Tags every piece's items, each piece on its own, so that a piece
/// moved to the next page carries whole pairs of tags.
pub fn tag_pieces(pieces: &mut [Piece], tag: Tag) {
    for p in pieces {
        p.items = tagged(tag.clone(), std::mem::take(&mut p.items));
    }
}

/// A block of lines with its spacing and keep rule.
fn text_block(pieces: Vec<Piece>, before: Pt, after: Pt, keep: Keep) -> Block {
    Block::new(pieces, before, after, keep)
}

/// A block of body text, on the baseline grid.
fn body_block(pieces: Vec<Piece>, before: Pt, after: Pt) -> Block {
    Block { on_grid: true, ..Block::new(pieces, before, after, PARAGRAPH) }
}

/// The head of page one under the band: notice, embargo, title, subtitle,
/// the accent rule and the lede.
pub fn head(ctx: &Ctx, brief: &Brief) -> Vec<Block> {
    let t = ctx.theme;
    let x = t.margin_x;
    let w = t.measure();
    let mut blocks = Vec::new();
    if let Some(notice) = &brief.notice {
        let lines = ctx.lines(&ctx.plain(notice, false, true, 8.5, MUTED), w, Align::Start, false, false);
        let mut pieces = line_pieces(lines, x, t.size(11.5));
        ctx.holding(Role::P, None, &mut pieces);
        blocks.push(text_block(pieces, Pt::ZERO, t.size(4.0), Keep::Together));
    }
    if let Some(embargo) = &brief.embargo {
        let text = locale::format_embargo(ctx.lang, *embargo);
        let lines = ctx.lines(&ctx.plain(&text, true, false, 9.0, t.accent_text), w, Align::Start, false, false);
        let mut pieces = line_pieces(lines, x, t.size(12.0));
        ctx.holding(Role::P, None, &mut pieces);
        blocks.push(text_block(pieces, Pt::ZERO, t.size(4.0), Keep::Together));
    }
    let title = ctx.lines(&ctx.plain(&brief.title, true, false, 22.0, INK), w, Align::Start, false, true);
    let mut pieces = line_pieces(title, x, t.size(27.0));
    let h1 = ctx.element_with(Element { role: Role::H1, parent: None, alt: None, title: Some(brief.title.clone()) });
    tag_pieces(&mut pieces, Tag::Content(h1));
    blocks.push(text_block(pieces, t.size(10.0), t.size(6.0), Keep::WithNext { lines: 2 }));
    if let Some(sub) = &brief.subtitle {
        let lines = ctx.lines(&ctx.plain(sub, false, false, 13.0, MUTED), w, Align::Start, false, true);
        let mut pieces = line_pieces(lines, x, t.size(17.5));
        ctx.holding(Role::P, None, &mut pieces);
        blocks.push(text_block(pieces, t.size(2.0), t.size(4.0), Keep::WithNext { lines: 2 }));
    }
    // A short accent rule closes the title group.
    let rule_h = t.size(16.0);
    let rule = ctx.rule(x, t.size(42.0), rule_h / 2.0, t.size(2.5), t.accent);
    blocks.push(text_block(
        vec![Piece { height: rule_h, items: tagged(Tag::Artifact(Artifact::Layout), vec![rule]), ..Piece::default() }],
        t.size(2.0),
        t.size(2.0),
        Keep::WithNext { lines: 2 },
    ));
    if let Some(summary) = &brief.summary {
        let base = t.style(false, false, 12.5, INK);
        let lines = ctx.lines(&ctx.spans(summary, &base, false, false), w, Align::Start, true, false);
        let mut pieces = line_pieces(lines, x, t.size(18.0));
        ctx.holding(Role::P, None, &mut pieces);
        blocks.push(text_block(pieces, t.size(4.0), t.size(14.0), PARAGRAPH));
    }
    blocks
}

/// The event of a media advisory, right under the head: a panel on a light
/// tint of the accent, an accent bar at its start edge, one row for each
/// of When, Where, Webcast and Accreditation, the labels in a column of
/// their own in bold accent type. Mirrored on a right-to-left page.
///
/// For readers it is a list whose items have a label (`Lbl`, "When") and
/// a body (`LBody`, the date and time): a screen reader announces a list
/// of four items and reads each label before its value, with none of the
/// row-and-column announcements a table would add to four pairs. One
/// piece per line, each carrying its stretch of the tint, so that the
/// panel keeps together on its page (and, were it taller than a page,
/// still breaks between lines).
pub fn event(ctx: &Ctx, e: &model::Event) -> Block {
    let t = ctx.theme;
    let w = t.measure();
    let size = 9.5;
    let leading = t.size(14.0);
    let bar = t.size(3.0);
    let pad = t.size(10.0);
    let gap = t.size(12.0);
    let label_style = t.style(true, false, size, t.accent_text);
    let value_style = t.style(false, false, size, INK);

    // The rows: a label and the value's paragraphs (the venue and the
    // address each on lines of their own).
    let mut rows: Vec<(locale::Label, Vec<Vec<StyledText>>)> = Vec::new();
    let when = locale::format_event_when(ctx.lang, e);
    rows.push((locale::Label::When, vec![ctx.plain(&when, false, false, size, INK)]));
    let place: Vec<Vec<StyledText>> =
        [&e.venue, &e.address].into_iter().flatten().map(|p| ctx.plain(p, false, false, size, INK)).collect();
    if !place.is_empty() {
        rows.push((locale::Label::Where, place));
    }
    if let Some(online) = &e.online {
        let mut link = ctx.plain(online, false, false, size, t.accent_text);
        link[0].style.link = Some(Arc::from(online.as_str()));
        rows.push((locale::Label::Webcast, vec![link]));
    }
    if let Some(accreditation) = &e.accreditation {
        rows.push((locale::Label::Accreditation, vec![ctx.spans(accreditation, &value_style, false, false)]));
    }

    // The label column is as wide as the widest label, at most a third
    // of the panel (a longer label wraps).
    let inner = w - bar - pad * 2.0;
    let widest = rows
        .iter()
        .map(|(key, _)| crate::text::measure(ctx.book, locale::label(ctx.lang, *key), &label_style))
        .fold(Pt::ZERO, Pt::max);
    let label_w = widest.min(inner / 3.0);
    let value_w = inner - label_w - gap;
    let label_x = t.margin_x + bar + pad;
    let value_x = label_x + label_w + gap;

    let list = ctx.element(Role::L, None);
    let mut pieces: Vec<Piece> = Vec::new();
    for (r, (key, paragraphs)) in rows.iter().enumerate() {
        let li = ctx.element(Role::LI, Some(list));
        let lbl = ctx.element(Role::Lbl, Some(li));
        let body = ctx.element(Role::LBody, Some(li));
        let label = ctx.lines(
            &ctx.plain(locale::label(ctx.lang, *key), true, false, size, t.accent_text),
            label_w,
            Align::Start,
            false,
            false,
        );
        let mut label = line_pieces(label, ctx.x(label_x, label_w), leading);
        tag_pieces(&mut label, Tag::Content(lbl));
        let mut value = Vec::new();
        for (k, spans) in paragraphs.iter().enumerate() {
            let mut lines = ctx.lines(spans, value_w, Align::Start, false, false);
            if k + 1 < paragraphs.len() {
                // The venue and the address read as one text.
                ctx.end_word(&mut lines);
            }
            value.extend(line_pieces(lines, ctx.x(value_x, value_w), leading));
        }
        tag_pieces(&mut value, Tag::Content(body));
        // Line by line, the label beside the value's first lines.
        let n = label.len().max(value.len());
        let mut label = label.into_iter();
        let mut value = value.into_iter();
        for i in 0..n {
            let (a, b) = (label.next(), value.next());
            let height = [&a, &b].into_iter().flatten().map(|p| p.height).fold(Pt::ZERO, Pt::max);
            let mut items = Vec::new();
            for p in [a, b].into_iter().flatten() {
                // A shorter line is centred on the taller one.
                let dy = (height - p.height) / 2.0;
                items.extend(p.items.into_iter().map(|it| super::flow::moved(it, Pt::ZERO, dy)));
            }
            let mut piece = Piece { height, items, ..Piece::default() };
            if i == 0 && r > 0 {
                piece.space_above(t.size(4.0));
            }
            pieces.push(piece);
        }
    }
    if let Some(first) = pieces.first_mut() {
        first.space_above(pad * 0.8);
    }
    if let Some(last) = pieces.last_mut() {
        last.height += pad * 0.8;
    }
    // The tint and the bar, drawn per piece so that they follow any split.
    for p in &mut pieces {
        let fill = Item::Fill { rect: Rect::new(t.margin_x, Pt::ZERO, w, p.height), color: t.accent.tint(0.9) };
        let rule = Item::Fill { rect: Rect::new(ctx.x(t.margin_x, bar), Pt::ZERO, bar, p.height), color: t.accent };
        p.items.splice(0..0, tagged(Tag::Artifact(Artifact::Layout), vec![fill, rule]));
    }
    Block::new(pieces, t.size(6.0), t.size(16.0), Keep::Together)
}

/// Number of tile columns for `n` figures whose longest label is `longest`
/// points wide at label size: 2 to 4, preferring rows that are all full,
/// and fewer, wider tiles when a label would need more than three lines.
pub fn figure_columns(n: usize, longest_label: Pt, measure: Pt, gutter: Pt, pad: Pt) -> usize {
    let fits = |cols: usize| {
        let inner = (measure - gutter * (cols - 1) as f32) / cols as f32 - pad * 2.0;
        longest_label.0 <= inner.0 * 2.6
    };
    // Preferred column counts for each number of figures: full rows first.
    let preferred: &[usize] = match n {
        0..=2 => &[2],
        3 => &[3, 2],
        4 => &[4, 2],
        5 | 6 => &[3, 2],
        7 | 8 => &[4, 2],
        9 => &[3, 2],
        _ => &[4, 3, 2],
    };
    preferred.iter().copied().find(|&c| fits(c)).unwrap_or(2)
}

/// The key figures as rows of tiles; each row is one piece, kept whole.
pub fn figures(ctx: &Ctx, brief: &Brief, capacity: Pt) -> Vec<Block> {
    let t = ctx.theme;
    if brief.figures.is_empty() {
        return Vec::new();
    }
    let gutter = t.size(10.0);
    let pad = t.size(10.0);
    let label_style = t.style(false, false, 9.5, INK);
    let longest =
        brief.figures.iter().map(|f| crate::text::measure(ctx.book, &f.label, &label_style)).fold(Pt::ZERO, Pt::max);
    let cols = figure_columns(brief.figures.len(), longest, t.measure(), gutter, pad);
    let tile_w = (t.measure() - gutter * (cols - 1) as f32) / cols as f32;
    let inner = tile_w - pad * 2.0;

    let mut blocks = Vec::new();
    // For readers, the figures are a list: each value with its label and
    // note, one figure after the other (never a row of values read across).
    let list = ctx.element(Role::L, None);
    let body = || {
        let item = ctx.element(Role::LI, Some(list));
        ctx.element(Role::LBody, Some(item))
    };
    for (r, row) in brief.figures.chunks(cols).enumerate() {
        let ids: Vec<usize> = row.iter().map(|_| body()).collect();
        // Tiles run from the start edge: right to left on a mirrored page.
        let tiles: Vec<(Vec<Item>, Pt)> = row
            .iter()
            .zip(&ids)
            .enumerate()
            .map(|(c, (fig, &id))| {
                let (items, h) = tile(ctx, fig, t.margin_x + (tile_w + gutter) * c as f32 + pad, inner, pad);
                (tagged(Tag::Content(id), items), h)
            })
            .collect();
        let height = tiles.iter().map(|(_, h)| *h).fold(Pt::ZERO, Pt::max);
        if height.0 > capacity.0 * 0.8 {
            // A tile taller than a page would leave the margins: set such a
            // row as plain text that can break across pages instead.
            for (fig, &id) in row.iter().zip(&ids) {
                blocks.extend(untiled(ctx, fig, id));
            }
            continue;
        }
        let mut items = vec![Item::Begin(Tag::Artifact(Artifact::Layout))];
        for c in 0..tiles.len() {
            let x = ctx.x(t.margin_x + (tile_w + gutter) * c as f32, tile_w);
            items.push(Item::Fill { rect: Rect::new(x, Pt::ZERO, tile_w, height), color: t.accent.tint(0.9) });
            items.push(Item::Fill { rect: Rect::new(x, Pt::ZERO, tile_w, t.size(3.0)), color: t.accent });
        }
        items.push(Item::End);
        for (tile_items, _) in tiles {
            items.extend(tile_items);
        }
        let before = if r == 0 { t.size(6.0) } else { gutter };
        blocks.push(Block::new(
            vec![Piece { height, items, ..Piece::default() }],
            before,
            t.size(16.0),
            Keep::Together,
        ));
    }
    blocks
}

/// The items of one figure tile, text starting at `x`, and its height.
fn tile(ctx: &Ctx, fig: &model::Figure, x: Pt, inner: Pt, pad: Pt) -> (Vec<Item>, Pt) {
    let t = ctx.theme;
    let mut items = Vec::new();
    let mut y = pad + t.size(3.0);
    // Lines set in a box `width` wide at the tile's start.
    let mut place = |lines: Vec<Line>, leading: Pt, y: &mut Pt, width: Pt| {
        for p in line_pieces(lines, ctx.x(x, width), leading) {
            items.extend(p.items.into_iter().map(|it| super::flow::moved(it, Pt::ZERO, *y)));
            *y += p.height;
        }
    };
    // The value shrinks until it fits the tile, then wraps.
    let mut size: f32 = 24.0;
    let value_line = loop {
        // A prefix ("almost") is set small on the value's baseline.
        let mut spans = match &fig.prefix {
            Some(prefix) => ctx.plain(&format!("{prefix} "), false, false, (size * 0.42).max(8.5), MUTED),
            None => Vec::new(),
        };
        spans.extend(ctx.plain(&fig.value, true, false, size, t.accent_text));
        if let Some(suffix) = &fig.suffix {
            spans.extend(ctx.plain(&format!("\u{2009}{suffix}"), true, false, size * 0.58, t.accent_text));
        }
        let line = set_line(ctx.book, &spans);
        if line.width.0 <= inner.0 {
            let width = line.width;
            break (vec![line], width);
        }
        if size <= 13.0 {
            break (ctx.lines(&spans, inner, Align::Start, false, false), inner);
        }
        size -= 1.0;
    };
    // Value, label and note read as one text: "147 Member States".
    let (mut value, width) = value_line;
    ctx.end_word(&mut value);
    place(value, t.size(size * 1.2), &mut y, width);
    y += t.size(2.0);
    let mut label = ctx.lines(&ctx.plain(&fig.label, false, false, 9.5, INK), inner, Align::Start, true, false);
    if fig.note.is_some() {
        ctx.end_word(&mut label);
    }
    place(label, t.size(12.5), &mut y, inner);
    if let Some(note) = &fig.note {
        let lines = ctx.lines(&ctx.plain(note, false, true, 8.0, MUTED), inner, Align::Start, true, false);
        place(lines, t.size(10.5), &mut y, inner);
    }
    (items, y + pad)
}

/// A figure as plain lines (value, label, note), for tiles too tall to
/// keep, tagged as the content of element `id`.
fn untiled(ctx: &Ctx, fig: &model::Figure, id: usize) -> Vec<Block> {
    let t = ctx.theme;
    let w = t.measure();
    let mut text = String::new();
    for part in [fig.prefix.as_deref(), Some(fig.value.as_str()), fig.suffix.as_deref()].into_iter().flatten() {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(part);
    }
    let mut value = ctx.lines(&ctx.plain(&text, true, false, 16.0, t.accent_text), w, Align::Start, false, false);
    ctx.end_word(&mut value);
    let mut pieces = line_pieces(value, t.margin_x, t.size(20.0));
    tag_pieces(&mut pieces, Tag::Content(id));
    let mut blocks = vec![text_block(pieces, t.size(8.0), Pt::ZERO, Keep::WithNext { lines: 2 })];
    let mut label = ctx.plain(&fig.label, false, false, 9.5, INK);
    if let Some(note) = &fig.note {
        label.extend(ctx.plain(&format!(" {note}"), false, true, 9.5, MUTED));
    }
    let lines = ctx.lines(&label, w, Align::Start, true, false);
    let mut pieces = line_pieces(lines, t.margin_x, t.size(12.5));
    tag_pieces(&mut pieces, Tag::Content(id));
    blocks.push(text_block(pieces, Pt::ZERO, t.size(8.0), PARAGRAPH));
    blocks
}

/// A section: its heading (kept with what follows) and its text.
pub fn section(ctx: &Ctx, sec: &model::Section) -> Vec<Block> {
    let t = ctx.theme;
    let w = t.measure();
    let mut blocks = Vec::new();
    let sect = ctx.element(Role::Sect, None);
    if let Some(heading) = &sec.heading {
        let lines = ctx.lines(&ctx.plain(heading, true, false, 12.5, t.accent_text), w, Align::Start, false, true);
        let mut pieces = line_pieces(lines, t.margin_x, t.size(16.0));
        let h2 =
            ctx.element_with(Element { role: Role::H2, parent: Some(sect), alt: None, title: Some(heading.clone()) });
        tag_pieces(&mut pieces, Tag::Content(h2));
        blocks.push(text_block(pieces, t.size(16.0), t.size(4.0), Keep::WithNext { lines: 2 }));
    }
    body(ctx, &sec.blocks, sect, Pt::ZERO, &mut blocks);
    blocks
}

/// The blocks of a section's text (or of a block quote in it, `indent`
/// from the start edge), each element a child of `parent`. It calls
/// itself for a quote; the model refuses quotes and lists nested deeper
/// than [`model::limits::NESTING`], so it recurses at most that deep.
fn body(ctx: &Ctx, content: &[model::Block], parent: usize, indent: Pt, blocks: &mut Vec<Block>) {
    let t = ctx.theme;
    let w = t.measure() - indent;
    let left = t.margin_x + indent;
    let text = t.style(false, false, 10.5, INK);
    for block in content {
        match block {
            model::Block::Paragraph(inline) => {
                let lines = ctx.lines(&ctx.spans(inline, &text, false, false), w, Align::Justify, true, false);
                let stat = ParagraphStat {
                    start: start_of(&lines),
                    page: 0,
                    lines: lines.iter().map(|l| LineStat::of(ctx.book, l)).collect(),
                    widow: false,
                    orphan: false,
                };
                let mut pieces = line_pieces(lines, ctx.x(left, w), t.leading);
                let p = ctx.holding(Role::P, Some(parent), &mut pieces);
                ctx.refer(inline, p);
                let mut block = body_block(pieces, t.leading * 0.5, t.leading * 0.5);
                block.stat = Some(stat);
                blocks.push(block);
            }
            model::Block::List(list) => list_blocks(ctx, list, parent, indent, blocks),
            model::Block::Heading(inline) => {
                let spans = ctx.spans(inline, &t.style(true, false, 10.5, INK), true, false);
                let lines = ctx.lines(&spans, w, Align::Start, false, true);
                let mut pieces = line_pieces(lines, ctx.x(left, w), t.leading);
                let h3 = ctx.holding(Role::H3, Some(parent), &mut pieces);
                ctx.refer(inline, h3);
                blocks.push(text_block(pieces, t.size(10.0), t.size(1.0), Keep::WithNext { lines: 2 }));
            }
            model::Block::Quote(inner) => {
                let bq = ctx.element(Role::BlockQuote, Some(parent));
                let first = blocks.len();
                body(ctx, inner, bq, indent + t.size(14.0), blocks);
                // A bar in the margin of the quote, drawn per piece so that
                // it follows any page break.
                let bar_x = ctx.x(left, t.size(2.0));
                for b in &mut blocks[first..] {
                    for p in &mut b.pieces {
                        let bar =
                            Item::Fill { rect: Rect::new(bar_x, Pt::ZERO, t.size(2.0), p.height), color: HAIRLINE };
                        p.items.splice(0..0, tagged(Tag::Artifact(Artifact::Layout), vec![bar]));
                    }
                }
            }
            model::Block::Rule => {
                let h = t.leading;
                let rule = ctx.rule(left, w, h / 2.0, Pt(0.6), HAIRLINE);
                let items = tagged(Tag::Artifact(Artifact::Layout), vec![rule]);
                // A rule separates what follows: it never ends a page.
                let piece = Piece { height: h, items, ..Piece::default() };
                blocks.push(text_block(vec![piece], t.leading * 0.5, t.leading * 0.5, Keep::WithNext { lines: 1 }));
            }
            model::Block::Code(lines) => blocks.push(code(ctx, lines, parent, left, w)),
            model::Block::Table(table) => blocks.push(super::table::table(ctx, table, parent)),
            model::Block::Picture(picture) => blocks.push(self::picture(ctx, picture, parent, left, w)),
        }
    }
}

/// A bullet or numbered list, `indent` from the start edge: one block per
/// item, the markers hanging.
fn list_blocks(ctx: &Ctx, list: &model::List, parent: usize, indent: Pt, blocks: &mut Vec<Block>) {
    let t = ctx.theme;
    let w = t.measure() - indent;
    let body = t.style(false, false, 10.5, INK);
    let n = list.items.len();
    // The hanging indent fits the widest marker ("10.").
    let marker_style = t.style(false, false, 10.5, t.accent_text);
    let widest =
        list.items.iter().map(|i| crate::text::measure(ctx.book, &i.marker, &marker_style)).fold(Pt::ZERO, Pt::max);
    let step = t.size(16.0).max(widest + t.size(5.0));
    // The open lists, outermost first: depth, list element and the body of
    // its latest item, in which a deeper list nests.
    let mut open: Vec<(usize, usize, Option<usize>)> = Vec::new();
    for (i, item) in list.items.iter().enumerate() {
        while open.last().is_some_and(|&(d, _, _)| d > item.depth) {
            open.pop();
        }
        if open.last().is_none_or(|&(d, _, _)| d < item.depth) {
            let inside = open.last().and_then(|&(_, _, body)| body).unwrap_or(parent);
            open.push((item.depth, ctx.element(Role::L, Some(inside)), None));
        }
        let Some(level) = open.last_mut() else { continue };
        let li = ctx.element(Role::LI, Some(level.1));
        let lbl = ctx.element(Role::Lbl, Some(li));
        let lbody = ctx.element(Role::LBody, Some(li));
        level.2 = Some(lbody);
        ctx.refer(&item.text, lbody);
        let hang = (step * (item.depth as f32 + 1.0)).min(w * 0.5);
        let x = t.margin_x + indent + hang;
        let lines = ctx.lines(&ctx.spans(&item.text, &body, false, false), w - hang, Align::Start, true, false);
        let mut pieces = line_pieces(lines, ctx.x(x, w - hang), t.leading);
        tag_pieces(&mut pieces, Tag::Content(lbody));
        if let Some(first) = pieces.first_mut() {
            // The marker hangs before the item's start edge; it is read
            // first.
            let spans = ctx.plain(&item.marker, false, false, 10.5, t.accent_text);
            let marker = set_line_in(ctx.book, &spans, ctx.rtl);
            let base = baseline_in(first.height, t.body);
            let mx = ctx.x(x - t.size(5.0) - marker.width, marker.width);
            let marker = tagged(Tag::Content(lbl), line_items(marker, Point::new(mx, base)));
            first.items.splice(0..0, marker);
        }
        // Items follow each other line by line; the list as a whole is
        // spaced like a paragraph.
        let before = if i == 0 { t.leading * 0.5 } else { Pt::ZERO };
        let after = if i + 1 == n { t.leading * 0.5 } else { Pt::ZERO };
        blocks.push(body_block(pieces, before, after));
    }
}

/// A code block: its lines in the monospace face on a light tint, each
/// line's indentation kept, a line too long for the measure wrapped.
fn code(ctx: &Ctx, source: &[String], parent: usize, left: Pt, w: Pt) -> Block {
    let t = ctx.theme;
    let pad = t.size(6.0);
    let style = TextStyle { face: MONO, ..t.style(false, false, 9.0, INK) };
    let space = crate::text::measure(ctx.book, " ", &style);
    let id = ctx.element(Role::Code, Some(parent));
    let mut pieces = Vec::new();
    for line in source {
        let expanded = line.replace('\t', "    ");
        let text = expanded.trim_start();
        let spaces = expanded.len() - text.len();
        let indent = (space * spaces as f32).min(w * 0.5);
        let width = w - pad * 2.0 - indent;
        let mut set = if text.is_empty() {
            vec![Piece { height: t.size(12.0), ..Piece::default() }]
        } else {
            let spans = vec![StyledText { text: text.to_string(), style: style.clone() }];
            let lines = ctx.lines(&spans, width, Align::Start, false, false);
            line_pieces(lines, ctx.x(left + pad + indent, width), t.size(12.0))
        };
        tag_pieces(&mut set, Tag::Content(id));
        pieces.extend(set);
    }
    if let Some(first) = pieces.first_mut() {
        first.space_above(pad / 2.0);
    }
    if let Some(last) = pieces.last_mut() {
        last.height += pad / 2.0;
    }
    for p in &mut pieces {
        let fill = Item::Fill { rect: Rect::new(ctx.x(left, w), Pt::ZERO, w, p.height), color: CODE_TINT };
        p.items.splice(0..0, tagged(Tag::Artifact(Artifact::Layout), vec![fill]));
    }
    Block::new(pieces, t.leading * 0.5, t.leading * 0.5, PARAGRAPH)
}

/// The tint behind a code block.
const CODE_TINT: Color = Color::rgb(0xf2, 0xf3, 0xf4);

/// Most of the page's height a picture may take.
const PICTURE_HEIGHT_SHARE: f32 = 0.5;
/// The resolution at which a raster image is set at its own size.
const PICTURE_DPI: f32 = 150.0;

/// A picture with its caption, kept together: at its own size (a raster
/// image at 150 dpi, an SVG at its user units in points) when that is
/// smaller than the measure, else scaled to it; never more than half the
/// page high.
fn picture(ctx: &Ctx, p: &model::Picture, parent: usize, left: Pt, w: Pt) -> Block {
    let t = ctx.theme;
    let img = &p.image;
    let own_w = match img.format {
        model::ImageFormat::Svg => Pt(img.width),
        _ => Pt(img.width * 72.0 / PICTURE_DPI),
    };
    let aspect = if img.width > 0.0 { img.height / img.width } else { 1.0 };
    let most_h = (t.page.height - t.top - t.bottom) * PICTURE_HEIGHT_SHARE;
    let mut width = own_w.min(w);
    if width * aspect > most_h {
        width = most_h / aspect;
    }
    let height = width * aspect;
    let rect = Rect::new(ctx.x(left, width), Pt::ZERO, width, height);
    let item = Item::Image { rect, image: img.clone() };
    // A picture described is a figure; one without a description is
    // decoration (a warning said so).
    let tag = if p.alt.is_empty() {
        Tag::Artifact(Artifact::Layout)
    } else {
        Tag::Content(ctx.element_with(Element {
            role: Role::Figure,
            parent: Some(parent),
            alt: Some(p.alt.clone()),
            title: None,
        }))
    };
    let mut pieces = vec![Piece { height: height + t.size(4.0), items: tagged(tag, vec![item]), ..Piece::default() }];
    if let Some(caption) = &p.caption {
        let italic = ctx.italic();
        let spans = ctx.plain(caption, false, italic, 8.5, MUTED);
        let lines = ctx.lines(&spans, w, Align::Start, true, false);
        let mut lines = line_pieces(lines, ctx.x(left, w), t.size(11.5));
        ctx.holding(Role::Caption, Some(parent), &mut lines);
        pieces.extend(lines);
    }
    Block::new(pieces, t.size(10.0), t.size(10.0), Keep::Together)
}

/// Space between the text and the footnotes of a page, where their short
/// rule is drawn.
pub const NOTE_GAP: f32 = 14.0;

/// The footnotes: each note's lines, in small type, its number hanging
/// before it and leading back to the mark; each note is a `Note` element
/// of the paragraph that refers to it.
pub fn notes(ctx: &Ctx, notes: &[model::Note]) -> Notes {
    let t = ctx.theme;
    let w = t.measure();
    let size = 8.5;
    let style = t.style(false, false, size, INK);
    let widest = notes.last().map_or(Pt::ZERO, |n| crate::text::measure(ctx.book, &n.number.to_string(), &style));
    let hang = widest + t.size(4.0);
    let mut out = Notes { lines: Vec::with_capacity(notes.len()), gap: t.size(NOTE_GAP) };
    for note in notes {
        let parent = ctx.refs.borrow().get(note.number - 1).copied().flatten();
        let id = ctx.element(Role::Note, parent);
        let mut pieces = Vec::new();
        for (k, para) in note.text.iter().enumerate() {
            let lines = ctx.lines(&ctx.spans(para, &style, false, false), w - hang, Align::Justify, true, false);
            let mut set = line_pieces(lines, ctx.x(t.margin_x + hang, w - hang), t.size(11.0));
            if k > 0
                && let Some(first) = set.first_mut()
            {
                // Paragraphs of a note follow each other with a little air.
                first.space_above(t.size(2.0));
            }
            pieces.extend(set);
        }
        if pieces.is_empty() {
            pieces.push(Piece { height: t.size(11.0), ..Piece::default() });
        }
        if let Some(first) = pieces.first_mut() {
            let number = note.number.to_string();
            let mut spans = ctx.plain(&number, false, false, size, t.accent_text);
            spans[0].style.link = Some(Arc::from(format!("#ref-{number}").as_str()));
            let line = set_line_in(ctx.book, &spans, ctx.rtl);
            let base = baseline_in(t.size(11.0), t.size(size));
            let nx = ctx.x(t.margin_x, line.width);
            let anchor = Item::Anchor {
                name: Arc::from(format!("note-{number}").as_str()),
                at: Point::new(ctx.x(t.margin_x, w), Pt::ZERO),
            };
            let mut items = vec![anchor];
            items.extend(line_items(line, Point::new(nx, base)));
            first.items.splice(0..0, items);
        }
        tag_pieces(&mut pieces, Tag::Content(id));
        out.lines.push(pieces);
    }
    out
}

/// The short rule above a page's footnotes, whose gap starts at `y`.
pub fn note_rule(ctx: &Ctx, y: Pt) -> Vec<Item> {
    let t = ctx.theme;
    let rule = ctx.rule(t.margin_x, t.size(72.0), y + t.size(NOTE_GAP) / 2.0, Pt(0.5), MUTED);
    tagged(Tag::Artifact(Artifact::Layout), vec![rule])
}

/// Footnote marks: every piece notes the footnotes its marks refer to,
/// and the first mark of each note is the place its number leads back to.
pub fn mark_references(blocks: &mut [Block]) {
    let mut anchored: Vec<usize> = Vec::new();
    for block in blocks {
        for piece in &mut block.pieces {
            let mut anchors = Vec::new();
            for item in &piece.items {
                let Item::Text { origin, run } = item else { continue };
                let Some(n) =
                    run.link.as_deref().and_then(|l| l.strip_prefix("#note-")).and_then(|n| n.parse::<usize>().ok())
                else {
                    continue;
                };
                if n == 0 {
                    continue;
                }
                if !piece.notes.contains(&(n - 1)) {
                    piece.notes.push(n - 1);
                }
                if !anchored.contains(&n) {
                    anchored.push(n);
                    let at = Point::new(origin.x, origin.y - run.size);
                    anchors.push(Item::Anchor { name: Arc::from(format!("ref-{n}").as_str()), at });
                }
            }
            piece.items.extend(anchors);
        }
    }
}

/// The end mark a press office prints after the body ("* *** *", "###",
/// "-ENDS-"), centred under it: pieces for the end of the body's last
/// block (see [`end_body`]). Decoration for a screen reader, which knows
/// where the text ends.
pub fn end_mark(ctx: &Ctx, mark: &str) -> Vec<Piece> {
    let t = ctx.theme;
    let w = t.measure();
    let lines = ctx.lines(&ctx.plain(mark, false, false, 10.5, INK), w, Align::Center, false, true);
    let mut pieces = line_pieces(lines, t.margin_x, t.leading);
    tag_pieces(&mut pieces, Tag::Artifact(Artifact::Layout));
    if let Some(first) = pieces.first_mut() {
        first.space_above(t.leading);
    }
    pieces
}

/// Ends the body with `mark`: its pieces join the last block, so that the
/// mark never stands alone at the top of a page (a block split by lines
/// keeps one more line with it).
pub fn end_body(blocks: &mut Vec<Block>, mark: Vec<Piece>) {
    match blocks.last_mut() {
        Some(last) => {
            if let Keep::Lines { widows, .. } = &mut last.keep {
                *widows += mark.len();
            }
            last.pieces.extend(mark);
        }
        None => blocks.push(Block::new(mark, Pt::ZERO, Pt::ZERO, Keep::Together)),
    }
}

/// A pull quote: larger italic text beside an accent rule, then the
/// attribution; kept together.
pub fn quote(ctx: &Ctx, q: &model::Quote) -> Block {
    let t = ctx.theme;
    let indent = t.size(18.0);
    let w = t.measure() - indent;
    let x = ctx.x(t.margin_x + indent, w);
    // Upright where the script has no italic: the size and the rule set it
    // apart.
    let italic = ctx.italic();
    let base = t.style(false, italic, 13.5, INK);
    let lines = ctx.lines(&ctx.spans(&q.text, &base, false, italic), w, Align::Start, true, false);
    let mut pieces = line_pieces(lines, x, t.size(19.0));
    let bq = ctx.element(Role::BlockQuote, None);
    ctx.holding(Role::P, Some(bq), &mut pieces);
    let mut by = Vec::new();
    if let Some(name) = &q.by {
        by.extend(ctx.plain(&format!("{}{name}", locale::attribution_dash(ctx.lang)), true, false, 9.5, INK));
    }
    if let Some(role) = &q.role {
        let sep = if by.is_empty() { locale::attribution_dash(ctx.lang) } else { locale::comma(ctx.lang) };
        by.extend(ctx.plain(&format!("{sep}{role}"), false, false, 9.5, MUTED));
    }
    if !by.is_empty() {
        let lines = ctx.lines(&by, w, Align::Start, false, false);
        let mut attribution = line_pieces(lines, x, t.size(13.0));
        ctx.holding(Role::P, Some(bq), &mut attribution);
        if let Some(first) = attribution.first_mut() {
            // Air between the words and who said them.
            first.space_above(t.size(5.0));
        }
        pieces.extend(attribution);
    }
    // The accent rule, drawn per piece so that it follows any split.
    for p in &mut pieces {
        let rule_x = ctx.x(t.margin_x, t.size(3.0));
        let rule = Item::Fill { rect: Rect::new(rule_x, Pt::ZERO, t.size(3.0), p.height), color: t.accent };
        p.items.splice(0..0, tagged(Tag::Artifact(Artifact::Layout), vec![rule]));
    }
    Block::new(pieces, t.size(14.0), t.size(14.0), Keep::Together)
}

/// The contact block: a rule, its heading, one line per person, web and
/// social lines; kept together. The QR code of the web address, when the
/// brief has one, stands at the right of the web and social lines, below
/// the people, so that their lines keep the full measure.
pub fn contact(ctx: &Ctx, c: &model::Contact) -> Block {
    let t = ctx.theme;
    let w = t.measure();
    let x = t.margin_x;
    let mut pieces = Vec::new();
    let rule_h = t.size(12.0);
    let sect = ctx.element(Role::Sect, None);
    pieces.push(Piece {
        height: rule_h,
        items: tagged(
            Tag::Artifact(Artifact::Layout),
            vec![Item::Rule {
                from: Point::new(x, Pt(0.4)),
                to: Point::new(x + w, Pt(0.4)),
                width: Pt(0.8),
                color: HAIRLINE,
            }],
        ),
        ..Piece::default()
    });
    let heading = ctx.lines(&ctx.plain(&c.heading, true, false, 10.5, t.accent_text), w, Align::Start, false, false);
    let mut heading = line_pieces(heading, x, t.size(16.0));
    let h2 =
        ctx.element_with(Element { role: Role::H2, parent: Some(sect), alt: None, title: Some(c.heading.clone()) });
    tag_pieces(&mut heading, Tag::Content(h2));
    pieces.extend(heading);

    // One line per person (wrapping when long), so that reading order and
    // copied text follow the people one by one.
    for p in &c.persons {
        let mut lines = person(ctx, p, x, w);
        ctx.holding(Role::P, Some(sect), &mut lines);
        pieces.extend(lines);
    }
    pieces.push(Piece { height: t.size(5.0), ..Piece::default() });

    // Web and social lines, beside the code when there is one; the text
    // keeps the code's quiet zone (four modules) clear.
    // The code stands at the end edge: at the left of a mirrored page.
    let code = c.qr.as_ref().zip(c.web.as_deref()).map(|(qr, web)| {
        let side = qr_side(qr);
        qr_code(qr, web, ctx.x(x + w - side, side) + side, t.size(2.0))
    });
    let text_w = code.as_ref().map_or(w, |code| w - code.side - code.quiet);
    let mut tail = Vec::new();
    // `plain` applies the language's spacing ("Web : " in French).
    let label = |key| format!("{}: ", locale::label(ctx.lang, key));
    if let Some(web) = &c.web {
        let mut spans = ctx.plain(&label(locale::Label::Web), true, false, 9.0, INK);
        let mut link = ctx.plain(web, false, false, 9.0, t.accent_text);
        link[0].style.link = Some(Arc::from(web.as_str()));
        spans.extend(link);
        let lines = ctx.lines(&spans, text_w, Align::Start, false, false);
        let mut lines = line_pieces(lines, ctx.x(x, text_w), t.size(13.0));
        ctx.holding(Role::P, Some(sect), &mut lines);
        tail.extend(lines);
    }
    if !c.social.is_empty() {
        let mut spans = ctx.plain(&label(locale::Label::Follow), true, false, 9.0, INK);
        spans.extend(ctx.plain(&c.social.join("  ·  "), false, false, 9.0, INK));
        let lines = ctx.lines(&spans, text_w, Align::Start, false, false);
        let mut lines = line_pieces(lines, ctx.x(x, text_w), t.size(13.0));
        ctx.holding(Role::P, Some(sect), &mut lines);
        tail.extend(lines);
    }
    match code {
        None => pieces.extend(tail),
        Some(code) => {
            // One piece: the lines stacked at the left, the code at the right.
            let mut items = Vec::new();
            let mut y = Pt::ZERO;
            for p in tail {
                items.extend(p.items.into_iter().map(|it| super::flow::moved(it, Pt::ZERO, y)));
                y += p.height;
            }
            // The code is a link holding a picture of its address.
            let (fills, area) = code.items;
            let web = c.web.as_deref().unwrap_or_default();
            let link = ctx.element(Role::Link, Some(sect));
            let figure = ctx.element_with(Element {
                role: Role::Figure,
                parent: Some(link),
                alt: Some(format!("{}: {web}", locale::label(ctx.lang, locale::Label::QrCode))),
                title: None,
            });
            items.extend(tagged(Tag::Content(figure), fills));
            items.extend(tagged(Tag::Content(link), vec![area]));
            pieces.push(Piece { height: y.max(code.top + code.side), items, ..Piece::default() });
        }
    }
    Block::new(pieces, t.size(22.0), Pt::ZERO, Keep::Together)
}

/// A QR code drawn as filled rectangles (one per run of dark modules in a
/// row), with a link to the address it encodes.
struct DrawnCode {
    /// The modules' fills, and the link area over them.
    items: (Vec<Item>, Item),
    /// Side of the code, quiet zone excluded.
    side: Pt,
    /// The quiet zone: four modules.
    quiet: Pt,
    /// Distance of the code's top from the top of the piece it hangs from.
    top: Pt,
}

/// Modules of a code print at most this size, and at least the smallest
/// size phone cameras read reliably from paper (about 0.5 mm).
const QR_MODULE_MAX: f32 = 2.0;
const QR_MODULE_MIN: f32 = 1.4;
/// The side a code is given when its modules allow.
const QR_SIDE: f32 = 62.0;

/// The size of a module of `qr`.
fn qr_module(qr: &model::QrCode) -> f32 {
    (QR_SIDE / qr.width.max(1) as f32).clamp(QR_MODULE_MIN, QR_MODULE_MAX)
}

/// The side of `qr` drawn, quiet zone excluded.
fn qr_side(qr: &model::QrCode) -> Pt {
    Pt(qr_module(qr) * qr.width.max(1) as f32)
}

/// Lays out `qr` with its right edge at `right`, `top` below the piece top.
fn qr_code(qr: &model::QrCode, web: &str, right: Pt, top: Pt) -> DrawnCode {
    let n = qr.width.max(1);
    let module = qr_module(qr);
    let side = Pt(module * n as f32);
    let x0 = right - side;
    let mut items = Vec::new();
    for (row, col, run) in qr.runs() {
        items.push(Item::Fill {
            rect: Rect::new(
                x0 + Pt(module * col as f32),
                top + Pt(module * row as f32),
                Pt(module * run as f32),
                Pt(module),
            ),
            color: INK,
        });
    }
    let area = Item::Link { rect: Rect::new(x0, top, side, side), uri: Arc::from(web) };
    DrawnCode { items: (items, area), side, quiet: Pt(4.0 * module), top }
}

/// One contact person as a paragraph: name, role, e-mail and telephone.
fn person(ctx: &Ctx, p: &model::Person, x: Pt, width: Pt) -> Vec<Piece> {
    let t = ctx.theme;
    let sep = || ctx.plain("  ·  ", false, false, 9.5, MUTED);
    let mut spans = ctx.plain(&p.name, true, false, 9.5, INK);
    if let Some(role) = &p.role {
        spans.extend(ctx.plain(&format!("{}{role}", locale::comma(ctx.lang)), false, false, 9.5, MUTED));
    }
    if let Some(email) = &p.email {
        spans.extend(sep());
        let mut s = ctx.plain(email, false, false, 9.5, t.accent_text);
        s[0].style.link = Some(Arc::from(format!("mailto:{email}").as_str()));
        spans.extend(s);
    }
    if let Some(phone) = &p.phone {
        spans.extend(sep());
        spans.extend(ctx.plain(
            &format!("{}\u{a0}", locale::label(ctx.lang, locale::Label::Phone)),
            false,
            false,
            9.5,
            MUTED,
        ));
        let mut number = ctx.plain(phone, false, false, 9.5, INK);
        let digits: String = phone.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
        number[0].style.link = Some(Arc::from(format!("tel:{digits}").as_str()));
        spans.extend(number);
    }
    let lines = ctx.lines(&spans, width, Align::Start, false, false);
    line_pieces(lines, x, t.size(14.0))
}
