//! The PDF writer: the only module that names printpdf.
//!
//! [`write`] walks a laid-out [`Document`] and never measures or shapes
//! text. Steps:
//!
//! 1. *fonts* — each used face is subset to its glyphs (`subsetter`), its
//!    glyph ids renumbered, and registered under `F1`, `F2`, … with a
//!    subset tag derived from the glyph set;
//! 2. *images* — every distinct image becomes an XObject `Im1`, `Im2`, …
//!    (JPEG passed through, PNG lossless, SVG as vector paths);
//! 3. *content* — each page's items become its content stream, the y axis
//!    flipped, and the printpdf operations for its links and images;
//! 4. *finish* — printpdf builds the lopdf document, which is then
//!    post-processed: the pages' content streams, PDF 1.7, information dictionary and XMP metadata from
//!    [`Metadata`](crate::layout::Metadata), `/Lang`, viewer preferences,
//!    font descriptor fixes, compression and a trailer `/ID` that is a hash
//!    of the file's content.
//!
//! Output is deterministic: the same document gives the same bytes, in any
//! process and at any time.

mod content;
mod finish;
mod fonts;
mod images;
mod svg;

use std::sync::Arc;

use printpdf::{
    CustomPdfConformance, PdfConformance, PdfDocument, PdfPage, PdfSaveOptions, Pt as PdfPt, Rect as PdfRect, XObject,
    XObjectId,
};

use crate::layout::{Document, Item};
use crate::model::Image;
use crate::text::FontBook;

/// Why a document could not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfError(pub String);

impl std::fmt::Display for PdfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PdfError {}

/// Writes the document as PDF bytes. Deterministic: identical input gives
/// byte-identical output, also for the second and later documents written
/// in one process.
pub fn write(doc: &Document, book: &FontBook) -> Result<Vec<u8>, PdfError> {
    let mut pdf = PdfDocument::new(&doc.meta.title);
    pdf.metadata.info.conformance = PdfConformance::Custom(CustomPdfConformance {
        requires_icc_profile: false,
        requires_xmp_metadata: false,
        ..CustomPdfConformance::default()
    });

    let fonts = fonts::FontSet::build(doc, book, &mut pdf)?;

    // Images: one XObject per distinct image, named in order of first use;
    // `image_ids` has one entry per image item, in document order.
    let mut distinct: Vec<(Arc<Image>, XObjectId)> = Vec::new();
    let mut image_ids = Vec::new();
    for item in doc.pages.iter().flat_map(|p| &p.items) {
        if let Item::Image { image, .. } = item {
            let known = distinct.iter().find(|(seen, _)| Arc::ptr_eq(seen, image) || **seen == **image);
            let id = match known {
                Some((_, id)) => id.clone(),
                None => {
                    let id = XObjectId(format!("Im{}", distinct.len() + 1));
                    let xobject = images::xobject(image)?;
                    pdf.resources.xobjects.map.insert(id.clone(), XObject::External(xobject));
                    distinct.push((image.clone(), id.clone()));
                    id
                }
            };
            image_ids.push(id);
        }
    }

    let mut next_image = 0;
    let mut streams = Vec::with_capacity(doc.pages.len());
    for (n, page) in doc.pages.iter().enumerate() {
        let content = content::page_content(page, &fonts, &image_ids, &mut next_image)?;
        let mut ops = content.ops;
        if n == 0 {
            ops.extend(content::glyph_inventory(&fonts));
        }
        streams.push(content.stream);
        let bx = PdfRect::from_wh(PdfPt(page.size.width.0), PdfPt(page.size.height.0));
        pdf.pages.push(PdfPage { media_box: bx.clone(), trim_box: bx.clone(), crop_box: bx, ops });
    }

    let opts = PdfSaveOptions { optimize: false, subset_fonts: false, secure: true, image_optimization: None };
    let mut warnings = Vec::new();
    let lo = pdf.to_lopdf_document(&opts, &mut warnings);
    finish::finish(lo, &doc.meta, &fonts, streams)
}

/// A 128-bit FNV-1a hash: fixed, portable, no keys, no randomness.
pub(crate) fn hash128(bytes: &[u8]) -> u128 {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = (1 << 88) + 0x13b;
    bytes.iter().fold(OFFSET, |h, &b| (h ^ u128::from(b)).wrapping_mul(PRIME))
}
