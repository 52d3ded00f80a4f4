//! A brief's language versions, found beside it: `NAME.LANG.toml` is the
//! version in `LANG` of `NAME.toml` (as print runs pick them). Checking or
//! building either compares the versions with the brief
//! ([`model::parity`]) and reports every difference in what a translation
//! must keep.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::model::{self, Diagnostic, House, SourceFile, parity};

use super::load;

/// The brief that `path` is a language version of (`NAME.toml` beside
/// `NAME.LANG.toml`), when there is one.
pub fn base_of(path: &Path) -> Option<PathBuf> {
    let stem = path.file_stem()?.to_str()?;
    let (name, tag) = stem.rsplit_once('.')?;
    if name.is_empty() || !model::valid_language_tag(tag) {
        return None;
    }
    let base = path.with_file_name(format!("{name}.toml"));
    base.is_file().then_some(base)
}

/// The language versions of the brief at `path`, sorted.
pub fn versions_of(path: &Path) -> Vec<PathBuf> {
    let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else { return Vec::new() };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let prefix = format!("{stem}.");
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| {
            let e = e.ok()?;
            let name = e.file_name().into_string().ok()?;
            let tag = name.strip_prefix(&prefix)?.strip_suffix(".toml")?;
            (model::valid_language_tag(tag) && e.file_type().ok()?.is_file()).then(|| path.with_file_name(&name))
        })
        .collect();
    found.sort();
    found
}

/// A brief file as read, for comparing: its file, what it read to and
/// what it says that a translation must keep.
pub struct Read {
    file: Arc<SourceFile>,
    brief: model::Brief,
    facts: parity::Facts,
}

impl Read {
    /// The brief at `path` with its `source`, read to `brief` (under
    /// `house`); `facts` when the reading kept them, else read again.
    pub fn new(
        path: &Path,
        source: &[u8],
        brief: model::Brief,
        house: Option<&House>,
        facts: Option<parity::Facts>,
    ) -> Option<Read> {
        let text = std::str::from_utf8(source).ok()?.to_string();
        let facts = match facts {
            Some(facts) => facts,
            None => parity::Facts::read(&text, house, &brief)?,
        };
        Some(Read { file: Arc::new(SourceFile { name: path.display().to_string(), text, house: false }), brief, facts })
    }

    fn as_read(&self) -> parity::Read<'_> {
        parity::Read { file: &self.file, brief: &self.brief, facts: &self.facts }
    }
}

/// Whether the brief at `path` has language versions beside it, or is one.
pub fn has_versions(path: &Path) -> bool {
    base_of(path).is_some() || !versions_of(path).is_empty()
}

/// Reads and parses the brief at `path`; `None` when it cannot be read or
/// is invalid (its own check says why).
fn read(path: &Path) -> Option<Read> {
    let (source, files) = load(path, &mut String::new()).ok()?;
    let (parsed, facts) = model::parse_comparable(&source, &files, &|_| true).ok()?;
    Read::new(path, &source, parsed.brief, None, Some(facts))
}

/// The briefs the brief at `path` is compared with: its language
/// versions, or, for a version, its brief; each read and valid.
pub fn others(path: &Path) -> Vec<Read> {
    match base_of(path) {
        Some(base) => read(&base).into_iter().collect(),
        None => versions_of(path).iter().filter_map(|v| read(v)).collect(),
    }
}

/// The differences between the brief `this` at `path` and `others` (see
/// [`others`]): as warnings at the versions' places (in `this` itself,
/// for a version).
pub fn differences(path: &Path, this: &Read, others: &[Read]) -> Vec<Diagnostic> {
    let version = base_of(path).is_some();
    let mut out: Vec<Diagnostic> = others
        .iter()
        .flat_map(|other| match version {
            true => parity::compare(&other.as_read(), &this.as_read()),
            false => parity::compare(&this.as_read(), &other.as_read()),
        })
        .collect();
    sort(&mut out);
    out
}

/// Compares the versions a print run uses with its brief (`briefs[0]`):
/// every difference, as warnings at the versions' places.
pub fn out_of_step(briefs: &[Read]) -> Vec<Diagnostic> {
    let Some((base, versions)) = briefs.split_first() else { return Vec::new() };
    let mut out: Vec<Diagnostic> =
        versions.iter().flat_map(|v| parity::compare(&base.as_read(), &v.as_read())).collect();
    sort(&mut out);
    out
}

/// In file order: each version's differences top to bottom.
fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by_key(|d| (d.file.as_ref().map(|f| f.name.clone()), d.span.as_ref().map(|s| s.start)));
}

/// The web pages of the brief at `path` and of its language versions, each
/// with its language, for the `hreflang` links of its page: the brief in
/// `own`, the versions read for comparing it (`others`) in theirs, any
/// other version in the language its name gives. Each page is named as
/// `build --html` names it beside its brief or in an output directory
/// (`press-release.fr.html`). Empty when the brief has no versions.
pub fn alternates(path: &Path, own: &model::Language, others: &[Read]) -> Vec<crate::web::Alternate> {
    let base = base_of(path).unwrap_or_else(|| path.to_path_buf());
    let versions = versions_of(&base);
    if versions.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::with_capacity(versions.len() + 1);
    for file in std::iter::once(&base).chain(&versions) {
        let Some(stem) = file.file_stem().and_then(|s| s.to_str()) else { continue };
        let shown = file.display().to_string();
        let lang = if file == path {
            Some(own.tag.clone())
        } else if let Some(read) = others.iter().find(|r| r.file.name == shown) {
            Some(read.brief.language.tag.clone())
        } else {
            stem.rsplit_once('.').map(|(_, tag)| tag.to_string()).filter(|tag| model::valid_language_tag(tag))
        };
        if let Some(lang) = lang
            && !out.iter().any(|a: &crate::web::Alternate| a.lang.eq_ignore_ascii_case(&lang))
        {
            out.push(crate::web::Alternate { lang, href: format!("{stem}.html") });
        }
    }
    out
}
