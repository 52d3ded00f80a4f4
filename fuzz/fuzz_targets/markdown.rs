//! Arbitrary text as a section's Markdown: nested block quotes and lists,
//! tables, footnotes, code, links and images, through the model, the
//! layout and the PDF writer. The first byte picks where else the text
//! goes (the lede, a pull quote, a second section) and the language (an
//! Arabic page is mirrored); the rest is the text, escaped into a TOML
//! string. `brief::build` must return a PDF that reads back, or
//! diagnostics with an error; never panic, overflow its stack or fail in
//! the PDF writer (what `build` refuses, `brief check` must find).
//!
//! Images named `*.png` and `*.svg` are small valid files; any other path
//! is missing. The build runs on a thread with a 2 MiB stack, as a batch's
//! briefs do. `markdown.dict` holds Markdown tokens; seeds and commands
//! are in docs/fuzzing.md.

#![no_main]

use std::fmt::Write as _;

use brief::model::Resources;
use libfuzzer_sys::fuzz_target;

#[path = "dump.rs"]
mod dump;
use dump::dump;

/// The briefing note's emblem.
const PNG: &[u8] = include_bytes!("../../briefs/who/road-safety-emblem.png");

const SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#009EDB"/></svg>"##;

struct Images;

impl Resources for Images {
    fn load(&self, path: &str) -> Result<Vec<u8>, String> {
        if path.ends_with(".png") {
            Ok(PNG.to_vec())
        } else if path.ends_with(".svg") {
            Ok(SVG.as_bytes().to_vec())
        } else {
            Err("file not found".to_string())
        }
    }
}

/// `s` as a TOML basic string.
fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, text)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(text);
    let text = quote(&text);
    let mut brief = String::from("[brief]\ntitle = \"Markdown\"\ndate = 2021-06-30\n");
    if flags & 1 != 0 {
        let _ = writeln!(brief, "summary = {text}");
    }
    if flags & 2 != 0 {
        brief.push_str("language = \"ar\"\n");
    }
    let _ = writeln!(brief, "\n[[section]]\nheading = \"One\"\ntext = {text}");
    if flags & 4 != 0 {
        let _ = writeln!(brief, "\n[[section]]\ntext = {text}");
    }
    if flags & 8 != 0 {
        let _ = writeln!(brief, "\n[[quote]]\ntext = {text}\nby = \"A. Person\"");
    }
    let built = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            let built = brief::build(brief.as_bytes(), &Images);
            (brief, built)
        })
        .expect("a thread")
        .join();
    let Ok((brief, built)) = built else { panic!("the build panicked") };
    match built {
        Ok(built) => {
            let doc = lopdf::Document::load_mem(&built.pdf).expect("the PDF reads back");
            assert!(!doc.get_pages().is_empty(), "a PDF without pages");
            dump(&built.pdf);
        }
        Err(brief::BuildError::Invalid(diags)) => {
            assert!(diags.iter().any(|d| d.severity == brief::model::Severity::Error));
            let _ = brief::model::render("fuzz.toml", brief.as_bytes(), &diags);
        }
        Err(brief::BuildError::Pdf(e)) => panic!("pdf writer failed: {e}"),
    }
});
