//! The house style: page geometry, type sizes, spacing and colours, all
//! derived from the brief's `[style]`. One place to tune the look.

use crate::geom::{Color, Pt, Size};
use crate::model::{Language, PageSize, Style};
use crate::text::{FaceId, Family, FontBook, TextStyle};

/// How much larger Arabic is set than the size asked for.
const ARABIC_SCALE: f32 = crate::text::ARABIC_SCALE;

/// Text colour of body copy.
pub const INK: Color = Color::rgb(0x1d, 0x1d, 0x1b);
/// Secondary text (subtitle, attribution roles, notes).
pub const MUTED: Color = Color::rgb(0x55, 0x58, 0x5a);
/// Hairlines and quiet rules.
pub const HAIRLINE: Color = Color::rgb(0xb8, 0xbc, 0xc0);

/// Sizes, spacing and colours for one brief.
#[derive(Debug, Clone)]
pub struct Theme {
    /// Paper size.
    pub page: Size,
    /// Left and right margin.
    pub margin_x: Pt,
    /// Top of the content area on pages after the first.
    pub top: Pt,
    /// Bottom margin (the footer sits inside it).
    pub bottom: Pt,
    /// Multiplier for all type sizes (1 on A4/Letter, smaller on A5).
    pub scale: f32,
    /// The faces of the brief's family.
    pub family: Family,
    /// The accent (band) colour.
    pub accent: Color,
    /// Accent dark enough for text on white.
    pub accent_text: Color,
    /// Text colour on the band.
    pub on_accent: Color,
    /// Body size.
    pub body: Pt,
    /// Body leading (baseline to baseline).
    pub leading: Pt,
}

impl Theme {
    /// The theme for a brief's style, in its language: Arabic body text,
    /// set larger (see [`crate::text::size_adjust`]) in a face with deep
    /// descenders, gets a leading of 1.4 times its size.
    pub fn new(style: &Style, book: &FontBook, language: &Language) -> Theme {
        let page = match style.page {
            PageSize::A4 => Size { width: Pt::from_mm(210.0), height: Pt::from_mm(297.0) },
            PageSize::Letter => Size { width: Pt(612.0), height: Pt(792.0) },
            PageSize::A5 => Size { width: Pt::from_mm(148.0), height: Pt::from_mm(210.0) },
            PageSize::Legal => Size { width: Pt(612.0), height: Pt(1008.0) },
        };
        let scale = (page.width.0 / 595.0).clamp(0.82, 1.0);
        let accent = style.accent;
        // Darken the accent until it reads as text on white (WCAG 4.5:1).
        let accent_text = accent.readable_on_white();
        let on_accent = if accent.luminance() > 0.4 { INK } else { Color::WHITE };
        let body = Pt(10.5 * scale);
        Theme {
            page,
            margin_x: Pt(64.0 * scale),
            top: Pt(74.0 * scale),
            bottom: Pt(74.0 * scale),
            scale,
            family: book.family(&style.font),
            accent,
            accent_text,
            on_accent,
            body,
            leading: Pt(if language.is_rtl() { (body.0 * ARABIC_SCALE * 1.4).round() } else { (15.0 * scale).round() }),
        }
    }

    /// Width of the text measure.
    pub fn measure(&self) -> Pt {
        self.page.width - self.margin_x * 2.0
    }

    /// A size scaled for the page.
    pub fn size(&self, pt: f32) -> Pt {
        Pt(pt * self.scale)
    }

    /// The face of the brief's family in a style.
    pub fn face(&self, bold: bool, italic: bool) -> FaceId {
        self.family.select(bold, italic)
    }

    /// A text style in the brief's family.
    pub fn style(&self, bold: bool, italic: bool, size: f32, color: Color) -> TextStyle {
        TextStyle { face: self.face(bold, italic), size: self.size(size), color, link: None }
    }
}
