//! The arguments, as clap definitions; their doc comments are the help.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use super::color::ColorChoice;

const SEND_EXAMPLES: &str = "\
Examples:
  brief send press-release.toml --dry-run
      shows the envelope, headers and sizes without connecting
  brief send press-release.toml --for delegations.csv --dry-run
      one message per recipient of the list, each with its own copy, and
      which the send journal shows as sent already (skipped)
  brief send press-release.toml --for delegations.csv --rate 60/min
      sends the copies not yet sent, at most 60 a minute; run it again
      after a failure: what the server took is not sent twice
  brief send press-release.toml --for delegations.csv --resend in-doubt
      also sends the copies whose reply never came
  BRIEF_SMTP_HOST=smtp.un.org BRIEF_SMTP_USER=gerardl brief send press-release.toml
      sends over STARTTLS on port 587; the password is read from the
      environment variable BRIEF_SMTP_PASSWORD or from --password-file

Environment: BRIEF_SMTP_HOST, BRIEF_SMTP_PORT, BRIEF_SMTP_SECURITY,
BRIEF_SMTP_USER, BRIEF_SMTP_PASSWORD, BRIEF_SMTP_PASSWORD_FILE.
The addressees and subject come from the brief's `[email]` table. What
the server took is recorded in the send journal beside the brief
(`press-release.send-journal.jsonl`).

Exit status: 0 every copy taken by the server (now or in an earlier
run), 1 an invalid brief, 2 a usage, connection or server error, a copy
in doubt, or a changed copy not sent again.";

const EXAMPLES: &str = "\
Examples:
  brief build press-release.toml                  writes press-release.pdf beside it
  brief build press-release.toml -o out/pr.pdf    writes out/pr.pdf (making out/ if missing)
  brief build press-release.toml -o - | lp        the PDF on standard output, into another program
  brief build briefs/*.toml -o out/               one PDF per brief in out/
  brief build briefs/ -o out/                     every brief below briefs/, on all cores
  brief build press-release.toml --report         also prints how well every line is set
  brief build press-release.toml --for lists/delegations.csv -o out/
                                                  one PDF per recipient in out/
  brief build press-release.toml --for lists/delegations.toml --print-run run.pdf
                                                  every copy for every recipient in one PDF
  brief check briefs/                             reports every problem, writes nothing
  brief summary press-release.toml                the summary as plain text, for an e-mail
  brief summary press-release.toml --format html  the same as e-mail-safe HTML
  brief build press-release.toml --eml            also writes press-release.eml (summary + PDF)
  brief build media-advisory.toml --ics           also writes media-advisory.ics (the event, for calendars)
  brief build press-release.toml --html           also writes press-release.html, its web page
  brief send press-release.toml --dry-run         shows what `brief send` would send
  brief new world-press-day                       writes a starter brief, world-press-day.toml
  brief watch press-release.toml                  rebuilds the PDF on every save
  brief schema > brief.schema.json                the format's JSON Schema, for editors

Exit status: 0 success, 1 an invalid brief, 2 a usage or I/O error.";

/// Turns TOML brief definitions into print-ready PDF briefs.
#[derive(Debug, Parser)]
#[command(name = "brief", version, about, after_help = EXAMPLES, arg_required_else_help = true)]
pub struct Args {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Colour messages: `auto` (on a terminal, unless NO_COLOR is set),
    /// `always` or `never`.
    #[arg(long, value_enum, global = true, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// Print no progress bar and no summary; problems are still reported.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print every file written, with its pages, size and time.
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render briefs to PDF.
    #[command(after_help = EXAMPLES)]
    Build {
        /// The brief files (TOML), or directories: every `*.toml` below
        /// them, skipping hidden ones and `target/`.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Output file (one brief) or directory (several briefs, a directory
        /// given, `--for`, or a path ending in `/`); a missing directory, or
        /// the missing folder of a file, is made with its parents. `-`, a
        /// device or a named pipe (`/dev/stdout`) receives the PDF itself:
        /// one brief, without `--eml`, `--ics` or a `--report` on the same
        /// output. Default: each brief's path with `.pdf`.
        #[arg(short, long, value_name = "PATH")]
        output: Option<PathBuf>,
        /// Print a layout-quality report on standard output: per justified
        /// paragraph the adjustment ratio and widest word space of every
        /// line, hyphenated and overfull lines, widows and orphans.
        #[arg(long, conflicts_with = "recipients")]
        report: bool,
        /// A recipient list (`.toml` or `.csv`): build one copy of the brief
        /// per recipient, "Prepared for" them, in their language when a
        /// version of the brief exists beside it (`press-release.fr.toml`),
        /// on their page size; one PDF each into the directory given with
        /// `-o`, named after the recipient.
        #[arg(long = "for", value_name = "LIST")]
        recipients: Option<PathBuf>,
        /// With `--for`: write one print-ready PDF instead, with every copy
        /// for every recipient in list order, each copy starting on a new
        /// sheet (blank backs for duplex printing) and a bookmark per
        /// recipient; `-` writes it to standard output.
        #[arg(long, value_name = "FILE.pdf", requires = "recipients", conflicts_with = "output")]
        print_run: Option<PathBuf>,
        /// Also write an e-mail message beside each PDF (same name, `.eml`):
        /// the summary as text and HTML, the PDF attached, addressed from
        /// the brief's `[email]` table; a draft to open in a mail client
        /// (without `[email].from`, it has no sender: the client's account
        /// sends it).
        #[arg(long, conflicts_with = "recipients")]
        eml: bool,
        /// Also write the event of a media advisory as a calendar file
        /// beside each PDF (same name, `.ics`), to add to a calendar; a
        /// brief without `[event]` gets none, with a warning.
        #[arg(long, conflicts_with = "recipients")]
        ics: bool,
        /// Also write the brief's web page beside each PDF (same name,
        /// `.html`): one self-contained file (styles, images and logo
        /// inside, no script), linked to its language versions' pages.
        /// With `--for -o DIR`, one page per recipient's copy; not with
        /// `--print-run`.
        #[arg(long, conflicts_with = "print_run")]
        html: bool,
        /// The standards the PDF claims in its metadata, over the brief's
        /// `[style] standard`: PDF/A-2a and PDF/UA-1 (the default), or
        /// none for a plain PDF. The file is tagged either way.
        #[arg(long, value_enum, value_name = "STANDARD")]
        standard: Option<Standard>,
        /// Treat every warning as an error: a brief with any (a language
        /// version out of step, a character no font has) is not built.
        /// For a release pipeline.
        #[arg(long)]
        deny_warnings: bool,
        /// With `--for`: use language versions that differ from the brief
        /// in what a translation must keep (dates, figures, numbers,
        /// addresses); without it such a run is refused.
        #[arg(long, requires = "recipients")]
        allow_drift: bool,
    },
    /// Validate briefs without writing anything; report every problem.
    #[command(after_help = EXAMPLES)]
    Check {
        /// The brief files (TOML), or directories: every `*.toml` below
        /// them, skipping hidden ones and `target/`.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Check a print run without writing it: the recipient list (TOML
        /// or CSV), the brief's language versions the recipients need, and
        /// every recipient's copy laid out on their page size.
        #[arg(long = "for", value_name = "LIST")]
        recipients: Option<PathBuf>,
        /// Treat every warning as an error (exit status 1).
        #[arg(long)]
        deny_warnings: bool,
        /// With `--for`: accept language versions that differ from the
        /// brief in what a translation must keep.
        #[arg(long, requires = "recipients")]
        allow_drift: bool,
    },
    /// Print a brief's summary for an e-mail: title, dateline, lede, key
    /// figures, quotes and contacts.
    #[command(after_help = EXAMPLES)]
    Summary {
        /// The brief file (TOML).
        #[arg(value_name = "BRIEF")]
        path: PathBuf,
        /// Plain text wrapped at 72 columns with links listed at the end,
        /// Markdown, or e-mail-safe HTML (inline styles, no external
        /// resources).
        #[arg(long, value_enum, default_value_t = SummaryFormat::Text)]
        format: SummaryFormat,
    },
    /// Send a brief by e-mail over SMTP: the summary as text and HTML, the
    /// PDF attached, to the addressees of its `[email]` table.
    #[command(after_help = SEND_EXAMPLES)]
    Send {
        /// The brief file (TOML).
        #[arg(value_name = "BRIEF")]
        path: PathBuf,
        #[command(flatten)]
        request: super::send::Request,
        /// A recipient list (`.toml` or `.csv`) with an `email` for each:
        /// one message per recipient, to them, with their own copy ("Prepared
        /// for", their language version and page size) attached; `cc` and
        /// `bcc` of the brief's `[email]` table go on every message.
        #[arg(long = "for", value_name = "LIST")]
        recipients: Option<PathBuf>,
        /// With `--for`: send language versions that differ from the brief
        /// in what a translation must keep; without it nothing is sent.
        #[arg(long, requires = "recipients")]
        allow_drift: bool,
    },
    /// Write a commented starter brief that builds as it is.
    New {
        /// The file to write (`.toml` is added when missing). Default:
        /// `brief.toml`. An existing file is never overwritten.
        #[arg(value_name = "NAME")]
        name: Option<PathBuf>,
    },
    /// Rebuild a brief's PDF every time the brief, its logo or its fonts are saved,
    /// printing its problems as they come and keeping the last good PDF.
    Watch {
        /// The brief file (TOML).
        #[arg(value_name = "BRIEF")]
        path: PathBuf,
        /// Output file (its missing folder is made). Default: the brief's
        /// path with `.pdf`.
        #[arg(short, long, value_name = "PATH")]
        output: Option<PathBuf>,
        /// Also rebuild the brief's web page beside the PDF (`.html`).
        #[arg(long)]
        html: bool,
    },
    /// Print the JSON Schema of the brief format, for editors.
    Schema {
        /// The schema of a house file (`house.toml`) instead: every key
        /// optional, values per language, `end_mark` and `[[boilerplate]]`.
        #[arg(long)]
        house: bool,
    },
    /// List the bundled font families.
    Fonts,
    /// Print a completion script for a shell.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), for `man`.
    Man,
}

/// The formats of `brief summary`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SummaryFormat {
    /// Plain text.
    Text,
    /// Markdown.
    Markdown,
    /// HTML for mail clients.
    Html,
}

/// The standards `brief build --standard` makes a PDF claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Standard {
    /// PDF/A-2a (archival) and PDF/UA-1 (accessible).
    #[value(name = "pdf/a-2a+ua-1")]
    PdfA2aUa1,
    /// No claim: a plain PDF, still tagged.
    None,
}

impl Standard {
    /// The settings over the brief's own that this choice makes.
    pub fn overrides(choice: Option<Standard>) -> crate::Overrides {
        crate::Overrides { claims: choice.map(|s| s == Standard::PdfA2aUa1) }
    }
}
