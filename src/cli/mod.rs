//! The command line: arguments, files, diagnostics and exit codes. The only
//! module that touches the file system or prints.
//!
//! Exit codes: 0 success, 1 an invalid brief, 2 a usage or I/O error.

mod args;
mod output;

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;

use crate::model::{self, Resources};
use crate::{BuildError, build};

use args::{Args, Command};

/// Exit status of a run, from best to worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Status {
    Ok = 0,
    Invalid = 1,
    Failed = 2,
}

/// Runs the command line and returns the process exit code.
pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let args = match Args::try_parse_from(args) {
        Ok(a) => a,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { Status::Failed as u8 } else { 0 });
        }
    };
    let status = match args.command {
        Command::Build { files, output, report } => build_all(&files, output.as_deref(), report),
        Command::Check { files } => check_all(&files),
    };
    ExitCode::from(status as u8)
}

/// Reads a brief's other files (the logo) relative to the brief.
struct FsResources {
    dir: PathBuf,
}

/// Largest file a brief may refer to.
const MAX_RESOURCE: u64 = 32 * 1024 * 1024;

impl Resources for FsResources {
    fn load(&self, path: &str) -> Result<Vec<u8>, String> {
        let full = self.dir.join(path);
        let meta = std::fs::metadata(&full).map_err(|e| io_reason(&e))?;
        if !meta.is_file() {
            return Err("not a file".into());
        }
        if meta.len() > MAX_RESOURCE {
            return Err(format!("file is larger than {} MiB", MAX_RESOURCE / 1024 / 1024));
        }
        std::fs::read(&full).map_err(|e| io_reason(&e))
    }
}

/// An I/O error in the house voice ("no such file").
fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "no such file or directory".into(),
        PermissionDenied => "permission denied".into(),
        IsADirectory => "is a directory".into(),
        _ => {
            let s = e.to_string();
            s.split(" (os error").next().unwrap_or(&s).to_lowercase()
        }
    }
}

fn error(msg: impl std::fmt::Display) {
    let _ = writeln!(std::io::stderr(), "error: {msg}");
}

/// Largest brief file accepted.
const MAX_BRIEF: u64 = 4 * 1024 * 1024;

/// Reads and validates one brief, printing its diagnostics.
fn load(path: &Path) -> Result<(Vec<u8>, FsResources), Status> {
    let name = path.display();
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => {
            error(format!("cannot read `{name}`: is a directory"));
            return Err(Status::Failed);
        }
        Ok(m) if m.len() > MAX_BRIEF => {
            error(format!(
                "cannot read `{name}`: file is larger than {} MiB; a brief is a few KiB",
                MAX_BRIEF / 1024 / 1024
            ));
            return Err(Status::Invalid);
        }
        _ => {}
    }
    let source = std::fs::read(path).map_err(|e| {
        error(format!("cannot read `{name}`: {}", io_reason(&e)));
        Status::Failed
    })?;
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    Ok((source, FsResources { dir }))
}

fn print_diagnostics(path: &Path, source: &[u8], diags: &[model::Diagnostic]) {
    if !diags.is_empty() {
        let text = model::render(&path.display().to_string(), source, diags);
        let _ = write!(std::io::stderr(), "{text}");
    }
}

fn check_all(files: &[PathBuf]) -> Status {
    let mut worst = Status::Ok;
    for path in files {
        let status = match load(path) {
            Err(s) => s,
            Ok((source, res)) => match model::parse(&source, &res) {
                Ok(parsed) => {
                    print_diagnostics(path, &source, &parsed.warnings);
                    Status::Ok
                }
                Err(diags) => {
                    print_diagnostics(path, &source, &diags);
                    Status::Invalid
                }
            },
        };
        worst = worst.max(status);
    }
    if worst == Status::Ok {
        let _ = writeln!(std::io::stderr(), "{} valid", plural(files.len(), "brief", "briefs"));
    }
    worst
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn build_all(files: &[PathBuf], output: Option<&Path>, report: bool) -> Status {
    let targets = match output::plan(files, output) {
        Ok(t) => t,
        Err(msg) => {
            error(msg);
            return Status::Failed;
        }
    };
    let mut worst = Status::Ok;
    for (input, out) in files.iter().zip(targets) {
        let status = build_one(input, &out, report);
        worst = worst.max(status);
    }
    worst
}

fn build_one(input: &Path, out: &Path, report: bool) -> Status {
    let (source, res) = match load(input) {
        Ok(x) => x,
        Err(s) => return s,
    };
    match build(&source, &res) {
        Ok(built) => {
            print_diagnostics(input, &source, &built.warnings);
            if report {
                let _ = write!(std::io::stdout(), "{}: {}", input.display(), built.report.render());
            }
            match output::write_atomic(out, &built.pdf) {
                Ok(()) => Status::Ok,
                Err(msg) => {
                    error(msg);
                    Status::Failed
                }
            }
        }
        Err(BuildError::Invalid(diags)) => {
            print_diagnostics(input, &source, &diags);
            Status::Invalid
        }
        Err(BuildError::Pdf(msg)) => {
            error(format!("cannot write the PDF of `{}`: {msg}", input.display()));
            Status::Failed
        }
    }
}
