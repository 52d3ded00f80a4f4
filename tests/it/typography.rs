//! Typography read-back: hyphenated words set by the text stage and drawn
//! by the PDF writer come back whole from independent text extractors.

#![allow(clippy::unwrap_used)]

use std::process::Command;

use brief::geom::{Point, Pt, Rect, Size};
use brief::layout::{Document, Item, Metadata, Page};
use brief::pdf;
use brief::text::{self, Align, FaceId, FontBook, Line, ParagraphOptions, StyledText, TextStyle};

use crate::common::have;

const TEXT: &str = "The Secretary-General noted the manifestations of extraordinary international \
    humanitarian coordination, documented comprehensively by representatives of intergovernmental \
    organizations, and called for unprecedented contributions from Member States.";

/// Sets `TEXT` justified and hyphenated at `width`.
fn lines(width: f32) -> Vec<Line> {
    let style = TextStyle { face: FaceId(4), size: Pt(10.0), color: brief::geom::Color::BLACK, link: None };
    let opts = ParagraphOptions {
        width: Pt(width),
        align: Align::Justify,
        language: "en".into(),
        hyphenate: true,
        indent: Pt::ZERO,
        balance: false,
        rtl: false,
    };
    text::set_paragraph(FontBook::shared(), &[StyledText { text: TEXT.into(), style }], &opts)
}

/// A one-page document holding the lines, 14 pt apart.
fn document(lines: &[Line]) -> Document {
    let a4 = Size { width: Pt(595.28), height: Pt(841.89) };
    let mut items = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let y = 100.0 + 14.0 * i as f32;
        for run in &line.runs {
            items.push(Item::Text { origin: Point::new(Pt(72.0) + run.x, Pt(y)), run: run.clone() });
        }
    }
    Document {
        pages: vec![Page { size: a4, content: Rect::new(Pt(56.0), Pt(56.0), Pt(483.28), Pt(729.89)), items }],
        meta: Metadata {
            title: "Hyphenation".into(),
            author: None,
            subject: None,
            keywords: None,
            language: "en".into(),
            created: chrono::DateTime::parse_from_rfc3339("2025-03-14T09:30:00+01:00").unwrap(),
            claims: true,
        },
        structure: Vec::new(),
        problems: Vec::new(),
    }
}

/// The hyphenated words of the lines, as in the source (without trailing
/// punctuation), and the pieces they were set in.
fn hyphenated_words(lines: &[Line]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in lines.iter().filter(|l| l.hyphenated) {
        let run = line.runs.last().unwrap();
        let whole = run.actual_text.clone().unwrap();
        if whole.is_empty() {
            continue; // the middle piece of a word broken twice
        }
        let piece: String = run.glyphs.iter().map(|g| g.text.as_str()).collect();
        let word = whole.trim_end_matches(|c: char| c.is_ascii_punctuation()).to_string();
        out.push((word, piece.trim_end_matches('-').to_string()));
    }
    out
}

/// The PDF of `lines` in a folder of its own, removed with the folder.
fn write_pdf(lines: &[Line], name: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let bytes = pdf::write(&document(lines), FontBook::shared()).unwrap();
    let dir = tempfile::Builder::new().prefix("brief-typography-").tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

fn run(cmd: &str, args: &[&str]) -> String {
    let out = Command::new(cmd).args(args).output().unwrap();
    assert!(out.status.success(), "{cmd} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn hyphenated_words_extract_whole_with_pdftotext() {
    if !have("pdftotext") {
        return;
    }
    for width in [110.0, 150.0] {
        let lines = lines(width);
        let words = hyphenated_words(&lines);
        assert!(words.len() >= 2, "too few hyphenated lines at {width}: {words:?}");
        let (_dir, path) = write_pdf(&lines, &format!("pdftotext-{width}.pdf"));
        let text = run("pdftotext", &["-enc", "UTF-8", path.to_str().unwrap(), "-"]);
        for (word, piece) in &words {
            assert_eq!(text.matches(word.as_str()).count(), 1, "{word} not whole once in:\n{text}");
            assert!(!text.contains(&format!("{piece}-")), "{piece}- left in:\n{text}");
        }
        // Nothing lost, nothing doubled: the words in order.
        let got: Vec<&str> = text.split_whitespace().collect();
        assert_eq!(got, TEXT.split_whitespace().collect::<Vec<_>>());
    }
}

/// MuPDF 1.22 and later honour `/ActualText`; 1.21 (Debian 12) ignores it
/// and reports the glyphs as drawn. Either way a word must come back once:
/// whole, or as the first piece with its hyphen at a line end followed by
/// the rest on the next line, which readers join.
#[test]
fn hyphenated_words_extract_once_with_mutool() {
    if !have("mutool") {
        return;
    }
    let lines = lines(110.0);
    let words = hyphenated_words(&lines);
    let (_dir, path) = write_pdf(&lines, "mutool.pdf");
    let text = run("mutool", &["draw", "-q", "-F", "txt", path.to_str().unwrap()]);
    let joined = text.replace("-\n", "");
    for (word, _) in &words {
        assert_eq!(joined.matches(word.as_str()).count(), 1, "{word} not once in:\n{text}");
    }
    let got: Vec<&str> = joined.split_whitespace().collect();
    assert_eq!(got, TEXT.split_whitespace().collect::<Vec<_>>());
}

/// A web address broken across lines (only in its path) extracts whole,
/// once: the first piece stands for the address, the rest for nothing.
#[test]
fn a_web_address_broken_across_lines_extracts_whole() {
    if !have("pdftotext") {
        return;
    }
    let source = std::fs::read_to_string(crate::common::whole_press_release()).expect("read").replacen(
        "page = \"A4\"",
        "page = \"Letter\"",
        1,
    );
    let built = brief::build(source.as_bytes(), &crate::common::Dir(crate::common::root().join("tests/good")))
        .unwrap_or_else(|e| panic!("{e:?}"));
    let path = std::env::temp_dir().join(format!("brief-url-{}.pdf", std::process::id()));
    std::fs::write(&path, &built.pdf).unwrap();
    let text = run("pdftotext", &["-enc", "UTF-8", path.to_str().unwrap(), "-"]);
    std::fs::remove_file(&path).unwrap();
    let url = "https://www.un.org/counterterrorism/2021-counter-terrorism-week";
    // Once in the body (broken across two lines on Letter), once in the contacts.
    assert_eq!(text.matches(url).count(), 2, "{text}");
    assert!(!text.contains("https://www\n") && !text.contains("\ncounterterrorism/2021"), "{text}");
}
