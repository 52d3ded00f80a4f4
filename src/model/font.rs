//! The user's own font files (`[style] font = { regular = "…", … }`):
//! each is read by its content, never its name, and checked before it is
//! used: a TrueType or OpenType font with outlines the PDF can embed, a
//! Unicode character map, no variation axes, and a licence (the OS/2
//! `fsType` field) that allows embedding a subset in a document. What it
//! covers is kept, so that the brief's text can be checked against it and
//! the text stage can set what it lacks in a bundled face.

use std::sync::Arc;

use ttf_parser::{Face, Permissions};

use super::image::Problem;

/// The largest font file accepted (a full CJK font is about 16 MiB); the
/// same as for any file a brief names.
pub const MAX_BYTES: usize = 32 * 1024 * 1024;

/// The user's family: a file for each style given. Only `regular` is
/// required; a missing style is set in the nearest one given.
#[derive(Debug, Clone, PartialEq)]
pub struct FontFiles {
    /// Upright, normal weight.
    pub regular: Arc<FontFile>,
    /// Bold.
    pub bold: Option<Arc<FontFile>>,
    /// Italic.
    pub italic: Option<Arc<FontFile>>,
    /// Bold italic.
    pub bold_italic: Option<Arc<FontFile>>,
}

impl FontFiles {
    /// The file that sets text in a style: its own, or the nearest style
    /// given (bold italic → bold → italic → regular).
    pub fn for_style(&self, bold: bool, italic: bool) -> &Arc<FontFile> {
        let found = match (bold, italic) {
            (false, false) => None,
            (true, false) => self.bold.as_ref(),
            (false, true) => self.italic.as_ref(),
            (true, true) => self.bold_italic.as_ref().or(self.bold.as_ref()).or(self.italic.as_ref()),
        };
        found.unwrap_or(&self.regular)
    }

    /// The files given, each with the index of its style in the order of
    /// the `font` table's keys (regular, bold, italic, bold italic).
    pub fn given(&self) -> impl Iterator<Item = (u16, &Arc<FontFile>)> {
        [Some(&self.regular), self.bold.as_ref(), self.italic.as_ref(), self.bold_italic.as_ref()]
            .into_iter()
            .zip(0u16..)
            .filter_map(|(file, i)| file.map(|file| (i, file)))
    }
}

/// One checked font file.
#[derive(Debug, Clone, PartialEq)]
pub struct FontFile {
    /// The path as written in the brief (for messages).
    pub path: String,
    /// The file's bytes.
    pub data: Arc<[u8]>,
    /// The PostScript name, reduced to characters a PDF name may hold.
    pub postscript_name: String,
    /// The family name (for summaries: the HTML font stack).
    pub family: String,
    /// The characters it has glyphs for.
    pub coverage: Arc<Coverage>,
    /// A hash of the bytes (to find a file another brief loaded before).
    pub hash: u64,
}

/// The characters a font maps to a glyph: a bit per character of the
/// Basic Multilingual Plane and a sorted list above it.
#[derive(Clone, PartialEq, Eq)]
pub struct Coverage {
    bmp: Box<[u64; 1024]>,
    astral: Vec<u32>,
}

impl std::fmt::Debug for Coverage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let count: u32 = self.bmp.iter().map(|w| w.count_ones()).sum();
        write!(f, "Coverage({} characters)", count as usize + self.astral.len())
    }
}

impl Coverage {
    /// What `face`'s Unicode character maps cover.
    pub fn of(face: &Face<'_>) -> Coverage {
        let (bmp, astral) = super::cmap::characters(face);
        Coverage { bmp, astral }
    }

    /// Whether it covers nothing at all.
    pub fn is_empty(&self) -> bool {
        self.astral.is_empty() && self.bmp.iter().all(|&w| w == 0)
    }

    /// Whether the font has a glyph for `c`.
    pub fn has(&self, c: char) -> bool {
        let i = c as usize;
        if i < 0x1_0000 {
            self.bmp[i / 64] & (1 << (i % 64)) != 0
        } else {
            self.astral.binary_search(&(c as u32)).is_ok()
        }
    }

    /// Whether `c` prints as itself in this font: it has a glyph or is
    /// never drawn.
    pub fn prints(&self, c: char) -> bool {
        not_drawn(c) || self.has(c)
    }
}

/// Characters that are never drawn, so need no glyph: whitespace, control
/// characters and the default-ignorable format characters a shaper
/// removes.
pub fn not_drawn(c: char) -> bool {
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

/// Checks a font file's bytes; `key` is the style it was given for.
pub(crate) fn read(key: &str, path: &str, data: Vec<u8>) -> Result<FontFile, Problem> {
    let problem = |message: String, hint: &str| (message, Some(hint.to_string()));
    if data.len() > MAX_BYTES {
        return Err(problem(
            format!("font `{path}` is {} MiB, the most is {} MiB", data.len() >> 20, MAX_BYTES >> 20),
            "is this the right file? a font for a brief is a few hundred KiB",
        ));
    }
    match data.get(..4) {
        Some(b"\x00\x01\x00\x00" | b"OTTO" | b"true") => {}
        Some(b"ttcf") => {
            return Err(problem(
                format!("font `{path}` is a font collection (.ttc), not a single font"),
                "extract the face you want as a .ttf or .otf file, e.g. with fontTools' `ttx` or FontForge",
            ));
        }
        Some(b"wOFF" | b"wOF2") => {
            return Err(problem(
                format!("font `{path}` is a web font (WOFF)"),
                "use the TrueType (.ttf) or OpenType (.otf) file of the same font",
            ));
        }
        _ => {
            return Err(problem(
                format!("`{path}` is not a TrueType or OpenType font"),
                "the format is read from the file's content, not its name; give a .ttf or .otf file",
            ));
        }
    }
    let face = Face::parse(&data, 0)
        .map_err(|e| problem(format!("font `{path}` is damaged: {e}"), "download or export the font again"))?;
    let tables = face.tables();
    if tables.fvar.is_some() {
        return Err(problem(
            format!("font `{path}` is a variable font"),
            "use its static instances instead (Google Fonts ships them in the `static` folder beside the variable font)",
        ));
    }
    if tables.glyf.is_none() && tables.cff.is_none() {
        return Err(problem(
            format!("font `{path}` has no TrueType or CFF outlines"),
            "colour, bitmap and CFF2 fonts cannot be embedded; use a .ttf or .otf text font",
        ));
    }
    let coverage = Coverage::of(&face);
    if coverage.is_empty() {
        return Err(problem(
            format!("font `{path}` has no Unicode character map"),
            "it is a symbol or legacy font; use a Unicode text font",
        ));
    }
    match face.permissions() {
        Some(Permissions::Restricted) => {
            return Err(problem(
                format!("the licence of font `{path}` forbids embedding it in documents"),
                "its OS/2 fsType is \"restricted licence embedding\"; use a font whose licence allows \
                 embedding, such as one under the SIL Open Font License",
            ));
        }
        _ if !face.is_subsetting_allowed() || !face.is_outline_embedding_allowed() => {
            return Err(problem(
                format!("the licence of font `{path}` forbids embedding a subset of it"),
                "its OS/2 fsType allows no subsetting or only bitmaps; use a font whose licence allows \
                 embedding, such as one under the SIL Open Font License",
            ));
        }
        _ => {}
    }
    let postscript_name = name(&face, ttf_parser::name_id::POST_SCRIPT_NAME)
        .map(|n| n.chars().filter(|c| c.is_ascii_graphic() && !"()<>[]{}/%#".contains(*c)).take(63).collect())
        .filter(|n: &String| !n.is_empty())
        .unwrap_or_else(|| format!("UserFont-{key}"));
    let family = name(&face, ttf_parser::name_id::TYPOGRAPHIC_FAMILY)
        .or_else(|| name(&face, ttf_parser::name_id::FAMILY))
        .unwrap_or_else(|| postscript_name.clone());
    let coverage = Arc::new(coverage);
    let hash = {
        use std::hash::{Hash, Hasher};
        let mut h = rustc_hash::FxHasher::default();
        data.hash(&mut h);
        h.finish()
    };
    Ok(FontFile { path: path.to_string(), data: data.into(), postscript_name, family, coverage, hash })
}

/// A name-table entry in Unicode, preferring English.
fn name(face: &Face<'_>, id: u16) -> Option<String> {
    let names = face.names();
    let mut found = None;
    for n in names.into_iter().filter(|n| n.name_id == id && n.is_unicode()) {
        if let Some(s) = n.to_string() {
            if n.language() == ttf_parser::Language::English_UnitedStates {
                return Some(s);
            }
            found.get_or_insert(s);
        }
    }
    found
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_format_is_read_from_the_content() {
        for (bytes, says) in [
            (b"ttcf\0\0\0\0".to_vec(), "collection"),
            (b"wOF2\0\0\0\0".to_vec(), "web font"),
            (b"%PDF-1.7".to_vec(), "not a TrueType or OpenType font"),
            (Vec::new(), "not a TrueType or OpenType font"),
            (b"\x00\x01\x00\x00\x00\x05".to_vec(), "damaged"),
        ] {
            let (message, _) = read("regular", "f.ttf", bytes).unwrap_err();
            assert!(message.contains(says), "{message}");
        }
    }

    #[test]
    fn coverage_of_a_bundled_face() {
        let data = include_bytes!("../../fonts/noto-sans/NotoSans-Regular.ttf");
        let face = Face::parse(data, 0).unwrap();
        let coverage = Coverage::of(&face);
        for c in ['a', 'é', 'Ж', 'Ω', '€'] {
            assert!(coverage.has(c), "{c}");
        }
        for c in ['中', '😀', '\u{10FFFF}'] {
            assert!(!coverage.has(c), "{c}");
        }
        assert!(coverage.prints('\u{200B}') && coverage.prints('\t'));
    }

    #[test]
    fn the_nearest_style_sets_a_missing_one() {
        let file = |name: &str| {
            Arc::new(FontFile {
                path: name.into(),
                data: Arc::from(&b""[..]),
                postscript_name: name.into(),
                family: "F".into(),
                coverage: Arc::new(Coverage { bmp: Box::new([0; 1024]), astral: Vec::new() }),
                hash: 0,
            })
        };
        let family = |bold, italic| FontFiles { regular: file("r"), bold, italic, bold_italic: None };
        let only_regular = family(None, None);
        for (b, i) in [(false, false), (true, false), (false, true), (true, true)] {
            assert_eq!(only_regular.for_style(b, i).path, "r");
        }
        let with_bold = family(Some(file("b")), None);
        assert_eq!(with_bold.for_style(true, true).path, "b");
        assert_eq!(with_bold.for_style(false, true).path, "r");
        let with_italic = family(None, Some(file("i")));
        assert_eq!(with_italic.for_style(true, true).path, "i");
    }
}
