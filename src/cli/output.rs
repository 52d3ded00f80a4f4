//! Where PDFs go, and writing them (and `.eml` messages) atomically: a temporary file in the
//! target directory, renamed over the target only once complete, so a
//! failed build never leaves a partial file or touches an existing one.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::io_reason;

/// The output path of every input, or why the request makes no sense.
/// With several inputs, or any directory among the arguments (`from_dir`),
/// `output` must be an existing directory.
pub fn plan(inputs: &[PathBuf], output: Option<&Path>, from_dir: bool) -> Result<Vec<PathBuf>, String> {
    let stem_pdf = |input: &Path| -> PathBuf {
        let stem = input.file_stem().map(|s| s.to_os_string()).unwrap_or_else(|| "brief".into());
        let mut name = stem;
        name.push(".pdf");
        PathBuf::from(name)
    };
    let targets: Vec<PathBuf> = match output {
        None => inputs.iter().map(|i| i.with_extension("pdf")).collect(),
        Some(out) => {
            let as_dir = inputs.len() > 1
                || from_dir
                || out.is_dir()
                || out.as_os_str().to_string_lossy().ends_with(['/', '\\']);
            if as_dir {
                if out.exists() && !out.is_dir() {
                    return Err(format!(
                        "output directory `{}` is a file\n  = hint: give a directory for several briefs, or one brief to write a single file",
                        out.display()
                    ));
                }
                if !out.is_dir() {
                    return Err(format!(
                        "output directory `{}` does not exist\n  = hint: create it first (mkdir -p {}), or give one brief to write a single file",
                        out.display(),
                        out.display()
                    ));
                }
                inputs.iter().map(|i| out.join(stem_pdf(i))).collect()
            } else {
                vec![out.to_path_buf()]
            }
        }
    };
    for (input, target) in inputs.iter().zip(&targets) {
        if input == target || target.extension().is_some_and(|e| e == "toml") {
            return Err(format!(
                "refusing to write the PDF of `{}` over `{}`\n  = hint: give an output path ending in `.pdf`",
                input.display(),
                target.display()
            ));
        }
    }
    let mut seen = std::collections::HashMap::new();
    for (input, target) in inputs.iter().zip(&targets) {
        if let Some(first) = seen.insert(target, input) {
            return Err(format!(
                "`{}` and `{}` would both be written to `{}`\n  = hint: rename one of them, or build them into different directories",
                first.display(),
                input.display(),
                target.display()
            ));
        }
    }
    Ok(targets)
}

/// Writes `bytes` to `path` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    stage(path, bytes)?.commit()
}

/// Writes several files, all or none as far as the file system allows:
/// every file is first written in full to a temporary file beside its
/// target, and only when all are written are they renamed into place. A
/// failure before that leaves every target untouched.
pub fn write_all_atomic(files: &[(PathBuf, Vec<u8>)]) -> Result<(), String> {
    let staged = files.iter().map(|(path, bytes)| stage(path, bytes)).collect::<Result<Vec<_>, _>>()?;
    staged.into_iter().try_for_each(Staged::commit)
}

/// A file written in full to a temporary file, waiting to be renamed over
/// its target. Dropped uncommitted, the temporary file is removed.
pub struct Staged {
    tmp: tempfile::NamedTempFile,
    path: PathBuf,
}

impl Staged {
    /// Renames the temporary file over the target.
    pub fn commit(self) -> Result<(), String> {
        let path = self.path;
        self.tmp.persist(&path).map_err(|e| format!("cannot write `{}`: {}", path.display(), io_reason(&e.error)))?;
        Ok(())
    }
}

/// Writes `bytes` to a temporary file beside `path`.
fn stage(path: &Path, bytes: &[u8]) -> Result<Staged, String> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let fail = |e: &std::io::Error| format!("cannot write `{}`: {}", path.display(), io_reason(e));
    if dir.exists() && !dir.is_dir() {
        return Err(format!("cannot write `{}`: `{}` is not a directory", path.display(), dir.display()));
    }
    if !dir.is_dir() {
        return Err(format!("cannot write `{}`: directory `{}` does not exist", path.display(), dir.display()));
    }
    if path.is_dir() {
        return Err(format!("cannot write `{}`: is a directory", path.display()));
    }
    let suffix = format!(".{}.tmp", path.extension().and_then(|e| e.to_str()).unwrap_or("out"));
    let mut tmp = tempfile::Builder::new().prefix(".brief-").suffix(&suffix).tempfile_in(&dir).map_err(|e| fail(&e))?;
    // No fsync: the rename makes the write atomic for readers and against
    // this process failing, which is what a build promises; flushing to the
    // disk is left to the system, as compilers and typesetters do (a
    // thousand fsyncs would cost a batch seconds).
    tmp.write_all(bytes).map_err(|e| fail(&e))?;
    // A temporary file is private (0600); the file keeps the mode of the
    // file it replaces, or is readable by all like any new document.
    let mode = std::fs::metadata(path).map(|m| m.permissions()).ok();
    #[cfg(unix)]
    let mode = mode.or_else(|| {
        use std::os::unix::fs::PermissionsExt;
        Some(std::fs::Permissions::from_mode(0o644))
    });
    if let Some(mode) = mode {
        std::fs::set_permissions(tmp.path(), mode).map_err(|e| fail(&e))?;
    }
    Ok(Staged { tmp, path: path.to_path_buf() })
}
