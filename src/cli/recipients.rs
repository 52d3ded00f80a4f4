//! `brief build BRIEF --for LIST`: one copy of a brief per recipient of a
//! list, as one PDF each (`-o DIR`) or as one print run (`--print-run`).
//!
//! Steps, each finished before the next starts, so that a problem anywhere
//! writes nothing:
//!
//! 1. read and check the list (`.toml` or `.csv`, by its extension);
//! 2. read and check the brief and every language version the recipients
//!    need: a recipient whose `language` is `fr` gets `NAME.fr.toml` from
//!    beside `NAME.toml` (`NAME.fr-CH.toml` first for `fr-CH`), or the base
//!    brief when there is none (with a warning naming the missing file);
//! 3. lay out every recipient's copy (on all cores);
//! 4. write: one PDF per recipient, named by [`slug`] of the name (two
//!    names with the same slug are an error, pointing at the list), every
//!    file written in full before any is renamed into place; or the print
//!    run, written atomically.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use unicode_normalization::UnicodeNormalization;

use crate::layout::Document;
use crate::model::{self, Brief, Diagnostic, Language, ListFormat, Recipient, RecipientList};
use crate::{BuildError, pdf};

use super::{Status, error, io_reason, load, output, plural, summary, to_stderr};

/// Most pages in one print run.
pub const MAX_RUN_PAGES: usize = 10_000;

/// Most bytes in a file name made from a recipient's name (before `.pdf`).
const SLUG_BYTES: usize = 80;

/// How a run treats language versions out of step with the brief, and
/// warnings.
#[derive(Debug, Clone, Copy, Default)]
pub struct Strict {
    /// Use versions that differ from the brief in what a translation must
    /// keep (`--allow-drift`); otherwise the run is refused.
    pub allow_drift: bool,
    /// Every warning is an error (`--deny-warnings`).
    pub deny_warnings: bool,
}

/// Where `brief build BRIEF --for LIST` writes.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    /// The directory of the copies (`-o`).
    pub output: Option<&'a Path>,
    /// The one file of a print run (`--print-run`).
    pub print_run: Option<&'a Path>,
    /// A web page beside each copy's PDF (`--html`), "Prepared for" its
    /// recipient.
    pub html: bool,
}

/// The one brief file of `brief build|check BRIEF --for LIST`.
fn one_brief<'p>(paths: &'p [PathBuf], command: &str) -> Result<&'p Path, Status> {
    match paths {
        [one] if !one.is_dir() => Ok(one.as_path()),
        _ => {
            error(format!(
                "`--for` {command}s one brief for a list of recipients\n  = hint: give one brief file, e.g. `brief {command} press-release.toml --for delegations.csv{}`",
                if command == "build" { " -o out/" } else { "" }
            ));
            Err(Status::Failed)
        }
    }
}

/// Builds the brief at `paths` for every recipient of `list`.
pub fn build(
    paths: &[PathBuf],
    list: &Path,
    target: Target,
    overrides: crate::Overrides,
    strict: Strict,
    quiet: bool,
) -> Status {
    let Target { output, print_run, html } = target;
    let start = Instant::now();
    let brief_path = match one_brief(paths, "build") {
        Ok(p) => p,
        Err(status) => return status,
    };
    if let Err(msg) = check_target(brief_path, list, output, print_run) {
        error(msg);
        return Status::Failed;
    }
    let (recipients, briefs, copies) = match lay_out(brief_path, list, overrides, strict) {
        Ok(all) => all,
        Err(status) => return status,
    };

    // 4. The PDFs, into the output directory (made if it is missing).
    let created = output.filter(|dir| print_run.is_none() && !dir.is_dir());
    if let Some(dir) = created
        && let Err(msg) = output::make_dir(dir)
    {
        error(msg);
        return Status::Failed;
    }
    let status = match print_run {
        Some(run) => write_run(run, &recipients.recipients, &copies, &briefs.versions[0].brief),
        None => {
            let pages: Vec<Option<String>> = match html {
                true => recipients
                    .recipients
                    .par_iter()
                    .zip(&briefs.chosen)
                    .map(|(r, &k)| {
                        let options =
                            crate::web::Options { alternates: Vec::new(), prepared_for: Some(r.name.clone()) };
                        Some(crate::web::page(&briefs.versions[k].brief, &options))
                    })
                    .collect(),
                false => vec![None; copies.len()],
            };
            write_each(output.unwrap_or(Path::new(".")), list, &recipients.recipients, &copies, &pages)
        }
    };
    if status == Status::Ok && !quiet {
        let secs = start.elapsed().as_secs_f64();
        let n = recipients.recipients.len();
        let msg = match print_run {
            Some(run) => {
                let total: u32 = recipients.recipients.iter().map(|r| r.copies).sum();
                let parts: Vec<pdf::RunPart> = part_list(&recipients.recipients, &copies);
                let pages = pdf::plan_run(&parts).pages;
                format!(
                    "wrote {}: {} for {}, {} in {secs:.2} s",
                    output::shown(run),
                    plural(total as usize, "copy", "copies"),
                    plural(n, "recipient", "recipients"),
                    plural(pages, "page", "pages")
                )
            }
            None => {
                let into = created.map_or(String::new(), |dir| format!(" into `{}` (created)", dir.display()));
                format!("built {}{into} in {secs:.2} s", plural(n, "PDF", "PDFs"))
            }
        };
        summary(msg);
    }
    status
}

/// `brief check BRIEF --for LIST`: the list, the brief, its language
/// versions and every recipient's copy laid out, without writing a file.
pub fn check(paths: &[PathBuf], list: &Path, strict: Strict, quiet: bool) -> Status {
    let brief_path = match one_brief(paths, "check") {
        Ok(p) => p,
        Err(status) => return status,
    };
    let (recipients, briefs, copies) = match lay_out(brief_path, list, crate::Overrides::default(), strict) {
        Ok(all) => all,
        Err(status) => return status,
    };
    if !quiet {
        let total: u32 = recipients.recipients.iter().map(|r| r.copies).sum();
        let pages = pdf::plan_run(&part_list(&recipients.recipients, &copies)).pages;
        summary(format!(
            "`{}` is ready for {}: {} in {}, {} in a print run",
            list.display(),
            plural(recipients.recipients.len(), "recipient", "recipients"),
            plural(total as usize, "copy", "copies"),
            plural(briefs.versions.len(), "version", "versions"),
            plural(pages, "page", "pages"),
        ));
    }
    Status::Ok
}

/// Steps 1–3 of a print run: the list, the brief and its language
/// versions, and every recipient's copy laid out.
fn lay_out(
    brief_path: &Path,
    list: &Path,
    overrides: crate::Overrides,
    strict: Strict,
) -> Result<(RecipientList, Briefs, Vec<Document>), Status> {
    // 1. The list.
    let recipients = read_list(list)?;

    // 2. The brief and its language versions.
    let mut briefs = read_briefs(brief_path, &recipients.recipients, strict)?;
    for version in &mut briefs.versions {
        overrides.apply(&mut version.brief);
    }

    // 3. Every recipient's copy.
    let docs: Vec<Result<Document, BuildError>> = recipients
        .recipients
        .par_iter()
        .zip(&briefs.chosen)
        .map(|(r, &k)| crate::layout_for(&briefs.versions[k].brief, r))
        .collect();
    let mut copies = Vec::with_capacity(docs.len());
    for ((doc, r), &k) in docs.into_iter().zip(&recipients.recipients).zip(&briefs.chosen) {
        match doc {
            Ok(doc) => copies.push(doc),
            Err(e) => {
                // The first problem is enough: the others are most likely
                // the same one (a brief too long for any page size).
                report_copy_error(&briefs.versions[k].path, &r.name, e);
                return Err(Status::Invalid);
            }
        }
    }
    Ok((recipients, briefs, copies))
}

/// One recipient's copy of a brief, for an e-mail to them.
pub struct MailCopy {
    /// The recipient's name.
    pub name: String,
    /// Their address, from the list's `email` field.
    pub address: model::Mailbox,
    /// The version of the brief they get (their language), with the base
    /// brief's `[email]` when the version has none.
    pub brief: Brief,
    /// Their copy as a PDF.
    pub pdf: Vec<u8>,
    /// The attachment's file name.
    pub filename: String,
}

/// Every recipient's copy of the brief at `brief_path`, for `send --for`.
/// Each recipient needs an `email` field; the problems of all of them are
/// reported before anything is built.
pub fn mail_copies(brief_path: &Path, list: &Path, strict: Strict) -> Result<Vec<MailCopy>, Status> {
    let recipients = read_list(list)?.recipients;
    let mut addresses = Vec::with_capacity(recipients.len());
    let mut err = String::new();
    for r in &recipients {
        match r.field("email").map(model::parse_mailbox) {
            Some(Ok(mut mailbox)) => {
                mailbox.name.get_or_insert_with(|| r.name.clone());
                addresses.push(mailbox);
            }
            Some(Err(why)) => err.push_str(&format!("error: the `email` of `{}` {why}\n", r.name)),
            None => err.push_str(&format!(
                "error: `{}` has no `email`\n  = hint: add an `email` column (CSV) or key (TOML) to `{}`\n",
                r.name,
                list.display()
            )),
        }
    }
    if !err.is_empty() {
        to_stderr(&err);
        return Err(Status::Invalid);
    }
    let briefs = read_briefs(brief_path, &recipients, strict)?;
    // A language version without an `[email]` table of its own mails from
    // the base brief's sender to its copies, with its own title as subject.
    let base_email = briefs.versions[0].brief.email.clone().map(|e| model::Email { subject: None, ..e });
    let book = crate::text::FontBook::shared();
    let mut copies = Vec::with_capacity(recipients.len());
    for ((r, &k), address) in recipients.iter().zip(&briefs.chosen).zip(addresses) {
        let version = &briefs.versions[k];
        let pdf = crate::layout_for(&version.brief, r)
            .and_then(|doc| pdf::write(&doc, book).map_err(|e| BuildError::Pdf(e.to_string())));
        match pdf {
            Ok(pdf) => {
                let mut brief = version.brief.clone();
                if brief.email.is_none() {
                    brief.email.clone_from(&base_email);
                }
                copies.push(MailCopy {
                    name: r.name.clone(),
                    address,
                    brief,
                    pdf,
                    filename: format!("{}.pdf", slug(&r.name)),
                });
            }
            Err(e) => {
                report_copy_error(&version.path, &r.name, e);
                return Err(Status::Invalid);
            }
        }
    }
    Ok(copies)
}

/// Reports why one recipient's copy could not be laid out.
fn report_copy_error(brief: &Path, name: &str, e: BuildError) {
    let mut err = String::new();
    match e {
        BuildError::Invalid(diags) => {
            err.push_str(&format!("error: the copy for `{name}` cannot be made\n"));
            err.push_str(&model::render(&brief.display().to_string(), b"", &diags));
        }
        BuildError::Pdf(msg) => err.push_str(&format!("error: the copy for `{name}`: {msg}\n")),
    }
    to_stderr(&err);
}

/// Checks the output request before any work: `-o DIR` (an existing
/// directory) for one PDF per recipient, or `--print-run FILE.pdf`.
fn check_target(brief: &Path, list: &Path, output: Option<&Path>, print_run: Option<&Path>) -> Result<(), String> {
    match (output, print_run) {
        // Standard output, a device or a named pipe takes the bytes.
        (_, Some(run)) if output::is_stream(run) => Ok(()),
        (_, Some(run)) => {
            if run.is_dir() {
                return Err(format!(
                    "`--print-run` names a file, but `{}` is a directory\n  = hint: give the PDF to write, e.g. `--print-run {}`",
                    run.display(),
                    run.join("print-run.pdf").display()
                ));
            }
            if run == brief || run == list || !run.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")) {
                return Err(format!(
                    "refusing to write the print run to `{}`\n  = hint: give a path ending in `.pdf`",
                    run.display()
                ));
            }
            Ok(())
        }
        (Some(dir), None) if output::is_stdout(dir) => Err(
            "with `--for`, `-o` names the directory that receives one PDF per recipient, not standard output\n  = hint: `--print-run -` writes every copy in one PDF to standard output"
                .to_string(),
        ),
        (Some(dir), None) if dir.is_dir() => Ok(()),
        (Some(dir), None) if dir.exists() => Err(format!(
            "output directory `{}` is a file\n  = hint: with `--for`, `-o` names the directory that receives one PDF per recipient",
            dir.display()
        )),
        (Some(dir), None) if dir.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")) => Err(format!(
            "output directory `{}` does not exist\n  = hint: with `--for`, `-o` names the directory that receives one PDF per recipient (it is made if missing); for one PDF, use `--print-run {}`",
            dir.display(),
            dir.display()
        )),
        // A missing directory is made once every copy is laid out.
        (Some(_), None) => Ok(()),
        (None, None) => Err(
            "`--for` needs `-o DIR` (one PDF per recipient) or `--print-run FILE.pdf` (one PDF for the printer)\n  = hint: e.g. `brief build press-release.toml --for delegations.csv -o out/`"
                .to_string(),
        ),
    }
}

/// Reads and checks the recipient list, printing its warnings or errors.
fn read_list(list: &Path) -> Result<RecipientList, Status> {
    let name = list.display().to_string();
    let format = match list.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("toml") => ListFormat::Toml,
        Some("csv") => ListFormat::Csv,
        _ => {
            error(format!(
                "cannot tell the format of the recipient list `{name}`\n  = hint: a list is a `.toml` file of `[[recipient]]` tables or a `.csv` file with a header row"
            ));
            return Err(Status::Failed);
        }
    };
    // A pipe named for the list is read too, up to the limit.
    let source = super::inputs::read_limited(list, model::limits::LIST_BYTES as u64).map_err(|e| match e {
        super::inputs::ReadError::Io(e) => {
            error(format!("cannot read `{name}`: {}", io_reason(&e)));
            Status::Failed
        }
        super::inputs::ReadError::TooLarge => {
            error(format!(
                "cannot read `{name}`: file is larger than {} MiB; a recipient list is a few KiB",
                model::limits::LIST_BYTES / 1024 / 1024
            ));
            Status::Invalid
        }
    })?;
    let book = crate::text::FontBook::shared();
    match model::parse_list(&source, format, &|c| book.covers(c)) {
        Ok(parsed) => {
            print_diags(&name, &source, &parsed.warnings);
            Ok(parsed)
        }
        Err(diags) => {
            print_diags(&name, &source, &diags);
            Err(Status::Invalid)
        }
    }
}

fn print_diags(path: &str, source: &[u8], diags: &[Diagnostic]) {
    if !diags.is_empty() {
        to_stderr(&model::render(path, source, diags));
    }
}

/// A version of the brief, read and checked.
struct Version {
    path: PathBuf,
    brief: Brief,
    house: Option<std::sync::Arc<model::House>>,
}

/// The versions of the brief the recipients need (the base first) and,
/// per recipient, the index of theirs.
struct Briefs {
    versions: Vec<Version>,
    chosen: Vec<usize>,
}

/// Reads the base brief and every language version the recipients ask
/// for, printing warnings and errors.
fn read_briefs(base: &Path, recipients: &[Recipient], strict: Strict) -> Result<Briefs, Status> {
    let mut versions: Vec<Version> = Vec::new();
    let mut worst = Status::Ok;
    let mut warned = false;
    // The versions' shared house file's problems are printed once.
    let mut printed = super::batch::Printed::default();
    let mut read = |path: &Path, versions: &mut Vec<Version>| -> Option<usize> {
        if let Some(k) = versions.iter().position(|v| v.path == path) {
            return Some(k);
        }
        let mut err = String::new();
        let mut shared = Vec::new();
        let result = match load(path, &mut err) {
            Err(s) => Err(s),
            Ok((source, res)) => match crate::parse(&source, &res) {
                Ok(parsed) => {
                    warned |= !parsed.warnings.is_empty();
                    super::diagnostics_split(&mut err, &mut shared, path, &source, &parsed.warnings);
                    Ok((parsed.brief, parsed.house))
                }
                Err(BuildError::Invalid(diags)) => {
                    super::diagnostics_split(&mut err, &mut shared, path, &source, &diags);
                    Err(Status::Invalid)
                }
                Err(BuildError::Pdf(msg)) => {
                    super::error_to(&mut err, msg);
                    Err(Status::Failed)
                }
            },
        };
        let outcome = super::batch::Outcome { stderr: err, shared, ..Default::default() };
        super::batch::print(&outcome, &mut printed);
        match result {
            Ok((brief, house)) => {
                versions.push(Version { path: path.to_path_buf(), brief, house });
                Some(versions.len() - 1)
            }
            Err(s) => {
                worst = worst.max(s);
                None
            }
        }
    };
    if read(base, &mut versions).is_none() {
        return Err(worst);
    }
    let base_language = versions[0].brief.language.clone();
    let mut chosen = Vec::with_capacity(recipients.len());
    // Languages without a version: tag → recipients who get the base brief.
    let mut missing: BTreeMap<String, usize> = BTreeMap::new();
    let mut checked: Vec<PathBuf> = Vec::new();
    for r in recipients {
        let Some(language) = &r.language else {
            chosen.push(0);
            continue;
        };
        match version_path(base, language) {
            Some(path) => {
                let k = read(&path, &mut versions).unwrap_or(0);
                if k > 0 && !checked.contains(&path) {
                    checked.push(path.clone());
                    let written = &versions[k].brief.language;
                    if written.primary != language.primary {
                        warn(format!(
                            "`{}` is written in `{}`, but its name says `{}`\n  = hint: check its `language` key",
                            path.display(),
                            written.tag,
                            language.tag
                        ));
                    }
                }
                chosen.push(k);
            }
            None => {
                if language.primary != base_language.primary {
                    *missing.entry(language.tag.clone()).or_default() += 1;
                }
                chosen.push(0);
            }
        }
    }
    if worst != Status::Ok {
        return Err(worst);
    }
    // Versions out of step with the brief are refused unless allowed.
    let read: Vec<super::versions::Read> = versions
        .iter()
        .filter_map(|v| {
            let source = super::inputs::read_limited(&v.path, super::MAX_BRIEF).ok()?;
            super::versions::Read::new(&v.path, &source, v.brief.clone(), v.house.as_deref(), None)
        })
        .collect();
    let mut drift = super::versions::out_of_step(&read);
    if !drift.is_empty() {
        let refuse = !strict.allow_drift || strict.deny_warnings;
        if refuse {
            super::deny(&mut drift);
        }
        let (mut err, mut shared) = (String::new(), Vec::new());
        super::diagnostics_split(&mut err, &mut shared, base, b"", &drift);
        super::batch::print(&super::batch::Outcome { stderr: err, shared, ..Default::default() }, &mut printed);
        if refuse {
            let differ: BTreeMap<&str, usize> =
                drift.iter().filter_map(|d| d.file.as_ref()).fold(BTreeMap::new(), |mut m, f| {
                    *m.entry(f.name.as_str()).or_default() += 1;
                    m
                });
            let list: Vec<String> =
                differ.iter().map(|(f, n)| format!("`{f}` ({})", plural(*n, "difference", "differences"))).collect();
            error(format!(
                "{} out of step with `{}`: nothing is made\n  = hint: correct the versions (or the brief), or pass `--allow-drift` to use them as they are",
                list.join(", "),
                base.display()
            ));
            return Err(Status::Invalid);
        }
        warned = true;
    }
    warned |= !missing.is_empty();
    if strict.deny_warnings && warned {
        error("the warnings above are errors with `--deny-warnings`: nothing is made");
        return Err(Status::Invalid);
    }
    for (tag, n) in missing {
        let stem = base.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        warn(format!(
            "no `{tag}` version of `{}`; {} it in `{}`\n  = hint: write `{stem}.{tag}.toml` beside it to give them their own",
            base.display(),
            if n == 1 { "1 recipient gets".to_string() } else { format!("{n} recipients get") },
            base_language.tag
        ));
    }
    Ok(Briefs { versions, chosen })
}

fn warn(msg: impl std::fmt::Display) {
    to_stderr(&format!("warning: {msg}\n"));
}

/// The version of the brief at `base` in `language`, if there is one
/// beside it: `NAME.TAG.toml` (as written, then lowercase), then
/// `NAME.PRIMARY.toml`.
pub fn version_path(base: &Path, language: &Language) -> Option<PathBuf> {
    let stem = base.file_stem()?.to_string_lossy().into_owned();
    let dir = base.parent().unwrap_or(Path::new(""));
    let mut tags = vec![language.tag.clone(), language.tag.to_ascii_lowercase(), language.primary.clone()];
    tags.dedup();
    tags.into_iter().map(|tag| dir.join(format!("{stem}.{tag}.toml"))).find(|p| p.is_file() && p != base)
}

/// A file name for a recipient, from their name: lowercase letters and
/// digits, accents removed from Latin letters (`ô` → `o`, `ß` → `ss`),
/// apostrophes dropped, every other run of characters a single `-`, at
/// most 80 bytes. Letters of other scripts are kept (`миссия`). Empty
/// when the name has no letter or digit at all.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in name.nfd() {
        if unicode_normalization::char::is_combining_mark(c) || matches!(c, '\'' | '’' | 'ʼ') {
            continue;
        }
        let folded = match c {
            'ß' => "ss",
            'æ' | 'Æ' => "ae",
            'œ' | 'Œ' => "oe",
            'ø' | 'Ø' => "o",
            'đ' | 'Đ' | 'ð' | 'Ð' => "d",
            'ł' | 'Ł' => "l",
            'þ' | 'Þ' => "th",
            'ı' => "i",
            _ => "",
        };
        let chars: Vec<char> = if folded.is_empty() { c.to_lowercase().collect() } else { folded.chars().collect() };
        for f in chars {
            if f.is_alphanumeric() {
                if dash && !out.is_empty() {
                    out.push('-');
                }
                dash = false;
                if out.len() + f.len_utf8() > SLUG_BYTES {
                    return out.trim_end_matches('-').to_string();
                }
                out.push(f);
            } else {
                dash = true;
            }
        }
    }
    out
}

/// The file of each recipient in `dir`: the slug of their name, or
/// `recipient-N` (their place in the list) when the name has no letter or
/// digit. Two recipients with the same file are an error about the list.
fn file_names(dir: &Path, list: &Path, recipients: &[Recipient]) -> Result<Vec<PathBuf>, Status> {
    let mut names = Vec::with_capacity(recipients.len());
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut diags = Vec::new();
    for (i, r) in recipients.iter().enumerate() {
        let mut stem = slug(&r.name);
        if stem.is_empty() {
            stem = format!("recipient-{}", i + 1);
        }
        let file = format!("{stem}.pdf");
        if let Some(&first) = seen.get(&file) {
            diags.push(
                Diagnostic::error(
                    format!("`{}` and `{}` would both be written to `{file}`", recipients[first].name, r.name),
                    r.span.clone(),
                )
                .with_hint(
                    "file names keep only letters and digits, without accents or case; \
                     tell the two names apart by a letter or digit",
                ),
            );
        } else {
            seen.insert(file.clone(), i);
        }
        names.push(dir.join(file));
    }
    if diags.is_empty() {
        return Ok(names);
    }
    // Read again to show the lines; not a pipe, whose text is gone.
    let source = match list.is_file() {
        true => super::inputs::read_limited(list, model::limits::LIST_BYTES as u64).unwrap_or_default(),
        false => Vec::new(),
    };
    print_diags(&list.display().to_string(), &source, &diags);
    Err(Status::Invalid)
}

/// Writes one PDF per recipient into `dir`, and beside each its web page
/// when `pages` holds one.
fn write_each(
    dir: &Path,
    list: &Path,
    recipients: &[Recipient],
    docs: &[Document],
    pages: &[Option<String>],
) -> Status {
    let names = match file_names(dir, list, recipients) {
        Ok(n) => n,
        Err(s) => return s,
    };
    let book = crate::text::FontBook::shared();
    let pdfs: Vec<Result<Vec<u8>, pdf::PdfError>> = docs.par_iter().map(|doc| pdf::write(doc, book)).collect();
    let mut files = Vec::with_capacity(pdfs.len() * 2);
    for (((bytes, path), r), page) in pdfs.into_iter().zip(names).zip(recipients).zip(pages) {
        match bytes {
            Ok(bytes) => {
                if let Some(page) = page {
                    files.push((path.with_extension("html"), page.clone().into_bytes()));
                }
                files.push((path, bytes));
            }
            Err(e) => {
                error(format!("cannot write the PDF for `{}`: {e}", r.name));
                return Status::Failed;
            }
        }
    }
    match output::write_all_atomic(&files) {
        Ok(()) => Status::Ok,
        Err(msg) => {
            error(msg);
            Status::Failed
        }
    }
}

fn part_list<'a>(recipients: &'a [Recipient], docs: &'a [Document]) -> Vec<pdf::RunPart<'a>> {
    recipients
        .iter()
        .zip(docs)
        .map(|(r, doc)| pdf::RunPart { doc, copies: r.copies as usize, bookmark: &r.name })
        .collect()
}

/// Writes the print run to `path`.
fn write_run(path: &Path, recipients: &[Recipient], docs: &[Document], base: &Brief) -> Status {
    let parts = part_list(recipients, docs);
    let pages = pdf::plan_run(&parts).pages;
    if pages > MAX_RUN_PAGES {
        error(format!(
            "the print run takes {pages} pages, the most is {MAX_RUN_PAGES}\n  = hint: split the recipient list into several print runs"
        ));
        return Status::Invalid;
    }
    let book = crate::text::FontBook::shared();
    let mut meta = crate::layout::metadata(base);
    meta.subject = Some(meta.subject.map_or_else(|| "Print run".to_string(), |s| format!("{s} – print run")));
    let bytes = match pdf::write_run(&parts, &meta, book) {
        Ok(b) => b,
        Err(e) => {
            error(format!("cannot write the print run: {e}"));
            return Status::Failed;
        }
    };
    // A missing folder is made, as for `build -o FILE`.
    let written = match output::missing_folder(path) {
        Some(dir) => output::make_dir(&dir).and_then(|()| output::write_atomic(path, &bytes)),
        None => output::write_atomic(path, &bytes),
    };
    match written {
        Ok(()) => Status::Ok,
        Err(msg) => {
            error(msg);
            Status::Failed
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe_file_names() {
        assert_eq!(slug("Permanent Mission of Mexico"), "permanent-mission-of-mexico");
        assert_eq!(slug("Mission permanente de la Côte d’Ivoire"), "mission-permanente-de-la-cote-divoire");
        assert_eq!(
            slug("  Permanent Mission of the People's Republic of China  "),
            "permanent-mission-of-the-peoples-republic-of-china"
        );
        assert_eq!(slug("Misión Permanente de España / Nueva York"), "mision-permanente-de-espana-nueva-york");
        assert_eq!(slug("Ständige Vertretung Österreichs – Straße 1"), "standige-vertretung-osterreichs-strasse-1");
        assert_eq!(slug("Постоянное представительство"), "постоянное-представительство");
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("—!?"), "");
        let long = slug(&"Mission ".repeat(40));
        assert!(long.len() <= SLUG_BYTES && !long.ends_with('-'), "{long}");
    }

    #[test]
    fn versions_are_found_beside_the_brief() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let base = dir.path().join("pr.toml");
        for name in ["pr.toml", "pr.fr.toml", "pr.es-mx.toml"] {
            std::fs::write(dir.path().join(name), "").unwrap_or_else(|e| panic!("{e}"));
        }
        let l = |tag: &str| Language { tag: tag.into(), primary: tag.split('-').next().unwrap_or(tag).to_lowercase() };
        assert_eq!(version_path(&base, &l("fr")), Some(dir.path().join("pr.fr.toml")));
        assert_eq!(version_path(&base, &l("fr-CH")), Some(dir.path().join("pr.fr.toml")));
        assert_eq!(version_path(&base, &l("es-MX")), Some(dir.path().join("pr.es-mx.toml")));
        assert_eq!(version_path(&base, &l("es")), None);
        assert_eq!(version_path(&base, &l("ru")), None);
    }
}
