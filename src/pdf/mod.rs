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
mod serialize;
mod svg;
mod tagged;

use std::sync::Arc;

use printpdf::{
    CustomPdfConformance, Destination, Op, PdfConformance, PdfDocument, PdfPage, PdfSaveOptions, Pt as PdfPt,
    Rect as PdfRect, XObject, XObjectId,
};

use crate::layout::{Document, Item, Metadata, Page};
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
    let pages: Vec<&Page> = doc.pages.iter().collect();
    let sheets: Vec<Sheet> = (0..pages.len()).map(|page| Sheet { page, copy: 0 }).collect();
    let copies = [DocCopy { doc, part: None }];
    let page_doc = vec![doc; pages.len()];
    write_sheets(&pages, &page_doc, &sheets, &copies, &doc.meta, book)
}

/// One page of the file: which distinct page it shows, and which copy of
/// a document it is part of.
#[derive(Debug, Clone, Copy)]
struct Sheet {
    /// Index of the distinct page.
    page: usize,
    /// Index of the copy.
    copy: usize,
}

/// One copy of a document in the file: its pages are one part of the
/// structure tree (a `Part` of the print run, named by its bookmark, or
/// the whole document).
#[derive(Clone, Copy)]
struct DocCopy<'a> {
    doc: &'a Document,
    part: Option<&'a str>,
}

/// One recipient's part of a print run: their copy of the brief, printed
/// `copies` times, and the title of the bookmark that leads to it.
#[derive(Debug, Clone, Copy)]
pub struct RunPart<'a> {
    /// The recipient's copy, laid out.
    pub doc: &'a Document,
    /// How many times it is printed, one after the other.
    pub copies: usize,
    /// The outline entry pointing at the part's first page.
    pub bookmark: &'a str,
}

/// Where a print run's pages come from: how many there are, and the first
/// page (0-based) of each part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunPlan {
    /// Every page, blank backs included.
    pub pages: usize,
    /// The index of each part's first page.
    pub starts: Vec<usize>,
}

/// The pages a print run will have, without writing it: every copy starts
/// on a new sheet for duplex printing, so a copy with an odd number of
/// pages is followed by a blank back.
pub fn plan_run(parts: &[RunPart]) -> RunPlan {
    let mut pages = 0;
    let mut starts = Vec::with_capacity(parts.len());
    for part in parts {
        starts.push(pages);
        let n = part.doc.pages.len();
        pages += part.copies * (n + n % 2);
    }
    RunPlan { pages, starts }
}

/// Writes a print run: every copy for every part, in order, each copy
/// starting on an odd page (a blank back page, without header or footer,
/// after a copy with an odd number of pages, the size of the page before
/// it), and one bookmark per part at its first page. Parts of different
/// page sizes mix in the file. Fonts are subset once for the whole file,
/// and the copies of a part share their pages' content streams. `meta`
/// describes the file as a whole. Deterministic like [`write`].
pub fn write_run(parts: &[RunPart], meta: &Metadata, book: &FontBook) -> Result<Vec<u8>, PdfError> {
    // The distinct pages: each part's pages once, then one blank per part
    // that needs a back.
    let mut pages: Vec<&Page> = Vec::new();
    let mut page_doc: Vec<&Document> = Vec::new();
    let mut firsts = Vec::with_capacity(parts.len());
    for part in parts {
        firsts.push(pages.len());
        pages.extend(&part.doc.pages);
        page_doc.extend(part.doc.pages.iter().map(|_| part.doc));
    }
    let blanks: Vec<Option<Page>> = parts
        .iter()
        .map(|part| {
            let last = part.doc.pages.last()?;
            (part.doc.pages.len() % 2 == 1).then(|| Page { size: last.size, content: last.content, items: Vec::new() })
        })
        .collect();
    let mut blank_at = Vec::with_capacity(parts.len());
    for (i, blank) in blanks.iter().enumerate() {
        blank_at.push(blank.as_ref().map(|b| {
            pages.push(b);
            page_doc.push(parts[i].doc);
            pages.len() - 1
        }));
    }

    let mut sheets = Vec::new();
    let mut copies = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        if part.copies == 0 || part.doc.pages.is_empty() {
            continue;
        }
        for _ in 0..part.copies {
            let copy = copies.len();
            copies.push(DocCopy { doc: part.doc, part: Some(part.bookmark) });
            sheets.extend((0..part.doc.pages.len()).map(|k| Sheet { page: firsts[i] + k, copy }));
            if let Some(b) = blank_at[i] {
                sheets.push(Sheet { page: b, copy });
            }
        }
    }
    if sheets.is_empty() {
        return Err(PdfError("a print run needs at least one page".into()));
    }
    write_sheets(&pages, &page_doc, &sheets, &copies, meta, book)
}

/// Writes the pages of the file, `sheets`, each showing one of the
/// distinct `pages` (by index) as part of one of the `copies`; distinct
/// page `k` belongs to document `page_doc[k]`.
fn write_sheets(
    pages: &[&Page],
    page_doc: &[&Document],
    sheets: &[Sheet],
    copies: &[DocCopy],
    meta: &Metadata,
    book: &FontBook,
) -> Result<Vec<u8>, PdfError> {
    let mut pdf = PdfDocument::new(&meta.title);
    pdf.metadata.info.conformance = PdfConformance::Custom(CustomPdfConformance {
        requires_icc_profile: false,
        requires_xmp_metadata: false,
        ..CustomPdfConformance::default()
    });

    let fonts = fonts::FontSet::build(pages, book, &mut pdf)?;

    // Images: one XObject per distinct image, named in order of first use;
    // `image_ids` has one entry per image item, in page order.
    let mut distinct: Vec<(Arc<Image>, XObjectId)> = Vec::new();
    let mut image_ids = Vec::new();
    for item in pages.iter().flat_map(|p| &p.items) {
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
    let mut contents = Vec::with_capacity(pages.len());
    for (page, doc) in pages.iter().zip(page_doc) {
        let primary = doc.meta.language.split('-').next().unwrap_or("en").to_ascii_lowercase();
        let logical = content::Logical { structure: &doc.structure, lang: &primary };
        contents.push(content::page_content(page, logical, &fonts, &image_ids, &mut next_image)?);
    }

    // Where each document's anchors are: its distinct page and place.
    let mut anchors: std::collections::HashMap<(*const Document, &str), (usize, f32, f32)> = Default::default();
    for (k, content) in contents.iter().enumerate() {
        for (name, x, y) in &content.anchors {
            anchors.entry((std::ptr::from_ref(page_doc[k]), &**name)).or_insert((k, *x, *y));
        }
    }
    let mut uses = Vec::with_capacity(sheets.len());
    for (n, &Sheet { page: k, .. }) in sheets.iter().enumerate() {
        let (page, content) = (pages[k], &contents[k]);
        let mut ops = content.ops.clone();
        // A link within the document leads to the sheet of its anchor in
        // the same copy (a copy's pages are consecutive sheets).
        for (i, name) in &content.gotos {
            let Some(&(ka, x, y)) = anchors.get(&(std::ptr::from_ref(page_doc[k]), &**name)) else {
                return Err(PdfError(format!("a link leads to `#{name}`, which is nowhere")));
            };
            let sheet = (n + ka).checked_sub(k).ok_or_else(|| PdfError("a link leads before the file".into()))?;
            if let Some(Op::LinkAnnotation { link }) = ops.get_mut(*i) {
                let dest = Destination::Xyz { page: sheet + 1, left: Some(x), top: Some(y), zoom: None };
                link.actions = printpdf::Actions::Goto(dest);
            }
        }
        if n == 0 {
            ops.extend(content::glyph_inventory(&fonts));
        }
        uses.push(k);
        let bx = PdfRect::from_wh(PdfPt(page.size.width.0), PdfPt(page.size.height.0));
        pdf.pages.push(PdfPage { media_box: bx.clone(), trim_box: bx.clone(), crop_box: bx, ops });
    }

    let opts = PdfSaveOptions { optimize: false, subset_fonts: false, secure: true, image_optimization: None };
    let mut warnings = Vec::new();
    // printpdf reads the fonts again; a brief's own may be damaged.
    let lo = if fonts.all_bundled(book) {
        pdf.to_lopdf_document(&opts, &mut warnings)
    } else {
        crate::text::contain(|| pdf.to_lopdf_document(&opts, &mut warnings))
            .ok_or_else(|| PdfError("a font file of the brief is damaged: writing it failed".into()))?
    };
    let (streams, marks): (Vec<Vec<u8>>, Vec<content::Marks>) =
        contents.into_iter().map(|c| (c.stream, c.marks)).unzip();
    let logical = finish::Logical { sheets, copies, marks: &marks, print_run: copies.iter().any(|c| c.part.is_some()) };
    finish::finish(lo, meta, &fonts, &streams, &uses, logical)
}

/// A 128-bit FNV-1a hash: fixed, portable, no keys, no randomness.
pub(crate) fn hash128(bytes: &[u8]) -> u128 {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = (1 << 88) + 0x13b;
    bytes.iter().fold(OFFSET, |h, &b| (h ^ u128::from(b)).wrapping_mul(PRIME))
}
