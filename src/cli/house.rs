//! Finding and reading house files.
//!
//! A brief's house file is the `house.toml` in the brief's own folder or
//! the nearest folder above it, as rustfmt and EditorConfig find theirs;
//! the search stops after a repository's root (a folder holding `.git`)
//! or the home folder, so a stray file higher up is never taken. A brief
//! may name another file with `house = "…"` (relative to the brief).
//!
//! A run reads each house file once: briefs that share one share what was
//! read ([`cached`]); `watch` forgets it before every rebuild.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use crate::model::{self, House, SourceFile};

use super::inputs::{ReadError, read_limited};
use super::{Files, MAX_BRIEF, io_reason};

/// A house file as read: the file, or why it cannot be read.
type Read = Result<Arc<House>, String>;

/// Every house file read in this run, by its full path.
static READ: Mutex<Option<HashMap<PathBuf, Read>>> = Mutex::new(None);

/// The house file found for a brief's folder, if any, or why it cannot be
/// read.
type Found = Result<Option<Arc<House>>, String>;

/// The house file found for each folder of a brief in this run.
static FOUND: Mutex<Option<HashMap<PathBuf, Found>>> = Mutex::new(None);

/// The house file for a brief in `dir` with nothing named: the nearest
/// `house.toml` at or above `dir`, if any.
pub fn find(dir: &Path) -> Option<PathBuf> {
    let start = std::fs::canonicalize(if dir.as_os_str().is_empty() { Path::new(".") } else { dir }).ok()?;
    let home = std::env::var_os("HOME").map(PathBuf::from);
    for folder in start.ancestors() {
        let candidate = folder.join(model::house::FILE_NAME);
        if candidate.is_file() {
            return Some(shown(&candidate));
        }
        if folder.join(".git").exists() || home.as_deref() == Some(folder) {
            break;
        }
    }
    None
}

/// `path` as the user would type it: relative to the working folder when
/// it is inside it.
fn shown(path: &Path) -> PathBuf {
    let here = std::env::current_dir().ok().and_then(|d| std::fs::canonicalize(d).ok());
    match here.as_deref().and_then(|here| path.strip_prefix(here).ok()) {
        Some(inside) => inside.to_path_buf(),
        None => path.to_path_buf(),
    }
}

/// The house file at `path`, read once per run.
pub fn cached(path: &Path) -> Result<Arc<House>, String> {
    let key = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let mut read = READ.lock().unwrap_or_else(PoisonError::into_inner);
    let read = read.get_or_insert_with(HashMap::new);
    read.entry(key).or_insert_with(|| load(path)).clone()
}

/// Forgets every house file read and found, so that the next build reads
/// them again.
pub fn forget() {
    *READ.lock().unwrap_or_else(PoisonError::into_inner) = None;
    *FOUND.lock().unwrap_or_else(PoisonError::into_inner) = None;
}

/// Reads the house file at `path`.
pub fn load(path: &Path) -> Result<Arc<House>, String> {
    let name = path.display();
    // A pipe or a device would wait or never end.
    match std::fs::metadata(path) {
        Ok(m) if !m.is_file() => return Err(format!("cannot read house file `{name}`: not a file")),
        Err(e) => return Err(format!("cannot read house file `{name}`: {}", io_reason(&e))),
        Ok(_) => {}
    }
    let bytes = read_limited(path, MAX_BRIEF).map_err(|e| match e {
        ReadError::Io(e) => format!("cannot read house file `{name}`: {}", io_reason(&e)),
        ReadError::TooLarge => format!("cannot read house file `{name}`: file is larger than {} MiB", MAX_BRIEF >> 20),
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        format!("house file `{name}` is not UTF-8 text (a bad byte at offset {at})")
    })?;
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    // One name however the file was reached (`./house.toml`, `a/../house.toml`).
    let name = std::fs::canonicalize(path).map_or_else(|_| name.to_string(), |full| shown(&full).display().to_string());
    Ok(Arc::new(House::new(Arc::new(SourceFile { name, text, house: true }), Box::new(Files { dir }))))
}

/// The house file of a brief in `dir`: the one `named` (relative to
/// `dir`), or the one found.
pub fn of_brief(dir: &Path, named: Option<&str>) -> Found {
    match named {
        Some(path) => {
            let path = dir.join(path);
            if !path.exists() {
                return Err(format!("cannot read house file `{}`: no such file", path.display()));
            }
            cached(&path).map(Some)
        }
        None => {
            if let Some(found) = FOUND.lock().unwrap_or_else(PoisonError::into_inner).as_ref().and_then(|f| f.get(dir))
            {
                return found.clone();
            }
            let found = find(dir).map(|path| cached(&path)).transpose();
            FOUND
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .get_or_insert_with(HashMap::new)
                .insert(dir.to_path_buf(), found.clone());
            found
        }
    }
}

/// Whether `path` is a house file by its name (a directory's walk skips
/// them; `brief check` checks them as house files).
pub fn is_house(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == model::house::FILE_NAME)
}
