//! The plain-text summary: paragraphs wrapped at [`WIDTH`] columns (the
//! e-mail convention), a title underlined with `=`, headings with `-`,
//! figures as a `*` list, quotes indented, and links as numbered
//! references (`the Strategy [1]`) listed at the end, so that long web
//! addresses sit whole on their own lines where mail clients keep them
//! clickable.
//!
//! Lines break at the Unicode line-break opportunities (UAX #14), so
//! Chinese wraps too, but never inside a web or e-mail address; a word
//! wider than the line stands alone on a longer line. Widths count display
//! columns (a CJK character takes two).

use unicode_linebreak::{BreakOpportunity, linebreaks};
use unicode_width::UnicodeWidthStr;

use super::{Piece, Summary, plain_with};

/// Columns of a plain-text line.
pub const WIDTH: usize = 72;

/// Link targets numbered in order of first use.
#[derive(Default)]
struct Refs(Vec<String>);

impl Refs {
    fn number(&mut self, target: &str) -> usize {
        match self.0.iter().position(|t| t == target) {
            Some(i) => i + 1,
            None => {
                self.0.push(target.to_string());
                self.0.len()
            }
        }
    }
}

/// Inline pieces as text: emphasis dropped, a link's text followed by its
/// reference number unless the text is the address itself.
fn inline(pieces: &[Piece], refs: &mut Refs) -> String {
    plain_with(pieces, |link| format!("\u{a0}[{}]", refs.number(link)))
}

/// Wraps `text` to `width` columns, the first line after `first`, the
/// others after `rest` (indents).
pub(crate) fn wrap(text: &str, width: usize, first: &str, rest: &str) -> String {
    let text = text.trim();
    let protected = addresses(text);
    let inside = |i: usize| protected.iter().any(|r| r.start < i && i < r.end);
    let mut lines: Vec<String> = Vec::new();
    let mut start = 0;
    let mut fits: Option<usize> = None;
    let indent = |n: usize| if n == 0 { first } else { rest };
    for (at, kind) in linebreaks(text) {
        if kind == BreakOpportunity::Allowed && inside(at) {
            continue;
        }
        let mut candidate = text[start..at].trim_end();
        let mut too_wide = indent(lines.len()).width() + candidate.width() > width;
        if too_wide && let Some(end) = fits {
            lines.push(format!("{}{}", indent(lines.len()), text[start..end].trim_end()));
            start = end;
            candidate = text[start..at].trim_end();
            too_wide = indent(lines.len()).width() + candidate.width() > width;
        }
        if too_wide {
            // A word wider than the line stands alone.
            lines.push(format!("{}{candidate}", indent(lines.len())));
            start = at;
            fits = None;
        } else {
            fits = Some(at);
        }
        if kind == BreakOpportunity::Mandatory && start < at {
            lines.push(format!("{}{}", indent(lines.len()), text[start..at].trim_end()));
            start = at;
            fits = None;
        }
    }
    lines.join("\n")
}

/// Byte ranges of the web and e-mail addresses in `text`: runs without
/// white space holding `://`, starting `www.`, or with an `@` before a dot.
fn addresses(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for word in text.split_inclusive(char::is_whitespace) {
        let token = word.trim_end();
        let is_address = token.contains("://")
            || token.starts_with("www.")
            || token.split_once('@').is_some_and(|(a, b)| !a.is_empty() && b.contains('.'));
        if is_address {
            out.push(offset..offset + token.len());
        }
        offset += word.len();
    }
    out
}

/// `text` underlined with `mark`, as wide as its widest line.
fn underlined(text: &str, mark: char) -> String {
    let wrapped = wrap(text, WIDTH, "", "");
    let widest = wrapped.lines().map(UnicodeWidthStr::width).max().unwrap_or(0).min(WIDTH);
    format!("{wrapped}\n{}", mark.to_string().repeat(widest.max(3)))
}

/// The whole plain-text summary, ending in a newline.
pub fn write(s: &Summary) -> String {
    let mut refs = Refs::default();
    let mut blocks: Vec<String> = Vec::new();

    let mut head = vec![wrap(&s.kicker, WIDTH, "", "")];
    head.extend(s.organization.iter().map(|o| wrap(o, WIDTH, "", "")));
    head.extend(s.notice.iter().map(|n| wrap(n, WIDTH, "", "")));
    head.extend(s.embargo.iter().map(|e| wrap(e, WIDTH, "", "")));
    blocks.push(head.join("\n"));

    let mut title = underlined(&s.title, '=');
    if let Some(sub) = &s.subtitle {
        title.push('\n');
        title.push_str(&wrap(sub, WIDTH, "", ""));
    }
    blocks.push(title);
    blocks.push(wrap(&s.dateline, WIDTH, "", ""));
    if let Some(lede) = &s.lede {
        blocks.push(wrap(&inline(lede, &mut refs), WIDTH, "", ""));
    }
    if let Some(e) = &s.event {
        let [when, place, online, accreditation] = &s.labels.event;
        let mut lines = vec![wrap(&format!("{when} {}", e.when), WIDTH, "", "  ")];
        if let Some(p) = &e.place {
            lines.push(wrap(&format!("{place} {p}"), WIDTH, "", "  "));
        }
        if let Some(o) = &e.online {
            lines.push(wrap(&format!("{online} {o}"), WIDTH, "", "  "));
        }
        if let Some(a) = &e.accreditation {
            lines.push(wrap(&format!("{accreditation} {}", inline(a, &mut refs)), WIDTH, "", "  "));
        }
        blocks.push(lines.join("\n"));
    }

    if !s.figures.is_empty() {
        let mut list = vec![underlined(&s.figures_heading, '-')];
        for f in &s.figures {
            let mut line = format!("{} {}", f.value, f.label);
            if let Some(note) = &f.note {
                line.push_str(&s.punctuation.parenthesized(note));
            }
            list.push(wrap(&line, WIDTH, "  * ", "    "));
        }
        blocks.push(list.join("\n"));
    }

    for q in &s.quotes {
        let mut quote = wrap(&inline(&q.text, &mut refs), WIDTH, "    ", "    ");
        let by = match (&q.by, &q.role) {
            (Some(by), Some(role)) => Some(format!("{}{by}{}{role}", s.punctuation.dash, s.punctuation.comma)),
            (Some(x), None) | (None, Some(x)) => Some(format!("{}{x}", s.punctuation.dash)),
            (None, None) => None,
        };
        if let Some(by) = by {
            quote.push('\n');
            quote.push_str(&wrap(&by, WIDTH, "      ", "        "));
        }
        blocks.push(quote);
    }

    if let Some(c) = &s.contact {
        blocks.push(underlined(&c.heading, '-'));
        for p in &c.persons {
            let mut lines = vec![wrap(
                &match &p.role {
                    Some(role) => format!("{}{}{role}", p.name, s.punctuation.comma),
                    None => p.name.clone(),
                },
                WIDTH,
                "",
                "  ",
            )];
            if let Some(email) = &p.email {
                lines.push(wrap(&format!("{} {email}", s.labels.email), WIDTH, "", "  "));
            }
            if let Some(phone) = &p.phone {
                lines.push(wrap(&format!("{}\u{a0}{phone}", s.labels.phone), WIDTH, "", "  "));
            }
            blocks.push(lines.join("\n"));
        }
        let mut tail = Vec::new();
        if let Some(web) = &c.web {
            tail.push(wrap(&format!("{} {web}", s.labels.web), WIDTH, "", "  "));
        }
        if !c.social.is_empty() {
            tail.push(wrap(&format!("{} {}", s.labels.follow, c.social.join(" · ")), WIDTH, "", "  "));
        }
        if !tail.is_empty() {
            blocks.push(tail.join("\n"));
        }
    }

    if !refs.0.is_empty() {
        let mut list = vec![underlined(&s.labels.links, '-')];
        for (i, target) in refs.0.iter().enumerate() {
            let number = format!("[{}] ", i + 1);
            let indent = " ".repeat(number.len());
            list.push(wrap(&format!("{number}{target}"), WIDTH, "", &indent));
        }
        blocks.push(list.join("\n"));
    }
    let mut out = blocks.join("\n\n");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_the_width_and_keeps_addresses_whole() {
        let text = "Organized by the United Nations Office of Counter-Terrorism (UNOCT), the Conference \
                    brought together participants; more at https://www.un.org/counterterrorism/2021-counter-terrorism-week today.";
        let out = wrap(text, 40, "", "");
        for line in out.lines() {
            assert!(line.width() <= 40 || line.contains("https://"), "{line:?}");
            assert_eq!(line, line.trim_end());
        }
        assert!(out.contains("https://www.un.org/counterterrorism/2021-counter-terrorism-week"));
        let squeeze = |s: &str| s.split_whitespace().collect::<String>();
        assert_eq!(squeeze(&out), squeeze(text));
    }

    #[test]
    fn links_become_numbered_references() {
        let p = |text: &str, link: Option<&str>| Piece {
            text: text.into(),
            bold: false,
            italic: false,
            link: link.map(Into::into),
        };
        let mut refs = Refs::default();
        let out = inline(
            &[
                p("See ", None),
                p("the Strategy", Some("https://un.org/s")),
                p(" and ", None),
                p("www.un.org", Some("https://www.un.org")),
                p(", ", None),
                p("again", Some("https://un.org/s")),
            ],
            &mut refs,
        );
        assert_eq!(out, "See the Strategy\u{a0}[1] and www.un.org, again\u{a0}[1]");
        assert_eq!(refs.0, vec!["https://un.org/s".to_string()]);
    }

    #[test]
    fn indents_and_long_words() {
        let out = wrap("one two three four five six", 12, "  * ", "    ");
        assert_eq!(out, "  * one two\n    three\n    four\n    five six");
        let long = "x".repeat(30);
        assert_eq!(wrap(&format!("a {long} b"), 10, "", ""), format!("a\n{long}\nb"));
        assert_eq!(wrap("", 10, "", ""), "");
    }

    #[test]
    fn chinese_wraps_by_columns() {
        let text = "联合国毒品和犯罪问题办公室今天发布了关于全球道路安全的报告，报告指出每年约有一百三十万人死于道路交通事故。";
        let out = wrap(text, 20, "", "");
        assert!(out.lines().count() > 1);
        assert!(out.lines().all(|l| l.width() <= 20), "{out}");
        assert_eq!(out.replace('\n', ""), text);
    }
}
