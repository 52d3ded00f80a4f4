//! Logo files and a section's images: the format is decided by the
//! content (PNG and JPEG by their magic bytes, SVG by its root element),
//! never by the file name. What the PDF writer will need is checked here,
//! so that `brief check` finds every image `build` would refuse, at its
//! place in the brief:
//!
//! - a PNG is decoded whole (a truncated file or a bad checksum is found
//!   now) and its samples handed on in [`Image::pixels`], so it is decoded
//!   once;
//! - a JPEG, whose bytes go into the PDF as they are, must have the frame
//!   header the PDF writer reads ([`jpeg_frame`]);
//! - an SVG is measured before it is parsed ([`xml`]): its elements nest
//!   at most [`MAX_DEPTH`] deep, its entities expand to at most
//!   [`MAX_EXPANSION`] bytes and joining its text copies at most
//!   [`MAX_JOINING`]; then it is parsed and resolved by usvg. It
//!   must be self-contained: any `href`, `url(…)`, `@import`, stylesheet
//!   (`<?xml-stylesheet?>`) or entity to something other than a fragment
//!   (`#id`) or a `data:` URL is rejected, and nothing is ever fetched.
//!
//! The size is read from the header (PNG, JPEG) or by usvg (SVG).

mod xml;

use std::sync::Arc;

use super::tree::{Image, ImageFormat, Pixels};

/// The largest width or height accepted, in pixels (SVG: user units).
const MAX_SIDE: f32 = 10_000.0;

/// The most pixels a PNG or JPEG may have; only the header is read before
/// this check.
const MAX_PIXELS: u64 = super::limits::PIXELS;

/// The deepest an SVG's elements may nest. roxmltree and usvg read them
/// recursively; a drawing exported by a real tool nests a few dozen deep.
pub(crate) const MAX_DEPTH: usize = 256;

/// The most bytes an SVG's entities may expand to, every reference
/// counted (4 MiB). Exporters that use entities (Adobe Illustrator's
/// namespaces and styles) stay far below it.
pub(crate) const MAX_EXPANSION: u64 = 4 * 1024 * 1024;

/// The most bytes the XML parser may copy to join an SVG's text from its
/// pieces ([`xml::Measure::joining`]; 1 GiB, a tenth of a second). A file
/// without entities or CDATA sections copies about its own size.
pub(crate) const MAX_JOINING: u64 = 1 << 30;

/// What is wrong with an image: a message and an optional hint.
pub(crate) type Problem = (String, Option<String>);

/// Sniffs, measures and checks an image file's bytes.
/// `what` names the image in messages ("logo", "image").
pub(crate) fn read(what: &str, path: &str, data: Vec<u8>) -> Result<Image, Problem> {
    let format = sniff(&data).ok_or_else(|| {
        (
            format!("{what} `{path}` is not a PNG, JPEG or SVG image"),
            Some("the format is read from the file's content, not its name".to_string()),
        )
    })?;
    let (width, height) = match format {
        ImageFormat::Png => raster(what, path, &data, image::ImageFormat::Png)?,
        ImageFormat::Jpeg => raster(what, path, &data, image::ImageFormat::Jpeg)?,
        ImageFormat::Svg => svg(what, path, &data)?,
    };
    let pixels = match format {
        ImageFormat::Png => Some(Arc::new(decode_png(&data).map_err(|e| {
            (
                format!("{what} `{path}` is a damaged PNG image"),
                Some(format!("it cannot be decoded ({e}); export it again from the original")),
            )
        })?)),
        ImageFormat::Jpeg => {
            let frame = jpeg_frame(&data).map_err(|e| {
                (
                    format!("{what} `{path}` is a damaged JPEG image"),
                    Some(format!("{e}; export it again from the original")),
                )
            })?;
            if !matches!(frame.components, 1 | 3 | 4) {
                return Err((
                    format!("{what} `{path}` is a JPEG image with {} colour components", frame.components),
                    Some("save it as RGB, greyscale or CMYK".to_string()),
                ));
            }
            None
        }
        ImageFormat::Svg => None,
    };
    if !(width >= 1.0 && height >= 1.0 && width <= MAX_SIDE && height <= MAX_SIDE) {
        return Err((
            format!("{what} `{path}` has absurd dimensions ({width} × {height})"),
            Some(format!("use an image between 1 and {MAX_SIDE} pixels on each side")),
        ));
    }
    Ok(Image { format, width, height, data: Arc::new(data), pixels })
}

fn sniff(data: &[u8]) -> Option<ImageFormat> {
    if data.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(ImageFormat::Png);
    }
    if data.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(ImageFormat::Jpeg);
    }
    let text = std::str::from_utf8(data).ok()?;
    let text = text.trim_start_matches('\u{feff}').trim_start();
    (text.starts_with('<') && text.contains("<svg")).then_some(ImageFormat::Svg)
}

fn raster(what: &str, path: &str, data: &[u8], format: image::ImageFormat) -> Result<(f32, f32), Problem> {
    let reader = image::ImageReader::with_format(std::io::Cursor::new(data), format);
    let name = if format == image::ImageFormat::Png { "PNG" } else { "JPEG" };
    let (w, h) = reader.into_dimensions().map_err(|_| {
        (
            format!("{what} `{path}` is a damaged {name} image"),
            Some("its size cannot be read; export it again from the original".to_string()),
        )
    })?;
    let pixels = u64::from(w) * u64::from(h);
    if pixels > MAX_PIXELS {
        return Err((
            format!("{what} `{path}` has too many pixels ({w} × {h}, {:.1} megapixels)", pixels as f64 / 1e6),
            Some(format!(
                "the most is {} megapixels; scale the image down (a page needs no more than about 2000 pixels a side)",
                MAX_PIXELS / 1_000_000
            )),
        ));
    }
    Ok((w as f32, h as f32))
}

fn svg(what: &str, path: &str, data: &[u8]) -> Result<(f32, f32), Problem> {
    let broken = |e: String| {
        (
            format!("cannot read SVG {what} `{path}`: {}", tidy(&e)),
            Some("the file may be damaged; export it again from the original".to_string()),
        )
    };
    let text = std::str::from_utf8(data).map_err(|e| broken(e.to_string()))?;
    let measure = xml::measure(text);
    if let Some(file) = measure.outside {
        return Err((
            format!("SVG {what} `{path}` refers to an outside resource `{file}`"),
            Some("an entity cannot be read from another file; write its text in the SVG".to_string()),
        ));
    }
    if measure.depth > MAX_DEPTH {
        return Err((
            format!("SVG {what} `{path}` nests its elements {} deep, the most is {MAX_DEPTH}", measure.depth),
            Some("ungroup the drawing (fewer groups inside groups) and export it again".to_string()),
        ));
    }
    if measure.expanded > MAX_EXPANSION {
        return Err((
            format!(
                "the entities of SVG {what} `{path}` expand to {}, the most is {}",
                mebibytes(measure.expanded),
                mebibytes(MAX_EXPANSION)
            ),
            Some("export the drawing again without entities (`<!ENTITY …>` in its `<!DOCTYPE>`); repeated shapes can be drawn once and placed with `<use>`".to_string()),
        ));
    }
    if measure.joining > MAX_JOINING {
        return Err((
            format!("SVG {what} `{path}` builds its text from too many pieces (entities and CDATA sections)"),
            Some(format!(
                "reading it would copy about {} GiB of text; export the drawing again without entities (`<!ENTITY …>` in its `<!DOCTYPE>`)",
                measure.joining >> 30
            )),
        ));
    }
    let options = usvg::roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
    let doc = usvg::roxmltree::Document::parse_with_options(text, options).map_err(|e| broken(e.to_string()))?;
    if doc.root_element().tag_name().name() != "svg" {
        return Err((
            format!("{what} `{path}` is not a PNG, JPEG or SVG image"),
            Some(format!("its root element is `<{}>`, not `<svg>`", doc.root_element().tag_name().name())),
        ));
    }
    if let Some((target, hint)) = external_reference(&doc) {
        return Err((format!("SVG {what} `{path}` refers to an outside resource `{target}`"), Some(hint.to_string())));
    }
    let mut opt = usvg::Options::default();
    opt.image_href_resolver.resolve_string = Box::new(|_, _| None);
    let tree = usvg::Tree::from_xmltree(&doc, &opt).map_err(|e| match e {
        usvg::Error::ElementsLimitReached | usvg::Error::ParsingFailed(usvg::roxmltree::Error::NodesLimitReached) => (
            format!(
                "SVG {what} `{path}` draws too much: over 1,000,000 elements, or shapes drawn by `<use>` of `<use>` over 1,024 deep"
            ),
            Some("simplify the drawing and export it again (each `<use>` counts as a copy of what it draws)".to_string()),
        ),
        e => broken(e.to_string()),
    })?;
    Ok((tree.size().width(), tree.size().height()))
}

/// The first `href`, `url(…)` or stylesheet that is not a fragment or a
/// `data:` URL, with the hint for it.
fn external_reference(doc: &usvg::roxmltree::Document<'_>) -> Option<(String, &'static str)> {
    const EMBED: &str = "embed images as `data:` URLs; only `#id` references are allowed";
    const STYLE: &str = "put the styles in a `<style>` element inside the SVG; nothing is fetched";
    let allowed = |t: &str| {
        let t = t.trim().trim_matches(['"', '\'']).trim();
        t.is_empty() || t.starts_with('#') || t.to_ascii_lowercase().starts_with("data:")
    };
    for node in doc.descendants() {
        // `<?xml-stylesheet href="…"?>`, which usvg would ignore.
        if let Some(pi) = node.pi().filter(|pi| pi.target.eq_ignore_ascii_case("xml-stylesheet"))
            && let Some(href) = pseudo_attribute(pi.value.unwrap_or(""), "href").filter(|h| !allowed(h))
        {
            return Some((href.trim().to_string(), STYLE));
        }
        let mut texts: Vec<&str> = Vec::new();
        for attr in node.attributes() {
            if attr.name() == "href" {
                if !allowed(attr.value()) {
                    return Some((attr.value().to_string(), EMBED));
                }
            } else {
                texts.push(attr.value());
            }
        }
        if node.is_text() {
            texts.extend(node.text());
        }
        for text in texts {
            let lower = text.to_ascii_lowercase();
            if lower.contains("@import") {
                return Some(("@import".to_string(), STYLE));
            }
            for (i, _) in lower.match_indices("url(") {
                let rest = &text[i + 4..];
                let target = rest.split(')').next().unwrap_or(rest);
                if !allowed(target) {
                    return Some((target.trim().to_string(), EMBED));
                }
            }
        }
    }
    None
}

/// The value of pseudo-attribute `name` in a processing instruction's
/// text (`type="text/css" href="style.css"`).
fn pseudo_attribute<'v>(text: &'v str, name: &str) -> Option<&'v str> {
    let mut rest = text;
    while let Some(eq) = rest.find('=') {
        let key = rest[..eq].trim();
        let after = rest[eq + 1..].trim_start();
        let quote = after.chars().next().filter(|c| matches!(c, '"' | '\''))?;
        let value = &after[1..];
        let end = value.find(quote)?;
        if key.eq_ignore_ascii_case(name) {
            return Some(&value[..end]);
        }
        rest = &value[end + 1..];
    }
    None
}

/// A size in MiB, with one decimal unless whole.
fn mebibytes(bytes: u64) -> String {
    let mib = bytes as f64 / (1024.0 * 1024.0);
    if mib.fract() == 0.0 { format!("{mib} MiB") } else { format!("{mib:.1} MiB") }
}

/// Decodes a PNG file to its samples: 8 or 16 bits (big-endian), grey or
/// RGB, with or without alpha; other layouts (palettes, fewer bits) as
/// 16-bit RGBA. `Err` says what is wrong with the file.
pub fn decode_png(data: &[u8]) -> Result<Pixels, String> {
    use image::DynamicImage as D;
    let img = image::load_from_memory_with_format(data, image::ImageFormat::Png).map_err(|e| {
        let e = e.to_string();
        // "CRC error: expected 0x… have 0x… while decoding ChunkType { type: IDAT, … } chunk"
        if e.contains("CRC error") {
            let chunk = e.split("type: ").nth(1).and_then(|t| t.get(..4)).unwrap_or("a");
            return format!("the checksum of its {chunk} chunk does not match");
        }
        tidy(e.strip_prefix("Format error decoding Png: ").unwrap_or(&e))
    })?;
    let (width, height) = (img.width(), img.height());
    let (colors, alpha, wide, samples): (usize, bool, bool, Vec<u8>) = match img {
        D::ImageLuma8(b) => (1, false, false, b.into_raw()),
        D::ImageLumaA8(b) => (1, true, false, b.into_raw()),
        D::ImageRgb8(b) => (3, false, false, b.into_raw()),
        D::ImageRgba8(b) => (3, true, false, b.into_raw()),
        D::ImageLuma16(b) => (1, false, true, be(b.into_raw())),
        D::ImageLumaA16(b) => (1, true, true, be(b.into_raw())),
        D::ImageRgb16(b) => (3, false, true, be(b.into_raw())),
        D::ImageRgba16(b) => (3, true, true, be(b.into_raw())),
        other => (3, true, true, be(other.to_rgba16().into_raw())),
    };
    Ok(Pixels { width, height, colors, alpha, bits: if wide { 16 } else { 8 }, samples })
}

fn be(samples: Vec<u16>) -> Vec<u8> {
    samples.into_iter().flat_map(u16::to_be_bytes).collect()
}

/// What a JPEG's frame header says, as the PDF writer needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JpegFrame {
    /// Width in pixels.
    pub width: u16,
    /// Height in pixels.
    pub height: u16,
    /// Bits per sample.
    pub bits: u8,
    /// Colour components: 1 (grey), 3 (YCbCr or RGB) or 4 (CMYK); other
    /// counts are read but cannot go into a PDF.
    pub components: u8,
    /// Whether an Adobe marker comes first (its CMYK values are inverted).
    pub adobe: bool,
}

/// Reads a JPEG's markers up to its first frame header (SOF).
pub fn jpeg_frame(data: &[u8]) -> Result<JpegFrame, String> {
    let bad = || "its frame header cannot be read".to_string();
    let mut i = 2;
    let mut adobe = false;
    if data.get(..2) != Some(&[0xFF, 0xD8]) {
        return Err(bad());
    }
    loop {
        // Skip fill bytes before a marker.
        while data.get(i) == Some(&0xFF) && data.get(i + 1) == Some(&0xFF) {
            i += 1;
        }
        let (&ff, &marker) = (data.get(i).ok_or_else(bad)?, data.get(i + 1).ok_or_else(bad)?);
        if ff != 0xFF {
            return Err(bad());
        }
        let len =
            usize::from(u16::from_be_bytes([*data.get(i + 2).ok_or_else(bad)?, *data.get(i + 3).ok_or_else(bad)?]));
        let seg = data.get(i + 4..i + 2 + len).ok_or_else(bad)?;
        if marker == 0xEE && seg.starts_with(b"Adobe") {
            adobe = true;
        }
        let is_sof = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_sof {
            let byte = |k: usize| seg.get(k).copied().ok_or_else(bad);
            return Ok(JpegFrame {
                bits: byte(0)?,
                height: u16::from_be_bytes([byte(1)?, byte(2)?]),
                width: u16::from_be_bytes([byte(3)?, byte(4)?]),
                components: byte(5)?,
                adobe,
            });
        }
        i += 2 + len;
    }
}

/// Lowercases the first letter of a library's error message, unless it
/// starts a word in capitals ("SVG data parsing failed").
fn tidy(message: &str) -> String {
    let message = message.trim().trim_end_matches('.');
    let mut chars = message.chars();
    match (chars.next(), chars.next()) {
        (Some(_), Some(second)) if second.is_uppercase() => message.to_string(),
        (Some(first), _) => first.to_lowercase().chain(message.chars().skip(1)).collect(),
        (None, _) => String::new(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn svg_is_measured() {
        let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="10" height="10" fill="url(#g)"/></svg>"##;
        let img = read("logo", "a.svg", svg.to_vec()).unwrap();
        assert_eq!(img.format, ImageFormat::Svg);
        assert_eq!((img.width, img.height), (120.0, 40.0));
    }

    #[test]
    fn svg_with_external_reference_is_rejected() {
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10"><image xlink:href="file:///etc/passwd" width="1" height="1"/></svg>"#;
        let err = read("logo", "a.svg", svg.to_vec()).unwrap_err();
        assert!(err.0.contains("file:///etc/passwd"), "{err:?}");
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><style>rect { fill: url(https://x.org/a.svg#p) }</style></svg>"#;
        assert!(read("logo", "a.svg", svg.to_vec()).is_err());
    }

    #[test]
    fn text_is_not_an_image() {
        let err = read("logo", "a.png", b"hello".to_vec()).unwrap_err();
        assert_eq!(err.0, "logo `a.png` is not a PNG, JPEG or SVG image");
    }
}
