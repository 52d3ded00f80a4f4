//! Colour in messages, the way compilers use it: `error` red, `warning`
//! yellow, locations and gutters blue, carets in the colour of their
//! message, hints cyan. The messages are written as plain text everywhere
//! (diagnostics are plain data, and tests compare plain text); colour is
//! added line by line on the way to a terminal.
//!
//! `--color auto` (the default) colours when standard error is a terminal,
//! `TERM` is not `dumb` and `NO_COLOR` is unset or empty
//! (<https://no-color.org>); `always` and `never` decide regardless.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::ValueEnum;

/// When to colour messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ColorChoice {
    /// When standard error is a terminal and `NO_COLOR` is not set.
    #[default]
    Auto,
    /// Always, also into files and pipes.
    Always,
    /// Never.
    Never,
}

static ON: AtomicBool = AtomicBool::new(false);

/// Decides, once per run, whether messages are coloured.
pub fn init(choice: ColorChoice) {
    let on = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
                && std::io::stderr().is_terminal()
        }
    };
    ON.store(on, Ordering::Relaxed);
}

/// Messages for standard error, coloured when colour is on.
pub fn paint(text: &str) -> String {
    if !ON.load(Ordering::Relaxed) || text.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    // The colour of the message the following lines belong to.
    let mut current = RED;
    for line in text.split_inclusive('\n') {
        let (body, end) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        out.push_str(&paint_line(body, &mut current));
        out.push_str(end);
    }
    out
}

const RED: &str = "\x1b[1;31m";
const YELLOW: &str = "\x1b[1;33m";
const BLUE: &str = "\x1b[1;34m";
const CYAN: &str = "\x1b[1;36m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

fn paint_line(line: &str, current: &mut &'static str) -> String {
    for (label, color) in [("error", RED), ("warning", YELLOW)] {
        if let Some(rest) = line.strip_prefix(label).and_then(|r| r.strip_prefix(':')) {
            *current = color;
            return format!("{color}{label}{RESET}{BOLD}:{rest}{RESET}");
        }
    }
    // "  --> file:3:1", " 3 | text", "   | ^^^^", "   = hint: …"
    let trimmed = line.trim_start();
    let indent = &line[..line.len() - trimmed.len()];
    if let Some(rest) = trimmed.strip_prefix("-->") {
        return format!("{indent}{BLUE}-->{RESET}{rest}");
    }
    if let Some(rest) = trimmed.strip_prefix("= hint:") {
        return format!("{indent}{BLUE}={RESET} {CYAN}hint{RESET}:{rest}");
    }
    if let Some((gutter, rest)) = line.split_once(" |")
        && gutter.trim().chars().all(|c| c.is_ascii_digit())
    {
        let caret = rest.trim_start().starts_with('^') && rest.trim().chars().all(|c| c == '^');
        let rest = if caret { format!("{}{rest}{RESET}", *current) } else { rest.to_string() };
        return format!("{BLUE}{gutter} |{RESET}{rest}");
    }
    line.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diagnostic_is_coloured_part_by_part() {
        let mut current = RED;
        assert_eq!(paint_line("warning: no labels", &mut current), "\x1b[1;33mwarning\x1b[0m\x1b[1m: no labels\x1b[0m");
        assert_eq!(current, YELLOW);
        assert_eq!(paint_line("  --> a.toml:3:1", &mut current), "  \x1b[1;34m-->\x1b[0m a.toml:3:1");
        assert_eq!(paint_line(" 3 | titel = 1", &mut current), "\x1b[1;34m 3 |\x1b[0m titel = 1");
        assert_eq!(paint_line("   | ^^^^^", &mut current), "\x1b[1;34m   |\x1b[0m\x1b[1;33m ^^^^^\x1b[0m");
        assert_eq!(
            paint_line("   = hint: did you mean", &mut current),
            "   \x1b[1;34m=\x1b[0m \x1b[1;36mhint\x1b[0m: did you mean"
        );
        assert_eq!(paint_line("built 3 briefs in 0.01 s", &mut current), "built 3 briefs in 0.01 s");
    }

    #[test]
    fn off_means_plain_text() {
        ON.store(false, Ordering::Relaxed);
        assert_eq!(paint("error: x\n"), "error: x\n");
    }
}
