//! Recipient lists and print runs (`brief build BRIEF --for LIST`).
//!
//! Bad lists: each `tests/bad-lists/NAME.toml` or `NAME.csv` must fail to
//! read, and the rendered diagnostics must equal `NAME.toml.err` or
//! `NAME.csv.err` exactly. Run
//! with `BLESS=1` to rewrite the `.err` files from the current output.
//!
//! The rest runs the binary on `briefs/unoct/press-release.toml` and the example
//! lists in `lists/`, and reads the PDFs back with lopdf (and qpdf and
//! pdftotext when installed).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use brief::model::{self, ListFormat, Severity};
use lopdf::{Document, Object, ObjectId};

use crate::common::{have, root};

// ---- bad lists ----------------------------------------------------------------

fn bad_dir() -> PathBuf {
    root().join("tests/bad-lists")
}

fn bad_lists() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(bad_dir())
        .expect("tests/bad-lists exists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml" || e == "csv"))
        .collect();
    v.sort();
    v
}

/// The expected output of a bad list: `NAME.toml.err`, `NAME.csv.err`.
fn err_file(list: &Path) -> PathBuf {
    let mut name = list.as_os_str().to_owned();
    name.push(".err");
    PathBuf::from(name)
}

/// Checks one bad list; returns what is wrong, if anything.
fn check_bad(path: &Path, bless: bool) -> Option<String> {
    let file = path.file_name()?.to_string_lossy().into_owned();
    let format = if path.extension()? == "csv" { ListFormat::Csv } else { ListFormat::Toml };
    let source = std::fs::read(path).ok()?;
    let result = std::panic::catch_unwind(|| model::parse_list(&source, format, &|_| true));
    let diags = match result {
        Err(_) => return Some(format!("{file}: parse panicked")),
        Ok(Ok(_)) => return Some(format!("{file}: read without errors")),
        Ok(Err(diags)) => diags,
    };
    if !diags.iter().any(|d| d.severity == Severity::Error && d.span.is_some()) {
        return Some(format!("{file}: no error with a span"));
    }
    let rendered = model::render(&format!("tests/bad-lists/{file}"), &source, &diags);
    let err = err_file(path);
    if bless {
        std::fs::write(&err, &rendered).ok()?;
        return None;
    }
    let expected = std::fs::read_to_string(&err).unwrap_or_default();
    (expected != rendered)
        .then(|| format!("{file}: output differs (BLESS=1 to update)\n--- expected\n{expected}\n--- got\n{rendered}"))
}

#[test]
fn bad_lists_report_expected_diagnostics() {
    let bless = std::env::var_os("BLESS").is_some_and(|v| v != "0");
    let lists = bad_lists();
    assert!(lists.len() >= 20, "expected at least 20 bad lists, found {}", lists.len());
    let failures: Vec<String> = lists.iter().filter_map(|p| check_bad(p, bless)).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_bad_list_has_an_expected_output() {
    for path in bad_lists() {
        assert!(err_file(&path).exists() || std::env::var_os("BLESS").is_some(), "{} has no .err file", path.display());
    }
}

#[test]
fn the_example_lists_are_valid_and_agree() {
    let read = |name: &str, format| {
        let src = std::fs::read(root().join("lists").join(name)).expect("example list");
        match model::parse_list(&src, format, &|_| true) {
            Ok(list) => list.recipients,
            Err(d) => panic!("{}", model::render(name, &src, &d)),
        }
    };
    let toml = read("delegations.toml", ListFormat::Toml);
    let csv = read("delegations.csv", ListFormat::Csv);
    assert!(toml.len() >= 4);
    let strip = |r: &[model::Recipient]| {
        r.iter().map(|r| (r.name.clone(), r.language.clone(), r.copies, r.page, r.fields.clone())).collect::<Vec<_>>()
    };
    assert_eq!(strip(&toml), strip(&csv));
    assert!(toml.iter().any(|r| r.copies == 3), "one recipient wants 3 copies");
    assert!(toml.iter().any(|r| r.page == Some(model::PageSize::Letter)), "one recipient wants Letter");
    assert!(toml.iter().any(|r| r.language.as_ref().is_some_and(|l| l.primary == "fr")));
    assert!(toml.iter().all(|r| r.field("email").is_some()), "the examples carry an e-mail free field");
}

// ---- the command line ---------------------------------------------------------

fn brief(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_brief")).args(args).current_dir(dir).output().expect("binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn path(rel: &str) -> String {
    root().join(rel).display().to_string()
}

fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> =
        std::fs::read_dir(dir).expect("ls").map(|e| e.expect("e").file_name().to_string_lossy().into_owned()).collect();
    v.sort();
    v
}

const PR: &str = "briefs/unoct/press-release.toml";

/// The example recipients, in list order: file stem, copies, Letter?, the
/// language of the version they get.
const EXPECTED: [(&str, usize, bool, &str); 8] = [
    ("permanent-mission-of-mexico-to-the-united-nations", 1, false, "es"),
    ("permanent-mission-of-france-to-the-united-nations", 3, false, "fr"),
    ("permanent-mission-of-the-united-states-of-america-to-the-united-nations", 1, true, "en"),
    ("permanent-mission-of-senegal-to-the-united-nations", 1, false, "fr"),
    ("permanent-mission-of-japan-to-the-united-nations", 2, false, "en"),
    ("permanent-mission-of-china-to-the-united-nations", 1, false, "zh"),
    ("permanent-mission-of-egypt-to-the-united-nations", 1, false, "ar"),
    ("permanent-mission-of-brazil-to-the-united-nations", 1, false, "en"),
];

/// What page one of each language version says: the "Prepared for" label,
/// the kind in the band and the page label.
fn version_words(lang: &str) -> [&'static str; 3] {
    match lang {
        "fr" => ["Établi pour", "COMMUNIQUÉ DE PRESSE", "Page 1 sur"],
        "es" => ["Preparado para", "COMUNICADO DE PRENSA", "Página 1 de"],
        "zh" => ["呈送", "新闻稿", "共"],
        "ar" => ["أجل", "بيان صحفي", "الصفحة"],
        _ => ["Prepared for", "PRESS RELEASE", "Page 1 of"],
    }
}

/// Builds one PDF per recipient of `list` into a new directory.
fn per_recipient(list: &str) -> (tempfile::TempDir, Output) {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("out")).expect("mkdir");
    let out = brief(&["build", &path(PR), "--for", &path(list), "-o", "out"], dir.path());
    (dir, out)
}

fn pdftotext(file: &Path) -> String {
    let out = Command::new("pdftotext").args(["-enc", "UTF-8"]).arg(file).arg("-").output().expect("pdftotext runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn catalog(doc: &Document) -> &lopdf::Dictionary {
    let id = doc.trailer.get(b"Root").and_then(Object::as_reference).expect("root");
    doc.get_dictionary(id).expect("catalog")
}

fn pdf_string(o: &Object) -> String {
    let bytes = o.as_str().expect("a string");
    if bytes.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> =
            bytes[2..].chunks(2).map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)])).collect();
        String::from_utf16_lossy(&units)
    } else {
        String::from_utf8_lossy(bytes).into_owned()
    }
}

#[test]
fn one_pdf_per_recipient_named_after_them_in_their_language() {
    let (dir, out) = per_recipient("lists/delegations.toml");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut want: Vec<String> = EXPECTED.iter().map(|(stem, ..)| format!("{stem}.pdf")).collect();
    want.sort();
    assert_eq!(files(&dir.path().join("out")), want, "exactly one PDF per recipient, no temporary file left");
    // Brazil asks for Portuguese, which the example brief has no version of.
    let err = stderr(&out);
    assert!(err.contains("no `pt` version of") && err.contains("press-release.pt.toml"), "{err}");
    for lang in ["fr", "es", "zh", "ar"] {
        assert!(!err.contains(&format!("no `{lang}` version")), "{err}");
    }

    for (stem, _, letter, lang) in EXPECTED {
        let file = dir.path().join("out").join(format!("{stem}.pdf"));
        let doc = Document::load(&file).expect("lopdf reads it");
        let pdf_lang = pdf_string(catalog(&doc).get(b"Lang").expect("/Lang"));
        assert_eq!(pdf_lang, lang, "{stem}");
        let (_, first) = doc.get_pages().into_iter().next().expect("a page");
        let media = doc.get_dictionary(first).and_then(|d| d.get(b"MediaBox")).and_then(Object::as_array).expect("box");
        let width = media[2].as_float().expect("number");
        assert!((width - if letter { 612.0 } else { 595.28 }).abs() < 0.5, "{stem}: width {width}");
        if have("pdftotext") {
            let text = pdftotext(&file);
            let first_page = text.split('\u{c}').next().unwrap_or("");
            let [label, kind, page] = version_words(lang);
            assert!(first_page.contains(label), "{stem}: no {label:?} on page one:\n{first_page}");
            let name = stem.split('-').nth(3).expect("a country in the name");
            assert!(first_page.to_lowercase().contains(name), "{stem}: the recipient is not named:\n{first_page}");
            assert!(text.contains(kind) && text.contains(page), "{stem}: not in `{lang}`:\n{first_page}");
        }
    }
}

#[test]
fn csv_and_toml_lists_give_identical_pdfs() {
    let (a, out) = per_recipient("lists/delegations.toml");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let (b, out) = per_recipient("lists/delegations.csv");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let names = files(&a.path().join("out"));
    assert_eq!(names, files(&b.path().join("out")));
    for name in names {
        let x = std::fs::read(a.path().join("out").join(&name)).expect("read");
        let y = std::fs::read(b.path().join("out").join(&name)).expect("read");
        assert!(x == y, "{name} differs between the TOML and the CSV list");
    }
}

/// Builds the print run of `list` into `dir/run.pdf`.
fn print_run(list: &str, dir: &Path) -> Vec<u8> {
    let out = brief(&["build", &path(PR), "--for", &path(list), "--print-run", "run.pdf", "-q"], dir);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    std::fs::read(dir.join("run.pdf")).expect("run.pdf written")
}

/// The outline's entries: title and 1-based page.
fn bookmarks(doc: &Document) -> Vec<(String, usize)> {
    let pages: BTreeMap<ObjectId, usize> = doc.get_pages().into_iter().map(|(n, id)| (id, n as usize)).collect();
    let outlines = catalog(doc).get(b"Outlines").and_then(Object::as_reference).expect("/Outlines");
    let mut next = doc.get_dictionary(outlines).and_then(|d| d.get(b"First")).and_then(Object::as_reference).ok();
    let mut out = Vec::new();
    while let Some(id) = next {
        let item = doc.get_dictionary(id).expect("outline item");
        let title = pdf_string(item.get(b"Title").expect("/Title"));
        let dest = item.get(b"Dest").and_then(Object::as_array).expect("/Dest");
        let page = dest[0].as_reference().expect("page reference");
        out.push((title, pages[&page]));
        next = item.get(b"Next").and_then(Object::as_reference).ok();
        assert!(out.len() < 1000, "outline loops");
    }
    out
}

#[test]
fn a_print_run_is_duplex_ready_with_bookmarks_and_mixed_page_sizes() {
    let (single, out) = per_recipient("lists/delegations.toml");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let pages_of = |stem: &str| {
        Document::load(single.path().join("out").join(format!("{stem}.pdf"))).expect("load").get_pages().len()
    };

    let dir = tempfile::tempdir().expect("tempdir");
    let bytes = print_run("lists/delegations.toml", dir.path());
    let doc = Document::load_mem(&bytes).expect("lopdf reads the print run");
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    assert_eq!(pages.len() % 2, 0, "an even number of pages");

    // Expected layout: each copy starts on an odd page, padded to even.
    let lists = std::fs::read(root().join("lists/delegations.toml")).expect("list");
    let names: Vec<String> = model::parse_list(&lists, ListFormat::Toml, &|_| true)
        .expect("valid")
        .recipients
        .into_iter()
        .map(|r| r.name)
        .collect();
    let mut want_marks = Vec::new();
    let mut copy_starts = Vec::new();
    let mut blanks = Vec::new();
    let mut letter_pages = Vec::new();
    let mut at = 1;
    for ((stem, copies, letter, _), name) in EXPECTED.iter().zip(&names) {
        let n = pages_of(stem);
        want_marks.push((name.clone(), at));
        for _ in 0..*copies {
            copy_starts.push(at);
            if *letter {
                letter_pages.extend(at..at + n + n % 2);
            }
            if n % 2 == 1 {
                blanks.push(at + n);
            }
            at += n + n % 2;
        }
    }
    assert_eq!(pages.len(), at - 1, "every copy of every recipient, blank backs included");
    assert!(copy_starts.iter().all(|p| p % 2 == 1), "every copy starts on an odd page: {copy_starts:?}");
    assert_eq!(bookmarks(&doc), want_marks, "one bookmark per recipient at its first page");

    for (i, &id) in pages.iter().enumerate() {
        let n = i + 1;
        let page = doc.get_dictionary(id).expect("page");
        let media = page.get(b"MediaBox").and_then(Object::as_array).expect("MediaBox");
        let (w, h) = (media[2].as_float().expect("w"), media[3].as_float().expect("h"));
        if letter_pages.contains(&n) {
            assert!((w - 612.0).abs() < 0.5 && (h - 792.0).abs() < 0.5, "page {n} is Letter: {w}×{h}");
        } else {
            assert!((w - 595.28).abs() < 0.5 && (h - 841.89).abs() < 0.5, "page {n} is A4: {w}×{h}");
        }
        let content = doc.get_page_content(id);
        if blanks.contains(&n) {
            assert!(content.iter().all(u8::is_ascii_whitespace), "page {n} is truly blank");
            assert!(page.get(b"Annots").is_err(), "a blank page has no links");
        } else {
            assert!(content.len() > 100, "page {n} has content");
        }
    }

    // Fonts are embedded once for the whole run, not once per copy.
    let font_files = doc
        .objects
        .values()
        .filter(|o| o.as_dict().is_ok_and(|d| d.get(b"FontFile2").is_ok() || d.get(b"FontFile3").is_ok()))
        .count();
    // The faces the copies use, in every language version (each name
    // without its subset tag).
    let mut faces = std::collections::BTreeSet::new();
    for (stem, ..) in EXPECTED {
        let copy = Document::load(single.path().join("out").join(format!("{stem}.pdf"))).expect("load");
        for o in copy.objects.values() {
            if let Ok(name) = o.as_dict().and_then(|d| d.get(b"FontName")).and_then(Object::as_name) {
                let name = String::from_utf8_lossy(name).into_owned();
                faces.insert(name.split_once('+').map_or(name.clone(), |(_, n)| n.to_string()));
            }
        }
    }
    assert!(
        font_files <= faces.len() + 1,
        "{font_files} embedded fonts in the run, {} faces in the copies",
        faces.len()
    );
    // The copies of a recipient share their pages' content: the run is
    // small once its font programs (a Chinese subset alone is large) are
    // left out.
    let font_bytes: usize = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .flat_map(|d| [d.get(b"FontFile2"), d.get(b"FontFile3")])
        .filter_map(|r| r.and_then(Object::as_reference).ok())
        .filter_map(|id| doc.get_object(id).and_then(Object::as_stream).ok())
        .map(|s| s.content.len())
        .sum();
    let rest = bytes.len() - font_bytes;
    assert!(rest < 120 * 1024, "copies share content streams: {rest} bytes besides {font_bytes} of fonts");

    if have("qpdf") {
        let check = Command::new("qpdf").arg("--check").arg(dir.path().join("run.pdf")).output().expect("qpdf");
        assert!(check.status.success(), "qpdf --check: {}", String::from_utf8_lossy(&check.stdout));
    }
    if have("pdftotext") {
        let text = pdftotext(&dir.path().join("run.pdf"));
        assert_eq!(text.matches("Établi pour").count(), 4, "three copies for France, one for Senegal");
        assert_eq!(text.matches("Prepared for").count(), 4, "the United States, Japan twice, Brazil");
        assert_eq!(text.matches("Preparado para").count(), 1, "Mexico");
        assert_eq!(text.matches("呈送").count(), 1, "China");
    }
}

#[test]
fn print_runs_are_deterministic_and_the_same_from_csv_and_toml() {
    let a = tempfile::tempdir().expect("tempdir");
    let b = tempfile::tempdir().expect("tempdir");
    let first = print_run("lists/delegations.toml", a.path());
    let again = print_run("lists/delegations.toml", b.path());
    assert!(first == again, "two print runs of the same input differ");
    let csv = print_run("lists/delegations.csv", b.path());
    assert!(first == csv, "the CSV list gives another print run than the TOML list");
}

// ---- failures -------------------------------------------------------------------

#[test]
fn an_invalid_list_exits_1_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("out")).expect("mkdir");
    std::fs::write(dir.path().join("list.csv"), "name,copies\nMission A,2\nMission B,lots\n").expect("write");
    std::fs::write(dir.path().join("run.pdf"), b"previous run").expect("write");
    let out = brief(&["build", &path(PR), "--for", "list.csv", "-o", "out"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("list.csv:3:11") && err.contains("found `lots`"), "{err}");
    assert!(files(&dir.path().join("out")).is_empty(), "nothing written");
    let out = brief(&["build", &path(PR), "--for", "list.csv", "--print-run", "run.pdf"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read(dir.path().join("run.pdf")).expect("kept"), b"previous run");
    assert_eq!(files(dir.path()), ["list.csv", "out", "run.pdf"], "no temporary file left");
}

#[test]
fn an_invalid_language_version_exits_1_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(root().join(PR), dir.path().join("pr.toml")).expect("copy");
    std::fs::write(dir.path().join("pr.fr.toml"), "[brief]\ntitre = \"Oups\"\ndate = 2021-06-30\n").expect("write");
    std::fs::write(
        dir.path().join("list.toml"),
        "[[recipient]]\nname = \"A\"\n\n[[recipient]]\nname = \"B\"\nlanguage = \"fr\"\n",
    )
    .expect("write");
    std::fs::create_dir(dir.path().join("out")).expect("mkdir");
    let out = brief(&["build", "pr.toml", "--for", "list.toml", "-o", "out"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("pr.fr.toml:2:1") && err.contains("`titre`"), "{err}");
    assert!(files(&dir.path().join("out")).is_empty(), "nothing written");
}

#[test]
fn names_that_make_the_same_file_are_an_error_about_the_list() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("list.csv"), "name\nMission of Côte d’Ivoire\nMission of Cote d'Ivoire\n")
        .expect("w");
    std::fs::create_dir(dir.path().join("out")).expect("mkdir");
    let out = brief(&["build", &path(PR), "--for", "list.csv", "-o", "out"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("list.csv:3:1") && err.contains("`mission-of-cote-divoire.pdf`"), "{err}");
    assert!(files(&dir.path().join("out")).is_empty(), "nothing written");
    // A print run names no files: the same list is fine there.
    let out = brief(&["build", &path(PR), "--for", "list.csv", "--print-run", "run.pdf", "-q"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn usage_mistakes_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let list = path("lists/delegations.csv");
    for (args, needle) in [
        (vec!["build", PR, "--for", &list], "needs `-o DIR`"),
        (vec!["build", PR, "--for", &list, "-o", "missing.pdf"], "does not exist"),
        (vec!["build", PR, "--print-run", "run.pdf"], "--for"),
        (vec!["build", PR, "--for", &list, "--print-run", "run.pdf", "-o", "x"], "cannot be used with"),
        (vec!["build", PR, "--for", &list, "--print-run", "run.toml"], "ending in `.pdf`"),
        (vec!["build", "briefs/", "--for", &list, "-o", "."], "one brief file"),
        (vec!["build", PR, "--for", "list.txt", "-o", "."], "cannot tell the format"),
        (vec!["build", PR, "--for", "nothing.csv", "-o", "."], "no such file"),
    ] {
        let out = brief(&args, &root());
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(needle), "{args:?}: {}", stderr(&out));
    }
    assert!(files(dir.path()).is_empty());
}

#[test]
fn check_for_a_list_reads_everything_a_print_run_needs_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = brief(&["check", &path(PR), "--for", &path("lists/delegations.csv")], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("is ready for 8 recipients: 11 copies in 5 versions, 36 pages in a print run"),
        "the same count as the print run's: {err}"
    );
    assert!(files(dir.path()).is_empty(), "nothing written");

    // A bad list, and a bad language version, fail as the build would.
    std::fs::write(dir.path().join("list.csv"), "name,copies\nMission A,2\nMission B,lots\n").expect("write");
    let out = brief(&["check", &path(PR), "--for", "list.csv"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("list.csv:3:11"), "{}", stderr(&out));
    std::fs::copy(root().join(PR), dir.path().join("pr.toml")).expect("copy");
    std::fs::write(dir.path().join("pr.fr.toml"), "[brief]\ntitre = \"Oups\"\ndate = 2021-06-30\n").expect("write");
    std::fs::write(dir.path().join("list.toml"), "[[recipient]]\nname = \"B\"\nlanguage = \"fr\"\n").expect("write");
    let out = brief(&["check", "pr.toml", "--for", "list.toml"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("pr.fr.toml:2:1"), "{}", stderr(&out));
    assert_eq!(files(dir.path()), ["list.csv", "list.toml", "pr.fr.toml", "pr.toml"], "nothing written");
}

#[test]
fn a_missing_output_directory_is_made_for_the_copies() {
    let dir = tempfile::tempdir().expect("tempdir");
    let list = path("lists/delegations.csv");
    let out = brief(&["build", &path(PR), "--for", &list, "-o", "copies/new"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("into `copies/new` (created)"), "{}", stderr(&out));
    assert!(std::fs::read_dir(dir.path().join("copies/new")).expect("made").count() > 1);
}
