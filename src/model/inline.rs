//! Markdown in brief strings → [`Block`]s and [`Inline`] spans.
//!
//! Supported: paragraphs, `**bold**`, `*italic*`, `[links](https://…)`,
//! `<https://…>` autolinks, bullet and numbered lists (nested lists are
//! flattened into [`ListItem::depth`]). Bare web addresses (`https://…`,
//! `http://…`, `www.…` → `https://www.…`) and e-mail addresses (→
//! `mailto:`) in plain text become links too, without trailing `.,;:)`.
//!
//! Everything else is set as plain text rather than rejected: headings,
//! code blocks, block quotes and HTML blocks become plain paragraphs of
//! their text, inline code and inline HTML are kept literally, images
//! become their alt text. Soft and hard line breaks become spaces.
//! Typographic quotes and dashes are kept as written (no smartening).
//!
//! Links may only use `https:`, `http:`, `mailto:` and `tel:`; any other
//! target is an error pointing at the target inside the TOML string.
//!
//! Fields that are inline only (summary, quote text) accept the same
//! Markdown; their blocks are joined with spaces.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use super::diag::Diagnostic;
use super::literal::SourceText;
use super::tree::{Block, Inline, List, ListItem, Span};

/// Link schemes a brief may use.
const SCHEMES: [&str; 4] = ["https", "http", "mailto", "tel"];

/// Parses block Markdown (section text).
pub(crate) fn blocks(src: &SourceText, diags: &mut Vec<Diagnostic>) -> Vec<Block> {
    let mut b = Builder::default();
    let parser = Parser::new_ext(&src.text, Options::empty()).into_offset_iter();
    for (event, range) in parser {
        b.event(event, range, src, diags);
    }
    b.flush_paragraph();
    b.blocks
}

/// Parses inline Markdown (summary, quote text); blocks are joined by spaces.
pub(crate) fn inline(src: &SourceText, diags: &mut Vec<Diagnostic>) -> Inline {
    let mut out = Inline::default();
    for block in blocks(src, diags) {
        let parts = match block {
            Block::Paragraph(p) => vec![p],
            Block::List(l) => l.items.into_iter().map(|i| i.text).collect(),
        };
        for part in parts {
            if !out.0.is_empty() {
                push(&mut out, " ", false, false, None);
            }
            for span in part.0 {
                push(&mut out, &span.text, span.bold, span.italic, span.link);
            }
        }
    }
    out
}

/// The marker of a list item.
fn marker(ordered: bool, number: u64, depth: usize) -> String {
    if ordered {
        format!("{number}.")
    } else {
        match depth {
            0 => "•",
            1 => "–",
            _ => "◦",
        }
        .to_string()
    }
}

struct ListState {
    ordered: bool,
    next: u64,
}

#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    current: Inline,
    bold: usize,
    italic: usize,
    link: Option<String>,
    lists: Vec<ListState>,
    list: Option<List>,
    /// Depth and marker of the open item that has not been emitted yet.
    item: Option<(usize, String)>,
}

impl Builder {
    fn event(&mut self, event: Event<'_>, range: Range<usize>, src: &SourceText, diags: &mut Vec<Diagnostic>) {
        match event {
            Event::Start(tag) => self.start(tag, range, src, diags),
            Event::End(tag) => self.end(tag),
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                let t = t.replace(['\n', '\r'], " ");
                let link = self.link.clone();
                push(&mut self.current, &t, self.bold > 0, self.italic > 0, link);
            }
            Event::SoftBreak | Event::HardBreak => {
                let link = self.link.clone();
                push(&mut self.current, " ", self.bold > 0, self.italic > 0, link);
            }
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>, src: &SourceText, diags: &mut Vec<Diagnostic>) {
        match tag {
            Tag::Paragraph | Tag::Heading { .. } | Tag::CodeBlock(_) | Tag::BlockQuote(_) | Tag::HtmlBlock => {
                if self.lists.is_empty() {
                    self.flush_paragraph();
                } else if !self.current.0.is_empty() {
                    push(&mut self.current, " ", false, false, None);
                }
            }
            Tag::List(start) => {
                if self.lists.is_empty() {
                    self.flush_paragraph();
                    self.list = Some(List { ordered: start.is_some(), start: start.unwrap_or(1), items: Vec::new() });
                } else {
                    self.flush_item();
                }
                self.lists.push(ListState { ordered: start.is_some(), next: start.unwrap_or(1) });
            }
            Tag::Item => {
                self.flush_item();
                let depth = self.lists.len().saturating_sub(1);
                if let Some(state) = self.lists.last_mut() {
                    let m = marker(state.ordered, state.next, depth);
                    state.next += 1;
                    self.item = Some((depth, m));
                }
            }
            Tag::Strong => self.bold += 1,
            Tag::Emphasis => self.italic += 1,
            Tag::Link { link_type, dest_url, .. } => {
                self.link = check_link(link_type, &dest_url, range, src, diags);
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::BlockQuote(_) | TagEnd::HtmlBlock
                if self.lists.is_empty() =>
            {
                self.flush_paragraph();
            }
            TagEnd::Item => self.flush_item(),
            TagEnd::List(_) => {
                self.flush_item();
                self.lists.pop();
                if self.lists.is_empty()
                    && let Some(list) = self.list.take()
                {
                    self.blocks.push(Block::List(list));
                }
            }
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::Emphasis => self.italic = self.italic.saturating_sub(1),
            TagEnd::Link => self.link = None,
            _ => {}
        }
    }

    fn flush_paragraph(&mut self) {
        let text = finish(std::mem::take(&mut self.current));
        if !text.0.is_empty() {
            self.blocks.push(Block::Paragraph(text));
        }
    }

    fn flush_item(&mut self) {
        let text = finish(std::mem::take(&mut self.current));
        let open = self.item.take();
        if text.0.is_empty() && open.is_none() {
            return;
        }
        // Text after a nested list continues its item without a marker.
        let (depth, marker) = open.unwrap_or_else(|| (self.lists.len().saturating_sub(1), String::new()));
        if let Some(list) = &mut self.list {
            list.items.push(ListItem { depth, marker, text });
        }
    }
}

/// Appends text, merging with the last span when the format is the same.
fn push(inline: &mut Inline, text: &str, bold: bool, italic: bool, link: Option<String>) {
    if text.is_empty() {
        return;
    }
    if let Some(last) = inline.0.last_mut()
        && last.bold == bold
        && last.italic == italic
        && last.link == link
    {
        last.text.push_str(text);
        return;
    }
    inline.0.push(Span { text: text.to_string(), bold, italic, link });
}

/// Trims the ends, drops empty spans and turns bare addresses into links.
fn finish(inline: Inline) -> Inline {
    let mut spans = inline.0;
    if let Some(first) = spans.first_mut() {
        first.text = first.text.trim_start().to_string();
    }
    if let Some(last) = spans.last_mut() {
        last.text = last.text.trim_end().to_string();
    }
    let mut out = Inline::default();
    for span in spans {
        if span.link.is_some() {
            push(&mut out, &span.text, span.bold, span.italic, span.link);
            continue;
        }
        for (piece, link) in autolink(&span.text) {
            push(&mut out, piece, span.bold, span.italic, link);
        }
    }
    out
}

/// Checks a link target; returns the target to use, or `None` (with a
/// diagnostic) when it is not allowed.
fn check_link(
    link_type: LinkType,
    dest: &str,
    range: Range<usize>,
    src: &SourceText,
    diags: &mut Vec<Diagnostic>,
) -> Option<String> {
    if link_type == LinkType::Email {
        return Some(format!("mailto:{dest}"));
    }
    // Point at the target inside `[text](target)` when it can be found.
    let within = src.text.get(range.clone()).unwrap_or("");
    let at = if dest.is_empty() { None } else { within.rfind(dest).map(|i| range.start + i) };
    let span = match at {
        Some(i) => src.span(i..i + dest.len()),
        None => src.span(range),
    };
    let trimmed = dest.trim();
    if trimmed.is_empty() {
        diags.push(
            Diagnostic::error("link has no target", span)
                .with_hint("write the address in the parentheses: `[text](https://…)`"),
        );
        return None;
    }
    match scheme(trimmed) {
        Some(s) if SCHEMES.contains(&s.to_ascii_lowercase().as_str()) => Some(trimmed.to_string()),
        Some(s) => {
            diags.push(
                Diagnostic::error(format!("link scheme `{s}:` is not allowed"), span)
                    .with_hint("links may use `https:`, `http:`, `mailto:` or `tel:` only"),
            );
            None
        }
        None => {
            let hint = if trimmed.starts_with("www.") {
                format!("write the full address: `https://{trimmed}`")
            } else {
                "write a full address, e.g. `https://www.un.org/…`".to_string()
            };
            diags.push(Diagnostic::error(format!("link target `{trimmed}` has no scheme"), span).with_hint(hint));
            None
        }
    }
}

/// The scheme of a URL (`https` in `https://…`), if it has one.
fn scheme(url: &str) -> Option<&str> {
    let (s, _) = url.split_once(':')?;
    let mut chars = s.chars();
    let ok =
        chars.next()?.is_ascii_alphabetic() && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    ok.then_some(s)
}

/// Splits plain text into pieces, each with a link when it is a bare web
/// or e-mail address.
pub(crate) fn autolink(text: &str) -> Vec<(&str, Option<String>)> {
    let mut out = Vec::new();
    let mut rest = 0;
    let mut i = 0;
    while i < text.len() {
        if !text.is_char_boundary(i) {
            i += 1;
            continue;
        }
        let boundary = text[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_alphanumeric() || matches!(c, '.' | '/' | '@' | '-' | '_')));
        let found = if boundary { url_at(text, i) } else { None }.or_else(|| email_at(text, i));
        match found {
            Some((start, end, link)) if start >= rest => {
                if start > rest {
                    out.push((&text[rest..start], None));
                }
                out.push((&text[start..end], Some(link)));
                rest = end;
                i = end;
            }
            _ => i += 1,
        }
    }
    if rest < text.len() {
        out.push((&text[rest..], None));
    }
    out
}

/// A web address starting at byte `i`: (start, end, target).
fn url_at(text: &str, i: usize) -> Option<(usize, usize, String)> {
    let tail = &text[i..];
    let prefix = ["https://", "http://", "www."]
        .into_iter()
        .find(|p| tail.get(..p.len()).is_some_and(|head| head.eq_ignore_ascii_case(p)))?;
    let len = tail.find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"')).unwrap_or(tail.len());
    let mut url = &tail[..len];
    // Trailing punctuation belongs to the sentence; a `)` only when unbalanced.
    loop {
        let trimmed = url.trim_end_matches(['.', ',', ';', ':', '!', '?', '\'']);
        let trimmed = if trimmed.ends_with(')') && trimmed.matches('(').count() < trimmed.matches(')').count() {
            &trimmed[..trimmed.len() - 1]
        } else {
            trimmed
        };
        if trimmed.len() == url.len() {
            break;
        }
        url = trimmed;
    }
    // Trimming may have eaten into the prefix ("www." at the end of a
    // sentence).
    let host = url.get(prefix.len()..)?;
    let host = host.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || (prefix == "www." && !host.contains('.')) {
        return None;
    }
    let target = if prefix == "www." { format!("https://{url}") } else { url.to_string() };
    Some((i, i + url.len(), target))
}

/// An e-mail address whose `@` is at byte `i`: (start, end, target).
fn email_at(text: &str, i: usize) -> Option<(usize, usize, String)> {
    if !text[i..].starts_with('@') {
        return None;
    }
    let is_local = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-');
    let start = text[..i].char_indices().rev().take_while(|&(_, c)| is_local(c)).last().map(|(j, _)| j)?;
    let start = start + text[start..i].find(|c| c != '.')?;
    let after = &text[i + 1..];
    let len = after.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))).unwrap_or(after.len());
    let domain = after[..len].trim_end_matches(['.', '-']);
    if !valid_domain(domain) {
        return None;
    }
    let end = i + 1 + domain.len();
    Some((start, end, format!("mailto:{}", &text[start..end])))
}

/// Whether `domain` looks like `example.org`: labels of letters, digits
/// and hyphens, a final label of at least two letters.
pub(crate) fn valid_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        && labels.last().is_some_and(|t| t.chars().count() >= 2 && t.chars().all(char::is_alphabetic))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn src(s: &str) -> SourceText {
        let token = format!("'''{s}'''");
        SourceText::new(&token, 0..token.len(), s)
    }

    fn span(text: &str, bold: bool, italic: bool, link: Option<&str>) -> Span {
        Span { text: text.to_string(), bold, italic, link: link.map(str::to_string) }
    }

    #[test]
    fn emphasis_and_links() {
        let mut d = Vec::new();
        let i = inline(&src("Hello **bold** and *it* [UN](https://un.org) “quoted” – dash"), &mut d);
        assert!(d.is_empty());
        assert_eq!(
            i.0,
            vec![
                span("Hello ", false, false, None),
                span("bold", true, false, None),
                span(" and ", false, false, None),
                span("it", false, true, None),
                span(" ", false, false, None),
                span("UN", false, false, Some("https://un.org")),
                span(" “quoted” – dash", false, false, None),
            ]
        );
    }

    #[test]
    fn bare_addresses_become_links() {
        let mut d = Vec::new();
        let i = inline(&src("See www.un.org/en, or https://un.org/x_(y). Write to gerardl@un.org."), &mut d);
        assert_eq!(
            i.0,
            vec![
                span("See ", false, false, None),
                span("www.un.org/en", false, false, Some("https://www.un.org/en")),
                span(", or ", false, false, None),
                span("https://un.org/x_(y)", false, false, Some("https://un.org/x_(y)")),
                span(". Write to ", false, false, None),
                span("gerardl@un.org", false, false, Some("mailto:gerardl@un.org")),
                span(".", false, false, None),
            ]
        );
        assert_eq!(autolink("(https://a.org)")[1].0, "https://a.org");
        // The scheme and "www." in any case; an accent is no prefix.
        assert_eq!(autolink("HTTPS://UN.ORG now")[0], ("HTTPS://UN.ORG", Some("HTTPS://UN.ORG".to_string())));
        assert_eq!(autolink("WWW.un.org")[0], ("WWW.un.org", Some("https://WWW.un.org".to_string())));
        assert_eq!(autolink("wwé.un.org").len(), 1);
        assert_eq!(autolink("no links here: a@b, www.x").len(), 1);
    }

    #[test]
    fn soft_breaks_are_spaces() {
        let mut d = Vec::new();
        let i = inline(&src("one\ntwo  \nthree"), &mut d);
        assert_eq!(i.0, vec![span("one two three", false, false, None)]);
    }

    #[test]
    fn lists_flatten() {
        let mut d = Vec::new();
        let b = blocks(&src("Intro\n\n- a\n  - b\n    - c\n- d\n\n3. x\n4. y\n"), &mut d);
        assert_eq!(b.len(), 3);
        let Block::List(l) = &b[1] else { panic!() };
        let got: Vec<(usize, &str, &str)> =
            l.items.iter().map(|i| (i.depth, i.marker.as_str(), i.text.0[0].text.as_str())).collect();
        assert_eq!(got, vec![(0, "•", "a"), (1, "–", "b"), (2, "◦", "c"), (0, "•", "d")]);
        let Block::List(l) = &b[2] else { panic!() };
        assert!(l.ordered);
        assert_eq!(l.start, 3);
        assert_eq!(l.items[1].marker, "4.");
    }

    #[test]
    fn disallowed_links_point_at_the_target() {
        let s = "x = '''Click [here](javascript:alert(1)) now'''";
        let value = "Click [here](javascript:alert(1)) now";
        let st = SourceText::new(s, 4..s.len(), value);
        let mut d = Vec::new();
        let i = inline(&st, &mut d);
        assert_eq!(d.len(), 1);
        let sp = d[0].span.clone().unwrap();
        assert_eq!(&s[sp], "javascript:alert(1)");
        assert!(i.0.iter().all(|s| s.link.is_none()));
    }

    #[test]
    fn headings_are_plain_paragraphs() {
        let mut d = Vec::new();
        let b = blocks(&src("# Title\n\ntext `code`"), &mut d);
        assert_eq!(
            b,
            vec![
                Block::Paragraph(Inline(vec![span("Title", false, false, None)])),
                Block::Paragraph(Inline(vec![span("text code", false, false, None)])),
            ]
        );
    }
}
