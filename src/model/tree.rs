//! The validated brief: the plain-data boundary between the model stage and
//! the text and layout stages. Everything here is checked and resolved
//! (defaults applied, numbers formatted for the language, images read), so
//! later stages never fail on content.

use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime};

use crate::geom::Color;

/// A validated brief, ready to lay out.
#[derive(Debug, Clone, PartialEq)]
pub struct Brief {
    /// The title (non-empty, plain text).
    pub title: String,
    /// The issue date.
    pub date: BriefDate,
    /// The label of the header band ("Press release"); the language's
    /// default ("Brief") when the brief gives none.
    pub kind: String,
    /// The issuing body; the PDF's Author.
    pub organization: Option<String>,
    /// The document symbol ("UNOCT/PR/2021/30").
    pub symbol: Option<String>,
    /// A line under the title.
    pub subtitle: Option<String>,
    /// The place of the dateline ("New York").
    pub place: Option<String>,
    /// The brief's language: date format, labels, hyphenation.
    pub language: Language,
    /// A notice line ("For information media – not an official record").
    pub notice: Option<String>,
    /// "Embargoed until …" moment.
    pub embargo: Option<DateTime<FixedOffset>>,
    /// The lede under the title.
    pub summary: Option<Inline>,
    /// The organisation's logo, read and checked.
    pub logo: Option<Arc<Image>>,
    /// What the logo shows, for screen readers.
    pub logo_alt: Option<String>,
    /// Key figures, in order.
    pub figures: Vec<Figure>,
    /// Body sections, in order.
    pub sections: Vec<Section>,
    /// The footnotes, numbered in order of their first reference through
    /// the brief: `notes[n - 1]` is note `n`.
    pub notes: Vec<Note>,
    /// Pull quotes, each with the section it follows.
    pub quotes: Vec<Quote>,
    /// The mark printed after the body ("* *** *", "###", "-ENDS-"), from
    /// the house file.
    pub end_mark: Option<String>,
    /// Sections set at the end of every brief of an office ("About the
    /// Office", "Note to editors"), from the house file, after the end
    /// mark.
    pub boilerplate: Vec<Section>,
    /// The contact block.
    pub contact: Option<Contact>,
    /// Page and look.
    pub style: Style,
    /// Who the e-mailed summary goes to, and its subject.
    pub email: Option<Email>,
    /// The press event the brief announces (a media advisory's
    /// `[event]`): set on page one, in the summary and as a calendar file.
    pub event: Option<Event>,
}

/// A press event (a press conference, a briefing): when and where it is,
/// its webcast and who may attend. Its name is the brief's title.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// When it starts, with the UTC offset written in the brief.
    pub start: DateTime<FixedOffset>,
    /// When it ends, after `start`.
    pub end: Option<DateTime<FixedOffset>>,
    /// The time zone its times are given in, when the brief names one
    /// (the offsets of `start` and `end` are checked against it).
    pub zone: Option<Zone>,
    /// The room or building ("Press Briefing Room (S-237)").
    pub venue: Option<String>,
    /// The street address.
    pub address: Option<String>,
    /// The webcast (`https:` or `http:`).
    pub online: Option<String>,
    /// Who may attend and how.
    pub accreditation: Option<Inline>,
}

/// An event's time zone, resolved for the brief's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zone {
    /// The IANA name ("America/New_York").
    pub id: String,
    /// The city the zone is known by in the brief's language, in the form
    /// the time phrase needs ("New York", "Nueva York", "Нью-Йорка"): for
    /// the zones of the UN duty stations; `None` for other zones.
    pub city: Option<String>,
    /// The zone's city in English, for the English phrase when the zone
    /// has no alphabetic abbreviation ("Bangkok", "Sao Paulo").
    pub city_en: String,
    /// The abbreviation in force at the start and at the end ("EDT"),
    /// when it is alphabetic (many zones have only "+07").
    pub abbreviations: [Option<String>; 2],
}

/// The date of a brief: a day, with a time and offset when the TOML value
/// was an offset date-time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BriefDate {
    /// The calendar day.
    pub day: NaiveDate,
    /// The time of day, when given.
    pub time: Option<NaiveTime>,
    /// The UTC offset, when given.
    pub offset: Option<FixedOffset>,
}

/// A language the brief is written in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    /// The BCP 47 tag as written ("en", "fr-CH").
    pub tag: String,
    /// The primary language subtag, lowercased ("en", "fr").
    pub primary: String,
}

impl Language {
    /// Whether the language is written right to left (Arabic, Persian,
    /// Urdu, Pashto, Sindhi, Uyghur, Kurdish in Arabic script, Hebrew,
    /// Yiddish, Dhivehi): its page is mirrored.
    pub fn is_rtl(&self) -> bool {
        matches!(self.primary.as_str(), "ar" | "fa" | "ur" | "ps" | "sd" | "ug" | "ckb" | "he" | "yi" | "dv")
            || self.tag.to_ascii_lowercase().contains("-arab")
    }

    /// Whether the language's script has italics: Arabic, Hebrew, Chinese,
    /// Japanese and Korean have none, and text in them sets apart with
    /// weight, size or colour instead of a slant.
    pub fn has_italic(&self) -> bool {
        !self.is_rtl() && !matches!(self.primary.as_str(), "zh" | "ja" | "ko")
    }
}

/// Text with inline formatting: a sequence of spans.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Inline(pub Vec<Span>);

/// A run of text sharing one format.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// The characters, exactly as in the brief (typographic quotes and
    /// dashes kept); soft line breaks become spaces.
    pub text: String,
    /// Set in bold.
    pub bold: bool,
    /// Set in italic.
    pub italic: bool,
    /// The target when the span is a link (`https:`, `http:`, `mailto:` or
    /// `tel:`; bare web and e-mail addresses in text are links too).
    pub link: Option<String>,
    /// Inline code (`` `x` ``): set in the monospace face.
    pub code: bool,
    /// A footnote mark: the number of the note it refers to (its text is
    /// the number).
    pub note: Option<usize>,
}

impl Span {
    /// A span of plain text.
    pub fn plain(text: impl Into<String>) -> Span {
        Span { text: text.into(), bold: false, italic: false, link: None, code: false, note: None }
    }
}

/// A footnote.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// Its number (1 for the first referenced in the brief).
    pub number: usize,
    /// Its paragraphs.
    pub text: Vec<Inline>,
}

/// A key figure tile.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The value, formatted for the language ("1,000", "1 000", "US$ 2.6 billion").
    pub value: String,
    /// What the value counts.
    pub label: String,
    /// Small text before the value ("almost").
    pub prefix: Option<String>,
    /// Unit after the value ("%").
    pub suffix: Option<String>,
    /// Small line under the label.
    pub note: Option<String>,
}

/// A body section.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Optional heading.
    pub heading: Option<String>,
    /// The section's blocks, in order.
    pub blocks: Vec<Block>,
}

/// A block of body text.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph.
    Paragraph(Inline),
    /// A bullet or numbered list.
    List(List),
    /// A sub-heading inside the section (`### …`).
    Heading(Inline),
    /// A block quote (`> …`): its paragraphs and lists. Quotes and lists
    /// nest at most [`limits::NESTING`](super::limits::NESTING) deep (the
    /// model refuses deeper text), which bounds the stages that walk them
    /// recursively.
    Quote(Vec<Block>),
    /// A horizontal rule (`---`).
    Rule,
    /// A code block: its lines, as written.
    Code(Vec<String>),
    /// A table.
    Table(Table),
    /// An image with its description and caption.
    Picture(Picture),
}

/// A table (GitHub-flavoured Markdown): a header row and body rows of
/// equal length.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The alignment of each column, from the `:---:` markers.
    pub align: Vec<ColumnAlign>,
    /// The header row's cells.
    pub head: Vec<Inline>,
    /// The body rows, each with one cell per column.
    pub rows: Vec<Vec<Inline>>,
    /// Where the table is in the brief file (for a table that cannot be
    /// set: too many columns for the page).
    pub span: std::ops::Range<usize>,
}

/// How a table column is aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnAlign {
    /// No marker (`---`): at the start edge.
    Default,
    /// `:---`.
    Start,
    /// `:---:`.
    Center,
    /// `---:`; numbers also line up on their decimal sign.
    End,
}

/// An image in a section: `![alt](file "Caption")`.
#[derive(Debug, Clone, PartialEq)]
pub struct Picture {
    /// The image, read and checked like the logo.
    pub image: Arc<Image>,
    /// What it shows, for screen readers (may be empty, with a warning).
    pub alt: String,
    /// The caption under it.
    pub caption: Option<String>,
}

/// A bullet or numbered list.
#[derive(Debug, Clone, PartialEq)]
pub struct List {
    /// Numbered (`1.`) rather than bulleted.
    pub ordered: bool,
    /// The first number of a numbered list.
    pub start: u64,
    /// The items, in order.
    pub items: Vec<ListItem>,
}

/// One list item. Nested lists are flattened into items of greater depth.
#[derive(Debug, Clone, PartialEq)]
pub struct ListItem {
    /// 0 for a top-level item, 1 for an item of a nested list, …
    pub depth: usize,
    /// The marker as it is set ("•", "–", "3.").
    pub marker: String,
    /// The item's text.
    pub text: Inline,
}

/// A pull quote.
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    /// The quoted words (inline Markdown allowed).
    pub text: Inline,
    /// Who said it.
    pub by: Option<String>,
    /// Their role.
    pub role: Option<String>,
    /// Set after this many sections (0 = before the first section). Always
    /// resolved: quotes without `after` are spread through the body.
    pub after: usize,
}

/// The contact block.
#[derive(Debug, Clone, PartialEq)]
pub struct Contact {
    /// Its heading ("Media contacts" or the language's default).
    pub heading: String,
    /// A web address (`https:` or `http:`).
    pub web: Option<String>,
    /// Social media handles and hashtags.
    pub social: Vec<String>,
    /// People to contact.
    pub persons: Vec<Person>,
    /// A QR code of the web address, unless `style.qr = false` or the
    /// address is too long for a code that prints scannably.
    pub qr: Option<QrCode>,
}

/// A QR code's modules, row by row, without the quiet zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrCode {
    /// Modules per side.
    pub width: usize,
    /// `width × width` modules, `true` for dark, row by row from the top.
    pub dark: Vec<bool>,
}

impl QrCode {
    /// The runs of dark modules, row by row from the top, each left to
    /// right: `(row, column, length)`, as a printer or a path draws them.
    pub fn runs(&self) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
        self.dark.chunks(self.width.max(1)).enumerate().flat_map(|(row, cells)| {
            let mut col = 0;
            std::iter::from_fn(move || {
                col += cells[col..].iter().take_while(|&&d| !d).count();
                let run = cells[col..].iter().take_while(|&&d| d).count();
                (run > 0).then(|| {
                    col += run;
                    (row, col - run, run)
                })
            })
        })
    }
}

/// A contact person.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    /// Name ("Ms. Laurence Gerard").
    pub name: String,
    /// Role or title.
    pub role: Option<String>,
    /// E-mail address (validated).
    pub email: Option<String>,
    /// Telephone number, as written.
    pub phone: Option<String>,
}

/// Page and look.
#[derive(Debug, Clone, PartialEq)]
pub struct Style {
    /// Paper size.
    pub page: PageSize,
    /// Band and highlight colour.
    pub accent: Color,
    /// The type family: bundled, or the user's own files.
    pub font: FontChoice,
    /// A QR code of the contact block's web address (on by default).
    pub qr: bool,
    /// The PDF claims PDF/A-2a and PDF/UA-1 in its metadata (on by
    /// default; `standard = "none"` drops the claims, nothing else).
    pub claims: bool,
}

/// A supported paper size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageSize {
    /// 210 × 297 mm.
    A4,
    /// 8.5 × 11 in.
    Letter,
    /// 148 × 210 mm.
    A5,
    /// 8.5 × 14 in.
    Legal,
}

/// The type family of a brief.
#[derive(Debug, Clone, PartialEq)]
pub enum FontChoice {
    /// The bundled Noto Sans.
    Sans,
    /// The bundled Noto Serif.
    Serif,
    /// The user's own font files; what they lack is set in Noto Sans.
    Files(Arc<super::font::FontFiles>),
}

/// A raster or vector image, checked and measured.
#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    /// What the bytes are (decided from their content, not the file name).
    pub format: ImageFormat,
    /// Intrinsic width in pixels (SVG: user units).
    pub width: f32,
    /// Intrinsic height in pixels (SVG: user units).
    pub height: f32,
    /// The file's bytes, unchanged.
    pub data: Arc<Vec<u8>>,
    /// A PNG's samples, decoded when the file was checked (so that a
    /// damaged file is found then, with its place in the brief), for the
    /// PDF writer; `None` for JPEG and SVG, whose bytes it uses as they are.
    pub pixels: Option<Arc<Pixels>>,
}

/// The decoded samples of a PNG image.
#[derive(Clone, PartialEq)]
pub struct Pixels {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Colour channels: 1 (grey) or 3 (RGB).
    pub colors: usize,
    /// Whether each pixel ends with an alpha sample.
    pub alpha: bool,
    /// Bits per sample: 8 or 16.
    pub bits: u8,
    /// The samples, pixel by pixel, row by row; 16-bit samples big-endian.
    pub samples: Vec<u8>,
}

impl std::fmt::Debug for Pixels {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Pixels { width, height, colors, alpha, bits, samples } = self;
        write!(f, "Pixels({width} × {height}, {colors} colours, alpha {alpha}, {bits} bits, {} bytes)", samples.len())
    }
}

/// An image format the tool reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    /// PNG.
    Png,
    /// JPEG.
    Jpeg,
    /// SVG.
    Svg,
}

/// The `[email]` table: the addressees and subject of the e-mailed summary.
/// Every address is checked; the lists may be empty.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Email {
    /// The sender.
    pub from: Option<Mailbox>,
    /// The main recipients.
    pub to: Vec<Mailbox>,
    /// Copy recipients.
    pub cc: Vec<Mailbox>,
    /// Blind copy recipients.
    pub bcc: Vec<Mailbox>,
    /// Where replies go, when not to the sender.
    pub reply_to: Vec<Mailbox>,
    /// The subject line; the title when absent.
    pub subject: Option<String>,
}

/// An e-mail address with an optional display name, as in
/// `Laurence Gerard <gerardl@un.org>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mailbox {
    /// The display name, without quotes.
    pub name: Option<String>,
    /// The part before the `@`: a dot-atom of ASCII characters.
    pub user: String,
    /// The part after the `@`: a domain name (may hold non-ASCII letters).
    pub domain: String,
}

impl Mailbox {
    /// The bare address, `user@domain`.
    pub fn address(&self) -> String {
        format!("{}@{}", self.user, self.domain)
    }
}

impl std::fmt::Display for Mailbox {
    /// `Name <user@domain>`, or the bare address without a name.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.name {
            Some(name) => write!(f, "{name} <{}@{}>", self.user, self.domain),
            None => write!(f, "{}@{}", self.user, self.domain),
        }
    }
}
