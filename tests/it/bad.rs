//! Bad briefs: each `tests/bad/NAME.toml` must fail to parse, and the
//! rendered diagnostics must equal `tests/bad/NAME.err` exactly. Run with
//! `BLESS=1` to rewrite the `.err` files from the current output.
//!
//! Files a brief names (logos) are read relative to `tests/bad/`.

use std::path::{Path, PathBuf};

use brief::model::{self, Resources, Severity};

/// Reads files relative to a folder, as the CLI does relative to the brief.
struct Folder(PathBuf);

impl Resources for Folder {
    fn load(&self, path: &str) -> Result<Vec<u8>, String> {
        std::fs::read(self.0.join(path)).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => "file not found".to_string(),
            _ => e.to_string().to_lowercase(),
        })
    }
}

fn bad_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad")
}

/// Checks one bad brief; returns a description of what is wrong, if anything.
fn check(name: &str, bless: bool) -> Option<String> {
    let dir = bad_dir();
    let toml = dir.join(format!("{name}.toml"));
    let err = dir.join(format!("{name}.err"));
    let source = match std::fs::read(&toml) {
        Ok(s) => s,
        Err(e) => return Some(format!("{name}: cannot read: {e}")),
    };
    let resources = Folder(dir.clone());
    let result = std::panic::catch_unwind(|| model::parse(&source, &resources));
    let diags = match result {
        Err(_) => return Some(format!("{name}: parse panicked")),
        Ok(Ok(_)) => return Some(format!("{name}: parsed without errors")),
        Ok(Err(diags)) => diags,
    };
    if !diags.iter().any(|d| d.severity == Severity::Error && d.span.is_some()) {
        return Some(format!("{name}: no error with a span"));
    }
    let rendered = match std::panic::catch_unwind(|| model::render(&format!("tests/bad/{name}.toml"), &source, &diags))
    {
        Ok(r) => r,
        Err(_) => return Some(format!("{name}: render panicked")),
    };
    if bless {
        if let Err(e) = std::fs::write(&err, &rendered) {
            return Some(format!("{name}: cannot write .err: {e}"));
        }
        return None;
    }
    let expected = std::fs::read_to_string(&err).unwrap_or_default();
    (expected != rendered)
        .then(|| format!("{name}: output differs (BLESS=1 to update)\n--- expected\n{expected}\n--- got\n{rendered}"))
}

#[test]
fn bad_briefs_report_expected_diagnostics() {
    let bless = std::env::var_os("BLESS").is_some_and(|v| v != "0");
    let mut names: Vec<String> = std::fs::read_dir(bad_dir())
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter_map(|e| {
                    let path = e.path();
                    (path.extension()? == "toml").then(|| path.file_stem()?.to_str().map(str::to_string))?
                })
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    assert!(names.len() >= 20, "expected at least 20 bad briefs, found {}", names.len());
    let failures: Vec<String> = names.iter().filter_map(|n| check(n, bless)).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_bad_brief_has_an_expected_output() {
    let dir = bad_dir();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        panic!("cannot list tests/bad");
    };
    for entry in entries.filter_map(|e| e.ok()) {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "toml") {
            assert!(
                path.with_extension("err").exists() || std::env::var_os("BLESS").is_some(),
                "{} has no .err file",
                path.display()
            );
        }
    }
}
