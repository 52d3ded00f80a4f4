//! Paragraph setting: styled spans become [`Line`]s of glyph runs.
//!
//! The steps, in the order of [`set_paragraph`]: *prepare* (concatenate the
//! spans, shape each once, map clusters to byte offsets), *items* (break
//! opportunities from [`segment`](super::segment) become Knuth–Plass boxes,
//! glue and penalties over the shaped widths), *break* (the pure breakers in
//! [`linebreak`](super::linebreak)), *finalize* (cut the glyphs at the
//! breaks, reshape hyphenated halves, justify by widening the space glyphs,
//! align, group into runs).

use super::font::FontBook;
use super::linebreak::{self, INFINITE, Item, KpParams};
use super::run::{GlyphRun, Line, PlacedGlyph, StyledText, TextStyle};
use super::segment::{self, BreakKind};
use super::shape::{self, ShapedGlyph};
use crate::geom::Pt;

/// Horizontal alignment of a paragraph's lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Ragged right.
    Left,
    /// Ragged left.
    Right,
    /// Centred lines.
    Center,
    /// Both edges straight; the last line is set left at natural width.
    Justify,
}

/// How a paragraph is set.
#[derive(Debug, Clone, PartialEq)]
pub struct ParagraphOptions {
    /// The measure (line width).
    pub width: Pt,
    /// Alignment of the lines.
    pub align: Align,
    /// Primary BCP 47 language subtag ("en", "fr", …): selects the
    /// hyphenation patterns (none for unknown languages) and shaping rules.
    pub language: String,
    /// Whether words may be hyphenated.
    pub hyphenate: bool,
    /// First-line indent (may be zero).
    pub indent: Pt,
    /// Balance a ragged paragraph (titles): lines of similar length, the
    /// last never a lone short word when avoidable. Ignored for `Justify`.
    pub balance: bool,
}

/// Stretch and shrink of a word space, as fractions of its width.
const SPACE_STRETCH: f32 = 0.5;
const SPACE_SHRINK: f32 = 1.0 / 3.0;
/// Stretch of the glue that fills the last line.
const FILL: f32 = 1.0e5;
/// Costs of breaks: after an explicit hyphen, at a hyphenation point,
/// inside a URL, and at an emergency break inside an unbreakable string.
const EXPLICIT_HYPHEN_COST: f32 = 50.0;
const HYPHEN_COST: f32 = 50.0;
const URL_COST: f32 = 800.0;
const EMERGENCY_COST: f32 = 1000.0;

/// A glyph of the prepared paragraph: shaped glyph plus the span it belongs
/// to, with cluster offsets in the paragraph's text.
#[derive(Debug, Clone)]
struct Glyph {
    span: usize,
    g: ShapedGlyph,
    /// Stretch and shrink if this is a justifiable space glyph.
    stretch: f32,
    shrink: f32,
}

/// The paragraph after shaping.
struct Prepared<'a> {
    text: String,
    spans: &'a [StyledText],
    /// Byte offset of each span in `text`.
    starts: Vec<usize>,
    glyphs: Vec<Glyph>,
}

/// Where a breakable item cuts the glyphs.
#[derive(Debug, Clone, Copy)]
struct Mark {
    /// Glyph index where the line ends (exclusive).
    end: usize,
    /// Glyph index where the next line starts.
    next: usize,
    /// Byte offset of the break in the text.
    byte: usize,
    /// A hyphen is inserted.
    hyphen: bool,
    /// A break inside a web or e-mail address: no hyphen, but the pieces
    /// extract as the whole address, like a hyphenated word's.
    joined: bool,
    /// A forced break (the line is set like a last line).
    forced: bool,
}

/// Step 1: concatenate and shape each span once.
fn prepare<'a>(book: &FontBook, spans: &'a [StyledText], language: &str) -> Prepared<'a> {
    let mut text = String::new();
    let mut starts = Vec::with_capacity(spans.len());
    // About a glyph per character.
    let mut glyphs = Vec::with_capacity(spans.iter().map(|s| s.text.chars().count()).sum());
    for (i, span) in spans.iter().enumerate() {
        let base = text.len();
        starts.push(base);
        text.push_str(&span.text);
        for mut g in shape::shape(book, &span.text, &span.style, language) {
            g.cluster += base;
            g.text_end += base;
            glyphs.push(Glyph { span: i, g, stretch: 0.0, shrink: 0.0 });
        }
    }
    Prepared { text, spans, starts, glyphs }
}

impl Prepared<'_> {
    /// Glyph index starting at byte `b`, if `b` is a cluster boundary.
    fn glyph_at(&self, b: usize) -> Option<usize> {
        let i = self.glyphs.partition_point(|g| g.g.cluster < b);
        (i == self.glyphs.len() || self.glyphs[i].g.cluster == b).then_some(i)
    }

    fn width(&self, a: usize, b: usize) -> f32 {
        self.glyphs[a..b].iter().map(|g| g.g.advance).sum()
    }

    fn is_space(&self, i: usize) -> bool {
        let g = &self.glyphs[i].g;
        g.text_end > g.cluster && self.text[g.cluster..g.text_end].chars().all(segment::is_breaking_space)
    }

    /// Byte offset where glyph `i` starts (or the text end).
    fn byte_of(&self, i: usize) -> usize {
        self.glyphs.get(i).map_or(self.text.len(), |g| g.g.cluster)
    }

    /// Byte range of span `s` in the text.
    fn span_range(&self, s: usize) -> (usize, usize) {
        (self.starts[s], self.starts[s] + self.spans[s].text.len())
    }
}

/// Step 2: Knuth–Plass items over the shaped widths, with a mark for
/// every breakable item.
fn build_items(book: &FontBook, p: &mut Prepared, opts: &ParagraphOptions) -> (Vec<Item>, Vec<Option<Mark>>) {
    let measure = opts.width.0;
    let points = segment::break_points(&p.text, &opts.language, opts.hyphenate);
    let mut items = Vec::new();
    let mut marks = Vec::new();
    let mut hyphen_widths: Vec<Option<f32>> = vec![None; p.spans.len()];
    if opts.indent.0 > 0.0 {
        items.push(Item::Box { width: opts.indent.0 });
        marks.push(None);
    }
    // Glyphs in stretches without a real break that are wider than the
    // measure (a long URL, numbers tied by no-break spaces) get emergency
    // breaks.
    let mut wide = vec![false; p.glyphs.len()];
    let mut from = 0;
    let real = points.iter().filter(|pt| pt.kind != BreakKind::Tie);
    for (a, b) in real
        .filter_map(|pt| Some((p.glyph_at(pt.start)?, p.glyph_at(pt.pos)?)))
        .chain([(p.glyphs.len(), p.glyphs.len())])
    {
        if a >= from {
            if p.width(from, a) > measure {
                wide[from..a].fill(true);
            }
            from = b;
        }
    }
    // Pushes the glyphs a..b as a box, split at every cluster boundary with
    // costly breaks when in a wide stretch (emergency breaks).
    let push_box = |p: &Prepared, items: &mut Vec<Item>, marks: &mut Vec<Option<Mark>>, a: usize, b: usize| {
        if a >= b {
            return;
        }
        let width = p.width(a, b);
        if !wide[a] {
            items.push(Item::Box { width });
            marks.push(None);
            return;
        }
        let mut piece = a;
        for k in a + 1..=b {
            let boundary = k == b || p.glyphs[k].g.cluster != p.glyphs[k - 1].g.cluster;
            if boundary {
                if piece > a {
                    items.push(Item::Penalty { width: 0.0, cost: EMERGENCY_COST, flagged: false });
                    marks.push(Some(Mark {
                        end: piece,
                        next: piece,
                        byte: p.byte_of(piece),
                        hyphen: false,
                        joined: true,
                        forced: false,
                    }));
                }
                items.push(Item::Box { width: p.width(piece, k) });
                marks.push(None);
                piece = k;
            }
        }
    };
    let mut cursor = 0;
    for pt in points {
        let (Some(gs), Some(ge)) = (p.glyph_at(pt.start), p.glyph_at(pt.pos)) else {
            continue;
        };
        if gs < cursor || (pt.kind != BreakKind::Mandatory && gs == 0) {
            continue;
        }
        push_box(p, &mut items, &mut marks, cursor, gs);
        let mark = Mark { end: gs, next: ge, byte: pt.pos, hyphen: false, joined: false, forced: false };
        match pt.kind {
            BreakKind::Space | BreakKind::Tie => {
                let w = p.width(gs, ge);
                for g in &mut p.glyphs[gs..ge] {
                    g.stretch = g.g.advance * SPACE_STRETCH;
                    g.shrink = g.g.advance * SPACE_SHRINK;
                }
                if pt.kind == BreakKind::Tie {
                    let cost = if wide[gs] { EMERGENCY_COST } else { INFINITE };
                    items.push(Item::Penalty { width: 0.0, cost, flagged: false });
                    marks.push(wide[gs].then_some(mark));
                }
                items.push(Item::Glue { width: w, stretch: w * SPACE_STRETCH, shrink: w * SPACE_SHRINK });
                marks.push((pt.kind == BreakKind::Space).then_some(mark));
            }
            BreakKind::Mandatory => {
                let forced = Mark { forced: true, ..mark };
                items.push(Item::Penalty { width: 0.0, cost: INFINITE, flagged: false });
                marks.push(None);
                items.push(Item::Glue { width: 0.0, stretch: FILL, shrink: 0.0 });
                marks.push(None);
                items.push(Item::Penalty { width: 0.0, cost: -INFINITE, flagged: false });
                marks.push(Some(forced));
            }
            BreakKind::Direct | BreakKind::AfterHyphen | BreakKind::Url => {
                let (cost, flagged) = match pt.kind {
                    BreakKind::AfterHyphen => (EXPLICIT_HYPHEN_COST, true),
                    BreakKind::Url => (URL_COST, false),
                    _ => (0.0, false),
                };
                items.push(Item::Penalty { width: 0.0, cost, flagged });
                marks.push(Some(Mark { joined: pt.kind == BreakKind::Url, ..mark }));
            }
            BreakKind::Hyphen => {
                let span = p.glyphs[gs.saturating_sub(1)].span;
                let w = *hyphen_widths[span]
                    .get_or_insert_with(|| shape::advance(&shape::shape(book, "-", &p.spans[span].style, "")));
                items.push(Item::Penalty { width: w, cost: HYPHEN_COST, flagged: true });
                marks.push(Some(Mark { hyphen: true, ..mark }));
            }
        }
        cursor = ge;
    }
    // The last line: trailing spaces dropped, then fill and a forced break.
    let mut end = p.glyphs.len();
    while end > cursor && p.is_space(end - 1) {
        end -= 1;
    }
    push_box(p, &mut items, &mut marks, cursor, end);
    let last = Mark { end, next: p.glyphs.len(), byte: p.text.len(), hyphen: false, joined: false, forced: true };
    items.push(Item::Penalty { width: 0.0, cost: INFINITE, flagged: false });
    marks.push(None);
    items.push(Item::Glue { width: 0.0, stretch: FILL, shrink: 0.0 });
    marks.push(None);
    items.push(Item::Penalty { width: 0.0, cost: -INFINITE, flagged: false });
    marks.push(Some(last));
    (items, marks)
}

/// A glyph ready for a line: span, id, advance, offsets, text, stretch.
#[derive(Debug, Clone)]
struct Out {
    span: usize,
    id: u16,
    advance: f32,
    x_offset: f32,
    y_offset: f32,
    text: String,
    stretch: f32,
    shrink: f32,
    /// Replacement text for extraction (see [`GlyphRun::actual_text`]).
    actual: Option<String>,
}

fn out_of(p: &Prepared, g: &Glyph) -> Out {
    Out {
        span: g.span,
        id: g.g.id,
        advance: g.g.advance,
        x_offset: g.g.x_offset,
        y_offset: g.g.y_offset,
        text: p.text[g.g.cluster..g.g.text_end].to_string(),
        stretch: g.stretch,
        shrink: g.shrink,
        actual: None,
    }
}

/// Shapes `text` in the style of span `span` as output glyphs.
fn reshape(book: &FontBook, p: &Prepared, span: usize, text: &str, language: &str) -> Vec<Out> {
    shape::shape(book, text, &p.spans[span].style, language)
        .into_iter()
        .map(|g| Out {
            span,
            id: g.id,
            advance: g.advance,
            x_offset: g.x_offset,
            y_offset: g.y_offset,
            text: text[g.cluster..g.text_end].to_string(),
            stretch: 0.0,
            shrink: 0.0,
            actual: None,
        })
        .collect()
}

/// Start of the word that ends at glyph `end` (exclusive), within one span
/// and not before `floor`.
fn word_start(p: &Prepared, floor: usize, end: usize) -> usize {
    let span = p.glyphs[end - 1].span;
    let mut i = end;
    while i > floor && p.glyphs[i - 1].span == span && !p.is_space(i - 1) {
        i -= 1;
    }
    i
}

/// End of the word that starts at glyph `start`, within one span.
fn word_end(p: &Prepared, start: usize) -> usize {
    let span = p.glyphs[start].span;
    let mut i = start;
    while i < p.glyphs.len() && p.glyphs[i].span == span && !p.is_space(i) {
        i += 1;
    }
    i
}

/// End of the word that starts at glyph `start`, across spans.
fn word_end_any(p: &Prepared, start: usize) -> usize {
    let mut i = start;
    while i < p.glyphs.len() && !p.is_space(i) {
        i += 1;
    }
    i
}

/// The glyphs of one line from `a` to the break `mark`, with hyphenated
/// halves reshaped; `fallback` keeps the original glyphs instead (so the
/// widths equal those the breaker saw). `continued` says the line starts
/// where the previous one ended without dropping anything, `after_hyphen`
/// that the previous line ended with an inserted hyphen.
///
/// The pieces of a hyphenated word get replacement texts for extraction:
/// the first piece and its hyphen stand for the whole word, every later
/// piece (and a hyphen ending it) for nothing, so that copying, searching
/// and screen readers meet the word once and whole.
#[allow(clippy::too_many_arguments)]
fn line_glyphs(
    book: &FontBook,
    p: &Prepared,
    a: usize,
    mark: &Mark,
    continued: bool,
    after_hyphen: bool,
    fallback: bool,
    language: &str,
) -> Vec<Out> {
    let mut b = mark.end;
    let mut a = a;
    while a < b && p.is_space(a) {
        a += 1;
    }
    while b > a && p.is_space(b - 1) {
        b -= 1;
    }
    if a >= b {
        return Vec::new();
    }
    // The glyphs a..b, and a hyphen.
    let mut out = Vec::with_capacity(b - a + 1);
    // Step 1: the continuation of a word broken at the line start.
    let mut from = a;
    if continued {
        // The piece up to the end of the word in its span is reshaped; the
        // rest of the word (in other spans) is kept as it is.
        let we = word_end(p, a).min(b);
        let rest = word_end_any(p, a).min(b);
        if !fallback && p.glyphs[a].g.unsafe_to_break {
            let span = p.glyphs[a].span;
            let text = &p.text[p.byte_of(a)..p.byte_of(we).min(p.span_range(span).1)];
            out.extend(reshape(book, p, span, text, language));
        } else {
            out.extend(p.glyphs[a..we].iter().map(|g| out_of(p, g)));
        }
        out.extend(p.glyphs[we..rest].iter().map(|g| out_of(p, g)));
        if after_hyphen {
            tag(&mut out, "");
        }
        from = rest;
    }
    // Step 2: the body, and the broken word's first piece: with the font's
    // own hyphen for a hyphenated word, as it is for an address. A middle
    // piece (the word goes on from the line before) stands for nothing; a
    // first piece for the word up to its end, however many lines that
    // takes.
    if mark.hyphen || mark.joined {
        let ws = word_start(p, from, b);
        out.extend(p.glyphs[from..ws].iter().map(|g| out_of(p, g)));
        let span = p.glyphs[b - 1].span;
        let head = out.len();
        if mark.joined || fallback {
            out.extend(p.glyphs[ws..b].iter().map(|g| out_of(p, g)));
        }
        if mark.hyphen && fallback {
            out.extend(reshape(book, p, span, "-", language));
        } else if mark.hyphen {
            let text = format!("{}-", &p.text[p.byte_of(ws)..mark.byte]);
            out.extend(reshape(book, p, span, &text, language));
        }
        let middle = after_hyphen && ws == from;
        let whole = if middle || mark.next >= p.glyphs.len() {
            String::new()
        } else {
            p.text[p.byte_of(ws)..p.byte_of(word_end_any(p, mark.next))].to_string()
        };
        tag(&mut out[head..], &whole);
    } else {
        out.extend(p.glyphs[from..b].iter().map(|g| out_of(p, g)));
    }
    out
}

/// Gives glyphs a replacement text for extraction.
fn tag(glyphs: &mut [Out], text: &str) {
    for g in glyphs {
        g.actual = Some(text.to_string());
    }
}

/// Step 4: positions, justification, alignment and runs of one line.
/// `target` is the width to justify to, and whether stretching is allowed
/// (the last line of a justified paragraph may only shrink).
fn make_line(
    p: &Prepared,
    book: &FontBook,
    mut glyphs: Vec<Out>,
    lead: f32,
    target: Option<(f32, bool)>,
    opts_width: f32,
    align: Align,
) -> Line {
    let natural: f32 = lead + glyphs.iter().map(|g| g.advance).sum::<f32>();
    // Justify: distribute the difference over the spaces' stretch or shrink.
    let mut ratio = 0.0;
    if let Some((target, may_stretch)) = target {
        let diff = if may_stretch { target - natural } else { (target - natural).min(0.0) };
        let flex: f32 = glyphs.iter().map(|g| if diff >= 0.0 { g.stretch } else { g.shrink }).sum();
        if flex > 0.0 && diff.abs() > 1e-4 {
            ratio = (diff / flex).max(-2.5);
            for g in &mut glyphs {
                g.advance += ratio * if diff >= 0.0 { g.stretch } else { g.shrink };
            }
        }
    }
    let width: f32 = lead + glyphs.iter().map(|g| g.advance).sum::<f32>();
    let shift = match align {
        Align::Right => (opts_width - width).max(0.0),
        Align::Center => ((opts_width - width) / 2.0).max(0.0),
        Align::Left | Align::Justify => 0.0,
    };
    // Runs: split wherever the style changes.
    let mut runs: Vec<GlyphRun> = Vec::new();
    let mut x = lead + shift;
    let mut current: Option<usize> = None;
    let count = glyphs.len();
    for (k, g) in glyphs.into_iter().enumerate() {
        let style: &TextStyle = &p.spans[g.span].style;
        let same = current.is_some_and(|s| p.spans[s].style == *style)
            && runs.last().is_some_and(|r| r.actual_text == g.actual);
        if !same {
            runs.push(GlyphRun {
                face: style.face,
                size: style.size,
                color: style.color,
                x: Pt(x),
                width: Pt::ZERO,
                // Most lines are one run: room for the rest of the line.
                glyphs: Vec::with_capacity(count - k),
                link: style.link.clone(),
                actual_text: g.actual.clone(),
            });
            current = Some(g.span);
        }
        if let Some(run) = runs.last_mut() {
            run.glyphs.push(PlacedGlyph {
                id: g.id,
                x: run.width + Pt(g.x_offset),
                y_offset: Pt(g.y_offset),
                advance: Pt(g.advance),
                text: g.text,
            });
            run.width += Pt(g.advance);
        }
        x += g.advance;
    }
    let (mut ascent, mut descent) = (0.0f32, 0.0f32);
    let metric_runs: Vec<(super::run::FaceId, Pt)> = if runs.is_empty() {
        p.spans.first().map(|s| (s.style.face, s.style.size)).into_iter().collect()
    } else {
        runs.iter().map(|r| (r.face, r.size)).collect()
    };
    for (face, size) in metric_runs {
        let f = book.face(face);
        ascent = ascent.max(f.ascender * size.0);
        descent = descent.max(f.descender * size.0);
    }
    Line { runs, width: Pt(width), ascent: Pt(ascent), descent: Pt(descent), hyphenated: false, ratio, overfull: false }
}

/// Sets a paragraph: shapes, finds breaks, justifies. Never returns a line
/// wider than `width` unless a single glyph cluster is wider (then the
/// line is marked `overfull`). Empty input gives no lines.
pub fn set_paragraph(book: &FontBook, spans: &[StyledText], opts: &ParagraphOptions) -> Vec<Line> {
    let spans = book.with_fallback(spans);
    let mut p = prepare(book, &spans, &opts.language);
    if p.glyphs.is_empty() {
        return Vec::new();
    }
    let (items, marks) = build_items(book, &mut p, opts);
    // Step 3: break.
    let measure = opts.width.0;
    let breaks = match opts.align {
        Align::Justify => linebreak::total_fit(&items, measure, &KpParams::default()),
        _ if opts.balance => linebreak::balanced(&items, measure),
        _ => linebreak::first_fit(&items, measure),
    };
    // Step 4: finalize each line.
    let mut lines = Vec::with_capacity(breaks.positions.len());
    let mut start = 0;
    let mut continued = false;
    let mut after_hyphen = false;
    for (i, &pos) in breaks.positions.iter().enumerate() {
        let Some(mark) = marks.get(pos).copied().flatten() else {
            continue;
        };
        let lead = if i == 0 { opts.indent.0 } else { 0.0 };
        let justify = opts.align == Align::Justify && !mark.forced;
        let target = (opts.align == Align::Justify).then_some((measure, justify));
        let mut line = make_line(
            &p,
            book,
            line_glyphs(book, &p, start, &mark, continued, after_hyphen, false, &opts.language),
            lead,
            target,
            measure,
            opts.align,
        );
        // A reshaped half must not push a ragged line over the measure.
        if line.width.0 > measure + 1e-3 && (mark.hyphen || continued) {
            line = make_line(
                &p,
                book,
                line_glyphs(book, &p, start, &mark, continued, after_hyphen, true, &opts.language),
                lead,
                target,
                measure,
                opts.align,
            );
        }
        line.hyphenated = mark.hyphen;
        line.overfull = line.width.0 > measure + 1e-2;
        if opts.align != Align::Justify {
            line.ratio = 0.0;
        }
        lines.push(line);
        continued = mark.hyphen || mark.end == mark.next;
        after_hyphen = mark.hyphen || mark.joined;
        start = mark.next;
    }
    lines
}

/// Sets text on one line without breaking (band labels, figure values,
/// footers). May be wider than any measure; the caller checks `width`.
pub fn set_line(book: &FontBook, spans: &[StyledText]) -> Line {
    let spans = book.with_fallback(spans);
    let p = prepare(book, &spans, "");
    let glyphs = p.glyphs.iter().map(|g| out_of(&p, g)).collect();
    make_line(&p, book, glyphs, 0.0, None, 0.0, Align::Left)
}

/// The widest word space of a set line divided by its font's natural
/// space width: 1 at natural spacing, above 1 when justification stretched
/// the line, below when it shrank it. For quality reports; 0 for a line
/// without word spaces.
pub fn space_stretch_ratio(book: &FontBook, line: &Line) -> f32 {
    let mut widest = 0.0f32;
    for run in &line.runs {
        let style = TextStyle { face: run.face, size: run.size, color: run.color, link: None };
        let natural = measure(book, " ", &style).0;
        for g in run.glyphs.iter().filter(|g| !g.text.is_empty() && g.text.chars().all(segment::is_breaking_space)) {
            if natural > 0.0 {
                widest = widest.max(g.advance.0 / natural);
            }
        }
    }
    widest
}

/// Advance width of `text` in `style` (shaped, kerned).
pub fn measure(book: &FontBook, text: &str, style: &TextStyle) -> Pt {
    if book.is_bundled(style.face) {
        return Pt(shape::advance(&shape::shape(book, text, style, "")));
    }
    let span = [StyledText { text: text.to_string(), style: style.clone() }];
    Pt(book.with_fallback(&span).iter().map(|s| shape::advance(&shape::shape(book, &s.text, &s.style, ""))).sum())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::Color;
    use crate::text::FaceId;

    fn style(face: u16, size: f32) -> TextStyle {
        TextStyle { face: FaceId(face), size: Pt(size), color: Color::BLACK, link: None }
    }

    fn span(text: &str, face: u16) -> StyledText {
        StyledText { text: text.to_string(), style: style(face, 10.0) }
    }

    fn opts(width: f32, align: Align, hyphenate: bool) -> ParagraphOptions {
        ParagraphOptions { width: Pt(width), align, language: "en".into(), hyphenate, indent: Pt::ZERO, balance: false }
    }

    const SAMPLE: &str = "GENEVA, 12 March – António Guterres, Secretary-General of the United Nations, \
        said today that the “manifestations of humanitarian need” across the region were unprecedented, \
        calling on Member States to fund the appeal in full. Details are available at \
        https://www.un.org/sg/en/content/sg/statement/2024-03-12/secretary-generals-remarks and from \
        press@un.org. The office of the High Commissioner for Refugees (UNHCR) estimated that 1\u{a0}200\u{a0}000 \
        people had been displaced since January, of whom more than half are women and children.";

    /// Rebuilds the text from the lines' glyph texts: a space between
    /// lines broken at a space, nothing where a word was broken, and the
    /// inserted hyphens removed.
    fn rebuild(lines: &[Line], text: &str) -> String {
        let mut out = String::new();
        for line in lines {
            let mut glyphs: Vec<&PlacedGlyph> = line.runs.iter().flat_map(|r| &r.glyphs).collect();
            if line.hyphenated {
                glyphs.pop();
            }
            let piece: String = glyphs.iter().map(|g| g.text.as_str()).collect();
            if let Some(c) = text[out.len()..].chars().next().filter(|c| matches!(c, ' ' | '\u{a0}')) {
                out.push(c);
            }
            out.push_str(&piece);
        }
        out
    }

    fn check_no_spaces_at_edges(lines: &[Line]) {
        for line in lines {
            let glyphs: Vec<&PlacedGlyph> = line.runs.iter().flat_map(|r| &r.glyphs).collect();
            assert!(glyphs.first().is_none_or(|g| g.text != " "));
            assert!(glyphs.last().is_none_or(|g| g.text != " "));
        }
    }

    #[test]
    fn text_round_trips_through_lines() {
        let book = FontBook::shared();
        for align in [Align::Justify, Align::Left, Align::Center] {
            for width in [80.0, 150.0, 300.0] {
                let lines = set_paragraph(book, &[span(SAMPLE, 4)], &opts(width, align, true));
                assert_eq!(rebuild(&lines, SAMPLE), SAMPLE, "{align:?} at {width}");
                check_no_spaces_at_edges(&lines);
            }
        }
    }

    #[test]
    fn justified_lines_fill_the_measure() {
        let book = FontBook::shared();
        let width = 240.0;
        let lines = set_paragraph(book, &[span(SAMPLE, 4)], &opts(width, Align::Justify, true));
        assert!(lines.len() > 3);
        for line in &lines[..lines.len() - 1] {
            // A line made only of URL pieces has no space to stretch.
            if !line.runs.iter().flat_map(|r| &r.glyphs).any(|g| g.text == " ") {
                continue;
            }
            assert!((line.width.0 - width).abs() < 0.01, "{} {:?}", line.width.0, line.ratio);
            let end = line.runs.last().map_or(0.0, |r| r.x.0 + r.width.0);
            assert!((end - width).abs() < 0.01);
        }
        let last = &lines[lines.len() - 1];
        assert!(last.width.0 < width && last.ratio == 0.0);
        // Shaped advances of the space glyphs changed, not PDF word spacing.
        assert!(lines.iter().any(|l| l.ratio.abs() > 0.01));
    }

    #[test]
    fn hyphenation_marks_lines_and_uses_the_font_hyphen() {
        let book = FontBook::shared();
        let text = "The manifestations of extraordinary international humanitarian coordination \
            were documented comprehensively by representatives of intergovernmental organizations.";
        let lines = set_paragraph(book, &[span(text, 0)], &opts(110.0, Align::Justify, true));
        assert!(lines.iter().any(|l| l.hyphenated), "no hyphen at all");
        for l in lines.iter().filter(|l| l.hyphenated) {
            let last = l.runs.last().and_then(|r| r.glyphs.last());
            assert_eq!(last.map(|g| g.text.as_str()), Some("-"));
        }
        assert_eq!(rebuild(&lines, text), text);
    }

    #[test]
    fn hyphenated_words_extract_whole() {
        let book = FontBook::shared();
        let text = "The manifestations of extraordinary international humanitarian coordination \
            were documented comprehensively by representatives of intergovernmental organizations.";
        for width in [90.0, 110.0, 140.0, 170.0] {
            let lines = set_paragraph(book, &[span(text, 0)], &opts(width, Align::Justify, true));
            assert!(lines.iter().any(|l| l.hyphenated), "no hyphen at {width}");
            for (i, l) in lines.iter().enumerate().filter(|(_, l)| l.hyphenated) {
                let head = l.runs.last().and_then(|r| r.actual_text.as_deref());
                let word = head.filter(|w| !w.is_empty()).unwrap_or_else(|| panic!("line {i} at {width}: {head:?}"));
                assert!(text.split(' ').any(|w| w == word), "{word:?} is not a word of the text");
                let tail = lines[i + 1].runs.first().and_then(|r| r.actual_text.as_deref());
                assert_eq!(tail, Some(""), "continuation of {word}");
            }
            // Runs without replacement text hold ordinary glyphs only.
            let plain: Vec<&GlyphRun> =
                lines.iter().flat_map(|l| &l.runs).filter(|r| r.actual_text.is_none()).collect();
            assert!(plain.iter().all(|r| !r.glyphs.is_empty()));
            assert_eq!(extract_words(&lines), text.split_whitespace().collect::<Vec<_>>(), "at {width}");
        }
    }

    #[test]
    fn a_word_broken_twice_extracts_once() {
        let book = FontBook::shared();
        let text = "Die Menschenrechtsverletzungen wurden dokumentiert, sagte er.";
        let mut o = opts(62.0, Align::Justify, true);
        o.language = "de".into();
        let lines = set_paragraph(book, &[span(text, 0)], &o);
        let hyphens: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].hyphenated).collect();
        assert!(hyphens.windows(2).any(|w| w[1] == w[0] + 1), "not broken twice: {}", lines.len());
        assert_eq!(extract_words(&lines), text.split_whitespace().collect::<Vec<_>>());
    }

    #[test]
    fn space_stretch_ratio_follows_the_adjustment_ratio() {
        let book = FontBook::shared();
        let lines = set_paragraph(book, &[span(SAMPLE, 4)], &opts(240.0, Align::Justify, true));
        for l in &lines {
            let r = space_stretch_ratio(book, l);
            if !l.runs.iter().flat_map(|r| &r.glyphs).any(|g| g.text == " ") {
                assert_eq!(r, 0.0);
                continue;
            }
            let expect = if l.ratio >= 0.0 { 1.0 + l.ratio * SPACE_STRETCH } else { 1.0 + l.ratio * SPACE_SHRINK };
            assert!((r - expect).abs() < 1e-3, "{r} vs {expect} (ratio {})", l.ratio);
        }
        assert!(lines.iter().any(|l| space_stretch_ratio(book, l) > 1.01));
    }

    #[test]
    fn narrow_no_break_spaces_hold_and_never_stretch() {
        let book = FontBook::shared();
        let text = "Some 11\u{202f}000\u{202f}000 people, or 30\u{a0}% of the population, needed aid; \
            a further 1\u{202f}200\u{202f}000 people, 12\u{a0}% more, were reached by 50\u{a0}km convoys.";
        let natural = set_line(book, &[span("\u{202f}", 0)]).runs[0].glyphs[0].advance.0;
        for width in (0..30).map(|i| 90.0 + 7.0 * i as f32) {
            let lines = set_paragraph(book, &[span(text, 0)], &opts(width, Align::Justify, false));
            for l in &lines {
                let glyphs: Vec<&PlacedGlyph> = l.runs.iter().flat_map(|r| &r.glyphs).collect();
                // No line starts or ends at a no-break space's neighbours.
                let first = glyphs.first().map_or("", |g| g.text.as_str());
                let last = glyphs.last().map_or("", |g| g.text.as_str());
                assert!(!matches!(first, "0" | "%" | "k" | "\u{202f}" | "\u{a0}"), "{width}: starts with {first:?}");
                assert!(!matches!(last, "\u{202f}" | "\u{a0}"), "{width}: ends with {last:?}");
                for g in glyphs.iter().filter(|g| g.text == "\u{202f}") {
                    assert!((g.advance.0 - natural).abs() < 1e-4, "{width}: stretched to {}", g.advance.0);
                }
            }
            assert_eq!(rebuild(&lines, text), text);
        }
    }

    /// The words a reader extracts: replacement texts where runs have
    /// them, glyph texts otherwise, split at spaces and line ends.
    fn extract_words(lines: &[Line]) -> Vec<String> {
        let text: Vec<String> = lines
            .iter()
            .map(|l| {
                l.runs
                    .iter()
                    .map(|r| match &r.actual_text {
                        Some(t) => t.clone(),
                        None => r.glyphs.iter().map(|g| g.text.as_str()).collect(),
                    })
                    .collect()
            })
            .collect();
        text.join("\n").split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn no_line_exceeds_the_measure() {
        let book = FontBook::shared();
        let url = format!("https://www.un.org/{}", "abcdefghij/".repeat(18));
        let text =
            format!("{SAMPLE} See {url} for the full list of {} contributions.", "voluntary ".repeat(5).trim_end());
        let mut seed = 99u32;
        for _ in 0..40 {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            let width = 30.0 + (seed >> 16) as f32 / 65536.0 * 470.0;
            for align in [Align::Justify, Align::Left, Align::Right] {
                let mut o = opts(width, align, true);
                o.balance = align == Align::Right;
                let lines = set_paragraph(book, &[span(&text, 0)], &o);
                for l in &lines {
                    let right = l.runs.last().map_or(0.0, |r| r.x.0 + r.width.0);
                    let t: String = l.runs.iter().flat_map(|r| &r.glyphs).map(|g| g.text.as_str()).collect();
                    assert!(
                        l.width.0 <= width + 0.01 && right <= width + 0.01,
                        "{align:?} {width}: {} {} {t}",
                        l.width.0,
                        l.ratio
                    );
                    assert!(!l.overfull);
                }
                assert_eq!(rebuild(&lines, &text), text, "{align:?} {width}");
            }
        }
    }

    #[test]
    fn runs_split_at_style_changes_and_metrics_follow() {
        let book = FontBook::shared();
        let mut link = span("un.org", 0);
        link.style.link = Some("https://un.org".into());
        let spans = [span("Read ", 0), span("more", 1), span(" at ", 0), link];
        let line = set_line(book, &spans);
        assert_eq!(line.runs.len(), 4);
        assert!(line.runs.windows(2).all(|w| (w[0].x.0 + w[0].width.0 - w[1].x.0).abs() < 1e-3));
        assert_eq!(line.runs[3].link.as_deref(), Some("https://un.org"));
        let f = book.face(FaceId(0));
        assert!((line.ascent.0 - f.ascender * 10.0).abs() < 1e-4);
        assert!((line.width.0 - measure(book, "Read more at un.org", &style(0, 10.0)).0).abs() < 2.0);
    }

    #[test]
    fn alignment_offsets_and_indent() {
        let book = FontBook::shared();
        let text = "Peace and security";
        for (align, expect) in [(Align::Right, 1.0), (Align::Center, 0.5)] {
            let lines = set_paragraph(book, &[span(text, 0)], &opts(300.0, align, false));
            assert_eq!(lines.len(), 1);
            let x = lines[0].runs[0].x.0;
            assert!((x - (300.0 - lines[0].width.0) * expect).abs() < 1e-3);
        }
        let mut o = opts(300.0, Align::Left, false);
        o.indent = Pt(12.0);
        let lines = set_paragraph(book, &[span(text, 0)], &o);
        assert!((lines[0].runs[0].x.0 - 12.0).abs() < 1e-4);
    }

    #[test]
    fn balance_spreads_a_title() {
        let book = FontBook::shared();
        let title = "Security Council extends mandate of United Nations mission in South Sudan for one year";
        let mut o = opts(330.0, Align::Left, false);
        let plain = set_paragraph(book, &[span(title, 1)], &o);
        o.balance = true;
        let balanced = set_paragraph(book, &[span(title, 1)], &o);
        assert_eq!(plain.len(), balanced.len());
        assert!(balanced.len() >= 2);
        let spread = |ls: &[Line]| {
            let w: Vec<f32> = ls.iter().map(|l| l.width.0).collect();
            w.iter().cloned().fold(0.0, f32::max) - w.iter().cloned().fold(f32::MAX, f32::min)
        };
        assert!(spread(&balanced) < spread(&plain));
        let last: String =
            balanced[balanced.len() - 1].runs.iter().flat_map(|r| &r.glyphs).map(|g| g.text.as_str()).collect();
        assert!(last.contains(' '), "lone last word: {last}");
    }

    #[test]
    fn empty_input_gives_no_lines() {
        let book = FontBook::shared();
        assert!(set_paragraph(book, &[], &opts(100.0, Align::Justify, true)).is_empty());
        assert!(set_paragraph(book, &[span("", 0)], &opts(100.0, Align::Left, true)).is_empty());
    }

    #[test]
    #[ignore = "timing, run by hand"]
    fn timing_two_thousand_words() {
        let book = FontBook::shared();
        let words: Vec<&str> = SAMPLE.split(' ').collect();
        let text: String = (0..2000).map(|i| words[i % words.len()]).collect::<Vec<_>>().join(" ");
        let t = std::time::Instant::now();
        let lines = set_paragraph(book, &[span(&text, 4)], &opts(300.0, Align::Justify, true));
        eprintln!("2000 words, {} lines: {:?}", lines.len(), t.elapsed());
        let t = std::time::Instant::now();
        let paras: usize = text
            .split(". ")
            .map(|p| set_paragraph(book, &[span(p, 4)], &opts(300.0, Align::Justify, true)).len())
            .sum();
        eprintln!("same text as {} sentences-paragraphs, {paras} lines: {:?}", text.split(". ").count(), t.elapsed());
    }
}
