//! The command line as a user meets it: exit codes, files written or not.

use std::path::Path;
use std::process::{Command, Output};

fn brief(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_brief")).args(args).current_dir(dir).output().expect("binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn example() -> String {
    crate::common::whole_press_release().display().to_string()
}

const BAD: &str = "[brief]\ntitel = \"Oops\"\ndate = 2021-06-30\n";

#[test]
fn build_writes_a_pdf_beside_the_brief_by_default() {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = dir.path().join("pr.toml");
    std::fs::copy(example(), &src).expect("copy");
    let out = brief(&["build", "pr.toml"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let pdf = std::fs::read(dir.path().join("pr.pdf")).expect("pr.pdf written");
    assert!(pdf.starts_with(b"%PDF-"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("pr.pdf")).expect("meta").permissions().mode();
        assert_eq!(mode & 0o044, 0o044, "a new PDF is readable by others, not private like a temporary file");
    }
}

#[test]
fn build_with_output_path_and_output_directory() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = brief(&["build", &example(), "-o", "x.pdf"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.path().join("x.pdf").is_file());

    std::fs::create_dir(dir.path().join("out")).expect("mkdir");
    let all: Vec<String> = crate::common::example_briefs().iter().map(|p| p.display().to_string()).collect();
    let mut args = vec!["build"];
    args.extend(all.iter().map(String::as_str));
    args.extend(["-o", "out"]);
    let out = brief(&args, dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for p in crate::common::example_briefs() {
        let stem = p.file_stem().expect("stem").to_string_lossy().into_owned();
        assert!(dir.path().join("out").join(format!("{stem}.pdf")).is_file(), "{stem}.pdf");
    }
}

#[test]
fn an_invalid_brief_exits_1_writes_nothing_and_keeps_the_old_output() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("bad.toml"), BAD).expect("write");
    std::fs::write(dir.path().join("bad.pdf"), b"previous build").expect("write");
    let out = brief(&["build", "bad.toml"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("bad.toml:2:1"), "{err}");
    assert!(err.contains("`titel`") && err.contains("`title`"), "{err}");
    assert_eq!(std::fs::read(dir.path().join("bad.pdf")).expect("kept"), b"previous build");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).expect("ls").map(|e| e.expect("e").file_name()).collect();
    assert_eq!(leftovers.len(), 2, "no temporary file left: {leftovers:?}");
}

#[test]
fn check_reports_every_problem_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = "[brief]\ntitel = \"Oops\"\ndate = \"2021-06-30\"\n\n[style]\naccent = \"blue\"\n";
    std::fs::write(dir.path().join("b.toml"), src).expect("write");
    let out = brief(&["check", "b.toml"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    for needle in ["b.toml:2:1", "b.toml:3:8", "b.toml:6:10"] {
        assert!(err.contains(needle), "missing {needle} in:\n{err}");
    }
    assert!(!dir.path().join("b.pdf").exists());

    let out = brief(&["check", &example()], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn usage_and_io_errors_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = brief(&["build", "missing.toml"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot read `missing.toml`: no such file or directory"));

    std::fs::write(dir.path().join("afile"), b"").expect("write");
    let out = brief(&["build", &example(), "-o", "afile/x.pdf"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("`afile` is not a directory"), "{}", stderr(&out));

    let out = brief(&["build", &example(), &example(), "-o", "nodir"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("would both be written"), "{}", stderr(&out));
    assert!(!dir.path().join("nodir").exists(), "nothing is made for a run that cannot be");

    let out = brief(&["frobnicate"], dir.path());
    assert_eq!(out.status.code(), Some(2));

    let out = brief(&["build", &example(), "-o", "brief.toml"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("refusing"), "{}", stderr(&out));
}

#[test]
fn help_has_examples_and_version_is_printed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = brief(&["--help"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("Examples:") && help.contains("brief build"), "{help}");
    let out = brief(&["--version"], dir.path());
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), format!("brief {}", env!("CARGO_PKG_VERSION")));
}

#[test]
fn a_binary_or_empty_file_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("bin.toml"), [0u8, 159, 146, 150, 255, 0, 1]).expect("write");
    std::fs::write(dir.path().join("empty.toml"), b"").expect("write");
    for f in ["bin.toml", "empty.toml"] {
        let out = brief(&["build", f], dir.path());
        assert_eq!(out.status.code(), Some(1), "{f}: {}", stderr(&out));
        assert!(stderr(&out).contains(&format!("{f}:1:")), "{}", stderr(&out));
        assert!(!stderr(&out).contains("panicked"));
    }
}

#[test]
fn build_report_prints_the_quality_of_every_justified_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = brief(&["build", &example(), "-o", "x.pdf", "--report"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(report.contains("justified paragraphs") && report.contains(" 0 widows/orphans/overfull"), "{report}");
    assert!(report.contains("ratio") && report.contains("last"), "{report}");
}

/// `count` copies of the example brief named `pr-000.toml`, … in `dir`.
fn copies(dir: &Path, count: usize) {
    std::fs::create_dir_all(dir).expect("mkdir");
    for i in 0..count {
        std::fs::copy(example(), dir.join(format!("pr-{i:03}.toml"))).expect("copy");
    }
}

/// The names of the files in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> =
        std::fs::read_dir(dir).expect("ls").map(|e| e.expect("e").file_name().to_string_lossy().into_owned()).collect();
    v.sort();
    v
}

#[test]
fn build_a_directory_writes_the_good_briefs_and_reports_the_bad_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = dir.path().join("briefs");
    copies(&src, 3);
    std::fs::create_dir_all(src.join("nested/deeper")).expect("mkdir");
    std::fs::copy(example(), src.join("nested/deeper/deep.toml")).expect("copy");
    std::fs::write(src.join("nested/bad.toml"), BAD).expect("write");
    // Not briefs: hidden directories, `target/` and other files.
    copies(&src.join(".hidden"), 1);
    copies(&src.join("target"), 1);
    std::fs::write(src.join("notes.txt"), "not a brief").expect("write");
    std::fs::create_dir(dir.path().join("out")).expect("mkdir");

    let out = brief(&["build", "briefs", "-o", "out"], dir.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(names(&dir.path().join("out")), ["deep.pdf", "pr-000.pdf", "pr-001.pdf", "pr-002.pdf"], "{err}");
    assert!(err.contains("bad.toml:2:1") && err.contains("`titel`"), "{err}");
    let last = err.lines().last().expect("a summary line");
    assert!(last.starts_with("built 4 of 5 briefs in ") && last.ends_with(" s (1 invalid)"), "{err}");
    assert!(!src.join("nested/bad.pdf").exists());
}

#[test]
fn build_finds_nested_briefs_and_writes_each_beside_its_brief() {
    let dir = tempfile::tempdir().expect("tempdir");
    copies(&dir.path().join("a"), 2);
    copies(&dir.path().join("a/b/c"), 1);
    let out = brief(&["build", "a"], dir.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.lines().last().is_some_and(|l| l.starts_with("built 3 briefs in ")), "{err}");
    for pdf in ["a/pr-000.pdf", "a/pr-001.pdf", "a/b/c/pr-000.pdf"] {
        assert!(dir.path().join(pdf).is_file(), "{pdf}: {err}");
    }
    assert_eq!(names(&dir.path().join("a/b/c")), ["pr-000.pdf", "pr-000.toml"], "no temporary file left");
}

#[test]
fn quiet_prints_no_summary_but_still_the_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    copies(&dir.path().join("in"), 2);
    let out = brief(&["build", "-q", "in"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    assert!(dir.path().join("in/pr-001.pdf").is_file());

    std::fs::write(dir.path().join("in/bad.toml"), BAD).expect("write");
    let out = brief(&["build", "--quiet", "in"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("`titel`") && !stderr(&out).contains("built"), "{}", stderr(&out));

    let out = brief(&["check", "--quiet", "in"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("`titel`") && !stderr(&out).contains("valid"), "{}", stderr(&out));
}

#[test]
fn same_stem_in_two_subdirectories_is_an_error_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    copies(&dir.path().join("in/en"), 2);
    copies(&dir.path().join("in/fr"), 1);
    std::fs::create_dir(dir.path().join("out")).expect("mkdir");
    let out = brief(&["build", "in", "-o", "out"], dir.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("would both be written to") && err.contains("pr-000.pdf"), "{err}");
    assert!(err.contains("en/pr-000.toml") && err.contains("fr/pr-000.toml"), "{err}");
    assert!(names(&dir.path().join("out")).is_empty());

    // A directory needs an output directory, not a PDF file.
    let out = brief(&["build", "in/fr", "-o", "x.pdf"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("output directory `x.pdf` does not exist"), "{}", stderr(&out));
    let out = brief(&["build", "empty-or-missing/"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    std::fs::create_dir(dir.path().join("empty")).expect("mkdir");
    let out = brief(&["build", "empty"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no briefs in `empty`"), "{}", stderr(&out));
}

#[test]
fn each_briefs_diagnostics_are_printed_whole_and_in_input_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    copies(&dir.path().join("in"), 12);
    let bad = "[brief]\ntitel = \"Oops\"\ndate = \"2021-06-30\"\n\n[style]\naccent = \"blue\"\n";
    for name in ["in/b1.toml", "in/m5.toml", "in/z9.toml"] {
        std::fs::write(dir.path().join(name), bad).expect("write");
    }
    // What one bad brief says on its own.
    let alone = stderr(&brief(&["check", "-q", "in/m5.toml"], dir.path()));
    assert!(alone.matches("error:").count() >= 3, "{alone}");

    for command in ["build", "check"] {
        let out = brief(&[command, "in"], dir.path());
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        let blocks: Vec<usize> = ["b1", "m5", "z9"]
            .iter()
            .map(|stem| {
                let block = alone.replace("in/m5.toml", &format!("in/{stem}.toml"));
                err.find(&block).unwrap_or_else(|| panic!("{command}: {stem}'s block is not whole in:\n{err}"))
            })
            .collect();
        assert!(blocks.is_sorted(), "{command}: blocks out of input order:\n{err}");
        assert_eq!(err.matches("error:").count(), 3 * alone.matches("error:").count(), "{err}");
    }
    assert_eq!(names(&dir.path().join("in")).iter().filter(|n| n.ends_with(".pdf")).count(), 12);
    assert!(names(&dir.path().join("in")).iter().all(|n| !n.starts_with('.')), "no temporary file left");
}

#[test]
fn a_batch_keeps_the_old_pdf_of_a_bad_brief_and_leaves_no_temporary_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    copies(&dir.path().join("in"), 3);
    std::fs::write(dir.path().join("in/bad.toml"), BAD).expect("write");
    std::fs::create_dir(dir.path().join("out")).expect("mkdir");
    std::fs::write(dir.path().join("out/bad.pdf"), "the PDF of the last good version").expect("write");
    let out = brief(&["build", "in", "-o", "out"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(names(&dir.path().join("out")), ["bad.pdf", "pr-000.pdf", "pr-001.pdf", "pr-002.pdf"]);
    let kept = std::fs::read_to_string(dir.path().join("out/bad.pdf")).expect("read");
    assert_eq!(kept, "the PDF of the last good version");
}

#[test]
fn writing_into_a_file_or_an_unwritable_place_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("notes.txt"), "a file").expect("write");
    let out = brief(&["build", &example(), "-o", "notes.txt/x.pdf"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("`notes.txt` is not a directory"), "{}", stderr(&out));

    let out = brief(&["build", &example(), &example(), "-o", "notes.txt"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("output directory `notes.txt` is a file"), "{}", stderr(&out));

    // A directory no one may create files in, root included.
    let out = brief(&["build", &example(), "-o", "/proc/brief-test.pdf"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with("error: cannot write `/proc/brief-test.pdf`: "), "{}", stderr(&out));
    assert!(!Path::new("/proc/brief-test.pdf").exists());
}

#[test]
fn markdown_the_engine_does_not_set_is_a_warning_with_its_position() {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = "[brief]\ntitle = \"Raw HTML\"\ndate = 2026-12-07\n\n[[section]]\ntext = \"\"\"\nA line<br>broken, and <span style=\"color:red\">red</span>.\n\"\"\"\n";
    std::fs::write(dir.path().join("html.toml"), src).expect("written");
    let out = brief(&["build", "html.toml"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("warning: raw HTML is not set: `<span style=\"color:red\">`"), "{err}");
    assert!(!err.contains("`<br>`"), "a line break is a space: {err}");
    assert!(err.contains("--> html.toml:7:23"), "{err}");
    assert!(err.contains("it is left out of the brief"), "{err}");
    // The words are set, the tags are not.
    if crate::common::have("pdftotext") {
        let text = Command::new("pdftotext").args(["html.pdf", "-"]).current_dir(dir.path()).output().expect("runs");
        let text = String::from_utf8_lossy(&text.stdout);
        assert!(text.contains("A line broken, and red."), "{text}");
        assert!(!text.contains('<') && !text.contains("span"), "{text}");
    }
}

#[test]
fn a_missing_output_directory_is_made_with_its_parents_and_said() {
    let dir = tempfile::tempdir().expect("tempdir");
    let all: Vec<String> = crate::common::example_briefs().iter().take(2).map(|p| p.display().to_string()).collect();
    let out = brief(&["build", &all[0], &all[1], "-o", "out/2026/december"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("built 2 briefs into `out/2026/december` (created) in"), "{}", stderr(&out));
    assert_eq!(std::fs::read_dir(dir.path().join("out/2026/december")).expect("made").count(), 2);
    // One brief into a path ending in `/` is a directory too.
    let out = brief(&["build", &example(), "-o", "single/"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.path().join("single/press-release-whole.pdf").is_file());
    // A run whose every brief is invalid makes nothing.
    std::fs::write(dir.path().join("bad.toml"), BAD).expect("written");
    std::fs::write(dir.path().join("bad2.toml"), BAD).expect("written");
    let out = brief(&["build", "bad.toml", "bad2.toml", "-o", "never"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(!dir.path().join("never").exists());
}
