//! A stable, human-readable text dump of a laid-out document, for snapshot
//! tests and for looking at a layout without a PDF viewer.

use std::fmt::Write;

use crate::geom::Color;
use crate::text::FontBook;

use super::frame::{Document, Item};

/// The text of a glyph run (what a reader would extract).
pub fn run_text(run: &crate::text::GlyphRun) -> String {
    run.glyphs.iter().map(|g| g.text.as_str()).collect()
}

fn hex(c: Color) -> String {
    format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
}

/// Dumps every page and item, one per line, coordinates to 0.1 pt.
pub fn dump(doc: &Document, book: &FontBook) -> String {
    let mut out = String::new();
    let m = &doc.meta;
    let _ = writeln!(
        out,
        "meta title={:?} author={:?} subject={:?} lang={} created={}",
        m.title,
        m.author,
        m.subject,
        m.language,
        m.created.to_rfc3339()
    );
    for (i, page) in doc.pages.iter().enumerate() {
        let _ = writeln!(out, "page {} {:.1}x{:.1}", i + 1, page.size.width.0, page.size.height.0);
        for item in &page.items {
            let _ = match item {
                Item::Text { origin, run } => writeln!(
                    out,
                    "  text {:.1},{:.1} w={:.1} {} {:.1} {} {:?}{}",
                    origin.x.0,
                    origin.y.0,
                    run.width.0,
                    book.face(run.face).name,
                    run.size.0,
                    hex(run.color),
                    run_text(run),
                    run.link.as_deref().map(|l| format!(" -> {l}")).unwrap_or_default()
                ),
                Item::Fill { rect, color } => writeln!(
                    out,
                    "  fill {:.1},{:.1} {:.1}x{:.1} {}",
                    rect.x.0,
                    rect.y.0,
                    rect.width.0,
                    rect.height.0,
                    hex(*color)
                ),
                Item::Rule { from, to, width, color } => writeln!(
                    out,
                    "  rule {:.1},{:.1}-{:.1},{:.1} w={:.2} {}",
                    from.x.0,
                    from.y.0,
                    to.x.0,
                    to.y.0,
                    width.0,
                    hex(*color)
                ),
                Item::Link { rect, uri } => writeln!(
                    out,
                    "  link {:.1},{:.1} {:.1}x{:.1} {}",
                    rect.x.0, rect.y.0, rect.width.0, rect.height.0, uri
                ),
                Item::Image { rect, image } => writeln!(
                    out,
                    "  image {:.1},{:.1} {:.1}x{:.1} {:?}",
                    rect.x.0, rect.y.0, rect.width.0, rect.height.0, image.format
                ),
            };
        }
    }
    out
}
