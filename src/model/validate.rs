//! The checker: walks the spanned TOML tree by hand and builds the
//! [`Brief`], collecting every problem instead of stopping at the first.
//!
//! Each table is checked in the same steps: unknown keys (with a
//! suggestion), then each known key's type and value, then required keys
//! that are missing (pointing at the table's header). Single-line strings
//! are trimmed; an empty string is an error whether the key is required or
//! optional (remove an optional key instead of leaving it empty).

use std::ops::Range;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, Offset as _};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::Resources;
use super::address;
use super::diag::Diagnostic;
use super::font::{self, FontFile, FontFiles};
use super::inline;
use super::literal::{HOUSE_AT, SourceText, Texts};
use super::locale::{self, Label};
use super::suggest;
use super::tree::*;
use crate::geom::Color;

type Value<'i> = Spanned<DeValue<'i>>;

mod event;

/// The keys of each table of the format.
pub mod keys {
    /// The top-level tables.
    pub const TOP: &[&str] = &["brief", "event", "figure", "section", "quote", "contact", "style", "email", "house"];
    /// The top-level keys of a house file beside a brief's (but `house`).
    pub const HOUSE: &[&str] = super::super::house::HOUSE_ONLY;
    /// `[[boilerplate]]`, in a house file.
    pub const BOILERPLATE: &[&str] = SECTION;
    /// `[brief]`.
    pub const BRIEF: &[&str] = &[
        "title",
        "date",
        "kind",
        "organization",
        "symbol",
        "subtitle",
        "place",
        "language",
        "notice",
        "embargo",
        "summary",
        "logo",
        "logo_alt",
    ];
    /// `[[figure]]`.
    pub const FIGURE: &[&str] = &["value", "label", "prefix", "suffix", "note"];
    /// `[[section]]`.
    pub const SECTION: &[&str] = &["heading", "text"];
    /// `[[quote]]`.
    pub const QUOTE: &[&str] = &["text", "by", "role", "after"];
    /// `[contact]`.
    pub const CONTACT: &[&str] = &["heading", "web", "social", "person"];
    /// `[[contact.person]]`.
    pub const PERSON: &[&str] = &["name", "role", "email", "phone"];
    /// `[style]`.
    pub const STYLE: &[&str] = &["page", "accent", "font", "qr", "standard"];
    /// `[style.font]`, the brief's own font files, by style.
    pub const FONT: &[&str] = &["regular", "bold", "italic", "bold_italic"];
    /// `[email]`.
    pub const EMAIL: &[&str] = &["from", "to", "cc", "bcc", "subject", "reply_to"];
    /// `[event]`, a media advisory's press event.
    pub const EVENT: &[&str] = &["start", "end", "timezone", "venue", "address", "online", "accreditation"];
}
use keys::{
    BRIEF as BRIEF_KEYS, CONTACT as CONTACT_KEYS, EMAIL as EMAIL_KEYS, FIGURE as FIGURE_KEYS, FONT as FONT_KEYS,
    PERSON as PERSON_KEYS, QUOTE as QUOTE_KEYS, SECTION as SECTION_KEYS, STYLE as STYLE_KEYS, TOP as TOP_KEYS,
};

/// Keys whose strings are never printed, so need no glyphs.
/// (`subject` is only mailed; mail clients have fonts for everything.)
const NOT_PRINTED: &[&str] =
    &["language", "logo", "page", "accent", "font", "subject", "regular", "bold", "italic", "bold_italic", "standard"];

/// The limits a brief must stay within, so that a mistaken or hostile file
/// is refused with a clear error instead of exhausting time or memory.
pub mod limits {
    /// Most `[[figure]]` tables.
    pub const FIGURES: usize = 48;
    /// Most `[[section]]` tables.
    pub const SECTIONS: usize = 500;
    /// Most `[[quote]]` tables.
    pub const QUOTES: usize = 100;
    /// Most `[[contact.person]]` tables.
    pub const PERSONS: usize = 50;
    /// Most addresses in one `[email]` field (`to`, `cc`, `bcc`, `reply_to`).
    pub const ADDRESSES: usize = 100;
    /// Most levels of block quotes and lists nested in one another in a
    /// Markdown text (a list in a quote in a list is three). The tree a
    /// text becomes is walked recursively (the layout of a quote, the PDF's
    /// structure tree), so this bounds its depth; a real brief uses two or
    /// three.
    pub const NESTING: usize = 12;
    /// Most characters in a word (a run without white space).
    pub const WORD_CHARS: usize = 500;
    /// Most characters in a single-line field (title, label, name…).
    pub const LINE_CHARS: usize = 1_000;
    /// Most pixels in a PNG or JPEG logo or image (40 megapixels): a PNG's
    /// samples are decoded when the brief is read, so this bounds the
    /// memory that takes.
    pub const PIXELS: u64 = 40_000_000;
    /// Most modules a side of the contact block's QR code (version 10, a
    /// web address of up to about 200 characters): more would print too
    /// small to scan in the space the code has.
    pub const QR_MODULES: usize = 57;
    /// Most distinct unprintable characters warned about one by one in a
    /// string; the rest are summed up in one more warning.
    pub const MISSING_GLYPH_WARNINGS: usize = 5;
    /// Most recipients in a recipient list.
    pub const RECIPIENTS: usize = 1_000;
    /// Most copies for one recipient.
    pub const COPIES: u32 = 100;
    /// Most characters in a recipient's name.
    pub const NAME_CHARS: usize = 200;
    /// Largest recipient list file, in bytes.
    pub const LIST_BYTES: usize = 2 * 1024 * 1024;
}

/// The default accent colour, UN blue.
const DEFAULT_ACCENT: &str = "#009EDB";

/// A table being checked: its entries, its header span and its name as
/// shown in messages (`[brief]`, `[[figure]]`).
struct Table<'a, 'i> {
    table: &'a DeTable<'i>,
    span: Range<usize>,
    name: &'static str,
}

impl<'a, 'i> Table<'a, 'i> {
    fn get(&self, key: &str) -> Option<&'a Value<'i>> {
        self.table.get(key)
    }
}

/// What the checked tree is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// A brief, without a house file.
    Brief,
    /// A brief merged with its house file, whose spans start at
    /// [`HOUSE_AT`].
    Merged,
    /// A house file alone: nothing is required of the tables a brief
    /// merges key by key.
    House,
}

/// Walks the tree, collecting diagnostics.
pub(crate) struct Checker<'s> {
    source: Texts<'s>,
    resources: &'s dyn Resources,
    /// Where the house file's own files come from (paths in it are
    /// relative to it), when a brief is merged with one.
    house_resources: Option<&'s dyn Resources>,
    /// What is checked.
    role: Role,
    /// Whether a character can be printed in a bundled font.
    covers: &'s dyn Fn(char) -> bool,
    /// The user's font files, with the span of each path, once checked.
    font_files: Vec<(Range<usize>, Arc<FontFile>)>,
    /// Every character printed, when the brief has its own fonts (to check
    /// each of them).
    printed_chars: std::collections::BTreeSet<char>,
    /// Every problem found so far.
    pub diags: Vec<Diagnostic>,
}

impl<'s> Checker<'s> {
    /// A checker over `source`.
    pub fn new(source: &'s str, resources: &'s dyn Resources, covers: &'s dyn Fn(char) -> bool) -> Checker<'s> {
        Checker {
            source: Texts::one(source),
            resources,
            house_resources: None,
            role: Role::Brief,
            covers,
            font_files: Vec::new(),
            printed_chars: std::collections::BTreeSet::new(),
            diags: Vec::new(),
        }
    }

    /// The checker of a brief merged with its house file, whose text is
    /// `house` and whose files come from `resources`.
    pub fn with_house(mut self, house: &'s str, resources: &'s dyn Resources) -> Checker<'s> {
        self.role = Role::Merged;
        self.source.house = Some(house);
        self.house_resources = Some(resources);
        self
    }

    /// The checker of a house file alone.
    pub fn for_house(mut self) -> Checker<'s> {
        self.role = Role::House;
        self
    }

    /// Whether `span` is in the house file's text.
    fn in_house(&self, span: &Range<usize>) -> bool {
        match self.role {
            Role::Brief => false,
            Role::Merged => span.start >= HOUSE_AT,
            Role::House => true,
        }
    }

    /// Where a file named by the value at `span` comes from: the house
    /// file's folder for a value of the house, else the brief's.
    fn resources_at(&self, span: &Range<usize>) -> &'s dyn Resources {
        match self.house_resources {
            Some(house) if self.in_house(span) => house,
            _ => self.resources,
        }
    }

    fn error(&mut self, message: impl Into<String>, span: Range<usize>) -> &mut Diagnostic {
        self.diags.push(Diagnostic::error(message, span));
        let last = self.diags.len() - 1;
        &mut self.diags[last]
    }

    fn hint(&mut self, message: impl Into<String>, span: Range<usize>, hint: impl Into<String>) {
        self.diags.push(Diagnostic::error(message, span).with_hint(hint));
    }

    /// Checks the whole document; `None` when a required part is missing
    /// or wrong (the diagnostics say why).
    pub fn brief(&mut self, root: &DeTable<'_>) -> Option<Brief> {
        let root = Table { table: root, span: 0..0, name: "at the top level" };
        self.top_keys(&root);

        let header = match root.get("brief") {
            None if self.role == Role::House => None,
            None => {
                self.hint(
                    "missing `[brief]` table",
                    0..0,
                    "a brief starts with `[brief]`, then at least `title = \"…\"` and `date = 2021-06-30`",
                );
                None
            }
            Some(v) => self.table(v, "brief", "[brief]", "write `[brief]` as a table header"),
        };

        let figures =
            self.array_of_tables(&root, "figure", "[[figure]]", FIGURE_KEYS, (limits::FIGURES, "key figures"));
        let sections =
            self.array_of_tables(&root, "section", "[[section]]", SECTION_KEYS, (limits::SECTIONS, "sections"));
        let quotes = self.array_of_tables(&root, "quote", "[[quote]]", QUOTE_KEYS, (limits::QUOTES, "quotes"));
        let boilerplate = self.array_of_tables(
            &root,
            "boilerplate",
            "[[boilerplate]]",
            keys::BOILERPLATE,
            (limits::SECTIONS, "boilerplate sections"),
        );
        let end_mark = self.end_mark(&root);
        let contact = root
            .get("contact")
            .and_then(|v| self.table(v, "contact", "[contact]", "write `[contact]` with single brackets"));
        let style =
            root.get("style").and_then(|v| self.table(v, "style", "[style]", "write `[style]` with single brackets"));
        let email =
            root.get("email").and_then(|v| self.table(v, "email", "[email]", "write `[email]` with single brackets"));
        let event =
            root.get("event").and_then(|v| self.table(v, "event", "[event]", "write `[event]` with single brackets"));

        // The style first: printed text is checked against its fonts.
        let style = match style {
            Some(t) => self.style(&t),
            None => Some(default_style()),
        };
        // The language next: later values are formatted for it.
        let language = header.as_ref().map(|h| self.language(h)).unwrap_or_else(english);

        let brief_fields = header.as_ref().map(|h| self.brief_fields(h, &language));
        let figures: Vec<Option<Figure>> = figures.iter().map(|t| self.figure(t, &language)).collect();
        // A house file's quotes may follow any of its briefs' sections.
        let n = if self.role == Role::House { limits::SECTIONS } else { sections.len() };
        // Every section is checked, the boilerplate's after the brief's;
        // the footnotes are numbered through both once all are read.
        let count = sections.len();
        let sections: Vec<Option<(Option<String>, inline::Text)>> =
            sections.iter().chain(&boilerplate).map(|t| self.section(t)).collect();
        let sections = sections.into_iter().collect::<Option<Vec<_>>>().map(|sections| {
            let (headings, mut texts): (Vec<_>, Vec<_>) = sections.into_iter().unzip();
            let notes = inline::number_notes(&mut texts);
            let mut sections: Vec<Section> = headings
                .into_iter()
                .zip(texts)
                .map(|(heading, text)| Section { heading, blocks: text.blocks })
                .collect();
            let boilerplate = sections.split_off(count);
            (sections, boilerplate, notes)
        });
        let quotes: Vec<Option<Quote>> =
            quotes.iter().enumerate().map(|(i, t)| self.quote(t, i, quotes.len(), n)).collect();
        self.font_coverage();
        let qr = style.as_ref().is_none_or(|s| s.qr);
        let contact = contact.map(|t| self.contact(&t, &language, qr));
        let email = email.map(|t| self.email(&t));
        let event = event.map(|t| self.event(&t, &language));

        let fields = brief_fields??;
        let (sections, boilerplate, notes) = sections?;
        Some(Brief {
            title: fields.title,
            date: fields.date,
            kind: fields.kind,
            organization: fields.organization,
            symbol: fields.symbol,
            subtitle: fields.subtitle,
            place: fields.place,
            language,
            notice: fields.notice,
            embargo: fields.embargo,
            summary: fields.summary,
            logo: fields.logo,
            logo_alt: fields.logo_alt,
            figures: figures.into_iter().collect::<Option<_>>()?,
            sections,
            notes,
            quotes: quotes.into_iter().collect::<Option<_>>()?,
            end_mark: end_mark.ok()?,
            boilerplate,
            contact: match contact {
                Some(c) => Some(c?),
                None => None,
            },
            style: style?,
            email: match email {
                Some(e) => Some(e?),
                None => None,
            },
            event: match event {
                Some(e) => Some(e?),
                None => None,
            },
        })
    }

    // ---- structure --------------------------------------------------------

    /// The top-level keys: a brief's, and in a house file (or from one)
    /// what only a house holds.
    fn top_keys(&mut self, root: &Table<'_, '_>) {
        let known: Vec<&str> = TOP_KEYS.iter().chain(keys::HOUSE).copied().collect();
        self.unknown_keys(root, &known);
        for (key, _) in root.table.iter() {
            let name: &str = key.get_ref();
            let (in_house, span) = (self.in_house(&key.span()), key.span());
            if keys::HOUSE.contains(&name) && !in_house {
                self.hint(
                    format!("`{name}` is for a house file, not a brief"),
                    span,
                    format!("move it to the `{}` every brief of the office shares", super::house::FILE_NAME),
                );
            } else if name == "house" && in_house {
                self.hint("a house file cannot name another house", span, "remove the key");
            }
        }
    }

    /// `end_mark`, printed after the body: a string, or `false` for none.
    fn end_mark(&mut self, root: &Table<'_, '_>) -> Result<Option<String>, ()> {
        match root.get("end_mark").map(|v| v.get_ref()) {
            Some(DeValue::Boolean(false)) => Ok(None),
            Some(DeValue::String(_)) | None => self.optional(root, "end_mark"),
            Some(other) => {
                let span = root.get("end_mark").map_or(0..0, |v| v.span());
                self.hint(
                    format!("`end_mark` must be a string or `false`, found {}", describe(other)),
                    span,
                    "write e.g. `end_mark = \"* *** *\"`, `\"###\"` or `\"-ENDS-\"`, or `end_mark = false` for none",
                );
                Err(())
            }
        }
    }

    fn unknown_keys(&mut self, table: &Table<'_, '_>, known: &[&str]) {
        for (key, _) in table.table.iter() {
            let name: &str = key.get_ref();
            if known.contains(&name) {
                continue;
            }
            let hint = match suggest::nearest(name, known) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!(
                    "valid keys {} are {}",
                    if table.name.starts_with('[') { format!("in `{}`", table.name) } else { table.name.to_string() },
                    known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
                ),
            };
            self.hint(format!("unknown key `{name}`"), key.span(), hint);
        }
    }

    /// A value that must be a table.
    fn table<'a, 'i>(
        &mut self,
        value: &'a Value<'i>,
        key: &str,
        name: &'static str,
        hint: &str,
    ) -> Option<Table<'a, 'i>> {
        match value.get_ref() {
            DeValue::Table(t) => Some(Table { table: t, span: value.span(), name }),
            other => {
                self.hint(format!("`{key}` must be a table, found {}", describe(other)), value.span(), hint);
                None
            }
        }
    }

    /// `[[key]]` entries of `parent`, each checked for unknown keys; at
    /// most `max` of them (`what` names them in the hint), the rest are
    /// an error and dropped.
    fn array_of_tables<'a, 'i>(
        &mut self,
        parent: &Table<'a, 'i>,
        key: &str,
        name: &'static str,
        known: &[&str],
        (max, what): (usize, &str),
    ) -> Vec<Table<'a, 'i>> {
        let Some(value) = parent.get(key) else {
            return Vec::new();
        };
        let tables = match value.get_ref() {
            DeValue::Array(items) => {
                if let Some(extra) = items.get(max) {
                    self.hint(
                        format!("too many `{name}` tables: {}, the most is {max}", items.len()),
                        extra.span(),
                        format!("a brief holds at most {max} {what}; remove some, or split the brief in two"),
                    );
                }
                let mut out = Vec::new();
                for item in items.iter().take(max) {
                    match item.get_ref() {
                        DeValue::Table(t) => out.push(Table { table: t, span: item.span(), name }),
                        other => self.hint(
                            format!("each `{key}` must be a table, found {}", describe(other)),
                            item.span(),
                            format!("write a `{name}` header for each entry"),
                        ),
                    }
                }
                out
            }
            other => {
                self.hint(
                    format!("`{key}` must be an array of tables, found {}", describe(other)),
                    value.span(),
                    format!("write `{name}` with double brackets, once per entry"),
                );
                Vec::new()
            }
        };
        for t in &tables {
            self.unknown_keys(t, known);
        }
        tables
    }

    fn missing(&mut self, table: &Table<'_, '_>, key: &str, example: &str) {
        // An entry of an array is replaced whole, so it must be complete
        // wherever it is written; a table merges with the brief's.
        let merges = !table.name.starts_with("[[");
        match self.role {
            Role::House if merges => {}
            // A table only the house gives: the key is the brief's to add,
            // with the table.
            Role::Merged if merges && self.in_house(&table.span) => {
                let d = Diagnostic::error(format!("missing `{key}` in `{}`", table.name), 0..0)
                    .with_related(
                        format!("the house file's `{}` has no `{key}` either", table.name),
                        None,
                        table.span.clone(),
                    )
                    .with_hint(format!("add `{}` with `{key} = {example}` to the brief", table.name));
                self.diags.push(d);
            }
            Role::Merged if merges => self.hint(
                format!("missing `{key}` in `{}`", table.name),
                table.span.clone(),
                format!("add `{key} = {example}`; the house file does not give it either"),
            ),
            _ => self.hint(
                format!("missing `{key}` in `{}`", table.name),
                table.span.clone(),
                format!("add `{key} = {example}`"),
            ),
        }
    }

    fn type_error(&mut self, key: &str, expected: &str, value: &Value<'_>) {
        self.error(format!("`{key}` must be {expected}, found {}", describe(value.get_ref())), value.span());
    }

    // ---- scalar values ----------------------------------------------------

    /// A raw string value with its source map, type-checked; for printed
    /// keys, its words are checked and its characters against the fonts.
    fn raw_string(&mut self, table: &Table<'_, '_>, key: &str) -> Option<SourceText> {
        let value = table.get(key)?;
        match value.get_ref() {
            DeValue::String(s) => {
                let text = SourceText::of(&self.source, value.span(), s);
                if NOT_PRINTED.contains(&key) {
                    return Some(text);
                }
                self.printed(key, &text).then_some(text)
            }
            _ => {
                self.type_error(key, "a string", value);
                None
            }
        }
    }

    /// Checks a string that will be printed: no word longer than
    /// [`limits::WORD_CHARS`] (an error, `false`) and a warning for each
    /// character no font can show.
    fn printed(&mut self, key: &str, text: &SourceText) -> bool {
        self.missing_glyphs(key, text);
        let Some(word) = long_word(&text.text) else {
            return true;
        };
        let chars = text.text[word.clone()].chars().count();
        self.hint(
            format!("`{key}` has a word of {chars} characters, the most is {}", limits::WORD_CHARS),
            text.span(word),
            "break it with spaces; a long web address can be a link: `[short text](https://…)`",
        );
        false
    }

    /// Warns once per distinct character of `text` that `covers` rejects,
    /// at its first occurrence; past [`limits::MISSING_GLYPH_WARNINGS`]
    /// characters, one more warning counts the rest.
    fn missing_glyphs(&mut self, key: &str, text: &SourceText) {
        const HINT: &str = "the characters will print as empty boxes; the bundled faces \
                            cover Latin, Greek, Cyrillic, Arabic, Chinese (GB 2312) and common symbols; `brief fonts` lists them";
        let mut seen: Vec<char> = Vec::new();
        let mut rest: Option<(Range<usize>, usize)> = None;
        let own = self.font_files.first().map(|(_, f)| f.coverage.clone());
        for (i, c) in text.text.char_indices() {
            if let Some(own) = &own {
                self.printed_chars.insert(c);
                if own.prints(c) {
                    continue;
                }
            }
            if (self.covers)(c) || seen.contains(&c) {
                continue;
            }
            seen.push(c);
            let span = text.span(i..i + c.len_utf8());
            if seen.len() <= limits::MISSING_GLYPH_WARNINGS {
                self.diags.push(
                    Diagnostic::warning(format!("no {} has `{c}` (U+{:04X})", self.fonts_noun(), c as u32), span)
                        .with_hint(HINT),
                );
            } else {
                rest.get_or_insert((span, 0)).1 += 1;
            }
        }
        if let Some((span, n)) = rest {
            let noun = if n == 1 { "character" } else { "characters" };
            self.diags.push(
                Diagnostic::warning(format!("`{key}` has {n} more {noun} that no {} has", self.fonts_noun()), span)
                    .with_hint(HINT),
            );
        }
    }

    /// "bundled font", or "font" when the brief brings its own.
    fn fonts_noun(&self) -> &'static str {
        if self.font_files.is_empty() { "bundled font" } else { "font" }
    }

    /// Warns about each of the brief's own font files that lacks
    /// characters the brief prints (and a bundled font has, so that the
    /// text is set in it instead), at the file's path.
    fn font_coverage(&mut self) {
        let mut warnings = Vec::new();
        for (span, file) in &self.font_files {
            let missing: Vec<char> =
                self.printed_chars.iter().copied().filter(|&c| !file.coverage.prints(c) && (self.covers)(c)).collect();
            if missing.is_empty() {
                continue;
            }
            let shown = limits::MISSING_GLYPH_WARNINGS;
            let mut list: Vec<String> =
                missing.iter().take(shown).map(|c| format!("`{c}` (U+{:04X})", *c as u32)).collect();
            if missing.len() > shown {
                list.push(format!("{} more", missing.len() - shown));
            }
            let list = match list.split_last() {
                Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
                _ => list.join(""),
            };
            warnings.push(
                Diagnostic::warning(format!("font `{}` has no {list}, which the brief prints", file.path), span.clone())
                    .with_hint("the text is set in Noto Sans there; a font that covers the brief's languages keeps it in one typeface"),
            );
        }
        self.diags.extend(warnings);
    }

    /// Reports control characters; `allow` lists the permitted ones.
    fn control_chars(&mut self, key: &str, text: &SourceText, allow: &[char]) -> bool {
        let bad = text.text.char_indices().find(|(_, c)| c.is_control() && !allow.contains(c));
        if let Some((i, c)) = bad {
            let span = text.span(i..i + c.len_utf8());
            if c == '\n' || c == '\r' {
                self.hint(format!("`{key}` must be a single line"), span, "remove the line break");
            } else {
                self.hint(
                    format!("`{key}` contains the control character U+{:04X}", c as u32),
                    span,
                    "remove it; only text, line breaks and tabs are allowed",
                );
            }
            return false;
        }
        true
    }

    /// A single-line string: trimmed, non-empty, no control characters,
    /// at most [`limits::LINE_CHARS`] characters.
    fn string(&mut self, table: &Table<'_, '_>, key: &str) -> Option<String> {
        let text = self.raw_string(table, key)?;
        if !self.control_chars(key, &text, &[]) || !self.line_length(key, &text) {
            return None;
        }
        let trimmed = text.text.trim();
        if trimmed.is_empty() {
            let span = text.span(0..text.text.len());
            self.hint(
                format!("`{key}` is empty"),
                table.get(key).map_or(span, |v| v.span()),
                "remove the key or give it a value",
            );
            return None;
        }
        Some(trimmed.to_string())
    }

    /// A required single-line string.
    fn required(&mut self, table: &Table<'_, '_>, key: &str) -> Option<String> {
        if table.get(key).is_none() {
            self.missing(table, key, "\"…\"");
            return None;
        }
        self.string(table, key)
    }

    /// An optional single-line string: `Ok(None)` when absent, `Err` when wrong.
    fn optional(&mut self, table: &Table<'_, '_>, key: &str) -> Result<Option<String>, ()> {
        if table.get(key).is_none() {
            return Ok(None);
        }
        self.string(table, key).map(Some).ok_or(())
    }

    /// Reports a single-line value longer than [`limits::LINE_CHARS`],
    /// pointing at the part past the limit.
    fn line_length(&mut self, key: &str, text: &SourceText) -> bool {
        let Some((cut, _)) = text.text.char_indices().nth(limits::LINE_CHARS) else {
            return true;
        };
        let chars = text.text.chars().count();
        self.hint(
            format!("`{key}` is {chars} characters long, the most is {}", limits::LINE_CHARS),
            text.span(cut..text.text.len()),
            "shorten it; longer text belongs in a `[[section]]`",
        );
        false
    }

    /// Markdown text: non-empty, no control characters but line breaks and tabs.
    fn markdown(&mut self, table: &Table<'_, '_>, key: &str) -> Option<SourceText> {
        let text = self.raw_string(table, key)?;
        if !self.control_chars(key, &text, &['\n', '\r', '\t']) {
            return None;
        }
        if text.text.trim().is_empty() {
            self.hint(
                format!("`{key}` is empty"),
                table.get(key).map_or(0..0, |v| v.span()),
                "remove the key or give it a value",
            );
            return None;
        }
        Some(text)
    }

    /// Inline Markdown: `Ok(None)` when absent.
    fn inline(&mut self, table: &Table<'_, '_>, key: &str) -> Result<Option<Inline>, ()> {
        if table.get(key).is_none() {
            return Ok(None);
        }
        let text = self.markdown(table, key).ok_or(())?;
        let before = self.errors();
        let inline = inline::inline(&text, &mut self.diags);
        if self.errors() > before {
            return Err(());
        }
        Ok(Some(inline))
    }

    // ---- tables -----------------------------------------------------------

    fn language(&mut self, t: &Table<'_, '_>) -> Language {
        let Some(value) = t.get("language") else {
            return english();
        };
        let Some(tag) = self.string(t, "language") else {
            return english();
        };
        if !valid_language_tag(&tag) {
            let hint = if tag.contains('_') {
                format!("use hyphens: `{}`", tag.replace('_', "-"))
            } else {
                "use a BCP 47 language tag, e.g. `en`, `fr-CH` or `zh-Hans`".to_string()
            };
            self.hint(format!("`language` is not a valid language tag: `{tag}`"), value.span(), hint);
            return english();
        }
        let primary = tag.split('-').next().unwrap_or("en").to_ascii_lowercase();
        let language = Language { tag, primary };
        if !locale::is_supported(&language) {
            self.diags.push(
                Diagnostic::warning(
                    format!("no labels for language `{}`; English labels and formats are used", language.tag),
                    value.span(),
                )
                .with_hint("supported: `en`, `fr`, `es`, `ru`, `de`, `ar`, `zh`, `pt`"),
            );
        }
        language
    }

    fn brief_fields(&mut self, t: &Table<'_, '_>, language: &Language) -> Option<BriefFields> {
        self.unknown_keys(t, BRIEF_KEYS);
        let title = self.required(t, "title");
        let date = self.date(t);
        let kind = self.optional(t, "kind");
        let organization = self.optional(t, "organization");
        let symbol = self.optional(t, "symbol");
        let subtitle = self.optional(t, "subtitle");
        let place = self.optional(t, "place");
        let notice = self.optional(t, "notice");
        let embargo = self.embargo(t);
        let summary = self.inline(t, "summary");
        let logo = self.logo(t);
        let logo_alt = self.optional(t, "logo_alt");
        let logo_alt = match (&logo, logo_alt) {
            (Ok((_, Some(alt))), Ok(None)) => Ok(Some(alt.clone())),
            (Ok((_, Some(_))), Ok(Some(_))) => {
                if let Some(value) = t.get("logo_alt") {
                    self.hint(
                        "the logo is described twice",
                        value.span(),
                        "keep either `logo_alt` or the `alt` in the `logo` table",
                    );
                }
                Err(())
            }
            (Ok((Some(_), None)), Ok(None)) => {
                if let Some(value) = t.get("logo") {
                    self.diags.push(
                        Diagnostic::warning("the logo has no description for screen readers", value.span())
                            .with_hint("add `logo_alt = \"…\"` saying what it shows (e.g. \"United Nations emblem\"); without one the logo is left out of the tagged PDF's reading"),
                    );
                }
                Ok(None)
            }
            (_, alt) => alt,
        };
        Some(BriefFields {
            title: title?,
            date: date?,
            kind: kind.ok()?.unwrap_or_else(|| locale::label(language, Label::DefaultKind).to_string()),
            organization: organization.ok()?,
            symbol: symbol.ok()?,
            subtitle: subtitle.ok()?,
            place: place.ok()?,
            notice: notice.ok()?,
            embargo: embargo.ok()?,
            summary: summary.ok()?,
            logo: logo.ok()?.0,
            logo_alt: logo_alt.ok()?,
        })
    }

    fn date(&mut self, t: &Table<'_, '_>) -> Option<BriefDate> {
        let Some(value) = t.get("date") else {
            self.missing(t, "date", "2021-06-30");
            return None;
        };
        let span = value.span();
        match value.get_ref() {
            DeValue::Datetime(dt) => {
                let Some(d) = dt.date else {
                    self.hint("`date` must be a date, found a time", span, "write a day, e.g. `date = 2021-06-30`");
                    return None;
                };
                let day = self.day(d, span.clone())?;
                let time = match dt.time {
                    Some(tm) => Some(self.time(tm, span.clone())?),
                    None => None,
                };
                Some(BriefDate { day, time, offset: dt.offset.map(offset) })
            }
            DeValue::String(s) => {
                let hint = if NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").is_ok() {
                    format!("remove the quotes: `date = {}`", s.trim())
                } else {
                    "write a TOML date without quotes, e.g. `date = 2021-06-30`".to_string()
                };
                self.hint("`date` must be a TOML date, found a string", span, hint);
                None
            }
            _ => {
                self.error(format!("`date` must be a date, found {}", describe(value.get_ref())), span).hint =
                    Some("write a date, e.g. `date = 2021-06-30`".to_string());
                None
            }
        }
    }

    fn day(&mut self, d: toml::value::Date, span: Range<usize>) -> Option<NaiveDate> {
        let day = NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into());
        if day.is_none() {
            self.error(format!("`{d}` is not a calendar day"), span);
        }
        day
    }

    fn time(&mut self, t: toml::value::Time, span: Range<usize>) -> Option<NaiveTime> {
        let time = NaiveTime::from_hms_nano_opt(
            t.hour.into(),
            t.minute.into(),
            t.second.unwrap_or(0).into(),
            t.nanosecond.unwrap_or(0),
        );
        if time.is_none() {
            self.error(format!("`{t}` is not a valid time of day"), span);
        }
        time
    }

    fn embargo(&mut self, t: &Table<'_, '_>) -> Result<Option<DateTime<FixedOffset>>, ()> {
        let Some(value) = t.get("embargo") else {
            return Ok(None);
        };
        let span = value.span();
        let example = "`embargo = 2021-06-30T12:00:00-04:00` (or `Z` for UTC)";
        match value.get_ref() {
            DeValue::Datetime(dt) => {
                let (Some(d), Some(tm)) = (dt.date, dt.time) else {
                    self.hint(
                        "`embargo` must be a date and time with a UTC offset",
                        span,
                        format!("write e.g. {example}"),
                    );
                    return Err(());
                };
                let Some(off) = dt.offset else {
                    let src = self.source.get(span.clone()).unwrap_or("").trim().to_string();
                    self.hint(
                        "`embargo` has no UTC offset",
                        span,
                        format!("add the offset of the embargo's time zone, e.g. `embargo = {src}-04:00`"),
                    );
                    return Err(());
                };
                let day = self.day(d, span.clone()).ok_or(())?;
                let time = self.time(tm, span.clone()).ok_or(())?;
                let at = day.and_time(time).and_local_timezone(offset(off)).single();
                match at {
                    Some(at) => Ok(Some(at)),
                    None => {
                        self.error("`embargo` is not a valid moment", span);
                        Err(())
                    }
                }
            }
            DeValue::String(_) => {
                self.hint(
                    "`embargo` must be a TOML date-time, found a string",
                    span,
                    format!("remove the quotes and give an offset, e.g. {example}"),
                );
                Err(())
            }
            other => {
                self.hint(
                    format!("`embargo` must be a date-time, found {}", describe(other)),
                    span,
                    format!("write e.g. {example}"),
                );
                Err(())
            }
        }
    }

    /// `logo = "emblem.svg"`, or `logo = { file = "emblem.svg", alt = "…" }`
    /// with its description beside it: the image and the description the
    /// table gives.
    fn logo(&mut self, t: &Table<'_, '_>) -> Result<(Option<Arc<Image>>, Option<String>), ()> {
        let Some(value) = t.get("logo") else {
            return Ok((None, None));
        };
        // The file's own place says whose folder it is in: a brief may
        // describe the logo its house file names.
        let (path, alt, at) = match value.get_ref() {
            DeValue::Table(inner) => {
                let table = Table { table: inner, span: value.span(), name: "[brief.logo]" };
                self.unknown_keys(&table, &["file", "alt"]);
                let file = self.required(&table, "file");
                let alt = self.optional(&table, "alt");
                let at = inner.get("file").map_or(value.span(), |f| f.span());
                (file.ok_or(())?, alt?, at)
            }
            _ => (self.string(t, "logo").ok_or(())?, None, value.span()),
        };
        let data = match self.resources_at(&at).load(&path) {
            Ok(data) => data,
            Err(e) => {
                let hint = self.relative_hint(&at);
                self.hint(format!("cannot read logo `{path}`: {e}"), value.span(), hint);
                return Err(());
            }
        };
        match super::image::read("logo", &path, data) {
            Ok(image) => Ok((Some(Arc::new(image)), alt)),
            Err((message, hint)) => {
                let d = self.error(message, value.span());
                d.hint = hint;
                Err(())
            }
        }
    }

    fn figure(&mut self, t: &Table<'_, '_>, language: &Language) -> Option<Figure> {
        let value = self.figure_value(t, language);
        let label = self.required(t, "label");
        let prefix = self.optional(t, "prefix");
        let suffix = self.optional(t, "suffix");
        let note = self.optional(t, "note");
        Some(Figure { value: value?, label: label?, prefix: prefix.ok()?, suffix: suffix.ok()?, note: note.ok()? })
    }

    fn figure_value(&mut self, t: &Table<'_, '_>, language: &Language) -> Option<String> {
        let Some(value) = t.get("value") else {
            self.missing(t, "value", "147");
            return None;
        };
        match value.get_ref() {
            DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                Ok(n) => Some(locale::format_integer(language, n)),
                Err(_) => {
                    let (what, bound) = if i.as_str().starts_with('-') {
                        ("small", format!("down to {}", i64::MIN))
                    } else {
                        ("large", format!("up to {}", i64::MAX))
                    };
                    self.hint(
                        format!("`value` is too {what}: whole numbers go {bound}"),
                        value.span(),
                        "write a figure this size as text, in words or with a unit, e.g. `value = \"9.3 quintillion\"`",
                    );
                    None
                }
            },
            DeValue::Float(f) => {
                let text = f.as_str();
                match text.replace('_', "").parse::<f64>() {
                    Ok(x) if x.is_finite() => Some(locale::format_number(language, x, float_decimals(text))),
                    _ => {
                        self.hint(
                            "`value` must be a finite number",
                            value.span(),
                            "write the figure as text instead, e.g. `value = \"∞\"`",
                        );
                        None
                    }
                }
            }
            DeValue::String(_) => self.string(t, "value"),
            _ => {
                self.type_error("value", "a number or a string", value);
                None
            }
        }
    }

    /// A section: its heading and its text, whose footnotes the brief
    /// numbers once every section is read.
    fn section(&mut self, t: &Table<'_, '_>) -> Option<(Option<String>, inline::Text)> {
        let heading = self.optional(t, "heading");
        let text = if t.get("text").is_none() {
            self.missing(t, "text", "\"\"\"…\"\"\"");
            None
        } else {
            self.markdown(t, "text").and_then(|text| {
                let before = self.errors();
                let resources = self.resources_at(&text.span(0..0));
                let parsed = inline::section(&text, resources, &mut self.diags);
                (self.errors() == before).then_some(parsed)
            })
        };
        Some((heading.ok()?, text?))
    }

    /// Where a path at `span` is read from, for a hint.
    fn relative_hint(&self, span: &Range<usize>) -> &'static str {
        if self.in_house(span) {
            "the path is relative to the house file"
        } else {
            "the path is relative to the brief file"
        }
    }

    /// How many errors (not warnings) were found so far.
    fn errors(&self) -> usize {
        self.diags.iter().filter(|d| d.severity == super::diag::Severity::Error).count()
    }

    fn quote(&mut self, t: &Table<'_, '_>, i: usize, count: usize, sections: usize) -> Option<Quote> {
        let text = if t.get("text").is_none() {
            self.missing(t, "text", "\"…\"");
            Err(())
        } else {
            self.inline(t, "text")
        };
        let by = self.optional(t, "by");
        let role = self.optional(t, "role");
        let after = match t.get("after") {
            None => Some(spread(i, count, sections)),
            Some(value) => match value.get_ref() {
                DeValue::Integer(n) => {
                    let n = i64::from_str_radix(n.as_str(), n.radix()).unwrap_or(i64::MAX);
                    match usize::try_from(n) {
                        Ok(n) if n <= sections => Some(n),
                        _ => {
                            let noun = if sections == 1 { "section" } else { "sections" };
                            self.hint(
                                format!("`after` is {n} but the brief has {sections} {noun}"),
                                value.span(),
                                format!("use a number from 0 (before the first section) to {sections}"),
                            );
                            None
                        }
                    }
                }
                _ => {
                    self.type_error("after", "an integer", value);
                    None
                }
            },
        };
        Some(Quote { text: text.ok()??, by: by.ok()?, role: role.ok()?, after: after? })
    }

    fn contact(&mut self, t: &Table<'_, '_>, language: &Language, qr: bool) -> Option<Contact> {
        self.unknown_keys(t, CONTACT_KEYS);
        let heading = self.optional(t, "heading");
        let web = self.web(t);
        let code = match &web {
            Ok(Some(web)) if qr => self.qr_code(t, web),
            _ => None,
        };
        let social = self.social(t);
        let persons: Vec<Option<Person>> = self
            .array_of_tables(t, "person", "[[contact.person]]", PERSON_KEYS, (limits::PERSONS, "contact persons"))
            .iter()
            .map(|p| self.person(p))
            .collect();
        Some(Contact {
            heading: heading.ok()?.unwrap_or_else(|| locale::label(language, Label::Contacts).to_string()),
            web: web.ok()?,
            social: social?,
            persons: persons.into_iter().collect::<Option<_>>()?,
            qr: code,
        })
    }

    /// The QR code of the web address, or a warning when the address is
    /// too long for a code whose modules still print large enough to scan.
    fn qr_code(&mut self, t: &Table<'_, '_>, web: &str) -> Option<QrCode> {
        match super::qr::encode(web.as_bytes()) {
            Some(code) if code.width <= limits::QR_MODULES => Some(code),
            _ => {
                let span = t.get("web").map_or(0..0, |v| v.span());
                self.diags.push(
                    Diagnostic::warning(
                        format!("`web` is {} characters long, too long for a QR code that scans in print", web.len()),
                        span,
                    )
                    .with_hint("the contact block shows the address without a code; use a shorter address, or set `qr = false` under `[style]`"),
                );
                None
            }
        }
    }

    fn web(&mut self, t: &Table<'_, '_>) -> Result<Option<String>, ()> {
        let web = self.optional(t, "web")?;
        let Some(web) = web else { return Ok(None) };
        let lower = web.to_ascii_lowercase();
        let rest = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://"));
        if rest.is_some_and(|r| !r.is_empty() && !r.contains(char::is_whitespace)) {
            return Ok(Some(web));
        }
        let hint = if lower.starts_with("www.") {
            format!("write the full address: `https://{web}`")
        } else {
            "write a full web address, e.g. `https://www.un.org/counterterrorism`".to_string()
        };
        let span = t.get("web").map_or(0..0, |v| v.span());
        self.hint("`web` must be an `http://` or `https://` address", span, hint);
        Err(())
    }

    fn social(&mut self, t: &Table<'_, '_>) -> Option<Vec<String>> {
        let Some(value) = t.get("social") else {
            return Some(Vec::new());
        };
        let DeValue::Array(items) = value.get_ref() else {
            let d = self.error(
                format!("`social` must be an array of strings, found {}", describe(value.get_ref())),
                value.span(),
            );
            d.hint = Some("write e.g. `social = [\"@UN_OCT\", \"#CTWeek\"]`".to_string());
            return None;
        };
        let mut ok = true;
        let mut out = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(s) => {
                    let text = SourceText::of(&self.source, item.span(), s);
                    if !self.printed("social", &text)
                        || !self.control_chars("social", &text, &[])
                        || !self.line_length("social", &text)
                    {
                        ok = false;
                    } else if s.trim().is_empty() {
                        self.hint("`social` has an empty entry", item.span(), "remove it");
                        ok = false;
                    } else {
                        out.push(s.trim().to_string());
                    }
                }
                other => {
                    self.error(format!("each `social` entry must be a string, found {}", describe(other)), item.span());
                    ok = false;
                }
            }
        }
        ok.then_some(out)
    }

    fn person(&mut self, t: &Table<'_, '_>) -> Option<Person> {
        let name = self.required(t, "name");
        let role = self.optional(t, "role");
        let email = self.optional(t, "email").and_then(|e| match e {
            Some(e) if !valid_email(&e) => {
                let span = t.get("email").map_or(0..0, |v| v.span());
                self.hint(
                    format!("`email` is not an e-mail address: `{e}`"),
                    span,
                    "write it as name@domain.org, e.g. `gerardl@un.org`",
                );
                Err(())
            }
            other => Ok(other),
        });
        let phone = self.optional(t, "phone").and_then(|p| match p {
            Some(p) if !valid_phone(&p) => {
                let span = t.get("phone").map_or(0..0, |v| v.span());
                self.hint(
                    format!("`phone` is not a telephone number: `{p}`"),
                    span,
                    "use digits, spaces and `+ ( ) - . /` only, e.g. `+1 212 963 1234`",
                );
                Err(())
            }
            other => Ok(other),
        });
        Some(Person { name: name?, role: role.ok()?, email: email.ok()?, phone: phone.ok()? })
    }

    fn style(&mut self, t: &Table<'_, '_>) -> Option<Style> {
        self.unknown_keys(t, STYLE_KEYS);
        let page = self.optional(t, "page").and_then(|p| match p {
            None => Ok(PageSize::A4),
            Some(p) => match p.to_ascii_lowercase().as_str() {
                "a4" => Ok(PageSize::A4),
                "letter" => Ok(PageSize::Letter),
                "a5" => Ok(PageSize::A5),
                "legal" => Ok(PageSize::Legal),
                _ => {
                    let span = t.get("page").map_or(0..0, |v| v.span());
                    let hint = match suggest::nearest(&p, &["A4", "Letter", "A5", "Legal"]) {
                        Some(s) => format!("did you mean `{s}`? valid sizes are `A4`, `Letter`, `A5` and `Legal`"),
                        None => "valid sizes are `A4`, `Letter`, `A5` and `Legal`".to_string(),
                    };
                    self.hint(format!("unknown page size `{p}`"), span, hint);
                    Err(())
                }
            },
        });
        let accent = self.optional(t, "accent").and_then(|a| {
            let a = a.unwrap_or_else(|| DEFAULT_ACCENT.to_string());
            match Color::from_hex(&a) {
                Some(c) => Ok(c),
                None => {
                    let span = t.get("accent").map_or(0..0, |v| v.span());
                    let hint = if !a.starts_with('#') && Color::from_hex(&format!("#{a}")).is_some() {
                        format!("add the `#`: `#{a}`")
                    } else {
                        "use #RRGGBB, e.g. #009EDB".to_string()
                    };
                    self.hint(format!("`accent` is not a colour: `{a}`"), span, hint);
                    Err(())
                }
            }
        });
        let font = self.font(t);
        let qr = match t.get("qr") {
            None => Ok(true),
            Some(value) => match value.get_ref() {
                DeValue::Boolean(b) => Ok(*b),
                other => {
                    let found = describe(other);
                    self.hint(
                        format!("`qr` must be a boolean, found {found}"),
                        value.span(),
                        "write `qr = true` or `qr = false`, without quotes",
                    );
                    Err(())
                }
            },
        };
        let claims = self.optional(t, "standard").and_then(|s| match s.as_deref() {
            None | Some("pdf/a-2a+ua-1") => Ok(true),
            Some("none") => Ok(false),
            Some(other) => {
                let span = t.get("standard").map_or(0..0, |v| v.span());
                self.hint(
                    format!("unknown standard `{other}`"),
                    span,
                    "write `standard = \"none\"` for a PDF that claims no standard, or leave the key out for PDF/A-2a and PDF/UA-1",
                );
                Err(())
            }
        });
        Some(Style { page: page.ok()?, accent: accent.ok()?, font: font.ok()?, qr: qr.ok()?, claims: claims.ok()? })
    }
}

impl Checker<'_> {
    /// `style.font`: a bundled family by name, or a table of font files.
    fn font(&mut self, t: &Table<'_, '_>) -> Result<FontChoice, ()> {
        let Some(value) = t.get("font") else {
            return Ok(FontChoice::Sans);
        };
        if let DeValue::Table(files) = value.get_ref() {
            let files = Table { table: files, span: value.span(), name: "[style.font]" };
            return self.font_files(&files).map(|f| FontChoice::Files(Arc::new(f)));
        }
        if !matches!(value.get_ref(), DeValue::String(_)) {
            let found = describe(value.get_ref());
            self.hint(
                format!("`font` must be a family name or a table of font files, found {found}"),
                value.span(),
                "write `font = \"sans\"`, `font = \"serif\"` or `font = { regular = \"…\", bold = \"…\" }`",
            );
            return Err(());
        }
        let f = self.optional(t, "font")?.unwrap_or_default();
        match f.to_ascii_lowercase().as_str() {
            "sans" => Ok(FontChoice::Sans),
            "serif" => Ok(FontChoice::Serif),
            lower => {
                let hint = if [".ttf", ".otf", ".ttc", ".woff", ".woff2"].iter().any(|e| lower.ends_with(e)) {
                    format!(
                        "to use your own font files, give one for each style: \
                         `font = {{ regular = \"{f}\", bold = \"…\", italic = \"…\", bold_italic = \"…\" }}`"
                    )
                } else if let Some(near) = suggest::nearest(lower, &["sans", "serif"]) {
                    format!("did you mean `{near}`?")
                } else {
                    "use `sans`, `serif`, or your own files: `font = { regular = \"…\", bold = \"…\" }`".to_string()
                };
                self.hint(format!("unknown font `{f}`"), value.span(), hint);
                Err(())
            }
        }
    }

    /// The `style.font` table: a file for `regular` and any of the other
    /// styles, each read and checked.
    fn font_files(&mut self, t: &Table<'_, '_>) -> Result<FontFiles, ()> {
        self.unknown_keys(t, FONT_KEYS);
        if t.get("regular").is_none() {
            self.missing(t, "regular", "\"fonts/…-Regular.ttf\"");
        }
        let mut files: [Result<Option<Arc<FontFile>>, ()>; 4] = [Ok(None), Ok(None), Ok(None), Ok(None)];
        for (slot, key) in files.iter_mut().zip(FONT_KEYS) {
            let Some(value) = t.get(key) else {
                *slot = Ok(None);
                continue;
            };
            let Some(path) = self.string(t, key) else {
                *slot = Err(());
                continue;
            };
            let data = match self.resources_at(&value.span()).load(&path) {
                Ok(data) => data,
                Err(e) => {
                    let hint = self.relative_hint(&value.span());
                    self.hint(format!("cannot read font `{path}`: {e}"), value.span(), hint);
                    *slot = Err(());
                    continue;
                }
            };
            *slot = match font::read(key, &path, data) {
                Ok(file) => {
                    let file = Arc::new(file);
                    self.font_files.push((value.span(), file.clone()));
                    Ok(Some(file))
                }
                Err((message, hint)) => {
                    let d = self.error(message, value.span());
                    d.hint = hint;
                    Err(())
                }
            };
        }
        let [regular, bold, italic, bold_italic] = files;
        let (regular, bold, italic, bold_italic) = (regular?.ok_or(())?, bold?, italic?, bold_italic?);
        for (key, given, what) in [
            ("bold", &bold, "bold text (the title, headings, figures) is set in the regular face"),
            ("italic", &italic, "italic text (the quotes, emphasis) is set upright"),
        ] {
            if given.is_none() {
                self.diags.push(
                    Diagnostic::warning(format!("`[style.font]` has no `{key}` file: {what}"), t.span.clone())
                        .with_hint(format!("add `{key} = \"…\"` with the path of the family's {key} font")),
                );
            }
        }
        Ok(FontFiles { regular, bold, italic, bold_italic })
    }

    fn email(&mut self, t: &Table<'_, '_>) -> Option<Email> {
        self.unknown_keys(t, EMAIL_KEYS);
        let from = self.mailboxes(t, "from", 1);
        let to = self.mailboxes(t, "to", limits::ADDRESSES);
        let cc = self.mailboxes(t, "cc", limits::ADDRESSES);
        let bcc = self.mailboxes(t, "bcc", limits::ADDRESSES);
        let reply_to = self.mailboxes(t, "reply_to", limits::ADDRESSES);
        let subject = self.optional(t, "subject");
        Some(Email { from: from?.pop(), to: to?, cc: cc?, bcc: bcc?, reply_to: reply_to?, subject: subject.ok()? })
    }

    /// An address field: one string or an array of strings, each a
    /// mailbox; at most `max` of them. Empty when absent.
    fn mailboxes(&mut self, t: &Table<'_, '_>, key: &str, max: usize) -> Option<Vec<Mailbox>> {
        let Some(value) = t.get(key) else {
            return Some(Vec::new());
        };
        let example = if max == 1 {
            format!("`{key} = \"Press Office <press@un.org>\"`")
        } else {
            format!("`{key} = [\"Laurence Gerard <gerardl@un.org>\", \"press@un.org\"]`")
        };
        let items: Vec<&Value<'_>> = match value.get_ref() {
            DeValue::String(_) => vec![value],
            DeValue::Array(items) => {
                if items.is_empty() {
                    self.hint(format!("`{key}` is empty"), value.span(), "remove the key or give it an address");
                    return None;
                }
                if let Some(extra) = items.get(max) {
                    let (message, hint) = if max == 1 {
                        (
                            format!("`{key}` takes one address, found {}", items.len()),
                            "a message has one sender; put the others in `cc` or `reply_to`".to_string(),
                        )
                    } else {
                        (
                            format!("`{key}` has {} addresses, the most is {max}", items.len()),
                            "for a mailing list, send to the list's own address".to_string(),
                        )
                    };
                    self.hint(message, extra.span(), hint);
                    return None;
                }
                items.iter().collect()
            }
            other => {
                let expected = if max == 1 { "a string" } else { "a string or an array of strings" };
                self.hint(
                    format!("`{key}` must be {expected}, found {}", describe(other)),
                    value.span(),
                    format!("write e.g. {example}"),
                );
                return None;
            }
        };
        let mut ok = true;
        let mut out = Vec::new();
        for item in items {
            let DeValue::String(s) = item.get_ref() else {
                self.hint(
                    format!("each `{key}` entry must be a string, found {}", describe(item.get_ref())),
                    item.span(),
                    format!("write e.g. {example}"),
                );
                ok = false;
                continue;
            };
            let text = SourceText::of(&self.source, item.span(), s);
            if !self.control_chars(key, &text, &[]) || !self.line_length(key, &text) {
                ok = false;
                continue;
            }
            match address::mailbox(s) {
                Ok(m) => out.push(m),
                Err(bad) => {
                    self.hint(format!("`{key}` {}", bad.what), item.span(), bad.hint);
                    ok = false;
                }
            }
        }
        ok.then_some(out)
    }
}

/// The `[brief]` table's own fields, before assembly.
struct BriefFields {
    title: String,
    date: BriefDate,
    kind: String,
    organization: Option<String>,
    symbol: Option<String>,
    subtitle: Option<String>,
    place: Option<String>,
    notice: Option<String>,
    embargo: Option<DateTime<FixedOffset>>,
    summary: Option<Inline>,
    logo: Option<Arc<Image>>,
    logo_alt: Option<String>,
}

fn english() -> Language {
    Language { tag: "en".to_string(), primary: "en".to_string() }
}

fn default_style() -> Style {
    Style {
        page: PageSize::A4,
        accent: Color::from_hex(DEFAULT_ACCENT).unwrap_or(Color::rgb(0, 0x9E, 0xDB)),
        font: FontChoice::Sans,
        qr: true,
        claims: true,
    }
}

fn offset(o: toml::value::Offset) -> FixedOffset {
    let minutes = match o {
        toml::value::Offset::Z => 0,
        toml::value::Offset::Custom { minutes } => i32::from(minutes),
    };
    FixedOffset::east_opt(minutes * 60).unwrap_or_else(|| chrono::Utc.fix())
}

/// "a string", "an integer", "a date", … for messages.
pub(super) fn describe(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
            (Some(_), None, _) => "a date",
            (None, Some(_), _) => "a time",
            (Some(_), Some(_), None) => "a local date-time",
            _ => "a date-time",
        },
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// Decimals written in a TOML float ("2.50" → 2, "1.5e2" → 0), at most 6.
fn float_decimals(text: &str) -> usize {
    let text = text.replace('_', "");
    let (mantissa, exp) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m.to_string(), e.parse::<i64>().unwrap_or(0)),
        None => (text.clone(), 0),
    };
    let frac = mantissa.split_once('.').map_or(0, |(_, f)| f.len() as i64);
    (frac - exp).clamp(0, 6) as usize
}

/// The byte range of the first word (run without white space) longer than
/// [`limits::WORD_CHARS`] characters.
fn long_word(text: &str) -> Option<Range<usize>> {
    let mut start = 0;
    let mut chars = 0;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            start = i + c.len_utf8();
            chars = 0;
            continue;
        }
        chars += 1;
        if chars > limits::WORD_CHARS {
            let end = text[i..].find(char::is_whitespace).map_or(text.len(), |n| i + n);
            return Some(start..end);
        }
    }
    None
}

/// Quote `i` of `count`, spread evenly through `sections` sections.
pub(crate) fn spread(i: usize, count: usize, sections: usize) -> usize {
    if sections == 0 {
        return 0;
    }
    let num = 2 * (i + 1) * sections + (count + 1);
    let at = num / (2 * (count + 1));
    at.clamp(1, sections)
}

/// Whether `tag` has the shape of a BCP 47 language tag: a 2–3 (or 5–8)
/// letter primary subtag, then subtags of 1–8 letters or digits.
pub fn valid_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or("");
    let primary_ok = matches!(primary.len(), 2 | 3 | 5..=8) && primary.chars().all(|c| c.is_ascii_alphabetic());
    primary_ok && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// local@domain.tld, no spaces.
fn valid_email(e: &str) -> bool {
    let Some((local, domain)) = e.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && !local.contains(['@', ' ', '<', '>', '(', ')', ',', ';', ':', '"'])
        && !local.chars().any(char::is_whitespace)
        && inline::valid_domain(domain)
}

/// Digits, spaces and `+ ( ) - . /`, with at least a few digits.
fn valid_phone(p: &str) -> bool {
    p.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '(' | ')' | '-' | '.' | '/'))
        && p.chars().filter(char::is_ascii_digit).count() >= 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_spread() {
        assert_eq!(spread(0, 1, 4), 2);
        assert_eq!(spread(0, 2, 3), 1);
        assert_eq!(spread(1, 2, 3), 2);
        assert_eq!(spread(0, 1, 0), 0);
        assert_eq!(spread(2, 3, 1), 1);
    }

    #[test]
    fn shapes() {
        assert!(valid_language_tag("en"));
        assert!(valid_language_tag("fr-CH"));
        assert!(valid_language_tag("zh-Hans"));
        assert!(!valid_language_tag("english!"));
        assert!(!valid_language_tag("fr_CH"));
        assert!(!valid_language_tag("e"));
        assert!(valid_email("gerardl@un.org"));
        assert!(!valid_email("gerardl.un.org"));
        assert!(!valid_email("a@b"));
        assert!(valid_phone("+1 (212) 963-1234"));
        assert!(!valid_phone("call me"));
        assert_eq!(float_decimals("2.50"), 2);
        assert_eq!(float_decimals("1.5e2"), 0);
        assert_eq!(float_decimals("1_000.125"), 3);
    }
}
