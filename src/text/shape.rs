//! Shaping with HarfRust: text in one style becomes glyphs with advances
//! in points and the byte range of the text each glyph stands for, so that
//! break positions found in the text map to glyph indices.
//!
//! Text is shaped word by word, the way browsers' word caches do it: a run
//! of spaces and a run of anything else are shaped apart, with the script,
//! direction and language found for the whole text, and each result is kept
//! per thread, in font units, keyed by face, script, direction, language
//! and word. A brief repeats most of its words, a batch of briefs more so,
//! and hyphenated halves, labels and measurements hit the same cache. The
//! bundled faces have no kerning or ligature that involves a space, so this
//! gives exactly the glyphs and positions of shaping the whole text at once
//! (checked by a test below over the example briefs' text in every face).
//! The shaping plan (the compiled feature lookups) is likewise built once
//! per face, script, direction and language.
//!
//! The direction is the shaper's guess from the script unless the caller
//! gives one: the paragraph setter does, from the bidirectional levels of
//! UAX #9, so that digits inside Arabic are shaped left to right and
//! brackets inside Arabic are mirrored.

use rustc_hash::FxHashMap as HashMap;
use std::cell::RefCell;
use std::rc::Rc;

use harfrust::{Buffer, Direction, Language, Script, ShapeOptions, ShapePlan, ShaperFont};

use super::font::{Face, FontBook};
use super::run::{FaceId, TextStyle};

/// A shaped glyph, positioned relative to the pen.
#[derive(Debug, Clone, PartialEq)]
pub struct ShapedGlyph {
    /// Glyph id in the face.
    pub id: u16,
    /// Byte offset of the glyph's cluster in the shaped text.
    pub cluster: usize,
    /// The text the glyph stands for, `text_start..text_end`: its
    /// cluster's for the first glyph of a cluster, nothing (`text_end ==
    /// cluster`) for the later ones; but in a letter with combining marks
    /// drawn as a glyph each (Arabic vowel signs), the letter's glyph
    /// stands for the letter and each mark's for the mark, so that text
    /// extraction gets every character from the glyph that draws it.
    pub text_start: usize,
    /// End of the text the glyph stands for.
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

/// A shaped glyph in font units, relative to the start of its word.
#[derive(Debug, Clone, Copy, PartialEq)]
struct RawGlyph {
    id: u16,
    cluster: u32,
    text_start: u32,
    text_end: u32,
    advance: i32,
    x_offset: i32,
    y_offset: i32,
    unsafe_to_break: bool,
}

/// Words longer than this (in bytes) are shaped but not kept.
const LONGEST_CACHED: usize = 256;
/// A thread keeps at most this many words per face, script and language;
/// past it the cache starts afresh.
const MOST_CACHED: usize = 100_000;

/// Shaping properties of a text: what a plan is built for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct PlanKey {
    face: FaceId,
    script: Option<Script>,
    direction: Direction,
    language: Option<Language>,
}

/// A plan and the words shaped with it.
struct Shaper {
    plan: ShapePlan,
    words: HashMap<Box<str>, Rc<[RawGlyph]>>,
}

thread_local! {
    static SHAPERS: RefCell<HashMap<PlanKey, Shaper>> = RefCell::new(HashMap::default());
}

/// Shapes `text` in `style` (kerning and ligatures on; script and direction
/// guessed; `language` a BCP 47 tag or empty). Glyphs come in logical
/// order with increasing clusters, whatever the direction.
pub fn shape(book: &FontBook, text: &str, style: &TextStyle, language: &str) -> Vec<ShapedGlyph> {
    shape_directed(book, text, style, language, None)
}

/// [`shape`] in a given direction (`Some(true)` right to left), or the
/// shaper's guess for `None`.
pub fn shape_directed(
    book: &FontBook,
    text: &str,
    style: &TextStyle,
    language: &str,
    rtl: Option<bool>,
) -> Vec<ShapedGlyph> {
    if text.is_empty() {
        return Vec::new();
    }
    if book.is_bundled(style.face) {
        return shape_cached(book, text, style, language, rtl);
    }
    // A brief's own face: a damaged file must not crash the tool.
    let face = book.face(style.face);
    if !face.is_damaged() {
        if let Some(glyphs) = super::font::contain(|| shape_cached(book, text, style, language, rtl)) {
            return glyphs;
        }
        face.mark_damaged();
    }
    // A box per character, for a build that will be refused.
    let advance = style.size.0 / 2.0;
    text.char_indices()
        .map(|(i, c)| ShapedGlyph {
            id: 0,
            cluster: i,
            text_start: i,
            text_end: i + c.len_utf8(),
            advance,
            x_offset: 0.0,
            y_offset: 0.0,
            unsafe_to_break: false,
        })
        .collect()
}

/// [`shape`] with the caches.
fn shape_cached(book: &FontBook, text: &str, style: &TextStyle, language: &str, rtl: Option<bool>) -> Vec<ShapedGlyph> {
    let face = book.face(style.face);
    let scale = style.size.0 / face.units_per_em;
    let mut key = properties(face, style.face, text, language);
    match rtl {
        Some(true) => key.direction = Direction::RightToLeft,
        Some(false) => key.direction = Direction::LeftToRight,
        None => {}
    }
    let mut glyphs: Vec<ShapedGlyph> = Vec::with_capacity(text.len());
    SHAPERS.with_borrow_mut(|shapers| {
        let shaper = shapers.entry(key).or_insert_with_key(|key| Shaper {
            plan: ShapePlan::new(&face.shaper, key.direction, key.script, key.language.as_ref(), &[]),
            words: HashMap::default(),
        });
        if shaper.words.len() > MOST_CACHED {
            shaper.words.clear();
        }
        let Shaper { plan, words: known } = shaper;
        // The shaper's font and buffer, made for the first new word.
        let mut tools: Option<(ShaperFont, Buffer)> = None;
        for (base, word) in words(text) {
            let raw = match known.get(word) {
                Some(raw) => raw.clone(),
                None => {
                    let (font, buffer) = tools.get_or_insert_with(|| (ShaperFont::new(&face.shaper), Buffer::new()));
                    let raw: Rc<[RawGlyph]> =
                        shape_in(font, plan, word, buffer).unwrap_or_else(|| unshaped(face, word)).into();
                    if word.len() <= LONGEST_CACHED {
                        known.insert(word.into(), raw.clone());
                    }
                    raw
                }
            };
            glyphs.extend(raw.iter().map(|g| ShapedGlyph {
                id: g.id,
                cluster: base + g.cluster as usize,
                text_start: base + g.text_start as usize,
                text_end: base + g.text_end as usize,
                advance: g.advance as f32 * scale,
                x_offset: g.x_offset as f32 * scale,
                y_offset: g.y_offset as f32 * scale,
                unsafe_to_break: g.unsafe_to_break,
            }));
        }
    });
    glyphs
}

/// Script and direction of the whole text, as the shaper guesses them (the
/// script of the first character that has a definite one), and its
/// language if the face has lookups for it.
fn properties(face: &Face, id: FaceId, text: &str, language: &str) -> PlanKey {
    let script = text
        .chars()
        .map(|c| harfrust::unicode::script(u32::from(c)))
        .find(|&s| s != Script::COMMON && s != Script::INHERITED && s != Script::UNKNOWN);
    let direction = direction_of(script);
    let language = if language.is_empty() { None } else { language.parse::<Language>().ok() };
    let language = language.filter(|l| has_lookups_for(face, id, script, l));
    PlanKey { face: id, script, direction, language }
}

/// The direction of a script, as the shaper's guess gives it (left to
/// right without one), asked once per script.
fn direction_of(script: Option<Script>) -> Direction {
    thread_local! {
        static KNOWN: RefCell<Vec<(Option<Script>, Direction)>> = const { RefCell::new(Vec::new()) };
    }
    if let Some((_, direction)) = KNOWN.with_borrow(|k| k.iter().find(|(s, _)| *s == script).copied()) {
        return direction;
    }
    let mut buffer = Buffer::new();
    buffer.set_script(script);
    buffer.guess_segment_properties();
    let direction = buffer.direction();
    KNOWN.with_borrow_mut(|k| k.push((script, direction)));
    direction
}

/// Whether shaping in `language` can differ from shaping in no language:
/// whether the face has a language system for one of its OpenType tags
/// (under any script) in its substitution or positioning lookups, or an
/// Apple `morx` table, whose features can depend on the language. Most
/// languages have none in the bundled faces, and then text in them and
/// text in no language share one plan and one cache of shaped words.
fn has_lookups_for(face: &Face, id: FaceId, script: Option<Script>, language: &Language) -> bool {
    /// Face, script and language → the answer.
    type Known = HashMap<(FaceId, Option<Script>, Language), bool>;
    thread_local! {
        static KNOWN: RefCell<Known> = RefCell::new(HashMap::default());
    }
    let key = (id, script, language.clone());
    if let Some(known) = KNOWN.with_borrow(|k| k.get(&key).copied()) {
        return known;
    }
    let (_, tags) = Script::tags_for_language(script, Some(language));
    let tags: Vec<[u8; 4]> = tags.as_slice().iter().map(|t| t.to_be_bytes()).collect();
    let tables = face.metrics.tables();
    let has = tables.morx.is_some()
        || [tables.gsub, tables.gpos].into_iter().flatten().any(|table| {
            table.scripts.into_iter().any(|s| s.languages.into_iter().any(|l| tags.contains(&l.tag.to_bytes())))
        });
    KNOWN.with_borrow_mut(|k| k.insert(key, has));
    has
}

/// The text cut into runs of spaces and runs of anything else, with their
/// byte offsets.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = 0;
    std::iter::from_fn(move || {
        let rest = &text[start..];
        let first = rest.chars().next()?;
        let space = first == ' ';
        let len = rest.find(|c: char| (c == ' ') != space).unwrap_or(rest.len());
        let word = (start, &rest[..len]);
        start += len;
        Some(word)
    })
}

/// Shapes a word with a plan, in font units, in logical order, in the
/// given buffer (one buffer serves every word; shaping the words joined in
/// one call is slower: a lookup is skipped for a buffer none of whose
/// glyphs it covers, which a word's buffer mostly is and a long buffer
/// rarely); `None` if the shaper refuses the text (the plan is built for
/// the text's properties, so only a text too long for the shaper's buffer
/// could be).
fn shape_in(font: &ShaperFont, plan: &ShapePlan, text: &str, buffer: &mut Buffer) -> Option<Vec<RawGlyph>> {
    buffer.clear();
    buffer.push_str(text);
    buffer.set_direction(plan.direction());
    buffer.set_script(plan.script());
    buffer.set_language(plan.language().cloned());
    harfrust::shape(font, buffer, ShapeOptions::new().plan(Some(plan))).ok()?;
    buffer.allocation_successful().then(|| raw_glyphs(text, buffer.glyph_infos(), buffer.glyph_positions()))
}

/// A text the shaper refused, set glyph by glyph from the character map,
/// without kerning or ligatures, so that none of it is lost.
fn unshaped(face: &Face, text: &str) -> Vec<RawGlyph> {
    text.char_indices()
        .map(|(i, c)| {
            let id = face.metrics.glyph_index(c).unwrap_or_default();
            RawGlyph {
                id: id.0,
                cluster: i as u32,
                text_start: i as u32,
                text_end: (i + c.len_utf8()) as u32,
                advance: face.metrics.glyph_hor_advance(id).map_or(0, i32::from),
                x_offset: 0,
                y_offset: 0,
                unsafe_to_break: false,
            }
        })
        .collect()
}

/// Glyphs with the text range each stands for (the first glyph of a
/// cluster covers the cluster's text; later ones cover nothing).
fn raw_glyphs(text: &str, infos: &[harfrust::GlyphInfo], positions: &[harfrust::GlyphPosition]) -> Vec<RawGlyph> {
    // The distinct cluster starts, sorted, give each cluster's end.
    let mut starts: Vec<u32> = infos.iter().map(|i| i.cluster).collect();
    starts.sort_unstable();
    starts.dedup();
    let end_of = |c: u32| {
        let k = starts.partition_point(|&s| s <= c);
        starts.get(k).copied().unwrap_or(text.len() as u32)
    };
    let mut glyphs: Vec<RawGlyph> = Vec::with_capacity(infos.len());
    for (info, pos) in infos.iter().zip(positions) {
        let first = glyphs.last().is_none_or(|g| g.cluster != info.cluster);
        glyphs.push(RawGlyph {
            id: u16::try_from(info.glyph_id).unwrap_or(0),
            cluster: info.cluster,
            text_start: info.cluster,
            text_end: if first { end_of(info.cluster) } else { info.cluster },
            advance: pos.x_advance,
            x_offset: pos.x_offset,
            y_offset: pos.y_offset,
            unsafe_to_break: info.unsafe_to_break(),
        });
    }
    // Right-to-left output comes in visual order; keep logical order here.
    if glyphs.len() > 1 && glyphs[0].cluster > glyphs[glyphs.len() - 1].cluster {
        glyphs.reverse();
    }
    split_marks(text, &mut glyphs);
    glyphs
}

/// Gives each glyph of a letter with combining marks its own character
/// when the cluster is the letter's glyph (the one that advances) and a
/// glyph per mark (which do not): `عُ` as ع and ُ, instead of the whole
/// cluster on whichever glyph comes first and nothing on the other, which
/// readers then extract as the glyph's raw code.
fn split_marks(text: &str, glyphs: &mut [RawGlyph]) {
    let mut start = 0;
    while start < glyphs.len() {
        let cluster = glyphs[start].cluster;
        let end = start + glyphs[start..].iter().take_while(|g| g.cluster == cluster).count();
        let group = &mut glyphs[start..end];
        start = end;
        if group.len() < 2 {
            continue;
        }
        let from = cluster as usize;
        let to = group.iter().map(|g| g.text_end as usize).max().unwrap_or(from).max(from);
        let Some(cluster_text) = text.get(from..to) else { continue };
        let chars: Vec<(usize, char)> = cluster_text.char_indices().collect();
        let letter_then_marks = chars.len() == group.len()
            && chars
                .iter()
                .enumerate()
                .all(|(k, &(_, c))| (k > 0) == unicode_normalization::char::is_combining_mark(c));
        let advancing = group.iter().filter(|g| g.advance != 0).count();
        if !letter_then_marks || advancing != 1 {
            continue;
        }
        let bounds = |k: usize| -> (u32, u32) {
            let a = from + chars[k].0;
            let b = chars.get(k + 1).map_or(to, |&(i, _)| from + i);
            (a as u32, b as u32)
        };
        let mut mark = 1;
        for g in group.iter_mut() {
            let k = if g.advance != 0 {
                0
            } else {
                mark += 1;
                mark - 1
            };
            (g.text_start, g.text_end) = bounds(k);
        }
    }
}

/// The advance and horizontal offset, in points, of a full-width
/// punctuation mark `c` set at half width by the face's own alternate
/// metrics (the OpenType `halt` feature, as CJK fonts have it): how
/// Chinese typesetting closes up two marks in a row and the mark at the
/// end of a line. `None` if the face has no such metrics for it. Kept per
/// thread, by face and character.
pub fn half_width(book: &FontBook, style: &TextStyle, c: char) -> Option<(f32, f32)> {
    /// Advance and offset in font units, or none, by face and character.
    type Known = HashMap<(FaceId, char), Option<(i32, i32)>>;
    thread_local! {
        static KNOWN: RefCell<Known> = RefCell::new(HashMap::default());
    }
    let face = book.face(style.face);
    let scale = style.size.0 / face.units_per_em;
    let key = (style.face, c);
    let known = KNOWN.with_borrow(|k| k.get(&key).copied());
    let units = known.unwrap_or_else(|| {
        let measure = |features: &[harfrust::Feature]| {
            let mut buffer = Buffer::new();
            buffer.push_str(c.encode_utf8(&mut [0; 4]));
            buffer.set_direction(Direction::LeftToRight);
            buffer.guess_segment_properties();
            let font = ShaperFont::new(&face.shaper);
            harfrust::shape(&font, &mut buffer, ShapeOptions::new().features(features)).ok()?;
            let pos = buffer.glyph_positions().first()?;
            Some((pos.x_advance, pos.x_offset))
        };
        let halt = harfrust::Feature::new(harfrust::Tag::new(b"halt"), 1, ..);
        let units = match (measure(&[]), measure(&[halt])) {
            (Some(full), Some(half)) if half.0 < full.0 => Some(half),
            _ => None,
        };
        KNOWN.with_borrow_mut(|k| k.insert(key, units));
        units
    });
    units.map(|(advance, offset)| (advance as f32 * scale, offset as f32 * scale))
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
        glyphs.iter().map(|g| &text[g.text_start..g.text_end]).collect()
    }

    #[test]
    fn kerning_tightens_av() {
        let book = FontBook::shared();
        for face in [0, 4] {
            let s = TextStyle { face: FaceId(face), ..style() };
            let av = advance(&shape(book, "AV", &s, "en"));
            let a = advance(&shape(book, "A", &s, "en"));
            let v = advance(&shape(book, "V", &s, "en"));
            assert!(av < a + v - 0.1, "face {face}: {av} vs {}", a + v);
        }
    }

    #[test]
    fn an_arabic_letter_and_its_vowel_sign_each_stand_for_their_own_character() {
        let book = FontBook::shared();
        let naskh = TextStyle { face: FaceId(8), ..style() };
        let text = "عُقد";
        let glyphs = shape(book, text, &naskh, "ar");
        let pieces: Vec<&str> =
            glyphs.iter().map(|g| &text[g.text_start..g.text_end]).filter(|t| !t.is_empty()).collect();
        // Every character once, each from its own glyph: the damma from the
        // mark's glyph, not the letter's glyph standing for both.
        assert!(pieces.contains(&"ع") && pieces.contains(&"\u{64F}"), "{pieces:?}");
        let mut all: Vec<char> = pieces.concat().chars().collect();
        all.sort_unstable();
        let mut expected: Vec<char> = text.chars().collect();
        expected.sort_unstable();
        assert_eq!(all, expected);
    }

    #[test]
    fn ligatures_map_back_to_their_text() {
        let book = FontBook::shared();
        let text = "office";
        let glyphs = shape(book, text, &style(), "en");
        assert!(glyphs.len() < text.chars().count(), "no ligature: {glyphs:?}");
        assert_eq!(text_of(text, &glyphs), text);
    }

    /// The whole text shaped at once, without caches, in font units.
    fn whole(book: &FontBook, text: &str, face: FaceId, language: &str) -> Vec<RawGlyph> {
        let mut buffer = Buffer::new();
        buffer.push_str(text);
        if !language.is_empty() {
            buffer.set_language(Some(language.parse().expect("language")));
        }
        buffer.guess_segment_properties();
        let font = ShaperFont::new(&book.face(face).shaper);
        harfrust::shape(&font, &mut buffer, ShapeOptions::new()).expect("shapes");
        raw_glyphs(text, buffer.glyph_infos(), buffer.glyph_positions())
    }

    #[test]
    fn word_by_word_equals_whole_text_in_every_face() {
        let book = FontBook::shared();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("briefs");
        let mut texts: Vec<String> = std::fs::read_dir(&dir)
            .expect("briefs/")
            .filter_map(|office| std::fs::read_dir(office.ok()?.path()).ok())
            .flatten()
            .filter_map(|e| {
                let p = e.ok()?.path();
                (p.extension()? == "toml").then(|| std::fs::read_to_string(p).ok())?
            })
            .flat_map(|s| s.lines().map(str::to_owned).collect::<Vec<_>>())
            .collect();
        texts.push("AVA T. Y, “Yes” L’ 1\u{a0}000 km — fi ffl To  Wa  «\u{202f}Oui\u{202f}»".to_owned());
        let ascii: String = (' '..='~').flat_map(|c| [c, ' ', c, 'T', ' ', 'V', c]).collect();
        texts.push(ascii);
        assert!(texts.len() > 100);
        for (face, _) in book.faces() {
            for text in texts.iter().chain(&texts) {
                let style = TextStyle { face, size: Pt(1000.0), ..style() };
                let upem = book.face(face).units_per_em;
                let cached: Vec<(u16, usize, usize, i32, i32)> = shape(book, text, &style, "en")
                    .iter()
                    .map(|g| {
                        let units = |v: f32| (v * upem / 1000.0).round() as i32;
                        (g.id, g.cluster, g.text_end, units(g.advance), units(g.x_offset))
                    })
                    .collect();
                let reference: Vec<(u16, usize, usize, i32, i32)> = whole(book, text, face, "en")
                    .iter()
                    .map(|g| (g.id, g.cluster as usize, g.text_end as usize, g.advance, g.x_offset))
                    .collect();
                assert_eq!(cached, reference, "face {} on {text:?}", face.0);
            }
        }
    }

    #[test]
    fn a_language_counts_only_where_the_face_has_lookups_for_it() {
        let book = FontBook::shared();
        let face = book.face(FaceId(0));
        let key = |text: &str, language: &str| properties(face, FaceId(0), text, language).language;
        // Noto Sans has Serbian forms of Cyrillic letters and Romanian ones
        // of Latin letters, and nothing of its own for English or French.
        assert!(key("бгдп", "sr").is_some());
        assert!(key("Ştefan", "ro").is_some());
        assert_eq!(key("tested", "en"), None);
        assert_eq!(key("essayé", "fr"), None);
        // And the Serbian forms are drawn: the italic б differs.
        let italic = TextStyle { face: FaceId(2), ..style() };
        let ids = |language: &str| shape(book, "бгдп", &italic, language).iter().map(|g| g.id).collect::<Vec<_>>();
        assert_ne!(ids("sr"), ids("ru"));
        assert_eq!(ids("ru"), ids(""));
    }

    #[test]
    fn script_and_direction_are_the_shapers_guess() {
        let book = FontBook::shared();
        for text in
            ["Hello", "« 2025 » — Ünïcode", "2026: مرحبا بالعالم", "שלום", "123 ...", "", "Привет", "̀ab", "e\u{301}"]
        {
            let key = properties(book.face(FaceId(0)), FaceId(0), text, "");
            let mut buffer = Buffer::new();
            buffer.push_str(text);
            buffer.guess_segment_properties();
            assert_eq!(key.script, buffer.script(), "{text:?}");
            assert_eq!(key.direction, buffer.direction(), "{text:?}");
        }
    }

    #[test]
    fn words_cut_at_space_runs() {
        let cut: Vec<(usize, &str)> = words("  ab  c\u{a0}d ").collect();
        assert_eq!(cut, [(0, "  "), (2, "ab"), (4, "  "), (6, "c\u{a0}d"), (10, " ")]);
    }

    #[test]
    fn text_round_trips_through_clusters() {
        let book = FontBook::shared();
        for text in ["António said “yes” – 10\u{a0}000 fi ffl", "Привет, мир", "e\u{301}te\u{301}"] {
            assert_eq!(text_of(text, &shape(book, text, &style(), "")), text);
        }
    }
}
