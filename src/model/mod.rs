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

use std::sync::Arc;

mod address;
mod cmap;
mod diag;
mod emphasis;
pub mod font;
pub mod house;
mod image;
mod inline;
mod literal;
pub mod locale;
pub mod parity;
mod qr;
pub mod schema;
mod recipients;
mod suggest;
mod tree;
mod validate;

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;

pub use diag::{Diagnostic, Related, Severity, SourceFile, line_col, render};
pub use house::House;
pub use image::{JpegFrame, decode_png, jpeg_frame};
pub use recipients::{KEYS as RECIPIENT_KEYS, ListFormat, Recipient, RecipientList, parse_list};
pub use tree::*;
pub use validate::{keys, limits, valid_language_tag};

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

    /// The brief's house file: the one at `named` (as written in the
    /// brief's `house` key), or without a name the one found for the
    /// brief (see [`house`]); `Ok(None)` when there is none to find.
    fn house(&self, named: Option<&str>) -> Result<Option<Arc<House>>, String> {
        match named {
            Some(path) => Err(format!("cannot read house file `{path}`: no house files here")),
            None => Ok(None),
        }
    }
}

/// A brief that passed every check, with the warnings found on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The validated brief.
    pub brief: Brief,
    /// Non-fatal problems (e.g. a language without labels).
    pub warnings: Vec<Diagnostic>,
    /// The house file merged under it, if any.
    pub house: Option<Arc<House>>,
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
    parse_inner(source, resources, covers, false).map(|(parsed, _)| parsed)
}

/// [`parse_with`], and what the brief says that a translation must keep,
/// read from the same tree: for comparing language versions
/// ([`parity::compare`]).
pub fn parse_comparable(
    source: &[u8],
    resources: &dyn Resources,
    covers: &dyn Fn(char) -> bool,
) -> Result<(Parsed, parity::Facts), Vec<Diagnostic>> {
    parse_inner(source, resources, covers, true).map(|(parsed, facts)| (parsed, facts.unwrap_or_default()))
}

/// [`parse_with`], with the facts of the brief when `facts` asks for them.
fn parse_inner(
    source: &[u8],
    resources: &dyn Resources,
    covers: &dyn Fn(char) -> bool,
    facts: bool,
) -> Result<(Parsed, Option<parity::Facts>), Vec<Diagnostic>> {
    let text = decode(source, "a brief is a TOML text file saved as UTF-8; is this the right file?")?;
    let mut root = read_toml(text)?;

    let mut diags = Vec::new();
    let house =
        match house::choice(&mut root, &mut diags) {
            house::Choice::None => None,
            house::Choice::Found => resources.house(None).unwrap_or_else(|why| {
                diags.push(Diagnostic::new(Severity::Error, why, None).with_hint(
                    "fix the file, or write `house = false` at the top of the brief to build it without one",
                ));
                None
            }),
            house::Choice::Named(path, span) => match resources.house(Some(&path)) {
                Ok(found) => found,
                Err(why) => {
                    diags.push(Diagnostic::error(why, span).with_hint("the path is relative to the brief file"));
                    None
                }
            },
        };
    let (brief, found) = match &house {
        None => {
            let mut checker = validate::Checker::new(text, resources, covers);
            let brief = checker.brief(&root);
            diags.extend(checker.diags);
            let found = brief
                .as_ref()
                .filter(|_| facts)
                .map(|b| parity::Facts::of(&literal::Texts::one(text), &root, None, &b.language));
            (brief, found)
        }
        Some(house) => in_house(text, root, house, (resources, covers), facts, &mut diags),
    };
    sort(&mut diags);
    match brief {
        Some(brief) if diags.iter().all(|d| d.severity == Severity::Warning) => {
            Ok((Parsed { brief, warnings: diags, house }, found))
        }
        _ => {
            if !diags.iter().any(|d| d.severity == Severity::Error) {
                // Cannot happen: a part is only dropped with an error.
                diags.push(Diagnostic::error("the brief is incomplete", 0..0));
            }
            Err(diags)
        }
    }
}

/// Checks the brief `root` (read from `text`) merged with its house file;
/// the house's diagnostics point into it.
fn in_house(
    text: &str,
    root: toml::de::DeTable<'_>,
    house: &House,
    (resources, covers): (&dyn Resources, &dyn Fn(char) -> bool),
    facts: bool,
    diags: &mut Vec<Diagnostic>,
) -> (Option<Brief>, Option<parity::Facts>) {
    let mut found = Vec::new();
    let Some(merged) = Merged::new(text, root, house, &mut found) else {
        diags.extend(found);
        return (None, None);
    };
    let mut checker = validate::Checker::new(text, resources, covers).with_house(&house.file.text, &*house.resources);
    checker.diags = found;
    let brief = checker.brief(&merged.root);
    diags.extend(checker.diags.into_iter().map(|d| house::place(&house.file, d)));
    let facts = brief
        .as_ref()
        .filter(|_| facts)
        .map(|b| parity::Facts::of(&merged.texts, &merged.root, Some(house.file.clone()), &b.language));
    (brief, facts)
}

/// A brief's tree merged with its house file's: spans up to
/// [`literal::HOUSE_AT`] are in the brief's text, from there on in the
/// house's.
pub(crate) struct Merged<'a> {
    /// The brief's and the house's text.
    pub texts: literal::Texts<'a>,
    /// The merged tree.
    pub root: toml::de::DeTable<'a>,
}

impl<'a> Merged<'a> {
    /// Merges the house under the brief `root` read from `text`; `None`,
    /// with its syntax errors in `diags`, when the house is no TOML.
    pub fn new(
        text: &'a str,
        root: toml::de::DeTable<'a>,
        house: &'a House,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Merged<'a>> {
        let tree = match house.tree() {
            Ok(tree) => tree,
            Err(errors) => {
                diags.extend(errors.iter().cloned());
                return None;
            }
        };
        let mut root = root;
        let language = house::language_tag(&root, tree);
        house::merge(&mut root, tree.clone(), &language, diags);
        Some(Merged { texts: literal::Texts { brief: text, house: Some(&house.file.text) }, root })
    }
}

/// Checks a house file alone, in each language it gives values in: every
/// problem of it, pointing into it.
pub fn check_house(house: &House, covers: &dyn Fn(char) -> bool) -> Vec<Diagnostic> {
    let file = &house.file;
    let mut diags = match read_toml(&file.text) {
        Ok(root) => {
            let mut diags = Vec::new();
            let mut languages = house::languages(&root, &mut diags);
            let own = house::language_tag(&root, &root);
            if !languages.iter().any(|l| l.eq_ignore_ascii_case(&own)) {
                languages.insert(0, own);
            }
            for language in languages {
                let mut resolved = toml::de::DeTable::new();
                let mut missing = Vec::new();
                house::merge(&mut resolved, root.clone(), &language, &mut missing);
                let mut checker = validate::Checker::new(&file.text, &*house.resources, covers).for_house();
                let _ = checker.brief(&resolved);
                for d in missing.into_iter().chain(checker.diags) {
                    if !diags.contains(&d) {
                        diags.push(d);
                    }
                }
            }
            diags
        }
        Err(errors) => errors,
    };
    sort(&mut diags);
    diags.into_iter().map(|d| d.in_file(file.clone())).collect()
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

/// Orders diagnostics by place: the brief's first, then another file's.
fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by_key(|d| (d.file.is_some(), d.span.as_ref().map_or((0, 0), |s| (s.start, s.end))));
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
