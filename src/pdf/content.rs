//! Page content: turns a page's items into printpdf operations, flipping
//! the y axis (the library's y grows down, PDF's grows up).
//!
//! Text is drawn from pre-positioned glyphs: one absolute text matrix per
//! run (or per stretch of glyphs sharing a vertical offset) and one `TJ`
//! whose adjustments put every glyph exactly at its `x`, measured against
//! the advances the subset font's `/W` array gives the viewer.

use printpdf::{
    Actions, BorderArray, Codepoint, Color as PdfColor, ColorArray, DictItem, HighlightingMode, Line, LinePoint,
    LinkAnnotation, Op, PaintMode, PdfFontHandle, Point as PdfPoint, Pt as PdfPt, Rect as PdfRect, Rgb, TextItem,
    TextMatrix, XObjectId, XObjectTransform,
};

use crate::geom::{Color, Pt, Rect};
use crate::layout::{Item, Page};
use crate::text::{FaceId, GlyphRun, PlacedGlyph};

use super::PdfError;
use super::fonts::FontSet;

/// Graphics state already set in the content stream, to skip redundant
/// operators.
#[derive(Default)]
struct State {
    in_text: bool,
    font: Option<(FaceId, u32)>,
    fill: Option<Color>,
    stroke: Option<Color>,
    line_width: Option<u32>,
}

/// The operations of one page. `image_id` gives the XObject of the n-th
/// image item of the whole document (`next_image` counts them).
pub(super) fn page_ops(
    page: &Page,
    fonts: &FontSet,
    image_ids: &[XObjectId],
    next_image: &mut usize,
) -> Result<Vec<Op>, PdfError> {
    let height = page.size.height;
    let mut ops = Vec::new();
    let mut st = State::default();
    for item in &page.items {
        let is_text = matches!(item, Item::Text { .. });
        if st.in_text && !is_text {
            ops.push(Op::EndTextSection);
            st.in_text = false;
        }
        match item {
            Item::Text { origin, run } => {
                if !st.in_text {
                    ops.push(Op::StartTextSection);
                    st.in_text = true;
                }
                text_ops(&mut ops, &mut st, fonts, origin.x, height - origin.y, run)?;
            }
            Item::Fill { rect, color } => {
                set_fill(&mut ops, &mut st, *color);
                let mut r = flip(rect, height);
                r.mode = Some(PaintMode::Fill);
                ops.push(Op::DrawRectangle { rectangle: r });
            }
            Item::Rule { from, to, width, color } => {
                if st.stroke != Some(*color) {
                    ops.push(Op::SetOutlineColor { col: rgb(*color) });
                    st.stroke = Some(*color);
                }
                if st.line_width != Some(width.0.to_bits()) {
                    ops.push(Op::SetOutlineThickness { pt: PdfPt(width.0) });
                    st.line_width = Some(width.0.to_bits());
                }
                let point =
                    |x: Pt, y: Pt| LinePoint { p: PdfPoint { x: PdfPt(x.0), y: PdfPt((height - y).0) }, bezier: false };
                ops.push(Op::DrawLine {
                    line: Line { points: vec![point(from.x, from.y), point(to.x, to.y)], is_closed: false },
                });
            }
            Item::Link { rect, uri } => {
                ops.push(Op::LinkAnnotation {
                    link: LinkAnnotation::new(
                        flip(rect, height),
                        Actions::Uri(ascii_uri(uri)),
                        Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                        Some(ColorArray::Transparent),
                        Some(HighlightingMode::Invert),
                    ),
                });
            }
            Item::Image { rect, .. } => {
                let id = image_ids.get(*next_image).ok_or_else(|| PdfError("image numbering out of step".into()))?;
                *next_image += 1;
                let r = flip(rect, height);
                // Every image XObject maps the unit square; scale it into the box.
                ops.push(Op::UseXobject {
                    id: id.clone(),
                    transform: XObjectTransform {
                        translate_x: Some(r.x),
                        translate_y: Some(r.y),
                        scale_x: Some(r.width.0),
                        scale_y: Some(r.height.0),
                        no_auto_scale: true,
                        ..XObjectTransform::default()
                    },
                });
            }
        }
    }
    if st.in_text {
        ops.push(Op::EndTextSection);
    }
    Ok(ops)
}

/// The operations of one glyph run whose baseline starts at (`x`, `y`) in
/// PDF coordinates.
fn text_ops(ops: &mut Vec<Op>, st: &mut State, fonts: &FontSet, x: Pt, y: Pt, run: &GlyphRun) -> Result<(), PdfError> {
    if run.glyphs.is_empty() {
        return Ok(());
    }
    let font = fonts.get(run.face).ok_or_else(|| PdfError(format!("face {} was not embedded", run.face.0)))?;
    let size = run.size.0;
    if size <= 0.0 {
        return Ok(());
    }
    if st.font != Some((run.face, size.to_bits())) {
        ops.push(Op::SetFont { font: PdfFontHandle::External(font.id.clone()), size: PdfPt(size) });
        st.font = Some((run.face, size.to_bits()));
    }
    set_fill(ops, st, run.color);
    if let Some(text) = &run.actual_text {
        ops.push(actual_text_begin(text));
    }

    // Split the run where the vertical offset changes: each stretch gets
    // its own absolute text matrix.
    let mut start = 0;
    while start < run.glyphs.len() {
        let rise = run.glyphs[start].y_offset;
        let end = run.glyphs[start..].iter().position(|g| g.y_offset != rise).map_or(run.glyphs.len(), |p| start + p);
        let stretch = &run.glyphs[start..end];
        let x0 = x + stretch[0].x;
        ops.push(Op::SetTextMatrix { matrix: TextMatrix::Translate(PdfPt(x0.0), PdfPt((y + rise).0)) });
        ops.push(Op::ShowText { items: vec![TextItem::GlyphIds(codepoints(stretch, font, size))] });
        start = end;
    }
    if run.actual_text.is_some() {
        ops.push(Op::EndMarkedContent);
    }
    Ok(())
}

/// `/Span << /ActualText <FEFF…> >> BDC`: extraction reports `text`
/// (UTF-16BE with its byte-order mark, as text strings must be) instead of
/// the glyphs up to the matching `EMC`.
///
/// Hyphenated words use it so they extract whole: the first piece with its
/// hyphen stands for the whole word, the later pieces for the empty string.
/// What readers do with it (checked by hand and in `tests/it/typography.rs`):
/// poppler (`pdftotext` 22.12) puts the replacement text where the span's
/// glyphs were and drops the glyphs of an empty span, so the word comes out
/// once, whole, at the end of the first line. MuPDF 1.21 (`mutool draw -F
/// txt`, Debian 12) ignores `/ActualText` altogether and reports the glyphs
/// as drawn, "manifes-" and "tations", which its and other readers'
/// dehyphenation join; later MuPDF text devices handle `/ActualText` and,
/// by their source, drop the glyphs of an empty span too (not run here). The
/// other variants are worse: a first piece standing for itself without its
/// hyphen ("manifes") splits the word in poppler, and a whole word without
/// an empty continuation doubles its tail.
fn actual_text_begin(text: &str) -> Op {
    let mut data = vec![0xFE, 0xFF];
    for u in text.encode_utf16() {
        data.extend_from_slice(&u.to_be_bytes());
    }
    let mut map = std::collections::BTreeMap::new();
    map.insert("ActualText".to_string(), DictItem::String { data, literal: false });
    Op::BeginMarkedContentWithProperties { tag: "Span".to_string(), properties: DictItem::Dict { map } }
}

/// Glyphs with TJ adjustments: after glyph i the viewer's pen has moved by
/// its `/W` advance; the adjustment brings it to glyph i+1's `x`. The pen is
/// tracked with the rounded adjustments actually written, so rounding never
/// accumulates.
fn codepoints(glyphs: &[PlacedGlyph], font: &super::fonts::EmbeddedFont, size: f32) -> Vec<Codepoint> {
    let origin = f64::from(glyphs[0].x.0);
    let size = f64::from(size);
    // Pen position in 1/1000 em relative to the first glyph.
    let mut pen = 0.0f64;
    let mut out = Vec::with_capacity(glyphs.len());
    for (i, g) in glyphs.iter().enumerate() {
        let gid = font.gid(g.id);
        pen += font.width(gid) as f64;
        let offset = match glyphs.get(i + 1) {
            Some(next) => {
                let target = (f64::from(next.x.0) - origin) * 1000.0 / size;
                // Differences below 1/20 000 em are float noise of the
                // layout's positions; they are carried into the next glyph.
                let adj = ((pen - target) * 100.0).round() / 100.0;
                let adj = if adj.abs() < 0.05 { 0.0 } else { adj };
                pen -= adj;
                adj as f32
            }
            None => 0.0,
        };
        out.push(Codepoint {
            gid,
            offset: if offset == 0.0 { 0.0 } else { offset },
            cid: Some(font.text(g.id).to_owned()),
        });
    }
    out
}

fn set_fill(ops: &mut Vec<Op>, st: &mut State, color: Color) {
    if st.fill != Some(color) {
        ops.push(Op::SetFillColor { col: rgb(color) });
        st.fill = Some(color);
    }
}

/// A library rectangle (top-left origin, y down) in PDF coordinates.
fn flip(rect: &Rect, page_height: Pt) -> PdfRect {
    PdfRect {
        x: PdfPt(rect.x.0),
        y: PdfPt((page_height - rect.bottom()).0),
        width: PdfPt(rect.width.0),
        height: PdfPt(rect.height.0),
        mode: None,
        winding_order: None,
    }
}

/// A device RGB colour.
pub(super) fn rgb(c: Color) -> PdfColor {
    PdfColor::Rgb(Rgb {
        r: f32::from(c.r) / 255.0,
        g: f32::from(c.g) / 255.0,
        b: f32::from(c.b) / 255.0,
        icc_profile: None,
    })
}

/// URIs in PDF are 7-bit ASCII: percent-encode anything else.
fn ascii_uri(uri: &str) -> String {
    let mut out = String::with_capacity(uri.len());
    for b in uri.bytes() {
        if b.is_ascii_graphic() {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
