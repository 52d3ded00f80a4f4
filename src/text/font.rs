//! The fonts: Noto Sans and Noto Serif in four styles each, Noto Naskh
//! Arabic, Noto Sans SC and Noto Serif SC in two weights each, and two
//! symbol faces (Noto Sans Math, Noto Sans Symbols 2), all compiled into the
//! binary; and the font files a brief names itself. The tool never reads the
//! fonts of the machine it runs on.
//!
//! Every face is parsed once per process: a bundled face when it is first
//! used (a brief in English never parses the Arabic or Chinese faces), a
//! brief's own file when a brief first names it (a batch of briefs in the
//! same house font parses it once).
//!
//! Fallback is per character, in a fixed order: the span's own face (the
//! brief's family, or its own file), then for a brief's own file the
//! bundled Noto Sans face of the same style, then the bundled face for the
//! character's script in the same weight (Arabic in Naskh, Han and kana in
//! the SC face of the family, sans or serif), then the symbol faces.
//! Arabic and Chinese have no italic: their faces are upright, and italic
//! text in them is set upright rather than slanted. Characters of no script
//! of their own (digits, spaces, punctuation) follow the script around them
//! when its face has them: digits and the Arabic comma in an Arabic phrase
//! are Naskh's, Chinese quotation marks in Chinese text the SC face's, and a
//! closing bracket takes the face of its opening one.

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
    /// The face's tatweel (U+0640), when it is a plain stroke on the
    /// baseline that can be drawn at any length: Arabic lines are justified
    /// by lengthening the joins between letters with it.
    pub kashida: Option<KashidaStroke>,
    /// A brief's own face: what it covers, and the bundled face that sets
    /// what it lacks. `None` for a bundled face.
    own: Option<(Arc<Coverage>, FaceId)>,
    /// A bundled face: what it covers.
    charset: Option<Charset>,
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
    fn bundled(name: &'static str, data: &'static [u8], charset: Charset) -> Face {
        // The bundled files are fixed at compile time and checked by the
        // tests below, so failing here is a build defect, not a user error.
        #[allow(clippy::expect_used)]
        let parsed = parse(data).expect("bundled font parses");
        let mut face = Face::new(name, data, parsed, None, 0);
        face.charset = Some(charset);
        face
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
        let kashida = KashidaStroke::of(&metrics, upem);
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
            kashida,
            own,
            charset: None,
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
        match (&self.own, &self.charset) {
            (Some((coverage, _)), _) => coverage.has(c),
            (None, Some(charset)) => charset.has(c),
            (None, None) => self.metrics.glyph_index(c).is_some(),
        }
    }
}

/// The stroke of a face's tatweel, in em: how far below and above the
/// baseline it reaches, and how far it reaches past its advance on either
/// side (the overlap with the letters it joins).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KashidaStroke {
    /// Bottom of the stroke (positive is up, as in fonts).
    pub bottom: f32,
    /// Top of the stroke.
    pub top: f32,
    /// How far the stroke starts before its origin.
    pub left: f32,
    /// How far it ends after its advance.
    pub right: f32,
}

impl KashidaStroke {
    /// The tatweel of a face, if it has one that is a thin bar sitting on
    /// the baseline (as in Naskh); a tatweel of any other shape (a curve, a
    /// bar well above the baseline) is not drawn at arbitrary lengths, and
    /// such a face is justified with its word spaces only.
    fn of(metrics: &ttf_parser::Face, upem: f32) -> Option<KashidaStroke> {
        let id = metrics.glyph_index('\u{640}')?;
        let b = metrics.glyph_bounding_box(id)?;
        let advance = f32::from(metrics.glyph_hor_advance(id)?) / upem;
        let (bottom, top) = (f32::from(b.y_min) / upem, f32::from(b.y_max) / upem);
        let (left, right) = (-f32::from(b.x_min) / upem, f32::from(b.x_max) / upem - advance);
        let bar = advance > 0.05 && top - bottom > 0.01 && top - bottom < 0.15 && bottom > -0.05 && bottom < 0.1;
        (bar && left.abs() < 0.05 && right.abs() < 0.05).then_some(KashidaStroke { bottom, top, left, right })
    }
}

/// Every face of the process: the bundled ones, indexed by [`FaceId`]
/// 0–16, then each distinct font file that briefs named, in the order they
/// were first used.
#[derive(Debug)]
pub struct FontBook {
    bundled: [OnceLock<Face>; BUNDLED_LEN],
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

/// Where a character's face comes from, in fallback order: the span's own
/// face, the Noto Sans face of a brief's own file, the script faces, the
/// symbol faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Own,
    Latin,
    Arabic,
    Han,
    Math,
    Symbols,
}

/// Slots in the order they are tried, for a character of no script face
/// of its own: the symbol faces before the script faces, so that "≈" in a
/// Latin line is Noto Sans Math's (the Chinese faces have one too, which
/// Chinese text uses).
const SLOTS: [Slot; 6] = [Slot::Own, Slot::Latin, Slot::Math, Slot::Symbols, Slot::Arabic, Slot::Han];

impl Family {
    /// The face for a style.
    pub fn select(&self, bold: bool, italic: bool) -> FaceId {
        self.faces[usize::from(bold) + 2 * usize::from(italic)]
    }
}

// The bundled faces (`BUNDLED`, `BUNDLED_LEN`), listed in
// `bundled_faces.rs`, with what each covers: written by `build.rs`.
include!(concat!(env!("OUT_DIR"), "/bundled.rs"));

/// What a bundled face's character map covers, worked out at build time:
/// a bit per character of the Basic Multilingual Plane, the others sorted.
#[derive(Debug, Clone, Copy)]
struct Charset {
    bmp: &'static [u64; 1024],
    astral: &'static [u32],
}

impl Charset {
    fn has(&self, c: char) -> bool {
        let i = c as usize;
        match self.bmp.get(i / 64) {
            Some(w) => w & (1 << (i % 64)) != 0,
            None => self.astral.binary_search(&(c as u32)).is_ok(),
        }
    }
}

/// The bundled families' and faces' first ids.
const SANS: u16 = 0;
const SERIF: u16 = 4;
const NASKH: u16 = 8;
const SANS_SC: u16 = 10;
const SERIF_SC: u16 = 12;
const MATH: u16 = 14;
const SYMBOLS: u16 = 15;
/// The monospace face of code: Noto Sans Mono, in every family.
pub const MONO: FaceId = FaceId(16);
/// The ids of the two Latin families: every printable ASCII character is
/// in each of their faces.
const LATIN: u16 = 8;

impl FontBook {
    /// The process-wide book. Each bundled face is parsed on first use (a
    /// brief in one family never parses the other).
    pub fn shared() -> &'static FontBook {
        static BOOK: FontBook = FontBook {
            bundled: [const { OnceLock::new() }; BUNDLED_LEN],
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
        if let Some(&(name, data, charset)) = BUNDLED.get(i) {
            return self.bundled[i].get_or_init(|| Face::bundled(name, data, charset));
        }
        let own = self.own.read().unwrap_or_else(PoisonError::into_inner);
        match own.faces.get(i - BUNDLED_LEN) {
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
    /// either Latin family, of Arabic, of Chinese (sans) or of the symbols
    /// has a glyph for it, or it is never drawn (whitespace, a control
    /// character, a default-ignorable format character such as a soft
    /// hyphen, a zero-width joiner or a variation selector). The faces are
    /// asked in that order, so Latin text never parses the others.
    pub fn covers(&self, c: char) -> bool {
        // Both families have every printable ASCII character.
        c.is_ascii()
            || not_drawn(c)
            || [SANS, SERIF, NASKH, SANS_SC, MATH, SYMBOLS].into_iter().any(|id| self.face(FaceId(id)).has_char(c))
    }

    /// The bundled faces with their ids.
    pub fn faces(&self) -> impl Iterator<Item = (FaceId, &Face)> {
        (0..BUNDLED_COUNT).map(|i| (FaceId(i), self.face(FaceId(i))))
    }

    /// The faces of the two bundled Latin families with their ids.
    pub fn latin_faces(&self) -> impl Iterator<Item = (FaceId, &Face)> {
        (0..LATIN).map(|i| (FaceId(i), self.face(FaceId(i))))
    }

    /// Whether a span's face is bold, and whether it belongs to a serif
    /// family (a brief's own file counts as sans: its Chinese is set in
    /// Noto Sans SC).
    fn weight_and_serif(&self, id: FaceId) -> (bool, bool) {
        match id.0 {
            0..LATIN => (id.0 & 1 == 1, id.0 >= SERIF),
            NASKH..MATH => (id.0 & 1 == 1, id.0 >= SERIF_SC),
            MATH..BUNDLED_COUNT => (false, false),
            _ => match &self.face(id).own {
                Some((_, fallback)) => self.weight_and_serif(*fallback),
                None => (false, false),
            },
        }
    }

    /// The face a slot stands for, for a span in face `span`.
    fn slot_face(&self, span: FaceId, slot: Slot) -> FaceId {
        let (bold, serif) = self.weight_and_serif(span);
        let weight = u16::from(bold);
        match slot {
            Slot::Own => span,
            Slot::Latin => match &self.face(span).own {
                Some((_, fallback)) => *fallback,
                None => span,
            },
            Slot::Arabic => FaceId(NASKH + weight),
            Slot::Han => FaceId(if serif { SERIF_SC } else { SANS_SC } + weight),
            Slot::Math => FaceId(MATH),
            Slot::Symbols => FaceId(SYMBOLS),
        }
    }

    /// `spans` with every character in the face that draws it (see the
    /// module's contract for the order). Spans whose faces have all their
    /// characters are returned as they are, the usual case, without
    /// looking at scripts. Combining marks and invisible characters stay
    /// with the character before them.
    pub fn with_fallback<'a>(&self, spans: &'a [StyledText]) -> Cow<'a, [StyledText]> {
        if spans.iter().all(|s| self.has_all(&s.text, s.style.face)) {
            return Cow::Borrowed(spans);
        }
        // Step 1: every character with its span, its kind, and for a
        // character of a script, the slot that draws it.
        let chars: Vec<(usize, usize, char)> =
            spans.iter().enumerate().flat_map(|(k, s)| s.text.char_indices().map(move |(i, c)| (k, i, c))).collect();
        let kinds: Vec<Kind> = chars.iter().map(|&(_, _, c)| kind(c)).collect();
        let picked: Vec<Option<Slot>> = chars
            .iter()
            .zip(&kinds)
            .map(|(&(k, _, c), kind)| match kind {
                Kind::Strong(class) => Some(self.pick(spans[k].style.face, c, *class)),
                _ => None,
            })
            .collect();
        // The context a character of no script follows: the slot of the
        // script character before it (a Latin letter's is the span's own
        // face, whichever face drew it), or after it at the start.
        let context = |slot: Slot, kind: &Kind| match kind {
            Kind::Strong(Class::Other) => Slot::Own,
            _ => slot,
        };
        let mut next: Vec<Slot> = vec![Slot::Own; chars.len()];
        let mut ahead = Slot::Own;
        for i in (0..chars.len()).rev() {
            if let Some(slot) = picked[i] {
                ahead = context(slot, &kinds[i]);
            }
            next[i] = ahead;
        }
        // Step 2: the face of each character.
        let mut faces: Vec<FaceId> = Vec::with_capacity(chars.len());
        let mut behind: Option<Slot> = None;
        let mut brackets: Vec<Slot> = Vec::new();
        for (i, &(k, _, c)) in chars.iter().enumerate() {
            let span_face = spans[k].style.face;
            let face = match (&kinds[i], picked[i]) {
                (_, Some(slot)) => {
                    behind = Some(context(slot, &kinds[i]));
                    self.slot_face(span_face, slot)
                }
                (Kind::Follow, _) => faces.last().copied().unwrap_or(span_face),
                (kind, _) => {
                    let mut around = behind.unwrap_or(next[i]);
                    match kind {
                        Kind::Open if brackets.len() < 64 => brackets.push(around),
                        Kind::Close => {
                            // What follows the pair is in the pair's context.
                            around = brackets.pop().unwrap_or(around);
                            behind = Some(around);
                        }
                        _ => {}
                    }
                    let preferred = self.slot_face(span_face, around);
                    if self.face(preferred).has_char(c) {
                        preferred
                    } else {
                        self.slot_face(span_face, self.pick(span_face, c, Class::Other))
                    }
                }
            };
            faces.push(face);
        }
        // Step 3: pieces of consecutive characters in one face.
        let mut out = Vec::with_capacity(spans.len() + 4);
        let mut i = 0;
        for (k, span) in spans.iter().enumerate() {
            if span.text.is_empty() {
                out.push(span.clone());
                continue;
            }
            let mut start = 0;
            while i < chars.len() && chars[i].0 == k {
                let face = faces[i];
                let mut j = i;
                while j < chars.len() && chars[j].0 == k && faces[j] == face {
                    j += 1;
                }
                let end = chars.get(j).filter(|c| c.0 == k).map_or(span.text.len(), |c| c.1);
                out.push(piece(span, start..end, face));
                start = end;
                i = j;
            }
        }
        Cow::Owned(out)
    }

    /// Whether face `id` has every character of `text` (or never draws
    /// it): then no fallback is needed.
    pub fn has_all(&self, text: &str, id: FaceId) -> bool {
        let face = self.face(id);
        let ascii_covered = id.0 < LATIN;
        text.chars().all(|c| (ascii_covered && c.is_ascii()) || not_drawn(c) || face.has_char(c))
    }

    /// The first slot whose face has `c`, trying the script's own face
    /// first after the span's; the span's own face if none has it (it
    /// draws its missing-glyph box, and the model has warned).
    fn pick(&self, span: FaceId, c: char, class: Class) -> Slot {
        let first = match class {
            Class::Arabic => Some(Slot::Arabic),
            Class::Han => Some(Slot::Han),
            Class::Other => None,
        };
        let own = &self.face(span).own;
        [Slot::Own]
            .into_iter()
            .chain(first)
            .chain(SLOTS[1..].iter().copied())
            .filter(|&slot| slot != Slot::Latin || own.is_some())
            .find(|&slot| self.face(self.slot_face(span, slot)).has_char(c))
            .unwrap_or(Slot::Own)
    }
}

/// What a character does in fallback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A letter or ideograph of a script: drawn by the first face that has
    /// it, in fallback order.
    Strong(Class),
    /// A character of no script (digits, spaces, punctuation, symbols):
    /// drawn in the face of the script around it, if that face has it.
    Neutral,
    /// An opening bracket or quotation mark: a neutral whose context its
    /// closing partner takes.
    Open,
    /// A closing bracket or quotation mark.
    Close,
    /// A combining mark or an invisible format character: drawn with the
    /// character before it.
    Follow,
}

/// The scripts with faces of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Arabic,
    Han,
    Other,
}

/// The fallback kind of a character, from its Unicode script.
fn kind(c: char) -> Kind {
    use harfrust::Script;
    if is_mark(c) || (not_drawn(c) && !c.is_whitespace()) {
        return Kind::Follow;
    }
    // European digits are the Latin face's, in any script's text: the
    // numbers of a brief look alike in its Arabic and its Latin lines.
    if c.is_ascii_digit() {
        return Kind::Strong(Class::Other);
    }
    let script = harfrust::unicode::script(u32::from(c));
    if script == Script::INHERITED {
        return Kind::Follow;
    }
    if script == Script::COMMON || script == Script::UNKNOWN {
        return match c {
            '(' | '[' | '{' | '“' | '‘' | '«' | '‹' | '„' | '（' | '［' | '｛' | '「' | '『' | '《' | '〈' | '【'
            | '〔' => Kind::Open,
            ')' | ']' | '}' | '”' | '’' | '»' | '›' | '）' | '］' | '｝' | '」' | '』' | '》' | '〉' | '】' | '〕' => {
                Kind::Close
            }
            _ => Kind::Neutral,
        };
    }
    Kind::Strong(if script == Script::ARABIC {
        Class::Arabic
    } else if [Script::HAN, Script::HIRAGANA, Script::KATAKANA, Script::BOPOMOFO].contains(&script) {
        Class::Han
    } else {
        Class::Other
    })
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
const BUNDLED_COUNT: u16 = BUNDLED_LEN as u16;

/// Part of a span, in another face.
fn piece(span: &StyledText, range: std::ops::Range<usize>, face: FaceId) -> StyledText {
    let mut style = span.style.clone();
    if face != style.face {
        style.size = style.size * (size_adjust(face) / size_adjust(style.face));
    }
    style.face = face;
    StyledText { text: span.text[range].to_string(), style }
}

/// How much larger a face is set than the size asked for, so that its
/// letters look as large as the Latin ones beside them: Naskh's letters are
/// small on their em (its em holds tall ascenders and deep descenders), and
/// at the same size as Noto Sans an Arabic line reads a size smaller than
/// the Latin words in it.
pub fn size_adjust(id: FaceId) -> f32 {
    if matches!(id.0, NASKH | 9) { ARABIC_SCALE } else { 1.0 }
}

/// Naskh's size beside the Latin families (see [`size_adjust`]).
pub const ARABIC_SCALE: f32 = 1.2;

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
        assert_eq!(book.faces().count(), 17);
        for (_, face) in book.faces() {
            assert!(face.ascender > 0.5 && face.ascender < 1.5, "{} {}", face.name, face.ascender);
            assert!(face.descender > 0.1 && face.descender < 0.7, "{} {}", face.name, face.descender);
        }
        for (_, face) in book.latin_faces() {
            assert!(face.has_char('ó') && face.has_char('–') && face.has_char('“'));
            // `covers` takes every ASCII character as covered.
            assert!((' '..='~').all(|c| face.has_char(c)), "{}", face.name);
        }
        // The script faces, in both weights.
        for (id, c) in [(NASKH, 'ب'), (SANS_SC, '汉'), (SERIF_SC, '和'), (MATH, '≈'), (SYMBOLS, '✓')] {
            assert!(book.face(FaceId(id)).has_char(c), "{id}");
        }
        for (id, c) in [(NASKH + 1, '،'), (SANS_SC + 1, '，'), (SERIF_SC + 1, '。')] {
            assert!(book.face(FaceId(id)).has_char(c), "{id}");
        }
        // Only Naskh has a tatweel drawn as a plain stroke.
        let naskh = book.face(FaceId(NASKH)).kashida.expect("Naskh's tatweel is a stroke");
        assert!(naskh.bottom.abs() < 0.01 && naskh.top > 0.05 && naskh.top < 0.1, "{naskh:?}");
        assert!(book.latin_faces().all(|(_, f)| f.kashida.is_none()));
    }

    /// What `build.rs` worked out each bundled face covers is what its
    /// character map says, character by character, as a brief's own face's
    /// coverage is read at run time.
    #[test]
    fn build_time_coverage_is_the_character_map() {
        for (name, data, charset) in &BUNDLED {
            let coverage = Coverage::of(&ttf_parser::Face::parse(data, 0).unwrap());
            let differ =
                (0..=0x10_FFFFu32).filter_map(char::from_u32).filter(|&c| charset.has(c) != coverage.has(c)).count();
            assert_eq!(differ, 0, "{name}");
            assert!(!coverage.is_empty(), "{name}");
        }
    }

    #[test]
    fn covers_the_six_languages_and_symbols_but_not_emoji() {
        let book = FontBook::shared();
        for c in ['a', 'é', '–', '€', 'Ж', ' ', '\n', '\u{AD}', '\u{200D}', '\u{FE0F}', '汉', '，', 'ب', '،', '؟']
        {
            assert!(book.covers(c), "{c:?}");
        }
        for c in ['≈', '−', '×', '÷', '≤', '≥', '±', '→', '←', '↔', '₽', '₹', '©', '®', '™', '✓', '✔', '✗']
        {
            assert!(book.covers(c), "{c:?} {:X}", u32::from(c));
        }
        for c in ['😀', 'क', 'ก', '\u{10FFFD}'] {
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
                (" ", true),
                ("中", false),
                (" e\u{301}x", true),
                ("plain", true),
            ],
            "the accented letters and quotes in Noto Sans, 中 in Noto Sans SC; a combining mark stays with its base"
        );
        let faces: Vec<FaceId> = split.iter().filter(|s| s.style.face != face).map(|s| s.style.face).collect();
        assert_eq!(faces, [SANS, SANS, SANS, SANS, SANS_SC].map(FaceId));
        // Text a bundled face has all of is never split.
        let bundled = [StyledText {
            text: "Café “ok”".into(),
            style: super::super::TextStyle { face: FaceId(0), ..style.clone() },
        }];
        assert!(matches!(book.with_fallback(&bundled), Cow::Borrowed(_)));
    }

    /// The pieces of `text` in face `face` after fallback, with their faces.
    fn pieces(text: &str, face: u16) -> Vec<(String, u16)> {
        let style = super::super::TextStyle {
            face: FaceId(face),
            size: crate::geom::Pt(10.0),
            color: crate::geom::Color::BLACK,
            link: None,
        };
        let spans = [StyledText { text: text.to_string(), style }];
        FontBook::shared().with_fallback(&spans).iter().map(|s| (s.text.clone(), s.style.face.0)).collect()
    }

    fn owned(pieces: &[(&str, u16)]) -> Vec<(String, u16)> {
        pieces.iter().map(|&(t, f)| (t.to_string(), f)).collect()
    }

    #[test]
    fn arabic_and_chinese_inside_latin_take_their_script_faces() {
        // A French sentence quoting Arabic and Chinese, in Noto Serif.
        assert_eq!(
            pieces("le mot « سلام » et « 和平 ».", SERIF),
            owned(&[("le mot « ", SERIF), ("سلام ", NASKH), ("» et « ", SERIF), ("和平", SERIF_SC), (" ».", SERIF)])
        );
        // Bold stays bold; italic is set upright, never slanted.
        assert_eq!(pieces("和平", SANS + 1), owned(&[("和平", SANS_SC + 1)]));
        assert_eq!(pieces("سلام", SANS + 2), owned(&[("سلام", NASKH)]));
        assert_eq!(pieces("سلام", SERIF + 3), owned(&[("سلام", NASKH + 1)]));
    }

    #[test]
    fn latin_digits_and_addresses_inside_arabic_stay_latin() {
        // Spaces and the Arabic comma follow the Arabic; digits, the Latin
        // name and the address are Noto Sans, and so are the brackets,
        // which Naskh lacks; after them the Arabic context resumes.
        assert_eq!(
            pieces("حضر 1,000 مشارك، من (UNOCT) gerardl@un.org", SANS),
            owned(&[
                ("حضر ", NASKH),
                ("1,000 ", SANS),
                ("مشارك، من ", NASKH),
                ("(UNOCT)", SANS),
                (" ", NASKH),
                ("gerardl@un.org", SANS),
            ])
        );
    }

    #[test]
    fn chinese_punctuation_is_the_chinese_faces_but_latin_digits_are_not() {
        assert_eq!(
            pieces("近 1,000 名“与会者”。", SANS),
            owned(&[("近", SANS_SC), (" 1,000 ", SANS), ("名“与会者”。", SANS_SC)])
        );
        // In Latin text the same quotation marks are the Latin face's.
        assert_eq!(pieces("“peace” 和平", SANS), owned(&[("“peace” ", SANS), ("和平", SANS_SC)]));
    }

    #[test]
    fn symbols_fall_back_to_the_symbol_faces() {
        assert_eq!(pieces("≈ 6 ✓", SANS + 1), owned(&[("≈", MATH), (" 6 ", SANS + 1), ("✓", SYMBOLS)]));
        assert_eq!(pieces("−5 → 3", SANS), owned(&[("−", MATH), ("5 ", SANS), ("→", MATH), (" 3", SANS)]));
    }

    #[test]
    fn select_picks_the_style() {
        let book = FontBook::shared();
        assert_eq!(book.face(book.family(&FontChoice::Serif).select(true, true)).name, "NotoSerif-BoldItalic");
        assert_eq!(book.face(book.family(&FontChoice::Sans).select(false, true)).name, "NotoSans-Italic");
    }
}
