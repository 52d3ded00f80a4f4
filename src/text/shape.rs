//! Shaping with rustybuzz: text in one style becomes glyphs with advances
//! in points and the byte range of the text each glyph stands for, so that
//! break positions found in the text map to glyph indices.

use rustybuzz::UnicodeBuffer;

use super::font::FontBook;
use super::run::TextStyle;

/// A shaped glyph, positioned relative to the pen.
#[derive(Debug, Clone, PartialEq)]
pub struct ShapedGlyph {
    /// Glyph id in the face.
    pub id: u16,
    /// Byte offset of the glyph's cluster in the shaped text.
    pub cluster: usize,
    /// End of the cluster's text (equal to `cluster` for the second and
    /// later glyphs of a cluster, which stand for no text of their own).
    pub text_end: usize,
    /// Advance width in points.
    pub advance: f32,
    /// Horizontal offset from the pen in points.
    pub x_offset: f32,
    /// Vertical offset in points (positive is up).
    pub y_offset: f32,
    /// Breaking the text before this glyph would change the shaping.
    pub unsafe_to_break: bool,
}

/// Shapes `text` in `style` (kerning and ligatures on; script and direction
/// guessed; `language` a BCP 47 tag or empty). Glyphs come in logical
/// order with increasing clusters (the bundled faces are left to right).
pub fn shape(book: &FontBook, text: &str, style: &TextStyle, language: &str) -> Vec<ShapedGlyph> {
    if text.is_empty() {
        return Vec::new();
    }
    let face = book.face(style.face);
    let scale = style.size.0 / face.units_per_em;
    // Step 1: fill the buffer and let rustybuzz guess script and direction.
    let mut buffer = UnicodeBuffer::new();
    buffer.push_str(text);
    if let Ok(lang) = language.parse::<rustybuzz::Language>()
        && !language.is_empty()
    {
        buffer.set_language(lang);
    }
    buffer.guess_segment_properties();
    let output = rustybuzz::shape(&face.shaper, &[], buffer);
    let infos = output.glyph_infos();
    let positions = output.glyph_positions();
    // Step 2: the distinct cluster starts, sorted, give each cluster's end.
    let mut starts: Vec<usize> = infos.iter().map(|i| i.cluster as usize).collect();
    starts.sort_unstable();
    starts.dedup();
    let end_of = |c: usize| {
        let k = starts.partition_point(|&s| s <= c);
        starts.get(k).copied().unwrap_or(text.len())
    };
    // Step 3: glyphs with their text ranges (first glyph of a cluster only).
    let mut glyphs: Vec<ShapedGlyph> = Vec::with_capacity(infos.len());
    for (info, pos) in infos.iter().zip(positions) {
        let cluster = info.cluster as usize;
        let first = glyphs.last().is_none_or(|g| g.cluster != cluster);
        glyphs.push(ShapedGlyph {
            id: u16::try_from(info.glyph_id).unwrap_or(0),
            cluster,
            text_end: if first { end_of(cluster) } else { cluster },
            advance: pos.x_advance as f32 * scale,
            x_offset: pos.x_offset as f32 * scale,
            y_offset: pos.y_offset as f32 * scale,
            unsafe_to_break: info.unsafe_to_break(),
        });
    }
    // Right-to-left output comes in visual order; keep logical order here.
    if glyphs.len() > 1 && glyphs[0].cluster > glyphs[glyphs.len() - 1].cluster {
        glyphs.reverse();
    }
    glyphs
}

/// Total advance of shaped glyphs, in points.
pub fn advance(glyphs: &[ShapedGlyph]) -> f32 {
    glyphs.iter().map(|g| g.advance).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::{Color, Pt};
    use crate::text::FaceId;

    fn style() -> TextStyle {
        TextStyle { face: FaceId(0), size: Pt(10.0), color: Color::BLACK, link: None }
    }

    fn text_of(text: &str, glyphs: &[ShapedGlyph]) -> String {
        glyphs.iter().map(|g| &text[g.cluster..g.text_end]).collect()
    }

    #[test]
    fn kerning_tightens_av() {
        let book = FontBook::bundled();
        for face in [0, 4] {
            let s = TextStyle { face: FaceId(face), ..style() };
            let av = advance(&shape(book, "AV", &s, "en"));
            let a = advance(&shape(book, "A", &s, "en"));
            let v = advance(&shape(book, "V", &s, "en"));
            assert!(av < a + v - 0.1, "face {face}: {av} vs {}", a + v);
        }
    }

    #[test]
    fn ligatures_map_back_to_their_text() {
        let book = FontBook::bundled();
        let text = "office";
        let glyphs = shape(book, text, &style(), "en");
        assert!(glyphs.len() < text.chars().count(), "no ligature: {glyphs:?}");
        assert_eq!(text_of(text, &glyphs), text);
    }

    #[test]
    fn text_round_trips_through_clusters() {
        let book = FontBook::bundled();
        for text in ["António said “yes” – 10\u{a0}000 fi ffl", "Привет, мир", "e\u{301}te\u{301}"] {
            assert_eq!(text_of(text, &shape(book, text, &style(), "")), text);
        }
    }
}
