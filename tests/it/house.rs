//! House files: the merge rules, the examples under their offices' house
//! files, `watch` and `new` under a house. The diagnostics are pinned by
//! the data cases `tests/cases/house-*` (see `cases.rs`).

use std::path::Path;
use std::process::{Command, Stdio};

use brief::model::{self, FontChoice, PageSize, Severity};

use crate::common::{Dir, root, run, stderr, whole_press_release};

/// The press release under its office's house file is the press release
/// written whole: the same PDF, byte for byte.
#[test]
fn the_press_release_under_its_house_is_the_press_release_written_whole() {
    let under = std::fs::read(root().join("briefs/unoct/press-release.toml")).expect("read");
    let whole = std::fs::read(whole_press_release()).expect("read");
    let a = brief::build(&under, &Dir(root().join("briefs/unoct"))).unwrap_or_else(|e| panic!("{e:?}"));
    let b = brief::build(&whole, &Dir(root().join("tests/good"))).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(a.brief, b.brief);
    assert!(a.pdf == b.pdf, "the PDFs differ");
    assert!(a.warnings.is_empty() && b.warnings.is_empty());
}

/// A house in `dir` and a brief in `dir/sub`, parsed as the CLI does.
fn parse_in(dir: &Path, brief: &str) -> Result<model::Parsed, Vec<model::Diagnostic>> {
    let sub = dir.join("sub");
    std::fs::create_dir_all(&sub).expect("mkdir");
    std::fs::write(sub.join("brief.toml"), brief).expect("write");
    model::parse(brief.as_bytes(), &Dir(sub))
}

const HOUSE: &str = r##"
[brief]
kind = { en = "Press release", fr = "Communiqué de presse" }
organization = "United Nations Office of Counter-Terrorism"
notice = "For information media – not an official record"
logo = { file = "emblem.svg", alt = "United Nations emblem" }

[contact]
heading = { en = "Media contacts", fr = "Contacts presse" }
social = ["@UN_OCT"]

[[contact.person]]
name = "Ms. Laurence Gerard"
email = "gerardl@un.org"

[style]
page = "Letter"
accent = "#123456"
font = "serif"
"##;

#[test]
fn the_brief_wins_key_by_key_tables_merge_and_arrays_are_replaced() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("house.toml"), HOUSE).expect("write");
    // The logo is the house's file, beside the house, not the brief.
    std::fs::copy(root().join("tests/good/emblem.svg"), dir.path().join("emblem.svg")).expect("copy");
    let parsed = parse_in(
        dir.path(),
        r##"
[brief]
title = "Under the house"
date = 2021-06-30
notice = "The brief's own notice"

[contact]
social = ["#CTWeek"]

[[contact.person]]
name = "Ms. Yuli Yang"

[style]
page = "A4"
"##,
    )
    .unwrap_or_else(|d| panic!("{d:?}"));
    let b = parsed.brief;
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    // From the house, in the brief's language (English by default).
    assert_eq!(b.kind, "Press release");
    assert_eq!(b.organization.as_deref(), Some("United Nations Office of Counter-Terrorism"));
    assert_eq!(b.logo_alt.as_deref(), Some("United Nations emblem"));
    assert!(b.logo.is_some(), "the logo read beside the house file");
    // The brief's own value wins.
    assert_eq!(b.notice.as_deref(), Some("The brief's own notice"));
    // Tables merge key by key: the page is the brief's, the rest the house's.
    assert_eq!(b.style.page, PageSize::A4);
    assert_eq!(b.style.accent, brief::geom::Color::from_hex("#123456").expect("colour"));
    assert_eq!(b.style.font, FontChoice::Serif);
    // Arrays are replaced whole.
    let contact = b.contact.expect("contact");
    assert_eq!(contact.heading, "Media contacts");
    assert_eq!(contact.social, ["#CTWeek"]);
    assert_eq!(contact.persons.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["Ms. Yuli Yang"]);
}

#[test]
fn values_are_taken_in_the_briefs_language_and_a_missing_one_is_said() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("house.toml"), HOUSE.replace("logo = {", "# logo = {")).expect("write");
    let brief = |language: &str| format!("[brief]\ntitle = \"T\"\ndate = 2021-06-30\nlanguage = \"{language}\"\n");
    let fr = parse_in(dir.path(), &brief("fr-CH")).expect("valid");
    assert_eq!(fr.brief.kind, "Communiqué de presse", "fr-CH takes `fr`");
    assert_eq!(fr.brief.contact.expect("contact").heading, "Contacts presse");
    // Spanish: neither value is given; the defaults stand, with a warning
    // at each table of the house file.
    let es = parse_in(dir.path(), &brief("es")).expect("valid with warnings");
    assert_eq!(es.brief.kind, "Nota informativa", "the language's default kind");
    let warned: Vec<String> = es.warnings.iter().map(|w| w.message.clone()).collect();
    assert_eq!(
        warned,
        ["`kind` is given in `en`, `fr` but not in `es`", "`heading` is given in `en`, `fr` but not in `es`"]
    );
    for w in &es.warnings {
        assert_eq!(w.severity, Severity::Warning);
        let file = w.file.as_ref().expect("in the house file");
        let span = w.span.clone().expect("a place");
        assert!(file.name.ends_with("house.toml"), "{}", file.name);
        assert!(file.text[span].starts_with("{ en = "), "points at the table");
    }
}

#[test]
fn a_brief_can_be_valid_only_with_its_house_and_can_leave_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("house.toml"), HOUSE).expect("write");
    std::fs::copy(root().join("tests/good/emblem.svg"), dir.path().join("emblem.svg")).expect("copy");
    // The brief describes the logo; the house gives its file.
    let described =
        "[brief]\ntitle = \"T\"\ndate = 2021-06-30\nlogo = { alt = \"The emblem, described by the brief\" }\n";
    let b = parse_in(dir.path(), described).expect("valid with the house").brief;
    assert_eq!(b.logo_alt.as_deref(), Some("The emblem, described by the brief"));
    assert!(b.logo.is_some());
    // Without it, the logo has no file.
    let alone = format!("house = false\n{described}");
    let errors = parse_in(dir.path(), &alone).expect_err("invalid alone");
    assert!(errors.iter().any(|d| d.message == "missing `file` in `[brief.logo]`"), "{errors:?}");
    // A house named by path, relative to the brief.
    std::fs::create_dir_all(dir.path().join("other")).expect("mkdir");
    std::fs::write(dir.path().join("other/office.toml"), "[brief]\norganization = \"Another office\"\n")
        .expect("write");
    let named = "house = \"../other/office.toml\"\n[brief]\ntitle = \"T\"\ndate = 2021-06-30\n";
    let b = parse_in(dir.path(), named).expect("valid").brief;
    assert_eq!(b.organization.as_deref(), Some("Another office"));
    assert_eq!(b.kind, "Brief", "nothing from the house found above");
}

#[test]
fn check_a_folder_checks_its_house_file_once_and_never_as_a_brief() {
    let dir = tempfile::tempdir().expect("tempdir");
    let office = dir.path().join("office");
    std::fs::create_dir_all(&office).expect("mkdir");
    std::fs::write(office.join("house.toml"), "[brief]\norganization = \"UNOCT\"\n").expect("write");
    for name in ["a", "b"] {
        std::fs::write(office.join(format!("{name}.toml")), "[brief]\ntitle = \"T\"\ndate = 2021-06-30\n")
            .expect("write");
    }
    let out = run(&["check", "office"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "2 briefs and 1 house file valid\n");
    let out = run(&["build", "office", "-q"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(office.join("a.pdf").is_file() && office.join("b.pdf").is_file() && !office.join("house.pdf").exists());
    // A house file named on the command line is no brief to build.
    let out = run(&["build", "office/house.toml"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is a house file, not a brief"), "{}", stderr(&out));
}

#[test]
fn new_under_a_house_leaves_out_what_the_house_gives() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("house.toml"), HOUSE.replace("logo = {", "# logo = {")).expect("write");
    std::fs::create_dir(dir.path().join("2026")).expect("mkdir");
    let out = run(&["new", "2026/launch"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).starts_with("found the house file `"), "{}", stderr(&out));
    let text = std::fs::read_to_string(dir.path().join("2026/launch.toml")).expect("written");
    assert!(text.contains("# Under the house file `../house.toml`"), "{text}");
    for gone in ["kind = ", "organization = ", "[[contact.person]]", "accent = ", "page = "] {
        assert!(!text.contains(gone), "{gone} is the house's:\n{text}");
    }
    for kept in ["title = ", "date = ", "[[figure]]", "[[section]]", "web = "] {
        assert!(text.contains(kept), "{kept} stays:\n{text}");
    }
    let out = run(&["build", "2026/launch.toml"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "", "no warnings");
}

#[test]
fn watch_rebuilds_when_the_house_file_is_saved() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("house.toml"), "[brief]\norganization = \"First office\"\n").expect("write");
    std::fs::write(dir.path().join("pr.toml"), "[brief]\ntitle = \"T\"\ndate = 2021-06-30\n").expect("write");
    let mut child = Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(["watch", "pr.toml"])
        .current_dir(dir.path())
        .stderr(Stdio::piped())
        .spawn()
        .expect("watch starts");
    let rx = crate::tools::lines_of(&mut child);
    let author = |pdf: &[u8]| -> String {
        let doc = lopdf::Document::load_mem(pdf).expect("a PDF");
        let info = doc.trailer.get(b"Info").and_then(|i| i.as_reference()).and_then(|r| doc.get_dictionary(r));
        let author = info.and_then(|d| d.get(b"Author")).and_then(|a| a.as_str());
        String::from_utf8_lossy(author.unwrap_or(b"")).into_owned()
    };
    let result = (|| -> Result<(), String> {
        crate::tools::wait_for(&rx, "built pr.pdf")?;
        crate::tools::wait_for(&rx, "watching `pr.toml`")?;
        let first = std::fs::read(dir.path().join("pr.pdf")).map_err(|e| e.to_string())?;
        if !author(&first).contains("First office") {
            return Err(format!("author {:?}", author(&first)));
        }
        // An editor's save of the house file.
        std::fs::write(dir.path().join(".house.swp"), "[brief]\norganization = \"Second office\"\n")
            .map_err(|e| e.to_string())?;
        std::fs::rename(dir.path().join(".house.swp"), dir.path().join("house.toml")).map_err(|e| e.to_string())?;
        crate::tools::wait_for(&rx, "built pr.pdf")?;
        let second = std::fs::read(dir.path().join("pr.pdf")).map_err(|e| e.to_string())?;
        if !author(&second).contains("Second office") {
            return Err(format!("the house's change is not in the PDF: author {:?}", author(&second)));
        }
        // A mistake in the house: reported at its place, the PDF kept.
        std::fs::write(dir.path().join("house.toml"), "[brief]\norganisation = \"Third office\"\n")
            .map_err(|e| e.to_string())?;
        crate::tools::wait_for(&rx, "house.toml:2:1")?;
        if std::fs::read(dir.path().join("pr.pdf")).map_err(|e| e.to_string())? != second {
            return Err("the PDF changed after a failed build".into());
        }
        Ok(())
    })();
    let state = child.try_wait();
    let _ = child.kill();
    let _ = child.wait();
    if let Err(e) = result {
        panic!("{e}\n(the watcher: {state:?})");
    }
}
