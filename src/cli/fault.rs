//! Faults on purpose, for the tests: what a run leaves when a write fails
//! or the process is killed half-way is checked by making it happen, at a
//! named point, not by luck of timing.
//!
//! Only debug builds (the ones `cargo test` runs) read the environment
//! variable `BRIEF_FAULT`; a release build has no fault points. Its value
//! is a comma-separated list of points, each with the number of the output
//! file it hits in the run (1 for the first file written, 2 for the
//! second, …):
//!
//! - `kill-write:N`: the process kills itself (SIGKILL) after writing half
//!   of the `N`th file's bytes;
//! - `fail-write:N`: writing the `N`th file fails half-way ("no space left
//!   on device");
//! - `fail-place:N`: putting the `N`th file in place fails, after every
//!   file is written;
//! - `no-tmpfile`: temporary files are named from the start, as on a file
//!   system without `O_TMPFILE`.

/// A fault point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Point {
    /// Kill the process half-way through writing a file.
    KillWrite,
    /// Fail half-way through writing a file.
    FailWrite,
    /// Fail to put a written file in place.
    FailPlace,
    /// Name temporary files from the start.
    NoTmpfile,
}

impl Point {
    #[cfg(debug_assertions)]
    fn name(self) -> &'static str {
        match self {
            Point::KillWrite => "kill-write",
            Point::FailWrite => "fail-write",
            Point::FailPlace => "fail-place",
            Point::NoTmpfile => "no-tmpfile",
        }
    }
}

/// Whether `BRIEF_FAULT` asks for `point` at the `n`th file (any file for
/// a point given without a number).
#[cfg(debug_assertions)]
pub fn at(point: Point, n: usize) -> bool {
    static SET: std::sync::OnceLock<Vec<(String, Option<usize>)>> = std::sync::OnceLock::new();
    let set = SET.get_or_init(|| {
        let value = std::env::var("BRIEF_FAULT").unwrap_or_default();
        value
            .split(',')
            .filter(|s| !s.is_empty())
            .map(|s| match s.split_once(':') {
                Some((name, n)) => (name.to_string(), n.parse().ok()),
                None => (s.to_string(), None),
            })
            .collect()
    });
    set.iter().any(|(name, at)| name == point.name() && at.is_none_or(|at| at == n))
}

/// Release builds have no fault points.
#[cfg(not(debug_assertions))]
pub fn at(_point: Point, _n: usize) -> bool {
    false
}

/// Ends the process at once, as `kill -KILL` from outside would: no
/// destructor runs, no buffer is flushed.
pub fn kill() -> ! {
    #[cfg(target_os = "linux")]
    {
        let _ = rustix::process::kill_process(rustix::process::getpid(), rustix::process::Signal::KILL);
    }
    std::process::abort()
}

/// The error of a write made to fail.
pub fn no_space() -> std::io::Error {
    std::io::Error::other("no space left on device (injected)")
}
