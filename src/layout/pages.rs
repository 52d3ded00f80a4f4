//! Page furniture: the accent band of page one, the running header of later
//! pages and the footer with "Page N of M" on every page.

use crate::geom::{Point, Pt, Rect};
use crate::model::{Brief, locale};
use crate::text::segment::{self, BreakKind};
use crate::text::{Align, StyledText, TextStyle, measure, set_line};

use super::block::{Ctx, baseline_in, line_items, line_pieces, tag_pieces};
use super::frame::{Artifact, Element, Item, Role, Tag, tagged};
use super::theme::{HAIRLINE, MUTED};

/// The band of page one and the height it takes from the top of the page:
/// organisation and symbol at the start (after the logo), kind and dateline
/// at the end: left and right on a left-to-right page, right and left on a
/// mirrored one; the band grows with what it holds. For a copy made for a
/// recipient, a line across the band's foot names them: "Prepared for:
/// **Permanent Mission of Mexico**", the label in the brief's language.
pub fn band(ctx: &Ctx, brief: &Brief, prepared_for: Option<&str>) -> (Vec<Item>, Pt) {
    let t = ctx.theme;
    let pad_top = t.size(24.0);
    let pad_bottom = t.size(20.0);
    let mut items = Vec::new();
    let mut left_x = t.margin_x;

    // The logo sits at the left, its height fixed, its width from its
    // aspect ratio (capped).
    let logo_h = t.size(40.0);
    let mut logo = None;
    if let Some(img) = &brief.logo {
        let aspect = if img.height > 0.0 { img.width / img.height } else { 1.0 };
        let w = (logo_h * aspect).min(t.size(130.0));
        let h = w / aspect.max(0.01);
        logo = Some((img.clone(), w, h));
        left_x += w + t.size(14.0);
    }
    let gap = t.size(18.0);
    let right_w = t.measure() * 0.4;
    let left_w = t.margin_x + t.measure() - right_w - gap - left_x;

    let mut left = Vec::new();
    if let Some(org) = &brief.organization {
        let lines = ctx.lines(&ctx.plain(org, true, false, 11.5, t.on_accent), left_w, Align::Start, false, false);
        left.extend(paragraph(ctx, line_pieces(lines, ctx.x(left_x, left_w), t.size(15.0))));
    }
    if let Some(symbol) = &brief.symbol {
        let lines = ctx.lines(&ctx.plain(symbol, false, false, 9.0, t.on_accent), left_w, Align::Start, false, false);
        left.extend(paragraph(ctx, line_pieces(lines, ctx.x(left_x, left_w), t.size(13.0))));
    }
    let mut right = Vec::new();
    let right_x = t.margin_x + t.measure() - right_w;
    let kind = brief.kind.to_uppercase();
    let lines = ctx.lines(&ctx.plain(&kind, true, false, 12.0, t.on_accent), right_w, Align::End, false, false);
    right.extend(paragraph(ctx, line_pieces(lines, ctx.x(right_x, right_w), t.size(15.0))));
    let dateline = locale::dateline(ctx.lang, brief.place.as_deref(), brief.date.day);
    let lines = ctx.lines(&ctx.plain(&dateline, false, false, 9.0, t.on_accent), right_w, Align::End, false, false);
    right.extend(paragraph(ctx, line_pieces(lines, ctx.x(right_x, right_w), t.size(13.0))));

    let mut foot = Vec::new();
    if let Some(name) = prepared_for {
        let label = format!("{}: ", locale::label(ctx.lang, locale::Label::PreparedFor));
        let mut spans = ctx.plain(&label, false, false, 9.5, t.on_accent);
        spans.extend(ctx.plain(name, true, false, 9.5, t.on_accent));
        let lines = ctx.lines(&spans, t.measure(), Align::Start, false, false);
        foot.extend(paragraph(ctx, line_pieces(lines, t.margin_x, t.size(13.0))));
    }

    let column_h = |pieces: &[super::flow::Piece]| pieces.iter().map(|p| p.height).sum::<Pt>();
    let content_h = column_h(&left).max(column_h(&right)).max(logo.as_ref().map_or(Pt::ZERO, |l| l.2));
    let foot_gap = t.size(12.0);
    let foot_h = if foot.is_empty() { Pt::ZERO } else { foot_gap + column_h(&foot) };
    let height = pad_top + content_h + foot_h + pad_bottom;
    let layout = Tag::Artifact(Artifact::Layout);
    items.extend(tagged(
        layout.clone(),
        vec![Item::Fill { rect: Rect::new(Pt::ZERO, Pt::ZERO, t.page.width, height), color: t.accent }],
    ));
    if let Some((image, w, h)) = logo {
        let y = pad_top + (content_h - h) / 2.0;
        let picture = Item::Image { rect: Rect::new(ctx.x(t.margin_x, w), y, w, h), image };
        // A logo described is a figure; one without its description is
        // decoration, since a figure must have one.
        let tag = match &brief.logo_alt {
            Some(alt) => Tag::Content(ctx.element_with(Element {
                role: Role::Figure,
                parent: None,
                alt: Some(alt.clone()),
                title: None,
            })),
            None => layout.clone(),
        };
        items.extend(tagged(tag, vec![picture]));
    }
    if !foot.is_empty() {
        // A hairline in the band's text colour sets the recipient apart.
        let y = pad_top + content_h + foot_gap / 2.0;
        items.extend(tagged(
            layout,
            vec![Item::Rule {
                from: Point::new(t.margin_x, y),
                to: Point::new(t.margin_x + t.measure(), y),
                width: Pt(0.5),
                color: t.on_accent,
            }],
        ));
    }
    let foot_top = pad_top + content_h + foot_gap;
    for (column, top) in [(left, pad_top), (right, pad_top), (foot, foot_top)] {
        let mut y = top;
        for p in column {
            items.extend(p.items.into_iter().map(|it| super::flow::moved(it, Pt::ZERO, y)));
            y += p.height;
        }
    }
    (items, height)
}

/// The pieces of one paragraph of the band, tagged as one.
fn paragraph(ctx: &Ctx, mut pieces: Vec<super::flow::Piece>) -> Vec<super::flow::Piece> {
    let id = ctx.element(Role::P, None);
    tag_pieces(&mut pieces, Tag::Content(id));
    pieces
}

/// Text cut to fit `width`, with an ellipsis when cut: the longest part
/// that ends where a line could break (at a word space; in Chinese between
/// characters, as the line-breaking rules allow) and fits with the
/// ellipsis. `None` when not even the first word fits, or when what fits
/// is under a third of the text and `droppable`: a title cut that short
/// says less than no title.
fn fit(ctx: &Ctx, text: &str, style: &TextStyle, width: Pt, droppable: bool) -> Option<String> {
    let fits = |t: &str| measure(ctx.book, t, style) <= width;
    if fits(text) {
        return Some(text.to_string());
    }
    let mut ends: Vec<usize> = segment::break_points(text, &ctx.lang.primary, false)
        .into_iter()
        .filter(|p| matches!(p.kind, BreakKind::Space | BreakKind::Gap { breakable: true, .. }))
        .map(|p| p.start)
        .filter(|&end| end > 0)
        .collect();
    ends.dedup();
    let cut = |end: usize| format!("{}…", text[..end].trim_end());
    // The longest cut that fits, by bisection: a longer cut is never
    // narrower.
    let (mut lo, mut hi) = (0, ends.len());
    while lo < hi {
        let mid = (lo + hi) / 2;
        if fits(&cut(ends[mid])) { lo = mid + 1 } else { hi = mid }
    }
    let end = *ends.get(lo.checked_sub(1)?)?;
    if droppable && text[..end].chars().count() * 3 < text.chars().count() {
        return None;
    }
    Some(cut(end))
}

/// A line of text at a baseline, at the start or the end of the measure.
fn furniture_line(ctx: &Ctx, text: &str, style: &TextStyle, width: Pt, baseline: Pt, end: bool) -> Vec<Item> {
    place(ctx, fit(ctx, text, style, width, false).unwrap_or_default(), style, baseline, end)
}

/// A line of text that fits, at a baseline, at the start or the end of the
/// measure.
fn place(ctx: &Ctx, text: String, style: &TextStyle, baseline: Pt, end: bool) -> Vec<Item> {
    let t = ctx.theme;
    let line = set_line(ctx.book, &[StyledText { text, style: style.clone() }]);
    let x = if end { t.margin_x + t.measure() - line.width } else { t.margin_x };
    let x = ctx.x(x, line.width);
    line_items(line, Point::new(x, baseline))
}

/// The running header of pages after the first: short title at the start,
/// symbol (or organisation) at the end, a hairline under them.
pub fn running_header(ctx: &Ctx, brief: &Brief) -> Vec<Item> {
    let t = ctx.theme;
    let baseline = t.top - t.size(26.0);
    let style = t.style(false, false, 8.0, MUTED);
    let bold = t.style(true, false, 8.0, MUTED);
    let right_text = brief.symbol.as_deref().or(brief.organization.as_deref()).unwrap_or("");
    let right_w = measure(ctx.book, right_text, &style).min(t.measure() * 0.4);
    // A title too long for its room is cut after a word, or left out when
    // what fits is too short to say much: the symbol stands alone.
    let room = t.measure() - right_w - t.size(18.0);
    let mut items = match fit(ctx, &brief.title, &bold, room, !right_text.is_empty()) {
        Some(title) => place(ctx, title, &bold, baseline, false),
        None => Vec::new(),
    };
    if !right_text.is_empty() {
        items.extend(furniture_line(ctx, right_text, &style, right_w, baseline, true));
    }
    let y = baseline + t.size(7.0);
    items.push(Item::Rule {
        from: Point::new(t.margin_x, y),
        to: Point::new(t.margin_x + t.measure(), y),
        width: Pt(0.5),
        color: HAIRLINE,
    });
    tagged(Tag::Artifact(Artifact::Header), items)
}

/// The footer of page `n` of `m`: hairline, organisation and symbol at the
/// start, "Page N of M" at the end.
pub fn footer(ctx: &Ctx, brief: &Brief, n: usize, m: usize) -> Vec<Item> {
    let t = ctx.theme;
    let rule_y = t.page.height - t.bottom + t.size(24.0);
    let baseline = rule_y + baseline_in(t.size(16.0), t.size(8.0)) + t.size(2.0);
    let style = t.style(false, false, 8.0, MUTED);
    let page = locale::page_label(ctx.lang, n, m);
    let page_w = measure(ctx.book, &page, &style);
    let mut items = vec![Item::Rule {
        from: Point::new(t.margin_x, rule_y),
        to: Point::new(t.margin_x + t.measure(), rule_y),
        width: Pt(0.5),
        color: HAIRLINE,
    }];
    let left: Vec<&str> = [brief.organization.as_deref(), brief.symbol.as_deref()].into_iter().flatten().collect();
    if !left.is_empty() {
        items.extend(furniture_line(
            ctx,
            &left.join("  ·  "),
            &style,
            t.measure() - page_w - t.size(18.0),
            baseline,
            false,
        ));
    }
    items.extend(furniture_line(ctx, &page, &style, page_w, baseline, true));
    tagged(Tag::Artifact(Artifact::Footer), items)
}
