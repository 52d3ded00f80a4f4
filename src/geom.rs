//! Geometry shared by every stage: points (`Pt`), positions, sizes,
//! rectangles and colours. The y axis grows **down** everywhere in the
//! library; only the PDF writer flips it.

use std::ops::{Add, AddAssign, Div, Mul, Neg, Sub, SubAssign};

/// A length in PostScript points (1/72 inch).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct Pt(pub f32);

impl Pt {
    /// Zero length.
    pub const ZERO: Pt = Pt(0.0);
    /// Converts millimetres to points.
    pub fn from_mm(mm: f32) -> Pt {
        Pt(mm * 72.0 / 25.4)
    }
    /// The larger of two lengths.
    pub fn max(self, other: Pt) -> Pt {
        Pt(self.0.max(other.0))
    }
    /// The smaller of two lengths.
    pub fn min(self, other: Pt) -> Pt {
        Pt(self.0.min(other.0))
    }
}

impl Add for Pt {
    type Output = Pt;
    fn add(self, o: Pt) -> Pt {
        Pt(self.0 + o.0)
    }
}
impl Sub for Pt {
    type Output = Pt;
    fn sub(self, o: Pt) -> Pt {
        Pt(self.0 - o.0)
    }
}
impl AddAssign for Pt {
    fn add_assign(&mut self, o: Pt) {
        self.0 += o.0;
    }
}
impl SubAssign for Pt {
    fn sub_assign(&mut self, o: Pt) {
        self.0 -= o.0;
    }
}
impl Mul<f32> for Pt {
    type Output = Pt;
    fn mul(self, k: f32) -> Pt {
        Pt(self.0 * k)
    }
}
impl Div<f32> for Pt {
    type Output = Pt;
    fn div(self, k: f32) -> Pt {
        Pt(self.0 / k)
    }
}
impl Neg for Pt {
    type Output = Pt;
    fn neg(self) -> Pt {
        Pt(-self.0)
    }
}
impl std::iter::Sum for Pt {
    fn sum<I: Iterator<Item = Pt>>(iter: I) -> Pt {
        Pt(iter.map(|p| p.0).sum())
    }
}

/// A position on a page, from its top-left corner.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Point {
    /// Distance from the left edge.
    pub x: Pt,
    /// Distance from the top edge.
    pub y: Pt,
}

impl Point {
    /// A point from its coordinates.
    pub fn new(x: Pt, y: Pt) -> Point {
        Point { x, y }
    }
}

/// A width and a height.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Size {
    /// Horizontal extent.
    pub width: Pt,
    /// Vertical extent.
    pub height: Pt,
}

/// An axis-aligned rectangle; `y` is its top edge.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    /// Left edge.
    pub x: Pt,
    /// Top edge.
    pub y: Pt,
    /// Width.
    pub width: Pt,
    /// Height.
    pub height: Pt,
}

impl Rect {
    /// A rectangle from its left, top, width and height.
    pub fn new(x: Pt, y: Pt, width: Pt, height: Pt) -> Rect {
        Rect { x, y, width, height }
    }
    /// Right edge.
    pub fn right(&self) -> Pt {
        self.x + self.width
    }
    /// Bottom edge.
    pub fn bottom(&self) -> Pt {
        self.y + self.height
    }
    /// Whether `other` lies within this rectangle (with a tolerance of `eps`).
    pub fn contains(&self, other: &Rect, eps: f32) -> bool {
        other.x.0 >= self.x.0 - eps
            && other.y.0 >= self.y.0 - eps
            && other.right().0 <= self.right().0 + eps
            && other.bottom().0 <= self.bottom().0 + eps
    }
    /// Whether the interiors of two rectangles intersect by more than `eps`
    /// in both directions.
    pub fn overlaps(&self, other: &Rect, eps: f32) -> bool {
        let ix = self.right().0.min(other.right().0) - self.x.0.max(other.x.0);
        let iy = self.bottom().0.min(other.bottom().0) - self.y.0.max(other.y.0);
        ix > eps && iy > eps
    }
}

/// Space on the four sides of a box.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Sides {
    /// Top.
    pub top: Pt,
    /// Right.
    pub right: Pt,
    /// Bottom.
    pub bottom: Pt,
    /// Left.
    pub left: Pt,
}

/// An sRGB colour, each channel 0–255.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Color {
    /// Red.
    pub r: u8,
    /// Green.
    pub g: u8,
    /// Blue.
    pub b: u8,
}

impl Color {
    /// Black.
    pub const BLACK: Color = Color::rgb(0, 0, 0);
    /// White.
    pub const WHITE: Color = Color::rgb(255, 255, 255);

    /// A colour from its channels.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Color {
        Color { r, g, b }
    }

    /// Parses `#RRGGBB` or `#RGB` (case-insensitive).
    pub fn from_hex(s: &str) -> Option<Color> {
        let hex = s.strip_prefix('#')?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let channel = |i: usize, len: usize| {
            let v = u8::from_str_radix(hex.get(i * len..i * len + len)?, 16).ok()?;
            Some(if len == 1 { v * 17 } else { v })
        };
        match hex.len() {
            3 => Some(Color::rgb(channel(0, 1)?, channel(1, 1)?, channel(2, 1)?)),
            6 => Some(Color::rgb(channel(0, 2)?, channel(1, 2)?, channel(2, 2)?)),
            _ => None,
        }
    }

    /// Relative luminance (WCAG), 0 for black to 1 for white.
    pub fn luminance(&self) -> f32 {
        let lin = |c: u8| {
            let c = c as f32 / 255.0;
            if c <= 0.03928 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * lin(self.r) + 0.7152 * lin(self.g) + 0.0722 * lin(self.b)
    }

    /// Mixes this colour with white: `amount` 0 keeps it, 1 gives white.
    pub fn tint(&self, amount: f32) -> Color {
        let mix = |c: u8| (c as f32 + (255.0 - c as f32) * amount).round() as u8;
        Color::rgb(mix(self.r), mix(self.g), mix(self.b))
    }

    /// Mixes this colour with black: `amount` 0 keeps it, 1 gives black.
    pub fn shade(&self, amount: f32) -> Color {
        let mix = |c: u8| (c as f32 * (1.0 - amount)).round() as u8;
        Color::rgb(mix(self.r), mix(self.g), mix(self.b))
    }

    /// This colour darkened until it reads as text on white (WCAG 4.5:1).
    pub fn readable_on_white(&self) -> Color {
        let mut out = *self;
        let mut step = 0.0;
        while (1.05 / (out.luminance() + 0.05)) < 4.5 && step < 1.0 {
            step += 0.05;
            out = self.shade(step);
        }
        out
    }

    /// `#rrggbb`.
    pub fn hex(&self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_colours_parse() {
        assert_eq!(Color::from_hex("#009EDB"), Some(Color::rgb(0, 158, 219)));
        assert_eq!(Color::from_hex("#fff"), Some(Color::WHITE));
        assert_eq!(Color::from_hex("009EDB"), None);
        assert_eq!(Color::from_hex("#12345"), None);
        assert_eq!(Color::from_hex("#gg0000"), None);
        assert_eq!(Color::from_hex("#ééé"), None);
    }

    #[test]
    fn rect_relations() {
        let page = Rect::new(Pt(0.0), Pt(0.0), Pt(100.0), Pt(100.0));
        let a = Rect::new(Pt(10.0), Pt(10.0), Pt(20.0), Pt(20.0));
        let b = Rect::new(Pt(25.0), Pt(25.0), Pt(20.0), Pt(20.0));
        let c = Rect::new(Pt(30.0), Pt(10.0), Pt(5.0), Pt(5.0));
        assert!(page.contains(&a, 0.0));
        assert!(a.overlaps(&b, 0.0));
        assert!(!a.overlaps(&c, 0.0));
    }
}
