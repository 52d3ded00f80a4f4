//! The command line: arguments, files, diagnostics and exit codes. The only
//! module that touches the file system or prints.
//!
//! Several briefs are built or checked in parallel (see [`batch`]); the exit
//! code is the worst of them: 0 success, 1 an invalid brief, 2 a usage or
//! I/O error.

mod args;
mod batch;
mod inputs;
mod output;
mod recipients;

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;

use crate::model::{self, Resources};
use crate::{BuildError, build};

use args::{Args, Command};

/// Exit status of a run, from best to worst.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Status {
    #[default]
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
        Command::Build { paths, output, quiet, recipients: Some(list), print_run, .. } => {
            recipients::build(&paths, &list, output.as_deref(), print_run.as_deref(), quiet)
        }
        Command::Build { paths, output, report, quiet, recipients: None, .. } => {
            build_all(&paths, output.as_deref(), report, quiet)
        }
        Command::Check { paths, quiet } => check_all(&paths, quiet),
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

/// Adds an error line to a brief's collected output.
fn error_to(out: &mut String, msg: impl std::fmt::Display) {
    out.push_str(&format!("error: {msg}\n"));
}

/// Largest brief file accepted: 500 pages of text take about 1.6 MiB.
const MAX_BRIEF: u64 = 2 * 1024 * 1024;

/// Reads one brief, adding any error to `err`.
fn load(path: &Path, err: &mut String) -> Result<(Vec<u8>, FsResources), Status> {
    let name = path.display();
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => {
            error_to(err, format!("cannot read `{name}`: is a directory"));
            return Err(Status::Failed);
        }
        Ok(m) if m.len() > MAX_BRIEF => {
            error_to(
                err,
                format!(
                    "cannot read `{name}`: file is larger than {} MiB; a brief is a few KiB",
                    MAX_BRIEF / 1024 / 1024
                ),
            );
            return Err(Status::Invalid);
        }
        _ => {}
    }
    let source = std::fs::read(path).map_err(|e| {
        error_to(err, format!("cannot read `{name}`: {}", io_reason(&e)));
        Status::Failed
    })?;
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    Ok((source, FsResources { dir }))
}

/// Adds a brief's rendered diagnostics to `err`.
fn diagnostics_to(err: &mut String, path: &Path, source: &[u8], diags: &[model::Diagnostic]) {
    if !diags.is_empty() {
        err.push_str(&model::render(&path.display().to_string(), source, diags));
    }
}

/// The briefs named by `paths`, or `Err` once the error is printed.
fn expand(paths: &[PathBuf]) -> Result<inputs::Inputs, Status> {
    inputs::expand(paths).map_err(|msg| {
        error(msg);
        Status::Failed
    })
}

/// The progress bar's verb, when one is wanted: several briefs, not
/// `--quiet`, and stderr a terminal.
fn progress(verb: &'static str, count: usize, quiet: bool) -> Option<&'static str> {
    (count > 1 && !quiet && std::io::stderr().is_terminal()).then_some(verb)
}

fn summary(msg: impl std::fmt::Display) {
    let _ = writeln!(std::io::stderr(), "{msg}");
}

fn check_all(paths: &[PathBuf], quiet: bool) -> Status {
    let files = match expand(paths) {
        Ok(inputs) => inputs.files,
        Err(s) => return s,
    };
    let tally = batch::run(&files, progress("checking", files.len(), quiet), |path| check_one(path));
    if !quiet {
        let n = files.len();
        if tally.worst() == Status::Ok {
            summary(format!("{} valid", plural(n, "brief", "briefs")));
        } else if n > 1 {
            summary(format!("{} of {} valid{}", tally.ok, plural(n, "brief", "briefs"), tally.problems()));
        }
    }
    tally.worst()
}

fn check_one(path: &Path) -> batch::Outcome {
    let mut err = String::new();
    let status = match load(path, &mut err) {
        Err(s) => s,
        Ok((source, res)) => match model::parse_with(&source, &res, &|c| crate::text::FontBook::bundled().covers(c)) {
            Ok(parsed) => {
                diagnostics_to(&mut err, path, &source, &parsed.warnings);
                Status::Ok
            }
            Err(diags) => {
                diagnostics_to(&mut err, path, &source, &diags);
                Status::Invalid
            }
        },
    };
    batch::Outcome { status, stderr: err, stdout: String::new() }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn build_all(paths: &[PathBuf], output: Option<&Path>, report: bool, quiet: bool) -> Status {
    let start = Instant::now();
    let inputs = match expand(paths) {
        Ok(inputs) => inputs,
        Err(s) => return s,
    };
    let targets = match output::plan(&inputs.files, output, inputs.any_dir) {
        Ok(t) => t,
        Err(msg) => {
            error(msg);
            return Status::Failed;
        }
    };
    let jobs: Vec<(&PathBuf, PathBuf)> = inputs.files.iter().zip(targets).collect();
    let tally =
        batch::run(&jobs, progress("building", jobs.len(), quiet), |(input, out)| build_one(input, out, report));
    let n = jobs.len();
    if n > 1 && !quiet {
        let secs = start.elapsed().as_secs_f64();
        let of = if tally.ok == n { String::new() } else { format!("{} of ", tally.ok) };
        summary(format!("built {of}{} in {secs:.2} s{}", plural(n, "brief", "briefs"), tally.problems()));
    }
    tally.worst()
}

fn build_one(input: &Path, out: &Path, report: bool) -> batch::Outcome {
    let mut err = String::new();
    let mut stdout = String::new();
    let status = match load(input, &mut err) {
        Err(s) => s,
        Ok((source, res)) => match build(&source, &res) {
            Ok(built) => {
                diagnostics_to(&mut err, input, &source, &built.warnings);
                if report {
                    stdout = format!("{}: {}", input.display(), built.report.render());
                }
                match output::write_atomic(out, &built.pdf) {
                    Ok(()) => Status::Ok,
                    Err(msg) => {
                        error_to(&mut err, msg);
                        Status::Failed
                    }
                }
            }
            Err(BuildError::Invalid(diags)) => {
                diagnostics_to(&mut err, input, &source, &diags);
                Status::Invalid
            }
            Err(BuildError::Pdf(msg)) => {
                error_to(&mut err, format!("cannot write the PDF of `{}`: {msg}", input.display()));
                Status::Failed
            }
        },
    };
    batch::Outcome { status, stderr: err, stdout }
}
