//! PDF writer read-back tests: a hand-built two-page document is written,
//! then parsed again with lopdf (and, where installed, checked with qpdf,
//! pdffonts and pdftotext).

#![allow(clippy::unwrap_used)]

use std::io::Write;
use std::process::Command;
use std::sync::Arc;

use brief::geom::{Color, Point, Pt, Rect, Size};
use brief::layout::{Document, Item, Metadata, Page};
use brief::model::{Image, ImageFormat};
use brief::pdf;
use brief::text::{FaceId, FontBook, GlyphRun, PlacedGlyph};
use lopdf::{Dictionary, Object};

const SANS: FaceId = FaceId(0);
const SANS_BOLD: FaceId = FaceId(1);
const SERIF: FaceId = FaceId(4);
const SERIF_ITALIC: FaceId = FaceId(6);

/// The lines of the test document, with their faces.
const LINES: &[(FaceId, &str)] = &[
    (SANS_BOLD, "Secretary-General António Guterres"),
    (SANS, "“The office is open” – said the spokesperson."),
    (SERIF, "Организация Объединённых Наций"),
    (SANS, "Efficient offices, 2025–2026"),
    // A cluster of two glyphs (q + combining tilde, no precomposed form).
    (SANS, "Señor q̃uote"),
];

/// Shapes `text` with HarfRust the way the text stage does: glyph ids of
/// the original face, pen positions, cluster text on the first glyph of a
/// cluster. `word_space` is added after every space (as justification does).
fn shape(face_id: FaceId, size: f32, text: &str, word_space: f32) -> GlyphRun {
    let face = FontBook::shared().face(face_id);
    let mut out = harfrust::Buffer::new();
    out.push_str(text);
    out.guess_segment_properties();
    harfrust::shape(&harfrust::ShaperFont::new(&face.shaper), &mut out, harfrust::ShapeOptions::new()).expect("shapes");
    let scale = size / face.units_per_em;
    let infos = out.glyph_infos();
    let positions = out.glyph_positions();
    let mut glyphs = Vec::new();
    let mut pen = 0.0;
    for (i, (info, pos)) in infos.iter().zip(positions).enumerate() {
        let start = info.cluster as usize;
        let first = i == 0 || infos[i - 1].cluster != info.cluster;
        let end = infos[i..].iter().map(|g| g.cluster as usize).find(|&c| c > start).unwrap_or(text.len());
        let cluster = if first { &text[start..end] } else { "" };
        let advance = pos.x_advance as f32 * scale;
        glyphs.push(PlacedGlyph {
            id: info.glyph_id as u16,
            x: Pt(pen + pos.x_offset as f32 * scale),
            y_offset: Pt(pos.y_offset as f32 * scale),
            advance: Pt(advance),
            text: cluster.to_owned(),
        });
        pen += advance;
        if cluster == " " {
            pen += word_space;
        }
    }
    GlyphRun {
        face: face_id,
        size: Pt(size),
        color: Color::rgb(0x1a, 0x1a, 0x1a),
        x: Pt(0.0),
        width: Pt(pen),
        glyphs,
        link: None,
        actual_text: None,
        rtl: false,
        invisible: false,
        kashidas: Vec::new(),
        reading: brief::text::Reading::Glyphs,
    }
}

fn png_bytes() -> Vec<u8> {
    let mut img = image::RgbaImage::new(4, 3);
    for (x, y, p) in img.enumerate_pixels_mut() {
        *p = image::Rgba([x as u8 * 60, y as u8 * 80, 200, if x == 0 { 0 } else { 255 }]);
    }
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

fn jpeg_bytes() -> Vec<u8> {
    let img = image::RgbImage::from_fn(8, 8, |x, y| image::Rgb([x as u8 * 30, y as u8 * 30, 90]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

const SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" viewBox="0 0 40 20">
<rect x="0" y="0" width="40" height="20" fill="#009EDB"/>
<g transform="translate(20 10)"><circle r="6" fill="white" stroke="#003366" stroke-width="1"/></g>
</svg>"##;

fn image(format: ImageFormat, width: f32, height: f32, data: Vec<u8>) -> Arc<Image> {
    Arc::new(Image { format, width, height, data: Arc::new(data), pixels: None })
}

fn document(title: &str) -> Document {
    let a4 = Size { width: Pt(595.28), height: Pt(841.89) };
    let content = Rect::new(Pt(56.0), Pt(56.0), Pt(483.28), Pt(729.89));
    let mut items =
        vec![Item::Fill { rect: Rect::new(Pt(0.0), Pt(0.0), Pt(595.28), Pt(40.0)), color: Color::rgb(0, 158, 219) }];
    let mut y = 100.0;
    for (i, (face, text)) in LINES.iter().enumerate() {
        let space = if i == 1 { 3.0 } else { 0.0 };
        items.push(Item::Text { origin: Point::new(Pt(56.0), Pt(y)), run: shape(*face, 11.0, text, space) });
        y += 18.0;
    }
    items.push(Item::Link {
        rect: Rect::new(Pt(56.0), Pt(90.0), Pt(200.0), Pt(14.0)),
        uri: Arc::from("https://www.un.org/sg/en"),
    });
    items.push(Item::Rule {
        from: Point::new(Pt(56.0), Pt(y)),
        to: Point::new(Pt(539.28), Pt(y)),
        width: Pt(0.5),
        color: Color::rgb(0x66, 0x66, 0x66),
    });
    let png = image(ImageFormat::Png, 4.0, 3.0, png_bytes());
    items.push(Item::Image { rect: Rect::new(Pt(56.0), Pt(200.0), Pt(40.0), Pt(30.0)), image: png.clone() });
    items.push(Item::Image {
        rect: Rect::new(Pt(120.0), Pt(200.0), Pt(40.0), Pt(40.0)),
        image: image(ImageFormat::Jpeg, 8.0, 8.0, jpeg_bytes()),
    });
    // The same image twice is stored once.
    items.push(Item::Image { rect: Rect::new(Pt(180.0), Pt(200.0), Pt(20.0), Pt(15.0)), image: png });
    let page1 = Page { size: a4, content, items };
    let page2 = Page {
        size: a4,
        content,
        items: vec![
            Item::Text { origin: Point::new(Pt(56.0), Pt(100.0)), run: shape(SERIF_ITALIC, 10.0, "Page two", 0.0) },
            Item::Image {
                rect: Rect::new(Pt(56.0), Pt(120.0), Pt(80.0), Pt(40.0)),
                image: image(ImageFormat::Svg, 40.0, 20.0, SVG.as_bytes().to_vec()),
            },
        ],
    };
    Document {
        pages: vec![page1, page2],
        meta: Metadata {
            title: title.to_owned(),
            author: Some("United Nations".to_owned()),
            subject: Some("Press release".to_owned()),
            keywords: Some("SG/SM/1234".to_owned()),
            language: "en".to_owned(),
            created: chrono::DateTime::parse_from_rfc3339("2025-03-14T09:30:00+01:00").unwrap(),
            claims: true,
        },
        structure: Vec::new(),
        problems: Vec::new(),
    }
}

fn write(title: &str) -> Vec<u8> {
    let bytes = pdf::write(&document(title), FontBook::shared()).expect("document writes");
    // For looking at the files by hand: BRIEF_TEST_PDF_DIR=some/dir cargo test.
    if let Ok(dir) = std::env::var("BRIEF_TEST_PDF_DIR") {
        std::fs::write(std::path::Path::new(&dir).join(format!("{title}.pdf")), &bytes).unwrap();
    }
    bytes
}

fn deref<'a>(doc: &'a lopdf::Document, obj: &'a Object) -> &'a Object {
    match obj {
        Object::Reference(id) => doc.get_object(*id).unwrap(),
        o => o,
    }
}

fn dict<'a>(doc: &'a lopdf::Document, d: &'a Dictionary, key: &str) -> &'a Dictionary {
    deref(doc, d.get(key.as_bytes()).unwrap()).as_dict().unwrap()
}

fn string(doc: &lopdf::Document, d: &Dictionary, key: &str) -> String {
    let bytes = deref(doc, d.get(key.as_bytes()).unwrap()).as_str().unwrap();
    if let Some(utf16) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = utf16.chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
        String::from_utf16(&units).unwrap()
    } else {
        String::from_utf8(bytes.to_vec()).unwrap()
    }
}

fn type0_fonts(doc: &lopdf::Document) -> Vec<&Dictionary> {
    doc.objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Type0".as_slice()))
        .collect()
}

#[test]
fn fonts_are_subset_type0_with_tounicode() {
    let bytes = write("Fonts");
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let fonts = type0_fonts(&doc);
    assert_eq!(fonts.len(), 4, "one font per used face");
    for font in fonts {
        let base = std::str::from_utf8(font.get(b"BaseFont").unwrap().as_name().unwrap()).unwrap();
        let (tag, name) = base.split_once('+').expect("subset tag");
        assert!(tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()), "{base}");
        assert_eq!(font.get(b"Encoding").unwrap().as_name().unwrap(), b"Identity-H");
        assert!(font.get(b"ToUnicode").is_ok(), "{base} has ToUnicode");
        let descendants = deref(&doc, font.get(b"DescendantFonts").unwrap()).as_array().unwrap();
        let cid = deref(&doc, &descendants[0]).as_dict().unwrap();
        assert_eq!(cid.get(b"Subtype").unwrap().as_name().unwrap(), b"CIDFontType2");
        let descriptor = dict(&doc, cid, "FontDescriptor");
        assert_eq!(descriptor.get(b"FontName").unwrap().as_name().unwrap(), base.as_bytes());
        let program = deref(&doc, descriptor.get(b"FontFile2").unwrap()).as_stream().unwrap();
        let program = program.decompressed_content().unwrap_or_else(|_| program.content.clone());
        let original = FontBook::shared().faces().find(|(_, f)| f.name == name).unwrap().1.data;
        assert!(program.len() * 5 < original.len(), "{base}: subset {} bytes of {}", program.len(), original.len());
        assert_eq!(hinting_tables(&program), Vec::<String>::new(), "{base}");
    }
}

/// The TrueType hinting tables a font program has.
fn hinting_tables(program: &[u8]) -> Vec<String> {
    let raw = ttf_parser::RawFace::parse(program, 0).expect("a TrueType program");
    ["fpgm", "prep", "cvt ", "hdmx", "VDMX", "LTSH"]
        .into_iter()
        .filter(|t| raw.table(ttf_parser::Tag::from_bytes(&t.as_bytes().try_into().unwrap())).is_some())
        .map(str::to_owned)
        .collect()
}

/// The bundled faces have their hinting and glyph names removed (see
/// `fonts/README.md`): print needs neither, the embedded subsets are half
/// the size without hinting, and without names there are none to subset.
#[test]
fn bundled_faces_carry_no_hinting_and_no_glyph_names_but_keep_their_layout_tables() {
    for (_, face) in FontBook::shared().faces() {
        assert_eq!(hinting_tables(face.data), Vec::<String>::new(), "{}", face.name);
        let raw = ttf_parser::RawFace::parse(face.data, 0).unwrap();
        // `post` version 3.0: no glyph names.
        let post = raw.table(ttf_parser::Tag::from_bytes(b"post")).expect("a post table");
        assert_eq!(post.get(..4), Some(&[0, 3, 0, 0][..]), "{}", face.name);
        let has = |table: &[u8; 4]| raw.table(ttf_parser::Tag::from_bytes(table)).is_some();
        for table in [b"GPOS", b"cmap", b"name"] {
            assert!(has(table), "{} has no {}", face.name, String::from_utf8_lossy(table));
        }
        // TrueType or CFF outlines (the Chinese faces).
        assert!(has(b"glyf") || has(b"CFF "), "{}", face.name);
        // Ligatures, Arabic joining, mark classes: the Latin and Arabic
        // faces. The Chinese ones keep positioning features only (kerning,
        // half widths), the symbol faces have nothing to substitute in the
        // blocks they keep.
        let text_face = !["CJK", "Math", "Symbols"].iter().any(|k| face.name.contains(k));
        assert!(!text_face || (has(b"GSUB") && has(b"GDEF")), "{}", face.name);
    }
}

#[test]
fn links_have_uri_and_no_border() {
    let doc = lopdf::Document::load_mem(&write("Links")).unwrap();
    let pages = doc.get_pages();
    let page1 = doc.get_dictionary(pages[&1]).unwrap();
    let annots = deref(&doc, page1.get(b"Annots").unwrap()).as_array().unwrap();
    assert_eq!(annots.len(), 1);
    let link = deref(&doc, &annots[0]).as_dict().unwrap();
    assert_eq!(link.get(b"Subtype").unwrap().as_name().unwrap(), b"Link");
    let action = dict(&doc, link, "A");
    assert_eq!(action.get(b"S").unwrap().as_name().unwrap(), b"URI");
    assert_eq!(action.get(b"URI").unwrap().as_str().unwrap(), b"https://www.un.org/sg/en");
    let border: Vec<f32> =
        link.get(b"Border").unwrap().as_array().unwrap().iter().map(|o| o.as_float().unwrap()).collect();
    assert_eq!(border, [0.0, 0.0, 0.0]);
    // Flipped: top 90 → PDF y from 841.89 - 104 up to 841.89 - 90.
    let rect: Vec<f32> = link.get(b"Rect").unwrap().as_array().unwrap().iter().map(|o| o.as_float().unwrap()).collect();
    assert!((rect[1] - 737.89).abs() < 0.01 && (rect[3] - 751.89).abs() < 0.01, "{rect:?}");
    let page2 = doc.get_dictionary(pages[&2]).unwrap();
    assert!(page2.get(b"Annots").is_err(), "no empty /Annots");
}

#[test]
fn metadata_language_version_and_id() {
    let bytes = write("Secretary-General’s message");
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    assert_eq!(doc.version, "1.7");
    let info = dict(&doc, &doc.trailer, "Info");
    assert_eq!(string(&doc, info, "Title"), "Secretary-General’s message");
    assert_eq!(string(&doc, info, "Author"), "United Nations");
    assert_eq!(string(&doc, info, "Subject"), "Press release");
    assert_eq!(string(&doc, info, "Keywords"), "SG/SM/1234");
    assert_eq!(string(&doc, info, "Creator"), "brief");
    assert_eq!(string(&doc, info, "Producer"), format!("brief {}", env!("CARGO_PKG_VERSION")));
    assert_eq!(string(&doc, info, "CreationDate"), "D:20250314093000+01'00'");
    assert_eq!(string(&doc, info, "ModDate"), "D:20250314093000+01'00'");
    assert!(info.get(b"GTS_PDFXVersion").is_err());
    let catalog = dict(&doc, &doc.trailer, "Root");
    assert_eq!(string(&doc, catalog, "Lang"), "en");
    let prefs = dict(&doc, catalog, "ViewerPreferences");
    assert!(prefs.get(b"DisplayDocTitle").unwrap().as_bool().unwrap());
    let xmp = deref(&doc, catalog.get(b"Metadata").unwrap()).as_stream().unwrap();
    let xmp = String::from_utf8(xmp.content.clone()).unwrap();
    assert!(xmp.contains("Secretary-General’s message") && xmp.contains("<dc:creator>"));
    let id = doc.trailer.get(b"ID").unwrap().as_array().unwrap();
    assert_eq!(id.len(), 2);
    assert_eq!(id[0], id[1]);
    assert_eq!(id[0].as_str().unwrap().len(), 16);
}

#[test]
fn images_are_stored_losslessly_once() {
    let doc = lopdf::Document::load_mem(&write("Images")).unwrap();
    let images: Vec<&lopdf::Stream> = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image".as_slice()))
        .filter(|s| {
            s.dict.get(b"SMask").is_ok()
                || s.dict.get(b"Filter").and_then(Object::as_name).ok() == Some(b"DCTDecode".as_slice())
        })
        .collect();
    assert_eq!(images.len(), 2, "PNG with its mask and JPEG, each once");
    let jpeg = images
        .iter()
        .find(|s| s.dict.get(b"Filter").and_then(Object::as_name).ok() == Some(b"DCTDecode".as_slice()))
        .unwrap();
    assert_eq!(jpeg.content, jpeg_bytes(), "JPEG passed through");
    let png = images.iter().find(|s| s.dict.get(b"SMask").is_ok()).unwrap();
    let pixels = png.decompressed_content().unwrap();
    assert_eq!(pixels.len(), 4 * 3 * 3);
    assert_eq!(&pixels[3..6], &[60, 0, 200], "exact pixel values");
    // The SVG is a form of vector paths.
    let form = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .find(|s| s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Form".as_slice()))
        .expect("SVG form XObject");
    let ops = String::from_utf8(form.decompressed_content().unwrap()).unwrap();
    assert!(ops.contains(" re\n") || ops.contains(" l\n"), "{ops}");
    assert!(ops.contains(" c\n"), "circle as curves: {ops}");
}

#[test]
fn output_is_deterministic() {
    let a = write("Same");
    let b = write("Same");
    assert!(a == b, "same document, same bytes");
    let c = write("Other");
    let id = |bytes: &[u8]| lopdf::Document::load_mem(bytes).unwrap().trailer.get(b"ID").unwrap().clone();
    assert_ne!(id(&a), id(&c));
}

/// Runs an external tool on the written file; `None` if it is not installed.
fn tool(name: &str, args: &[&str], bytes: &[u8]) -> Option<std::process::Output> {
    let mut file = tempfile::Builder::new().suffix(".pdf").tempfile().unwrap();
    file.write_all(bytes).unwrap();
    let path = file.path().to_str().unwrap().to_owned();
    let mut full: Vec<&str> = args.to_vec();
    full.push(&path);
    if name == "pdftotext" {
        full.push("-");
    }
    match Command::new(name).args(&full).output() {
        Ok(out) => Some(out),
        Err(_) => {
            eprintln!("skipped: `{name}` is not installed");
            None
        }
    }
}

#[test]
fn text_extracts_exactly() {
    let bytes = write("Text");
    let Some(out) = tool("pdftotext", &["-f", "1", "-l", "1", "-enc", "UTF-8"], &bytes) else {
        return;
    };
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let expected: Vec<&str> = LINES.iter().map(|(_, t)| *t).collect();
    assert_eq!(lines, expected);
}

#[test]
fn qpdf_finds_no_problem() {
    let bytes = write("Check");
    let Some(out) = tool("qpdf", &["--check"], &bytes) else {
        return;
    };
    let report = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{report}");
    assert!(!report.to_lowercase().contains("warning"), "{report}");
}

#[test]
fn pdffonts_reports_embedded_subset_unicode_fonts() {
    let bytes = write("Fonts");
    let Some(out) = tool("pdffonts", &[], &bytes) else {
        return;
    };
    assert!(out.status.success());
    let report = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<&str> = report.lines().skip(2).collect();
    assert_eq!(rows.len(), 4, "{report}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type encoding emb sub uni object ID
        let n = cols.len();
        assert_eq!(&cols[n - 5..n - 2], &["yes", "yes", "yes"], "{report}");
    }
}
