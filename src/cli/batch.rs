//! Running one job per brief on all cores. Each job collects what it has to
//! say instead of printing it; the results are printed whole, in input
//! order, as soon as every earlier brief is done, so the diagnostics of two
//! briefs never interleave. A progress bar is drawn only when asked to
//! (stderr is a terminal and `--quiet` was not given).

use std::io::Write;
use std::sync::mpsc;

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use super::Status;

/// How one brief's job ended and what it printed.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The job's exit status.
    pub status: Status,
    /// Diagnostics and errors, for standard error.
    pub stderr: String,
    /// The layout report, for standard output.
    pub stdout: String,
    /// Diagnostics about a file several briefs share (their house file),
    /// printed before `stderr` unless an earlier brief printed them.
    pub shared: Vec<Shared>,
}

/// A rendered diagnostic about a shared file, printed once per run.
#[derive(Debug, Clone)]
pub struct Shared {
    /// What makes two the same: the file, severity, place and message.
    pub key: String,
    /// The text to print.
    pub text: String,
}

/// How many jobs ended with each status.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    /// Jobs that succeeded.
    pub ok: usize,
    /// Jobs whose brief was invalid.
    pub invalid: usize,
    /// Jobs that failed to read or write a file.
    pub failed: usize,
}

impl Tally {
    /// The worst status of all jobs.
    pub fn worst(&self) -> Status {
        if self.failed > 0 {
            Status::Failed
        } else if self.invalid > 0 {
            Status::Invalid
        } else {
            Status::Ok
        }
    }

    /// "(2 invalid, 1 failed)", or nothing when all went well.
    pub fn problems(&self) -> String {
        let parts: Vec<String> = [(self.invalid, "invalid"), (self.failed, "failed")]
            .into_iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, what)| format!("{n} {what}"))
            .collect();
        if parts.is_empty() { String::new() } else { format!(" ({})", parts.join(", ")) }
    }

    fn add(&mut self, status: Status) {
        match status {
            Status::Ok => self.ok += 1,
            Status::Invalid => self.invalid += 1,
            Status::Failed => self.failed += 1,
        }
    }
}

/// Runs `job` on every item in parallel and prints each outcome whole, in
/// item order. `progress` names the work ("building") when a bar is wanted.
pub fn run<T: Sync>(items: &[T], progress: Option<&str>, job: impl Fn(&T) -> Outcome + Sync) -> Tally {
    let mut tally = Tally::default();
    let mut printed = Printed::default();
    // One brief is built on this thread: starting a pool of workers would
    // cost more than it saves.
    if let [item] = items {
        let outcome = job(item);
        print(&outcome, &mut printed);
        tally.add(outcome.status);
        return tally;
    }
    let bar = progress.map(|verb| {
        let style = ProgressStyle::with_template("{prefix} {wide_bar} {pos}/{len}")
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        ProgressBar::new(items.len() as u64).with_style(style).with_prefix(verb.to_owned())
    });
    let (tx, rx) = mpsc::channel();
    std::thread::scope(|scope| {
        let job = &job;
        scope.spawn(move || {
            items.par_iter().enumerate().for_each_with(tx, |tx, (i, item)| {
                // The receiver lives until every sender is gone.
                let _ = tx.send((i, job(item)));
            });
        });
        // Outcomes arrive in any order; hold each until those before it
        // are printed.
        let mut held: Vec<Option<Outcome>> = items.iter().map(|_| None).collect();
        let mut next = 0;
        for (i, outcome) in rx {
            held[i] = Some(outcome);
            while let Some(outcome) = held.get_mut(next).and_then(Option::take) {
                match &bar {
                    Some(bar) => bar.suspend(|| print(&outcome, &mut printed)),
                    None => print(&outcome, &mut printed),
                }
                tally.add(outcome.status);
                next += 1;
            }
            if let Some(bar) = &bar {
                bar.inc(1);
            }
        }
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    tally
}

/// What a run has printed to standard error so far.
#[derive(Debug, Default)]
pub struct Printed {
    /// The keys of the shared diagnostics printed.
    keys: std::collections::HashSet<String>,
    /// Whether anything was.
    any: bool,
}

/// Prints one outcome, each stream in one write; a shared diagnostic
/// only when no earlier outcome printed it. A blank line parts what two
/// outcomes print.
pub fn print(outcome: &Outcome, printed: &mut Printed) {
    if !outcome.stdout.is_empty() {
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(outcome.stdout.as_bytes()).and_then(|()| out.flush());
    }
    let fresh = outcome.shared.iter().filter(|s| printed.keys.insert(s.key.clone()));
    let parts: Vec<&str> =
        fresh.map(|s| s.text.as_str()).chain(Some(outcome.stderr.as_str())).filter(|t| !t.is_empty()).collect();
    if parts.is_empty() {
        return;
    }
    let mut err = if printed.any { String::from("\n") } else { String::new() };
    err.push_str(&parts.join("\n"));
    printed.any = true;
    super::to_stderr(&err);
}
