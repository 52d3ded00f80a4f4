//! SVG to PDF vector operators: usvg resolves the file (styles, `use`,
//! shapes to paths, transforms), and each visible path becomes a PDF path
//! filled and stroked with a solid colour. Gradients and patterns are
//! approximated by their first stop (or grey); opacity, masks, clips,
//! filters, embedded rasters and text are not drawn.

use std::collections::BTreeMap;
use std::fmt::Write;

use printpdf::{DictItem, ExternalStream};
use usvg::tiny_skia_path::PathSegment;

use super::PdfError;

/// A form XObject painting the SVG into the unit square.
pub(super) fn form(data: &[u8]) -> Result<ExternalStream, PdfError> {
    let tree = usvg::Tree::from_data(data, &usvg::Options::default())
        .map_err(|e| PdfError(format!("cannot read SVG: {e}")))?;
    let size = tree.size();
    let (w, h) = (size.width().max(f32::EPSILON), size.height().max(f32::EPSILON));
    let mut out = String::new();
    // SVG user space (y down, w × h) → unit square (y up).
    let _ = writeln!(out, "q {} 0 0 {} 0 1 cm", num(1.0 / w), num(-1.0 / h));
    group(&mut out, tree.root(), tree.root().abs_transform());
    out.push_str("Q\n");
    let dict = BTreeMap::from([
        ("Type".to_owned(), DictItem::Name(b"XObject".to_vec())),
        ("Subtype".to_owned(), DictItem::Name(b"Form".to_vec())),
        ("BBox".to_owned(), DictItem::Array([0, 0, 1, 1].map(DictItem::Int).to_vec())),
    ]);
    Ok(ExternalStream { dict, content: out.into_bytes(), compress: true })
}

/// The paths of `g`, whose absolute transform is `ts`. The transforms are
/// chained here from each group's own rather than read from usvg's
/// `abs_transform`, which applies the transform of a `<use>` element twice
/// (resvg issues 1037 and 1056): text exported as `<use>`d glyphs
/// (Matplotlib's charts) came out spaced twice as wide.
fn group(out: &mut String, g: &usvg::Group, ts: usvg::Transform) {
    for node in g.children() {
        match node {
            usvg::Node::Group(child) => group(out, child, ts.pre_concat(child.transform())),
            usvg::Node::Path(p) => path(out, p, ts),
            usvg::Node::Image(_) | usvg::Node::Text(_) => {}
        }
    }
}

fn path(out: &mut String, p: &usvg::Path, t: usvg::Transform) {
    if !p.is_visible() || (p.fill().is_none() && p.stroke().is_none()) {
        return;
    }
    let _ = writeln!(out, "q {} {} {} {} {} {} cm", num(t.sx), num(t.ky), num(t.kx), num(t.sy), num(t.tx), num(t.ty));
    let mut geometry = String::new();
    let mut last = (0.0f32, 0.0f32);
    for seg in p.data().segments() {
        match seg {
            PathSegment::MoveTo(a) => {
                let _ = writeln!(geometry, "{} {} m", num(a.x), num(a.y));
                last = (a.x, a.y);
            }
            PathSegment::LineTo(a) => {
                let _ = writeln!(geometry, "{} {} l", num(a.x), num(a.y));
                last = (a.x, a.y);
            }
            PathSegment::QuadTo(c, a) => {
                // Degree elevation: quadratic → cubic.
                let c1 = (last.0 + 2.0 / 3.0 * (c.x - last.0), last.1 + 2.0 / 3.0 * (c.y - last.1));
                let c2 = (a.x + 2.0 / 3.0 * (c.x - a.x), a.y + 2.0 / 3.0 * (c.y - a.y));
                let _ = writeln!(
                    geometry,
                    "{} {} {} {} {} {} c",
                    num(c1.0),
                    num(c1.1),
                    num(c2.0),
                    num(c2.1),
                    num(a.x),
                    num(a.y)
                );
                last = (a.x, a.y);
            }
            PathSegment::CubicTo(c1, c2, a) => {
                let _ = writeln!(
                    geometry,
                    "{} {} {} {} {} {} c",
                    num(c1.x),
                    num(c1.y),
                    num(c2.x),
                    num(c2.y),
                    num(a.x),
                    num(a.y)
                );
                last = (a.x, a.y);
            }
            PathSegment::Close => geometry.push_str("h\n"),
        }
    }
    let even_odd = p.fill().is_some_and(|f| f.rule() == usvg::FillRule::EvenOdd);
    if let Some(f) = p.fill() {
        let (r, g, b) = paint_rgb(f.paint());
        let _ = writeln!(out, "{} {} {} rg", num(r), num(g), num(b));
    }
    if let Some(s) = p.stroke() {
        let (r, g, b) = paint_rgb(s.paint());
        let _ = writeln!(out, "{} {} {} RG", num(r), num(g), num(b));
        let cap = match s.linecap() {
            usvg::LineCap::Butt => 0,
            usvg::LineCap::Round => 1,
            usvg::LineCap::Square => 2,
        };
        let join = match s.linejoin() {
            usvg::LineJoin::Miter | usvg::LineJoin::MiterClip => 0,
            usvg::LineJoin::Round => 1,
            usvg::LineJoin::Bevel => 2,
        };
        let _ = writeln!(out, "{} w {cap} J {join} j {} M", num(s.width().get()), num(s.miterlimit().get()));
        if let Some(dash) = s.dasharray() {
            let parts: Vec<String> = dash.iter().map(|d| num(*d)).collect();
            let _ = writeln!(out, "[{}] {} d", parts.join(" "), num(s.dashoffset()));
        }
    }
    let fill_op = if even_odd { "f*" } else { "f" };
    let both_op = if even_odd { "B*" } else { "B" };
    match (p.fill().is_some(), p.stroke().is_some()) {
        (true, true) if p.paint_order() == usvg::PaintOrder::StrokeAndFill => {
            let _ = write!(out, "{geometry}S\n{geometry}{fill_op}\n");
        }
        (true, true) => {
            let _ = writeln!(out, "{geometry}{both_op}");
        }
        (true, false) => {
            let _ = writeln!(out, "{geometry}{fill_op}");
        }
        (false, _) => {
            let _ = writeln!(out, "{geometry}S");
        }
    }
    out.push_str("Q\n");
}

/// A paint as an RGB triple (0–1): solid colours exactly, gradients by
/// their first stop, patterns as mid grey.
fn paint_rgb(paint: &usvg::Paint) -> (f32, f32, f32) {
    let c = match paint {
        usvg::Paint::Color(c) => Some(*c),
        usvg::Paint::LinearGradient(g) => g.stops().first().map(|s| s.color()),
        usvg::Paint::RadialGradient(g) => g.stops().first().map(|s| s.color()),
        usvg::Paint::Pattern(_) => None,
    };
    c.map_or((0.5, 0.5, 0.5), |c| (f32::from(c.red) / 255.0, f32::from(c.green) / 255.0, f32::from(c.blue) / 255.0))
}

/// A number for a content stream: at most 4 decimals, no trailing zeros.
fn num(v: f32) -> String {
    // Four decimals by integer arithmetic: `format!("{v:.4}")` takes the
    // exact (Dragon4) path for every number of a path, a tenth of a build
    // with a chart of text drawn as glyphs.
    let v = if v.is_finite() { f64::from(v) } else { 0.0 };
    let n = (v * 10_000.0).round() as i64;
    let (whole, frac) = (n.unsigned_abs() / 10_000, n.unsigned_abs() % 10_000);
    let sign = if n < 0 { "-" } else { "" };
    if frac == 0 {
        return format!("{sign}{whole}");
    }
    let digits = format!("{frac:04}");
    format!("{sign}{whole}.{}", digits.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_used_shape_is_moved_by_its_use_once() {
        // A glyph drawn twice, the second `<use>` 10 units to the right
        // inside a group scaled by 2: 20 units apart on the page.
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="100" viewBox="0 0 100 100">
            <g transform="translate(5 50) scale(2)">
              <defs><path id="g" d="M 0 0 L 4 0 L 4 4 Z" transform="scale(0.5)"/></defs>
              <use xlink:href="#g"/>
              <use xlink:href="#g" transform="translate(10 0)"/>
            </g></svg>"##;
        let tree = usvg::Tree::from_str(svg, &usvg::Options::default()).expect("parses");
        let mut out = String::new();
        group(&mut out, tree.root(), tree.root().abs_transform());
        let xs: Vec<f32> = out
            .lines()
            .filter(|l| l.ends_with(" cm"))
            .filter_map(|l| l.split_whitespace().nth(5).and_then(|x| x.parse().ok()))
            .collect();
        assert_eq!(xs, [5.0, 25.0], "{out}");
    }

    #[test]
    fn numbers_have_at_most_four_decimals_and_no_trailing_zeros() {
        let got: Vec<String> = [0.0, -0.00001, 1.5, -2.25, 0.12345, 4250.0, 1e-4, -0.5, f32::NAN].map(num).to_vec();
        assert_eq!(got, ["0", "0", "1.5", "-2.25", "0.1235", "4250", "0.0001", "-0.5", "0"]);
    }
}
