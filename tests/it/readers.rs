//! What four PDF readers extract from every example brief and from the hard
//! cases of `tests/readers/`: poppler (Evince, Okular), MuPDF (SumatraPDF),
//! PDFium (Chrome) and pdf.js (Firefox), through `tests/readers/extract.py`.
//!
//! Every line the layout set, as a reader should report it (a hyphenated
//! word whole, on its first line), must come out of each reader as one
//! run of text, up to line breaks and the hyphens the layout added; and no
//! reader may return a direction mark (U+200E, U+200F, U+061C), which no
//! brief holds. Every link's text on a line (an e-mail or web address)
//! must come out whole too, counted apart: an address is what a reader
//! copies and searches for. Where a reader still falls short
//! (docs/readers.md says why), `tests/readers/expected.toml` holds how
//! far: the test fails when any reader does worse on any brief, and says
//! so when one does better (`BLESS=1` writes the new numbers).
//!
//! Readers that are not installed are skipped, unless `BRIEF_READERS=all`
//! (as `.ci/run` sets): then every one of the four must be there.
//! `READERS_BUILT_BY=BINARY` measures the PDFs another build of brief
//! makes (`cargo test readers -- --nocapture` prints the table).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use brief::layout::{Document, Item};

use crate::common::{Dir, example_briefs, root};

const READERS: [&str; 4] = ["poppler", "mupdf", "pdfium", "pdfjs"];

/// Characters no brief holds that a reader may return: direction marks.
const MARKS: [char; 3] = ['\u{200E}', '\u{200F}', '\u{061C}'];

/// The briefs the readers are tried on.
fn briefs() -> Vec<PathBuf> {
    let mut v = example_briefs();
    let hard = root().join("tests/readers");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&hard)
        .expect("tests/readers")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml") && !p.ends_with("expected.toml"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 3, "the hard cases of tests/readers: {cases:?}");
    v.extend(cases);
    v
}

/// The text as compared: direction marks and formatting characters
/// dropped, every kind of space one space, hyphens at line ends joined.
fn normalize(text: &str) -> String {
    let mut joined = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        // A hyphen that ends a line (PDFium returns it as U+0002) joins the
        // word's two halves, as a search box would.
        if matches!(c, '-' | '\u{2010}' | '\u{2}') {
            let mut ahead = chars.clone();
            while ahead.peek().is_some_and(|c| *c == ' ' || *c == '\t') {
                ahead.next();
            }
            if ahead.peek().is_some_and(|c| *c == '\n' || *c == '\r') {
                while ahead.peek().is_some_and(|c| c.is_whitespace()) {
                    ahead.next();
                }
                chars = ahead;
                continue;
            }
        }
        joined.push(c);
    }
    let mut out = String::with_capacity(joined.len());
    for c in joined.chars() {
        let c = match c {
            c if MARKS.contains(&c) => continue,
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{FFFE}' | '\u{AD}' | '\u{2}' => {
                continue;
            }
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push(c);
    }
    out.trim_end().to_string()
}

/// The text a reader should report for a run: its glyphs' text in logical
/// order, or what stands for it (a hyphenated word whole).
fn run_text(run: &brief::text::GlyphRun) -> String {
    run.actual_text.clone().unwrap_or_else(|| brief::layout::dump::run_text(run))
}

/// A run of a line: where it starts and ends, its size and direction.
struct Piece {
    x: f32,
    y: f32,
    width: f32,
    size: f32,
    rtl: bool,
    text: String,
}

/// A line's pieces as one text: in reading order (in a right-to-left
/// brief, right to left, but a left-to-right stretch of pieces left to
/// right), a space between pieces set apart by more than a thin space (a
/// list's number and its text), the layout's hyphen at its end gone.
fn line_text(mut line: Vec<Piece>, rtl: bool) -> String {
    line.sort_by(|a, b| a.x.total_cmp(&b.x));
    if rtl {
        let mut groups: Vec<Vec<Piece>> = Vec::new();
        for p in line {
            match groups.last_mut() {
                Some(g) if !p.rtl && g.last().is_some_and(|q| !q.rtl) => g.push(p),
                _ => groups.push(vec![p]),
            }
        }
        line = groups.into_iter().rev().flatten().collect();
    }
    let mut text = String::new();
    let mut prev: Option<&Piece> = None;
    for p in &line {
        if let Some(q) = prev {
            let gap = if p.x >= q.x { p.x - (q.x + q.width) } else { q.x - (p.x + p.width) };
            if gap > p.size.max(q.size) * 0.15 && !text.ends_with(' ') && !p.text.starts_with(' ') {
                text.push(' ');
            }
        }
        text.push_str(&p.text);
        prev = Some(p);
    }
    let text = normalize(&text);
    text.strip_suffix(['-', '\u{2010}']).unwrap_or(&text).trim().to_string()
}

/// Every line the layout set, as a reader should report it: the runs on
/// one baseline that touch one another.
fn lines(doc: &Document, rtl: bool) -> Vec<String> {
    let mut out = Vec::new();
    for page in &doc.pages {
        let mut line: Vec<Piece> = Vec::new();
        let mut flush = |line: &mut Vec<Piece>| {
            let text = line_text(std::mem::take(line), rtl);
            if text.chars().filter(|c| c.is_alphanumeric()).count() >= 2 {
                out.push(text);
            }
        };
        for item in &page.items {
            let Item::Text { origin, run } = item else { continue };
            let p = Piece {
                x: origin.x.0,
                y: origin.y.0,
                width: run.width.0,
                size: run.size.0,
                rtl: run.rtl,
                text: run_text(run),
            };
            // A piece touches the line when it is on its baseline and
            // touches one of its pieces, or stands inside it (an
            // invisible mark drawn after the text around it).
            let touches = line.iter().any(|l| {
                let gap = l.size.max(p.size) * 0.5;
                (l.y - p.y).abs() < 0.5
                    && ((l.x + l.width - p.x).abs() < gap
                        || (p.x + p.width - l.x).abs() < gap
                        || (l.x <= p.x && p.x + p.width <= l.x + l.width))
            });
            if !touches {
                flush(&mut line);
            }
            line.push(p);
        }
        flush(&mut line);
    }
    out
}

/// How one reader did on one brief.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Score {
    missed: usize,
    marks: usize,
    /// Link texts (addresses) not extracted whole.
    links: usize,
}

/// The text of every link on each line (an address broken over two lines
/// is two pieces), as a reader should report it.
fn link_texts(doc: &Document) -> Vec<String> {
    let mut out = Vec::new();
    for page in &doc.pages {
        for item in &page.items {
            let Item::Text { run, .. } = item else { continue };
            let text = normalize(&run_text(run));
            if run.link.as_deref().is_some_and(|l| !l.starts_with('#')) && text.chars().count() >= 5 {
                out.push(text);
            }
        }
    }
    out
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root()).unwrap_or(path).to_string_lossy().replace('\\', "/")
}

/// The recorded scores: brief → reader → score, and each brief's line count.
type Expected = BTreeMap<String, (usize, BTreeMap<String, Score>)>;

fn read_expected(path: &Path) -> Expected {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let table: toml::Table = toml::from_str(&text).expect("tests/readers/expected.toml is TOML");
    let mut out = Expected::new();
    for (brief, entry) in table {
        let entry = entry.as_table().expect("a table per brief");
        let lines = entry.get("lines").and_then(|v| v.as_integer()).unwrap_or(0) as usize;
        let mut readers = BTreeMap::new();
        for reader in READERS {
            if let Some(v) = entry.get(reader).and_then(|v| v.as_array()) {
                let n = |i: usize| v.get(i).and_then(|x| x.as_integer()).unwrap_or(0) as usize;
                readers.insert(reader.to_string(), Score { missed: n(0), marks: n(1), links: n(2) });
            }
        }
        out.insert(brief, (lines, readers));
    }
    out
}

fn write_expected(path: &Path, got: &Expected) {
    let mut text = String::from(
        "# What each reader misses, written by `BLESS=1 cargo test readers`:\n\
         # per brief, its lines, and per reader [lines not extracted whole,\n\
         # direction marks returned, link texts not extracted whole].\n\
         # See docs/readers.md.\n",
    );
    for (brief, (lines, readers)) in got {
        text.push_str(&format!("\n[\"{brief}\"]\nlines = {lines}\n"));
        for (reader, s) in readers {
            text.push_str(&format!("{reader} = [{}, {}, {}]\n", s.missed, s.marks, s.links));
        }
    }
    std::fs::write(path, text).expect("write tests/readers/expected.toml");
}

#[test]
fn every_reader_extracts_every_line() {
    let require = std::env::var("BRIEF_READERS").is_ok_and(|v| v == "all");
    let python = std::process::Command::new("python3").arg("--version").output().is_ok_and(|o| o.status.success());
    if !python {
        assert!(!require, "BRIEF_READERS=all, but python3 is not installed");
        eprintln!("readers: python3 is not installed; skipped");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let mut built = Vec::new();
    for path in briefs() {
        let source = std::fs::read(&path).expect("readable");
        let res = Dir(path.parent().expect("parent").to_path_buf());
        let b = brief::build(&source, &res).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
        let doc = brief::layout::layout(&b.brief, brief::text::FontBook::shared());
        let stem = relative(&path).replace('/', "_");
        let pdf = dir.path().join(format!("{stem}.pdf"));
        match std::env::var_os("READERS_BUILT_BY") {
            // Another build of brief (an earlier one, to measure a change
            // against) makes the PDFs; the lines are this build's.
            Some(bin) => {
                let out = std::process::Command::new(bin)
                    .args(["build", "-q"])
                    .arg(&path)
                    .arg("-o")
                    .arg(&pdf)
                    .output()
                    .expect("READERS_BUILT_BY runs");
                if !out.status.success() {
                    eprintln!("readers: READERS_BUILT_BY cannot build {}; left out", path.display());
                    continue;
                }
            }
            None => std::fs::write(&pdf, &b.pdf).expect("write PDF"),
        }
        built.push((relative(&path), pdf, lines(&doc, b.brief.language.is_rtl()), link_texts(&doc)));
    }
    let json = dir.path().join("texts.json");
    let out = std::process::Command::new("python3")
        .arg(root().join("tests/readers/extract.py"))
        .arg(&json)
        .args(built.iter().map(|b| &b.1))
        .output()
        .expect("python3 runs");
    assert!(out.status.success(), "extract.py failed:\n{}", String::from_utf8_lossy(&out.stderr));
    let texts: BTreeMap<String, BTreeMap<String, String>> =
        serde_json::from_slice(&std::fs::read(&json).expect("texts.json")).expect("JSON");

    let mut got = Expected::new();
    let mut examples = Vec::new();
    for (brief, pdf, lines, links) in &built {
        let by_reader = &texts[pdf.to_str().expect("UTF-8 path")];
        if require {
            for reader in READERS {
                assert!(by_reader.contains_key(reader), "BRIEF_READERS=all, but {reader} is not installed");
            }
        }
        let mut scores = BTreeMap::new();
        for (reader, text) in by_reader {
            let marks = text.chars().filter(|c| MARKS.contains(c)).count();
            // Up to line breaks: a line end is a space, or nothing (an
            // address the layout broke, read in two pieces).
            let read = normalize(text);
            let unbroken = normalize(&text.replace("\r\n", "").replace('\n', ""));
            let missing: Vec<&String> =
                lines.iter().filter(|l| !read.contains(l.as_str()) && !unbroken.contains(l.as_str())).collect();
            let found = |t: &String| read.contains(t.as_str()) || unbroken.contains(t.as_str());
            let missing_links: Vec<&String> = links.iter().filter(|t| !found(t)).collect();
            if std::env::var("READERS_SHOW").is_ok_and(|b| brief.contains(&b)) {
                eprintln!(
                    "{brief} {reader}:\n  {}",
                    missing.iter().chain(&missing_links).map(|l| format!("{l:?}")).collect::<Vec<_>>().join("\n  ")
                );
            }
            if let Some(first) = missing.first() {
                examples.push(format!("{brief}: {reader} does not return {first:?}"));
            }
            scores.insert(reader.clone(), Score { missed: missing.len(), marks, links: missing_links.len() });
        }
        got.insert(brief.clone(), (lines.len(), scores));
    }

    // The table, for the record (`cargo test readers -- --nocapture`).
    eprintln!("{:<48} {:>5}  {}", "brief", "lines", READERS.map(|r| format!("{r:>12}")).join(""));
    let mut totals = BTreeMap::<&str, Score>::new();
    let mut all = 0;
    for (brief, (n, scores)) in &got {
        all += n;
        let cells: String = READERS
            .iter()
            .map(|r| {
                scores.get(*r).map_or(format!("{:>12}", "-"), |s| {
                    let t = totals.entry(r).or_default();
                    t.missed += s.missed;
                    t.marks += s.marks;
                    t.links += s.links;
                    format!("{:>12}", format!("{}/{}/{}", s.missed, s.marks, s.links))
                })
            })
            .collect();
        eprintln!("{brief:<48} {n:>5}  {cells}");
    }
    let cells: String = READERS
        .iter()
        .map(|r| {
            totals
                .get(r)
                .map_or(format!("{:>12}", "-"), |t| format!("{:>12}", format!("{}/{}/{}", t.missed, t.marks, t.links)))
        })
        .collect();
    eprintln!("{:<48} {all:>5}  {cells}   (lines missed/marks/links missed)", "all");

    let path = root().join("tests/readers/expected.toml");
    if std::env::var_os("BLESS").is_some() {
        write_expected(&path, &got);
        return;
    }
    let expected = read_expected(&path);
    let mut worse = Vec::new();
    let mut better = Vec::new();
    for (brief, (n, scores)) in &got {
        let Some((m, recorded)) = expected.get(brief) else {
            worse.push(format!("{brief}: not in tests/readers/expected.toml"));
            continue;
        };
        if n != m {
            worse.push(format!("{brief}: {n} lines, {m} recorded"));
        }
        for (reader, s) in scores {
            let r = recorded.get(reader).copied().unwrap_or_default();
            if s.missed > r.missed || s.marks > r.marks || s.links > r.links {
                worse.push(format!(
                    "{brief}: {reader} misses {} lines, returns {} marks and misses {} links, recorded {}, {} and {}",
                    s.missed, s.marks, s.links, r.missed, r.marks, r.links
                ));
            } else if s != &r {
                better.push(format!(
                    "{brief}: {reader} {}/{}/{} (recorded {}/{}/{})",
                    s.missed, s.marks, s.links, r.missed, r.marks, r.links
                ));
            }
        }
    }
    if !better.is_empty() {
        eprintln!("readers do better than recorded; BLESS=1 records it:\n  {}", better.join("\n  "));
    }
    assert!(
        worse.is_empty(),
        "readers do worse than recorded:\n  {}\nfor example:\n  {}",
        worse.join("\n  "),
        examples.join("\n  ")
    );
}

#[test]
fn lines_are_the_text_as_set() {
    assert_eq!(normalize("a\u{200F} b\u{a0}c-\n  d\r\ne"), "a b cd e");
    assert_eq!(normalize("\u{202B}نص\u{202C}  x"), "نص x");
    assert_eq!(normalize("up\u{2}\r\nholding"), "upholding");
    let path = root().join("briefs/unoct/press-release.toml");
    let source = std::fs::read(&path).expect("readable");
    let b = brief::build(&source, &Dir(path.parent().expect("parent").to_path_buf())).expect("builds");
    let doc = brief::layout::layout(&b.brief, brief::text::FontBook::shared());
    let lines = lines(&doc, false);
    // The header band's two sides are lines of their own; a hyphenated
    // word is whole on its first line and gone from the next.
    assert!(lines.contains(&"PRESS RELEASE".to_string()), "{lines:#?}");
    assert!(lines.iter().any(|l| l.ends_with("networked multilateralism, participants")), "{lines:#?}");
    assert!(lines.iter().any(|l| l.starts_with("shared expertise")), "{lines:#?}");
}
