//! Paragraph setting: styled spans become [`Line`]s of glyph runs.
//!
//! The steps, in the order of [`set_paragraph`]: *prepare* (each character
//! in the face that draws it, the bidirectional levels of UAX #9, each
//! span shaped once per direction, full-width punctuation closed up in
//! pairs, clusters mapped to byte offsets), *items* (break opportunities
//! from [`segment`](super::segment) become Knuth–Plass boxes, glue and
//! penalties over the shaped widths; the places between Chinese characters
//! become glue, and the best join of each Arabic word in a justified
//! right-to-left paragraph a kashida's stretch), *break* (the pure breakers
//! in [`linebreak`](super::linebreak)), *finalize* (cut the glyphs at the
//! breaks, reshape hyphenated halves, justify with kashidas first and word
//! spaces after, reorder each line for display by UAX #9, align, group
//! into runs).
//!
//! Lines break on the logical text and are reordered afterwards, so that a
//! right-to-left paragraph's lines follow each other as its readers read
//! them, and Latin words, numbers and addresses inside it keep their own
//! order.

use std::sync::Arc;

use unicode_bidi::{BidiClass, BidiInfo, Level, bidi_class};

use super::font::FontBook;
use super::kashida;
use super::linebreak::{self, INFINITE, Item, KpParams};
use super::run::{GlyphRun, Kashida, Line, PlacedGlyph, Reading, StyledText, TextStyle};
use super::segment::{self, BreakKind};
use super::shape::{self, ShapedGlyph};
use crate::geom::Pt;

/// Horizontal alignment of a paragraph's lines, relative to its direction:
/// the start is the left edge of a left-to-right paragraph and the right
/// edge of a right-to-left one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Lines start at the start edge, ragged at the end.
    Start,
    /// Lines end at the end edge, ragged at the start.
    End,
    /// Centred lines.
    Center,
    /// Both edges straight; the last line is set at the start at natural
    /// width.
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
    /// The paragraph's direction is right to left (Arabic, Hebrew): its
    /// lines start at the right, and a justified one stretches its Arabic
    /// words with kashidas before its spaces.
    pub rtl: bool,
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
/// Stretch of the place between two Chinese characters, in em: a line of
/// forty characters spreads a missing em over its gaps at a fifth of this.
const CJK_STRETCH: f32 = 0.2;
/// The space between Han and a Latin letter or digit, with its stretch and
/// shrink, in em. CLREQ allows a quarter em, but every text extraction
/// (poppler and pdf.js at a tenth of an em, MuPDF and PDFium a little
/// above) reads a gap that wide as a word space the text does not hold:
/// `147 个会员国` for `147个会员国`, `2021 年 6 月` for `2021年6月`. A
/// twelfth of an em, at most a little more when a line stretches, still
/// sets the Latin apart and copies, searches and reads as written.
const HAN_LATIN: f32 = 0.08;
const HAN_LATIN_STRETCH: f32 = 0.01;
const HAN_LATIN_SHRINK: f32 = 0.03;
/// The most a kashida lengthens one join, in em. Text extraction takes a
/// gap of a tenth of an em between two glyphs for a word space (poppler's
/// threshold is exactly that), and a kashida is drawn, not written: a
/// longer one would split its word for every reader that copies or
/// searches it. A word takes more length at more joins instead.
const KASHIDA_MAX: f32 = 0.09;
/// The most joins of one word a line lengthens: its best place first,
/// then, when every word's best place is as long as it may be, its second,
/// and its third.
const KASHIDA_PLACES: usize = 3;

/// A glyph of the prepared paragraph: shaped glyph plus the span it belongs
/// to, with cluster offsets in the paragraph's text.
#[derive(Debug, Clone)]
struct Glyph {
    span: usize,
    g: ShapedGlyph,
    /// Stretch and shrink if this is a justifiable space glyph, or the glyph
    /// before a place between Chinese characters.
    stretch: f32,
    shrink: f32,
    /// Space after the glyph that a line ending after it drops: the thin
    /// space between Han and Latin, and the blank half of a full-width
    /// punctuation mark (which a line's end closes up).
    gap: f32,
    /// How far justification may lengthen the join before this glyph with
    /// a kashida (0 for none).
    kashida: f32,
    /// The place's rank in its word: 0 for the word's best place.
    rank: u8,
    /// The UAX #9 embedding level: odd is right to left.
    level: u8,
}

/// The paragraph after shaping.
struct Prepared<'a> {
    text: String,
    spans: &'a [StyledText],
    /// Byte offset of each span in `text`.
    starts: Vec<usize>,
    glyphs: Vec<Glyph>,
    /// Whether any glyph is right to left (the lines need reordering).
    bidi: bool,
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

/// Whether `c` is of a right-to-left class (or an explicit control that
/// may make text right to left): text without any is all left to right and
/// skips the bidirectional algorithm.
fn may_be_rtl(c: char) -> bool {
    (c >= '\u{590}'
        && matches!(bidi_class(c), BidiClass::R | BidiClass::AL | BidiClass::RLE | BidiClass::RLO | BidiClass::RLI))
        || c == '\u{200F}'
}

/// The direction of a text by its first strong character (UAX #9, P2–P3):
/// right to left if that is Arabic or Hebrew.
pub fn starts_rtl(text: &str) -> bool {
    text.chars()
        .filter(|&c| !c.is_ascii() || c.is_ascii_alphabetic())
        .map(bidi_class)
        .find(|c| matches!(c, BidiClass::L | BidiClass::R | BidiClass::AL))
        .is_some_and(|c| c != BidiClass::L)
}

/// The UAX #9 level of every byte of `text`, in a paragraph of the given
/// direction. Web and e-mail addresses, handles and hashtags are isolated
/// left to right (as if between LRI and PDI), so that their punctuation
/// stays in place: "@UN_OCT" in an Arabic line does not become "UN_OCT@".
fn bidi_levels(text: &str, rtl: bool) -> Vec<Level> {
    let base = if rtl { Level::rtl() } else { Level::ltr() };
    let isolated = ltr_tokens(text);
    if isolated.is_empty() {
        return BidiInfo::new(text, Some(base)).levels;
    }
    // The text with the isolates, and where each byte of `text` went.
    let mut marked = String::with_capacity(text.len() + 6 * isolated.len());
    let mut at = Vec::with_capacity(text.len());
    let mut last = 0;
    let copy = |marked: &mut String, at: &mut Vec<usize>, a: usize, b: usize| {
        at.extend((0..b - a).map(|k| marked.len() + k));
        marked.push_str(&text[a..b]);
    };
    for &(a, b) in &isolated {
        copy(&mut marked, &mut at, last, a);
        marked.push('\u{2066}');
        copy(&mut marked, &mut at, a, b);
        marked.push('\u{2069}');
        last = b;
    }
    copy(&mut marked, &mut at, last, text.len());
    let levels = BidiInfo::new(&marked, Some(base)).levels;
    at.into_iter().map(|k| levels[k]).collect()
}

/// The byte ranges of the addresses, handles and hashtags of a text
/// (space-separated tokens, without the punctuation around them).
fn ltr_tokens(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for token in text.split(char::is_whitespace) {
        let a = start;
        start += token.len() + text[start + token.len()..].chars().next().map_or(0, char::len_utf8);
        let lead = token.len() - token.trim_start_matches(['(', '«', '“', '[']).len();
        let core = token[lead..].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '»', '”', ']', '،', '؛', '؟']);
        let ascii_word = core.chars().any(|c| c.is_ascii_alphabetic());
        let address = core.contains("://") || core.starts_with("www.") || (core.contains('@') && core.contains('.'));
        let handle = core.starts_with(['@', '#']) && core.len() > 1;
        if ascii_word && (address || handle) {
            out.push((a + lead, a + lead + core.len()));
        }
    }
    out
}

/// Step 1: concatenate and shape each span once, in pieces of one
/// direction when the text is bidirectional.
fn prepare<'a>(book: &FontBook, spans: &'a [StyledText], language: &str, rtl: bool) -> Prepared<'a> {
    let mut text = String::new();
    let mut starts = Vec::with_capacity(spans.len());
    for span in spans {
        starts.push(text.len());
        text.push_str(&span.text);
    }
    // The embedding level of every byte, when any character may be right
    // to left (left-to-right text skips the algorithm and keeps the
    // shaper's guess of its direction).
    let levels: Option<Vec<Level>> = (rtl || text.chars().any(may_be_rtl)).then(|| bidi_levels(&text, rtl));
    // About a glyph per character.
    let mut glyphs = Vec::with_capacity(spans.iter().map(|s| s.text.chars().count()).sum());
    for (i, span) in spans.iter().enumerate() {
        let base = starts[i];
        // Pieces of one level.
        let mut pieces: Vec<(usize, usize, u8)> = Vec::new();
        match &levels {
            None => pieces.push((0, span.text.len(), 0)),
            Some(levels) => {
                for (k, _) in span.text.char_indices() {
                    let level = levels[base + k].number();
                    match pieces.last_mut() {
                        Some(last) if last.2 == level => last.1 = k,
                        _ => pieces.push((k, k, level)),
                    }
                }
                let mut ends: Vec<usize> = pieces.iter().skip(1).map(|p| p.0).collect();
                ends.push(span.text.len());
                for (piece, end) in pieces.iter_mut().zip(ends) {
                    piece.1 = end;
                }
            }
        }
        for (a, b, level) in pieces {
            let direction = levels.as_ref().map(|_| level % 2 == 1);
            for mut g in shape::shape_directed(book, &span.text[a..b], &span.style, language, direction) {
                g.cluster += base + a;
                g.text_start += base + a;
                g.text_end += base + a;
                glyphs.push(Glyph { span: i, g, stretch: 0.0, shrink: 0.0, gap: 0.0, kashida: 0.0, rank: 0, level });
            }
        }
    }
    let mut p = Prepared { text, spans, starts, glyphs, bidi: levels.is_some() };
    close_up_punctuation(book, &mut p);
    p
}

/// Full-width punctuation mark that closes what it punctuates: its ink
/// sits in the first half of its em, which Chinese typesetting closes up
/// before another mark and at the end of a line.
fn is_closing_mark(c: char) -> bool {
    matches!(c, '，' | '。' | '、' | '；' | '：' | '）' | '」' | '』' | '》' | '〉' | '】' | '〕' | '”' | '’')
}

/// Full-width opening punctuation: its ink sits in the second half.
fn is_opening_mark(c: char) -> bool {
    matches!(c, '（' | '「' | '『' | '《' | '〈' | '【' | '〔' | '“' | '‘')
}

/// Two full-width punctuation marks in a row take an em and a half, not
/// two (CLREQ 3.2): a closing mark before another mark, or an opening
/// mark after another opening mark, is set at half width by the face's
/// own metrics. Only glyphs of faces that have such metrics change.
fn close_up_punctuation(book: &FontBook, p: &mut Prepared) {
    if p.text.is_ascii() {
        return;
    }
    let char_of = |p: &Prepared, i: usize| -> Option<char> {
        let g = &p.glyphs[i].g;
        let mut cs = p.text[g.cluster..g.text_end].chars();
        cs.next().filter(|_| cs.next().is_none())
    };
    for i in 0..p.glyphs.len().saturating_sub(1) {
        let (Some(a), Some(b)) = (char_of(p, i), char_of(p, i + 1)) else { continue };
        let punct = |c: char| is_closing_mark(c) || is_opening_mark(c);
        let target = if is_closing_mark(a) && punct(b) {
            i
        } else if is_opening_mark(a) && is_opening_mark(b) {
            i + 1
        } else {
            continue;
        };
        let c = if target == i { a } else { b };
        let style = &p.spans[p.glyphs[target].span].style;
        if let Some((advance, offset)) = shape::half_width(book, style, c) {
            let g = &mut p.glyphs[target].g;
            g.advance = advance;
            g.x_offset = offset;
        }
    }
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
    gaps(book, p, &points);
    let kashidas = if opts.rtl && opts.align == Align::Justify { kashida_places(book, p) } else { Vec::new() };
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
    let real = points.iter().filter(|pt| !matches!(pt.kind, BreakKind::Tie | BreakKind::Gap { breakable: false, .. }));
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
    // costly breaks when in a wide stretch (emergency breaks), or at the
    // kashidas inside it with their unbreakable stretch.
    let push_box = |p: &Prepared, items: &mut Vec<Item>, marks: &mut Vec<Option<Mark>>, a: usize, b: usize| {
        if a >= b {
            return;
        }
        if !wide[a] {
            let mut from = a;
            let first = kashidas.partition_point(|&k| k <= a);
            for &k in kashidas[first..].iter().take_while(|&&k| k < b) {
                items.push(Item::Box { width: p.width(from, k) });
                marks.push(None);
                items.push(Item::Penalty { width: 0.0, cost: INFINITE, flagged: false });
                marks.push(None);
                items.push(Item::Glue { width: 0.0, stretch: p.glyphs[k].kashida, shrink: 0.0 });
                marks.push(None);
                from = k;
            }
            items.push(Item::Box { width: p.width(from, b) });
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
            BreakKind::Gap { breakable, .. } => {
                let g = &p.glyphs[gs - 1];
                if !breakable {
                    items.push(Item::Penalty { width: 0.0, cost: INFINITE, flagged: false });
                    marks.push(None);
                }
                items.push(Item::Glue { width: g.gap, stretch: g.stretch, shrink: g.shrink });
                marks.push(breakable.then_some(mark));
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

/// Gives the glyph before each place between Chinese characters its
/// justification stretch and droppable space: a thin space before Latin,
/// and the blank half of a closing punctuation mark, which a line ending
/// there closes up (the mark's ink then ends at the margin, CLREQ 3.1.6).
fn gaps(book: &FontBook, p: &mut Prepared, points: &[segment::BreakPoint]) {
    for pt in points {
        let BreakKind::Gap { thin, .. } = pt.kind else { continue };
        let Some(k) = p.glyph_at(pt.pos).filter(|&k| k > 0) else { continue };
        let i = k - 1;
        let style = &p.spans[p.glyphs[i].span].style;
        let em = style.size.0;
        let g = &p.glyphs[i].g;
        let before: Option<char> = p.text[g.cluster..g.text_end].chars().next();
        let mut gap = 0.0;
        let mut shrink = 0.0;
        if let Some(c) = before.filter(|&c| is_closing_mark(c)) {
            // Not already closed up before another mark.
            if let Some((half, _)) = shape::half_width(book, style, c).filter(|&(half, _)| half < g.advance - 0.01) {
                gap = g.advance - half;
                shrink = gap;
                p.glyphs[i].g.advance = half;
            }
        }
        let glyph = &mut p.glyphs[i];
        if thin {
            glyph.gap = gap + HAN_LATIN * em;
            glyph.stretch = HAN_LATIN_STRETCH * em;
            glyph.shrink = shrink + HAN_LATIN_SHRINK * em;
        } else {
            glyph.gap = gap;
            glyph.stretch = CJK_STRETCH * em;
            glyph.shrink = shrink;
        }
    }
}

/// The glyph before which each Arabic word of the paragraph may be
/// lengthened with a kashida (see [`kashida`]), in increasing order, each
/// glyph given its stretch: one place per word, between two glyphs of a
/// face whose tatweel can be drawn at any length, in a right-to-left run.
fn kashida_places(book: &FontBook, p: &mut Prepared) -> Vec<usize> {
    let mut out = Vec::new();
    if !p.bidi {
        return out;
    }
    let mut i = 0;
    while i < p.glyphs.len() {
        // A word: glyphs of one span and level, up to a space.
        let (span, level) = (p.glyphs[i].span, p.glyphs[i].level);
        let mut j = i;
        while j < p.glyphs.len() && p.glyphs[j].span == span && p.glyphs[j].level == level && !p.is_space(j) {
            j += 1;
        }
        let style = &p.spans[span].style;
        if j > i + 1 && level % 2 == 1 && book.face(style.face).kashida.is_some() {
            let (a, b) = (p.glyphs[i].g.cluster, p.byte_of(j));
            let word = &p.text[a..b];
            let places = kashida::places(word);
            // A usable place starts a glyph, which the glyph before it
            // does not continue (a ligature, or marks of the letter before).
            // A usable place starts a glyph of its own, with an advance: not
            // a mark, nor the second part of a ligature drawn as two glyphs
            // (Naskh's lam-alef with hamza).
            let usable = |at: usize| {
                p.glyph_at(a + at).is_some_and(|k| {
                    let g = &p.glyphs[k].g;
                    k > i && g.text_end > g.cluster && g.advance > 0.0 && p.glyphs[k - 1].g.advance > 0.0
                })
            };
            let cap = KASHIDA_MAX * style.size.0;
            for (rank, at) in kashida::ranked(&places, usable, KASHIDA_PLACES).into_iter().enumerate() {
                if let Some(k) = p.glyph_at(a + at) {
                    p.glyphs[k].kashida = cap;
                    p.glyphs[k].rank = rank as u8;
                    out.push(k);
                }
            }
        }
        i = j.max(i + 1);
    }
    out.sort_unstable();
    out
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
    /// Droppable space after the glyph (see [`Glyph::gap`]).
    gap: f32,
    /// Kashida stretch before the glyph, then its length once justified.
    kashida: f32,
    /// The kashida place's rank in its word.
    rank: u8,
    /// Text without ink (see [`GlyphRun::invisible`]).
    invisible: bool,
    /// Embedding level.
    level: u8,
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
        text: p.text[g.g.text_start..g.g.text_end].to_string(),
        stretch: g.stretch,
        shrink: g.shrink,
        gap: g.gap,
        kashida: g.kashida,
        rank: g.rank,
        invisible: false,
        level: g.level,
        actual: None,
    }
}

/// Shapes `text` in the style of span `span` as output glyphs.
fn reshape(book: &FontBook, p: &Prepared, span: usize, text: &str, language: &str, level: u8) -> Vec<Out> {
    shape::shape(book, text, &p.spans[span].style, language)
        .into_iter()
        .map(|g| Out {
            span,
            id: g.id,
            advance: g.advance,
            x_offset: g.x_offset,
            y_offset: g.y_offset,
            text: text[g.text_start..g.text_end].to_string(),
            stretch: 0.0,
            shrink: 0.0,
            gap: 0.0,
            kashida: 0.0,
            rank: 0,
            invisible: false,
            level,
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
///
/// The space the line ends at comes back apart, to be drawn without width
/// at the line's end: readers that take a structure element's text from
/// its glyphs alone (poppler's structure reader, screen readers) would
/// otherwise join the last word of a line to the first of the next.
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
) -> (Vec<Out>, Option<Out>) {
    let mut b = mark.end;
    let mut a = a;
    while a < b && p.is_space(a) {
        a += 1;
    }
    while b > a && p.is_space(b - 1) {
        b -= 1;
    }
    if a >= b {
        return (Vec::new(), None);
    }
    // A no-break space, where an emergency break had to use one, too.
    let dropped = |i: usize| {
        let g = &p.glyphs[i].g;
        g.text_end > g.cluster && p.text[g.cluster..g.text_end].chars().all(char::is_whitespace)
    };
    let space = (b < mark.next && mark.next < p.glyphs.len() && dropped(b)).then(|| out_of(p, &p.glyphs[b]));
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
            out.extend(reshape(book, p, span, text, language, p.glyphs[a].level));
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
        let level = p.glyphs[b - 1].level;
        if mark.hyphen && fallback {
            out.extend(reshape(book, p, span, "-", language, level));
        } else if mark.hyphen {
            let text = format!("{}-", &p.text[p.byte_of(ws)..mark.byte]);
            out.extend(reshape(book, p, span, &text, language, level));
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
    (out, space)
}

/// Gives glyphs a replacement text for extraction.
fn tag(glyphs: &mut [Out], text: &str) {
    for g in glyphs {
        g.actual = Some(text.to_string());
    }
}

/// Step 4: positions, justification, reordering, alignment and runs of
/// one line. `target` is the width to justify to, and whether stretching is
/// allowed (the last line of a justified paragraph may only shrink).
#[allow(clippy::too_many_arguments)]
fn make_line(
    p: &Prepared,
    book: &FontBook,
    (mut glyphs, space): (Vec<Out>, Option<Out>),
    lead: f32,
    target: Option<(f32, bool)>,
    opts_width: f32,
    align: Align,
    rtl: bool,
) -> Line {
    // The space a line end drops, and the stretch of the last glyph's gap.
    if let Some(last) = glyphs.last_mut() {
        last.gap = 0.0;
        if !last.text.chars().all(segment::is_breaking_space) {
            last.stretch = 0.0;
            last.shrink = 0.0;
        }
    }
    for g in &mut glyphs {
        g.advance += g.gap;
    }
    let natural: f32 = lead + glyphs.iter().map(|g| g.advance).sum::<f32>();
    // Justify: kashidas first, up to their length, then the rest over the
    // spaces' stretch (or the shrink of spaces and gaps).
    let mut ratio = 0.0;
    let lengthen: f32 = glyphs.iter().map(|g| g.kashida).sum();
    let mut kashidas = false;
    if let Some((target, may_stretch)) = target {
        let mut diff = if may_stretch { target - natural } else { (target - natural).min(0.0) };
        let flex: f32 = glyphs.iter().map(|g| if diff >= 0.0 { g.stretch } else { g.shrink }).sum();
        if diff > 1e-4 && lengthen > 0.0 {
            // Every word's best join first, as far as it goes, then the
            // second places, then the third.
            ratio = diff / (lengthen + flex);
            let mut left = diff;
            for rank in 0..KASHIDA_PLACES as u8 {
                let room: f32 = glyphs.iter().filter(|g| g.rank == rank).map(|g| g.kashida).sum();
                let share = if room > 0.0 { (left / room).min(1.0) } else { 0.0 };
                for g in glyphs.iter_mut().filter(|g| g.rank == rank) {
                    g.kashida *= share;
                }
                left -= room * share;
            }
            kashidas = true;
            diff = left;
        }
        if flex > 0.0 && diff.abs() > 1e-4 {
            let r = (diff / flex).max(-2.5);
            if !kashidas {
                ratio = r;
            }
            for g in &mut glyphs {
                g.advance += r * if diff >= 0.0 { g.stretch } else { g.shrink };
            }
        }
    }
    if !kashidas {
        for g in &mut glyphs {
            g.kashida = 0.0;
        }
    }
    let width: f32 = lead + glyphs.iter().map(|g| g.advance + g.kashida).sum::<f32>();
    // The space the line broke at, at the end in reading order, without
    // width and at the paragraph's level.
    if let Some(space) = space {
        glyphs.push(Out {
            advance: 0.0,
            stretch: 0.0,
            shrink: 0.0,
            gap: 0.0,
            kashida: 0.0,
            level: u8::from(rtl),
            ..space
        });
    }
    // The line in reading order, for extraction, when it is right to left
    // and mixes faces: a stretch in the Latin face (a number, a Latin
    // name, an address) is one no reader puts back in order from the page
    // (see `read_as_line`).
    let face = |g: &Out| p.spans[g.span].style.face;
    let faces = glyphs.first().map(face).is_some_and(|first| glyphs.iter().any(|g| face(g) != first));
    let logical: Option<String> = (rtl && p.bidi && faces)
        .then(|| glyphs.iter().map(|g| g.text.as_str()).collect::<String>().trim_end().to_string());
    // Reorder for display (UAX #9, L2): from the highest level down to the
    // lowest odd one, reverse every run of glyphs at that level or higher.
    if p.bidi {
        let highest = glyphs.iter().map(|g| g.level).max().unwrap_or(0);
        let lowest_odd = glyphs.iter().map(|g| g.level).filter(|l| l % 2 == 1).min();
        if let Some(lowest_odd) = lowest_odd {
            for level in (lowest_odd..=highest).rev() {
                let mut k = 0;
                while k < glyphs.len() {
                    if glyphs[k].level < level {
                        k += 1;
                        continue;
                    }
                    let end = glyphs[k..].iter().position(|g| g.level < level).map_or(glyphs.len(), |e| k + e);
                    glyphs[k..end].reverse();
                    k = end;
                }
            }
        }
    }
    // A stretch without Arabic letters in a right-to-left line (a number,
    // a Latin name, an address, punctuation) is closed by an invisible
    // right-to-left mark where it ends in the text, at its left.
    if rtl && p.bidi {
        mark_ltr_ends(p, book, &mut glyphs);
    }
    // The start edge is the right one in a right-to-left paragraph.
    let room = (opts_width - width).max(0.0);
    let shift = match (align, rtl) {
        (Align::Center, _) => room / 2.0,
        (Align::End, false) | (Align::Start | Align::Justify, true) => room,
        (Align::Start | Align::Justify, false) | (Align::End, true) => 0.0,
    };
    // Runs: split wherever the style changes.
    let mut runs: Vec<GlyphRun> = Vec::new();
    let mut x = if rtl { shift } else { lead + shift };
    let mut current: Option<usize> = None;
    let count = glyphs.len();
    for (k, g) in glyphs.into_iter().enumerate() {
        let style: &TextStyle = &p.spans[g.span].style;
        // A character no face has draws its face's missing glyph: it
        // extracts as itself, not as whatever the box first stood for.
        let missing = g.id == 0 && !g.text.is_empty() && g.actual.is_none();
        let actual = if missing { Some(g.text.clone()) } else { g.actual };
        let same = current.is_some_and(|s| p.spans[s].style == *style)
            && runs
                .last()
                .is_some_and(|r| r.actual_text == actual && r.invisible == g.invisible && r.rtl == (g.level % 2 == 1))
            && !missing;
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
                actual_text: actual,
                rtl: g.level % 2 == 1,
                invisible: g.invisible,
                kashidas: Vec::new(),
                reading: Reading::Glyphs,
            });
            current = Some(g.span);
        }
        if let Some(run) = runs.last_mut() {
            run.glyphs.push(PlacedGlyph {
                id: g.id,
                x: run.width + Pt(g.x_offset),
                y_offset: Pt(g.y_offset),
                advance: Pt(g.advance + g.kashida),
                text: g.text,
            });
            run.width += Pt(g.advance);
            if g.kashida > 0.01 {
                // The lengthened join is on the glyph's right: the letter
                // before it in the text, right to left, is drawn there.
                if let Some(stroke) = book.face(style.face).kashida {
                    let size = style.size.0;
                    run.kashidas.push(Kashida {
                        x: run.width - Pt(stroke.left * size),
                        width: Pt(g.kashida + (stroke.left + stroke.right) * size),
                        bottom: Pt(stroke.bottom * size),
                        top: Pt(stroke.top * size),
                    });
                }
                run.width += Pt(g.kashida);
            }
        }
        x += g.advance + g.kashida;
    }
    if let Some(text) = logical {
        read_as_line(&mut runs, text);
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

/// Gives the runs of a right-to-left line of more than one face, whose
/// text in reading order is `text`, their [`Reading`] when it has a
/// stretch without right-to-left letters (an invisible mark closes it):
/// its first mark then stands for the whole line, and the other runs for
/// nothing.
///
/// Measured with the readers test (`docs/readers.md`): MuPDF reads such
/// lines right only so. A line of one face is left alone (the caller gives
/// no `text`): pdf.js, which reads it right as one piece, cuts its text at
/// every marked-content boundary, and the hidden runs need one each;
/// PDFium and poppler read the glyphs either way. A run with its own text
/// for extraction (a hyphenated word) keeps the line as it is, lest a
/// reader read it twice.
fn read_as_line(runs: &mut [GlyphRun], text: String) {
    let Some(carrier) = runs.iter().position(|r| r.invisible) else { return };
    if runs.iter().any(|r| r.actual_text.is_some()) {
        return;
    }
    for r in runs.iter_mut() {
        r.reading = Reading::Hidden;
    }
    runs[carrier].reading = Reading::Line(Arc::from(text));
}

/// Puts a right-to-left mark (U+200F, drawn as the zero-width glyph a
/// face has for it) between every space of a visually ordered
/// right-to-left line, or its left end, and a stretch at its right without
/// right-to-left letters (a number, a Latin word, punctuation): the end of
/// the stretch in reading order. Text extraction that puts the line back in reading
/// order (poppler) otherwise takes the space for part of the stretch and
/// joins the words on either side.
fn mark_ltr_ends(p: &Prepared, book: &FontBook, glyphs: &mut Vec<Out>) {
    let space = |g: &Out| !g.text.is_empty() && g.text.chars().all(segment::is_breaking_space);
    let rtl = |g: &Out| g.text.chars().any(|c| matches!(bidi_class(c), BidiClass::R | BidiClass::AL));
    let mut k = 0;
    while k < glyphs.len() {
        let here = &glyphs[k];
        // `here` starts, at a space or at the line's left end, a stretch
        // without right-to-left letters: a number, a Latin word, or
        // punctuation, which such readers count as left to right.
        let before = if k == 0 { None } else { Some(&glyphs[k - 1]) };
        if before.is_none_or(space) && !space(here) && !here.text.is_empty() && !rtl(here) {
            let span = before.unwrap_or(here).span;
            let face = book.face(p.spans[span].style.face);
            let naskh = book.face(super::run::FaceId(8));
            let id = mark_glyph(&face.metrics).map(|id| (span, id)).or_else(|| {
                // The space's face has no glyph for the mark: the Arabic
                // face of the line has.
                let arabic =
                    glyphs.iter().find(|g| p.spans[g.span].style.face.0 == 8 || p.spans[g.span].style.face.0 == 9)?;
                mark_glyph(&naskh.metrics).map(|id| (arabic.span, id))
            });
            if let Some((span, id)) = id {
                let mark = Out {
                    span,
                    id: id.0,
                    advance: 0.0,
                    x_offset: 0.0,
                    y_offset: 0.0,
                    text: "\u{200F}".to_string(),
                    stretch: 0.0,
                    shrink: 0.0,
                    gap: 0.0,
                    kashida: 0.0,
                    rank: 0,
                    invisible: true,
                    level: before.unwrap_or(here).level | 1,
                    actual: None,
                };
                glyphs.insert(k, mark);
                k += 1;
            }
        }
        k += 1;
    }
}

/// The glyph a right-to-left mark is drawn with: one without ink or
/// advance (the zero width space's, in the bundled faces), so that PDFium,
/// which leaves out text that covers no area, does not return the mark,
/// while poppler, which needs it, does; else the face's own glyph for the
/// mark (drawn invisibly, as every mark is).
fn mark_glyph(face: &ttf_parser::Face) -> Option<ttf_parser::GlyphId> {
    face.glyph_index('\u{200B}')
        .filter(|&id| face.glyph_bounding_box(id).is_none() && face.glyph_hor_advance(id) == Some(0))
        .or_else(|| face.glyph_index('\u{200F}'))
}

/// Sets a paragraph: shapes, finds breaks, justifies. Never returns a line
/// wider than `width` unless a single glyph cluster is wider (then the
/// line is marked `overfull`). Empty input gives no lines.
pub fn set_paragraph(book: &FontBook, spans: &[StyledText], opts: &ParagraphOptions) -> Vec<Line> {
    let spans = book.with_fallback(spans);
    let mut p = prepare(book, &spans, &opts.language, opts.rtl);
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
            opts.rtl,
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
                opts.rtl,
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
/// footers), in the direction of its first strong character. May be wider
/// than any measure; the caller checks `width`.
pub fn set_line(book: &FontBook, spans: &[StyledText]) -> Line {
    let rtl = spans.iter().find(|s| s.text.chars().any(|c| c.is_alphabetic())).is_some_and(|s| starts_rtl(&s.text));
    set_line_in(book, spans, rtl)
}

/// [`set_line`] in a given direction: a list's number "1." set right to
/// left reads as in Arabic, ".1".
pub fn set_line_in(book: &FontBook, spans: &[StyledText], rtl: bool) -> Line {
    let spans = book.with_fallback(spans);
    let mut p = prepare(book, &spans, "", rtl);
    if !p.text.is_ascii() && p.text.chars().any(segment::is_cjk) {
        let points = segment::break_points(&p.text, "", false);
        gaps(book, &mut p, &points);
    }
    let glyphs: Vec<Out> = p.glyphs.iter().map(|g| out_of(&p, g)).collect();
    make_line(&p, book, (glyphs, None), 0.0, None, 0.0, Align::Start, rtl)
}

/// Ends `line` with a space drawn without width, at its end in reading
/// order (the left in a right-to-left line): where the next text of the
/// same structure element is set apart rather than after a space (a
/// figure's value, then its label), readers that take the element's text
/// from its glyphs would otherwise join the two words. Nothing when the
/// line is empty, already ends with a space, or its face has no space.
pub fn end_with_space(book: &FontBook, line: &mut Line, rtl: bool) {
    let run = if rtl { line.runs.first_mut() } else { line.runs.last_mut() };
    let Some(run) = run else { return };
    let edge = if rtl { run.glyphs.first() } else { run.glyphs.last() };
    if edge.is_none_or(|g| g.text.chars().all(char::is_whitespace)) {
        return;
    }
    let Some(id) = book.face(run.face).metrics.glyph_index(' ') else { return };
    let space = PlacedGlyph { id: id.0, x: Pt::ZERO, y_offset: Pt::ZERO, advance: Pt::ZERO, text: " ".to_string() };
    if rtl {
        run.glyphs.insert(0, space);
    } else {
        run.glyphs.push(PlacedGlyph { x: run.width, ..space });
    }
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
    if text.is_ascii() && style.face.0 < 8 {
        return Pt(shape::advance(&shape::shape(book, text, style, "")));
    }
    set_line(book, &[StyledText { text: text.to_string(), style: style.clone() }]).width
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
        ParagraphOptions {
            width: Pt(width),
            align,
            language: "en".into(),
            hyphenate,
            indent: Pt::ZERO,
            balance: false,
            rtl: false,
        }
    }

    const ARABIC: &str = "نظّم مكتب الأمم المتحدة لمكافحة الإرهاب (UNOCT) المؤتمر الذي جمع مشاركين من 147 دولة \
        عضوا و28 منظمة دولية وإقليمية و88 منظمة من منظمات المجتمع المدني والأوساط الأكاديمية والقطاع الخاص \
        و38 كيانا من كيانات الأمم المتحدة، في وقت تستعد فيه الأمم المتحدة للاحتفال بالذكرى السنوية الخامسة \
        عشرة لاعتماد الجمعية العامة لاستراتيجية الأمم المتحدة العالمية لمكافحة الإرهاب.";

    fn arabic_opts(width: f32, align: Align) -> ParagraphOptions {
        ParagraphOptions { language: "ar".into(), rtl: true, ..opts(width, align, true) }
    }

    #[test]
    fn a_mixed_arabic_line_is_read_whole_at_its_first_mark() {
        let book = FontBook::shared();
        let text = "للاستفسار يرجى الكتابة إلى gerardl@un.org أو الاتصال بنا";
        let lines = set_paragraph(book, &[span(text, 0)], &arabic_opts(400.0, Align::Start));
        let [line] = &lines[..] else { panic!("{} lines", lines.len()) };
        // The address is in the Latin face, the rest in the Arabic one.
        let readings: Vec<&Reading> = line.runs.iter().map(|r| &r.reading).collect();
        let carriers: Vec<&Arc<str>> =
            readings.iter().filter_map(|r| if let Reading::Line(t) = r { Some(t) } else { None }).collect();
        assert_eq!(carriers.len(), 1, "{readings:?}");
        assert_eq!(&**carriers[0], text);
        let carrier = line.runs.iter().find(|r| matches!(r.reading, Reading::Line(_))).expect("a carrier");
        assert!(carrier.invisible && carrier.glyphs.iter().all(|g| g.advance == Pt::ZERO));
        assert!(
            line.runs.iter().filter(|r| !matches!(r.reading, Reading::Line(_))).all(|r| r.reading == Reading::Hidden)
        );

        // A line of one face is read from its glyphs, marks or none.
        for text in ["عقد المؤتمر في عام 2018، في نيويورك", "عقد المؤتمر في نيويورك"]
        {
            let lines = set_paragraph(book, &[span(text, 8)], &arabic_opts(400.0, Align::Start));
            let runs = || lines.iter().flat_map(|l| &l.runs);
            let faces: std::collections::BTreeSet<u16> = runs().filter(|r| !r.invisible).map(|r| r.face.0).collect();
            assert_eq!(faces.len(), 1, "{text}");
            assert_eq!(runs().any(|r| r.invisible), text.contains("2018"), "{text}");
            assert!(runs().all(|r| r.reading == Reading::Glyphs), "{text}");
        }
        // Left-to-right text never is.
        let lines = set_paragraph(book, &[span("Write to gerardl@un.org", 0)], &opts(400.0, Align::Start, false));
        assert!(lines.iter().flat_map(|l| &l.runs).all(|r| r.reading == Reading::Glyphs));
    }

    #[test]
    fn arabic_justified_lines_lengthen_joins_before_spaces() {
        let book = FontBook::shared();
        let lines = set_paragraph(book, &[span(ARABIC, 0)], &arabic_opts(300.0, Align::Justify));
        assert!(lines.len() > 3);
        let kashidas: usize = lines.iter().flat_map(|l| &l.runs).map(|r| r.kashidas.len()).sum();
        let naskh = |l: &Line| l.runs.iter().any(|r| book.face(r.face).name.starts_with("NotoNaskh"));
        assert!(lines.iter().all(naskh));
        assert!(kashidas > 5, "{kashidas} kashidas");
        for line in &lines[..lines.len() - 1] {
            assert!((line.width.0 - 300.0).abs() < 0.05, "{}", line.width.0);
            let end = line.runs.iter().map(|r| r.x.0 + r.width.0).fold(0.0, f32::max);
            assert!((end - 300.0).abs() < 0.05);
        }
        // Spaces stretch less than without kashidas.
        let plain = set_paragraph(
            book,
            &[span(ARABIC, 0)],
            &ParagraphOptions { rtl: false, ..arabic_opts(300.0, Align::Justify) },
        );
        let widest = |ls: &[Line]| ls.iter().map(|l| space_stretch_ratio(book, l)).fold(0.0, f32::max);
        assert!(widest(&lines) < widest(&plain), "{} vs {}", widest(&lines), widest(&plain));
    }

    const SAMPLE: &str = "GENEVA, 12 March – António Guterres, Secretary-General of the United Nations, \
        said today that the “manifestations of humanitarian need” across the region were unprecedented, \
        calling on Member States to fund the appeal in full. Details are available at \
        https://www.un.org/sg/en/content/sg/statement/2024-03-12/secretary-generals-remarks and from \
        press@un.org. The office of the High Commissioner for Refugees (UNHCR) estimated that 1\u{a0}200\u{a0}000 \
        people had been displaced since January, of whom more than half are women and children.";

    /// Rebuilds the text from the lines' glyph texts: a line broken at a
    /// space ends with it, a line broken in a word with the inserted
    /// hyphen, which is removed.
    fn rebuild(lines: &[Line]) -> String {
        let mut out = String::new();
        for line in lines {
            let mut glyphs: Vec<&PlacedGlyph> = line.runs.iter().flat_map(|r| &r.glyphs).collect();
            if line.hyphenated {
                glyphs.pop();
            }
            let piece: String = glyphs.iter().map(|g| g.text.as_str()).collect();
            out.push_str(&piece);
        }
        out
    }

    /// No line starts with a space; a line ends with one only where it
    /// broke at it, drawn without width, and the last line never does.
    fn check_no_spaces_at_edges(lines: &[Line]) {
        for (i, line) in lines.iter().enumerate() {
            let glyphs: Vec<&PlacedGlyph> = line.runs.iter().flat_map(|r| &r.glyphs).collect();
            assert!(glyphs.first().is_none_or(|g| g.text != " "));
            assert!(glyphs.last().is_none_or(|g| g.text != " " || (g.advance.0 == 0.0 && i + 1 < lines.len())));
        }
    }

    #[test]
    fn text_round_trips_through_lines() {
        let book = FontBook::shared();
        for align in [Align::Justify, Align::Start, Align::Center] {
            for width in [80.0, 150.0, 300.0] {
                let lines = set_paragraph(book, &[span(SAMPLE, 4)], &opts(width, align, true));
                assert_eq!(rebuild(&lines), SAMPLE, "{align:?} at {width}");
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
            if !line.runs.iter().flat_map(|r| &r.glyphs).any(|g| g.text == " " && g.advance.0 > 0.0) {
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
        assert_eq!(rebuild(&lines), text);
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
            if !l.runs.iter().flat_map(|r| &r.glyphs).any(|g| g.text == " " && g.advance.0 > 0.0) {
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
            assert_eq!(rebuild(&lines), text);
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
            for align in [Align::Justify, Align::Start, Align::End] {
                let mut o = opts(width, align, true);
                o.balance = align == Align::End;
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
                assert_eq!(rebuild(&lines), text, "{align:?} {width}");
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
        for (align, expect) in [(Align::End, 1.0), (Align::Center, 0.5)] {
            let lines = set_paragraph(book, &[span(text, 0)], &opts(300.0, align, false));
            assert_eq!(lines.len(), 1);
            let x = lines[0].runs[0].x.0;
            assert!((x - (300.0 - lines[0].width.0) * expect).abs() < 1e-3);
        }
        let mut o = opts(300.0, Align::Start, false);
        o.indent = Pt(12.0);
        let lines = set_paragraph(book, &[span(text, 0)], &o);
        assert!((lines[0].runs[0].x.0 - 12.0).abs() < 1e-4);
    }

    #[test]
    fn balance_spreads_a_title() {
        let book = FontBook::shared();
        let title = "Security Council extends mandate of United Nations mission in South Sudan for one year";
        let mut o = opts(330.0, Align::Start, false);
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
        assert!(set_paragraph(book, &[span("", 0)], &opts(100.0, Align::Start, true)).is_empty());
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
