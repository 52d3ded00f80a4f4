//! The logical structure of a tagged PDF (ISO 32000-1, 14.7 and 14.8):
//! the structure tree built from the layout's elements and the marked
//! content the page streams carry, the parent tree that leads back from
//! content to its element, link annotations made children of their `Link`
//! elements, and the document outline.
//!
//! Elements join the tree in the order their first content appears on the
//! pages, which is the brief's reading order; an element split over a page
//! break stays one element with content on both pages. Every copy in a
//! print run is a `Part` of its own, since each copy's pages are pages of
//! their own.

use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};

use crate::layout::{Element, Role};

use super::content::{Marks, Owner};
use super::{DocCopy, PdfError, Sheet};

/// A child of a structure element.
#[derive(Debug, Clone, Copy)]
enum Kid {
    /// Another element (a node).
    Node(usize),
    /// Marked content on a page.
    Mcr { page: ObjectId, mcid: usize },
    /// An annotation.
    Objr { page: ObjectId, annot: ObjectId },
}

/// A structure element being built.
struct Node {
    /// Its structure type.
    role: &'static str,
    /// The node it belongs to; `None` for the root `Document`.
    parent: Option<usize>,
    kids: Vec<Kid>,
    /// Whether it is among its parent's kids yet.
    attached: bool,
    alt: Option<String>,
    /// A link's target, for an annotation to find its link.
    uri: Option<String>,
    lang: Option<&'static str>,
    /// A title, for a `Part`.
    title: Option<String>,
}

impl Node {
    fn new(role: &'static str, parent: Option<usize>) -> Node {
        Node { role, parent, kids: Vec::new(), attached: false, alt: None, uri: None, lang: None, title: None }
    }
}

/// The structure tree under construction.
struct Tree {
    nodes: Vec<Node>,
}

impl Tree {
    fn add(&mut self, node: Node) -> usize {
        self.nodes.push(node);
        self.nodes.len() - 1
    }

    /// Puts `n`, and its ancestors first, among their parents' kids.
    fn attach(&mut self, n: usize) {
        let mut chain = Vec::new();
        let mut at = n;
        while !self.nodes[at].attached {
            let Some(parent) = self.nodes[at].parent else { break };
            chain.push((at, parent));
            at = parent;
        }
        for (node, parent) in chain.into_iter().rev() {
            self.nodes[parent].kids.push(Kid::Node(node));
            self.nodes[node].attached = true;
        }
    }

    /// Gives `kid` to node `n`.
    fn give(&mut self, n: usize, kid: Kid) {
        self.nodes[n].kids.push(kid);
        self.attach(n);
    }

    /// The node of a sub-element (a link or a span) of `parent`: the
    /// parent's last kid if it is one of the same kind, or a new one.
    fn sub(&mut self, parent: usize, role: &'static str, uri: Option<&str>, lang: Option<&'static str>) -> usize {
        if let Some(&Kid::Node(last)) = self.nodes[parent].kids.last() {
            let node = &self.nodes[last];
            if node.role == role && node.uri.as_deref() == uri && node.lang == lang {
                return last;
            }
        }
        let mut node = Node::new(role, Some(parent));
        node.uri = uri.map(str::to_owned);
        node.lang = lang;
        self.add(node)
    }

    /// The latest link to `uri` among `parent`'s kids, or a new one.
    fn link(&mut self, parent: usize, uri: &str) -> usize {
        let found = self.nodes[parent].kids.iter().rev().find_map(|k| match *k {
            Kid::Node(n) if self.nodes[n].role == "Link" && self.nodes[n].uri.as_deref() == Some(uri) => Some(n),
            _ => None,
        });
        found.unwrap_or_else(|| {
            let mut node = Node::new("Link", Some(parent));
            node.uri = Some(uri.to_owned());
            self.add(node)
        })
    }
}

/// One copy's elements: the node of each layout element, made when first
/// needed.
struct CopyNodes<'a> {
    structure: &'a [Element],
    nodes: Vec<Option<usize>>,
    /// The node the copy's top-level elements belong to.
    top: usize,
}

impl CopyNodes<'_> {
    /// The node of layout element `id`, with those of its ancestors.
    fn node(&mut self, tree: &mut Tree, id: usize) -> Result<usize, PdfError> {
        if let Some(Some(n)) = self.nodes.get(id) {
            return Ok(*n);
        }
        let element =
            self.structure.get(id).ok_or_else(|| PdfError(format!("content tagged with unknown element {id}")))?;
        let parent = match element.parent {
            Some(p) if p < id => self.node(tree, p)?,
            Some(p) => return Err(PdfError(format!("element {id} belongs to a later element {p}"))),
            None => self.top,
        };
        let mut node = Node::new(element.role.name(), Some(parent));
        node.alt = element.alt.clone();
        let n = tree.add(node);
        self.nodes[id] = Some(n);
        Ok(n)
    }

    /// The node that owns content marked `owner`.
    fn owner(&mut self, tree: &mut Tree, owner: &Owner) -> Result<usize, PdfError> {
        Ok(match owner {
            Owner::Element(id) => self.node(tree, *id)?,
            Owner::Link { parent, uri } => {
                let p = self.node(tree, *parent)?;
                tree.sub(p, "Link", Some(uri), None)
            }
            Owner::Span { parent, lang } => {
                let p = self.node(tree, *parent)?;
                tree.sub(p, "Span", None, Some(lang))
            }
        })
    }

    /// The node an annotation of `owner` belongs to: a link element.
    fn annot_owner(&mut self, tree: &mut Tree, owner: &Owner) -> Result<usize, PdfError> {
        Ok(match owner {
            Owner::Link { parent, uri } => {
                let p = self.node(tree, *parent)?;
                tree.link(p, uri)
            }
            other => self.owner(tree, other)?,
        })
    }
}

/// An entry of the outline: a heading (or a print run's part) and where
/// it starts.
#[derive(Debug, Clone)]
pub(super) struct Bookmark {
    pub title: String,
    /// 0-based index of the file's page.
    pub sheet: usize,
    /// Top of the heading in PDF coordinates.
    pub top: f32,
    /// Entries under this one.
    pub children: Vec<Bookmark>,
}

/// The outline of the file: the title and section headings of each
/// document, under one entry per part in a print run.
pub(super) fn bookmarks(sheets: &[Sheet], copies: &[DocCopy], marks: &[Marks]) -> Vec<Bookmark> {
    let mut out: Vec<Bookmark> = Vec::new();
    let mut last_copy: Option<usize> = None;
    let mut wanted = false;
    // The headings of the part met so far (a heading broken over lines
    // or pages is one entry).
    let mut seen = std::collections::HashSet::new();
    for (n, sheet) in sheets.iter().enumerate() {
        let copy = &copies[sheet.copy];
        if last_copy != Some(sheet.copy) {
            // A new part of a print run: the first copy of a recipient's
            // brief (copies of one part follow each other).
            let same_part =
                last_copy.is_some_and(|c| std::ptr::eq(copies[c].doc, copy.doc) && copies[c].part == copy.part);
            last_copy = Some(sheet.copy);
            wanted = !same_part;
            seen.clear();
            if wanted && let Some(part) = copy.part {
                let top = copy.doc.pages.first().map_or(0.0, |p| p.size.height.0);
                out.push(Bookmark { title: part.to_owned(), sheet: n, top, children: Vec::new() });
            }
        }
        if !wanted {
            continue;
        }
        let page_marks = &marks[sheet.page];
        for (owner, top) in page_marks.mcids.iter().zip(&page_marks.tops) {
            let Owner::Element(id) = owner else { continue };
            let Some(element) = copy.doc.structure.get(*id) else { continue };
            let (Some(title), Role::H1 | Role::H2) = (&element.title, element.role) else { continue };
            if !seen.insert(*id) {
                continue;
            }
            let entry = Bookmark { title: title.clone(), sheet: n, top: *top, children: Vec::new() };
            match (copy.part, out.last_mut()) {
                (Some(_), Some(part)) => part.children.push(entry),
                _ => out.push(entry),
            }
        }
    }
    out
}

/// Writes the outline into the catalog.
pub(super) fn outline(doc: &mut Document, catalog: ObjectId, entries: &[Bookmark], pages: &[ObjectId]) {
    if entries.is_empty() {
        return;
    }
    let root = doc.new_object_id();
    let (first, last, count) = outline_level(doc, root, entries, pages);
    let dict = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Outlines".to_vec())),
        ("First", Object::Reference(first)),
        ("Last", Object::Reference(last)),
        ("Count", Object::Integer(count)),
    ]);
    doc.objects.insert(root, Object::Dictionary(dict));
    if let Ok(c) = doc.get_object_mut(catalog).and_then(Object::as_dict_mut) {
        c.set("Outlines", Object::Reference(root));
    }
}

/// The items of one level of the outline under `parent`: the first and
/// last item and how many items are open under the parent.
fn outline_level(
    doc: &mut Document,
    parent: ObjectId,
    entries: &[Bookmark],
    pages: &[ObjectId],
) -> (ObjectId, ObjectId, i64) {
    let ids: Vec<ObjectId> = entries.iter().map(|_| doc.new_object_id()).collect();
    let mut count = ids.len() as i64;
    for (i, e) in entries.iter().enumerate() {
        let mut d = Dictionary::new();
        d.set("Title", super::finish::text(&e.title));
        d.set("Parent", Object::Reference(parent));
        if i > 0 {
            d.set("Prev", Object::Reference(ids[i - 1]));
        }
        if i + 1 < ids.len() {
            d.set("Next", Object::Reference(ids[i + 1]));
        }
        if let Some(&page) = pages.get(e.sheet) {
            d.set(
                "Dest",
                Object::Array(vec![
                    Object::Reference(page),
                    Object::Name(b"XYZ".to_vec()),
                    Object::Null,
                    Object::Real(e.top.round()),
                    Object::Null,
                ]),
            );
        }
        if !e.children.is_empty() {
            let (first, last, n) = outline_level(doc, ids[i], &e.children, pages);
            d.set("First", Object::Reference(first));
            d.set("Last", Object::Reference(last));
            d.set("Count", Object::Integer(n));
            count += n;
        }
        doc.objects.insert(ids[i], Object::Dictionary(d));
    }
    (ids[0], ids[ids.len() - 1], count)
}

/// Builds the structure tree: the root, every element, the parent tree,
/// `/StructParents` on the pages and `/StructParent` on the link
/// annotations (each moved to an object of its own, printable, with a
/// description of its target).
pub(super) fn structure(
    doc: &mut Document,
    catalog: ObjectId,
    pages: &[ObjectId],
    sheets: &[Sheet],
    copies: &[DocCopy],
    marks: &[Marks],
    lang: &str,
) -> Result<(), PdfError> {
    if pages.len() != sheets.len() {
        return Err(PdfError(format!("{} pages written for {} laid out", pages.len(), sheets.len())));
    }
    let mut tree = Tree { nodes: vec![Node::new("Document", None)] };
    tree.nodes[0].attached = true;
    let mut per_copy: Vec<CopyNodes> = Vec::with_capacity(copies.len());
    for copy in copies {
        let top = match copy.part {
            Some(title) => {
                let mut part = Node::new("Part", Some(0));
                part.title = Some(title.to_owned());
                tree.add(part)
            }
            None => 0,
        };
        per_copy.push(CopyNodes { structure: &copy.doc.structure, nodes: vec![None; copy.doc.structure.len()], top });
    }

    // Content, page by page: the parent tree's entry for each page lists
    // the node of each MCID; each annotation has an entry of its own.
    let mut page_entries: Vec<Vec<usize>> = Vec::with_capacity(sheets.len());
    let mut annot_entries: Vec<(ObjectId, usize)> = Vec::new();
    for (n, sheet) in sheets.iter().enumerate() {
        let page = pages[n];
        let m = &marks[sheet.page];
        let copy = &mut per_copy[sheet.copy];
        let mut entry = Vec::with_capacity(m.mcids.len());
        for (mcid, owner) in m.mcids.iter().enumerate() {
            let node = copy.owner(&mut tree, owner)?;
            tree.give(node, Kid::Mcr { page, mcid });
            entry.push(node);
        }
        page_entries.push(entry);

        let annots = annotations(doc, page, &m.annot_text)?;
        if annots.len() != m.annots.len() {
            return Err(PdfError(format!("{} link annotations for {} links", annots.len(), m.annots.len())));
        }
        for (annot, owner) in annots.into_iter().zip(&m.annots) {
            let Some(owner) = owner else { continue };
            let node = copy.annot_owner(&mut tree, owner)?;
            tree.give(node, Kid::Objr { page, annot });
            annot_entries.push((annot, node));
        }
    }

    // Objects: one per node, the root, the parent tree.
    let ids: Vec<ObjectId> = tree.nodes.iter().map(|_| doc.new_object_id()).collect();
    let root = doc.new_object_id();
    let mut nums = Vec::with_capacity((page_entries.len() + annot_entries.len()) * 2);
    for (n, entry) in page_entries.iter().enumerate() {
        if let Ok(d) = doc.get_object_mut(pages[n]).and_then(Object::as_dict_mut) {
            d.set("StructParents", Object::Integer(n as i64));
        }
        nums.push(Object::Integer(n as i64));
        nums.push(Object::Array(entry.iter().map(|&k| Object::Reference(ids[k])).collect()));
    }
    for (k, (annot, node)) in annot_entries.iter().enumerate() {
        let key = (page_entries.len() + k) as i64;
        if let Ok(d) = doc.get_object_mut(*annot).and_then(Object::as_dict_mut) {
            d.set("StructParent", Object::Integer(key));
        }
        nums.push(Object::Integer(key));
        nums.push(Object::Reference(ids[*node]));
    }
    let next_key = (page_entries.len() + annot_entries.len()) as i64;
    let parent_tree = doc.add_object(Dictionary::from_iter(vec![("Nums", Object::Array(nums))]));

    for (k, node) in tree.nodes.iter().enumerate() {
        if !node.attached && k != 0 {
            continue;
        }
        let mut d = Dictionary::new();
        d.set("Type", Object::Name(b"StructElem".to_vec()));
        d.set("S", Object::Name(node.role.as_bytes().to_vec()));
        d.set("P", Object::Reference(node.parent.map_or(root, |p| ids[p])));
        // The page of the element's first content, against which its
        // marked content is numbered.
        let home = node.kids.iter().find_map(|k| match *k {
            Kid::Mcr { page, .. } | Kid::Objr { page, .. } => Some(page),
            Kid::Node(_) => None,
        });
        if let Some(page) = home {
            d.set("Pg", Object::Reference(page));
        }
        let kids: Vec<Object> = node
            .kids
            .iter()
            .map(|kid| match *kid {
                Kid::Node(n) => Object::Reference(ids[n]),
                Kid::Mcr { page, mcid } if Some(page) == home => Object::Integer(mcid as i64),
                Kid::Mcr { page, mcid } => Object::Dictionary(Dictionary::from_iter(vec![
                    ("Type", Object::Name(b"MCR".to_vec())),
                    ("Pg", Object::Reference(page)),
                    ("MCID", Object::Integer(mcid as i64)),
                ])),
                Kid::Objr { page, annot } => Object::Dictionary(Dictionary::from_iter(vec![
                    ("Type", Object::Name(b"OBJR".to_vec())),
                    ("Pg", Object::Reference(page)),
                    ("Obj", Object::Reference(annot)),
                ])),
            })
            .collect();
        d.set("K", if kids.len() == 1 { kids.into_iter().next().unwrap_or(Object::Null) } else { Object::Array(kids) });
        if let Some(alt) = &node.alt {
            d.set("Alt", super::finish::text(alt));
        }
        if let Some(lang) = node.lang {
            d.set("Lang", Object::String(lang.as_bytes().to_vec(), StringFormat::Literal));
        }
        if let Some(title) = &node.title {
            d.set("T", super::finish::text(title));
        }
        match node.role {
            // PDF/UA wants every note to have an identifier of its own.
            "Note" => d.set("ID", Object::String(format!("note{k}").into_bytes(), StringFormat::Literal)),
            // A header cell heads its column.
            "TH" => d.set(
                "A",
                Dictionary::from_iter(vec![
                    ("O", Object::Name(b"Table".to_vec())),
                    ("Scope", Object::Name(b"Column".to_vec())),
                ]),
            ),
            _ => {}
        }
        if k == 0 {
            d.set("Lang", Object::String(lang.as_bytes().to_vec(), StringFormat::Literal));
        }
        doc.objects.insert(ids[k], Object::Dictionary(d));
    }
    let root_dict = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"StructTreeRoot".to_vec())),
        ("K", Object::Reference(ids[0])),
        ("ParentTree", Object::Reference(parent_tree)),
        ("ParentTreeNextKey", Object::Integer(next_key)),
    ]);
    doc.objects.insert(root, Object::Dictionary(root_dict));
    let c = doc.get_object_mut(catalog).and_then(Object::as_dict_mut).map_err(|e| PdfError(e.to_string()))?;
    c.set("StructTreeRoot", Object::Reference(root));
    c.set("MarkInfo", Dictionary::from_iter(vec![("Marked", Object::Boolean(true))]));
    Ok(())
}

/// The link annotations of a page, each made an object of its own (a
/// structure element refers to it), printable (`/F 4`, as PDF/A wants),
/// with `/Contents` saying where it leads; the page's tab order follows
/// the structure (`/Tabs /S`).
fn annotations(doc: &mut Document, page: ObjectId, said: &[Option<String>]) -> Result<Vec<ObjectId>, PdfError> {
    let dict = doc.get_dictionary(page).map_err(|e| PdfError(e.to_string()))?;
    let Ok(Object::Array(list)) = dict.get(b"Annots") else { return Ok(Vec::new()) };
    let list = list.clone();
    let mut ids = Vec::with_capacity(list.len());
    for (k, entry) in list.into_iter().enumerate() {
        let id = match entry {
            Object::Reference(id) => id,
            Object::Dictionary(mut d) => {
                d.set("F", Object::Integer(4));
                if let Some(Some(text)) = said.get(k) {
                    d.set("Contents", super::finish::text(text));
                } else if let Ok(uri) = d.get(b"A").and_then(Object::as_dict).and_then(|a| a.get(b"URI")) {
                    let uri = String::from_utf8_lossy(uri.as_str().unwrap_or_default()).into_owned();
                    d.set("Contents", super::finish::text(&describe(&uri)));
                }
                doc.add_object(Object::Dictionary(d))
            }
            _ => continue,
        };
        ids.push(id);
    }
    let d = doc.get_object_mut(page).and_then(Object::as_dict_mut).map_err(|e| PdfError(e.to_string()))?;
    if !ids.is_empty() {
        d.set("Annots", Object::Array(ids.iter().map(|&id| Object::Reference(id)).collect()));
        d.set("Tabs", Object::Name(b"S".to_vec()));
    }
    Ok(ids)
}

/// What a link's annotation says, for those who cannot see it: its
/// target (the address for an e-mail link, the number for a telephone
/// one), which reads the same in every language.
fn describe(uri: &str) -> String {
    let target = uri.strip_prefix("mailto:").or_else(|| uri.strip_prefix("tel:")).unwrap_or(uri);
    target.to_owned()
}
