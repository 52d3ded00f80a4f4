//! The example briefs' PDFs read back: with lopdf (fonts, links, metadata),
//! with poppler and qpdf, and byte for byte (determinism).

use std::collections::BTreeSet;
use std::path::Path;

use lopdf::{Document, Object};

use crate::common::{Dir, example_briefs, have, root};

fn build(path: &Path) -> Vec<u8> {
    let source = std::fs::read(path).expect("readable");
    let res = Dir(path.parent().expect("parent").to_path_buf());
    match brief::build(&source, &res) {
        Ok(b) => b.pdf,
        Err(e) => panic!("{}: {e:?}", path.display()),
    }
}

fn text_of(obj: &Object) -> String {
    match obj {
        Object::String(bytes, _) => {
            if bytes.starts_with(&[0xFE, 0xFF]) {
                let units: Vec<u16> =
                    bytes[2..].chunks(2).map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)])).collect();
                String::from_utf16_lossy(&units)
            } else {
                bytes.iter().map(|&b| b as char).collect()
            }
        }
        Object::Name(n) => String::from_utf8_lossy(n).into_owned(),
        _ => String::new(),
    }
}

fn info(doc: &Document, key: &[u8]) -> String {
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(|o| o.as_reference())
        .and_then(|r| doc.get_dictionary(r))
        .expect("Info dictionary");
    info.get(key).map(text_of).unwrap_or_default()
}

fn uris(doc: &Document) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (_, page) in doc.get_pages() {
        for a in doc.get_page_annotations(page).unwrap_or_default() {
            out.extend(uri_of(doc, a));
        }
    }
    out
}

/// The address a link annotation leads to.
fn uri_of(doc: &Document, annotation: &lopdf::Dictionary) -> Option<String> {
    let action = match annotation.get(b"A").ok()? {
        Object::Dictionary(d) => d,
        Object::Reference(r) => doc.get_dictionary(*r).ok()?,
        _ => return None,
    };
    action.get(b"URI").ok().map(text_of)
}

#[test]
fn press_release_metadata_fonts_and_links() {
    let pdf = build(&root().join("briefs/unoct/press-release.toml"));
    let doc = Document::load_mem(&pdf).expect("lopdf reads the PDF");
    assert!(info(&doc, b"Title").starts_with("Secretary-General highlights responsible use"));
    assert_eq!(info(&doc, b"Author"), "United Nations Office of Counter-Terrorism");
    assert_eq!(info(&doc, b"Subject"), "Press release");
    assert!(info(&doc, b"CreationDate").starts_with("D:20210630"), "{}", info(&doc, b"CreationDate"));
    let catalog = doc.catalog().expect("catalog");
    assert_eq!(catalog.get(b"Lang").map(text_of).unwrap_or_default(), "en");

    // Every font is a subset, embedded, with a ToUnicode map.
    let mut fonts = 0;
    for (_, obj) in doc.objects.iter() {
        let Ok(d) = obj.as_dict() else { continue };
        if d.get(b"Type").ok().and_then(|t| t.as_name().ok()) != Some(b"Font")
            || d.get(b"Subtype").ok().and_then(|t| t.as_name().ok()) != Some(b"Type0")
        {
            continue;
        }
        fonts += 1;
        let base = d.get(b"BaseFont").map(text_of).unwrap_or_default();
        assert!(base.len() > 7 && base.as_bytes()[6] == b'+', "subset tag on {base}");
        assert!(d.get(b"ToUnicode").is_ok(), "ToUnicode on {base}");
    }
    assert!(fonts >= 3, "regular, bold and italic faces at least: {fonts}");

    let links = uris(&doc);
    for want in [
        "mailto:gerardl@un.org",
        "mailto:yuli.yang@un.org",
        "https://www.un.org/counterterrorism/2021-counter-terrorism-week",
    ] {
        assert!(links.contains(want), "{want} not linked: {links:?}");
    }
    assert!(pdf.len() < 120 * 1024, "subset fonts keep the file small: {} bytes", pdf.len());
    // The size target of the example press release (see the README's
    // "Speed and benchmarks"): the deflate level was chosen against it.
    assert!(pdf.len() < 30 * 1024, "the press release is over 30 KiB: {} bytes", pdf.len());
}

#[test]
fn every_example_links_every_address_it_contains() {
    let url = |s: &str| s.trim_end_matches(['.', ',', ';', ')']).to_string();
    for path in example_briefs() {
        let src = std::fs::read_to_string(&path).expect("read");
        // The `[email]` table (the last one in the examples) addresses the
        // e-mail and is not printed.
        let printed = src.split("\n[email]").next().unwrap_or(&src);
        let doc = Document::load_mem(&build(&path)).expect("lopdf reads the PDF");
        let links = uris(&doc);
        for word in
            printed.split(|c: char| c.is_whitespace() || c == '"' || c == '(' || c == ')' || c == '[' || c == ']')
        {
            let word = url(word);
            if word.starts_with("https://") {
                assert!(links.contains(&word), "{}: {word} not linked in {links:?}", path.display());
            } else if word.contains('@') && word.contains('.') && !word.starts_with('@') {
                assert!(links.contains(&format!("mailto:{word}")), "{}: {word} not linked", path.display());
            }
        }
    }
}

#[test]
fn identical_input_gives_identical_bytes_also_later_in_a_process() {
    let briefs = example_briefs();
    let first: Vec<Vec<u8>> = briefs.iter().map(|p| build(p)).collect();
    let again: Vec<Vec<u8>> = briefs.iter().rev().map(|p| build(p)).collect();
    for (a, b) in first.iter().zip(again.iter().rev()) {
        assert!(a == b, "output differs between two builds of the same brief");
    }
    assert_ne!(first[0], first[1]);
}

#[test]
fn independent_readers_accept_the_pdfs_and_extract_the_exact_text() {
    if !(have("qpdf") && have("pdftotext")) {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    for path in example_briefs() {
        let out = dir.path().join("out.pdf");
        std::fs::write(&out, build(&path)).expect("write");
        let check = std::process::Command::new("qpdf").arg("--check").arg(&out).output().expect("qpdf runs");
        assert!(check.status.success(), "qpdf --check {}: {}", path.display(), String::from_utf8_lossy(&check.stdout));
        let text = std::process::Command::new("pdftotext")
            .args(["-enc", "UTF-8"])
            .arg(&out)
            .arg("-")
            .output()
            .expect("pdftotext runs");
        let text = String::from_utf8_lossy(&text.stdout).into_owned();
        if path.ends_with("press-release.toml") {
            for needle in ["António", "“Countering", "media – not", "Page 1 of"] {
                assert!(text.contains(needle), "pdftotext lost {needle:?}:\n{text}");
            }
        }
    }
}

#[test]
fn generated_hard_cases_make_pdfs_that_readers_accept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let qpdf = have("qpdf");
    for seed in 1..=12 {
        let src = crate::layout::hard_case(seed);
        let pdf = match brief::build(src.as_bytes(), &Dir(dir.path().to_path_buf())) {
            Ok(b) => b.pdf,
            Err(e) => panic!("hard case {seed}: {e:?}\n{src}"),
        };
        let doc = Document::load_mem(&pdf).expect("lopdf reads the PDF");
        assert!(!doc.get_pages().is_empty());
        if qpdf {
            let out = dir.path().join(format!("hard-{seed}.pdf"));
            std::fs::write(&out, &pdf).expect("write");
            let check = std::process::Command::new("qpdf").arg("--check").arg(&out).output().expect("qpdf runs");
            assert!(
                check.status.success(),
                "qpdf --check hard case {seed}: {}",
                String::from_utf8_lossy(&check.stdout)
            );
        }
    }
}

/// The QR code of every example with a web address, rendered by poppler
/// at 300 dpi (the code's own link rectangle, not the whole page) and read
/// by a QR decoder, gives the address back.
#[test]
fn the_printed_qr_code_scans_to_the_web_address() {
    if !have("pdftoppm") {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let mut scanned = 0;
    for path in example_briefs() {
        let brief = crate::common::parse_file(&path);
        let Some(web) = brief.contact.as_ref().and_then(|c| c.web.clone()) else { continue };
        let pdf = dir.path().join("qr.pdf");
        std::fs::write(&pdf, build(&path)).expect("write");
        let doc = Document::load(&pdf).expect("pdf");
        let pages = doc.get_pages();
        let (&last, &page) = pages.iter().next_back().expect("a page");
        // The code is a link of its own, a square; only it is rendered,
        // with its quiet zone and a margin, at 300 dpi.
        let [x0, y0, x1, y1] = square_link(&doc, page, &web).expect("a square link around the code");
        let height = match doc.get_dictionary(page).expect("page").get(b"MediaBox") {
            Ok(Object::Array(b)) => b[3].as_float().expect("a number"),
            _ => panic!("a MediaBox"),
        };
        let (scale, pad) = (300.0 / 72.0, 12.0);
        let crop = |v: f32| ((v * scale).round() as i64).to_string();
        let status = std::process::Command::new("pdftoppm")
            .args(["-r", "300", "-gray", "-png", "-f"])
            .arg(last.to_string())
            .args(["-l", &last.to_string()])
            .args(["-x", &crop(x0 - pad), "-y", &crop(height - y1 - pad)])
            .args(["-W", &crop(x1 - x0 + 2.0 * pad), "-H", &crop(y1 - y0 + 2.0 * pad)])
            .arg(&pdf)
            .arg(dir.path().join("page"))
            .status()
            .expect("pdftoppm runs");
        assert!(status.success());
        let png = std::fs::read_dir(dir.path())
            .expect("ls")
            .map(|e| e.expect("entry").path())
            .find(|p| p.extension().is_some_and(|e| e == "png"))
            .expect("a rendered page");
        let image = image::open(&png).expect("png").to_luma8();
        std::fs::remove_file(&png).expect("rm");
        let mut prepared = rqrr::PreparedImage::prepare(image);
        let contents: Vec<String> =
            prepared.detect_grids().iter().filter_map(|g| g.decode().ok()).map(|(_, text)| text).collect();
        assert_eq!(contents, std::slice::from_ref(&web), "{}", path.display());
        scanned += 1;
    }
    assert!(scanned >= 2, "examples with a code: {scanned}");
}

/// The rectangle (`[x0, y0, x1, y1]`) of the square link annotation to
/// `uri` on `page`: the QR code's (the address written out is a wide one).
fn square_link(doc: &Document, page: lopdf::ObjectId, uri: &str) -> Option<[f32; 4]> {
    doc.get_page_annotations(page).ok()?.into_iter().find_map(|a| {
        let rect: Vec<f32> = a.get(b"Rect").ok()?.as_array().ok()?.iter().filter_map(|v| v.as_float().ok()).collect();
        let [x0, y0, x1, y1] = <[f32; 4]>::try_from(rect).ok()?;
        let square = ((x1 - x0) / (y1 - y0) - 1.0).abs() < 0.2;
        (square && uri_of(doc, a)? == uri).then_some([x0, y0, x1, y1])
    })
}

/// `pdftotext` of a PDF, laid out (`-layout`) or in reading order.
fn poppler_text(pdf: &[u8], layout: bool) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("t.pdf");
    std::fs::write(&file, pdf).expect("written");
    let mut cmd = std::process::Command::new("pdftotext");
    cmd.args(["-enc", "UTF-8"]);
    if layout {
        cmd.arg("-layout");
    }
    let out = cmd.arg(&file).arg("-").output().expect("pdftotext runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_table_extracts_row_by_row_and_footnotes_once_with_links_both_ways() {
    let pdf = build(&root().join("briefs/who/briefing-note-annex.toml"));
    let doc = Document::load_mem(&pdf).expect("lopdf reads the PDF");
    // Every link within the document leads to one of its pages.
    let pages: BTreeSet<lopdf::ObjectId> = doc.get_pages().values().copied().collect();
    let mut gotos = 0;
    for (_, obj) in doc.objects.iter() {
        let Ok(d) = obj.as_dict() else { continue };
        let Ok(Object::Dictionary(action)) = d.get(b"A") else { continue };
        if action.get(b"S").ok().map(text_of).as_deref() != Some("GoTo") {
            continue;
        }
        gotos += 1;
        let dest = action.get(b"D").and_then(Object::as_array).expect("an explicit destination");
        let page = dest[0].as_reference().expect("a page");
        assert!(pages.contains(&page), "the destination is a page of the file");
        assert!(text_of(d.get(b"Contents").expect("says where it leads")).contains("ootnote"));
    }
    // Five notes: a link from each mark and one back from each note.
    assert_eq!(gotos, 10, "links within the document");
    if !have("pdftotext") {
        return;
    }
    let layout = poppler_text(&pdf, true);
    let row = layout.lines().find(|l| l.contains("Argentina")).expect("a row");
    let cells: Vec<&str> = row.split("  ").map(str::trim).filter(|c| !c.is_empty()).collect();
    assert_eq!(cells, ["Argentina", "11.7", "−43 %", "Partly"], "{row}");
    let uk = layout.lines().position(|l| l.contains("Viet Nam")).expect("Viet Nam");
    let vn = layout.lines().position(|l| l.contains("Zambia")).expect("Zambia");
    assert!(uk < vn, "rows in order");
    let plain = poppler_text(&pdf, false);
    for note in ["Estimates are modelled from death registration", "“Partly” means that the limit"] {
        assert_eq!(plain.matches(note).count(), 1, "{note:?} extracts once");
    }
    // pdftotext reads what is drawn, page furniture included: the header
    // row once on each page the table is on (tagged readers read it once).
    assert_eq!(plain.matches("Speed law meets best").count(), 2);
}

#[test]
fn a_typed_ligature_and_a_shaped_one_each_extract_as_written() {
    // "ﬁ" typed as one character (U+FB01) and "fi" that shaping makes into
    // the same glyph: each occurrence reads back as what was written.
    let source = "[brief]\ntitle = \"Ligatures\"\ndate = 2026-12-07\n\n[[section]]\ntext = \"\"\"\nThe identiﬁer, the identifier and the first ﬁgure, in that order.\n\"\"\"\n";
    let pdf = match brief::build(source.as_bytes(), &Dir(root())) {
        Ok(b) => b.pdf,
        Err(e) => panic!("{e:?}"),
    };
    if !have("pdftotext") {
        return;
    }
    let text = poppler_text(&pdf, false);
    assert!(text.contains("The identiﬁer, the identifier and the first ﬁgure, in that order."), "{text}");
}
