//! Logo files and a section's images: the format is decided by the
//! content (PNG and JPEG by their magic bytes, SVG by its root element),
//! never by the file name; the size is read from the header (PNG, JPEG) or
//! by usvg (SVG). An SVG is measured before it is parsed ([`xml`]): its
//! elements nest at most [`MAX_DEPTH`] deep and its entities expand to at
//! most [`MAX_EXPANSION`] bytes. It must be self-contained: any `href`,
//! `url(…)`, `@import`, stylesheet (`<?xml-stylesheet?>`) or entity to
//! something other than a fragment (`#id`) or a `data:` URL is rejected,
//! and nothing is ever fetched.

mod xml;

use std::sync::Arc;

use super::tree::{Image, ImageFormat};

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
    if !(width >= 1.0 && height >= 1.0 && width <= MAX_SIDE && height <= MAX_SIDE) {
        return Err((
            format!("{what} `{path}` has absurd dimensions ({width} × {height})"),
            Some(format!("use an image between 1 and {MAX_SIDE} pixels on each side")),
        ));
    }
    Ok(Image { format, width, height, data: Arc::new(data) })
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
            format!("SVG {what} `{path}` has too many elements (over 1,000,000, each `<use>` counting its copy)"),
            Some("simplify the drawing and export it again".to_string()),
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
        if let Some(pi) = node.pi().filter(|pi| pi.target.eq_ignore_ascii_case("xml-stylesheet")) {
            if let Some(href) = pseudo_attribute(pi.value.unwrap_or(""), "href").filter(|h| !allowed(h)) {
                return Some((href.trim().to_string(), STYLE));
            }
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
