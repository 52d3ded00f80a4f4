//! The HTML summary, made for mail clients (Outlook, Gmail, Apple Mail):
//! one small document with inline `style` attributes only (clients drop
//! `<style>` blocks and never load external sheets), no images, no
//! scripts, no tables, no classes; simple elements (`h1`, `h2`, `p`,
//! `ul`, `blockquote`, `a`) that every client renders. Every piece of
//! text and every attribute value is escaped; link targets are the
//! brief's, which the model has limited to `http`, `https`, `mailto` and
//! `tel`.

use super::{Piece, Summary, tel};

/// Text colour of the body.
const INK: &str = "#1a1a1a";
/// Colour of secondary text.
const MUTED: &str = "#5f6368";

/// `text` with `& < > " '` escaped, for text and attribute values.
pub fn esc(text: &str) -> String {
    // Most text has nothing to escape: copied whole.
    let Some(first) = text.bytes().position(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'')) else {
        return text.to_string();
    };
    let mut out = String::with_capacity(text.len() + 16);
    out.push_str(&text[..first]);
    for c in text[first..].chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Whether `target` is a link to one of the schemes the model allows
/// (`https`, `http`, `mailto`, `tel`): HTML links to anything else are
/// shown as text (the model never lets them through, this is a second
/// lock).
pub fn allowed(target: &str) -> bool {
    let lower = target.get(..8).unwrap_or(target).to_ascii_lowercase();
    ["https://", "http://", "mailto:", "tel:"].iter().any(|s| lower.starts_with(s))
}

/// A link to `target` if it is [`allowed`], else the text alone.
fn link(target: &str, text_html: &str, accent: &str) -> String {
    if allowed(target) {
        format!("<a href=\"{}\" style=\"color:{accent};text-decoration:underline;\">{text_html}</a>", esc(target))
    } else {
        text_html.to_string()
    }
}

fn inline(pieces: &[Piece], accent: &str) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < pieces.len() {
        let target = pieces[i].link.clone();
        let mut run = String::new();
        while i < pieces.len() && pieces[i].link == target {
            let p = &pieces[i];
            let mut t = esc(&p.text);
            if p.italic {
                t = format!("<em>{t}</em>");
            }
            if p.bold {
                t = format!("<strong>{t}</strong>");
            }
            run.push_str(&t);
            i += 1;
        }
        match target {
            Some(target) => out.push_str(&link(&target, &run, accent)),
            None => out.push_str(&run),
        }
    }
    out
}

fn p(style: &str, html: &str) -> String {
    format!("<p style=\"margin:0 0 12px 0;{style}\">{html}</p>")
}

/// The whole HTML summary, ending in a newline.
pub fn write(s: &Summary) -> String {
    let accent = s.accent.as_str();
    let font = match &s.font_family {
        Some(family) => format!("'{family}',Arial,Helvetica,sans-serif"),
        None if s.serif => "Georgia,'Times New Roman',Times,serif".to_string(),
        None => "Arial,Helvetica,sans-serif".to_string(),
    };
    let dir = if s.rtl { "rtl" } else { "ltr" };
    let mut body: Vec<String> = Vec::new();

    let mut head = vec![format!(
        "<span style=\"color:{accent};font-weight:bold;text-transform:uppercase;letter-spacing:0.04em;\">{}</span>",
        esc(&s.kicker)
    )];
    head.extend(s.organization.iter().map(|o| esc(o)));
    head.extend(s.notice.iter().map(|n| format!("<em>{}</em>", esc(n))));
    head.extend(s.embargo.iter().map(|e| format!("<strong style=\"color:{accent};\">{}</strong>", esc(e))));
    body.push(p(&format!("font-size:13px;line-height:1.5;color:{MUTED};"), &head.join("<br>\n")));

    body.push(format!(
        "<h1 style=\"margin:16px 0 8px 0;font-size:24px;line-height:1.25;font-weight:bold;color:{INK};\">{}</h1>",
        esc(&s.title)
    ));
    if let Some(sub) = &s.subtitle {
        body.push(p(&format!("font-size:17px;line-height:1.4;color:{MUTED};"), &esc(sub)));
    }
    body.push(format!(
        "<hr style=\"width:64px;margin:0 0 12px 0;border:0;border-top:3px solid {accent};text-align:left;\">"
    ));
    body.push(p(&format!("font-size:14px;color:{MUTED};"), &esc(&s.dateline)));
    if let Some(lede) = &s.lede {
        body.push(p("font-size:17px;line-height:1.5;", &inline(lede, accent)));
    }
    if let Some(e) = &s.event {
        let [when, place, online, accreditation] = &s.labels.event;
        let label = |l: &str| format!("<strong style=\"color:{accent};\">{}</strong>", esc(l));
        let mut lines = vec![format!("{} {}", label(when), esc(&e.when))];
        if let Some(p) = &e.place {
            lines.push(format!("{} {}", label(place), esc(p)));
        }
        if let Some(o) = &e.online {
            lines.push(format!("{} {}", label(online), link(o, &esc(o), accent)));
        }
        if let Some(a) = &e.accreditation {
            lines.push(format!("{} {}", label(accreditation), inline(a, accent)));
        }
        let (side, pad) = if s.rtl { ("right", "10px 14px 10px 10px") } else { ("left", "10px 10px 10px 14px") };
        body.push(p(
            &format!("font-size:15px;line-height:1.6;padding:{pad};background-color:#f3f8fb;border-{side}:3px solid {accent};"),
            &lines.join("<br>\n"),
        ));
    }

    let h2 = |text: &str| {
        format!(
            "<h2 style=\"margin:24px 0 8px 0;font-size:17px;line-height:1.3;font-weight:bold;color:{accent};\">{}</h2>",
            esc(text)
        )
    };
    if !s.figures.is_empty() {
        body.push(h2(&s.figures_heading));
        let mut list = String::from("<ul style=\"margin:0 0 12px 0;padding:0 0 0 20px;\">\n");
        for f in &s.figures {
            let mut item = format!(
                "<strong style=\"color:{accent};font-size:17px;\">{}</strong> {}",
                esc(&f.value),
                esc(&f.label)
            );
            if let Some(note) = &f.note {
                let note = s.punctuation.parenthesized(&esc(note));
                let (space, note) = note.split_at(note.len() - note.trim_start().len());
                item.push_str(&format!("{space}<em style=\"color:{MUTED};\">{note}</em>"));
            }
            list.push_str(&format!("<li style=\"margin:0 0 6px 0;\">{item}</li>\n"));
        }
        list.push_str("</ul>");
        body.push(list);
    }

    let (side, pad) = if s.rtl { ("right", "0 14px 0 0") } else { ("left", "0 0 0 14px") };
    for q in &s.quotes {
        let mut quote = format!(
            "<blockquote style=\"margin:20px 0;padding:{pad};border-{side}:3px solid {accent};\">\n{}",
            p("font-size:17px;line-height:1.45;font-style:italic;", &inline(&q.text, accent))
        );
        let by = match (&q.by, &q.role) {
            (Some(by), Some(role)) => Some(format!("<strong>{}</strong>{}{}", esc(by), s.punctuation.comma, esc(role))),
            (Some(by), None) => Some(format!("<strong>{}</strong>", esc(by))),
            (None, Some(role)) => Some(esc(role)),
            (None, None) => None,
        };
        if let Some(by) = by {
            quote.push('\n');
            quote.push_str(&p(&format!("font-size:14px;color:{MUTED};"), &format!("{}{by}", s.punctuation.dash)));
        }
        quote.push_str("\n</blockquote>");
        body.push(quote);
    }

    if let Some(c) = &s.contact {
        body.push("<hr style=\"margin:24px 0 0 0;border:0;border-top:1px solid #d0d4d9;\">".to_string());
        body.push(h2(&c.heading));
        for person in &c.persons {
            let mut lines = vec![format!("<strong>{}</strong>", esc(&person.name))];
            if let Some(role) = &person.role {
                lines[0].push_str(&format!(
                    "{}<span style=\"color:{MUTED};\">{}</span>",
                    s.punctuation.comma,
                    esc(role)
                ));
            }
            if let Some(email) = &person.email {
                let a = link(&format!("mailto:{email}"), &esc(email), accent);
                lines.push(format!("{} {a}", esc(&s.labels.email)));
            }
            if let Some(phone) = &person.phone {
                let a = link(&tel(phone), &esc(phone), accent);
                lines.push(format!("{}&nbsp;{a}", esc(&s.labels.phone)));
            }
            body.push(p("font-size:14px;line-height:1.5;", &lines.join("<br>\n")));
        }
        let mut tail = Vec::new();
        if let Some(web) = &c.web {
            tail.push(format!("{} {}", esc(&s.labels.web), link(web, &esc(web), accent)));
        }
        if !c.social.is_empty() {
            let social: Vec<String> = c.social.iter().map(|x| esc(x)).collect();
            tail.push(format!("{} {}", esc(&s.labels.follow), social.join(" · ")));
        }
        if !tail.is_empty() {
            body.push(p("font-size:14px;line-height:1.5;", &tail.join("<br>\n")));
        }
    }

    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\" dir=\"{dir}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n</head>\n\
         <body style=\"margin:0;padding:0;background-color:#ffffff;\">\n\
         <div style=\"max-width:640px;margin:0;padding:16px;font-family:{font};font-size:16px;line-height:1.5;color:{INK};\">\n\
         {body}\n</div>\n</body>\n</html>\n",
        lang = esc(&s.lang),
        title = esc(&s.title),
        font = font,
        body = body.join("\n"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_and_refuses_other_schemes() {
        assert_eq!(esc("<script>&\"'"), "&lt;script&gt;&amp;&quot;&#39;");
        assert_eq!(link("javascript:alert(1)", "x", "#000"), "x");
        assert!(
            link("https://un.org/?a=1&b=\"2\"", "x", "#000")
                .contains("href=\"https://un.org/?a=1&amp;b=&quot;2&quot;\"")
        );
    }
}
