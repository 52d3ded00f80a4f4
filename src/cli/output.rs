//! Where PDFs go, and writing them (and `.eml` messages) atomically: a temporary file in the
//! target directory, renamed over the target only once complete, so a
//! failed build never leaves a partial file or touches an existing one.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::io_reason;

/// Where the PDFs of a build go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The output path of every input, in order.
    pub targets: Vec<PathBuf>,
    /// The output directory, when it does not exist yet: it is made (with
    /// its parents) before the first file is written into it.
    pub create: Option<PathBuf>,
}

/// Makes the directory `dir` with its parents, if it is not there yet.
pub fn make_dir(dir: &Path) -> Result<(), String> {
    if dir.is_dir() {
        return Ok(());
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("cannot create the output directory `{}`: {}", dir.display(), io_reason(&e)))
}

/// The output path of every input, or why the request makes no sense.
/// With several inputs, or any directory among the arguments (`from_dir`),
/// or a path ending in `/`, `output` is a directory, made when missing.
pub fn plan(inputs: &[PathBuf], output: Option<&Path>, from_dir: bool) -> Result<Plan, String> {
    let mut create = None;
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
                // A missing directory is made, unless its name says it was
                // meant as a PDF file.
                if !out.is_dir() && out.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")) {
                    return Err(format!(
                        "output directory `{}` does not exist\n  = hint: several briefs need an output directory, not one file; give a directory (it is made if missing)",
                        out.display()
                    ));
                }
                if !out.is_dir() {
                    create = Some(out.to_path_buf());
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
    Ok(Plan { targets, create })
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
    /// Puts the temporary file in the target's place, in one step: a
    /// reader sees the old file or the new one, never neither.
    pub fn commit(self) -> Result<(), String> {
        let path = self.path;
        let replaces_a_file = std::fs::symlink_metadata(&path).is_ok_and(|m| !m.is_dir());
        if replaces_a_file && exchange(self.tmp.path(), &path) {
            // The temporary name now holds the file replaced; removing it
            // can only fail if someone else removed it first.
            let _ = self.tmp.close();
            return Ok(());
        }
        self.tmp.persist(&path).map_err(|e| format!("cannot write `{}`: {}", path.display(), io_reason(&e.error)))?;
        Ok(())
    }
}

/// Swaps the temporary file with an existing target (Linux's
/// `renameat2` with `RENAME_EXCHANGE`); `false` when there is no target
/// yet or the file system cannot swap, and renaming over it is left.
///
/// Why not rename over the target: on ext4, the usual Linux file system,
/// renaming a file over another makes the kernel write the new file's
/// blocks to disk at once, inside the call (`auto_da_alloc`, a guard for
/// programs that replace files without `fsync`): 0.14 to 0.2 ms for a
/// brief's PDF, a twentieth of a build, against 13 µs to swap and remove
/// the old file. The kernel then writes the file with the rest of its
/// cache; a build output can be made again from its brief.
#[cfg(target_os = "linux")]
fn exchange(tmp: &Path, target: &Path) -> bool {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, tmp, CWD, target, RenameFlags::EXCHANGE).is_ok()
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
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

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_new_file_is_written_and_nothing_else_is_left() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.pdf");
        write_atomic(&path, b"first").expect("written");
        assert_eq!(std::fs::read(&path).expect("read"), b"first");
        assert_eq!(names(dir.path()), ["a.pdf"]);
    }

    #[test]
    fn an_existing_file_is_replaced_keeping_its_mode_and_nothing_else_is_left() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.pdf");
        std::fs::write(&path, b"old").expect("write");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        }
        // Another name for the old file keeps the old content: the name
        // is replaced, not the file written through.
        std::fs::hard_link(&path, dir.path().join("old.pdf")).expect("link");
        write_atomic(&path, b"new").expect("written");
        assert_eq!(std::fs::read(&path).expect("read"), b"new");
        assert_eq!(std::fs::read(dir.path().join("old.pdf")).expect("read"), b"old");
        assert_eq!(names(dir.path()), ["a.pdf", "old.pdf"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o640);
        }
    }

    #[test]
    fn a_directory_in_the_way_is_an_error_and_stays() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.pdf");
        std::fs::create_dir(&path).expect("mkdir");
        let err = write_atomic(&path, b"new").expect_err("refused");
        assert!(err.contains("is a directory"), "{err}");
        assert!(path.is_dir());
        assert_eq!(names(dir.path()), ["a.pdf"]);
    }
}
