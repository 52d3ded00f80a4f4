//! The bundled fonts: Noto Sans and Noto Serif in four styles each,
//! compiled into the binary and parsed once per process, each face when
//! it is first used. The tool never
//! reads the fonts of the machine it runs on.

use std::sync::OnceLock;

use crate::model::FontChoice;

use super::run::FaceId;

/// One bundled face: its bytes and the metrics layout needs, in em units.
pub struct Face {
    /// PostScript name ("NotoSans-Regular").
    pub name: &'static str,
    /// The TrueType file.
    pub data: &'static [u8],
    /// Shaping face (parsed once).
    pub shaper: rustybuzz::Face<'static>,
    /// Font units per em.
    pub units_per_em: f32,
    /// Ascender, in em (positive).
    pub ascender: f32,
    /// Descender, in em (positive).
    pub descender: f32,
    /// Height of capitals, in em.
    pub cap_height: f32,
    /// Height of lowercase x, in em.
    pub x_height: f32,
}

impl std::fmt::Debug for Face {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Face").field("name", &self.name).finish()
    }
}

impl Face {
    fn parse(name: &'static str, data: &'static [u8]) -> Face {
        // The bundled files are fixed at compile time and checked by the
        // tests below, so failing here is a build defect, not a user error.
        #[allow(clippy::expect_used)]
        let shaper = rustybuzz::Face::from_slice(data, 0).expect("bundled font parses");
        let upem = shaper.units_per_em() as f32;
        let ascender = shaper.ascender() as f32 / upem;
        let descender = -(shaper.descender() as f32) / upem;
        let cap_height = shaper.capital_height().map_or(0.714, |v| v as f32 / upem);
        let x_height = shaper.x_height().map_or(0.536, |v| v as f32 / upem);
        Face { name, data, shaper, units_per_em: upem, ascender, descender, cap_height, x_height }
    }

    /// Whether the face has a glyph for `c`.
    pub fn has_char(&self, c: char) -> bool {
        self.shaper.glyph_index(c).is_some()
    }
}

/// The bundled faces, indexed by [`FaceId`].
#[derive(Debug)]
pub struct FontBook {
    faces: [OnceLock<Face>; BUNDLED.len()],
}

macro_rules! bundled {
    ($($name:literal => $path:literal),* $(,)?) => {
        [$(($name, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/", $path)) as &'static [u8])),*]
    };
}

/// Faces in [`FaceId`] order: family × (regular, bold, italic, bold italic).
const BUNDLED: [(&str, &[u8]); 8] = bundled![
    "NotoSans-Regular" => "noto-sans/NotoSans-Regular.ttf",
    "NotoSans-Bold" => "noto-sans/NotoSans-Bold.ttf",
    "NotoSans-Italic" => "noto-sans/NotoSans-Italic.ttf",
    "NotoSans-BoldItalic" => "noto-sans/NotoSans-BoldItalic.ttf",
    "NotoSerif-Regular" => "noto-serif/NotoSerif-Regular.ttf",
    "NotoSerif-Bold" => "noto-serif/NotoSerif-Bold.ttf",
    "NotoSerif-Italic" => "noto-serif/NotoSerif-Italic.ttf",
    "NotoSerif-BoldItalic" => "noto-serif/NotoSerif-BoldItalic.ttf",
];

impl FontBook {
    /// The process-wide book of bundled faces; each face is parsed on
    /// first use (a brief in one family never parses the other).
    pub fn bundled() -> &'static FontBook {
        static BOOK: FontBook = FontBook { faces: [const { OnceLock::new() }; BUNDLED.len()] };
        &BOOK
    }

    /// The face of `family` in the given style.
    pub fn select(&self, family: FontChoice, bold: bool, italic: bool) -> FaceId {
        let base = match family {
            FontChoice::Sans => 0,
            FontChoice::Serif => 4,
        };
        FaceId(base + u8::from(bold) + 2 * u8::from(italic))
    }

    /// The face with this id.
    pub fn face(&self, id: FaceId) -> &Face {
        let i = usize::from(id.0) % BUNDLED.len();
        self.faces[i].get_or_init(|| Face::parse(BUNDLED[i].0, BUNDLED[i].1))
    }

    /// Whether `c` prints as itself: the regular face of either family has
    /// a glyph for it, or it is never drawn (whitespace, a control
    /// character, a default-ignorable format character such as a soft
    /// hyphen, a zero-width joiner or a variation selector).
    pub fn covers(&self, c: char) -> bool {
        // Both families have every printable ASCII character.
        c.is_ascii()
            || not_drawn(c)
            || [FontChoice::Sans, FontChoice::Serif]
                .into_iter()
                .any(|family| self.face(self.select(family, false, false)).has_char(c))
    }

    /// All faces with their ids.
    pub fn faces(&self) -> impl Iterator<Item = (FaceId, &Face)> {
        (0..BUNDLED.len()).map(|i| (FaceId(i as u8), self.face(FaceId(i as u8))))
    }
}

/// Characters that are never drawn, so need no glyph: whitespace, control
/// characters and the default-ignorable format characters the shaper
/// removes.
fn not_drawn(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '\u{AD}'
                | '\u{34F}'
                | '\u{61C}'
                | '\u{115F}'..='\u{1160}'
                | '\u{17B4}'..='\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFF0}'..='\u{FFF8}'
                | '\u{1BCA0}'..='\u{1BCA3}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0000}'..='\u{E0FFF}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_face_parses_with_sane_metrics() {
        let book = FontBook::bundled();
        assert_eq!(book.faces().count(), 8);
        for (_, face) in book.faces() {
            assert!(face.ascender > 0.5 && face.ascender < 1.5, "{}", face.name);
            assert!(face.descender > 0.1 && face.descender < 0.6, "{}", face.name);
            assert!(face.has_char('ó') && face.has_char('–') && face.has_char('“'));
            // `covers` takes every ASCII character as covered.
            assert!((' '..='~').all(|c| face.has_char(c)), "{}", face.name);
        }
    }

    #[test]
    fn covers_latin_and_invisibles_but_not_emoji_or_cjk() {
        let book = FontBook::bundled();
        for c in ['a', 'é', '–', '€', 'Ж', ' ', '\n', '\u{AD}', '\u{200D}', '\u{FE0F}'] {
            assert!(book.covers(c), "{c:?}");
        }
        for c in ['😀', '漢', 'ب', '\u{10FFFD}'] {
            assert!(!book.covers(c), "{c:?}");
        }
    }

    #[test]
    fn select_picks_the_style() {
        let book = FontBook::bundled();
        assert_eq!(book.face(book.select(FontChoice::Serif, true, true)).name, "NotoSerif-BoldItalic");
        assert_eq!(book.face(book.select(FontChoice::Sans, false, true)).name, "NotoSans-Italic");
    }
}
