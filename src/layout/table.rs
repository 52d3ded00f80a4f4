//! Tables: column widths from content, cells set like body text, one
//! piece per row, the header row repeated on every page the table
//! continues on.
//!
//! Widths follow the automatic table layout of browsers and TeX's
//! `tabularx`: each column has a least width (its widest word) and a
//! natural one (its longest cell on one line). When the natural widths fit
//! the measure, the columns get them and share what is left in proportion;
//! otherwise the widest columns are cut to one common width (never below
//! their least), as Typst does with `auto` columns, so that short columns
//! stay on one line and only the long ones wrap. A table too wide even so is set a
//! size smaller, down to [`SMALLEST`], then with hyphenation allowed
//! inside words; one that still does not fit is an error at its position.
//!
//! Numbers in a right-aligned column line up on their decimal sign.

use crate::geom::{Color, Point, Pt, Rect};
use crate::model::{self, ColumnAlign, Diagnostic, locale};
use crate::text::{Align, Line, StyledText, TextStyle, measure, set_line};

use super::block::{Ctx, INK_ASCENT, INK_DESCENT, line_items};
use super::flow::{Block, Keep, Piece};
use super::frame::{Artifact, Item, Role, Tag, tagged};
use super::theme::{HAIRLINE, INK};

/// The type size of a table's cells.
const SIZE: f32 = 9.5;
/// The smallest size a table is reduced to before it is refused.
pub const SMALLEST: f32 = 8.0;
/// Space between a cell's text and its column's edges.
const PAD_X: f32 = 5.0;
/// Space above and below a row's text.
const PAD_Y: f32 = 3.0;

/// A table as a block: one piece per row, the header row first and
/// repeated at the top of every page the table continues on.
pub fn table(ctx: &Ctx, t: &model::Table, sect: usize) -> Block {
    let th = ctx.theme;
    let cols = t.align.len().max(1);
    let pad = th.size(PAD_X);
    let room = th.measure() - pad * 2.0 * cols as f32;

    // The size and widths: natural widths at a size that fits, else
    // wrapping at the largest size whose least widths fit.
    let mut setting = None;
    let mut size = SIZE;
    while size >= SMALLEST - 0.01 {
        let m = Measured::of(ctx, t, size, false);
        if m.natural.iter().copied().sum::<Pt>() <= room || m.least.iter().copied().sum::<Pt>() <= room {
            setting = Some((size, m, false));
            break;
        }
        size -= 0.5;
    }
    let (size, m, hyphenate) = match setting {
        Some(s) => s,
        None => {
            let m = Measured::of(ctx, t, SMALLEST, true);
            if m.least.iter().copied().sum::<Pt>() > room {
                ctx.problem(
                    Diagnostic::error(
                        format!("the table is too wide for the page: {cols} columns do not fit even at {SMALLEST} pt"),
                        t.span.clone(),
                    )
                    .with_hint("split it into two tables, shorten its longest words, or set the brief on a wider page (`[style] page`)"),
                );
            }
            (SMALLEST, m, true)
        }
    };
    let widths = m.widths(room);

    // Column boxes from the start edge (mirrored on a right-to-left page).
    let mut starts = Vec::with_capacity(cols);
    let mut x = th.margin_x;
    for w in &widths {
        starts.push(x);
        x += *w + pad * 2.0;
    }
    let leading = Pt(size * 1.34 * th.scale);
    let table_id = ctx.element(Role::Table, Some(sect));
    let decimal = locale::decimal_sign(ctx.lang);

    let mut row_pieces = Vec::with_capacity(t.rows.len() + 1);
    for (r, row) in std::iter::once(&t.head).chain(&t.rows).enumerate() {
        let header = r == 0;
        let tr = ctx.element(Role::TR, Some(table_id));
        let style = th.style(header, false, size, INK);
        let mut cells: Vec<(usize, Vec<Line>)> = Vec::with_capacity(cols);
        for (c, cell) in row.iter().enumerate().take(cols) {
            let role = if header { Role::TH } else { Role::TD };
            let id = ctx.element(role, Some(tr));
            ctx.refer(cell, id);
            let spans = ctx.spans(cell, &style, header, false);
            let align = match t.align.get(c).copied().unwrap_or(ColumnAlign::Default) {
                ColumnAlign::Default | ColumnAlign::Start => Align::Start,
                ColumnAlign::Center => Align::Center,
                ColumnAlign::End => Align::End,
            };
            let lines = if spans.is_empty() {
                Vec::new()
            } else {
                ctx.lines(&spans, widths[c], align, hyphenate || m.wraps(c, widths[c]), false)
            };
            cells.push((id, lines));
        }
        let lines_in_row = cells.iter().map(|(_, l)| l.len()).max().unwrap_or(0).max(1);
        let height = leading * lines_in_row as f32 + th.size(PAD_Y) * 2.0;
        let mut items = Vec::new();
        if header {
            // The header row stands on a tinted band.
            let fill =
                Item::Fill { rect: Rect::new(th.margin_x, Pt::ZERO, th.measure(), height), color: tint(th.accent) };
            items.extend(tagged(Tag::Artifact(Artifact::Layout), vec![fill]));
        }
        for (c, (id, lines)) in cells.into_iter().enumerate() {
            let inner = ctx.x(starts[c] + pad, widths[c]);
            // Numbers line up on their decimal sign: the part after it is
            // given the room of the column's widest such part.
            let shift = match (t.align.get(c), lines.as_slice()) {
                (Some(ColumnAlign::End), [line]) if !header => {
                    let text = line_text(line);
                    m.fraction[c] - fraction_width(ctx, &text, decimal, &style)
                }
                _ => Pt::ZERO,
            };
            let mut cell_items = Vec::new();
            for (k, line) in lines.into_iter().enumerate() {
                let size_on_line = line.runs.iter().map(|r| r.size).fold(Pt::ZERO, Pt::max);
                let base = th.size(PAD_Y)
                    + leading * k as f32
                    + (leading - size_on_line * (INK_ASCENT + INK_DESCENT)) / 2.0
                    + size_on_line * INK_ASCENT;
                // (Right to left, the end edge is the left one: numbers
                // stay flush with it.)
                let dx = if ctx.rtl { Pt::ZERO } else { -shift };
                cell_items.extend(line_items(line, Point::new(inner + dx, base)));
            }
            items.extend(tagged(Tag::Content(id), cell_items));
        }
        // A thin rule under every row, a stronger one under the header.
        let (w, color) = if header { (Pt(0.8), th.accent) } else { (Pt(0.4), HAIRLINE) };
        let rule = Item::Rule {
            from: Point::new(th.margin_x, height - w / 2.0),
            to: Point::new(th.margin_x + th.measure(), height - w / 2.0),
            width: w,
            color,
        };
        items.extend(tagged(Tag::Artifact(Artifact::Layout), vec![rule]));
        row_pieces.push(Piece { height, items, ..Piece::default() });
    }
    // The header again on later pages: decoration there, as its text was
    // read on the first page.
    let repeat = row_pieces.first().map(|p| Piece {
        height: p.height,
        items: tagged(
            Tag::Artifact(Artifact::Header),
            p.items
                .iter()
                .filter(|it| !matches!(it, Item::Begin(_) | Item::End | Item::Link { .. }))
                .cloned()
                .collect(),
        ),
        ..Piece::default()
    });
    // The header with at least one row; at least two rows after a break.
    let keep = Keep::Lines { orphans: 2, widows: if t.rows.len() >= 4 { 2 } else { 1 } };
    let mut block = Block::new(row_pieces, th.size(10.0), th.size(10.0), keep);
    block.repeat = repeat;
    block
}

/// The content widths of a table's columns at one size.
struct Measured {
    /// Each column's widest word (or, hyphenating, its widest piece of a
    /// word).
    least: Vec<Pt>,
    /// Each column's longest cell set on one line.
    natural: Vec<Pt>,
    /// Each column's widest part of a number after its decimal sign.
    fraction: Vec<Pt>,
}

impl Measured {
    fn of(ctx: &Ctx, t: &model::Table, size: f32, hyphenate: bool) -> Measured {
        let th = ctx.theme;
        let cols = t.align.len().max(1);
        let decimal = locale::decimal_sign(ctx.lang);
        let mut m =
            Measured { least: vec![Pt::ZERO; cols], natural: vec![Pt::ZERO; cols], fraction: vec![Pt::ZERO; cols] };
        for (r, row) in std::iter::once(&t.head).chain(&t.rows).enumerate() {
            let header = r == 0;
            let style = th.style(header, false, size, INK);
            for (c, cell) in row.iter().enumerate().take(cols) {
                let spans = ctx.spans(cell, &style, header, false);
                if spans.is_empty() {
                    continue;
                }
                let line = set_line(ctx.book, &spans);
                m.natural[c] = m.natural[c].max(line.width);
                let widest = spans
                    .iter()
                    .flat_map(|s| s.text.split_whitespace().map(move |w| (w, &s.style)))
                    .map(|(w, style)| measure(ctx.book, w, style))
                    .fold(Pt::ZERO, Pt::max);
                let least = if hyphenate { narrowest(ctx, &spans, widest) } else { widest };
                m.least[c] = m.least[c].max(least);
                if !header && t.align.get(c) == Some(&ColumnAlign::End) {
                    let text: String = spans.iter().map(|s| s.text.as_str()).collect();
                    m.fraction[c] = m.fraction[c].max(fraction_width(ctx, &text, decimal, &style));
                }
            }
        }
        m
    }

    /// The columns' widths in `room`: the natural widths, shared out in
    /// proportion when they fit; else the widest columns cut to a common
    /// width (never below their least), so that the narrow ones keep their
    /// natural width and only the long ones wrap.
    fn widths(&self, room: Pt) -> Vec<Pt> {
        let natural: Pt = self.natural.iter().copied().sum();
        let least: Pt = self.least.iter().copied().sum();
        if natural.0 <= 0.0 {
            return vec![room / self.natural.len().max(1) as f32; self.natural.len()];
        }
        if natural <= room {
            let share = room.0 / natural.0;
            return self.natural.iter().map(|&w| w * share).collect();
        }
        if least >= room {
            let share = room.0 / least.0;
            return self.least.iter().map(|&w| w * share).collect();
        }
        // The common width `level` at which the cut columns fill the room.
        let at = |level: f32| -> Vec<Pt> {
            self.natural.iter().zip(&self.least).map(|(&n, &l)| Pt(n.0.min(level.max(l.0)))).collect()
        };
        let (mut lo, mut hi) = (0.0f32, self.natural.iter().map(|w| w.0).fold(0.0, f32::max));
        for _ in 0..40 {
            let mid = (lo + hi) / 2.0;
            if at(mid).iter().map(|w| w.0).sum::<f32>() > room.0 { hi = mid } else { lo = mid }
        }
        let mut widths = at(lo);
        // What rounding left goes to the cut columns.
        let left = room - widths.iter().copied().sum::<Pt>();
        let cut: Vec<usize> = (0..widths.len()).filter(|&i| widths[i].0 < self.natural[i].0 - 0.01).collect();
        for &i in &cut {
            widths[i] += left / cut.len() as f32;
        }
        widths
    }

    /// Whether column `c` set at `width` wraps its cells (and may then
    /// hyphenate them, as body text does).
    fn wraps(&self, c: usize, width: Pt) -> bool {
        self.natural.get(c).is_some_and(|&n| n.0 > width.0 + 0.01)
    }
}

/// The narrowest width at which `spans` set with hyphenation have no line
/// wider than the width, between a third of `widest` and `widest`.
fn narrowest(ctx: &Ctx, spans: &[StyledText], widest: Pt) -> Pt {
    let (mut lo, mut hi) = (widest * (1.0 / 3.0), widest);
    for _ in 0..8 {
        let mid = (lo + hi) / 2.0;
        let lines = ctx.lines(spans, mid, Align::Start, true, false);
        if lines.iter().any(|l| l.overfull) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    hi
}

/// The width of the part of `text` from its decimal sign on, when `text`
/// is a number ("1,234.5 %"); zero for a whole number or other text.
fn fraction_width(ctx: &Ctx, text: &str, decimal: char, style: &TextStyle) -> Pt {
    let text = text.trim();
    let numeric = text.chars().next().is_some_and(|c| c.is_ascii_digit() || matches!(c, '-' | '−' | '+' | '.' | ','))
        && text.chars().filter(|c| c.is_ascii_digit()).count() > 0;
    if !numeric {
        return Pt::ZERO;
    }
    // The last decimal sign followed by a digit.
    let at = text
        .char_indices()
        .rev()
        .find(|&(i, c)| c == decimal && text[i + c.len_utf8()..].chars().next().is_some_and(|d| d.is_ascii_digit()));
    let tail = match at {
        Some((i, _)) => &text[i..],
        // A whole number: what follows its digits ("%", " million").
        None => {
            let end = text.rfind(|c: char| c.is_ascii_digit()).map_or(text.len(), |i| i + 1);
            &text[end..]
        }
    };
    if tail.is_empty() { Pt::ZERO } else { measure(ctx.book, tail, style) }
}

/// The text a set line shows.
fn line_text(line: &Line) -> String {
    line.runs.iter().flat_map(|r| r.glyphs.iter().map(|g| g.text.as_str())).collect()
}

/// A light tint of the accent colour: 12 % of it on white.
fn tint(c: Color) -> Color {
    let mix = |v: u8| (255.0 - (255.0 - f32::from(v)) * 0.12).round() as u8;
    Color { r: mix(c.r), g: mix(c.g), b: mix(c.b) }
}
