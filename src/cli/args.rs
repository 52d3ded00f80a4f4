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
        #[arg(long)]
        report: bool,
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
