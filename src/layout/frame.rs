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
        /// Target URI (`https:`, `http:`, `mailto:`, `tel:`).
        uri: Arc<str>,
    },
    /// An image scaled into a box.
    Image {
        /// Where.
        rect: Rect,
        /// What.
        image: Arc<Image>,
    },
}
