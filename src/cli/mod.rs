//! The command line: arguments, files, diagnostics and exit codes. The only
//! module that touches the file system or prints.
//!
//! Several briefs are built or checked in parallel (see [`batch`]); the exit
//! code is the worst of them: 0 success, 1 an invalid brief, 2 a usage or
//! I/O error.

mod args;
mod batch;
mod color;
mod fault;
mod house;
mod inputs;
mod journal;
pub mod mail;
mod output;
mod recipients;
mod relay;
mod send;
mod tools;
mod versions;
mod watch;

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;

use crate::model::{self, Resources};
use crate::{BuildError, build, build_with};

use args::{Args, Command, Standard, SummaryFormat};

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
    color::init(args.color);
    survive_file_size_limit();
    let quiet = args.quiet;
    let verbose = args.verbose;
    let status = match args.command {
        Command::Build {
            paths,
            output,
            recipients: Some(list),
            print_run,
            standard,
            deny_warnings,
            allow_drift,
            html,
            ..
        } => {
            let overrides = Standard::overrides(standard);
            let strict = recipients::Strict { allow_drift, deny_warnings };
            let target = recipients::Target { output: output.as_deref(), print_run: print_run.as_deref(), html };
            recipients::build(&paths, &list, target, overrides, strict, quiet)
        }
        Command::Build { paths, output, report, eml, ics, html, recipients: None, standard, deny_warnings, .. } => {
            let overrides = Standard::overrides(standard);
            let extras = Extras { report, eml, ics, html, verbose, overrides, deny_warnings };
            build_all(&paths, output.as_deref(), extras, quiet)
        }
        Command::Check { paths, recipients: Some(list), deny_warnings, allow_drift } => {
            recipients::check(&paths, &list, recipients::Strict { allow_drift, deny_warnings }, quiet)
        }
        Command::Check { paths, recipients: None, deny_warnings, .. } => check_all(&paths, deny_warnings, quiet),
        Command::Summary { path, format } => summary_one(&path, format),
        Command::Send { path, request, recipients, allow_drift } => {
            let request = send::Request { quiet, verbose, ..request };
            match recipients {
                Some(list) => send::each(&path, &list, &request, allow_drift),
                None => send::one(&path, &request),
            }
        }
        Command::New { name } => tools::new(name.as_deref(), quiet),
        Command::Watch { path, output, html } => watch::run(
            &path,
            output.as_deref(),
            Extras {
                report: false,
                eml: false,
                ics: false,
                html,
                verbose,
                overrides: crate::Overrides::default(),
                deny_warnings: false,
            },
        ),
        Command::Schema { house } => tools::schema(house),
        Command::Fonts => tools::fonts(),
        Command::Completions { shell } => tools::completions(shell),
        Command::Man => tools::man(),
    };
    ExitCode::from(status as u8)
}

/// Makes a file-size limit (`ulimit -f`) a write error that is reported
/// ("file too large") and cleaned up after, instead of the silent death
/// SIGXFSZ brings by default: the signal gets a handler that only sets a
/// flag, which is `signal-hook`'s safe way to change a signal's action
/// (the crate forbids `unsafe`, and the standard library has none).
fn survive_file_size_limit() {
    #[cfg(unix)]
    {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            let seen = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
            let _ = signal_hook::flag::register(signal_hook::consts::SIGXFSZ, seen);
        });
    }
}

/// A brief's other files (the logo, fonts, images) read from the file
/// system relative to the brief's folder, and its house file found beside
/// or above it. The library's callers (tests, benchmarks) use it to read
/// briefs as `brief` does.
#[derive(Debug, Clone)]
pub struct Files {
    dir: PathBuf,
}

impl Files {
    /// The files of a brief in the folder `dir`.
    pub fn in_dir(dir: impl Into<PathBuf>) -> Files {
        Files { dir: dir.into() }
    }
}

/// Largest file a brief may refer to.
const MAX_RESOURCE: u64 = 32 * 1024 * 1024;

impl Resources for Files {
    fn load(&self, path: &str) -> Result<Vec<u8>, String> {
        let full = self.dir.join(path);
        // A pipe or a device would wait or never end.
        let meta = std::fs::metadata(&full).map_err(|e| io_reason(&e))?;
        if !meta.is_file() {
            return Err("not a file".into());
        }
        inputs::read_limited(&full, MAX_RESOURCE).map_err(|e| match e {
            inputs::ReadError::Io(e) => io_reason(&e),
            inputs::ReadError::TooLarge => format!("file is larger than {} MiB", MAX_RESOURCE / 1024 / 1024),
        })
    }

    fn house(&self, named: Option<&str>) -> Result<Option<std::sync::Arc<model::House>>, String> {
        house::of_brief(&self.dir, named)
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
    to_stderr(&format!("error: {msg}\n"));
}

/// Writes messages to standard error in one write, coloured when colour is
/// on (see [`color`]).
fn to_stderr(text: &str) {
    if !text.is_empty() {
        let _ = std::io::stderr().lock().write_all(color::paint(text).as_bytes());
    }
}

/// Adds an error line to a brief's collected output.
fn error_to(out: &mut String, msg: impl std::fmt::Display) {
    out.push_str(&format!("error: {msg}\n"));
}

/// Largest brief file accepted: 500 pages of text take about 1.6 MiB.
const MAX_BRIEF: u64 = 2 * 1024 * 1024;

/// Reads one brief, adding any error to `err`. A pipe named on the
/// command line (`/dev/stdin`, a FIFO) is read too, up to the limit.
fn load(path: &Path, err: &mut String) -> Result<(Vec<u8>, Files), Status> {
    let name = path.display();
    let source = inputs::read_limited(path, MAX_BRIEF).map_err(|e| match e {
        inputs::ReadError::Io(e) => {
            error_to(err, format!("cannot read `{name}`: {}", io_reason(&e)));
            Status::Failed
        }
        inputs::ReadError::TooLarge => {
            error_to(
                err,
                format!(
                    "cannot read `{name}`: file is larger than {} MiB; a brief is a few KiB",
                    MAX_BRIEF / 1024 / 1024
                ),
            );
            Status::Invalid
        }
    })?;
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    Ok((source, Files { dir }))
}

/// Adds a brief's rendered diagnostics to `err`.
fn diagnostics_to(err: &mut String, path: &Path, source: &[u8], diags: &[model::Diagnostic]) {
    if !diags.is_empty() {
        err.push_str(&model::render(&path.display().to_string(), source, diags));
    }
}

/// Renders a brief's diagnostics: its own into `err`, and those about its
/// house file into `shared`, each with the key a run prints it once by
/// and a note naming the brief that pulled it in.
fn diagnostics_split(
    err: &mut String,
    shared: &mut Vec<batch::Shared>,
    path: &Path,
    source: &[u8],
    diags: &[model::Diagnostic],
) {
    let (theirs, own): (Vec<&model::Diagnostic>, Vec<&model::Diagnostic>) =
        diags.iter().partition(|d| d.file.is_some());
    let own: Vec<model::Diagnostic> = own.into_iter().cloned().collect();
    diagnostics_to(err, path, source, &own);
    let name = path.display().to_string();
    for d in theirs {
        let key = shared_key(d);
        // A difference from its brief in this very version needs no note.
        let text = match &d.file {
            Some(f) if f.name == name => model::render(&name, source, std::slice::from_ref(d)),
            Some(f) => {
                let of = if f.house { "the house file" } else { "a language version" };
                model::render(&name, source, &[d.clone().with_note(format!("in {of} of `{name}`"))])
            }
            None => continue,
        };
        shared.push(batch::Shared { key, text });
    }
}

/// With `--deny-warnings`: every warning is an error.
fn deny(diags: &mut [model::Diagnostic]) {
    for d in diags {
        d.severity = model::Severity::Error;
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

fn check_all(paths: &[PathBuf], deny_warnings: bool, quiet: bool) -> Status {
    let (houses, files) = match expand(paths) {
        Ok(inputs) => (inputs.houses, inputs.files),
        Err(s) => return s,
    };
    // The house files found are checked first, each once; a house file
    // named on the command line is checked as one.
    let (named, files): (Vec<PathBuf>, Vec<PathBuf>) = files.into_iter().partition(|p| house::is_house(p));
    let files: Vec<PathBuf> = houses.into_iter().chain(named).chain(files).collect();
    let tally = batch::run(&files, progress("checking", files.len(), quiet), |path| match house::is_house(path) {
        true => check_house(path),
        false => check_one(path, deny_warnings),
    });
    if !quiet {
        let n = files.len();
        let houses = files.iter().filter(|p| house::is_house(p)).count();
        let what = match houses {
            0 => plural(n, "brief", "briefs"),
            _ => {
                format!("{} and {}", plural(n - houses, "brief", "briefs"), plural(houses, "house file", "house files"))
            }
        };
        if tally.worst() == Status::Ok {
            summary(format!("{what} valid"));
        } else if n > 1 {
            summary(format!("{} of {what} valid{}", tally.ok, tally.problems()));
        }
    }
    tally.worst()
}

/// Reads a brief for `check`, with what a translation must keep when it
/// has language versions to compare.
fn check_parse(
    path: &Path,
    source: &[u8],
    res: &Files,
) -> Result<(model::Parsed, Option<model::parity::Facts>), Vec<model::Diagnostic>> {
    let covers = |c| crate::text::FontBook::shared().covers(c);
    if versions::has_versions(path) {
        model::parse_comparable(source, res, &covers).map(|(parsed, facts)| (parsed, Some(facts)))
    } else {
        model::parse_with(source, res, &covers).map(|parsed| (parsed, None))
    }
}

fn check_one(path: &Path, deny_warnings: bool) -> batch::Outcome {
    let mut err = String::new();
    let mut shared = Vec::new();
    let status = match load(path, &mut err) {
        Err(s) => s,
        Ok((source, res)) => match check_parse(path, &source, &res) {
            Ok((parsed, facts)) => {
                let mut warnings = parsed.warnings;
                if let Some(this) = facts.and_then(|f| versions::Read::new(path, &source, parsed.brief, None, Some(f)))
                {
                    warnings.extend(versions::differences(path, &this, &versions::others(path)));
                }
                let status = if deny_warnings && !warnings.is_empty() {
                    deny(&mut warnings);
                    Status::Invalid
                } else {
                    Status::Ok
                };
                diagnostics_split(&mut err, &mut shared, path, &source, &warnings);
                status
            }
            Err(diags) => {
                diagnostics_split(&mut err, &mut shared, path, &source, &diags);
                Status::Invalid
            }
        },
    };
    batch::Outcome { status, stderr: err, stdout: String::new(), shared }
}

/// `brief check house.toml`: the house file alone, in every language it
/// gives values in.
fn check_house(path: &Path) -> batch::Outcome {
    let (status, shared, stderr) = match house::load(path) {
        Ok(found) => {
            let diags = model::check_house(&found, &|c| crate::text::FontBook::shared().covers(c));
            let status =
                if diags.iter().any(|d| d.severity == model::Severity::Error) { Status::Invalid } else { Status::Ok };
            let name = path.display().to_string();
            let shared = diags
                .iter()
                .map(|d| batch::Shared {
                    key: shared_key(d),
                    text: model::render(&name, found.file.text.as_bytes(), std::slice::from_ref(d)),
                })
                .collect();
            (status, shared, String::new())
        }
        Err(why) => (Status::Failed, Vec::new(), format!("error: {why}\n")),
    };
    batch::Outcome { status, stderr, stdout: String::new(), shared }
}

/// What makes two diagnostics about a shared file the same, for printing
/// each once.
fn shared_key(d: &model::Diagnostic) -> String {
    format!("{:?} {:?} {:?} {}", d.file.as_ref().map(|f| &f.name), d.severity, d.span, d.message)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What `build` writes besides the PDF.
#[derive(Debug, Clone, Copy)]
struct Extras {
    /// The layout report, on standard output.
    report: bool,
    /// An `.eml` message beside the PDF.
    eml: bool,
    /// An `.ics` calendar file of the event beside the PDF.
    ics: bool,
    /// The web page (`.html`) beside the PDF.
    html: bool,
    /// A line per file written, with its pages, size and time.
    verbose: bool,
    /// The command line's settings over the brief's own.
    overrides: crate::Overrides,
    /// Every warning is an error: nothing is written.
    deny_warnings: bool,
}

fn build_all(paths: &[PathBuf], output: Option<&Path>, extras: Extras, quiet: bool) -> Status {
    let start = Instant::now();
    let inputs = match expand(paths) {
        Ok(inputs) => inputs,
        Err(s) => return s,
    };
    if let Some(named) = inputs.files.iter().find(|p| house::is_house(p)) {
        error(format!(
            "`{}` is a house file, not a brief\n  = hint: build the briefs that use it; `brief check {}` checks it",
            named.display(),
            named.display()
        ));
        return Status::Failed;
    }
    let plan = match output::plan(&inputs.files, output, inputs.any_dir) {
        Ok(p) => p,
        Err(msg) => {
            error(msg);
            return Status::Failed;
        }
    };
    if let Err(msg) = check_streams(&plan.targets, extras) {
        error(msg);
        return Status::Failed;
    }
    // A missing output directory is made before the first PDF goes into
    // it (so that a run whose every brief fails makes nothing).
    let create = plan.create.clone();
    let made = std::sync::Once::new();
    let jobs: Vec<(&PathBuf, PathBuf)> = inputs.files.iter().zip(plan.targets).collect();
    let tally = batch::run(&jobs, progress("building", jobs.len(), quiet), |(input, out)| {
        build_one(input, out, extras, create.as_deref(), &made)
    });
    let n = jobs.len();
    let created = create.as_ref().filter(|dir| made.is_completed() && dir.is_dir());
    if (n > 1 || created.is_some()) && !quiet {
        let secs = start.elapsed().as_secs_f64();
        let of = if tally.ok == n { String::new() } else { format!("{} of ", tally.ok) };
        let into = created.map_or(String::new(), |dir| format!(" into `{}` (created)", dir.display()));
        summary(format!("built {of}{}{into} in {secs:.2} s{}", plural(n, "brief", "briefs"), tally.problems()));
    }
    tally.worst()
}

/// Refuses what cannot go with a PDF written into a stream (standard
/// output, a device, a named pipe): an `.eml` or `.ics` file beside it,
/// and the `--report` on standard output where the PDF goes.
fn check_streams(targets: &[PathBuf], extras: Extras) -> Result<(), String> {
    for target in targets.iter().filter(|t| output::is_stream(t)) {
        let named: Vec<&str> = [(extras.eml, "`--eml`"), (extras.ics, "`--ics`"), (extras.html, "`--html`")]
            .into_iter()
            .filter_map(|(on, name)| on.then_some(name))
            .collect();
        let beside = match named.as_slice() {
            [] => None,
            [one] => Some(format!("{one} writes a file")),
            [first @ .., last] => Some(format!("{} and {last} write files", first.join(", "))),
        };
        if let Some(what) = beside {
            return Err(format!(
                "{what} beside the PDF, but {} is not a file in a folder\n  = hint: give `-o` a file such as `out/press-release.pdf`",
                output::shown(target)
            ));
        }
        if extras.report && output::is_own_stdout(target) {
            return Err(
                "`--report` prints on standard output, where the PDF goes\n  = hint: write the PDF to a file with `-o FILE.pdf`, or leave out `--report`"
                    .to_string(),
            );
        }
    }
    Ok(())
}

/// Makes the missing output directory `create`, once for the whole run.
fn make_output_dir(create: Option<&Path>, made: &std::sync::Once) -> Result<(), String> {
    let Some(dir) = create else { return Ok(()) };
    let mut result = Ok(());
    made.call_once(|| result = output::make_dir(dir));
    // A failure is reported once; later briefs find no directory.
    if result.is_ok() && !dir.is_dir() {
        return Err(format!("cannot write into `{}`: the directory could not be made", dir.display()));
    }
    result
}

fn build_one(
    input: &Path,
    out: &Path,
    extras: Extras,
    create: Option<&Path>,
    made: &std::sync::Once,
) -> batch::Outcome {
    let started = Instant::now();
    let mut err = String::new();
    let mut stdout = String::new();
    let mut shared = Vec::new();
    let status = match load(input, &mut err) {
        Err(s) => s,
        Ok((source, res)) => match build_compared(input, &source, &res, extras.overrides) {
            Ok((mut built, others)) => {
                if !others.is_empty() {
                    let this = versions::Read::new(input, &source, built.brief.clone(), built.house.as_deref(), None);
                    let found = this.map(|this| versions::differences(input, &this, &others));
                    built.warnings.extend(found.unwrap_or_default());
                }
                if extras.deny_warnings && !built.warnings.is_empty() {
                    deny(&mut built.warnings);
                    diagnostics_split(&mut err, &mut shared, input, &source, &built.warnings);
                    return batch::Outcome { status: Status::Invalid, stderr: err, stdout, shared };
                }
                diagnostics_split(&mut err, &mut shared, input, &source, &built.warnings);
                if extras.report {
                    stdout = format!("{}: {}", input.display(), built.report.render());
                }
                // The PDF and what goes beside it, all or none.
                let page = web_page(input, out, &built, &others, extras);
                let written = eml_and_ics(input, out, &built, extras, &mut err).and_then(|mut files| {
                    files.insert(0, (out.to_path_buf(), built.pdf.as_slice().into()));
                    files.extend(page?);
                    make_output_dir(create, made)?;
                    output::write_all_atomic(&files)
                });
                match written {
                    Ok(()) => {
                        if extras.verbose {
                            let shown = match output::is_stdout(out) {
                                true => "standard output".to_string(),
                                false => out.display().to_string(),
                            };
                            err.push_str(&format!(
                                "wrote {shown} ({}, {:.1} KiB) in {:.1} ms\n",
                                plural(built.pages, "page", "pages"),
                                built.pdf.len() as f64 / 1024.0,
                                started.elapsed().as_secs_f64() * 1000.0
                            ));
                        }
                        Status::Ok
                    }
                    Err(msg) => {
                        error_to(&mut err, msg);
                        Status::Failed
                    }
                }
            }
            Err(BuildError::Invalid(diags)) => {
                diagnostics_split(&mut err, &mut shared, input, &source, &diags);
                Status::Invalid
            }
            Err(BuildError::Pdf(msg)) => {
                error_to(&mut err, format!("cannot write the PDF of `{}`: {msg}", input.display()));
                Status::Failed
            }
        },
    };
    batch::Outcome { status, stderr: err, stdout, shared }
}

/// Builds the brief at `input` and, on another thread meanwhile, reads the
/// briefs it is compared with (its language versions, or its brief).
fn build_compared(
    input: &Path,
    source: &[u8],
    res: &Files,
    overrides: crate::Overrides,
) -> Result<(crate::Built, Vec<versions::Read>), BuildError> {
    if !versions::has_versions(input) {
        return build_with(source, res, overrides).map(|built| (built, Vec::new()));
    }
    std::thread::scope(|scope| {
        let others = scope.spawn(|| versions::others(input));
        let built = build_with(source, res, overrides);
        let others = others.join().unwrap_or_default();
        built.map(|built| (built, others))
    })
}

/// A file to write and its bytes, borrowed (the PDF) or made.
type OutFile<'b> = (PathBuf, std::borrow::Cow<'b, [u8]>);

/// The `.eml` message and the `.ics` calendar file that `extras` ask
/// for, to write beside the PDF `pdf_path`, each with its path; a brief
/// without `[event]` gets no calendar file, with a warning in `err` (a
/// batch may mix advisories with other briefs).
fn eml_and_ics<'b>(
    input: &Path,
    pdf_path: &Path,
    built: &'b crate::Built,
    extras: Extras,
    err: &mut String,
) -> Result<Vec<OutFile<'b>>, String> {
    let mut files = Vec::new();
    if extras.eml {
        files.push((beside(input, pdf_path, "eml", "e-mail")?, eml(input, pdf_path, built)?.into()));
    }
    if extras.ics {
        match crate::summary::calendar(&built.brief) {
            Some(calendar) => files.push((beside(input, pdf_path, "ics", "calendar")?, calendar.into_bytes().into())),
            None => err.push_str(&format!(
                "warning: `{}` has no `[event]`, so no calendar file was written\n  = hint: `--ics` writes the event of a media advisory; add `[event]` with its `start`\n",
                input.display()
            )),
        }
    }
    Ok(files)
}

/// The web page that `extras` ask for, to write beside the PDF
/// `pdf_path`, with links to the pages of the brief's language versions
/// (`others`, read for comparing them).
fn web_page<'b>(
    input: &Path,
    pdf_path: &Path,
    built: &crate::Built,
    others: &[versions::Read],
    extras: Extras,
) -> Result<Option<OutFile<'b>>, String> {
    if !extras.html {
        return Ok(None);
    }
    let path = beside(input, pdf_path, "html", "web page")?;
    let options = crate::web::Options {
        alternates: versions::alternates(input, &built.brief.language, others),
        prepared_for: None,
    };
    Ok(Some((path, crate::web::page(&built.brief, &options).into_bytes().into())))
}

/// The path of the file with extension `ext` beside the PDF `pdf_path`.
fn beside(input: &Path, pdf_path: &Path, ext: &str, what: &str) -> Result<PathBuf, String> {
    let path = pdf_path.with_extension(ext);
    if path == pdf_path {
        return Err(format!(
            "cannot write the {what} of `{}` over its PDF `{}`\n  = hint: give an output path ending in `.pdf`",
            input.display(),
            pdf_path.display()
        ));
    }
    Ok(path)
}

/// The `.eml` message of a built brief whose PDF is `pdf_path`.
fn eml(input: &Path, pdf_path: &Path, built: &crate::Built) -> Result<Vec<u8>, String> {
    let filename = attachment_name(pdf_path);
    let brief = &built.brief;
    let mail = mail::build(brief, &built.pdf, &filename, &mail::Recipients::of(brief), mail::Purpose::File)
        .map_err(|msg| format!("cannot write the e-mail of `{}`: {msg}", input.display()))?;
    Ok(mail.message.formatted())
}

/// The attachment's file name: the PDF's.
fn attachment_name(pdf_path: &Path) -> String {
    pdf_path.file_name().map_or_else(|| "brief.pdf".to_string(), |n| n.to_string_lossy().into_owned())
}

/// Reads and validates one brief for `summary` and `send`, printing its
/// diagnostics; `Err` with the status once reported.
fn parse_one(path: &Path) -> Result<model::Brief, Status> {
    let mut err = String::new();
    let result = load(path, &mut err).and_then(|(source, res)| {
        match model::parse_with(&source, &res, &|c| crate::text::FontBook::shared().covers(c)) {
            Ok(parsed) => {
                diagnostics_to(&mut err, path, &source, &parsed.warnings);
                Ok(parsed.brief)
            }
            Err(diags) => {
                diagnostics_to(&mut err, path, &source, &diags);
                Err(Status::Invalid)
            }
        }
    });
    to_stderr(&err);
    result
}

fn summary_one(path: &Path, format: SummaryFormat) -> Status {
    let brief = match parse_one(path) {
        Ok(b) => b,
        Err(s) => return s,
    };
    let format = match format {
        SummaryFormat::Text => crate::summary::Format::Text,
        SummaryFormat::Markdown => crate::summary::Format::Markdown,
        SummaryFormat::Html => crate::summary::Format::Html,
    };
    let text = crate::summary::render(&brief, format);
    match std::io::stdout().write_all(text.as_bytes()) {
        Ok(()) => Status::Ok,
        // A closed pipe (`| head`) is the reader's choice, not a failure.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Status::Ok,
        Err(e) => {
            error(format!("cannot write the summary: {}", io_reason(&e)));
            Status::Failed
        }
    }
}

/// Builds one brief without writing it, printing its diagnostics.
fn build_in_memory(path: &Path) -> Result<crate::Built, Status> {
    let mut err = String::new();
    let result = load(path, &mut err).and_then(|(source, res)| match build(&source, &res) {
        Ok(built) => {
            diagnostics_to(&mut err, path, &source, &built.warnings);
            Ok(built)
        }
        Err(BuildError::Invalid(diags)) => {
            diagnostics_to(&mut err, path, &source, &diags);
            Err(Status::Invalid)
        }
        Err(BuildError::Pdf(msg)) => {
            error_to(&mut err, format!("cannot write the PDF of `{}`: {msg}", path.display()));
            Err(Status::Failed)
        }
    });
    to_stderr(&err);
    result
}
