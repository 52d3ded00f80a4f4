//! The fonts: Noto Sans and Noto Serif in four styles each, compiled into
//! the binary, and the font files a brief names itself. The tool never
//! reads the fonts of the machine it runs on.
//!
//! Every face is parsed once per process: a bundled face when it is first
//! used, a brief's own file when a brief first names it (a batch of briefs
//! in the same house font parses it once). A brief's own face sets in a
//! bundled Noto Sans face, of the same style, the characters it lacks.

use std::borrow::Cow;
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Once, OnceLock, PoisonError, RwLock};

use rustc_hash::FxHashMap;

use crate::model::FontChoice;
use crate::model::font::{Coverage, FontFile, not_drawn};

use super::run::{FaceId, StyledText};

/// One face: its bytes and the metrics layout needs, in em units.
pub struct Face {
    /// PostScript name ("NotoSans-Regular").
    pub name: &'static str,
    /// The TrueType file.
    pub data: &'static [u8],
    /// The face for the shaper (parsed once).
    pub shaper: harfrust::Font,
    /// The face for metrics and the character map.
    pub metrics: ttf_parser::Face<'static>,
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
    /// A brief's own face: what it covers, and the bundled face that sets
    /// what it lacks. `None` for a bundled face.
    own: Option<(Arc<Coverage>, FaceId)>,
    /// A brief's own face: a hash of the file's bytes.
    pub hash: u64,
    /// A brief's own face that made the shaper fail: its text is set as
    /// empty boxes, and the build is refused.
    damaged: AtomicBool,
}

impl std::fmt::Debug for Face {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Face").field("name", &self.name).finish()
    }
}

impl Face {
    fn bundled(name: &'static str, data: &'static [u8]) -> Face {
        // The bundled files are fixed at compile time and checked by the
        // tests below, so failing here is a build defect, not a user error.
        #[allow(clippy::expect_used)]
        let parsed = parse(data).expect("bundled font parses");
        Face::new(name, data, parsed, None, 0)
    }

    fn new(
        name: &'static str,
        data: &'static [u8],
        (shaper, metrics): (harfrust::Font, ttf_parser::Face<'static>),
        own: Option<(Arc<Coverage>, FaceId)>,
        hash: u64,
    ) -> Face {
        let upem = metrics.units_per_em() as f32;
        let ascender = metrics.ascender() as f32 / upem;
        let descender = -(metrics.descender() as f32) / upem;
        let cap_height = metrics.capital_height().map_or(0.714, |v| v as f32 / upem);
        let x_height = metrics.x_height().map_or(0.536, |v| v as f32 / upem);
        Face {
            name,
            data,
            shaper,
            metrics,
            units_per_em: upem,
            ascender,
            descender,
            cap_height,
            x_height,
            own,
            hash,
            damaged: AtomicBool::new(false),
        }
    }

    /// Whether third-party code failed on the face (see [`contain`]).
    pub fn is_damaged(&self) -> bool {
        self.damaged.load(Ordering::Relaxed)
    }

    /// Records that third-party code failed on the face.
    pub fn mark_damaged(&self) {
        self.damaged.store(true, Ordering::Relaxed);
    }

    /// Whether the face has a glyph for `c`.
    pub fn has_char(&self, c: char) -> bool {
        match &self.own {
            Some((coverage, _)) => coverage.has(c),
            None => self.metrics.glyph_index(c).is_some(),
        }
    }
}

/// Every face of the process: the bundled ones, indexed by [`FaceId`]
/// 0–7, then each distinct font file that briefs named, in the order they
/// were first used.
#[derive(Debug)]
pub struct FontBook {
    bundled: [OnceLock<Face>; BUNDLED.len()],
    own: RwLock<Own>,
}

/// The briefs' own faces. Each is kept for the life of the process (its
/// bytes and parsed tables are leaked to give them the bundled faces'
/// `'static` lifetime); a file is parsed again only if its content changed.
#[derive(Debug, Default)]
struct Own {
    faces: Vec<&'static Face>,
    /// Content hash and fallback face → ids of faces with that key.
    by_key: FxHashMap<(u64, FaceId), Vec<FaceId>>,
    /// Content hashes of files that could not be loaded, and why.
    refused: Vec<(u64, Refusal)>,
    /// The bytes of the files loaded.
    bytes: usize,
}

/// Why a brief's own font file was not loaded (its text is set in the
/// fallback face, and the build refused).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The shaper failed on it: a damage the model's checks did not see.
    Damaged,
    /// The process already holds [`MOST_OWN_BYTES`] of font files.
    TooMany,
}

/// Most bytes of distinct own font files one process loads (each is kept
/// for the life of the process): a run of briefs in hundreds of different
/// fonts is refused with an error instead of exhausting memory.
pub const MOST_OWN_BYTES: usize = 512 * 1024 * 1024;

/// The four faces of a family, by style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Family {
    faces: [FaceId; 4],
}

impl Family {
    /// The face for a style.
    pub fn select(&self, bold: bool, italic: bool) -> FaceId {
        self.faces[usize::from(bold) + 2 * usize::from(italic)]
    }
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

/// The bundled families' first face ids.
const SANS: u16 = 0;
const SERIF: u16 = 4;

impl FontBook {
    /// The process-wide book. Each bundled face is parsed on first use (a
    /// brief in one family never parses the other).
    pub fn shared() -> &'static FontBook {
        static BOOK: FontBook = FontBook {
            bundled: [const { OnceLock::new() }; BUNDLED.len()],
            own: RwLock::new(Own {
                faces: Vec::new(),
                by_key: FxHashMap::with_hasher(rustc_hash::FxBuildHasher),
                refused: Vec::new(),
                bytes: 0,
            }),
        };
        &BOOK
    }

    /// The faces that set a brief's family: bundled, or the brief's own
    /// files (each loaded on first use), a missing style set in the
    /// nearest style given.
    pub fn family(&self, font: &FontChoice) -> Family {
        let bundled = |base: u16| Family { faces: [0, 1, 2, 3].map(|i| FaceId(base + i)) };
        match font {
            FontChoice::Sans => bundled(SANS),
            FontChoice::Serif => bundled(SERIF),
            FontChoice::Files(files) => {
                let styles = [(false, false), (true, false), (false, true), (true, true)];
                // Each file given, with the Noto Sans face of its own style
                // for what it lacks.
                let loaded: Vec<(&Arc<FontFile>, FaceId)> =
                    files.given().map(|(i, file)| (file, self.load(file, FaceId(SANS + i)))).collect();
                let faces = styles.map(|(bold, italic)| {
                    let file = files.for_style(bold, italic);
                    loaded.iter().find(|(f, _)| Arc::ptr_eq(f, file)).map_or(FaceId(SANS), |&(_, id)| id)
                });
                Family { faces }
            }
        }
    }

    /// The id of a brief's own face, parsing it if no brief used these
    /// bytes before. A file the shaper cannot load (a damage the model's
    /// checks missed), or one past [`MOST_OWN_BYTES`] or 65,528 distinct
    /// files, is recorded, for [`FontBook::refusal`] to refuse the build,
    /// and set in `fallback` meanwhile.
    fn load(&self, file: &FontFile, fallback: FaceId) -> FaceId {
        let hash = file.hash;
        let key = (hash, fallback);
        let same = |own: &Own| {
            own.by_key.get(&key).and_then(|ids| {
                ids.iter().copied().find(|id| own.faces[usize::from(id.0 - BUNDLED_COUNT)].data == &*file.data)
            })
        };
        if let Some(id) = same(&self.own.read().unwrap_or_else(PoisonError::into_inner)) {
            return id;
        }
        let mut own = self.own.write().unwrap_or_else(PoisonError::into_inner);
        if let Some(id) = same(&own) {
            return id;
        }
        if own.refused.iter().any(|&(h, _)| h == hash) {
            return fallback;
        }
        let index = u16::try_from(own.faces.len() + usize::from(BUNDLED_COUNT)).ok().filter(|&i| i < u16::MAX);
        let (Some(index), true) = (index, own.bytes + file.data.len() <= MOST_OWN_BYTES) else {
            own.refused.push((hash, Refusal::TooMany));
            return fallback;
        };
        let data: &'static [u8] = Box::leak(Box::new(file.data.clone()));
        let Some(parsed) = contain(|| parse(data)).flatten() else {
            own.refused.push((hash, Refusal::Damaged));
            return fallback;
        };
        own.bytes += data.len();
        let name: &'static str = Box::leak(file.postscript_name.clone().into_boxed_str());
        let face: &'static Face =
            Box::leak(Box::new(Face::new(name, data, parsed, Some((file.coverage.clone(), fallback)), hash)));
        let id = FaceId(index);
        own.faces.push(face);
        own.by_key.entry(key).or_default().push(id);
        id
    }

    /// Why a brief's own font file (by the hash of its bytes) cannot set
    /// text: the shaper failed on it, loading it or setting text in it (a
    /// damaged file that its checks did not catch), or too many files were
    /// loaded before it.
    pub fn refusal(&self, hash: u64) -> Option<Refusal> {
        let own = self.own.read().unwrap_or_else(PoisonError::into_inner);
        let damaged = own.faces.iter().any(|f| f.hash == hash && f.is_damaged());
        own.refused.iter().find(|&&(h, _)| h == hash).map(|&(_, why)| why).or(damaged.then_some(Refusal::Damaged))
    }

    /// Whether a face is one of the bundled ones.
    pub fn is_bundled(&self, id: FaceId) -> bool {
        id.0 < BUNDLED_COUNT
    }

    /// The face with this id.
    pub fn face(&self, id: FaceId) -> &Face {
        let i = usize::from(id.0);
        if let Some((name, data)) = BUNDLED.get(i) {
            return self.bundled[i].get_or_init(|| Face::bundled(name, data));
        }
        let own = self.own.read().unwrap_or_else(PoisonError::into_inner);
        match own.faces.get(i - BUNDLED.len()) {
            Some(face) => face,
            // Ids are only made by this book.
            None => self.face(FaceId(SANS)),
        }
    }

    /// A key that orders faces the same way in every process: bundled
    /// faces by id, then a brief's own faces by name, content and
    /// fallback (their ids depend on which brief loaded them first).
    pub fn stable_key(&self, id: FaceId) -> (u16, &'static str, u64, u16) {
        if self.is_bundled(id) {
            return (id.0, "", 0, 0);
        }
        let face = self.face(id);
        (BUNDLED_COUNT, face.name, face.hash, face.own.as_ref().map_or(0, |(_, f)| f.0))
    }

    /// Whether `c` prints as itself in a bundled face: the regular face of
    /// either family has a glyph for it, or it is never drawn (whitespace,
    /// a control character, a default-ignorable format character such as
    /// a soft hyphen, a zero-width joiner or a variation selector).
    pub fn covers(&self, c: char) -> bool {
        // Both families have every printable ASCII character.
        c.is_ascii() || not_drawn(c) || [SANS, SERIF].into_iter().any(|family| self.face(FaceId(family)).has_char(c))
    }

    /// The bundled faces with their ids.
    pub fn faces(&self) -> impl Iterator<Item = (FaceId, &Face)> {
        (0..BUNDLED_COUNT).map(|i| (FaceId(i), self.face(FaceId(i))))
    }

    /// `spans` with the characters a brief's own face lacks moved to spans
    /// of its bundled fallback face (when that has them). Combining marks
    /// and invisible characters stay with the character before them.
    /// Spans in bundled faces are returned as they are.
    pub fn with_fallback<'a>(&self, spans: &'a [StyledText]) -> Cow<'a, [StyledText]> {
        if spans.iter().all(|s| self.is_bundled(s.style.face)) {
            return Cow::Borrowed(spans);
        }
        let mut out = Vec::with_capacity(spans.len());
        for span in spans {
            let face = self.face(span.style.face);
            let Some((coverage, fallback)) = &face.own else {
                out.push(span.clone());
                continue;
            };
            let backup = self.face(*fallback);
            let mut current = span.style.face;
            let mut start = 0;
            for (i, c) in span.text.char_indices() {
                let target = if coverage.has(c) {
                    span.style.face
                } else if not_drawn(c) || is_mark(c) || !backup.has_char(c) {
                    current
                } else {
                    *fallback
                };
                if target != current {
                    if i > start {
                        out.push(piece(span, start..i, current));
                    }
                    start = i;
                    current = target;
                }
            }
            if start < span.text.len() || span.text.is_empty() {
                out.push(piece(span, start..span.text.len(), current));
            }
        }
        Cow::Owned(out)
    }
}

/// Runs third-party code (shaping, subsetting, parsing) on a brief's own
/// font file. A damaged file can make such code index out of bounds or
/// overflow; that panic is caught here, without printing, and gives
/// `None`, for the caller to turn into an error that names the file. The
/// bundled fonts never go through this: they are tested.
pub fn contain<T>(f: impl FnOnce() -> T) -> Option<T> {
    thread_local! {
        static QUIET: Cell<bool> = const { Cell::new(false) };
    }
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was = QUIET.replace(true);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    QUIET.set(was);
    result.ok()
}

/// A font file parsed for the shaper and for metrics.
fn parse(data: &'static [u8]) -> Option<(harfrust::Font, ttf_parser::Face<'static>)> {
    Some((harfrust::Font::new(data, 0)?, ttf_parser::Face::parse(data, 0).ok()?))
}

/// The number of bundled faces: the first id of a brief's own face.
const BUNDLED_COUNT: u16 = BUNDLED.len() as u16;

/// Part of a span, in another face.
fn piece(span: &StyledText, range: std::ops::Range<usize>, face: FaceId) -> StyledText {
    let mut style = span.style.clone();
    style.face = face;
    StyledText { text: span.text[range].to_string(), style }
}

/// A combining mark of the common blocks: it is shaped with its base.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// A panic in third-party code is caught, however deep: the unwinder
    /// (linked in statically on Linux, see `build.rs`) works.
    #[test]
    fn contain_turns_a_panic_into_none() {
        fn deep(n: u32) -> u32 {
            // A value to drop on the way out: unwinding runs destructors.
            #[allow(clippy::useless_vec)]
            let guard = vec![n; 4];
            if n == 0 {
                panic!("damaged table");
            }
            deep(n - 1) + guard[0]
        }
        assert_eq!(contain(|| deep(20)), None);
        assert_eq!(contain(|| 7), Some(7));
    }

    #[test]
    fn every_bundled_face_parses_with_sane_metrics() {
        let book = FontBook::shared();
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
        let book = FontBook::shared();
        for c in ['a', 'é', '–', '€', 'Ж', ' ', '\n', '\u{AD}', '\u{200D}', '\u{FE0F}'] {
            assert!(book.covers(c), "{c:?}");
        }
        for c in ['😀', '漢', 'ب', '\u{10FFFD}'] {
            assert!(!book.covers(c), "{c:?}");
        }
    }

    fn own(data: &[u8]) -> Arc<FontFile> {
        Arc::new(crate::model::font::read("regular", "test.otf", data.to_vec()).unwrap())
    }

    const ASCII_ONLY: &[u8] = include_bytes!("../../tests/fonts/cff/BriefTest-Regular.otf");

    #[test]
    fn a_font_file_is_loaded_once_whichever_brief_names_it() {
        let book = FontBook::shared();
        let files = |f: Arc<FontFile>| {
            FontChoice::Files(Arc::new(crate::model::font::FontFiles {
                regular: f,
                bold: None,
                italic: None,
                bold_italic: None,
            }))
        };
        // Two reads of the same bytes, as two briefs of a batch make them.
        let a = book.family(&files(own(ASCII_ONLY)));
        let b = book.family(&files(own(ASCII_ONLY)));
        assert_eq!(a, b);
        let regular = a.select(false, false);
        assert!(regular.0 >= BUNDLED_COUNT);
        // A missing style is set in the regular file, with its own fallback.
        assert_eq!(a.select(true, true), regular);
        assert_eq!(book.face(regular).name, "BriefTest-Regular");
        assert_eq!(book.stable_key(regular), book.stable_key(b.select(false, false)));
    }

    #[test]
    fn what_an_own_face_lacks_is_set_in_its_fallback_face() {
        let book = FontBook::shared();
        let file = own(ASCII_ONLY);
        let family = book.family(&FontChoice::Files(Arc::new(crate::model::font::FontFiles {
            regular: file,
            bold: None,
            italic: None,
            bold_italic: None,
        })));
        let face = family.select(false, false);
        let style =
            super::super::TextStyle { face, size: crate::geom::Pt(10.0), color: crate::geom::Color::BLACK, link: None };
        let span = |text: &str| StyledText { text: text.to_string(), style: style.clone() };
        let spans = [span("Café “crème” 中 e\u{301}x"), span("plain")];
        let split = book.with_fallback(&spans);
        let pieces: Vec<(&str, bool)> = split.iter().map(|s| (s.text.as_str(), s.style.face == face)).collect();
        assert_eq!(
            pieces,
            [
                ("Caf", true),
                ("é", false),
                (" ", true),
                ("“", false),
                ("cr", true),
                ("è", false),
                ("me", true),
                ("”", false),
                (" 中 e\u{301}x", true),
                ("plain", true),
            ],
            "the accented letters and quotes in Noto Sans; 中, which neither has, stays; a combining mark stays with its base"
        );
        assert!(split.iter().filter(|s| s.style.face != face).all(|s| s.style.face == FaceId(SANS)));
        // Bundled faces are never split.
        let bundled =
            [StyledText { text: "中".into(), style: super::super::TextStyle { face: FaceId(0), ..style.clone() } }];
        assert!(matches!(book.with_fallback(&bundled), Cow::Borrowed(_)));
    }

    #[test]
    fn select_picks_the_style() {
        let book = FontBook::shared();
        assert_eq!(book.face(book.family(&FontChoice::Serif).select(true, true)).name, "NotoSerif-BoldItalic");
        assert_eq!(book.face(book.family(&FontChoice::Sans).select(false, true)).name, "NotoSans-Italic");
    }
}
