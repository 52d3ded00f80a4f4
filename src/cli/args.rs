//! The arguments, as clap definitions; their doc comments are the help.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

const EXAMPLES: &str = "\
Examples:
  brief build press-release.toml                  writes press-release.pdf beside it
  brief build press-release.toml -o out/pr.pdf    writes out/pr.pdf
  brief build briefs/*.toml -o out/               one PDF per brief in out/
  brief build briefs/ -o out/                     every brief below briefs/, on all cores
  brief build press-release.toml --report         also prints how well every line is set
  brief build press-release.toml --for lists/delegations.csv -o out/
                                                  one PDF per recipient in out/
  brief build press-release.toml --for lists/delegations.toml --print-run run.pdf
                                                  every copy for every recipient in one PDF
  brief check briefs/                             reports every problem, writes nothing

Exit status: 0 success, 1 an invalid brief, 2 a usage or I/O error.";

/// Turns TOML brief definitions into print-ready PDF briefs.
#[derive(Debug, Parser)]
#[command(name = "brief", version, about, after_help = EXAMPLES, arg_required_else_help = true)]
pub struct Args {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
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
        /// Output file (one brief) or existing directory (several briefs, a
        /// directory given, or a path ending in `/`). Default: each brief's
        /// path with `.pdf`.
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
        /// recipient.
        #[arg(long, value_name = "FILE.pdf", requires = "recipients", conflicts_with = "output")]
        print_run: Option<PathBuf>,
        /// Print no progress bar and no summary; problems are still
        /// reported.
        #[arg(short, long)]
        quiet: bool,
    },
    /// Validate briefs without writing anything; report every problem.
    #[command(after_help = EXAMPLES)]
    Check {
        /// The brief files (TOML), or directories: every `*.toml` below
        /// them, skipping hidden ones and `target/`.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Print no progress bar and no summary; problems are still
        /// reported.
        #[arg(short, long)]
        quiet: bool,
    },
}
