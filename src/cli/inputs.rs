//! The briefs named on the command line: a file is taken as given, a
//! directory stands for every `*.toml` file below it, found recursively and
//! sorted by path, skipping hidden entries and `target/` directories. A
//! house file (`house.toml`) found in a directory is never taken for a
//! brief: it is listed apart, for `brief check` to check once.

use std::path::{Path, PathBuf};

use super::io_reason;

/// The briefs to work on, in order.
#[derive(Debug, Default)]
pub struct Inputs {
    /// Every brief file: those given, then those found, in argument order.
    pub files: Vec<PathBuf>,
    /// Whether any argument was a directory (then `-o` names a directory).
    pub any_dir: bool,
    /// The house files found in the directories, in order.
    pub houses: Vec<PathBuf>,
}

/// Expands the arguments into brief files, or says why it cannot.
pub fn expand(paths: &[PathBuf]) -> Result<Inputs, String> {
    let mut inputs = Inputs::default();
    for path in paths {
        if !path.is_dir() {
            // Missing and unreadable files are reported when they are read.
            inputs.files.push(path.clone());
            continue;
        }
        inputs.any_dir = true;
        let mut found = Vec::new();
        walk(path, &mut found)?;
        let (mut houses, mut found): (Vec<PathBuf>, Vec<PathBuf>) =
            found.into_iter().partition(|p| super::house::is_house(p));
        houses.sort();
        inputs.houses.extend(houses);
        if found.is_empty() {
            return Err(format!(
                "no briefs in `{}`\n  = hint: a directory is searched for `*.toml` files, skipping hidden ones and `target/`",
                path.display()
            ));
        }
        found.sort();
        inputs.files.extend(found);
    }
    Ok(inputs)
}

/// Adds every brief below `dir` to `found`. Symbolic links to directories
/// are not followed, so a link cycle cannot make the walk endless.
fn walk(dir: &Path, found: &mut Vec<PathBuf>) -> Result<(), String> {
    let fail = |e: std::io::Error| format!("cannot read directory `{}`: {}", dir.display(), io_reason(&e));
    for entry in std::fs::read_dir(dir).map_err(fail)? {
        let entry = entry.map_err(fail)?;
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        if entry.file_type().map_err(fail)?.is_dir() {
            if name != "target" {
                walk(&path, found)?;
            }
        } else if path.extension().is_some_and(|e| e == "toml") {
            found.push(path);
        }
    }
    Ok(())
}
