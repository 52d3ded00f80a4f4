//! The bundled faces, in [`FaceId`](super::FaceId) order: the Latin
//! families × (regular, bold, italic, bold italic), then the script faces ×
//! (regular, bold), then the symbols, then the monospace face of inline code. Each is a name and a file under
//! `fonts/`. Read by `build.rs`, which embeds the files and works out what
//! each face covers (`bundled.rs` in the build's output).

/// Name and file of each bundled face.
pub const BUNDLED_FACES: [(&str, &str); 17] = [
    ("NotoSans-Regular", "noto-sans/NotoSans-Regular.ttf"),
    ("NotoSans-Bold", "noto-sans/NotoSans-Bold.ttf"),
    ("NotoSans-Italic", "noto-sans/NotoSans-Italic.ttf"),
    ("NotoSans-BoldItalic", "noto-sans/NotoSans-BoldItalic.ttf"),
    ("NotoSerif-Regular", "noto-serif/NotoSerif-Regular.ttf"),
    ("NotoSerif-Bold", "noto-serif/NotoSerif-Bold.ttf"),
    ("NotoSerif-Italic", "noto-serif/NotoSerif-Italic.ttf"),
    ("NotoSerif-BoldItalic", "noto-serif/NotoSerif-BoldItalic.ttf"),
    ("NotoNaskhArabic-Regular", "noto-naskh-arabic/NotoNaskhArabic-Regular.ttf"),
    ("NotoNaskhArabic-Bold", "noto-naskh-arabic/NotoNaskhArabic-Bold.ttf"),
    ("NotoSansCJKsc-Regular", "noto-sans-sc/NotoSansCJKsc-Regular.otf"),
    ("NotoSansCJKsc-Bold", "noto-sans-sc/NotoSansCJKsc-Bold.otf"),
    ("NotoSerifCJKsc-Regular", "noto-serif-sc/NotoSerifCJKsc-Regular.otf"),
    ("NotoSerifCJKsc-Bold", "noto-serif-sc/NotoSerifCJKsc-Bold.otf"),
    ("NotoSansMath-Regular", "noto-symbols/NotoSansMath-Regular.ttf"),
    ("NotoSansSymbols2-Regular", "noto-symbols/NotoSansSymbols2-Regular.ttf"),
    ("NotoSansMono-Regular", "noto-sans-mono/NotoSansMono-Regular.ttf"),
];
