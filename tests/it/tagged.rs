//! Tagged PDF and PDF/A read back with lopdf, against the rules rather
//! than against our writer: the Matterhorn Protocol's machine-checkable
//! failure conditions (PDF/UA-1) that apply to what `brief` writes, and the
//! PDF/A-2 rules the file claims. Every example brief, a print run and a
//! per-recipient copy are checked; poppler's structure reader
//! (`pdfinfo -struct-text`) reads the press release back in order.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::common::{Dir, example_briefs, have, root};

fn build(path: &Path) -> Vec<u8> {
    let source = std::fs::read(path).expect("readable");
    match brief::build(&source, &Dir(path.parent().expect("parent").to_path_buf())) {
        Ok(b) => b.pdf,
        Err(e) => panic!("{}: {e:?}", path.display()),
    }
}

fn text(obj: &Object) -> String {
    match obj {
        Object::String(bytes, _) if bytes.starts_with(&[0xFE, 0xFF]) => {
            let units: Vec<u16> =
                bytes[2..].chunks(2).map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)])).collect();
            String::from_utf16_lossy(&units)
        }
        Object::String(bytes, _) => bytes.iter().map(|&b| b as char).collect(),
        Object::Name(n) => String::from_utf8_lossy(n).into_owned(),
        _ => String::new(),
    }
}

/// A dictionary, directly or through a reference.
fn dict<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Dictionary> {
    match obj {
        Object::Dictionary(d) => Some(d),
        Object::Reference(r) => doc.get_dictionary(*r).ok(),
        _ => None,
    }
}

fn array<'a>(doc: &'a Document, obj: &'a Object) -> Vec<&'a Object> {
    match obj {
        Object::Array(a) => a.iter().collect(),
        Object::Reference(r) => match doc.get_object(*r) {
            Ok(Object::Array(a)) => a.iter().collect(),
            // A single indirect kid: the reference is the kid.
            Ok(_) => vec![obj],
            Err(_) => Vec::new(),
        },
        other => vec![other],
    }
}

fn name(d: &Dictionary, key: &[u8]) -> String {
    d.get(key).map(text).unwrap_or_default()
}

/// A structure element read back.
#[derive(Debug)]
struct Elem {
    id: ObjectId,
    role: String,
    parent: Option<usize>,
    alt: Option<String>,
    lang: Option<String>,
    /// Marked content: page and MCID.
    mcrs: Vec<(ObjectId, i64)>,
    /// Annotations it holds.
    objrs: Vec<ObjectId>,
}

/// The structure tree in document order, each element once.
fn elements(doc: &Document, problems: &mut Vec<String>) -> Vec<Elem> {
    let catalog = doc.catalog().expect("catalog");
    let Some(root) = catalog.get(b"StructTreeRoot").ok().and_then(|r| dict(doc, r)) else {
        problems.push("no /StructTreeRoot".into());
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    if let Ok(k) = root.get(b"K") {
        for kid in array(doc, k) {
            walk(doc, kid, None, None, &mut out, &mut seen, problems);
        }
    }
    out
}

fn walk(
    doc: &Document,
    obj: &Object,
    parent: Option<usize>,
    page: Option<ObjectId>,
    out: &mut Vec<Elem>,
    seen: &mut BTreeSet<ObjectId>,
    problems: &mut Vec<String>,
) {
    let Object::Reference(id) = obj else {
        problems.push(format!("a structure element that is not an indirect object: {obj:?}"));
        return;
    };
    if !seen.insert(*id) {
        problems.push(format!("element {id:?} appears twice in the tree"));
        return;
    }
    let Ok(d) = doc.get_dictionary(*id) else {
        problems.push(format!("element {id:?} is not a dictionary"));
        return;
    };
    let page = d.get(b"Pg").ok().and_then(|p| p.as_reference().ok()).or(page);
    let n = out.len();
    out.push(Elem {
        id: *id,
        role: name(d, b"S"),
        parent,
        alt: d.get(b"Alt").ok().map(text),
        lang: d.get(b"Lang").ok().map(text),
        mcrs: Vec::new(),
        objrs: Vec::new(),
    });
    let Ok(k) = d.get(b"K") else { return };
    for kid in array(doc, k) {
        match kid {
            Object::Integer(mcid) => match page {
                Some(p) => out[n].mcrs.push((p, *mcid)),
                None => problems.push(format!("MCID {mcid} of {id:?} without a page")),
            },
            Object::Reference(r) if doc.get_dictionary(*r).is_ok_and(|k| k.has(b"S")) => {
                walk(doc, kid, Some(n), page, out, seen, problems);
            }
            other => {
                let Some(k) = dict(doc, other) else {
                    problems.push(format!("kid {other:?} of {id:?}"));
                    continue;
                };
                let pg = k.get(b"Pg").ok().and_then(|p| p.as_reference().ok()).or(page);
                match (name(k, b"Type").as_str(), pg) {
                    ("MCR", Some(p)) => out[n].mcrs.push((p, k.get(b"MCID").and_then(Object::as_i64).unwrap_or(-1))),
                    ("OBJR", _) => match k.get(b"Obj").and_then(Object::as_reference) {
                        Ok(annot) => out[n].objrs.push(annot),
                        Err(_) => problems.push(format!("OBJR without /Obj in {id:?}")),
                    },
                    (t, _) => problems.push(format!("kid of type {t:?} in {id:?}")),
                }
            }
        }
    }
}

/// The structure types of ISO 32000-1, 14.8.4 (no role map is written, so
/// every element must use one of them).
const STANDARD_TYPES: &[&str] = &[
    "Document",
    "Part",
    "Art",
    "Sect",
    "Div",
    "BlockQuote",
    "Caption",
    "TOC",
    "TOCI",
    "Index",
    "NonStruct",
    "Private",
    "H",
    "H1",
    "H2",
    "H3",
    "H4",
    "H5",
    "H6",
    "P",
    "L",
    "LI",
    "Lbl",
    "LBody",
    "Table",
    "TR",
    "TH",
    "TD",
    "THead",
    "TBody",
    "TFoot",
    "Span",
    "Quote",
    "Note",
    "Reference",
    "BibEntry",
    "Code",
    "Link",
    "Annot",
    "Ruby",
    "RB",
    "RT",
    "RP",
    "Warichu",
    "WT",
    "WP",
    "Figure",
    "Formula",
    "Form",
];

/// Operators that paint or show something: each must be in an artifact or
/// in marked content with an MCID.
const PAINTING: &[&str] = &["Tj", "TJ", "'", "\"", "f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "Do", "sh", "BI"];

/// What a page's content stream marks: per painting operator, whether it
/// is tagged; the MCIDs it numbers.
struct PageMarks {
    untagged: Vec<String>,
    mcids: Vec<i64>,
}

fn page_marks(doc: &Document, page: ObjectId) -> PageMarks {
    let bytes = doc.get_page_content(page);
    let content = Content::decode(&bytes).expect("content decodes");
    // The open marked-content sequences: (tag, MCID, artifact).
    let mut stack: Vec<(String, Option<i64>, bool)> = Vec::new();
    let mut marks = PageMarks { untagged: Vec::new(), mcids: Vec::new() };
    for op in &content.operations {
        match op.operator.as_str() {
            "BMC" | "BDC" => {
                let tag = op.operands.first().map(text).unwrap_or_default();
                let mcid = op
                    .operands
                    .get(1)
                    .and_then(|p| dict(doc, p))
                    .and_then(|d| d.get(b"MCID").ok())
                    .and_then(|m| m.as_i64().ok());
                let inside_artifact = stack.iter().any(|(_, _, a)| *a);
                if mcid.is_some() && inside_artifact {
                    marks.untagged.push(format!("MCID {mcid:?} inside an artifact"));
                }
                if mcid.is_some() && stack.iter().any(|(_, m, _)| m.is_some()) {
                    marks.untagged.push(format!("MCID {mcid:?} nested in another MCID"));
                }
                if let Some(m) = mcid {
                    marks.mcids.push(m);
                }
                stack.push((tag.clone(), mcid, tag == "Artifact"));
            }
            "EMC" if stack.pop().is_none() => marks.untagged.push("EMC without BMC/BDC".into()),
            o if PAINTING.contains(&o) => {
                let tagged = stack.iter().any(|(_, m, a)| *a || m.is_some());
                if !tagged {
                    marks.untagged.push(format!("`{o}` neither tagged nor an artifact"));
                }
            }
            _ => {}
        }
    }
    if !stack.is_empty() {
        marks.untagged.push(format!("{} marked-content sequences left open", stack.len()));
    }
    marks
}

/// The parent tree as a map from key to its value.
fn parent_tree(doc: &Document) -> BTreeMap<i64, Object> {
    let mut out = BTreeMap::new();
    let root = doc.catalog().ok().and_then(|c| c.get(b"StructTreeRoot").ok()).and_then(|r| dict(doc, r));
    let Some(tree) = root.and_then(|r| r.get(b"ParentTree").ok()).and_then(|t| dict(doc, t)) else {
        return out;
    };
    let mut stack = vec![tree];
    while let Some(node) = stack.pop() {
        if let Ok(nums) = node.get(b"Nums") {
            let nums = array(doc, nums);
            for pair in nums.chunks(2) {
                if let [Object::Integer(k), v] = pair {
                    out.insert(*k, (*v).clone());
                }
            }
        }
        if let Ok(kids) = node.get(b"Kids") {
            stack.extend(array(doc, kids).into_iter().filter_map(|k| dict(doc, k)));
        }
    }
    out
}

/// The XMP packet's text.
fn xmp(doc: &Document) -> String {
    let catalog = doc.catalog().expect("catalog");
    let Ok(id) = catalog.get(b"Metadata").and_then(Object::as_reference) else { return String::new() };
    let Ok(stream) = doc.get_object(id).and_then(Object::as_stream) else { return String::new() };
    let bytes = stream.decompressed_content().unwrap_or_else(|_| stream.content.clone());
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Every failure found in `pdf`; `claims` says whether it should claim
/// PDF/A-2a and PDF/UA-1.
fn violations(pdf: &[u8], claims: bool) -> Vec<String> {
    let doc = Document::load_mem(pdf).expect("lopdf reads the PDF");
    let mut problems = Vec::new();
    let catalog = doc.catalog().expect("catalog").clone();

    // 01-002, 06-001, 07-001, 11-006: marked, metadata, the title shown, a language.
    let marked = catalog
        .get(b"MarkInfo")
        .ok()
        .and_then(|m| dict(&doc, m))
        .and_then(|m| m.get(b"Marked").ok())
        .and_then(|m| m.as_bool().ok());
    if marked != Some(true) {
        problems.push("/MarkInfo << /Marked true >> missing".into());
    }
    let display = catalog
        .get(b"ViewerPreferences")
        .ok()
        .and_then(|v| dict(&doc, v))
        .and_then(|v| v.get(b"DisplayDocTitle").ok())
        .and_then(|v| v.as_bool().ok());
    if display != Some(true) {
        problems.push("/ViewerPreferences << /DisplayDocTitle true >> missing".into());
    }
    if catalog.get(b"Lang").map(text).unwrap_or_default().is_empty() {
        problems.push("no /Lang on the catalog".into());
    }
    let xmp = xmp(&doc);
    if !xmp.contains("<dc:title>") {
        problems.push("no dc:title in the XMP".into());
    }
    let claimed = [
        "<pdfuaid:part>1</pdfuaid:part>",
        "<pdfaid:part>2</pdfaid:part>",
        "<pdfaid:conformance>A</pdfaid:conformance>",
    ];
    for claim in claimed {
        if xmp.contains(claim) != claims {
            problems.push(format!("XMP {} `{claim}`", if claims { "lacks" } else { "has" }));
        }
    }
    if claims && !xmp.contains("pdfaExtension:schemas") {
        problems.push("the pdfuaid property has no PDF/A extension schema".into());
    }
    // Info and XMP agree (PDF/A-2, 6.6.3): the title and author.
    if let Some(info) = doc.trailer.get(b"Info").ok().and_then(|i| dict(&doc, i)) {
        for (key, tag) in [(&b"Title"[..], "dc:title"), (&b"Author"[..], "dc:creator")] {
            let value = info.get(key).map(text).unwrap_or_default();
            let escaped = value.replace('&', "&amp;").replace('<', "&lt;");
            if !value.is_empty() && !xmp.contains(&escaped) {
                problems.push(format!("Info /{} {value:?} not in the XMP's {tag}", String::from_utf8_lossy(key)));
            }
        }
    }

    // PDF/A-2: an sRGB output intent, an /ID, no encryption, no JavaScript.
    let intents = catalog.get(b"OutputIntents").map(|o| array(&doc, o)).unwrap_or_default();
    let srgb = intents.iter().filter_map(|i| dict(&doc, i)).any(|i| {
        name(i, b"S") == "GTS_PDFA1"
            && i.get(b"DestOutputProfile")
                .and_then(Object::as_reference)
                .and_then(|r| doc.get_object(r))
                .and_then(Object::as_stream)
                .is_ok_and(|s| s.dict.get(b"N").and_then(Object::as_i64).ok() == Some(3))
    });
    if !srgb {
        problems.push("no GTS_PDFA1 output intent with an RGB profile".into());
    }
    if doc.trailer.get(b"ID").map(|id| array(&doc, id).len()).unwrap_or(0) != 2 {
        problems.push("no trailer /ID".into());
    }
    if doc.trailer.has(b"Encrypt") {
        problems.push("encrypted".into());
    }
    for (id, obj) in &doc.objects {
        let d = match obj {
            Object::Dictionary(d) => d,
            Object::Stream(s) => &s.dict,
            _ => continue,
        };
        if name(d, b"S") == "JavaScript" || d.has(b"JS") {
            problems.push(format!("JavaScript in {id:?}"));
        }
        // 31-xxx: every font program embedded.
        if name(d, b"Type") == "FontDescriptor"
            && ![&b"FontFile"[..], b"FontFile2", b"FontFile3"].iter().any(|k| d.has(k))
        {
            problems.push(format!("font {} not embedded", name(d, b"FontName")));
        }
    }

    // The tree: standard types, alternative text, headings, lists.
    let elems = elements(&doc, &mut problems);
    if elems.first().map(|e| e.role.as_str()) != Some("Document") {
        problems.push(format!("the tree's root is {:?}, not Document", elems.first().map(|e| &e.role)));
    }
    if elems.first().is_some_and(|e| e.lang.as_deref().is_none_or(str::is_empty)) {
        problems.push("the Document element has no /Lang".into());
    }
    let mut level = 0;
    for e in &elems {
        if !STANDARD_TYPES.contains(&e.role.as_str()) {
            problems.push(format!("{} is not a standard structure type (02-001)", e.role));
        }
        if e.role == "Figure" && e.alt.as_deref().is_none_or(|a| a.trim().is_empty()) {
            problems.push("a Figure without /Alt (13-004)".into());
        }
        if e.lang.as_deref().is_some_and(|l| l.is_empty() || l.contains(' ')) {
            problems.push(format!("{} has /Lang {:?}", e.role, e.lang));
        }
        if let Some(n) = e.role.strip_prefix('H').and_then(|n| n.parse::<i32>().ok()) {
            if level == 0 && n != 1 {
                problems.push(format!("the first heading is H{n}, not H1 (14-002)"));
            }
            if n > level + 1 {
                problems.push(format!("H{n} after H{level}: a level skipped (14-003)"));
            }
            level = n;
        }
        let parent = e.parent.map(|p| elems[p].role.as_str());
        let ok = match e.role.as_str() {
            "LI" => parent == Some("L"),
            "Lbl" | "LBody" => parent == Some("LI"),
            _ => true,
        };
        if !ok {
            problems.push(format!("{} inside {parent:?}", e.role));
        }
        if e.role == "L" && !elems.iter().any(|k| k.parent.is_some_and(|p| elems[p].id == e.id) && k.role == "LI") {
            problems.push("a list without items".into());
        }
    }

    // Content: every painting operator tagged or an artifact (01-005),
    // and each page's MCIDs led back to their elements by the parent tree.
    let tree = parent_tree(&doc);
    let owner_of: BTreeMap<(ObjectId, i64), ObjectId> =
        elems.iter().flat_map(|e| e.mcrs.iter().map(move |&m| (m, e.id))).collect();
    let held: BTreeMap<ObjectId, (ObjectId, &str)> =
        elems.iter().flat_map(|e| e.objrs.iter().map(move |&a| (a, (e.id, e.role.as_str())))).collect();
    for (n, page) in doc.get_pages() {
        let marks = page_marks(&doc, page);
        problems.extend(marks.untagged.iter().map(|u| format!("page {n}: {u}")));
        let unique: BTreeSet<i64> = marks.mcids.iter().copied().collect();
        if unique.len() != marks.mcids.len() {
            problems.push(format!("page {n}: an MCID used twice"));
        }
        let page_dict = doc.get_dictionary(page).expect("page");
        if !marks.mcids.is_empty() {
            let key = page_dict.get(b"StructParents").and_then(Object::as_i64);
            let entry = key.ok().and_then(|k| tree.get(&k)).map(|v| array(&doc, v)).unwrap_or_default();
            for &mcid in &marks.mcids {
                let listed = entry.get(mcid as usize).and_then(|o| o.as_reference().ok());
                let owner = owner_of.get(&(page, mcid));
                if owner.is_none() {
                    problems.push(format!("page {n}: MCID {mcid} belongs to no element"));
                } else if listed != owner.copied() {
                    problems.push(format!(
                        "page {n}: the parent tree gives MCID {mcid} to {listed:?}, the tree to {owner:?}"
                    ));
                }
            }
        }
        // Annotations: each inside a Link element through an OBJR, with a
        // description, printable; the tab order follows the structure.
        let annots = page_dict.get(b"Annots").map(|a| array(&doc, a)).unwrap_or_default();
        if !annots.is_empty() && name(page_dict, b"Tabs") != "S" {
            problems.push(format!("page {n}: annotations but no /Tabs /S"));
        }
        for a in annots {
            let Ok(id) = a.as_reference() else {
                problems.push(format!("page {n}: a direct annotation cannot be tagged"));
                continue;
            };
            let d = doc.get_dictionary(id).expect("annotation");
            match held.get(&id) {
                Some((_, "Link")) => {}
                other => problems.push(format!("page {n}: annotation {id:?} held by {other:?}, not a Link (28-011)")),
            }
            let key = d.get(b"StructParent").and_then(Object::as_i64);
            let back = key.ok().and_then(|k| tree.get(&k)).and_then(|o| o.as_reference().ok());
            if back.is_none() || back != held.get(&id).map(|h| h.0) {
                problems.push(format!("page {n}: annotation {id:?} has no /StructParent leading to its Link"));
            }
            if d.get(b"Contents").map(text).unwrap_or_default().trim().is_empty() {
                problems.push(format!("page {n}: annotation {id:?} has no /Contents"));
            }
            if d.get(b"F").and_then(Object::as_i64).ok().is_none_or(|f| f & 4 == 0) {
                problems.push(format!("page {n}: annotation {id:?} is not printable (/F 4)"));
            }
        }
    }
    problems
}

#[test]
fn every_example_brief_is_tagged_and_archival() {
    for path in example_briefs() {
        let problems = violations(&build(&path), true);
        assert!(problems.is_empty(), "{}:\n{}", path.display(), problems.join("\n"));
    }
}

#[test]
fn a_print_run_and_a_recipients_copy_are_tagged_and_archival() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bin = env!("CARGO_BIN_EXE_brief");
    let brief = root().join("briefs/unoct/press-release.toml");
    let list = root().join("lists/delegations.toml");
    let run = |args: &[&str]| {
        let out = Command::new(bin).args(args).current_dir(dir.path()).output().expect("binary runs");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    };
    let (brief, list) = (brief.to_str().expect("utf-8"), list.to_str().expect("utf-8"));
    run(&["build", brief, "--for", list, "--print-run", "run.pdf", "-q"]);
    let pdf = std::fs::read(dir.path().join("run.pdf")).expect("run.pdf");
    let problems = violations(&pdf, true);
    assert!(problems.is_empty(), "print run:\n{}", problems.join("\n"));
    // One Part per copy, titled, under the Document.
    let doc = Document::load_mem(&pdf).expect("reads");
    let mut none = Vec::new();
    let parts: Vec<Elem> = elements(&doc, &mut none).into_iter().filter(|e| e.role == "Part").collect();
    assert!(parts.len() >= 3, "{} parts", parts.len());
    assert!(parts.iter().all(|p| p.parent == Some(0)));

    std::fs::create_dir(dir.path().join("copies")).expect("mkdir");
    run(&["build", brief, "--for", list, "-o", "copies/", "-q"]);
    let mut copies: Vec<_> =
        std::fs::read_dir(dir.path().join("copies")).expect("copies").map(|e| e.expect("e").path()).collect();
    copies.sort();
    assert!(!copies.is_empty());
    for copy in copies {
        let problems = violations(&std::fs::read(&copy).expect("copy"), true);
        assert!(problems.is_empty(), "{}:\n{}", copy.display(), problems.join("\n"));
    }
}

/// `--standard none` drops the claims and nothing else: the same tagged
/// file, with an XMP packet that claims nothing.
#[test]
fn standard_none_drops_only_the_claims() {
    let dir = tempfile::tempdir().expect("tempdir");
    let brief = root().join("briefs/unoct/press-release.toml");
    let mut pdfs = Vec::new();
    for (name, extra) in [("a.pdf", None), ("b.pdf", Some("none")), ("c.pdf", Some("pdf/a-2a+ua-1"))] {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_brief"));
        cmd.args(["build", brief.to_str().expect("utf-8"), "-o", name, "-q"]).current_dir(dir.path());
        if let Some(s) = extra {
            cmd.args(["--standard", s]);
        }
        let out = cmd.output().expect("runs");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        pdfs.push(std::fs::read(dir.path().join(name)).expect("written"));
    }
    assert_eq!(pdfs[0], pdfs[2], "the default is PDF/A-2a and PDF/UA-1");
    assert!(violations(&pdfs[0], true).is_empty());
    let problems = violations(&pdfs[1], false);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // Apart from the XMP packet (and the /ID computed over the file), the
    // objects are the same.
    let (a, b) = (Document::load_mem(&pdfs[0]).expect("a"), Document::load_mem(&pdfs[1]).expect("b"));
    let metadata =
        |d: &Document| d.catalog().ok().and_then(|c| c.get(b"Metadata").ok()).and_then(|m| m.as_reference().ok());
    assert_eq!(a.objects.len(), b.objects.len());
    for (id, obj) in &a.objects {
        let xref = obj.as_stream().is_ok_and(|s| name(&s.dict, b"Type") == "XRef");
        if Some(*id) == metadata(&a) || xref {
            continue;
        }
        assert_eq!(Some(format!("{obj:?}")), b.objects.get(id).map(|o| format!("{o:?}")), "object {id:?} differs");
    }
}

/// A paragraph that a page break splits stays one `P`: one element with
/// marked content on both pages, not two paragraphs.
#[test]
fn a_paragraph_split_by_a_page_break_is_one_element() {
    let mut split = 0;
    for path in example_briefs() {
        let pdf = build(&path);
        let doc = Document::load_mem(&pdf).expect("reads");
        let mut problems = Vec::new();
        let elems = elements(&doc, &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        split += elems
            .iter()
            .filter(|e| e.role == "P" && e.mcrs.iter().map(|m| m.0).collect::<BTreeSet<_>>().len() > 1)
            .count();
        // The layout's elements and the PDF's are the same in number: a
        // split element is never written twice. (Links and spans in
        // another language are elements the writer adds inside them.)
        let source = std::fs::read(&path).expect("read");
        let parsed = brief::parse(&source, &Dir(path.parent().expect("parent").to_path_buf())).expect("parses");
        let laid = brief::layout::layout(&parsed.brief, brief::text::FontBook::shared());
        let written = elems.iter().filter(|e| !matches!(e.role.as_str(), "Document" | "Link" | "Span")).count();
        let links = laid.structure.iter().filter(|e| e.role == brief::layout::Role::Link).count();
        assert_eq!(written + links, laid.structure.len(), "{}", path.display());
    }
    assert!(split >= 1, "no example brief splits a paragraph over a page break");
}

/// Text in another script is a span with its own language.
#[test]
fn names_in_other_scripts_are_spans_in_their_language() {
    let pdf = build(&root().join("briefs/unis-geneva/noms-six-ecritures.toml"));
    let doc = Document::load_mem(&pdf).expect("reads");
    let mut problems = Vec::new();
    let langs: BTreeSet<String> =
        elements(&doc, &mut problems).into_iter().filter(|e| e.role == "Span").filter_map(|e| e.lang).collect();
    // (Latin in a French brief cannot be told from French by its script.)
    for lang in ["ar", "zh", "ru"] {
        assert!(langs.contains(lang), "no {lang} span: {langs:?}");
    }
}

/// The structure as poppler's reader shows it: the elements' roles and
/// texts, in reading order, indented by depth.
fn struct_text(pdf: &[u8]) -> Vec<(usize, String)> {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("brief.pdf");
    std::fs::write(&path, pdf).expect("write");
    let out = Command::new("pdfinfo").arg("-struct-text").arg(&path).output().expect("pdfinfo runs");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| (l.len() - l.trim_start().len(), l.trim().to_string()))
        .collect()
}

#[test]
fn poppler_reads_the_press_release_in_order_with_its_roles() {
    if !have("pdfinfo") {
        return;
    }
    let path = root().join("briefs/unoct/press-release.toml");
    let brief = crate::common::parse_file(&path);
    let lines = struct_text(&build(&path));
    // The elements directly under the document, in order.
    let top: Vec<&str> =
        lines.iter().filter(|(d, _)| *d == 2).map(|(_, l)| l.split(' ').next().unwrap_or("")).collect();
    // The band (organization, symbol, kind, dateline), the notice, the
    // title, the lede and the figures; then each section, each quote
    // where the brief puts it, and the contacts.
    let mut want = vec!["P", "P", "P", "P", "P", "H1", "P", "L"];
    for n in 0..=brief.sections.len() {
        if n > 0 {
            want.push("Sect");
        }
        want.extend(brief.quotes.iter().filter(|q| q.after == n).map(|_| "BlockQuote"));
    }
    want.push("Sect");
    assert_eq!(top, want);

    // The title is the H1's text, whole; each figure reads as one item,
    // its value followed by its label.
    let after = |role: &str| {
        let k = lines.iter().position(|(_, l)| l.starts_with(role)).unwrap_or_else(|| panic!("no {role}"));
        lines[k + 1].1.trim_matches('"').to_string()
    };
    assert_eq!(after("H1"), brief.title);
    let items: Vec<String> = lines
        .windows(2)
        .filter(|w| w[0].1.starts_with("LBody") && w[1].1.starts_with('"'))
        .map(|w| w[1].1.trim_matches('"').to_string())
        .collect();
    for fig in &brief.figures {
        let want = format!("{} {}", fig.value, fig.label);
        assert!(items.iter().any(|i| i.contains(&want)), "{want:?} not an item in {items:?}");
    }
    // Headings in order, then the QR code as a figure inside a link.
    let headings: Vec<String> =
        lines.windows(2).filter(|w| w[0].1.starts_with("H2")).map(|w| w[1].1.trim_matches('"').to_string()).collect();
    let mut want: Vec<String> = brief.sections.iter().filter_map(|s| s.heading.clone()).collect();
    want.extend(brief.contact.iter().map(|c| c.heading.clone()));
    assert_eq!(headings, want);
    let figure = lines.iter().position(|(_, l)| l.starts_with("Figure")).expect("the QR code's figure");
    assert!(
        lines[..figure].iter().rev().find(|(d, _)| *d < lines[figure].0).is_some_and(|(_, l)| l.starts_with("Link"))
    );
}

/// The checks above can fail: each defect planted in a good file is found.
#[test]
fn the_checks_find_planted_defects() {
    let pdf = build(&root().join("briefs/who/briefing-note.toml"));
    let mut doc = Document::load_mem(&pdf).expect("reads");
    let mut none = Vec::new();
    let elems = elements(&doc, &mut none);
    let figure = elems.iter().find(|e| e.role == "Figure").expect("the logo's figure").id;
    let heading = elems.iter().find(|e| e.role == "H2").expect("a heading").id;
    let catalog = doc.trailer.get(b"Root").and_then(Object::as_reference).expect("root");
    let c = doc.get_object_mut(catalog).and_then(Object::as_dict_mut).expect("catalog");
    c.remove(b"MarkInfo");
    c.remove(b"Lang");
    c.remove(b"OutputIntents");
    doc.get_object_mut(figure).and_then(Object::as_dict_mut).expect("figure").remove(b"Alt");
    doc.get_object_mut(heading).and_then(Object::as_dict_mut).expect("heading").set("S", Object::Name(b"H3".to_vec()));
    let annot =
        doc.objects.iter().find(|(_, o)| o.as_dict().is_ok_and(|d| name(d, b"Subtype") == "Link")).map(|(id, _)| *id);
    doc.get_object_mut(annot.expect("a link")).and_then(Object::as_dict_mut).expect("annot").remove(b"StructParent");
    // Content outside any marked content on the first page.
    let page = doc.get_pages()[&1];
    let mut content = doc.get_page_content(page);
    content.extend_from_slice(b"\n0 0 10 10 re f\n");
    doc.change_page_content(page, content).expect("content");
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("save");
    let found = violations(&bytes, true).join("\n");
    for want in [
        "/MarkInfo",
        "no /Lang on the catalog",
        "output intent",
        "a Figure without /Alt",
        "H3 after H1",
        "has no /StructParent",
        "page 1: `f` neither tagged nor an artifact",
    ] {
        assert!(found.contains(want), "{want:?} not found in:\n{found}");
    }
}
