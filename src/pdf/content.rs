//! Page content: a page's items become the bytes of its content stream,
//! the y axis flipped (the library's y grows down, PDF's grows up).
//!
//! Text is drawn from pre-positioned glyphs: one absolute text matrix per
//! run (or per stretch of glyphs sharing a vertical offset) and one `TJ`
//! whose adjustments put every glyph exactly at its `x`, measured against
//! the advances the subset font's `/W` array gives the viewer. Glyphs
//! between two adjustments share one string.
//!
//! The stream is written here rather than through printpdf's operations:
//! printpdf serializes every glyph as a string object of its own and every
//! number at full float precision, which made the content streams a third
//! larger and their writing a fifth of a build. printpdf still gets, per
//! page, the operations that make resources and annotations: link
//! annotations, image placements, and (on the first page) an inventory of
//! every glyph each font shows, from which it writes the fonts' `/W`
//! widths and `ToUnicode` maps. The streams printpdf writes for these
//! operations are then replaced by the ones written here.

use std::collections::BTreeMap;
use std::sync::Arc;

use printpdf::{
    Actions, BorderArray, Codepoint, ColorArray, Destination, HighlightingMode, LinkAnnotation, Op, PdfFontHandle,
    Pt as PdfPt, Rect as PdfRect, TextItem, XObjectId, XObjectTransform,
};

use crate::geom::{Color, Pt, Rect};
use crate::layout::{Artifact, Element, Item, Page, Role, Tag};
use crate::model::Language;
use crate::model::locale::{self, Label};
use crate::text::{FaceId, GlyphRun, PlacedGlyph, Reading, span_language};

use super::PdfError;
use super::fonts::{EmbeddedFont, FontSet};

/// Graphics state already set in the content stream, to skip redundant
/// operators.
#[derive(Default)]
struct State {
    in_text: bool,
    font: Option<(FaceId, u32)>,
    fill: Option<Color>,
    stroke: Option<Color>,
    line_width: Option<u32>,
    /// The marked-content sequence open, if any.
    mark: Option<Mark>,
}

/// The structure element a marked-content sequence or an annotation
/// belongs to.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Owner {
    /// An element of the layout's structure, by index.
    Element(usize),
    /// A link inside an element of the layout: consecutive sequences of
    /// one link in one element (a web address broken over two lines) are
    /// one `Link` element.
    Link {
        /// The element around it.
        parent: usize,
        /// Where it leads.
        uri: Arc<str>,
    },
    /// Text whose script is not the document's, in `lang`.
    Span {
        /// The element around it.
        parent: usize,
        /// Its language.
        lang: &'static str,
    },
}

/// What the items being drawn are marked as.
#[derive(Debug, Clone, PartialEq)]
enum Mark {
    /// Content of a structure element; with the text extraction reports
    /// in place of its glyphs (a hyphenated word's `/ActualText`).
    Content(Owner, Option<String>),
    /// Not content; of a kind when the layout says which.
    Artifact(Option<Artifact>),
}

/// One page: its content stream, and the printpdf operations that give it
/// its annotations and resources.
pub(super) struct PageContent {
    /// The content stream.
    pub stream: Vec<u8>,
    /// Link annotations and image placements for printpdf.
    pub ops: Vec<Op>,
    /// What the marked content and the annotations belong to.
    pub marks: Marks,
    /// The places links within the document lead to: name, x and y (PDF
    /// coordinates).
    pub anchors: Vec<(Arc<str>, f32, f32)>,
    /// The links within the document: the index of the annotation's
    /// operation in `ops`, and the name of the anchor it leads to. Its
    /// destination page is set when the page is placed in the file.
    pub gotos: Vec<(usize, Arc<str>)>,
}

/// What a page's marked content and annotations belong to.
#[derive(Debug, Default)]
pub(super) struct Marks {
    /// The owner of each marked-content sequence, by its `/MCID`.
    pub mcids: Vec<Owner>,
    /// The top of each sequence's first item, in PDF coordinates (where
    /// a bookmark to a heading leads).
    pub tops: Vec<f32>,
    /// The owner of each link annotation, in the order of `ops`; `None`
    /// for one outside all content.
    pub annots: Vec<Option<Owner>>,
    /// What each link annotation says it leads to, when not its address
    /// (a link within the document).
    pub annot_text: Vec<Option<String>>,
}

/// What a page's items belong to: the structure of the document they
/// come from, and its language.
#[derive(Clone, Copy)]
pub(super) struct Logical<'a> {
    /// The elements the items' tags name.
    pub structure: &'a [Element],
    /// The document's primary language subtag.
    pub lang: &'a str,
}

/// The content of one page. `image_ids` gives the XObject of the n-th
/// image item of the whole document (`next_image` counts them).
///
/// Every drawing operator is inside a marked-content sequence: the
/// content of a structure element (`/P <</MCID 3>> BDC`), or an artifact
/// (`/Artifact <</Type /Pagination /Subtype /Footer>> BDC`). Sequences
/// open only when what is drawn changes owner, so a paragraph's lines are
/// one sequence; text objects close before a sequence does.
pub(super) fn page_content(
    page: &Page,
    logical: Logical,
    fonts: &FontSet,
    image_ids: &[XObjectId],
    next_image: &mut usize,
) -> Result<PageContent, PdfError> {
    let height = page.size.height;
    let mut out = Vec::with_capacity(4096);
    let mut ops = Vec::new();
    let mut st = State::default();
    let mut tags: Vec<&Tag> = Vec::new();
    let mut marks = Marks::default();
    let mut anchors = Vec::new();
    let mut gotos = Vec::new();
    // Runs with a glyph that the font's map gives other text are split so
    // that the glyph says what it stands for (the rare case: the page is
    // copied only then).
    let split = split_shared_glyphs(&page.items, fonts);
    let (items, said): (&[Item], &[Option<String>]) = match &split {
        Some((items, said)) => (items, said),
        None => (&page.items, &[]),
    };
    let backwards = written_backwards(items);
    for (k, item) in items.iter().enumerate() {
        match item {
            Item::Begin(tag) => {
                tags.push(tag);
                continue;
            }
            Item::End => {
                tags.pop();
                continue;
            }
            // An annotation is no drawing: it belongs to an element
            // through the structure tree, not through marked content.
            Item::Link { .. } => match mark_for(&tags, item, logical.lang) {
                Mark::Content(owner, _) => marks.annots.push(Some(owner)),
                Mark::Artifact(_) => marks.annots.push(None),
            },
            _ => {
                let mut mark = mark_for(&tags, item, logical.lang);
                if let (Mark::Content(_, actual @ None), Some(Some(text))) = (&mut mark, said.get(k)) {
                    *actual = Some(text.clone());
                }
                // A run with its own text for extraction is a sequence of
                // its own, even beside one of the same owner.
                let alone = matches!(&mark, Mark::Content(_, Some(_)));
                if alone || st.mark.as_ref() != Some(&mark) {
                    if st.in_text {
                        out.extend_from_slice(b"ET\n");
                        st.in_text = false;
                    }
                    if st.mark.is_some() {
                        out.extend_from_slice(b"EMC\n");
                    }
                    begin_mark(&mut out, &mark, logical.structure, marks.mcids.len());
                    if let Mark::Content(owner, _) = &mark {
                        marks.mcids.push(owner.clone());
                        marks.tops.push((height - top_of(item)).0);
                    }
                    st.mark = Some(mark);
                }
            }
        }
        let is_text = matches!(item, Item::Text { .. });
        if st.in_text && !is_text {
            out.extend_from_slice(b"ET\n");
            st.in_text = false;
        }
        match item {
            Item::Begin(_) | Item::End => {}
            Item::Text { origin, run } => {
                if !st.in_text {
                    out.extend_from_slice(b"BT\n");
                    st.in_text = true;
                }
                let order = if backwards.get(k).copied().unwrap_or(false) { Order::Backwards } else { Order::Page };
                text(&mut out, &mut st, fonts, origin.x, height - origin.y, run, order)?;
            }
            Item::Fill { rect, color } => {
                set_fill(&mut out, &mut st, *color);
                let r = flip(rect, height);
                nums(&mut out, &[r.x.0, r.y.0, r.width.0, r.height.0]);
                out.extend_from_slice(b"re f\n");
            }
            Item::Rule { from, to, width, color } => {
                if st.stroke != Some(*color) {
                    color_op(&mut out, *color, b"RG");
                    st.stroke = Some(*color);
                }
                if st.line_width != Some(width.0.to_bits()) {
                    nums(&mut out, &[width.0]);
                    out.extend_from_slice(b"w\n");
                    st.line_width = Some(width.0.to_bits());
                }
                nums(&mut out, &[from.x.0, (height - from.y).0]);
                out.extend_from_slice(b"m ");
                nums(&mut out, &[to.x.0, (height - to.y).0]);
                out.extend_from_slice(b"l S\n");
            }
            Item::Link { rect, uri } => {
                let action = match uri.strip_prefix('#') {
                    Some(name) => {
                        gotos.push((ops.len(), Arc::from(name)));
                        marks.annot_text.push(Some(describe_anchor(name, logical.lang)));
                        Actions::Goto(Destination::Xyz { page: 0, left: None, top: None, zoom: None })
                    }
                    None => {
                        marks.annot_text.push(None);
                        Actions::Uri(ascii_uri(uri))
                    }
                };
                ops.push(Op::LinkAnnotation { link: link_annotation(flip(rect, height), action) });
            }
            Item::Anchor { name, at } => anchors.push((name.clone(), at.x.0, (height - at.y).0)),
            Item::Image { rect, .. } => {
                let id = image_ids.get(*next_image).ok_or_else(|| PdfError("image numbering out of step".into()))?;
                *next_image += 1;
                let r = flip(rect, height);
                // Every image XObject maps the unit square; scale it into the box.
                out.extend_from_slice(b"q ");
                nums(&mut out, &[r.width.0, 0.0, 0.0, r.height.0, r.x.0, r.y.0]);
                out.extend_from_slice(b"cm /");
                out.extend_from_slice(id.0.as_bytes());
                out.extend_from_slice(b" Do Q\n");
                // printpdf lists the image in the page's resources.
                ops.push(Op::UseXobject {
                    id: id.clone(),
                    transform: XObjectTransform { no_auto_scale: true, ..XObjectTransform::default() },
                });
            }
        }
    }
    if st.in_text {
        out.extend_from_slice(b"ET\n");
    }
    if st.mark.is_some() {
        out.extend_from_slice(b"EMC\n");
    }
    Ok(PageContent { stream: out, ops, marks, anchors, gotos })
}

/// A glyph that stands for other text elsewhere in the document (a
/// ligature "ﬁ" typed as one character, and the same glyph made by shaping
/// "fi") extracts as the one text the font's map gives it. The runs that
/// hold such a glyph are split around it, and the glyph's own piece says
/// what it stands for (`/ActualText`) in a marked-content sequence of its
/// own, as a hyphenated word does. `None` when no run needs it; else the
/// items and, for each, the text it must say.
fn split_shared_glyphs(items: &[Item], fonts: &FontSet) -> Option<(Vec<Item>, Vec<Option<String>>)> {
    if !fonts.iter().any(|f| f.shared) {
        return None;
    }
    // (A line read whole says what its glyphs stand for already.)
    let shared = |run: &GlyphRun, g: &PlacedGlyph| {
        run.actual_text.is_none()
            && run.reading == Reading::Glyphs
            && fonts.get(run.face).is_some_and(|f| f.shared && f.text_of(g.id) != g.text)
    };
    let needed =
        items.iter().any(|it| matches!(it, Item::Text { run, .. } if run.glyphs.iter().any(|g| shared(run, g))));
    if !needed {
        return None;
    }
    let mut out = Vec::with_capacity(items.len() + 8);
    let mut said = Vec::with_capacity(items.len() + 8);
    for item in items {
        let Item::Text { origin, run } = item else {
            out.push(item.clone());
            said.push(None);
            continue;
        };
        if !run.glyphs.iter().any(|g| shared(run, g)) {
            out.push(item.clone());
            said.push(None);
            continue;
        }
        // Stretches of glyphs: each shared glyph alone, the others together.
        let mut start = 0;
        while start < run.glyphs.len() {
            let alone = shared(run, &run.glyphs[start]);
            let end = if alone {
                start + 1
            } else {
                start + run.glyphs[start..].iter().position(|g| shared(run, g)).unwrap_or(run.glyphs.len() - start)
            };
            let dx = run.glyphs[start].x;
            let glyphs: Vec<PlacedGlyph> =
                run.glyphs[start..end].iter().map(|g| PlacedGlyph { x: g.x - dx, ..g.clone() }).collect();
            let width = glyphs.iter().map(|g| g.advance).fold(Pt::ZERO, |a, b| a + b);
            let text = alone.then(|| glyphs[0].text.clone());
            let piece = GlyphRun { x: run.x + dx, width, glyphs, kashidas: Vec::new(), ..run.clone() };
            out.push(Item::Text { origin: crate::geom::Point::new(origin.x + dx, origin.y), run: piece });
            said.push(text);
            start = end;
        }
    }
    Some((out, said))
}

/// A link annotation over `rect`, drawn without a border.
pub(super) fn link_annotation(rect: PdfRect, action: Actions) -> LinkAnnotation {
    LinkAnnotation::new(
        rect,
        action,
        Some(BorderArray::Solid([0.0, 0.0, 0.0])),
        Some(ColorArray::Transparent),
        Some(HighlightingMode::Invert),
    )
}

/// What a link to the anchor `name` says it leads to: a footnote (from
/// its mark) or the mark (from the note's number), in the document's
/// language.
fn describe_anchor(name: &str, lang: &str) -> String {
    let (key, number) = match (name.strip_prefix("note-"), name.strip_prefix("ref-")) {
        (Some(n), _) => (Label::Footnote, n),
        (_, Some(n)) => (Label::BackToMark, n),
        _ => return name.to_string(),
    };
    let language = Language { tag: lang.to_string(), primary: lang.to_string() };
    format!("{} {number}", locale::label(&language, key))
}

/// The top of what an item draws, from the page's top.
fn top_of(item: &Item) -> Pt {
    match item {
        Item::Text { origin, run } => origin.y - run.size,
        Item::Fill { rect, .. } | Item::Link { rect, .. } | Item::Image { rect, .. } => rect.y,
        Item::Rule { from, to, .. } => from.y.min(to.y),
        Item::Anchor { at, .. } => at.y,
        Item::Begin(_) | Item::End => Pt::ZERO,
    }
}

/// What an item drawn inside `tags` (outermost first) is: the innermost
/// artifact or element decides; a link's text belongs to a link inside
/// the element around it, and text in another script to a span in its
/// language. An item outside every tag is an artifact.
fn mark_for(tags: &[&Tag], item: &Item, lang: &str) -> Mark {
    let mut link = None;
    for tag in tags.iter().rev() {
        match tag {
            Tag::Artifact(kind) => return Mark::Artifact(Some(*kind)),
            Tag::Link(uri) => link = link.or(Some(uri)),
            Tag::Content(id) => {
                let parent = *id;
                let actual = match item {
                    Item::Text { run, .. } => run.actual_text.clone(),
                    _ => None,
                };
                if let Some(uri) = link {
                    return Mark::Content(Owner::Link { parent, uri: uri.clone() }, actual);
                }
                if let Item::Text { run, .. } = item
                    && let Some(lang) = span_language(lang, run.glyphs.iter().flat_map(|g| g.text.chars()))
                {
                    return Mark::Content(Owner::Span { parent, lang }, actual);
                }
                return Mark::Content(Owner::Element(parent), actual);
            }
        }
    }
    Mark::Artifact(None)
}

/// The operator that opens the marked-content sequence `mark`, the
/// content one numbered `mcid`.
fn begin_mark(out: &mut Vec<u8>, mark: &Mark, structure: &[Element], mcid: usize) {
    match mark {
        Mark::Artifact(None) => out.extend_from_slice(b"/Artifact BMC\n"),
        Mark::Artifact(Some(Artifact::Layout)) => out.extend_from_slice(b"/Artifact <</Type /Layout>> BDC\n"),
        Mark::Artifact(Some(Artifact::Header)) => {
            out.extend_from_slice(b"/Artifact <</Type /Pagination /Subtype /Header>> BDC\n")
        }
        Mark::Artifact(Some(Artifact::Footer)) => {
            out.extend_from_slice(b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n")
        }
        Mark::Content(owner, actual) => {
            // The tag names the sequence's role, except that a sequence
            // with replacement text is a `Span`: poppler (22.12) honours
            // `/ActualText` on `Span` sequences only, so that a web address
            // broken across lines came out in two pieces and a glyph shared
            // by a typed and a shaped ligature as the first one's text. The
            // structure tree, reached through the MCID, is what gives the
            // role; the tag is only a hint.
            let role = match owner {
                _ if actual.is_some() => "Span",
                Owner::Element(id) => structure.get(*id).map_or("Span", |e| e.role.name()),
                Owner::Link { .. } => Role::Link.name(),
                Owner::Span { .. } => "Span",
            };
            out.push(b'/');
            out.extend_from_slice(role.as_bytes());
            out.extend_from_slice(b" <</MCID ");
            digits(out, mcid as u64, 1);
            if let Some(text) = actual {
                actual_text(out, text);
            }
            out.extend_from_slice(b">> BDC\n");
        }
    }
}

/// Operations that show every glyph of every font once, with its text:
/// printpdf builds each font's `/W` array and `ToUnicode` map from the
/// glyphs the pages' operations show.
pub(super) fn glyph_inventory(fonts: &FontSet) -> Vec<Op> {
    let mut ops = vec![Op::StartTextSection];
    for font in fonts.iter() {
        ops.push(Op::SetFont { font: PdfFontHandle::External(font.id.clone()), size: PdfPt(1.0) });
        let glyphs =
            font.glyphs().map(|(gid, text)| Codepoint { gid, offset: 0.0, cid: Some(text.to_owned()) }).collect();
        ops.push(Op::ShowText { items: vec![TextItem::GlyphIds(glyphs)] });
    }
    ops.push(Op::EndTextSection);
    ops
}

/// The order a run's glyphs are written in.
#[derive(Clone, Copy, PartialEq)]
enum Order {
    /// As they stand, left to right.
    Page,
    /// Their parts of one bidi class last to first (see
    /// [`written_backwards`]); every glyph still where it stands.
    Backwards,
}

/// The class PDFium gives a character when it reorders a line's text
/// (`CFX_BidiChar`): a line's text is cut into maximal stretches of one
/// class.
#[derive(Clone, Copy, PartialEq, Debug)]
enum PdfiumClass {
    Left,
    LeftWeak,
    Right,
    Neutral,
}

fn pdfium_class(c: char) -> PdfiumClass {
    use unicode_bidi::BidiClass::*;
    match unicode_bidi::bidi_class(c) {
        L => PdfiumClass::Left,
        AN | EN | NSM | CS | ES | ET | BN => PdfiumClass::LeftWeak,
        R | AL => PdfiumClass::Right,
        _ => PdfiumClass::Neutral,
    }
}

/// The parts of a run's glyphs that PDFium reads as one class each: their
/// glyph ranges, left to right. A glyph without text of its own (the rest
/// of a cluster) goes with the one before it.
fn pdfium_parts(glyphs: &[PlacedGlyph]) -> Vec<std::ops::Range<usize>> {
    let mut parts: Vec<(PdfiumClass, std::ops::Range<usize>)> = Vec::new();
    for (i, g) in glyphs.iter().enumerate() {
        let class = g.text.chars().next().map(pdfium_class);
        match (parts.last_mut(), class) {
            (Some((last, range)), Some(c)) if *last == c => range.end = i + 1,
            (Some((_, range)), None) => range.end = i + 1,
            (_, Some(c)) => parts.push((c, i..i + 1)),
            (None, None) => parts.push((PdfiumClass::Neutral, i..i + 1)),
        }
    }
    parts.into_iter().map(|(_, r)| r).collect()
}

/// Which text runs are written with their parts last to first, for
/// PDFium (Chrome) to read them in order.
///
/// PDFium reads a line as a right-to-left one when it has more
/// right-to-left stretches than left-to-right ones (its source says at
/// least as many; it read a tie as left to right), and then takes the
/// page order of every stretch of one bidi class as the reverse of its
/// reading order: it would read an address in an Arabic line,
/// `gerardl@un.org`, as `org.un@gerardl` (five parts: letters, `@`,
/// letters, `.`, letters). Inside one text object it keeps the order the
/// content stream gives, so such a run is written with its parts last to
/// first, each glyph still drawn where it stands, and PDFium's reversal
/// puts them back. Only in a line read whole by the readers that keep the
/// content stream's order otherwise (MuPDF, see [`Reading`]); pdf.js,
/// which keeps it too and reads no `/ActualText`, then reads the parts
/// last to first (`docs/readers.md`).
fn written_backwards(items: &[Item]) -> Vec<bool> {
    let mut out = vec![false; items.len()];
    if !items.iter().any(|it| matches!(it, Item::Text { run, .. } if run.reading == Reading::Hidden)) {
        return out;
    }
    // The visible runs on each baseline: PDFium's line.
    let mut lines: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for (k, item) in items.iter().enumerate() {
        if let Item::Text { origin, run } = item
            && !run.invisible
            && run.width > Pt::ZERO
        {
            lines.entry(origin.y.0.to_bits()).or_default().push(k);
        }
    }
    for runs in lines.values_mut() {
        let x = |k: usize| match &items[k] {
            Item::Text { origin, .. } => origin.x.0,
            _ => 0.0,
        };
        runs.sort_by(|&a, &b| x(a).total_cmp(&x(b)));
        // PDFium's direction of the line, from its text in page order.
        let (mut right, mut left, mut last) = (0, 0, None);
        for &k in runs.iter() {
            let Item::Text { run, .. } = &items[k] else { continue };
            for c in run.glyphs.iter().flat_map(|g| g.text.chars()) {
                let class = pdfium_class(c);
                if last != Some(class) {
                    match class {
                        PdfiumClass::Right => right += 1,
                        PdfiumClass::Left => left += 1,
                        _ => {}
                    }
                    last = Some(class);
                }
            }
        }
        if right <= left {
            continue;
        }
        for &k in runs.iter() {
            let Item::Text { run, .. } = &items[k] else { continue };
            let level = run.glyphs.first().map(|g| g.y_offset);
            out[k] = !run.rtl
                && run.reading == Reading::Hidden
                && run.glyphs.iter().all(|g| Some(g.y_offset) == level)
                && pdfium_parts(&run.glyphs).len() > 1;
        }
    }
    out
}

/// The operators of one glyph run whose baseline starts at (`x`, `y`) in
/// PDF coordinates.
fn text(
    out: &mut Vec<u8>,
    st: &mut State,
    fonts: &FontSet,
    x: Pt,
    y: Pt,
    run: &GlyphRun,
    order: Order,
) -> Result<(), PdfError> {
    if run.glyphs.is_empty() {
        return Ok(());
    }
    let font = fonts.get(run.face).ok_or_else(|| PdfError(format!("face {} was not embedded", run.face.0)))?;
    let size = run.size.0;
    if size <= 0.0 {
        return Ok(());
    }
    if st.font != Some((run.face, size.to_bits())) {
        out.push(b'/');
        out.extend_from_slice(font.id.0.as_bytes());
        out.push(b' ');
        nums(out, &[size]);
        out.extend_from_slice(b"Tf\n");
        st.font = Some((run.face, size.to_bits()));
    }
    set_fill(out, st, run.color);
    if run.invisible {
        out.extend_from_slice(b"3 Tr\n");
    }

    // A mark just left of where a stretch written backwards ends, not on
    // it: poppler takes the stretch's last part drawn over the mark for a
    // line of its own.
    let x = if run.invisible && run.reading != Reading::Glyphs { x - Pt(0.05) } else { x };
    let backwards: Vec<PlacedGlyph>;
    let glyphs = match order {
        Order::Page => &run.glyphs,
        Order::Backwards => {
            backwards = pdfium_parts(&run.glyphs).into_iter().rev().flat_map(|r| run.glyphs[r].to_vec()).collect();
            &backwards
        }
    };
    // Split the run where the vertical offset changes: each stretch gets
    // its own absolute text matrix.
    let mut start = 0;
    while start < glyphs.len() {
        let rise = glyphs[start].y_offset;
        let end = glyphs[start..].iter().position(|g| g.y_offset != rise).map_or(glyphs.len(), |p| start + p);
        let stretch = &glyphs[start..end];
        let x0 = x + stretch[0].x;
        // A run of a line read whole: each text object in a sequence of
        // its own, for PDFium reads only the first of consecutive objects
        // that share one.
        let reading = match &run.reading {
            Reading::Glyphs => None,
            Reading::Line(text) if start == 0 => Some(&**text),
            Reading::Line(_) | Reading::Hidden => Some(""),
        };
        if let Some(text) = reading {
            out.extend_from_slice(b"/Reading <<");
            actual_text(out, text);
            out.extend_from_slice(b" >> BDC\n");
        }
        out.extend_from_slice(b"1 0 0 1 ");
        nums(out, &[x0.0, (y + rise).0]);
        out.extend_from_slice(b"Tm\n");
        show(out, stretch, font, size);
        if reading.is_some() {
            out.extend_from_slice(b"EMC\n");
        }
        start = end;
    }
    if run.invisible {
        out.extend_from_slice(b"0 Tr\n");
    }
    Ok(())
}

/// ` /ActualText <FEFF…>` in a marked-content sequence's properties:
/// extraction reports `text` (UTF-16BE with its byte-order mark, as text
/// strings must be) instead of the sequence's glyphs. The run that has
/// one is a sequence of its own (`/P <</MCID 7 /ActualText <…>>> BDC`):
/// poppler's structure reader loses the rest of an element's text after
/// an `/ActualText` span nested inside its sequence.
///
/// Hyphenated words use it so they extract whole: the first piece with its
/// hyphen stands for the whole word, the later pieces for the empty string.
/// What readers do with it (checked by hand and in `tests/it/typography.rs`):
/// poppler (`pdftotext` 22.12) puts the replacement text where the span's
/// glyphs were and drops the glyphs of an empty span, so the word comes out
/// once, whole, at the end of the first line. MuPDF 1.21 (`mutool draw -F
/// txt`, Debian 12) ignores `/ActualText` altogether and reports the glyphs
/// as drawn, "manifes-" and "tations", which its and other readers'
/// dehyphenation join; later MuPDF text devices handle `/ActualText` and,
/// by their source, drop the glyphs of an empty span too (not run here). The
/// other variants are worse: a first piece standing for itself without its
/// hyphen ("manifes") splits the word in poppler, and a whole word without
/// an empty continuation doubles its tail.
fn actual_text(out: &mut Vec<u8>, text: &str) {
    out.extend_from_slice(b" /ActualText <FEFF");
    for u in text.encode_utf16() {
        hex16(out, u);
    }
    out.push(b'>');
}

/// `[(…) adj (…)] TJ`: after glyph i the viewer's pen has moved by its
/// `/W` advance; the adjustment brings it to glyph i+1's `x`. The pen is
/// tracked with the rounded adjustments actually written, so rounding never
/// accumulates.
fn show(out: &mut Vec<u8>, glyphs: &[PlacedGlyph], font: &EmbeddedFont, size: f32) {
    let origin = f64::from(glyphs[0].x.0);
    let size = f64::from(size);
    // Pen position in 1/1000 em relative to the first glyph.
    let mut pen = 0.0f64;
    let mut open = false;
    out.push(b'[');
    for (i, g) in glyphs.iter().enumerate() {
        let gid = font.gid(g.id);
        if !open {
            out.push(b'(');
            open = true;
        }
        literal16(out, gid);
        pen += font.width(gid) as f64;
        if let Some(next) = glyphs.get(i + 1) {
            let target = (f64::from(next.x.0) - origin) * 1000.0 / size;
            // Differences below 1/20 000 em are float noise of the
            // layout's positions; they are carried into the next glyph.
            let adj = ((pen - target) * 100.0).round() / 100.0;
            if adj.abs() >= 0.05 {
                pen -= adj;
                out.push(b')');
                open = false;
                fixed(out, adj, 2);
            }
        }
    }
    if open {
        out.push(b')');
    }
    out.extend_from_slice(b"] TJ\n");
}

/// A glyph's two-byte code inside a literal string: half the size of hex,
/// with `(`, `)` and `\\` escaped, and CR and LF too (a reader would
/// otherwise take them for a line end and read one LF).
fn literal16(out: &mut Vec<u8>, v: u16) {
    for b in v.to_be_bytes() {
        match b {
            b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\n' => out.extend_from_slice(b"\\n"),
            _ => out.push(b),
        }
    }
}

/// Four upper-case hex digits.
fn hex16(out: &mut Vec<u8>, v: u16) {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    out.extend([12, 8, 4, 0].map(|shift| DIGITS[usize::from((v >> shift) & 15)]));
}

/// Numbers in points, each followed by a space, to a thousandth of a
/// point (1/72 000 inch).
fn nums(out: &mut Vec<u8>, values: &[f32]) {
    for &v in values {
        fixed(out, f64::from(v), 3);
        out.push(b' ');
    }
}

/// A number with at most `decimals` decimals, without trailing zeros or
/// exponent, as PDF wants it; "0" for anything that rounds to zero.
fn fixed(out: &mut Vec<u8>, v: f64, decimals: u32) {
    let scale = 10i64.pow(decimals);
    let v = if v.is_finite() { v.clamp(-1e12, 1e12) } else { 0.0 };
    let n = (v * scale as f64).round() as i64;
    if n < 0 {
        out.push(b'-');
    }
    let n = n.unsigned_abs();
    let (int, mut frac) = (n / scale as u64, n % scale as u64);
    digits(out, int, 1);
    if frac > 0 {
        out.push(b'.');
        let mut places = decimals;
        while frac % 10 == 0 {
            frac /= 10;
            places -= 1;
        }
        digits(out, frac, places as usize);
    }
}

/// The decimal digits of `n`, zero-padded to at least `width` digits,
/// without an allocation (content streams write thousands of numbers).
fn digits(out: &mut Vec<u8>, mut n: u64, width: usize) {
    let mut buf = [b'0'; 20];
    let mut k = buf.len();
    while n > 0 {
        k -= 1;
        buf[k] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    let start = k.min(buf.len() - width.clamp(1, buf.len()));
    out.extend_from_slice(&buf[start..]);
}

/// `r g b rg` (fill) or `RG` (stroke), in device RGB.
fn color_op(out: &mut Vec<u8>, c: Color, op: &[u8]) {
    for v in [c.r, c.g, c.b] {
        fixed(out, f64::from(v) / 255.0, 3);
        out.push(b' ');
    }
    out.extend_from_slice(op);
    out.push(b'\n');
}

fn set_fill(out: &mut Vec<u8>, st: &mut State, color: Color) {
    if st.fill != Some(color) {
        color_op(out, color, b"rg");
        st.fill = Some(color);
    }
}

/// A library rectangle (top-left origin, y down) in PDF coordinates.
fn flip(rect: &Rect, page_height: Pt) -> PdfRect {
    PdfRect {
        x: PdfPt(rect.x.0),
        y: PdfPt((page_height - rect.bottom()).0),
        width: PdfPt(rect.width.0),
        height: PdfPt(rect.height.0),
        mode: None,
        winding_order: None,
    }
}

/// URIs in PDF are 7-bit ASCII: percent-encode anything else.
fn ascii_uri(uri: &str) -> String {
    let mut out = String::with_capacity(uri.len());
    for b in uri.bytes() {
        if b.is_ascii_graphic() {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{PdfiumClass, fixed, pdfium_class, pdfium_parts};
    use crate::geom::Pt;
    use crate::text::PlacedGlyph;

    fn glyphs(texts: &[&str]) -> Vec<PlacedGlyph> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| PlacedGlyph {
                id: i as u16,
                x: Pt(i as f32 * 5.0),
                y_offset: Pt::ZERO,
                advance: Pt(5.0),
                text: (*t).to_string(),
            })
            .collect()
    }

    /// How PDFium reads a right-to-left line from its text in the order
    /// of the page (`CPDF_TextPage::CloseTempLine`): the stretches of one
    /// class last to first, right-to-left ones and neutral ones after them
    /// reversed, the others as they are.
    fn pdfium_reads_right_to_left(page_order: &str) -> String {
        let chars: Vec<char> = page_order.chars().collect();
        let mut parts: Vec<(PdfiumClass, Vec<char>)> = Vec::new();
        for c in chars {
            match parts.last_mut() {
                Some((class, part)) if *class == pdfium_class(c) => part.push(c),
                _ => parts.push((pdfium_class(c), vec![c])),
            }
        }
        let mut current = PdfiumClass::Right;
        let mut out = String::new();
        for (class, part) in parts.into_iter().rev() {
            if class == PdfiumClass::Right || (class == PdfiumClass::Neutral && current == PdfiumClass::Right) {
                current = PdfiumClass::Right;
                out.extend(part.iter().rev());
            } else {
                if class != PdfiumClass::LeftWeak {
                    current = PdfiumClass::Left;
                }
                out.extend(part);
            }
        }
        out
    }

    #[test]
    fn an_address_written_backwards_reads_forwards_in_pdfium() {
        let address: Vec<&str> = "gerardl@un.org".split("").filter(|s| !s.is_empty()).collect();
        let g = glyphs(&address);
        let parts = pdfium_parts(&g);
        assert_eq!(parts, [0..7, 7..8, 8..10, 10..11, 11..14]);
        let backwards: String =
            parts.into_iter().rev().flat_map(|r| g[r].iter().map(|g| g.text.clone()).collect::<Vec<_>>()).collect();
        assert_eq!(backwards, "org.un@gerardl");
        // In a line of Arabic drawn left to right ("write to", reversed).
        let line = format!("{backwards} \u{649}\u{644}\u{625} \u{628}\u{62a}\u{643}\u{627}");
        assert_eq!(
            pdfium_reads_right_to_left(&line),
            "\u{627}\u{643}\u{62a}\u{628} \u{625}\u{644}\u{649} gerardl@un.org"
        );
        // As drawn, PDFium would reverse the parts.
        assert!(pdfium_reads_right_to_left("gerardl@un.org \u{628}").ends_with("org.un@gerardl"));
    }

    #[test]
    fn a_number_is_one_part_and_a_cluster_stays_whole() {
        assert_eq!(pdfium_parts(&glyphs(&["2", "0", "2", "1", "/", "3", "0"])).len(), 1);
        // A glyph without text (the rest of a cluster) joins the one before.
        assert_eq!(pdfium_parts(&glyphs(&["a", "", "@", "", "b"])), [0..2, 2..4, 4..5]);
    }

    fn text(v: f64, decimals: u32) -> String {
        let mut out = Vec::new();
        fixed(&mut out, v, decimals);
        String::from_utf8(out).unwrap_or_default()
    }

    #[test]
    fn numbers_are_written_without_trailing_zeros_or_exponent() {
        assert_eq!(text(0.0, 3), "0");
        assert_eq!(text(-0.0001, 3), "0");
        assert_eq!(text(-0.0006, 3), "-0.001");
        assert_eq!(text(0.05, 3), "0.05");
        assert_eq!(text(12.5, 3), "12.5");
        assert_eq!(text(595.2756, 3), "595.276");
        assert_eq!(text(-1000.0, 2), "-1000");
        assert_eq!(text(1e15, 3), "1000000000000");
        assert_eq!(text(f64::NAN, 3), "0");
        assert_eq!(text(0.1 + 0.2, 2), "0.3");
    }
}
