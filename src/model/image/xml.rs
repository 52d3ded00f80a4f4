//! An SVG's XML measured before it is parsed: how deep its elements nest,
//! how much text its entities expand to, and whether an entity is an
//! outside file. roxmltree (which usvg parses with) reads nested elements
//! recursively, with no limit, and expands entities with a guard against
//! loops but not against width: one entity of 10,000 characters
//! referenced 10,000 times is 100 MB of text. Both are measured here on
//! the raw text, in one pass, before anything is built.
//!
//! For well-formed XML the measures are upper bounds: every `&name;` of a
//! declared entity counts (also in a comment, where it expands to
//! nothing), an entity's markup adds its whole depth wherever it is
//! referenced, and nested references are followed as far as roxmltree
//! follows them (ten levels), loops included. Text that is not
//! well-formed may be measured wrongly, but roxmltree refuses it.

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

/// The measures of `text`, an XML document.
pub(crate) fn measure(text: &str) -> Measure {
    let mut scan = Scan::default();
    // The document's references to each entity: how many, and the depth
    // of the deepest.
    let mut refs: HashMap<&str, (u64, usize)> = HashMap::new();
    let depth = scan.content(text, true, &mut refs);
    let (sizes, depths) = scan.expand();
    let mut measure = Measure { depth, expanded: 0, outside: scan.outside };
    for (name, (count, at)) in refs {
        let Some(&e) = scan.index.get(name) else { continue };
        measure.expanded = measure.expanded.saturating_add(count.saturating_mul(sizes[e]));
        measure.depth = measure.depth.max(at.saturating_add(depths[e]));
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
}

impl<'t> Scan<'t> {
    /// Scans content (a document when `document`, else an entity's
    /// replacement text): returns the deepest nesting of its elements and
    /// adds its entity references to `refs`.
    fn content(&mut self, text: &'t str, document: bool, refs: &mut HashMap<&'t str, (u64, usize)>) -> usize {
        let b = text.as_bytes();
        let (mut i, mut depth, mut deepest) = (0, 0usize, 0usize);
        while let Some(at) = b[i..].iter().position(|&c| c == b'<' || c == b'&') {
            i += at;
            if b[i] == b'&' {
                i = reference(text, i, depth, refs);
                continue;
            }
            let rest = &b[i..];
            if rest.starts_with(b"<!--") {
                i = after(b, i + 4, b"-->");
            } else if rest.starts_with(b"<![CDATA[") {
                i = after(b, i + 9, b"]]>");
            } else if rest.starts_with(b"<?") {
                i = after(b, i + 2, b"?>");
            } else if rest.starts_with(b"<!DOCTYPE") && document {
                i = self.doctype(text, i + 9);
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

    /// Each entity's expanded size and the depth its markup adds, its
    /// references followed [`ENTITY_LEVELS`] deep.
    fn expand(&self) -> (Vec<u64>, Vec<usize>) {
        let mut sizes: Vec<u64> = self.entities.iter().map(|e| e.len).collect();
        let mut depths: Vec<usize> = self.entities.iter().map(|e| e.depth).collect();
        if self.entities.iter().all(|e| e.refs.is_empty()) {
            return (sizes, depths);
        }
        for _ in 1..ENTITY_LEVELS {
            let mut next_sizes: Vec<u64> = self.entities.iter().map(|e| e.len).collect();
            let mut next_depths: Vec<usize> = self.entities.iter().map(|e| e.depth).collect();
            for (e, entity) in self.entities.iter().enumerate() {
                for (name, &(count, at)) in &entity.refs {
                    let Some(&r) = self.index.get(name) else { continue };
                    next_sizes[e] = next_sizes[e].saturating_add(count.saturating_mul(sizes[r]));
                    next_depths[e] = next_depths[e].max(at.saturating_add(depths[r]));
                }
            }
            (sizes, depths) = (next_sizes, next_depths);
        }
        (sizes, depths)
    }
}

/// Counts the reference at `i` (`&name;`) at `depth`; returns where it
/// ends. Character references (`&#…;`) are not counted.
fn reference<'t>(text: &'t str, i: usize, depth: usize, refs: &mut HashMap<&'t str, (u64, usize)>) -> usize {
    let b = text.as_bytes();
    let len = b[i + 1..].iter().take(256).position(|&c| c == b';' || c == b'&' || c == b'<' || c.is_ascii_whitespace());
    match len {
        Some(n) if n > 0 && b[i + 1 + n] == b';' && b[i + 1] != b'#' => {
            let entry = refs.entry(&text[i + 1..i + 1 + n]).or_insert((0, 0));
            entry.0 = entry.0.saturating_add(1);
            entry.1 = entry.1.max(depth);
            i + 2 + n
        }
        _ => i + 1,
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
                    j = reference(text, j + at, depth, refs).min(end);
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
        assert_eq!(m, Measure { depth: 2, expanded: 0, outside: None });
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
