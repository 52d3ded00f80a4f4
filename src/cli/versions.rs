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

/// A brief file as read, for comparing: its file, what it parsed to and
/// its house file.
struct Brief {
    file: Arc<SourceFile>,
    brief: model::Brief,
    house: Option<Arc<House>>,
}

impl Brief {
    fn read(&self) -> parity::Read<'_> {
        parity::Read { file: &self.file, house: self.house.as_ref(), brief: &self.brief }
    }
}

/// Reads and parses the brief at `path`; `None` when it cannot be read or
/// is invalid (its own check says why).
fn read(path: &Path) -> Option<Brief> {
    let (source, files) = load(path, &mut String::new()).ok()?;
    let parsed = model::parse(&source, &files).ok()?;
    let text = String::from_utf8(source).ok()?;
    let file = Arc::new(SourceFile { name: path.display().to_string(), text, house: false });
    Some(Brief { file, brief: parsed.brief, house: parsed.house })
}

/// The differences between the brief at `path` (with `source`, read to
/// `brief` under `house`) and its language versions, or, for a version,
/// its brief: as warnings at the versions' places (in `path` itself, for
/// a version).
pub fn differences(path: &Path, source: &[u8], brief: &model::Brief, house: Option<&Arc<House>>) -> Vec<Diagnostic> {
    let Ok(text) = std::str::from_utf8(source) else { return Vec::new() };
    let file = Arc::new(SourceFile { name: path.display().to_string(), text: text.to_string(), house: false });
    let this = parity::Read { file: &file, house, brief };
    let mut out = Vec::new();
    match base_of(path) {
        Some(base) => {
            if let Some(base) = read(&base) {
                out.extend(parity::compare(&base.read(), &this));
            }
        }
        None => {
            for version in versions_of(path) {
                if let Some(version) = read(&version) {
                    out.extend(parity::compare(&this, &version.read()));
                }
            }
        }
    }
    sort(&mut out);
    out
}

/// A brief of a print run: its path, what it read to, its house file.
pub type Used<'a> = (&'a Path, &'a model::Brief, Option<&'a Arc<House>>);

/// Compares the versions a print run uses with its brief (`briefs[0]`):
/// every difference, as warnings at the versions' places.
pub fn out_of_step(briefs: &[Used<'_>]) -> Vec<Diagnostic> {
    let Some(((base_path, base, base_house), versions)) = briefs.split_first() else { return Vec::new() };
    let Some(base_file) = file(base_path) else { return Vec::new() };
    let base = parity::Read { file: &base_file, house: *base_house, brief: base };
    let mut out = Vec::new();
    for (path, brief, house) in versions {
        let Some(file) = file(path) else { continue };
        out.extend(parity::compare(&base, &parity::Read { file: &file, house: *house, brief }));
    }
    sort(&mut out);
    out
}

/// In file order: each version's differences top to bottom.
fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by_key(|d| (d.file.as_ref().map(|f| f.name.clone()), d.span.as_ref().map(|s| s.start)));
}

fn file(path: &Path) -> Option<Arc<SourceFile>> {
    let text = std::fs::read_to_string(path).ok()?;
    Some(Arc::new(SourceFile { name: path.display().to_string(), text, house: false }))
}
