//! Recipient lists: who gets a copy of a brief, in which language, how many
//! copies and on which paper.
//!
//! A list is TOML (`[[recipient]]` tables) or CSV (a header row naming the
//! columns, as spreadsheets export it). Both are read into the same
//! entries — a key, its span and a raw value per cell — and checked by one
//! checker, so that a mistake reads the same in either format and points
//! at its line and column like a mistake in a brief.
//!
//! Known keys are `name` (required), `language`, `copies` and `page`. Any
//! other key or column is a free field kept as text on the recipient
//! (later features read e.g. `email`), unless it is so close to a known
//! key that it is most likely a typo (`langauge`): that is an error with a
//! "did you mean".
//!
//! CSV specifics: the header is matched case-insensitively (`Name` is
//! `name`); an empty cell is an absent value; rows whose cells are all
//! empty are skipped; a UTF-8 byte order mark is ignored; the delimiter is
//! `,`, or `;` or a tab when the header row uses that instead (spreadsheets
//! in many locales export with `;`).

use std::collections::BTreeMap;
use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::diag::{Diagnostic, line_col};
use super::suggest;
use super::tree::{Language, PageSize};
use super::validate::{describe, limits, valid_language_tag};

/// The file format of a recipient list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListFormat {
    /// `[[recipient]]` tables.
    Toml,
    /// A header row, then one row per recipient.
    Csv,
}

/// One recipient of a print run.
#[derive(Debug, Clone, PartialEq)]
pub struct Recipient {
    /// Who the copies are for ("Permanent Mission of Mexico"): trimmed,
    /// white space runs collapsed, non-empty, unique in the list.
    pub name: String,
    /// The language the recipient reads, when given: picks the version of
    /// the brief (`press-release.fr.toml`).
    pub language: Option<Language>,
    /// How many copies go into a print run (1 unless given).
    pub copies: u32,
    /// The paper the recipient's copies are set on, when given; otherwise
    /// the brief's own page size.
    pub page: Option<PageSize>,
    /// Every other key or column, as text (`email`, `contact`, …), keys as
    /// written. Empty CSV cells are left out.
    pub fields: BTreeMap<String, String>,
    /// Where the name is in the list's source, for later messages about
    /// this recipient.
    pub span: Range<usize>,
}

impl Recipient {
    /// A free field by key: exactly as written, or else ignoring case
    /// (`Email` for `email`).
    pub fn field(&self, key: &str) -> Option<&str> {
        self.fields
            .get(key)
            .or_else(|| self.fields.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v))
            .map(String::as_str)
    }
}

/// A list that passed every check.
#[derive(Debug, Clone, PartialEq)]
pub struct RecipientList {
    /// The recipients, in list order.
    pub recipients: Vec<Recipient>,
    /// Non-fatal problems (a character no bundled font has).
    pub warnings: Vec<Diagnostic>,
}

/// The keys a recipient knows; every other key is a free field.
pub const KEYS: &[&str] = &["name", "language", "copies", "page"];

/// Reads and checks a recipient list. Collects every problem, not just the
/// first; on failure the result holds all errors and warnings in source
/// order. `covers` says whether a character of a name can be printed.
pub fn parse_list(
    source: &[u8],
    format: ListFormat,
    covers: &dyn Fn(char) -> bool,
) -> Result<RecipientList, Vec<Diagnostic>> {
    let hint = match format {
        ListFormat::Toml => "a recipient list is a TOML or CSV text file saved as UTF-8; is this the right file?",
        ListFormat::Csv => "save the list as UTF-8 text (in a spreadsheet: “CSV UTF-8”)",
    };
    let text = super::decode(source, hint)?;
    let mut check = Check { csv: format == ListFormat::Csv, covers, diags: Vec::new(), names: Vec::new() };
    let entries = match format {
        ListFormat::Toml => {
            let root = super::read_toml(text)?;
            toml_entries(&root, &mut check.diags)
        }
        ListFormat::Csv => csv_entries(text, &mut check.diags),
    };
    if let Some(extra) = entries.get(limits::RECIPIENTS) {
        check.diags.push(
            Diagnostic::error(
                format!("too many recipients: {}, the most is {}", entries.len(), limits::RECIPIENTS),
                extra.span.clone(),
            )
            .with_hint("split the list into several print runs"),
        );
    }
    let recipients: Vec<Option<Recipient>> =
        entries.iter().take(limits::RECIPIENTS).map(|e| check.recipient(e)).collect();
    check.duplicates(text);
    if entries.is_empty() && !check.diags.iter().any(|d| d.severity == super::Severity::Error) {
        let hint = match format {
            ListFormat::Toml => "add a `[[recipient]]` table with `name = \"…\"` for each recipient",
            ListFormat::Csv => "add one row per recipient below the header row",
        };
        check.diags.push(Diagnostic::error("the list has no recipients", 0..0).with_hint(hint));
    }
    let mut diags = check.diags;
    super::sort(&mut diags);
    if diags.iter().any(|d| d.severity == super::Severity::Error) {
        return Err(diags);
    }
    match recipients.into_iter().collect::<Option<Vec<_>>>() {
        Some(recipients) => Ok(RecipientList { recipients, warnings: diags }),
        None => {
            // Cannot happen: a recipient is only dropped with an error.
            diags.push(Diagnostic::error("the list is incomplete", 0..0));
            Err(diags)
        }
    }
}

/// A recipient as read, before checking: its span (table header or row)
/// and its cells.
#[derive(Debug)]
struct Entry {
    span: Range<usize>,
    cells: Vec<Cell>,
}

/// One key (or column) of a recipient and its value.
#[derive(Debug)]
struct Cell {
    key: String,
    key_span: Range<usize>,
    value: Raw,
    span: Range<usize>,
}

/// A value as read.
#[derive(Debug)]
enum Raw {
    /// A TOML string or a CSV cell.
    Text(String),
    /// A TOML integer (`None` when it does not fit 64 bits).
    Integer(Option<i64>),
    /// Another TOML scalar (float, boolean, date): its kind, for messages,
    /// and its source text, for free fields.
    Scalar(&'static str, String),
    /// A TOML array or table.
    Compound(&'static str),
}

impl Raw {
    fn describe(&self) -> &'static str {
        match self {
            Raw::Text(_) => "a string",
            Raw::Integer(_) => "an integer",
            Raw::Scalar(kind, _) | Raw::Compound(kind) => kind,
        }
    }
}

// ---- TOML -------------------------------------------------------------------

fn toml_entries(root: &DeTable<'_>, diags: &mut Vec<Diagnostic>) -> Vec<Entry> {
    let mut entries = Vec::new();
    for (key, value) in root.iter() {
        let name: &str = key.get_ref();
        if name != "recipient" {
            let hint = match suggest::nearest(name, &["recipient"]) {
                Some(s) => format!("did you mean `{s}`?"),
                None => "a recipient list holds only `[[recipient]]` tables".to_string(),
            };
            diags.push(Diagnostic::error(format!("unknown key `{name}`"), key.span()).with_hint(hint));
            continue;
        }
        let DeValue::Array(items) = value.get_ref() else {
            diags.push(
                Diagnostic::error(
                    format!("`recipient` must be an array of tables, found {}", describe(value.get_ref())),
                    value.span(),
                )
                .with_hint("write `[[recipient]]` with double brackets, once per recipient"),
            );
            continue;
        };
        for item in items.iter() {
            let DeValue::Table(table) = item.get_ref() else {
                diags.push(
                    Diagnostic::error(
                        format!("each `recipient` must be a table, found {}", describe(item.get_ref())),
                        item.span(),
                    )
                    .with_hint("write a `[[recipient]]` header for each recipient"),
                );
                continue;
            };
            let cells = table
                .iter()
                .map(|(k, v)| Cell {
                    key: k.get_ref().to_string(),
                    key_span: k.span(),
                    value: toml_raw(v.get_ref()),
                    span: v.span(),
                })
                .collect();
            entries.push(Entry { span: item.span(), cells });
        }
    }
    entries
}

fn toml_raw(value: &DeValue<'_>) -> Raw {
    match value {
        DeValue::String(s) => Raw::Text(s.to_string()),
        DeValue::Integer(n) => Raw::Integer(i64::from_str_radix(n.as_str(), n.radix()).ok()),
        DeValue::Float(f) => Raw::Scalar("a float", f.as_str().to_string()),
        DeValue::Boolean(b) => Raw::Scalar("a boolean", b.to_string()),
        DeValue::Datetime(d) => Raw::Scalar(describe(value), d.to_string()),
        DeValue::Array(_) | DeValue::Table(_) => Raw::Compound(describe(value)),
    }
}

// ---- CSV --------------------------------------------------------------------

/// A column of the header row.
struct Column {
    /// The known key it maps to, or the free field's name as written;
    /// `None` for a column without a name.
    key: Option<String>,
    span: Range<usize>,
}

fn csv_entries(text: &str, diags: &mut Vec<Diagnostic>) -> Vec<Entry> {
    let base = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let body = &text[base..];
    if body.trim().is_empty() {
        diags.push(
            Diagnostic::error("the list is empty", 0..0)
                .with_hint("a CSV list starts with a header row naming its columns, e.g. `name,language,copies,page`"),
        );
        return Vec::new();
    }
    let delimiter = delimiter(body);
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(body.as_bytes());
    let mut columns: Option<Vec<Column>> = None;
    let mut entries = Vec::new();
    let mut record = csv::ByteRecord::new();
    loop {
        let start = usize::try_from(reader.position().byte()).unwrap_or(0);
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let at = e.position().and_then(|p| usize::try_from(p.byte()).ok()).unwrap_or(start);
                diags.push(Diagnostic::error(format!("cannot read the CSV: {e}"), base + at..base + at));
                return Vec::new();
            }
        }
        let (row, spans, unclosed) = cells(body, start, delimiter);
        if let Some(quote) = unclosed {
            diags.push(unclosed_quote(body, quote, delimiter, base));
            continue;
        }
        let row = base + row.start..base + row.end;
        let values: Vec<String> = record.iter().map(|f| String::from_utf8_lossy(f).into_owned()).collect();
        let spans: Vec<Range<usize>> = if spans.len() == values.len() {
            spans.into_iter().map(|s| base + s.start..base + s.end).collect()
        } else {
            vec![row.clone(); values.len()]
        };
        match &columns {
            None => columns = Some(header(&values, &spans, row, diags)),
            Some(columns) => {
                if values.iter().all(|v| v.trim().is_empty()) {
                    continue;
                }
                entries.push(csv_row(columns, &values, &spans, row, diags));
            }
        }
    }
    entries
}

/// `,` unless the first line has more `;` or tabs than commas.
fn delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    let count = |c: char| first.chars().filter(|&x| x == c).count();
    let mut best = (b',', count(','));
    for d in [b';', b'\t'] {
        let n = count(char::from(d));
        if n > best.1 {
            best = (d, n);
        }
    }
    best.0
}

/// The header row: known keys matched ignoring case; problems with names.
fn header(values: &[String], spans: &[Range<usize>], row: Range<usize>, diags: &mut Vec<Diagnostic>) -> Vec<Column> {
    let mut columns: Vec<Column> = Vec::new();
    for (value, span) in values.iter().zip(spans) {
        let name = value.trim();
        let key = if name.is_empty() {
            None
        } else if let Some(known) = KEYS.iter().find(|k| k.eq_ignore_ascii_case(name)) {
            Some((*known).to_string())
        } else {
            if let Some(s) = suggest::nearest(name, KEYS) {
                diags.push(Diagnostic::error(format!("unknown column `{name}`"), span.clone()).with_hint(format!(
                    "did you mean `{s}`? (columns other than {} are kept as free fields; rename this one if it is meant as one)",
                    known_list()
                )));
            }
            Some(name.to_string())
        };
        if let Some(k) = &key
            && columns.iter().any(|c| c.key.as_ref().is_some_and(|f| f.eq_ignore_ascii_case(k)))
        {
            diags.push(
                Diagnostic::error(format!("column `{name}` appears twice in the header row"), span.clone())
                    .with_hint("each column needs its own name; remove or rename one"),
            );
        }
        columns.push(Column { key, span: span.clone() });
    }
    if !columns.iter().any(|c| c.key.as_deref() == Some("name")) {
        diags.push(
            Diagnostic::error("the header row has no `name` column", row).with_hint(
                "the first row names the columns: `name` is required; `language`, `copies`, `page` and any others are optional",
            ),
        );
    }
    columns
}

fn known_list() -> String {
    KEYS.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
}

fn csv_row(
    columns: &[Column],
    values: &[String],
    spans: &[Range<usize>],
    row: Range<usize>,
    diags: &mut Vec<Diagnostic>,
) -> Entry {
    let mut cells = Vec::new();
    for (i, (value, span)) in values.iter().zip(spans).enumerate() {
        let Some(column) = columns.get(i) else {
            if !value.trim().is_empty() {
                diags.push(
                    Diagnostic::error(
                        format!(
                            "this row has {} cells but the header row names {} columns",
                            values.len(),
                            columns.len()
                        ),
                        span.clone(),
                    )
                    .with_hint("name the extra column in the header row, or remove the cell"),
                );
            }
            continue;
        };
        let Some(key) = &column.key else {
            if !value.trim().is_empty() {
                diags.push(
                    Diagnostic::error("this cell is in a column without a name", span.clone())
                        .with_hint("name the column in the header row, or empty the cell"),
                );
            }
            continue;
        };
        cells.push(Cell {
            key: key.clone(),
            key_span: column.span.clone(),
            value: Raw::Text(value.clone()),
            span: span.clone(),
        });
    }
    // Cells missing at the end of a short row are empty.
    Entry { span: row, cells }
}

/// The error for a quote at byte `quote` of `text` that is never closed:
/// the `csv` crate reads the rest of the file as one cell, losing the
/// row's other cells (and any rows after it) in silence.
fn unclosed_quote(text: &str, quote: usize, delimiter: u8, base: usize) -> Diagnostic {
    let line = text[quote..].lines().next().unwrap_or("").trim_end();
    let delimiter = char::from(delimiter);
    // Closed where its cell most likely ends: before the next delimiter.
    let mended = match line[1..].find(delimiter) {
        Some(i) => format!("{}\"{}", &line[..1 + i], &line[1 + i..]),
        None => format!("{line}\""),
    };
    let hint = if mended.chars().count() <= 80 {
        format!("close it where the cell ends, e.g. `{mended}`, or remove it")
    } else {
        "close it where the cell ends, or remove it".to_string()
    };
    Diagnostic::error(
        "this quote is never closed: the rest of the file would be one cell",
        base + quote..base + quote + 1,
    )
    .with_hint(hint)
}

/// The source span of the row starting at `start` (blank lines skipped)
/// and of each of its cells: inside the quotes of a quoted cell, the whole
/// cell otherwise; and where a quote that is never closed opens. Quotes
/// are read as the `csv` crate reads them.
fn cells(text: &str, start: usize, delimiter: u8) -> (Range<usize>, Vec<Range<usize>>, Option<usize>) {
    let bytes = text.as_bytes();
    let mut i = start.min(bytes.len());
    while i < bytes.len() && (bytes[i] == b'\n' || bytes[i] == b'\r') {
        i += 1;
    }
    let row_start = i;
    let mut spans = Vec::new();
    loop {
        let cell_start = i;
        let mut quoted_end = None;
        if bytes.get(i) == Some(&b'"') {
            i += 1;
            loop {
                match bytes.get(i) {
                    None => return (row_start..i, spans, Some(cell_start)),
                    Some(b'"') if bytes.get(i + 1) == Some(&b'"') => i += 2,
                    Some(b'"') => {
                        quoted_end = Some(i);
                        i += 1;
                        break;
                    }
                    Some(_) => i += 1,
                }
            }
        }
        while i < bytes.len() && bytes[i] != delimiter && bytes[i] != b'\n' && bytes[i] != b'\r' {
            i += 1;
        }
        spans.push(match quoted_end {
            Some(end) => cell_start + 1..end,
            None => cell_start..i,
        });
        if bytes.get(i) == Some(&delimiter) {
            i += 1;
            continue;
        }
        break;
    }
    (row_start..i, spans, None)
}

// ---- checking ---------------------------------------------------------------

struct Check<'a> {
    csv: bool,
    covers: &'a dyn Fn(char) -> bool,
    diags: Vec<Diagnostic>,
    /// Every valid name read, with its span, also of recipients with
    /// other problems (for [`Check::duplicates`]).
    names: Vec<(String, Range<usize>)>,
}

impl Check<'_> {
    fn error(&mut self, message: impl Into<String>, span: Range<usize>, hint: impl Into<String>) {
        self.diags.push(Diagnostic::error(message, span).with_hint(hint));
    }

    fn recipient(&mut self, entry: &Entry) -> Option<Recipient> {
        let mut name = None;
        let mut ok = true;
        let mut recipient = Recipient {
            name: String::new(),
            language: None,
            copies: 1,
            page: None,
            fields: BTreeMap::new(),
            span: entry.span.clone(),
        };
        for cell in &entry.cells {
            match cell.key.as_str() {
                "name" => match self.name(cell) {
                    Some(n) => name = Some(n),
                    None => ok = false,
                },
                "language" => match self.language(cell) {
                    Ok(l) => recipient.language = l,
                    Err(()) => ok = false,
                },
                "copies" => match self.copies(cell) {
                    Some(n) => recipient.copies = n,
                    None => ok = false,
                },
                "page" => match self.page(cell) {
                    Ok(p) => recipient.page = p,
                    Err(()) => ok = false,
                },
                _ => match self.free(cell) {
                    Ok(Some(v)) => {
                        recipient.fields.insert(cell.key.clone(), v);
                    }
                    Ok(None) => {}
                    Err(()) => ok = false,
                },
            }
        }
        // A CSV row always has a name cell (the header is checked for the
        // column); a TOML table may not.
        if !self.csv && name.is_none() && ok && !entry.cells.iter().any(|c| c.key == "name") {
            self.error(
                "missing `name` in `[[recipient]]`",
                entry.span.clone(),
                "add `name = \"…\"`, e.g. `name = \"Permanent Mission of Mexico\"`",
            );
        }
        let (name, span) = name?;
        self.names.push((name.clone(), span.clone()));
        recipient.name = name;
        recipient.span = span;
        ok.then_some(recipient)
    }

    /// A text value, or a type error.
    fn text<'c>(&mut self, cell: &'c Cell, example: &str) -> Option<&'c str> {
        match &cell.value {
            Raw::Text(s) => Some(s),
            other => {
                self.error(
                    format!("`{}` must be a string, found {}", cell.key, other.describe()),
                    cell.span.clone(),
                    format!("write e.g. `{} = {example}`", cell.key),
                );
                None
            }
        }
    }

    fn name(&mut self, cell: &Cell) -> Option<(String, Range<usize>)> {
        let raw = self.text(cell, "\"Permanent Mission of Mexico\"")?;
        if let Some(c) = raw.chars().find(|c| c.is_control() && !matches!(c, '\n' | '\r')) {
            self.error(
                format!("`name` contains the control character U+{:04X}", c as u32),
                cell.span.clone(),
                "remove it",
            );
            return None;
        }
        if raw.trim().contains(['\n', '\r']) {
            self.error("`name` must be a single line", cell.span.clone(), "remove the line break");
            return None;
        }
        let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            let hint = if self.csv {
                "every row needs a name; fill the cell or delete the row"
            } else {
                "give the recipient's name, e.g. `name = \"Permanent Mission of Mexico\"`"
            };
            self.error("`name` is empty", cell.span.clone(), hint);
            return None;
        }
        let chars = name.chars().count();
        if chars > limits::NAME_CHARS {
            self.error(
                format!("`name` is {chars} characters long, the most is {}", limits::NAME_CHARS),
                cell.span.clone(),
                "shorten it; the name is printed in the header band of every copy",
            );
            return None;
        }
        self.glyphs(&name, cell.span.clone());
        Some((name, cell.span.clone()))
    }

    /// Warns about characters of a name that no bundled font has.
    fn glyphs(&mut self, name: &str, span: Range<usize>) {
        let mut seen: Vec<char> = Vec::new();
        for c in name.chars() {
            if (self.covers)(c) || seen.contains(&c) {
                continue;
            }
            seen.push(c);
            if seen.len() <= limits::MISSING_GLYPH_WARNINGS {
                self.diags.push(
                    Diagnostic::warning(format!("no bundled font has `{c}` (U+{:04X})", c as u32), span.clone())
                        .with_hint(
                            "the character will print as an empty box; the bundled faces \
                             cover Latin, Greek, Cyrillic, Arabic, Chinese (GB 2312) and common symbols; `brief fonts` lists them",
                        ),
                );
            }
        }
    }

    /// An optional text value: `Ok(None)` for an empty CSV cell; an empty
    /// TOML string is an error (remove the key instead).
    fn optional<'c>(&mut self, cell: &'c Cell, example: &str) -> Result<Option<&'c str>, ()> {
        let value = self.text(cell, example).ok_or(())?.trim();
        if value.is_empty() {
            if self.csv {
                return Ok(None);
            }
            self.error(format!("`{}` is empty", cell.key), cell.span.clone(), "remove the key or give it a value");
            return Err(());
        }
        Ok(Some(value))
    }

    fn language(&mut self, cell: &Cell) -> Result<Option<Language>, ()> {
        let Some(tag) = self.optional(cell, "\"fr\"")? else { return Ok(None) };
        if !valid_language_tag(tag) {
            let hint = if tag.contains('_') {
                format!("use hyphens: `{}`", tag.replace('_', "-"))
            } else {
                "use a BCP 47 language tag, e.g. `en`, `fr-CH` or `zh-Hans`".to_string()
            };
            self.error(format!("`language` is not a valid language tag: `{tag}`"), cell.span.clone(), hint);
            return Err(());
        }
        let primary = tag.split('-').next().unwrap_or(tag).to_ascii_lowercase();
        Ok(Some(Language { tag: tag.to_string(), primary }))
    }

    fn copies(&mut self, cell: &Cell) -> Option<u32> {
        let n = match &cell.value {
            Raw::Integer(n) => *n,
            Raw::Text(s) if self.csv => {
                let s = s.trim();
                if s.is_empty() {
                    return Some(1);
                }
                match s.parse::<i64>() {
                    Ok(n) => Some(n),
                    Err(_) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => None,
                    Err(_) => {
                        self.error(
                            format!("`copies` must be a whole number, found `{s}`"),
                            cell.span.clone(),
                            "write the number of copies in digits, e.g. `3`, or leave the cell empty for one copy",
                        );
                        return None;
                    }
                }
            }
            Raw::Text(s) => {
                let hint = match s.trim().parse::<u32>() {
                    Ok(n) => format!("remove the quotes: `copies = {n}`"),
                    Err(_) => "write a whole number, e.g. `copies = 3`".to_string(),
                };
                self.error("`copies` must be an integer, found a string", cell.span.clone(), hint);
                return None;
            }
            other => {
                self.error(
                    format!("`copies` must be an integer, found {}", other.describe()),
                    cell.span.clone(),
                    "write a whole number, e.g. `copies = 3`",
                );
                return None;
            }
        };
        match n {
            Some(n) if n < 1 => {
                self.error(
                    format!("`copies` must be at least 1, found {n}"),
                    cell.span.clone(),
                    "to print nothing for this recipient, remove it from the list",
                );
                None
            }
            Some(n) if n <= i64::from(limits::COPIES) => u32::try_from(n).ok(),
            _ => {
                let shown = n.map_or_else(|| "too large".to_string(), |n| n.to_string());
                self.error(
                    format!("`copies` is {shown}, the most is {}", limits::COPIES),
                    cell.span.clone(),
                    format!("a print run holds at most {} copies per recipient", limits::COPIES),
                );
                None
            }
        }
    }

    fn page(&mut self, cell: &Cell) -> Result<Option<PageSize>, ()> {
        let Some(page) = self.optional(cell, "\"A4\"")? else { return Ok(None) };
        match page.to_ascii_lowercase().as_str() {
            "a4" => Ok(Some(PageSize::A4)),
            "letter" => Ok(Some(PageSize::Letter)),
            other => {
                let hint = if matches!(other, "a5" | "legal") {
                    "copies for recipients are printed on office paper; `A5` and `Legal` are for a brief's own \
                     `[style] page`"
                        .to_string()
                } else {
                    match suggest::nearest(page, &["A4", "Letter"]) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => "copies for recipients are printed on office paper, A4 or Letter".to_string(),
                    }
                };
                self.error(format!("`page` must be `A4` or `Letter`, found `{page}`"), cell.span.clone(), hint);
                Err(())
            }
        }
    }

    /// A free field, as text; `Ok(None)` when empty. A key close to a known
    /// key is taken for a typo.
    fn free(&mut self, cell: &Cell) -> Result<Option<String>, ()> {
        if !self.csv
            && let Some(s) = suggest::nearest(&cell.key, KEYS)
        {
            self.error(
                format!("unknown key `{}`", cell.key),
                cell.key_span.clone(),
                format!(
                    "did you mean `{s}`? (keys other than {} are kept as free fields; rename this one if it is meant as one)",
                    known_list()
                ),
            );
            return Err(());
        }
        let text = match &cell.value {
            Raw::Text(s) => s.trim().to_string(),
            Raw::Scalar(_, s) => s.clone(),
            Raw::Integer(Some(n)) => n.to_string(),
            Raw::Integer(None) => {
                self.error(format!("`{}` is too large", cell.key), cell.span.clone(), "write it as a string");
                return Err(());
            }
            Raw::Compound(kind) => {
                self.error(
                    format!("`{}` must be a single value, found {kind}", cell.key),
                    cell.span.clone(),
                    format!("free fields are kept as text; write e.g. `{} = \"…\"`", cell.key),
                );
                return Err(());
            }
        };
        let chars = text.chars().count();
        if chars > limits::LINE_CHARS {
            self.error(
                format!("`{}` is {chars} characters long, the most is {}", cell.key, limits::LINE_CHARS),
                cell.span.clone(),
                "shorten it",
            );
            return Err(());
        }
        Ok((!text.is_empty()).then_some(text))
    }

    /// Reports every recipient named a second time (ignoring case and
    /// spacing), pointing back at the first.
    fn duplicates(&mut self, text: &str) {
        let mut seen: BTreeMap<String, Range<usize>> = BTreeMap::new();
        for (name, span) in std::mem::take(&mut self.names) {
            let key = name.to_lowercase();
            match seen.get(&key) {
                Some(first) => {
                    let (line, _) = line_col(text, first.start);
                    self.error(
                        format!("`{name}` is listed twice"),
                        span,
                        format!(
                            "it is first on line {line}; list each recipient once, with `copies` for more than one copy"
                        ),
                    );
                }
                None => {
                    seen.insert(key, span);
                }
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn parse(src: &str, format: ListFormat) -> Result<RecipientList, Vec<Diagnostic>> {
        parse_list(src.as_bytes(), format, &|_| true)
    }

    fn ok(src: &str, format: ListFormat) -> Vec<Recipient> {
        match parse(src, format) {
            Ok(list) => list.recipients,
            Err(d) => panic!("{}", super::super::render("list", src.as_bytes(), &d)),
        }
    }

    fn errors(src: &str, format: ListFormat) -> String {
        match parse(src, format) {
            Ok(_) => panic!("no errors in {src:?}"),
            Err(d) => super::super::render("list", src.as_bytes(), &d),
        }
    }

    #[test]
    fn csv_maps_columns_to_recipients() {
        let src = "\u{feff}Name,language,COPIES,page,email,Notes\n\
                   Permanent Mission of Mexico,es,3,Letter,mision@example.org,\n\
                   \n\
                   \"Permanent Mission of France, New York\",fr,,,,\"said \"\"yes\"\"\"\n\
                   ,,,,,\n";
        let r = ok(src, ListFormat::Csv);
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].name, "Permanent Mission of Mexico");
        assert_eq!(r[0].language.as_ref().map(|l| l.tag.as_str()), Some("es"));
        assert_eq!(r[0].copies, 3);
        assert_eq!(r[0].page, Some(PageSize::Letter));
        assert_eq!(r[0].field("email"), Some("mision@example.org"));
        assert_eq!(r[0].field("notes"), None, "empty cells are absent");
        assert_eq!(r[1].name, "Permanent Mission of France, New York");
        assert_eq!(r[1].copies, 1);
        assert_eq!(r[1].page, None);
        assert_eq!(r[1].field("NOTES"), Some("said \"yes\""));
        // The name's span is inside the quotes, in the original source.
        assert_eq!(&src[r[1].span.clone()], "Permanent Mission of France, New York");
    }

    #[test]
    fn csv_with_semicolons_and_crlf() {
        let src = "name;copies\r\nMission permanente du Sénégal;2\r\nMission permanente d’Haïti;1\r\n";
        let r = ok(src, ListFormat::Csv);
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].name, "Mission permanente du Sénégal");
        assert_eq!(r[0].copies, 2);
        assert_eq!(&src[r[1].span.clone()], "Mission permanente d’Haïti");
    }

    #[test]
    fn cell_spans_follow_quotes() {
        let text = "a,\"b,\"\"c\"\"\",,d\nnext";
        let (row, spans, unclosed) = cells(text, 0, b',');
        assert_eq!(&text[row], "a,\"b,\"\"c\"\"\",,d");
        let shown: Vec<&str> = spans.iter().map(|s| &text[s.clone()]).collect();
        assert_eq!(shown, ["a", "b,\"\"c\"\"", "", "d"]);
        assert_eq!(unclosed, None);
        // A quote closed by nothing, even by an escaped quote.
        assert_eq!(cells("a,\"b\"\"\n", 0, b',').2, Some(2));
    }

    #[test]
    fn toml_and_csv_give_the_same_recipients() {
        let toml = "[[recipient]]\nname = \"Mission A\"\nlanguage = \"fr\"\ncopies = 2\nemail = \"a@example.org\"\n\n\
                    [[recipient]]\nname = \"Mission B\"\npage = \"letter\"\n";
        let csv = "name,language,copies,page,email\nMission A,fr,2,,a@example.org\nMission B,,,letter,\n";
        let strip = |r: Vec<Recipient>| {
            r.into_iter().map(|r| (r.name, r.language, r.copies, r.page, r.fields)).collect::<Vec<_>>()
        };
        assert_eq!(strip(ok(toml, ListFormat::Toml)), strip(ok(csv, ListFormat::Csv)));
    }

    #[test]
    fn free_fields_versus_typos() {
        for free in ["email", "contact", "country", "city", "address", "phone", "note", "delegation", "role", "id"] {
            assert_eq!(suggest::nearest(free, KEYS), None, "`{free}` must be a free field");
        }
        for typo in ["nmae", "langauge", "lang", "copy", "pages", "Name"] {
            assert!(suggest::nearest(typo, KEYS).is_some(), "`{typo}` must be taken for a typo");
        }
        let e = errors("[[recipient]]\nname = \"A\"\nlangauge = \"fr\"\n", ListFormat::Toml);
        assert!(e.contains("unknown key `langauge`") && e.contains("did you mean `language`?"), "{e}");
        let toml = "[[recipient]]\nname = \"A\"\nfloor = 3\nvip = true\n";
        let r = ok(toml, ListFormat::Toml);
        assert_eq!(r[0].field("floor"), Some("3"));
        assert_eq!(r[0].field("vip"), Some("true"));
    }

    #[test]
    fn problems_point_at_rows_and_columns() {
        let e = errors("name,copies\nMission A,three\n", ListFormat::Csv);
        assert!(e.contains("list:2:11") && e.contains("`copies` must be a whole number, found `three`"), "{e}");
        let e = errors("name,copies\nMission A,0\nmission  a,2\n", ListFormat::Csv);
        assert!(e.contains("`copies` must be at least 1"), "{e}");
        assert!(e.contains("`mission a` is listed twice") && e.contains("first on line 2"), "{e}");
        let e = errors("who,copies\nMission A,1\n", ListFormat::Csv);
        assert!(e.contains("no `name` column") && e.contains("list:1:1"), "{e}");
        let e = errors("name\n", ListFormat::Csv);
        assert!(e.contains("the list has no recipients"), "{e}");
        let e = errors("", ListFormat::Toml);
        assert!(e.contains("the list has no recipients"), "{e}");
        let e = errors("[[recipient]]\nname = \"A\"\ncopies = 101\npage = \"A5\"\n", ListFormat::Toml);
        assert!(
            e.contains("`copies` is 101, the most is 100") && e.contains("`page` must be `A4` or `Letter`, found `A5`"),
            "{e}"
        );
    }

    #[test]
    fn never_panics_on_odd_csv() {
        for src in ["\"", "\"\n\"", ",,,\n,,,", "name\n\"unterminated", "\u{feff}", "name\r\r\nA\r", "name,\nA,b,c"] {
            let _ = parse(src, ListFormat::Csv);
        }
    }
}
