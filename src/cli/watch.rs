//! `brief watch`: rebuild a brief's PDF whenever the brief, its house file,
//! the logo or one of the font files either names is saved. The
//! directories holding them are watched (not the files: editors save by
//! writing a new file and renaming it over the old one), events for other
//! files are ignored, and a burst of events (one save is often several)
//! makes one rebuild: the rebuild waits until the watched files have been
//! quiet for a moment, however busy the rest of their folders. A build
//! that fails prints its problems and leaves the last good PDF as it is:
//! the PDF is only ever replaced whole. On a terminal each report replaces
//! the previous one.

use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use super::{Extras, Status, build_one, error, output, to_stderr};

/// Events for the watched files arriving within this time of each other
/// make one rebuild.
const SETTLE: Duration = Duration::from_millis(120);

/// Watches until the process is stopped (Ctrl-C); returns only on a setup
/// error.
pub fn run(brief: &Path, output: Option<&Path>, extras: Extras) -> Status {
    if output.is_some_and(output::is_stdout) {
        error("`watch` rebuilds a file, and `-o -` is standard output\n  = hint: give `-o FILE.pdf`");
        return Status::Failed;
    }
    let target = match output::plan(&[brief.to_path_buf()], output, false) {
        Ok(plan) => {
            if let Some(dir) = &plan.create
                && let Err(msg) = output::make_dir(dir)
            {
                error(msg);
                return Status::Failed;
            }
            plan.targets.into_iter().next().unwrap_or_default()
        }
        Err(msg) => {
            error(msg);
            return Status::Failed;
        }
    };
    if !brief.is_file() {
        error(format!("cannot watch `{}`: no such file", brief.display()));
        return Status::Failed;
    }
    let (tx, rx) = mpsc::channel();
    let mut watcher = match notify::recommended_watcher(move |event| {
        let _ = tx.send(event);
    }) {
        Ok(w) => w,
        Err(e) => {
            error(format!("cannot watch `{}`: {e}", brief.display()));
            return Status::Failed;
        }
    };
    let clear = std::io::stderr().is_terminal();
    let mut watched_dirs = BTreeSet::new();
    loop {
        // Watch the directories of the brief and its logo (the logo may
        // have been added or moved by the last save) before building, so
        // that no save made from now on goes unseen.
        let files = watched_files(brief);
        for dir in files.iter().filter_map(|f| f.parent()) {
            if watched_dirs.insert(dir.to_path_buf())
                && let Err(e) = watcher.watch(dir, RecursiveMode::NonRecursive)
            {
                error(format!("cannot watch `{}`: {e}", dir.display()));
                return Status::Failed;
            }
        }
        // The house file is read again: it may be what was saved.
        super::house::forget();
        let outcome = build_one(brief, &target, extras, None, &std::sync::Once::new());
        let mut report = String::new();
        if clear {
            report.push_str("\x1b[2J\x1b[H");
        }
        report.push_str(&format!("[{}] ", chrono::Local::now().format("%H:%M:%S")));
        if outcome.status == Status::Ok {
            report.push_str(&format!("built {}\n", target.display()));
        } else {
            report.push_str(&format!("`{}` has problems; the last good PDF is kept\n", brief.display()));
        }
        for shared in &outcome.shared {
            report.push_str(&shared.text);
        }
        report.push_str(&outcome.stderr);
        report.push_str(&format!("watching `{}` for changes (Ctrl-C to stop)\n", brief.display()));
        to_stderr(&report);

        // Wait for a change to one of the files, then let the burst settle.
        loop {
            let Ok(event) = rx.recv() else { return Status::Failed };
            if touches(&event, &files) {
                break;
            }
        }
        if !settle(&rx, &files) {
            return Status::Failed;
        }
    }
}

/// Waits until no event has touched `files` for [`SETTLE`]; events for
/// other files (a log written every few milliseconds in the same folder)
/// do not make the wait longer. `false` when the watcher has stopped.
fn settle(rx: &mpsc::Receiver<notify::Result<notify::Event>>, files: &[PathBuf]) -> bool {
    let mut quiet_from = Instant::now();
    loop {
        let left = SETTLE.saturating_sub(quiet_from.elapsed());
        match rx.recv_timeout(left) {
            Ok(event) if touches(&event, files) => quiet_from = Instant::now(),
            Ok(_) => {}
            Err(mpsc::RecvTimeoutError::Timeout) => return true,
            Err(mpsc::RecvTimeoutError::Disconnected) => return false,
        }
    }
}

/// The brief, its house file (or where one would be found: the brief's
/// folder), and the logo and font files each names, as absolute paths.
fn watched_files(brief: &Path) -> Vec<PathBuf> {
    let brief = absolute(brief);
    let dir = brief.parent().map(Path::to_path_buf).unwrap_or_default();
    let table = read_table(&brief);
    let mut files = vec![brief.clone()];
    files.extend(named_files(table.as_ref(), &dir));
    let house = match table.as_ref().and_then(|t| t.get("house")) {
        Some(toml::Value::String(path)) => Some(absolute(&dir.join(path))),
        Some(_) => None,
        None => {
            Some(super::house::find(&dir).map_or_else(|| dir.join(crate::model::house::FILE_NAME), |p| absolute(&p)))
        }
    };
    if let Some(house) = house {
        let house_dir = house.parent().map(Path::to_path_buf).unwrap_or_default();
        files.extend(named_files(read_table(&house).as_ref(), &house_dir));
        files.push(house);
    }
    files
}

/// The TOML table of a regular file (a pipe or device named as a house
/// file is not waited for).
fn read_table(path: &Path) -> Option<toml::Table> {
    if !path.is_file() {
        return None;
    }
    let text = super::inputs::read_limited(path, super::MAX_BRIEF).ok()?;
    String::from_utf8(text).ok()?.parse::<toml::Table>().ok()
}

/// The logo and font files a brief or house file names, relative to `dir`.
fn named_files(table: Option<&toml::Table>, dir: &Path) -> Vec<PathBuf> {
    let mut named: Vec<&str> = Vec::new();
    if let Some(t) = table {
        let logo = t.get("brief").and_then(|b| b.get("logo"));
        named.extend(logo.and_then(|l| l.as_str().or_else(|| l.get("file")?.as_str())));
        if let Some(fonts) = t.get("style").and_then(|s| s.get("font")?.as_table()) {
            named.extend(fonts.values().filter_map(|v| v.as_str()));
        }
    }
    named.iter().map(|f| absolute(&dir.join(f))).collect()
}

/// `path` made absolute, its directory resolved through links; the file
/// itself need not exist.
fn absolute(path: &Path) -> PathBuf {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    match (path.parent(), path.file_name()) {
        (Some(dir), Some(name)) => dir.canonicalize().map_or(path.clone(), |d| d.join(name)),
        _ => path,
    }
}

/// Whether a file system event is about one of `files`.
fn touches(event: &notify::Result<notify::Event>, files: &[PathBuf]) -> bool {
    match event {
        Ok(event) => {
            use notify::EventKind::{Access, Any, Create, Modify, Other, Remove};
            use notify::event::{AccessKind, AccessMode};
            // Reading a file (this build reads the brief) is no change.
            let change = match event.kind {
                Create(_) | Modify(_) | Remove(_) | Any | Other => true,
                Access(AccessKind::Close(AccessMode::Write)) => true,
                Access(_) => false,
            };
            change && event.paths.iter().any(|p| files.contains(&absolute(p)))
        }
        // An error from the watcher: rebuild rather than miss a change.
        Err(_) => true,
    }
}
