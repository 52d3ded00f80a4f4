//! The page's style sheet: the brief's colours and type family as custom
//! properties, then the house style (`page.css`), which is the same for
//! every brief. Logical properties throughout (`margin-inline-start`,
//! `border-inline-start`, `text-align: start`), so that a right-to-left
//! page is the mirror of a left-to-right one without a rule of its own.

use std::fmt::Write as _;

use crate::geom::Color;
use crate::model::FontChoice;

use super::{Writer, readable_on_dark};

/// The style sheet shared by every page.
const PAGE: &str = include_str!("page.css");

/// Text colour of body copy, as in the PDF.
const INK: Color = Color::rgb(0x1d, 0x1d, 0x1b);
/// Secondary text.
const MUTED: Color = Color::rgb(0x55, 0x58, 0x5a);
/// Hairlines.
const HAIRLINE: Color = Color::rgb(0xb8, 0xbc, 0xc0);
/// The page in dark mode.
const DARK: Color = Color::rgb(0x16, 0x18, 0x1b);

/// Families for Latin, Greek and Cyrillic, then each other script's, then
/// the platforms' own; the bundled faces of the PDF come first, for the
/// readers who have them.
const SANS: &str = "\"Noto Sans\", \"Helvetica Neue\", Arial, \"Noto Naskh Arabic\", \"Noto Sans Arabic\", \"Geeza Pro\", Tahoma, \"Noto Sans CJK SC\", \"Noto Sans SC\", \"PingFang SC\", \"Microsoft YaHei\", \"Noto Sans Math\", \"Noto Sans Symbols 2\", sans-serif";
const SERIF: &str = "\"Noto Serif\", Georgia, \"Times New Roman\", \"Noto Naskh Arabic\", \"Times New Roman\", \"Noto Serif CJK SC\", \"Noto Serif SC\", \"Songti SC\", SimSun, \"Noto Sans Math\", \"Noto Sans Symbols 2\", serif";
/// Arabic first on an Arabic page: its Latin letters follow in the next
/// face.
const ARABIC: &str = "\"Noto Naskh Arabic\", \"Noto Sans Arabic\", \"Geeza Pro\", Tahoma, \"Noto Sans\", Arial, \"Noto Sans CJK SC\", \"Noto Sans SC\", \"Noto Sans Math\", \"Noto Sans Symbols 2\", sans-serif";
/// Chinese first on a Chinese page: its punctuation (“”：，) is set
/// full width, as in the PDF.
const CHINESE: &str = "\"Noto Sans CJK SC\", \"Noto Sans SC\", \"PingFang SC\", \"Microsoft YaHei\", \"Noto Sans\", Arial, \"Noto Naskh Arabic\", \"Noto Sans Math\", \"Noto Sans Symbols 2\", sans-serif";
const CHINESE_SERIF: &str = "\"Noto Serif CJK SC\", \"Noto Serif SC\", \"Songti SC\", SimSun, \"Noto Serif\", Georgia, \"Noto Naskh Arabic\", \"Noto Sans Math\", \"Noto Sans Symbols 2\", serif";
const MONO: &str = "\"Noto Sans Mono\", Menlo, Consolas, \"Liberation Mono\", monospace";

/// Writes the style sheet.
pub(super) fn write(w: &Writer, out: &mut String) {
    let style = &w.brief.style;
    let accent = style.accent;
    let accent_text = accent.readable_on_white();
    let on_accent = if accent.luminance() > 0.4 { INK } else { Color::WHITE };
    // The band as in the PDF, darkened where its text would not read on
    // a screen (WCAG 4.5:1): white on UN blue is 3:1.
    let band = if contrast(on_accent, accent) >= 4.5 { accent } else { accent_text };
    // Labels and figures on the tinted panels and tiles.
    let tint = accent.tint(0.9);
    let on_tint = darkest_readable(accent, tint);
    let dark_tint = mix(accent, DARK, 0.82);
    let own = match &style.font {
        FontChoice::Files(files) => Some(files.regular.family.as_str())
            .filter(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-')),
        _ => None,
    };
    let chinese = matches!(w.lang.primary.as_str(), "zh" | "ja");
    let base = match (&style.font, w.lang.is_rtl(), chinese) {
        (_, true, _) => ARABIC,
        (FontChoice::Serif, _, true) => CHINESE_SERIF,
        (_, _, true) => CHINESE,
        (FontChoice::Serif, false, _) => SERIF,
        _ => SANS,
    };
    let family = match own {
        Some(own) => format!("\"{own}\", {base}"),
        None => base.to_string(),
    };
    let _ = writeln!(
        out,
        ":root {{\n  --accent: {};\n  --band: {};\n  --on-accent: {};\n  --accent-text: {};\n  --on-tint: {};\n  --tint: {};\n  --ink: {};\n  --muted: {};\n  --hairline: {};\n  --paper: #ffffff;\n  --code: #f2f3f4;\n  --font: {family};\n  --mono: {MONO};\n}}",
        accent.hex(),
        band.hex(),
        on_accent.hex(),
        accent_text.hex(),
        on_tint.hex(),
        tint.hex(),
        INK.hex(),
        MUTED.hex(),
        HAIRLINE.hex(),
    );
    let _ = writeln!(
        out,
        "@media screen and (prefers-color-scheme: dark) {{\n  :root {{\n    --accent-text: {};\n    --on-tint: {};\n    --tint: {};\n    --ink: #e6e6e3;\n    --muted: #a8adb2;\n    --hairline: #474d54;\n    --paper: {};\n    --code: #23272b;\n  }}\n}}",
        readable_on_dark(accent, DARK).hex(),
        readable_on_dark(accent, dark_tint).hex(),
        dark_tint.hex(),
        DARK.hex(),
    );
    out.push_str(PAGE);
    // A title with a word too long for a phone's line at the title's size
    // (контртеррористической) is set smaller there rather than broken
    // inside the word where the browser has no hyphenation (an average
    // bold letter is about 0.62 em; a 320-pixel screen holds 280).
    let longest = w.brief.title.split_whitespace().map(|word| word.chars().count()).max().unwrap_or(0);
    let fits = 280.0 / (0.62 * longest.max(1) as f32);
    if fits < 23.0 && !matches!(w.lang.primary.as_str(), "zh" | "ja") {
        let _ = writeln!(out, "@media (max-width: 30rem) {{ h1 {{ font-size: {:.2}px; }} }}", fits.max(16.0));
    }
    if !w.italic {
        // Arabic and Chinese have no italics: what is slanted elsewhere is
        // upright, emphasis is bold (the page's `em` never occurs).
        out.push_str(".notice, .pull blockquote p, .figures .note, figcaption { font-style: normal; }\n");
    }
    match w.lang.primary.as_str() {
        // Browsers justify Chinese well, spreading the space between
        // characters; the PDF's body is justified too.
        // An address may break anywhere there, so that the line before
        // it is not spread out; a gap of an eighth of an em (a twelfth in
        // the PDF) between Han and Latin letters or digits where the
        // browser makes one (`text-autospace`).
        "zh" | "ja" => out.push_str(
            "main p { text-align: justify; text-autospace: normal; }\nmain p a[dir=\"ltr\"] { word-break: break-all; }\n",
        ),
        // Hyphenation where browsers have dictionaries (Latin and Cyrillic
        // letters); lines stay ragged.
        "en" | "fr" | "es" | "ru" | "de" | "pt" | "it" | "nl" => {
            out.push_str("h1, h2, main p, main li, main td, main dd { hyphens: auto; -webkit-hyphens: auto; }\n")
        }
        _ => {}
    }
}

/// `accent` darkened until it reads on `background` (WCAG 4.5:1).
fn darkest_readable(accent: Color, background: Color) -> Color {
    let mut out = accent;
    let mut step = 0.0;
    while contrast(out, background) < 4.5 && step < 1.0 {
        step += 0.05;
        out = accent.shade(step);
    }
    out
}

/// The contrast ratio of two colours (WCAG).
fn contrast(a: Color, b: Color) -> f32 {
    let (x, y) = (a.luminance() + 0.05, b.luminance() + 0.05);
    x.max(y) / x.min(y)
}

/// `a` mixed into `b`: `amount` 0 keeps `a`, 1 gives `b`.
fn mix(a: Color, b: Color, amount: f32) -> Color {
    let m = |x: u8, y: u8| (x as f32 + (y as f32 - x as f32) * amount).round() as u8;
    Color::rgb(m(a.r, b.r), m(a.g, b.g), m(a.b, b.b))
}
