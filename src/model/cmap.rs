//! What a face's Unicode character maps cover: a bit per character of the
//! Basic Multilingual Plane and a sorted list above it. Shared by
//! [`Coverage`](super::font::Coverage), for a brief's own fonts, and by
//! `build.rs`, for the bundled ones.

/// The characters `face` maps to a glyph other than `.notdef`.
pub fn characters(face: &ttf_parser::Face<'_>) -> (Box<[u64; 1024]>, Vec<u32>) {
    let mut bmp = Box::new([0u64; 1024]);
    let mut astral = Vec::new();
    if let Some(cmap) = face.tables().cmap {
        for subtable in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
            subtable.codepoints(|cp| {
                if subtable.glyph_index(cp).is_none_or(|g| g.0 == 0) {
                    return;
                }
                match usize::try_from(cp) {
                    Ok(i) if i < 0x1_0000 => bmp[i / 64] |= 1 << (i % 64),
                    _ => astral.push(cp),
                }
            });
        }
    }
    astral.sort_unstable();
    astral.dedup();
    (bmp, astral)
}
