//! House files: what every brief of an office shares, written once.
//!
//! A house file (`house.toml`) has the tables and keys of a brief, every
//! one optional, plus two keys only a house holds: `end_mark` (printed
//! after the body) and `[[boilerplate]]` (sections set at the end of every
//! brief). The CLI finds it (the brief's folder or the nearest one above,
//! or the file named by the brief's `house = "…"`) and hands it over
//! through [`Resources::house`]; the model merges it under the brief and
//! checks the result as one brief, so later stages never know it existed.
//!
//! **The merge**, in [`merge`]: the brief's own value wins over the
//! house's, key by key; a table present in both merges key by key; an
//! array (of tables too: `[[contact.person]]`, `[[figure]]`) is replaced
//! whole.
//!
//! **Languages.** In a house file, any value may be given per language as
//! a table keyed by language tag (`kind = { en = "Press release", fr =
//! "Communiqué de presse" }`); the merge picks the value for the brief's
//! `language` (the whole tag, then its primary subtag). A table is read
//! this way wherever the format has no table of its own (everywhere but
//! the top level, `[brief] logo` and `[style] font`).
//!
//! **Positions.** The house's spans are shifted far past any brief's
//! ([`HOUSE_AT`]), so that the checker sees one tree whose spans tell the
//! file they are in, and a house file's tree is read once for every brief
//! under it; diagnostics are then moved back into the file they point at
//! ([`place`]).

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use super::diag::{Diagnostic, SourceFile};
use super::literal::HOUSE_AT;
use super::locale;
use super::suggest;
use super::validate::valid_language_tag;

type Value<'i> = Spanned<DeValue<'i>>;

self_cell::self_cell!(
    /// A house file's tree over its own text, its spans shifted to
    /// [`HOUSE_AT`]: read once, shared by every brief under it.
    struct Tree {
        owner: Arc<SourceFile>,
        #[covariant]
        dependent: DeTable,
    }
);

/// The name of a house file, found beside or above a brief.
pub const FILE_NAME: &str = "house.toml";

/// The top-level keys only a house file holds.
pub const HOUSE_ONLY: &[&str] = &["end_mark", "boilerplate"];

/// A house file, read by the CLI.
pub struct House {
    /// Its name as shown in messages, and its text.
    pub file: Arc<SourceFile>,
    /// Where the files it names (the logo, fonts, images) come from: paths
    /// in a house file are relative to it.
    pub resources: Box<dyn super::Resources + Send + Sync>,
    /// Its tree, read when a brief first needs it, or its syntax errors.
    tree: OnceLock<Result<Tree, Vec<Diagnostic>>>,
}

impl House {
    /// The house file `file`, whose files come from `resources`.
    pub fn new(file: Arc<SourceFile>, resources: Box<dyn super::Resources + Send + Sync>) -> House {
        House { file, resources, tree: OnceLock::new() }
    }

    /// Its tree, its spans from [`HOUSE_AT`] on; or every syntax error in
    /// it, pointing into it.
    pub(crate) fn tree(&self) -> Result<&DeTable<'_>, &[Diagnostic]> {
        let read = self.tree.get_or_init(|| {
            Tree::try_new(self.file.clone(), |file| super::read_toml(&file.text).map(|root| shift(root, HOUSE_AT)))
                .map_err(|errors| errors.into_iter().map(|d| d.in_file(self.file.clone())).collect())
        });
        match read {
            Ok(tree) => Ok(tree.borrow_dependent()),
            Err(errors) => Err(errors),
        }
    }
}

impl std::fmt::Debug for House {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("House").field("file", &self.file.name).finish_non_exhaustive()
    }
}

impl PartialEq for House {
    fn eq(&self, other: &House) -> bool {
        self.file == other.file
    }
}

/// What a brief says of its house with the top-level `house` key.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Choice {
    /// No key: the house file found beside or above the brief, if any.
    Found,
    /// `house = "path"`: that file, relative to the brief.
    Named(String, Range<usize>),
    /// `house = false`: none.
    None,
}

/// Reads (and removes) the brief's `house` key; a wrong value is an error
/// and leaves the brief without a house.
pub(crate) fn choice(root: &mut DeTable<'_>, diags: &mut Vec<Diagnostic>) -> Choice {
    let Some(value) = root.remove("house") else {
        return Choice::Found;
    };
    match value.get_ref() {
        DeValue::String(path) if !path.trim().is_empty() => Choice::Named(path.trim().to_string(), value.span()),
        DeValue::Boolean(false) => Choice::None,
        other => {
            let found = super::validate::describe(other);
            let message = match other {
                DeValue::Boolean(true) => "`house = true` says nothing: a house file is used by default".to_string(),
                DeValue::String(_) => "`house` is empty".to_string(),
                _ => format!("`house` must be a path or `false`, found {found}"),
            };
            diags.push(Diagnostic::error(message, value.span()).with_hint(format!(
                "remove the key to use the `{FILE_NAME}` beside or above the brief, name one with `house = \"../{FILE_NAME}\"`, or write `house = false` for none"
            )));
            Choice::None
        }
    }
}

/// Moves every span of `table` `by` bytes on: a house file's tree, placed
/// after the brief's text.
pub(crate) fn shift(table: DeTable<'_>, by: usize) -> DeTable<'_> {
    table.into_iter().map(|(key, value)| (moved(key, by), shift_value(value, by))).collect()
}

fn shift_value(value: Value<'_>, by: usize) -> Value<'_> {
    let span = value.span();
    let inner = match value.into_inner() {
        DeValue::Table(t) => DeValue::Table(shift(t, by)),
        DeValue::Array(items) => DeValue::Array(items.into_iter().map(|v| shift_value(v, by)).collect::<DeArray<'_>>()),
        other => other,
    };
    Spanned::new(span.start + by..span.end + by, inner)
}

fn moved<T>(spanned: Spanned<T>, by: usize) -> Spanned<T> {
    let span = spanned.span();
    Spanned::new(span.start + by..span.end + by, spanned.into_inner())
}

/// The brief's language tag as the merge needs it: the brief's own
/// `[brief] language`, else the house's, else English. (Checked later.)
pub(crate) fn language_tag(brief: &DeTable<'_>, house: &DeTable<'_>) -> String {
    let of = |root: &DeTable<'_>| -> Option<String> {
        let DeValue::Table(header) = root.get("brief")?.get_ref() else { return None };
        let DeValue::String(tag) = header.get("language")?.get_ref() else { return None };
        let tag = tag.trim();
        valid_language_tag(tag).then(|| tag.to_string())
    };
    of(brief).or_else(|| of(house)).unwrap_or_else(|| "en".to_string())
}

/// Whether the value of `key` under `path` is a table in the format
/// itself; elsewhere a table is a set of values by language.
fn table_in_format(path: &[String], key: &str) -> bool {
    match path {
        [] => true,
        [table] if table == "brief" => key == "logo",
        [table] if table == "style" => key == "font",
        _ => false,
    }
}

/// Merges the house tree `house` (spans already shifted) under the brief's
/// `brief`: the brief's values win key by key, tables present in both
/// merge, arrays are replaced whole. House values given per language are
/// picked for `language`; a missing language drops the value with a
/// warning.
pub(crate) fn merge<'i>(brief: &mut DeTable<'i>, house: DeTable<'i>, language: &str, diags: &mut Vec<Diagnostic>) {
    merge_at(&mut Vec::new(), brief, house, language, diags);
}

fn merge_at<'i>(
    path: &mut Vec<String>,
    brief: &mut DeTable<'i>,
    house: DeTable<'i>,
    language: &str,
    diags: &mut Vec<Diagnostic>,
) {
    for (key, value) in house {
        let name = key.get_ref().to_string();
        match brief.get_mut(name.as_str()) {
            Some(own) => {
                let both_tables =
                    matches!(own.get_ref(), DeValue::Table(_)) && matches!(value.get_ref(), DeValue::Table(_));
                if both_tables && table_in_format(path, &name) {
                    let (DeValue::Table(own), DeValue::Table(theirs)) = (own.get_mut(), value.into_inner()) else {
                        continue;
                    };
                    path.push(name);
                    merge_at(path, own, theirs, language, diags);
                    path.pop();
                }
                // Otherwise the brief's own value stands.
            }
            None => {
                path.push(name);
                let resolved = resolve(path, value, language, diags);
                path.pop();
                if let Some(value) = resolved {
                    brief.insert(key, value);
                }
            }
        }
    }
}

/// The house value at `path` with its values per language picked for
/// `language`; `None` when it is given per language but not in this one.
fn resolve<'i>(
    path: &mut Vec<String>,
    value: Value<'i>,
    language: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Value<'i>> {
    let Some((key, parent)) = path.split_last() else { return Some(value) };
    let key = key.clone();
    let span = value.span();
    match value.into_inner() {
        DeValue::Table(table) if table_in_format(parent, &key) => {
            let mut out = DeTable::new();
            for (k, v) in table {
                path.push(k.get_ref().to_string());
                if let Some(v) = resolve(path, v, language, diags) {
                    out.insert(k, v);
                }
                path.pop();
            }
            Some(Spanned::new(span, DeValue::Table(out)))
        }
        DeValue::Table(by_language) => pick(&key, span, by_language, language, diags),
        DeValue::Array(items) => {
            // The entries of an array of tables (`[[contact.person]]`)
            // hold values that may be given per language.
            let items = items.into_iter().map(|item| {
                let item_span = item.span();
                match item.into_inner() {
                    DeValue::Table(entry) => {
                        let mut out = DeTable::new();
                        for (k, v) in entry {
                            let v = match v.get_ref() {
                                DeValue::Table(_) => {
                                    let name = k.get_ref().to_string();
                                    let v_span = v.span();
                                    let DeValue::Table(by_language) = v.into_inner() else { continue };
                                    match pick(&name, v_span, by_language, language, diags) {
                                        Some(v) => v,
                                        None => continue,
                                    }
                                }
                                _ => v,
                            };
                            out.insert(k, v);
                        }
                        Spanned::new(item_span, DeValue::Table(out))
                    }
                    other => Spanned::new(item_span, other),
                }
            });
            Some(Spanned::new(span, DeValue::Array(items.collect())))
        }
        other => Some(Spanned::new(span, other)),
    }
}

/// The value for `language` of a table of values by language.
fn pick<'i>(
    key: &str,
    span: Range<usize>,
    table: DeTable<'i>,
    language: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Value<'i>> {
    let primary = language.split('-').next().unwrap_or(language);
    let find = |tag: &str| {
        table.iter().find(|(k, _)| k.get_ref().eq_ignore_ascii_case(tag)).map(|(k, _)| k.get_ref().to_string())
    };
    if let Some(found) = find(language).or_else(|| find(primary)) {
        return table.into_iter().find(|(k, _)| *k.get_ref() == found).map(|(_, v)| v);
    }
    let given: Vec<String> = table.iter().map(|(k, _)| k.get_ref().to_string()).collect();
    // A key that is no language of ours is most likely this one mistyped.
    let strangers: Vec<&str> = given
        .iter()
        .map(String::as_str)
        .filter(|t| !locale::LANGUAGES.contains(&t.split('-').next().unwrap_or(t).to_ascii_lowercase().as_str()))
        .collect();
    let hint = match suggest::nearest(primary, &strangers) {
        Some(near) => format!("did you mean `{primary}` instead of `{near}`?"),
        None => format!("add `{primary} = …` to it, or give `{key}` in the brief"),
    };
    diags.push(
        Diagnostic::warning(format!("`{key}` is given in {} but not in `{language}`", list(&given)), span)
            .with_hint(hint),
    );
    None
}

/// Every language tag the house gives values in (for checking a house
/// file alone, once per language), with errors for keys of such tables
/// that are no language tags.
pub(crate) fn languages(root: &DeTable<'_>, diags: &mut Vec<Diagnostic>) -> Vec<String> {
    let mut tags = Vec::new();
    collect_languages(&mut Vec::new(), root, &mut tags, diags);
    tags
}

fn collect_languages(path: &mut Vec<String>, table: &DeTable<'_>, tags: &mut Vec<String>, diags: &mut Vec<Diagnostic>) {
    for (key, value) in table.iter() {
        let name: &str = key.get_ref();
        match value.get_ref() {
            DeValue::Table(inner) if table_in_format(path, name) => {
                path.push(name.to_string());
                collect_languages(path, inner, tags, diags);
                path.pop();
            }
            DeValue::Table(by_language) => by_language_tags(name, by_language, tags, diags),
            DeValue::Array(items) => {
                for item in items.iter() {
                    if let DeValue::Table(entry) = item.get_ref() {
                        for (k, v) in entry.iter() {
                            if let DeValue::Table(by_language) = v.get_ref() {
                                by_language_tags(k.get_ref(), by_language, tags, diags);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

fn by_language_tags(key: &str, table: &DeTable<'_>, tags: &mut Vec<String>, diags: &mut Vec<Diagnostic>) {
    for (tag, _) in table.iter() {
        let t: &str = tag.get_ref();
        let primary = t.split('-').next().unwrap_or(t).to_ascii_lowercase();
        if !valid_language_tag(t) {
            diags.push(
                Diagnostic::error(
                    format!("`{t}` is not a language tag, in the values of `{key}` by language"),
                    tag.span(),
                )
                .with_hint("key each value by a BCP 47 language tag: `en`, `fr`, `es`, `ru`, `ar`, `zh`, `fr-CH`"),
            );
        } else if !locale::LANGUAGES.contains(&primary.as_str()) {
            let hint = match suggest::nearest(&primary, locale::LANGUAGES) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!(
                    "briefs in it get English labels; the languages with their own are {}",
                    list(locale::LANGUAGES)
                ),
            };
            diags.push(
                Diagnostic::warning(
                    format!("`{t}` is not a language `brief` has labels for, in the values of `{key}`"),
                    tag.span(),
                )
                .with_hint(hint),
            );
        } else if !tags.iter().any(|k: &String| k.eq_ignore_ascii_case(t)) {
            tags.push(t.to_string());
        }
    }
}

/// "`en`, `fr`, `es`".
fn list<S: AsRef<str>>(items: &[S]) -> String {
    items.iter().map(|t| format!("`{}`", t.as_ref())).collect::<Vec<_>>().join(", ")
}

/// `d`, pointing into the house file `file` when its span is there (from
/// [`HOUSE_AT`] on), and so each place it involves.
pub(crate) fn place(file: &Arc<SourceFile>, mut d: Diagnostic) -> Diagnostic {
    if let Some(span) = d.span.as_ref().filter(|s| s.start >= HOUSE_AT) {
        d.span = Some(span.start - HOUSE_AT..span.end - HOUSE_AT);
        d.file = Some(file.clone());
    }
    for r in &mut d.related {
        if let Some(span) = r.span.as_ref().filter(|s| s.start >= HOUSE_AT && r.file.is_none()) {
            r.span = Some(span.start - HOUSE_AT..span.end - HOUSE_AT);
            r.file = Some(file.clone());
        }
    }
    d
}
