//! An SVG's XML measured before it is parsed: how deep its elements nest,
//! how much text its entities expand to, and whether an entity is an
//! outside file. roxmltree (which usvg parses with) reads nested elements
//! recursively, with no limit, and expands entities with a guard against
//! loops but not against width: one entity of 10,000 characters
//! referenced 10,000 times is 100 MB of text. Both are measured here on
//! the raw text, in one pass, before anything is built.
//!
//! A third measure is the work of joining text: roxmltree builds the text
//! of an element from pieces (the text between references, each entity's
//! text, each CDATA section) and copies the whole text so far at every
//! piece, so a run of text in n pieces of b bytes in all costs up to
//! n × b bytes copied. 65,000 references to small entities in one
//! element, 6 MB in all, took minutes.
//!
//! For well-formed XML the measures are upper bounds: every `&name;` of a
//! declared entity counts (also in a comment, where it expands to
//! nothing), an entity's markup adds its whole depth wherever it is
//! referenced, its text is taken as one run with the text around it, and
//! nested references are followed as far as roxmltree follows them (ten
//! levels), loops included. Text that is not well-formed may be measured
//! wrongly, but roxmltree refuses it.

use std::collections::HashMap;

/// How far roxmltree follows references inside entities; deeper is an
/// error there.
const ENTITY_LEVELS: usize = 10;

/// What the scan found.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Measure {
    /// The deepest nesting of elements, entities' markup included.
    pub depth: usize,
    /// Bytes of text the entity references expand to, all counted.
    pub expanded: u64,
    /// Bytes copied to join the pieces of each run of text, all runs
    /// counted.
    pub joining: u64,
    /// The file or address of the first entity declared as an outside
    /// file (`<!ENTITY x SYSTEM "…">`).
    pub outside: Option<String>,
}

/// A declared entity: its replacement text's own measure, and the
/// references in it, by name: how many, and at which depth of its own
/// markup the deepest is.
#[derive(Default)]
struct Entity<'t> {
    len: u64,
    depth: usize,
    refs: HashMap<&'t str, (u64, usize)>,
}

/// Each entity's measures, its references followed: what it expands to
/// (bytes), the depth its markup adds, and the pieces of text it makes.
#[derive(Default)]
struct Expansion {
    sizes: Vec<u64>,
    depths: Vec<usize>,
    pieces: Vec<u64>,
}

/// A run of text being joined: its pieces and bytes so far.
#[derive(Default)]
struct Run {
    pieces: u64,
    bytes: u64,
}

/// The measures of `text`, an XML document.
pub(crate) fn measure(text: &str) -> Measure {
    let mut scan = Scan::default();
    // The document's references to each entity: how many, and the depth
    // of the deepest.
    let mut refs: HashMap<&str, (u64, usize)> = HashMap::new();
    let depth = scan.content(text, true, &mut refs);
    let expansion = scan.expansion.take().unwrap_or_else(|| scan.expand());
    let mut measure = Measure { depth, expanded: 0, joining: scan.joining, outside: scan.outside };
    for (name, (count, at)) in refs {
        let Some(&e) = scan.index.get(name) else { continue };
        let (Some(&size), Some(&depth)) = (expansion.sizes.get(e), expansion.depths.get(e)) else { continue };
        measure.expanded = measure.expanded.saturating_add(count.saturating_mul(size));
        measure.depth = measure.depth.max(at.saturating_add(depth));
    }
    measure
}

#[derive(Default)]
struct Scan<'t> {
    entities: Vec<Entity<'t>>,
    /// Each entity's index by name; the first declaration counts, as in
    /// roxmltree.
    index: HashMap<&'t str, usize>,
    outside: Option<String>,
    /// The entities' measures, worked out where the document type
    /// declaration ends (an entity is declared before it is used).
    expansion: Option<Expansion>,
    /// Bytes copied to join the document's runs of text.
    joining: u64,
}

impl<'t> Scan<'t> {
    /// Scans content (a document when `document`, else an entity's
    /// replacement text): returns the deepest nesting of its elements and
    /// adds its entity references to `refs`.
    fn content(&mut self, text: &'t str, document: bool, refs: &mut HashMap<&'t str, (u64, usize)>) -> usize {
        let b = text.as_bytes();
        let (mut i, mut depth, mut deepest) = (0, 0usize, 0usize);
        let mut run = Run::default();
        while let Some(at) = b[i..].iter().position(|&c| c == b'<' || c == b'&') {
            // The text before it, one piece.
            run.bytes = run.bytes.saturating_add(at as u64);
            run.pieces += 1;
            i += at;
            if b[i] == b'&' {
                let (end, name) = reference(text, i, depth, refs);
                // Only the document's runs are joined; an entity's own
                // references are followed by `expand`. (An entity declared
                // in a second document type declaration is not yet in the
                // measures of the first.)
                if document
                    && let (Some(name), Some(x)) = (name, &self.expansion)
                    && let Some(&e) = self.index.get(name)
                    && let (Some(&pieces), Some(&size)) = (x.pieces.get(e), x.sizes.get(e))
                {
                    run.pieces = run.pieces.saturating_add(pieces);
                    run.bytes = run.bytes.saturating_add(size);
                }
                i = end;
                continue;
            }
            let rest = &b[i..];
            if rest.starts_with(b"<![CDATA[") {
                let end = after(b, i + 9, b"]]>");
                run.pieces += 1;
                run.bytes = run.bytes.saturating_add((end - i) as u64);
                i = end;
                continue;
            }
            // Any other markup ends the run of text.
            if document {
                self.joining = self.joining.saturating_add(run.pieces.saturating_mul(run.bytes));
            }
            run = Run::default();
            if rest.starts_with(b"<!--") {
                i = after(b, i + 4, b"-->");
            } else if rest.starts_with(b"<?") {
                i = after(b, i + 2, b"?>");
            } else if rest.starts_with(b"<!DOCTYPE") && document {
                i = self.doctype(text, i + 9);
                self.expansion = Some(self.expand());
            } else if rest.starts_with(b"<!") {
                i = tag_end(text, i + 2, depth, refs);
            } else if rest.starts_with(b"</") {
                depth = depth.saturating_sub(1);
                i = after(b, i + 2, b">");
            } else {
                let end = tag_end(text, i + 1, depth + 1, refs);
                if b.get(end.saturating_sub(2)) != Some(&b'/') {
                    depth += 1;
                    deepest = deepest.max(depth);
                }
                i = end;
            }
        }
        if document {
            run.pieces += 1;
            run.bytes = run.bytes.saturating_add((b.len() - i) as u64);
            self.joining = self.joining.saturating_add(run.pieces.saturating_mul(run.bytes));
        }
        deepest
    }

    /// Reads a document type declaration from `i` (after `<!DOCTYPE`):
    /// the entities of its internal subset. Returns where it ends.
    fn doctype(&mut self, text: &'t str, mut i: usize) -> usize {
        let b = text.as_bytes();
        // The name and external identifier, up to `[` or `>`.
        while let Some(&c) = b.get(i) {
            match c {
                b'"' | b'\'' => i = after(b, i + 1, &[c]),
                b'>' => return i + 1,
                b'[' => break,
                _ => i += 1,
            }
        }
        i += 1;
        while let Some(&c) = b.get(i) {
            let rest = &b[i..];
            if c == b']' {
                return after(b, i + 1, b">");
            } else if rest.starts_with(b"<!ENTITY") {
                i = self.entity(text, i + 8);
            } else if rest.starts_with(b"<!--") {
                i = after(b, i + 4, b"-->");
            } else if rest.starts_with(b"<?") {
                i = after(b, i + 2, b"?>");
            } else if c == b'<' {
                i = tag_end(text, i + 1, 0, &mut HashMap::new());
            } else {
                i += 1;
            }
        }
        i.min(b.len())
    }

    /// Reads an entity declaration from `i` (after `<!ENTITY`). Returns
    /// where it ends.
    fn entity(&mut self, text: &'t str, mut i: usize) -> usize {
        let b = text.as_bytes();
        let space = |i: usize| b.get(i).is_some_and(u8::is_ascii_whitespace);
        let skip_space = |mut i: usize| {
            while space(i) {
                i += 1;
            }
            i
        };
        i = skip_space(i);
        if b.get(i) == Some(&b'%') {
            i = skip_space(i + 1);
        }
        let start = i;
        while i < b.len() && !space(i) && !matches!(b[i], b'"' | b'\'' | b'>') {
            i += 1;
        }
        let name = &text[start..i];
        i = skip_space(i);
        match b.get(i) {
            Some(&q @ (b'"' | b'\'')) => {
                let end = b[i + 1..].iter().position(|&c| c == q).map_or(b.len(), |n| i + 1 + n);
                let value = &text[i + 1..end];
                let mut entity = Entity { len: value.len() as u64, ..Entity::default() };
                let mut refs = HashMap::new();
                entity.depth = self.content(value, false, &mut refs);
                entity.refs = refs;
                if !self.index.contains_key(name) {
                    self.index.insert(name, self.entities.len());
                    self.entities.push(entity);
                }
                after(b, end + 1, b">")
            }
            _ => {
                // `SYSTEM "file"` or `PUBLIC "id" "file"`: the last
                // quoted string names the file.
                let end = tag_end(text, i, 0, &mut HashMap::new());
                let decl = &text[i..end];
                let file = decl.rsplit(['"', '\'']).nth(1).unwrap_or(decl);
                if self.outside.is_none() && (decl.starts_with("SYSTEM") || decl.starts_with("PUBLIC")) {
                    self.outside = Some(file.trim().to_string());
                }
                end
            }
        }
    }

    /// Each entity's measures, its references followed [`ENTITY_LEVELS`]
    /// deep: an entity's text is one piece, and each reference in it adds
    /// the pieces of the entity it names and one for the text after it.
    fn expand(&self) -> Expansion {
        let own = || Expansion {
            sizes: self.entities.iter().map(|e| e.len).collect(),
            depths: self.entities.iter().map(|e| e.depth).collect(),
            pieces: vec![1; self.entities.len()],
        };
        let mut x = own();
        if self.entities.iter().all(|e| e.refs.is_empty()) {
            return x;
        }
        for _ in 1..ENTITY_LEVELS {
            let mut next = own();
            for (e, entity) in self.entities.iter().enumerate() {
                for (name, &(count, at)) in &entity.refs {
                    let Some(&r) = self.index.get(name) else { continue };
                    next.sizes[e] = next.sizes[e].saturating_add(count.saturating_mul(x.sizes[r]));
                    next.depths[e] = next.depths[e].max(at.saturating_add(x.depths[r]));
                    next.pieces[e] = next.pieces[e].saturating_add(count.saturating_mul(x.pieces[r].saturating_add(1)));
                }
            }
            x = next;
        }
        x
    }
}

/// Counts the reference at `i` (`&name;`) at `depth`; returns where it
/// ends, and the name. Character references (`&#…;`) are not counted.
fn reference<'t>(
    text: &'t str,
    i: usize,
    depth: usize,
    refs: &mut HashMap<&'t str, (u64, usize)>,
) -> (usize, Option<&'t str>) {
    let b = text.as_bytes();
    let len = b[i + 1..].iter().take(256).position(|&c| c == b';' || c == b'&' || c == b'<' || c.is_ascii_whitespace());
    match len {
        Some(n) if n > 0 && b[i + 1 + n] == b';' && b[i + 1] != b'#' => {
            let name = &text[i + 1..i + 1 + n];
            let entry = refs.entry(name).or_insert((0, 0));
            entry.0 = entry.0.saturating_add(1);
            entry.1 = entry.1.max(depth);
            (i + 2 + n, Some(name))
        }
        _ => (i + 1, None),
    }
}

/// The end of a tag or declaration whose name starts at `i`: after its
/// `>`, skipping quoted values, whose references are counted at `depth`.
fn tag_end<'t>(text: &'t str, mut i: usize, depth: usize, refs: &mut HashMap<&'t str, (u64, usize)>) -> usize {
    let b = text.as_bytes();
    while let Some(&c) = b.get(i) {
        match c {
            b'>' => return i + 1,
            b'"' | b'\'' => {
                let end = b[i + 1..].iter().position(|&x| x == c).map_or(b.len(), |n| i + 1 + n);
                let mut j = i + 1;
                while let Some(at) = b[j..end].iter().position(|&x| x == b'&') {
                    j = reference(text, j + at, depth, refs).0.min(end);
                }
                i = end + 1;
            }
            _ => i += 1,
        }
    }
    b.len()
}

/// Where the first `end` at or after `i` ends (the text's end without one).
fn after(b: &[u8], i: usize, end: &[u8]) -> usize {
    match b.get(i..) {
        Some(rest) => rest.windows(end.len()).position(|w| w == end).map_or(b.len(), |n| i + n + end.len()),
        None => b.len(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn nesting_is_counted_and_empty_elements_do_not_nest() {
        let m = measure(r#"<svg a="<>"><g><g/><path d="M0 0"/></g><!-- <g><g> --><![CDATA[<g>]]></svg>"#);
        assert_eq!(m.depth, 2);
        assert_eq!((m.expanded, m.outside), (0, None));
    }

    #[test]
    fn a_second_document_type_declaration_is_measured_too() {
        // Found by fuzzing: entities declared in a second declaration were
        // looked up in the measures of the first, which has none.
        let text = r#"<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "svg11.dtd">
<svg><!DOCTYPE s [<!ENTITY a "0123456789"><!ENTITY b "&a;&a;">]>&b;</svg>"#;
        let m = measure(text);
        assert_eq!(m.expanded, 6 + 2 * 10);
    }

    #[test]
    fn entities_expand_by_their_references() {
        // One entity of 10 bytes, referenced three times in text and
        // twice in an attribute; a second one holding four of the first.
        let text = r#"<?xml version="1.0"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [
  <!ENTITY ten "0123456789">
  <!ENTITY forty "&ten;&ten;&ten;&ten;">
  <!-- <!ENTITY ten "not this one"> -->
]>
<svg a="&ten;&ten;">&ten;&ten; &ten; &forty; &amp; &#65; &unknown;</svg>"#;
        let m = measure(text);
        assert_eq!(m.expanded, 5 * 10 + (20 + 4 * 10));
        assert_eq!(m.depth, 1);
        assert_eq!(m.outside, None);
    }

    #[test]
    fn a_loop_is_followed_as_far_as_roxmltree_follows_it() {
        let m = measure(r#"<!DOCTYPE svg [<!ENTITY a "&b;x"><!ENTITY b "&a;y">]><svg>&a;</svg>"#);
        assert!(m.expanded < 100, "{m:?}");
    }

    #[test]
    fn markup_in_entities_nests() {
        let m =
            measure(r#"<!DOCTYPE svg [<!ENTITY g "<g><g>x</g></g>"><!ENTITY gg "<g>&g;</g>">]><svg><g>&gg;</g></svg>"#);
        assert_eq!(m.depth, 2 + 3);
    }

    #[test]
    fn an_outside_entity_is_found() {
        let m = measure(r#"<!DOCTYPE svg [<!ENTITY logo SYSTEM "file:///etc/passwd">]><svg>&logo;</svg>"#);
        assert_eq!(m.outside.as_deref(), Some("file:///etc/passwd"));
    }

    #[test]
    fn joining_text_counts_its_pieces() {
        // Without entities or CDATA, about the text's own size.
        let plain = format!("<svg><desc>{}</desc><g/>{}</svg>", "x".repeat(1000), "y".repeat(500));
        assert!(measure(&plain).joining <= plain.len() as u64 * 2, "{:?}", measure(&plain));
        // 100 references to an entity of 100 pieces, in one run of text:
        // every piece copies the text so far.
        let text = format!(
            "<!DOCTYPE svg [<!ENTITY c \"0123456789\"><!ENTITY w \"{}\">]><svg><desc>{}</desc></svg>",
            "&c;".repeat(100),
            "&w;".repeat(100)
        );
        let m = measure(&text);
        assert_eq!(m.expanded, 100 * (300 + 100 * 10));
        assert!(m.joining >= 100 * 100 * m.expanded, "{m:?}");
        // CDATA sections are pieces too; markup between them ends a run.
        let cdata = |sep: &str| format!("<svg><desc>{}</desc></svg>", format!("<![CDATA[ab]]>{sep}").repeat(1000));
        assert!(measure(&cdata("")).joining > 1000 * 1000 * 13);
        assert!(measure(&cdata("<!---->")).joining < 100_000);
    }

    #[test]
    fn odd_text_never_panics() {
        for text in [
            "<",
            "&",
            "&;",
            "<!DOCTYPE",
            "<!DOCTYPE [",
            "<!DOCTYPE [<!ENTITY",
            "<!DOCTYPE [<!ENTITY a '",
            "<a b='",
            "</",
            "<!ENTITY a 'b'>",
        ] {
            let _ = measure(text);
        }
    }
}
