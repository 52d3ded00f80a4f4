//! The model stage: TOML text in, a validated [`Brief`] (or every problem
//! found) out.
//!
//! [`parse`] runs in three steps:
//!
//! 1. **Decode.** The bytes must be UTF-8; otherwise one error points at
//!    the first bad byte.
//! 2. **Read TOML.** `toml`'s recoverable parser builds a spanned tree and
//!    reports every syntax error (including duplicate keys). When there is
//!    any, those errors are the result: checking a half-read tree would only
//!    add confusing follow-up errors.
//! 3. **Check.** A hand-written walker over the spanned tree
//!    (`validate.rs`) checks every key and value, collecting every problem
//!    with its span and a hint, resolves defaults (labels for the language,
//!    page, colour, font), formats figure values for the language, reads
//!    Markdown (`inline.rs`), places quotes and reads the logo through
//!    [`Resources`] (`image.rs`).
//!
//! [`parse_list`] reads a recipient list (TOML or CSV, `recipients.rs`)
//! with the same diagnostics, for `brief build --for`.
//!
//! The model never touches the file system: files named by the brief come
//! from a [`Resources`] implementation. Diagnostics are plain data;
//! [`render`] turns them into compiler-style text (`diag.rs`).

mod address;
mod cmap;
mod diag;
pub mod font;
mod image;
mod inline;
mod literal;
pub mod locale;
mod qr;
pub mod schema;
mod recipients;
mod suggest;
mod tree;
mod validate;

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;

pub use diag::{Diagnostic, Severity, line_col, render};
pub use recipients::{KEYS as RECIPIENT_KEYS, ListFormat, Recipient, RecipientList, parse_list};
pub use tree::*;
pub use validate::{keys, limits};

/// Reads one e-mail address (`name@domain` or `Name <name@domain>`), as in
/// a brief's `[email]` table; `Err` says what is wrong and how to fix it.
pub fn parse_mailbox(text: &str) -> Result<Mailbox, String> {
    address::mailbox(text).map_err(|bad| format!("{}\n  = hint: {}", bad.what, bad.hint))
}

/// Where a brief's other files come from; the CLI implements it, reading
/// paths relative to the brief file. The model never touches the file
/// system itself.
pub trait Resources {
    /// The bytes of the file at `path` (as written in the brief), or a
    /// lowercase reason it cannot be read ("file not found").
    fn load(&self, path: &str) -> Result<Vec<u8>, String>;
}

/// A brief that passed every check, with the warnings found on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The validated brief.
    pub brief: Brief,
    /// Non-fatal problems (e.g. a language without labels).
    pub warnings: Vec<Diagnostic>,
}

/// Parses and validates a brief. Collects every problem, not just the
/// first; on failure the result holds all errors and warnings, in source
/// order.
///
/// Every character counts as printable; use [`parse_with`] to be warned
/// about characters the fonts cannot show.
pub fn parse(source: &[u8], resources: &dyn Resources) -> Result<Parsed, Vec<Diagnostic>> {
    parse_with(source, resources, &|_| true)
}

/// [`parse`], warning about every character of a printed string for which
/// `covers` is false (the model knows no fonts: the caller, e.g.
/// [`crate::build`], asks the text stage). One warning per string and
/// distinct character, pointing at its first occurrence.
pub fn parse_with(
    source: &[u8],
    resources: &dyn Resources,
    covers: &dyn Fn(char) -> bool,
) -> Result<Parsed, Vec<Diagnostic>> {
    let text = decode(source, "a brief is a TOML text file saved as UTF-8; is this the right file?")?;
    let root = read_toml(text)?;

    let mut checker = validate::Checker::new(text, resources, covers);
    let brief = checker.brief(&root);
    let mut diags = checker.diags;
    sort(&mut diags);
    match brief {
        Some(brief) if diags.iter().all(|d| d.severity == Severity::Warning) => Ok(Parsed { brief, warnings: diags }),
        _ => {
            if !diags.iter().any(|d| d.severity == Severity::Error) {
                // Cannot happen: a part is only dropped with an error.
                diags.push(Diagnostic::error("the brief is incomplete", 0..0));
            }
            Err(diags)
        }
    }
}

/// The source as UTF-8 text, or one error at the first bad byte with `hint`.
fn decode<'s>(source: &'s [u8], hint: &str) -> Result<&'s str, Vec<Diagnostic>> {
    std::str::from_utf8(source).map_err(|e| {
        let at = e.valid_up_to();
        vec![Diagnostic::error("file is not UTF-8 text", at..at + 1).with_hint(hint)]
    })
}

/// The spanned TOML tree of `text`, or every syntax error in it. Checking
/// a half-read tree would only add confusing follow-up errors, so any
/// syntax error is the whole result.
fn read_toml(text: &str) -> Result<toml::de::DeTable<'_>, Vec<Diagnostic>> {
    let (root, errors) = toml::de::DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        let mut diags: Vec<Diagnostic> = errors.iter().map(|e| syntax_error(text, e)).collect();
        sort(&mut diags);
        return Err(diags);
    }
    Ok(root.into_inner())
}

fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by_key(|d| d.span.as_ref().map_or((0, 0), |s| (s.start, s.end)));
}

/// A TOML syntax error as a diagnostic: message tidied and lowercased,
/// "expected …" moved into the hint.
fn syntax_error(text: &str, e: &toml::de::Error) -> Diagnostic {
    let message = e.message().trim().trim_end_matches('.');
    let (message, expected) = match message.split_once(", expected ") {
        Some((m, x)) => (m, Some(x)),
        None => (message, None),
    };
    let mut chars = message.chars();
    let message: String = match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => "invalid TOML".to_string(),
    };
    let span = e.span().unwrap_or(text.len()..text.len());
    let mut d = Diagnostic::error(message, span);
    d.hint = match expected {
        Some(x) => Some(format!("expected {x}")),
        None if d.message == "duplicate key" => {
            Some("each key may appear once per table; remove or rename one".to_string())
        }
        None => None,
    };
    d
}
