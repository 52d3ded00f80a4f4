//! The text stage's boundary types: positioned glyph runs and set lines.
//! Layout places them on pages; the PDF writer draws them without
//! measuring or shaping anything.

use std::sync::Arc;

use crate::geom::{Color, Pt};

/// A face of the [`FontBook`](super::FontBook): 0–7 are the bundled faces,
/// later ids the font files briefs named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FaceId(pub u16);

/// How a piece of text is to be set.
#[derive(Debug, Clone, PartialEq)]
pub struct TextStyle {
    /// The face.
    pub face: FaceId,
    /// Font size.
    pub size: Pt,
    /// Fill colour.
    pub color: Color,
    /// Link target covering this text, if any.
    pub link: Option<Arc<str>>,
}

/// A piece of text with its style: the input of paragraph setting.
#[derive(Debug, Clone, PartialEq)]
pub struct StyledText {
    /// The characters.
    pub text: String,
    /// How they are set.
    pub style: TextStyle,
}

/// A glyph placed along a run's baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedGlyph {
    /// Glyph id in the face (not yet subset).
    pub id: u16,
    /// Pen position of the glyph, relative to the run's origin.
    pub x: Pt,
    /// Vertical offset from the baseline (positive is up, as in fonts).
    pub y_offset: Pt,
    /// Advance width.
    pub advance: Pt,
    /// The text this glyph stands for: one or more characters ("fi" for a
    /// ligature), or empty for the second and later glyphs of a cluster.
    pub text: String,
}

/// A run of glyphs in one face, size and colour, on one baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct GlyphRun {
    /// The face.
    pub face: FaceId,
    /// Font size.
    pub size: Pt,
    /// Fill colour.
    pub color: Color,
    /// Offset of the run's origin from the start of its line.
    pub x: Pt,
    /// Total advance of the run.
    pub width: Pt,
    /// The glyphs, in visual order, left to right.
    pub glyphs: Vec<PlacedGlyph>,
    /// Link target of the run, if any.
    pub link: Option<Arc<str>>,
    /// Text that extraction (copy, search, screen readers) should report
    /// instead of the glyphs' own text: for the first half of a hyphenated
    /// word plus its inserted hyphen, the whole word as in the source; for
    /// the continuation at the start of the next line, the empty string.
    /// `None` for ordinary runs, whose glyph texts stand for themselves.
    pub actual_text: Option<String>,
    /// The run is right-to-left text: its glyphs, in visual order, read
    /// from the last to the first.
    pub rtl: bool,
    /// The run is text without ink (drawn in text render mode 3): a
    /// right-to-left mark that guides text extraction, whose glyph most
    /// fonts draw as a visible symbol.
    pub invisible: bool,
    /// Kashidas lengthening joins between Arabic letters of the run (in a
    /// justified right-to-left line): strokes drawn in the run's colour,
    /// never text.
    pub kashidas: Vec<Kashida>,
    /// What text extraction reads for the run when its line mixes
    /// directions and faces (see [`Reading`]).
    pub reading: Reading,
}

/// How text extraction reads a run of a line whose pieces stand in an
/// order no reader can put back from the page: a right-to-left line with
/// a left-to-right stretch in another face (a number, a Latin name, an
/// address). Readers that honour `/ActualText` on marked content (MuPDF;
/// by the standard, screen readers too) then read the whole line once, in
/// reading order, at one of its invisible marks, and nothing for the
/// glyphs; the others read the glyphs as before.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Reading {
    /// The glyphs' own text.
    #[default]
    Glyphs,
    /// The whole line's text, in reading order (the run of an invisible
    /// mark).
    Line(Arc<str>),
    /// Nothing: the line's text stands at its [`Reading::Line`] run.
    Hidden,
}

/// A kashida: the tatweel stroke of the run's face drawn over a join that
/// justification lengthened.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Kashida {
    /// Left end, relative to the run's origin.
    pub x: Pt,
    /// Length.
    pub width: Pt,
    /// Bottom of the stroke above the baseline (positive is up).
    pub bottom: Pt,
    /// Top of the stroke above the baseline.
    pub top: Pt,
}

/// A set line: runs positioned from the line's left edge, in visual order
/// (a right-to-left line's first word is its rightmost run), as PDF text
/// extraction expects them: readers put right-to-left text back in reading
/// order themselves, from the positions and the characters' directions.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The runs, left to right.
    pub runs: Vec<GlyphRun>,
    /// Width actually used (after justification).
    pub width: Pt,
    /// Largest ascender of the line's faces at their sizes.
    pub ascent: Pt,
    /// Largest descender (positive number) of the line's faces.
    pub descent: Pt,
    /// The line ends with a hyphen the breaker inserted.
    pub hyphenated: bool,
    /// Adjustment ratio of a justified line (0 = natural spacing, 1 = all
    /// stretch used, negative = shrunk); 0 for unjustified lines.
    pub ratio: f32,
    /// The line was too wide for the measure even after breaking everything
    /// that could be broken.
    pub overfull: bool,
}
