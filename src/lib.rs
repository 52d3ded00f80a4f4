//! `brief` turns TOML brief definitions into print-ready PDF briefs.
//!
//! The library is a one-way pipeline; each stage hands the next one plain
//! data and imports only from the stages before it:
//!
//! 1. [`model`] parses the TOML, checks every key and value, and produces a
//!    validated [`model::Brief`], or every problem found as diagnostics with
//!    their spans.
//! 2. [`text`] owns the fonts (the bundled ones, and the files a brief
//!    names, loaded once per process), shapes text with HarfRust, finds
//!    break opportunities (UAX #14 and hyphenation) and sets paragraphs into
//!    [`text::Line`]s of positioned glyph runs.
//! 3. [`summary`] writes a brief's summary as plain text, Markdown or
//!    e-mail-safe HTML, for the message that carries the PDF, and a media
//!    advisory's event as an iCalendar file ([`summary::calendar`]). It
//!    reads the [`model::Brief`] and the text stage's typography, nothing
//!    later.
//! 4. [`layout`] places the brief's blocks on pages: header band, title,
//!    the event of a media advisory, figures, body, quotes, contacts,
//!    running header and footer, keeping blocks together and avoiding
//!    widows and orphans. Its output is a [`layout::Document`] of pages
//!    holding positioned items.
//! 5. [`pdf`] walks that document and writes the PDF with printpdf: fonts
//!    subset and mapped to Unicode, link annotations, metadata,
//!    deterministic bytes. It never measures or shapes text.
//! 6. [`web`], beside `pdf`, writes the brief's web page from the same
//!    validated [`model::Brief`]: one self-contained HTML file, in the
//!    language's typography, for the press office's site.
//! 7. [`cli`] is the thin shell: arguments, files, diagnostics, exit codes,
//!    and the e-mail: the MIME message (`.eml`) and sending it over SMTP.
//!
//! Print runs follow the same path: [`model::parse_list`] reads a recipient
//! list, [`layout_for`] lays out each recipient's copy ("Prepared for" in
//! the band), [`pdf::write_run`] combines copies into one duplex-ready file
//! with bookmarks, and `cli` picks language versions and names the files.

pub mod geom;
pub mod model;
pub mod text;
pub mod summary;
pub mod layout;
pub mod pdf;
pub mod web;
pub mod cli;

/// A rendered brief: the PDF and any warnings about the input.
#[derive(Debug, Clone)]
pub struct Built {
    /// The PDF file's bytes.
    pub pdf: Vec<u8>,
    /// Problems that did not stop the build.
    pub warnings: Vec<model::Diagnostic>,
    /// How well the text is set: line by line, for justified paragraphs.
    pub report: layout::report::Report,
    /// The validated brief the PDF was made from (for its summary and e-mail).
    pub brief: model::Brief,
    /// The house file merged under it, if any.
    pub house: Option<std::sync::Arc<model::House>>,
    /// The number of pages.
    pub pages: usize,
}

/// Why a brief could not be built.
#[derive(Debug, Clone)]
pub enum BuildError {
    /// The brief is invalid: every problem found.
    Invalid(Vec<model::Diagnostic>),
    /// Writing the PDF failed.
    Pdf(String),
}

/// What the command line sets over a brief's own `[style]`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Overrides {
    /// Whether the PDF claims PDF/A-2a and PDF/UA-1 (`--standard`);
    /// `None` keeps the brief's `[style] standard`.
    pub claims: Option<bool>,
}

impl Overrides {
    /// Sets what the command line asked for on `brief`.
    pub fn apply(&self, brief: &mut model::Brief) {
        if let Some(claims) = self.claims {
            brief.style.claims = claims;
        }
    }
}

/// The whole pipeline: brief source in, PDF bytes out.
pub fn build(source: &[u8], resources: &dyn model::Resources) -> Result<Built, BuildError> {
    build_with(source, resources, Overrides::default())
}

/// [`build`] with the command line's settings over the brief's own.
pub fn build_with(source: &[u8], resources: &dyn model::Resources, overrides: Overrides) -> Result<Built, BuildError> {
    let book = text::FontBook::shared();
    let mut parsed = parse(source, resources)?;
    overrides.apply(&mut parsed.brief);
    let (doc, report) = layout::layout_with_report(&parsed.brief, book);
    check_fonts(&parsed.brief, &parsed.warnings)?;
    check_pages(&doc, parsed.warnings.clone())?;
    let pdf = pdf::write(&doc, book).map_err(|e| BuildError::Pdf(e.to_string()))?;
    Ok(Built {
        pdf,
        warnings: parsed.warnings,
        report,
        brief: parsed.brief,
        house: parsed.house,
        pages: doc.pages.len(),
    })
}

/// Reads and checks a brief, warning about characters the bundled fonts
/// cannot show.
pub fn parse(source: &[u8], resources: &dyn model::Resources) -> Result<model::Parsed, BuildError> {
    let book = text::FontBook::shared();
    model::parse_with(source, resources, &|c| book.covers(c)).map_err(BuildError::Invalid)
}

/// Lays out the copy of a brief made for a recipient: on the recipient's
/// page size when they ask for one, with "Prepared for: NAME" in the header
/// band (the label in the brief's language).
pub fn layout_for(brief: &model::Brief, recipient: &model::Recipient) -> Result<layout::Document, BuildError> {
    let book = text::FontBook::shared();
    let doc = match recipient.page {
        Some(page) if page != brief.style.page => {
            let mut brief = brief.clone();
            brief.style.page = page;
            layout::layout_for(&brief, book, Some(&recipient.name)).0
        }
        _ => layout::layout_for(brief, book, Some(&recipient.name)).0,
    };
    check_fonts(brief, &[])?;
    check_pages(&doc, Vec::new())?;
    Ok(doc)
}

/// Refuses a brief laid out in one of its own font files that the shaper
/// failed on (a damaged file its checks did not catch) or that the process
/// could not load (too many fonts in one run).
fn check_fonts(brief: &model::Brief, warnings: &[model::Diagnostic]) -> Result<(), BuildError> {
    let model::FontChoice::Files(files) = &brief.style.font else {
        return Ok(());
    };
    let book = text::FontBook::shared();
    let mut diagnostics = warnings.to_vec();
    let mut reported: Vec<&str> = Vec::new();
    for (_, file) in files.given() {
        // A file given for several styles is reported once.
        let Some(why) = book.refusal(file.hash).filter(|_| !reported.contains(&file.path.as_str())) else {
            continue;
        };
        reported.push(&file.path);
        let (message, hint) = match why {
            text::Refusal::Damaged => (
                format!("font `{}` is damaged: setting text in it failed", file.path),
                "export or download the font file again; its tables parse, but a lookup in them does not".to_string(),
            ),
            text::Refusal::TooMany => (
                format!(
                    "font `{}` is one too many: this run has loaded {} MiB of fonts",
                    file.path,
                    text::MOST_OWN_BYTES >> 20
                ),
                "build the briefs in other fonts in another run".to_string(),
            ),
        };
        diagnostics.push(model::Diagnostic::new(model::Severity::Error, message, None).with_hint(hint));
    }
    if reported.is_empty() {
        return Ok(());
    }
    Err(BuildError::Invalid(diagnostics))
}

/// Refuses a document of more than [`layout::MAX_PAGES`] pages.
fn check_pages(doc: &layout::Document, mut diagnostics: Vec<model::Diagnostic>) -> Result<(), BuildError> {
    if !doc.problems.is_empty() {
        diagnostics.extend(doc.problems.iter().cloned());
        return Err(BuildError::Invalid(diagnostics));
    }
    if doc.pages.len() > layout::MAX_PAGES {
        let message = format!("the brief takes {} pages, the most is {}", doc.pages.len(), layout::MAX_PAGES);
        let hint = "a brief is a handout; split this one into several";
        diagnostics.push(model::Diagnostic::new(model::Severity::Error, message, None).with_hint(hint));
        return Err(BuildError::Invalid(diagnostics));
    }
    Ok(())
}
