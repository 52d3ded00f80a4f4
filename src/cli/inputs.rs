//! The briefs named on the command line: a file is taken as given, a
//! directory stands for every `*.toml` file below it, found recursively and
//! sorted by path, skipping hidden entries and `target/` directories. A
//! house file (`house.toml`) found in a directory is never taken for a
//! brief: it is listed apart, for `brief check` to check once. A walk
//! takes only regular files (a named pipe called `x.toml` would wait for a
//! writer for ever); a pipe or a device named on the command line is read.
//!
//! Every file the tool reads is read through [`read_limited`], which stops
//! one byte past its limit: the size a file reports is 0 for a pipe
//! (`/dev/stdin`, a FIFO) or a device (`/dev/zero`), so only the read
//! itself can be bounded.

use std::io::Read;
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
        } else if path.extension().is_some_and(|e| e == "toml") && is_regular(&entry) {
            found.push(path);
        }
    }
    Ok(())
}

/// Whether a directory's entry is a regular file, or a link to one.
fn is_regular(entry: &std::fs::DirEntry) -> bool {
    match entry.file_type() {
        Ok(t) if t.is_symlink() => std::fs::metadata(entry.path()).is_ok_and(|m| m.is_file()),
        Ok(t) => t.is_file(),
        Err(_) => false,
    }
}

/// Why [`read_limited`] read nothing.
#[derive(Debug)]
pub enum ReadError {
    /// The file could not be opened or read.
    Io(std::io::Error),
    /// The file is larger than the limit.
    TooLarge,
}

/// Reads the file at `path`, of at most `limit` bytes: a regular file
/// larger than that is refused before reading, and any other (a pipe, a
/// device) is read up to one byte past the limit, so an endless one
/// (`/dev/zero`, a writer that never stops) is refused as soon as it has
/// given that much. A directory is an error.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if meta.is_dir() {
        return Err(ReadError::Io(std::io::ErrorKind::IsADirectory.into()));
    }
    if meta.is_file() && meta.len() > limit {
        return Err(ReadError::TooLarge);
    }
    // The size a regular file reports, and one byte to see its end.
    let expected = if meta.is_file() { meta.len() } else { 0 };
    let mut bytes = Vec::with_capacity(usize::try_from(expected.min(limit) + 1).unwrap_or(0));
    file.take(limit + 1).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge);
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_stops_one_byte_past_its_limit() {
        #[cfg(unix)]
        {
            // Endless: refused after 1025 bytes, not read until memory runs out.
            assert!(matches!(read_limited(Path::new("/dev/zero"), 1024), Err(ReadError::TooLarge)));
            assert!(matches!(read_limited(Path::new("/dev/null"), 1024), Ok(b) if b.is_empty()));
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.toml");
        std::fs::write(&path, [b'x'; 100]).expect("write");
        assert_eq!(read_limited(&path, 100).expect("at the limit").len(), 100);
        assert!(matches!(read_limited(&path, 99), Err(ReadError::TooLarge)));
        let Err(ReadError::Io(e)) = read_limited(dir.path(), 100) else { panic!("a directory is read") };
        assert_eq!(e.kind(), std::io::ErrorKind::IsADirectory);
    }
}
