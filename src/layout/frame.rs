//! The layout stage's boundary types: a document of pages, each a list of
//! positioned items. The PDF writer walks these and nothing else.

use std::sync::Arc;

use chrono::{DateTime, FixedOffset};

use crate::geom::{Color, Point, Pt, Rect, Size};
use crate::model::Image;
use crate::text::GlyphRun;

/// A laid-out document.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The pages, in order.
    pub pages: Vec<Page>,
    /// What the PDF's information dictionary says.
    pub meta: Metadata,
    /// The logical structure: every element of the brief, in reading
    /// order, each naming its parent. Page items refer to them by index
    /// through [`Item::Begin`].
    pub structure: Vec<Element>,
    /// What could not be set as the brief asks (a table too wide for the
    /// page, at its position in the brief): the build refuses a document
    /// with any.
    pub problems: Vec<crate::model::Diagnostic>,
}

/// What an element of the logical structure is (the standard structure
/// types of ISO 32000-1, 14.8.4, that a brief uses).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The title.
    H1,
    /// A section heading, the contact block's heading.
    H2,
    /// A sub-heading inside a section.
    H3,
    /// A paragraph (subtitle, notice, lede, a line of the band…).
    P,
    /// A list (the bullets of a section, the key figures).
    L,
    /// A list item.
    LI,
    /// A list item's number or bullet.
    Lbl,
    /// A list item's text.
    LBody,
    /// A pull quote with its attribution.
    BlockQuote,
    /// A picture (the logo, the QR code) with its alternative text.
    Figure,
    /// A group of elements (a section, the contact block).
    Sect,
    /// A link: its text (or picture) and its clickable area.
    Link,
    /// A table.
    Table,
    /// A table row.
    TR,
    /// A header cell (of a column).
    TH,
    /// A data cell.
    TD,
    /// A footnote.
    Note,
    /// The caption of a figure or table.
    Caption,
    /// Code: inline code, a code block's lines.
    Code,
}

impl Role {
    /// The structure type's name in the PDF.
    pub fn name(self) -> &'static str {
        match self {
            Role::H1 => "H1",
            Role::H2 => "H2",
            Role::H3 => "H3",
            Role::P => "P",
            Role::L => "L",
            Role::LI => "LI",
            Role::Lbl => "Lbl",
            Role::LBody => "LBody",
            Role::BlockQuote => "BlockQuote",
            Role::Figure => "Figure",
            Role::Sect => "Sect",
            Role::Link => "Link",
            Role::Table => "Table",
            Role::TR => "TR",
            Role::TH => "TH",
            Role::TD => "TD",
            Role::Note => "Note",
            Role::Caption => "Caption",
            Role::Code => "Code",
        }
    }
}

/// An element of the logical structure.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    /// What it is.
    pub role: Role,
    /// The element it belongs to; `None` for one directly in the document.
    pub parent: Option<usize>,
    /// Alternative text (a figure's description).
    pub alt: Option<String>,
    /// A heading's text, for the document outline (bookmarks).
    pub title: Option<String>,
}

/// What the items between an [`Item::Begin`] and its [`Item::End`] are.
#[derive(Debug, Clone, PartialEq)]
pub enum Tag {
    /// Content of the structure element with this index.
    Content(usize),
    /// Content of a link to this address, inside the element around it.
    Link(Arc<str>),
    /// Not content: decoration and page furniture, which screen readers
    /// skip.
    Artifact(Artifact),
}

/// The kind of an artifact (ISO 32000-1, 14.8.2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Artifact {
    /// Fills and rules that set content apart (the band, tiles, rules).
    Layout,
    /// The running header.
    Header,
    /// The footer with its page number.
    Footer,
}

/// Document metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct Metadata {
    /// The brief's title.
    pub title: String,
    /// The issuing organisation.
    pub author: Option<String>,
    /// The kind of brief ("Press release").
    pub subject: Option<String>,
    /// Keywords (the document symbol, social tags).
    pub keywords: Option<String>,
    /// BCP 47 language tag.
    pub language: String,
    /// Creation moment, from the brief's date (never the clock, so that
    /// output is reproducible).
    pub created: DateTime<FixedOffset>,
    /// Whether the file claims PDF/A-2a and PDF/UA-1 (it is tagged and
    /// archival either way).
    pub claims: bool,
}

/// One page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Paper size.
    pub size: Size,
    /// The column between the left and right margins, the full height of
    /// the page: all text lies within it (the band's fill bleeds beyond).
    pub content: Rect,
    /// Items in painting order.
    pub items: Vec<Item>,
}

/// Something placed on a page. Coordinates are from the page's top-left
/// corner, y growing down.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A run of glyphs; `origin` is the left end of its baseline.
    Text {
        /// Baseline start.
        origin: Point,
        /// The glyphs.
        run: GlyphRun,
    },
    /// A filled rectangle.
    Fill {
        /// Where.
        rect: Rect,
        /// Colour.
        color: Color,
    },
    /// A straight stroked line.
    Rule {
        /// Start.
        from: Point,
        /// End.
        to: Point,
        /// Stroke width.
        width: Pt,
        /// Colour.
        color: Color,
    },
    /// A clickable area.
    Link {
        /// Active area.
        rect: Rect,
        /// Target URI (`https:`, `http:`, `mailto:`, `tel:`), or `#name`
        /// for a place in the document: the [`Item::Anchor`] of that name
        /// (a footnote and the mark that refers to it lead to each other).
        uri: Arc<str>,
    },
    /// A place in the document that links lead to (`#name`).
    Anchor {
        /// Its name.
        name: Arc<str>,
        /// The place: the top left of what it marks.
        at: Point,
    },
    /// An image scaled into a box.
    Image {
        /// Where.
        rect: Rect,
        /// What.
        image: Arc<Image>,
    },
    /// The items up to the matching [`Item::End`] are what `Tag` says.
    /// Pairs nest; an item outside every pair is an artifact.
    Begin(Tag),
    /// Closes the latest [`Item::Begin`].
    End,
}

/// `items` between a [`Item::Begin`] of `tag` and its [`Item::End`].
pub fn tagged(tag: Tag, items: Vec<Item>) -> Vec<Item> {
    let mut out = Vec::with_capacity(items.len() + 2);
    out.push(Item::Begin(tag));
    out.extend(items);
    out.push(Item::End);
    out
}
