//! Where outputs go, and writing them as a compiler does: a failed or
//! killed run leaves no partial file and never changes an existing one.
//!
//! - A regular file (or a path where there is none yet) is written in full
//!   to a temporary file beside it, then put in its place in one step
//!   (swapped with the old file, which is then removed), so that a reader
//!   sees the old file or the new one, never a part. On Linux the
//!   temporary file has no name until it is complete (`O_TMPFILE`, then
//!   `linkat`): a process killed while writing leaves nothing. Elsewhere,
//!   or on a file system without `O_TMPFILE`, it is named
//!   `.brief-PID-XXXXXX.EXT.tmp` from the start, and the first write into a
//!   folder in a later run removes such leftovers ([`sweep`]).
//! - The outputs of one build (the PDF, its `.eml`, its `.ics`), and the
//!   copies of a print run, are written all or none ([`write_all_atomic`]):
//!   every temporary file first, then each put in place; if putting one in
//!   place fails, those already put are put back.
//! - Standard output (`-o -`), a device (`/dev/stdout`, `/dev/null`) or a
//!   named pipe receives the bytes themselves, once everything else is in
//!   place: renaming is only for regular files.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use tempfile::TempPath;

use super::fault::{self, Point};
use super::io_reason;

/// `-o -`: the PDF on standard output.
pub const STDOUT: &str = "-";

/// Whether `path` is `-`, standard output.
pub fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == STDOUT
}

/// How a path is shown in messages: `-` as "standard output".
pub fn shown(path: &Path) -> String {
    if is_stdout(path) { "standard output".to_string() } else { format!("`{}`", path.display()) }
}

/// Where the PDFs of a build go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The output path of every input, in order.
    pub targets: Vec<PathBuf>,
    /// The output directory, or the folder of the output file, when it does
    /// not exist yet: it is made (with its parents) before the first file
    /// is written into it.
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
/// or a path ending in `/`, `output` is a directory, made when missing;
/// otherwise it is one file, whose missing folder is made. `-` is standard
/// output, for one brief.
pub fn plan(inputs: &[PathBuf], output: Option<&Path>, from_dir: bool) -> Result<Plan, String> {
    let mut create = None;
    let stem_pdf = |input: &Path| -> PathBuf {
        let stem = input.file_stem().map(|s| s.to_os_string()).unwrap_or_else(|| "brief".into());
        let mut name = stem;
        name.push(".pdf");
        PathBuf::from(name)
    };
    let targets: Vec<PathBuf> = match output {
        None => {
            // `/dev/stdin` has no folder to write beside.
            if let Some(input) = inputs.iter().find(|i| descriptor(i).is_some()) {
                return Err(format!(
                    "`{}` is not a file in a folder, so its PDF has nowhere to go beside it\n  = hint: give `-o FILE.pdf`, or `-o -` for standard output",
                    input.display()
                ));
            }
            inputs.iter().map(|i| i.with_extension("pdf")).collect()
        }
        Some(out) if is_stdout(out) => {
            if inputs.len() > 1 || from_dir {
                return Err(format!(
                    "`-o -` writes one PDF to standard output, but {} given\n  = hint: build one brief file to standard output, or give `-o DIR` for several",
                    if from_dir { "a directory is".to_string() } else { format!("{} briefs are", inputs.len()) }
                ));
            }
            vec![out.to_path_buf()]
        }
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
                create = missing_folder(out);
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

/// The folder of the output file `path`, when it does not exist yet.
pub fn missing_folder(path: &Path) -> Option<PathBuf> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty())?;
    (!is_stdout(path) && std::fs::symlink_metadata(dir).is_err()).then(|| dir.to_path_buf())
}

/// Whether `path` is written as a stream: standard output, a device or a
/// named pipe (or a socket, which fails to open), or a file reached
/// through a process's descriptor (`/dev/stdout` when the shell sends
/// standard output to a file). Such an output receives the bytes
/// themselves; every other is replaced whole.
pub fn is_stream(path: &Path) -> bool {
    if is_stdout(path) {
        return true;
    }
    let Ok(meta) = std::fs::symlink_metadata(path) else { return false };
    let meta = if meta.file_type().is_symlink() {
        if descriptor(path).is_some() {
            return true;
        }
        match std::fs::metadata(path) {
            Ok(meta) => meta,
            Err(_) => return false,
        }
    } else {
        meta
    };
    !meta.is_file() && !meta.is_dir()
}

/// Whether `path` names standard output: `-`, or this process's
/// descriptor 1 (`/dev/stdout`, `/dev/fd/1`).
pub fn is_own_stdout(path: &Path) -> bool {
    is_stdout(path) || descriptor(path) == Some((std::process::id(), 1))
}

/// The process and descriptor number that `path` leads to through
/// `/proc/PID/fd` (`/dev/stdin`, `/dev/stdout`, `/dev/fd/N` and
/// `/proc/self/fd/N` on Linux), if it does. Only a symbolic link can.
fn descriptor(path: &Path) -> Option<(u32, u32)> {
    if !std::fs::symlink_metadata(path).ok()?.file_type().is_symlink() {
        return None;
    }
    let mut path = path.to_path_buf();
    for _ in 0..40 {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let dir = std::fs::canonicalize(dir).ok()?;
        let parts: Vec<&std::ffi::OsStr> = dir.iter().collect();
        let fd_dir = match parts.as_slice() {
            [_, proc, pid, fd] | [_, proc, pid, _, _, fd] if *proc == "proc" && *fd == "fd" => pid.to_str(),
            _ => None,
        };
        if let Some(pid) = fd_dir {
            return Some((pid.parse().ok()?, path.file_name()?.to_str()?.parse().ok()?));
        }
        path = dir.join(std::fs::read_link(&path).ok()?);
    }
    None
}

/// Writes `bytes` to `path` atomically (see the module's documentation).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    write_all_atomic(&[(path, bytes)])
}

/// Writes several files, all or none: every file is first written in full
/// to a temporary file beside its target, and only when all are written
/// are they put in place, streams last; if putting one in place fails,
/// those already put are put back. A failure leaves every target as it
/// was.
pub fn write_all_atomic<P: AsRef<Path>, B: AsRef<[u8]>>(files: &[(P, B)]) -> Result<(), String> {
    let mut staged =
        files.iter().map(|(path, bytes)| stage(path.as_ref(), bytes.as_ref())).collect::<Result<Vec<_>, _>>()?;
    // Streams cannot be taken back: they are written once the files are
    // in place.
    staged.sort_by_key(|s| matches!(s.how, How::Stream(_)));
    let mut placed = Vec::with_capacity(staged.len());
    for one in staged {
        match one.place() {
            Ok(undo) => placed.push(undo),
            Err(msg) => {
                for undo in placed.into_iter().rev() {
                    undo.undo();
                }
                return Err(msg);
            }
        }
    }
    // Dropping the undo records removes the old files.
    Ok(())
}

/// Files staged in this run, to number them for the fault points.
static STAGED: AtomicUsize = AtomicUsize::new(0);

/// Files put in place in this run, likewise.
static PLACED: AtomicUsize = AtomicUsize::new(0);

/// An output written in full, waiting to be put in place.
struct Staged<'a> {
    path: PathBuf,
    how: How<'a>,
}

enum How<'a> {
    /// A complete temporary file beside the target, removed if dropped.
    File(TempPath),
    /// The bytes for a stream, written when put in place.
    Stream(&'a [u8]),
}

/// How to take back an output put in place.
enum Undo {
    /// A new file: removed.
    Remove(PathBuf),
    /// The old file, under the temporary name (swapped there, or linked
    /// there before the new one was renamed over it): renamed back.
    /// Dropped, it is removed.
    Replaced(PathBuf, TempPath),
    /// Nothing can be done (a stream written, an old file not kept).
    Nothing,
}

impl Undo {
    fn undo(self) {
        match self {
            Undo::Remove(path) => {
                let _ = std::fs::remove_file(path);
            }
            Undo::Replaced(path, old) => {
                let _ = old.persist(path);
            }
            Undo::Nothing => {}
        }
    }
}

impl Staged<'_> {
    /// Puts the output in place: a reader sees the old file or the new
    /// one, never neither.
    fn place(self) -> Result<Undo, String> {
        let Staged { path, how } = self;
        let n = PLACED.fetch_add(1, Ordering::Relaxed) + 1;
        let fail = |e: &std::io::Error| format!("cannot write {}: {}", shown(&path), write_reason(e));
        if fault::at(Point::FailPlace, n) {
            return Err(fail(&fault::no_space()));
        }
        let tmp = match how {
            How::Stream(bytes) => return write_stream(&path, bytes).map(|()| Undo::Nothing).map_err(|e| fail(&e)),
            How::File(tmp) => tmp,
        };
        let replaces_a_file = std::fs::symlink_metadata(&path).is_ok_and(|m| !m.is_dir());
        if !replaces_a_file {
            tmp.persist(&path).map_err(|e| fail(&e.error))?;
            return Ok(Undo::Remove(path));
        }
        if exchange(&tmp, &path) {
            return Ok(Undo::Replaced(path, tmp));
        }
        // No swapping here: the old file is kept under a name of its own
        // while the new one is renamed over it, to be put back if needed.
        let dir = folder(&path);
        let old = with_temp_name(&path, |b| b.make_in(dir, |aside| std::fs::hard_link(&path, aside))).ok();
        tmp.persist(&path).map_err(|e| fail(&e.error))?;
        Ok(old.map_or(Undo::Nothing, |old| Undo::Replaced(path, old.into_temp_path())))
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

/// Writes `bytes` into a stream: standard output or standard error (by
/// their own handles, so that a file the shell opened for them is written
/// where it stands), or what `path` opens (a device; a named pipe, which
/// waits for its reader). A reader that stops reading early (`| head`)
/// made its choice: that is no failure.
fn write_stream(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    fn all(mut to: impl Write, bytes: &[u8]) -> std::io::Result<()> {
        to.write_all(bytes).and_then(|()| to.flush())
    }
    let own = descriptor(path).filter(|&(pid, _)| pid == std::process::id()).map(|(_, n)| n);
    let written = match own {
        _ if is_stdout(path) => all(std::io::stdout().lock(), bytes),
        Some(1) => all(std::io::stdout().lock(), bytes),
        Some(2) => all(std::io::stderr().lock(), bytes),
        _ => std::fs::OpenOptions::new().write(true).open(path).and_then(|f| all(f, bytes)),
    };
    match written {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// The folder of `path`, `.` for a bare name.
fn folder(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Makes a temporary file beside `path`, named `.brief-PID-XXXXXX.EXT.tmp`,
/// with `make`.
fn with_temp_name<R>(path: &Path, make: impl FnOnce(&tempfile::Builder<'_, '_>) -> R) -> R {
    let ext = path.extension().and_then(|e| e.to_str()).filter(|e| e.bytes().all(|b| b.is_ascii_alphanumeric()));
    let prefix = format!(".brief-{}-", std::process::id());
    let suffix = format!(".{}.tmp", ext.unwrap_or("out"));
    make(tempfile::Builder::new().prefix(&prefix).suffix(&suffix).rand_bytes(6))
}

/// Writes `bytes` to a complete temporary file beside `path`, or keeps
/// them for a stream.
fn stage<'a>(path: &Path, bytes: &'a [u8]) -> Result<Staged<'a>, String> {
    if is_stream(path) {
        return Ok(Staged { path: path.to_path_buf(), how: How::Stream(bytes) });
    }
    let dir = folder(path);
    let fail = |e: &std::io::Error| format!("cannot write `{}`: {}", path.display(), write_reason(e));
    if dir.exists() && !dir.is_dir() {
        return Err(format!("cannot write `{}`: `{}` is not a directory", path.display(), dir.display()));
    }
    if !dir.is_dir() {
        return Err(format!("cannot write `{}`: directory `{}` does not exist", path.display(), dir.display()));
    }
    if path.is_dir() {
        return Err(format!("cannot write `{}`: is a directory", path.display()));
    }
    sweep(dir);
    let n = STAGED.fetch_add(1, Ordering::Relaxed) + 1;
    // A temporary file is private (0600); the file keeps the mode of the
    // file it replaces, or is readable by all like any new document.
    let mode = std::fs::metadata(path).map(|m| m.permissions()).ok();
    #[cfg(unix)]
    let mode = mode.or_else(|| {
        use std::os::unix::fs::PermissionsExt;
        Some(std::fs::Permissions::from_mode(0o644))
    });
    // No fsync: putting the file in place makes the write atomic for
    // readers and against this process failing, which is what a build
    // promises; flushing to the disk is left to the system, as compilers
    // and typesetters do (a thousand fsyncs would cost a batch seconds).
    #[cfg(target_os = "linux")]
    if !fault::at(Point::NoTmpfile, n)
        && let Some(tmp) = unnamed(dir, path, bytes, mode.as_ref(), n).map_err(|e| fail(&e))?
    {
        return Ok(Staged { path: path.to_path_buf(), how: How::File(tmp) });
    }
    let tmp = named(dir, path, bytes, mode.as_ref(), n).map_err(|e| fail(&e))?;
    Ok(Staged { path: path.to_path_buf(), how: How::File(tmp) })
}

/// Writes `bytes` to a file without a name in `dir` (`O_TMPFILE`), and
/// names it beside `path` once complete; `None` where the file system
/// cannot, and a named temporary file is left to [`named`].
#[cfg(target_os = "linux")]
fn unnamed(
    dir: &Path,
    path: &Path,
    bytes: &[u8],
    mode: Option<&std::fs::Permissions>,
    n: usize,
) -> std::io::Result<Option<TempPath>> {
    use std::os::fd::AsRawFd;
    use std::os::unix::fs::PermissionsExt;

    use rustix::fs::{AtFlags, CWD, Mode, OFlags, fchmod, linkat, openat};

    let flags = OFlags::TMPFILE | OFlags::WRONLY | OFlags::CLOEXEC;
    // Without `O_TMPFILE` here, or without the right to write (which the
    // named file then reports), the named file is made instead.
    let Ok(fd) = openat(CWD, dir, flags, Mode::from_raw_mode(0o600)) else { return Ok(None) };
    let mut file = std::fs::File::from(fd);
    write_bytes(&mut file, bytes, n)?;
    if let Some(mode) = mode {
        fchmod(&file, Mode::from_raw_mode(mode.mode() & 0o7777))?;
    }
    // Complete: named through `/proc`, or by the descriptor itself where
    // that is allowed.
    let by_proc = format!("/proc/self/fd/{}", file.as_raw_fd());
    let linked = with_temp_name(path, |b| {
        b.make_in(dir, |name| {
            linkat(CWD, by_proc.as_str(), CWD, name, AtFlags::SYMLINK_FOLLOW)
                .or_else(|_| linkat(&file, "", CWD, name, AtFlags::EMPTY_PATH))
                .map_err(std::io::Error::from)
        })
    });
    Ok(linked.ok().map(tempfile::NamedTempFile::into_temp_path))
}

/// Writes `bytes` to a temporary file named beside `path` from the start.
fn named(
    dir: &Path,
    path: &Path,
    bytes: &[u8],
    mode: Option<&std::fs::Permissions>,
    n: usize,
) -> std::io::Result<TempPath> {
    let mut tmp = with_temp_name(path, |b| b.tempfile_in(dir))?;
    write_bytes(tmp.as_file_mut(), bytes, n)?;
    if let Some(mode) = mode {
        tmp.as_file().set_permissions(mode.clone())?;
    }
    Ok(tmp.into_temp_path())
}

/// Writes `bytes` to `file`, through the fault points (see [`fault`]).
fn write_bytes(file: &mut std::fs::File, bytes: &[u8], n: usize) -> std::io::Result<()> {
    let (kill, fail) = (fault::at(Point::KillWrite, n), fault::at(Point::FailWrite, n));
    if kill || fail {
        file.write_all(&bytes[..bytes.len() / 2])?;
        if kill {
            fault::kill();
        }
        return Err(fault::no_space());
    }
    file.write_all(bytes)
}

/// Why a write failed, in the house voice; for a file-size limit
/// (`ulimit -f`), what the limit is.
fn write_reason(e: &std::io::Error) -> String {
    let reason = io_reason(e);
    #[cfg(target_os = "linux")]
    if e.raw_os_error() == Some(rustix::io::Errno::FBIG.raw_os_error())
        && let Some(limit) = rustix::process::getrlimit(rustix::process::Resource::Fsize).current
    {
        let limit = if limit >= 1024 { format!("{} KiB", limit / 1024) } else { format!("{limit} bytes") };
        return format!("{reason}\n  = hint: this process may write files of at most {limit} (`ulimit -f`)");
    }
    reason
}

/// Leftovers older than this are removed even when a process of their
/// number is running (it may be another one, or one of another machine
/// sharing the folder): no build takes that long to write a file.
const LEFTOVER_AGE: Duration = Duration::from_secs(60 * 60);

/// Removes from `dir` what killed runs left there, once per folder and
/// run: regular files named as this module names its temporary files
/// (`.brief-PID-XXXXXX.EXT.tmp`, or `.brief-XXXXXX.EXT.tmp` from earlier
/// versions), whose process is gone or that are older than an hour.
/// Nothing else is ever removed: not a link, not a folder, not a file of
/// another name.
fn sweep(dir: &Path) {
    static SWEPT: Mutex<Option<std::collections::HashSet<PathBuf>>> = Mutex::new(None);
    let first = SWEPT
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get_or_insert_with(Default::default)
        .insert(dir.to_path_buf());
    if !first {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(leftover) else { continue };
        // Not followed through a link.
        let Ok(meta) = entry.metadata() else { continue };
        if !meta.file_type().is_file() {
            continue;
        }
        let old = meta.modified().ok().and_then(|t| t.elapsed().ok()).is_some_and(|age| age > LEFTOVER_AGE);
        if old || pid.is_some_and(gone) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether `name` is one of this module's temporary files; with the
/// number of the process that made it, when the name has one.
fn leftover(name: &str) -> Option<Option<u32>> {
    let rest = name.strip_prefix(".brief-")?.strip_suffix(".tmp")?;
    let (stem, ext) = rest.split_once('.')?;
    let word = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric());
    if !word(ext) {
        return None;
    }
    match stem.split_once('-') {
        Some((pid, random)) if random.len() == 6 && word(random) && pid.bytes().all(|b| b.is_ascii_digit()) => {
            Some(Some(pid.parse().ok()?))
        }
        None if stem.len() == 6 && word(stem) => Some(None),
        _ => None,
    }
}

/// Whether no process has the number `pid`.
#[cfg(target_os = "linux")]
fn gone(pid: u32) -> bool {
    let Some(pid) = i32::try_from(pid).ok().and_then(rustix::process::Pid::from_raw) else { return false };
    rustix::process::test_kill_process(pid) == Err(rustix::io::Errno::SRCH)
}

/// Other systems: by age only.
#[cfg(not(target_os = "linux"))]
fn gone(_pid: u32) -> bool {
    false
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
    fn leftovers_are_told_by_their_names_only() {
        for (name, expected) in [
            (".brief-4242-aB3dE9.pdf.tmp", Some(Some(4242))),
            (".brief-aB3dE9.eml.tmp", Some(None)),
            (".brief-4242-aB3dE.pdf.tmp", None),
            (".brief-4242-aB-dE9.pdf.tmp", None),
            (".brief-42x2-aB3dE9.pdf.tmp", None),
            (".brief-4242-aB3dE9..tmp", None),
            (".brief-4242-aB3dE9.pdf", None),
            ("brief-4242-aB3dE9.pdf.tmp", None),
            (".brief-4242-aB3dE9.pdf.tmp~", None),
        ] {
            assert_eq!(leftover(name), expected, "{name}");
        }
    }

    #[test]
    fn streams_are_told_from_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("a.pdf"), b"x").expect("write");
        assert!(is_stream(Path::new("-")));
        for file in ["a.pdf", "new.pdf", "."] {
            assert!(!is_stream(&dir.path().join(file)), "{file}");
        }
        #[cfg(target_os = "linux")]
        {
            assert!(is_stream(Path::new("/dev/null")));
            let me = std::process::id();
            assert_eq!(descriptor(Path::new("/dev/stdin")), Some((me, 0)));
            assert_eq!(descriptor(Path::new("/dev/fd/2")), Some((me, 2)));
            assert_eq!(descriptor(Path::new("/proc/self/fd/1")), Some((me, 1)));
            assert!(is_own_stdout(Path::new("/dev/stdout")) && !is_own_stdout(Path::new("/dev/stderr")));
            assert_eq!(descriptor(Path::new("/dev/null")), None);
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
