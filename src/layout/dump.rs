//! A stable, human-readable text dump of a laid-out document, for snapshot
//! tests and for looking at a layout without a PDF viewer.

use std::fmt::Write;

use crate::geom::Color;
use crate::text::FontBook;

use super::frame::{Artifact, Document, Item, Tag};

/// The text of a glyph run (what a reader would extract).
pub fn run_text(run: &crate::text::GlyphRun) -> String {
    if run.rtl {
        return run.glyphs.iter().rev().map(|g| g.text.as_str()).collect();
    }
    run.glyphs.iter().map(|g| g.text.as_str()).collect()
}

fn hex(c: Color) -> String {
    format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
}

/// Consecutive fills of one colour summed up in one line.
const FILL_RUN: usize = 8;

/// "fills 360 #1d1d1b in 469.3,657.5 62.0x62.0 hash=…" for a run of fills.
fn fills(items: &[Item]) -> String {
    let rects: Vec<(crate::geom::Rect, Color)> = items
        .iter()
        .filter_map(|it| match it {
            Item::Fill { rect, color } => Some((*rect, *color)),
            _ => None,
        })
        .collect();
    let (x0, y0) = rects.iter().fold((f32::MAX, f32::MAX), |(x, y), (r, _)| (x.min(r.x.0), y.min(r.y.0)));
    let (x1, y1) = rects.iter().fold((f32::MIN, f32::MIN), |(x, y), (r, _)| (x.max(r.right().0), y.max(r.bottom().0)));
    let mut text = String::new();
    for (r, _) in &rects {
        let _ = write!(text, "{:.1},{:.1},{:.1},{:.1};", r.x.0, r.y.0, r.width.0, r.height.0);
    }
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    let color = rects.first().map_or(String::new(), |(_, c)| hex(*c));
    format!("fills {} {color} in {x0:.1},{y0:.1} {:.1}x{:.1} hash={hash:016x}", rects.len(), x1 - x0, y1 - y0)
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
    // The structure tree, one element per line: index, role, parent.
    for (i, e) in doc.structure.iter().enumerate() {
        let _ = write!(out, "element {i} {}", e.role.name());
        if let Some(p) = e.parent {
            let _ = write!(out, " in {p}");
        }
        if let Some(alt) = &e.alt {
            let _ = write!(out, " alt={alt:?}");
        }
        out.push('\n');
    }
    for (i, page) in doc.pages.iter().enumerate() {
        let _ = writeln!(out, "page {} {:.1}x{:.1}", i + 1, page.size.width.0, page.size.height.0);
        let mut k = 0;
        while k < page.items.len() {
            let item = &page.items[k];
            // A long run of fills in one colour (a QR code's modules) is one
            // line: count, bounding box and a hash of the rectangles.
            let run = page.items[k..]
                .iter()
                .take_while(
                    |it| matches!((it, item), (Item::Fill { color: a, .. }, Item::Fill { color: b, .. }) if a == b),
                )
                .count();
            if run >= FILL_RUN {
                let _ = writeln!(out, "  {}", fills(&page.items[k..k + run]));
                k += run;
                continue;
            }
            k += 1;
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
                Item::Anchor { name, at } => writeln!(out, "  anchor {:.1},{:.1} {name}", at.x.0, at.y.0),
                Item::Image { rect, image } => writeln!(
                    out,
                    "  image {:.1},{:.1} {:.1}x{:.1} {:?}",
                    rect.x.0, rect.y.0, rect.width.0, rect.height.0, image.format
                ),
                Item::Begin(Tag::Content(id)) => {
                    let role = doc.structure.get(*id).map_or("?", |e| e.role.name());
                    writeln!(out, "  <{role} {id}>")
                }
                Item::Begin(Tag::Link(uri)) => writeln!(out, "  <link {uri}>"),
                Item::Begin(Tag::Artifact(kind)) => writeln!(
                    out,
                    "  <artifact {}>",
                    match kind {
                        Artifact::Layout => "layout",
                        Artifact::Header => "header",
                        Artifact::Footer => "footer",
                    }
                ),
                Item::End => writeln!(out, "  </>"),
            };
        }
    }
    out
}
