//! Font embedding: every face a document uses is subset to the glyphs it
//! shows (with the `subsetter` crate), its glyph ids renumbered, and handed
//! to printpdf as a small TrueType program under a subset-tagged name
//! (`ABCDEF+NotoSans-Regular`). The text each glyph stands for is kept per
//! glyph so that the ToUnicode map makes the text extractable.

use std::collections::BTreeMap;

use printpdf::{FontId, ParsedFont, PdfFont};

use crate::layout::{Item, Page};
use crate::text::{FaceId, FontBook, contain};

use super::{PdfError, hash128};

/// One embedded, subset face.
pub(super) struct EmbeddedFont {
    /// Resource name in the PDF ("F1").
    pub id: FontId,
    /// Original glyph id → glyph id in the subset program, indexed by the
    /// original id (0, the subset's `.notdef`, for glyphs not used).
    remap: Vec<u16>,
    /// The glyphs used, by original id in increasing order, each with the
    /// text it stands for (empty if only ever a cluster continuation).
    used: Vec<(u16, String)>,
    /// Subset glyph id → advance in 1/1000 em, exactly as printpdf writes it
    /// into the `/W` array, indexed by the subset id.
    widths: Vec<i64>,
    /// Height of capitals in 1/1000 em (for the font descriptor).
    pub cap_height: i64,
    /// Some glyph stands for different texts in different places (a
    /// ligature typed as "ﬁ" and one shaped from "fi"): the ToUnicode map
    /// gives it one of them, and the others need their own `/ActualText`.
    pub shared: bool,
    /// PostScript name of the face, without subset tag.
    name: &'static str,
}

impl EmbeddedFont {
    /// The face's PostScript name, without subset tag.
    pub fn postscript_name(&self) -> &'static str {
        self.name
    }

    /// The subset glyph id of an original glyph id.
    pub fn gid(&self, original: u16) -> u16 {
        self.remap.get(usize::from(original)).copied().unwrap_or(0)
    }

    /// The text the font's map gives an original glyph id (what text
    /// extraction reports for it); empty for a glyph not used.
    pub fn text_of(&self, original: u16) -> &str {
        match self.used.binary_search_by_key(&original, |(id, _)| *id) {
            Ok(i) => &self.used[i].1,
            Err(_) => "",
        }
    }

    /// Every glyph of the subset with the text it stands for, by subset
    /// glyph id.
    pub fn glyphs(&self) -> impl Iterator<Item = (u16, &str)> {
        self.used.iter().map(|(original, text)| (self.gid(*original), text.as_str()))
    }

    /// Advance of a subset glyph in 1/1000 em, as the viewer will apply it.
    pub fn width(&self, subset_gid: u16) -> i64 {
        self.widths.get(usize::from(subset_gid)).copied().unwrap_or(0)
    }
}

/// The glyphs of one face a document shows: for each glyph id, where it is
/// in the list (`u32::MAX` for none), the list of glyphs with their text in
/// order of first use, and whether a glyph was seen with two texts.
type Seen<'a> = (Vec<u32>, Vec<(u16, &'a str)>, bool);

/// The faces of one document, keyed by face.
pub(super) struct FontSet {
    fonts: BTreeMap<FaceId, EmbeddedFont>,
}

impl FontSet {
    /// Collects the glyphs every face shows, subsets the faces and registers
    /// them with the printpdf document under deterministic names.
    pub fn build(pages: &[&Page], book: &FontBook, pdf: &mut printpdf::PdfDocument) -> Result<FontSet, PdfError> {
        // 1. Used glyphs, per face, each with the first text it stands
        // for in page order (the same string for every occurrence, so that
        // the ToUnicode entry printpdf builds is stable), or the first
        // non-empty one if that is empty (a glyph that continues a cluster
        // stands for no text of its own). Per face, a table by glyph id
        // points into the list of glyphs seen.
        let mut seen: BTreeMap<FaceId, Seen> = BTreeMap::new();
        for page in pages {
            for item in &page.items {
                let Item::Text { run, .. } = item else { continue };
                let (at, glyphs, shared) = seen.entry(run.face).or_default();
                for g in &run.glyphs {
                    let id = usize::from(g.id);
                    if id >= at.len() {
                        at.resize(id.max(usize::from(book.face(run.face).metrics.number_of_glyphs())) + 1, u32::MAX);
                    }
                    match glyphs.get_mut(at[id] as usize) {
                        Some((_, text)) => {
                            if *text != g.text {
                                *shared = true;
                            }
                            if text.is_empty() {
                                *text = &g.text;
                            }
                        }
                        None => {
                            at[id] = glyphs.len() as u32;
                            glyphs.push((g.id, &g.text));
                        }
                    }
                }
            }
        }
        let used = seen.into_iter().map(|(face, (_, mut glyphs, shared))| {
            glyphs.sort_unstable_by_key(|&(id, _)| id);
            (face, glyphs.into_iter().map(|(id, text)| (id, text.to_owned())).collect::<Vec<_>>(), shared)
        });

        // 2. Subset each face and register it, in an order that does not
        // depend on which brief of a batch loaded its own fonts first.
        let mut used: Vec<_> = used.collect();
        used.sort_by_cached_key(|(face, _, _)| book.stable_key(*face));
        let mut fonts = BTreeMap::new();
        for (n, (face_id, used, shared)) in used.into_iter().enumerate() {
            let face = book.face(face_id);
            let mut remapper = subsetter::GlyphRemapper::new();
            for &(g, _) in &used {
                remapper.remap(g);
            }
            let embed = || -> Result<ParsedFont, PdfError> {
                let program = subsetter::subset(face.data, 0, &remapper)
                    .map_err(|e| damaged(face.name, &format!("subsetting it failed ({e})")))?;
                let mut warnings = Vec::new();
                ParsedFont::from_bytes(&program, 0, &mut warnings)
                    .ok_or_else(|| damaged(face.name, "its subset does not parse"))
            };
            // A brief's own file may be damaged in ways its checks miss.
            let mut parsed = if book.is_bundled(face_id) {
                embed()?
            } else {
                contain(embed).ok_or_else(|| damaged(face.name, "embedding it failed"))??
            };
            let mut remap = vec![0; used.last().map_or(0, |&(g, _)| usize::from(g) + 1)];
            for &(g, _) in &used {
                remap[usize::from(g)] = remapper.get(g).unwrap_or(0);
            }
            parsed.font_name = Some(format!("{}+{}", subset_tag(face.name, &used), face.name));

            // printpdf's `/W`: advance * 1000 / upem, truncated.
            let upem = f32::from(parsed.pdf_font_metrics.units_per_em.max(1));
            let count = remapper.num_gids();
            let widths = (0..count)
                .map(|new| {
                    let w = parsed.get_glyph_width(new).unwrap_or(0);
                    (f32::from(w) * 1000.0 / upem) as i64
                })
                .collect();

            let id = FontId(format!("F{}", n + 1));
            pdf.resources.fonts.map.insert(id.clone(), PdfFont::new(parsed));
            let cap_height = (face.cap_height * 1000.0).round() as i64;
            fonts.insert(face_id, EmbeddedFont { id, remap, used, widths, cap_height, shared, name: face.name });
        }
        Ok(FontSet { fonts })
    }

    /// The embedded font of a face, if the document uses it.
    pub fn get(&self, face: FaceId) -> Option<&EmbeddedFont> {
        self.fonts.get(&face)
    }

    /// Whether every font is a bundled one.
    pub fn all_bundled(&self, book: &FontBook) -> bool {
        self.fonts.keys().all(|&id| book.is_bundled(id))
    }

    /// All embedded fonts.
    pub fn iter(&self) -> impl Iterator<Item = &EmbeddedFont> {
        self.fonts.values()
    }
}

/// The error for a font that cannot be embedded.
fn damaged(name: &str, why: &str) -> PdfError {
    PdfError(format!("font `{name}` is damaged: {why}; export or download the font file again"))
}

/// Six uppercase letters derived from the face and its glyph set (ISO
/// 32000-1, 9.6.4): the same subset always gets the same tag.
fn subset_tag(name: &str, used: &[(u16, String)]) -> String {
    let mut bytes = name.as_bytes().to_vec();
    for (g, _) in used {
        bytes.extend_from_slice(&g.to_be_bytes());
    }
    let mut h = hash128(&bytes);
    (0..6)
        .map(|_| {
            let c = char::from(b'A' + (h % 26) as u8);
            h /= 26;
            c
        })
        .collect()
}
