//! The Markdown summary (CommonMark): one line per paragraph, the title as
//! a level-one heading, figures as a list, quotes as block quotes, links
//! inline. Every character that Markdown would read as markup is escaped.

use super::{Piece, Summary, shows_target, tel};

/// `text` with Markdown's punctuation escaped, so it reads back as itself.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        // `&` only matters where it could start an entity (`&amp;`).
        let entity = c == '&' && chars.peek().is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#');
        if "\\`*_[]<>#|~".contains(c) || entity {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escapes what would start a block at the beginning of a line: a list
/// marker (`-`, `+`, `1.`), a heading, a quote, a thematic break.
fn escape_line_start(line: String) -> String {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let after = line[digits..].chars().next();
    if digits > 0 && matches!(after, Some('.' | ')')) {
        return format!("{}\\{}", &line[..digits], &line[digits..]);
    }
    if line.starts_with(['-', '+', '=', '>']) {
        return format!("\\{line}");
    }
    line
}

/// A link target inside `<…>`, which holds anything but `<`, `>` and line
/// breaks.
fn destination(target: &str) -> String {
    target.replace('<', "%3C").replace('>', "%3E").replace(['\n', '\r'], "")
}

/// Emphasis around `text`, with its outer spaces kept outside the markers
/// (`** x**` is not bold in CommonMark).
fn emphasis(text: &str, marker: &str) -> String {
    let inner = text.trim();
    if inner.is_empty() {
        return text.to_string();
    }
    let lead = &text[..text.len() - text.trim_start().len()];
    let trail = &text[text.trim_end().len()..];
    format!("{lead}{marker}{inner}{marker}{trail}")
}

fn inline(pieces: &[Piece]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < pieces.len() {
        let link = pieces[i].link.clone();
        let mut run = String::new();
        let mut plain = String::new();
        while i < pieces.len() && pieces[i].link == link {
            let p = &pieces[i];
            plain.push_str(&p.text);
            let text = escape(&p.text);
            let text = if p.bold { emphasis(&text, "**") } else { text };
            run.push_str(&if p.italic { emphasis(&text, "*") } else { text });
            i += 1;
        }
        match link {
            Some(target) => {
                if shows_target(&plain, &target) && !target.starts_with("tel:") {
                    out.push_str(&format!("<{}>", destination(target.trim_start_matches("mailto:"))));
                } else {
                    out.push_str(&format!("[{run}](<{}>)", destination(&target)));
                }
            }
            None => out.push_str(&run),
        }
    }
    escape_line_start(out)
}

fn line(text: &str) -> String {
    escape_line_start(escape(text))
}

/// The whole Markdown summary, ending in a newline.
pub fn write(s: &Summary) -> String {
    let mut blocks: Vec<String> = Vec::new();
    let mut head = vec![format!("**{}**", escape(&s.kicker))];
    head.extend(s.organization.iter().map(|o| escape(o)));
    head.extend(s.notice.iter().map(|n| format!("*{}*", escape(n))));
    head.extend(s.embargo.iter().map(|e| format!("**{}**", escape(e))));
    // Hard line breaks: a backslash at the end of each line but the last.
    blocks.push(head.join("\\\n"));
    blocks.push(format!("# {}", escape(&s.title)));
    if let Some(sub) = &s.subtitle {
        blocks.push(format!("*{}*", escape(sub)));
    }
    blocks.push(line(&s.dateline));
    if let Some(lede) = &s.lede {
        blocks.push(inline(lede));
    }
    if let Some(e) = &s.event {
        let [when, place, online, accreditation] = &s.labels.event;
        let mut lines = vec![format!("**{}** {}", escape(when), escape(&e.when))];
        if let Some(p) = &e.place {
            lines.push(format!("**{}** {}", escape(place), escape(p)));
        }
        if let Some(o) = &e.online {
            lines.push(format!("**{}** <{}>", escape(online), destination(o)));
        }
        if let Some(a) = &e.accreditation {
            lines.push(format!("**{}** {}", escape(accreditation), inline(a)));
        }
        blocks.push(lines.join("\\\n"));
    }
    if !s.figures.is_empty() {
        blocks.push(format!("## {}", escape(&s.figures_heading)));
        let items: Vec<String> = s
            .figures
            .iter()
            .map(|f| {
                let mut item = format!("- **{}** {}", escape(&f.value), escape(&f.label));
                if let Some(note) = &f.note {
                    item.push_str(&s.punctuation.parenthesized(&escape(note)));
                }
                item
            })
            .collect();
        blocks.push(items.join("\n"));
    }
    for q in &s.quotes {
        let mut quote = format!("> *{}*", inline(&q.text).trim());
        let by = match (&q.by, &q.role) {
            (Some(by), Some(role)) => Some(format!("**{}**{}{}", escape(by), s.punctuation.comma, escape(role))),
            (Some(by), None) => Some(format!("**{}**", escape(by))),
            (None, Some(role)) => Some(escape(role)),
            (None, None) => None,
        };
        if let Some(by) = by {
            quote.push_str(&format!("\n>\n> {}{by}", s.punctuation.dash));
        }
        blocks.push(quote);
    }
    if let Some(c) = &s.contact {
        blocks.push(format!("## {}", escape(&c.heading)));
        for p in &c.persons {
            let mut lines = vec![match &p.role {
                Some(role) => format!("**{}**{}{}", escape(&p.name), s.punctuation.comma, escape(role)),
                None => format!("**{}**", escape(&p.name)),
            }];
            if let Some(email) = &p.email {
                lines.push(format!("{} <{}>", escape(&s.labels.email), destination(email)));
            }
            if let Some(phone) = &p.phone {
                lines.push(format!("{}\u{a0}[{}](<{}>)", escape(&s.labels.phone), escape(phone), tel(phone)));
            }
            blocks.push(lines.join("\\\n"));
        }
        let mut tail = Vec::new();
        if let Some(web) = &c.web {
            tail.push(format!("{} <{}>", escape(&s.labels.web), destination(web)));
        }
        if !c.social.is_empty() {
            let social: Vec<String> = c.social.iter().map(|x| escape(x)).collect();
            tail.push(format!("{} {}", escape(&s.labels.follow), social.join(" · ")));
        }
        if !tail.is_empty() {
            blocks.push(tail.join("\\\n"));
        }
    }
    let mut out = blocks.join("\n\n");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(escape("a *b* [c](d) <e> #f"), "a \\*b\\* \\[c\\](d) \\<e\\> \\#f");
        assert_eq!(line("1. not a list"), "1\\. not a list");
        assert_eq!(line("- not a list"), "\\- not a list");
        assert_eq!(emphasis(" bold ", "**"), " **bold** ");
    }

    #[test]
    fn links_are_inline() {
        let p = |text: &str, link: Option<&str>| Piece {
            text: text.into(),
            bold: false,
            italic: false,
            link: link.map(Into::into),
        };
        let out = inline(&[
            p("See ", None),
            p("the Strategy", Some("https://un.org/s_(x)")),
            p(" or ", None),
            p("a@un.org", Some("mailto:a@un.org")),
        ]);
        assert_eq!(out, "See [the Strategy](<https://un.org/s_(x)>) or <a@un.org>");
    }
}
