//! The layout stage: a validated brief in, pages of positioned items out.
//!
//! Steps: build the page-one band; turn every part of the brief into blocks
//! of unsplittable pieces (`block`); flow the blocks onto pages under their
//! keep rules (`flow`); then add the running header and the footer, which
//! needs the page count ("Page N of M").

mod block;
pub mod dump;
mod flow;
mod frame;
mod pages;
pub mod report;
mod table;
mod theme;

pub use frame::*;

use chrono::{NaiveTime, Offset, TimeZone, Utc};

use crate::geom::{Pt, Rect};
use crate::model::Brief;
use crate::text::FontBook;

use block::Ctx;
use flow::{Area, Block, Grid};
use theme::Theme;

/// Most pages a brief may take; a longer one is refused.
pub const MAX_PAGES: usize = 500;

/// Lays out a brief on pages.
pub fn layout(brief: &Brief, book: &FontBook) -> Document {
    layout_with_report(brief, book).0
}

/// Lays out a brief on pages and reports on the quality of its setting.
pub fn layout_with_report(brief: &Brief, book: &FontBook) -> (Document, report::Report) {
    layout_for(brief, book, None)
}

/// Lays out a copy of a brief made for a recipient: `prepared_for` names
/// them in the header band of page one ("Prepared for: …", the label in
/// the brief's language). Without a recipient, the same as
/// [`layout_with_report`].
pub fn layout_for(brief: &Brief, book: &FontBook, prepared_for: Option<&str>) -> (Document, report::Report) {
    let theme = Theme::new(&brief.style, book, &brief.language);
    let ctx = Ctx {
        book,
        theme: &theme,
        lang: &brief.language,
        rtl: brief.language.is_rtl(),
        tree: Default::default(),
        refs: Default::default(),
        problems: Default::default(),
    };
    let (band, band_h) = pages::band(&ctx, brief, prepared_for);
    let later = Area { top: theme.top, bottom: theme.page.height - theme.bottom };
    let first = Area { top: band_h + theme.size(22.0), bottom: later.bottom };

    let mut blocks: Vec<Block> = block::head(&ctx, brief);
    if let Some(event) = &brief.event {
        blocks.push(block::event(&ctx, event));
    }
    blocks.extend(block::figures(&ctx, brief, later.bottom - later.top));
    for q in brief.quotes.iter().filter(|q| q.after == 0) {
        blocks.push(block::quote(&ctx, q));
    }
    for (i, sec) in brief.sections.iter().enumerate() {
        blocks.extend(block::section(&ctx, sec));
        for q in brief.quotes.iter().filter(|q| q.after == i + 1) {
            blocks.push(block::quote(&ctx, q));
        }
    }
    if let Some(mark) = &brief.end_mark {
        block::end_body(&mut blocks, block::end_mark(&ctx, mark));
    }
    for sec in &brief.boilerplate {
        blocks.extend(block::section(&ctx, sec));
    }
    if let Some(c) = &brief.contact {
        blocks.push(block::contact(&ctx, c));
    }
    block::mark_references(&mut blocks);
    let notes = block::notes(&ctx, &brief.notes);

    // A half-line grid: body lines share baselines from page to page, and
    // paragraphs are half a line apart.
    let grid = Grid { origin: later.top, unit: theme.leading * 0.5 };
    let flowed = flow::flow(&blocks, &notes, first, later, grid);
    let report = report::collect(&blocks, &flowed);
    let flowed = flowed.pages(blocks, notes, later.bottom, |y| block::note_rule(&ctx, y));
    let count = flowed.len();
    let content = Rect::new(theme.margin_x, Pt::ZERO, theme.measure(), theme.page.height);
    let mut band = Some(band);
    // The running header is the same on every page after the first.
    let mut header: Option<Vec<Item>> = None;
    let pages = flowed
        .into_iter()
        .enumerate()
        .map(|(i, body)| {
            let head = match band.take() {
                Some(band) => band,
                None => header.get_or_insert_with(|| pages::running_header(&ctx, brief)).clone(),
            };
            let foot = pages::footer(&ctx, brief, i + 1, count);
            let mut items = Vec::with_capacity(head.len() + body.len() + foot.len());
            items.extend(head);
            items.extend(body);
            items.extend(foot);
            Page { size: theme.page, content, items }
        })
        .collect();
    let problems = ctx.problems.take();
    (Document { pages, meta: metadata(brief), structure: ctx.tree.into_inner(), problems }, report)
}

/// The PDF metadata of a brief; the creation date comes from the brief.
pub fn metadata(brief: &Brief) -> Metadata {
    let offset = brief.date.offset.unwrap_or_else(|| Utc.fix());
    let time = brief.date.time.unwrap_or(NaiveTime::MIN);
    let created = offset
        .from_local_datetime(&brief.date.day.and_time(time))
        .single()
        .unwrap_or_else(|| offset.from_utc_datetime(&brief.date.day.and_time(time)));
    let mut keywords: Vec<&str> = brief.symbol.iter().map(String::as_str).collect();
    if let Some(c) = &brief.contact {
        keywords.extend(c.social.iter().map(String::as_str));
    }
    Metadata {
        title: brief.title.clone(),
        author: brief.organization.clone(),
        subject: Some(brief.kind.clone()),
        keywords: (!keywords.is_empty()).then(|| keywords.join(", ")),
        language: brief.language.tag.clone(),
        created,
        claims: brief.style.claims,
    }
}
