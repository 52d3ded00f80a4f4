//! Diagnostics: what went wrong, where (a byte range in the brief's source,
//! or in another file: its house file, a language version) and how to fix
//! it, and their rendering as compiler-style text with the offending line
//! and a caret underline.
//!
//! A diagnostic may name other places it involves ([`Related`]): the value
//! of the brief that a language version differs from, say. They are shown
//! after the main place, each with its own line and a label, as `rustc`
//! shows a second span (`:::` before a place in another file).
//!
//! Positions are shown as `line:column`, both 1-based; the column counts
//! characters, not bytes. The caret line is measured in display cells, so
//! tabs (shown as four spaces) and wide characters do not misplace it.

use std::ops::Range;
use std::sync::Arc;

use unicode_width::UnicodeWidthChar;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The brief cannot be used.
    Error,
    /// The brief is used, but something was assumed.
    Warning,
}

/// A file diagnostics point into: its name as shown to the user and its
/// text.
#[derive(Debug, PartialEq, Eq)]
pub struct SourceFile {
    /// The path as the user would type it (`briefs/unoct/house.toml`).
    pub name: String,
    /// The file's text.
    pub text: String,
    /// Whether it is a house file (else a brief: a language version).
    pub house: bool,
}

/// One problem found in a brief.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong: lowercase, names in backticks, no final period.
    pub message: String,
    /// The byte range in the source the problem is about.
    pub span: Option<Range<usize>>,
    /// How to fix it, when there is a fix.
    pub hint: Option<String>,
    /// The file `span` is in, when it is not the brief the diagnostic is
    /// reported for (its house file, say).
    pub file: Option<Arc<SourceFile>>,
    /// Other places the problem involves, in order.
    pub related: Vec<Related>,
}

/// Another place a diagnostic involves, or a note without a place.
#[derive(Debug, Clone, PartialEq)]
pub struct Related {
    /// What the place is ("the brief says 147"), lowercase.
    pub label: String,
    /// The file, when not the brief the diagnostic is reported for.
    pub file: Option<Arc<SourceFile>>,
    /// The byte range in that file; `None` for a note.
    pub span: Option<Range<usize>>,
}

impl Diagnostic {
    /// An error about `span`.
    pub fn error(message: impl Into<String>, span: Range<usize>) -> Diagnostic {
        Diagnostic::new(Severity::Error, message, Some(span))
    }

    /// A warning about `span`.
    pub fn warning(message: impl Into<String>, span: Range<usize>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, message, Some(span))
    }

    /// A diagnostic of `severity` about `span` (or the whole file).
    pub fn new(severity: Severity, message: impl Into<String>, span: Option<Range<usize>>) -> Diagnostic {
        Diagnostic { severity, message: message.into(), span, hint: None, file: None, related: Vec::new() }
    }

    /// The same diagnostic with a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    /// The same diagnostic, about a place in `file`.
    pub fn in_file(mut self, file: Arc<SourceFile>) -> Diagnostic {
        self.file = Some(file);
        self
    }

    /// The same diagnostic with one more place it involves.
    pub fn with_related(
        mut self,
        label: impl Into<String>,
        file: Option<Arc<SourceFile>>,
        span: Range<usize>,
    ) -> Diagnostic {
        self.related.push(Related { label: label.into(), file, span: Some(span) });
        self
    }

    /// The same diagnostic with a note under it.
    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.related.push(Related { label: note.into(), file: None, span: None });
        self
    }
}

/// The 1-based line and character column of byte `offset` in `source`.
/// Offsets inside a character or past the end are clamped.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset);
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

fn floor_char_boundary(source: &str, offset: usize) -> usize {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Renders diagnostics like a compiler does:
///
/// ```text
/// error: unknown key `titel`
///   --> briefs/x.toml:3:1
///    |
///  3 | titel = "Counter-terrorism week"
///    | ^^^^^
///    = hint: did you mean `title`?
/// ```
///
/// `path` is the brief's file name as the user gave it and `source` its
/// text; a diagnostic about another file carries that file. Diagnostics
/// are separated by a blank line. Source that is not UTF-8 is shown
/// lossily.
pub fn render(path: &str, source: &[u8], diagnostics: &[Diagnostic]) -> String {
    let text = String::from_utf8_lossy(source);
    let mut out = String::new();
    for (i, diagnostic) in diagnostics.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        render_one(&mut out, (path, &text), diagnostic);
    }
    out
}

fn render_one(out: &mut String, brief: (&str, &str), d: &Diagnostic) {
    let label = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    out.push_str(&format!("{label}: {}\n", d.message));
    let (path, text) = d.file.as_ref().map_or(brief, |f| (f.name.as_str(), f.text.as_str()));
    // The gutter fits the largest line number shown.
    let lines = std::iter::once((text, d.span.as_ref()))
        .chain(d.related.iter().map(|r| (r.file.as_ref().map_or(brief.1, |f| f.text.as_str()), r.span.as_ref())))
        .filter_map(|(text, span)| span.map(|s| line_col(text, s.start).0))
        .max();
    // Without a line to show, the arrow stands one space in.
    let pad = lines.map_or(1, |l| l.to_string().len() + 1);
    let blank = " ".repeat(pad);
    match &d.span {
        Some(span) => place(out, "-->", (path, text), span, '^', "", pad),
        None => out.push_str(&format!("{blank}--> {path}\n")),
    }
    for r in &d.related {
        let Some(span) = &r.span else { continue };
        let (rpath, rtext) = r.file.as_ref().map_or(brief, |f| (f.name.as_str(), f.text.as_str()));
        let arrow = if rpath == path { "" } else { ":::" };
        place(out, arrow, (rpath, rtext), span, '-', &r.label, pad);
    }
    for r in d.related.iter().filter(|r| r.span.is_none()) {
        out.push_str(&format!("{blank} = note: {}\n", r.label));
    }
    if let Some(hint) = &d.hint {
        out.push_str(&format!("{blank} = hint: {hint}\n"));
    }
}

/// One place: `--> file:line:col` (or `::: …` for another file; nothing
/// for another place in the same file), the line, and `mark`s under the
/// span followed by `label`.
fn place(
    out: &mut String,
    arrow: &str,
    (path, text): (&str, &str),
    span: &Range<usize>,
    mark: char,
    label: &str,
    pad: usize,
) {
    let blank = " ".repeat(pad);
    let start = floor_char_boundary(text, span.start);
    let end = floor_char_boundary(text, span.end.max(start));
    let (line, col) = line_col(text, start);
    if !arrow.is_empty() {
        out.push_str(&format!("{blank}{arrow} {path}:{line}:{col}\n"));
    }
    out.push_str(&format!("{blank} |\n"));

    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line_text = text[line_start..line_end].trim_end_matches('\r');
    // Underline the part of the span on its first line; at least one mark.
    let under_end = end.min(line_start + line_text.len()).max(start);
    let lead = display_width(&text[line_start..start.min(line_start + line_text.len())]);
    let marks = display_width(&text[start..under_end]).max(1);
    let shown = format!("{line:>pad$} | {}", expand_tabs(line_text));
    out.push_str(shown.trim_end());
    out.push('\n');
    let under = format!("{blank} | {}{} {label}", " ".repeat(lead), mark.to_string().repeat(marks));
    out.push_str(under.trim_end());
    out.push('\n');
}

const TAB: usize = 4;

fn expand_tabs(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t' => " ".repeat(TAB),
            c if c.is_control() => "\u{FFFD}".to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// Display cells of `s` as shown by [`expand_tabs`].
fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| match c {
            '\t' => TAB,
            c if c.is_control() => 1,
            c => c.width().unwrap_or(0),
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let s = "a = 1\nbé = \"x\"\n";
        assert_eq!(line_col(s, 0), (1, 1));
        assert_eq!(line_col(s, 6), (2, 1));
        // "bé" is 3 bytes: the space after it is column 3.
        assert_eq!(line_col(s, 9), (2, 3));
        assert_eq!(line_col(s, 1000), (3, 1));
    }

    #[test]
    fn renders_like_a_compiler() {
        let src = "[brief]\ntitle = \"x\"\ntitel = \"Counter-terrorism week\"\n";
        let d = Diagnostic::error("unknown key `titel`", 20..25).with_hint("did you mean `title`?");
        let out = render("briefs/x.toml", src.as_bytes(), &[d]);
        assert_eq!(
            out,
            "error: unknown key `titel`\n  --> briefs/x.toml:3:1\n   |\n 3 | titel = \"Counter-terrorism week\"\n   | ^^^^^\n   = hint: did you mean `title`?\n"
        );
    }

    #[test]
    fn caret_survives_tabs_and_wide_characters() {
        let src = "\tx = \"漢字 bad\"\n";
        let start = src.find("bad").unwrap_or(0);
        let d = Diagnostic::error("bad", start..start + 3);
        let out = render("a.toml", src.as_bytes(), &[d]);
        // tab = 4 cells, `x = "` = 5, two wide chars = 4, space = 1.
        assert!(out.contains(&format!(" | {}^^^\n", " ".repeat(14))), "{out}");
        assert!(out.contains("a.toml:1:10"), "{out}");
    }
}
