//! Language versions kept in step: what a translation must not change,
//! compared between a brief (`NAME.toml`) and a version of it
//! (`NAME.LANG.toml`).
//!
//! [`compare`] reads both again as the checker did (each merged with its
//! house file) to know where every value is, and reports each difference
//! as a warning at the version's place, with the brief's place beside it:
//!
//! - the date, the embargo and the document symbol;
//! - each key figure's value (numbers in a value written as text, too);
//! - the numbers of the lede, of each section's text and of each quote,
//!   read in each language's format (`1,000`, `1 000`, `1.000`, `2,5`,
//!   Arabic-Indic digits) and compared as counts of each value;
//! - e-mail, web and telephone addresses: the contact block's, and those
//!   in the text (links and addresses written out);
//! - how many sections, quotes, figures, footnotes, images and tables
//!   there are, and each table's rows and columns;
//! - a section whose text is the brief's, word for word: not translated.
//!
//! **Numbers written as words.** One language writes "three days" where
//! another writes "3 jours"; UN style spells out small numbers and
//! ordinals. A number that may stand as a word somewhere is *loose*: a
//! whole number up to ten written without separators, an ordinal ("15th",
//! "15e", "15.º", "15-й", "第15"), a Chinese month ("6月"). A loose number
//! found on one side only is no difference; every other number must be on
//! both sides. Two numbers that differ are reported as one difference.
//!
//! **Web addresses** are compared without a path segment or query value
//! that names a language (`/fr/`, `?lang=es`), since each language version
//! of a page links its own language's pages.

use std::ops::Range;

use std::sync::Arc;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use toml::de::{DeTable, DeValue};

use super::diag::{Diagnostic, SourceFile};
use super::house;
use super::inline;
use super::literal::{HOUSE_AT, SourceText, Texts};
use super::locale;
use super::tree::{Brief, Language};
use super::{House, Merged, read_toml};

/// A brief as read, for comparing it with another language version.
#[derive(Debug, Clone, Copy)]
pub struct Read<'a> {
    /// Its file: name and text.
    pub file: &'a Arc<SourceFile>,
    /// The validated brief.
    pub brief: &'a Brief,
    /// What it says that a translation must keep, with places.
    pub facts: &'a Facts,
}

/// Every difference between the brief `base` and its language version
/// `version` in what a translation must keep, as warnings at the
/// version's places.
pub fn compare(base: &Read<'_>, version: &Read<'_>) -> Vec<Diagnostic> {
    let mut out = Diffs { base: *base, version: *version, diags: Vec::new() };
    out.run();
    out.diags
}

/// Where a fact is, worked out into a file and line only when a
/// difference is reported.
#[derive(Debug, Clone)]
enum Place {
    /// A span of the checked text (the brief, then its house file).
    Span(Range<usize>),
    /// A range of a string value's decoded text.
    In(Arc<SourceText>, Range<usize>),
}

/// What a brief says that a translation must keep, with places: made
/// from the tree the checker read ([`super::parse_comparable`]) or by
/// reading the brief again ([`Facts::read`]).
#[derive(Debug, Default)]
pub struct Facts {
    /// The house file, if any.
    house: Option<Arc<SourceFile>>,
    /// The whole file, for differences with no better place.
    top: Option<Place>,
    date: Option<Place>,
    embargo: Option<Place>,
    symbol: Option<Place>,
    figures: Vec<Figure>,
    summary: Option<Text>,
    sections: Vec<Section>,
    quotes: Vec<Text>,
    web: Option<Address>,
    persons: Vec<Person>,
    /// The event's start, end, webcast and accreditation.
    start: Option<Place>,
    end: Option<Place>,
    online: Option<Address>,
    accreditation: Option<Text>,
}

/// An address: what is compared, what was written, where.
#[derive(Debug, Clone)]
struct Address {
    key: String,
    written: String,
    place: Place,
}

#[derive(Debug)]
struct Figure {
    place: Place,
    numbers: Vec<Number>,
}

#[derive(Debug)]
struct Section {
    /// The `[[section]]` header.
    place: Place,
    text: Option<Text>,
}

#[derive(Debug, Default)]
struct Person {
    email: Option<Address>,
    phone: Option<Address>,
}

/// What a piece of Markdown holds.
#[derive(Debug)]
struct Text {
    /// The string value's place.
    place: Place,
    /// The text as written, trimmed.
    raw: String,
    /// Whether it has sentences to translate (words outside tables).
    prose: bool,
    numbers: Vec<Number>,
    addresses: Vec<Address>,
    tables: Vec<(usize, usize, Place)>,
    images: usize,
    notes: usize,
}

/// A number in a text.
#[derive(Debug, Clone)]
struct Number {
    /// The value, normalised ("1000", "2.5").
    value: String,
    /// Whether it may stand as a word elsewhere (see the module's notes).
    loose: bool,
    place: Place,
}

impl Facts {
    /// Reads the brief at `text` again, merged with its `house` file as
    /// the checker read it into `brief`.
    pub fn read(text: &str, house: Option<&House>, brief: &Brief) -> Option<Facts> {
        let mut root = read_toml(text).ok()?;
        let mut ignored = Vec::new();
        house::choice(&mut root, &mut ignored);
        Some(match house {
            Some(h) => {
                let merged = Merged::new(text, root, h, &mut ignored)?;
                Facts::of(&merged.texts, &merged.root, Some(h.file.clone()), &brief.language)
            }
            None => Facts::of(&Texts::one(text), &root, None, &brief.language),
        })
    }

    /// The facts of the checked tree `root` over `text`, where the house
    /// file's text (if any) starts at `base`.
    pub(crate) fn of(texts: &Texts<'_>, root: &DeTable<'_>, house: Option<Arc<SourceFile>>, lang: &Language) -> Facts {
        let place = Place::Span;
        let mut facts = Facts { house, top: Some(place(0..0)), ..Facts::default() };
        let source = |value: &toml::Spanned<DeValue<'_>>| -> Option<Arc<SourceText>> {
            match value.get_ref() {
                DeValue::String(s) => Some(Arc::new(SourceText::of(texts, value.span(), s))),
                _ => None,
            }
        };
        let read_text = |value: Option<&toml::Spanned<DeValue<'_>>>, block: bool| -> Option<Text> {
            let value = value?;
            let src = source(value)?;
            Some(Text::read(&src, lang, block))
        };
        if let Some(header) = table(root.get("brief")) {
            facts.date = header.get("date").map(|v| place(v.span()));
            facts.embargo = header.get("embargo").map(|v| place(v.span()));
            facts.symbol = header.get("symbol").map(|v| place(v.span()));
            facts.summary = read_text(header.get("summary"), false);
        }
        for (span, figure) in tables(root.get("figure")) {
            let value = figure.get("value");
            let numbers = match value.map(|v| (v.get_ref(), v.span())) {
                Some((DeValue::Integer(i), s)) => {
                    let n = i64::from_str_radix(i.as_str(), i.radix())
                        .map_or_else(|_| i.as_str().to_string(), |n| n.to_string());
                    vec![Number { value: n, loose: false, place: place(s) }]
                }
                Some((DeValue::Float(f), s)) => {
                    let n = f.as_str().replace('_', "").parse::<f64>().map_or_else(|_| f.as_str().to_string(), normal);
                    vec![Number { value: n, loose: false, place: place(s) }]
                }
                Some((DeValue::String(_), _)) => value
                    .and_then(source)
                    .map(|src| numbers_in(&src.text, lang, &|r| Place::In(src.clone(), r)))
                    .unwrap_or_default(),
                _ => Vec::new(),
            };
            facts.figures.push(Figure { place: place(value.map_or(span, |v| v.span())), numbers });
        }
        for (span, section) in tables(root.get("section")) {
            facts.sections.push(Section { place: place(span), text: read_text(section.get("text"), true) });
        }
        for (_, quote) in tables(root.get("quote")) {
            if let Some(text) = read_text(quote.get("text"), false) {
                facts.quotes.push(text);
            }
        }
        if let Some(event) = table(root.get("event")) {
            facts.start = event.get("start").map(|v| place(v.span()));
            facts.end = event.get("end").map(|v| place(v.span()));
            facts.online = event.get("online").and_then(|v| {
                let src = source(v)?;
                Some(Address { key: web_key(&src.text), written: src.text.trim().to_string(), place: place(v.span()) })
            });
            facts.accreditation = read_text(event.get("accreditation"), false);
        }
        if let Some(contact) = table(root.get("contact")) {
            facts.web = contact.get("web").and_then(|v| {
                let src = source(v)?;
                Some(Address { key: web_key(&src.text), written: src.text.trim().to_string(), place: place(v.span()) })
            });
            for (_, person) in tables(contact.get("person")) {
                let field = |key: &str, norm: fn(&str) -> String| {
                    let v = person.get(key)?;
                    let src = source(v)?;
                    Some(Address { key: norm(&src.text), written: src.text.trim().to_string(), place: place(v.span()) })
                };
                facts.persons.push(Person {
                    email: field("email", |e| e.trim().to_lowercase()),
                    phone: field("phone", phone_key),
                });
            }
        }
        facts
    }

    /// Where `place` is: its file (the brief's is `file`) and the span in it.
    fn locate(&self, place: &Place, file: &Arc<SourceFile>) -> (Arc<SourceFile>, Range<usize>) {
        let span = match place {
            Place::Span(span) => span.clone(),
            Place::In(src, range) => src.span(range.clone()),
        };
        match &self.house {
            Some(house) if span.start >= HOUSE_AT => (house.clone(), span.start - HOUSE_AT..span.end - HOUSE_AT),
            _ => (file.clone(), span),
        }
    }
}

impl Text {
    /// Reads block (section) or inline Markdown.
    fn read(src: &Arc<SourceText>, lang: &Language, block: bool) -> Text {
        let mut options = Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
        if block {
            options |= Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS;
        }
        let at = |r: Range<usize>| Place::In(src.clone(), r);
        let mut text = Text {
            place: at(0..src.text.len()),
            raw: src.text.trim().to_string(),
            prose: false,
            numbers: Vec::new(),
            addresses: Vec::new(),
            tables: Vec::new(),
            images: 0,
            notes: 0,
        };
        let mut labels: Vec<String> = Vec::new();
        // Inside a link, an address written out is the link's own.
        let mut in_link = false;
        let mut in_table = false;
        let mut in_code = false;
        let mut table: Option<(usize, usize, Range<usize>)> = None;
        for (event, range) in Parser::new_ext(&src.text, options).into_offset_iter() {
            match event {
                Event::Start(Tag::Table(align)) => {
                    in_table = true;
                    table = Some((0, align.len(), range));
                }
                Event::End(TagEnd::Table) => {
                    in_table = false;
                    if let Some((rows, cols, r)) = table.take() {
                        text.tables.push((rows, cols, at(r)));
                    }
                }
                Event::Start(Tag::TableRow | Tag::TableHead) => {
                    if let Some(t) = &mut table {
                        t.0 += 1;
                    }
                }
                Event::Start(Tag::CodeBlock(_)) => in_code = true,
                Event::End(TagEnd::CodeBlock) => in_code = false,
                Event::Start(Tag::Image { .. }) => text.images += 1,
                Event::Start(Tag::Link { dest_url, .. }) => {
                    in_link = true;
                    if let Some(key) = address_key(&dest_url) {
                        let written =
                            dest_url.strip_prefix("mailto:").or(dest_url.strip_prefix("tel:")).unwrap_or(&dest_url);
                        text.addresses.push(Address { key, written: written.to_string(), place: at(range) });
                    }
                }
                Event::End(TagEnd::Link) => in_link = false,
                Event::FootnoteReference(label) if !labels.iter().any(|l| **l == *label) => {
                    labels.push(label.to_string());
                }
                Event::Text(t) if !in_code => {
                    // The text's own bytes when it is written plainly; an
                    // escape makes the whole event the place.
                    let exact = src.text.get(range.clone()) == Some(&*t);
                    let local = |r: Range<usize>| {
                        if exact { range.start + r.start..range.start + r.end } else { range.clone() }
                    };
                    for (piece, link) in inline::autolink(&t) {
                        let offset = piece.as_ptr() as usize - t.as_ptr() as usize;
                        let span = local(offset..offset + piece.len());
                        match link.as_deref().and_then(address_key) {
                            Some(_) if in_link => {}
                            Some(key) => {
                                text.addresses.push(Address { key, written: piece.to_string(), place: at(span) })
                            }
                            None => {
                                let found = numbers_in(piece, lang, &|r| at(local(offset + r.start..offset + r.end)));
                                text.numbers.extend(found);
                                if !in_table
                                    && piece.split_whitespace().filter(|w| w.chars().any(char::is_alphabetic)).count()
                                        >= 3
                                {
                                    text.prose = true;
                                }
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        text.notes = labels.len();
        text
    }
}

type Val<'i> = toml::Spanned<DeValue<'i>>;

/// The table `v` is, if it is one.
fn table<'a, 'i>(v: Option<&'a Val<'i>>) -> Option<&'a DeTable<'i>> {
    match v.map(|v| v.get_ref()) {
        Some(DeValue::Table(t)) => Some(t),
        _ => None,
    }
}

/// The tables of the array of tables `v`, with their places.
fn tables<'a, 'i>(v: Option<&'a Val<'i>>) -> Vec<(Range<usize>, &'a DeTable<'i>)> {
    match v.map(|v| v.get_ref()) {
        Some(DeValue::Array(items)) => items
            .iter()
            .filter_map(|i| match i.get_ref() {
                DeValue::Table(t) => Some((i.span(), t)),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The value of an address a translation keeps: an e-mail address
/// (lowercase), a telephone number (its digits) or a web address (see
/// [`web_key`]); `None` for another link.
fn address_key(target: &str) -> Option<String> {
    let lower = target.trim().to_lowercase();
    if let Some(mail) = lower.strip_prefix("mailto:") {
        return Some(mail.split('?').next().unwrap_or(mail).to_string());
    }
    if let Some(tel) = lower.strip_prefix("tel:") {
        return Some(format!("tel:{}", phone_key(tel)));
    }
    (lower.starts_with("http://") || lower.starts_with("https://")).then(|| web_key(target))
}

/// A web address without its scheme, its case in the host, a final `/`,
/// and any path segment or query value that names a language.
fn web_key(url: &str) -> String {
    let url = url.trim();
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let language = |s: &str| locale::LANGUAGES.contains(&s.to_ascii_lowercase().as_str());
    let path: Vec<&str> = path.split('/').filter(|s| !s.is_empty() && !language(s)).collect();
    let query: Vec<&str> =
        query.split('&').filter(|p| !p.is_empty() && !p.split_once('=').is_some_and(|(_, v)| language(v))).collect();
    let mut key = format!("{host}/{}", path.join("/"));
    if !query.is_empty() {
        key.push('?');
        key.push_str(&query.join("&"));
    }
    key
}

/// A telephone number's `+` and digits.
fn phone_key(phone: &str) -> String {
    phone.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect()
}

/// The value of a decimal digit in any script a brief uses.
fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '\u{660}'..='\u{669}' => Some(c as u32 - 0x660),
        '\u{6F0}'..='\u{6F9}' => Some(c as u32 - 0x6F0),
        '\u{FF10}'..='\u{FF19}' => Some(c as u32 - 0xFF10),
        _ => None,
    }
}

/// A number in the shortest form that keeps its value: "1000", "2.5".
fn normal(x: f64) -> String {
    let s = format!("{x}");
    s.strip_suffix(".0").map_or(s.clone(), str::to_string)
}

/// The language's digit-group separators and decimal signs, as written
/// in running text (where a space may stand for a narrow one).
fn signs(lang: &Language) -> (&'static [char], &'static [char]) {
    match locale::decimal_sign(lang) {
        ',' => match lang.primary.as_str() {
            "fr" | "ru" => (&[' ', '\u{a0}', '\u{202f}', '.'], &[',']),
            _ => (&['.', ' ', '\u{a0}', '\u{202f}'], &[',']),
        },
        _ => (&[',', '\u{66c}'], &['.', '\u{66b}']),
    }
}

/// The numbers of `text`, read in `lang`'s format; `place` maps a byte
/// range of `text` to a place.
fn numbers_in(text: &str, lang: &Language, place: &dyn Fn(Range<usize>) -> Place) -> Vec<Number> {
    let (groups, decimals) = signs(lang);
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if digit(c).is_none() || (i > 0 && digit(chars[i - 1].1).is_some()) {
            i += 1;
            continue;
        }
        // The integer part, then groups of three after a separator.
        let run = |from: usize| chars[from..].iter().take_while(|(_, c)| digit(*c).is_some()).count();
        let mut digits: String = String::new();
        let first = run(i);
        digits.extend(
            chars[i..i + first].iter().map(|(_, c)| char::from_digit(digit(*c).unwrap_or(0), 10).unwrap_or('0')),
        );
        let mut j = i + first;
        let mut grouped = false;
        while first <= 3
            && j + 3 < chars.len() + 1
            && chars.get(j).is_some_and(|(_, c)| groups.contains(c))
            && run(j + 1) == 3
        {
            digits.extend(
                chars[j + 1..j + 4].iter().map(|(_, c)| char::from_digit(digit(*c).unwrap_or(0), 10).unwrap_or('0')),
            );
            j += 4;
            grouped = true;
        }
        let mut fraction = String::new();
        if chars.get(j).is_some_and(|(_, c)| decimals.contains(c)) && run(j + 1) > 0 {
            let n = run(j + 1);
            fraction.extend(
                chars[j + 1..j + 1 + n]
                    .iter()
                    .map(|(_, c)| char::from_digit(digit(*c).unwrap_or(0), 10).unwrap_or('0')),
            );
            j += 1 + n;
        }
        let end = chars.get(j).map_or(text.len(), |(b, _)| *b);
        let value = match fraction.trim_end_matches('0') {
            "" => digits.trim_start_matches('0').to_string(),
            f => format!("{}.{f}", digits.trim_start_matches('0')),
        };
        let value = if value.is_empty() || value.starts_with('.') { format!("0{value}") } else { value };
        // "2.6 billion", "2,6 milliards", "26亿": the same number.
        let (value, end) = match magnitude(&text[end..], lang) {
            Some((zeros, len)) => (scale(&value, zeros), end + len),
            None => (value, end),
        };
        let small = !grouped && fraction.is_empty() && digits.len() <= 2 && value.parse::<u32>().is_ok_and(|n| n <= 10);
        let loose = small || ordinal(text, start, end, lang);
        out.push(Number { value, loose, place: place(start..end) });
        i = j.max(i + 1);
    }
    out
}

/// The power of ten a word after a number multiplies it by ("million",
/// "milliards", "млрд", "مليار", "亿"), with the length of the words and
/// space it takes in `after`.
fn magnitude(after: &str, lang: &Language) -> Option<(u32, usize)> {
    let words: &[(&str, u32)] = match lang.primary.as_str() {
        "en" => &[("thousand", 3), ("million", 6), ("billion", 9), ("bn", 9), ("trillion", 12)],
        "fr" => &[("mille", 3), ("million", 6), ("milliard", 9), ("billion", 12)],
        "es" => &[("mil millones", 9), ("millón", 6), ("millones", 6), ("mil", 3), ("billón", 12), ("billones", 12)],
        "pt" => &[("mil milhões", 9), ("milhão", 6), ("milhões", 6), ("bilhão", 9), ("bilhões", 9), ("mil", 3)],
        "de" => &[("tausend", 3), ("million", 6), ("milliarde", 9), ("mrd", 9), ("mio", 6)],
        "ru" => &[("тыс", 3), ("млн", 6), ("миллион", 6), ("млрд", 9), ("миллиард", 9), ("трлн", 12), ("триллион", 12)],
        "ar" => &[("ألف", 3), ("آلاف", 3), ("مليون", 6), ("ملايين", 6), ("مليار", 9), ("مليارات", 9), ("بليون", 9)],
        "zh" | "ja" => &[("万亿", 12), ("万", 4), ("亿", 8)],
        _ => &[],
    };
    let trimmed = after.trim_start_matches([' ', '\u{a0}', '\u{202f}']);
    let space = after.len() - trimmed.len();
    let lower = trimmed.to_lowercase();
    // The words of Chinese stand right after the digits; others after a space.
    let cjk = matches!(lang.primary.as_str(), "zh" | "ja");
    if cjk != (space == 0) {
        return None;
    }
    words.iter().find_map(|(word, zeros)| {
        let rest = lower.strip_prefix(word)?;
        // The word ends there, or goes on in its own inflections ("millions", "миллиарда").
        let own = rest.chars().take_while(|c| c.is_alphabetic()).count();
        (cjk || own <= 3 || word.ends_with(char::is_alphabetic)).then_some(())?;
        let len = word.len() + rest.chars().take(if cjk { 0 } else { own }).map(char::len_utf8).sum::<usize>();
        Some((*zeros, space + len.min(trimmed.len())))
    })
}

/// `value` ("2.6") times ten to the `zeros` ("2600000000").
fn scale(value: &str, zeros: u32) -> String {
    let (int, frac) = value.split_once('.').unwrap_or((value, ""));
    let zeros = zeros as usize;
    let mut digits = format!("{int}{frac}");
    let point = int.len() + zeros;
    while digits.len() < point {
        digits.push('0');
    }
    let (int, frac) = digits.split_at(point);
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    match frac.trim_end_matches('0') {
        "" => int.to_string(),
        f => format!("{int}.{f}"),
    }
}

/// Whether the number at `start..end` of `text` is an ordinal or a
/// Chinese month, which other languages may write as words.
fn ordinal(text: &str, start: usize, end: usize, lang: &Language) -> bool {
    let after = &text[end..];
    let before = &text[..start];
    let word_end = |rest: &str| rest.chars().next().is_none_or(|c| !c.is_alphabetic());
    let suffix = |list: &[&str]| list.iter().any(|s| after.strip_prefix(s).is_some_and(word_end));
    match lang.primary.as_str() {
        "en" => suffix(&["st", "nd", "rd", "th"]),
        "fr" => suffix(&["e", "er", "re", "ère", "ème", "eme", "ᵉ", "ᵉʳ"]),
        "es" | "pt" => suffix(&["º", "ª", ".º", ".ª", "°"]),
        "ru" => suffix(&["-й", "-го", "-я", "-е", "-м", "-х", "-ю", "-ой", "-ый", "-ий", "-ая", "-ое"]),
        "zh" | "ja" => before.ends_with('第') || after.starts_with('月'),
        _ => false,
    }
}

/// Collects differences as warnings at the version's places.
struct Diffs<'f> {
    base: Read<'f>,
    version: Read<'f>,
    diags: Vec<Diagnostic>,
}

const KEEP: &str = "a translation keeps what the brief says; correct the version, or the brief and every version";

impl Diffs<'_> {
    /// Warns at `at` in the version (its top without one), with `theirs`
    /// in the brief beside it.
    fn warn(&mut self, message: String, at: Option<&Place>, theirs: Option<(&Place, String)>, hint: &str) {
        let Some(at) = at.or(self.version.facts.top.as_ref()) else { return };
        let (file, span) = self.version.facts.locate(at, self.version.file);
        let mut d = Diagnostic::warning(message, span).in_file(file).with_hint(hint);
        if let Some((place, label)) = theirs {
            let (file, span) = self.base.facts.locate(place, self.base.file);
            d = d.with_related(label, Some(file), span);
        }
        self.diags.push(d);
    }

    fn run(&mut self) {
        let (a, b) = (self.base.brief, self.version.brief);
        let (base, version) = (self.base.facts, self.version.facts);
        if a.date != b.date {
            let label = format!("the brief's date is {}", date(a));
            self.warn(
                format!("the date is {}, not the brief's", date(b)),
                version.date.as_ref(),
                base.date.as_ref().map(|p| (p, label)),
                KEEP,
            );
        }
        if a.embargo != b.embargo {
            let show =
                |e: Option<chrono::DateTime<chrono::FixedOffset>>| e.map_or("none".to_string(), |e| e.to_rfc3339());
            let label = format!("the brief's embargo: {}", show(a.embargo));
            let at = version.embargo.as_ref().or(version.date.as_ref());
            self.warn(
                format!("the embargo is {}, not the brief's", show(b.embargo)),
                at,
                base.embargo.as_ref().map(|p| (p, label)),
                KEEP,
            );
        }
        if a.symbol != b.symbol {
            let show = |s: &Option<String>| s.as_ref().map_or("none".to_string(), |s| format!("`{s}`"));
            let label = format!("the brief's is {}", show(&a.symbol));
            let at = version.symbol.as_ref().or(version.date.as_ref());
            self.warn(
                format!("the document symbol is {}, not the brief's", show(&b.symbol)),
                at,
                base.symbol.as_ref().map(|p| (p, label)),
                KEEP,
            );
        }
        self.event();
        self.counts(
            "key figure",
            "key figures",
            base.figures.iter().map(|f| &f.place).collect(),
            version.figures.iter().map(|f| &f.place).collect(),
        );
        if base.figures.len() == version.figures.len() {
            for (i, (x, y)) in base.figures.iter().zip(&version.figures).enumerate() {
                let mut xs: Vec<&str> = x.numbers.iter().map(|n| n.value.as_str()).collect();
                let mut ys: Vec<&str> = y.numbers.iter().map(|n| n.value.as_str()).collect();
                xs.sort_unstable();
                ys.sort_unstable();
                if xs != ys {
                    let label = format!("the brief's is {}", xs.join(", "));
                    self.warn(
                        format!("key figure {} is {}, not the brief's {}", i + 1, ys.join(", "), xs.join(", ")),
                        Some(&y.place),
                        Some((&x.place, label)),
                        KEEP,
                    );
                }
            }
        }
        if let (Some(x), Some(y)) = (&base.summary, &version.summary) {
            self.text("the lede", x, y, false);
        }
        self.counts(
            "section",
            "sections",
            base.sections.iter().map(|s| &s.place).collect(),
            version.sections.iter().map(|s| &s.place).collect(),
        );
        if base.sections.len() == version.sections.len() {
            for (i, (x, y)) in base.sections.iter().zip(&version.sections).enumerate() {
                if let (Some(x), Some(y)) = (&x.text, &y.text) {
                    self.text(&format!("section {}", i + 1), x, y, true);
                }
            }
        }
        self.counts(
            "quote",
            "quotes",
            base.quotes.iter().map(|q| &q.place).collect(),
            version.quotes.iter().map(|q| &q.place).collect(),
        );
        if base.quotes.len() == version.quotes.len() {
            for (i, (x, y)) in base.quotes.iter().zip(&version.quotes).enumerate() {
                self.text(&format!("quote {}", i + 1), x, y, false);
            }
        }
        self.contact();
    }

    /// The event: its times as moments (a version may give them in
    /// another offset), its webcast and the accreditation's numbers and
    /// addresses.
    fn event(&mut self) {
        let (a, b) = (self.base.brief, self.version.brief);
        let (base, version) = (self.base.facts, self.version.facts);
        let (x, y) = match (&a.event, &b.event) {
            (None, None) => return,
            (Some(_), None) | (None, Some(_)) => {
                let (has, hasnt) =
                    if a.event.is_some() { ("the brief", "the version") } else { ("the version", "the brief") };
                let theirs = base.start.as_ref().map(|p| (p, "the brief's event".to_string()));
                self.warn(format!("{has} announces an event, {hasnt} does not"), version.start.as_ref(), theirs, KEEP);
                return;
            }
            (Some(x), Some(y)) => (x, y),
        };
        for (what, t, u, places) in [
            ("start", Some(x.start), Some(y.start), (&base.start, &version.start)),
            ("end", x.end, y.end, (&base.end, &version.end)),
        ] {
            if t.map(|t| t.to_utc()) != u.map(|u| u.to_utc()) {
                let show =
                    |t: Option<chrono::DateTime<chrono::FixedOffset>>| t.map_or("none".to_string(), |t| t.to_rfc3339());
                let theirs = places.0.as_ref().map(|p| (p, format!("the brief's: {}", show(t))));
                let at = places.1.as_ref().or(version.start.as_ref());
                self.warn(format!("the event's {what} is {}, not the brief's", show(u)), at, theirs, KEEP);
            }
        }
        let (xs, ys): (Vec<Address>, Vec<Address>) =
            (base.online.iter().cloned().collect(), version.online.iter().cloned().collect());
        self.addresses("the event's webcast", &xs, &ys);
        if let (Some(x), Some(y)) = (&base.accreditation, &version.accreditation) {
            self.text("the event's accreditation", x, y, false);
        }
    }

    /// Compares how many of a kind each has.
    fn counts(&mut self, one: &str, many: &str, base: Vec<&Place>, version: Vec<&Place>) {
        if base.len() == version.len() {
            return;
        }
        let noun = |n: usize| if n == 1 { one } else { many };
        let message = format!("the version has {} {}, the brief {}", version.len(), noun(version.len()), base.len());
        // At the first one the other lacks, or the version's last.
        let at = version.get(base.len()).or(version.last()).copied();
        let theirs = base.get(version.len()).map(|p| (*p, format!("the brief's {one} {}", version.len() + 1)));
        self.warn(message, at, theirs, KEEP);
    }

    /// Compares two texts: numbers, addresses, notes, tables, images, and
    /// whether the version's is the brief's untranslated.
    fn text(&mut self, what: &str, x: &Text, y: &Text, block: bool) {
        if block && x.prose && x.raw == y.raw {
            self.warn(
                format!("{what}'s text is the brief's, word for word: it is not translated"),
                Some(&y.place),
                Some((&x.place, "the brief's text".to_string())),
                "translate it; a text that is the same in every language (a table of figures) has no sentences to flag",
            );
            return;
        }
        self.numbers(what, &x.numbers, &y.numbers);
        self.addresses(what, &x.addresses, &y.addresses);
        let words = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        if x.notes != y.notes {
            let message = format!("{what} has {}, the brief's {}", words(y.notes, "footnote", "footnotes"), x.notes);
            self.warn(message, Some(&y.place), Some((&x.place, format!("the brief's {what}"))), KEEP);
        }
        if x.images != y.images {
            let message = format!("{what} has {}, the brief's {}", words(y.images, "image", "images"), x.images);
            self.warn(message, Some(&y.place), Some((&x.place, format!("the brief's {what}"))), KEEP);
        }
        if x.tables.len() != y.tables.len() {
            let message =
                format!("{what} has {}, the brief's {}", words(y.tables.len(), "table", "tables"), x.tables.len());
            self.warn(message, Some(&y.place), Some((&x.place, format!("the brief's {what}"))), KEEP);
            return;
        }
        for (k, ((xr, xc, xp), (yr, yc, yp))) in x.tables.iter().zip(&y.tables).enumerate() {
            if (xr, xc) != (yr, yc) {
                let message = format!(
                    "table {} of {what} has {} and {}, the brief's {xr} and {xc}",
                    k + 1,
                    words(*yr, "row", "rows"),
                    words(*yc, "column", "columns")
                );
                self.warn(message, Some(yp), Some((xp, "the brief's table".to_string())), KEEP);
            }
        }
    }

    /// Compares the numbers of two texts as counts of each value; loose
    /// numbers found on one side only are no difference.
    fn numbers(&mut self, what: &str, x: &[Number], y: &[Number]) {
        let (mut xs, mut ys): (Vec<&Number>, Vec<&Number>) = (x.iter().collect(), y.iter().collect());
        // Take out every number both have.
        let mut k = 0;
        while k < xs.len() {
            match ys.iter().position(|n| n.value == xs[k].value) {
                Some(j) => {
                    ys.remove(j);
                    xs.remove(k);
                }
                None => k += 1,
            }
        }
        xs.retain(|n| !n.loose);
        ys.retain(|n| !n.loose);
        // A changed number is most like the one it replaced: pair each of
        // the version's with the brief's nearest in spelling, then in
        // place.
        let (xn, yn) = (x.len().max(1) as f64, y.len().max(1) as f64);
        let at = |list: &[Number], n: &Number| list.iter().position(|m| std::ptr::eq(m, n)).unwrap_or(0) as f64;
        let mut paired: Vec<(Option<&Number>, Option<&Number>)> = Vec::new();
        for b in ys {
            let best = xs
                .iter()
                .enumerate()
                .map(|(k, a)| {
                    let spelling = strsim::levenshtein(&a.value, &b.value) as f64;
                    (k, spelling + (at(x, a) / xn - at(y, b) / yn).abs())
                })
                .min_by(|p, q| p.1.total_cmp(&q.1))
                .map(|(k, _)| k);
            match best {
                Some(k) => paired.push((Some(xs.remove(k)), Some(b))),
                None => paired.push((None, Some(b))),
            }
        }
        paired.extend(xs.into_iter().map(|a| (Some(a), None)));
        for pair in paired {
            match pair {
                (Some(a), Some(b)) => self.warn(
                    format!("{what} has {} where the brief has {}", b.value, a.value),
                    Some(&b.place),
                    Some((&a.place, format!("the brief's {}", a.value))),
                    "a translation keeps every number; write numbers above ten in figures in every version",
                ),
                (None, Some(b)) => self.warn(
                    format!("{what} has {}, which the brief does not", b.value),
                    Some(&b.place),
                    None,
                    "a translation keeps every number; write numbers above ten in figures in every version",
                ),
                (Some(a), None) => {
                    let place = self.version_text_place(what);
                    self.warn(
                        format!("{what} lacks {}, which the brief has", a.value),
                        place.as_ref(),
                        Some((&a.place, format!("the brief's {}", a.value))),
                        "a translation keeps every number; write numbers above ten in figures in every version",
                    );
                }
                (None, None) => {}
            }
        }
    }

    /// The place of the version's text called `what`, for what it lacks.
    fn version_text_place(&self, what: &str) -> Option<Place> {
        let nth = |prefix: &str| what.strip_prefix(prefix).and_then(|n| n.parse::<usize>().ok()).map(|n| n - 1);
        if let Some(i) = nth("section ") {
            return self.version.facts.sections.get(i).and_then(|s| s.text.as_ref()).map(|t| t.place.clone());
        }
        if let Some(i) = nth("quote ") {
            return self.version.facts.quotes.get(i).map(|t| t.place.clone());
        }
        if what.starts_with("the event") {
            let text = self.version.facts.accreditation.as_ref().map(|t| t.place.clone());
            return text
                .or_else(|| self.version.facts.online.as_ref().map(|a| a.place.clone()))
                .or_else(|| self.version.facts.start.clone());
        }
        self.version.facts.summary.as_ref().map(|t| t.place.clone())
    }

    /// Compares the addresses of two texts, as counts of each.
    fn addresses(&mut self, what: &str, x: &[Address], y: &[Address]) {
        let (mut xs, mut ys): (Vec<&Address>, Vec<&Address>) = (x.iter().collect(), y.iter().collect());
        let mut k = 0;
        while k < xs.len() {
            match ys.iter().position(|n| n.key == xs[k].key) {
                Some(j) => {
                    ys.remove(j);
                    xs.remove(k);
                }
                None => k += 1,
            }
        }
        const HINT: &str = "a translation keeps every address; a web address may differ only in the language it names";
        for k in 0..xs.len().max(ys.len()) {
            match (xs.get(k), ys.get(k)) {
                (Some(a), Some(b)) => self.warn(
                    format!("{what} has the address `{}` where the brief has `{}`", b.written, a.written),
                    Some(&b.place),
                    Some((&a.place, "the brief's address".to_string())),
                    HINT,
                ),
                (None, Some(b)) => self.warn(
                    format!("{what} has the address `{}`, which the brief does not", b.written),
                    Some(&b.place),
                    None,
                    HINT,
                ),
                (Some(a), None) => {
                    let place = self.version_text_place(what);
                    self.warn(
                        format!("{what} lacks the address `{}`, which the brief has", a.written),
                        place.as_ref(),
                        Some((&a.place, "the brief's address".to_string())),
                        HINT,
                    );
                }
                (None, None) => {}
            }
        }
    }

    /// The contact block's web address, e-mail addresses and telephones.
    fn contact(&mut self) {
        let (base, version) = (self.base.facts, self.version.facts);
        const HINT: &str = "a translation keeps every address; correct the version, or the brief and every version";
        match (&base.web, &version.web) {
            (Some(a), Some(b)) if a.key != b.key => self.warn(
                format!("the contact's web address is `{}`, not the brief's", b.written),
                Some(&b.place),
                Some((&a.place, format!("the brief's: `{}`", a.written))),
                HINT,
            ),
            (Some(a), None) => self.warn(
                "the contact block has no web address; the brief has one".to_string(),
                None,
                Some((&a.place, "the brief's".to_string())),
                HINT,
            ),
            (None, Some(b)) => self.warn(
                "the contact block has a web address the brief has not".to_string(),
                Some(&b.place),
                None,
                HINT,
            ),
            _ => {}
        }
        if base.persons.len() != version.persons.len() {
            let people = |f: &'_ Facts| -> Vec<Place> {
                f.persons
                    .iter()
                    .filter_map(|p| p.email.as_ref().or(p.phone.as_ref()).map(|e| e.place.clone()))
                    .collect()
            };
            let (a, b) = (people(base), people(version));
            self.counts("contact person", "contact persons", a.iter().collect(), b.iter().collect());
            return;
        }
        for (i, (x, y)) in base.persons.iter().zip(&version.persons).enumerate() {
            for (what, a, b) in [("e-mail address", &x.email, &y.email), ("telephone", &x.phone, &y.phone)] {
                match (a, b) {
                    (Some(a), Some(b)) if a.key != b.key => self.warn(
                        format!(
                            "contact person {}'s {what} is `{}`, not the brief's `{}`",
                            i + 1,
                            b.written,
                            a.written
                        ),
                        Some(&b.place),
                        Some((&a.place, "the brief's".to_string())),
                        HINT,
                    ),
                    (Some(a), None) => self.warn(
                        format!("contact person {} has no {what}; the brief gives `{}`", i + 1, a.written),
                        None,
                        Some((&a.place, "the brief's".to_string())),
                        HINT,
                    ),
                    (None, Some(b)) => self.warn(
                        format!("contact person {} has a {what} the brief has not", i + 1),
                        Some(&b.place),
                        None,
                        HINT,
                    ),
                    _ => {}
                }
            }
        }
    }
}

/// A brief's date as written in TOML.
fn date(b: &Brief) -> String {
    let mut s = b.date.day.to_string();
    if let Some(t) = b.date.time {
        s.push_str(&format!("T{t}"));
    }
    if let Some(o) = b.date.offset {
        s.push_str(&o.to_string());
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(tag: &str) -> Language {
        Language { tag: tag.to_string(), primary: tag.split('-').next().unwrap_or(tag).to_string() }
    }

    fn values(text: &str, tag: &str) -> Vec<(String, bool)> {
        numbers_in(text, &lang(tag), &Place::Span).into_iter().map(|n| (n.value, n.loose)).collect()
    }

    fn strict(text: &str, tag: &str) -> Vec<String> {
        values(text, tag).into_iter().filter(|(_, loose)| !loose).map(|(v, _)| v).collect()
    }

    #[test]
    fn numbers_are_read_in_each_languages_format() {
        assert_eq!(strict("almost 1,000 participants from 147 States, 2.5%", "en"), ["1000", "147", "2.5"]);
        assert_eq!(strict("près de 1\u{202f}000 participants, 1 000 aussi, 2,5 %", "fr"), ["1000", "1000", "2.5"]);
        assert_eq!(strict("1.000 participantes y 2,5 %", "es"), ["1000", "2.5"]);
        assert_eq!(strict("1\u{a0}000 участников, 2,5 %", "ru"), ["1000", "2.5"]);
        assert_eq!(strict("١٤٧ دولة و1٬000 مشارك و٢٫٥", "ar"), ["147", "1000", "2.5"]);
        assert_eq!(strict("１４７个会员国，2021年12月1日", "zh"), ["147", "2021"]);
        // Words that multiply: the same number in every language.
        assert_eq!(strict("US$ 2.6 billion and 1.19 million", "en"), ["2600000000", "1190000"]);
        assert_eq!(strict("2,6 milliards de dollars", "fr"), ["2600000000"]);
        assert_eq!(strict("2,6 mil millones de dólares", "es"), ["2600000000"]);
        assert_eq!(strict("2,6 млрд долларов", "ru"), ["2600000000"]);
        assert_eq!(strict("٢٫٦ مليار دولار", "ar"), ["2600000000"]);
        assert_eq!(strict("26亿美元", "zh"), ["2600000000"]);
        assert_eq!(scale("0.05", 3), "50");
        // A list of numbers is no grouped number.
        assert_eq!(strict("147, 288 and 388", "en"), ["147", "288", "388"]);
        assert_eq!(strict("in 2018 147 came", "fr"), ["2018", "147"]);
    }

    #[test]
    fn small_numbers_ordinals_and_months_are_loose() {
        assert_eq!(values("3 days, the 15th, 15e, 15.º", "en")[0], ("3".to_string(), true));
        assert_eq!(values("the 15th anniversary", "en"), [("15".to_string(), true)]);
        assert_eq!(values("le 15e anniversaire", "fr"), [("15".to_string(), true)]);
        assert_eq!(values("15-я годовщина", "ru"), [("15".to_string(), true)]);
        assert_eq!(values("第15届", "zh"), [("15".to_string(), true)]);
        assert_eq!(values("12月", "zh"), [("12".to_string(), true)]);
        assert_eq!(values("11 days", "en"), [("11".to_string(), false)]);
        assert_eq!(values("1,000", "en"), [("1000".to_string(), false)]);
    }

    #[test]
    fn web_addresses_may_differ_in_the_language_they_name() {
        assert_eq!(web_key("https://www.unep.org/fr/evenements"), web_key("https://unep.org/evenements/"));
        assert_eq!(web_key("https://www.un.org/en/about?lang=fr"), web_key("https://www.un.org/about"));
        assert_ne!(web_key("https://www.un.org/counterterrorism"), web_key("https://www.un.org/counter-terrorism"));
        assert_eq!(address_key("mailto:GerardL@un.org"), Some("gerardl@un.org".to_string()));
        assert_eq!(address_key("tel:+41 22 917 12 34"), Some("tel:+41229171234".to_string()));
    }
}
