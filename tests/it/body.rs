//! Body content beyond paragraphs and lists: tables, footnotes, pictures,
//! sub-headings, quotes, rules and code, checked on the layout model and
//! on the PDF read back.

use std::collections::{BTreeMap, BTreeSet};

use brief::geom::Rect;
use brief::layout::{Document, Item, Role, Tag, dump, layout};
use brief::text::FontBook;

use crate::common::{Dir, parse_file, root};
use crate::layout::check;

/// The annex example: a table over two pages, footnotes and a chart.
fn annex() -> (brief::model::Brief, Document) {
    let b = parse_file(&root().join("briefs/who/briefing-note-annex.toml"));
    let doc = check("briefing-note-annex", &b);
    (b, doc)
}

/// The structure element each drawn text item belongs to, with its page
/// and box: (page, element, rect, text).
fn tagged_texts(doc: &Document) -> Vec<(usize, Option<usize>, Rect, String)> {
    let mut out = Vec::new();
    for (n, page) in doc.pages.iter().enumerate() {
        let mut tags: Vec<&Tag> = Vec::new();
        for item in &page.items {
            match item {
                Item::Begin(t) => tags.push(t),
                Item::End => {
                    tags.pop();
                }
                Item::Text { origin, run } => {
                    let owner = tags.iter().rev().find_map(|t| match t {
                        Tag::Content(id) => Some(*id),
                        _ => None,
                    });
                    let owner = if tags.iter().any(|t| matches!(t, Tag::Artifact(_))) { None } else { owner };
                    let rect = Rect::new(origin.x, origin.y - run.size, run.width, run.size * 1.2);
                    out.push((n, owner, rect, dump::run_text(run)));
                }
                _ => {}
            }
        }
    }
    out
}

/// The ancestor of `id` (or `id` itself) with `role`.
fn ancestor(doc: &Document, mut id: usize, role: Role) -> Option<usize> {
    loop {
        if doc.structure[id].role == role {
            return Some(id);
        }
        id = doc.structure[id].parent?;
    }
}

#[test]
fn table_cells_stay_in_their_columns_rows_never_split_and_the_header_repeats() {
    let (_, doc) = annex();
    let texts = tagged_texts(&doc);
    // Each cell's text, by row and column.
    let mut rows: BTreeMap<usize, BTreeMap<usize, Vec<(usize, Rect)>>> = BTreeMap::new();
    for (page, owner, rect, _) in &texts {
        let Some(id) = owner else { continue };
        let Some(cell) = ancestor(&doc, *id, Role::TD).or_else(|| ancestor(&doc, *id, Role::TH)) else { continue };
        let Some(tr) = doc.structure[cell].parent else { continue };
        rows.entry(tr).or_default().entry(cell).or_default().push((*page, *rect));
    }
    assert_eq!(rows.len(), 49, "a header row and 48 rows");
    let mut columns: BTreeMap<usize, (f32, f32)> = BTreeMap::new();
    let mut pages_of_rows = BTreeSet::new();
    for cells in rows.values() {
        let pages: BTreeSet<usize> = cells.values().flatten().map(|(p, _)| *p).collect();
        assert_eq!(pages.len(), 1, "a row is never split: {pages:?}");
        pages_of_rows.extend(pages);
        for (c, (_, boxes)) in cells.iter().enumerate() {
            let left = boxes.iter().map(|(_, r)| r.x.0).fold(f32::MAX, f32::min);
            let right = boxes.iter().map(|(_, r)| r.right().0).fold(f32::MIN, f32::max);
            let e = columns.entry(c).or_insert((left, right));
            *e = (e.0.min(left), e.1.max(right));
        }
    }
    // Columns do not overlap: every cell's text stays in its column.
    let spans: Vec<(f32, f32)> = columns.values().copied().collect();
    for pair in spans.windows(2) {
        assert!(pair[0].1 < pair[1].0, "columns overlap: {spans:?}");
    }
    assert!(pages_of_rows.len() >= 2, "the table runs over two pages: {pages_of_rows:?}");
    // Every page the table continues on starts with the header again, as
    // page furniture (its text was read once, on the first page).
    let first = *pages_of_rows.iter().next().expect("a page with rows");
    for &page in pages_of_rows.iter().skip(1) {
        let header = texts.iter().find(|(p, owner, _, text)| *p == page && owner.is_none() && text == "Country");
        let first_row = texts
            .iter()
            .filter(|(p, owner, _, _)| *p == page && owner.is_some_and(|id| ancestor(&doc, id, Role::TD).is_some()))
            .map(|(_, _, r, _)| r.y.0)
            .fold(f32::MAX, f32::min);
        let header = header.unwrap_or_else(|| panic!("page {} has no repeated header", page + 1));
        assert!(header.2.y.0 < first_row, "the header stands above the rows");
    }
    // The header row never stands alone at the foot of a page.
    let th_pages: BTreeSet<usize> = texts
        .iter()
        .filter(|(_, o, _, _)| o.is_some_and(|id| ancestor(&doc, id, Role::TH).is_some()))
        .map(|(p, _, _, _)| *p)
        .collect();
    assert_eq!(th_pages, BTreeSet::from([first]));
}

#[test]
fn footnotes_stand_at_the_foot_of_the_page_of_their_first_reference() {
    let (b, doc) = annex();
    assert_eq!(b.notes.len(), 5);
    let texts = tagged_texts(&doc);
    for note in &b.notes {
        let target = format!("#note-{}", note.number);
        let back = format!("#ref-{}", note.number);
        let mark_page = doc
            .pages
            .iter()
            .position(|p| p.items.iter().any(|it| matches!(it, Item::Link { uri, .. } if **uri == *target)))
            .unwrap_or_else(|| panic!("no mark for note {}", note.number));
        let (note_page, note_top) = doc
            .pages
            .iter()
            .enumerate()
            .find_map(|(n, p)| {
                p.items.iter().find_map(|it| match it {
                    Item::Anchor { name, at } if **name == target[1..] => Some((n, at.y.0)),
                    _ => None,
                })
            })
            .unwrap_or_else(|| panic!("no note {}", note.number));
        assert_eq!(note_page, mark_page, "note {} is on the page of its mark", note.number);
        // Below every line of body text on its page.
        let body_bottom = texts
            .iter()
            .filter(|(p, owner, _, _)| {
                *p == note_page && owner.is_some_and(|id| ancestor(&doc, id, Role::Note).is_none())
            })
            .map(|(_, _, r, _)| r.y.0)
            .fold(f32::MIN, f32::max);
        assert!(note_top > body_bottom, "note {} below the text", note.number);
        // The number leads back to the mark.
        assert!(doc.pages[note_page].items.iter().any(|it| matches!(it, Item::Link { uri, .. } if **uri == *back)));
    }
    // Every link within the document has somewhere to go.
    let anchors: BTreeSet<String> = doc
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|it| match it {
            Item::Anchor { name, .. } => Some(name.to_string()),
            _ => None,
        })
        .collect();
    for it in doc.pages.iter().flat_map(|p| &p.items) {
        if let Item::Link { uri, .. } = it
            && let Some(name) = uri.strip_prefix('#')
        {
            assert!(anchors.contains(name), "link to {uri} leads nowhere");
        }
    }
}

#[test]
fn a_footnote_too_long_for_its_page_continues_on_the_next() {
    let long = "A very long note that goes on and on. ".repeat(300);
    let source = format!(
        "[brief]\ntitle = \"Long note\"\ndate = 2026-12-07\n\n[[section]]\ntext = '''\nText with a note.[^long]\n\n[^long]: {long}\n'''\n"
    );
    let b = crate::common::parse_source(source.as_bytes(), &root(), "long-note");
    let doc = check("long-note", &b);
    let pages_with_note: Vec<usize> = tagged_texts(&doc)
        .iter()
        .filter(|(_, o, _, _)| o.is_some_and(|id| ancestor(&doc, id, Role::Note).is_some()))
        .map(|(p, _, _, _)| *p)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    assert!(pages_with_note.len() >= 2 && pages_with_note[0] == 0, "{pages_with_note:?}");
}

#[test]
fn pictures_stay_inside_the_margins_with_their_caption() {
    let (_, doc) = annex();
    let mut found = 0;
    for page in &doc.pages {
        for it in &page.items {
            if let Item::Image { rect, .. } = it
                && rect.y.0 > 100.0
            {
                found += 1;
                assert!(page.content.contains(rect, 0.05), "{rect:?} inside {:?}", page.content);
            }
        }
    }
    assert_eq!(found, 1, "the chart");
    let figure = doc.structure.iter().find(|e| e.role == Role::Figure && e.parent.is_some()).expect("a figure");
    assert!(figure.alt.as_deref().is_some_and(|a| a.starts_with("Bar chart of road traffic deaths")));
}

#[test]
fn a_table_too_wide_for_the_page_is_an_error_at_its_position() {
    let row = |c: &str| format!("| {} |\n", vec![c; 16].join(" | "));
    let source = format!(
        "[brief]\ntitle = \"Wide\"\ndate = 2026-12-07\n\n[[section]]\ntext = '''\n{}{}{}'''\n",
        row("Heading"),
        row("---"),
        row("Interdepartmental")
    );
    let err = match brief::build(source.as_bytes(), &Dir(root())) {
        Err(brief::BuildError::Invalid(d)) => d,
        Ok(_) => panic!("a 16-column table of long words built"),
        Err(e) => panic!("{e:?}"),
    };
    let rendered = brief::model::render("wide.toml", source.as_bytes(), &err);
    assert!(
        rendered.contains("error: the table is too wide for the page: 16 columns do not fit even at 8 pt"),
        "{rendered}"
    );
    assert!(rendered.contains("--> wide.toml:7:1"), "{rendered}");
}

#[test]
fn body_content_layout_snapshot() {
    let b = parse_file(&root().join("tests/good/body.toml"));
    let doc = check("body", &b);
    insta::assert_snapshot!("body-layout", dump::dump(&doc, FontBook::shared()));
    let doc2 = layout(&b, FontBook::shared());
    assert_eq!(doc, doc2, "the same layout twice");
}
