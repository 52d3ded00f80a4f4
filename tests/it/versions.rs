//! Language versions kept in step: the bundled versions have no
//! difference; `--deny-warnings` makes differences errors; print runs and
//! `send --for` refuse versions out of step unless `--allow-drift`; `build`
//! reports them and still builds. What each difference says, and where, is
//! pinned by the data case `tests/cases/versions`.

use crate::common::{root, run, stderr};

/// The language versions of the examples are in step: six versions of the
/// press release and two of the media advisory, no warning at all.
#[test]
fn the_bundled_versions_are_in_step() {
    let out = run(&["check", "briefs", "--deny-warnings"], &root());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).ends_with("briefs and 4 house files valid\n") && !stderr(&out).contains("warning"),
        "{}",
        stderr(&out)
    );
    // Each version checked alone compares itself with its brief.
    for name in ["press-release.ar.toml", "press-release.zh.toml", "media-advisory.fr.toml"] {
        let out = run(&["check", &format!("briefs/unoct/{name}"), "--deny-warnings"], &root());
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
    }
}

/// A copy of the case `tests/cases/versions` (with the image its sections
/// show) in a temporary folder.
fn planted() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let cases = dir.path().join("cases/versions");
    std::fs::create_dir_all(&cases).expect("mkdir");
    for entry in std::fs::read_dir(root().join("tests/cases/versions")).expect("ls") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, cases.join(path.file_name().expect("name"))).expect("copy");
    }
    std::fs::create_dir_all(dir.path().join("good")).expect("mkdir");
    std::fs::copy(root().join("tests/good/emblem.svg"), dir.path().join("good/emblem.svg")).expect("copy");
    dir
}

#[test]
fn differences_are_warnings_that_deny_warnings_makes_errors() {
    let dir = planted();
    let cases = dir.path().join("cases/versions");
    // `build` warns and builds.
    let out = run(&["build", "report.es.toml"], &cases);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("warning: section 1 has 139 where the brief has 193"), "{}", stderr(&out));
    assert!(cases.join("report.es.pdf").is_file());
    // With `--deny-warnings`, the same are errors and nothing is written.
    std::fs::remove_file(cases.join("report.es.pdf")).expect("rm");
    let out = run(&["build", "report.es.toml", "--deny-warnings"], &cases);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("error: section 1 has 139 where the brief has 193"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("warning:"), "{}", stderr(&out));
    assert!(!cases.join("report.es.pdf").exists(), "nothing written");
    let out = run(&["check", "report.fr.toml", "--deny-warnings"], &cases);
    assert_eq!(out.status.code(), Some(0), "French is in step: {}", stderr(&out));
    let out = run(&["check", "report.es.toml", "--deny-warnings"], &cases);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    // Checked together, a difference is reported once.
    let out = run(&["check", "."], &cases);
    let err = stderr(&out);
    assert_eq!(err.matches("has 139 where the brief has 193").count(), 1, "{err}");
}

#[test]
fn a_print_run_refuses_versions_out_of_step_unless_allowed() {
    let dir = planted();
    let cases = dir.path().join("cases/versions");
    std::fs::write(cases.join("list.csv"), "name,language\nMission A,fr\nMission B,es\nMission C,\n").expect("write");
    let out = run(&["build", "report.toml", "--for", "list.csv", "--print-run", "run.pdf"], &cases);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("error: section 1 has 139 where the brief has 193"), "{err}");
    assert!(err.contains("`report.es.toml` (10 differences) out of step with `report.toml`: nothing is made"), "{err}");
    assert!(err.contains("--allow-drift"), "{err}");
    assert!(!cases.join("run.pdf").exists(), "nothing written");
    // The French version alone is in step.
    std::fs::write(cases.join("fr.csv"), "name,language\nMission A,fr\n").expect("write");
    let out = run(&["check", "report.toml", "--for", "fr.csv"], &cases);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Allowed: warnings, and the run is made.
    let out = run(&["build", "report.toml", "--for", "list.csv", "--print-run", "run.pdf", "--allow-drift"], &cases);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("warning: section 1 has 139 where the brief has 193"), "{err}");
    assert!(cases.join("run.pdf").is_file());
    // `send --for` refuses them too, before connecting to anything.
    std::fs::write(cases.join("mail.csv"), "name,language,email\nMission B,es,b@missions.example.org\n")
        .expect("write");
    let out = run(&["send", "report.toml", "--for", "mail.csv", "--dry-run"], &cases);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("out of step"), "{}", stderr(&out));
}
