//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};

use brief::model::{self, Resources};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `brief` with `args` in `dir`, without colour.
pub fn run(args: &[&str], dir: &Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("binary runs")
}

/// What a run printed on standard error.
pub fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every example brief below `briefs/` (one folder per office), sorted;
/// not the offices' house files.
pub fn example_briefs() -> Vec<PathBuf> {
    let mut v = Vec::new();
    for office in std::fs::read_dir(root().join("briefs")).expect("briefs/ exists") {
        let office = office.expect("dir entry").path();
        if !office.is_dir() {
            continue;
        }
        v.extend(
            std::fs::read_dir(&office)
                .expect("an office's folder")
                .map(|e| e.expect("dir entry").path())
                .filter(|p| p.extension().is_some_and(|e| e == "toml") && !p.ends_with("house.toml")),
        );
    }
    v.sort();
    assert!(v.len() >= 3, "at least three example briefs");
    v
}

/// The example press release written whole, without its office's house
/// file (the same brief): for tests that copy it where no house is.
pub fn whole_press_release() -> PathBuf {
    root().join("tests/good/press-release-whole.toml")
}

/// Reads files relative to a directory, and the house file above it, as
/// the CLI does.
pub struct Dir(pub PathBuf);

impl Resources for Dir {
    fn load(&self, path: &str) -> Result<Vec<u8>, String> {
        brief::cli::Files::in_dir(&self.0).load(path)
    }

    fn house(&self, named: Option<&str>) -> Result<Option<std::sync::Arc<model::House>>, String> {
        brief::cli::Files::in_dir(&self.0).house(named)
    }
}

/// Parses a brief file, panicking with the rendered diagnostics if invalid.
pub fn parse_file(path: &Path) -> model::Brief {
    let source = std::fs::read(path).expect("brief readable");
    parse_source(&source, path.parent().expect("has a parent"), &path.display().to_string())
}

/// Parses brief source whose resources live in `dir`.
pub fn parse_source(source: &[u8], dir: &Path, name: &str) -> model::Brief {
    match model::parse(source, &Dir(dir.to_path_buf())) {
        Ok(p) => p.brief,
        Err(d) => panic!("{}", model::render(name, source, &d)),
    }
}

/// Whether an external tool is installed. Under CI it must be: `.ci/run`
/// installs it, and a missing tool fails the test rather than skipping it.
pub fn have(tool: &str) -> bool {
    let found = std::process::Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !found && std::env::var_os("CI").is_some() {
        panic!("`{tool}` is not installed; .ci/run installs it");
    }
    found
}
